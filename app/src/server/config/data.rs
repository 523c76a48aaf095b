//! Where userdesk keeps its own data: `data_dir` (created at start) and `[audit] url`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ConfigError;

/// `[audit]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAudit {
    url: Option<String>,
}

/// The platform's data directory for userdesk: `$XDG_DATA_HOME/userdesk`, else
/// `~/.local/share/userdesk` (`~/Library/Application Support/userdesk` on macOS).
pub fn default_data_dir(var: &impl Fn(&str) -> Option<String>) -> PathBuf {
    if cfg!(target_os = "macos")
        && let Some(home) = var("HOME")
    {
        return Path::new(&home).join("Library/Application Support/userdesk");
    }
    if let Some(xdg) = var("XDG_DATA_HOME").filter(|p| Path::new(p).is_absolute()) {
        return Path::new(&xdg).join("userdesk");
    }
    match var("HOME") {
        Some(home) => Path::new(&home).join(".local/share/userdesk"),
        None => PathBuf::from("userdesk-data"),
    }
}

pub(super) fn data_dir(
    var: &impl Fn(&str) -> Option<String>,
    file_value: Option<String>,
) -> Result<PathBuf, ConfigError> {
    let dir = match var("USERDESK_DATA_DIR").or(file_value) {
        Some(dir) => PathBuf::from(dir),
        None => default_data_dir(var),
    };
    if dir.as_os_str().is_empty() {
        return Err(ConfigError::new("data_dir", "must name a directory"));
    }
    Ok(dir)
}

pub(super) fn audit_url(
    var: &impl Fn(&str) -> Option<String>,
    file: FileAudit,
    data_dir: &Path,
) -> Result<String, ConfigError> {
    let url = match var("USERDESK_AUDIT_URL").or(file.url) {
        Some(url) => url,
        None => format!("sqlite://{}", data_dir.join("userdesk.db").display()),
    };
    let known = url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://");
    if !known {
        return Err(ConfigError::new(
            "audit.url",
            "must be a sqlite://… or a postgres://… URL",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests;
