//! Configuration: a TOML file (`--config` or `USERDESK_CONFIG`) overlaid with `USERDESK_*`
//! environment variables, checked once at start-up into [`Config`]. A bad value stops the
//! process with one line naming the key and what it expects (exit status 2).
//!
//! With no AWS settings at all userdesk runs against its embedded sandbox. AWS credentials
//! never appear here: they come from the SDK's default chain (environment, profiles, SSO,
//! container and instance roles).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Deserialize;

mod auth;
mod data;
mod endpoints;
mod exposure;

pub use auth::{
    AuthSettings, DEFAULT_SCOPES, OidcSettings, RoleMap, Secret, SessionSettings, SessionStore,
    SignIn, check_sign_out_url,
};
use endpoints::check_endpoints;
pub use endpoints::{Endpoints, STS_ENDPOINT};
use exposure::Exposure;
pub use exposure::{PublicUrl, is_loopback, is_loopback_host, split_host};

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
    /// Whether an endpoint may be plain `http://` to a host that is not loopback (a test rig
    /// on another machine); otherwise credentials and user data would cross a network unencrypted.
    pub allow_http_endpoints: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything userdesk was told, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address the dashboard listens on: loopback unless `expose_without_sign_in` is set.
    pub listen: SocketAddr,
    pub log_format: LogFormat,
    pub backend: Backend,
    /// Why `backend` was chosen, in the words of the settings that chose it (said at start-up).
    pub backend_reason: &'static str,
    /// AWS settings found in the process environment (`AWS_REGION`, a container role…) that
    /// userdesk's own configuration does not use: worth a warning in sandbox mode.
    pub ambient_aws: Vec<String>,
    /// The URL people open the dashboard at, when it is not a loopback address.
    pub public_url: Option<PublicUrl>,
    /// More host names (`host` or `host:port`) requests may name in `Host`.
    pub allowed_hosts: Vec<String>,
    /// Serve on a non-loopback address although nothing signs people in (an authenticating
    /// proxy in front must then guard every request).
    pub expose_without_sign_in: bool,
    /// Where the embedded sandbox listens (port 0: any free loopback port).
    pub sandbox_listen: SocketAddr,
    /// How long a listing read from AWS is reused by the home and list pages.
    pub listing_cache_ttl: Duration,
    /// How often the readiness probe asks every service a cheap question.
    pub probe_interval: Duration,
    /// How people sign in, and the roles their groups give them.
    pub auth: AuthSettings,
    pub session: SessionSettings,
    /// Where userdesk keeps its own files (created at start).
    pub data_dir: std::path::PathBuf,
    /// The audit log's database.
    pub audit_url: String,
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
    public_url: Option<String>,
    allowed_hosts: Option<Vec<String>>,
    expose_without_sign_in: Option<bool>,
    sandbox_listen: Option<String>,
    listing_cache_seconds: Option<u64>,
    probe_interval_seconds: Option<u64>,
    aws: Option<FileAws>,
    auth: Option<auth::FileAuth>,
    session: Option<auth::FileSession>,
    data_dir: Option<String>,
    audit: Option<data::FileAudit>,
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
    #[serde(default)]
    allow_http_endpoints: bool,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
const DEFAULT_LISTING_CACHE_SECONDS: u64 = 30;
const DEFAULT_PROBE_INTERVAL_SECONDS: u64 = 30;

/// Environment variables of the AWS SDK's default chain: their presence suggests a deployment
/// meant for AWS, which sandbox mode would silently ignore.
const AMBIENT_AWS_VARIABLES: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "ECS_CONTAINER_METADATA_URI_V4",
];

impl Config {
    /// Reads `path` (if any) and the environment of this process.
    pub fn load(path: Option<&str>) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| {
                k.starts_with("USERDESK_")
                    || AMBIENT_AWS_VARIABLES.contains(&k.as_str())
                    || matches!(k.as_str(), "HOME" | "XDG_DATA_HOME")
            })
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

    /// The pure part of [`Config::load`]: a file's text and environment variables
    /// (`USERDESK_*`, and the AWS SDK's own variables, only to warn about them).
    pub fn parse(text: &str, env: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let mut file: FileConfig = toml::from_str(text).map_err(toml_error)?;
        let var = |name: &str| env.get(name).filter(|v| !v.trim().is_empty()).cloned();

        let listen_text = var("USERDESK_LISTEN")
            .or(file.listen.take())
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let listen: SocketAddr = listen_text.parse().map_err(|_| {
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
        for key in Endpoints::keys() {
            if let Some(url) = var(&format!("USERDESK_ENDPOINT_{}", key.to_ascii_uppercase())) {
                aws.endpoints.insert(key, url);
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

        if let Some(allow) = flag(
            &var,
            "USERDESK_ALLOW_HTTP_ENDPOINTS",
            "aws.allow_http_endpoints",
        )? {
            aws.allow_http_endpoints = allow;
        }

        let (backend, backend_reason) = match var("USERDESK_MODE").or(file.mode.take()).as_deref() {
            Some("sandbox") => (Backend::Sandbox, "mode is \"sandbox\""),
            Some("aws") => (Backend::Aws(Box::new(settings(aws))), "mode is \"aws\""),
            None if any_aws => (
                Backend::Aws(Box::new(settings(aws))),
                "userdesk's configuration has AWS settings",
            ),
            None => (
                Backend::Sandbox,
                "userdesk's configuration has no AWS settings and no mode",
            ),
            Some(other) => {
                return Err(ConfigError::new(
                    "mode",
                    format!("must be \"sandbox\" or \"aws\" (got {other:?})"),
                ));
            }
        };
        if let Backend::Aws(aws) = &backend {
            check_plain_http(aws)?;
        }
        let ambient_aws = AMBIENT_AWS_VARIABLES
            .iter()
            .filter(|name| var(name).is_some())
            .map(|name| (*name).to_owned())
            .collect();

        let Exposure {
            public_url,
            allowed_hosts,
            expose_without_sign_in,
            sandbox_listen,
        } = exposure::check(
            &var,
            &mut file,
            listen,
            &listen_text,
            backend == Backend::Sandbox,
        )?;
        let auth = auth::check(
            &var,
            file.auth.take().unwrap_or_default(),
            &auth::Context {
                sandbox: backend == Backend::Sandbox,
                listen,
                public_url: public_url.as_ref(),
                allowed_hosts: &allowed_hosts,
            },
        )?;
        if !is_loopback(listen.ip())
            && matches!(auth.sign_in, SignIn::None)
            && !expose_without_sign_in
        {
            return Err(exposure::unguarded(&listen_text));
        }
        let session = auth::session(&var, file.session.take().unwrap_or_default())?;
        let data_dir = data::data_dir(&var, file.data_dir.take())?;
        let audit_url = data::audit_url(&var, file.audit.take().unwrap_or_default(), &data_dir)?;

        let seconds = |env_name: &str,
                       key: &str,
                       file_value: Option<u64>,
                       default: u64|
         -> Result<Duration, ConfigError> {
            let value = match var(env_name) {
                Some(text) => text.trim().parse::<u64>().map_err(|_| {
                    ConfigError::new(
                        key,
                        format!("must be a whole number of seconds (got {text:?})"),
                    )
                })?,
                None => file_value.unwrap_or(default),
            };
            if value == 0 || value > 3600 {
                return Err(ConfigError::new(
                    key,
                    format!("must be between 1 and 3600 seconds (got {value})"),
                ));
            }
            Ok(Duration::from_secs(value))
        };
        let listing_cache_ttl = seconds(
            "USERDESK_LISTING_CACHE_SECONDS",
            "listing_cache_seconds",
            file.listing_cache_seconds,
            DEFAULT_LISTING_CACHE_SECONDS,
        )?;
        let probe_interval = seconds(
            "USERDESK_PROBE_INTERVAL_SECONDS",
            "probe_interval_seconds",
            file.probe_interval_seconds,
            DEFAULT_PROBE_INTERVAL_SECONDS,
        )?;

        Ok(Config {
            listen,
            log_format,
            backend,
            backend_reason,
            ambient_aws,
            public_url,
            allowed_hosts,
            expose_without_sign_in,
            sandbox_listen,
            listing_cache_ttl,
            probe_interval,
            auth,
            session,
            data_dir,
            audit_url,
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
        allow_http_endpoints: aws.allow_http_endpoints,
    }
}

/// A boolean from the environment: `true`/`false` (also `1`/`0`, `yes`/`no`).
fn flag(
    var: &impl Fn(&str) -> Option<String>,
    env_name: &str,
    key: &str,
) -> Result<Option<bool>, ConfigError> {
    match var(env_name)
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None => Ok(None),
        Some("true" | "1" | "yes") => Ok(Some(true)),
        Some("false" | "0" | "no") => Ok(Some(false)),
        Some(other) => Err(ConfigError::new(
            key,
            format!("must be true or false (got {other:?} in {env_name})"),
        )),
    }
}

/// Plain `http://` to another machine would carry signed requests and user data unencrypted.
fn check_plain_http(aws: &AwsSettings) -> Result<(), ConfigError> {
    if aws.allow_http_endpoints {
        return Ok(());
    }
    for (key, url) in aws.endpoints.named() {
        let Ok(uri) = url.parse::<http::Uri>() else {
            continue;
        };
        let host = uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let loopback =
            host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(is_loopback);
        if uri.scheme_str() == Some("http") && !loopback {
            return Err(ConfigError::new(
                format!("aws.endpoints.{key}"),
                format!(
                    "is plain http to a host that is not this machine ({url:?}): use https, or set aws.allow_http_endpoints = true for a test rig"
                ),
            ));
        }
    }
    Ok(())
}

// An empty `[aws]` table is still a decision to use AWS.
fn text_has_aws_table(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start().starts_with("[aws") || l.trim_start().starts_with("aws."))
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
mod tests;
