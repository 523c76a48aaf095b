//! The dashboard home: one card per service with its user count and whether it answers.

use leptos::prelude::*;
use leptos::server;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::listing::{ErrorBanner, age_text};
use crate::services::ServiceId;

/// What the home page shows of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCard {
    pub service: ServiceId,
    /// How many brokers/environments/stores/networks; `None` where users have no container.
    pub containers: Option<usize>,
    pub users: Option<usize>,
    /// "SANDBOX" or "AWS eu-west-1".
    pub location: String,
    pub reachable: bool,
    /// Why it is not reachable, in the user's terms.
    pub problem: Option<String>,
    /// How many seconds old the listings counted are (they are shared with the list pages
    /// for a short while); `None` when counting failed.
    pub listed_secs_ago: Option<u64>,
}

/// Where the dashboard sends changes; every page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub sandbox: bool,
    pub location: String,
    /// The signed-in person's name as the identity provider gave it (shown as text only).
    pub caller: String,
    pub role: crate::access::Role,
    /// Whether signing out here ends anything (a session); behind a sign-in proxy it doesn't.
    pub can_sign_out: bool,
    /// Behind a sign-in proxy: its own sign-out, when configured or known for it.
    pub sign_out_url: Option<String>,
}

#[server(output = crate::wire::Answer)]
pub async fn site_info() -> Result<Site, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    Ok(Site {
        sandbox: ctx.state.is_sandbox(),
        location: ctx.state.location.label(),
        caller: ctx.caller.display_name,
        role: ctx.caller.role,
        can_sign_out: ctx.state.config.auth.sign_in.uses_sessions(),
        sign_out_url: ctx
            .state
            .config
            .auth
            .sign_in
            .sign_out_url()
            .map(str::to_owned),
    })
}

#[server(output = crate::wire::Answer)]
pub async fn service_cards() -> Result<Vec<ServiceCard>, AppError> {
    use crate::server::{Permission, context, overview};
    let ctx = context(Permission::ViewUsers).await?;
    let state = &ctx.state;
    let counts = crate::services::for_each_service(|s| overview::count(state, s)).await;
    Ok(counts
        .into_iter()
        .map(|(service, count)| {
            let (containers, users, listed_secs_ago, problem) = match count {
                Ok(c) => (
                    c.containers,
                    Some(c.users),
                    Some(c.fetched_at.elapsed().as_secs()),
                    None,
                ),
                Err(e) => (None, None, None, Some(e.to_string())),
            };
            ServiceCard {
                service,
                containers,
                users,
                location: state.location.label(),
                reachable: problem.is_none(),
                problem,
                listed_secs_ago,
            }
        })
        .collect())
}

#[component]
pub fn HomePage() -> impl IntoView {
    let cards = Resource::new(|| (), |_| service_cards());
    view! {
        <leptos_meta::Title text="Dashboard"/>
        <h1>"Users across your AWS services"</h1>
        <p class="lede">"Pick a service to find a user and change it. Every change goes through the service's own API."</p>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Counting users…"</p> }>
            {move || Suspend::new(async move {
                match cards.await {
                    Ok(cards) => view! {
                        <ul class="cards">
                            {cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorBanner error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Card(card: ServiceCard) -> impl IntoView {
    let service = card.service;
    let users = match card.users {
        Some(1) => "1 user".to_owned(),
        Some(n) => format!("{n} users"),
        None => "users unknown".to_owned(),
    };
    let containers = match (service.container(), card.containers) {
        (Some(noun), Some(n)) => Some(format!("in {n} {noun}{}", if n == 1 { "" } else { "s" })),
        _ => None,
    };
    let status = if card.reachable {
        "reachable"
    } else {
        "unreachable"
    };
    view! {
        <li class="card" data-service=service.slug()>
            <h2><a href=service.href()>{service.name()}</a></h2>
            <p class="blurb">{service.blurb()}</p>
            <p class="count"><strong>{users}</strong>" "{containers}</p>
            <p class="meta">
                <span class="location">{card.location}</span>
                <span class=format!("status {status}")>{status}</span>
            </p>
            {card.listed_secs_ago.map(|secs| view! {
                <p class="freshness">{format!("Counted from AWS {}.", age_text(secs))}</p>
            })}
            {card.problem.map(|p| view! { <p class="problem">{p}</p> })}
        </li>
    }
}
