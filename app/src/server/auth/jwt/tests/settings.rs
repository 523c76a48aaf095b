//! What `JwtVerifier::new` says about each preset's settings.

use serde_json::json;

use super::super::{JwtSettings, JwtVerifier};
use super::{ARN, settings};

#[test]
fn presets_name_their_headers_and_accept_an_override() {
    let verifier = JwtVerifier::new(&settings(json!({
        "preset": "pomerium",
        "header": "X-Identity",
        "jwks_url": "https://pomerium.example/.well-known/pomerium/jwks.json",
        "audience": "desk.example",
    })))
    .unwrap();
    assert_eq!(verifier.header_name(), "x-identity");
}

#[test]
fn settings_are_checked_per_preset() {
    let jwks = "https://idp.example/jwks";
    let cases = [
        (
            json!({ "preset": "generic", "jwks_url": jwks, "issuer": "i", "audience": "a" }),
            "`header` is required with preset = \"generic\"",
        ),
        (
            json!({ "preset": "generic", "header": "X Id", "jwks_url": jwks, "issuer": "i", "audience": "a" }),
            "`header` must be a valid HTTP header name",
        ),
        (
            json!({ "preset": "generic", "header": "X-Id", "issuer": "i", "audience": "a" }),
            "`jwks_url` is required with preset = \"generic\"",
        ),
        (
            json!({ "preset": "generic", "header": "X-Id", "jwks_url": jwks, "audience": "a" }),
            "`issuer` is required with preset = \"generic\"",
        ),
        (
            json!({ "preset": "generic", "header": "X-Id", "jwks_url": jwks, "issuer": "i" }),
            "`audience` is required with preset = \"generic\"",
        ),
        (
            json!({ "preset": "cloudflare", "jwks_url": jwks, "audience": "a" }),
            "`issuer` is required with preset = \"cloudflare\"",
        ),
        (
            json!({ "preset": "cloudflare", "jwks_url": jwks, "issuer": " ", "audience": "a" }),
            "`issuer` must not be empty",
        ),
        (
            json!({ "preset": "pomerium", "jwks_url": jwks }),
            "`audience` is required with preset = \"pomerium\"",
        ),
        (
            json!({ "preset": "pomerium", "jwks_url": "http://idp.example/jwks", "audience": "a" }),
            "`jwks_url` must use https (http is accepted only for a loopback host)",
        ),
        (
            json!({ "preset": "pomerium", "jwks_url": "jwks.json", "audience": "a" }),
            "`jwks_url` must be an absolute URL",
        ),
        (
            json!({ "preset": "pomerium", "jwks_url": jwks, "audience": "a", "alb_arn": ARN }),
            "`alb_arn` is not used with preset = \"pomerium\"",
        ),
        (
            json!({ "preset": "pomerium", "jwks_url": jwks, "audience": "a", "groups_claim": "realm." }),
            "`groups_claim` must be a claim name or a dotted path to one",
        ),
        (
            json!({ "preset": "alb", "alb_arn": ARN }),
            "`public_key_url` is required with preset = \"alb\"",
        ),
        (
            json!({ "preset": "alb", "public_key_url": "https://keys.example/key", "alb_arn": ARN }),
            "`public_key_url` must contain `{kid}`",
        ),
        (
            json!({ "preset": "alb", "public_key_url": "http://keys.example/{kid}", "alb_arn": ARN }),
            "`public_key_url` must use https (http is accepted only for a loopback host)",
        ),
        (
            json!({ "preset": "alb", "public_key_url": "https://keys.example/{kid}" }),
            "`alb_arn` is required with preset = \"alb\"",
        ),
        (
            json!({ "preset": "alb", "public_key_url": "https://keys.example/{kid}", "alb_arn": ARN, "jwks_url": jwks }),
            "`jwks_url` is not used with preset = \"alb\"",
        ),
        (
            json!({ "preset": "alb", "public_key_url": "https://keys.example/{kid}", "alb_arn": ARN, "audience": "a" }),
            "`audience` is not used with preset = \"alb\"",
        ),
    ];
    for (value, message) in cases {
        assert_eq!(
            JwtVerifier::new(&settings(value.clone())).unwrap_err(),
            message,
            "{value}"
        );
    }
    for url in [
        "http://127.0.0.1:9/jwks",
        "http://[::1]/jwks",
        "http://localhost/jwks",
    ] {
        let loopback = json!({ "preset": "pomerium", "jwks_url": url, "audience": "a" });
        assert!(JwtVerifier::new(&settings(loopback)).is_ok(), "{url}");
    }
}

#[test]
fn settings_refuse_unknown_keys_and_presets() {
    let typo = serde_json::from_value::<JwtSettings>(json!({ "preset": "alb", "alb_arm": ARN }));
    assert!(
        typo.unwrap_err()
            .to_string()
            .starts_with("unknown field `alb_arm`")
    );
    let preset = serde_json::from_value::<JwtSettings>(json!({ "preset": "okta" }));
    assert!(
        preset
            .unwrap_err()
            .to_string()
            .starts_with("unknown variant `okta`")
    );
}
