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

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, seed, validate};

mod batch;
mod devices;
mod handlers;
mod populate;
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
    seed::hex(id.parse().unwrap_or_default(), 64)
}

/// A security group's settings: every member of `SecurityGroupSettings`, tuned by `strict`
/// (contractors and observers get files, location and federation switched off).
fn settings(strict: bool, premium: bool) -> Value {
    json!({
        "alwaysReauthenticate": strict,
        "atakPackageValues": [],
        "calling": { "canStart11Call": true, "canVideoCall": !strict, "forceTcpCall": strict },
        "checkForUpdates": true,
        "enableAtak": false,
        "enableCrashReports": true,
        "enableFileDownload": !strict,
        "enableGuestFederation": premium && !strict,
        "enableNotificationPreview": !strict,
        "enableOpenAccessOption": false,
        "enableRestrictedGlobalFederation": false,
        "filesEnabled": !strict,
        "forceDeviceLockout": if strict { 5 } else { 10 },
        "forceOpenAccess": false,
        "forceReadReceipts": false,
        "globalFederation": premium && !strict,
        "isAtoEnabled": strict,
        "isLinkPreviewEnabled": !strict,
        "locationAllowMaps": !strict,
        "locationEnabled": !strict,
        "maxAutoDownloadSize": if strict { 512_000 } else { 7_340_032 },
        "maxBor": if strict { 3_600 } else { 0 },
        "maxTtl": if strict { 604_800 } else { 31_536_000 },
        "messageForwardingEnabled": !strict,
        "passwordRequirements": {
            "lowercase": 1,
            "minLength": if strict { 14 } else { 10 },
            "numbers": 1,
            "symbols": if strict { 1 } else { 0 },
            "uppercase": 1,
        },
        "presenceEnabled": true,
        "quickResponses": ["On my way", "Can't talk now", "Acknowledged"],
        "showMasterRecoveryKey": true,
        "shredder": { "canProcessManually": true, "intensity": if strict { 100 } else { 50 } },
        "ssoMaxIdleMinutes": if strict { 60 } else { 480 },
        "maxNonSsoSessionMinutes": if strict { 720 } else { 43_200 },
        "federationMode": if premium { 1 } else { 0 },
        "lockoutThreshold": if strict { 6 } else { 12 },
        "permittedNetworks": [],
        "permittedWickrAwsNetworks": [],
        "permittedWickrEnterpriseNetworks": [],
    })
}

fn group(id: &'static str, name: &'static str, strict: bool, premium: bool) -> SecurityGroup {
    SecurityGroup {
        id,
        name,
        is_default: name == "Default",
        modified: 1_709_251_200,
        bot_members: if name == "Default" { 1 } else { 0 },
        settings: settings(strict, premium),
    }
}

/// `first.last@domain`, ASCII-folded, as Wickr usernames are email addresses.
fn email(first: &str, last: &str, domain: &str) -> String {
    format!(
        "{}.{}@{domain}",
        seed::ascii_slug(first),
        seed::ascii_slug(last)
    )
}

/// Users for the staff members in `people`, ids from `first_id`, rotating through `groups`;
/// the first has three devices, the next two, then one, then none, and round again.
fn users(
    people: std::ops::Range<usize>,
    first_id: u32,
    domain: &str,
    groups: &[&'static str],
) -> Vec<User> {
    people
        .enumerate()
        .map(|(i, person)| {
            let (first, last) = (seed::FIRST_NAMES[person], seed::LAST_NAMES[person]);
            let login = 1_717_200_000 + 5_400 * i as i64;
            let id = first_id + i as u32;
            User {
                id: id.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                username: email(first, last, domain),
                groups: vec![groups[i % groups.len()].to_owned()],
                is_admin: false,
                suspended: false,
                status: ACTIVE,
                otp_enabled: i % 3 == 0,
                last_login: Some(login),
                last_activity: Some(login + 1_800),
                modified: 1_712_000_000 + 3_600 * i as i64,
                invite_code: None,
                invite_expiration: None,
                code_validation: None,
                devices: devices_for(u64::from(id), 3 - i % 4, login),
            }
        })
        .collect()
}

/// Turns a user into one whose invitation is still outstanding (never signed in: no devices).
fn invite(user: &mut User, code: &str, expiration: i64) {
    user.status = PENDING;
    user.last_login = None;
    user.last_activity = None;
    user.devices.clear();
    user.invite_code = Some(code.to_owned());
    user.invite_expiration = Some(expiration);
    user.code_validation = Some(false);
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

    /// Three networks: `24681357` (PREMIUM, 28 users, 5 groups), `31415926` and `27182818`.
    pub fn seeded() -> Self {
        let ops_groups = ["Kd3mQ8vZ", "Xp7LwT2a", "Hn4RcY9e", "Bq6VtJ1s", "Mz2FgK5u"];
        let mut ops_users = users(0..28, 1001, "meridian-ops.com", &ops_groups);
        // Amara runs the network; Quentin left under review; two invitations are outstanding
        // (one expired, one live); Nadia's last-used device was reset and she is due to
        // re-verify by code.
        ops_users[0].is_admin = true;
        ops_users[0].groups = vec!["Xp7LwT2a".to_owned()];
        ops_users[16].suspended = true;
        invite(&mut ops_users[26], "MRD-4821-QX", 1_714_521_600);
        invite(&mut ops_users[27], "MRD-9930-LK", 1_893_456_000);
        ops_users[13].code_validation = Some(true);
        ops_users[13].devices[0].reset = true;

        let field_groups = ["Ta8NwE3r", "Lc5PxU7q", "Wv1HsD4m"];
        let mut field_users = users(10..18, 2001, "meridian-field.com", &field_groups);
        field_users[0].is_admin = true;

        let bridge_groups = ["Ry9GkB2n", "Fj6ZcM8t", "Qe3XpS7w"];
        let mut bridge_users = users(20..25, 3001, "meridian-ops.com", &bridge_groups);
        bridge_users[0].is_admin = true;
        invite(&mut bridge_users[4], "BRG-1174-ZP", 1_893_456_000);

        Self {
            networks: vec![
                Network {
                    id: "24681357",
                    name: "Meridian Operations",
                    access_level: "PREMIUM",
                    free_trial_expiration: None,
                    encryption_key_arn: Some(
                        "arn:aws:kms:us-east-1:123456789012:key/2b7d9e1f-4a6c-4d8e-b0f2-3c5e7a9b1d3f",
                    ),
                    groups: vec![
                        group("Kd3mQ8vZ", "Default", false, true),
                        group("Xp7LwT2a", "Executives", false, true),
                        group("Hn4RcY9e", "Field Engineering", false, true),
                        group("Bq6VtJ1s", "Incident Response", false, true),
                        group("Mz2FgK5u", "Contractors", true, true),
                    ],
                    users: ops_users,
                },
                Network {
                    id: "31415926",
                    name: "Meridian Field Teams",
                    access_level: "STANDARD",
                    free_trial_expiration: None,
                    encryption_key_arn: None,
                    groups: vec![
                        group("Ta8NwE3r", "Default", false, false),
                        group("Lc5PxU7q", "Site Leads", false, false),
                        group("Wv1HsD4m", "Drivers", true, false),
                    ],
                    users: field_users,
                },
                Network {
                    id: "27182818",
                    name: "Incident Bridge",
                    access_level: "STANDARD",
                    free_trial_expiration: Some("2026-12-31T23:59:59Z"),
                    encryption_key_arn: None,
                    groups: vec![
                        group("Ry9GkB2n", "Default", false, false),
                        group("Fj6ZcM8t", "Responders", false, false),
                        group("Qe3XpS7w", "Observers", true, false),
                    ],
                    users: bridge_users,
                },
            ],
        }
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
