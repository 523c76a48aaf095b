//! `/_sandbox/*`: how tests steer the sandbox. Not part of any AWS API.
//!
//! - `POST /_sandbox/faults` `{"service":"mq","operation":"UpdateUser","target":"alice","error":"ConflictException","times":1}`
//!   makes that call answer that error shape (`operation` and `times` are optional: any operation,
//!   until cleared). 204 when stored; 400 `{"message": "..."}` for a body that is not a fault, an
//!   unknown service, `times` outside 1–1000, or when 100 faults are already held (see [`crate::fault`]);
//! - `DELETE /_sandbox/faults` clears them;
//! - `GET /_sandbox/calls` answers how many calls each AWS operation answered since the start or
//!   the last reset, as `{"memorydb:DescribeUsers": 2, "mq:ListBrokers": 1}` (operations never
//!   called are absent; these control routes are never counted);
//! - `DELETE /_sandbox/calls` zeroes the counts;
//! - `POST /_sandbox/stall` `{"service":"mq","seconds":30}` (`"reads":true`: its reads too) holds every changing call of the
//!   service that long before carrying it out (1–120 s; a test that must act while a change is
//!   under way); `DELETE /_sandbox/stall?service=mq` ends it;
//! - `POST /_sandbox/populate` `{"service":"mq","count":10000}` adds that many synthetic users
//!   (`load-user-00001`, … after any added before) to the service's first container: the first
//!   MQ broker, FinSpace environment, identity store or Wickr network, or the MemoryDB account.
//!   For load tests and benchmarks. 204; 400 for a `count` outside 1–20000, a service without
//!   users, or a container that would then hold more than 20000 of them. A reset removes them;
//! - `POST /_sandbox/reset` restores the seed, clears the faults and zeroes the counts;
//! - `GET /_sandbox/health` answers 200.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::seed::MAX_LOAD_USERS;
use crate::{Fault, SERVICES, SandboxState, Stores};

pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/calls", get(calls).delete(reset_calls))
        .route("/stall", post(stall).delete(unstall))
        .route("/populate", post(populate))
        .route("/reset", post(reset))
        .route("/health", get(|| async { "ok" }))
}

/// A control request the sandbox will not carry out: 400 and why, as `{"message": ...}`.
struct Refused(String);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, Json(json!({ "message": self.0 }))).into_response()
    }
}

async fn add_fault(
    State(state): State<Arc<SandboxState>>,
    fault: Result<Json<Fault>, JsonRejection>,
) -> Result<StatusCode, Refused> {
    // The rejection names the missing or mistyped member, which is what the test author needs.
    let Json(fault) = fault.map_err(|rejection| Refused(rejection.body_text()))?;
    state
        .try_add_fault(fault)
        .map_err(|refused| Refused(refused.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
struct Stall {
    service: String,
    seconds: u64,
    /// Hold the service's reading calls too, not only its changes.
    #[serde(default)]
    reads: bool,
}

async fn stall(
    State(state): State<Arc<SandboxState>>,
    stall: Result<Json<Stall>, JsonRejection>,
) -> Result<StatusCode, Refused> {
    let Json(stall) = stall.map_err(|rejection| Refused(rejection.body_text()))?;
    if !(1..=120).contains(&stall.seconds) {
        return Err(Refused(format!(
            "seconds must be between 1 and 120 (got {})",
            stall.seconds
        )));
    }
    state
        .stall_calls(
            &stall.service,
            Some(std::time::Duration::from_secs(stall.seconds)),
            stall.reads,
        )
        .map_err(Refused)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
struct Unstall {
    service: String,
}

async fn unstall(
    State(state): State<Arc<SandboxState>>,
    axum::extract::Query(query): axum::extract::Query<Unstall>,
) -> Result<StatusCode, Refused> {
    state.stall(&query.service, None).map_err(Refused)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
struct Populate {
    service: String,
    count: usize,
}

async fn populate(
    State(state): State<Arc<SandboxState>>,
    request: Result<Json<Populate>, JsonRejection>,
) -> Result<StatusCode, Refused> {
    let Json(request) = request.map_err(|rejection| Refused(rejection.body_text()))?;
    let Some(add_users) = Stores::populator(&request.service) else {
        // The services that keep users (SSO Admin keeps none), in their registration order.
        let slugs: Vec<&str> = SERVICES
            .into_iter()
            .filter(|slug| Stores::populator(slug).is_some())
            .collect();
        return Err(Refused(format!(
            "Unknown service: expected one of {}.",
            slugs.join(", ")
        )));
    };
    if !(1..=MAX_LOAD_USERS).contains(&request.count) {
        return Err(Refused(format!(
            "count must be between 1 and {MAX_LOAD_USERS} (got {})",
            request.count
        )));
    }
    add_users(&state.stores, request.count).map_err(Refused)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.clear_faults();
    StatusCode::NO_CONTENT
}

async fn calls(State(state): State<Arc<SandboxState>>) -> Json<BTreeMap<String, u64>> {
    Json(state.calls())
}

async fn reset_calls(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.reset_calls();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
