//! FinSpace kdb through `aws-sdk-finspace`.

use aws_sdk_finspace::Client;
use tracing::instrument;

use super::SERVICE;
use crate::error::AppError;
use crate::server::aws_error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub id: String,
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub iam_role: String,
}

#[instrument(skip_all, fields(service = "finspace"))]
pub async fn environments(client: &Client) -> Result<Vec<Environment>, AppError> {
    let mut pages = client
        .list_kx_environments()
        .into_paginator()
        .items()
        .send();
    let mut envs = Vec::new();
    while let Some(e) = pages.next().await {
        let e = e.map_err(|e| {
            aws_error::map(SERVICE, "ListKxEnvironments", "the environment list", e)
        })?;
        envs.push(Environment {
            id: e.environment_id().unwrap_or_default().to_owned(),
            name: e.name().unwrap_or_default().to_owned(),
            status: e
                .status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        });
    }
    Ok(envs)
}

/// Every user of an environment; `ListKxUsers` has no SDK paginator.
#[instrument(skip_all, fields(service = "finspace", environment = environment_id))]
pub async fn users(client: &Client, environment_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let mut users = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .list_kx_users()
            .environment_id(environment_id)
            .max_results(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| {
                aws_error::map(
                    SERVICE,
                    "ListKxUsers",
                    &format!("kdb environment {environment_id}"),
                    e,
                )
            })?;
        users.extend(out.users().iter().map(|u| UserSummary {
            name: u.user_name().unwrap_or_default().to_owned(),
            iam_role: u.iam_role().unwrap_or_default().to_owned(),
        }));
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    Ok(users)
}

pub async fn count(client: &Client) -> Result<(usize, usize), AppError> {
    let envs = environments(client).await?;
    let mut total = 0;
    for e in &envs {
        total += users(client, &e.id).await?.len();
    }
    Ok((envs.len(), total))
}
