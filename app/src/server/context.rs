//! Who is calling: the one place every server function goes through first.
//!
//! Today there is no sign-in yet, so every caller is the fixed local admin (the sandbox's
//! and a single-operator deployment's situation). SSO replaces [`resolve_caller`]; the
//! server functions already ask for a [`Permission`] and need no change then.

use leptos::prelude::use_context;

use super::state::AppState;
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Helpdesk,
    Viewer,
}

/// What a server function is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read users, brokers, environments, stores, networks.
    ViewUsers,
    /// Change any user attribute.
    EditUsers,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        match (self, permission) {
            (_, Permission::ViewUsers) => true,
            (Role::Admin, Permission::EditUsers) => true,
            (Role::Helpdesk | Role::Viewer, Permission::EditUsers) => false,
        }
    }
}

/// The person on whose behalf a server function runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Stable id for the audit log (the SSO subject later).
    pub id: String,
    pub display_name: String,
    pub role: Role,
}

impl Caller {
    /// The caller in sandbox mode and until sign-in exists.
    pub fn local_admin() -> Caller {
        Caller {
            id: "local-admin".to_owned(),
            display_name: "Local admin".to_owned(),
            role: Role::Admin,
        }
    }

    /// Refuses, with a message naming what is missing, unless the caller's role allows it.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.role.allows(permission) {
            Ok(())
        } else {
            Err(AppError::AccessDenied {
                action: format!("{permission:?} (your role is {:?})", self.role),
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
    let caller = resolve_caller(&state);
    caller.require(permission)?;
    Ok(RequestContext {
        state,
        caller,
        request_id,
    })
}

/// The current request's id (see `server::http::router`); a fresh one outside a request.
pub fn request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| super::http::request_id(&parts.extensions))
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

fn resolve_caller(_state: &AppState) -> Caller {
    Caller::local_admin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_request_id_is_the_reference_of_an_internal_error() {
        let owner = leptos::prelude::Owner::new();
        let outcome = owner
            .with(|| {
                let (mut parts, ()) = http::Request::new(()).into_parts();
                parts
                    .extensions
                    .insert(tower_http::request_id::RequestId::new(
                        http::HeaderValue::from_static("3f1c-request"),
                    ));
                leptos::prelude::provide_context(parts);
                assert_eq!(request_id(), "3f1c-request");
                // No AppState in this context: the one internal error context() can meet.
                leptos::prelude::ScopedFuture::new(context(Permission::ViewUsers))
            })
            .await;
        assert_eq!(
            outcome.map(|_| ()),
            Err(AppError::Internal {
                reference: "3f1c-request".to_owned()
            })
        );
        // Outside a request every call gets a fresh id.
        assert_ne!(request_id(), request_id());
    }

    #[test]
    fn roles_grant_what_they_should() {
        assert!(Role::Admin.allows(Permission::EditUsers));
        assert!(Role::Viewer.allows(Permission::ViewUsers));
        assert!(!Role::Viewer.allows(Permission::EditUsers));
        let viewer = Caller {
            role: Role::Viewer,
            ..Caller::local_admin()
        };
        assert!(matches!(
            viewer.require(Permission::EditUsers),
            Err(AppError::AccessDenied { .. })
        ));
    }
}
