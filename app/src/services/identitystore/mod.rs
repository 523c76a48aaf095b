//! IAM Identity Center users, which live in identity stores.

use leptos::prelude::*;
use leptos::server;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::listing::{Crumb, Row};
use crate::listing::{ListPage, Listing};
use crate::services::{About, ServiceId};

pub mod model;
#[cfg(feature = "ssr")]
pub mod sdk;
pub mod user;

pub use user::UserPage as UserEditPage;

const SERVICE: ServiceId = ServiceId::IdentityStore;

/// The `[aws.endpoints]` key of SSO Admin, through which the slice finds identity stores.
const SSO_ADMIN_ENDPOINT: &str = "ssoadmin";

/// What the dashboard, configuration and messages know of this slice.
pub const ABOUT: About = About {
    name: "IAM Identity Center",
    slug: "identitystore",
    container: Some("identity store"),
    blurb: "Workforce users' names, contact details and locale.",
    iam_prefix: "identitystore",
    other_endpoints: &[SSO_ADMIN_ENDPOINT],
    helpdesk_fields: &[],
};

#[server(output = crate::wire::Answer)]
pub async fn identity_stores(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let stores = sdk::cached_stores(&ctx.state).await?;
    Ok(Listing::build(
        "Identity stores",
        vec![Crumb::service(SERVICE)],
        "identity store",
        &["Identity store", "Identity Center instance"],
        stores.value.iter(),
        |s| Row {
            href: Some(format!("/identitystore/stores/{}", s.id)),
            cells: vec![s.instance_name.clone()],
            title: s.id.clone(),
        },
        &query,
        page,
    )
    .listed(stores.age()))
}

#[server(output = crate::wire::Answer)]
pub async fn identitystore_users(
    store_id: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    use crate::services::identitystore::model::IdentityStoreId;
    let ctx = context(Permission::ViewUsers).await?;
    // Parsed before it goes anywhere near a request; a store the configuration does not
    // list is not there at all.
    let store = IdentityStoreId::parse(&store_id).map_err(|e| AppError::Invalid(vec![e]))?;
    sdk::check_allowed(&ctx.state, &store)?;
    let store_id = store.as_str();
    let users = sdk::cached_users(&ctx.state, store_id).await?;
    Ok(Listing::build(
        format!("Users of {store_id}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(store_id, format!("/identitystore/stores/{store_id}")),
        ],
        "user",
        &["User name", "Display name", "Email", "Status"],
        users.value.iter(),
        |u| Row {
            href: Some(format!("/identitystore/stores/{store_id}/users/{}", u.id)),
            cells: vec![u.display_name.clone(), u.email.clone(), u.status.clone()],
            title: u.user_name.clone(),
        },
        &query,
        page,
    )
    .listed(users.age()))
}

#[component]
pub fn StoresPage() -> impl IntoView {
    view! { <ListPage fetch=identity_stores/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage param="store" fetch=identitystore_users/> }
}

/// The slice's pages under `/identitystore`, as one route group the app lists once. Every route
/// renders whole on the server (`SsrMode::Async`): a page without JavaScript must hold its data.
#[component(transparent)]
pub fn Routes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute, Route};
    use leptos_router::{SsrMode, path};
    view! {
        <ParentRoute path=path!("/identitystore") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=StoresPage ssr=SsrMode::Async/>
            <Route path=path!("/stores/:store") view=UsersPage ssr=SsrMode::Async/>
            <Route path=path!("/stores/:store/users/:user") view=UserEditPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}
