//! AWS Wickr admin API (restJson1, API 2024-02-01): networks, security groups and users.
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
//! - `GetUser`'s `startTime`/`endTime` window hides `lastActivity` when it falls outside.

use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::routing::get;
use axum::{Json, Router};
use regex::Regex;
use serde_json::{Map, Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, lock, page, seed, validate};

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "wickr";
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

/// Users for the staff members in `people`, ids from `first_id`, rotating through `groups`.
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
            User {
                id: (first_id + i as u32).to_string(),
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
            }
        })
        .collect()
}

/// Turns a user into one whose invitation is still outstanding.
fn invite(user: &mut User, code: &str, expiration: i64) {
    user.status = PENDING;
    user.last_login = None;
    user.last_activity = None;
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
        // (one expired, one live); Niamh's device was reset and is due to re-verify by code.
        ops_users[0].is_admin = true;
        ops_users[0].groups = vec!["Xp7LwT2a".to_owned()];
        ops_users[16].suspended = true;
        invite(&mut ops_users[26], "MRD-4821-QX", 1_714_521_600);
        invite(&mut ops_users[27], "MRD-9930-LK", 1_893_456_000);
        ops_users[13].code_validation = Some(true);

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
        .route("/networks/{network_id}/users/{user_id}", get(get_user))
}

// ---- errors ------------------------------------------------------------------------------

/// `ValidationError` naming one field; `message` is the AWS-worded constraint.
fn invalid(field: &str, message: String) -> AwsError {
    AwsError::new(422, "ValidationError", message.clone())
        .with_field("reasons", json!([{ "field": field, "reason": message }]))
}

/// AWS's wording for one failed constraint (the `validate` helpers cover the model's own
/// constraint kinds; this covers the rest).
fn constraint(member: &str, rule: &str) -> String {
    format!("1 validation error detected: Value at '{member}' failed to satisfy constraint: {rule}")
}

fn bad_request(message: &str) -> AwsError {
    AwsError::new(400, "BadRequestError", message)
}

fn network_not_found(id: &str) -> AwsError {
    AwsError::new(
        404,
        "ResourceNotFoundError",
        format!("Network {id} was not found."),
    )
}

/// The error a test injected for this call, rendered as Wickr renders that shape.
fn injected(state: &SandboxState, operation: &str, target: &str) -> Result<(), AwsError> {
    let Some(code) = state.injected_fault(SERVICE, operation, target) else {
        return Ok(());
    };
    let (status, message) = match code.as_str() {
        "BadRequestError" => (400, "The request is not valid."),
        "UnauthorizedError" => (401, "The request is not authenticated."),
        "ForbiddenError" => (403, "You are not allowed to perform this action."),
        "ResourceNotFoundError" => (404, "The requested resource was not found."),
        "ValidationError" => (422, "The request failed validation."),
        "RateLimitError" => (429, "Too many requests. Slow down and retry."),
        "InternalServerError" => (500, "An internal error occurred. Try again later."),
        _ => (400, "The request failed."),
    };
    let error = AwsError::new(status, code.clone(), message);
    Err(if code == "ValidationError" {
        error.with_field("reasons", json!([]))
    } else {
        error
    })
}

// ---- request parsing ---------------------------------------------------------------------

fn path_params<T>(path: Result<Path<T>, PathRejection>) -> Result<T, AwsError> {
    path.map(|Path(p)| p)
        .map_err(|_| bad_request("The request path is not valid."))
}

fn check_network_id(id: &str) -> Result<(), AwsError> {
    validate::length("networkId", id, 8, 8)
        .and_then(|()| validate::pattern("networkId", id, &NETWORK_ID))
        .map_err(|m| invalid("networkId", m))
}

fn check_user_id(id: &str) -> Result<(), AwsError> {
    validate::length("userId", id, 1, 10)
        .and_then(|()| validate::pattern("userId", id, &USER_ID))
        .map_err(|m| invalid("userId", m))
}

struct Params(Vec<(String, String)>);

impl Params {
    fn read(uri: &Uri) -> Result<Self, AwsError> {
        Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|Query(pairs)| Params(pairs))
            .map_err(|_| bad_request("The query string is not valid."))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn integer(&self, name: &str) -> Result<Option<i64>, AwsError> {
        self.get(name)
            .map(|raw| {
                raw.parse::<i64>().map_err(|_| {
                    bad_request(&format!("Query parameter {name} must be an integer."))
                })
            })
            .transpose()
    }

    /// Epoch seconds, as the SDK writes timestamps in a query string (fractions allowed).
    fn epoch_seconds(&self, name: &str) -> Result<Option<f64>, AwsError> {
        self.get(name)
            .map(|raw| {
                raw.parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite())
                    .ok_or_else(|| {
                        bad_request(&format!(
                            "Query parameter {name} must be a timestamp in epoch seconds."
                        ))
                    })
            })
            .transpose()
    }

    fn max_results(&self) -> Result<usize, AwsError> {
        let max = self.integer("maxResults")?.unwrap_or(DEFAULT_PAGE);
        validate::range("maxResults", max, 1, 100).map_err(|m| invalid("maxResults", m))?;
        Ok(max as usize)
    }

    /// `ASC` or `DESC`; `None` when not given.
    fn descending(&self) -> Result<Option<bool>, AwsError> {
        match self.get("sortDirection") {
            None => Ok(None),
            Some(raw) => {
                validate::one_of("sortDirection", raw, &["ASC", "DESC"])
                    .map_err(|m| invalid("sortDirection", m))?;
                Ok(Some(raw == "DESC"))
            }
        }
    }

    /// `sortFields`: names joined by `+` (a raw `+` arrives decoded as a space), each one of
    /// `allowed`.
    fn sort_fields<'a>(&'a self, allowed: &[&str]) -> Result<Option<Vec<&'a str>>, AwsError> {
        let Some(raw) = self.get("sortFields") else {
            return Ok(None);
        };
        let fields: Vec<&str> = raw.split(['+', ' ']).filter(|f| !f.is_empty()).collect();
        if fields.is_empty() || fields.iter().any(|f| !allowed.contains(f)) {
            return Err(invalid(
                "sortFields",
                constraint(
                    "sortFields",
                    &format!(
                        "Member must be one or more of [{}] joined by '+'",
                        allowed.join(", ")
                    ),
                ),
            ));
        }
        Ok(Some(fields))
    }

    fn next_token(&self) -> Option<&str> {
        self.get("nextToken")
    }
}

fn bad_token() -> AwsError {
    invalid(
        "nextToken",
        "The nextToken is not valid: pass the token a previous call returned.".to_owned(),
    )
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

fn paged(items: Vec<Value>, key: &str, token: Option<&str>, max: usize) -> Result<Value, AwsError> {
    let page = page::paginate(&items, token, max).map_err(|_| bad_token())?;
    let mut body = json!({ key: page.items });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(body)
}

fn caseless(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

// ---- handlers ----------------------------------------------------------------------------

type Reply = Result<Json<Value>, AwsError>;

// Each handler counts its call before anything else: an answer that is an error was a call.

async fn list_networks(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListNetworks");
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params
        .sort_fields(&["networkId", "networkName"])?
        .unwrap_or_else(|| vec!["networkId"]);
    let descending = params.descending()?.unwrap_or(true);
    let store = lock(&state.wickr);
    let mut networks: Vec<&Network> = store.networks.iter().collect();
    networks.sort_by(|a, b| {
        let order = fields.iter().fold(Ordering::Equal, |acc, field| {
            acc.then_with(|| match *field {
                "networkName" => caseless(a.name, b.name),
                _ => a.id.cmp(b.id),
            })
        });
        if descending { order.reverse() } else { order }
    });
    let items = networks.iter().map(|n| n.summary()).collect();
    Ok(Json(paged(items, "networks", params.next_token(), max)?))
}

async fn list_security_groups(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListSecurityGroups");
    let network_id = path_params(path)?;
    check_network_id(&network_id)?;
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params.sort_fields(&["id", "name"])?;
    let descending = params.descending()?;
    let store = lock(&state.wickr);
    let network = store.network(&network_id)?;
    let mut groups: Vec<&SecurityGroup> = network.groups.iter().collect();
    if fields.is_some() || descending.is_some() {
        let fields = fields.unwrap_or_else(|| vec!["id"]);
        let descending = descending.unwrap_or(true);
        groups.sort_by(|a, b| {
            let order = fields.iter().fold(Ordering::Equal, |acc, field| {
                acc.then_with(|| match *field {
                    "name" => caseless(a.name, b.name),
                    _ => a.id.cmp(b.id),
                })
            });
            if descending { order.reverse() } else { order }
        });
    }
    let items = groups.iter().map(|g| network.group_json(g)).collect();
    Ok(Json(paged(
        items,
        "securityGroups",
        params.next_token(),
        max,
    )?))
}

async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListUsers");
    let network_id = path_params(path)?;
    check_network_id(&network_id)?;
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params.sort_fields(&["username", "firstName", "lastName", "status", "groupId"])?;
    let descending = params.descending()?;
    let status = params.integer("status")?;
    if let Some(status) = status {
        validate::range("status", status, PENDING, ACTIVE).map_err(|m| invalid("status", m))?;
    }
    let contains = |value: &str, filter: Option<&str>| {
        filter.is_none_or(|f| value.to_lowercase().contains(&f.to_lowercase()))
    };
    let store = lock(&state.wickr);
    let network = store.network(&network_id)?;
    let mut users: Vec<&User> = network
        .users
        .iter()
        .filter(|u| contains(&u.first_name, params.get("firstName")))
        .filter(|u| contains(&u.last_name, params.get("lastName")))
        .filter(|u| contains(&u.username, params.get("username")))
        .filter(|u| status.is_none_or(|s| u.status == s))
        .filter(|u| {
            params
                .get("groupId")
                .is_none_or(|g| u.groups.iter().any(|ug| ug == g))
        })
        .collect();
    if fields.is_some() || descending.is_some() {
        let fields = fields.unwrap_or_default();
        let descending = descending.unwrap_or(true);
        users.sort_by(|a, b| {
            let order = fields
                .iter()
                .fold(Ordering::Equal, |acc, field| {
                    acc.then_with(|| match *field {
                        "username" => caseless(&a.username, &b.username),
                        "firstName" => caseless(&a.first_name, &b.first_name),
                        "lastName" => caseless(&a.last_name, &b.last_name),
                        "status" => a.status.cmp(&b.status),
                        _ => a.groups.first().cmp(&b.groups.first()),
                    })
                })
                // Ties (and a bare `sortDirection`) fall back to the user id.
                .then_with(|| a.id.len().cmp(&b.id.len()).then_with(|| a.id.cmp(&b.id)));
            if descending { order.reverse() } else { order }
        });
    }
    let now = now();
    let items = users.iter().map(|u| u.listing(now)).collect();
    Ok(Json(paged(items, "users", params.next_token(), max)?))
}

async fn get_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "GetUser");
    let (network_id, user_id) = path_params(path)?;
    check_network_id(&network_id)?;
    check_user_id(&user_id)?;
    injected(&state, "GetUser", &user_id)?;
    let params = Params::read(&uri)?;
    let start = params.epoch_seconds("startTime")?;
    let end = params.epoch_seconds("endTime")?;
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(invalid(
            "startTime",
            constraint("startTime", "Member must not be after endTime"),
        ));
    }
    let store = lock(&state.wickr);
    let network = store.network(&network_id)?;
    let user = &network.users[network.user_index(&user_id)?];
    let mut body = json!({
        "userId": user.id,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "username": user.username,
        "isAdmin": user.is_admin,
        "suspended": user.suspended,
        "status": user.status,
        "securityGroupIds": user.groups,
    });
    if let Some(login) = user.last_login {
        body["lastLogin"] = json!(login);
    }
    if let Some(activity) = user.last_activity {
        let t = activity as f64;
        if start.is_none_or(|s| t >= s) && end.is_none_or(|e| t <= e) {
            body["lastActivity"] = json!(activity);
        }
    }
    Ok(Json(body))
}

/// `userDetails`, every member optional and type-checked.
#[derive(Default)]
struct Details {
    first_name: Option<String>,
    last_name: Option<String>,
    username: Option<String>,
    security_group_ids: Option<Vec<String>>,
    invite_code: Option<String>,
    invite_code_ttl: Option<i64>,
    code_validation: Option<bool>,
}

fn member_type_error(field: &str, kind: &str) -> AwsError {
    invalid(field, constraint(field, &format!("Member must be {kind}")))
}

fn parse_details(value: Option<&Value>) -> Result<Details, AwsError> {
    let members = match value {
        None | Some(Value::Null) => return Ok(Details::default()),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(member_type_error("userDetails", "a structure")),
    };
    let string = |name: &str| -> Result<Option<String>, AwsError> {
        match members.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(member_type_error(
                &format!("userDetails.{name}"),
                "a string",
            )),
        }
    };
    let security_group_ids = match members.get("securityGroupIds") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    member_type_error("userDetails.securityGroupIds", "a list of strings")
                })?,
        ),
        Some(_) => {
            return Err(member_type_error(
                "userDetails.securityGroupIds",
                "a list of strings",
            ));
        }
    };
    let invite_code_ttl = match members.get("inviteCodeTtl") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .ok_or_else(|| member_type_error("userDetails.inviteCodeTtl", "an integer"))?,
        ),
    };
    let code_validation = match members.get("codeValidation") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(member_type_error("userDetails.codeValidation", "a boolean")),
    };
    Ok(Details {
        first_name: string("firstName")?,
        last_name: string("lastName")?,
        username: string("username")?,
        security_group_ids,
        invite_code: string("inviteCode")?,
        invite_code_ttl,
        code_validation,
    })
}

impl Details {
    /// Checks what can be checked without the network.
    fn validate(&self) -> Result<(), AwsError> {
        if let Some(username) = &self.username
            && (username.is_empty() || username.chars().any(char::is_whitespace))
        {
            return Err(invalid(
                "userDetails.username",
                constraint(
                    "userDetails.username",
                    "Member must be a non-empty username or email address without spaces",
                ),
            ));
        }
        if let Some(ids) = &self.security_group_ids {
            for id in ids {
                validate::pattern("userDetails.securityGroupIds", id, &SECURITY_GROUP_ID)
                    .map_err(|m| invalid("userDetails.securityGroupIds", m))?;
            }
            if ids.len() != 1 {
                return Err(invalid(
                    "userDetails.securityGroupIds",
                    constraint(
                        "userDetails.securityGroupIds",
                        "A user must be assigned to exactly one security group",
                    ),
                ));
            }
        }
        if let Some(ttl) = self.invite_code_ttl {
            validate::range("userDetails.inviteCodeTtl", ttl, 1, i64::from(i32::MAX))
                .map_err(|m| invalid("userDetails.inviteCodeTtl", m))?;
        }
        Ok(())
    }
}

async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateUser");
    let network_id = path_params(path)?;
    check_network_id(&network_id)?;
    let members: Map<String, Value> = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(m)) => m,
            _ => return Err(bad_request("The request body is not a valid JSON object.")),
        }
    };
    let user_id = match members.get("userId") {
        None | Some(Value::Null) => {
            return Err(invalid("userId", validate::required("userId")));
        }
        Some(Value::String(id)) => id.clone(),
        Some(_) => return Err(member_type_error("userId", "a string")),
    };
    check_user_id(&user_id)?;
    injected(&state, "UpdateUser", &user_id)?;
    let details = parse_details(members.get("userDetails"))?;
    details.validate()?;

    let mut store = lock(&state.wickr);
    let network = store.network_mut(&network_id)?;
    let index = network.user_index(&user_id)?;
    if let Some(ids) = &details.security_group_ids
        && let Some(unknown) = ids
            .iter()
            .find(|id| !network.groups.iter().any(|g| g.id == **id))
    {
        return Err(invalid(
            "userDetails.securityGroupIds",
            format!(
                "Security group {unknown} does not exist in network {}.",
                network.id
            ),
        ));
    }
    if let Some(username) = &details.username {
        let taken = network
            .users
            .iter()
            .any(|u| u.id != user_id && u.username.to_lowercase() == username.to_lowercase());
        if taken {
            return Err(invalid(
                "userDetails.username",
                "Another user in this network already has this username.".to_owned(),
            ));
        }
    }

    let now = now();
    let user = &mut network.users[index];
    if let Some(first) = details.first_name {
        user.first_name = first;
    }
    if let Some(last) = details.last_name {
        user.last_name = last;
    }
    if let Some(username) = details.username {
        user.username = username;
    }
    if let Some(ids) = details.security_group_ids {
        user.groups = ids;
    }
    if let Some(ttl) = details.invite_code_ttl {
        user.invite_expiration = Some(now.saturating_add(ttl.saturating_mul(DAY)));
    } else if details.invite_code.is_some() && user.invite_expiration.is_none() {
        user.invite_expiration = Some(now + DEFAULT_INVITE_DAYS * DAY);
    }
    if let Some(code) = details.invite_code {
        user.invite_code = Some(code);
    }
    if let Some(validation) = details.code_validation {
        user.code_validation = Some(validation);
    }
    user.modified = now;

    let mut reply = json!({
        "userId": user.id,
        "networkId": network_id,
        "securityGroupIds": user.groups,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "suspended": user.suspended,
        "modified": user.modified,
        "status": user.status,
    });
    if let Some(code) = &user.invite_code {
        reply["inviteCode"] = json!(code);
    }
    if let Some(expiration) = user.invite_expiration {
        reply["inviteExpiration"] = json!(expiration);
    }
    if let Some(validation) = user.code_validation {
        reply["codeValidation"] = json!(validation);
    }
    Ok(Json(reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_promised_shape() {
        let store = Store::seeded();
        let ops = &store.networks[0];
        assert!(ops.users.len() >= 25);
        assert_eq!(ops.users.iter().filter(|u| u.suspended).count(), 1);
        assert!(ops.users.iter().any(|u| u.is_admin));
        for network in &store.networks {
            assert!(NETWORK_ID.is_match(network.id));
            assert!((3..=5).contains(&network.groups.len()));
            for user in &network.users {
                assert!(USER_ID.is_match(&user.id) && user.id.len() <= 10);
                assert_eq!(user.groups.len(), 1);
                assert!(network.groups.iter().any(|g| g.id == user.groups[0]));
            }
            let mut names: Vec<String> = network
                .users
                .iter()
                .map(|u| u.username.to_lowercase())
                .collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), network.users.len());
        }
    }

    #[test]
    fn unames_are_stable_and_distinct() {
        assert_eq!(uname("1001"), uname("1001"));
        assert_ne!(uname("1001"), uname("1002"));
        assert_eq!(uname("1001").len(), 64);
    }
}
