//! Configuration: a TOML file (`--config` or `USERDESK_CONFIG`) overlaid with `USERDESK_*`
//! environment variables, checked once at start-up into [`Config`]. A bad value stops the
//! process with one line naming the key and what it expects (exit status 2).
//!
//! With no AWS settings at all userdesk runs against its embedded sandbox. AWS credentials
//! never appear here: they come from the SDK's default chain (environment, profiles, SSO,
//! container and instance roles).

use std::collections::HashMap;
use std::net::SocketAddr;

use serde::Deserialize;

use crate::services::ServiceId;

/// Where the SDK clients send their requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// The embedded sandbox, started on a free loopback port at start-up.
    Sandbox,
    /// Real AWS (or any endpoint given per service: LocalStack, moto, a standalone sandbox).
    Aws(Box<AwsSettings>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// Region; `None` leaves it to the default chain (`AWS_REGION`, the profile…).
    pub region: Option<String>,
    /// Named profile from `~/.aws/config`; `None` uses the default chain's choice.
    pub profile: Option<String>,
    /// Endpoint URL per service; services not listed use AWS's own endpoints.
    pub endpoints: Endpoints,
    /// Identity store ids to list; empty means discover them with SSO Admin `ListInstances`.
    pub identity_store_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    pub memorydb: Option<String>,
    pub mq: Option<String>,
    pub finspace: Option<String>,
    pub identitystore: Option<String>,
    pub wickr: Option<String>,
    pub ssoadmin: Option<String>,
}

impl Endpoints {
    pub fn for_service(&self, service: ServiceId) -> Option<&str> {
        match service {
            ServiceId::MemoryDb => self.memorydb.as_deref(),
            ServiceId::Mq => self.mq.as_deref(),
            ServiceId::FinSpace => self.finspace.as_deref(),
            ServiceId::IdentityStore => self.identitystore.as_deref(),
            ServiceId::Wickr => self.wickr.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything userdesk was told, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address the dashboard listens on.
    pub listen: SocketAddr,
    pub log_format: LogFormat,
    pub backend: Backend,
}

/// A setting that is wrong: which key, and what it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: `{key}` {expected}")]
pub struct ConfigError {
    pub key: String,
    pub expected: String,
}

impl ConfigError {
    fn new(key: impl Into<String>, expected: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            expected: expected.into(),
        }
    }
}

/// The file as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    log_format: Option<String>,
    mode: Option<String>,
    aws: Option<FileAws>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAws {
    region: Option<String>,
    profile: Option<String>,
    #[serde(default)]
    endpoints: Endpoints,
    #[serde(default)]
    identity_store_ids: Vec<String>,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:3000";

impl Config {
    /// Reads `path` (if any) and the environment of this process.
    pub fn load(path: Option<&str>) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("USERDESK_"))
            .collect();
        let path = path
            .map(str::to_owned)
            .or_else(|| env.get("USERDESK_CONFIG").cloned());
        let text = match &path {
            Some(p) => std::fs::read_to_string(p).map_err(|e| {
                ConfigError::new("--config", format!("must name a readable file ({p}: {e})"))
            })?,
            None => String::new(),
        };
        Config::parse(&text, &env)
    }

    /// The pure part of [`Config::load`]: a file's text and environment variables.
    pub fn parse(text: &str, env: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let mut file: FileConfig = toml::from_str(text).map_err(toml_error)?;
        let var = |name: &str| env.get(name).filter(|v| !v.trim().is_empty()).cloned();

        let listen_text = var("USERDESK_LISTEN")
            .or(file.listen.take())
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let listen = listen_text.parse().map_err(|_| {
            ConfigError::new(
                "listen",
                format!(
                    "must be an address with a port, like {DEFAULT_LISTEN} (got {listen_text:?})"
                ),
            )
        })?;

        let log_format = match var("USERDESK_LOG_FORMAT")
            .or(file.log_format.take())
            .as_deref()
        {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "log_format",
                    format!("must be \"text\" or \"json\" (got {other:?})"),
                ));
            }
        };

        let mut aws = file.aws.take().unwrap_or_default();
        let mut any_aws = text_has_aws_table(text);
        if let Some(region) = var("USERDESK_AWS_REGION") {
            aws.region = Some(region);
            any_aws = true;
        }
        if let Some(profile) = var("USERDESK_AWS_PROFILE") {
            aws.profile = Some(profile);
            any_aws = true;
        }
        if let Some(ids) = var("USERDESK_IDENTITY_STORE_IDS") {
            aws.identity_store_ids = ids
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            any_aws = true;
        }
        for (name, slot) in [
            ("MEMORYDB", &mut aws.endpoints.memorydb),
            ("MQ", &mut aws.endpoints.mq),
            ("FINSPACE", &mut aws.endpoints.finspace),
            ("IDENTITYSTORE", &mut aws.endpoints.identitystore),
            ("WICKR", &mut aws.endpoints.wickr),
            ("SSOADMIN", &mut aws.endpoints.ssoadmin),
        ] {
            if let Some(url) = var(&format!("USERDESK_ENDPOINT_{name}")) {
                *slot = Some(url);
                any_aws = true;
            }
        }
        check_endpoints(&aws.endpoints)?;
        for id in &aws.identity_store_ids {
            if !is_identity_store_id(id) {
                return Err(ConfigError::new(
                    "aws.identity_store_ids",
                    format!("must hold identity store ids like d-1234567890 (got {id:?})"),
                ));
            }
        }

        let backend = match var("USERDESK_MODE").or(file.mode.take()).as_deref() {
            Some("sandbox") => Backend::Sandbox,
            Some("aws") => Backend::Aws(Box::new(settings(aws))),
            None if any_aws => Backend::Aws(Box::new(settings(aws))),
            None => Backend::Sandbox,
            Some(other) => {
                return Err(ConfigError::new(
                    "mode",
                    format!("must be \"sandbox\" or \"aws\" (got {other:?})"),
                ));
            }
        };

        Ok(Config {
            listen,
            log_format,
            backend,
        })
    }

    pub fn is_sandbox(&self) -> bool {
        self.backend == Backend::Sandbox
    }
}

fn settings(aws: FileAws) -> AwsSettings {
    AwsSettings {
        region: aws.region,
        profile: aws.profile,
        endpoints: aws.endpoints,
        identity_store_ids: aws.identity_store_ids,
    }
}

// An empty `[aws]` table is still a decision to use AWS.
fn text_has_aws_table(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start().starts_with("[aws") || l.trim_start().starts_with("aws."))
}

fn check_endpoints(endpoints: &Endpoints) -> Result<(), ConfigError> {
    for (key, value) in [
        ("memorydb", &endpoints.memorydb),
        ("mq", &endpoints.mq),
        ("finspace", &endpoints.finspace),
        ("identitystore", &endpoints.identitystore),
        ("wickr", &endpoints.wickr),
        ("ssoadmin", &endpoints.ssoadmin),
    ] {
        if let Some(url) = value {
            let ok = (url.starts_with("http://") || url.starts_with("https://"))
                && url.parse::<http::Uri>().is_ok_and(|u| u.host().is_some());
            if !ok {
                return Err(ConfigError::new(
                    format!("aws.endpoints.{key}"),
                    format!("must be an http(s) URL like http://127.0.0.1:4566 (got {url:?})"),
                ));
            }
        }
    }
    Ok(())
}

fn is_identity_store_id(id: &str) -> bool {
    let hex = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    };
    match id.strip_prefix("d-") {
        Some(rest) => rest.len() == 10 && hex(rest),
        None => {
            let parts: Vec<&str> = id.split('-').collect();
            parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p))
        }
    }
}

/// Turns a TOML error into "`key` …": the key path where serde knows it.
fn toml_error(error: toml::de::Error) -> ConfigError {
    let message = error.message().to_owned();
    // serde names unknown keys in the message ("unknown field `foo`, expected one of …").
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return ConfigError::new(key, format!("is not a known setting ({message})"));
    }
    ConfigError::new(
        "config file",
        format!("is not valid TOML for userdesk: {message}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn nothing_configured_means_the_sandbox_on_port_3000() {
        let c = Config::parse("", &env(&[])).unwrap();
        assert_eq!(c.backend, Backend::Sandbox);
        assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn an_aws_table_selects_aws() {
        let c = Config::parse("[aws]\nregion = \"eu-west-1\"\n", &env(&[])).unwrap();
        let Backend::Aws(aws) = c.backend else {
            panic!("expected AWS")
        };
        assert_eq!(aws.region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn environment_overrides_the_file() {
        let c = Config::parse(
            "listen = \"127.0.0.1:4000\"\nlog_format = \"text\"\n",
            &env(&[
                ("USERDESK_LISTEN", "127.0.0.1:5000"),
                ("USERDESK_LOG_FORMAT", "json"),
                ("USERDESK_ENDPOINT_MQ", "http://127.0.0.1:4566"),
            ]),
        )
        .unwrap();
        assert_eq!(c.listen.port(), 5000);
        assert_eq!(c.log_format, LogFormat::Json);
        let Backend::Aws(aws) = c.backend else {
            panic!("an endpoint is AWS configuration")
        };
        assert_eq!(aws.endpoints.mq.as_deref(), Some("http://127.0.0.1:4566"));
    }

    #[test]
    fn mode_sandbox_wins_over_aws_settings() {
        let c = Config::parse(
            "mode = \"sandbox\"\n[aws]\nregion = \"eu-west-1\"\n",
            &env(&[]),
        )
        .unwrap();
        assert!(c.is_sandbox());
    }

    #[test]
    fn errors_name_the_key() {
        let e = Config::parse("listen = \"nope\"", &env(&[])).unwrap_err();
        assert_eq!(e.key, "listen");
        let e = Config::parse("colour = 1", &env(&[])).unwrap_err();
        assert_eq!(e.key, "colour");
        let e = Config::parse("", &env(&[("USERDESK_LOG_FORMAT", "xml")])).unwrap_err();
        assert_eq!(e.key, "log_format");
        let e = Config::parse("[aws.endpoints]\nmq = \"ftp://x\"\n", &env(&[])).unwrap_err();
        assert_eq!(e.key, "aws.endpoints.mq");
        let e = Config::parse("[aws]\nidentity_store_ids = [\"x\"]\n", &env(&[])).unwrap_err();
        assert_eq!(e.key, "aws.identity_store_ids");
        let e = Config::parse("mode = \"prod\"", &env(&[])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("configuration error: `mode` must be")
        );
    }

    #[test]
    fn identity_store_ids_accept_both_forms() {
        assert!(is_identity_store_id("d-9067a1b2c3"));
        assert!(is_identity_store_id("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_identity_store_id("d-XYZ"));
    }
}
