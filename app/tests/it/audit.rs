//! The audit log through the edit pipeline: the record each outcome leaves (against SQLite and
//! against a real PostgreSQL), no submitted secret anywhere (store, log line, exports), fail
//! closed when the log cannot be written, and tampering found by `verify`.
#![cfg(feature = "ssr")]

use std::io;
use std::sync::{Arc, Mutex};

use app::error::AppError;
use app::server::audit::export;
use app::server::audit::{Broken, Change, Outcome, Phase, Record};
use app::server::{Caller, Role};
use app::services::memorydb::model::MemoryDbUserForm;
use app::services::memorydb::user::ssr as memorydb;
use app::services::mq::model::MqUserForm;
use app::services::mq::user::ssr as mq;
use tracing::instrument::WithSubscriber;

use crate::common::TestApp;

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const TARGET: &str = "user billing-worker of broker b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";

fn groups(groups: &str) -> MqUserForm {
    MqUserForm {
        broker_id: BROKER.into(),
        username: "billing-worker".into(),
        password: String::new(),
        groups: groups.into(),
        console_access: None,
        replication_user: None,
    }
}

/// The log's records of changes (signing in is on record too).
async fn records(app: &TestApp) -> Vec<Record> {
    all_records(app)
        .await
        .into_iter()
        .filter(|r| r.entry.action == app::server::audit::Action::ChangeUser)
        .collect()
}

async fn all_records(app: &TestApp) -> Vec<Record> {
    app.state
        .audit
        .store()
        .all(None)
        .await
        .expect("the log reads")
}

fn hal() -> Caller {
    Caller {
        id: "hal".to_owned(),
        display_name: "Hal (helpdesk)".to_owned(),
        role: Role::Helpdesk,
        email: None,
    }
}

/// Every outcome's record, in one sequence (so it runs as one test against PostgreSQL too).
async fn each_outcome_leaves_its_record(app: &TestApp) {
    // A change: the intent before the call, the outcome after, naming it.
    mq::apply(&app.state, &app.caller, &groups("billing, audit"))
        .await
        .expect("the change goes through");
    let log = records(app).await;
    assert_eq!(log.len(), 2, "{log:#?}");
    let (intent, outcome) = (&log[0].entry, &log[1].entry);
    assert_eq!(intent.phase, Phase::Intent);
    assert_eq!(intent.outcome, Outcome::Unknown);
    assert_eq!(outcome.phase, Phase::Outcome);
    assert_eq!(outcome.intent, Some(log[0].seq));
    assert_eq!(outcome.outcome, Outcome::Succeeded);
    assert_eq!(outcome.actor.subject, "ada");
    assert_eq!(outcome.actor.name, "Ada (admin)");
    assert_eq!(outcome.actor.role, Role::Admin);
    assert_eq!(outcome.actor.mode, "dev");
    assert_eq!(outcome.service.as_deref(), Some("mq"));
    assert_eq!(outcome.location, "SANDBOX");
    assert_eq!(outcome.target.as_deref(), Some(TARGET));
    assert_eq!(
        outcome.changes,
        vec![Change {
            field: "groups".to_owned(),
            label: "Groups".to_owned(),
            before: Some("orders-readers, billing".to_owned()),
            after: Some("billing, audit".to_owned()),
            secret: false,
        }]
    );
    assert_eq!(
        outcome.aws_request_ids.len(),
        2,
        "UpdateUser, then DescribeUser"
    );
    assert!(outcome.duration_ms.is_some());

    // Nothing changed: one complete record, nothing sent.
    mq::apply(&app.state, &app.caller, &groups("billing, audit"))
        .await
        .unwrap();
    // Refused by validation.
    let invalid = mq::apply(&app.state, &app.caller, &groups("ok, x")).await;
    assert!(matches!(invalid, Err(AppError::Invalid(_))));
    // Forbidden for the role (the change is recorded, not made).
    let forbidden = mq::apply(&app.state, &hal(), &groups("billing")).await;
    assert!(matches!(forbidden, Err(AppError::Forbidden { .. })));
    let log = records(app).await;
    let tail: Vec<(Phase, Outcome, &str)> = log[2..]
        .iter()
        .map(|r| {
            (
                r.entry.phase,
                r.entry.outcome.clone(),
                r.entry.actor.subject.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [
            (Phase::Complete, Outcome::Unchanged, "ada"),
            (Phase::Complete, Outcome::Invalid, "ada"),
            (Phase::Complete, Outcome::Forbidden, "hal"),
        ]
    );
    assert_eq!(log[4].entry.changes[0].field, "groups");
    // Refused ones are on record against the user they named, as the filters find them.
    assert_eq!(log[3].entry.target.as_deref(), Some(TARGET), "invalid");
    assert_eq!(log[4].entry.target.as_deref(), Some(TARGET), "forbidden");

    // Each mapped AWS error: the outcome names AWS's code.
    for code in [
        "ConflictException",
        "NotFoundException",
        "ForbiddenException",
        "BadRequestException",
        "UnauthorizedException",
        "InternalServerErrorException",
    ] {
        app.fault("mq", Some("UpdateUser"), "billing-worker", code, None);
        let before = records(app).await.len();
        mq::apply(&app.state, &app.caller, &groups("billing"))
            .await
            .expect_err(code);
        app.clear_faults();
        let log = records(app).await;
        assert_eq!(log.len(), before + 2, "{code}: intent and outcome");
        assert_eq!(log[before].entry.phase, Phase::Intent);
        assert_eq!(
            log[before + 1].entry.outcome,
            Outcome::AwsError(code.to_owned()),
            "{code}"
        );
    }

    // Throttled past the SDK's retries: AWS's code, after the intent.
    app.fault(
        "mq",
        Some("UpdateUser"),
        "billing-worker",
        "TooManyRequestsException",
        None,
    );
    let before = records(app).await.len();
    let throttled = mq::apply(&app.state, &app.caller, &groups("billing")).await;
    app.clear_faults();
    assert!(
        matches!(throttled, Err(AppError::Throttled { .. })),
        "{throttled:?}"
    );
    let log = records(app).await;
    assert_eq!(log.len(), before + 2);
    assert_eq!(
        log[before + 1].entry.outcome,
        Outcome::AwsError("TooManyRequestsException".to_owned())
    );

    // Another service and another family: a MemoryDB user AWS will not change right now.
    app.fault(
        "memorydb",
        Some("UpdateUser"),
        "app-orders",
        "InvalidUserStateFault",
        None,
    );
    let before = records(app).await.len();
    let busy = memorydb::apply(
        &app.state,
        &app.caller,
        &access_string("on ~orders:* &* +@read"),
    )
    .await;
    app.clear_faults();
    assert!(matches!(busy, Err(AppError::InvalidState(_))), "{busy:?}");
    let log = records(app).await;
    assert_eq!(log.len(), before + 2);
    let outcome = &log[before + 1].entry;
    assert_eq!(outcome.service.as_deref(), Some("memorydb"));
    assert_eq!(outcome.target.as_deref(), Some("user app-orders"));
    assert_eq!(
        outcome.outcome,
        Outcome::AwsError("InvalidUserStateFault".to_owned())
    );

    // A read that fails before anything is sent: one complete record, no intent.
    app.fault(
        "mq",
        Some("DescribeUser"),
        "billing-worker",
        "InternalServerErrorException",
        None,
    );
    let before = records(app).await.len();
    let unreadable = mq::apply(&app.state, &app.caller, &groups("billing, ops")).await;
    app.clear_faults();
    assert!(
        matches!(unreadable, Err(AppError::Unavailable { .. })),
        "{unreadable:?}"
    );
    let log = records(app).await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[before].entry.phase, Phase::Complete);
    assert_eq!(
        log[before].entry.outcome,
        Outcome::Failed("unavailable".to_owned())
    );
    assert_eq!(log[before].entry.target.as_deref(), Some(TARGET));

    assert_eq!(
        app.state.audit.store().verify().await.unwrap(),
        Ok(all_records(app).await.len() as u64)
    );
}

fn access_string(access_string: &str) -> MemoryDbUserForm {
    MemoryDbUserForm {
        user_name: "app-orders".into(),
        current_authentication_type: "password".into(),
        access_string: access_string.into(),
        authentication_type: "password".into(),
        password_1: String::new(),
        password_2: String::new(),
    }
}

#[tokio::test]
async fn each_outcome_leaves_its_record_in_sqlite() {
    let app = TestApp::spawn().await;
    each_outcome_leaves_its_record(&app).await;
}

/// The suite's scenarios against a real PostgreSQL: one cluster, a database each.
#[tokio::test]
async fn the_audit_suite_holds_on_postgres() {
    let postgres = test_support::Postgres::start();
    let on = |name: &str| TestApp::builder().audit_url(&postgres.database(name));
    let app = on("outcomes").build().await;
    each_outcome_leaves_its_record(&app).await;
    tampering_is_found(&app).await;
    no_submitted_secret_is_kept(&on("secrets").build().await).await;
    nothing_is_sent_without_its_intent(&on("closed").build().await).await;
    signing_in_and_out_is_recorded(&on("sign_in").build().await).await;
    a_refusal_for_the_role_is_recorded(&on("viewer").signed_in_as("vic").build().await).await;
}

/// A viewer's change posted to the server function (no JavaScript): refused before anything
/// is read, on record against the user it named, and the page that shows it answers 403.
#[tokio::test]
async fn a_viewers_refused_post_is_on_record() {
    a_refusal_for_the_role_is_recorded(&TestApp::builder().signed_in_as("vic").build().await).await;
}

async fn a_refusal_for_the_role_is_recorded(app: &TestApp) {
    use app::services::mq::user::UpdateMqUser;
    use server_fn::ServerFn;
    let page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let (status, headers, _) = app
        .post_form(UpdateMqUser::PATH, &page, &groups("billing"))
        .await;
    assert_eq!(status, axum::http::StatusCode::FOUND, "back to the page");
    // (The readiness prober may list brokers meanwhile; the user is neither read nor changed.)
    let calls = app.sandbox().state.calls();
    assert_eq!(
        (calls.get("mq:DescribeUser"), calls.get("mq:UpdateUser")),
        (None, None),
        "nothing was read or sent: {calls:?}"
    );
    let location = headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let (status, _, html) = app.get(&location).await;
    assert_eq!(status, axum::http::StatusCode::FORBIDDEN);
    assert_eq!(
        crate::common::banner_error(&html).as_deref(),
        Some("Changing users needs the helpdesk role; you are signed in as viewer")
    );
    let log = records(app).await;
    assert_eq!(log.len(), 1, "{log:#?}");
    let refused = &log[0].entry;
    assert_eq!(refused.phase, Phase::Complete);
    assert_eq!(refused.outcome, Outcome::Forbidden);
    assert_eq!(refused.actor.subject, "vic");
    assert_eq!(refused.actor.role, Role::Viewer);
    assert_eq!(refused.target.as_deref(), Some(TARGET));
    // The reference the person was shown is the record's.
    assert_eq!(
        refused.request_id,
        headers["x-request-id"].to_str().unwrap()
    );
}

/// Collects everything a subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_submitted_secret_reaches_the_store_the_log_or_an_export() {
    no_submitted_secret_is_kept(&TestApp::spawn().await).await;
}

async fn no_submitted_secret_is_kept(app: &TestApp) {
    const MQ_SECRET: &str = "Audit-Secret-Mq-4711";
    const DB_SECRET_1: &str = "Audit-Secret-Db-0815-first";
    const DB_SECRET_2: &str = "Audit-Secret-Db-0816-second";
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    async {
        let mut form = groups("billing");
        form.password = MQ_SECRET.into();
        mq::apply(&app.state, &app.caller, &form).await.unwrap();
        // And a refused one: the password was typed, the record still holds none.
        mq::apply(
            &app.state,
            &hal(),
            &MqUserForm {
                groups: "billing, x2".into(),
                ..form
            },
        )
        .await
        .expect_err("refused");
        let db = MemoryDbUserForm {
            user_name: "app-orders".into(),
            current_authentication_type: "password".into(),
            access_string: "on ~orders:* &* +@all -@dangerous".into(),
            authentication_type: "password".into(),
            password_1: DB_SECRET_1.into(),
            password_2: DB_SECRET_2.into(),
        };
        memorydb::apply(&app.state, &app.caller, &db).await.unwrap();
    }
    .with_subscriber(subscriber)
    .await;

    let log = records(app).await;
    let texts = [
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap(),
        export::csv(&log),
        export::jsonl(&log),
        format!("{log:?}"),
    ];
    // Whether this in-process capture sees the `audit` lines depends on the other tests'
    // use of the same callsites; the real binary's log (RUST_LOG=trace) is checked for the
    // audit lines and for secrets in server/tests/it/secrets.rs.
    for text in &texts {
        for secret in [MQ_SECRET, DB_SECRET_1, DB_SECRET_2] {
            assert!(!text.contains(secret), "a secret leaked into {text}");
        }
    }
    // What the records do say: that the passwords changed.
    let summaries: Vec<String> = log
        .iter()
        .flat_map(|r| r.entry.changes.iter().map(Change::summary))
        .collect();
    assert!(
        summaries.contains(&"Password: changed".to_owned()),
        "{summaries:?}"
    );
    assert!(export::csv(&log).contains("Password: changed"));
}

#[tokio::test]
async fn a_change_whose_intent_cannot_be_written_is_not_sent() {
    nothing_is_sent_without_its_intent(&TestApp::spawn().await).await;
}

async fn nothing_is_sent_without_its_intent(app: &TestApp) {
    app.state
        .audit
        .store()
        .execute_for_tests("DROP TABLE audit_log")
        .await
        .unwrap();
    app.sandbox().state.reset_calls();
    let result = mq::apply(&app.state, &app.caller, &groups("billing, audit")).await;
    let Err(AppError::AuditUnavailable { reference }) = result else {
        panic!("refused: {result:?}");
    };
    assert_eq!(
        AppError::AuditUnavailable {
            reference: reference.clone()
        }
        .to_string(),
        format!(
            "the change was not sent: userdesk could not write it to the audit log (reference {reference}; the server log says why)"
        )
    );
    assert_eq!(
        app.sandbox().state.calls().get("mq:UpdateUser"),
        None,
        "nothing reached AWS"
    );
}

async fn tampering_is_found(app: &TestApp) {
    let store = app.state.audit.store();
    let count = records(app).await.len() as i64;
    assert!(count >= 3);
    store
        .execute_for_tests("UPDATE audit_log SET target = 'user mallory' WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(
        store.verify().await.unwrap(),
        Err(Broken::Edited { seq: 2 })
    );
    store
        .execute_for_tests("DELETE FROM audit_log WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(
        store.verify().await.unwrap(),
        Err(Broken::Missing {
            seq: 2,
            after: 1,
            seq_found: 3
        })
    );
}

#[tokio::test]
async fn an_edited_or_deleted_record_is_named_by_verify() {
    let app = TestApp::spawn().await;
    for g in ["billing, a1", "billing, a2"] {
        mq::apply(&app.state, &app.caller, &groups(g))
            .await
            .unwrap();
    }
    tampering_is_found(&app).await;
}

#[tokio::test]
async fn signing_in_and_out_is_on_record() {
    signing_in_and_out_is_recorded(&TestApp::spawn().await).await;
}

async fn signing_in_and_out_is_recorded(app: &TestApp) {
    use app::server::audit::Action;
    let (status, _, _) = app
        .send(
            axum::http::Request::post("/auth/sign-out")
                .header(axum::http::header::HOST, crate::common::HOST)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::SEE_OTHER);
    let events: Vec<(Action, String, Outcome)> = all_records(app)
        .await
        .into_iter()
        .map(|r| (r.entry.action, r.entry.actor.subject, r.entry.outcome))
        .collect();
    assert_eq!(
        events,
        [
            (Action::SignIn, "ada".to_owned(), Outcome::Succeeded),
            (Action::SignOut, "ada".to_owned(), Outcome::Succeeded),
        ]
    );
}
