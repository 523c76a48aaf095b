//! The batch user operations, `BatchToggleUserSuspendStatus` and `BatchReinviteUser`, and what
//! they share with `BatchResetDevicesForUser`: the id list in the body, the `X-Client-Token`
//! header and the per-item answer.
//!
//! A batch answers 200 with each item under `successful` or `failed` (with the `field` and a
//! `reason`); only a request that cannot be read or checked as a whole is an error. Every batch
//! here is idempotent (suspending a suspended user, resetting a reset device or reinviting
//! twice changes nothing more), so a `clientToken` seen again needs no memory: it is checked
//! against the model and otherwise not kept.

use std::sync::{Arc, LazyLock};

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use regex::Regex;
use serde_json::{Map, Value, json};

use super::wire::{
    Params, REST, bad_request, check_network_id, constraint, invalid, member_type_error, now,
};
use super::{DAY, DEFAULT_INVITE_DAYS, PENDING, SERVICE, USER_ID, User};
use crate::rest_json::{Reply, body_members, injected, path_params};
use crate::{AwsError, SandboxState, lock, validate};

/// "Maximum 50 users per batch request" (50 devices for `BatchResetDevicesForUser`).
const MAX_BATCH: usize = 50;

static CLIENT_TOKEN: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[a-zA-Z0-9-_:]+"));

/// `X-Client-Token`, when given: 1–64 of the model's characters.
pub(super) fn check_client_token(headers: &HeaderMap) -> Result<(), AwsError> {
    let Some(raw) = headers.get("x-client-token") else {
        return Ok(());
    };
    let token = raw
        .to_str()
        .map_err(|_| bad_request("The X-Client-Token header is not valid."))?;
    validate::length("clientToken", token, 1, 64)
        .and_then(|()| validate::pattern("clientToken", token, &CLIENT_TOKEN))
        .map_err(|m| invalid("clientToken", m))
}

/// The required list `name` (`userIds`, `appIds`): strings, at most [`MAX_BATCH`], each passing
/// `check`; an id given twice is handled (and answered) once.
pub(super) fn id_list(
    members: &Map<String, Value>,
    name: &str,
    check: impl Fn(&str) -> Result<(), AwsError>,
) -> Result<Vec<String>, AwsError> {
    let items = match members.get(name) {
        None | Some(Value::Null) => return Err(invalid(name, validate::required(name))),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(member_type_error(name, "a list of strings")),
    };
    if items.len() > MAX_BATCH {
        return Err(invalid(
            name,
            constraint(
                name,
                &format!("Member must have length less than or equal to {MAX_BATCH}"),
            ),
        ));
    }
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let id = item
            .as_str()
            .ok_or_else(|| member_type_error(name, "a list of strings"))?;
        check(id)?;
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

/// `userIds`: each a user id by the model's rules.
fn user_ids(members: &Map<String, Value>) -> Result<Vec<String>, AwsError> {
    id_list(members, "userIds", |id| {
        validate::length("userIds", id, 1, 10)
            .and_then(|()| validate::pattern("userIds", id, &USER_ID))
            .map_err(|m| invalid("userIds", m))
    })
}

/// The answer of one batch call, item by item.
pub(super) struct Outcome {
    /// The member naming an item: `userId` or `appId`.
    key: &'static str,
    successful: Vec<Value>,
    failed: Vec<Value>,
}

impl Outcome {
    pub(super) fn new(key: &'static str) -> Self {
        Self {
            key,
            successful: Vec::new(),
            failed: Vec::new(),
        }
    }

    pub(super) fn succeed(&mut self, id: &str) {
        self.successful.push(json!({ self.key: id }));
    }

    pub(super) fn fail(&mut self, id: &str, field: &str, reason: String) {
        self.failed
            .push(json!({ self.key: id, "field": field, "reason": reason }));
    }

    /// The response body; `message` sums it up: "Suspended 2 of 3 users.".
    pub(super) fn reply(self, verb: &str, noun: &str) -> Value {
        let total = self.successful.len() + self.failed.len();
        let plural = if total == 1 { "" } else { "s" };
        json!({
            "message": format!("{verb} {} of {total} {noun}{plural}.", self.successful.len()),
            "successful": self.successful,
            "failed": self.failed,
        })
    }
}

impl User {
    pub(super) fn set_suspended(&mut self, suspend: bool, now: i64) {
        if self.suspended != suspend {
            self.suspended = suspend;
            self.modified = now;
        }
    }

    /// Sends the invitation again, valid for [`DEFAULT_INVITE_DAYS`] from `now` (an expired
    /// one becomes usable again). Only a user who has not accepted can be reinvited; `Err` is
    /// the `failed` item's reason.
    pub(super) fn reinvite(&mut self, now: i64) -> Result<(), String> {
        if self.status != PENDING {
            return Err(
                "User is already active; only users with a pending invitation can be reinvited."
                    .to_owned(),
            );
        }
        self.invite_expiration = Some(now + DEFAULT_INVITE_DAYS * DAY);
        self.modified = now;
        Ok(())
    }
}

/// `suspend` from the query string: required, `true` or `false`.
fn suspend_param(uri: &Uri) -> Result<bool, AwsError> {
    match Params::read(uri)?.get("suspend") {
        None => Err(invalid("suspend", validate::required("suspend"))),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(bad_request(
            "Query parameter suspend must be true or false.",
        )),
    }
}

/// The `userIds` of a user batch, checked, and the header beside them. The call fails with an
/// injected fault when one targets any of the listed users.
fn read_user_ids(
    state: &SandboxState,
    operation: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Vec<String>, AwsError> {
    check_client_token(headers)?;
    let user_ids = user_ids(&body_members(&REST, body)?)?;
    for id in &user_ids {
        injected(&REST, state, operation, id)?;
    }
    Ok(user_ids)
}

pub(super) async fn batch_toggle_user_suspend_status(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    const OPERATION: &str = "BatchToggleUserSuspendStatus";
    state.count_call(SERVICE, OPERATION);
    let network_id = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    let suspend = suspend_param(&uri)?;
    let user_ids = read_user_ids(&state, OPERATION, &headers, &body)?;
    let mut store = lock(&state.stores.wickr);
    let network = store.network_mut(&network_id)?;
    let now = now();
    let mut outcome = Outcome::new("userId");
    for id in &user_ids {
        match network.user_index(id) {
            Ok(index) => {
                network.users[index].set_suspended(suspend, now);
                outcome.succeed(id);
            }
            Err(not_found) => outcome.fail(id, "userIds", not_found.message),
        }
    }
    let verb = if suspend { "Suspended" } else { "Unsuspended" };
    Ok(Json(outcome.reply(verb, "user")))
}

pub(super) async fn batch_reinvite_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    const OPERATION: &str = "BatchReinviteUser";
    state.count_call(SERVICE, OPERATION);
    let network_id = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    let user_ids = read_user_ids(&state, OPERATION, &headers, &body)?;
    let mut store = lock(&state.stores.wickr);
    let network = store.network_mut(&network_id)?;
    let now = now();
    let mut outcome = Outcome::new("userId");
    for id in &user_ids {
        let reinvited = network
            .user_index(id)
            .map_err(|not_found| not_found.message)
            .and_then(|index| network.users[index].reinvite(now));
        match reinvited {
            Ok(()) => outcome.succeed(id),
            Err(reason) => outcome.fail(id, "userIds", reason),
        }
    }
    Ok(Json(outcome.reply("Reinvited", "user")))
}
