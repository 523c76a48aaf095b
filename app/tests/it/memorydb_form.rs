//! The MemoryDB user edit below the page: `sdk::get_user` / `sdk::update_user` through the
//! real `aws-sdk-memorydb` client against a sandbox, every mapped AWS error by fault
//! injection, that no password reaches the log; then the server function's plain path
//! (`user::ssr`, what `update_memorydb_user` runs) against the sandbox and against moto.
#![cfg(feature = "ssr")]
#![expect(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is the failure report"
)]

use crate::common::{self, TestApp};

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::error::AppError;
use app::forms::WILL_BE_CHANGED;
use app::server::Caller;
use app::services::memorydb::model::{
    APPLYING, DEFAULT_USER_READ_ONLY, MemoryDbUserForm, MemoryDbUserRecord, MemoryDbUserUpdate,
    UserName,
};
use app::services::memorydb::sdk;
use app::services::memorydb::user::ssr;
use aws_sdk_memorydb::types::{AuthenticationMode, AuthenticationType, InputAuthenticationType};

const PW_A: &str = "first-password-0123456789";
const PW_B: &str = "second-password-0123456789";

/// A dashboard over a sandbox of its own whose MemoryDB users stay `modifying` for 400 ms:
/// short enough to wait out in a test, long enough to observe.
async fn spawn() -> TestApp {
    TestApp::builder()
        .memorydb_settle(Duration::from_millis(400))
        .build()
        .await
}

/// The user as `sdk::get_user` reads it.
async fn read(app: &TestApp, name: &str) -> Result<MemoryDbUserRecord, AppError> {
    sdk::get_user(
        &app.state.clients.memorydb,
        &UserName::parse(name).expect("a valid name"),
    )
    .await
}

/// The user's form as the page prefills it, changed by `edit`, sent by `sdk::update_user`.
async fn update(
    app: &TestApp,
    name: &str,
    edit: impl FnOnce(&mut MemoryDbUserForm),
) -> Result<MemoryDbUserRecord, AppError> {
    let mut form = read(app, name).await.expect("the user exists").to_form();
    edit(&mut form);
    let update = MemoryDbUserUpdate::try_from(&form).expect("the form is valid");
    sdk::update_user(&app.state.clients.memorydb, &update).await
}

/// The server function's path for the user's prefilled form, changed by `edit`.
async fn submit(
    app: &TestApp,
    name: &str,
    edit: impl FnOnce(&mut MemoryDbUserForm),
) -> Result<app::forms::Outcome, AppError> {
    let mut form = ssr::load(&app.state, name)
        .await
        .expect("the user loads")
        .to_form();
    edit(&mut form);
    ssr::apply(&app.state, &app.caller, &form).await
}

/// Makes `UpdateUser` of `user` answer `error`, `times` times (`None`: until cleared).
fn fail_update(app: &TestApp, user: &str, error: &str, times: Option<u32>) {
    app.fault("memorydb", Some("UpdateUser"), user, error, times);
}

/// A change to a prefilled form.
type Edit = fn(&mut MemoryDbUserForm);

fn new_access(form: &mut MemoryDbUserForm) {
    form.access_string = "on ~orders:* -@all +@read".into();
}

#[tokio::test]
async fn get_user_reads_the_seeded_users() {
    let app = spawn().await;
    let one = read(&app, "app-orders").await.unwrap();
    assert_eq!(one.authentication_type, "password");
    assert_eq!(one.password_count, Some(1));
    assert_eq!(one.acl_names, ["orders-prod"]);
    assert_eq!(
        one.arn,
        "arn:aws:memorydb:us-east-1:123456789012:user/app-orders"
    );
    assert_eq!(
        read(&app, "app-orders-rotating")
            .await
            .unwrap()
            .password_count,
        Some(2)
    );
    let iam = read(&app, "svc-search-indexer").await.unwrap();
    assert_eq!(iam.authentication_type, "iam");
    assert_eq!(iam.minimum_engine_version, "7.0");
    let default = read(&app, "default").await.unwrap();
    assert!(default.read_only_reason().is_some());
    assert_eq!(
        read(&app, "no-such-user").await,
        Err(AppError::NotFound {
            what: "User no-such-user".into()
        })
    );
}

#[tokio::test]
async fn an_access_string_change_keeps_the_passwords() {
    let app = spawn().await;
    let updated = update(&app, "app-orders", new_access).await.unwrap();
    assert_eq!(updated.access_string, "on ~orders:* -@all +@read");
    assert_eq!(updated.authentication_type, "password");
    assert_eq!(updated.password_count, Some(1), "passwords untouched");
    assert_eq!(
        updated.status, "modifying",
        "AWS answers the user mid-change"
    );
    let fresh = read(&app, "app-orders").await.unwrap();
    assert_eq!(fresh.access_string, updated.access_string);
    assert_eq!(fresh.password_count, Some(1));
}

#[tokio::test]
async fn two_passwords_replace_the_set_and_one_replaces_two() {
    let app = spawn().await;
    let updated = update(&app, "app-orders", |f| {
        f.password_1 = PW_A.into();
        f.password_2 = PW_B.into();
    })
    .await
    .unwrap();
    assert_eq!(updated.password_count, Some(2));
    assert_eq!(
        read(&app, "app-orders").await.unwrap().password_count,
        Some(2)
    );

    let rotated = update(&app, "app-orders-rotating", |f| f.password_1 = PW_B.into())
        .await
        .unwrap();
    assert_eq!(rotated.password_count, Some(1));
    assert_eq!(
        read(&app, "app-orders-rotating")
            .await
            .unwrap()
            .password_count,
        Some(1)
    );
}

#[tokio::test]
async fn authentication_switches_both_ways() {
    let app = spawn().await;
    let to_iam = update(&app, "app-reader", |f| f.authentication_type = "iam".into())
        .await
        .unwrap();
    assert_eq!(to_iam.authentication_type, "iam");
    assert_eq!(to_iam.password_count, None);
    assert_eq!(
        read(&app, "app-reader").await.unwrap().authentication_type,
        "iam"
    );

    let to_password = update(&app, "svc-search-indexer", |f| {
        f.authentication_type = "password".into();
        f.password_1 = PW_A.into();
    })
    .await
    .unwrap();
    assert_eq!(to_password.authentication_type, "password");
    assert_eq!(to_password.password_count, Some(1));
    let fresh = read(&app, "svc-search-indexer").await.unwrap();
    assert_eq!(
        (fresh.authentication_type.as_str(), fresh.password_count),
        ("password", Some(1))
    );
}

#[tokio::test]
async fn a_user_still_modifying_says_so_and_a_retry_later_works() {
    let app = TestApp::builder()
        .memorydb_settle(Duration::from_millis(600))
        .build()
        .await;
    update(&app, "app-orders", new_access).await.unwrap();
    let err = update(&app, "app-orders", |f| {
        f.access_string = "on ~orders:* +@all".into()
    })
    .await
    .unwrap_err();
    assert_eq!(
        err,
        AppError::InvalidState(
            "User app-orders is still applying an earlier change; try again in a few seconds."
                .into()
        )
    );
    assert!(err.is_retryable(), "the page offers a retry");

    tokio::time::sleep(Duration::from_millis(700)).await;
    let retried = update(&app, "app-orders", |f| {
        f.access_string = "on ~orders:* +@all".into()
    })
    .await
    .unwrap();
    assert_eq!(retried.access_string, "on ~orders:* +@all");
}

#[tokio::test]
async fn the_default_user_is_refused_by_the_service() {
    let app = spawn().await;
    let err = update(&app, "default", |f| {
        f.authentication_type = "password".into();
        f.current_authentication_type = "password".into();
    })
    .await
    .unwrap_err();
    assert_eq!(
        err,
        AppError::Rejected {
            service: "Amazon MemoryDB".into(),
            message: "The default user cannot be modified.".into()
        }
    );
}

#[tokio::test]
async fn acl_syntax_is_left_to_the_service_and_its_message_shown() {
    let app = spawn().await;
    let err = update(&app, "app-orders", |f| {
        f.access_string = "on everything".into()
    })
    .await
    .unwrap_err();
    assert_eq!(
        err,
        AppError::Rejected {
            service: "Amazon MemoryDB".into(),
            message: "Access string is invalid: each rule must be on, off, a ~key or &channel pattern, or a +/- command or @category.".into()
        }
    );
    assert_eq!(
        read(&app, "app-orders").await.unwrap().access_string,
        "on ~orders:* &* +@all -@dangerous",
        "nothing changed"
    );
}

#[tokio::test]
async fn each_aws_error_shape_maps_to_what_to_do() {
    let app = spawn().await;
    let user = "app-orders";

    fail_update(&app, user, "UserNotFoundFault", Some(1));
    assert_eq!(
        update(&app, user, new_access).await,
        Err(AppError::NotFound {
            what: "User app-orders".into()
        })
    );

    // The SDK retries throttling (3 attempts): the fault must outlast them.
    fail_update(&app, user, "ThrottlingException", None);
    assert_eq!(
        update(&app, user, new_access).await,
        Err(AppError::Throttled {
            service: "Amazon MemoryDB".into()
        })
    );
    app.clear_faults();

    fail_update(&app, user, "AccessDeniedException", Some(1));
    let err = update(&app, user, new_access).await.unwrap_err();
    assert_eq!(
        err,
        AppError::AccessDenied {
            action: "memorydb:UpdateUser".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "AWS denied memorydb:UpdateUser: the role userdesk runs as needs this IAM permission"
    );

    fail_update(&app, user, "ConflictException", Some(1));
    assert!(matches!(
        update(&app, user, new_access).await,
        Err(AppError::Conflict(_))
    ));

    fail_update(&app, user, "InvalidUserStateFault", Some(1));
    assert!(matches!(
        update(&app, user, new_access).await,
        Err(AppError::InvalidState(_))
    ));

    for shape in [
        "InvalidParameterValueException",
        "InvalidParameterCombinationException",
    ] {
        fail_update(&app, user, shape, Some(1));
        assert!(
            matches!(
                update(&app, user, new_access).await,
                Err(AppError::Rejected { .. })
            ),
            "{shape}"
        );
    }

    fail_update(&app, user, "InternalServerError", None);
    assert!(matches!(
        update(&app, user, new_access).await,
        Err(AppError::Unavailable { .. })
    ));
    app.clear_faults();

    // None of the failures changed the user; the first real update goes through.
    assert_eq!(
        update(&app, user, new_access).await.unwrap().access_string,
        "on ~orders:* -@all +@read"
    );
}

#[tokio::test]
async fn an_unreachable_service_is_unavailable() {
    let app = TestApp::builder().unreachable().build().await;
    assert!(matches!(
        read(&app, "app-orders").await,
        Err(AppError::Unavailable { .. })
    ));
}

/// Collects everything the subscriber writes.
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
async fn passwords_never_reach_the_log() {
    let app = spawn().await;
    let captured = Captured::default();
    let writer = captured.clone();
    // The production default filter (server::telemetry), with userdesk's own code at trace.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info,app=trace,aws_config=warn,aws_smithy_runtime=warn")
        .with_writer(move || writer.clone())
        // No time or colour: the failure's line is compared whole.
        .without_time()
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    update(&app, "app-orders", |f| {
        f.password_1 = PW_A.into();
        f.password_2 = PW_B.into();
    })
    .await
    .unwrap();
    // A failing call logs the whole SDK error once.
    fail_update(
        &app,
        "app-orders-rotating",
        "InvalidParameterValueException",
        Some(1),
    );
    update(&app, "app-orders-rotating", |f| f.password_1 = PW_A.into())
        .await
        .unwrap_err();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let failures: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("AWS call failed"))
        .collect();
    assert_eq!(
        failures,
        [
            r#" WARN update_user{service="memorydb" user="app-orders-rotating"}: app::server::aws_error: AWS call failed (AWS's message is withheld: it may quote what the request carried) service="memorydb" operation="UpdateUser" what="user app-orders-rotating" code="InvalidParameterValueException" mapped=Amazon MemoryDB rejected the request: InvalidParameterValueException (AWS's explanation is not shown: it may quote the password or invite code that was sent; check it against the rules beside the field)"#
        ],
        "logged once: {log}"
    );
    assert!(log.contains("app-orders"), "spans name the user: {log}");
    assert!(!log.contains(PW_A) && !log.contains(PW_B), "{log}");
}

// ---- the server function's plain path (`user::ssr`) -----------------------------------------

#[tokio::test]
async fn a_submit_returns_the_record_memorydb_answered() {
    let app = spawn().await;
    let outcome = submit(&app, "app-orders", |f| {
        new_access(f);
        f.password_1 = PW_A.into();
        f.password_2 = PW_B.into();
    })
    .await
    .expect("the update succeeds");
    let fields: Vec<_> = outcome.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "access_string",
            "password_1",
            "password_2",
            "password_count"
        ]
    );
    assert!(outcome.changes[1].secret && outcome.changes[1].after == WILL_BE_CHANGED);
    assert_eq!(
        outcome.after.value("access_string"),
        Some("on ~orders:* -@all +@read")
    );
    assert_eq!(outcome.after.value("password_count"), Some("2"));
    assert_eq!(outcome.after.value("status"), Some("modifying"));
    assert_eq!(outcome.notice.as_deref(), Some(APPLYING));
    let mut highlighted = outcome.changed_keys();
    highlighted.sort();
    assert_eq!(highlighted, ["access_string", "password_count", "status"]);
    // What goes back to the browser holds no password.
    let json = serde_json::to_string(&outcome).unwrap();
    assert!(!json.contains(PW_A) && !json.contains(PW_B), "{json}");
    // MemoryDB agrees when asked again.
    let fresh = ssr::load(&app.state, "app-orders").await.unwrap();
    assert_eq!(fresh.access_string, "on ~orders:* -@all +@read");
    assert_eq!(fresh.password_count, Some(2));
}

#[tokio::test]
async fn an_unchanged_form_sends_nothing() {
    let app = spawn().await;
    // If an UpdateUser reached the sandbox this fault would answer it.
    fail_update(&app, "app-orders", "AccessDeniedException", None);
    let outcome = submit(&app, "app-orders", |_| {}).await.unwrap();
    assert!(outcome.changes.is_empty());
    assert_eq!(outcome.notice.as_deref(), Some(app::forms::NOTHING_CHANGED));
    assert_eq!(outcome.after, outcome.before);
    // Re-typing the same access string with stray spaces is no change either.
    let outcome = submit(&app, "app-orders", |f| {
        f.access_string = format!("  {} ", f.access_string)
    })
    .await
    .unwrap();
    assert!(outcome.changes.is_empty());
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_aws_call() {
    let app = spawn().await;
    // Any call about this user, reads included, would fail loudly.
    app.fault("memorydb", None, "app-orders", "InternalServerError", None);
    let prefilled = MemoryDbUserForm {
        user_name: "app-orders".into(),
        current_authentication_type: "password".into(),
        access_string: "on ~orders:* &* +@all -@dangerous".into(),
        authentication_type: "password".into(),
        ..Default::default()
    };
    let cases: [(&[&str], Edit); 8] = [
        (&["access_string"], |f| f.access_string = "   ".into()),
        (&["access_string"], |f| {
            f.access_string = "on >hunter2hunter2hunter2 ~*".into()
        }),
        (&["password_1"], |f| f.password_1 = "fifteen-chars-x".into()),
        (&["password_1"], |f| {
            f.password_1 = "sixteen chars ok".into()
        }),
        (&["password_2"], |f| {
            f.password_1 = PW_A.into();
            f.password_2 = PW_A.into();
        }),
        (&["password_1", "password_2"], |f| {
            f.authentication_type = "iam".into();
            f.password_1 = PW_A.into();
            f.password_2 = PW_B.into();
        }),
        (&["password_1"], |f| {
            f.current_authentication_type = "iam".into();
        }),
        (&["user_name", "authentication_type"], |f| {
            f.user_name = "1-not-a-name".into();
            f.authentication_type = "no-password".into();
        }),
    ];
    for (fields, edit) in cases {
        let mut f = prefilled.clone();
        edit(&mut f);
        match ssr::apply(&app.state, &Caller::local_admin(), &f).await {
            Err(AppError::Invalid(errors)) => {
                let got: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(got, fields, "{errors:?}");
                let text = format!("{errors:?}");
                assert!(!text.contains("hunter2") && !text.contains(PW_A), "{text}");
            }
            other => panic!("expected field errors on {fields:?}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_default_user_is_read_only_and_nothing_is_sent() {
    let app = spawn().await;
    fail_update(&app, "default", "AccessDeniedException", None);
    let err = submit(&app, "default", |f| {
        // What a tampered or stale post of the locked form could carry.
        f.authentication_type = "password".into();
        f.current_authentication_type = "password".into();
        f.access_string = "on ~* -@all +@read".into();
    })
    .await
    .unwrap_err();
    match err {
        AppError::Invalid(errors) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "user_name");
            assert_eq!(errors[0].message, DEFAULT_USER_READ_ONLY);
        }
        other => panic!("expected the read-only refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_submit_while_modifying_offers_a_retry() {
    let app = TestApp::builder()
        .memorydb_settle(Duration::from_millis(600))
        .build()
        .await;
    submit(&app, "app-reader", |f| f.authentication_type = "iam".into())
        .await
        .unwrap();
    let err = submit(&app, "app-reader", new_access).await.unwrap_err();
    assert_eq!(
        err,
        AppError::InvalidState(
            "User app-reader is still applying an earlier change; try again in a few seconds."
                .into()
        )
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn deep_links_to_bad_or_unknown_users_say_so() {
    let app = spawn().await;
    assert!(matches!(
        ssr::load(&app.state, "not_a_name").await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(
        ssr::load(&app.state, "nobody").await,
        Err(AppError::NotFound {
            what: "User nobody".into()
        })
    );
}

// ---- against moto -----------------------------------------------------------------------------

#[tokio::test]
async fn the_form_updates_a_user_in_moto() {
    let moto = common::Moto::start().await;
    // As a deployment pointing MemoryDB at moto configures it: the endpoint from
    // `[aws.endpoints]`, the rest of AWS untouched.
    let state = common::aws_state(
        &format!(
            "[aws]\nregion = \"us-east-1\"\n[aws.endpoints]\nmemorydb = \"{}\"",
            moto.url()
        ),
        &common::sdk_config(None).await,
    )
    .await;
    let client = &state.clients.memorydb;
    client
        .create_user()
        .user_name("form-check")
        .access_string("on ~* +@all")
        .authentication_mode(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Password)
                .passwords(PW_A)
                .build(),
        )
        .send()
        .await
        .expect("moto creates the user");
    let caller = Caller::local_admin();
    let describe = async |name: &str| {
        client
            .describe_users()
            .user_name(name)
            .send()
            .await
            .expect("DescribeUsers")
            .users
            .unwrap_or_default()
            .remove(0)
    };

    // Access string and two passwords.
    let mut form = ssr::load(&state, "form-check").await.unwrap().to_form();
    form.access_string = "on ~app:* -@all +@read".into();
    form.password_1 = PW_A.into();
    form.password_2 = PW_B.into();
    let outcome = ssr::apply(&state, &caller, &form)
        .await
        .expect("moto accepts the update");
    assert_eq!(
        outcome.after.value("access_string"),
        Some("on ~app:* -@all +@read")
    );
    assert_eq!(outcome.after.value("password_count"), Some("2"));
    // moto applies at once: `active`, so no "applying" notice.
    assert_eq!(outcome.after.value("status"), Some("active"));
    assert_eq!(outcome.notice, None);
    let user = describe("form-check").await;
    assert_eq!(user.access_string(), Some("on ~app:* -@all +@read"));
    let auth = user.authentication().expect("Authentication");
    assert_eq!(auth.r#type(), Some(&AuthenticationType::Password));
    assert_eq!(auth.password_count(), Some(2));

    // Then to IAM, keeping the access string.
    let mut form = ssr::load(&state, "form-check").await.unwrap().to_form();
    form.authentication_type = "iam".into();
    ssr::apply(&state, &caller, &form)
        .await
        .expect("moto switches to IAM");
    let user = describe("form-check").await;
    assert_eq!(
        user.authentication().and_then(|a| a.r#type()),
        Some(&AuthenticationType::Iam)
    );
    assert_eq!(user.access_string(), Some("on ~app:* -@all +@read"));
}
