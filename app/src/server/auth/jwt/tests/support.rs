//! A key server on loopback that counts its fetches, and token makers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

pub const ES256_A: &str = include_str!("../test_keys/test_only_es256_a.pem");
pub const ES256_A_PUBLIC: &str = include_str!("../test_keys/test_only_es256_a.pub.pem");
pub const ES256_B: &str = include_str!("../test_keys/test_only_es256_b.pem");
pub const RS256: &str = include_str!("../test_keys/test_only_rs256.pem");
pub const RS256_PUBLIC: &str = include_str!("../test_keys/test_only_rs256.pub.pem");

pub fn es256(pem: &str) -> EncodingKey {
    EncodingKey::from_ec_pem(pem.as_bytes()).unwrap()
}

pub fn rs256() -> EncodingKey {
    EncodingKey::from_rsa_pem(RS256.as_bytes()).unwrap()
}

/// The public half of `key` as a JWK named `kid`.
pub fn jwk(key: &EncodingKey, alg: Algorithm, kid: &str) -> Value {
    let mut jwk = serde_json::to_value(Jwk::from_encoding_key(key, alg).unwrap()).unwrap();
    jwk["kid"] = json!(kid);
    jwk
}

#[derive(Clone, Default)]
pub struct KeyServer {
    pub fetches: Arc<AtomicUsize>,
    pub jwks: Arc<Mutex<Vec<Value>>>,
    /// ALB: PEM public keys by kid.
    pub pems: Arc<Mutex<HashMap<String, String>>>,
}

impl KeyServer {
    /// Serves `/jwks` and `/alb/{kid}` on a free loopback port; returns the base URL.
    pub async fn start(&self) -> String {
        let app = Router::new()
            .route("/jwks", get(jwks))
            .route("/alb/{kid}", get(pem))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{address}")
    }

    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

async fn jwks(State(server): State<KeyServer>) -> axum::Json<Value> {
    server.fetches.fetch_add(1, Ordering::SeqCst);
    let keys = server.jwks.lock().unwrap().clone();
    axum::Json(json!({ "keys": keys }))
}

async fn pem(
    State(server): State<KeyServer>,
    Path(kid): Path<String>,
) -> Result<String, StatusCode> {
    server.fetches.fetch_add(1, Ordering::SeqCst);
    let pems = server.pems.lock().unwrap();
    pems.get(&kid).cloned().ok_or(StatusCode::NOT_FOUND)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Claims that pass the standard test settings; tests change what they need.
pub fn claims() -> Value {
    json!({
        "sub": "00u1",
        "email": "ada@example.com",
        "name": "Ada",
        "groups": ["admins"],
        "iss": "https://issuer.example",
        "aud": ["userdesk"],
        "exp": now() + 300,
        "iat": now(),
    })
}

pub fn sign(key: &EncodingKey, alg: Algorithm, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

/// A token with `header` as given, which `jsonwebtoken::encode` would not produce.
pub fn sign_raw(key: &EncodingKey, alg: Algorithm, header: &Value, claims: &Value) -> String {
    let no_pad = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let message = format!(
        "{}.{}",
        no_pad.encode(header.to_string()),
        no_pad.encode(claims.to_string())
    );
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), key, alg).unwrap();
    format!("{message}.{signature}")
}

/// An ALB `x-amzn-oidc-data` token: base64url with `=` padding on every part.
pub fn alb_token(key: &EncodingKey, kid: &str, signer: &str, claims: &Value) -> String {
    let header = json!({ "alg": "ES256", "kid": kid, "signer": signer, "iss": "https://issuer.example", "client": "abc", "exp": now() + 300 });
    let message = format!(
        "{}.{}",
        URL_SAFE.encode(header.to_string()),
        URL_SAFE.encode(claims.to_string())
    );
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), key, Algorithm::ES256).unwrap();
    let padding = "=".repeat((4 - signature.len() % 4) % 4);
    format!("{message}.{signature}{padding}")
}
