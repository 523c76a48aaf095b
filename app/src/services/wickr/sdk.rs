//! AWS Wickr through `aws-sdk-wickr`.

use std::collections::HashMap;

use aws_sdk_wickr::Client;
use aws_sdk_wickr::types::UpdateUserDetails;
use tracing::instrument;

use super::SERVICE;
use super::model::{
    NetworkId, SecurityGroup, UserId, WickrUserPatch, WickrUserRecord, WickrUserUpdate, patch,
};
use crate::error::AppError;
use crate::server::aws_error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub access_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub security_groups: Vec<String>,
    /// "active", "suspended", "admin"…
    pub state: String,
}

#[instrument(skip_all, fields(service = "wickr"))]
pub async fn networks(client: &Client) -> Result<Vec<Network>, AppError> {
    let mut pages = client.list_networks().into_paginator().items().send();
    let mut networks = Vec::new();
    while let Some(n) = pages.next().await {
        let n = n.map_err(|e| aws_error::map(SERVICE, "ListNetworks", "the network list", e))?;
        networks.push(Network {
            id: n.network_id().to_owned(),
            name: n.network_name().to_owned(),
            access_level: n.access_level().as_str().to_owned(),
        });
    }
    Ok(networks)
}

/// Security group id → name, to show names instead of ids.
pub async fn security_group_names(
    client: &Client,
    network_id: &str,
) -> Result<HashMap<String, String>, AppError> {
    Ok(security_groups(client, network_id)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

/// Every security group of the network, in the order Wickr lists them.
#[instrument(skip_all, fields(service = "wickr", network = network_id))]
pub async fn security_groups(
    client: &Client,
    network_id: &str,
) -> Result<Vec<SecurityGroup>, AppError> {
    let mut pages = client
        .list_security_groups()
        .network_id(network_id)
        .into_paginator()
        .items()
        .send();
    let mut groups = Vec::new();
    while let Some(g) = pages.next().await {
        let g = g.map_err(|e| {
            aws_error::map(
                SERVICE,
                "ListSecurityGroups",
                &format!("network {network_id}"),
                e,
            )
        })?;
        groups.push(SecurityGroup {
            id: g.id().to_owned(),
            name: g.name().to_owned(),
        });
    }
    Ok(groups)
}

#[instrument(skip_all, fields(service = "wickr", network = network_id))]
pub async fn users(client: &Client, network_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let mut pages = client
        .list_users()
        .network_id(network_id)
        .into_paginator()
        .items()
        .send();
    let mut users = Vec::new();
    while let Some(u) = pages.next().await {
        let u = u.map_err(|e| {
            aws_error::map(SERVICE, "ListUsers", &format!("network {network_id}"), e)
        })?;
        let full_name = [u.first_name(), u.last_name()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let state = if u.suspended() == Some(true) {
            "suspended"
        } else if u.is_admin() == Some(true) {
            "admin"
        } else {
            "active"
        };
        users.push(UserSummary {
            id: u.user_id().unwrap_or_default().to_owned(),
            username: u.username().unwrap_or_default().to_owned(),
            full_name,
            security_groups: u.security_groups().to_vec(),
            state: state.to_owned(),
        });
    }
    Ok(users)
}

pub async fn count(client: &Client) -> Result<(usize, usize), AppError> {
    let networks = networks(client).await?;
    let mut total = 0;
    for n in &networks {
        total += users(client, &n.id).await?.len();
    }
    Ok((networks.len(), total))
}

/// What error messages call the user ("user 1002 in network 24681357").
fn subject(network_id: &str, user_id: &str) -> String {
    format!("user {user_id} in network {network_id}")
}

/// The user as `GetUser` reports it, completed with what only other calls know: the invite
/// code and code validation (`ListUsers`) and the network's security groups.
#[instrument(skip_all, fields(service = "wickr", network = %network_id, user = %user_id))]
pub async fn get_user(
    client: &Client,
    network_id: &NetworkId,
    user_id: &UserId,
) -> Result<WickrUserRecord, AppError> {
    let what = subject(network_id.as_str(), user_id.as_str());
    let user = client
        .get_user()
        .network_id(network_id.as_str())
        .user_id(user_id.as_str())
        .send()
        .await
        .map_err(|e| aws_error::map(SERVICE, "GetUser", &what, e))?;
    let username = user.username().unwrap_or_default().to_owned();
    let (invite_code, code_validation) =
        invitation(client, network_id.as_str(), user_id.as_str(), &username).await?;
    Ok(WickrUserRecord {
        network_id: network_id.as_str().to_owned(),
        user_id: user.user_id().to_owned(),
        username,
        first_name: user.first_name().unwrap_or_default().to_owned(),
        last_name: user.last_name().unwrap_or_default().to_owned(),
        middle_name: None,
        security_group_ids: user.security_group_ids().to_vec(),
        suspended: user.suspended().unwrap_or(false),
        is_admin: user.is_admin(),
        status: user.status(),
        modified: None,
        invite_code,
        invite_expiration: None,
        code_validation,
        network_groups: security_groups(client, network_id.as_str()).await?,
    })
}

/// The user's invite code and code validation: `GetUser` omits them, `ListUsers` has them.
/// The username filter (a substring match) keeps the listing to a page or so.
async fn invitation(
    client: &Client,
    network_id: &str,
    user_id: &str,
    username: &str,
) -> Result<(Option<String>, Option<bool>), AppError> {
    let mut request = client.list_users().network_id(network_id).max_results(100);
    if !username.is_empty() {
        request = request.username(username);
    }
    let mut pages = request.into_paginator().items().send();
    while let Some(u) = pages.next().await {
        let u =
            u.map_err(|e| aws_error::map(SERVICE, "ListUsers", &subject(network_id, user_id), e))?;
        if u.user_id() == Some(user_id) {
            return Ok((u.invite_code().map(str::to_owned), u.code_validation()));
        }
    }
    Ok((None, None))
}

/// Sends the members of `update` that differ from `before` (the user's current record, as
/// [`get_user`] read it) and returns the user as `UpdateUser` answers. Nothing to send means
/// no call: `before` is the answer.
///
/// The answer lacks the username; it is the one just sent or, unchanged, `before`'s.
#[instrument(skip_all, fields(service = "wickr", network = %update.network_id, user = %update.user_id))]
pub async fn update_user(
    client: &Client,
    before: &WickrUserRecord,
    update: &WickrUserUpdate,
) -> Result<WickrUserRecord, AppError> {
    let patch = patch(before, update);
    if patch.is_empty() {
        return Ok(before.clone());
    }
    let what = subject(update.network_id.as_str(), update.user_id.as_str());
    let username = patch
        .username
        .clone()
        .unwrap_or_else(|| before.username.clone());
    let out = client
        .update_user()
        .network_id(update.network_id.as_str())
        .user_id(update.user_id.as_str())
        .user_details(user_details(patch))
        .send()
        .await
        .map_err(|e| aws_error::map(SERVICE, "UpdateUser", &what, e))?;
    Ok(WickrUserRecord {
        network_id: out.network_id().to_owned(),
        user_id: out.user_id().to_owned(),
        username,
        first_name: out.first_name().unwrap_or_default().to_owned(),
        last_name: out.last_name().unwrap_or_default().to_owned(),
        middle_name: out.middle_name().map(str::to_owned),
        security_group_ids: out.security_group_ids().to_vec(),
        suspended: out.suspended(),
        is_admin: before.is_admin,
        status: out.status(),
        modified: out.modified().map(i64::from),
        invite_code: out.invite_code().map(str::to_owned),
        invite_expiration: out.invite_expiration().map(i64::from),
        code_validation: out.code_validation(),
        network_groups: before.network_groups.clone(),
    })
}

fn user_details(patch: WickrUserPatch) -> UpdateUserDetails {
    UpdateUserDetails::builder()
        .set_first_name(patch.first_name)
        .set_last_name(patch.last_name)
        .set_username(patch.username)
        .set_security_group_ids(patch.security_group_id.map(|id| vec![id]))
        .set_invite_code(patch.invite_code)
        .set_invite_code_ttl(patch.invite_code_ttl)
        .set_code_validation(patch.code_validation)
        .build()
}
