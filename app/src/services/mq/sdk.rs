//! Amazon MQ through `aws-sdk-mq`.

use aws_sdk_mq::Client;
use tracing::instrument;

use super::SERVICE;
use super::model::{MqPending, MqUserRecord, MqUserUpdate};
use crate::error::AppError;
use crate::server::aws_error;

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
    let mut pages = client.list_brokers().into_paginator().items().send();
    let mut brokers = Vec::new();
    while let Some(b) = pages.next().await {
        let b = b.map_err(|e| aws_error::map(SERVICE, "ListBrokers", "the broker list", e))?;
        brokers.push(BrokerSummary {
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
        });
    }
    Ok(brokers)
}

/// The broker's name, for headings.
#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn broker_name(client: &Client, broker_id: &str) -> Result<String, AppError> {
    let out = client
        .describe_broker()
        .broker_id(broker_id)
        .send()
        .await
        .map_err(|e| {
            aws_error::map(SERVICE, "DescribeBroker", &format!("broker {broker_id}"), e)
        })?;
    Ok(out.broker_name().unwrap_or(broker_id).to_owned())
}

/// Every user of a broker. `ListUsers` has no SDK paginator, so the token is followed here.
#[instrument(skip_all, fields(service = "mq", broker = broker_id))]
pub async fn users(client: &Client, broker_id: &str) -> Result<Vec<UserSummary>, AppError> {
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
            .map_err(|e| aws_error::map(SERVICE, "ListUsers", &format!("broker {broker_id}"), e))?;
        users.extend(out.users().iter().map(|u| UserSummary {
            username: u.username().unwrap_or_default().to_owned(),
            pending_change: u.pending_change().map(|c| c.as_str().to_owned()),
        }));
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    Ok(users)
}

/// (brokers, users across them) for the dashboard card.
pub async fn count(client: &Client) -> Result<(usize, usize), AppError> {
    let brokers = brokers(client).await?;
    let mut users_total = 0;
    for b in brokers.iter().filter(|b| b.engine == "ACTIVEMQ") {
        users_total += users(client, &b.id).await?.len();
    }
    Ok((brokers.len(), users_total))
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
        .map_err(|e| aws_error::map(SERVICE, "DescribeUser", &format!("user {username}"), e))?;
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
        .map_err(|e| aws_error::map(SERVICE, "UpdateUser", &format!("user {username}"), e))?;
    get_user(client, broker_id, username).await
}
