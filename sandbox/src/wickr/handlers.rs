//! The route handlers.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use serde_json::{Value, json};

use super::wire::{
    Params, REST, caseless, check_network_id, check_user_id, constraint, invalid,
    member_type_error, now,
};
use super::{
    ACTIVE, DAY, DEFAULT_INVITE_DAYS, Network, PENDING, SECURITY_GROUP_ID, SERVICE, SecurityGroup,
    User,
};
use crate::rest_json::{Reply, body_members, injected, paged, path_params};
use crate::{AwsError, SandboxState, lock, validate};

// Each handler counts its call before anything else: an answer that is an error was a call.

pub(super) async fn list_networks(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListNetworks");
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params
        .sort_fields(&["networkId", "networkName"])?
        .unwrap_or_else(|| vec!["networkId"]);
    let descending = params.descending()?.unwrap_or(true);
    let store = lock(&state.stores.wickr);
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
    paged(
        &REST,
        json!({}),
        "networks",
        &networks,
        params.next_token(),
        max,
        |n| n.summary(),
    )
}

pub(super) async fn list_security_groups(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListSecurityGroups");
    let network_id = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    let params = Params::read(&uri)?;
    let max = params.max_results()?;
    let fields = params.sort_fields(&["id", "name"])?;
    let descending = params.descending()?;
    let store = lock(&state.stores.wickr);
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
    paged(
        &REST,
        json!({}),
        "securityGroups",
        &groups,
        params.next_token(),
        max,
        |g| network.group_json(g),
    )
}

pub(super) async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListUsers");
    let network_id = path_params(&REST, path)?;
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
    let store = lock(&state.stores.wickr);
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
    paged(
        &REST,
        json!({}),
        "users",
        &users,
        params.next_token(),
        max,
        |u| u.listing(now),
    )
}

pub(super) async fn get_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "GetUser");
    let (network_id, user_id) = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    check_user_id(&user_id)?;
    injected(&REST, &state, "GetUser", &user_id)?;
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
    let store = lock(&state.stores.wickr);
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

pub(super) async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateUser");
    let network_id = path_params(&REST, path)?;
    check_network_id(&network_id)?;
    let members = body_members(&REST, &body)?;
    let user_id = match members.get("userId") {
        None | Some(Value::Null) => {
            return Err(invalid("userId", validate::required("userId")));
        }
        Some(Value::String(id)) => id.clone(),
        Some(_) => return Err(member_type_error("userId", "a string")),
    };
    check_user_id(&user_id)?;
    injected(&REST, &state, "UpdateUser", &user_id)?;
    let details = parse_details(members.get("userDetails"))?;
    details.validate()?;

    let mut store = lock(&state.stores.wickr);
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
