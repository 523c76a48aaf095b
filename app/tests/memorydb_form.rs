//! The MemoryDB user edit end to end below the page: `sdk::get_user` / `sdk::update_user`
//! through the real `aws-sdk-memorydb` client against a sandbox, every mapped AWS error by
//! fault injection, and that no password reaches the log.
#![cfg(feature = "ssr")]
#![expect(clippy::unwrap_used, reason = "in a test a failed unwrap is the failure report")]

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::error::AppError;
use app::server::AppState;
use app::server::config::Config;
use app::services::memorydb::model::{
    MemoryDbUserForm, MemoryDbUserRecord, MemoryDbUserUpdate, UserName,
};
use app::services::memorydb::sdk;

const PW_A: &str = "first-password-0123456789";
const PW_B: &str = "second-password-0123456789";

/// A sandbox of its own and the dashboard's state pointed at it.
struct TestApp {
    state: AppState,
    sandbox: sandbox::RunningSandbox,
}

impl TestApp {
    async fn spawn() -> TestApp {
        // Short enough to wait out in a test, long enough to observe `modifying`.
        TestApp::spawn_with_settle(Duration::from_millis(400)).await
    }

    async fn spawn_with_settle(settle: Duration) -> TestApp {
        let options = sandbox::Options {
            memorydb_settle: settle,
        };
        let sandbox = sandbox::spawn(([127, 0, 0, 1], 0).into(), options)
            .await
            .expect("sandbox starts");
        let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
        let state = AppState::build(config, Some(sandbox.endpoint_url())).await;
        TestApp { state, sandbox }
    }

    fn client(&self) -> &aws_sdk_memorydb::Client {
        &self.state.clients.memorydb
    }

    async fn get(&self, name: &str) -> Result<MemoryDbUserRecord, AppError> {
        sdk::get_user(self.client(), &UserName::parse(name).expect("a valid name")).await
    }

    /// The user's form as the page prefills it, changed by `edit`, submitted.
    async fn update(
        &self,
        name: &str,
        edit: impl FnOnce(&mut MemoryDbUserForm),
    ) -> Result<MemoryDbUserRecord, AppError> {
        let mut form = self.get(name).await.expect("the user exists").to_form();
        edit(&mut form);
        let update = MemoryDbUserUpdate::try_from(&form).expect("the form is valid");
        sdk::update_user(self.client(), &update).await
    }

    /// Makes `UpdateUser` of `user` answer `error`, `times` times (`None`: until cleared).
    fn fault(&self, user: &str, error: &str, times: Option<u32>) {
        self.sandbox.state.add_fault(sandbox::Fault {
            service: "memorydb".into(),
            operation: Some("UpdateUser".into()),
            target: user.into(),
            error: error.into(),
            times,
        });
    }
}

fn new_access(form: &mut MemoryDbUserForm) {
    form.access_string = "on ~orders:* -@all +@read".into();
}

#[tokio::test]
async fn get_user_reads_the_seeded_users() {
    let app = TestApp::spawn().await;
    let one = app.get("app-orders").await.unwrap();
    assert_eq!(one.authentication_type, "password");
    assert_eq!(one.password_count, Some(1));
    assert_eq!(one.acl_names, ["orders-prod"]);
    assert_eq!(
        one.arn,
        "arn:aws:memorydb:us-east-1:123456789012:user/app-orders"
    );
    assert_eq!(
        app.get("app-orders-rotating").await.unwrap().password_count,
        Some(2)
    );
    let iam = app.get("svc-search-indexer").await.unwrap();
    assert_eq!(iam.authentication_type, "iam");
    assert_eq!(iam.minimum_engine_version, "7.0");
    let default = app.get("default").await.unwrap();
    assert!(default.read_only_reason().is_some());
    assert_eq!(
        app.get("no-such-user").await,
        Err(AppError::NotFound {
            what: "User no-such-user".into()
        })
    );
}

#[tokio::test]
async fn an_access_string_change_keeps_the_passwords() {
    let app = TestApp::spawn().await;
    let updated = app.update("app-orders", new_access).await.unwrap();
    assert_eq!(updated.access_string, "on ~orders:* -@all +@read");
    assert_eq!(updated.authentication_type, "password");
    assert_eq!(updated.password_count, Some(1), "passwords untouched");
    assert_eq!(
        updated.status, "modifying",
        "AWS answers the user mid-change"
    );
    let fresh = app.get("app-orders").await.unwrap();
    assert_eq!(fresh.access_string, updated.access_string);
    assert_eq!(fresh.password_count, Some(1));
}

#[tokio::test]
async fn two_passwords_replace_the_set_and_one_replaces_two() {
    let app = TestApp::spawn().await;
    let updated = app
        .update("app-orders", |f| {
            f.password_1 = PW_A.into();
            f.password_2 = PW_B.into();
        })
        .await
        .unwrap();
    assert_eq!(updated.password_count, Some(2));
    assert_eq!(app.get("app-orders").await.unwrap().password_count, Some(2));

    let rotated = app
        .update("app-orders-rotating", |f| f.password_1 = PW_B.into())
        .await
        .unwrap();
    assert_eq!(rotated.password_count, Some(1));
    assert_eq!(
        app.get("app-orders-rotating").await.unwrap().password_count,
        Some(1)
    );
}

#[tokio::test]
async fn authentication_switches_both_ways() {
    let app = TestApp::spawn().await;
    let to_iam = app
        .update("app-reader", |f| f.authentication_type = "iam".into())
        .await
        .unwrap();
    assert_eq!(to_iam.authentication_type, "iam");
    assert_eq!(to_iam.password_count, None);
    assert_eq!(
        app.get("app-reader").await.unwrap().authentication_type,
        "iam"
    );

    let to_password = app
        .update("svc-search-indexer", |f| {
            f.authentication_type = "password".into();
            f.password_1 = PW_A.into();
        })
        .await
        .unwrap();
    assert_eq!(to_password.authentication_type, "password");
    assert_eq!(to_password.password_count, Some(1));
    let fresh = app.get("svc-search-indexer").await.unwrap();
    assert_eq!(
        (fresh.authentication_type.as_str(), fresh.password_count),
        ("password", Some(1))
    );
}

#[tokio::test]
async fn a_user_still_modifying_says_so_and_a_retry_later_works() {
    let app = TestApp::spawn_with_settle(Duration::from_millis(600)).await;
    app.update("app-orders", new_access).await.unwrap();
    let err = app
        .update("app-orders", |f| {
            f.access_string = "on ~orders:* +@all".into()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::InvalidState(_)), "{err:?}");
    assert!(err.to_string().contains("still applying"), "{err}");
    assert!(err.is_retryable(), "the page offers a retry");

    tokio::time::sleep(Duration::from_millis(700)).await;
    let retried = app
        .update("app-orders", |f| {
            f.access_string = "on ~orders:* +@all".into()
        })
        .await
        .unwrap();
    assert_eq!(retried.access_string, "on ~orders:* +@all");
}

#[tokio::test]
async fn the_default_user_is_refused_by_the_service() {
    let app = TestApp::spawn().await;
    let err = app
        .update("default", |f| {
            f.authentication_type = "password".into();
            f.current_authentication_type = "password".into();
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Rejected { message, .. } if message.contains("default user")),
        "{err:?}"
    );
}

#[tokio::test]
async fn acl_syntax_is_left_to_the_service_and_its_message_shown() {
    let app = TestApp::spawn().await;
    let err = app
        .update("app-orders", |f| f.access_string = "on everything".into())
        .await
        .unwrap_err();
    match err {
        AppError::Rejected { service, message } => {
            assert_eq!(service, "Amazon MemoryDB");
            assert!(message.contains("Access string is invalid"), "{message}");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(
        app.get("app-orders").await.unwrap().access_string,
        "on ~orders:* &* +@all -@dangerous",
        "nothing changed"
    );
}

#[tokio::test]
async fn each_aws_error_shape_maps_to_what_to_do() {
    let app = TestApp::spawn().await;
    let user = "app-orders";

    app.fault(user, "UserNotFoundFault", Some(1));
    assert_eq!(
        app.update(user, new_access).await,
        Err(AppError::NotFound {
            what: "User app-orders".into()
        })
    );

    // The SDK retries throttling (3 attempts): the fault must outlast them.
    app.fault(user, "ThrottlingException", None);
    assert_eq!(
        app.update(user, new_access).await,
        Err(AppError::Throttled {
            service: "Amazon MemoryDB".into()
        })
    );
    app.sandbox.state.clear_faults();

    app.fault(user, "AccessDeniedException", Some(1));
    let err = app.update(user, new_access).await.unwrap_err();
    assert_eq!(
        err,
        AppError::AccessDenied {
            action: "memorydb:UpdateUser".into()
        }
    );
    assert!(err.to_string().contains("memorydb:UpdateUser"));

    app.fault(user, "ConflictException", Some(1));
    assert!(matches!(
        app.update(user, new_access).await,
        Err(AppError::Conflict(_))
    ));

    app.fault(user, "InvalidUserStateFault", Some(1));
    assert!(matches!(
        app.update(user, new_access).await,
        Err(AppError::InvalidState(_))
    ));

    for shape in [
        "InvalidParameterValueException",
        "InvalidParameterCombinationException",
    ] {
        app.fault(user, shape, Some(1));
        assert!(
            matches!(
                app.update(user, new_access).await,
                Err(AppError::Rejected { .. })
            ),
            "{shape}"
        );
    }

    app.fault(user, "InternalServerError", None);
    assert!(matches!(
        app.update(user, new_access).await,
        Err(AppError::Unavailable { .. })
    ));
    app.sandbox.state.clear_faults();

    // None of the failures changed the user; the first real update goes through.
    assert_eq!(
        app.update(user, new_access).await.unwrap().access_string,
        "on ~orders:* -@all +@read"
    );
}

#[tokio::test]
async fn an_unreachable_service_is_unavailable() {
    let dead = {
        let s = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
            .await
            .expect("sandbox starts");
        s.endpoint_url()
    };
    let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
    let state = AppState::build(config, Some(dead)).await;
    let name = UserName::parse("app-orders").unwrap();
    assert!(matches!(
        sdk::get_user(&state.clients.memorydb, &name).await,
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
    let app = TestApp::spawn().await;
    let captured = Captured::default();
    let writer = captured.clone();
    // The production default filter (server::telemetry), with userdesk's own code at trace.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info,app=trace,aws_config=warn,aws_smithy_runtime=warn")
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    app.update("app-orders", |f| {
        f.password_1 = PW_A.into();
        f.password_2 = PW_B.into();
    })
    .await
    .unwrap();
    // A failing call logs the whole SDK error once.
    app.fault(
        "app-orders-rotating",
        "InvalidParameterValueException",
        Some(1),
    );
    app.update("app-orders-rotating", |f| f.password_1 = PW_A.into())
        .await
        .unwrap_err();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("AWS call failed"),
        "the log was captured: {log}"
    );
    assert!(log.contains("app-orders"), "spans name the user: {log}");
    assert!(!log.contains(PW_A) && !log.contains(PW_B), "{log}");
}
