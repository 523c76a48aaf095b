//! FinSpace kdb user edits against a real sandbox: the SDK functions (`sdk`), the plain
//! functions the server functions run (`user::ssr`), the no-JavaScript post through the router,
//! the client-token idempotency of `UpdateKxUser`, and how each AWS error shape is mapped.
#![cfg(feature = "ssr")]

use crate::common::{TestApp, field_error};
use app::error::AppError;
use app::services::finspace::model::{
    ClientToken, EnvironmentId, FinspaceUserForm, FinspaceUserRecord, FinspaceUserUpdate,
    KxUserName,
};
use app::services::finspace::sdk;
use app::services::finspace::user::{UpdateFinspaceUser, ssr};
use axum::http::{StatusCode, header};

const ENVIRONMENT: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const ANALYST: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";
const READONLY: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";
const QUANT: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-quant";
const SERVICE_NAME: &str = "Amazon FinSpace (kdb)";

/// The user as `sdk::get_user` reads it.
async fn read(app: &TestApp, user: &str) -> Result<FinspaceUserRecord, AppError> {
    sdk::get_user(&app.state.clients.finspace, &env_id(), &user_name(user)).await
}

/// `form` sent by `sdk::update_user`.
async fn update(app: &TestApp, form: &FinspaceUserForm) -> Result<FinspaceUserRecord, AppError> {
    let update = FinspaceUserUpdate::try_from(form).expect("the test's form is valid");
    sdk::update_user(&app.state.clients.finspace, &update).await
}

/// What the server function runs for a submitted form.
async fn submit(app: &TestApp, form: &FinspaceUserForm) -> Result<app::forms::Outcome, AppError> {
    ssr::apply(&app.state, &app.caller, form).await
}

/// The user's form as a page load prefills it (with a fresh token), role replaced.
async fn prefilled(app: &TestApp, user: &str, iam_role: &str) -> FinspaceUserForm {
    let page = ssr::load(&app.state, ENVIRONMENT, user)
        .await
        .expect("seeded user");
    FinspaceUserForm {
        iam_role: iam_role.to_owned(),
        ..page.form
    }
}

/// Submits a role change that the sandbox answers with `error`; the user must be untouched.
async fn failed_update(app: &TestApp, user: &str, error: &str, times: Option<u32>) -> AppError {
    let before = read(app, user).await.expect("seeded user");
    let form = prefilled(app, user, READONLY).await;
    app.fault("finspace", Some("UpdateKxUser"), user, error, times);
    let mapped = update(app, &form).await.expect_err(error);
    app.clear_faults();
    assert_eq!(
        read(app, user).await.expect("still there"),
        before,
        "{error}"
    );
    mapped
}

/// What `UpdateKxUser` answers when someone else changed the user, or the token was reused.
const CONFLICT: &str = "User aokafor in kdb environment eqr4k7m2xw9t5pbn3hj6ca was changed by someone else, or the change conflicts with its current state: reload and try again.";

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
        let user = read(&app, name).await.expect("seeded");
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
    let before = read(&app, "gchen").await.expect("seeded");
    assert_ne!(before.iam_role, READONLY);

    let after = update(&app, &prefilled(&app, "gchen", READONLY).await)
        .await
        .expect("updated");
    assert_eq!(
        after,
        FinspaceUserRecord {
            iam_role: READONLY.to_owned(),
            ..before.clone()
        }
    );
    assert_eq!(read(&app, "gchen").await.expect("readable"), after);
}

#[tokio::test]
async fn a_double_submit_with_one_token_is_applied_once() {
    let app = TestApp::spawn().await;
    let first = prefilled(&app, "aokafor", READONLY).await;
    let applied = update(&app, &first).await.expect("first submit");
    assert_eq!(applied.iam_role, READONLY);
    // The same form again (a double click, a resubmitted POST): the first answer, no error.
    assert_eq!(update(&app, &first).await.expect("second submit"), applied);

    // Someone else changes the role with their own form …
    let other = prefilled(&app, "aokafor", QUANT).await;
    assert_ne!(other.client_token, first.client_token);
    assert_eq!(
        update(&app, &other).await.expect("other submit").iam_role,
        QUANT
    );
    // … and a late third copy of the first submit is answered, not applied over theirs.
    assert_eq!(update(&app, &first).await.expect("late resubmit"), applied);
    assert_eq!(
        read(&app, "aokafor").await.expect("readable").iam_role,
        QUANT
    );
}

#[tokio::test]
async fn a_token_reused_for_another_request_is_a_conflict() {
    let app = TestApp::spawn().await;
    let first = prefilled(&app, "aokafor", READONLY).await;
    update(&app, &first).await.expect("first submit");
    let reused = FinspaceUserForm {
        iam_role: ANALYST.to_owned(),
        ..first.clone()
    };
    let error = update(&app, &reused).await.expect_err("token reuse");
    assert_eq!(error, AppError::Conflict(CONFLICT.into()));
    assert_eq!(
        read(&app, "aokafor").await.expect("readable").iam_role,
        READONLY
    );

    // Reloading gives a fresh token, and the change goes through.
    let reloaded = prefilled(&app, "aokafor", ANALYST).await;
    assert_eq!(
        update(&app, &reloaded).await.expect("fresh token").iam_role,
        ANALYST
    );
}

#[tokio::test]
async fn a_missing_user_or_environment_is_not_found() {
    let app = TestApp::spawn().await;
    assert_eq!(
        read(&app, "nobody").await,
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
    assert_eq!(
        update(&app, &form).await,
        Err(AppError::NotFound {
            what: "User aokafor in kdb environment nosuchenvironment".into()
        })
    );
    let form = FinspaceUserForm {
        environment_id: ENVIRONMENT.into(),
        user_name: "nobody".into(),
        ..form
    };
    assert!(matches!(
        update(&app, &form).await,
        Err(AppError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_user_deleted_meanwhile_is_not_found() {
    let app = TestApp::spawn().await;
    assert_eq!(
        failed_update(&app, "gchen", "ResourceNotFoundException", Some(1)).await,
        AppError::NotFound {
            what: "User gchen in kdb environment eqr4k7m2xw9t5pbn3hj6ca".into()
        }
    );
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_says_to_wait() {
    let app = TestApp::spawn().await;
    assert_eq!(
        failed_update(&app, "q-gateway-svc", "ThrottlingException", None).await,
        AppError::Throttled {
            service: SERVICE_NAME.into()
        }
    );
}

#[tokio::test]
async fn throttling_within_the_retries_goes_unnoticed() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, "q-gateway-svc", READONLY).await;
    // The SDK makes 3 attempts: two throttled answers are absorbed.
    app.fault(
        "finspace",
        Some("UpdateKxUser"),
        "q-gateway-svc",
        "ThrottlingException",
        Some(2),
    );
    assert_eq!(
        update(&app, &form).await.expect("third attempt").iam_role,
        READONLY
    );
}

#[tokio::test]
async fn access_denied_names_the_iam_action() {
    let app = TestApp::spawn().await;
    assert_eq!(
        failed_update(&app, "aokafor", "AccessDeniedException", Some(1)).await,
        AppError::AccessDenied {
            action: "finspace:UpdateKxUser".into()
        }
    );
    app.fault(
        "finspace",
        Some("GetKxUser"),
        "aokafor",
        "AccessDeniedException",
        Some(1),
    );
    assert_eq!(
        read(&app, "aokafor").await,
        Err(AppError::AccessDenied {
            action: "finspace:GetKxUser".into()
        })
    );
}

#[tokio::test]
async fn a_conflicting_operation_says_to_reload() {
    let app = TestApp::spawn().await;
    assert_eq!(
        failed_update(&app, "aokafor", "ConflictException", Some(1)).await,
        AppError::Conflict(CONFLICT.into())
    );
}

#[tokio::test]
async fn validation_by_the_service_passes_its_message_on() {
    let app = TestApp::spawn().await;
    assert_eq!(
        failed_update(&app, "gchen", "ValidationException", Some(1)).await,
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
        failed_update(&app, "gchen", "LimitExceededException", None).await,
        AppError::Rejected {
            service: SERVICE_NAME.into(),
            message: "A service limit or quota is exceeded.".into()
        }
    );
}

#[tokio::test]
async fn a_server_error_that_outlasts_the_retries_is_unavailable() {
    let app = TestApp::spawn().await;
    let error = failed_update(&app, "gchen", "InternalServerException", None).await;
    assert!(
        matches!(&error, AppError::Unavailable { service, .. } if service == SERVICE_NAME),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_failed_submit_can_be_retried_with_its_token() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, "gchen", READONLY).await;
    app.fault(
        "finspace",
        Some("UpdateKxUser"),
        "gchen",
        "ConflictException",
        Some(1),
    );
    assert!(matches!(
        update(&app, &form).await,
        Err(AppError::Conflict(_))
    ));
    // The form kept its token; a failed call does not bind it (the sandbox remembers only
    // successful calls, as a retried AWS request expects), so the retry applies.
    assert_eq!(update(&app, &form).await.expect("retry").iam_role, READONLY);
}

// ---- the server functions' plain functions (`user::ssr`) ------------------------------------

#[tokio::test]
async fn the_page_loads_the_record_the_environment_and_a_fresh_token() {
    let app = TestApp::spawn().await;
    let page = ssr::load(&app.state, ENVIRONMENT, "q-gateway-svc")
        .await
        .expect("seeded");
    assert_eq!(page.environment_name, "equities-research");
    assert_eq!(page.record.user_name, "q-gateway-svc");
    assert_eq!(page.form.iam_role, page.record.iam_role);
    assert!(ClientToken::parse(&page.form.client_token).is_ok());
    let again = ssr::load(&app.state, ENVIRONMENT, "q-gateway-svc")
        .await
        .expect("seeded");
    assert_ne!(again.form.client_token, page.form.client_token);
}

#[tokio::test]
async fn a_deep_link_to_nothing_is_refused_or_not_found() {
    let app = TestApp::spawn().await;
    assert!(matches!(
        ssr::load(&app.state, "not-an-id", "aokafor").await,
        Err(AppError::Invalid(errors)) if errors[0].field == "environment_id"
    ));
    assert!(matches!(
        ssr::load(&app.state, ENVIRONMENT, "no.dots").await,
        Err(AppError::Invalid(errors)) if errors[0].field == "user_name"
    ));
    // Whichever of the two concurrent reads answers first names the missing environment.
    assert!(matches!(
        ssr::load(&app.state, "nosuchenv", "aokafor").await,
        Err(AppError::NotFound { what }) if what == "User aokafor in kdb environment nosuchenv"
            || what == "Kdb environment nosuchenv"
    ));
    assert!(matches!(
        ssr::load(&app.state, ENVIRONMENT, "nobody").await,
        Err(AppError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_submit_shows_the_record_aws_returned_with_the_role_changed() {
    let app = TestApp::spawn().await;
    let before = read(&app, "aokafor").await.expect("seeded");
    let outcome = submit(&app, &prefilled(&app, "aokafor", READONLY).await)
        .await
        .expect("saved");
    assert_eq!(outcome.changes.len(), 1);
    assert_eq!(outcome.changes[0].before, before.iam_role);
    assert_eq!(outcome.changes[0].after, READONLY);
    assert_eq!(outcome.changed_keys(), ["iam_role"]);
    for (key, value) in [
        ("user_name", "aokafor"),
        ("environment_id", ENVIRONMENT),
        ("iam_role", READONLY),
        ("user_arn", before.user_arn.as_str()),
    ] {
        assert_eq!(outcome.after.value(key), Some(value), "{key}");
    }
    assert_eq!(
        read(&app, "aokafor").await.expect("readable").iam_role,
        READONLY
    );
}

/// Spoils one field of a valid form.
type Breaker = fn(&mut FinspaceUserForm);

#[tokio::test]
async fn invalid_input_is_refused_before_any_aws_call() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, "gchen", READONLY).await;
    // Every call about gchen would fail loudly if one were made.
    app.fault("finspace", None, "gchen", "InternalServerException", None);
    let cases: [(&str, Breaker); 6] = [
        ("iam_role", |f| f.iam_role = String::new()),
        ("iam_role", |f| {
            f.iam_role = "arn:aws:iam::12345:role/x".into()
        }),
        ("iam_role", |f| {
            f.iam_role = "arn:aws:iam::123456789012:user/gchen".into()
        }),
        ("iam_role", |f| {
            f.iam_role = format!("arn:aws:iam::123456789012:role/{}", "r".repeat(2048))
        }),
        ("environment_id", |f| f.environment_id = "eqr4-k7m2".into()),
        ("client_token", |f| f.client_token = " ".into()),
    ];
    for (field, break_it) in cases {
        let mut bad = form.clone();
        break_it(&mut bad);
        match submit(&app, &bad).await {
            Err(AppError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1, "{errors:?}");
                assert_eq!(errors[0].field, field);
            }
            other => panic!("{field}: expected a field error, got {other:?}"),
        }
    }
    app.clear_faults();
    assert_ne!(
        read(&app, "gchen").await.expect("readable").iam_role,
        READONLY
    );
}

#[tokio::test]
async fn an_unchanged_form_sends_nothing() {
    let app = TestApp::spawn().await;
    let page = ssr::load(&app.state, ENVIRONMENT, "gchen")
        .await
        .expect("seeded");
    // If an update reached AWS this fault would answer.
    app.fault(
        "finspace",
        Some("UpdateKxUser"),
        "gchen",
        "AccessDeniedException",
        None,
    );
    let outcome = submit(&app, &page.form).await.expect("nothing to do");
    assert!(outcome.changes.is_empty());
    assert_eq!(outcome.notice.as_deref(), Some(app::forms::NOTHING_CHANGED));
}

#[tokio::test]
async fn a_double_submit_of_one_form_is_applied_once() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, "aokafor", QUANT).await;
    // Both posts in flight at once (a double click): both read the old role, both send
    // UpdateKxUser with the same token; FinSpace applies the first and answers the second
    // with the first's result.
    let (first, second) = tokio::join!(submit(&app, &form), submit(&app, &form));
    let (first, second) = (first.expect("first"), second.expect("second"));
    assert_eq!(first.after, second.after);
    assert_eq!(first.after.value("iam_role"), Some(QUANT));
    // A late copy, after someone else's change, does not overwrite it.
    let other = prefilled(&app, "aokafor", READONLY).await;
    submit(&app, &other).await.expect("someone else's change");
    submit(&app, &form)
        .await
        .expect("the late copy is answered");
    assert_eq!(
        read(&app, "aokafor").await.expect("readable").iam_role,
        READONLY
    );
}

#[tokio::test]
async fn a_token_reused_with_another_role_is_refused() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, "aokafor", QUANT).await;
    submit(&app, &form).await.expect("saved");
    let reused = FinspaceUserForm {
        iam_role: ANALYST.into(),
        ..form
    };
    assert_eq!(
        submit(&app, &reused).await,
        Err(AppError::Conflict(CONFLICT.into()))
    );
    assert_eq!(
        read(&app, "aokafor").await.expect("readable").iam_role,
        QUANT
    );
}

// ---- the whole router, as a browser without JavaScript drives it -----------------------------

/// The first opening tag of `html` holding `attribute`.
fn opening_tag<'a>(html: &'a str, attribute: &str) -> &'a str {
    let at = html.find(attribute).expect("the attribute is in the page");
    let start = html[..at].rfind('<').expect("inside a tag");
    let end = at + html[at..].find('>').expect("the tag ends");
    &html[start..=end]
}

#[tokio::test]
async fn without_javascript_the_page_posts_and_shows_the_result_or_the_error() {
    let app = TestApp::spawn().await;
    let page = format!("/finspace/environments/{ENVIRONMENT}/users/gchen");

    let (status, headers, html) = app.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(html.contains("AWS ended support for Amazon FinSpace on 2026-10-07"));
    assert!(html.contains("equities-research"));
    assert!(html.contains(r#"name="form[client_token]""#), "{html}");
    assert!(html.contains(r#"name="form[iam_role]""#));
    let action = <UpdateFinspaceUser as server_fn::ServerFn>::PATH;
    assert!(html.contains(&format!(r#"action="{action}""#)));

    // A valid post: redirected to the page, which shows the record AWS returned.
    let form = prefilled(&app, "gchen", READONLY).await;
    let (status, headers, _) = app.post_form(action, &page, &form).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        location.starts_with(&format!("{page}?result=")),
        "{location}"
    );
    let (_, _, html) = app.get(&location).await;
    assert!(html.contains("The record AWS returned"), "{html}");
    assert!(html.contains(READONLY));
    assert!(
        opening_tag(&html, r#"data-key="iam_role""#).contains("changed"),
        "the new role is highlighted: {html}"
    );

    // An invalid post: back to the page with the typed value and the error next to the field.
    let typed = "arn:aws:iam::123456789012:role/has space";
    let bad = FinspaceUserForm {
        iam_role: typed.into(),
        ..prefilled(&app, "gchen", READONLY).await
    };
    let (status, headers, _) = app.post_form(action, &page, &bad).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        location.starts_with(&format!("{page}?draft=")),
        "{location}"
    );
    let (_, _, html) = app.get(&location).await;
    assert!(html.contains(&format!(r#"value="{typed}""#)), "{html}");
    assert_eq!(
        field_error(&html, "iam_role").as_deref(),
        Some("IAM role name may contain only letters, digits and + = , . @ - _ /"),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#));
    assert_eq!(
        read(&app, "gchen").await.expect("readable").iam_role,
        READONLY
    );
}
