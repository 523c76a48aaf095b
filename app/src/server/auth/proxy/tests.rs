use std::net::IpAddr;

use http::{HeaderMap, HeaderValue};
use serde_json::json;

use super::*;

fn settings() -> ProxySettings {
    serde_json::from_value(json!({ "trusted_proxies": ["10.0.0.0/8", "fd00::/8"] })).unwrap()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn ada() -> HeaderMap {
    headers(&[
        ("X-Forwarded-User", "ada"),
        ("X-Forwarded-Email", "ada@example.com"),
        ("X-Forwarded-Groups", "admins, ops"),
    ])
}

#[test]
fn the_defaults_are_oauth2_proxys_headers() {
    let settings = settings();
    assert_eq!(settings.user_header, "X-Forwarded-User");
    assert_eq!(settings.email_header, "X-Forwarded-Email");
    assert_eq!(settings.groups_header, "X-Forwarded-Groups");
    assert_eq!(settings.groups_separator, ",");
    assert_eq!(settings.check(), Ok(()));
}

#[test]
fn a_trusted_ipv4_peer_is_believed() {
    let who = identify(&settings(), ip("10.1.2.3"), &ada()).unwrap();
    assert_eq!(
        who,
        Identity {
            subject: "ada".to_owned(),
            email: Some("ada@example.com".to_owned()),
            name: None,
            groups: vec!["admins".to_owned(), "ops".to_owned()],
        }
    );
}

#[test]
fn a_trusted_ipv6_peer_is_believed() {
    let who = identify(&settings(), ip("fd00::17"), &ada()).unwrap();
    assert_eq!(who.subject, "ada");
}

#[test]
fn an_ipv4_mapped_peer_counts_as_its_ipv4_address() {
    let who = identify(&settings(), ip("::ffff:10.0.0.9"), &ada()).unwrap();
    assert_eq!(who.subject, "ada");
    assert_eq!(
        identify(&settings(), ip("::ffff:192.0.2.1"), &ada()),
        Err(ProxyError::UntrustedPeer)
    );
}

#[test]
fn an_untrusted_peer_is_refused_even_with_the_headers() {
    for peer in ["192.0.2.1", "2001:db8::1", "127.0.0.1"] {
        assert_eq!(
            identify(&settings(), ip(peer), &ada()),
            Err(ProxyError::UntrustedPeer)
        );
    }
}

#[test]
fn a_trusted_peer_without_a_usable_user_is_refused() {
    let missing = ProxyError::MissingUser {
        header: "X-Forwarded-User".to_owned(),
    };
    let peer = ip("10.0.0.1");
    assert_eq!(
        identify(
            &settings(),
            peer,
            &headers(&[("X-Forwarded-Email", "a@b.c")])
        ),
        Err(missing.clone())
    );
    assert_eq!(
        identify(&settings(), peer, &headers(&[("X-Forwarded-User", "  ")])),
        Err(missing.clone())
    );
    let mut not_utf8 = HeaderMap::new();
    not_utf8.insert(
        "X-Forwarded-User",
        HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
    );
    assert_eq!(identify(&settings(), peer, &not_utf8), Err(missing));
}

#[test]
fn a_user_sent_twice_is_refused() {
    let twice = headers(&[("X-Forwarded-User", "ada"), ("X-Forwarded-User", "eve")]);
    assert_eq!(
        identify(&settings(), ip("10.0.0.1"), &twice),
        Err(ProxyError::RepeatedHeader {
            header: "X-Forwarded-User".to_owned()
        })
    );
}

#[test]
fn groups_are_split_trimmed_and_blanks_dropped() {
    let mut settings = settings();
    settings.groups_separator = "|".to_owned();
    let sent = headers(&[
        ("X-Forwarded-User", "ada"),
        ("X-Forwarded-Groups", " admins |  | help desk|"),
        ("X-Forwarded-Groups", "viewers"),
    ]);
    let who = identify(&settings, ip("10.0.0.1"), &sent).unwrap();
    assert_eq!(who.groups, ["admins", "help desk", "viewers"]);
    assert_eq!(who.email, None);
}

#[test]
fn oversized_values_are_refused_not_cut() {
    let long_user = "a".repeat(MAX_VALUE_BYTES + 1);
    assert_eq!(
        identify(
            &settings(),
            ip("10.0.0.1"),
            &headers(&[("X-Forwarded-User", &long_user)])
        ),
        Err(ProxyError::TooLong {
            header: "X-Forwarded-User".to_owned(),
            limit: MAX_VALUE_BYTES
        })
    );
    let many = (0..=MAX_GROUPS)
        .map(|n| format!("g{n}"))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(
        identify(
            &settings(),
            ip("10.0.0.1"),
            &headers(&[("X-Forwarded-User", "ada"), ("X-Forwarded-Groups", &many)])
        ),
        Err(ProxyError::TooManyGroups { limit: MAX_GROUPS })
    );
}

#[test]
fn errors_read_as_log_sentences_without_header_values() {
    assert_eq!(
        ProxyError::UntrustedPeer.to_string(),
        "refused a request from a peer outside `trusted_proxies`: its identity headers can't be trusted"
    );
    assert_eq!(
        ProxyError::MissingUser {
            header: "X-Forwarded-User".to_owned()
        }
        .to_string(),
        "refused a request from a trusted proxy without a usable `X-Forwarded-User` header (missing, empty or not UTF-8)"
    );
}

#[test]
fn settings_check_names_the_key_and_the_rule() {
    let check = |change: fn(&mut ProxySettings)| {
        let mut settings = settings();
        change(&mut settings);
        settings.check().unwrap_err()
    };
    assert_eq!(
        check(|s| s.trusted_proxies.clear()),
        "`trusted_proxies` must list at least one network"
    );
    assert_eq!(
        check(|s| s.trusted_proxies.push("0.0.0.0/0".parse().unwrap())),
        "`trusted_proxies` must not contain `0.0.0.0/0`: it would trust every address"
    );
    assert_eq!(
        check(|s| s.user_header = "X User".to_owned()),
        "`user_header` must be a valid HTTP header name"
    );
    assert_eq!(
        check(|s| s.email_header = String::new()),
        "`email_header` must be a valid HTTP header name"
    );
    assert_eq!(
        check(|s| s.groups_header = "Groups:".to_owned()),
        "`groups_header` must be a valid HTTP header name"
    );
    assert_eq!(
        check(|s| s.groups_separator = String::new()),
        "`groups_separator` must not be empty"
    );
}

#[test]
fn settings_refuse_unknown_keys_and_require_trusted_proxies() {
    let unknown = serde_json::from_value::<ProxySettings>(
        json!({ "trusted_proxies": ["10.0.0.0/8"], "user_heder": "X-User" }),
    );
    assert!(
        unknown
            .unwrap_err()
            .to_string()
            .starts_with("unknown field `user_heder`")
    );
    let missing = serde_json::from_value::<ProxySettings>(json!({}));
    assert_eq!(
        missing.unwrap_err().to_string(),
        "missing field `trusted_proxies`"
    );
}
