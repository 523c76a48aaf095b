//! Paged, filterable lists of users (and of the brokers, environments, stores and networks
//! that hold them): the row types every service fills, the pure filter/page rule, and the
//! components that show them. Filtering works without JavaScript: it is a GET form.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Rows on one page of a list.
pub const PAGE_SIZE: usize = 20;

/// One line of a list: what it is called, where it leads, and the values of the other columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub title: String,
    pub href: Option<String>,
    pub cells: Vec<String>,
}

/// A link in the trail above a page's heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: href.into(),
        }
    }

    /// The link to a service's first page.
    pub fn service(service: crate::services::ServiceId) -> Crumb {
        Crumb::new(service.name(), service.href())
    }
}

/// One page of a filtered list, with what the page needs to say where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub heading: String,
    pub crumbs: Vec<Crumb>,
    /// What one row is ("user", "broker"…), for the summary line.
    pub noun: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows matching the filter, on all pages.
    pub matching: usize,
    /// Rows before filtering.
    pub total: usize,
    /// 1-based page shown.
    pub page: usize,
    pub pages: usize,
    pub query: String,
    /// How many seconds before this page was made AWS answered the oldest listing behind it.
    /// Worked out on the server, so the server's HTML and the hydrated page say the same.
    pub listed_secs_ago: u64,
}

impl Listing {
    /// Keeps the rows whose title or cells contain `query` (case-insensitive) and cuts out
    /// page `page` (1-based; out-of-range pages show the last one). `row` makes an item of
    /// `all` a row; unfiltered, only the page's rows are made (a list of 10,000 users makes 20).
    #[expect(
        clippy::too_many_arguments,
        reason = "the page's words (heading, crumbs, noun, columns), its items and how one becomes a row, and the request (query, page)"
    )]
    pub fn build<I>(
        heading: impl Into<String>,
        crumbs: Vec<Crumb>,
        noun: &str,
        columns: &[&str],
        all: I,
        row: impl Fn(I::Item) -> Row,
        query: &str,
        page: usize,
    ) -> Self
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        let all = all.into_iter();
        let total = all.len();
        let needle = query.trim().to_lowercase();
        let page_of = |matching: usize| {
            let pages = matching.div_ceil(PAGE_SIZE).max(1);
            (page.clamp(1, pages), pages)
        };
        let (rows, matching, page, pages) = if needle.is_empty() {
            let (page, pages) = page_of(total);
            let rows = all
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(row)
                .collect();
            (rows, total, page, pages)
        } else {
            let matching: Vec<Row> = all
                .map(row)
                .filter(|row| {
                    row.title.to_lowercase().contains(&needle)
                        || row.cells.iter().any(|c| c.to_lowercase().contains(&needle))
                })
                .collect();
            let (page, pages) = page_of(matching.len());
            let count = matching.len();
            let rows = matching
                .into_iter()
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .collect();
            (rows, count, page, pages)
        };
        Listing {
            heading: heading.into(),
            crumbs,
            noun: noun.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows,
            matching,
            total,
            page,
            pages,
            query: query.trim().to_owned(),
            listed_secs_ago: 0,
        }
    }

    /// The same page, saying its rows are `age` old: the oldest of the listings it was
    /// built from (cached listings are reused for a short while).
    pub fn listed(mut self, age: std::time::Duration) -> Self {
        self.listed_secs_ago = age.as_secs();
        self
    }

    /// "Listed from AWS 12 s ago."
    pub fn freshness(&self) -> String {
        format!("Listed from AWS {}.", age_text(self.listed_secs_ago))
    }

    /// "Showing 21–40 of 57 users" (and "matching …" when filtered).
    pub fn summary(&self) -> String {
        let plural = if self.matching == 1 { "" } else { "s" };
        if self.matching == 0 {
            return if self.query.is_empty() {
                format!("No {}s yet.", self.noun)
            } else {
                format!("No {} matches “{}”.", self.noun, self.query)
            };
        }
        let first = (self.page - 1) * PAGE_SIZE + 1;
        let last = first + self.rows.len() - 1;
        let filtered = if self.query.is_empty() {
            String::new()
        } else {
            format!(" matching “{}” (of {})", self.query, self.total)
        };
        format!(
            "Showing {first}–{last} of {} {}{plural}{filtered}",
            self.matching, self.noun
        )
    }
}

/// "just now", "12 s ago", "3 min ago": how old something read from AWS is.
pub fn age_text(secs: u64) -> String {
    match secs {
        0 => "just now".to_owned(),
        1..60 => format!("{secs} s ago"),
        _ => format!("{} min ago", secs / 60),
    }
}

/// The link to page `page` of the list at `path` with filter `query`.
pub fn page_href(path: &str, query: &str, page: usize) -> String {
    let mut href = format!("{path}?page={page}");
    if !query.is_empty() {
        href.push_str("&q=");
        href.push_str(&encode_query_value(query));
    }
    href
}

/// A query-string value, percent-encoded (space as `+`): user input and ids never change
/// where a link goes.
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `?q=` and `?page=` of the current URL, and a path parameter if the page has one.
pub fn list_args(param: Option<&'static str>) -> impl Fn() -> (String, String, usize) + Copy {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let parent = param.and_then(|p| params.read().get(p)).unwrap_or_default();
        let q = query.read().get("q").unwrap_or_default();
        let page = query
            .read()
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        (parent, q, page)
    }
}

/// A list page: loads with `fetch(parent, query, page)` and shows the result or the error.
#[component]
pub fn ListPage<F, Fut>(
    /// The path parameter naming the container (broker, environment…), if any.
    #[prop(optional)]
    param: Option<&'static str>,
    fetch: F,
) -> impl IntoView
where
    F: Fn(String, String, usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Listing, AppError>> + Send + 'static,
{
    let args = list_args(param);
    let data = Resource::new(args, move |(parent, q, page)| fetch(parent, q, page));
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(listing) => view! { <ListingView listing/> }.into_any(),
                    Err(error) => view! { <ErrorBanner error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The heading, filter, table and pager of one [`Listing`].
#[component]
pub fn ListingView(listing: Listing) -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let prev = (listing.page > 1).then(|| page_href(&path, &listing.query, listing.page - 1));
    let next =
        (listing.page < listing.pages).then(|| page_href(&path, &listing.query, listing.page + 1));
    let summary = listing.summary();
    let columns = listing.columns.clone();
    let title_column = columns.first().cloned().unwrap_or_default();
    let other_columns = columns.into_iter().skip(1).collect::<Vec<_>>();
    view! {
        <leptos_meta::Title text=listing.heading.clone()/>
        <Breadcrumbs crumbs=listing.crumbs.clone()/>
        <h1>{listing.heading.clone()}</h1>
        <form class="filter" method="get" role="search">
            <label for="filter-q">"Filter by name"</label>
            <input id="filter-q" type="search" name="q" value=listing.query.clone()
                placeholder="part of a name" autocomplete="off"/>
            <button type="submit">"Filter"</button>
        </form>
        <p class="summary" role="status">{summary}</p>
        <p class="freshness">{listing.freshness()}</p>
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{title_column}</th>
                    {other_columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {listing.rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row">
                            {match row.href {
                                Some(href) => view! { <a href=href>{row.title}</a> }.into_any(),
                                None => view! { <span>{row.title}</span> }.into_any(),
                            }}
                        </th>
                        {row.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
            {prev.map(|href| view! { <a href=href rel="prev">"← Previous"</a> })}
            <span>{format!("Page {} of {}", listing.page, listing.pages)}</span>
            {next.map(|href| view! { <a href=href rel="next">"Next →"</a> })}
        </nav>
    }
}

#[component]
pub fn Breadcrumbs(crumbs: Vec<Crumb>) -> impl IntoView {
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <ol>
                <li><a href="/">"Dashboard"</a></li>
                {crumbs.into_iter().map(|c| view! { <li><a href=c.href>{c.label}</a></li> }).collect_view()}
            </ol>
        </nav>
    }
}

/// An error, said plainly, with what to do next.
#[component]
pub fn ErrorBanner(error: AppError) -> impl IntoView {
    let retry = error.is_retryable().then(
        || view! { <p class="hint">"This is usually temporary: reload the page to try again."</p> },
    );
    view! {
        <div class="banner error" role="alert">
            <strong>{error.title()}</strong>
            <p>{error.to_string()}</p>
            {retry}
        </div>
    }
}

#[cfg(test)]
mod tests;
