//! Identity store user edits against a real sandbox: the SDK functions the server functions
//! call, the attribute operations they send (only what changed, removals for cleared fields),
//! the revision check, and how each AWS error shape is mapped.
#![cfg(feature = "ssr")]

use crate::common::TestApp;
use app::error::AppError;
use app::services::identitystore::model::{
    IdentityStoreUserForm, IdentityStoreUserRecord, IdentityStoreUserUpdate, operations,
};
use app::services::identitystore::sdk;
use app::services::identitystore::user::ssr;

const STORE: &str = "d-9067a1b2c3";
/// amara.okafor: name, email, phone, address, title, locale, photos, website, roles.
const AMARA: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";
const OTHER: &str = "9067a1b2c3-5e41ab08-7439-411e-a18a-02f46d8d86c3";
const MISSING: &str = "9067a1b2c3-00000000-0000-4000-8000-000000000000";
const SERVICE_NAME: &str = "IAM Identity Center";

/// A change to a form, and a check of a mapped error (for the table-driven tests).
type Edit = fn(&mut IdentityStoreUserForm);
type Expected = fn(&AppError) -> bool;

fn client(app: &TestApp) -> &aws_sdk_identitystore::Client {
    // Since the slice registers itself, its clients are one struct: the store's is `store`.
    &app.state.clients.identitystore.store
}

/// The user as `sdk::get_user` reads it.
async fn read(app: &TestApp, user: &str) -> Result<IdentityStoreUserRecord, AppError> {
    sdk::get_user(client(app), STORE, user).await
}

/// What the server function does: read the user, then send the form's difference.
async fn submit(
    app: &TestApp,
    form: &IdentityStoreUserForm,
) -> Result<IdentityStoreUserRecord, AppError> {
    let update = IdentityStoreUserUpdate::try_from(form).expect("the test's form is valid");
    let before = read(app, &form.user_id).await?;
    sdk::update_user(client(app), &before, &update).await
}

/// The user's form as the page prefills it.
async fn prefilled(app: &TestApp, user: &str) -> IdentityStoreUserForm {
    read(app, user).await.expect("seeded user").to_form()
}

/// Submits a title change that the sandbox answers with `error`; the user must be untouched.
async fn failed_update(app: &TestApp, error: &str, times: Option<u32>) -> AppError {
    let before = read(app, AMARA).await.expect("seeded user");
    let mut form = before.to_form();
    form.title = "Principal Engineer".into();
    app.fault("identitystore", Some("UpdateUser"), AMARA, error, times);
    let mapped = submit(app, &form).await.expect_err(error);
    app.clear_faults();
    assert_eq!(
        read(app, AMARA).await.expect("still there"),
        before,
        "{error}"
    );
    mapped
}

/// What the dashboard says when the user named `user_name` changed since the form was read.
fn conflict(user_name: &str) -> AppError {
    AppError::Conflict(format!(
        "User {user_name} was changed by someone else, or the change conflicts with its current state: reload and try again."
    ))
}

#[tokio::test]
async fn get_user_reads_the_seeded_profile() {
    let app = TestApp::spawn().await;
    let amara = read(&app, AMARA).await.expect("amara is seeded");
    assert_eq!(amara.identity_store_id, STORE);
    assert_eq!(amara.user_name, "amara.okafor");
    assert_eq!(amara.status, "ENABLED");
    assert_eq!(amara.display_name.as_deref(), Some("Amara Okafor"));
    assert_eq!(amara.given_name.as_deref(), Some("Amara"));
    assert_eq!(amara.family_name.as_deref(), Some("Okafor"));
    let email = amara.email.as_ref().expect("an email");
    assert_eq!(email.value.as_deref(), Some("amara.okafor@example.com"));
    assert_eq!(
        (email.kind.as_deref(), email.primary),
        (Some("work"), Some(true))
    );
    let address = amara.address.as_ref().expect("an address");
    assert_eq!(address.locality.as_deref(), Some("Seattle"));
    assert!(amara.phone_number.is_some());
    assert!(!amara.revision.is_empty());
    assert!(amara.updated_at.ends_with('Z'), "{}", amara.updated_at);

    let other = read(&app, OTHER).await.expect("the second user is seeded");
    assert_ne!(other.user_name, amara.user_name);
}

#[tokio::test]
async fn an_update_returns_the_new_record_and_a_fresh_read_agrees() {
    let app = TestApp::spawn().await;
    let before = read(&app, AMARA).await.expect("seeded");
    let mut form = before.to_form();
    form.display_name = "Amara N. Okafor".into();
    form.middle_name = "Ngozi".into();
    form.formatted_name = "Amara Ngozi Okafor".into();
    form.title = "Principal Engineer".into();
    form.email = "amara@example.org".into();
    form.locality = "Lagos".into();
    form.formatted_address = "12 Adeola Odeku St\r\n101241 Lagos\r\nNG".into();
    form.timezone = "Africa/Lagos".into();

    let after = submit(&app, &form).await.expect("the update succeeds");
    assert_eq!(after.display_name.as_deref(), Some("Amara N. Okafor"));
    assert_eq!(after.middle_name.as_deref(), Some("Ngozi"));
    assert_eq!(after.formatted_name.as_deref(), Some("Amara Ngozi Okafor"));
    assert_eq!(after.title.as_deref(), Some("Principal Engineer"));
    assert_eq!(after.timezone.as_deref(), Some("Africa/Lagos"));
    let email = after.email.as_ref().expect("an email");
    assert_eq!(email.value.as_deref(), Some("amara@example.org"));
    // The entry is replaced whole, keeping its type and primary flag.
    assert_eq!(
        (email.kind.as_deref(), email.primary),
        (Some("work"), Some(true))
    );
    let address = after.address.as_ref().expect("an address");
    assert_eq!(address.locality.as_deref(), Some("Lagos"));
    assert_eq!(
        address.formatted.as_deref(),
        Some("12 Adeola Odeku St\n101241 Lagos\nNG")
    );
    // Parts of the address not edited are sent back as they were.
    assert_eq!(
        address.street_address,
        before
            .address
            .as_ref()
            .and_then(|a| a.street_address.clone())
    );
    assert_eq!(address.kind.as_deref(), Some("work"));
    // Untouched fields stay, and the revision moved on.
    assert_eq!(after.given_name, before.given_name);
    assert_eq!(after.phone_number, before.phone_number);
    assert_ne!(after.revision, before.revision);

    assert_eq!(read(&app, AMARA).await.expect("readable"), after);
    // Re-submitting what came back changes nothing.
    let again = IdentityStoreUserUpdate::try_from(&after.to_form()).expect("valid");
    assert!(operations(&after, &again).is_empty());
}

#[tokio::test]
async fn cleared_fields_are_removed_from_the_user() {
    let app = TestApp::spawn().await;
    let mut form = prefilled(&app, AMARA).await;
    form.title.clear();
    form.phone_number.clear();
    for part in [
        &mut form.street_address,
        &mut form.locality,
        &mut form.region,
        &mut form.postal_code,
        &mut form.country,
        &mut form.formatted_address,
    ] {
        part.clear();
    }
    let after = submit(&app, &form).await.expect("the update succeeds");
    assert_eq!(after.title, None);
    assert_eq!(after.phone_number, None);
    assert_eq!(after.address, None);
    assert!(after.email.is_some());
    assert_eq!(read(&app, AMARA).await.expect("readable"), after);
}

#[tokio::test]
async fn attributes_the_form_does_not_edit_survive_an_update() {
    let app = TestApp::spawn().await;
    let describe = || async {
        client(&app)
            .describe_user()
            .identity_store_id(STORE)
            .user_id(AMARA)
            .send()
            .await
            .expect("describe")
    };
    let before = describe().await;
    let mut form = prefilled(&app, AMARA).await;
    form.nick_name = "Ama".into();
    submit(&app, &form).await.expect("the update succeeds");
    let after = describe().await;
    assert_eq!(after.nick_name(), Some("Ama"));
    assert_eq!(after.website(), before.website());
    assert_eq!(after.photos(), before.photos());
    assert_eq!(after.roles(), before.roles());
    assert_eq!(after.birthdate(), before.birthdate());
    assert_eq!(after.user_name(), before.user_name());
}

#[tokio::test]
async fn unicode_values_round_trip() {
    let app = TestApp::spawn().await;
    let mut form = prefilled(&app, OTHER).await;
    form.display_name = "山田\u{3000}太郎".into();
    form.nick_name = "Zoë 🙂".into();
    form.region = "Île-de-France".into();
    let after = submit(&app, &form).await.expect("the update succeeds");
    assert_eq!(after.display_name.as_deref(), Some("山田\u{3000}太郎"));
    assert_eq!(after.nick_name.as_deref(), Some("Zoë 🙂"));
    assert_eq!(
        after.address.as_ref().and_then(|a| a.region.as_deref()),
        Some("Île-de-France")
    );
}

#[tokio::test]
async fn nothing_changed_sends_no_request() {
    let app = TestApp::spawn().await;
    let before = read(&app, AMARA).await.expect("seeded");
    // Any UpdateUser call would fail; none is made.
    app.fault(
        "identitystore",
        Some("UpdateUser"),
        AMARA,
        "InternalServerException",
        None,
    );
    let after = submit(&app, &before.to_form())
        .await
        .expect("no request, no error");
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_stale_revision_is_a_conflict_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let stale = prefilled(&app, AMARA).await;
    let mut theirs = stale.clone();
    theirs.title = "Staff Engineer".into();
    submit(&app, &theirs).await.expect("someone else's update");
    let current = read(&app, AMARA).await.expect("readable");

    let mut mine = stale;
    mine.display_name = "A. Okafor".into();
    let err = submit(&app, &mine)
        .await
        .expect_err("the revision moved on");
    assert_eq!(err, conflict("amara.okafor"));
    assert_eq!(read(&app, AMARA).await.expect("readable"), current);
}

#[tokio::test]
async fn aws_refuses_a_revision_that_moved_on_after_the_read() {
    let app = TestApp::spawn().await;
    // The read and the form agree, but someone else saves between the read and the update:
    // the revision sent is stale and the identity store itself refuses the operations.
    let first = read(&app, AMARA).await.expect("seeded");
    let mut theirs = first.to_form();
    theirs.title = "Staff Engineer".into();
    submit(&app, &theirs).await.expect("someone else's update");
    let mut mine = first.to_form();
    mine.nick_name = "Ama".into();
    let update = IdentityStoreUserUpdate::try_from(&mine).expect("valid");
    let err = sdk::update_user(client(&app), &first, &update)
        .await
        .expect_err("AWS refuses the stale revision");
    assert_eq!(err, conflict("amara.okafor"));
    let now = read(&app, AMARA).await.expect("readable");
    assert_eq!(now.nick_name, None);
    assert_eq!(now.title.as_deref(), Some("Staff Engineer"));
}

#[tokio::test]
async fn a_missing_user_is_not_found() {
    let app = TestApp::spawn().await;
    let err = read(&app, MISSING).await.expect_err("no such user");
    assert_eq!(
        err,
        AppError::NotFound {
            what: format!("User {MISSING}")
        }
    );
}

#[tokio::test]
async fn not_found_on_update_names_the_user() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "ResourceNotFoundException", Some(1)).await;
    assert_eq!(
        err,
        AppError::NotFound {
            what: "User amara.okafor".into()
        }
    );
}

#[tokio::test]
async fn throttling_after_the_sdk_retries_says_wait() {
    let app = TestApp::spawn().await;
    // The SDK retries three times; the fault stays until cleared so every attempt is throttled.
    let err = failed_update(&app, "ThrottlingException", None).await;
    assert_eq!(
        err,
        AppError::Throttled {
            service: SERVICE_NAME.into()
        }
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_throttle_the_sdk_retries_away_goes_unnoticed() {
    let app = TestApp::spawn().await;
    let mut form = prefilled(&app, AMARA).await;
    form.title = "Principal Engineer".into();
    app.fault(
        "identitystore",
        Some("UpdateUser"),
        AMARA,
        "ThrottlingException",
        Some(1),
    );
    let after = submit(&app, &form).await.expect("the retry succeeds");
    assert_eq!(after.title.as_deref(), Some("Principal Engineer"));
}

#[tokio::test]
async fn access_denied_names_the_iam_action() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "AccessDeniedException", Some(1)).await;
    assert_eq!(
        err,
        AppError::AccessDenied {
            action: "identitystore:UpdateUser".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "AWS denied identitystore:UpdateUser: the role userdesk runs as needs this IAM permission"
    );
}

#[tokio::test]
async fn an_injected_conflict_says_reload() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "ConflictException", Some(1)).await;
    assert_eq!(err, conflict("amara.okafor"));
}

#[tokio::test]
async fn a_validation_error_carries_awss_message() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "ValidationException", Some(1)).await;
    assert_eq!(
        err,
        AppError::Rejected {
            service: SERVICE_NAME.into(),
            message: "Injected by the sandbox for a test.".into()
        }
    );
}

#[tokio::test]
async fn a_service_quota_error_is_reported_as_rejected() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "ServiceQuotaExceededException", Some(1)).await;
    assert!(
        matches!(err, AppError::Rejected { ref service, .. } if service == SERVICE_NAME),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_error_that_persists_is_unavailable() {
    let app = TestApp::spawn().await;
    let err = failed_update(&app, "InternalServerException", None).await;
    assert!(
        matches!(err, AppError::Unavailable { ref service, .. } if service == SERVICE_NAME),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_failed_read_after_the_update_is_reported() {
    let app = TestApp::spawn().await;
    let before = read(&app, AMARA).await.expect("seeded");
    let mut form = before.to_form();
    form.title = "Principal Engineer".into();
    // The update goes through; reading the result back is denied.
    app.fault(
        "identitystore",
        Some("DescribeUser"),
        AMARA,
        "AccessDeniedException",
        Some(1),
    );
    let update = IdentityStoreUserUpdate::try_from(&form).expect("valid");
    let err = sdk::update_user(client(&app), &before, &update)
        .await
        .expect_err("DescribeUser fails");
    assert_eq!(
        err,
        AppError::AccessDenied {
            action: "identitystore:DescribeUser".into()
        }
    );
    assert_eq!(
        read(&app, AMARA).await.expect("readable").title.as_deref(),
        Some("Principal Engineer")
    );
}

// ---------------------------------------------------------------------------------------------
// The server functions' plain path (`user::ssr`, what `update_identitystore_user` runs)

#[tokio::test]
async fn the_server_path_returns_the_changes_and_the_record_aws_returned() {
    let app = TestApp::spawn().await;
    let mut form = ssr::load(&app.state, STORE, AMARA)
        .await
        .expect("loads")
        .to_form();
    form.display_name = "Amara N. Okafor".into();
    form.title.clear();
    form.country = "NG".into();
    let outcome = ssr::apply(&app.state, &app.caller, &form)
        .await
        .expect("update succeeds");
    let fields: Vec<_> = outcome.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["display_name", "title", "country"]);
    assert_eq!(outcome.changes[1].before, "Software Engineer");
    assert_eq!(outcome.changes[1].after, "");
    assert_eq!(outcome.after.title, "Amara N. Okafor");
    assert_eq!(outcome.after.value("display_name"), Some("Amara N. Okafor"));
    assert_eq!(outcome.after.value("title"), Some("—"));
    assert_eq!(outcome.after.value("country"), Some("NG"));
    assert_eq!(outcome.before.value("country"), Some("US"));
    let highlighted = outcome.changed_keys();
    for key in ["display_name", "title", "country", "updated_at"] {
        assert!(
            highlighted.iter().any(|k| k == key),
            "{key} in {highlighted:?}"
        );
    }
    assert!(!highlighted.iter().any(|k| k == "email"));
    assert_eq!(outcome.notice, None);
    // A fresh read agrees with what the page showed.
    let now = ssr::load(&app.state, STORE, AMARA).await.expect("loads");
    assert_eq!(now.view(), outcome.after);
}

#[tokio::test]
async fn the_server_path_sends_nothing_for_an_unchanged_form() {
    let app = TestApp::spawn().await;
    let record = ssr::load(&app.state, STORE, AMARA).await.expect("loads");
    // If UpdateUser were called this fault would answer.
    app.fault(
        "identitystore",
        Some("UpdateUser"),
        AMARA,
        "AccessDeniedException",
        None,
    );
    let outcome = ssr::apply(&app.state, &app.caller, &record.to_form())
        .await
        .expect("no call");
    assert!(outcome.changes.is_empty());
    assert_eq!(outcome.notice.as_deref(), Some(app::forms::NOTHING_CHANGED));
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_aws_call() {
    let app = TestApp::spawn().await;
    let valid = prefilled(&app, AMARA).await;
    // Every call about the user would fail loudly if one were made.
    app.fault(
        "identitystore",
        None,
        AMARA,
        "InternalServerException",
        None,
    );
    let cases: [(&str, Edit); 7] = [
        ("display_name", |f| f.display_name = "bell\u{7}".into()),
        ("postal_code", |f| f.postal_code = "9".repeat(1025)),
        ("email", |f| f.email = "amara\u{200B}@example.com".into()),
        ("formatted_address", |f| {
            f.formatted_address = "a\u{2028}b".into()
        }),
        ("revision", |f| f.revision = "r1".into()),
        ("revision", |f| f.revision.clear()),
        ("user_id", |f| f.user_id = "amara.okafor".into()),
    ];
    for (field, edit) in cases {
        let mut f = valid.clone();
        edit(&mut f);
        match ssr::apply(&app.state, &app.caller, &f).await {
            Err(AppError::Invalid(errors)) => assert_eq!(errors[0].field, field, "{errors:?}"),
            other => panic!("expected a field error on {field}, got {other:?}"),
        }
    }
    // All broken fields are reported together.
    let mut f = valid.clone();
    f.given_name = "\u{0}".into();
    f.timezone = "x".repeat(2000);
    let Err(AppError::Invalid(errors)) = ssr::apply(&app.state, &app.caller, &f).await else {
        panic!("expected field errors");
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["given_name", "timezone"]);
}

#[tokio::test]
async fn the_server_path_maps_each_aws_error() {
    let app = TestApp::spawn().await;
    let mut form = prefilled(&app, AMARA).await;
    form.title = "Principal Engineer".into();
    let cases: [(&str, Expected); 6] = [
        (
            "ResourceNotFoundException",
            |e| matches!(e, AppError::NotFound { what } if what == "User amara.okafor"),
        ),
        (
            "AccessDeniedException",
            |e| matches!(e, AppError::AccessDenied { action } if action == "identitystore:UpdateUser"),
        ),
        ("ConflictException", |e| *e == conflict("amara.okafor")),
        ("ValidationException", |e| {
            matches!(e, AppError::Rejected { .. })
        }),
        ("ServiceQuotaExceededException", |e| {
            matches!(e, AppError::Rejected { .. })
        }),
        ("ThrottlingException", |e| {
            matches!(e, AppError::Throttled { .. })
        }),
    ];
    for (code, expected) in cases {
        app.clear_faults();
        // `None`: keeps failing through the SDK's retries.
        app.fault("identitystore", Some("UpdateUser"), AMARA, code, None);
        let err = ssr::apply(&app.state, &app.caller, &form)
            .await
            .expect_err(code);
        assert!(expected(&err), "{code} mapped to {err:?}");
    }
}

#[tokio::test]
async fn the_server_path_refuses_a_form_loaded_before_someone_elses_change() {
    let app = TestApp::spawn().await;
    let name = read(&app, OTHER).await.expect("seeded").user_name;
    let stale = prefilled(&app, OTHER).await;
    let mut theirs = stale.clone();
    theirs.nick_name = "Theirs".into();
    ssr::apply(&app.state, &app.caller, &theirs)
        .await
        .expect("their update");
    let mut mine = stale;
    mine.nick_name = "Mine".into();
    let err = ssr::apply(&app.state, &app.caller, &mine)
        .await
        .expect_err("stale");
    assert_eq!(err, conflict(&name));
    assert_eq!(
        read(&app, OTHER)
            .await
            .expect("readable")
            .nick_name
            .as_deref(),
        Some("Theirs")
    );
}

#[tokio::test]
async fn unknown_users_and_malformed_ids_do_not_load() {
    let app = TestApp::spawn().await;
    let err = ssr::load(&app.state, STORE, MISSING)
        .await
        .expect_err("no such user");
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
    let err = ssr::load(&app.state, "d-0000000000", AMARA)
        .await
        .expect_err("no such store");
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
    let err = ssr::load(&app.state, "not-a-store", AMARA)
        .await
        .expect_err("malformed");
    assert!(
        matches!(&err, AppError::Invalid(e) if e[0].field == "identity_store_id"),
        "{err:?}"
    );
    let err = ssr::load(&app.state, STORE, "../etc")
        .await
        .expect_err("malformed");
    assert!(
        matches!(&err, AppError::Invalid(e) if e[0].field == "user_id"),
        "{err:?}"
    );
}
