//! A user's devices: `ListDevicesForUser` and `BatchResetDevicesForUser`.
//!
//! A device is a Wickr app a user has signed in with. Resetting one signs it out and marks it
//! `Reset` (the model's `statusText` is "either 'Active' or 'Reset'"): it stays listed, as the
//! device the user must sign in on again. A device reads `suspend: true` while its user is
//! suspended. `created` and `lastLogin` are strings in the model; the sandbox writes them as
//! ISO 8601 UTC.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use serde_json::{Value, json};

use super::batch::{Outcome, check_client_token, id_list};
use super::wire::{Params, REST, caseless, check_network_id, check_user_id};
use super::{SERVICE, User};
use crate::rest_json::{Reply, body_members, injected, paged, path_params};
use crate::{SandboxState, lock, seed};

/// The `sortFields` `ListDevicesForUser` accepts, as its documentation spells them.
const SORT_FIELDS: [&str; 4] = ["lastlogin", "type", "suspend", "created"];

/// The operating systems the Wickr apps run on, as `type` names them.
const PLATFORMS: [&str; 5] = ["iOS", "Android", "MacOSX", "Windows", "Linux"];

const DAY: i64 = 86_400;

#[derive(Debug, Clone)]
pub(super) struct Device {
    pub(super) app_id: String,
    pub(super) kind: &'static str,
    pub(super) created: i64,
    pub(super) last_login: i64,
    /// Signed out by `BatchResetDevicesForUser`, until the user signs in on it again.
    pub(super) reset: bool,
}

impl Device {
    pub(super) fn to_json(&self, user_suspended: bool) -> Value {
        json!({
            "appId": self.app_id,
            "created": seed::iso8601(self.created),
            "lastLogin": seed::iso8601(self.last_login),
            "statusText": if self.reset { "Reset" } else { "Active" },
            "suspend": user_suspended,
            "type": self.kind,
        })
    }
}

/// `count` devices for the user with numeric id `user_id`, the first one the device it signed
/// in with last (at `last_login`), each older one first seen a month earlier.
pub(super) fn devices_for(user_id: u64, count: usize, last_login: i64) -> Vec<Device> {
    (0..count)
        .map(|k| Device {
            // Offset from the user ids so no app id shares its digits with a user's `uname`.
            app_id: seed::hex(0xd0_0000_0000 + user_id * 16 + k as u64, 32),
            kind: PLATFORMS[(user_id as usize + k) % PLATFORMS.len()],
            created: last_login - DAY * (40 + 30 * k as i64),
            last_login: last_login - DAY * 3 * k as i64,
            reset: false,
        })
        .collect()
}

/// Orders `devices` by `fields`, then by when each was first seen and its app id.
pub(super) fn sort_devices(devices: &mut [&Device], fields: &[&str], descending: bool) {
    devices.sort_by(|a, b| {
        let order = fields
            .iter()
            .fold(Ordering::Equal, |acc, field| {
                acc.then_with(|| match *field {
                    "lastlogin" => a.last_login.cmp(&b.last_login),
                    "type" => caseless(a.kind, b.kind),
                    // One user's devices are all suspended or none is.
                    "suspend" => Ordering::Equal,
                    _ => a.created.cmp(&b.created),
                })
            })
            .then_with(|| a.created.cmp(&b.created))
            .then_with(|| a.app_id.cmp(&b.app_id));
        if descending { order.reverse() } else { order }
    });
}

impl User {
    /// Marks the device for reset; `Err` is the `failed` item's reason.
    pub(super) fn reset_device(&mut self, app_id: &str) -> Result<(), String> {
        match self.devices.iter_mut().find(|d| d.app_id == app_id) {
            Some(device) => {
                // Resetting a device already marked for reset changes nothing and succeeds.
                device.reset = true;
                Ok(())
            }
            None => Err(format!(
                "No device with this appId is registered to user {}.",
                self.id
            )),
        }
    }
}

/// Lists in the order the devices were first seen when neither `sortFields` nor
/// `sortDirection` is given (as `ListUsers` keeps its seed order); otherwise sorts, descending
/// unless asked otherwise (documented: "Default is 'DESC'"). The fault target is the user id.
pub(super) async fn list_devices_for_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListDevicesForUser");
    let (network_id, user_id) = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    check_user_id(&user_id)?;
    injected(&REST, &state, "ListDevicesForUser", &user_id)?;
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params.sort_fields(&SORT_FIELDS)?;
    let descending = params.descending()?;
    let store = lock(&state.stores.wickr);
    let network = store.network(&network_id)?;
    let user = &network.users[network.user_index(&user_id)?];
    let mut devices: Vec<&Device> = user.devices.iter().collect();
    if fields.is_some() || descending.is_some() {
        sort_devices(
            &mut devices,
            &fields.unwrap_or_default(),
            descending.unwrap_or(true),
        );
    }
    paged(
        &REST,
        json!({}),
        "devices",
        &devices,
        params.next_token(),
        max,
        |d| d.to_json(user.suspended),
    )
}

/// Marks each listed device of the user for reset; an app id the user has no device for is
/// a `failed` item. The fault target is the user id.
pub(super) async fn batch_reset_devices_for_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "BatchResetDevicesForUser");
    let (network_id, user_id) = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    check_user_id(&user_id)?;
    check_client_token(&headers)?;
    let members = body_members(&REST, &body)?;
    // The model puts no constraint on an app id beyond being a string.
    let app_ids = id_list(&members, "appIds", |_| Ok(()))?;
    injected(&REST, &state, "BatchResetDevicesForUser", &user_id)?;

    let mut store = lock(&state.stores.wickr);
    let network = store.network_mut(&network_id)?;
    let index = network.user_index(&user_id)?;
    let user = &mut network.users[index];
    let mut outcome = Outcome::new("appId");
    for app_id in &app_ids {
        match user.reset_device(app_id) {
            Ok(()) => outcome.succeed(app_id),
            Err(reason) => outcome.fail(app_id, "appIds", reason),
        }
    }
    Ok(Json(outcome.reply("Reset", "device")))
}
