//! The identity store through `aws-sdk-identitystore`; store discovery through `aws-sdk-ssoadmin`.

use aws_sdk_identitystore::Client as StoreClient;
use aws_sdk_identitystore::operation::describe_user::DescribeUserOutput;
use aws_sdk_identitystore::types as sdk;
use aws_smithy_types::Document;
use aws_smithy_types::date_time::Format;
use aws_types::SdkConfig;
use tracing::instrument;

use super::SERVICE;
use super::model::{
    AddressEntry, AttributeOperation, AttributeValue, ContactEntry, IdentityStoreId,
    IdentityStoreUserRecord, IdentityStoreUserUpdate, Member, operations,
};
use crate::error::AppError;
use crate::search::{Entry, Found};
use crate::server::AppState;
use crate::server::aws_error::{self, AwsResultExt};
use crate::server::config::Endpoints;
use crate::server::listing_cache::Fetched;
use crate::server::overview::Count;
use crate::server::paging::PageGuard;
use crate::server::state::sdk_client;

/// The slice's clients: the identity store's, and SSO Admin's, which finds the stores.
#[derive(Debug, Clone)]
pub struct Client {
    pub store: StoreClient,
    pub sso_admin: aws_sdk_ssoadmin::Client,
}

/// The slice's clients, each aimed at its `[aws.endpoints]` entry if any.
pub fn client(sdk: &SdkConfig, endpoints: &Endpoints) -> Client {
    Client {
        store: sdk_client!(aws_sdk_identitystore, sdk, endpoints.for_service(SERVICE)),
        sso_admin: sdk_client!(
            aws_sdk_ssoadmin,
            sdk,
            endpoints.get(super::SSO_ADMIN_ENDPOINT)
        ),
    }
}

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
    let what = "the Identity Center instances";
    let mut guard = PageGuard::new(SERVICE, "ListInstances", what);
    let mut pages = state
        .clients
        .identitystore
        .sso_admin
        .list_instances()
        .into_paginator()
        .send();
    let mut stores = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListInstances", what)?;
        stores.extend(page.instances().iter().filter_map(|instance| {
            Some(Store {
                id: instance.identity_store_id()?.to_owned(),
                instance_name: instance
                    .name()
                    .or(instance.instance_arn())
                    .unwrap_or_default()
                    .to_owned(),
            })
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(stores)
}

/// Refuses a store the configuration does not list, as if it did not exist: with
/// `identity_store_ids` set, userdesk touches those stores and no other, whatever the
/// credentials could reach.
pub fn check_allowed(state: &AppState, store: &IdentityStoreId) -> Result<(), AppError> {
    if store.is_allowed_by(&state.identity_store_ids) {
        Ok(())
    } else {
        tracing::warn!(
            store = store.as_str(),
            "refused an identity store outside the configured identity_store_ids"
        );
        Err(AppError::NotFound {
            what: format!("Identity store {}", store.as_str()),
        })
    }
}

#[instrument(skip_all, fields(service = "identitystore", store = store_id))]
pub async fn users(client: &StoreClient, store_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let what = format!("identity store {store_id}");
    let mut guard = PageGuard::new(SERVICE, "ListUsers", what.clone());
    let mut pages = client
        .list_users()
        .identity_store_id(store_id)
        .into_paginator()
        .send();
    let mut users = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListUsers", &what)?;
        users.extend(page.users().iter().map(|u| {
            UserSummary {
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
            }
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(users)
}

/// [`stores`] through the listing cache: the list page and the home page share it.
pub async fn cached_stores(state: &AppState) -> Result<Fetched<Vec<Store>>, AppError> {
    state
        .listings
        .get(SERVICE, "stores", || stores(state))
        .await
}

/// [`users`] through the listing cache.
pub async fn cached_users(
    state: &AppState,
    store_id: &str,
) -> Result<Fetched<Vec<UserSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, &format!("users/{store_id}"), || {
            users(&state.clients.identitystore.store, store_id)
        })
        .await
}

/// One cheap read, for `/readyz`: the identity stores (from SSO Admin unless configured).
pub async fn probe(state: &AppState) -> Result<(), AppError> {
    stores(state).await.map(drop)
}

pub async fn count(state: &AppState) -> Result<Count, AppError> {
    let stores = cached_stores(state).await?;
    let mut count = Count::containers(&stores);
    for s in stores.value.iter() {
        count.add_users(&cached_users(state, &s.id).await?);
    }
    Ok(count)
}

/// The user as `DescribeUser` reports it.
#[instrument(skip_all, fields(service = "identitystore", store = store_id, user = user_id))]
pub async fn get_user(
    client: &StoreClient,
    store_id: &str,
    user_id: &str,
) -> Result<IdentityStoreUserRecord, AppError> {
    let out = client
        .describe_user()
        .identity_store_id(store_id)
        .user_id(user_id)
        .send()
        .await
        .aws(SERVICE, "DescribeUser", &format!("user {user_id}"))?;
    Ok(record(&out))
}

/// Sends what changed between `before` (the user as just read) and `update` as `UpdateUser`
/// attribute operations, with the revision the form was loaded at, so AWS refuses the change
/// (`ConflictException`) if someone else changed the user meanwhile. Nothing changed: no
/// request, `before` is the answer. `UpdateUser` answers only ids and the new revision, so the
/// record returned is read again with `DescribeUser`.
///
/// When `before` is already newer than the form, the difference would also undo the other
/// person's change; that is refused here, as the same conflict, without a request.
#[instrument(skip_all, fields(
    service = "identitystore",
    store = update.identity_store_id.as_str(),
    user = update.user_id.as_str(),
))]
pub async fn update_user(
    client: &StoreClient,
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Result<IdentityStoreUserRecord, AppError> {
    let (store_id, user_id) = (update.identity_store_id.as_str(), update.user_id.as_str());
    let what = if before.user_name.is_empty() {
        format!("user {user_id}")
    } else {
        format!("user {}", before.user_name)
    };
    let ops = operations(before, update);
    if ops.is_empty() {
        tracing::debug!("nothing changed; UpdateUser not sent");
        return Ok(before.clone());
    }
    if before.revision != update.revision.as_str() {
        tracing::info!(
            loaded = update.revision.as_str(),
            current = before.revision.as_str(),
            "the form is older than the user; UpdateUser not sent"
        );
        return Err(aws_error::from_code(
            SERVICE,
            "UpdateUser",
            &what,
            "ConflictException",
            "",
        ));
    }
    // The paths only: the values are personal data (the model marks them sensitive).
    let paths: Vec<&str> = ops.iter().map(|op| op.path).collect();
    tracing::info!(
        ?paths,
        revision = update.revision.as_str(),
        "updating user attributes"
    );
    let ops = ops
        .into_iter()
        .map(sdk_operation)
        .collect::<Result<Vec<_>, _>>()?;
    client
        .update_user()
        .identity_store_id(store_id)
        .user_id(user_id)
        .set_operations(Some(ops))
        .revision(update.revision.as_str())
        .send()
        .await
        .aws(SERVICE, "UpdateUser", &what)?;
    get_user(client, store_id, user_id).await
}

fn sdk_operation(op: AttributeOperation) -> Result<sdk::AttributeOperation, AppError> {
    sdk::AttributeOperation::builder()
        .attribute_path(op.path)
        .set_attribute_value(op.value.map(document))
        .build()
        // Only a missing path fails the build, and every operation has one.
        .map_err(|e| {
            tracing::error!(error = %e, "could not build an identity store attribute operation");
            AppError::Internal {
                reference: crate::server::context::request_id(),
            }
        })
}

fn document(value: AttributeValue) -> Document {
    match value {
        AttributeValue::Text(text) => Document::String(text),
        // A multi-valued attribute: AWS takes it as a list, here always of one object.
        AttributeValue::Entry(members) => Document::Array(vec![Document::Object(
            members
                .into_iter()
                .map(|(name, member)| {
                    let value = match member {
                        Member::Text(text) => Document::String(text),
                        Member::Flag(flag) => Document::Bool(flag),
                    };
                    (name.to_owned(), value)
                })
                .collect(),
        )]),
    }
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

/// The one entry of a multi-valued attribute: the primary one, else the first.
fn primary<T>(entries: &[T], is_primary: fn(&T) -> bool) -> Option<&T> {
    entries.iter().find(|e| is_primary(e)).or(entries.first())
}

fn record(out: &DescribeUserOutput) -> IdentityStoreUserRecord {
    let name = out.name();
    let name_part = |part: fn(&sdk::Name) -> Option<&str>| owned(name.and_then(part));
    IdentityStoreUserRecord {
        identity_store_id: out.identity_store_id().to_owned(),
        user_id: out.user_id().to_owned(),
        revision: out.revision().to_owned(),
        user_name: out.user_name().unwrap_or_default().to_owned(),
        status: out
            .user_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        updated_at: out
            .updated_at()
            .and_then(|t| t.fmt(Format::DateTime).ok())
            .unwrap_or_default(),
        display_name: owned(out.display_name()),
        given_name: name_part(sdk::Name::given_name),
        middle_name: name_part(sdk::Name::middle_name),
        family_name: name_part(sdk::Name::family_name),
        formatted_name: name_part(sdk::Name::formatted),
        nick_name: owned(out.nick_name()),
        title: owned(out.title()),
        user_type: owned(out.user_type()),
        email: primary(out.emails(), sdk::Email::primary).map(|e| ContactEntry {
            value: owned(e.value()),
            kind: owned(e.r#type()),
            primary: Some(e.primary()),
        }),
        phone_number: primary(out.phone_numbers(), sdk::PhoneNumber::primary).map(|p| {
            ContactEntry {
                value: owned(p.value()),
                kind: owned(p.r#type()),
                primary: Some(p.primary()),
            }
        }),
        address: primary(out.addresses(), sdk::Address::primary).map(|a| AddressEntry {
            street_address: owned(a.street_address()),
            locality: owned(a.locality()),
            region: owned(a.region()),
            postal_code: owned(a.postal_code()),
            country: owned(a.country()),
            formatted: owned(a.formatted()),
            kind: owned(a.r#type()),
            primary: Some(a.primary()),
        }),
        preferred_language: owned(out.preferred_language()),
        locale: owned(out.locale()),
        timezone: owned(out.timezone()),
        profile_url: owned(out.profile_url()),
    }
}

/// Every user of every store userdesk may touch, for the cross-service search.
pub async fn directory(state: &AppState) -> Result<Fetched<Vec<Entry>>, AppError> {
    let stores = cached_stores(state).await?;
    let listings =
        futures_util::future::try_join_all(stores.value.iter().map(|s| cached_users(state, &s.id)))
            .await?;
    let mut oldest = stores.fetched_at;
    let mut entries = Vec::new();
    for (store, users) in stores.value.iter().zip(&listings) {
        oldest = oldest.min(users.fetched_at);
        entries.extend(users.value.iter().map(|u| {
            let href = format!("/identitystore/stores/{}/users/{}", store.id, u.id);
            let detail = [u.user_name.as_str(), u.email.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            Entry::new(
                Found {
                    name: if u.display_name.is_empty() {
                        u.user_name.clone()
                    } else {
                        u.display_name.clone()
                    },
                    detail,
                    container: Some(format!("store {}", store.id)),
                    actions: vec![(
                        "Password: in the console".to_owned(),
                        format!("{href}#reset-password"),
                    )],
                    href,
                },
                &[&u.user_name, &u.display_name, &u.email, &u.id],
            )
        }));
    }
    Ok(Fetched::built(entries, Some(oldest)))
}
