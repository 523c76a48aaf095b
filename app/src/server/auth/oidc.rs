//! `auth.mode = "oidc"`: the authorization code flow with PKCE, state and nonce.
//!
//! `/auth/oidc` starts it (the pending state, nonce and PKCE verifier go into the session,
//! never into a URL or a log), `/auth/callback` finishes it: the code is exchanged, the ID
//! token's signature, issuer, audience, expiry and nonce are checked by `openidconnect`, and
//! the groups are read from the verified token's claims.

use std::time::{Duration, Instant};

use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tower_sessions::Session;

use super::identity::{Identity, groups_at};
use crate::server::config::OidcSettings;

/// The session key of a sign-in under way.
const PENDING: &str = "oidc_pending";
/// How long a person may take at the provider.
const PENDING_FOR: Duration = Duration::from_secs(600);
/// Provider metadata (and so its keys' URL) is reused this long; a failed sign-in refetches.
const METADATA_FOR: Duration = Duration::from_secs(600);

/// Why a sign-in did not complete: said in the log (never with a token or code), and as a
/// short reason on the sign-in page.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the identity provider could not be reached or answered wrongly: {0}")]
    Provider(String),
    #[error("the sign-in had expired or was started in another browser")]
    NoPendingSignIn,
    #[error("the state in the callback does not match the sign-in under way")]
    StateMismatch,
    #[error("the identity provider refused the sign-in ({0})")]
    Refused(String),
    #[error("the ID token was not valid: {0}")]
    InvalidToken(String),
    #[error("the session store failed: {0}")]
    Session(String),
}

/// What the session holds between `/auth/oidc` and `/auth/callback`.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    pkce_verifier: String,
    /// Where to go after signing in (a local path, checked before it got here).
    next: String,
    /// Seconds since the Unix epoch.
    started: u64,
}

/// The provider's client, with its discovery document cached.
#[derive(Debug)]
pub struct Oidc {
    settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    metadata: Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl Oidc {
    pub fn new(settings: OidcSettings) -> Result<Oidc, String> {
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects would let the provider's answers aim requests elsewhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            // A handful of calls per sign-in: a pooled connection the provider has since closed
            // would fail the exchange ("Request failed") for nothing.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| format!("could not build the HTTP client: {e}"))?;
        Ok(Oidc {
            settings,
            http,
            metadata: Mutex::new(None),
        })
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, OidcError> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, metadata)) = cached.as_ref()
            && at.elapsed() < METADATA_FOR
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Provider(format!("discovery failed: {e}")))?;
        *cached = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    /// Forgets the discovery document, so the next sign-in fetches it (and the keys) anew.
    async fn forget_metadata(&self) {
        *self.metadata.lock().await = None;
    }

    /// The provider's authorization URL for a new sign-in; its secrets wait in `session`.
    pub async fn start(&self, session: &Session, next: &str) -> Result<String, OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            next: next.to_owned(),
            started: super::session::unix_now(),
        };
        session
            .insert(PENDING, pending)
            .await
            .map_err(|e| OidcError::Session(e.to_string()))?;
        Ok(url.to_string())
    }

    /// Completes the sign-in the callback's `state` and `code` belong to: the person, and
    /// where they were going.
    pub async fn finish(
        &self,
        session: &Session,
        state: &str,
        code: &str,
    ) -> Result<(Identity, String), OidcError> {
        // One use: a replayed callback finds nothing pending.
        let pending: Pending = session
            .remove(PENDING)
            .await
            .map_err(|e| OidcError::Session(e.to_string()))?
            .ok_or(OidcError::NoPendingSignIn)?;
        if super::session::unix_now().saturating_sub(pending.started) > PENDING_FOR.as_secs() {
            return Err(OidcError::NoPendingSignIn);
        }
        if !constant_time_eq(state.as_bytes(), pending.state.as_bytes()) {
            return Err(OidcError::StateMismatch);
        }
        let result = self.exchange(&pending, code).await;
        if matches!(result, Err(OidcError::InvalidToken(_))) {
            // A rotated signing key is the likeliest cause: fetch the keys again next time.
            self.forget_metadata().await;
        }
        result.map(|identity| (identity, pending.next))
    }

    async fn exchange(&self, pending: &Pending, code: &str) -> Result<Identity, OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(metadata)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Refused(token_error(&e)))?;
        // The access token is not used: the ID token says who the person is.
        let _ = token.access_token();
        let id_token = token
            .id_token()
            .ok_or_else(|| OidcError::InvalidToken("the provider sent no ID token".to_owned()))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = id_token
            .claims(&client.id_token_verifier(), &nonce)
            .map_err(|e| OidcError::InvalidToken(e.to_string()))?;
        // The signature is checked above; the raw claims carry the groups, which the
        // standard claims type does not.
        let raw = payload(&id_token.to_string())
            .ok_or_else(|| OidcError::InvalidToken("unreadable claims".to_owned()))?;
        let email = claims.email().map(|e| e.as_str().to_owned());
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned())
            .or_else(|| claims.preferred_username().map(|u| u.as_str().to_owned()));
        Ok(Identity {
            subject: claims.subject().as_str().to_owned(),
            email,
            name,
            groups: groups_at(&raw, &self.settings.groups_claim),
        })
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        OidcError,
    > {
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }
}

/// The error and its causes ("Request failed: error sending request: connection closed"),
/// cut short: enough for the operator, never a whole answer of the provider's.
fn token_error(error: &(dyn std::error::Error + 'static)) -> String {
    crate::server::telemetry::cause_chain(error)
        .chars()
        .take(300)
        .collect()
}

/// The decoded claims of a JWT whose signature was already verified.
fn payload(jwt: &str) -> Option<serde_json::Value> {
    let part = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
