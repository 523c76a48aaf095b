//! The edit pipeline's audit records: the intent before the change is sent (fail closed),
//! and how it ended — an outcome naming the intent, or one complete record for a change
//! that was never sent (invalid, refused, unchanged, failed before the send).

use std::time::Duration;

use super::{Entry, Sent};
use crate::error::AppError;
use crate::forms::Outcome as FormOutcome;
use crate::server::audit::{self, Action, Actor, Change, Outcome, Phase};
use crate::server::{AppState, Caller};

fn record(
    state: &AppState,
    caller: &Caller,
    entry: &Entry<'_>,
    phase: Phase,
    outcome: Outcome,
) -> audit::Entry {
    audit::Entry {
        phase,
        intent: if phase == Phase::Outcome {
            entry.intent
        } else {
            None
        },
        action: entry.task.map_or(Action::ChangeUser, Action::Task),
        actor: Actor {
            subject: caller.id.clone(),
            name: caller.display_name.clone(),
            email: caller.email.clone(),
            role: caller.role,
            mode: state.config.auth.sign_in.name().to_owned(),
            client_ip: crate::server::context::client_ip(),
        },
        service: Some(entry.service.slug().to_owned()),
        location: state.location.audit_label(),
        target: entry.target.clone(),
        changes: entry.changes.iter().map(Change::from).collect(),
        outcome,
        aws_request_ids: entry.observed.request_ids.clone(),
        request_id: crate::server::context::request_id(),
        duration_ms: None,
    }
}

/// Writes the intent; a change whose intent is not on record is not sent.
pub(super) async fn intent(
    state: &AppState,
    caller: &Caller,
    entry: &Entry<'_>,
) -> Result<i64, AppError> {
    let intent = record(state, caller, entry, Phase::Intent, Outcome::Unknown);
    match state.audit.write(&intent).await {
        Ok(written) => Ok(written.seq),
        Err(error) => {
            let reference = crate::server::context::request_id();
            tracing::error!(%error, reference, "the audit log refused an intent; the change is not sent");
            Err(AppError::AuditUnavailable { reference })
        }
    }
}

/// Writes how the change ended.
pub(super) async fn close(
    state: &AppState,
    caller: &Caller,
    entry: &Entry<'_>,
    result: &Result<(FormOutcome, Sent), AppError>,
    elapsed: Duration,
) {
    let outcome = match result {
        Ok((_, Sent::Change)) => Outcome::Succeeded,
        Ok((_, Sent::Nothing)) => Outcome::Unchanged,
        // Nothing was written, so there is nothing to close.
        Err(AppError::AuditUnavailable { .. }) => return,
        Err(AppError::Invalid(_)) => Outcome::Invalid,
        Err(AppError::Forbidden { .. } | AppError::SignInRequired) => Outcome::Forbidden,
        Err(error) => match &entry.observed.error_code {
            Some(code) if entry.intent.is_some() => Outcome::AwsError(code.clone()),
            _ => Outcome::Failed(failure(error).to_owned()),
        },
    };
    let phase = if entry.intent.is_some() {
        Phase::Outcome
    } else {
        Phase::Complete
    };
    let mut record = record(state, caller, entry, phase, outcome);
    record.duration_ms = Some(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
    state.audit.write_or_log(&record).await;
}

/// userdesk's name for a failure that is not an AWS error code.
fn failure(error: &AppError) -> &'static str {
    match error {
        AppError::NotFound { .. } => "not_found",
        AppError::InvalidState(_) => "invalid_state",
        AppError::Conflict(_) => "conflict",
        AppError::Throttled { .. } => "throttled",
        AppError::AccessDenied { .. } => "access_denied",
        AppError::Unavailable { .. } => "unavailable",
        AppError::Misconfigured { .. } => "misconfigured",
        AppError::Rejected { .. } => "rejected",
        _ => "internal",
    }
}
