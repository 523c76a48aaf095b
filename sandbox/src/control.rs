//! `/_sandbox/*`: how tests steer the sandbox. Not part of any AWS API.
//!
//! - `POST /_sandbox/faults` `{"service":"mq","operation":"UpdateUser","target":"alice","error":"ConflictException","times":1}`
//!   makes that call answer that error shape (`operation` and `times` are optional: any operation, until cleared);
//! - `DELETE /_sandbox/faults` clears them;
//! - `POST /_sandbox/reset` restores the seed;
//! - `GET /_sandbox/health` answers 200.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::SandboxState;

/// An error to answer instead of doing the work.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    /// `memorydb`, `mq`, `finspace`, `identitystore`, `wickr`.
    pub service: String,
    /// The operation name as AWS spells it (`UpdateUser`, `UpdateKxUser`…); `None` matches any.
    #[serde(default)]
    pub operation: Option<String>,
    /// The user the call is about: MemoryDB/MQ/FinSpace user name, IdentityStore user id, Wickr user id.
    pub target: String,
    /// The error shape to answer, e.g. `InvalidUserStateFault`, `ThrottlingException`.
    pub error: String,
    /// How many calls to fail; `None` until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

impl Fault {
    pub(crate) fn matches(&self, service: &str, operation: &str, target: &str) -> bool {
        self.service == service
            && self.target == target
            && self.operation.as_deref().is_none_or(|op| op == operation)
    }
}

pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/reset", post(reset))
        .route("/health", get(|| async { "ok" }))
}

async fn add_fault(State(state): State<Arc<SandboxState>>, Json(fault): Json<Fault>) -> StatusCode {
    state.add_fault(fault);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.clear_faults();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
