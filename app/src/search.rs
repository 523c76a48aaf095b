//! Finding a user across all five services at once (`/search?q=…`): the helpdesk's first
//! step for "I'm locked out". Each service answers on its own, within its own time limit; a
//! slow or failing one shows as such without holding up the others.
//!
//! The page is a plain GET form, so it works without JavaScript and a result page can be
//! shared. Rendered on the server it waits for every service (at most [`SEARCH_TIMEOUT_SECS`]);
//! a search from the hydrated page fills each service's section as that service answers.
//! Searches run over the services' cached listings (walked to the end with the SDK
//! paginators), so a directory of 10,000 users costs its listing once per cache period.

use leptos::prelude::*;
use leptos::server;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::forms::FieldError;
use crate::listing::age_text;
use crate::services::ServiceId;

/// How long one service may take to answer a search.
pub const SEARCH_TIMEOUT_SECS: u64 = 5;
/// Results shown per service; the rest are counted ("and 12 more: refine the search").
pub const MAX_HITS: usize = 25;
/// Shorter queries match too much to be useful.
pub const MIN_QUERY_CHARS: usize = 2;

/// A user a search found, as the results show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// The display name, or the user name when there is none.
    pub name: String,
    /// What else identifies them (user name, email, id…).
    pub detail: String,
    /// What they live in ("broker billing-prod"), if anything.
    pub container: Option<String>,
    pub href: String,
    /// Helpdesk shortcuts on their page: (label, link).
    pub actions: Vec<(String, String)>,
}

/// One service's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHits {
    pub hits: Vec<Found>,
    /// Matches beyond [`MAX_HITS`].
    pub more: usize,
    /// Users searched.
    pub searched: usize,
    /// Age of the oldest listing searched.
    pub listed_secs_ago: u64,
}

/// The query as the search runs it, or why it cannot.
pub fn parse_query(q: &str) -> Result<String, FieldError> {
    let q = q.trim();
    if q.chars().count() < MIN_QUERY_CHARS {
        return Err(FieldError::new(
            "q",
            format!(
                "Search: type at least {MIN_QUERY_CHARS} characters of a name, user name, email or id"
            ),
        ));
    }
    if q.chars().count() > 200 {
        return Err(FieldError::new("q", "Search: at most 200 characters"));
    }
    Ok(q.to_lowercase())
}

/// How well `keys` (lower case) match `needle` (lower case): 0 exact, 1 prefix, 2 anywhere.
pub fn rank(keys: &[String], needle: &str) -> Option<u8> {
    keys.iter()
        .filter_map(|k| {
            if k == needle {
                Some(0)
            } else if k.starts_with(needle) {
                Some(1)
            } else if k.contains(needle) {
                Some(2)
            } else {
                None
            }
        })
        .min()
}

/// A user as a slice lists it for searching: what to show and what to match.
#[derive(Debug, Clone)]
pub struct Entry {
    pub found: Found,
    keys: Vec<String>,
}

impl Entry {
    /// `keys`: the name, user name, email, id… a query may match (blank ones are dropped).
    pub fn new(found: Found, keys: &[&str]) -> Entry {
        Entry {
            found,
            keys: keys
                .iter()
                .filter(|k| !k.trim().is_empty())
                .map(|k| k.to_lowercase())
                .collect(),
        }
    }
}

/// The entries matching `needle`, best first, cut at [`MAX_HITS`].
pub fn search(entries: &[Entry], needle: &str, listed_secs_ago: u64) -> ServiceHits {
    let mut matched: Vec<(u8, &Entry)> = entries
        .iter()
        .filter_map(|e| rank(&e.keys, needle).map(|r| (r, e)))
        .collect();
    matched.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then_with(|| {
                a.found
                    .name
                    .to_lowercase()
                    .cmp(&b.found.name.to_lowercase())
            })
            .then_with(|| a.found.href.cmp(&b.found.href))
    });
    let more = matched.len().saturating_sub(MAX_HITS);
    ServiceHits {
        hits: matched
            .into_iter()
            .take(MAX_HITS)
            .map(|(_, e)| e.found.clone())
            .collect(),
        more,
        searched: entries.len(),
        listed_secs_ago,
    }
}

/// Searches one service's users for `query`.
#[server(output = crate::wire::Answer)]
pub async fn search_service(service: ServiceId, query: String) -> Result<ServiceHits, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let needle = parse_query(&query).map_err(|e| AppError::Invalid(vec![e]))?;
    ssr::search_one(&ctx.state, service, &needle).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use std::time::Duration;

    use super::*;
    use crate::server::AppState;
    use crate::server::listing_cache::Fetched;

    /// One service's matches, within [`SEARCH_TIMEOUT_SECS`]. The listing runs in a task of
    /// its own: a search that gives up waiting leaves it running, so it lands in the cache
    /// and the next search answers at once.
    pub async fn search_one(
        state: &AppState,
        service: ServiceId,
        needle: &str,
    ) -> Result<ServiceHits, AppError> {
        // The entries themselves are kept like a listing (and dropped with the service's
        // listings after a change): a search then only matches. They carry the age of the
        // listings they were built from.
        let listing = tokio::spawn({
            let state = state.clone();
            async move {
                state
                    .listings
                    .get(service, "search-directory", || service.directory(&state))
                    .await
                    .map(|kept| Fetched::clone(&kept.value))
            }
        });
        let limit = Duration::from_secs(SEARCH_TIMEOUT_SECS);
        match tokio::time::timeout(limit, listing).await {
            Ok(Ok(Ok(directory))) => {
                Ok(search(&directory.value, needle, directory.age().as_secs()))
            }
            Ok(Ok(Err(error))) => Err(error),
            Ok(Err(join)) => {
                let reference = crate::server::context::request_id();
                tracing::error!(%join, reference, service = service.slug(), "the search listing task failed");
                Err(AppError::Internal { reference })
            }
            Err(_) => {
                tracing::warn!(
                    service = service.slug(),
                    "search gave up waiting for the listing"
                );
                Err(AppError::Unavailable {
                    service: service.name().to_owned(),
                    detail: format!(
                        "no answer within {SEARCH_TIMEOUT_SECS} s; the listing goes on in the background, so searching again shortly may find it"
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// The search box in every page's header: a plain GET form to `/search`, so a result page can
/// be shared. Server-rendered, outside any island: a search is a full page load.
#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let location = leptos_router::hooks::use_location();
    let value = move || {
        if location.pathname.get() == "/search" {
            query.with(|q| q.get("q").unwrap_or_default())
        } else {
            String::new()
        }
    };
    view! {
        <form method="get" action="/search" class="site-search" role="search" aria-label="Find a user">
            <label for="site-search" class="visually-hidden">"Find a user in every service"</label>
            <input id="site-search" type="search" name="q" value=value
                placeholder="Find a user: name, email, id" autocomplete="off" spellcheck="false"/>
            <button type="submit">"Search"</button>
        </form>
    }
}

/// `/search?q=…`: one section per service.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    view! {
        <Title text="Search"/>
        <h1>"Find a user"</h1>
        {move || {
            let q = q();
            match parse_query(&q) {
                Err(e) if q.trim().is_empty() => view! {
                    <p class="lede">"Type a name, user name, email or id in the search box above: every service is searched at once."</p>
                    <p class="hint">{e.message}</p>
                }.into_any(),
                Err(e) => view! { <p class="banner notice" role="alert">{e.message}</p> }.into_any(),
                Ok(_) => view! {
                    <p class="lede">"Results for “"{q.trim().to_owned()}"” in every service. Each service answers on its own (at most "{SEARCH_TIMEOUT_SECS}" s)."</p>
                    <div class="search-results">
                        {ServiceId::ALL.map(|service| view! { <ServiceResults service query=q.clone()/> }).collect_view()}
                    </div>
                }.into_any(),
            }
        }}
    }
}

#[component]
fn ServiceResults(service: ServiceId, query: String) -> impl IntoView {
    let hits = Resource::new(move || query.clone(), move |q| search_service(service, q));
    let heading_id = format!("results-{}", service.slug());
    let labelled_by = heading_id.clone();
    view! {
        <section class="service-results" aria-labelledby=labelled_by data-service=service.slug()>
            <h2 id=heading_id>{service.name()}</h2>
            <Suspense fallback=move || view! { <p class="loading" role="status">"Searching "{service.name()}"…"</p> }>
                {move || Suspend::new(async move {
                    match hits.await {
                        Ok(found) => view! { <Hits found/> }.into_any(),
                        Err(error) => view! {
                            <div class="banner error" role="alert">
                                <strong>{error.title()}</strong>
                                <p>{error.to_string()}</p>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Hits(found: ServiceHits) -> impl IntoView {
    let summary = match (found.hits.len(), found.more) {
        (0, _) => format!("No match among {} users.", found.searched),
        (n, 0) => format!(
            "{n} match{} among {} users.",
            if n == 1 { "" } else { "es" },
            found.searched
        ),
        (n, more) => format!("{n} best matches shown, {more} more: refine the search."),
    };
    view! {
        <p class="summary">{summary}" "<span class="muted">"Listed from AWS "{age_text(found.listed_secs_ago)}"."</span></p>
        {(!found.hits.is_empty()).then(|| view! {
            <ul class="hits">
                {found.hits.into_iter().map(|hit| view! {
                    <li>
                        <a href=hit.href.clone()>{hit.name}</a>
                        {(!hit.detail.is_empty()).then(|| view! { " "<span class="detail">{hit.detail}</span> })}
                        {hit.container.map(|c| view! { " "<span class="muted">"in "{c}</span> })}
                        {(!hit.actions.is_empty()).then(|| view! {
                            " "<span class="hit-actions">{hit.actions.into_iter().map(|(label, href)| view! { <a class="button small" href=href>{label}</a>" " }).collect_view()}</span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}
