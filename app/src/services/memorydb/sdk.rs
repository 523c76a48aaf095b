//! MemoryDB through `aws-sdk-memorydb`: free functions over the client, AWS errors mapped once.

pub use aws_sdk_memorydb::Client;
use aws_sdk_memorydb::types::{AuthenticationMode, InputAuthenticationType, User};
use aws_types::SdkConfig;
use tracing::instrument;

use super::SERVICE;
use super::model::{AuthenticationUpdate, MemoryDbUserRecord, MemoryDbUserUpdate, UserName};
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
    sdk_client!(aws_sdk_memorydb, sdk, endpoints.for_service(SERVICE))
}

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

/// Every user of the account, following `NextToken` to the end (within [`PageGuard`]'s
/// bounds).
#[instrument(skip_all, fields(service = "memorydb"))]
pub async fn all_users(client: &Client) -> Result<Vec<UserSummary>, AppError> {
    let what = "the user list";
    let mut guard = PageGuard::new(SERVICE, "DescribeUsers", what);
    let mut pages = client.describe_users().into_paginator().send();
    let mut users = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "DescribeUsers", what)?;
        users.extend(page.users().iter().map(summary));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(users)
}

fn summary(user: &User) -> UserSummary {
    let authentication = match user.authentication() {
        Some(auth) => match (auth.r#type(), auth.password_count()) {
            (Some(t), Some(n)) if t.as_str() == "password" => format!("password ({n})"),
            (Some(t), _) => t.as_str().to_owned(),
            (None, _) => "unknown".to_owned(),
        },
        None => "unknown".to_owned(),
    };
    UserSummary {
        name: user.name().unwrap_or_default().to_owned(),
        status: user.status().unwrap_or_default().to_owned(),
        authentication,
        access_string: user.access_string().unwrap_or_default().to_owned(),
        acl_names: user.acl_names().to_vec(),
    }
}

/// [`all_users`] through the listing cache: the list page and the home page share it.
pub async fn cached_users(state: &AppState) -> Result<Fetched<Vec<UserSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, "users", || all_users(&state.clients.memorydb))
        .await
}

/// How many users the account has (the dashboard card).
pub async fn count(state: &AppState) -> Result<Count, AppError> {
    Ok(Count::users(&cached_users(state).await?))
}

/// One small read, for `/readyz`.
pub async fn probe(state: &AppState) -> Result<(), AppError> {
    state
        .clients
        .memorydb
        .describe_users()
        .max_results(20)
        .send()
        .await
        .map(drop)
        .aws(SERVICE, "DescribeUsers", "the user list")
}

/// One user, as `DescribeUsers` filtered on its name reports it.
#[instrument(skip_all, fields(service = "memorydb", user = name.as_str()))]
pub async fn get_user(client: &Client, name: &UserName) -> Result<MemoryDbUserRecord, AppError> {
    let what = format!("user {}", name.as_str());
    let out = client
        .describe_users()
        .user_name(name.as_str())
        .send()
        .await
        .aws(SERVICE, "DescribeUsers", &what)?;
    // AWS answers UserNotFoundFault for an unknown name; an empty list means the same.
    out.users()
        .iter()
        .find(|u| u.name() == Some(name.as_str()))
        .map(record)
        .ok_or_else(|| AppError::NotFound {
            what: format!("User {}", name.as_str()),
        })
}

/// Sends `UpdateUser`: the access string always, `AuthenticationMode` only when the
/// authentication changes. Returns the user as AWS answered (status `modifying` on AWS until
/// the change reaches the clusters).
#[instrument(skip_all, fields(service = "memorydb", user = update.user_name.as_str()))]
pub async fn update_user(
    client: &Client,
    update: &MemoryDbUserUpdate,
) -> Result<MemoryDbUserRecord, AppError> {
    let name = update.user_name.as_str();
    let mode = match &update.authentication {
        AuthenticationUpdate::Keep => None,
        AuthenticationUpdate::Iam => Some(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Iam)
                .build(),
        ),
        AuthenticationUpdate::Passwords(passwords) => Some(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Password)
                .set_passwords(Some(
                    passwords.iter().map(|p| p.expose().to_owned()).collect(),
                ))
                .build(),
        ),
    };
    // Exhaustive on purpose: a new mode must decide whether AWS's answer may echo a secret.
    let carries_passwords = match &update.authentication {
        AuthenticationUpdate::Passwords(_) => true,
        AuthenticationUpdate::Keep | AuthenticationUpdate::Iam => false,
    };
    let out = client
        .update_user()
        .user_name(name)
        .access_string(update.access_string.as_str())
        .set_authentication_mode(mode)
        .send()
        .await
        .aws_secret_if(
            carries_passwords,
            SERVICE,
            "UpdateUser",
            &format!("user {name}"),
        )?;
    match out.user() {
        Some(user) => Ok(record(user)),
        // The model makes `User` optional; should an answer lack it, read the user back.
        None => get_user(client, &update.user_name).await,
    }
}

fn record(user: &User) -> MemoryDbUserRecord {
    let auth = user.authentication();
    MemoryDbUserRecord {
        name: user.name().unwrap_or_default().to_owned(),
        status: user.status().unwrap_or_default().to_owned(),
        access_string: user.access_string().unwrap_or_default().to_owned(),
        acl_names: user.acl_names().to_vec(),
        minimum_engine_version: user.minimum_engine_version().unwrap_or_default().to_owned(),
        authentication_type: auth
            .and_then(|a| a.r#type())
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        password_count: auth
            .and_then(|a| a.password_count())
            .and_then(|n| u32::try_from(n).ok()),
        arn: user.arn().unwrap_or_default().to_owned(),
    }
}

/// Sends `UpdateUser` with the passwords only (the access string is left out, so it keeps
/// its value) and returns the user as AWS answered.
#[instrument(skip_all, fields(service = "memorydb", user = name.as_str()))]
pub async fn set_passwords(
    client: &Client,
    name: &UserName,
    passwords: &super::model::Passwords,
) -> Result<MemoryDbUserRecord, AppError> {
    let mode = AuthenticationMode::builder()
        .r#type(InputAuthenticationType::Password)
        .set_passwords(Some(
            passwords.iter().map(|p| p.expose().to_owned()).collect(),
        ))
        .build();
    let out = client
        .update_user()
        .user_name(name.as_str())
        .authentication_mode(mode)
        .send()
        .await
        .aws_secret_if(
            true,
            SERVICE,
            "UpdateUser",
            &format!("user {}", name.as_str()),
        )?;
    match out.user() {
        Some(user) => Ok(record(user)),
        None => get_user(client, name).await,
    }
}

/// Every user, for the cross-service search.
pub async fn directory(state: &AppState) -> Result<Fetched<Vec<Entry>>, AppError> {
    let users = cached_users(state).await?;
    let entries = users
        .value
        .iter()
        .map(|u| {
            let href = format!("/memorydb/users/{}", u.name);
            let resettable = u.authentication.starts_with("password");
            Entry::new(
                Found {
                    name: u.name.clone(),
                    detail: format!("{} · {}", u.authentication, u.status),
                    container: None,
                    actions: resettable
                        .then(|| {
                            (
                                "Reset password".to_owned(),
                                format!("{href}#reset-password"),
                            )
                        })
                        .into_iter()
                        .collect(),
                    href,
                },
                &[&u.name],
            )
        })
        .collect();
    Ok(Fetched::built(entries, Some(users.fetched_at)))
}
