//! The audit log as people read it: the Audit page's rows and the export of the filtered
//! view. Admins see everyone's records; others only their own, whatever they ask for.

use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::store::Filter;
use super::{Record, export};
use crate::access::Role;
use crate::audit_page::{AUDIT_PAGE_SIZE, AuditListing, AuditQuery, AuditRow, RecentChange};
use crate::error::AppError;
use crate::forms::FieldError;
use crate::server::{AppState, Caller, RequestContext};

/// The most records one export holds.
const EXPORT_LIMIT: u32 = 100_000;

/// The store's filter for `query` as `caller` may see it.
fn filter(caller: &Caller, query: &AuditQuery) -> Result<Filter, AppError> {
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let day = |name: &str, value: &str, time: &str| -> Result<Option<String>, AppError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let ok = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !ok {
            return Err(AppError::Invalid(vec![FieldError::new(
                name,
                "Enter a date like 2026-12-01.",
            )]));
        }
        Ok(Some(format!("{value}T{time}Z")))
    };
    let everyone = caller.role == Role::Admin;
    Ok(Filter {
        actor: if everyone {
            text(&query.actor)
        } else {
            Some(caller.id.clone())
        },
        service: text(&query.service),
        target: text(&query.target),
        outcome: text(&query.outcome),
        since: day("since", &query.since, "00:00:00.000")?,
        until: day("until", &query.until, "23:59:59.999")?,
        exact_target: None,
    })
}

fn internal(error: super::AuditError) -> AppError {
    let reference = crate::server::context::request_id();
    tracing::error!(%error, reference, "reading the audit log failed");
    AppError::Internal { reference }
}

pub async fn listing(ctx: &RequestContext, query: &AuditQuery) -> Result<AuditListing, AppError> {
    let filter = filter(&ctx.caller, query)?;
    let page = query.page.max(1);
    let (records, more) = ctx
        .state
        .audit
        .store()
        .list(&filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE)
        .await
        .map_err(internal)?;
    Ok(AuditListing {
        rows: records.iter().map(row).collect(),
        page,
        more,
        everyone: ctx.caller.role == Role::Admin,
    })
}

/// The newest records of one user, as `ctx`'s caller may see them.
pub async fn history(
    ctx: &RequestContext,
    service: &str,
    target: &str,
) -> Result<Vec<RecentChange>, AppError> {
    let filter = Filter {
        actor: (ctx.caller.role != Role::Admin).then(|| ctx.caller.id.clone()),
        service: Some(service.to_owned()),
        exact_target: Some(target.to_owned()),
        ..Filter::default()
    };
    let (records, _) = ctx
        .state
        .audit
        .store()
        .list(&filter, crate::audit_page::HISTORY_SIZE, 0)
        .await
        .map_err(internal)?;
    Ok(records
        .iter()
        .map(|record| {
            let AuditRow {
                at,
                actor_name,
                changes,
                outcome,
                ..
            } = row(record);
            RecentChange {
                at,
                actor_name,
                changes,
                outcome,
            }
        })
        .collect())
}

fn row(record: &Record) -> AuditRow {
    let e = &record.entry;
    let outcome = match (&e.phase, &e.outcome) {
        (_, super::Outcome::Unknown) => "outcome unknown".to_owned(),
        (_, super::Outcome::AwsError(code)) => format!("AWS error {code}"),
        (_, super::Outcome::Failed(kind)) => format!("failed ({kind})"),
        (_, other) => other.kind().to_owned(),
    };
    AuditRow {
        seq: record.seq,
        at: record.at.clone(),
        action: e.action.as_str().replace('_', " "),
        actor: e.actor.subject.clone(),
        actor_name: e.actor.name.clone(),
        role: e.actor.role.name().to_owned(),
        client_ip: e.actor.client_ip.clone().unwrap_or_default(),
        service: e
            .service
            .as_deref()
            .and_then(|slug| {
                crate::services::ServiceId::ALL
                    .into_iter()
                    .find(|s| s.slug() == slug)
            })
            .map(|s| s.name().to_owned())
            .unwrap_or_default(),
        location: e.location.clone(),
        target: e.target.clone().unwrap_or_default(),
        changes: e.changes.iter().map(super::Change::summary).collect(),
        outcome,
        request_id: e.request_id.clone(),
        aws_request_ids: e.aws_request_ids.join(" "),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit/export", get(export_view))
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    format: String,
    #[serde(flatten)]
    query: AuditQuery,
}

/// `GET /audit/export?format=csv|jsonl&<filters>`: the filtered view, oldest first.
async fn export_view(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    Query(query): Query<ExportQuery>,
) -> Response {
    // The sign-in middleware sends a page request without a caller to sign in first.
    let Some(Extension(caller)) = caller else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let filter = match filter(&caller, &query.query) {
        Ok(filter) => filter,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    let records = match state.audit.store().list(&filter, EXPORT_LIMIT, 0).await {
        Ok((mut records, _)) => {
            records.reverse();
            records
        }
        Err(error) => {
            tracing::error!(%error, "exporting the audit log failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (body, content_type, file) = match query.format.as_str() {
        "csv" => (
            export::csv(&records),
            "text/csv; charset=utf-8",
            "userdesk-audit.csv",
        ),
        "jsonl" => (
            export::jsonl(&records),
            "application/x-ndjson",
            "userdesk-audit.jsonl",
        ),
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                "format must be csv or jsonl".to_owned(),
            )
                .into_response();
        }
    };
    tracing::info!(caller = %caller.id, records = records.len(), format = %query.format, "audit log exported");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
