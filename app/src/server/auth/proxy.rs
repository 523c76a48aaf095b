//! `proxy` sign-in: a forward-auth proxy (oauth2-proxy, Authelia, authentik, Pomerium) has
//! already signed the person in and names them in request headers.
//!
//! Anyone can send those headers, so they mean something only when the TCP peer is one of
//! the configured proxies; a request from anywhere else is refused rather than served
//! anonymously, so that a port left open past the proxy can't be used to skip it.

use std::net::IpAddr;

use http::{HeaderMap, HeaderName};
use ipnet::IpNet;

use super::identity::Identity;

/// Longest user or email header value accepted. Longer values are refused, not cut, since a
/// shortened user id would name someone else.
const MAX_VALUE_BYTES: usize = 4 * 1024;
/// Longest groups header (all its lines together): group lists run longer than user ids.
const MAX_GROUPS_BYTES: usize = 16 * 1024;
/// Most groups accepted. A longer list is refused, not cut, so that the roles never depend on
/// which groups happened to come first.
const MAX_GROUPS: usize = 200;

/// `[auth.proxy]`: which peers are the proxy and which headers it sets.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxySettings {
    /// Networks the proxy connects from (CIDR). Required: there is no safe default.
    pub trusted_proxies: Vec<IpNet>,
    #[serde(default = "default_user_header")]
    pub user_header: String,
    #[serde(default = "default_email_header")]
    pub email_header: String,
    #[serde(default = "default_groups_header")]
    pub groups_header: String,
    #[serde(default = "default_groups_separator")]
    pub groups_separator: String,
    /// Where the header's "Sign out" leads: the proxy's own sign-out (oauth2-proxy:
    /// `/oauth2/sign_out`); userdesk holds no session to end.
    #[serde(default)]
    pub sign_out_url: Option<String>,
}

fn default_user_header() -> String {
    "X-Forwarded-User".to_owned()
}

fn default_email_header() -> String {
    "X-Forwarded-Email".to_owned()
}

fn default_groups_header() -> String {
    "X-Forwarded-Groups".to_owned()
}

fn default_groups_separator() -> String {
    ",".to_owned()
}

impl ProxySettings {
    /// The rules serde can't express; the message names the key and the rule.
    pub fn check(&self) -> Result<(), String> {
        if self.trusted_proxies.is_empty() {
            return Err("`trusted_proxies` must list at least one network".to_owned());
        }
        if let Some(everyone) = self
            .trusted_proxies
            .iter()
            .find(|net| net.prefix_len() == 0)
        {
            return Err(format!(
                "`trusted_proxies` must not contain `{everyone}`: it would trust every address"
            ));
        }
        for (key, name) in [
            ("user_header", &self.user_header),
            ("email_header", &self.email_header),
            ("groups_header", &self.groups_header),
        ] {
            if HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(format!("`{key}` must be a valid HTTP header name"));
            }
        }
        if self.groups_separator.is_empty() {
            return Err("`groups_separator` must not be empty".to_owned());
        }
        if let Some(url) = &self.sign_out_url {
            crate::server::config::check_sign_out_url(url)
                .map_err(|rule| format!("`sign_out_url` {rule}"))?;
        }
        Ok(())
    }
}

/// Why a request's proxy headers were not accepted. The message is for the log: it names
/// headers, never a header's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// The caller knows the peer and logs it; it is not repeated here.
    #[error(
        "refused a request from a peer outside `trusted_proxies`: its identity headers can't be trusted"
    )]
    UntrustedPeer,
    #[error(
        "refused a request from a trusted proxy without a usable `{header}` header (missing, empty or not UTF-8)"
    )]
    MissingUser { header: String },
    #[error("refused a request that sent the `{header}` header more than once")]
    RepeatedHeader { header: String },
    #[error("refused a request whose `{header}` header is longer than {limit} bytes")]
    TooLong { header: String, limit: usize },
    #[error("refused a request whose `{header}` header is not UTF-8")]
    NotUtf8 { header: String },
    #[error("refused a request naming more than {limit} groups")]
    TooManyGroups { limit: usize },
}

/// Who the proxy says is calling, if `peer` is one of the trusted proxies.
pub fn identify(
    settings: &ProxySettings,
    peer: IpAddr,
    headers: &HeaderMap,
) -> Result<Identity, ProxyError> {
    // A dual-stack listener reports IPv4 clients as `::ffff:a.b.c.d`; the configured
    // networks are usually written in IPv4.
    let canonical = peer.to_canonical();
    let trusted = settings
        .trusted_proxies
        .iter()
        .any(|net| net.contains(&peer) || net.contains(&canonical));
    if !trusted {
        return Err(ProxyError::UntrustedPeer);
    }

    let user_header = &settings.user_header;
    let subject = match single_value(headers, user_header, MAX_VALUE_BYTES) {
        Ok(Some(user)) => user,
        Ok(None) | Err(ProxyError::NotUtf8 { .. }) => {
            return Err(ProxyError::MissingUser {
                header: user_header.clone(),
            });
        }
        Err(other) => return Err(other),
    };
    let email = single_value(headers, &settings.email_header, MAX_VALUE_BYTES)?;
    let groups = groups(headers, &settings.groups_header, &settings.groups_separator)?;
    Ok(Identity {
        subject,
        email,
        name: None,
        groups,
    })
}

/// The header's trimmed text, `None` when absent or blank. Sent twice is refused: the two
/// copies may come from the client and the proxy, and we can't tell which is which.
fn single_value(
    headers: &HeaderMap,
    header: &str,
    limit: usize,
) -> Result<Option<String>, ProxyError> {
    let mut values = headers.get_all(header).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(ProxyError::RepeatedHeader {
            header: header.to_owned(),
        });
    }
    if value.len() > limit {
        return Err(ProxyError::TooLong {
            header: header.to_owned(),
            limit,
        });
    }
    let text = std::str::from_utf8(value.as_bytes())
        .map_err(|_| ProxyError::NotUtf8 {
            header: header.to_owned(),
        })?
        .trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Every line of the groups header, split on the separator, trimmed, blanks dropped. Several
/// lines are read as one list, as HTTP says repeated fields mean.
fn groups(headers: &HeaderMap, header: &str, separator: &str) -> Result<Vec<String>, ProxyError> {
    let mut total = 0;
    let mut groups = Vec::new();
    for value in headers.get_all(header) {
        total += value.len();
        if total > MAX_GROUPS_BYTES {
            return Err(ProxyError::TooLong {
                header: header.to_owned(),
                limit: MAX_GROUPS_BYTES,
            });
        }
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| ProxyError::NotUtf8 {
            header: header.to_owned(),
        })?;
        for group in text.split(separator).map(str::trim) {
            if group.is_empty() {
                continue;
            }
            if groups.len() == MAX_GROUPS {
                return Err(ProxyError::TooManyGroups { limit: MAX_GROUPS });
            }
            groups.push(group.to_owned());
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests;
