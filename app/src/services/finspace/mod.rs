//! FinSpace kdb users, which live in kdb environments.
//! AWS ended FinSpace support on 2026-10-07; the pages say so.

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

const SERVICE: ServiceId = ServiceId::FinSpace;

/// What the dashboard, configuration and messages know of this slice.
pub const ABOUT: About = About {
    name: "Amazon FinSpace (kdb)",
    slug: "finspace",
    container: Some("kdb environment"),
    blurb: "The IAM role each kdb user assumes.",
    iam_prefix: "finspace",
    other_endpoints: &[],
    helpdesk_fields: &[],
};

/// Shown on every FinSpace page.
pub const END_OF_SUPPORT: &str = "AWS ended support for Amazon FinSpace on 2026-10-07. Existing kdb environments keep working for now; plan the move off FinSpace.";

#[server(output = crate::wire::Answer)]
pub async fn finspace_environments(
    _parent: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let envs = sdk::cached_environments(&ctx.state).await?;
    Ok(Listing::build(
        "kdb environments",
        vec![Crumb::service(SERVICE)],
        "environment",
        &["Environment", "Id", "Status"],
        envs.value.iter(),
        |e| Row {
            href: Some(format!("/finspace/environments/{}", e.id)),
            cells: vec![e.id.clone(), e.status.clone()],
            title: e.name.clone(),
        },
        &query,
        page,
    )
    .listed(envs.age()))
}

#[server(output = crate::wire::Answer)]
pub async fn finspace_users(
    environment_id: String,
    query: String,
    page: usize,
) -> Result<Listing, AppError> {
    use crate::server::{Permission, context};
    use crate::services::finspace::model::EnvironmentId;
    let ctx = context(Permission::ViewUsers).await?;
    // Parsed before it goes anywhere near a request path.
    let environment_id =
        EnvironmentId::parse(&environment_id).map_err(|e| AppError::Invalid(vec![e]))?;
    let environment_id = environment_id.as_str();
    let envs = sdk::cached_environments(&ctx.state).await?;
    let env_name = envs
        .value
        .iter()
        .find(|e| e.id == environment_id)
        .map(|e| e.name.clone())
        .ok_or_else(|| AppError::NotFound {
            what: format!("kdb environment {environment_id}"),
        })?;
    let users = sdk::cached_users(&ctx.state, environment_id).await?;
    Ok(Listing::build(
        format!("Users of {env_name}"),
        vec![
            Crumb::service(SERVICE),
            Crumb::new(env_name, format!("/finspace/environments/{environment_id}")),
        ],
        "user",
        &["User", "IAM role"],
        users.value.iter(),
        |u| Row {
            href: Some(format!(
                "/finspace/environments/{environment_id}/users/{}",
                u.name
            )),
            cells: vec![u.iam_role.clone()],
            title: u.name.clone(),
        },
        &query,
        page,
    )
    .listed(envs.age().max(users.age())))
}

#[component]
fn EndOfSupport() -> impl IntoView {
    view! { <div class="banner notice" role="note">{END_OF_SUPPORT}</div> }
}

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    view! { <EndOfSupport/> <ListPage fetch=finspace_environments/> }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <EndOfSupport/> <ListPage param="environment" fetch=finspace_users/> }
}

/// The slice's pages under `/finspace`, as one route group the app lists once. Every route
/// renders whole on the server (`SsrMode::Async`): a page without JavaScript must hold its data.
#[component(transparent)]
pub fn Routes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute, Route};
    use leptos_router::{SsrMode, path};
    view! {
        <ParentRoute path=path!("/finspace") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=EnvironmentsPage ssr=SsrMode::Async/>
            <Route path=path!("/environments/:environment") view=UsersPage ssr=SsrMode::Async/>
            <Route path=path!("/environments/:environment/users/:user") view=UserEditPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}
