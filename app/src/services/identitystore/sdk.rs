//! The identity store through `aws-sdk-identitystore`; store discovery through `aws-sdk-ssoadmin`.

use aws_sdk_identitystore::Client;
use tracing::instrument;

use super::SERVICE;
use crate::error::AppError;
use crate::server::{AppState, aws_error};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub id: String,
    /// The Identity Center instance's name, or how the id was found.
    pub instance_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub id: String,
    pub user_name: String,
    pub display_name: String,
    pub email: String,
    pub status: String,
}

/// The configured identity stores, or those SSO Admin `ListInstances` reports.
#[instrument(skip_all, fields(service = "identitystore"))]
pub async fn stores(state: &AppState) -> Result<Vec<Store>, AppError> {
    if !state.identity_store_ids.is_empty() {
        return Ok(state
            .identity_store_ids
            .iter()
            .map(|id| Store {
                id: id.clone(),
                instance_name: "configured".to_owned(),
            })
            .collect());
    }
    let mut pages = state
        .clients
        .ssoadmin
        .list_instances()
        .into_paginator()
        .items()
        .send();
    let mut stores = Vec::new();
    while let Some(instance) = pages.next().await {
        let instance = instance.map_err(|e| {
            aws_error::map(SERVICE, "ListInstances", "the Identity Center instances", e)
        })?;
        if let Some(id) = instance.identity_store_id() {
            stores.push(Store {
                id: id.to_owned(),
                instance_name: instance
                    .name()
                    .or(instance.instance_arn())
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
    }
    Ok(stores)
}

#[instrument(skip_all, fields(service = "identitystore", store = store_id))]
pub async fn users(client: &Client, store_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let mut pages = client
        .list_users()
        .identity_store_id(store_id)
        .into_paginator()
        .items()
        .send();
    let mut users = Vec::new();
    while let Some(u) = pages.next().await {
        let u = u.map_err(|e| {
            aws_error::map(
                SERVICE,
                "ListUsers",
                &format!("identity store {store_id}"),
                e,
            )
        })?;
        users.push(UserSummary {
            id: u.user_id().to_owned(),
            user_name: u.user_name().unwrap_or_default().to_owned(),
            display_name: u.display_name().unwrap_or_default().to_owned(),
            email: u
                .emails()
                .iter()
                .find(|e| e.primary())
                .or(u.emails().first())
                .and_then(|e| e.value())
                .unwrap_or_default()
                .to_owned(),
            status: u
                .user_status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_else(|| "—".to_owned()),
        });
    }
    Ok(users)
}

pub async fn count(state: &AppState) -> Result<(usize, usize), AppError> {
    let stores = stores(state).await?;
    let mut total = 0;
    for s in &stores {
        total += users(&state.clients.identitystore, &s.id).await?.len();
    }
    Ok((stores.len(), total))
}
