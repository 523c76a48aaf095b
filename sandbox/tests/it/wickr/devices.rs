//! `ListDevicesForUser` and `BatchResetDevicesForUser` through the real client: the seeded
//! devices, sorting and paging, resets with partial failure, and every error.

use aws_sdk_wickr::error::ProvideErrorMetadata;
use aws_sdk_wickr::operation::batch_reset_devices_for_user::BatchResetDevicesForUserError;
use aws_sdk_wickr::operation::list_devices_for_user::{
    ListDevicesForUserError, ListDevicesForUserOutput,
};
use aws_sdk_wickr::types::{
    BasicDeviceObject, BatchDeviceErrorResponseItem, BatchDeviceSuccessResponseItem, SortDirection,
};

use super::{ADMIN, FIELD, INVITED, OPS, SUSPENDED, UNKNOWN_NETWORK, client};
use crate::common::raw;

/// Amara Okafor's (1001) devices, newest first: the order they were first seen is the reverse.
const AMARA_ANDROID: &str = "d107293881aa00e9e720e0c83232a87c";
const AMARA_MAC: &str = "764e6b07921a70539fcd03ce081bb553";
const AMARA_WINDOWS: &str = "dd86e6f57e8afb67f856683418307783";
/// Nadia Kowalski (1014): her Linux device is marked for reset, her iPhone is active.
const NADIA: &str = "1014";
const NADIA_LINUX: &str = "30b8dea51d6a353a4e2ef1553d5a0fd8";

fn app_ids(page: &ListDevicesForUserOutput) -> Vec<&str> {
    page.devices()
        .iter()
        .filter_map(BasicDeviceObject::app_id)
        .collect()
}

fn device(
    app_id: &str,
    kind: &str,
    created: &str,
    last_login: &str,
    status: &str,
    suspend: bool,
) -> BasicDeviceObject {
    BasicDeviceObject::builder()
        .app_id(app_id)
        .r#type(kind)
        .created(created)
        .last_login(last_login)
        .status_text(status)
        .suspend(suspend)
        .build()
}

#[tokio::test]
async fn list_devices_for_user_answers_the_seeded_devices() {
    let (_sandbox, wickr) = client().await;
    let list = |user: &str| wickr.list_devices_for_user().network_id(OPS).user_id(user);
    let amara = list(ADMIN).send().await.unwrap();
    assert_eq!(
        amara.devices(),
        [
            device(
                AMARA_ANDROID,
                "Android",
                "2024-04-22T00:00:00Z",
                "2024-06-01T00:00:00Z",
                "Active",
                false
            ),
            device(
                AMARA_MAC,
                "MacOSX",
                "2024-03-23T00:00:00Z",
                "2024-05-29T00:00:00Z",
                "Active",
                false
            ),
            device(
                AMARA_WINDOWS,
                "Windows",
                "2024-02-22T00:00:00Z",
                "2024-05-26T00:00:00Z",
                "Active",
                false
            ),
        ]
    );
    assert_eq!(amara.next_token(), None);

    let nadia = list(NADIA).send().await.unwrap();
    let status: Vec<_> = nadia
        .devices()
        .iter()
        .map(|d| (d.app_id(), d.status_text(), d.r#type()))
        .collect();
    assert_eq!(
        status,
        [
            (Some(NADIA_LINUX), Some("Reset"), Some("Linux")),
            (
                Some("452e206c21d3cde9346afae6f116dde3"),
                Some("Active"),
                Some("iOS")
            ),
        ]
    );
    // A suspended user's devices read suspended; someone never signed in has none.
    let quentin = list(SUSPENDED).send().await.unwrap();
    assert_eq!(quentin.devices().len(), 3);
    assert!(quentin.devices().iter().all(|d| d.suspend() == Some(true)));
    assert_eq!(list(INVITED).send().await.unwrap().devices(), []);
    assert_eq!(list("1004").send().await.unwrap().devices(), []);
}

#[tokio::test]
async fn list_devices_for_user_sorts_and_pages() {
    let (_sandbox, wickr) = client().await;
    let list = || wickr.list_devices_for_user().network_id(OPS).user_id(ADMIN);
    let by_login = list()
        .sort_fields("lastlogin")
        .sort_direction(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(
        app_ids(&by_login),
        [AMARA_WINDOWS, AMARA_MAC, AMARA_ANDROID]
    );
    // Only sortFields: descending, as documented.
    let by_type = list().sort_fields("type").send().await.unwrap();
    assert_eq!(app_ids(&by_type), [AMARA_WINDOWS, AMARA_MAC, AMARA_ANDROID]);
    let by_type = list()
        .sort_fields("suspend+type")
        .sort_direction(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(app_ids(&by_type), [AMARA_ANDROID, AMARA_MAC, AMARA_WINDOWS]);
    let by_created = list()
        .sort_direction(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(
        app_ids(&by_created),
        [AMARA_WINDOWS, AMARA_MAC, AMARA_ANDROID]
    );

    let first = list().max_results(2).send().await.unwrap();
    assert_eq!(app_ids(&first), [AMARA_ANDROID, AMARA_MAC]);
    let token = first.next_token().expect("a third device is left");
    let second = list()
        .max_results(2)
        .next_token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(app_ids(&second), [AMARA_WINDOWS]);
    assert_eq!(second.next_token(), None);
    let mut paged = list().max_results(1).into_paginator().items().send();
    let mut walked = Vec::new();
    while let Some(device) = paged.next().await {
        walked.push(device.unwrap().app_id().unwrap().to_owned());
    }
    assert_eq!(walked, [AMARA_ANDROID, AMARA_MAC, AMARA_WINDOWS]);
}

#[tokio::test]
async fn list_devices_for_user_rejects_what_it_cannot_serve() {
    let (_sandbox, wickr) = client().await;
    let list = || wickr.list_devices_for_user().network_id(OPS).user_id(ADMIN);
    let reasons = |err: ListDevicesForUserError| {
        let ListDevicesForUserError::ValidationError(e) = err else {
            panic!("{err:?}")
        };
        e.reasons()
            .iter()
            .map(|r| {
                (
                    r.field().unwrap().to_owned(),
                    r.reason().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (err, status) = fails!(list().sort_fields("lastLogin").send());
    assert_eq!(
        reasons(err),
        [(
            "sortFields".to_owned(),
            "1 validation error detected: Value at 'sortFields' failed to satisfy constraint: Member must be one or more of [lastlogin, type, suspend, created] joined by '+'".to_owned()
        )]
    );
    assert_eq!(status, Some(422));
    for bad in [0, 101] {
        let (err, _) = fails!(list().max_results(bad).send());
        assert_eq!(reasons(err)[0].0, "maxResults");
    }
    let (err, _) = fails!(list().next_token("0123456789abcdef").send());
    assert_eq!(reasons(err)[0].0, "nextToken");
    let (err, _) = fails!(list().sort_direction(SortDirection::from("NEWEST")).send());
    assert_eq!(reasons(err)[0].0, "sortDirection");
    let (err, _) = fails!(list().user_id("12a").send());
    assert_eq!(
        reasons(err),
        [(
            "userId".to_owned(),
            "1 validation error detected: Value at 'userId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+".to_owned()
        )]
    );
    let (err, _) = fails!(list().network_id("2468135").send());
    assert_eq!(reasons(err)[0].0, "networkId");

    let (err, status) = fails!(list().user_id("4242").send());
    let ListDevicesForUserError::ResourceNotFoundError(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message(),
        Some("User 4242 was not found in network 24681357.")
    );
    assert_eq!(status, Some(404));
    let (err, status) = fails!(list().network_id(UNKNOWN_NETWORK).send());
    let ListDevicesForUserError::ResourceNotFoundError(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), Some("Network 99999999 was not found."));
    assert_eq!(status, Some(404));
    // Amara is a user of Meridian Operations only.
    let (err, _) = fails!(list().network_id(FIELD).send());
    assert!(
        matches!(err, ListDevicesForUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn batch_reset_devices_for_user_marks_each_device_or_says_why_not() {
    let (_sandbox, wickr) = client().await;
    let reset = |app_ids: &[&str]| {
        wickr
            .batch_reset_devices_for_user()
            .network_id(OPS)
            .user_id(ADMIN)
            .set_app_ids(Some(app_ids.iter().map(|s| (*s).to_owned()).collect()))
            .send()
    };
    let answer = reset(&[AMARA_MAC, "not-a-device", AMARA_MAC])
        .await
        .unwrap();
    assert_eq!(answer.message(), Some("Reset 1 of 2 devices."));
    assert_eq!(
        answer.successful(),
        [BatchDeviceSuccessResponseItem::builder()
            .app_id(AMARA_MAC)
            .build()
            .unwrap()]
    );
    assert_eq!(
        answer.failed(),
        [BatchDeviceErrorResponseItem::builder()
            .app_id("not-a-device")
            .field("appIds")
            .reason("No device with this appId is registered to user 1001.")
            .build()
            .unwrap()]
    );
    let devices = wickr
        .list_devices_for_user()
        .network_id(OPS)
        .user_id(ADMIN)
        .send()
        .await
        .unwrap();
    let status: Vec<_> = devices
        .devices()
        .iter()
        .map(|d| (d.app_id().unwrap(), d.status_text().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            (AMARA_ANDROID, "Active"),
            (AMARA_MAC, "Reset"),
            (AMARA_WINDOWS, "Active")
        ],
        "a reset device stays listed, marked Reset"
    );

    // Resetting it again, and a device of another user, answer as before.
    let again = reset(&[AMARA_MAC, NADIA_LINUX]).await.unwrap();
    assert_eq!(again.message(), Some("Reset 1 of 2 devices."));
    assert_eq!(again.failed()[0].app_id(), NADIA_LINUX);
    let none = reset(&[]).await.unwrap();
    assert_eq!(
        (none.message(), none.successful(), none.failed()),
        (Some("Reset 0 of 0 devices."), &[][..], &[][..])
    );
}

#[tokio::test]
async fn batch_reset_devices_for_user_rejects_bad_requests() {
    let (_sandbox, wickr) = client().await;
    let reset = || {
        wickr
            .batch_reset_devices_for_user()
            .network_id(OPS)
            .user_id(ADMIN)
            .app_ids(AMARA_MAC)
    };
    let fields = |err: BatchResetDevicesForUserError| {
        let BatchResetDevicesForUserError::ValidationError(e) = err else {
            panic!("{err:?}")
        };
        e.reasons()
            .iter()
            .filter_map(|r| r.field().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let (err, status) = fails!(reset().set_app_ids(None).send());
    assert_eq!(
        err.message(),
        Some(
            "1 validation error detected: Value at 'appIds' failed to satisfy constraint: Member must not be null"
        )
    );
    assert_eq!(fields(err), ["appIds"]);
    assert_eq!(status, Some(422));
    let many: Vec<String> = (0..51).map(|i| format!("app-{i}")).collect();
    let (err, _) = fails!(reset().set_app_ids(Some(many)).send());
    assert_eq!(
        err.message(),
        Some(
            "1 validation error detected: Value at 'appIds' failed to satisfy constraint: Member must have length less than or equal to 50"
        )
    );
    let (err, _) = fails!(reset().client_token("not a token").send());
    assert_eq!(fields(err), ["clientToken"]);
    let (err, _) = fails!(reset().user_id("12345678901").send());
    assert_eq!(fields(err), ["userId"]);
    let (err, _) = fails!(reset().network_id("abc").send());
    assert_eq!(fields(err), ["networkId"]);
    let (err, status) = fails!(reset().user_id("4242").send());
    assert!(
        matches!(err, BatchResetDevicesForUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(reset().network_id(UNKNOWN_NETWORK).send());
    assert!(
        matches!(err, BatchResetDevicesForUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    // A client token of the model's shape is taken.
    reset().client_token("retry-7:a_b").send().await.unwrap();
}

#[tokio::test]
async fn malformed_device_requests_answer_wickr_shapes() {
    let (sandbox, _) = client().await;
    let addr = sandbox.sandbox.addr;
    let devices = format!("/networks/{OPS}/users/{ADMIN}/devices");
    let (status, error_type, _) = raw(addr, "PATCH", &devices, "{oops").await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestError"));
    let (status, error_type, body) = raw(addr, "PATCH", &devices, r#"{"appIds":[1,2]}"#).await;
    assert_eq!((status, error_type.as_str()), (422, "ValidationError"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        serde_json::json!({
            "message": "1 validation error detected: Value at 'appIds' failed to satisfy constraint: Member must be a list of strings",
            "reasons": [{
                "field": "appIds",
                "reason": "1 validation error detected: Value at 'appIds' failed to satisfy constraint: Member must be a list of strings",
            }],
        })
    );
    let (status, error_type, _) = raw(addr, "GET", &format!("{devices}?maxResults=all"), "").await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestError"));
}

#[tokio::test]
async fn device_operations_answer_injected_faults_for_the_user() {
    let (sandbox, wickr) = client().await;
    let state = &sandbox.sandbox.state;
    for operation in ["ListDevicesForUser", "BatchResetDevicesForUser"] {
        state.add_fault(sandbox::Fault {
            service: "wickr".into(),
            operation: Some(operation.into()),
            target: ADMIN.into(),
            error: "RateLimitError".into(),
            times: Some(1),
        });
    }
    let (err, status) = fails!(
        wickr
            .list_devices_for_user()
            .network_id(OPS)
            .user_id(ADMIN)
            .send()
    );
    assert!(
        matches!(err, ListDevicesForUserError::RateLimitError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(429));
    let (err, _) = fails!(
        wickr
            .batch_reset_devices_for_user()
            .network_id(OPS)
            .user_id(ADMIN)
            .app_ids(AMARA_MAC)
            .send()
    );
    assert!(
        matches!(err, BatchResetDevicesForUserError::RateLimitError(_)),
        "{err:?}"
    );
    // The failed reset changed nothing.
    let devices = wickr
        .list_devices_for_user()
        .network_id(OPS)
        .user_id(ADMIN)
        .send()
        .await
        .unwrap();
    assert!(
        devices
            .devices()
            .iter()
            .all(|d| d.status_text() == Some("Active"))
    );
}
