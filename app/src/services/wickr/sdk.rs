//! AWS Wickr through `aws-sdk-wickr`.

use std::collections::HashMap;

pub use aws_sdk_wickr::Client;
use aws_sdk_wickr::types::UpdateUserDetails;
use aws_types::SdkConfig;
use tracing::instrument;

use super::SERVICE;
use super::model::{
    NetworkId, SecurityGroup, UserId, WickrUserPatch, WickrUserRecord, WickrUserUpdate, patch,
};
use crate::error::AppError;
use crate::search::{Entry, Found};
use crate::server::AppState;
use crate::server::aws_error::AwsResultExt;
use crate::server::config::Endpoints;
use crate::server::listing_cache::Fetched;
use crate::server::overview::Count;
use crate::server::paging::PageGuard;
use crate::server::state::sdk_client;

/// The slice's SDK client, aimed at the `[aws.endpoints]` entry under its slug if any.
pub fn client(sdk: &SdkConfig, endpoints: &Endpoints) -> Client {
    sdk_client!(aws_sdk_wickr, sdk, endpoints.for_service(SERVICE))
}

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

/// Every network of the account. Pages of 100 (Wickr's default is 10) keep a listing to
/// few calls; the same holds for the other listings below.
#[instrument(skip_all, fields(service = "wickr"))]
pub async fn networks(client: &Client) -> Result<Vec<Network>, AppError> {
    let what = "the network list";
    let mut guard = PageGuard::new(SERVICE, "ListNetworks", what);
    let mut pages = client
        .list_networks()
        .max_results(100)
        .into_paginator()
        .send();
    let mut networks = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListNetworks", what)?;
        networks.extend(page.networks().iter().map(|n| Network {
            id: n.network_id().to_owned(),
            name: n.network_name().to_owned(),
            access_level: n.access_level().as_str().to_owned(),
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(networks)
}

/// Security group id → name, to show names instead of ids.
pub fn security_group_names(groups: &[SecurityGroup]) -> HashMap<String, String> {
    groups
        .iter()
        .map(|g| (g.id.clone(), g.name.clone()))
        .collect()
}

/// Every security group of the network, in the order Wickr lists them.
#[instrument(skip_all, fields(service = "wickr", network = network_id))]
pub async fn security_groups(
    client: &Client,
    network_id: &str,
) -> Result<Vec<SecurityGroup>, AppError> {
    let what = format!("network {network_id}");
    let mut guard = PageGuard::new(SERVICE, "ListSecurityGroups", what.clone());
    let mut pages = client
        .list_security_groups()
        .network_id(network_id)
        .max_results(100)
        .into_paginator()
        .send();
    let mut groups = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListSecurityGroups", &what)?;
        groups.extend(page.security_groups().iter().map(|g| SecurityGroup {
            id: g.id().to_owned(),
            name: g.name().to_owned(),
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(groups)
}

#[instrument(skip_all, fields(service = "wickr", network = network_id))]
pub async fn users(client: &Client, network_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let what = format!("network {network_id}");
    let mut guard = PageGuard::new(SERVICE, "ListUsers", what.clone());
    let mut pages = client
        .list_users()
        .network_id(network_id)
        .max_results(100)
        .into_paginator()
        .send();
    let mut users = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListUsers", &what)?;
        users.extend(page.users().iter().map(summary));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(users)
}

fn summary(u: &aws_sdk_wickr::types::User) -> UserSummary {
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
    UserSummary {
        id: u.user_id().unwrap_or_default().to_owned(),
        username: u.username().unwrap_or_default().to_owned(),
        full_name,
        security_groups: u.security_groups().to_vec(),
        state: state.to_owned(),
    }
}

/// [`networks`] through the listing cache: the list pages and the home page share it.
pub async fn cached_networks(state: &AppState) -> Result<Fetched<Vec<Network>>, AppError> {
    state
        .listings
        .get(SERVICE, "networks", || networks(&state.clients.wickr))
        .await
}

/// [`security_groups`] through the listing cache (the user list shows their names).
pub async fn cached_security_groups(
    state: &AppState,
    network_id: &str,
) -> Result<Fetched<Vec<SecurityGroup>>, AppError> {
    state
        .listings
        .get(SERVICE, &format!("security-groups/{network_id}"), || {
            security_groups(&state.clients.wickr, network_id)
        })
        .await
}

/// [`users`] through the listing cache.
pub async fn cached_users(
    state: &AppState,
    network_id: &str,
) -> Result<Fetched<Vec<UserSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, &format!("users/{network_id}"), || {
            users(&state.clients.wickr, network_id)
        })
        .await
}

/// One cheap read, for `/readyz`: the network list.
pub async fn probe(state: &AppState) -> Result<(), AppError> {
    networks(&state.clients.wickr).await.map(drop)
}

pub async fn count(state: &AppState) -> Result<Count, AppError> {
    let networks = cached_networks(state).await?;
    let mut count = Count::containers(&networks);
    for n in networks.value.iter() {
        count.add_users(&cached_users(state, &n.id).await?);
    }
    Ok(count)
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
        .aws(SERVICE, "GetUser", &what)?;
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
    let what = subject(network_id, user_id);
    let mut guard = PageGuard::new(SERVICE, "ListUsers", what.clone());
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListUsers", &what)?;
        if let Some(u) = page.users().iter().find(|u| u.user_id() == Some(user_id)) {
            return Ok((u.invite_code().map(str::to_owned), u.code_validation()));
        }
        if guard.next(page.next_token())?.is_none() {
            break;
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
    // An invite code lets someone join the network: AWS's message must not echo it.
    let carries_invite_code = patch.invite_code.is_some();
    let out = client
        .update_user()
        .network_id(update.network_id.as_str())
        .user_id(update.user_id.as_str())
        .user_details(user_details(patch))
        .send()
        .await
        .aws_secret_if(carries_invite_code, SERVICE, "UpdateUser", &what)?;
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

/// Every device the user is signed in on (`ListDevicesForUser`, all pages).
#[instrument(skip_all, fields(service = "wickr", network = %network_id, user = %user_id))]
pub async fn devices(
    client: &Client,
    network_id: &NetworkId,
    user_id: &UserId,
) -> Result<Vec<super::actions::Device>, AppError> {
    let what = subject(network_id.as_str(), user_id.as_str());
    let mut guard = PageGuard::new(SERVICE, "ListDevicesForUser", what.clone());
    let mut pages = client
        .list_devices_for_user()
        .network_id(network_id.as_str())
        .user_id(user_id.as_str())
        .max_results(100)
        .into_paginator()
        .send();
    let mut devices = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListDevicesForUser", &what)?;
        devices.extend(page.devices().iter().map(|d| super::actions::Device {
            app_id: d.app_id().unwrap_or_default().to_owned(),
            kind: d.r#type().unwrap_or_default().to_owned(),
            status: d.status_text().unwrap_or_default().to_owned(),
            last_login: d.last_login().unwrap_or_default().to_owned(),
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(devices)
}

/// The refusals of a batch call that names one user (or one user's devices), as one error.
fn batch_failures<'a>(
    what: &str,
    failed: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), AppError> {
    let reasons: Vec<String> = failed
        .map(|(id, reason)| format!("{id}: {}", reason.unwrap_or("no reason given")))
        .collect();
    if reasons.is_empty() {
        return Ok(());
    }
    Err(AppError::Rejected {
        service: SERVICE.name().to_owned(),
        message: format!("{what} failed for {}", reasons.join("; ")),
    })
}

/// Signs the user out of the devices `app_ids` (`BatchResetDevicesForUser`).
#[instrument(skip_all, fields(service = "wickr", network = %network_id, user = %user_id))]
pub async fn reset_devices(
    client: &Client,
    network_id: &NetworkId,
    user_id: &UserId,
    app_ids: Vec<String>,
) -> Result<(), AppError> {
    let what = subject(network_id.as_str(), user_id.as_str());
    let out = client
        .batch_reset_devices_for_user()
        .network_id(network_id.as_str())
        .user_id(user_id.as_str())
        .set_app_ids(Some(app_ids))
        .client_token(uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .aws(SERVICE, "BatchResetDevicesForUser", &what)?;
    batch_failures(
        "Resetting devices",
        out.failed().iter().map(|f| (f.app_id(), f.reason())),
    )
}

/// Suspends (`true`) or unsuspends the user (`BatchToggleUserSuspendStatus`).
#[instrument(skip_all, fields(service = "wickr", network = %network_id, user = %user_id))]
pub async fn toggle_suspend(
    client: &Client,
    network_id: &NetworkId,
    user_id: &UserId,
    suspend: bool,
) -> Result<(), AppError> {
    let what = subject(network_id.as_str(), user_id.as_str());
    let out = client
        .batch_toggle_user_suspend_status()
        .network_id(network_id.as_str())
        .suspend(suspend)
        .user_ids(user_id.as_str())
        .client_token(uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .aws(SERVICE, "BatchToggleUserSuspendStatus", &what)?;
    batch_failures(
        if suspend {
            "Suspending"
        } else {
            "Unsuspending"
        },
        out.failed().iter().map(|f| (f.user_id(), f.reason())),
    )
}

/// Sends the user's invitation again (`BatchReinviteUser`).
#[instrument(skip_all, fields(service = "wickr", network = %network_id, user = %user_id))]
pub async fn reinvite(
    client: &Client,
    network_id: &NetworkId,
    user_id: &UserId,
) -> Result<(), AppError> {
    let what = subject(network_id.as_str(), user_id.as_str());
    let out = client
        .batch_reinvite_user()
        .network_id(network_id.as_str())
        .user_ids(user_id.as_str())
        .client_token(uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .aws(SERVICE, "BatchReinviteUser", &what)?;
    batch_failures(
        "Re-sending the invitation",
        out.failed().iter().map(|f| (f.user_id(), f.reason())),
    )
}

/// Every user of every network, for the cross-service search.
pub async fn directory(state: &AppState) -> Result<Fetched<Vec<Entry>>, AppError> {
    let networks = cached_networks(state).await?;
    let listings = futures_util::future::try_join_all(
        networks.value.iter().map(|n| cached_users(state, &n.id)),
    )
    .await?;
    let mut oldest = networks.fetched_at;
    let mut entries = Vec::new();
    for (network, users) in networks.value.iter().zip(&listings) {
        oldest = oldest.min(users.fetched_at);
        entries.extend(users.value.iter().map(|u| {
            let href = format!("/wickr/networks/{}/users/{}", network.id, u.id);
            Entry::new(
                Found {
                    name: if u.full_name.trim().is_empty() {
                        u.username.clone()
                    } else {
                        u.full_name.clone()
                    },
                    detail: format!("{} · {}", u.username, u.state),
                    container: Some(format!("network {}", network.name)),
                    actions: vec![(
                        "Devices, suspend, invitation".to_owned(),
                        format!("{href}#devices-heading"),
                    )],
                    href,
                },
                &[&u.username, &u.full_name, &u.id],
            )
        }));
    }
    Ok(Fetched::built(entries, Some(oldest)))
}
