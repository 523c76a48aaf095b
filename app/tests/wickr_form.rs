//! Wickr user edits against a real sandbox: reading a user, updating one (only the changed
//! members), and every AWS error shape the update can meet, mapped to what the person can do.
#![cfg(feature = "ssr")]

use std::collections::HashMap;

use app::error::AppError;
use app::server::AppState;
use app::server::config::Config;
use app::services::wickr::model::{
    NetworkId, UserId, WickrUserForm, WickrUserRecord, WickrUserUpdate,
};
use app::services::wickr::sdk;
use aws_sdk_wickr::Client;

const NETWORK: &str = "24681357";
const AMARA: &str = "1001";
const BJORN: &str = "1002";
const BJORN_USERNAME: &str = "bjorn.lindqvist@meridian-ops.com";

struct TestApp {
    sandbox: sandbox::RunningSandbox,
    client: Client,
}

impl TestApp {
    async fn spawn() -> TestApp {
        let sandbox = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
            .await
            .expect("sandbox starts");
        let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
        let state = AppState::build(config, Some(sandbox.endpoint_url())).await;
        let client = state.clients.wickr.clone();
        TestApp { sandbox, client }
    }

    async fn get(&self, user: &str) -> Result<WickrUserRecord, AppError> {
        sdk::get_user(
            &self.client,
            &network(),
            &UserId::parse(user).expect("user id"),
        )
        .await
    }

    /// Reads `user`, applies `edit` to its prefilled form and submits that.
    async fn edit(
        &self,
        user: &str,
        edit: impl FnOnce(&mut WickrUserForm),
    ) -> Result<WickrUserRecord, AppError> {
        let before = self.get(user).await.expect("user readable");
        let mut form = before.to_form();
        edit(&mut form);
        let update = WickrUserUpdate::try_from(&form).expect("valid form");
        sdk::update_user(&self.client, &before, &update).await
    }

    /// Makes the next `times` calls of `operation` on `user` fail with `error` (`None`: all).
    fn fault(&self, operation: &str, user: &str, error: &str, times: Option<u32>) {
        self.sandbox.state.add_fault(sandbox::Fault {
            service: "wickr".into(),
            operation: Some(operation.into()),
            target: user.into(),
            error: error.into(),
            times,
        });
    }

    async fn update_failing_with(&self, error: &str, times: Option<u32>) -> AppError {
        let before = self.get(BJORN).await.expect("user readable");
        self.fault("UpdateUser", BJORN, error, times);
        let form = WickrUserForm {
            first_name: "Björn".into(),
            ..before.to_form()
        };
        let update = WickrUserUpdate::try_from(&form).expect("valid form");
        sdk::update_user(&self.client, &before, &update)
            .await
            .expect_err("the update fails")
    }
}

fn network() -> NetworkId {
    NetworkId::parse(NETWORK).expect("network id")
}

#[tokio::test]
async fn get_user_reads_names_groups_and_invitation() {
    let app = TestApp::spawn().await;
    let bjorn = app.get(BJORN).await.expect("Bjorn exists");
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

    let amara = app.get(AMARA).await.expect("Amara exists");
    assert_eq!(amara.is_admin, Some(true));
    let quentin = app.get("1017").await.expect("1017 exists");
    assert!(quentin.suspended);

    // 1027 and 1028 have outstanding invitations: ListUsers supplies the code.
    let invited = app.get("1028").await.expect("1028 exists");
    assert_eq!(invited.invite_code.as_deref(), Some("MRD-9930-LK"));
    assert_eq!(invited.code_validation, Some(false));
    assert_eq!(invited.to_form().invite_code, "MRD-9930-LK");
    // Niamh (1014) re-verifies by code.
    assert_eq!(
        app.get("1014").await.expect("1014").code_validation,
        Some(true)
    );
}

#[tokio::test]
async fn update_returns_the_new_values_and_a_fresh_read_agrees() {
    let app = TestApp::spawn().await;
    let after = app
        .edit(BJORN, |f| {
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
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let expiry = after.invite_expiration.expect("an expiry");
    assert!(
        (expiry - (now + 30 * 86_400)).abs() < 120,
        "{expiry} vs {now}"
    );

    let fresh = app.get(BJORN).await.expect("still readable");
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
    let after = app
        .edit(BJORN, |f| f.last_name = "Lindqvist-Berg".into())
        .await
        .expect("update succeeds");
    assert_eq!(after.last_name, "Lindqvist-Berg");
    assert_eq!(after.invite_code, None);
    assert_eq!(after.invite_expiration, None);
    assert_eq!(after.code_validation, None);
    assert_eq!(after.username, BJORN_USERNAME);

    // Nothing changed: no call at all, even one that would fail.
    app.fault("UpdateUser", BJORN, "InternalServerError", None);
    let before = app.get(BJORN).await.expect("readable");
    let update = WickrUserUpdate::try_from(&before.to_form()).expect("valid");
    assert_eq!(
        sdk::update_user(&app.client, &before, &update).await,
        Ok(before)
    );
}

#[tokio::test]
async fn an_unknown_user_or_network_is_not_found() {
    let app = TestApp::spawn().await;
    let missing = app.get("1999").await.expect_err("no such user");
    assert_eq!(
        missing,
        AppError::NotFound {
            what: "User 1999 in network 24681357".into()
        }
    );
    let no_network = sdk::get_user(
        &app.client,
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
    let e = app
        .update_failing_with("ResourceNotFoundError", Some(1))
        .await;
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
    let e = app.update_failing_with("RateLimitError", None).await;
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
        let e = app.update_failing_with(shape, Some(1)).await;
        assert_eq!(
            e,
            AppError::AccessDenied {
                action: "wickr:UpdateUser".into()
            },
            "{shape}"
        );
    }
    app.fault("GetUser", BJORN, "ForbiddenError", Some(1));
    assert_eq!(
        app.get(BJORN).await,
        Err(AppError::AccessDenied {
            action: "wickr:GetUser".into()
        })
    );
}

#[tokio::test]
async fn a_username_taken_in_the_network_is_rejected_with_the_reason() {
    // Wickr has no conflict shape: a clash of usernames is its ValidationError.
    let app = TestApp::spawn().await;
    let amara = app.get(AMARA).await.expect("Amara").username;
    let e = app
        .edit(BJORN, |f| f.username = amara.to_uppercase())
        .await
        .expect_err("taken");
    match e {
        AppError::Rejected { service, message } => {
            assert_eq!(service, "AWS Wickr");
            assert!(message.contains("already has this username"), "{message}");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(
        app.get(BJORN).await.expect("Bjorn").username,
        BJORN_USERNAME
    );
}

#[tokio::test]
async fn a_conflict_shape_asks_to_reload() {
    let app = TestApp::spawn().await;
    let e = app.update_failing_with("ConflictException", Some(1)).await;
    assert!(
        matches!(e, AppError::Conflict(ref m) if m.contains("reload")),
        "{e:?}"
    );
}

#[tokio::test]
async fn validation_the_service_does_is_passed_on() {
    let app = TestApp::spawn().await;
    // A group that is not in the network: userdesk's own check would stop this before the
    // call (check_against); the service's answer is what reaches the person otherwise.
    let e = app
        .edit(BJORN, |f| f.security_group_id = "Zz9zZz9z".into())
        .await
        .expect_err("unknown group");
    assert!(
        matches!(&e, AppError::Rejected { message, .. } if message.contains("does not exist in network")),
        "{e:?}"
    );
    let e = app.update_failing_with("ValidationError", Some(1)).await;
    assert!(
        matches!(&e, AppError::Rejected { message, .. } if message == "The request failed validation."),
        "{e:?}"
    );
    let e = app.update_failing_with("BadRequestError", Some(1)).await;
    assert!(matches!(e, AppError::Rejected { .. }), "{e:?}");
}

#[tokio::test]
async fn a_server_error_says_the_service_is_unreachable() {
    let app = TestApp::spawn().await;
    let e = app.update_failing_with("InternalServerError", None).await;
    assert!(matches!(e, AppError::Unavailable { .. }), "{e:?}");
    assert!(e.is_retryable());
}
