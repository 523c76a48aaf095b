//! The MQ user form's server-side path (`user::ssr`, what `update_mq_user` runs) against the
//! sandbox — success, every validation failure, every mapped AWS error — and against moto.
#![cfg(feature = "ssr")]

use crate::common::{Moto, TestApp};
use app::error::AppError;
use app::forms::NOTHING_CHANGED;
use app::services::mq::model::{APPLIED_AT_REBOOT, MqUserForm};
use app::services::mq::user::ssr;

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";

fn form(username: &str) -> MqUserForm {
    MqUserForm {
        broker_id: BROKER.into(),
        username: username.into(),
        password: String::new(),
        groups: "billing".into(),
        console_access: None,
        replication_user: None,
    }
}

/// Makes `UpdateUser` of `user` answer `error`, `times` times (`None`: until cleared).
fn fail_update(app: &TestApp, user: &str, error: &str, times: Option<u32>) {
    app.fault("mq", Some("UpdateUser"), user, error, times);
}

#[tokio::test]
async fn an_update_returns_the_record_with_the_change_pending() {
    let app = TestApp::spawn().await;
    let mut f = form("billing-worker");
    f.password = "A-brand-new-secret-1".into();
    f.groups = "billing, audit".into();
    f.console_access = Some("on".into());
    let outcome = ssr::apply(&app.state, &app.caller, &f)
        .await
        .expect("update succeeds");
    let fields: Vec<_> = outcome.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["password", "groups", "console_access"]);
    assert_eq!(outcome.after.value("pending_change"), Some("UPDATE"));
    assert_eq!(
        outcome.after.value("pending_groups"),
        Some("billing, audit")
    );
    assert_eq!(outcome.notice.as_deref(), Some(APPLIED_AT_REBOOT));
    // The broker agrees when asked again.
    let page = ssr::load(&app.state, BROKER, "billing-worker")
        .await
        .unwrap();
    assert_eq!(
        page.record.pending.clone().unwrap().groups,
        ["billing", "audit"]
    );
    // No trace of the password in what goes back to the browser.
    let json = serde_json::to_string(&page.record).unwrap() + &format!("{:?}", outcome.changes);
    assert!(!json.contains("A-brand-new-secret-1"));
}

#[tokio::test]
async fn an_unchanged_form_sends_nothing() {
    let app = TestApp::spawn().await;
    let page = ssr::load(&app.state, BROKER, "amara.okafor").await.unwrap();
    // If anything reached AWS this fault would answer.
    fail_update(&app, "amara.okafor", "ForbiddenException", None);
    let outcome = ssr::apply(&app.state, &app.caller, &page.record.to_form())
        .await
        .unwrap();
    assert!(outcome.changes.is_empty());
    assert_eq!(outcome.notice.as_deref(), Some(NOTHING_CHANGED));
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_aws_call() {
    let app = TestApp::spawn().await;
    // Every call would fail loudly if one were made.
    for user in ["billing-worker", "x"] {
        app.fault("mq", None, user, "InternalServerErrorException", None);
    }
    type Edit = fn(&mut MqUserForm);
    let cases: [(&str, Edit); 6] = [
        ("password", |f| f.password = "elevenchars".into()),
        (
            "password",
            |f| f.password = "aaaabbbbcccc".into(), /* 3 unique */
        ),
        ("password", |f| f.password = "has,a-comma-in-it".into()),
        ("groups", |f| {
            f.groups = (0..21)
                .map(|i| format!("g{i:02}"))
                .collect::<Vec<_>>()
                .join(",")
        }),
        ("groups", |f| f.groups = "ok, x".into()),
        ("username", |f| f.username = "x".into()),
    ];
    for (field, edit) in cases {
        let mut f = form("billing-worker");
        edit(&mut f);
        match ssr::apply(&app.state, &app.caller, &f).await {
            Err(AppError::Invalid(errors)) => {
                assert_eq!(errors[0].field, field, "{errors:?}");
            }
            other => panic!("expected a field error on {field}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn aws_errors_map_to_what_the_user_can_do() {
    let app = TestApp::spawn().await;
    type Check = fn(&AppError) -> bool;
    let cases: [(&str, Check); 5] = [
        ("NotFoundException", |e| {
            matches!(e, AppError::NotFound { .. })
        }),
        (
            "ForbiddenException",
            |e| matches!(e, AppError::AccessDenied { action } if action == "mq:UpdateUser"),
        ),
        ("ConflictException", |e| matches!(e, AppError::Conflict(_))),
        ("BadRequestException", |e| {
            matches!(e, AppError::Rejected { .. })
        }),
        ("InternalServerErrorException", |e| {
            matches!(e, AppError::Unavailable { .. })
        }),
    ];
    for (code, expected) in cases {
        app.clear_faults();
        // `None`: keeps failing through the SDK's retries.
        fail_update(&app, "billing-worker", code, None);
        let err = ssr::apply(&app.state, &app.caller, &form("billing-worker"))
            .await
            .expect_err(code);
        assert!(expected(&err), "{code} mapped to {err:?}");
    }
    app.clear_faults();
    fail_update(&app, "billing-worker", "ThrottlingException", None);
    let err = ssr::apply(&app.state, &app.caller, &form("billing-worker"))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn unknown_users_and_brokers_are_not_found() {
    let app = TestApp::spawn().await;
    let err = ssr::load(&app.state, BROKER, "nobody-here")
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
    let err = ssr::load(
        &app.state,
        "b-00000000-0000-0000-0000-000000000000",
        "admin",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
}

/// The same server-side path against moto (an independent MQ implementation): the update is
/// visible in moto's state afterwards. moto applies changes at once (no pending state).
#[tokio::test]
async fn the_form_updates_a_user_in_moto() {
    let moto = Moto::start().await;
    let state = moto.state().await;
    let client = &state.clients.mq;
    let created = client
        .create_broker()
        .broker_name("form-check")
        .deployment_mode(aws_sdk_mq::types::DeploymentMode::SingleInstance)
        .engine_type(aws_sdk_mq::types::EngineType::Activemq)
        .engine_version("5.18")
        .host_instance_type("mq.t3.micro")
        .publicly_accessible(false)
        .auto_minor_version_upgrade(true)
        .users(
            aws_sdk_mq::types::User::builder()
                .username("ops-user")
                .password("Initial-password-1")
                .build(),
        )
        .send()
        .await
        .expect("moto creates a broker");
    let broker = created.broker_id.expect("a broker id");
    let f = MqUserForm {
        broker_id: broker.clone(),
        username: "ops-user".into(),
        password: "Another-password-2".into(),
        groups: "ops, oncall".into(),
        console_access: Some("on".into()),
        replication_user: None,
    };
    let outcome = ssr::apply(&state, &app::server::Caller::local_admin(), &f)
        .await
        .expect("moto accepts the update");
    assert_eq!(outcome.changes.len(), 3);
    let user = client
        .describe_user()
        .broker_id(&broker)
        .username("ops-user")
        .send()
        .await
        .unwrap();
    assert_eq!(user.groups(), ["ops", "oncall"]);
    assert_eq!(user.console_access(), Some(true));
}

/// `DescribeUser` reports no pending replication flag, so the form reopens with the live one;
/// an unrelated edit must not send it back and undo the pending change.
#[tokio::test]
async fn an_unrelated_edit_keeps_a_pending_replication_change() {
    let app = TestApp::spawn().await;
    let mut first = form("billing-worker");
    first.replication_user = Some("on".into());
    ssr::apply(&app.state, &app.caller, &first)
        .await
        .expect("first update");
    let page = ssr::load(&app.state, BROKER, "billing-worker")
        .await
        .unwrap();
    assert!(
        !page.record.replication_user,
        "still the live value until a reboot"
    );
    let mut next = page.record.to_form();
    next.groups = "billing, audit".into();
    let outcome = ssr::apply(&app.state, &app.caller, &next)
        .await
        .expect("second update");
    assert_eq!(outcome.changes.len(), 1, "{:?}", outcome.changes);
    app.state
        .clients
        .mq
        .reboot_broker()
        .broker_id(BROKER)
        .send()
        .await
        .expect("reboot applies pending changes");
    let applied = ssr::load(&app.state, BROKER, "billing-worker")
        .await
        .unwrap();
    assert!(applied.record.replication_user);
    assert_eq!(applied.record.groups, ["billing", "audit"]);
}
