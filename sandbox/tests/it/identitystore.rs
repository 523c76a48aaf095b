//! The identity store through the real `aws-sdk-identitystore` client: listing and describing
//! users, attribute-operation updates with revisions, creation, invalid input, unknown
//! resources, pagination and injected faults.

use crate::common;

use std::collections::HashMap;

use aws_sdk_identitystore::Client;
use aws_sdk_identitystore::error::ProvideErrorMetadata;
use aws_sdk_identitystore::operation::describe_user::DescribeUserOutput;
use aws_sdk_identitystore::operation::update_user::UpdateUserError;
use aws_sdk_identitystore::types::{
    AttributeOperation, ConflictExceptionReason, Email, Filter, Name, ResourceType, User,
    UserStatus,
};
use aws_smithy_types::{Document, Number};
use sandbox::Fault;
use serde_json::{Value, json};

const STORE: &str = "d-9067a1b2c3";
const STORE_ARN: &str = "arn:aws:identitystore::123456789012:identitystore/d-9067a1b2c3";
const OTHER_STORE: &str = "d-90660f4e7d";
const ENTERPRISE: &str = "aws:identitystore:enterprise";
/// Users seeded in each store.
const STORE_USERS: usize = 30;
const OTHER_STORE_USERS: usize = 12;
/// A well-formed id that belongs to no user.
const NO_SUCH_USER: &str = "9067a1b2c3-00000000-0000-4000-8000-000000000000";

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

/// A JSON value as the SDK's document type, so operations read like the wire.
fn doc(value: Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(b),
        Value::Number(n) => Document::Number(match n.as_u64() {
            Some(u) => Number::PosInt(u),
            None => Number::Float(n.as_f64().unwrap_or_default()),
        }),
        Value::String(s) => Document::String(s),
        Value::Array(items) => Document::Array(items.into_iter().map(doc).collect()),
        Value::Object(fields) => {
            Document::Object(fields.into_iter().map(|(k, v)| (k, doc(v))).collect())
        }
    }
}

fn set(path: &str, value: Value) -> AttributeOperation {
    AttributeOperation::builder()
        .attribute_path(path)
        .attribute_value(doc(value))
        .build()
        .expect("path is set")
}

fn remove(path: &str) -> AttributeOperation {
    AttributeOperation::builder()
        .attribute_path(path)
        .build()
        .expect("path is set")
}

async fn all_users(client: &Client, store: &str) -> Vec<User> {
    client
        .list_users()
        .identity_store_id(store)
        .into_paginator()
        .page_size(7)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page")
}

/// The user id of the seeded user at `index` in the first store.
async fn seeded_id(client: &Client, index: usize) -> String {
    all_users(client, STORE).await[index].user_id().to_owned()
}

async fn describe(client: &Client, user_id: &str) -> DescribeUserOutput {
    client
        .describe_user()
        .identity_store_id(STORE)
        .user_id(user_id)
        .send()
        .await
        .expect("DescribeUser")
}

fn fault(operation: &str, target: &str, error: &str) -> Fault {
    Fault {
        service: "identitystore".into(),
        operation: Some(operation.into()),
        target: target.into(),
        error: error.into(),
        times: Some(1),
    }
}

// ---- ListUsers --------------------------------------------------------------------------------

#[tokio::test]
async fn list_users_walks_each_store_in_pages() {
    let (_sandbox, client) = client().await;
    let users = all_users(&client, STORE).await;
    assert_eq!(users.len(), STORE_USERS);
    let mut ids: Vec<_> = users.iter().map(User::user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), STORE_USERS, "no user twice across pages");
    assert!(
        users
            .iter()
            .all(|u| u.user_id().starts_with("9067a1b2c3-") && u.identity_store_id() == STORE)
    );
    assert_eq!(
        all_users(&client, OTHER_STORE).await.len(),
        OTHER_STORE_USERS
    );
    assert_eq!(
        all_users(&client, STORE_ARN).await.len(),
        STORE_USERS,
        "the store can be named by ARN"
    );

    let first = client
        .list_users()
        .identity_store_id(STORE)
        .max_results(25)
        .send()
        .await
        .unwrap();
    assert_eq!(first.users().len(), 25);
    let rest = client
        .list_users()
        .identity_store_id(STORE)
        .next_token(first.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.users().len(), STORE_USERS - 25);
    assert_eq!(rest.next_token(), None);
}

#[tokio::test]
async fn list_users_answers_whole_users_with_gaps() {
    let (_sandbox, client) = client().await;
    let users = all_users(&client, STORE).await;
    for user in &users {
        assert!(
            user.user_arn()
                .starts_with("arn:aws:identitystore:::user/9067a1b2c3-")
        );
        assert!(user.revision().parse::<u64>().is_ok());
        assert!(user.user_name().is_some());
        assert!(user.display_name().is_some());
        assert_eq!(user.emails().len(), 1);
        assert!(user.created_at().is_some() && user.updated_at().is_some());
        assert!(user.created_by().is_some() && user.updated_by().is_some());
        assert!(
            user.extensions().is_none(),
            "extensions only when asked for"
        );
    }
    assert!(users.iter().any(|u| u.phone_numbers().is_empty()));
    assert!(users.iter().any(|u| u.addresses().is_empty()));
    assert!(users.iter().any(|u| u.title().is_none()));
    assert!(users.iter().any(|u| u.photos().len() == 2));
    assert!(
        users
            .iter()
            .any(|u| u.user_status() == Some(&UserStatus::Disabled))
    );
    let external = all_users(&client, OTHER_STORE).await;
    assert!(external.iter().all(|u| u.external_ids().len() == 1));

    let with_extensions = client
        .list_users()
        .identity_store_id(STORE)
        .extensions(ENTERPRISE)
        .send()
        .await
        .unwrap();
    let extended = with_extensions
        .users()
        .iter()
        .filter_map(User::extensions)
        .filter(|e| e.contains_key(ENTERPRISE))
        .count();
    assert_eq!(extended, STORE_USERS / 2);
}

#[tokio::test]
#[expect(
    deprecated,
    reason = "AWS deprecates ListUsers filters but still serves them; the sandbox must too"
)]
async fn list_users_filters_on_user_name() {
    let (_sandbox, client) = client().await;
    for wanted in ["amara.okafor", "AMARA.Okafor"] {
        let found = client
            .list_users()
            .identity_store_id(STORE)
            .filters(
                Filter::builder()
                    .attribute_path("UserName")
                    .attribute_value(wanted)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(found.users().len(), 1, "{wanted}");
        assert_eq!(found.users()[0].user_name(), Some("amara.okafor"));
    }
}

#[tokio::test]
#[expect(
    deprecated,
    reason = "AWS deprecates ListUsers filters but still serves them; the sandbox must too"
)]
async fn list_users_refuses_invalid_input() {
    let (_sandbox, client) = client().await;
    let filter = |path: &str, value: &str| {
        Filter::builder()
            .attribute_path(path)
            .attribute_value(value)
            .build()
            .unwrap()
    };
    let display_name = client
        .list_users()
        .identity_store_id(STORE)
        .filters(filter("DisplayName", "Amara Okafor"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(display_name.is_validation_exception(), "{display_name:?}");
    let two_filters = client
        .list_users()
        .identity_store_id(STORE)
        .filters(filter("UserName", "a"))
        .filters(filter("UserName", "b"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(two_filters.is_validation_exception());
    assert_eq!(
        two_filters.message(),
        Some(
            "1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to 1"
        )
    );
    let bad_path = client
        .list_users()
        .identity_store_id(STORE)
        .filters(filter("user_name", "a"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_path.is_validation_exception());
    for max in [0, 101] {
        let err = client
            .list_users()
            .identity_store_id(STORE)
            .max_results(max)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "MaxResults {max}");
    }
    for token in ["has spaces!", "0123456789abcdef"] {
        let err = client
            .list_users()
            .identity_store_id(STORE)
            .next_token(token)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "token {token}");
    }
    let bad_extension = client
        .list_users()
        .identity_store_id(STORE)
        .extensions("aws:identitystore:custom")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_extension.is_validation_exception());
    let bad_store = client
        .list_users()
        .identity_store_id("store-1")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_store.is_validation_exception());
    let missing_store = client
        .list_users()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing_store.is_validation_exception());
    assert_eq!(
        missing_store.message(),
        Some(
            "1 validation error detected: Value at 'identityStoreId' failed to satisfy constraint: Member must not be null"
        )
    );
}

#[tokio::test]
async fn list_users_of_an_unknown_store_is_resource_not_found() {
    let (_sandbox, client) = client().await;
    let err = client
        .list_users()
        .identity_store_id("d-0000000000")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let aws_sdk_identitystore::operation::list_users::ListUsersError::ResourceNotFoundException(e) =
        err
    else {
        panic!("expected ResourceNotFoundException, got {err:?}");
    };
    assert_eq!(e.resource_type(), Some(&ResourceType::IdentityStore));
    assert_eq!(e.resource_id(), Some("d-0000000000"));
}

// ---- DescribeUser -----------------------------------------------------------------------------

#[tokio::test]
async fn describe_user_answers_the_whole_user() {
    let (_sandbox, client) = client().await;
    let listed = all_users(&client, STORE).await;
    let first = &listed[0];
    let user = describe(&client, first.user_id()).await;
    assert_eq!(user.user_name(), Some("amara.okafor"));
    assert_eq!(user.display_name(), Some("Amara Okafor"));
    let name = user.name().expect("name");
    assert_eq!(name.given_name(), Some("Amara"));
    assert_eq!(name.family_name(), Some("Okafor"));
    assert_eq!(user.emails()[0].value(), Some("amara.okafor@example.com"));
    assert!(user.emails()[0].primary());
    assert_eq!(user.addresses()[0].locality(), Some("Seattle"));
    assert_eq!(user.locale(), Some("en-US"));
    assert_eq!(user.timezone(), Some("America/Los_Angeles"));
    assert_eq!(user.user_status(), Some(&UserStatus::Enabled));
    assert_eq!(user.revision(), first.revision());
    assert_eq!(user.user_arn(), first.user_arn());
    assert!(user.created_at().unwrap().secs() > 1_600_000_000);
    assert!(user.extensions().is_none());

    let by_arn = client
        .describe_user()
        .identity_store_id(STORE_ARN)
        .user_id(first.user_arn())
        .extensions(ENTERPRISE)
        .send()
        .await
        .expect("ids in ARN form");
    assert_eq!(by_arn.user_id(), first.user_id());
    let enterprise = &by_arn.extensions().expect("requested")[ENTERPRISE];
    let Document::Object(fields) = enterprise else {
        panic!("the enterprise extension is an object: {enterprise:?}");
    };
    assert!(fields.contains_key("employeeNumber"));
}

#[tokio::test]
async fn describe_user_refuses_unknown_and_invalid_ids() {
    let (_sandbox, client) = client().await;
    let unknown = client
        .describe_user()
        .identity_store_id(STORE)
        .user_id(NO_SUCH_USER)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown.is_resource_not_found_exception());
    let aws_sdk_identitystore::operation::describe_user::DescribeUserError::ResourceNotFoundException(
        e,
    ) = unknown
    else {
        unreachable!()
    };
    assert_eq!(e.resource_type(), Some(&ResourceType::User));
    assert_eq!(e.resource_id(), Some(NO_SUCH_USER));

    // A user of the other store is not found in this one.
    let other = all_users(&client, OTHER_STORE).await[0]
        .user_id()
        .to_owned();
    let err = client
        .describe_user()
        .identity_store_id(STORE)
        .user_id(other)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception());

    for bad in ["not-a-user-id", "9067a1b2c3-1234"] {
        let err = client
            .describe_user()
            .identity_store_id(STORE)
            .user_id(bad)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{bad}");
    }
    let unknown_store = client
        .describe_user()
        .identity_store_id("d-0000000000")
        .user_id(NO_SUCH_USER)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown_store.is_resource_not_found_exception());
    assert_eq!(unknown_store.code(), Some("ResourceNotFoundException"));
}

// ---- UpdateUser -------------------------------------------------------------------------------

#[tokio::test]
async fn update_user_applies_attribute_operations() {
    let (_sandbox, client) = client().await;
    let id = seeded_id(&client, 1).await;
    let before = describe(&client, &id).await;
    assert!(!before.phone_numbers().is_empty(), "user 1 has a phone");
    let revision: u64 = before.revision().parse().unwrap();

    let answer = client
        .update_user()
        .identity_store_id(STORE)
        .user_id(&id)
        .operations(set("displayName", json!("Hiro Rahimi")))
        .operations(set("name.givenName", json!("Hiro")))
        .operations(set("name.middleName", json!("Kenta")))
        .operations(set(
            "emails",
            json!([{"value": "hiro@example.com", "type": "work", "primary": true}]),
        ))
        .operations(set(
            "addresses",
            json!([{"StreetAddress": "1 Main St", "Locality": "Springfield", "Country": "US"}]),
        ))
        .operations(set("title", json!("Staff Engineer")))
        .operations(set("timezone", json!("Europe/Lisbon")))
        .operations(remove("phoneNumbers"))
        .operations(set("nickName", Value::Null))
        .send()
        .await
        .expect("UpdateUser");
    assert_eq!(answer.identity_store_id(), STORE);
    assert_eq!(answer.user_id(), id);
    assert_eq!(answer.user_arn(), before.user_arn());
    assert_eq!(answer.revision(), (revision + 1).to_string());

    let after = describe(&client, &id).await;
    assert_eq!(after.revision(), answer.revision());
    assert_eq!(after.display_name(), Some("Hiro Rahimi"));
    let name = after.name().unwrap();
    assert_eq!(name.given_name(), Some("Hiro"));
    assert_eq!(name.middle_name(), Some("Kenta"));
    assert_eq!(name.family_name(), Some("Rahimi"), "other name parts stay");
    assert_eq!(after.emails().len(), 1);
    assert_eq!(after.emails()[0].value(), Some("hiro@example.com"));
    assert_eq!(after.emails()[0].r#type(), Some("work"));
    assert_eq!(after.addresses()[0].locality(), Some("Springfield"));
    assert_eq!(
        after.addresses()[0].region(),
        None,
        "lists are replaced whole"
    );
    assert_eq!(after.title(), Some("Staff Engineer"));
    assert_eq!(after.timezone(), Some("Europe/Lisbon"));
    assert!(after.phone_numbers().is_empty());
    assert_eq!(after.nick_name(), None);
    assert_eq!(after.user_name(), before.user_name());
    assert!(after.updated_at().unwrap() > before.updated_at().unwrap());
    assert_eq!(after.created_at(), before.created_at());
    assert_ne!(after.updated_by(), before.updated_by());
}

#[tokio::test]
async fn update_user_checks_the_revision() {
    let (_sandbox, client) = client().await;
    let id = seeded_id(&client, 2).await;
    let current = describe(&client, &id).await.revision().to_owned();
    let update = |revision: &str| {
        client
            .update_user()
            .identity_store_id(STORE)
            .user_id(&id)
            .revision(revision)
            .operations(set("title", json!("Principal Engineer")))
            .send()
    };
    let ok = update(&current).await.expect("the current revision");
    assert_ne!(ok.revision(), current);

    let stale = update(&current).await.unwrap_err().into_service_error();
    let UpdateUserError::ConflictException(conflict) = stale else {
        panic!("expected ConflictException, got {stale:?}");
    };
    assert_eq!(
        conflict.reason(),
        Some(&ConflictExceptionReason::ConcurrentModification)
    );

    for bad in ["abc", ""] {
        let err = update(bad).await.unwrap_err().into_service_error();
        assert!(err.is_validation_exception(), "revision {bad:?}");
    }
}

#[tokio::test]
async fn update_user_keeps_user_names_unique() {
    let (_sandbox, client) = client().await;
    let users = all_users(&client, STORE).await;
    let (a, b) = (&users[3], &users[4]);
    let taken = b.user_name().unwrap().to_uppercase();
    let err = client
        .update_user()
        .identity_store_id(STORE)
        .user_id(a.user_id())
        .operations(set("userName", json!(taken)))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let UpdateUserError::ConflictException(conflict) = err else {
        panic!("expected ConflictException, got {err:?}");
    };
    assert_eq!(
        conflict.reason(),
        Some(&ConflictExceptionReason::UniquenessConstraintViolation)
    );

    let renamed = client
        .update_user()
        .identity_store_id(STORE)
        .user_id(a.user_id())
        .operations(set("userName", json!("renamed.person")))
        .send()
        .await;
    assert!(renamed.is_ok(), "{renamed:?}");
    assert_eq!(
        describe(&client, a.user_id()).await.user_name(),
        Some("renamed.person")
    );
}

#[tokio::test]
async fn update_user_refuses_invalid_operations() {
    let (_sandbox, client) = client().await;
    let id = seeded_id(&client, 5).await;
    let before = describe(&client, &id).await;
    let update = |operations: Vec<AttributeOperation>| {
        client
            .update_user()
            .identity_store_id(STORE)
            .user_id(&id)
            .set_operations(Some(operations))
            .send()
    };
    let photo = |n: u32| json!({"value": format!("https://avatars.example.com/{n}.png")});
    let cases: Vec<(&str, Vec<AttributeOperation>)> = vec![
        ("no operations", vec![]),
        (
            "101 operations",
            (0..101)
                .map(|i| set("title", json!(format!("T{i}"))))
                .collect(),
        ),
        ("unknown path", vec![set("favouriteColour", json!("teal"))]),
        (
            "path into a list",
            vec![set("emails.value", json!("a@b.c"))],
        ),
        ("path pattern", vec![set("emails[0].value", json!("a@b.c"))]),
        ("empty string", vec![set("displayName", json!(""))]),
        (
            "1025 characters",
            vec![set("displayName", json!("x".repeat(1025)))],
        ),
        (
            "control character",
            vec![set("displayName", json!("s3cr3t-value\u{1}"))],
        ),
        ("not a string", vec![set("title", json!(42))]),
        ("user name with space", vec![set("userName", json!("a b"))]),
        (
            "user name of 129",
            vec![set("userName", json!("u".repeat(129)))],
        ),
        ("remove user name", vec![remove("userName")]),
        (
            "two emails",
            vec![set(
                "emails",
                json!([{"value": "a@b.c"}, {"value": "d@e.f"}]),
            )],
        ),
        ("empty list", vec![set("phoneNumbers", json!([]))]),
        ("list not a list", vec![set("roles", json!({"value": "x"}))]),
        (
            "unknown member",
            vec![set("emails", json!([{"address": "a@b.c"}]))],
        ),
        (
            "primary not a bool",
            vec![set("emails", json!([{"primary": "yes"}]))],
        ),
        (
            "four photos",
            vec![set(
                "photos",
                json!([photo(1), photo(2), photo(3), photo(4)]),
            )],
        ),
        (
            "photo without value",
            vec![set("photos", json!([{"type": "photo"}]))],
        ),
        (
            "one bad operation among good ones",
            vec![
                set("title", json!("Changed")),
                set("displayName", json!("")),
            ],
        ),
    ];
    for (case, operations) in cases {
        let err = update(operations).await.unwrap_err().into_service_error();
        assert!(err.is_validation_exception(), "{case}: {err:?}");
        let message = err.message().unwrap_or_default();
        assert!(
            !message.contains("teal") && !message.contains("s3cr3t"),
            "{case}: values are never echoed: {message}"
        );
        if case == "unknown path" {
            assert_eq!(
                message,
                "Invalid attribute path favouriteColour: it names no attribute of a user."
            );
        }
        if case == "path into a list" {
            assert_eq!(
                message,
                "Unsupported update operation on multi-value attribute emails, please provide full replacement of Multi-Value attribute types"
            );
        }
    }
    // Three photos are allowed; 1024 characters are.
    update(vec![
        set("photos", json!([photo(1), photo(2), photo(3)])),
        set("displayName", json!("d".repeat(1024))),
    ])
    .await
    .expect("the boundaries are allowed");
    let after = describe(&client, &id).await;
    assert_eq!(after.photos().len(), 3);
    assert_eq!(
        after.title(),
        before.title(),
        "refused updates changed nothing"
    );
    assert_eq!(
        after.revision(),
        (before.revision().parse::<u64>().unwrap() + 1).to_string()
    );
}

#[tokio::test]
async fn update_user_of_unknown_resources_is_resource_not_found() {
    let (_sandbox, client) = client().await;
    let err = client
        .update_user()
        .identity_store_id(STORE)
        .user_id(NO_SUCH_USER)
        .operations(set("title", json!("x")))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let UpdateUserError::ResourceNotFoundException(e) = err else {
        panic!("expected ResourceNotFoundException, got {err:?}");
    };
    assert_eq!(e.resource_type(), Some(&ResourceType::User));

    let err = client
        .update_user()
        .identity_store_id("d-0000000000")
        .user_id(NO_SUCH_USER)
        .operations(set("title", json!("x")))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let UpdateUserError::ResourceNotFoundException(e) = err else {
        panic!("expected ResourceNotFoundException, got {err:?}");
    };
    assert_eq!(e.resource_type(), Some(&ResourceType::IdentityStore));
}

// ---- CreateUser -------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_adds_a_user_to_the_store() {
    let (_sandbox, client) = client().await;
    let created = client
        .create_user()
        .identity_store_id(OTHER_STORE)
        .user_name("new.person@labs.example.org")
        .display_name("New Person")
        .name(
            Name::builder()
                .given_name("New")
                .family_name("Person")
                .build(),
        )
        .emails(
            Email::builder()
                .value("new.person@labs.example.org")
                .r#type("work")
                .primary(true)
                .build(),
        )
        .extensions(
            ENTERPRISE,
            Document::Object(HashMap::from([(
                "department".to_owned(),
                Document::String("Research".into()),
            )])),
        )
        .send()
        .await
        .expect("CreateUser");
    assert_eq!(created.identity_store_id(), OTHER_STORE);
    assert!(created.user_id().starts_with("90660f4e7d-"));
    assert_eq!(created.revision(), "1");

    let user = client
        .describe_user()
        .identity_store_id(OTHER_STORE)
        .user_id(created.user_id())
        .extensions(ENTERPRISE)
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_name(), Some("new.person@labs.example.org"));
    assert_eq!(user.name().unwrap().family_name(), Some("Person"));
    assert_eq!(
        user.emails()[0].value(),
        Some("new.person@labs.example.org")
    );
    assert_eq!(user.user_status(), Some(&UserStatus::Enabled));
    assert!(user.extensions().unwrap().contains_key(ENTERPRISE));
    assert_eq!(
        all_users(&client, OTHER_STORE).await.len(),
        OTHER_STORE_USERS + 1
    );
}

#[tokio::test]
async fn create_user_refuses_duplicates_and_invalid_input() {
    let (_sandbox, client) = client().await;
    let duplicate = client
        .create_user()
        .identity_store_id(STORE)
        .user_name("Amara.Okafor")
        .display_name("Another Amara")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let aws_sdk_identitystore::operation::create_user::CreateUserError::ConflictException(conflict) =
        duplicate
    else {
        panic!("expected ConflictException, got {duplicate:?}");
    };
    assert_eq!(
        conflict.reason(),
        Some(&ConflictExceptionReason::UniquenessConstraintViolation)
    );

    let no_name = client
        .create_user()
        .identity_store_id(STORE)
        .display_name("Nameless")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(no_name.is_validation_exception());

    let two_emails = client
        .create_user()
        .identity_store_id(STORE)
        .user_name("two.emails")
        .emails(Email::builder().value("a@example.com").build())
        .emails(Email::builder().value("b@example.com").build())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(two_emails.is_validation_exception());

    let long_title = client
        .create_user()
        .identity_store_id(STORE)
        .user_name("long.title")
        .title("t".repeat(1025))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(long_title.is_validation_exception());

    let bad_extension = client
        .create_user()
        .identity_store_id(STORE)
        .user_name("bad.extension")
        .extensions("aws:identitystore:custom", Document::Object(HashMap::new()))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_extension.is_validation_exception());

    let unknown_store = client
        .create_user()
        .identity_store_id("d-0000000000")
        .user_name("someone")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown_store.is_resource_not_found_exception());

    assert_eq!(all_users(&client, STORE).await.len(), STORE_USERS);
}

// ---- Fault injection --------------------------------------------------------------------------

#[tokio::test]
async fn injected_faults_answer_the_real_shapes() {
    let (sandbox, client) = client().await;
    let state = &sandbox.sandbox.state;
    let id = seeded_id(&client, 6).await;
    let update = || {
        client
            .update_user()
            .identity_store_id(STORE)
            .user_id(&id)
            .operations(set("title", json!("Injected")))
            .send()
    };

    state.add_fault(fault("UpdateUser", &id, "ThrottlingException"));
    let err = update().await.unwrap_err().into_service_error();
    let UpdateUserError::ThrottlingException(throttled) = err else {
        panic!("expected ThrottlingException, got {err:?}");
    };
    assert_eq!(throttled.retry_after_seconds(), 1);

    state.add_fault(fault("UpdateUser", &id, "ConflictException"));
    let err = update().await.unwrap_err().into_service_error();
    assert!(err.is_conflict_exception());

    state.add_fault(fault("UpdateUser", &id, "InternalServerException"));
    let err = update().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(500));
    assert!(err.into_service_error().is_internal_server_exception());

    state.add_fault(fault("UpdateUser", &id, "AccessDeniedException"));
    assert!(
        update()
            .await
            .unwrap_err()
            .into_service_error()
            .is_access_denied_exception()
    );

    state.add_fault(fault("UpdateUser", &id, "ServiceQuotaExceededException"));
    assert!(
        update()
            .await
            .unwrap_err()
            .into_service_error()
            .is_service_quota_exceeded_exception()
    );

    state.add_fault(fault("DescribeUser", &id, "ResourceNotFoundException"));
    let err = client
        .describe_user()
        .identity_store_id(STORE)
        .user_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception());

    state.add_fault(fault("ListUsers", STORE, "ThrottlingException"));
    let err = client
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_throttling_exception());

    state.add_fault(fault("UpdateUser", &id, "SomethingUnheardOf"));
    let err = update().await.unwrap_err().into_service_error();
    assert_eq!(err.code(), Some("SomethingUnheardOf"));

    // Every fault above was for one call: the update now goes through.
    update().await.expect("no fault left");
    assert_eq!(describe(&client, &id).await.title(), Some("Injected"));
}
