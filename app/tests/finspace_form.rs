//! FinSpace kdb user edits against a real sandbox: the SDK functions the server functions call,
//! the client-token idempotency of `UpdateKxUser`, and how each AWS error shape is mapped.
#![cfg(feature = "ssr")]

use std::collections::HashMap;

use app::error::AppError;
use app::server::AppState;
use app::server::config::Config;
use app::services::finspace::model::{
    ClientToken, EnvironmentId, FinspaceUserForm, FinspaceUserRecord, FinspaceUserUpdate,
    KxUserName,
};
use app::services::finspace::sdk;

const ENVIRONMENT: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const ANALYST: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";
const READONLY: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";
const QUANT: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-quant";
const SERVICE_NAME: &str = "Amazon FinSpace (kdb)";

/// A sandbox and the dashboard's state pointed at it.
struct TestApp {
    sandbox: sandbox::RunningSandbox,
    state: AppState,
}

impl TestApp {
    async fn spawn() -> TestApp {
        let sandbox = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
            .await
            .expect("sandbox starts");
        let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
        let state = AppState::build(config, Some(sandbox.endpoint_url())).await;
        TestApp { sandbox, state }
    }

    fn client(&self) -> &aws_sdk_finspace::Client {
        &self.state.clients.finspace
    }

    async fn get(&self, user: &str) -> Result<FinspaceUserRecord, AppError> {
        sdk::get_user(self.client(), &env_id(), &user_name(user)).await
    }

    async fn update(&self, form: &FinspaceUserForm) -> Result<FinspaceUserRecord, AppError> {
        let update = FinspaceUserUpdate::try_from(form).expect("the test's form is valid");
        sdk::update_user(self.client(), &update).await
    }

    /// The user's form as a page load would prefill it (with a fresh token), role replaced.
    async fn form(&self, user: &str, iam_role: &str) -> FinspaceUserForm {
        FinspaceUserForm {
            iam_role: iam_role.to_owned(),
            ..self.get(user).await.expect("seeded user").to_form()
        }
    }

    fn fault(&self, operation: &str, user: &str, error: &str, times: Option<u32>) {
        self.sandbox.state.add_fault(sandbox::Fault {
            service: "finspace".into(),
            operation: Some(operation.into()),
            target: user.into(),
            error: error.into(),
            times,
        });
    }

    /// Submits a role change that the sandbox answers with `error`; the user must be untouched.
    async fn failed_update(&self, user: &str, error: &str, times: Option<u32>) -> AppError {
        let before = self.get(user).await.expect("seeded user");
        let form = self.form(user, READONLY).await;
        self.fault("UpdateKxUser", user, error, times);
        let mapped = self.update(&form).await.expect_err(error);
        self.sandbox.state.clear_faults();
        assert_eq!(
            self.get(user).await.expect("still there"),
            before,
            "{error}"
        );
        mapped
    }
}

fn env_id() -> EnvironmentId {
    EnvironmentId::parse(ENVIRONMENT).expect("seeded environment id")
}

fn user_name(name: &str) -> KxUserName {
    KxUserName::parse(name).expect("valid user name")
}

#[tokio::test]
async fn get_user_reads_a_seeded_user() {
    let app = TestApp::spawn().await;
    for name in ["aokafor", "gchen", "q-gateway-svc"] {
        let user = app.get(name).await.expect("seeded");
        assert_eq!(user.user_name, name);
        assert_eq!(user.environment_id, ENVIRONMENT);
        assert!(
            user.user_arn.ends_with(&format!("/kxUser/{name}")),
            "{user:?}"
        );
        assert!(user.iam_role.starts_with("arn:aws:iam::123456789012:role/"));
    }
}

#[tokio::test]
async fn update_returns_the_new_role_and_a_fresh_read_agrees() {
    let app = TestApp::spawn().await;
    let before = app.get("gchen").await.expect("seeded");
    assert_ne!(before.iam_role, READONLY);

    let after = app
        .update(&app.form("gchen", READONLY).await)
        .await
        .expect("updated");
    assert_eq!(
        after,
        FinspaceUserRecord {
            iam_role: READONLY.to_owned(),
            ..before.clone()
        }
    );
    assert_eq!(app.get("gchen").await.expect("readable"), after);
}

#[tokio::test]
async fn a_double_submit_with_one_token_is_applied_once() {
    let app = TestApp::spawn().await;
    let first = app.form("aokafor", READONLY).await;
    let applied = app.update(&first).await.expect("first submit");
    assert_eq!(applied.iam_role, READONLY);
    // The same form again (a double click, a resubmitted POST): the first answer, no error.
    assert_eq!(app.update(&first).await.expect("second submit"), applied);

    // Someone else changes the role with their own form …
    let other = app.form("aokafor", QUANT).await;
    assert_ne!(other.client_token, first.client_token);
    assert_eq!(
        app.update(&other).await.expect("other submit").iam_role,
        QUANT
    );
    // … and a late third copy of the first submit is answered, not applied over theirs.
    assert_eq!(app.update(&first).await.expect("late resubmit"), applied);
    assert_eq!(app.get("aokafor").await.expect("readable").iam_role, QUANT);
}

#[tokio::test]
async fn a_token_reused_for_another_request_is_a_conflict() {
    let app = TestApp::spawn().await;
    let first = app.form("aokafor", READONLY).await;
    app.update(&first).await.expect("first submit");
    let reused = FinspaceUserForm {
        iam_role: ANALYST.to_owned(),
        ..first.clone()
    };
    let error = app.update(&reused).await.expect_err("token reuse");
    assert_eq!(
        error,
        AppError::Conflict(
            "User aokafor in kdb environment eqr4k7m2xw9t5pbn3hj6ca was changed by someone else, or the change conflicts with its current state: reload and try again.".into()
        )
    );
    assert_eq!(
        app.get("aokafor").await.expect("readable").iam_role,
        READONLY
    );

    // Reloading gives a fresh token, and the change goes through.
    let reloaded = app.form("aokafor", ANALYST).await;
    assert_eq!(
        app.update(&reloaded).await.expect("fresh token").iam_role,
        ANALYST
    );
}

#[tokio::test]
async fn a_missing_user_or_environment_is_not_found() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("nobody").await,
        Err(AppError::NotFound {
            what: "User nobody in kdb environment eqr4k7m2xw9t5pbn3hj6ca".into()
        })
    );
    let form = FinspaceUserForm {
        environment_id: "nosuchenvironment".into(),
        user_name: "aokafor".into(),
        iam_role: READONLY.into(),
        client_token: ClientToken::generate().as_str().to_owned(),
    };
    assert!(matches!(
        app.update(&form).await,
        Err(AppError::NotFound { what }) if what.contains("nosuchenvironment")
    ));
    let form = FinspaceUserForm {
        environment_id: ENVIRONMENT.into(),
        user_name: "nobody".into(),
        ..form
    };
    assert!(matches!(
        app.update(&form).await,
        Err(AppError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_user_deleted_meanwhile_is_not_found() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.failed_update("gchen", "ResourceNotFoundException", Some(1))
            .await,
        AppError::NotFound {
            what: "User gchen in kdb environment eqr4k7m2xw9t5pbn3hj6ca".into()
        }
    );
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_says_to_wait() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.failed_update("q-gateway-svc", "ThrottlingException", None)
            .await,
        AppError::Throttled {
            service: SERVICE_NAME.into()
        }
    );
}

#[tokio::test]
async fn throttling_within_the_retries_goes_unnoticed() {
    let app = TestApp::spawn().await;
    let form = app.form("q-gateway-svc", READONLY).await;
    // The SDK makes 3 attempts: two throttled answers are absorbed.
    app.fault(
        "UpdateKxUser",
        "q-gateway-svc",
        "ThrottlingException",
        Some(2),
    );
    assert_eq!(
        app.update(&form).await.expect("third attempt").iam_role,
        READONLY
    );
}

#[tokio::test]
async fn access_denied_names_the_iam_action() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.failed_update("aokafor", "AccessDeniedException", Some(1))
            .await,
        AppError::AccessDenied {
            action: "finspace:UpdateKxUser".into()
        }
    );
    app.fault("GetKxUser", "aokafor", "AccessDeniedException", Some(1));
    assert_eq!(
        app.get("aokafor").await,
        Err(AppError::AccessDenied {
            action: "finspace:GetKxUser".into()
        })
    );
}

#[tokio::test]
async fn a_conflicting_operation_says_to_reload() {
    let app = TestApp::spawn().await;
    assert!(matches!(
        app.failed_update("aokafor", "ConflictException", Some(1)).await,
        AppError::Conflict(message) if message.contains("reload and try again")
    ));
}

#[tokio::test]
async fn validation_by_the_service_passes_its_message_on() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.failed_update("gchen", "ValidationException", Some(1))
            .await,
        AppError::Rejected {
            service: SERVICE_NAME.into(),
            message: "The input fails to satisfy the constraints.".into()
        }
    );
}

#[tokio::test]
async fn a_limit_exceeded_is_rejected_with_aws_reason() {
    let app = TestApp::spawn().await;
    // The SDK retries `LimitExceededException` as a throttling error: only a lasting one shows.
    assert_eq!(
        app.failed_update("gchen", "LimitExceededException", None)
            .await,
        AppError::Rejected {
            service: SERVICE_NAME.into(),
            message: "A service limit or quota is exceeded.".into()
        }
    );
}

#[tokio::test]
async fn a_server_error_that_outlasts_the_retries_is_unavailable() {
    let app = TestApp::spawn().await;
    let error = app
        .failed_update("gchen", "InternalServerException", None)
        .await;
    assert!(
        matches!(&error, AppError::Unavailable { service, .. } if service == SERVICE_NAME),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_failed_submit_can_be_retried_with_its_token() {
    let app = TestApp::spawn().await;
    let form = app.form("gchen", READONLY).await;
    app.fault("UpdateKxUser", "gchen", "ConflictException", Some(1));
    assert!(matches!(
        app.update(&form).await,
        Err(AppError::Conflict(_))
    ));
    // The form kept its token; a failed call does not bind it (the sandbox remembers only
    // successful calls, as a retried AWS request expects), so the retry applies.
    assert_eq!(app.update(&form).await.expect("retry").iam_role, READONLY);
}
