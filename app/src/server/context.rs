//! Who is calling: the one place every server function goes through first.
//!
//! The sign-in middleware (`server::auth`) puts the [`Caller`] of a request into its
//! extensions; [`context`] reads it there and checks the [`Permission`] the server function
//! asks for. No caller means nobody signed in: the server function answers 401.

use leptos::prelude::use_context;
use serde::{Deserialize, Serialize};

use super::state::AppState;
use crate::error::AppError;

pub use crate::access::Role;

impl Permission {
    /// Whether `role` has it.
    pub fn granted_to(self, role: Role) -> bool {
        match (role, self) {
            (_, Permission::ViewUsers) => true,
            (Role::Admin | Role::Helpdesk, Permission::SubmitEdits) => true,
            (Role::Viewer, Permission::SubmitEdits) => false,
        }
    }
}

/// What a server function is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read users, brokers, environments, stores, networks.
    ViewUsers,
    /// Submit a change to a user. Which fields the role may change is decided per field
    /// after parsing, in the edit pipeline.
    SubmitEdits,
}

impl Permission {
    /// What the permission is for, in a refusal's words.
    fn what(self) -> &'static str {
        match self {
            Permission::ViewUsers => "Viewing users",
            Permission::SubmitEdits => "Changing users",
        }
    }

    /// The weakest role that has it.
    fn needs(self) -> Role {
        match self {
            Permission::ViewUsers => Role::Viewer,
            Permission::SubmitEdits => Role::Helpdesk,
        }
    }
}

/// The person on whose behalf a server function runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    /// Stable id for the log and the audit record: the IdP subject, the proxy's user.
    pub id: String,
    pub display_name: String,
    /// As the identity provider gave it, when it did.
    #[serde(default)]
    pub email: Option<String>,
    pub role: Role,
}

impl Caller {
    /// Everyone, when nobody signs in (`auth.mode = "none"`: one operator on loopback).
    pub fn local_admin() -> Caller {
        Caller {
            id: "local-admin".to_owned(),
            display_name: "Local admin".to_owned(),
            role: Role::Admin,
            email: None,
        }
    }

    /// Refuses, with a message naming the role needed, unless the caller's role allows it.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if permission.granted_to(self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                what: permission.what().to_owned(),
                needed: permission.needs().name().to_owned(),
                role: self.role.name().to_owned(),
            })
        }
    }
}

/// What a server function knows about its request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub state: AppState,
    pub caller: Caller,
    /// The id the router gave this request: in its log span, and the reference people quote.
    pub request_id: String,
    /// The request's session (no-JS form results live there); `None` outside a request.
    pub session: Option<tower_sessions::Session>,
}

/// The state and the caller of the current request, after checking `permission`.
pub async fn context(permission: Permission) -> Result<RequestContext, AppError> {
    let request_id = request_id();
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal {
            reference: request_id.clone(),
        }
    })?;
    let checked = caller()
        .ok_or(AppError::SignInRequired)
        .and_then(|caller| caller.require(permission).map(|()| caller));
    let caller = match checked {
        Ok(caller) => caller,
        Err(error) => {
            // A server function's answer says what went wrong (401 or 403), not a generic
            // 500. A page rendering (a GET) keeps its own status: its header asks this too,
            // and the sign-in page must not answer 401.
            if !rendering_page() {
                answer_with(&error);
            }
            return Err(error);
        }
    };
    let session = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<tower_sessions::Session>().cloned());
    Ok(RequestContext {
        state,
        caller,
        request_id,
        session,
    })
}

/// The context of a server function that submits a change: anyone signed in. The edit
/// pipeline checks [`Permission::SubmitEdits`] as its first step, so that a refused attempt
/// leaves its audit record (a refusal here would leave none).
pub async fn edit_context() -> Result<RequestContext, AppError> {
    context(Permission::ViewUsers).await
}

/// Whether the current request renders a page (a GET or HEAD) rather than calling a server
/// function (a POST).
pub fn rendering_page() -> bool {
    use_context::<http::request::Parts>()
        .is_some_and(|parts| matches!(parts.method, http::Method::GET | http::Method::HEAD))
}

/// Makes the current response's status the one `error` stands for (401, 403, 422…).
pub fn answer_with(error: &AppError) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.http_status())
    {
        response.set_status(status);
    }
}

/// The current request's id (see `server::http::router`); a fresh one outside a request.
pub fn request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| super::http::request_id(&parts.extensions))
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// The address of the current request's TCP peer (the proxy's, behind one), if known.
pub fn client_ip() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
    })
}

/// The current request's caller, as the sign-in middleware found it.
pub fn caller() -> Option<Caller> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
}

#[cfg(test)]
mod tests;
