//! `[auth]` (how people sign in and which groups give which role) and `[session]` (where
//! signed-in sessions live and for how long), checked into [`AuthSettings`] and
//! [`SessionSettings`].

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;

use super::exposure::{is_loopback, is_loopback_host, split_host};
use super::{ConfigError, PublicUrl};
use crate::server::auth::jwt::{JwtSettings, JwtVerifier};
use crate::server::auth::proxy::ProxySettings;
use crate::server::context::Role;

/// `[auth]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAuth {
    mode: Option<String>,
    #[serde(default)]
    roles: RoleMap,
    oidc: Option<FileOidc>,
    proxy: Option<ProxySettings>,
    jwt: Option<JwtSettings>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOidc {
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    client_secret_file: Option<String>,
    scopes: Option<Vec<String>>,
    groups_claim: Option<String>,
}

/// `[session]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileSession {
    url: Option<String>,
    idle_minutes: Option<u64>,
    lifetime_hours: Option<u64>,
}

/// How people sign in and what their groups make them.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub sign_in: SignIn,
    pub roles: RoleMap,
}

/// `[auth] mode`.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// Nobody signs in: every request is the local admin. Loopback only, unless
    /// `expose_without_sign_in` says a proxy guards every route.
    None,
    /// A page to pick a demo person and role: the sandbox on loopback only.
    Dev,
    Oidc(Box<OidcSettings>),
    Proxy(Box<ProxySettings>),
    Jwt(Box<JwtVerifier>),
}

impl SignIn {
    /// The `mode` value, for messages and the start-up line.
    pub fn name(&self) -> &'static str {
        match self {
            SignIn::None => "none",
            SignIn::Dev => "dev",
            SignIn::Oidc(_) => "oidc",
            SignIn::Proxy(_) => "proxy",
            SignIn::Jwt(_) => "jwt",
        }
    }

    /// Whether people hold a session (and so a cookie) once signed in.
    pub fn uses_sessions(&self) -> bool {
        matches!(self, SignIn::Dev | SignIn::Oidc(_))
    }

    /// Where signing out happens when it is not here: the sign-in proxy's own sign-out.
    pub fn sign_out_url(&self) -> Option<&str> {
        match self {
            SignIn::Proxy(proxy) => proxy.sign_out_url.as_deref(),
            SignIn::Jwt(jwt) => jwt.sign_out_url(),
            SignIn::None | SignIn::Dev | SignIn::Oidc(_) => None,
        }
    }
}

/// A sign-out link a proxy serves: a path on this site (`/oauth2/sign_out`) or an https URL.
/// Answers it back, or the rule it breaks.
pub fn check_sign_out_url(url: &str) -> Result<String, &'static str> {
    let on_this_site = url.starts_with('/') && !url.starts_with("//");
    let https = url
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if (on_this_site || https) && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(url.to_owned())
    } else {
        Err("must be a path on this site (/oauth2/sign_out) or an https:// URL")
    }
}

/// `[auth.oidc]`, checked.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// Without a trailing slash; discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub scopes: Vec<String>,
    /// Where the groups are in the ID token's claims (a dotted path for nested claims).
    pub groups_claim: String,
    /// `{public_url}/auth/callback`.
    pub redirect_url: String,
}

/// A value that must never be printed: `Debug` shows that it is there, not what it is.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// `[auth.roles]`: the IdP groups that give each role. Deny by default: a person in none of
/// them is refused.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMap {
    #[serde(default)]
    pub admin: Vec<String>,
    #[serde(default)]
    pub helpdesk: Vec<String>,
    #[serde(default)]
    pub viewer: Vec<String>,
}

impl RoleMap {
    /// The strongest role any of `groups` gives, if any does.
    pub fn role_for(&self, groups: &[String]) -> Option<Role> {
        let has = |mapped: &[String]| groups.iter().any(|g| mapped.contains(g));
        if has(&self.admin) {
            Some(Role::Admin)
        } else if has(&self.helpdesk) {
            Some(Role::Helpdesk)
        } else if has(&self.viewer) {
            Some(Role::Viewer)
        } else {
            None
        }
    }

    fn is_empty(&self) -> bool {
        self.admin.is_empty() && self.helpdesk.is_empty() && self.viewer.is_empty()
    }
}

/// `[session]`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSettings {
    pub store: SessionStore,
    /// A session nobody used for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub lifetime: Duration,
}

/// Where sessions are kept.
#[derive(Clone, PartialEq, Eq)]
pub enum SessionStore {
    /// In this process: lost on restart, not shared between replicas.
    Memory,
    /// `sqlite://…`: survives restarts of one process.
    Sqlite(String),
    /// `postgres://…`: survives restarts and is shared by replicas.
    Postgres(String),
}

impl fmt::Debug for SessionStore {
    // A database URL may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SessionStore::Memory => "Memory",
            SessionStore::Sqlite(_) => "Sqlite(..)",
            SessionStore::Postgres(_) => "Postgres(..)",
        })
    }
}

pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "email", "profile"];
const DEFAULT_IDLE_MINUTES: u64 = 60;
const DEFAULT_LIFETIME_HOURS: u64 = 12;

/// What the rest of the configuration tells the `[auth]` check.
pub(super) struct Context<'a> {
    pub sandbox: bool,
    pub listen: SocketAddr,
    pub public_url: Option<&'a PublicUrl>,
    /// Lower-case host names the dashboard answers to besides loopback ones.
    pub allowed_hosts: &'a [String],
}

impl Context<'_> {
    /// Whether every name the dashboard answers to is this machine's own: no `public_url`
    /// or `allowed_hosts` entry leads a reverse proxy's visitors here.
    fn loopback_only(&self) -> bool {
        is_loopback(self.listen.ip())
            && self
                .public_url
                .is_none_or(|url| is_loopback_host(&url.host))
            && self
                .allowed_hosts
                .iter()
                .all(|host| split_host(host).is_some_and(|(name, _)| is_loopback_host(&name)))
    }
}

pub(super) fn check(
    var: &impl Fn(&str) -> Option<String>,
    file: FileAuth,
    context: &Context<'_>,
) -> Result<AuthSettings, ConfigError> {
    let mode = var("USERDESK_AUTH_MODE").or(file.mode);
    let mode = mode
        .as_deref()
        .unwrap_or(if context.sandbox { "dev" } else { "none" });
    let roles = file.roles;
    let sign_in = match mode {
        "none" => SignIn::None,
        "dev" => {
            if !context.sandbox || !context.loopback_only() {
                return Err(ConfigError::new(
                    "auth.mode",
                    "is \"dev\", which signs anyone in with one click: it runs only with the sandbox on a loopback address, with no public_url or allowed_hosts naming another host",
                ));
            }
            SignIn::Dev
        }
        "oidc" => {
            let oidc = file.oidc.ok_or_else(|| {
                ConfigError::new(
                    "auth.oidc",
                    "must be set when auth.mode is \"oidc\" (issuer, client_id, client_secret)",
                )
            })?;
            SignIn::Oidc(Box::new(oidc_settings(var, oidc, context.public_url)?))
        }
        "proxy" => {
            let proxy = file.proxy.ok_or_else(|| {
                ConfigError::new(
                    "auth.proxy",
                    "must be set when auth.mode is \"proxy\" (at least trusted_proxies)",
                )
            })?;
            proxy
                .check()
                .map_err(|message| ConfigError::new("auth.proxy", message))?;
            SignIn::Proxy(Box::new(proxy))
        }
        "jwt" => {
            let jwt = file.jwt.ok_or_else(|| {
                ConfigError::new(
                    "auth.jwt",
                    "must be set when auth.mode is \"jwt\" (at least preset)",
                )
            })?;
            let verifier =
                JwtVerifier::new(&jwt).map_err(|message| ConfigError::new("auth.jwt", message))?;
            SignIn::Jwt(Box::new(verifier))
        }
        other => {
            return Err(ConfigError::new(
                "auth.mode",
                format!(
                    "must be \"oidc\", \"proxy\", \"jwt\", \"dev\" or \"none\" (got {other:?})"
                ),
            ));
        }
    };
    if matches!(sign_in, SignIn::Oidc(_) | SignIn::Proxy(_) | SignIn::Jwt(_)) && roles.is_empty() {
        return Err(ConfigError::new(
            "auth.roles",
            "must map at least one group to admin, helpdesk or viewer: nobody else may sign in",
        ));
    }
    if sign_in.uses_sessions()
        && let Some(url) = context.public_url
        && !url.https
        && !is_loopback_host(&url.host)
    {
        return Err(ConfigError::new(
            "public_url",
            format!(
                "must be https:// when people sign in: the session cookie would cross the network in clear (got {:?})",
                url.url
            ),
        ));
    }
    Ok(AuthSettings { sign_in, roles })
}

fn oidc_settings(
    var: &impl Fn(&str) -> Option<String>,
    oidc: FileOidc,
    public_url: Option<&PublicUrl>,
) -> Result<OidcSettings, ConfigError> {
    let public_url = public_url.ok_or_else(|| {
        ConfigError::new(
            "public_url",
            "must be set when auth.mode is \"oidc\": the provider sends people back to {public_url}/auth/callback",
        )
    })?;
    let issuer = oidc.issuer.trim_end_matches('/').to_owned();
    let issuer_ok = match issuer.parse::<http::Uri>() {
        Ok(uri) => match (uri.scheme_str(), uri.host()) {
            (Some("https"), Some(_)) => true,
            (Some("http"), Some(host)) => is_loopback_host(host),
            _ => false,
        },
        Err(_) => false,
    };
    if !issuer_ok {
        return Err(ConfigError::new(
            "auth.oidc.issuer",
            format!(
                "must be the provider's https:// issuer URL (http:// only for a provider on this machine) (got {issuer:?})"
            ),
        ));
    }
    if oidc.client_id.trim().is_empty() {
        return Err(ConfigError::new("auth.oidc.client_id", "must not be empty"));
    }
    let secret = match (
        var("USERDESK_OIDC_CLIENT_SECRET").or(oidc.client_secret),
        oidc.client_secret_file,
    ) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::new(
                "auth.oidc.client_secret",
                "and client_secret_file are both set: keep one",
            ));
        }
        (Some(secret), None) => secret,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map_err(|e| {
                ConfigError::new(
                    "auth.oidc.client_secret_file",
                    format!("must name a readable file ({path}: {e})"),
                )
            })?
            .trim()
            .to_owned(),
        (None, None) => {
            return Err(ConfigError::new(
                "auth.oidc.client_secret",
                "must be set (or client_secret_file, or USERDESK_OIDC_CLIENT_SECRET)",
            ));
        }
    };
    if secret.is_empty() {
        return Err(ConfigError::new(
            "auth.oidc.client_secret",
            "must not be empty",
        ));
    }
    let scopes = oidc
        .scopes
        .unwrap_or_else(|| DEFAULT_SCOPES.map(str::to_owned).to_vec());
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::new(
            "auth.oidc.scopes",
            format!("must include \"openid\" (got {scopes:?})"),
        ));
    }
    let groups_claim = oidc.groups_claim.unwrap_or_else(|| "groups".to_owned());
    if groups_claim.is_empty() || groups_claim.split('.').any(str::is_empty) {
        return Err(ConfigError::new(
            "auth.oidc.groups_claim",
            format!(
                "must be a claim name or a dotted path like realm_access.roles (got {groups_claim:?})"
            ),
        ));
    }
    Ok(OidcSettings {
        issuer,
        client_id: oidc.client_id,
        client_secret: Secret(secret),
        scopes,
        groups_claim,
        redirect_url: format!("{}/auth/callback", public_url.url),
    })
}

pub(super) fn session(
    var: &impl Fn(&str) -> Option<String>,
    file: FileSession,
) -> Result<SessionSettings, ConfigError> {
    let store = match var("USERDESK_SESSION_URL").or(file.url) {
        None => SessionStore::Memory,
        Some(url) if url == "memory" => SessionStore::Memory,
        Some(url) if url.starts_with("sqlite:") => SessionStore::Sqlite(url),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            SessionStore::Postgres(url)
        }
        Some(_) => {
            return Err(ConfigError::new(
                "session.url",
                "must be \"memory\", a sqlite://… or a postgres://… URL",
            ));
        }
    };
    let idle_minutes = file.idle_minutes.unwrap_or(DEFAULT_IDLE_MINUTES);
    if !(1..=7 * 24 * 60).contains(&idle_minutes) {
        return Err(ConfigError::new(
            "session.idle_minutes",
            format!("must be between 1 and 10080 (a week) (got {idle_minutes})"),
        ));
    }
    let lifetime_hours = file.lifetime_hours.unwrap_or(DEFAULT_LIFETIME_HOURS);
    if !(1..=30 * 24).contains(&lifetime_hours) {
        return Err(ConfigError::new(
            "session.lifetime_hours",
            format!("must be between 1 and 720 (30 days) (got {lifetime_hours})"),
        ));
    }
    let idle = Duration::from_secs(idle_minutes * 60);
    let lifetime = Duration::from_secs(lifetime_hours * 3600);
    if idle > lifetime {
        return Err(ConfigError::new(
            "session.idle_minutes",
            "must not be longer than session.lifetime_hours",
        ));
    }
    Ok(SessionSettings {
        store,
        idle,
        lifetime,
    })
}

#[cfg(test)]
mod tests;
