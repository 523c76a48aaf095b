//! Sign-in: who is calling, decided once per request by [`authenticate`] before any page or
//! server function runs, from the session (`oidc`, `dev`), the proxy's headers (`proxy`) or a
//! signed header (`jwt`). The [`Caller`] goes into the request's extensions, where
//! `server::context` finds it. Roles come from the person's groups (`[auth.roles]`); a person
//! in no mapped group is refused, never let in with a default role.

pub mod identity;
pub mod jwt;
pub mod oidc;
pub mod proxy;
mod routes;
pub mod session;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use self::identity::Identity;
pub use self::routes::routes;
use super::AppState;
use super::config::{RoleMap, SignIn};
use super::context::{Caller, Role};
pub use crate::sign_in::Reason;

/// Where people sign in (and read why they could not).
pub const SIGN_IN_PAGE: &str = "/auth/sign-in";

/// Paths anyone may open: the sign-in flow itself and the static bundle.
fn is_open(path: &str) -> bool {
    path.starts_with("/auth/") || path.starts_with("/pkg/") || path == "/favicon.svg"
}

/// Finds the caller of every request that needs one; see the module documentation.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_open(request.uri().path()) {
        return next.run(request).await;
    }
    // The parts only: the body is not `Sync`, and identifying needs nothing from it.
    let (mut parts, body) = request.into_parts();
    match identify(&state, &parts).await {
        Ok(Some(caller)) => {
            parts.extensions.insert(caller);
            next.run(Request::from_parts(parts, body)).await
        }
        // A page sends the person to sign in; a server function answers 401 itself
        // (`context` finds no caller), so the browser code can say so.
        Ok(None) if is_page(&parts) => to_sign_in(&parts),
        Ok(None) => next.run(Request::from_parts(parts, body)).await,
        Err(refusal) => refusal.into_response_for(&parts),
    }
}

/// Why a request is turned away before anything runs.
#[derive(Debug)]
enum Refusal {
    /// `proxy` mode: the TCP peer is not a trusted proxy, so its headers mean nothing.
    UntrustedPeer,
    /// The proxy or the signed header named nobody, or the header did not verify.
    NotIdentified,
    /// Identified, but in no group `[auth.roles]` maps.
    NoRole,
}

impl Refusal {
    fn into_response_for(self, request: &Parts) -> Response {
        match self {
            Refusal::UntrustedPeer => (
                StatusCode::FORBIDDEN,
                "userdesk answers only requests that come through its sign-in proxy.",
            )
                .into_response(),
            Refusal::NotIdentified => (
                StatusCode::UNAUTHORIZED,
                "userdesk could not tell who you are: sign in again through your company's sign-in page.",
            )
                .into_response(),
            Refusal::NoRole if is_page(request) => {
                Redirect::to(&format!("{SIGN_IN_PAGE}?reason={}", Reason::NoRole.code()))
                    .into_response()
            }
            Refusal::NoRole => (
                StatusCode::FORBIDDEN,
                Reason::NoRole.message(),
            )
                .into_response(),
        }
    }
}

async fn identify(state: &AppState, request: &Parts) -> Result<Option<Caller>, Refusal> {
    let roles = &state.config.auth.roles;
    match &state.config.auth.sign_in {
        SignIn::None => Ok(Some(Caller::local_admin())),
        SignIn::Dev | SignIn::Oidc(_) => {
            let Some(session) = request.extensions.get::<Session>() else {
                tracing::error!("no session layer in front of the sign-in check");
                return Ok(None);
            };
            Ok(session::signed_in(session, &state.config.session).await)
        }
        SignIn::Proxy(settings) => {
            let peer = request
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip());
            let Some(peer) = peer else {
                tracing::error!("the connection's peer address is unknown; refusing");
                return Err(Refusal::UntrustedPeer);
            };
            match proxy::identify(settings, peer, &request.headers) {
                Ok(identity) => caller_for(identity, roles).map(Some),
                Err(proxy::ProxyError::UntrustedPeer) => {
                    tracing::warn!(%peer, "refused a request that did not come through a trusted proxy");
                    Err(Refusal::UntrustedPeer)
                }
                Err(error) => {
                    tracing::warn!(%error, "the proxy's headers named nobody");
                    Err(Refusal::NotIdentified)
                }
            }
        }
        SignIn::Jwt(verifier) => {
            let Some(token) = request
                .headers
                .get(verifier.header_name())
                .and_then(|v| v.to_str().ok())
            else {
                tracing::warn!(header = %verifier.header_name(), "no signed identity header");
                return Err(Refusal::NotIdentified);
            };
            match verifier.verify(token).await {
                Ok(identity) => caller_for(identity, roles).map(Some),
                Err(error) => {
                    tracing::warn!(%error, "refused a signed identity header");
                    Err(Refusal::NotIdentified)
                }
            }
        }
    }
}

/// The caller an identity becomes, if its groups give it a role.
fn caller_for(identity: Identity, roles: &RoleMap) -> Result<Caller, Refusal> {
    let role: Role = roles.role_for(&identity.groups).ok_or_else(|| {
        tracing::warn!(subject = %identity.subject, "signed in, but in no group mapped to a role");
        Refusal::NoRole
    })?;
    Ok(Caller {
        display_name: identity.display_name().to_owned(),
        email: identity.email,
        id: identity.subject,
        role,
    })
}

/// A request for a page (not a server function, not a form post).
fn is_page(request: &Parts) -> bool {
    matches!(request.method, Method::GET | Method::HEAD) && !request.uri.path().starts_with("/api/")
}

/// 303 to the sign-in page, remembering where the person was going.
fn to_sign_in(request: &Parts) -> Response {
    let target = request.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let location = format!(
        "{SIGN_IN_PAGE}?next={}",
        crate::listing::encode_query_value(target)
    );
    let mut response = Redirect::to(&location).into_response();
    // Never cached: the same URL answers differently once signed in.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where to go after signing in: a path on this dashboard, never another site (`//host`,
/// `/\host` and schemes are refused), else the home page.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control())
                && path.len() <= 2048 =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests;
