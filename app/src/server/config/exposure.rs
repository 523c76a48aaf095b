//! Where userdesk may be reached: the listen address, `public_url`, `allowed_hosts`, and the
//! embedded sandbox's address. Without sign-in (`auth.mode = "none"`) anything beyond
//! loopback is a decision the configuration must state (`expose_without_sign_in`), and the
//! sandbox never leaves it.

use std::net::{IpAddr, SocketAddr};

use super::{ConfigError, FileConfig, flag};

/// `public_url`, split into what the server checks: `Host` against it, HSTS when https.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// As configured, without a trailing slash: `https://userdesk.example.com`.
    pub url: String,
    pub https: bool,
    /// Lower-case host name or address, IPv6 in brackets.
    pub host: String,
    /// The port, explicit or the scheme's default.
    pub port: u16,
}

impl PublicUrl {
    pub fn parse(text: &str) -> Option<PublicUrl> {
        let url = text.trim_end_matches('/');
        let uri: http::Uri = url.parse().ok()?;
        let https = match uri.scheme_str()? {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        // A base URL only: sign-in redirects are built by appending paths to it.
        if (uri.path() != "/" && !uri.path().is_empty()) || uri.query().is_some() {
            return None;
        }
        let authority = uri.authority()?;
        if authority.as_str().contains('@') {
            return None;
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
        Some(PublicUrl {
            url: url.to_owned(),
            https,
            host,
            port,
        })
    }
}

/// A non-loopback `listen` while nobody signs in (`auth.mode` "none").
pub(super) fn unguarded(listen_text: &str) -> ConfigError {
    ConfigError::new(
        "listen",
        format!(
            "is not a loopback address ({listen_text:?}), and auth.mode is \"none\": anyone who reaches it could change AWS users. Set auth.mode to \"oidc\", \"proxy\" or \"jwt\"; or listen on 127.0.0.1 behind a proxy that authenticates every request, and set expose_without_sign_in = true only if such a proxy guards every route"
        ),
    )
}

/// Whether `host` (a name or an address, IPv6 in brackets or not) only reaches this machine.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse().is_ok_and(is_loopback)
}

/// `host[:port]` in lower case, split; `None` when it is not a plain authority.
pub fn split_host(text: &str) -> Option<(String, Option<u16>)> {
    let authority: axum::http::uri::Authority = text.parse().ok()?;
    if authority.as_str().contains('@') || authority.host().is_empty() {
        return None;
    }
    Some((authority.host().to_ascii_lowercase(), authority.port_u16()))
}

/// Whether `ip` only reaches this machine.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// What [`check`] settled.
pub(super) struct Exposure {
    pub public_url: Option<PublicUrl>,
    pub allowed_hosts: Vec<String>,
    pub expose_without_sign_in: bool,
    pub sandbox_listen: SocketAddr,
}

/// Reads the settings above and refuses an address that would expose the dashboard (or the
/// sandbox) without saying so.
pub(super) fn check(
    var: &impl Fn(&str) -> Option<String>,
    file: &mut FileConfig,
    listen: SocketAddr,
    listen_text: &str,
    sandbox: bool,
) -> Result<Exposure, ConfigError> {
    let public_url = match var("USERDESK_PUBLIC_URL").or(file.public_url.take()) {
        None => None,
        Some(text) => Some(PublicUrl::parse(&text).ok_or_else(|| {
        ConfigError::new(
            "public_url",
            format!("must be the http(s) base URL people open, like https://userdesk.example.com (got {text:?})"),
        )
        })?),
    };
    let allowed_hosts = match var("USERDESK_ALLOWED_HOSTS") {
        Some(list) => list
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
        None => file
            .allowed_hosts
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.to_ascii_lowercase())
            .collect::<Vec<_>>(),
    };
    for host in &allowed_hosts {
        if host.parse::<http::uri::Authority>().is_err() || host.contains(['/', '@']) {
            return Err(ConfigError::new(
                "allowed_hosts",
                format!(
                    "must hold host names, optionally with a port, like userdesk.example.com:8443 (got {host:?})"
                ),
            ));
        }
    }
    let expose_without_sign_in = flag(
        &var,
        "USERDESK_EXPOSE_WITHOUT_SIGN_IN",
        "expose_without_sign_in",
    )?
    .or(file.expose_without_sign_in)
    .unwrap_or(false);

    let sandbox_listen_text = var("USERDESK_SANDBOX_LISTEN")
        .or(file.sandbox_listen.take())
        .unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let sandbox_listen: SocketAddr = sandbox_listen_text.parse().map_err(|_| {
        ConfigError::new(
        "sandbox_listen",
        format!("must be a loopback address with a port, like 127.0.0.1:4566 (got {sandbox_listen_text:?})"),
        )
    })?;
    if !is_loopback(sandbox_listen.ip()) {
        return Err(ConfigError::new(
            "sandbox_listen",
            format!(
                "must be a loopback address: the sandbox takes changes from anyone who reaches it (got {sandbox_listen_text:?})"
            ),
        ));
    }

    if !is_loopback(listen.ip()) && sandbox {
        return Err(ConfigError::new(
            "listen",
            format!(
                "must be a loopback address in sandbox mode: the sandbox is for trying userdesk on one machine (got {listen_text:?}; set mode = \"aws\" to serve AWS)"
            ),
        ));
    }

    Ok(Exposure {
        public_url,
        allowed_hosts,
        expose_without_sign_in,
        sandbox_listen,
    })
}
