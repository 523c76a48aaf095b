//! The one edit pipeline: every user update, whatever the service, runs [`run`].
//!
//! A slice says what is particular to its service by implementing [`Edit`]: how its form
//! parses, how the user is read, what differs, how the change is sent and what the person
//! must know afterwards. The pipeline owns what must be the same everywhere: the permission
//! check before anything is read, the per-field authorization seam, "nothing changed,
//! nothing sent", timing, the one log line (names, never values), the audit seam and the
//! [`Outcome`].

use std::future::Future;
use std::time::{Duration, Instant};

use super::{FieldChange, FieldError, NOTHING_CHANGED, Outcome, RecordView};
use crate::access::{FieldAccess, Task};
use crate::error::AppError;
use crate::server::audit::observe::{Observed, observing};
use crate::server::{AppState, Caller, Permission, Role};
use crate::services::ServiceId;

/// What one service's user edit supplies to [`run`].
pub trait Edit {
    const SERVICE: ServiceId;
    /// A helpdesk action (a password reset, a Wickr device reset…) rather than an edit of
    /// fields: authorized by [`Role::may`] instead of field by field, and audited under its
    /// own name.
    const TASK: Option<Task> = None;
    /// The raw form, as the server function receives it.
    type Form: Sync;
    /// The parsed, valid request (only [`Edit::parse`] builds one).
    type Update: Send + Sync;
    /// The user as AWS reports it.
    type Record: Send + Sync;

    /// The slice's rules, the same ones the browser ran. No AWS call.
    fn parse(form: &Self::Form) -> Result<Self::Update, Vec<FieldError>>;

    /// Which user this is, for the log line and the audit record: ids only, never a value
    /// the form changes (e.g. "user alice of broker b-1").
    fn target(update: &Self::Update) -> String;

    /// Which user the posted form names, before anything in it is checked (the same words
    /// as [`Edit::target`], from the raw ids): so an attempt refused for the role or for its
    /// input is still on record against that user. The pipeline cleans it ([`posted`]).
    fn posted_target(form: &Self::Form) -> String;

    /// The user as it is now (also where a slice refuses a target it may not touch).
    fn read(
        state: &AppState,
        update: &Self::Update,
    ) -> impl Future<Output = Result<Self::Record, AppError>> + Send;

    /// Rules that need the current record (e.g. a user AWS will not let anyone change).
    fn check(_before: &Self::Record, _update: &Self::Update) -> Result<(), AppError> {
        Ok(())
    }

    /// What the update would change; empty means nothing is sent.
    fn diff(before: &Self::Record, update: &Self::Update) -> Vec<FieldChange>;

    /// Sends the change and returns the user as AWS then reports it.
    fn send(
        state: &AppState,
        update: &Self::Update,
        before: &Self::Record,
    ) -> impl Future<Output = Result<Self::Record, AppError>> + Send;

    /// The record as the page shows it.
    fn view(record: &Self::Record) -> RecordView;

    /// Something the person must know about a change that was sent.
    fn notice(_after: &Self::Record, _changes: &[FieldChange]) -> Option<String> {
        None
    }
}

/// Runs one update of `E`'s users for `caller`: permission → parse → read → check → diff →
/// authorize → send → invalidate the lists → log. Every path, refusals included, ends in
/// the one log line.
pub async fn run<E: Edit>(
    state: &AppState,
    caller: &Caller,
    form: &E::Form,
) -> Result<Outcome, AppError> {
    let started = Instant::now();
    let mut entry = Entry {
        service: E::SERVICE,
        task: E::TASK,
        caller: &caller.id,
        target: Some(posted(&E::posted_target(form))),
        fields: Vec::new(),
        changes: Vec::new(),
        intent: None,
        observed: Observed::default(),
    };
    let result = steps::<E>(state, caller, form, &mut entry).await;
    let elapsed = started.elapsed();
    settle(&entry, &result, elapsed);
    trail::close(state, caller, &entry, &result, elapsed).await;
    result.map(|(outcome, _)| outcome)
}

/// The longest posted target kept, in characters.
const POSTED_TARGET_MAX: usize = 200;

/// A posted target as the log line and the audit record may hold it: the raw ids are
/// anyone's text, so control characters (a forged log line) become spaces and the whole is
/// cut to [`POSTED_TARGET_MAX`] characters.
fn posted(target: &str) -> String {
    let mut cleaned: String = target
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(POSTED_TARGET_MAX)
        .collect();
    if target.chars().count() > POSTED_TARGET_MAX {
        cleaned.push('…');
    }
    cleaned
}

/// Whether a change was sent: what the log line and the audit record tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Nothing,
    Change,
}

async fn steps<E: Edit>(
    state: &AppState,
    caller: &Caller,
    form: &E::Form,
    entry: &mut Entry<'_>,
) -> Result<(Outcome, Sent), AppError> {
    // First, so a caller who may not edit learns nothing about the user or the rules.
    caller.require(Permission::SubmitEdits)?;
    // Parse before any AWS call: bad input never leaves the server.
    let update = E::parse(form).map_err(AppError::Invalid)?;
    entry.target = Some(E::target(&update));
    let before = E::read(state, &update).await?;
    E::check(&before, &update)?;
    let changes = E::diff(&before, &update);
    entry.fields = changes.iter().map(|c| c.field.clone()).collect();
    entry.changes = changes.clone();
    authorize::<E>(caller, &changes)?;
    if changes.is_empty() {
        let view = E::view(&before);
        let outcome = Outcome {
            before: view.clone(),
            after: view,
            changes,
            notice: Some(NOTHING_CHANGED.to_owned()),
        };
        return Ok((outcome, Sent::Nothing));
    }
    // The intent is on record before AWS is called: if the process dies mid-call, the
    // change still shows, as "outcome unknown". If it cannot be written, nothing is sent.
    entry.intent = Some(trail::intent(state, caller, entry).await?);
    let (sent, observed) = observing(E::send(state, &update, &before)).await;
    entry.observed = observed;
    let after = sent?;
    // The lists must not show the user as it was before this change.
    state.listings.invalidate(E::SERVICE);
    let notice = E::notice(&after, &changes);
    let outcome = Outcome {
        before: E::view(&before),
        after: E::view(&after),
        changes,
        notice,
    };
    Ok((outcome, Sent::Change))
}

/// Per-field authorization: whether `caller` may make each of `changes`. Decided on what
/// would change, after parsing and before anything is sent, so a field the form never showed
/// the role (but someone posted anyway) is refused like any other. A task is one decision:
/// whether the role may carry it out.
fn authorize<E: Edit>(caller: &Caller, changes: &[FieldChange]) -> Result<(), AppError> {
    if let Some(task) = E::TASK {
        if caller.role.may(task) {
            return Ok(());
        }
        return Err(AppError::Forbidden {
            what: task.label().to_owned(),
            needed: task.needs().name().to_owned(),
            role: caller.role.name().to_owned(),
        });
    }
    let access = FieldAccess {
        role: caller.role,
        service: E::SERVICE,
    };
    let refused: Vec<&str> = changes
        .iter()
        .filter(|c| !access.may_edit(&c.field))
        .map(|c| c.label.as_str())
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(AppError::Forbidden {
        what: format!(
            "Changing {} of {} users",
            refused.join(", "),
            E::SERVICE.name()
        ),
        needed: Role::Admin.name().to_owned(),
        role: caller.role.name().to_owned(),
    })
}

/// What the log line and the audit record say about one update: names, never values.
struct Entry<'a> {
    service: ServiceId,
    task: Option<Task>,
    caller: &'a str,
    /// The posted target, then (once the form parsed) the checked one.
    target: Option<String>,
    /// The `FieldChange::field` names, once the difference is known.
    fields: Vec<String>,
    /// The difference itself, for the audit record (which redacts secrets).
    changes: Vec<FieldChange>,
    /// The audit record of the intent, once written (then AWS was called).
    intent: Option<i64>,
    /// What AWS reported while the change was sent.
    observed: Observed,
}

/// The one log line for an update, whatever happened (the audit record is `trail::close`).
fn settle(entry: &Entry<'_>, result: &Result<(Outcome, Sent), AppError>, elapsed: Duration) {
    let outcome = match result {
        Ok((_, Sent::Change)) => "updated",
        Ok((_, Sent::Nothing)) => "unchanged",
        Err(AppError::Forbidden { .. } | AppError::SignInRequired) => "refused",
        Err(AppError::Invalid(_)) => "invalid",
        Err(_) => "failed",
    };
    // The title only: an error's text may quote what was submitted.
    let error = result.as_ref().err().map(AppError::title);
    tracing::info!(
        service = entry.service.slug(),
        task = entry.task.map(Task::as_str),
        caller = entry.caller,
        target = entry.target.as_deref().unwrap_or("-"),
        fields = ?entry.fields,
        duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        outcome,
        error,
        "{} user {outcome}",
        entry.service.name(),
    );
}

/// A slice's update server function: the person signed in (else 401), then [`run`] — which
/// checks the edit permission itself, so a refused attempt is on the audit record — and the
/// answer for a plain form post (`via` is not "js"): kept for `page` to show.
pub async fn submit<E: Edit>(
    form: &E::Form,
    via: Option<&str>,
    page: &str,
    form_without_secrets: &impl serde::Serialize,
) -> Result<Outcome, AppError> {
    let ctx = crate::server::context::edit_context().await?;
    let result = run::<E>(&ctx.state, &ctx.caller, form).await;
    crate::server::flash::after_submit(&ctx, via, page, &result, form_without_secrets).await;
    result
}

mod trail;

#[cfg(test)]
mod tests;
