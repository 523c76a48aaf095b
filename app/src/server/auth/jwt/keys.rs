//! The issuer's public keys, fetched when a token names one we don't have and cached by
//! `kid`. Anyone can send a token with a made-up `kid`, so fetching is rate-limited per
//! verifier and bounded in time, size and number of keys.

use std::str::FromStr;
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;
use url::Url;

use super::JwtError;

/// Least time between two fetches for unknown `kid`s.
pub(super) const REFETCH_INTERVAL: Duration = Duration::from_secs(30);
/// Issuers publish a handful of keys; more than this is not a key set we should hold.
const MAX_KEYS: usize = 64;
const MAX_BODY_BYTES: usize = 64 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_KID_BYTES: usize = 128;
const MAX_REDIRECTS: usize = 3;

/// Where the keys come from.
#[derive(Debug)]
pub(super) enum KeySource {
    /// A JWKS document holding every current key.
    Jwks(Url),
    /// ALB: one PEM public key per URL, `{kid}` replaced by the key's id.
    AlbPem(String),
}

#[derive(Clone)]
struct Key {
    kid: String,
    key: DecodingKey,
    /// The algorithm the JWK is restricted to, when it names one.
    alg: Option<Algorithm>,
}

pub(super) struct KeyCache {
    source: KeySource,
    client: reqwest::Client,
    /// Oldest first, so the ALB source can drop the oldest when full.
    keys: RwLock<Vec<Key>>,
    /// Held across a fetch so that a burst of unknown `kid`s causes one fetch, not many.
    fetches: tokio::sync::Mutex<Fetches>,
    pub(super) refetch_interval: Duration,
}

#[derive(Default)]
struct Fetches {
    last: Option<Instant>,
    /// Why the last fetch failed, while it stands.
    failure: Option<String>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<String> = self.read().iter().map(|key| key.kid.clone()).collect();
        f.debug_struct("KeyCache")
            .field("source", &self.source)
            .field("kids", &kids)
            .finish_non_exhaustive()
    }
}

impl KeyCache {
    pub(super) fn new(source: KeySource) -> Result<KeyCache, reqwest::Error> {
        // A redirect must not lead from https to plain http.
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() < MAX_REDIRECTS && attempt.url().scheme() == "https" {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(redirects)
            .build()?;
        Ok(KeyCache {
            source,
            client,
            keys: RwLock::new(Vec::new()),
            fetches: tokio::sync::Mutex::new(Fetches::default()),
            refetch_interval: REFETCH_INTERVAL,
        })
    }

    /// The key `kid` names, if it fits `alg`; fetched when not cached and the last fetch is
    /// long enough ago.
    pub(super) async fn get(&self, kid: &str, alg: Algorithm) -> Result<DecodingKey, JwtError> {
        if let Some(key) = self.cached(kid) {
            return fits(key, alg);
        }
        if !self.could_name_a_key(kid) {
            return Err(JwtError::UnknownKey);
        }
        let mut fetches = self.fetches.lock().await;
        // Another request may have fetched it while this one waited for the lock.
        if let Some(key) = self.cached(kid) {
            return fits(key, alg);
        }
        if let Some(last) = fetches.last
            && last.elapsed() < self.refetch_interval
        {
            return Err(match &fetches.failure {
                Some(reason) => JwtError::KeysUnavailable(reason.clone()),
                None => JwtError::UnknownKey,
            });
        }
        fetches.last = Some(Instant::now());
        match self.fetch(kid).await {
            Ok(found) => {
                fetches.failure = None;
                self.store(found);
            }
            Err(reason) => {
                fetches.failure = Some(reason.clone());
                return Err(JwtError::KeysUnavailable(reason));
            }
        }
        drop(fetches);
        self.cached(kid)
            .map_or(Err(JwtError::UnknownKey), |key| fits(key, alg))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Vec<Key>> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn cached(&self, kid: &str) -> Option<Key> {
        self.read().iter().find(|key| key.kid == kid).cloned()
    }

    /// ALB key ids go into a URL path, so only plain ids (ALB's are UUIDs) are fetched.
    fn could_name_a_key(&self, kid: &str) -> bool {
        kid.len() <= MAX_KID_BYTES
            && match self.source {
                KeySource::Jwks(_) => true,
                KeySource::AlbPem(_) => kid
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            }
    }

    fn store(&self, found: Vec<Key>) {
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        match self.source {
            // The set is the issuer's whole truth: keys it no longer publishes are dropped.
            KeySource::Jwks(_) => *keys = found,
            KeySource::AlbPem(_) => {
                keys.extend(found);
                let excess = keys.len().saturating_sub(MAX_KEYS);
                keys.drain(..excess);
            }
        }
    }

    async fn fetch(&self, kid: &str) -> Result<Vec<Key>, String> {
        match &self.source {
            KeySource::Jwks(url) => {
                let body = self.body(url).await?.ok_or(format!("{url} answered 404"))?;
                jwks_keys(&body).map_err(|why| format!("{url}: {why}"))
            }
            KeySource::AlbPem(template) => {
                let url = Url::parse(&template.replace("{kid}", kid))
                    .map_err(|_| "`public_key_url` with the `kid` is not a URL".to_owned())?;
                // ALB answers 404 for a kid it never issued: unknown, not unavailable.
                let Some(pem) = self.body(&url).await? else {
                    return Ok(Vec::new());
                };
                let key = DecodingKey::from_ec_pem(&pem)
                    .map_err(|_| format!("{url} did not answer with an EC public key in PEM"))?;
                Ok(vec![Key {
                    kid: kid.to_owned(),
                    key,
                    alg: Some(Algorithm::ES256),
                }])
            }
        }
    }

    /// The response body, `None` on 404; at most [`MAX_BODY_BYTES`].
    async fn body(&self, url: &Url) -> Result<Option<Vec<u8>>, String> {
        let failed = |error: reqwest::Error| {
            format!(
                "{url}: {}",
                crate::server::telemetry::cause_chain(&error.without_url())
            )
        };
        let mut response = self.client.get(url.clone()).send().await.map_err(failed)?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(format!("{url} answered {status}"));
        }
        let too_big = || format!("{url} sent more than {MAX_BODY_BYTES} bytes");
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(too_big());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_big());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Some(body))
    }
}

/// The signing keys of a JWKS document. Keys we can't use (encryption keys, symmetric keys,
/// kinds we don't know) are skipped rather than failing the whole set.
fn jwks_keys(body: &[u8]) -> Result<Vec<Key>, &'static str> {
    let document: Value = serde_json::from_slice(body).map_err(|_| "the JWKS is not JSON")?;
    let listed = document
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("the JWKS has no `keys` array")?;
    let keys = listed
        .iter()
        .filter_map(signing_key)
        .take(MAX_KEYS)
        .collect();
    Ok(keys)
}

fn signing_key(jwk: &Value) -> Option<Key> {
    let kid = jwk.get("kid")?.as_str()?.to_owned();
    // A symmetric ("oct") key would be an HMAC secret, published: never a signing key here.
    if jwk.get("kty")?.as_str()? == "oct" {
        return None;
    }
    if jwk.get("use").is_some_and(|usage| usage != "sig") {
        return None;
    }
    let alg = match jwk.get("alg") {
        None => None,
        Some(alg) => Some(Algorithm::from_str(alg.as_str()?).ok()?),
    };
    let parsed: Jwk = serde_json::from_value(jwk.clone()).ok()?;
    let key = DecodingKey::from_jwk(&parsed).ok()?;
    Some(Key { kid, key, alg })
}

fn fits(key: Key, alg: Algorithm) -> Result<DecodingKey, JwtError> {
    let restricted_elsewhere = key.alg.is_some_and(|only| only != alg);
    if restricted_elsewhere || key.key.family() != alg.family() {
        return Err(JwtError::KeyMismatch);
    }
    Ok(key.key)
}
