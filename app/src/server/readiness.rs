//! Readiness: a background task asks every service one cheap question each
//! `probe_interval`, and `/readyz` answers from its last round. An orchestrator polling
//! `/readyz` every few seconds then costs AWS nothing, and a slow service cannot make the
//! probe itself time out.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::{AppState, overview};
use crate::error::AppError;
use crate::services::ServiceId;
use crate::services::for_each_service;

/// What the prober last found, kept in [`AppState`].
#[derive(Debug, Default)]
pub struct Readiness {
    /// Whether a prober runs for this state: one per state, however many routers use it.
    prober_started: AtomicBool,
    last: Mutex<Option<Arc<ProbeRound>>>,
}

/// One round of probes: each service's answer, and when the round ended.
#[derive(Debug)]
pub struct ProbeRound {
    pub finished_at: Instant,
    pub results: Vec<(ServiceId, Result<(), AppError>)>,
}

impl ProbeRound {
    pub fn all_ok(&self) -> bool {
        self.results.iter().all(|(_, r)| r.is_ok())
    }
}

impl Readiness {
    /// The last finished round; `None` until the first one ends.
    pub fn last(&self) -> Option<Arc<ProbeRound>> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, round: ProbeRound) {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(round));
    }
}

/// The `/readyz` route: starts the prober for `state` (unless one runs already) and answers
/// from what it finds. The router builds it, so whatever serves `/readyz` — the binary or a
/// test's in-process router — has a prober behind it.
pub fn route<S>(state: AppState) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    spawn(&state);
    get(move || readyz(state.clone()))
}

/// Starts probing every service now and then each `probe_interval`; `None` when a prober
/// already runs for this state. The task runs as long as the runtime does.
pub fn spawn(state: &AppState) -> Option<JoinHandle<()>> {
    if state.readiness.prober_started.swap(true, Ordering::SeqCst) {
        return None;
    }
    let state = state.clone();
    Some(tokio::spawn(async move {
        // A zero interval would make `interval` panic and the prober spin.
        let mut ticks = tokio::time::interval(state.config.probe_interval.max(MIN_INTERVAL));
        // A round that overran (each probe may take up to its timeout) delays the next one
        // rather than starting rounds back to back to catch up.
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let round = probe_all(&state).await;
            log_changes(state.readiness.last().as_deref(), &round);
            state.readiness.record(round);
        }
    }))
}

const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// 503 `starting` until the first round ends; then 200 when every service answered the last
/// round, else 503 naming what failed. A last round too old to trust (the prober stalled)
/// is not ready either.
pub async fn readyz(state: AppState) -> Response {
    let backend = state.location.label();
    let Some(round) = state.readiness.last() else {
        let body = serde_json::json!({
            "status": "starting",
            "backend": backend,
            "services": {},
        });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    };
    let age = round.finished_at.elapsed();
    let stale = age > stale_after(state.config.probe_interval);
    let ready = round.all_ok() && !stale;
    let services: serde_json::Map<String, serde_json::Value> = round
        .results
        .iter()
        .map(|(service, result)| {
            let value = match result {
                Ok(()) => "ok".to_owned(),
                Err(e) => e.to_string(),
            };
            (service.slug().to_owned(), value.into())
        })
        .collect();
    let mut body = serde_json::json!({
        "status": if ready { "ready" } else { "not ready" },
        "backend": backend,
        "services": services,
        "probed_seconds_ago": age.as_secs(),
    });
    if stale {
        body["problem"] = "the readiness probe has not finished a round recently".into();
    }
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// How old the last round may be: two missed rounds, plus the time a round may take.
fn stale_after(interval: Duration) -> Duration {
    interval.max(MIN_INTERVAL) * 2 + Duration::from_secs(10)
}

/// Every service at once: a round takes as long as the slowest probe (at most its timeout).
async fn probe_all(state: &AppState) -> ProbeRound {
    let results = for_each_service(|service| overview::probe(state, service)).await;
    ProbeRound {
        finished_at: Instant::now(),
        results,
    }
}

/// One line when a service starts or stops answering, not one per round.
fn log_changes(before: Option<&ProbeRound>, now: &ProbeRound) {
    for (service, result) in &now.results {
        let was_ok = before
            .and_then(|b| b.results.iter().find(|(s, _)| s == service))
            .map(|(_, r)| r.is_ok());
        match (was_ok, result) {
            (Some(false) | None, Ok(())) => {
                tracing::info!(service = service.slug(), "readiness probe: reachable");
            }
            (Some(true) | None, Err(error)) => {
                tracing::warn!(service = service.slug(), %error, "readiness probe: not reachable");
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
