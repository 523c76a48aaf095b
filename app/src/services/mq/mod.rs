//! Amazon MQ (ActiveMQ) users, which live in brokers.

use leptos::prelude::*;
use leptos::server;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::listing::{Crumb, Row};
use crate::listing::{ListPage, Listing};
use crate::services::{About, ServiceId};

pub mod model;
pub mod reset;
#[cfg(feature = "ssr")]
pub mod sdk;
pub mod user;

pub use user::UserPage as UserEditPage;

const SERVICE: ServiceId = ServiceId::Mq;

/// What the dashboard, configuration and messages know of this slice.
pub const ABOUT: About = About {
    name: "Amazon MQ",
    slug: "mq",
    container: Some("broker"),
    blurb: "ActiveMQ broker users: passwords, groups, console access.",
    iam_prefix: "mq",
    other_endpoints: &[],
    // A password reset; groups, console access and replication need an admin.
    helpdesk_fields: &["password"],
};

/// The account's brokers.
#[server(output = crate::wire::Answer)]
pub async fn mq_brokers(_parent: String, query: String, page: usize) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let brokers = sdk::cached_brokers(&ctx.state).await?;
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
        brokers.value.iter(),
        |b| {
            let managed = sdk::manages_users(b);
            Row {
                href: managed.then(|| format!("/mq/brokers/{}", b.id)),
                cells: vec![
                    b.id.clone(),
                    if managed {
                        b.engine.clone()
                    } else {
                        format!(
                            "{} (users are managed in the broker, not through Amazon MQ)",
                            b.engine
                        )
                    },
                    b.state.clone(),
                    b.deployment_mode.clone(),
                    b.instance_type.clone(),
                ],
                title: b.name.clone(),
            }
        },
        &query,
        page,
    )
    .listed(brokers.age()))
}

/// The users of broker `broker_id`.
#[server(output = crate::wire::Answer)]
pub async fn mq_users(broker_id: String, query: String, page: usize) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    use crate::services::mq::model::BrokerId;
    let ctx = context(Permission::ViewUsers).await?;
    // Parsed before it goes anywhere near a request path.
    let broker_id = BrokerId::parse(&broker_id).map_err(|e| AppError::Invalid(vec![e]))?;
    let broker_id = broker_id.as_str();
    // The name comes from the broker list the home page and the broker page share.
    let brokers = sdk::cached_brokers(&ctx.state).await?;
    let broker = brokers
        .value
        .iter()
        .find(|b| b.id == broker_id)
        .map(|b| b.name.clone())
        .ok_or_else(|| AppError::NotFound {
            what: format!("Broker {broker_id}"),
        })?;
    let users = sdk::cached_users(&ctx.state, broker_id).await?;
    Ok(Listing::build(
        format!("Users of {broker}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(broker, format!("/mq/brokers/{broker_id}")),
        ],
        "user",
        &["User", "Pending change"],
        users.value.iter(),
        |u| Row {
            href: Some(format!("/mq/brokers/{broker_id}/users/{}", u.username)),
            cells: vec![u.pending_change.clone().unwrap_or_else(|| "—".to_owned())],
            title: u.username.clone(),
        },
        &query,
        page,
    )
    .listed(brokers.age().max(users.age())))
}

#[component]
pub fn BrokersPage() -> impl IntoView {
    view! { <ListPage fetch=mq_brokers/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="broker" fetch=mq_users/> }
}

/// The slice's pages under `/mq`, as one route group the app lists once. Every route
/// renders whole on the server (`SsrMode::Async`): a page without JavaScript must hold its data.
#[component(transparent)]
pub fn Routes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute, Route};
    use leptos_router::{SsrMode, path};
    view! {
        <ParentRoute path=path!("/mq") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=BrokersPage ssr=SsrMode::Async/>
            <Route path=path!("/brokers/:broker") view=UsersPage ssr=SsrMode::Async/>
            <Route path=path!("/brokers/:broker/users/:user") view=UserEditPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}
