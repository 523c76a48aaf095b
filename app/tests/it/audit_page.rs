//! The Audit page and its export through the router: admins see every record, others their
//! own; the filters narrow it; a change cut off before its outcome reads "outcome unknown";
//! values planted in records stay text; the export is the filtered view.
#![cfg(feature = "ssr")]

use app::server::audit::{Action, Actor, Entry, Outcome, Phase};
use app::server::{Caller, Role};
use app::services::mq::model::MqUserForm;
use app::services::mq::user::ssr as mq;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{HOST, TestApp};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";

fn form(groups: &str, password: &str) -> MqUserForm {
    MqUserForm {
        broker_id: BROKER.into(),
        username: "billing-worker".into(),
        password: password.into(),
        groups: groups.into(),
        console_access: None,
        replication_user: None,
    }
}

fn hal() -> Caller {
    Caller {
        id: "hal".to_owned(),
        display_name: "Hal (helpdesk)".to_owned(),
        role: Role::Helpdesk,
        email: None,
    }
}

async fn get_as(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String, String) {
    let (status, headers, body) = app
        .send_as_is(
            Request::get(path)
                .header(header::HOST, HOST)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body)
}

/// The dashboard with its audit log at `audit_url` (`None`: SQLite).
async fn spawn(audit_url: Option<&str>) -> TestApp {
    match audit_url {
        Some(url) => TestApp::builder().audit_url(url).build().await,
        None => TestApp::spawn().await,
    }
}

/// Ada (admin) changes groups; Hal (helpdesk) resets a password and tries groups.
async fn with_history(audit_url: Option<&str>) -> (TestApp, String) {
    let app = spawn(audit_url).await;
    mq::apply(&app.state, &app.caller, &form("billing, audit", ""))
        .await
        .unwrap();
    mq::apply(
        &app.state,
        &hal(),
        &form("billing, audit", "Hal-Reset-Secret-77"),
    )
    .await
    .unwrap();
    mq::apply(&app.state, &hal(), &form("billing", ""))
        .await
        .expect_err("forbidden");
    let (hal_cookie, _) = app.sign_in("hal").await;
    (app, hal_cookie)
}

#[tokio::test]
async fn admins_see_every_record_and_others_their_own() {
    admins_see_every_record_and_others_their_own_in(None).await;
}

async fn admins_see_every_record_and_others_their_own_in(audit_url: Option<&str>) {
    let (app, hal_cookie) = with_history(audit_url).await;
    let (status, _, html) = app.get("/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("All records"));
    assert!(html.contains("Ada (admin)") && html.contains("Hal (helpdesk)"));
    assert!(html.contains("Groups: orders-readers, billing → billing, audit"));
    assert!(html.contains("Password: changed"));
    assert!(html.contains("forbidden"));
    assert!(!html.contains("Hal-Reset-Secret-77"));

    let (status, _, html) = get_as(&app, &hal_cookie, "/audit?actor=ada").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your own records"));
    assert!(!html.contains("Ada (admin)</td>") && !html.contains(">ada · admin<"));
    assert!(html.contains("Password: changed"), "Hal's own reset");
}

#[tokio::test]
async fn the_filters_narrow_the_view() {
    the_filters_narrow_the_view_in(None).await;
}

async fn the_filters_narrow_the_view_in(audit_url: Option<&str>) {
    let (app, _) = with_history(audit_url).await;
    let (_, _, html) = app.get("/audit?actor=hal&outcome=forbidden").await;
    assert!(html.contains("forbidden"));
    assert!(!html.contains("Password: changed"), "{html}");
    let (_, _, html) = app.get("/audit?service=wickr").await;
    assert!(html.contains("No record matches."));
    let (_, _, html) = app
        .get("/audit?target=billing-worker&since=2000-01-01")
        .await;
    assert!(html.contains("billing-worker"));
    let (_, _, html) = app.get("/audit?since=yesterday").await;
    let expected = app::error::AppError::Invalid(vec![app::forms::FieldError::new(
        "since",
        "Enter a date like 2026-12-01.",
    )]);
    assert_eq!(
        crate::common::banner_error(&html),
        Some(expected.to_string()),
        "{html}"
    );
}

#[tokio::test]
async fn a_change_without_an_outcome_reads_outcome_unknown() {
    a_change_without_an_outcome_reads_outcome_unknown_in(None).await;
}

async fn a_change_without_an_outcome_reads_outcome_unknown_in(audit_url: Option<&str>) {
    let app = spawn(audit_url).await;
    let intent = Entry {
        phase: Phase::Intent,
        intent: None,
        action: Action::ChangeUser,
        actor: Actor {
            subject: "ada".to_owned(),
            name: "Ada (admin)".to_owned(),
            email: None,
            role: Role::Admin,
            mode: "dev".to_owned(),
            client_ip: None,
        },
        service: Some("mq".to_owned()),
        location: "SANDBOX".to_owned(),
        target: Some("user <img src=x onerror=alert(1)> of broker b-1".to_owned()),
        changes: Vec::new(),
        outcome: Outcome::Unknown,
        aws_request_ids: Vec::new(),
        request_id: "r-crashed".to_owned(),
        duration_ms: None,
    };
    app.state.audit.write(&intent).await.unwrap();
    let (_, _, html) = app.get("/audit?outcome=unknown").await;
    assert!(html.contains("outcome unknown"), "{html}");
    // Text, never markup.
    assert!(html.contains("user &lt;img src=x onerror=alert(1)&gt; of broker b-1"));
    assert!(!html.contains("<img src=x"));
    // A change whose outcome is on record shows once, through its outcome.
    mq::apply(&app.state, &app.caller, &form("billing, x1", ""))
        .await
        .unwrap();
    let (_, _, html) = app.get("/audit?target=x1").await;
    let rows = html.split("<tbody>").nth(1).unwrap_or_default();
    assert_eq!(rows.matches("outcome unknown").count(), 0, "{rows}");
}

#[tokio::test]
async fn the_export_is_the_filtered_view_as_csv_or_json_lines() {
    the_export_is_the_filtered_view_as_csv_or_json_lines_in(None).await;
}

async fn the_export_is_the_filtered_view_as_csv_or_json_lines_in(audit_url: Option<&str>) {
    let (app, hal_cookie) = with_history(audit_url).await;
    let (status, headers, csv) = app.get("/audit/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"userdesk-audit.csv\""
    );
    assert!(csv.starts_with("seq,at,phase,intent,action,actor,"));
    assert!(csv.contains("Password: changed"));
    assert!(!csv.contains("Hal-Reset-Secret-77"));
    let (_, content_type, jsonl) = get_as(&app, &hal_cookie, "/audit/export?format=jsonl").await;
    assert_eq!(content_type, "application/x-ndjson");
    let subjects: Vec<String> = jsonl
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            record["actor"]["subject"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(!subjects.is_empty());
    assert!(subjects.iter().all(|s| s == "hal"), "{subjects:?}");
    let (status, _, _) = app.get("/audit/export?format=xml").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Signed out: sent to sign in, nothing exported.
    let anonymous = TestApp::builder().signed_out().build().await;
    let (status, headers, _) = anonymous.get("/audit/export?format=csv").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/auth/sign-in")
    );
}

#[tokio::test]
async fn a_user_page_lists_that_users_recent_changes() {
    a_user_page_lists_that_users_recent_changes_in(None).await;
}

async fn a_user_page_lists_that_users_recent_changes_in(audit_url: Option<&str>) {
    let (app, hal_cookie) = with_history(audit_url).await;
    let page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let (status, _, html) = app.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    let history = html
        .split("Recent changes")
        .nth(1)
        .expect("the history section");
    assert!(history.contains("Ada (admin)"));
    assert!(history.contains("Hal (helpdesk)"));
    assert!(history.contains("Password: changed"));
    // Another user's page: none of it.
    let (_, _, html) = app
        .get(&format!("/mq/brokers/{BROKER}/users/checkout-api"))
        .await;
    assert!(html.contains("No change to this user has been made through userdesk."));
    // Hal sees his own records only.
    let (_, _, html) = get_as(&app, &hal_cookie, &page).await;
    let history = html
        .split("Recent changes")
        .nth(1)
        .expect("the history section");
    assert!(!history.contains("Ada (admin)"), "{history}");
    assert!(history.contains("Hal (helpdesk)"));
}

/// The page's queries (filters, paging, history, export) against a real PostgreSQL: one
/// cluster, a database per scenario.
#[tokio::test]
async fn the_audit_page_reads_postgres_too() {
    let postgres = test_support::Postgres::start();
    admins_see_every_record_and_others_their_own_in(Some(&postgres.database("everyone"))).await;
    the_filters_narrow_the_view_in(Some(&postgres.database("filters"))).await;
    a_change_without_an_outcome_reads_outcome_unknown_in(Some(&postgres.database("unknown"))).await;
    the_export_is_the_filtered_view_as_csv_or_json_lines_in(Some(&postgres.database("export")))
        .await;
    a_user_page_lists_that_users_recent_changes_in(Some(&postgres.database("history"))).await;
    pages_hold_what_they_show_in(Some(&postgres.database("paging"))).await;
}

/// Paging counts the rows shown: a page is full while older records follow (closed
/// intents are left out by the query, not after it), and "Older" leads to the rest.
#[tokio::test]
async fn pages_hold_what_they_show() {
    pages_hold_what_they_show_in(None).await;
}

async fn pages_hold_what_they_show_in(audit_url: Option<&str>) {
    let app = spawn(audit_url).await;
    let changes = app::audit_page::AUDIT_PAGE_SIZE + 3;
    for n in 0..changes {
        mq::apply(
            &app.state,
            &app.caller,
            &form(&format!("billing, p{n}"), ""),
        )
        .await
        .unwrap();
    }
    let rows = |html: &str| {
        html.split("<tbody>")
            .nth(1)
            .unwrap_or_default()
            .split("</tbody>")
            .next()
            .unwrap_or_default()
            .matches("<tr")
            .count()
    };
    // Every change is an intent and an outcome; each shows once.
    let (_, _, first) = app.get("/audit?target=billing-worker").await;
    assert_eq!(
        rows(&first),
        app::audit_page::AUDIT_PAGE_SIZE as usize,
        "{first}"
    );
    assert!(first.contains("page=2"), "an Older link: {first}");
    let (_, _, second) = app.get("/audit?target=billing-worker&page=2").await;
    assert_eq!(rows(&second), 3, "{second}");
    assert!(
        second.contains("billing, p0"),
        "the oldest change on the last page"
    );
    // "outcome unknown" lists only intents still open: none here, on any page.
    let (_, _, unknown) = app.get("/audit?outcome=unknown").await;
    assert!(unknown.contains("No record matches."), "{unknown}");
    assert!(!unknown.contains("page=2"));
}
