//! `BatchToggleUserSuspendStatus` and `BatchReinviteUser` through the real client: each user
//! answered under `successful` or `failed`, the change visible through `GetUser`/`ListUsers`,
//! and the errors of a request that cannot be served at all.

use aws_sdk_wickr::Client;
use aws_sdk_wickr::error::ProvideErrorMetadata;
use aws_sdk_wickr::operation::batch_reinvite_user::BatchReinviteUserError;
use aws_sdk_wickr::operation::batch_toggle_user_suspend_status::BatchToggleUserSuspendStatusError;
use aws_sdk_wickr::types::{BatchUserErrorResponseItem, BatchUserSuccessResponseItem};

use super::{ADMIN, BRIDGE, INVITED, OPS, SUSPENDED, UNKNOWN_NETWORK, client, now};
use crate::common::raw;

/// Aiko Sato: invited in 2024, her invitation long expired.
const EXPIRED_INVITE: &str = "1027";

fn succeeded(ids: &[&str]) -> Vec<BatchUserSuccessResponseItem> {
    ids.iter()
        .map(|id| {
            BatchUserSuccessResponseItem::builder()
                .user_id(*id)
                .build()
                .unwrap()
        })
        .collect()
}

fn failed(id: &str, reason: &str) -> BatchUserErrorResponseItem {
    BatchUserErrorResponseItem::builder()
        .user_id(id)
        .field("userIds")
        .reason(reason)
        .build()
        .unwrap()
}

async fn suspended(wickr: &Client, user: &str) -> Option<bool> {
    wickr
        .get_user()
        .network_id(OPS)
        .user_id(user)
        .send()
        .await
        .unwrap()
        .suspended()
}

#[tokio::test]
async fn batch_toggle_user_suspend_status_suspends_and_unsuspends() {
    let (_sandbox, wickr) = client().await;
    let toggle = |suspend: bool, ids: &[&str]| {
        wickr
            .batch_toggle_user_suspend_status()
            .network_id(OPS)
            .suspend(suspend)
            .set_user_ids(Some(ids.iter().map(|s| (*s).to_owned()).collect()))
            .send()
    };
    let answer = toggle(true, &["1002", SUSPENDED, "9999", "1002"])
        .await
        .unwrap();
    assert_eq!(answer.message(), Some("Suspended 2 of 3 users."));
    assert_eq!(answer.successful(), succeeded(&["1002", SUSPENDED]));
    assert_eq!(
        answer.failed(),
        [failed(
            "9999",
            "User 9999 was not found in network 24681357."
        )]
    );
    assert_eq!(suspended(&wickr, "1002").await, Some(true));
    let listed = wickr
        .list_users()
        .network_id(OPS)
        .max_results(100)
        .send()
        .await
        .unwrap();
    let now_suspended: Vec<_> = listed
        .users()
        .iter()
        .filter(|u| u.suspended() == Some(true))
        .filter_map(|u| u.user_id())
        .collect();
    assert_eq!(now_suspended, ["1002", SUSPENDED]);
    // Their devices read suspended too.
    let devices = wickr
        .list_devices_for_user()
        .network_id(OPS)
        .user_id("1002")
        .send()
        .await
        .unwrap();
    assert!(devices.devices().iter().all(|d| d.suspend() == Some(true)));

    let answer = toggle(false, &[SUSPENDED]).await.unwrap();
    assert_eq!(answer.message(), Some("Unsuspended 1 of 1 user."));
    assert_eq!(answer.failed(), []);
    assert_eq!(suspended(&wickr, SUSPENDED).await, Some(false));
    assert_eq!(suspended(&wickr, "1002").await, Some(true));
    // A user of another network is not found in this one.
    let answer = toggle(false, &["3001"]).await.unwrap();
    assert_eq!(
        answer.failed(),
        [failed(
            "3001",
            "User 3001 was not found in network 24681357."
        )]
    );
}

#[tokio::test]
async fn batch_toggle_user_suspend_status_rejects_bad_requests() {
    let (_sandbox, wickr) = client().await;
    let toggle = || {
        wickr
            .batch_toggle_user_suspend_status()
            .network_id(OPS)
            .suspend(true)
            .user_ids("1002")
    };
    let fields = |err: BatchToggleUserSuspendStatusError| {
        let BatchToggleUserSuspendStatusError::ValidationError(e) = err else {
            panic!("{err:?}")
        };
        e.reasons()
            .iter()
            .filter_map(|r| r.field().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let (err, status) = fails!(toggle().set_user_ids(None).send());
    assert_eq!(
        err.message(),
        Some(
            "1 validation error detected: Value at 'userIds' failed to satisfy constraint: Member must not be null"
        )
    );
    assert_eq!(status, Some(422));
    let (err, _) = fails!(toggle().user_ids("12a").send());
    assert_eq!(
        err.message(),
        Some(
            "1 validation error detected: Value at 'userIds' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+"
        )
    );
    assert_eq!(fields(err), ["userIds"]);
    let (err, _) = fails!(toggle().user_ids("12345678901").send());
    assert_eq!(fields(err), ["userIds"]);
    let many: Vec<String> = (0..51).map(|i| (1000 + i).to_string()).collect();
    let (err, _) = fails!(toggle().set_user_ids(Some(many)).send());
    assert_eq!(fields(err), ["userIds"]);
    let (err, _) = fails!(toggle().network_id("1234567a").send());
    assert_eq!(fields(err), ["networkId"]);
    let (err, _) = fails!(toggle().client_token("x".repeat(65)).send());
    assert_eq!(fields(err), ["clientToken"]);
    let (err, status) = fails!(toggle().network_id(UNKNOWN_NETWORK).send());
    let BatchToggleUserSuspendStatusError::ResourceNotFoundError(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), Some("Network 99999999 was not found."));
    assert_eq!(status, Some(404));
    assert_eq!(
        suspended(&wickr, "1002").await,
        Some(false),
        "nothing was applied"
    );
    // Fifty ids is the most a batch takes.
    let fifty: Vec<String> = (0..50).map(|i| (1001 + i).to_string()).collect();
    let answer = toggle().set_user_ids(Some(fifty)).send().await.unwrap();
    assert_eq!(answer.message(), Some("Suspended 28 of 50 users."));
}

#[tokio::test]
async fn toggle_suspend_needs_a_true_or_false_suspend() {
    let (sandbox, _) = client().await;
    let addr = sandbox.sandbox.addr;
    let path = format!("/networks/{OPS}/users/toggleSuspend");
    let body = r#"{"userIds":["1002"]}"#;
    let (status, error_type, body_text) = raw(addr, "PATCH", &path, body).await;
    assert_eq!((status, error_type.as_str()), (422, "ValidationError"));
    let not_null = "1 validation error detected: Value at 'suspend' failed to satisfy constraint: Member must not be null";
    assert_eq!(
        body_text,
        format!(
            r#"{{"message":"{not_null}","reasons":[{{"field":"suspend","reason":"{not_null}"}}]}}"#
        )
    );
    let (status, error_type, body_text) =
        raw(addr, "PATCH", &format!("{path}?suspend=yes"), body).await;
    assert_eq!(
        (status, error_type.as_str(), body_text.as_str()),
        (
            400,
            "BadRequestError",
            r#"{"message":"Query parameter suspend must be true or false."}"#
        )
    );
    let (status, _, _) = raw(addr, "PATCH", &format!("{path}?suspend=false"), body).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn batch_reinvite_user_renews_only_pending_invitations() {
    let (_sandbox, wickr) = client().await;
    let answer = wickr
        .batch_reinvite_user()
        .network_id(OPS)
        .user_ids(EXPIRED_INVITE)
        .user_ids(INVITED)
        .user_ids(ADMIN)
        .user_ids("9999")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.message(), Some("Reinvited 2 of 4 users."));
    assert_eq!(answer.successful(), succeeded(&[EXPIRED_INVITE, INVITED]));
    assert_eq!(
        answer.failed(),
        [
            failed(
                ADMIN,
                "User is already active; only users with a pending invitation can be reinvited."
            ),
            failed("9999", "User 9999 was not found in network 24681357."),
        ]
    );
    // Both invitations are live again, for 7 days, with their codes unchanged.
    let pending = wickr
        .list_users()
        .network_id(OPS)
        .status(1)
        .send()
        .await
        .unwrap();
    let invitations: Vec<_> = pending
        .users()
        .iter()
        .map(|u| (u.user_id(), u.invite_code(), u.is_invite_expired()))
        .collect();
    assert_eq!(
        invitations,
        [
            (Some(EXPIRED_INVITE), Some("MRD-4821-QX"), Some(false)),
            (Some(INVITED), Some("MRD-9930-LK"), Some(false)),
        ]
    );
    let aiko = wickr
        .update_user()
        .network_id(OPS)
        .user_id(EXPIRED_INVITE)
        .send()
        .await
        .unwrap();
    let expiry = i64::from(aiko.invite_expiration().unwrap());
    assert!((expiry - (now() + 7 * 86_400)).abs() < 60, "{expiry}");
    assert_eq!(aiko.status(), Some(1), "still pending until accepted");

    // Incident Bridge has its own pending invitation.
    let bridge = wickr
        .batch_reinvite_user()
        .network_id(BRIDGE)
        .user_ids("3005")
        .send()
        .await
        .unwrap();
    assert_eq!(bridge.successful(), succeeded(&["3005"]));
}

#[tokio::test]
async fn batch_reinvite_user_rejects_bad_requests() {
    let (_sandbox, wickr) = client().await;
    let reinvite = || {
        wickr
            .batch_reinvite_user()
            .network_id(OPS)
            .user_ids(INVITED)
    };
    let (err, status) = fails!(reinvite().set_user_ids(None).send());
    let BatchReinviteUserError::ValidationError(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.reasons()[0].field(), Some("userIds"));
    assert_eq!(status, Some(422));
    let (err, _) = fails!(reinvite().user_ids("-1").send());
    assert!(
        matches!(err, BatchReinviteUserError::ValidationError(_)),
        "{err:?}"
    );
    let (err, _) = fails!(reinvite().client_token("a b").send());
    assert!(
        matches!(err, BatchReinviteUserError::ValidationError(_)),
        "{err:?}"
    );
    let (err, status) = fails!(reinvite().network_id(UNKNOWN_NETWORK).send());
    assert!(
        matches!(err, BatchReinviteUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
}

#[tokio::test]
async fn a_fault_for_any_listed_user_fails_the_whole_batch() {
    let (sandbox, wickr) = client().await;
    let state = &sandbox.sandbox.state;
    state.add_fault(sandbox::Fault {
        service: "wickr".into(),
        operation: Some("BatchToggleUserSuspendStatus".into()),
        target: "1003".into(),
        error: "ForbiddenError".into(),
        times: Some(1),
    });
    let toggle = || {
        wickr
            .batch_toggle_user_suspend_status()
            .network_id(OPS)
            .suspend(true)
            .user_ids("1002")
            .user_ids("1003")
            .send()
    };
    let (err, status) = fails!(toggle());
    assert!(
        matches!(err, BatchToggleUserSuspendStatusError::ForbiddenError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(403));
    assert_eq!(
        suspended(&wickr, "1002").await,
        Some(false),
        "nothing was applied"
    );
    assert_eq!(toggle().await.unwrap().successful().len(), 2);

    state.add_fault(sandbox::Fault {
        service: "wickr".into(),
        operation: Some("BatchReinviteUser".into()),
        target: INVITED.into(),
        error: "InternalServerError".into(),
        times: Some(1),
    });
    let (err, status) = fails!(
        wickr
            .batch_reinvite_user()
            .network_id(OPS)
            .user_ids(INVITED)
            .send()
    );
    assert_eq!(err.code(), Some("InternalServerError"));
    assert_eq!(status, Some(500));
}
