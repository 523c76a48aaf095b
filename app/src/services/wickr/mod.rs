//! AWS Wickr users, which live in networks.

use leptos::prelude::*;
use leptos::server;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::listing::{Crumb, Row};
use crate::listing::{ListPage, Listing};
use crate::services::{About, ServiceId};

pub mod actions;
pub mod model;
#[cfg(feature = "ssr")]
pub mod sdk;
pub mod user;

pub use user::UserPage as UserEditPage;

const SERVICE: ServiceId = ServiceId::Wickr;

/// What the dashboard, configuration and messages know of this slice.
pub const ABOUT: About = About {
    name: "AWS Wickr",
    slug: "wickr",
    container: Some("network"),
    blurb: "Names, usernames and security groups of network members.",
    iam_prefix: "wickr",
    other_endpoints: &[],
    helpdesk_fields: &[],
};

#[server(output = crate::wire::Answer)]
pub async fn wickr_networks(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let networks = sdk::cached_networks(&ctx.state).await?;
    Ok(Listing::build(
        "Wickr networks",
        vec![Crumb::service(SERVICE)],
        "network",
        &["Network", "Id", "Access level"],
        networks.value.iter(),
        |n| Row {
            href: Some(format!("/wickr/networks/{}", n.id)),
            cells: vec![n.id.clone(), n.access_level.clone()],
            title: n.name.clone(),
        },
        &query,
        page,
    )
    .listed(networks.age()))
}

#[server(output = crate::wire::Answer)]
pub async fn wickr_users(
    network_id: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    use crate::services::wickr::model::NetworkId;
    let ctx = context(Permission::ViewUsers).await?;
    // Parsed before it goes anywhere near a request path.
    let network_id = NetworkId::parse(&network_id).map_err(|e| AppError::Invalid(vec![e]))?;
    let network_id = network_id.as_str();
    let state = &ctx.state;
    let networks = sdk::cached_networks(state).await?;
    let network_name = networks
        .value
        .iter()
        .find(|n| n.id == network_id)
        .map(|n| n.name.clone())
        .ok_or_else(|| AppError::NotFound {
            what: format!("Wickr network {network_id}"),
        })?;
    let groups = sdk::cached_security_groups(state, network_id).await?;
    let names = sdk::security_group_names(&groups.value);
    let users = sdk::cached_users(state, network_id).await?;
    let age = networks.age().max(groups.age()).max(users.age());
    Ok(Listing::build(
        format!("Users of {network_name}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(network_name, format!("/wickr/networks/{network_id}")),
        ],
        "user",
        &["Username", "Name", "Security groups", "State"],
        users.value.iter(),
        |u| Row {
            href: Some(format!("/wickr/networks/{network_id}/users/{}", u.id)),
            cells: vec![
                u.full_name.clone(),
                u.security_groups
                    .iter()
                    .map(|id| names.get(id).cloned().unwrap_or_else(|| id.clone()))
                    .collect::<Vec<_>>()
                    .join(", "),
                u.state.clone(),
            ],
            title: u.username.clone(),
        },
        &query,
        page,
    )
    .listed(age))
}

#[component]
pub fn NetworksPage() -> impl IntoView {
    view! { <ListPage fetch=wickr_networks/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="network" fetch=wickr_users/> }
}

/// The slice's pages under `/wickr`, as one route group the app lists once. Every route
/// renders whole on the server (`SsrMode::Async`): a page without JavaScript must hold its data.
#[component(transparent)]
pub fn Routes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute, Route};
    use leptos_router::{SsrMode, path};
    view! {
        <ParentRoute path=path!("/wickr") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=NetworksPage ssr=SsrMode::Async/>
            <Route path=path!("/networks/:network") view=UsersPage ssr=SsrMode::Async/>
            <Route path=path!("/networks/:network/users/:user") view=UserEditPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}
