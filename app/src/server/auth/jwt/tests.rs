mod settings;
mod support;

use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

use super::*;
use support::*;

pub(super) const ARN: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/desk/50dc6c495c0c9188";

pub(super) fn settings(value: Value) -> JwtSettings {
    serde_json::from_value(value).unwrap()
}

/// Pomerium (ES256 and RS256 from a JWKS) with an issuer, serving key `a` as kid `a`.
async fn pomerium() -> (JwtVerifier, KeyServer) {
    let server = KeyServer::default();
    server
        .jwks
        .lock()
        .unwrap()
        .push(jwk(&es256(ES256_A), Algorithm::ES256, "a"));
    let base = server.start().await;
    let verifier = JwtVerifier::new(&settings(json!({
        "preset": "pomerium",
        "jwks_url": format!("{base}/jwks"),
        "issuer": "https://issuer.example",
        "audience": "userdesk",
    })))
    .unwrap();
    (verifier, server)
}

async fn alb() -> (JwtVerifier, KeyServer) {
    let server = KeyServer::default();
    server
        .pems
        .lock()
        .unwrap()
        .insert("kid-1".to_owned(), ES256_A_PUBLIC.to_owned());
    let base = server.start().await;
    let verifier = JwtVerifier::new(&settings(json!({
        "preset": "alb",
        "public_key_url": format!("{base}/alb/{{kid}}"),
        "alb_arn": ARN,
    })))
    .unwrap();
    (verifier, server)
}

fn es256_a(claims: &Value) -> String {
    sign(&es256(ES256_A), Algorithm::ES256, "a", claims)
}

fn with(change: &[(&str, Value)]) -> Value {
    let mut claims = claims();
    for (claim, value) in change {
        claims[*claim] = value.clone();
    }
    claims
}

#[tokio::test]
async fn a_valid_token_is_accepted() {
    let (verifier, server) = pomerium().await;
    let who = verifier.verify(&es256_a(&claims())).await.unwrap();
    assert_eq!(
        who,
        Identity {
            subject: "00u1".to_owned(),
            email: Some("ada@example.com".to_owned()),
            name: Some("Ada".to_owned()),
            groups: vec!["admins".to_owned()],
        }
    );
    verifier.verify(&es256_a(&claims())).await.unwrap();
    assert_eq!(server.fetches(), 1, "the key is cached");
    assert_eq!(verifier.header_name(), "x-pomerium-jwt-assertion");
}

#[tokio::test]
async fn claims_out_of_date_or_meant_for_others_are_refused() {
    let (verifier, _server) = pomerium().await;
    let cases = [
        (with(&[("exp", json!(now() - 120))]), JwtError::Expired),
        (with(&[("nbf", json!(now() + 120))]), JwtError::NotYetValid),
        (
            with(&[("aud", json!("another-app"))]),
            JwtError::WrongAudience,
        ),
        (
            with(&[("iss", json!("https://evil.example"))]),
            JwtError::WrongIssuer,
        ),
        (
            with(&[("exp", Value::Null)]),
            JwtError::Malformed("a time claim is not a number"),
        ),
        (with(&[("sub", json!(""))]), JwtError::MissingClaim("sub")),
    ];
    for (claims, error) in cases {
        assert_eq!(verifier.verify(&es256_a(&claims)).await, Err(error));
    }
    let mut no_exp = claims();
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_eq!(
        verifier.verify(&es256_a(&no_exp)).await,
        Err(JwtError::MissingClaim("exp"))
    );
    // Within the leeway either side.
    let skewed = with(&[("exp", json!(now() - 10)), ("nbf", json!(now() + 10))]);
    assert!(verifier.verify(&es256_a(&skewed)).await.is_ok());
}

#[tokio::test]
async fn a_token_signed_by_another_key_under_the_same_kid_is_refused() {
    let (verifier, _server) = pomerium().await;
    let forged = sign(&es256(ES256_B), Algorithm::ES256, "a", &claims());
    assert_eq!(verifier.verify(&forged).await, Err(JwtError::BadSignature));
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let (verifier, _server) = pomerium().await;
    let token = es256_a(&claims());
    let forged = es256_a(&with(&[("groups", json!(["admins", "root"]))]));
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[1] = forged.split('.').nth(1).unwrap();
    assert_eq!(
        verifier.verify(&parts.join(".")).await,
        Err(JwtError::BadSignature)
    );
}

#[tokio::test]
async fn alg_none_and_hmac_with_the_public_key_are_refused() {
    let (verifier, server) = pomerium().await;
    let unsigned = sign_raw(
        &EncodingKey::from_secret(b"unused").unwrap(),
        Algorithm::HS256,
        &json!({ "alg": "none", "kid": "a" }),
        &claims(),
    );
    let (message, _) = unsigned.rsplit_once('.').unwrap();
    let none = format!("{message}.");
    assert_eq!(
        verifier.verify(&none).await,
        Err(JwtError::AlgorithmNotAllowed)
    );
    let public_as_secret = EncodingKey::from_secret(ES256_A_PUBLIC.as_bytes()).unwrap();
    let hmac = sign(&public_as_secret, Algorithm::HS256, "a", &claims());
    assert_eq!(
        verifier.verify(&hmac).await,
        Err(JwtError::AlgorithmNotAllowed)
    );
    assert_eq!(server.fetches(), 0, "refused before any key is fetched");
}

#[tokio::test]
async fn cloudflare_takes_rs256_only_and_refuses_hmac_with_the_rsa_public_key() {
    let server = KeyServer::default();
    server
        .jwks
        .lock()
        .unwrap()
        .push(jwk(&rs256(), Algorithm::RS256, "r"));
    let base = server.start().await;
    let verifier = JwtVerifier::new(&settings(json!({
        "preset": "cloudflare",
        "jwks_url": format!("{base}/jwks"),
        "issuer": "https://issuer.example",
        "audience": "userdesk",
    })))
    .unwrap();
    assert_eq!(verifier.header_name(), "cf-access-jwt-assertion");
    let token = sign(&rs256(), Algorithm::RS256, "r", &claims());
    assert_eq!(verifier.verify(&token).await.unwrap().subject, "00u1");
    let public_as_secret = EncodingKey::from_secret(RS256_PUBLIC.as_bytes()).unwrap();
    let hmac = sign(&public_as_secret, Algorithm::HS256, "r", &claims());
    assert_eq!(
        verifier.verify(&hmac).await,
        Err(JwtError::AlgorithmNotAllowed)
    );
    let ec = sign(&es256(ES256_A), Algorithm::ES256, "r", &claims());
    assert_eq!(
        verifier.verify(&ec).await,
        Err(JwtError::AlgorithmNotAllowed)
    );
}

#[tokio::test]
async fn a_token_whose_alg_does_not_fit_its_key_is_refused() {
    let (verifier, _server) = pomerium().await;
    let rsa_for_ec_key = sign(&rs256(), Algorithm::RS256, "a", &claims());
    assert_eq!(
        verifier.verify(&rsa_for_ec_key).await,
        Err(JwtError::KeyMismatch)
    );
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_then_is_refused() {
    let (verifier, server) = pomerium().await;
    let stranger = sign(&es256(ES256_B), Algorithm::ES256, "b", &claims());
    assert_eq!(verifier.verify(&stranger).await, Err(JwtError::UnknownKey));
    assert_eq!(server.fetches(), 1);
    let other = sign(&es256(ES256_B), Algorithm::ES256, "c", &claims());
    assert_eq!(verifier.verify(&other).await, Err(JwtError::UnknownKey));
    assert_eq!(verifier.verify(&stranger).await, Err(JwtError::UnknownKey));
    assert_eq!(server.fetches(), 1, "no refetch within the window");
    assert!(
        verifier.verify(&es256_a(&claims())).await.is_ok(),
        "kid `a` came with the first fetch"
    );
    assert_eq!(server.fetches(), 1);
}

#[tokio::test]
async fn a_rotated_key_is_fetched_once_the_window_has_passed() {
    let (verifier, server) = pomerium().await;
    let verifier = verifier.with_refetch_interval(Duration::from_millis(300));
    verifier.verify(&es256_a(&claims())).await.unwrap();
    server
        .jwks
        .lock()
        .unwrap()
        .push(jwk(&es256(ES256_B), Algorithm::ES256, "b"));
    let rotated = sign(&es256(ES256_B), Algorithm::ES256, "b", &claims());
    assert_eq!(verifier.verify(&rotated).await, Err(JwtError::UnknownKey));
    assert_eq!(server.fetches(), 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(verifier.verify(&rotated).await.is_ok());
    assert_eq!(server.fetches(), 2);
}

#[tokio::test]
async fn keys_that_cannot_be_fetched_are_reported_as_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let verifier = JwtVerifier::new(&settings(json!({
        "preset": "pomerium",
        "jwks_url": format!("http://{address}/jwks"),
        "audience": "userdesk",
    })))
    .unwrap();
    let error = verifier.verify(&es256_a(&claims())).await.unwrap_err();
    assert!(matches!(error, JwtError::KeysUnavailable(_)), "{error:?}");
}

#[tokio::test]
async fn an_alb_token_with_padding_is_accepted() {
    let (verifier, server) = alb().await;
    assert_eq!(verifier.header_name(), "x-amzn-oidc-data");
    let token = alb_token(&es256(ES256_A), "kid-1", ARN, &claims());
    assert!(
        token.contains("=."),
        "the test token is padded like ALB's: {token}"
    );
    assert!(token.ends_with('='));
    assert_eq!(verifier.verify(&token).await.unwrap().subject, "00u1");
    assert_eq!(server.fetches(), 1);
}

#[tokio::test]
async fn an_alb_token_from_another_load_balancer_is_refused() {
    let (verifier, server) = alb().await;
    let other_arn = ARN.replace("desk", "other");
    let token = alb_token(&es256(ES256_A), "kid-1", &other_arn, &claims());
    assert_eq!(verifier.verify(&token).await, Err(JwtError::WrongSigner));
    assert_eq!(server.fetches(), 0, "refused before any key is fetched");
}

#[tokio::test]
async fn an_alb_token_with_an_unknown_kid_fetches_once_per_window() {
    let (verifier, server) = alb().await;
    let unknown = alb_token(&es256(ES256_A), "kid-2", ARN, &claims());
    assert_eq!(verifier.verify(&unknown).await, Err(JwtError::UnknownKey));
    assert_eq!(server.fetches(), 1, "the URL for kid-2 answered 404");
    let unknown = alb_token(&es256(ES256_A), "kid-3", ARN, &claims());
    assert_eq!(verifier.verify(&unknown).await, Err(JwtError::UnknownKey));
    let known = alb_token(&es256(ES256_A), "kid-1", ARN, &claims());
    assert_eq!(verifier.verify(&known).await, Err(JwtError::UnknownKey));
    assert_eq!(
        server.fetches(),
        1,
        "no fetch within the window, whatever the kid"
    );
    let path_escape = alb_token(&es256(ES256_A), "../jwks", ARN, &claims());
    assert_eq!(
        verifier.verify(&path_escape).await,
        Err(JwtError::UnknownKey)
    );
    assert_eq!(
        server.fetches(),
        1,
        "a kid that can't be ALB's is never put in a URL"
    );
}

#[tokio::test]
async fn an_alb_token_signed_by_another_key_is_refused() {
    let (verifier, _server) = alb().await;
    let forged = alb_token(&es256(ES256_B), "kid-1", ARN, &claims());
    assert_eq!(verifier.verify(&forged).await, Err(JwtError::BadSignature));
}

#[test]
fn errors_read_as_log_sentences() {
    assert_eq!(
        JwtError::Expired.to_string(),
        "the identity token has expired"
    );
    assert_eq!(
        JwtError::Malformed("its header has no `kid`").to_string(),
        "the identity token is malformed: its header has no `kid`"
    );
}
