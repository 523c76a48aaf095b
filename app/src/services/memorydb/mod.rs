//! Amazon MemoryDB users: no container, one account-wide list.

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

const SERVICE: ServiceId = ServiceId::MemoryDb;

/// What the dashboard, configuration and messages know of this slice.
pub const ABOUT: About = About {
    name: "Amazon MemoryDB",
    slug: "memorydb",
    container: None,
    blurb: "Access strings, authentication mode and passwords of cluster users.",
    iam_prefix: "memorydb",
    other_endpoints: &[],
    // New passwords for a user who already authenticates by password (the count follows);
    // switching the authentication type or the access string needs an admin.
    helpdesk_fields: &["password_1", "password_2", "password_count"],
};

/// Users on page `page` whose name, status, authentication or access string contains `query`.
#[server(output = crate::wire::Answer)]
pub async fn memorydb_users(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let users = sdk::cached_users(&ctx.state).await?;
    Ok(Listing::build(
        "MemoryDB users",
        vec![Crumb::service(SERVICE)],
        "user",
        &["User", "Status", "Authentication", "Access string", "ACLs"],
        users.value.iter(),
        |u| Row {
            href: Some(format!("/memorydb/users/{}", u.name)),
            cells: vec![
                u.status.clone(),
                u.authentication.clone(),
                u.access_string.clone(),
                u.acl_names.join(", "),
            ],
            title: u.name.clone(),
        },
        &query,
        page,
    )
    .listed(users.age()))
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ListPage fetch=memorydb_users/> }
}

/// The slice's pages under `/memorydb`, as one route group the app lists once. Every route
/// renders whole on the server (`SsrMode::Async`): a page without JavaScript must hold its data.
#[component(transparent)]
pub fn Routes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute, Route};
    use leptos_router::{SsrMode, path};
    view! {
        <ParentRoute path=path!("/memorydb") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=UsersPage ssr=SsrMode::Async/>
            <Route path=path!("/users/:user") view=UserEditPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}
