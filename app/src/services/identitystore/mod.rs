//! IAM Identity Center users, which live in identity stores.

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
const SERVICE: ServiceId = ServiceId::IdentityStore;

#[server]
pub async fn identity_stores(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let stores = sdk::stores(&ctx.state).await?;
    let rows = stores
        .into_iter()
        .map(|s| Row {
            href: Some(format!("/identitystore/stores/{}", s.id)),
            cells: vec![s.instance_name],
            title: s.id,
        })
        .collect();
    Ok(Listing::build(
        "Identity stores",
        vec![Crumb::service(SERVICE)],
        "identity store",
        &["Identity store", "Identity Center instance"],
        rows,
        &query,
        page,
    ))
}

#[server]
pub async fn identitystore_users(
    store_id: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let users = sdk::users(&ctx.state.clients.identitystore, &store_id).await?;
    let rows = users
        .into_iter()
        .map(|u| Row {
            href: Some(format!("/identitystore/stores/{store_id}/users/{}", u.id)),
            cells: vec![u.display_name, u.email, u.status],
            title: u.user_name,
        })
        .collect();
    Ok(Listing::build(
        format!("Users of {store_id}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(
                store_id.clone(),
                format!("/identitystore/stores/{store_id}"),
            ),
        ],
        "user",
        &["User name", "Display name", "Email", "Status"],
        rows,
        &query,
        page,
    ))
}

#[component]
pub fn StoresPage() -> impl IntoView {
    view! { <ListPage fetch=identity_stores/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="store" fetch=identitystore_users/> }
}
