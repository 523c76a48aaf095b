//! Amazon MQ (ActiveMQ) users, which live in brokers.

use leptos::prelude::*;
use leptos::server;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::listing::{Crumb, Row};
use crate::listing::{ListPage, Listing};
#[cfg(feature = "ssr")]
use crate::services::ServiceId;

pub mod model;
#[cfg(feature = "ssr")]
pub mod sdk;
pub mod user;

pub use user::UserPage as UserEditPage;

#[cfg(feature = "ssr")]
const SERVICE: ServiceId = ServiceId::Mq;

/// The account's brokers.
#[server]
pub async fn mq_brokers(_parent: String, query: String, page: usize) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let brokers = sdk::brokers(&ctx.state.clients.mq).await?;
    let rows = brokers
        .into_iter()
        .map(|b| {
            // Amazon MQ manages users only for ActiveMQ; RabbitMQ users live in RabbitMQ itself.
            let activemq = b.engine == "ACTIVEMQ";
            Row {
                href: activemq.then(|| format!("/mq/brokers/{}", b.id)),
                cells: vec![
                    b.id,
                    if activemq {
                        b.engine
                    } else {
                        format!(
                            "{} (users are managed in the broker, not through Amazon MQ)",
                            b.engine
                        )
                    },
                    b.state,
                    b.deployment_mode,
                    b.instance_type,
                ],
                title: b.name,
            }
        })
        .collect();
    Ok(Listing::build(
        "Amazon MQ brokers",
        vec![Crumb::service(SERVICE)],
        "broker",
        &[
            "Broker",
            "Id",
            "Engine",
            "State",
            "Deployment",
            "Instance type",
        ],
        rows,
        &query,
        page,
    ))
}

/// The users of broker `broker_id`.
#[server]
pub async fn mq_users(broker_id: String, query: String, page: usize) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let client = &ctx.state.clients.mq;
    let broker = sdk::broker_name(client, &broker_id).await?;
    let users = sdk::users(client, &broker_id).await?;
    let rows = users
        .into_iter()
        .map(|u| Row {
            href: Some(format!("/mq/brokers/{broker_id}/users/{}", u.username)),
            cells: vec![u.pending_change.unwrap_or_else(|| "—".to_owned())],
            title: u.username,
        })
        .collect();
    Ok(Listing::build(
        format!("Users of {broker}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(broker, format!("/mq/brokers/{broker_id}")),
        ],
        "user",
        &["User", "Pending change"],
        rows,
        &query,
        page,
    ))
}

#[component]
pub fn BrokersPage() -> impl IntoView {
    view! { <ListPage fetch=mq_brokers/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="broker" fetch=mq_users/> }
}
