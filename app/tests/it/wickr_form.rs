//! Wickr user edits against a real sandbox: the SDK wrappers (`sdk::get_user`,
//! `sdk::update_user`) with every AWS error shape the update can meet, the server-side path
//! of the form (`user::ssr`, what `update_wickr_user` runs), and the page through the whole
//! router as a browser without JavaScript drives it.
#![cfg(feature = "ssr")]

use crate::common::{TestApp, field_error};
use app::error::AppError;
use app::services::wickr::model::{
    NetworkId, UserId, WickrUserForm, WickrUserRecord, WickrUserUpdate,
};
use app::services::wickr::sdk;
use app::services::wickr::user::{USERNAME_FROM_FORM, UpdateWickrUser, ssr};
use axum::http::{StatusCode, header};

const NETWORK: &str = "24681357";
const AMARA: &str = "1001";
const BJORN: &str = "1002";
const BJORN_USERNAME: &str = "bjorn.lindqvist@meridian-ops.com";

fn client(app: &TestApp) -> &aws_sdk_wickr::Client {
    &app.state.clients.wickr
}

/// The user as `sdk::get_user` reads it.
async fn read(app: &TestApp, user: &str) -> Result<WickrUserRecord, AppError> {
    sdk::get_user(
        client(app),
        &network(),
        &UserId::parse(user).expect("user id"),
    )
    .await
}

/// The prefilled form of `user`, with `edit` applied.
async fn prefilled(
    app: &TestApp,
    user: &str,
    edit: impl FnOnce(&mut WickrUserForm),
) -> WickrUserForm {
    let mut form = read(app, user).await.expect("user readable").to_form();
    edit(&mut form);
    form
}

/// Reads `user`, applies `edit` to its prefilled form and sends that through the SDK wrapper.
async fn update(
    app: &TestApp,
    user: &str,
    edit: impl FnOnce(&mut WickrUserForm),
) -> Result<WickrUserRecord, AppError> {
    let before = read(app, user).await.expect("user readable");
    let mut form = before.to_form();
    edit(&mut form);
    let update = WickrUserUpdate::try_from(&form).expect("valid form");
    sdk::update_user(client(app), &before, &update).await
}

/// What the server function runs.
async fn submit(app: &TestApp, form: &WickrUserForm) -> Result<app::forms::Outcome, AppError> {
    ssr::apply(&app.state, &app.caller, form).await
}

/// A change of Bjorn's first name, sent while `UpdateUser` answers `error`.
async fn update_failing_with(app: &TestApp, error: &str, times: Option<u32>) -> AppError {
    let before = read(app, BJORN).await.expect("user readable");
    app.fault("wickr", Some("UpdateUser"), BJORN, error, times);
    let form = WickrUserForm {
        first_name: "Björn".into(),
        ..before.to_form()
    };
    let update = WickrUserUpdate::try_from(&form).expect("valid form");
    sdk::update_user(client(app), &before, &update)
        .await
        .expect_err("the update fails")
}

/// A change to a form, and a check of an error, for table-driven cases.
type Edit = fn(&mut WickrUserForm);
type Expect = fn(&AppError) -> bool;

fn network() -> NetworkId {
    NetworkId::parse(NETWORK).expect("network id")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

// ---- the SDK wrappers ------------------------------------------------------------------------

#[tokio::test]
async fn get_user_reads_names_groups_and_invitation() {
    let app = TestApp::spawn().await;
    let bjorn = read(&app, BJORN).await.expect("Bjorn exists");
    assert_eq!(bjorn.username, BJORN_USERNAME);
    assert_eq!(
        (bjorn.first_name.as_str(), bjorn.last_name.as_str()),
        ("Bjorn", "Lindqvist")
    );
    assert_eq!(bjorn.security_group_ids, ["Xp7LwT2a"]);
    assert_eq!(bjorn.view().value("security_group_id"), Some("Executives"));
    assert!(
        bjorn
            .network_groups
            .iter()
            .any(|g| g.id == "Kd3mQ8vZ" && g.name == "Default")
    );
    assert_eq!(bjorn.is_admin, Some(false));

    let amara = read(&app, AMARA).await.expect("Amara exists");
    assert_eq!(amara.is_admin, Some(true));
    let suspended = read(&app, "1017").await.expect("1017 exists");
    assert!(suspended.suspended);

    // 1028 has an outstanding invitation: ListUsers supplies the code GetUser lacks.
    let invited = read(&app, "1028").await.expect("1028 exists");
    assert_eq!(invited.invite_code.as_deref(), Some("MRD-9930-LK"));
    assert_eq!(invited.code_validation, Some(false));
    assert_eq!(invited.to_form().invite_code, "MRD-9930-LK");
    // 1014 re-verifies by code.
    assert_eq!(
        read(&app, "1014").await.expect("1014").code_validation,
        Some(true)
    );
}

#[tokio::test]
async fn update_returns_the_new_values_and_a_fresh_read_agrees() {
    let app = TestApp::spawn().await;
    let after = update(&app, BJORN, |f| {
        f.first_name = "Björn".into();
        f.last_name = "Lindqvist-Berg".into();
        f.username = "bjorn@meridian-ops.com".into();
        f.security_group_id = "Hn4RcY9e".into();
        f.invite_code = "MRD-1234-AB".into();
        f.invite_code_ttl = "30".into();
        f.code_validation = Some("on".into());
    })
    .await
    .expect("update succeeds");

    assert_eq!(
        (after.network_id.as_str(), after.user_id.as_str()),
        (NETWORK, BJORN)
    );
    assert_eq!(after.first_name, "Björn");
    assert_eq!(after.last_name, "Lindqvist-Berg");
    assert_eq!(after.username, "bjorn@meridian-ops.com");
    assert_eq!(after.security_group_ids, ["Hn4RcY9e"]);
    assert_eq!(
        after.view().value("security_group_id"),
        Some("Field Engineering")
    );
    assert_eq!(after.invite_code.as_deref(), Some("MRD-1234-AB"));
    assert_eq!(after.code_validation, Some(true));
    assert!(!after.suspended);
    assert!(after.modified.is_some());
    let expiry = after.invite_expiration.expect("an expiry");
    assert!((expiry - (now() + 30 * 86_400)).abs() < 120, "{expiry}");

    let fresh = read(&app, BJORN).await.expect("still readable");
    assert_eq!(fresh.first_name, after.first_name);
    assert_eq!(fresh.last_name, after.last_name);
    assert_eq!(fresh.username, after.username);
    assert_eq!(fresh.security_group_ids, after.security_group_ids);
    assert_eq!(fresh.invite_code, after.invite_code);
    assert_eq!(fresh.code_validation, after.code_validation);
}

#[tokio::test]
async fn only_changed_members_are_sent() {
    let app = TestApp::spawn().await;
    // Bjorn has no invite code: had the (empty) code been sent, he would now have one.
    let after = update(&app, BJORN, |f| f.last_name = "Lindqvist-Berg".into())
        .await
        .expect("update succeeds");
    assert_eq!(after.last_name, "Lindqvist-Berg");
    assert_eq!(after.invite_code, None);
    assert_eq!(after.invite_expiration, None);
    assert_eq!(after.code_validation, None);
    assert_eq!(after.username, BJORN_USERNAME);

    // Nothing changed: no call at all, even one that would fail.
    app.fault(
        "wickr",
        Some("UpdateUser"),
        BJORN,
        "InternalServerError",
        None,
    );
    let before = read(&app, BJORN).await.expect("readable");
    let update = WickrUserUpdate::try_from(&before.to_form()).expect("valid");
    assert_eq!(
        sdk::update_user(client(&app), &before, &update).await,
        Ok(before)
    );
}

#[tokio::test]
async fn an_unknown_user_or_network_is_not_found() {
    let app = TestApp::spawn().await;
    let missing = read(&app, "1999").await.expect_err("no such user");
    assert_eq!(
        missing,
        AppError::NotFound {
            what: "User 1999 in network 24681357".into()
        }
    );
    let no_network = sdk::get_user(
        client(&app),
        &NetworkId::parse("11111111").expect("id"),
        &UserId::parse(BJORN).expect("id"),
    )
    .await
    .expect_err("no such network");
    assert!(
        matches!(no_network, AppError::NotFound { .. }),
        "{no_network:?}"
    );
}

#[tokio::test]
async fn a_user_removed_meanwhile_is_not_found() {
    let app = TestApp::spawn().await;
    let e = update_failing_with(&app, "ResourceNotFoundError", Some(1)).await;
    assert_eq!(
        e,
        AppError::NotFound {
            what: "User 1002 in network 24681357".into()
        }
    );
}

#[tokio::test]
async fn throttling_after_the_sdk_retries_says_wait() {
    let app = TestApp::spawn().await;
    let e = update_failing_with(&app, "RateLimitError", None).await;
    assert_eq!(
        e,
        AppError::Throttled {
            service: "AWS Wickr".into()
        }
    );
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_missing_permission_names_the_iam_action() {
    let app = TestApp::spawn().await;
    for shape in ["ForbiddenError", "UnauthorizedError"] {
        let e = update_failing_with(&app, shape, Some(1)).await;
        assert_eq!(
            e,
            AppError::AccessDenied {
                action: "wickr:UpdateUser".into()
            },
            "{shape}"
        );
    }
    app.fault("wickr", Some("GetUser"), BJORN, "ForbiddenError", Some(1));
    assert_eq!(
        read(&app, BJORN).await,
        Err(AppError::AccessDenied {
            action: "wickr:GetUser".into()
        })
    );
}

#[tokio::test]
async fn a_username_taken_in_the_network_is_rejected_with_the_reason() {
    // Wickr has no conflict shape: a clash of usernames is its ValidationError.
    let app = TestApp::spawn().await;
    let amara = read(&app, AMARA).await.expect("Amara").username;
    let e = update(&app, BJORN, |f| f.username = amara.to_uppercase())
        .await
        .expect_err("taken");
    assert_eq!(
        e,
        AppError::Rejected {
            service: "AWS Wickr".into(),
            message: "Another user in this network already has this username.".into()
        }
    );
    assert_eq!(
        read(&app, BJORN).await.expect("Bjorn").username,
        BJORN_USERNAME
    );
}

#[tokio::test]
async fn a_conflict_shape_asks_to_reload() {
    let app = TestApp::spawn().await;
    let e = update_failing_with(&app, "ConflictException", Some(1)).await;
    assert_eq!(
        e,
        AppError::Conflict(
            "User 1002 in network 24681357 was changed by someone else, or the change conflicts with its current state: reload and try again."
                .into()
        )
    );
}

#[tokio::test]
async fn validation_the_service_does_is_passed_on() {
    let app = TestApp::spawn().await;
    // A group that is not in the network: the server function's own check stops this before
    // the call (see below); the service's answer is what the SDK wrapper alone gets.
    let e = update(&app, BJORN, |f| f.security_group_id = "Zz9zZz9z".into())
        .await
        .expect_err("unknown group");
    assert_eq!(
        e,
        AppError::Rejected {
            service: "AWS Wickr".into(),
            message: "Security group Zz9zZz9z does not exist in network 24681357.".into()
        }
    );
    let e = update_failing_with(&app, "ValidationError", Some(1)).await;
    assert!(
        matches!(&e, AppError::Rejected { message, .. } if message == "The request failed validation."),
        "{e:?}"
    );
    let e = update_failing_with(&app, "BadRequestError", Some(1)).await;
    assert!(matches!(e, AppError::Rejected { .. }), "{e:?}");
}

#[tokio::test]
async fn a_server_error_says_the_service_is_unreachable() {
    let app = TestApp::spawn().await;
    let e = update_failing_with(&app, "InternalServerError", None).await;
    assert!(matches!(e, AppError::Unavailable { .. }), "{e:?}");
    assert!(e.is_retryable());
}

// ---- the server function's path (`ssr`) ------------------------------------------------------

#[tokio::test]
async fn a_submit_returns_before_after_and_the_reviewed_changes() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, BJORN, |f| {
        f.username = "bjorn@meridian-ops.com".into();
        f.last_name = "Lindqvist-Berg".into();
        f.security_group_id = "Kd3mQ8vZ".into();
    })
    .await;
    let outcome = submit(&app, &form).await.expect("saved");
    let fields: Vec<_> = outcome.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["username", "last_name", "security_group_id"]);
    assert_eq!(
        outcome.after.value("username"),
        Some("bjorn@meridian-ops.com")
    );
    assert_eq!(outcome.after.value("security_group_id"), Some("Default"));
    assert_eq!(
        outcome.before.value("security_group_id"),
        Some("Executives")
    );
    let changed = outcome.changed_keys();
    for key in ["username", "last_name", "security_group_id"] {
        assert!(changed.contains(&key.to_owned()), "{key} in {changed:?}");
    }
    assert!(!changed.contains(&"first_name".to_owned()));
    assert_eq!(outcome.notice.as_deref(), Some(USERNAME_FROM_FORM));

    let page = ssr::load(&app.state, NETWORK, BJORN).await.expect("loads");
    assert_eq!(page.network_name, "Meridian Operations");
    assert_eq!(page.record.username, "bjorn@meridian-ops.com");
    assert_eq!(page.record.security_group_ids, ["Kd3mQ8vZ"]);
}

#[tokio::test]
async fn an_unchanged_form_sends_nothing() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, AMARA, |_| {}).await;
    // If an update reached AWS this fault would answer.
    app.fault("wickr", Some("UpdateUser"), AMARA, "ForbiddenError", None);
    let outcome = submit(&app, &form).await.expect("nothing to do");
    assert!(outcome.changes.is_empty());
    assert_eq!(outcome.notice.as_deref(), Some(app::forms::NOTHING_CHANGED));
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_aws_call() {
    let app = TestApp::spawn().await;
    let good = prefilled(&app, BJORN, |_| {}).await;
    // Every call about Bjorn would fail loudly if one were made.
    app.fault("wickr", None, BJORN, "InternalServerError", None);
    let cases: [(&str, Edit); 7] = [
        ("username", |f| f.username = String::new()),
        ("username", |f| f.username = "bjorn lindqvist".into()),
        ("security_group_id", |f| {
            f.security_group_id = "two words".into()
        }),
        ("invite_code", |f| f.invite_code = "   ".into()),
        ("invite_code_ttl", |f| f.invite_code_ttl = "0".into()),
        ("invite_code_ttl", |f| f.invite_code_ttl = "3651".into()),
        ("network_id", |f| f.network_id = "2468135".into()),
    ];
    for (field, edit) in cases {
        let mut form = good.clone();
        edit(&mut form);
        match submit(&app, &form).await {
            Err(AppError::Invalid(errors)) => assert_eq!(errors[0].field, field, "{errors:?}"),
            other => panic!("expected a field error on {field}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_group_outside_the_network_is_a_field_error_not_a_call() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, BJORN, |f| f.security_group_id = "Ta8NwE3r".into()) // Default of another network
        .await;
    app.fault(
        "wickr",
        Some("UpdateUser"),
        BJORN,
        "InternalServerError",
        None,
    );
    match submit(&app, &form).await {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "security_group_id");
            assert_eq!(
                errors[0].message,
                "Security group must be one of the network's security groups; Ta8NwE3r is not"
            );
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn aws_errors_reach_the_server_function_mapped() {
    let app = TestApp::spawn().await;
    let form = prefilled(&app, BJORN, |f| f.first_name = "Björn".into()).await;
    let cases: [(&str, Expect); 4] = [
        ("ResourceNotFoundError", |e| {
            matches!(e, AppError::NotFound { .. })
        }),
        (
            "ForbiddenError",
            |e| matches!(e, AppError::AccessDenied { action } if action == "wickr:UpdateUser"),
        ),
        ("RateLimitError", |e| {
            matches!(e, AppError::Throttled { .. })
        }),
        ("ValidationError", |e| {
            matches!(e, AppError::Rejected { .. })
        }),
    ];
    for (code, expected) in cases {
        app.clear_faults();
        app.fault("wickr", Some("UpdateUser"), BJORN, code, None);
        let e = submit(&app, &form).await.expect_err(code);
        assert!(expected(&e), "{code} mapped to {e:?}");
    }
    app.clear_faults();
    // The read before the update fails the same way.
    app.fault(
        "wickr",
        Some("GetUser"),
        BJORN,
        "ResourceNotFoundError",
        Some(1),
    );
    assert!(matches!(
        submit(&app, &form).await,
        Err(AppError::NotFound { .. })
    ));
}

#[tokio::test]
async fn loading_checks_the_ids_and_finds_the_network() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    assert!(matches!(
        ssr::load(state, "2468", BJORN).await,
        Err(AppError::Invalid(e)) if e[0].field == "network_id"
    ));
    assert!(matches!(
        ssr::load(state, NETWORK, "12345678901").await,
        Err(AppError::Invalid(e)) if e[0].field == "user_id"
    ));
    assert!(matches!(
        ssr::load(state, NETWORK, "1999").await,
        Err(AppError::NotFound { .. })
    ));
    assert!(matches!(
        ssr::load(state, "11111111", BJORN).await,
        Err(AppError::NotFound { .. })
    ));
}

// ---- the whole router, as a browser without JavaScript drives it -----------------------------

/// Whether the record row `key` is marked as changed (attribute order is the renderer's).
fn highlighted(html: &str, key: &str) -> bool {
    html.contains(&format!(r#"data-key="{key}" class="row changed""#))
        || html.contains(&format!(r#"class="row changed" data-key="{key}""#))
}

#[tokio::test]
async fn the_user_page_renders_the_prefilled_form_on_the_server() {
    let app = TestApp::spawn().await;
    let page = format!("/wickr/networks/{NETWORK}/users/{BJORN}");
    let (status, headers, html) = app.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(html.contains("Wickr user"), "{html}");
    assert!(
        html.contains(&format!(r#"value="{BJORN_USERNAME}""#)),
        "{html}"
    );
    assert!(html.contains(r#"name="form[security_group_id]""#));
    assert!(
        html.contains(r#"<option value="Xp7LwT2a" selected"#),
        "{html}"
    );
    assert!(html.contains("Field Engineering"));
    assert!(html.contains("restricted to networks under preview"));
    assert!(html.contains(r#"<label for="f-username""#), "{html}");
    assert!(html.contains(r#"aria-describedby="f-username-error f-username-hint""#));
    let action = <UpdateWickrUser as server_fn::ServerFn>::PATH;
    assert!(html.contains(&format!(r#"action="{action}""#)));

    // The list links each user to this page.
    let (_, _, list) = app.get(&format!("/wickr/networks/{NETWORK}")).await;
    assert!(list.contains(&format!(r#"href="{page}""#)), "{list}");

    let (status, _, _) = app
        .get(&format!("/wickr/networks/{NETWORK}/users/1999"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the page itself exists; it says the user is not found"
    );
}

#[tokio::test]
async fn without_javascript_the_page_posts_and_shows_the_result_or_the_error() {
    let app = TestApp::spawn().await;
    let page = format!("/wickr/networks/{NETWORK}/users/{BJORN}");
    let action = <UpdateWickrUser as server_fn::ServerFn>::PATH;

    // A valid post: redirected to the page, which shows the record AWS returned.
    let form = prefilled(&app, BJORN, |f| {
        f.first_name = "Björn".into();
        f.security_group_id = "Hn4RcY9e".into();
    })
    .await;
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
    assert!(html.contains("Björn"));
    assert!(highlighted(&html, "security_group_id"), "{html}");
    assert!(highlighted(&html, "first_name"), "{html}");
    assert!(!highlighted(&html, "last_name"), "{html}");

    // An invalid post: back to the page with what was typed and the error next to the field.
    let bad = prefilled(&app, BJORN, |f| {
        f.username = "has space@meridian-ops.com".into();
        f.last_name = "Typed-But-Not-Saved".into();
    })
    .await;
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
    assert!(
        html.contains(r#"value="has space@meridian-ops.com""#),
        "{html}"
    );
    assert!(html.contains(r#"value="Typed-But-Not-Saved""#), "{html}");
    assert_eq!(
        field_error(&html, "username").as_deref(),
        Some(
            "Username must not contain spaces or other whitespace (Wickr usernames are usually email addresses)"
        ),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#));
    assert_eq!(
        read(&app, BJORN).await.expect("readable").last_name,
        "Lindqvist"
    );
}
