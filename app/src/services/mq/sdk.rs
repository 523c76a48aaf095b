//! Amazon MQ through `aws-sdk-mq`.

pub use aws_sdk_mq::Client;
use aws_types::SdkConfig;
use tracing::instrument;

use super::SERVICE;
use super::model::{MqPassword, MqPending, MqUserRecord, MqUserUpdate};
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
    sdk_client!(aws_sdk_mq, sdk, endpoints.for_service(SERVICE))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerSummary {
    pub id: String,
    pub name: String,
    pub engine: String,
    pub state: String,
    pub deployment_mode: String,
    pub instance_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    pub pending_change: Option<String>,
}

#[instrument(skip_all, fields(service = "mq"))]
pub async fn brokers(client: &Client) -> Result<Vec<BrokerSummary>, AppError> {
    let what = "the broker list";
    let mut guard = PageGuard::new(SERVICE, "ListBrokers", what);
    let mut pages = client.list_brokers().into_paginator().send();
    let mut brokers = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.aws(SERVICE, "ListBrokers", what)?;
        brokers.extend(page.broker_summaries().iter().map(|b| {
            BrokerSummary {
                id: b.broker_id().unwrap_or_default().to_owned(),
                name: b.broker_name().unwrap_or_default().to_owned(),
                engine: b
                    .engine_type()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
                state: b
                    .broker_state()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                deployment_mode: b
                    .deployment_mode()
                    .map(|d| d.as_str().to_owned())
                    .unwrap_or_default(),
                instance_type: b.host_instance_type().unwrap_or_default().to_owned(),
            }
        }));
        if guard.next(page.next_token())?.is_none() {
            break;
        }
    }
    Ok(brokers)
}

/// The broker's name, for headings.
#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn broker_name(client: &Client, broker_id: &str) -> Result<String, AppError> {
    Ok(broker(client, broker_id).await?.name)
}

/// Every user of a broker. `ListUsers` has no SDK paginator, so the token is followed here.
#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn users(client: &Client, broker_id: &str) -> Result<Vec<UserSummary>, AppError> {
    let what = format!("broker {broker_id}");
    let mut guard = PageGuard::new(SERVICE, "ListUsers", what.clone());
    let mut users = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .list_users()
            .broker_id(broker_id)
            .max_results(100)
            .set_next_token(token.take())
            .send()
            .await
            .aws(SERVICE, "ListUsers", &what)?;
        users.extend(out.users().iter().map(|u| UserSummary {
            username: u.username().unwrap_or_default().to_owned(),
            pending_change: u.pending_change().map(|c| c.as_str().to_owned()),
        }));
        token = guard.next(out.next_token())?;
        if token.is_none() {
            break;
        }
    }
    Ok(users)
}

/// [`brokers`] through the listing cache: the list pages and the home page share it.
pub async fn cached_brokers(state: &AppState) -> Result<Fetched<Vec<BrokerSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, "brokers", || brokers(&state.clients.mq))
        .await
}

/// [`users`] through the listing cache.
pub async fn cached_users(
    state: &AppState,
    broker_id: &str,
) -> Result<Fetched<Vec<UserSummary>>, AppError> {
    state
        .listings
        .get(SERVICE, &format!("users/{broker_id}"), || {
            users(&state.clients.mq, broker_id)
        })
        .await
}

/// Whether Amazon MQ manages the broker's users: only for ActiveMQ; RabbitMQ users live
/// in RabbitMQ itself.
pub fn manages_users(broker: &BrokerSummary) -> bool {
    broker.engine == "ACTIVEMQ"
}

/// One cheap read, for `/readyz`: the broker list.
pub async fn probe(state: &AppState) -> Result<(), AppError> {
    brokers(&state.clients.mq).await.map(drop)
}

/// (brokers, users across them) for the dashboard card.
pub async fn count(state: &AppState) -> Result<Count, AppError> {
    let brokers = cached_brokers(state).await?;
    let mut count = Count::containers(&brokers);
    for b in brokers.value.iter().filter(|b| manages_users(b)) {
        count.add_users(&cached_users(state, &b.id).await?);
    }
    Ok(count)
}

/// The user as `DescribeUser` reports it, pending changes included.
#[instrument(skip_all, fields(service = "mq", broker = broker_id, user = username))]
pub async fn get_user(
    client: &Client,
    broker_id: &str,
    username: &str,
) -> Result<MqUserRecord, AppError> {
    let out = client
        .describe_user()
        .broker_id(broker_id)
        .username(username)
        .send()
        .await
        .aws(SERVICE, "DescribeUser", &format!("user {username}"))?;
    Ok(MqUserRecord {
        broker_id: out.broker_id().unwrap_or(broker_id).to_owned(),
        username: out.username().unwrap_or(username).to_owned(),
        console_access: out.console_access().unwrap_or(false),
        groups: out.groups().to_vec(),
        replication_user: out.replication_user().unwrap_or(false),
        pending: out.pending().map(|p| MqPending {
            change: p
                .pending_change()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            console_access: p.console_access(),
            groups: p.groups().to_vec(),
        }),
    })
}

/// Sends `UpdateUser` with only what differs from `before` (which answers an empty body) and
/// returns the user as `DescribeUser` then reports it, the change pending until the broker
/// reboots. Members left out keep their value on AWS; sending an unchanged one could undo a
/// pending change `DescribeUser` does not report (replication user has no pending field).
#[instrument(skip_all, fields(service = "mq", broker = update.broker_id.as_str(), user = update.username.as_str()))]
pub async fn update_user(
    client: &Client,
    update: &MqUserUpdate,
    before: &MqUserRecord,
) -> Result<MqUserRecord, AppError> {
    let (broker_id, username) = (update.broker_id.as_str(), update.username.as_str());
    let groups: Vec<String> = update
        .groups
        .iter()
        .map(|g| g.as_str().to_owned())
        .collect();
    client
        .update_user()
        .broker_id(broker_id)
        .username(username)
        .set_password(update.password.as_ref().map(|p| p.expose().to_owned()))
        .set_groups((groups != before.effective_groups()).then_some(groups))
        .set_console_access(
            (update.console_access != before.effective_console_access())
                .then_some(update.console_access),
        )
        .set_replication_user(
            (update.replication_user != before.replication_user).then_some(update.replication_user),
        )
        .send()
        .await
        .aws_secret_if(
            update.password.is_some(),
            SERVICE,
            "UpdateUser",
            &format!("user {username}"),
        )?;
    get_user(client, broker_id, username).await
}

/// A broker as `DescribeBroker` reports it: what a reboot needs and changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerRecord {
    pub id: String,
    pub name: String,
    /// `RUNNING`, `REBOOT_IN_PROGRESS`…
    pub state: String,
}

#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn broker(client: &Client, broker_id: &str) -> Result<BrokerRecord, AppError> {
    let out = client
        .describe_broker()
        .broker_id(broker_id)
        .send()
        .await
        .aws(SERVICE, "DescribeBroker", &format!("broker {broker_id}"))?;
    Ok(BrokerRecord {
        id: out.broker_id().unwrap_or(broker_id).to_owned(),
        name: out.broker_name().unwrap_or(broker_id).to_owned(),
        state: out
            .broker_state()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
    })
}

/// Sends `RebootBroker` and returns the broker as `DescribeBroker` then reports it.
#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn reboot_broker(client: &Client, broker_id: &str) -> Result<BrokerRecord, AppError> {
    client
        .reboot_broker()
        .broker_id(broker_id)
        .send()
        .await
        .aws(SERVICE, "RebootBroker", &format!("broker {broker_id}"))?;
    broker(client, broker_id).await
}

/// Sends `UpdateUser` with the password only (groups, console access and replication keep
/// their values) and returns the user as `DescribeUser` then reports it.
#[instrument(skip_all, fields(service = "mq", broker = broker_id, user = username))]
pub async fn set_password(
    client: &Client,
    broker_id: &str,
    username: &str,
    password: &MqPassword,
) -> Result<MqUserRecord, AppError> {
    client
        .update_user()
        .broker_id(broker_id)
        .username(username)
        .password(password.expose())
        .send()
        .await
        .aws_secret_if(true, SERVICE, "UpdateUser", &format!("user {username}"))?;
    get_user(client, broker_id, username).await
}

/// Every user of every broker whose users Amazon MQ manages, for the cross-service search.
pub async fn directory(state: &AppState) -> Result<Fetched<Vec<Entry>>, AppError> {
    let brokers = cached_brokers(state).await?;
    let managed: Vec<&BrokerSummary> = brokers.value.iter().filter(|b| manages_users(b)).collect();
    let listings =
        futures_util::future::try_join_all(managed.iter().map(|b| cached_users(state, &b.id)))
            .await?;
    let mut oldest = brokers.fetched_at;
    let mut entries = Vec::new();
    for (broker, users) in managed.iter().zip(&listings) {
        oldest = oldest.min(users.fetched_at);
        entries.extend(users.value.iter().map(|u| {
            let href = format!("/mq/brokers/{}/users/{}", broker.id, u.username);
            Entry::new(
                Found {
                    name: u.username.clone(),
                    detail: u
                        .pending_change
                        .as_ref()
                        .map(|c| format!("pending change: {c}"))
                        .unwrap_or_default(),
                    container: Some(format!("broker {}", broker.name)),
                    actions: vec![(
                        "Reset password".to_owned(),
                        format!("{href}#reset-password"),
                    )],
                    href,
                },
                &[&u.username],
            )
        }));
    }
    Ok(Fetched::built(entries, Some(oldest)))
}
