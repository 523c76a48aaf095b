//! MemoryDB through `aws-sdk-memorydb`: free functions over the client, AWS errors mapped once.

use aws_sdk_memorydb::Client;
use tracing::instrument;

use super::SERVICE;
use crate::error::AppError;
use crate::server::aws_error;

/// What the list shows of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub status: String,
    /// "password (2)", "iam", "no-password".
    pub authentication: String,
    pub access_string: String,
    pub acl_names: Vec<String>,
}

/// Every user of the account, following `NextToken` to the end.
#[instrument(skip_all, fields(service = "memorydb"))]
pub async fn all_users(client: &Client) -> Result<Vec<UserSummary>, AppError> {
    let mut pages = client.describe_users().into_paginator().items().send();
    let mut users = Vec::new();
    while let Some(user) = pages.next().await {
        let user =
            user.map_err(|e| aws_error::map(SERVICE, "DescribeUsers", "the user list", e))?;
        let authentication = match user.authentication() {
            Some(auth) => match (auth.r#type(), auth.password_count()) {
                (Some(t), Some(n)) if t.as_str() == "password" => format!("password ({n})"),
                (Some(t), _) => t.as_str().to_owned(),
                (None, _) => "unknown".to_owned(),
            },
            None => "unknown".to_owned(),
        };
        users.push(UserSummary {
            name: user.name().unwrap_or_default().to_owned(),
            status: user.status().unwrap_or_default().to_owned(),
            authentication,
            access_string: user.access_string().unwrap_or_default().to_owned(),
            acl_names: user.acl_names().to_vec(),
        });
    }
    Ok(users)
}

/// How many users the account has (the dashboard card).
pub async fn count(client: &Client) -> Result<usize, AppError> {
    Ok(all_users(client).await?.len())
}

/// One small read, for `/readyz`.
pub async fn probe(client: &Client) -> Result<(), AppError> {
    client
        .describe_users()
        .max_results(20)
        .send()
        .await
        .map(drop)
        .map_err(|e| aws_error::map(SERVICE, "DescribeUsers", "the user list", e))
}
