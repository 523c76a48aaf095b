//! `jwt` sign-in: something in front of us (an AWS ALB, Cloudflare Access, Pomerium, or any
//! gateway that publishes a JWKS) has signed the person in and says who they are in a signed
//! header, which is believed only once its signature checks out against the issuer's keys.
//!
//! Settings are checked per preset by [`JwtVerifier::new`]; [`JwtVerifier::verify`] turns one
//! header value into an [`Identity`] or a [`JwtError`] for the log.

mod keys;
mod token;

use std::sync::Arc;

use http::HeaderName;
use jsonwebtoken::Algorithm;
use url::Url;

use super::identity::Identity;
use keys::{KeyCache, KeySource};

/// `[auth.jwt]`. Keys left out take the preset's defaults; see [`JwtVerifier::new`] for which
/// keys each preset requires.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtSettings {
    pub preset: Preset,
    /// The request header that carries the token.
    pub header: Option<String>,
    /// Where the signing keys are published (every preset but `alb`).
    pub jwks_url: Option<String>,
    /// `alb` only: where one key is published, with `{kid}` standing for its id.
    pub public_key_url: Option<String>,
    /// `alb` only: the load balancer whose tokens are accepted.
    pub alb_arn: Option<String>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    /// Claim holding the groups; a dotted path reaches into nested claims.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Where the header's "Sign out" leads: the proxy's own sign-out (userdesk holds no
    /// session to end). Cloudflare and Pomerium have a default.
    pub sign_out_url: Option<String>,
}

fn default_groups_claim() -> String {
    "groups".to_owned()
}

/// Who signs the header, which decides the defaults and what must be configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Alb,
    Cloudflare,
    Pomerium,
    Generic,
}

/// What each preset means; the one place that knows the presets apart.
struct Spec {
    name: &'static str,
    header: Option<&'static str>,
    /// Never HMAC and never `none`: the keys are public, so an HMAC "signature" made with one
    /// would prove nothing.
    algorithms: &'static [Algorithm],
    /// `false`: keys come one by one from `public_key_url` (ALB) instead of a JWKS.
    jwks: bool,
    issuer: Need,
    audience: Need,
    /// The proxy's sign-out path, where it has a well-known one.
    sign_out: Option<&'static str>,
}

/// Whether a preset needs a setting.
#[derive(Clone, Copy)]
enum Need {
    Required,
    Optional,
    /// The preset's tokens don't carry the claim, so configuring it is a mistake.
    Unused,
}

impl Preset {
    fn spec(self) -> Spec {
        use Algorithm::*;
        match self {
            Preset::Alb => Spec {
                name: "alb",
                header: Some("x-amzn-oidc-data"),
                algorithms: &[ES256],
                jwks: false,
                issuer: Need::Optional,
                audience: Need::Unused,
                sign_out: None,
            },
            Preset::Cloudflare => Spec {
                name: "cloudflare",
                header: Some("cf-access-jwt-assertion"),
                algorithms: &[RS256],
                jwks: true,
                issuer: Need::Required,
                audience: Need::Required,
                sign_out: Some("/cdn-cgi/access/logout"),
            },
            Preset::Pomerium => Spec {
                name: "pomerium",
                header: Some("x-pomerium-jwt-assertion"),
                algorithms: &[ES256, RS256],
                jwks: true,
                issuer: Need::Optional,
                audience: Need::Required,
                sign_out: Some("/.pomerium/sign_out"),
            },
            Preset::Generic => Spec {
                name: "generic",
                header: None,
                algorithms: &[RS256, RS384, RS512, PS256, ES256, ES384, EdDSA],
                jwks: true,
                issuer: Need::Required,
                audience: Need::Required,
                sign_out: None,
            },
        }
    }
}

/// Why a token was refused. The message is for the log and never contains the token or a
/// claim's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the identity token is malformed: {0}")]
    Malformed(&'static str),
    #[error("the identity token has no `{0}` claim")]
    MissingClaim(&'static str),
    #[error("the identity token is signed with an algorithm that is not allowed here")]
    AlgorithmNotAllowed,
    #[error("the identity token was issued by a load balancer other than `alb_arn`")]
    WrongSigner,
    #[error("the identity token names a signing key (`kid`) that the issuer does not publish")]
    UnknownKey,
    #[error("the identity token's algorithm does not fit the key its `kid` names")]
    KeyMismatch,
    #[error("the signing keys could not be fetched: {0}")]
    KeysUnavailable(String),
    #[error("the identity token's signature does not match")]
    BadSignature,
    #[error("the identity token has expired")]
    Expired,
    #[error("the identity token is not valid yet (`nbf` is in the future)")]
    NotYetValid,
    #[error("the identity token was issued by someone other than the configured `issuer`")]
    WrongIssuer,
    #[error("the identity token is meant for an audience other than the configured `audience`")]
    WrongAudience,
}

/// Checks signed identity headers for one `[auth.jwt]` configuration. Cheap to clone: the
/// key cache is shared.
#[derive(Debug, Clone)]
pub struct JwtVerifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    header: HeaderName,
    rules: token::Rules,
    keys: KeyCache,
    sign_out_url: Option<String>,
}

impl JwtVerifier {
    /// Where "Sign out" leads: the proxy's sign-out, if configured or known for the preset.
    pub fn sign_out_url(&self) -> Option<&str> {
        self.inner.sign_out_url.as_deref()
    }

    /// Checks the settings against the preset; the message names the key and the rule.
    /// `http://` key URLs are accepted only for a loopback host.
    pub fn new(settings: &JwtSettings) -> Result<JwtVerifier, String> {
        let spec = settings.preset.spec();
        let preset = spec.name;
        let header = match (settings.header.as_deref(), spec.header) {
            (Some(name), _) | (None, Some(name)) => HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| "`header` must be a valid HTTP header name".to_owned())?,
            (None, None) => return Err(required("header", preset)),
        };
        let not_used = |key, value| needed(key, value, Need::Unused, preset);
        let source = if spec.jwks {
            not_used("public_key_url", &settings.public_key_url)?;
            not_used("alb_arn", &settings.alb_arn)?;
            let url = present("jwks_url", &settings.jwks_url, preset)?;
            KeySource::Jwks(checked_url("jwks_url", url)?)
        } else {
            not_used("jwks_url", &settings.jwks_url)?;
            let template = present("public_key_url", &settings.public_key_url, preset)?;
            if !template.contains("{kid}") {
                return Err("`public_key_url` must contain `{kid}`".to_owned());
            }
            checked_url("public_key_url", &template.replace("{kid}", "kid"))?;
            KeySource::AlbPem(template.to_owned())
        };
        let signer = match spec.jwks {
            true => None,
            false => Some(present("alb_arn", &settings.alb_arn, preset)?.to_owned()),
        };
        let issuer = needed("issuer", &settings.issuer, spec.issuer, preset)?;
        let audience = needed("audience", &settings.audience, spec.audience, preset)?;
        let groups_claim = settings.groups_claim.clone();
        if groups_claim
            .split('.')
            .any(|segment| segment.trim().is_empty())
        {
            return Err("`groups_claim` must be a claim name or a dotted path to one".to_owned());
        }
        let sign_out_url = match &settings.sign_out_url {
            Some(url) => Some(
                crate::server::config::check_sign_out_url(url)
                    .map_err(|rule| format!("`sign_out_url` {rule}"))?,
            ),
            None => spec.sign_out.map(str::to_owned),
        };
        let keys = KeyCache::new(source).map_err(|e| format!("the key fetcher failed: {e}"))?;
        let rules = token::Rules {
            algorithms: spec.algorithms,
            signer,
            issuer,
            audience,
            groups_claim,
            padded: !spec.jwks,
        };
        Ok(JwtVerifier {
            inner: Arc::new(Inner {
                header,
                rules,
                keys,
                sign_out_url,
            }),
        })
    }

    /// Lets a test see the end of the refetch window without waiting 30 s.
    #[cfg(test)]
    fn with_refetch_interval(mut self, interval: std::time::Duration) -> Self {
        let inner = Arc::get_mut(&mut self.inner).expect("a new verifier is not shared");
        inner.keys.refetch_interval = interval;
        self
    }

    /// The request header to read the token from.
    pub fn header_name(&self) -> &HeaderName {
        &self.inner.header
    }

    /// Who the token says is calling, once its signature, algorithm, key and claims check out.
    pub async fn verify(&self, token: &str) -> Result<Identity, JwtError> {
        let Inner { rules, keys, .. } = &*self.inner;
        let parsed = token::Parsed::split(token, rules)?;
        let key = keys.get(parsed.kid(), parsed.alg).await?;
        parsed.check_signature(&key)?;
        parsed.identity(rules, token::now())
    }
}

fn required(key: &str, preset: &str) -> String {
    format!("`{key}` is required with preset = \"{preset}\"")
}

/// The value of a key the preset requires, refusing it when blank.
fn present<'a>(key: &str, value: &'a Option<String>, preset: &str) -> Result<&'a str, String> {
    match value.as_deref().map(str::trim) {
        None => Err(required(key, preset)),
        Some("") => Err(format!("`{key}` must not be empty")),
        Some(value) => Ok(value),
    }
}

fn needed(
    key: &str,
    value: &Option<String>,
    need: Need,
    preset: &str,
) -> Result<Option<String>, String> {
    match (need, value) {
        (Need::Unused, Some(_)) => Err(format!("`{key}` is not used with preset = \"{preset}\"")),
        (Need::Unused, None) | (Need::Optional, None) => Ok(None),
        _ => present(key, value, preset).map(|value| Some(value.to_owned())),
    }
}

/// Keys fetched over plain http could be swapped in transit; loopback is the exception so
/// that tests and a sidecar on the same host can serve them.
fn checked_url(key: &str, text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|_| format!("`{key}` must be an absolute URL"))?;
    let loopback = url
        .host_str()
        .is_some_and(crate::server::config::is_loopback_host);
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(format!(
            "`{key}` must use https (http is accepted only for a loopback host)"
        )),
    }
}

#[cfg(test)]
mod tests;
