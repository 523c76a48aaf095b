//! The Audit page (`/audit`): who changed what, when, from where, and whether it worked.
//! Admins see everyone's records, helpdesk staff and viewers their own. Filters are a GET
//! form (they work without JavaScript and can be bookmarked); the filtered view downloads as
//! CSV or JSON Lines from `/audit/export`.

use leptos::prelude::*;
use leptos::server;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::listing::{ErrorBanner, encode_query_value};

/// Records on one page.
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// The filters, as the query string carries them (empty: not filtered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: String,
    pub service: String,
    pub target: String,
    /// An outcome kind: succeeded, unknown, unchanged, invalid, forbidden, aws_error, failed.
    pub outcome: String,
    /// Whole UTC days, `YYYY-MM-DD`, both inclusive (`since` from its first millisecond, `until` to its last).
    pub since: String,
    pub until: String,
    /// 1-based.
    pub page: u32,
}

impl AuditQuery {
    /// The query string of these filters (for the export links and paging).
    pub fn to_query(&self, page: Option<u32>) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("actor", &self.actor),
            ("service", &self.service),
            ("target", &self.target),
            ("outcome", &self.outcome),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", encode_query_value(value)));
            }
        }
        if let Some(page) = page {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

/// One line of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub actor: String,
    pub actor_name: String,
    pub role: String,
    pub client_ip: String,
    pub service: String,
    pub location: String,
    pub target: String,
    /// "Groups: a → a, b", "Password: changed".
    pub changes: Vec<String>,
    /// "succeeded", "outcome unknown", "AWS error ThrottlingException"…
    pub outcome: String,
    pub request_id: String,
    pub aws_request_ids: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditListing {
    pub rows: Vec<AuditRow>,
    pub page: u32,
    pub more: bool,
    /// Whether the person sees everyone's records (admins) or only their own.
    pub everyone: bool,
}

#[server(output = crate::wire::Answer)]
pub async fn audit_records(query: AuditQuery) -> Result<AuditListing, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    crate::server::audit::view::listing(&ctx, &query).await
}

const OUTCOMES: [(&str, &str); 8] = [
    ("", "any"),
    ("succeeded", "succeeded"),
    ("unknown", "outcome unknown"),
    ("aws_error", "AWS error"),
    ("failed", "failed"),
    ("forbidden", "forbidden"),
    ("invalid", "invalid input"),
    ("unchanged", "nothing changed"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = move || {
        query_map.with(|q| AuditQuery {
            actor: q.get("actor").unwrap_or_default(),
            service: q.get("service").unwrap_or_default(),
            target: q.get("target").unwrap_or_default(),
            outcome: q.get("outcome").unwrap_or_default(),
            since: q.get("since").unwrap_or_default(),
            until: q.get("until").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
        })
    };
    let listing = Resource::new(query, audit_records);
    view! {
        <Title text="Audit"/>
        <h1>"Audit"</h1>
        <p class="lede">"Every change made through userdesk: who, when, from where, and whether it worked. Passwords are recorded only as changed."</p>
        <form method="get" action="/audit" class="audit-filters" role="search" aria-label="Filter the audit log">
            <div class="field"><label for="f-actor">"Actor"</label>
                <input id="f-actor" name="actor" value=move || query().actor/></div>
            <div class="field"><label for="f-service">"Service"</label>
                <select id="f-service" name="service">
                    <option value="" selected=move || query().service.is_empty()>"any"</option>
                    {crate::services::ServiceId::ALL.map(|s| {
                        let slug = s.slug();
                        view! { <option value=slug selected=move || query().service == slug>{s.name()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="field"><label for="f-target">"Target contains"</label>
                <input id="f-target" name="target" value=move || query().target/></div>
            <div class="field"><label for="f-outcome">"Outcome"</label>
                <select id="f-outcome" name="outcome">
                    {OUTCOMES.map(|(value, label)| view! {
                        <option value=value selected=move || query().outcome == value>{label}</option>
                    }).collect_view()}
                </select></div>
            <div class="field"><label for="f-since">"From (UTC)"</label>
                <input id="f-since" name="since" type="date" value=move || query().since/></div>
            <div class="field"><label for="f-until">"To (UTC)"</label>
                <input id="f-until" name="until" type="date" value=move || query().until/></div>
            <div class="actions"><button type="submit">"Filter"</button></div>
        </form>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the audit log…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! { <AuditTable listing query=query()/> }.into_any(),
                    Err(error) => view! { <ErrorBanner error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(listing: AuditListing, query: AuditQuery) -> impl IntoView {
    let scope = if listing.everyone {
        "All records"
    } else {
        "Your own records (admins see everyone's)"
    };
    let export = query.to_query(None);
    let csv = format!("/audit/export?format=csv&{export}");
    let jsonl = format!("/audit/export?format=jsonl&{export}");
    let previous =
        (listing.page > 1).then(|| format!("/audit?{}", query.to_query(Some(listing.page - 1))));
    let next = listing
        .more
        .then(|| format!("/audit?{}", query.to_query(Some(listing.page + 1))));
    let empty = listing.rows.is_empty();
    view! {
        <p class="summary">{scope}" · page "{listing.page}" · "
            <a href=csv rel="external" download="userdesk-audit.csv">"Download CSV"</a>" · "
            <a href=jsonl rel="external" download="userdesk-audit.jsonl">"Download JSON Lines"</a>
        </p>
        {empty.then(|| view! { <p>"No record matches."</p> })}
        <table class="audit">
            <thead><tr>
                <th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Target"</th><th scope="col">"Changes"</th><th scope="col">"Outcome"</th>
                <th scope="col">"From"</th><th scope="col">"Request"</th>
            </tr></thead>
            <tbody>
                {listing.rows.into_iter().map(|row| view! {
                    <tr data-seq=row.seq>
                        <td>{row.at}</td>
                        <td>{row.actor_name}<br/><span class="muted">{row.actor}" · "{row.role}</span></td>
                        <td>{row.action}<br/><span class="muted">{row.service}" · "{row.location}</span></td>
                        <td>{row.target}</td>
                        <td><ul class="changes">{row.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                        <td class="outcome">{row.outcome}</td>
                        <td>{row.client_ip}</td>
                        <td class="muted">{row.request_id}<br/>{row.aws_request_ids}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
            {previous.map(|href| view! { <a href=href rel="prev">"Newer"</a> })}
            " "
            {next.map(|href| view! { <a href=href rel="next">"Older"</a> })}
        </nav>
    }
}

/// How many of a user's records their page shows.
pub const HISTORY_SIZE: u32 = 10;

/// One of a user's recent changes, as their page lists it (the island carries only these
/// columns of the audit record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentChange {
    pub at: String,
    pub actor_name: String,
    /// "Groups: a → a, b", "Password: changed".
    pub changes: Vec<String>,
    pub outcome: String,
}

#[server(output = crate::wire::Answer)]
pub async fn user_audit_history(
    service: String,
    target: String,
) -> Result<Vec<RecentChange>, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    crate::server::audit::view::history(&ctx, &service, &target).await
}

/// A user page's "Recent changes": the newest audit records of this user (for a helpdesk
/// person or viewer, their own) — `recent` as the page opened, read again after each save.
/// A plain signal, not a resource: the rows come with the island's props.
#[component]
pub fn UserHistory(
    service: crate::services::ServiceId,
    target: String,
    recent: Result<Vec<RecentChange>, AppError>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let rows = RwSignal::new(recent);
    let link = format!(
        "/audit?service={}&target={}",
        service.slug(),
        encode_query_value(&target)
    );
    Effect::new(move |_| {
        if saved.get() > 0 {
            let read = user_audit_history(service.slug().to_owned(), target.clone());
            leptos::task::spawn_local(async move { rows.set(read.await) });
        }
    });
    view! {
        <section class="history" aria-labelledby="history-heading">
            <h2 id="history-heading">"Recent changes"</h2>
            {move || match rows.get() {
                Ok(rows) if rows.is_empty() => view! {
                    <p>"No change to this user has been made through userdesk."</p>
                }.into_any(),
                Ok(rows) => view! {
                    <table class="audit">
                        <thead><tr>
                            <th scope="col">"When (UTC)"</th><th scope="col">"Who"</th>
                            <th scope="col">"Changes"</th><th scope="col">"Outcome"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr>
                                    <td>{row.at}</td>
                                    <td>{row.actor_name}</td>
                                    <td><ul class="changes">{row.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                                    <td class="outcome">{row.outcome}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                Err(error) => view! { <p class="muted">{error.to_string()}</p> }.into_any(),
            }}
            <p><a href=link>"All of this user's records"</a></p>
        </section>
    }
}
