//! AWS Wickr through the real `aws-sdk-wickr` client: networks, security groups, users with
//! their filters and sorts, partial updates, every constraint, pagination and faults; the
//! devices and the batch operations in the submodules.

mod batch;
mod devices;

use crate::common::{self, raw};

use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_wickr::Client;
use aws_sdk_wickr::error::ProvideErrorMetadata;
use aws_sdk_wickr::operation::get_user::GetUserError;
use aws_sdk_wickr::operation::list_networks::ListNetworksError;
use aws_sdk_wickr::operation::list_security_groups::ListSecurityGroupsError;
use aws_sdk_wickr::operation::list_users::{ListUsersError, ListUsersOutput};
use aws_sdk_wickr::operation::update_user::UpdateUserError;
use aws_sdk_wickr::types::{AccessLevel, SortDirection, UpdateUserDetails};
use aws_smithy_types::DateTime;

const OPS: &str = "24681357";
const FIELD: &str = "31415926";
const BRIDGE: &str = "27182818";
const UNKNOWN_NETWORK: &str = "99999999";
const OPS_USERS: usize = 28;
/// Security groups of the Meridian Operations network.
const DEFAULT_GROUP: &str = "Kd3mQ8vZ";
const EXECUTIVES: &str = "Xp7LwT2a";
const CONTRACTORS: &str = "Mz2FgK5u";
/// Amara Okafor, the network's admin; Quentin Moreau, suspended; Benedikt Bauer, invited.
const ADMIN: &str = "1001";
const SUSPENDED: &str = "1017";
const INVITED: &str = "1028";

/// The fields a `ValidationError` names.
macro_rules! invalid_fields {
    ($variant:path, $err:expr) => {{
        let err = $err;
        let $variant(e) = err else { panic!("{err:?}") };
        e.reasons()
            .iter()
            .filter_map(|r| r.field().map(str::to_owned))
            .collect::<Vec<_>>()
    }};
}

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn ids(page: &ListUsersOutput) -> Vec<String> {
    page.users()
        .iter()
        .filter_map(|u| u.user_id().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn list_networks_sorts_and_pages() {
    let (_sandbox, wickr) = client().await;
    let all = wickr.list_networks().send().await.unwrap();
    let order: Vec<_> = all.networks().iter().map(|n| n.network_id()).collect();
    assert_eq!(
        order,
        [FIELD, BRIDGE, OPS],
        "networkId, descending by default"
    );
    let ops = all
        .networks()
        .iter()
        .find(|n| n.network_id() == OPS)
        .unwrap();
    assert_eq!(ops.network_name(), "Meridian Operations");
    assert_eq!(ops.access_level(), &AccessLevel::Premium);
    assert_eq!(ops.aws_account_id(), "123456789012");
    assert_eq!(
        ops.network_arn(),
        format!("arn:aws:wickr:us-east-1:123456789012:network/{OPS}")
    );

    let by_name = wickr
        .list_networks()
        .sort_fields("networkName")
        .sort_direction(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = by_name
        .networks()
        .iter()
        .map(|n| n.network_name())
        .collect();
    assert_eq!(
        names,
        [
            "Incident Bridge",
            "Meridian Field Teams",
            "Meridian Operations"
        ]
    );

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = wickr
            .list_networks()
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(page.networks().iter().map(|n| n.network_id().to_owned()));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, order);

    for bad in [0, 101] {
        let (err, status) = fails!(wickr.list_networks().max_results(bad).send());
        assert_eq!(
            invalid_fields!(ListNetworksError::ValidationError, err),
            ["maxResults"]
        );
        assert_eq!(status, Some(422));
    }
    let (err, _) = fails!(wickr.list_networks().next_token("bogus").send());
    assert_eq!(
        invalid_fields!(ListNetworksError::ValidationError, err),
        ["nextToken"]
    );
    let (err, _) = fails!(wickr.list_networks().sort_fields("networkColour").send());
    assert_eq!(
        invalid_fields!(ListNetworksError::ValidationError, err),
        ["sortFields"]
    );
    let (err, _) = fails!(
        wickr
            .list_networks()
            .sort_direction(SortDirection::from("SIDEWAYS"))
            .send()
    );
    assert_eq!(
        invalid_fields!(ListNetworksError::ValidationError, err),
        ["sortDirection"]
    );
}

#[tokio::test]
async fn list_security_groups_carries_full_settings() {
    let (_sandbox, wickr) = client().await;
    let groups = wickr
        .list_security_groups()
        .network_id(OPS)
        .send()
        .await
        .unwrap();
    assert_eq!(groups.security_groups().len(), 5);
    let default = &groups.security_groups()[0];
    assert_eq!(
        (default.id(), default.name(), default.is_default()),
        (DEFAULT_GROUP, "Default", true)
    );
    let settings = default.security_group_settings().unwrap();
    assert_eq!(
        settings.calling().and_then(|c| c.can_start11_call()),
        Some(true)
    );
    assert!(
        settings
            .password_requirements()
            .and_then(|p| p.min_length())
            .is_some()
    );
    assert!(settings.shredder().is_some());
    let contractors = groups
        .security_groups()
        .iter()
        .find(|g| g.id() == CONTRACTORS)
        .unwrap();
    assert_eq!(
        contractors
            .security_group_settings()
            .unwrap()
            .files_enabled(),
        Some(false)
    );
    let members: i32 = groups
        .security_groups()
        .iter()
        .map(|g| g.active_members())
        .sum();
    // Everyone but the suspended user and the two invitations is an active member.
    assert_eq!(members as usize, OPS_USERS - 3);

    let by_name = wickr
        .list_security_groups()
        .network_id(OPS)
        .sort_fields("name")
        .sort_direction(SortDirection::Asc)
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = by_name.security_groups().iter().map(|g| g.name()).collect();
    assert_eq!(names, ["Contractors", "Default"]);
    assert!(by_name.next_token().is_some());

    let field = wickr
        .list_security_groups()
        .network_id(FIELD)
        .send()
        .await
        .unwrap();
    assert_eq!(field.security_groups().len(), 3);
    let (err, status) = fails!(
        wickr
            .list_security_groups()
            .network_id(UNKNOWN_NETWORK)
            .send()
    );
    assert!(
        matches!(err, ListSecurityGroupsError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    for bad in ["1234567", "123456789", "1234567a"] {
        let (err, status) = fails!(wickr.list_security_groups().network_id(bad).send());
        assert_eq!(
            invalid_fields!(ListSecurityGroupsError::ValidationError, err),
            ["networkId"]
        );
        assert_eq!(status, Some(422));
    }
}

#[tokio::test]
async fn list_users_walks_every_page() {
    let (_sandbox, wickr) = client().await;
    let first = wickr.list_users().network_id(OPS).send().await.unwrap();
    assert_eq!(first.users().len(), 10, "10 a page by default");
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = wickr
            .list_users()
            .network_id(OPS)
            .max_results(7)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(ids(&page));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), OPS_USERS);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), OPS_USERS);

    let all = wickr
        .list_users()
        .network_id(OPS)
        .max_results(100)
        .send()
        .await
        .unwrap();
    let admin = &all.users()[0];
    assert_eq!(admin.user_id(), Some(ADMIN));
    assert_eq!(admin.first_name(), Some("Amara"));
    assert_eq!(admin.username(), Some("amara.okafor@meridian-ops.com"));
    assert_eq!(admin.is_admin(), Some(true));
    assert_eq!(admin.security_groups(), [EXECUTIVES]);
    assert_eq!(admin.uname().map(str::len), Some(64));
    assert_eq!(
        all.users()
            .iter()
            .filter(|u| u.suspended() == Some(true))
            .count(),
        1
    );
    assert_eq!(
        wickr
            .list_users()
            .network_id(BRIDGE)
            .max_results(100)
            .send()
            .await
            .unwrap()
            .users()
            .len(),
        5
    );

    for bad in [0, 101] {
        let (err, _) = fails!(wickr.list_users().network_id(OPS).max_results(bad).send());
        assert_eq!(
            invalid_fields!(ListUsersError::ValidationError, err),
            ["maxResults"]
        );
    }
    let (err, _) = fails!(
        wickr
            .list_users()
            .network_id(OPS)
            .next_token("0123456789abcdef")
            .send()
    );
    assert_eq!(
        invalid_fields!(ListUsersError::ValidationError, err),
        ["nextToken"]
    );
    let (err, status) = fails!(wickr.list_users().network_id(UNKNOWN_NETWORK).send());
    assert!(
        matches!(err, ListUsersError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
}

#[tokio::test]
async fn list_users_filters_and_sorts() {
    let (_sandbox, wickr) = client().await;
    let list = || wickr.list_users().network_id(OPS).max_results(100);
    // Case-insensitive substrings: "amA" finds Amara and Tamara.
    let amara = list().first_name("amA").send().await.unwrap();
    assert_eq!(ids(&amara), [ADMIN, "1020"]);
    let okafor = list().last_name("OKAF").send().await.unwrap();
    assert_eq!(ids(&okafor), [ADMIN]);
    let domain = list().username("MERIDIAN-OPS.COM").send().await.unwrap();
    assert_eq!(domain.users().len(), OPS_USERS);
    let pending = list().status(1).send().await.unwrap();
    assert_eq!(pending.users().len(), 2);
    assert!(pending.users().iter().all(|u| u.invite_code().is_some()));
    let expired: Vec<_> = pending
        .users()
        .iter()
        .map(|u| u.is_invite_expired())
        .collect();
    assert_eq!(expired, [Some(true), Some(false)]);
    let contractors = list().group_id(CONTRACTORS).send().await.unwrap();
    assert!(!contractors.users().is_empty());
    assert!(
        contractors
            .users()
            .iter()
            .all(|u| u.security_groups() == [CONTRACTORS])
    );
    let nobody = list().group_id("NoSuchGp").send().await.unwrap();
    assert!(nobody.users().is_empty());

    let by_last = list()
        .sort_fields("lastName")
        .sort_direction(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    let last: Vec<_> = by_last
        .users()
        .iter()
        .filter_map(|u| u.last_name().map(str::to_lowercase))
        .collect();
    let mut sorted = last.clone();
    sorted.sort();
    assert_eq!(last, sorted);
    // Only sortFields: descending, as the API documents.
    let desc = list().sort_fields("status+username").send().await.unwrap();
    let first = &desc.users()[0];
    assert_eq!(first.status(), Some(2));
    let status_then_name: Vec<_> = desc
        .users()
        .iter()
        .map(|u| (u.status(), u.username().map(str::to_owned)))
        .collect();
    let mut expected = status_then_name.clone();
    expected.sort();
    expected.reverse();
    assert_eq!(status_then_name, expected);

    let (err, _) = fails!(list().sort_fields("shoeSize").send());
    assert_eq!(
        invalid_fields!(ListUsersError::ValidationError, err),
        ["sortFields"]
    );
    let (err, _) = fails!(list().sort_direction(SortDirection::from("UP")).send());
    assert_eq!(
        invalid_fields!(ListUsersError::ValidationError, err),
        ["sortDirection"]
    );
    let (err, _) = fails!(list().status(3).send());
    assert_eq!(
        invalid_fields!(ListUsersError::ValidationError, err),
        ["status"]
    );
}

#[tokio::test]
async fn get_user_answers_the_user_or_the_right_error() {
    let (_sandbox, wickr) = client().await;
    let admin = wickr
        .get_user()
        .network_id(OPS)
        .user_id(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(admin.user_id(), ADMIN);
    assert_eq!(admin.first_name(), Some("Amara"));
    assert_eq!(admin.last_name(), Some("Okafor"));
    assert_eq!(admin.is_admin(), Some(true));
    assert_eq!(admin.status(), Some(2));
    assert_eq!(admin.security_group_ids(), [EXECUTIVES]);
    let activity = admin.last_activity().unwrap();
    assert!(admin.last_login().is_some());

    // Activity outside the window is not reported.
    let window = wickr
        .get_user()
        .network_id(OPS)
        .user_id(ADMIN)
        .start_time(DateTime::from_secs(i64::from(activity) + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(window.last_activity(), None);
    let inside = wickr
        .get_user()
        .network_id(OPS)
        .user_id(ADMIN)
        .start_time(DateTime::from_secs(i64::from(activity) - 60))
        .end_time(DateTime::from_secs(i64::from(activity) + 60))
        .send()
        .await
        .unwrap();
    assert_eq!(inside.last_activity(), Some(activity));
    let (err, _) = fails!(
        wickr
            .get_user()
            .network_id(OPS)
            .user_id(ADMIN)
            .start_time(DateTime::from_secs(2_000_000_000))
            .end_time(DateTime::from_secs(1_000_000_000))
            .send()
    );
    assert_eq!(
        invalid_fields!(GetUserError::ValidationError, err),
        ["startTime"]
    );

    let suspended = wickr
        .get_user()
        .network_id(OPS)
        .user_id(SUSPENDED)
        .send()
        .await
        .unwrap();
    assert_eq!(suspended.suspended(), Some(true));
    let invited = wickr
        .get_user()
        .network_id(OPS)
        .user_id(INVITED)
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), Some(1));

    for bad in ["12345678901", "12a", "-1"] {
        let (err, status) = fails!(wickr.get_user().network_id(OPS).user_id(bad).send());
        assert_eq!(
            invalid_fields!(GetUserError::ValidationError, err),
            ["userId"]
        );
        assert_eq!(status, Some(422));
    }
    let (err, _) = fails!(wickr.get_user().network_id("abc").user_id(ADMIN).send());
    assert_eq!(
        invalid_fields!(GetUserError::ValidationError, err),
        ["networkId"]
    );
    let (err, status) = fails!(
        wickr
            .get_user()
            .network_id(OPS)
            .user_id("9999999999")
            .send()
    );
    assert!(
        matches!(err, GetUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(wickr.get_user().network_id(FIELD).user_id(ADMIN).send());
    assert!(
        matches!(err, GetUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        wickr
            .get_user()
            .network_id(UNKNOWN_NETWORK)
            .user_id(ADMIN)
            .send()
    );
    assert!(
        matches!(err, GetUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn update_user_changes_only_what_it_is_given() {
    let (_sandbox, wickr) = client().await;
    let before = wickr
        .get_user()
        .network_id(OPS)
        .user_id("1005")
        .send()
        .await
        .unwrap();
    let updated = wickr
        .update_user()
        .network_id(OPS)
        .user_id("1005")
        .user_details(UpdateUserDetails::builder().first_name("Eleni").build())
        .send()
        .await
        .unwrap();
    assert_eq!(updated.user_id(), "1005");
    assert_eq!(updated.network_id(), OPS);
    assert_eq!(updated.first_name(), Some("Eleni"));
    assert_eq!(updated.last_name(), before.last_name());
    assert_eq!(updated.security_group_ids(), before.security_group_ids());
    assert!(!updated.suspended());
    assert!((now() - i64::from(updated.modified().unwrap())).abs() < 60);
    let after = wickr
        .get_user()
        .network_id(OPS)
        .user_id("1005")
        .send()
        .await
        .unwrap();
    assert_eq!(after.first_name(), Some("Eleni"));
    assert_eq!(after.username(), before.username());

    let moved = wickr
        .update_user()
        .network_id(OPS)
        .user_id("1005")
        .user_details(
            UpdateUserDetails::builder()
                .last_name("Papadaki")
                .username("eleni.papadaki@meridian-ops.com")
                .security_group_ids(CONTRACTORS)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(moved.security_group_ids(), [CONTRACTORS]);
    let after = wickr
        .get_user()
        .network_id(OPS)
        .user_id("1005")
        .send()
        .await
        .unwrap();
    assert_eq!(after.username(), Some("eleni.papadaki@meridian-ops.com"));
    assert_eq!(after.last_name(), Some("Papadaki"));
    assert_eq!(after.security_group_ids(), [CONTRACTORS]);
    // Keeping one's own username (in any case) is not a clash.
    wickr
        .update_user()
        .network_id(OPS)
        .user_id("1005")
        .user_details(
            UpdateUserDetails::builder()
                .username("Eleni.Papadaki@meridian-ops.com")
                .build(),
        )
        .send()
        .await
        .unwrap();
    // No details at all changes nothing and answers the user.
    let same = wickr
        .update_user()
        .network_id(OPS)
        .user_id(SUSPENDED)
        .send()
        .await
        .unwrap();
    assert!(same.suspended());
}

#[tokio::test]
async fn update_user_reflects_invite_settings() {
    let (_sandbox, wickr) = client().await;
    let updated = wickr
        .update_user()
        .network_id(OPS)
        .user_id(INVITED)
        .user_details(
            UpdateUserDetails::builder()
                .invite_code("MRD-0001-NEW")
                .invite_code_ttl(3)
                .code_validation(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(updated.invite_code(), Some("MRD-0001-NEW"));
    assert_eq!(updated.code_validation(), Some(true));
    let expiry = i64::from(updated.invite_expiration().unwrap());
    assert!((expiry - (now() + 3 * 86_400)).abs() < 60, "{expiry}");
    let listed = wickr
        .list_users()
        .network_id(OPS)
        .status(1)
        .send()
        .await
        .unwrap();
    let invited = listed
        .users()
        .iter()
        .find(|u| u.user_id() == Some(INVITED))
        .unwrap();
    assert_eq!(invited.invite_code(), Some("MRD-0001-NEW"));
    assert_eq!(invited.code_validation(), Some(true));
    assert_eq!(invited.is_invite_expired(), Some(false));

    let (err, _) = fails!(
        wickr
            .update_user()
            .network_id(OPS)
            .user_id(INVITED)
            .user_details(UpdateUserDetails::builder().invite_code_ttl(0).build())
            .send()
    );
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.inviteCodeTtl"]
    );
}

#[tokio::test]
async fn update_user_rejects_bad_details() {
    let (_sandbox, wickr) = client().await;
    let update = |details: UpdateUserDetails| {
        wickr
            .update_user()
            .network_id(OPS)
            .user_id("1002")
            .user_details(details)
            .send()
    };
    let (err, status) = fails!(update(
        UpdateUserDetails::builder()
            .security_group_ids("NoSuchGp")
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.securityGroupIds"]
    );
    assert_eq!(status, Some(422));
    // A group of another network does not exist in this one.
    let (err, _) = fails!(update(
        UpdateUserDetails::builder()
            .security_group_ids("Ta8NwE3r")
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.securityGroupIds"]
    );
    let (err, _) = fails!(update(
        UpdateUserDetails::builder()
            .security_group_ids(DEFAULT_GROUP)
            .security_group_ids(EXECUTIVES)
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.securityGroupIds"]
    );
    let (err, _) = fails!(update(
        UpdateUserDetails::builder()
            .set_security_group_ids(Some(vec![]))
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.securityGroupIds"]
    );
    let (err, _) = fails!(update(
        UpdateUserDetails::builder()
            .security_group_ids("has space")
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.securityGroupIds"]
    );
    let (err, _) = fails!(update(
        UpdateUserDetails::builder()
            .username("AMARA.okafor@meridian-ops.com")
            .build()
    ));
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userDetails.username"]
    );
    for bad in ["", "two words@meridian-ops.com"] {
        let (err, _) = fails!(update(UpdateUserDetails::builder().username(bad).build()));
        assert_eq!(
            invalid_fields!(UpdateUserError::ValidationError, err),
            ["userDetails.username"]
        );
    }
    // Nothing was applied by the failed calls.
    let user = wickr
        .get_user()
        .network_id(OPS)
        .user_id("1002")
        .send()
        .await
        .unwrap();
    assert_eq!(user.username(), Some("bjorn.lindqvist@meridian-ops.com"));
    assert_eq!(user.security_group_ids(), [EXECUTIVES]);

    let (err, _) = fails!(
        wickr
            .update_user()
            .network_id(OPS)
            .user_id("12345678901")
            .send()
    );
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["userId"]
    );
    let (err, _) = fails!(
        wickr
            .update_user()
            .network_id("2468135")
            .user_id("1002")
            .send()
    );
    assert_eq!(
        invalid_fields!(UpdateUserError::ValidationError, err),
        ["networkId"]
    );
    let (err, status) = fails!(wickr.update_user().network_id(OPS).user_id("4242").send());
    assert!(
        matches!(err, UpdateUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(
        wickr
            .update_user()
            .network_id(UNKNOWN_NETWORK)
            .user_id("1002")
            .send()
    );
    assert!(
        matches!(err, UpdateUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn malformed_requests_answer_wickr_shapes() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let users = format!("/networks/{OPS}/users");
    let (status, error_type, _) = raw(addr, "PATCH", &users, "{oops").await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestError"));
    let (status, error_type, body) = raw(addr, "PATCH", &users, "{}").await;
    assert_eq!((status, error_type.as_str()), (422, "ValidationError"));
    let not_null = "1 validation error detected: Value at 'userId' failed to satisfy constraint: Member must not be null";
    assert_eq!(
        body,
        format!(
            r#"{{"message":"{not_null}","reasons":[{{"field":"userId","reason":"{not_null}"}}]}}"#
        )
    );
    let (status, error_type, _) = raw(
        addr,
        "PATCH",
        &users,
        r#"{"userId":"1002","userDetails":{"inviteCodeTtl":"soon"}}"#,
    )
    .await;
    assert_eq!((status, error_type.as_str()), (422, "ValidationError"));
    let (status, error_type, _) = raw(addr, "GET", &format!("{users}?maxResults=many"), "").await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestError"));
    let (status, error_type, _) = raw(
        addr,
        "GET",
        &format!("{users}/1001?startTime=yesterday"),
        "",
    )
    .await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestError"));
}

#[tokio::test]
async fn injected_faults_answer_the_requested_shape() {
    let (sandbox, wickr) = client().await;
    let state = &sandbox.sandbox.state;
    let fault = |operation: &str, error: &str| sandbox::Fault {
        service: "wickr".into(),
        operation: Some(operation.into()),
        target: "1002".into(),
        error: error.into(),
        times: Some(1),
    };
    let details = || UpdateUserDetails::builder().first_name("Björn").build();
    state.add_fault(fault("UpdateUser", "RateLimitError"));
    let (err, status) = fails!(
        wickr
            .update_user()
            .network_id(OPS)
            .user_id("1002")
            .user_details(details())
            .send()
    );
    assert!(matches!(err, UpdateUserError::RateLimitError(_)), "{err:?}");
    assert_eq!(status, Some(429));
    wickr
        .update_user()
        .network_id(OPS)
        .user_id("1002")
        .user_details(details())
        .send()
        .await
        .unwrap();

    state.add_fault(fault("UpdateUser", "ValidationError"));
    let (err, status) = fails!(wickr.update_user().network_id(OPS).user_id("1002").send());
    assert!(
        matches!(err, UpdateUserError::ValidationError(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(422));

    for (code, status_code) in [
        ("ForbiddenError", 403),
        ("UnauthorizedError", 401),
        ("InternalServerError", 500),
        ("BadRequestError", 400),
    ] {
        state.add_fault(fault("GetUser", code));
        let (err, status) = fails!(wickr.get_user().network_id(OPS).user_id("1002").send());
        assert_eq!(err.code(), Some(code));
        assert_eq!(status, Some(status_code));
    }
    state.add_fault(fault("GetUser", "ResourceNotFoundError"));
    let (err, _) = fails!(wickr.get_user().network_id(OPS).user_id("1002").send());
    assert!(
        matches!(err, GetUserError::ResourceNotFoundError(_)),
        "{err:?}"
    );
    state.add_fault(fault("GetUser", "ThrottlingException"));
    let (err, status) = fails!(wickr.get_user().network_id(OPS).user_id("1002").send());
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(status, Some(400));
    let user = wickr
        .get_user()
        .network_id(OPS)
        .user_id("1002")
        .send()
        .await
        .unwrap();
    assert_eq!(user.first_name(), Some("Björn"));
}
