//! FinSpace kdb through `aws-sdk-finspace`.

pub use aws_sdk_finspace::Client;
use aws_types::SdkConfig;
use tracing::instrument;

use super::SERVICE;
use super::model::{EnvironmentId, FinspaceUserRecord, FinspaceUserUpdate, KxUserName};
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
    sdk_client!(aws_sdk_finspace, sdk, endpoints.for_service(SERVICE))
}

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
    let what = "the environment list";
    let mut guard = PageGuard::new(SERVICE, "ListKxEnvironments", what);
    let mut pages = client.list_kx_environments().into_paginator().send();
    let mut envs = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListKxEnvironments", what)?;
        envs.extend(page.environments().iter().map(|e| {
            Environment {
                id: e.environment_id().unwrap_or_default().to_owned(),
                name: e.name().unwrap_or_default().to_owned(),
                status: e
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            }
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(envs)
}

/// The name of one kdb environment, from `ListKxEnvironments`: the call (and IAM permission)
/// the list pages already need, where `GetKxEnvironment` would be one more of each.
#[instrument(skip_all, fields(service = "finspace", environment = %environment_id))]
pub async fn environment_name(
    client: &Client,
    environment_id: &EnvironmentId,
) -> Result<String, AppError> {
    environments(client)
        .await?
        .into_iter()
        .find(|e| e.id == environment_id.as_str())
        .map(|e| e.name)
        .ok_or_else(|| AppError::NotFound {
            what: format!("Kdb environment {environment_id}"),
        })
}

/// Every user of an environment; `ListKxUsers` has no SDK paginator.
#[instrument(skip_all, fields(service = "finspace", environment = environment_id))]
pub async fn users(client: &Client, environment_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let what = format!("kdb environment {environment_id}");
    let mut guard = PageGuard::new(SERVICE, "ListKxUsers", what.clone());
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
            .aws(SERVICE, "ListKxUsers", &what)?;
        users.extend(out.users().iter().map(|u| UserSummary {
            name: u.user_name().unwrap_or_default().to_owned(),
            iam_role: u.iam_role().unwrap_or_default().to_owned(),
        }));
        token = guard.next(out.next_token())?;
        if token.is_none() {
            break;
        }
    }
    Ok(users)
}

/// [`environments`] through the listing cache: the list pages and the home page share it.
pub async fn cached_environments(state: &AppState) -> Result<Fetched<Vec<Environment>>, AppError> {
    state
        .listings
        .get(SERVICE, "environments", || {
            environments(&state.clients.finspace)
        })
        .await
}

/// [`users`] through the listing cache.
pub async fn cached_users(
    state: &AppState,
    environment_id: &str,
) -> Result<Fetched<Vec<UserSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, &format!("users/{environment_id}"), || {
            users(&state.clients.finspace, environment_id)
        })
        .await
}

/// One cheap read, for `/readyz`: the environment list.
pub async fn probe(state: &AppState) -> Result<(), AppError> {
    environments(&state.clients.finspace).await.map(drop)
}

pub async fn count(state: &AppState) -> Result<Count, AppError> {
    let envs = cached_environments(state).await?;
    let mut count = Count::containers(&envs);
    for e in envs.value.iter() {
        count.add_users(&cached_users(state, &e.id).await?);
    }
    Ok(count)
}

/// How errors name the user: "User aokafor in kdb environment eqr4… was not found".
fn about(environment_id: &EnvironmentId, user_name: &KxUserName) -> String {
    format!("user {user_name} in kdb environment {environment_id}")
}

/// One kdb user, as `GetKxUser` returns it.
#[instrument(skip_all, fields(service = "finspace", environment = %environment_id, user = %user_name))]
pub async fn get_user(
    client: &Client,
    environment_id: &EnvironmentId,
    user_name: &KxUserName,
) -> Result<FinspaceUserRecord, AppError> {
    let out = client
        .get_kx_user()
        .environment_id(environment_id.as_str())
        .user_name(user_name.as_str())
        .send()
        .await
        .aws(SERVICE, "GetKxUser", &about(environment_id, user_name))?;
    Ok(FinspaceUserRecord {
        // The ids asked for stand in should an answer omit them; they name the same user.
        environment_id: out
            .environment_id()
            .unwrap_or(environment_id.as_str())
            .to_owned(),
        user_name: out.user_name().unwrap_or(user_name.as_str()).to_owned(),
        user_arn: out.user_arn().unwrap_or_default().to_owned(),
        iam_role: out.iam_role().unwrap_or_default().to_owned(),
    })
}

/// Sets the user's IAM role with `UpdateKxUser` and returns the user as AWS answered.
///
/// The form's client token goes along, so FinSpace applies a doubly submitted form once (the
/// second call answers the first result) and refuses the token with a different request.
#[instrument(skip_all, fields(service = "finspace", environment = %update.environment_id, user = %update.user_name))]
pub async fn update_user(
    client: &Client,
    update: &FinspaceUserUpdate,
) -> Result<FinspaceUserRecord, AppError> {
    let out = client
        .update_kx_user()
        .environment_id(update.environment_id.as_str())
        .user_name(update.user_name.as_str())
        .iam_role(update.iam_role.as_str())
        .client_token(update.client_token.as_str())
        .send()
        .await
        .aws(
            SERVICE,
            "UpdateKxUser",
            &about(&update.environment_id, &update.user_name),
        )?;
    match (
        out.environment_id(),
        out.user_name(),
        out.user_arn(),
        out.iam_role(),
    ) {
        (Some(environment_id), Some(user_name), Some(user_arn), Some(iam_role)) => {
            Ok(FinspaceUserRecord {
                environment_id: environment_id.to_owned(),
                user_name: user_name.to_owned(),
                user_arn: user_arn.to_owned(),
                iam_role: iam_role.to_owned(),
            })
        }
        // Every member of the answer is optional in the model: read the user rather than
        // show a record with holes.
        _ => get_user(client, &update.environment_id, &update.user_name).await,
    }
}

/// Every user of every environment, for the cross-service search.
pub async fn directory(state: &AppState) -> Result<Fetched<Vec<Entry>>, AppError> {
    let environments = cached_environments(state).await?;
    let listings = futures_util::future::try_join_all(
        environments
            .value
            .iter()
            .map(|e| cached_users(state, &e.id)),
    )
    .await?;
    let mut oldest = environments.fetched_at;
    let mut entries = Vec::new();
    for (environment, users) in environments.value.iter().zip(&listings) {
        oldest = oldest.min(users.fetched_at);
        entries.extend(users.value.iter().map(|u| {
            Entry::new(
                Found {
                    name: u.name.clone(),
                    detail: u.iam_role.clone(),
                    container: Some(format!("environment {}", environment.name)),
                    href: format!("/finspace/environments/{}/users/{}", environment.id, u.name),
                    actions: Vec::new(),
                },
                &[&u.name, &u.iam_role],
            )
        }));
    }
    Ok(Fetched::built(entries, Some(oldest)))
}
