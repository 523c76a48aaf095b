//! AWS Wickr admin API (restJson1, API 2024-02-01): networks, security groups, users and
//! their devices, and the batch operations on them (suspend, reinvite, reset devices).
//!
//! Errors are Wickr's: `ValidationError` (HTTP 422) lists each bad field under `reasons`
//! (`{field, reason}`); a body or query string that cannot be read at all is `BadRequestError`
//! (400); an unknown network or user is `ResourceNotFoundError` (404).
//!
//! Where the model is silent the sandbox chooses (and tests pin):
//! - `maxResults` is 1–100, default 10, as the operations' documentation says;
//! - `ListNetworks` sorts by `networkId` descending unless asked otherwise (documented);
//!   `ListUsers` and `ListSecurityGroups` keep the seed order (user id / creation) when neither
//!   `sortFields` nor `sortDirection` is given, and sort descending when only `sortFields` is;
//! - `ListUsers` filters `firstName`, `lastName`, `username` by case-insensitive substring;
//! - `UpdateUser` takes exactly one security group (the model: "a user can only be assigned to
//!   a single security group"), which must exist in the network; `username` must be non-empty,
//!   without whitespace, and unique in the network (case-insensitively);
//! - `inviteCodeTtl` is in days and at least 1; an `inviteCode` given without a TTL keeps the
//!   current expiry, or gets 7 days when the user had none;
//! - `GetUser`'s `startTime`/`endTime` window hides `lastActivity` when it falls outside;
//! - the batch operations take at most 50 ids (as documented) and answer each one under
//!   `successful` or `failed`; an unknown id is a `failed` item, not an error. Only a user whose
//!   invitation is pending (`status` 1) can be reinvited, which renews the invitation for 7
//!   days. See `batch.rs` and `devices.rs` for the rest.

use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::routing::{get, patch};
use regex::Regex;
use serde_json::{Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, validate};

mod batch;
mod devices;
mod handlers;
mod populate;
mod seed;
mod wire;

use batch::{batch_reinvite_user, batch_toggle_user_suspend_status};
use devices::{Device, batch_reset_devices_for_user, devices_for, list_devices_for_user};
use handlers::{get_user, list_networks, list_security_groups, list_users, update_user};
use wire::network_not_found;

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "wickr";

/// restJson1: [`routes`] under the service's own URI prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::RestJson {
    path_prefix: "/networks",
    routes,
};
const DEFAULT_PAGE: i64 = 10;
const DAY: i64 = 86_400;
const DEFAULT_INVITE_DAYS: i64 = 7;

/// User status codes on the wire.
const PENDING: i64 = 1;
const ACTIVE: i64 = 2;

static NETWORK_ID: LazyLock<Regex> = LazyLock::new(|| validate::anchored("[0-9]{8}"));
static USER_ID: LazyLock<Regex> = LazyLock::new(|| validate::anchored("[0-9]+"));
static SECURITY_GROUP_ID: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[\S]+"));

/// Every Wickr network with its security groups and users.
#[derive(Debug)]
pub struct Store {
    networks: Vec<Network>,
}

#[derive(Debug)]
struct Network {
    id: &'static str,
    name: &'static str,
    access_level: &'static str,
    free_trial_expiration: Option<&'static str>,
    encryption_key_arn: Option<&'static str>,
    groups: Vec<SecurityGroup>,
    /// Kept in user-id order, the default listing order.
    users: Vec<User>,
}

#[derive(Debug)]
struct SecurityGroup {
    id: &'static str,
    name: &'static str,
    is_default: bool,
    modified: i64,
    bot_members: i64,
    settings: Value,
}

#[derive(Debug, Clone)]
struct User {
    id: String,
    first_name: String,
    last_name: String,
    username: String,
    groups: Vec<String>,
    is_admin: bool,
    suspended: bool,
    status: i64,
    otp_enabled: bool,
    last_login: Option<i64>,
    last_activity: Option<i64>,
    modified: i64,
    invite_code: Option<String>,
    invite_expiration: Option<i64>,
    code_validation: Option<bool>,
    /// The apps the user has signed in with, in the order they were first seen.
    devices: Vec<Device>,
}

impl Network {
    fn summary(&self) -> Value {
        let mut network = json!({
            "networkId": self.id,
            "networkName": self.name,
            "accessLevel": self.access_level,
            "awsAccountId": ACCOUNT_ID,
            "networkArn": format!("arn:aws:wickr:{REGION}:{ACCOUNT_ID}:network/{}", self.id),
            "standing": 1,
            "migrationState": 2,
        });
        if let Some(expiry) = self.free_trial_expiration {
            network["freeTrialExpiration"] = json!(expiry);
        }
        if let Some(key) = self.encryption_key_arn {
            network["encryptionKeyArn"] = json!(key);
        }
        network
    }

    fn group_json(&self, group: &SecurityGroup) -> Value {
        let active = self
            .users
            .iter()
            .filter(|u| {
                u.status == ACTIVE && !u.suspended && u.groups.iter().any(|g| g == group.id)
            })
            .count();
        json!({
            "activeMembers": active,
            "botMembers": group.bot_members,
            "id": group.id,
            "isDefault": group.is_default,
            "name": group.name,
            "modified": group.modified,
            "securityGroupSettings": group.settings,
        })
    }

    fn user_index(&self, id: &str) -> Result<usize, AwsError> {
        self.users.iter().position(|u| u.id == id).ok_or_else(|| {
            AwsError::new(
                404,
                "ResourceNotFoundError",
                format!("User {id} was not found in network {}.", self.id),
            )
        })
    }
}

impl User {
    fn listing(&self, now: i64) -> Value {
        let mut user = json!({
            "userId": self.id,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "username": self.username,
            "securityGroups": self.groups,
            "isAdmin": self.is_admin,
            "suspended": self.suspended,
            "status": self.status,
            "otpEnabled": self.otp_enabled,
            "type": "user",
            "challengeFailures": 0,
            "isInviteExpired": self.invite_expiration.is_some_and(|e| e <= now),
            "isUser": true,
            "uname": uname(&self.id),
        });
        if let Some(code) = &self.invite_code {
            user["inviteCode"] = json!(code);
        }
        if let Some(validation) = self.code_validation {
            user["codeValidation"] = json!(validation);
        }
        user
    }
}

/// A stable 64-hex-digit identifier per user id (Wickr's `uname` is an opaque hash).
fn uname(id: &str) -> String {
    crate::seed::hex(id.parse().unwrap_or_default(), 64)
}

impl Store {
    fn network(&self, id: &str) -> Result<&Network, AwsError> {
        self.networks
            .iter()
            .find(|n| n.id == id)
            .ok_or_else(|| network_not_found(id))
    }

    fn network_mut(&mut self, id: &str) -> Result<&mut Network, AwsError> {
        self.networks
            .iter_mut()
            .find(|n| n.id == id)
            .ok_or_else(|| network_not_found(id))
    }
}

pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/networks", get(list_networks))
        .route(
            "/networks/{network_id}/security-groups",
            get(list_security_groups),
        )
        .route(
            "/networks/{network_id}/users",
            get(list_users).patch(update_user),
        )
        // Fixed segments win over `{user_id}`: these two are never read as a user id.
        .route(
            "/networks/{network_id}/users/toggleSuspend",
            patch(batch_toggle_user_suspend_status),
        )
        .route(
            "/networks/{network_id}/users/re-invite",
            patch(batch_reinvite_user),
        )
        .route("/networks/{network_id}/users/{user_id}", get(get_user))
        .route(
            "/networks/{network_id}/users/{user_id}/devices",
            get(list_devices_for_user).patch(batch_reset_devices_for_user),
        )
}

#[cfg(test)]
mod tests;
