//! The sign-in flow's endpoints (the page itself is a Leptos route, `crate::sign_in`):
//!
//! - `GET /auth/oidc?next=…` starts an OpenID Connect sign-in;
//! - `GET /auth/callback?code=…&state=…` finishes it;
//! - `POST /auth/dev` signs in a demo person (`auth.mode = "dev"` only);
//! - `POST /auth/sign-out` ends the session on the server.
//!
//! Every answer is a 303 redirect: to the provider, to where the person was going, or back
//! to the sign-in page with a reason. The POSTs pass the router's same-origin check.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tower_sessions::Session;

use super::session::{self, DEMO_PEOPLE};
use super::{Reason, SIGN_IN_PAGE, caller_for, local_path};
use crate::server::AppState;
use crate::server::audit::{self, Action, Actor, Outcome, Phase};
use crate::server::config::SignIn;
use crate::server::context::Caller;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/oidc", get(start_oidc))
        .route("/auth/callback", get(callback))
        .route("/auth/dev", post(dev_sign_in))
        .route("/auth/sign-out", post(sign_out))
}

/// Where a sign-in request came from, for its audit record.
struct Origin {
    request_id: String,
    client_ip: Option<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Origin, Self::Rejection> {
        Ok(Origin {
            request_id: crate::server::http::request_id(&parts.extensions).unwrap_or_default(),
            client_ip: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string()),
        })
    }
}

/// Signing in and out is on record too (who, when, from where).
async fn record(
    state: &AppState,
    origin: &Origin,
    action: Action,
    caller: &Caller,
    outcome: Outcome,
) {
    let entry = audit::Entry {
        phase: Phase::Complete,
        intent: None,
        action,
        actor: Actor {
            subject: caller.id.clone(),
            name: caller.display_name.clone(),
            email: caller.email.clone(),
            role: caller.role,
            mode: state.config.auth.sign_in.name().to_owned(),
            client_ip: origin.client_ip.clone(),
        },
        service: None,
        location: state.location.audit_label(),
        target: None,
        changes: Vec::new(),
        outcome,
        aws_request_ids: Vec::new(),
        request_id: origin.request_id.clone(),
        duration_ms: None,
    };
    state.audit.write_or_log(&entry).await;
}

fn back_to_sign_in(reason: Reason) -> Response {
    Redirect::to(&format!("{SIGN_IN_PAGE}?reason={}", reason.code())).into_response()
}

#[derive(Debug, Deserialize)]
struct Next {
    next: Option<String>,
}

async fn start_oidc(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<Next>,
) -> Response {
    let Some(oidc) = &state.oidc else {
        return back_to_sign_in(Reason::Failed);
    };
    let next = local_path(query.next.as_deref());
    match oidc.start(&session, &next).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(error) => {
            tracing::warn!(%error, "could not start an OpenID Connect sign-in");
            back_to_sign_in(Reason::Failed)
        }
    }
}

/// The provider's answer: a code and the state, or an error code.
#[derive(Debug, Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    session: Session,
    origin: Origin,
    Query(query): Query<Callback>,
) -> Response {
    let (Some(oidc), SignIn::Oidc(_)) = (&state.oidc, &state.config.auth.sign_in) else {
        return back_to_sign_in(Reason::Failed);
    };
    let (Some(code), Some(csrf)) = (query.code, query.state) else {
        // The provider's error code only (`access_denied`…): its description is its own text.
        let error: String = query
            .error
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        tracing::warn!(
            error,
            "the identity provider answered the sign-in with an error"
        );
        return back_to_sign_in(Reason::Failed);
    };
    let (identity, next) = match oidc.finish(&session, &csrf, &code).await {
        Ok(done) => done,
        Err(error) => {
            tracing::warn!(%error, "an OpenID Connect sign-in failed");
            return back_to_sign_in(Reason::Failed);
        }
    };
    let refused = Caller {
        id: identity.subject.clone(),
        display_name: identity.display_name().to_owned(),
        role: crate::access::Role::Viewer,
        email: identity.email.clone(),
    };
    let caller = match caller_for(identity, &state.config.auth.roles) {
        Ok(caller) => caller,
        Err(_) => {
            record(
                &state,
                &origin,
                Action::SignInRefused,
                &refused,
                Outcome::Forbidden,
            )
            .await;
            return back_to_sign_in(Reason::NoRole);
        }
    };
    finish_sign_in(&state, &origin, &session, caller, &next).await
}

async fn finish_sign_in(
    state: &AppState,
    origin: &Origin,
    session: &Session,
    caller: Caller,
    next: &str,
) -> Response {
    if let Err(error) = session::sign_in(session, caller.clone()).await {
        tracing::error!(%error, "could not store the session");
        return back_to_sign_in(Reason::Failed);
    }
    tracing::info!(caller = %caller.id, role = caller.role.name(), "signed in");
    record(state, origin, Action::SignIn, &caller, Outcome::Succeeded).await;
    Redirect::to(&local_path(Some(next))).into_response()
}

#[derive(Debug, Deserialize)]
struct DevPerson {
    person: String,
    next: Option<String>,
}

async fn dev_sign_in(
    State(state): State<AppState>,
    session: Session,
    origin: Origin,
    Form(form): Form<DevPerson>,
) -> Response {
    // The configuration refuses `dev` outside the sandbox on loopback; this refuses it in
    // every other mode.
    if !matches!(state.config.auth.sign_in, SignIn::Dev) {
        return back_to_sign_in(Reason::Failed);
    }
    let Some((id, name, role)) = DEMO_PEOPLE.iter().find(|(id, ..)| *id == form.person) else {
        return back_to_sign_in(Reason::Failed);
    };
    let caller = Caller {
        id: (*id).to_owned(),
        display_name: (*name).to_owned(),
        role: *role,
        email: None,
    };
    finish_sign_in(
        &state,
        &origin,
        &session,
        caller,
        &local_path(form.next.as_deref()),
    )
    .await
}

async fn sign_out(State(state): State<AppState>, session: Session, origin: Origin) -> Response {
    if let Some(caller) = session::signed_in(&session, &state.config.session).await {
        record(
            &state,
            &origin,
            Action::SignOut,
            &caller,
            Outcome::Succeeded,
        )
        .await;
    }
    // Deleted from the store, not just forgotten by the browser: the old cookie is worthless.
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "could not end a session");
    }
    back_to_sign_in(Reason::SignedOut)
}
