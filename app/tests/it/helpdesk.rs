//! The helpdesk's actions end to end against the sandbox, as the helpdesk person calls them
//! over HTTP: password resets (generated and typed, MemoryDB's two-step rotation), the MQ
//! broker reboot (admins only), Wickr's device reset, suspension and re-invitation. Each is
//! on the audit record under its own name, and no password reaches anything but the one
//! answer that carries it.
#![cfg(feature = "ssr")]

use app::access::Task;
use app::error::AppError;
use app::forms::FieldError;
use app::helpdesk::ResetDone;
use app::server::audit::{Action, Change, Outcome, Phase, Record, export};
use app::services::memorydb::model::MemoryDbPassword;
use app::services::memorydb::reset::ResetMemorydbPassword;
use app::services::mq::model::MqPassword;
use app::services::mq::reset::{RebootMqBroker, ResetMqPassword};
use app::services::wickr::actions::{WickrDevices, WickrUserAction};
use axum::http::StatusCode;

use crate::common::TestApp;

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const NETWORK: &str = "24681357";

async fn as_helpdesk() -> TestApp {
    TestApp::builder().signed_in_as("hal").build().await
}

fn answer<T: serde::de::DeserializeOwned>(status: StatusCode, body: &str) -> Result<T, AppError> {
    if status == StatusCode::OK {
        return Ok(serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")));
    }
    let error: AppError =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{status} {e}: {body}"));
    assert_eq!(status.as_u16(), error.http_status(), "{body}");
    Err(error)
}

async fn reset_mq(app: &TestApp, args: &[(&str, &str)]) -> Result<ResetDone, AppError> {
    let (status, _, body) = app.call::<ResetMqPassword>(args).await;
    answer(status, &body)
}

async fn reset_memorydb(app: &TestApp, args: &[(&str, &str)]) -> Result<ResetDone, AppError> {
    let (status, _, body) = app.call::<ResetMemorydbPassword>(args).await;
    answer(status, &body)
}

async fn wickr(app: &TestApp, user: &str, task: &str) -> Result<app::forms::Outcome, AppError> {
    let (status, _, body) = app
        .call::<WickrUserAction>(&[
            ("network_id", NETWORK),
            ("user_id", user),
            ("task", task),
            ("confirm", "yes"),
            ("via", "js"),
        ])
        .await;
    answer(status, &body)
}

fn writes(app: &TestApp) -> u64 {
    app.sandbox()
        .state
        .calls()
        .into_iter()
        .filter(|(k, _)| {
            !["List", "Describe", "Get"]
                .iter()
                .any(|r| k.split(':').nth(1).unwrap_or("").starts_with(r))
        })
        .map(|(_, n)| n)
        .sum()
}

async fn records(app: &TestApp) -> Vec<Record> {
    app.state
        .audit
        .store()
        .all(None)
        .await
        .expect("the log reads")
}

#[tokio::test]
async fn an_mq_password_is_generated_set_and_answered_once() {
    let app = as_helpdesk().await;
    let done = reset_mq(
        &app,
        &[
            ("form[broker_id]", BROKER),
            ("form[username]", "billing-worker"),
            ("form[mode]", "generate"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await
    .expect("the helpdesk resets an MQ password");
    let password = done.password.expect("a generated password in the answer");
    assert!(MqPassword::parse(password.expose()).is_ok());
    assert_eq!(password.expose().len(), 24);
    let notice = done.outcome.notice.unwrap();
    assert!(
        notice.starts_with(
            "Password reset. ActiveMQ applies user changes at the broker's next reboot"
        ),
        "{notice}"
    );
    assert_eq!(done.outcome.changes.len(), 1);
    assert!(done.outcome.changes[0].secret);
    // The broker holds it as a pending change until it reboots.
    let user = app::services::mq::sdk::get_user(&app.state.clients.mq, BROKER, "billing-worker")
        .await
        .unwrap();
    assert!(user.pending.is_some(), "{user:?}");

    // On record as a password reset, without the value.
    let log: Vec<Record> = records(&app)
        .await
        .into_iter()
        .filter(|r| r.entry.action == Action::Task(Task::PasswordReset))
        .collect();
    assert_eq!(log.len(), 2, "intent and outcome: {log:#?}");
    assert_eq!(log[1].entry.phase, Phase::Outcome);
    assert_eq!(log[1].entry.outcome, Outcome::Succeeded);
    assert_eq!(log[1].entry.actor.subject, "hal");
    assert_eq!(
        log[1]
            .entry
            .changes
            .iter()
            .map(Change::summary)
            .collect::<Vec<_>>(),
        ["Password: changed"]
    );
    let all = records(&app).await;
    for text in [export::csv(&all), export::jsonl(&all)] {
        assert!(text.contains("password_reset"), "{text}");
    }
    for text in [export::csv(&all), export::jsonl(&all), format!("{all:?}")] {
        assert!(!text.contains(password.expose()));
    }
    // The user page and a second look at it never show it again.
    let (_, _, html) = app
        .get(&format!("/mq/brokers/{BROKER}/users/billing-worker"))
        .await;
    assert!(!html.contains(password.expose()));
    assert!(
        html.contains(r#"id="reset-password""#),
        "the helpdesk sees the reset"
    );
    assert!(
        !html.contains(r#"id="reboot-broker""#),
        "but not the reboot"
    );
}

#[tokio::test]
async fn a_reset_is_refused_with_the_rule_and_nothing_is_sent() {
    let app = as_helpdesk().await;
    let before = writes(&app);
    let base = [
        ("form[broker_id]", BROKER),
        ("form[username]", "billing-worker"),
    ];
    /// Extra arguments, and the field errors they earn.
    type Case<'a> = (&'a [(&'a str, &'a str)], Vec<FieldError>);
    let cases: [Case; 3] = [
        (
            &[
                ("form[mode]", "type"),
                ("form[password]", "short"),
                ("confirm", "yes"),
                ("via", "js"),
            ],
            vec![FieldError::new(
                "password",
                "Password must be at least 12 characters (it has 5)",
            )],
        ),
        (
            &[("form[mode]", "generate"), ("via", "js")],
            vec![FieldError::new(
                "confirm",
                "Confirm: tick the box to reset the password of billing-worker",
            )],
        ),
        // A plain post has no script to show a generated password once.
        (
            &[
                ("form[mode]", "generate"),
                ("confirm", "yes"),
                ("via", "form"),
            ],
            vec![FieldError::new(
                "mode",
                app::helpdesk::GENERATE_NEEDS_SCRIPT,
            )],
        ),
    ];
    for (extra, expected) in cases {
        let args: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
        let via_form = extra.contains(&("via", "form"));
        let (status, headers, body) = if via_form {
            // As a browser without JavaScript posts it: an HTML answer is wanted, from the page.
            let mut request = crate::common::server_fn_call::<ResetMqPassword>(&args);
            let headers = request.headers_mut();
            headers.insert("accept", "text/html".parse().unwrap());
            let page = format!(
                "http://{}/mq/brokers/{BROKER}/users/billing-worker",
                crate::common::HOST
            );
            headers.insert("referer", page.parse().unwrap());
            app.send(request).await
        } else {
            app.call::<ResetMqPassword>(&args).await
        };
        if via_form {
            // Redirected back to the page, whose flash says why (and holds no password).
            assert!(status.is_redirection(), "{status} {body}");
            let location = headers
                .get("location")
                .and_then(|l| l.to_str().ok())
                .expect("a plain post is redirected")
                .to_owned();
            assert!(location.contains("?draft="), "{location}");
            let (_, _, page) = app.get(&location).await;
            let page = crate::common::unescape(&page);
            assert!(page.contains(&expected[0].message), "{page}");
        } else {
            assert_eq!(
                answer::<ResetDone>(status, &body),
                Err(AppError::Invalid(expected))
            );
        }
    }
    assert_eq!(writes(&app), before, "nothing reached AWS");
}

#[tokio::test]
async fn memorydb_rotation_adds_a_password_then_drops_the_old_one() {
    let app = as_helpdesk().await;
    let count = async |app: &TestApp| {
        let name = app::services::memorydb::model::UserName::parse("app-orders").unwrap();
        app::services::memorydb::sdk::get_user(&app.state.clients.memorydb, &name)
            .await
            .unwrap()
            .password_count
    };
    assert_eq!(count(&app).await, Some(1));
    const CURRENT: &str = "the-current-password-0001";
    // Step 1: the new one beside the current one.
    let added = reset_memorydb(
        &app,
        &[
            ("form[user_name]", "app-orders"),
            ("form[step]", "add"),
            ("form[mode]", "generate"),
            ("form[keep]", CURRENT),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await
    .expect("step 1");
    let new = added.password.expect("generated");
    assert!(MemoryDbPassword::parse("p", "P", new.expose()).is_ok());
    assert_eq!(count(&app).await, Some(2));
    assert!(
        added
            .outcome
            .notice
            .unwrap()
            .starts_with("New password added beside the current one")
    );
    let fields: Vec<&str> = added
        .outcome
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["password_2", "password_count"]);
    // A second step 1 is refused: two passwords is the most.
    let again = reset_memorydb(
        &app,
        &[
            ("form[user_name]", "app-orders"),
            ("form[step]", "add"),
            ("form[mode]", "type"),
            ("form[password]", "yet-another-password-0002"),
            ("form[keep]", CURRENT),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await;
    assert_eq!(
        again.unwrap_err(),
        AppError::InvalidState("User app-orders already has 2 passwords: finish the rotation (keep only the new password) before adding another.".to_owned())
    );
    // Step 2, later: only the new one stays (typed: nobody can read it back).
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let finished = reset_memorydb(
        &app,
        &[
            ("form[user_name]", "app-orders"),
            ("form[step]", "finish"),
            ("form[keep]", new.expose()),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await
    .expect("step 2");
    assert_eq!(finished.password, None, "nothing new to show");
    assert_eq!(count(&app).await, Some(1));
    // An IAM user has no password to reset.
    let iam = reset_memorydb(
        &app,
        &[
            ("form[user_name]", "svc-search-indexer"),
            ("form[step]", "replace"),
            ("form[mode]", "generate"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await;
    assert!(
        matches!(iam, Err(AppError::InvalidState(ref m)) if m.starts_with("User svc-search-indexer authenticates with IAM")),
        "{iam:?}"
    );
    let log = records(&app).await;
    let resets = log
        .iter()
        .filter(|r| {
            r.entry.action == Action::Task(Task::PasswordReset) && r.entry.phase != Phase::Intent
        })
        .count();
    assert_eq!(resets, 4, "two steps, the refused add and the IAM user");
    for text in [export::jsonl(&log), format!("{log:?}")] {
        assert!(!text.contains(new.expose()) && !text.contains(CURRENT));
    }
}

#[tokio::test]
async fn only_admins_reboot_a_broker_and_the_reboot_applies_pending_changes() {
    let args = [
        ("broker_id", BROKER),
        ("back_to", "/mq"),
        ("confirm", "yes"),
        ("via", "js"),
    ];
    let hal = as_helpdesk().await;
    let (status, _, body) = hal.call::<RebootMqBroker>(&args).await;
    assert_eq!(
        answer::<app::forms::Outcome>(status, &body),
        Err(AppError::Forbidden {
            what: "Rebooting a broker".into(),
            needed: "admin".into(),
            role: "helpdesk".into()
        })
    );
    let ada = TestApp::spawn().await;
    reset_mq(
        &ada,
        &[
            ("form[broker_id]", BROKER),
            ("form[username]", "billing-worker"),
            ("form[mode]", "type"),
            ("form[password]", "Typed-New-Secret-99"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    )
    .await
    .unwrap();
    let (status, _, body) = ada.call::<RebootMqBroker>(&args).await;
    let outcome = answer::<app::forms::Outcome>(status, &body).expect("an admin reboots");
    assert_eq!(outcome.changes[0].field, "state");
    let user = app::services::mq::sdk::get_user(&ada.state.clients.mq, BROKER, "billing-worker")
        .await
        .unwrap();
    assert_eq!(
        user.pending, None,
        "the reboot applied the pending password"
    );
    let log = records(&ada).await;
    assert!(
        log.iter()
            .any(|r| r.entry.action == Action::Task(Task::RebootBroker)
                && r.entry.outcome == Outcome::Succeeded
                && r.entry.target.as_deref() == Some(&format!("broker {BROKER}") as &str))
    );
    assert!(!export::jsonl(&log).contains("Typed-New-Secret-99"));
}

#[tokio::test]
async fn wickr_devices_are_reset_users_suspended_and_invitations_sent_again() {
    let app = as_helpdesk().await;
    let devices = async |app: &TestApp, user: &str| {
        let (status, _, body) = app
            .call::<WickrDevices>(&[("network_id", NETWORK), ("user_id", user)])
            .await;
        answer::<Vec<app::services::wickr::actions::Device>>(status, &body).unwrap()
    };
    assert_eq!(
        devices(&app, "1001")
            .await
            .iter()
            .filter(|d| d.active())
            .count(),
        3
    );
    let reset = wickr(&app, "1001", "reset_devices")
        .await
        .expect("devices reset");
    assert_eq!(reset.after.value("devices"), Some("none"));
    assert_eq!(
        devices(&app, "1001")
            .await
            .iter()
            .filter(|d| d.active())
            .count(),
        0
    );
    // Again: nothing left to reset, nothing sent.
    assert_eq!(
        wickr(&app, "1001", "reset_devices")
            .await
            .unwrap()
            .notice
            .as_deref(),
        Some(app::forms::NOTHING_CHANGED)
    );

    let suspended = wickr(&app, "1002", "suspend_user").await.unwrap();
    assert_eq!(suspended.after.value("suspended"), Some("yes"));
    let back = wickr(&app, "1002", "unsuspend_user").await.unwrap();
    assert_eq!(back.after.value("suspended"), Some("no"));

    wickr(&app, "1028", "reinvite_user")
        .await
        .expect("a pending invitation is sent again");
    assert_eq!(
        wickr(&app, "1001", "reinvite_user").await,
        Err(AppError::InvalidState(
            "Amara Okafor has already accepted the invitation: there is none to send again.".into()
        ))
    );
    // Without the box ticked, nothing happens.
    let (status, _, body) = app
        .call::<WickrUserAction>(&[
            ("network_id", NETWORK),
            ("user_id", "1002"),
            ("task", "suspend_user"),
            ("via", "js"),
        ])
        .await;
    assert!(
        matches!(answer::<app::forms::Outcome>(status, &body), Err(AppError::Invalid(ref e)) if e[0].field == "confirm")
    );

    let actions: Vec<&str> = records(&app)
        .await
        .iter()
        .filter(|r| r.entry.phase != Phase::Intent)
        .map(|r| r.entry.action.as_str())
        .filter(|a| *a != "sign_in")
        .collect();
    assert_eq!(
        actions,
        [
            "reset_devices",
            "reset_devices",
            "suspend_user",
            "unsuspend_user",
            "reinvite_user",
            "reinvite_user",
            "suspend_user"
        ]
    );

    // A viewer sees the devices but no action.
    let viewer = TestApp::builder().signed_in_as("vic").build().await;
    let (_, _, html) = viewer
        .get(&format!("/wickr/networks/{NETWORK}/users/1001"))
        .await;
    assert!(html.contains("devices-heading") && !html.contains(r#"id="reset-devices""#));
    let (_, _, html) = app
        .get(&format!("/wickr/networks/{NETWORK}/users/1028"))
        .await;
    assert!(
        html.contains(r#"id="reinvite""#)
            && html.contains(r#"id="reset-devices""#)
            && html.contains(r#"id="suspend""#)
    );
}

#[tokio::test]
async fn identity_center_says_where_its_passwords_are_reset() {
    let app = as_helpdesk().await;
    let (_, _, html) = app
        .get("/identitystore/stores/d-9067a1b2c3/users/9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91")
        .await;
    assert!(
        html.contains("IAM Identity Center passwords cannot be reset through any AWS API"),
        "{html}"
    );
    assert!(html.contains(r#"href="https://console.aws.amazon.com/singlesignon/home""#));
    assert!(!html.contains("Reset password</button>"));
}

/// A Wickr user's devices come with the page (its island holds no resource): listed in the
/// server's HTML, and a failure to list them is shown in their section, not instead of the user.
#[tokio::test]
async fn wickr_devices_come_with_the_user_page_and_a_failure_stays_in_their_section() {
    let app = as_helpdesk().await;
    let path = format!("/wickr/networks/{NETWORK}/users/1001");
    let (status, _, body) = app
        .call::<WickrDevices>(&[("network_id", NETWORK), ("user_id", "1001")])
        .await;
    let listed = answer::<Vec<app::services::wickr::actions::Device>>(status, &body).unwrap();
    assert!(!listed.is_empty());
    let (status, _, html) = app.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    let section = &html[html
        .find(r#"id="devices-heading""#)
        .expect("the devices section")..];
    for device in &listed {
        assert!(
            section.contains(&device.app_id),
            "{} is listed",
            device.app_id
        );
    }
    assert!(!section[..section.find("</section>").unwrap()].contains(r#"role="alert""#));

    app.fault(
        "wickr",
        Some("ListDevicesForUser"),
        "1001",
        "ForbiddenError",
        None,
    );
    let (status, _, html) = app.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"id="edit-heading""#),
        "the user's form is still there"
    );
    let section = &html[html
        .find(r#"id="devices-heading""#)
        .expect("the devices section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains(r#"role="alert""#), "{section}");
    assert!(!listed.iter().any(|d| section.contains(&d.app_id)));
}
