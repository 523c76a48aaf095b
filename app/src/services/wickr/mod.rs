//! AWS Wickr users, which live in networks.

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
const SERVICE: ServiceId = ServiceId::Wickr;

#[server]
pub async fn wickr_networks(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let networks = sdk::networks(&ctx.state.clients.wickr).await?;
    let rows = networks
        .into_iter()
        .map(|n| Row {
            href: Some(format!("/wickr/networks/{}", n.id)),
            cells: vec![n.id, n.access_level],
            title: n.name,
        })
        .collect();
    Ok(Listing::build(
        "Wickr networks",
        vec![Crumb::service(SERVICE)],
        "network",
        &["Network", "Id", "Access level"],
        rows,
        &query,
        page,
    ))
}

#[server]
pub async fn wickr_users(
    network_id: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let client = &ctx.state.clients.wickr;
    let network = sdk::networks(client)
        .await?
        .into_iter()
        .find(|n| n.id == network_id)
        .ok_or_else(|| AppError::NotFound {
            what: format!("Wickr network {network_id}"),
        })?;
    let groups = sdk::security_group_names(client, &network_id).await?;
    let users = sdk::users(client, &network_id).await?;
    let rows = users
        .into_iter()
        .map(|u| Row {
            href: Some(format!("/wickr/networks/{network_id}/users/{}", u.id)),
            cells: vec![
                u.full_name,
                u.security_groups
                    .iter()
                    .map(|id| groups.get(id).cloned().unwrap_or_else(|| id.clone()))
                    .collect::<Vec<_>>()
                    .join(", "),
                u.state,
            ],
            title: u.username,
        })
        .collect();
    Ok(Listing::build(
        format!("Users of {}", network.name),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(network.name, format!("/wickr/networks/{network_id}")),
        ],
        "user",
        &["Username", "Name", "Security groups", "State"],
        rows,
        &query,
        page,
    ))
}

#[component]
pub fn NetworksPage() -> impl IntoView {
    view! { <ListPage fetch=wickr_networks/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="network" fetch=wickr_users/> }
}
