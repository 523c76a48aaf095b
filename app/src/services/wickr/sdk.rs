//! AWS Wickr through `aws-sdk-wickr`.

use std::collections::HashMap;

use aws_sdk_wickr::Client;
use tracing::instrument;

use super::SERVICE;
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
#[instrument(skip_all, fields(service = "wickr", network = network_id))]
pub async fn security_group_names(
    client: &Client,
    network_id: &str,
) -> Result<HashMap<String, String>, AppError> {
    let mut pages = client
        .list_security_groups()
        .network_id(network_id)
        .into_paginator()
        .items()
        .send();
    let mut names = HashMap::new();
    while let Some(g) = pages.next().await {
        let g = g.map_err(|e| {
            aws_error::map(
                SERVICE,
                "ListSecurityGroups",
                &format!("network {network_id}"),
                e,
            )
        })?;
        names.insert(g.id().to_owned(), g.name().to_owned());
    }
    Ok(names)
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
