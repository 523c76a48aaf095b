//! MemoryDB users through the real `aws-sdk-memorydb` client: every operation with valid input,
//! each kind of invalid input, unknown users, pagination, the `modifying` cycle and injected faults.

use crate::common;

use std::time::Duration;

use aws_sdk_memorydb::Client;
use aws_sdk_memorydb::error::ProvideErrorMetadata;
use aws_sdk_memorydb::operation::create_user::CreateUserError;
use aws_sdk_memorydb::operation::describe_users::DescribeUsersError;
use aws_sdk_memorydb::operation::update_user::UpdateUserError;
use aws_sdk_memorydb::types::{
    AuthenticationMode, AuthenticationType, Filter, InputAuthenticationType, Tag, User,
};
use sandbox::{Fault, Options};

/// Users in the seed.
const SEEDED_USERS: usize = 30;

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

fn passwords(passwords: &[&str]) -> AuthenticationMode {
    AuthenticationMode::builder()
        .r#type(InputAuthenticationType::Password)
        .set_passwords(Some(passwords.iter().map(|p| (*p).to_owned()).collect()))
        .build()
}

fn iam() -> AuthenticationMode {
    AuthenticationMode::builder()
        .r#type(InputAuthenticationType::Iam)
        .build()
}

fn filter(name: &str, values: &[&str]) -> Filter {
    Filter::builder()
        .name(name)
        .set_values(Some(values.iter().map(|v| (*v).to_owned()).collect()))
        .build()
        .expect("name and values are set")
}

async fn describe(client: &Client, name: &str) -> User {
    let mut users = client
        .describe_users()
        .user_name(name)
        .send()
        .await
        .expect("DescribeUsers")
        .users
        .unwrap_or_default();
    assert_eq!(users.len(), 1);
    users.remove(0)
}

fn fault(operation: &str, target: &str, error: &str, times: Option<u32>) -> Fault {
    Fault {
        service: "memorydb".into(),
        operation: Some(operation.into()),
        target: target.into(),
        error: error.into(),
        times,
    }
}

// ---- DescribeUsers ----------------------------------------------------------------------------

#[tokio::test]
async fn describe_users_walks_the_whole_seed_in_pages() {
    let (_sandbox, client) = client().await;
    let users: Vec<User> = client
        .describe_users()
        .into_paginator()
        .page_size(7)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(users.len(), SEEDED_USERS);
    let mut names: Vec<_> = users.iter().filter_map(|u| u.name.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), SEEDED_USERS, "no user twice across pages");

    let first = client.describe_users().max_results(7).send().await.unwrap();
    assert_eq!(first.users().len(), 7);
    let token = first.next_token().expect("more pages").to_owned();
    let second = client
        .describe_users()
        .max_results(100)
        .next_token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(second.users().len(), SEEDED_USERS - 7);
    assert_eq!(second.next_token(), None);
}

#[tokio::test]
async fn describe_users_answers_the_aws_shape() {
    let (_sandbox, client) = client().await;
    let default = describe(&client, "default").await;
    assert_eq!(default.status(), Some("active"));
    assert_eq!(default.access_string(), Some("on ~* &* +@all"));
    assert_eq!(default.acl_names(), ["open-access"]);
    let auth = default.authentication().expect("authentication");
    assert_eq!(auth.r#type(), Some(&AuthenticationType::NoPassword));
    assert_eq!(auth.password_count(), None);

    let rotating = describe(&client, "app-orders-rotating").await;
    let auth = rotating.authentication().unwrap();
    assert_eq!(auth.r#type(), Some(&AuthenticationType::Password));
    assert_eq!(auth.password_count(), Some(2));
    assert_eq!(
        rotating.arn(),
        Some("arn:aws:memorydb:us-east-1:123456789012:user/app-orders-rotating")
    );
    assert_eq!(rotating.minimum_engine_version(), Some("6.2"));

    let iam_user = describe(&client, "svc-search-indexer").await;
    assert_eq!(
        iam_user.authentication().unwrap().r#type(),
        Some(&AuthenticationType::Iam)
    );
    assert_eq!(iam_user.minimum_engine_version(), Some("7.0"));
    assert_eq!(
        describe(&client, "app-reader").await.access_string(),
        Some("on ~app:* -@all +@read")
    );
}

#[tokio::test]
async fn describe_users_filters_by_name_and_access_string() {
    let (_sandbox, client) = client().await;
    let named = client
        .describe_users()
        .filters(filter("UserName", &["app-orders", "ops-admin", "nobody"]))
        .send()
        .await
        .unwrap();
    let names: Vec<_> = named.users().iter().filter_map(|u| u.name()).collect();
    assert_eq!(names, ["app-orders", "ops-admin"]);

    let read_only = client
        .describe_users()
        .filters(filter("access-string", &["on ~* &* -@all +@read"]))
        .send()
        .await
        .unwrap();
    assert_eq!(read_only.users().len(), 3);

    // Filters combine with AND.
    let both = client
        .describe_users()
        .filters(filter("user-name", &["etl-nightly", "app-orders"]))
        .filters(filter("AccessString", &["on ~* &* -@all +@read"]))
        .send()
        .await
        .unwrap();
    let names: Vec<_> = both.users().iter().filter_map(|u| u.name()).collect();
    assert_eq!(names, ["etl-nightly"]);
}

#[tokio::test]
async fn describe_users_refuses_invalid_input() {
    let (_sandbox, client) = client().await;
    let code = |e: aws_sdk_memorydb::error::SdkError<DescribeUsersError, _>| {
        e.into_service_error().code().map(str::to_owned)
    };
    let unknown_filter = client
        .describe_users()
        .filters(filter("engine", &["redis"]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(unknown_filter).as_deref(),
        Some("InvalidParameterValueException")
    );
    let no_values = client
        .describe_users()
        .filters(filter("UserName", &[]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(no_values).as_deref(),
        Some("InvalidParameterValueException")
    );
    let blank_value = client
        .describe_users()
        .filters(filter("UserName", &["  "]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(blank_value).as_deref(),
        Some("InvalidParameterValueException")
    );
    for max in [0, 101] {
        let err = client
            .describe_users()
            .max_results(max)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(err).as_deref(), Some("InvalidParameterValueException"));
    }
    let bad_token = client
        .describe_users()
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(bad_token).as_deref(),
        Some("InvalidParameterValueException")
    );
    let bad_name = client
        .describe_users()
        .user_name("1-starts-with-a-digit")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(bad_name.code(), Some("InvalidParameterValueException"));
    assert_eq!(
        bad_name.message(),
        Some(
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9\\-]*"
        )
    );
}

#[tokio::test]
async fn describe_users_of_an_unknown_user_is_user_not_found() {
    let (_sandbox, client) = client().await;
    let err = client
        .describe_users()
        .user_name("nobody-here")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_user_not_found_fault(), "{err:?}");
}

// ---- UpdateUser -------------------------------------------------------------------------------

#[tokio::test]
async fn update_user_sets_passwords_and_access_string() {
    let (_sandbox, client) = client().await;
    let shortest = "p".repeat(16);
    let longest = "Q".repeat(128);
    let user = client
        .update_user()
        .user_name("app-orders")
        .authentication_mode(passwords(&[&shortest, &longest]))
        .access_string("on ~orders:* -@all +@read")
        .send()
        .await
        .expect("two passwords of 16 and 128 characters")
        .user
        .unwrap();
    assert_eq!(user.status(), Some("modifying"));
    assert_eq!(user.authentication().unwrap().password_count(), Some(2));
    assert_eq!(user.access_string(), Some("on ~orders:* -@all +@read"));

    let described = describe(&client, "app-orders").await;
    assert_eq!(described.status(), Some("modifying"));
    assert_eq!(
        described.authentication().unwrap().password_count(),
        Some(2)
    );
    assert_eq!(described.access_string(), Some("on ~orders:* -@all +@read"));
}

#[tokio::test]
async fn update_user_switches_between_password_and_iam() {
    let (_sandbox, client) = client().await;
    let to_iam = client
        .update_user()
        .user_name("app-cart")
        .authentication_mode(iam())
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    let auth = to_iam.authentication().unwrap();
    assert_eq!(auth.r#type(), Some(&AuthenticationType::Iam));
    assert_eq!(auth.password_count(), None);
    assert_eq!(to_iam.minimum_engine_version(), Some("7.0"));

    let to_password = client
        .update_user()
        .user_name("svc-feature-flags")
        .authentication_mode(
            AuthenticationMode::builder()
                .passwords("a-new-password-123")
                .build(),
        )
        .send()
        .await
        .expect("passwords without a type mean password mode")
        .user
        .unwrap();
    let auth = to_password.authentication().unwrap();
    assert_eq!(auth.r#type(), Some(&AuthenticationType::Password));
    assert_eq!(auth.password_count(), Some(1));
}

#[tokio::test]
async fn update_user_refuses_invalid_passwords() {
    let (_sandbox, client) = client().await;
    let bad = [
        vec!["p".repeat(15)],
        vec!["p".repeat(129)],
        vec!["sixteen chars ok".to_owned()],
        vec!["sixteen-chars-ok\u{7}".to_owned()],
        vec!["pässword-with-umlaut".to_owned()],
        vec!["p".repeat(16), "q".repeat(16), "r".repeat(16)],
        vec![],
    ];
    for set in bad {
        let refs: Vec<&str> = set.iter().map(String::as_str).collect();
        let err = client
            .update_user()
            .user_name("app-catalog")
            .authentication_mode(passwords(&refs))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            matches!(err, UpdateUserError::InvalidParameterValueException(_)),
            "{} passwords: {err:?}",
            set.len()
        );
        let message = err.message().unwrap_or_default();
        assert!(
            set.iter()
                .all(|p| p.is_empty() || !message.contains(p.as_str()))
        );
    }
    // Nothing was changed by the refused calls.
    let user = describe(&client, "app-catalog").await;
    assert_eq!(user.status(), Some("active"));
    assert_eq!(user.authentication().unwrap().password_count(), Some(1));
}

#[tokio::test]
async fn update_user_refuses_invalid_combinations() {
    let (_sandbox, client) = client().await;
    let iam_with_passwords = client
        .update_user()
        .user_name("app-cart")
        .authentication_mode(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Iam)
                .passwords("a-password-of-16-chars")
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(iam_with_passwords.is_invalid_parameter_combination_exception());

    let password_without_any = client
        .update_user()
        .user_name("app-cart")
        .authentication_mode(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Password)
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(password_without_any.is_invalid_parameter_combination_exception());

    let nothing = client
        .update_user()
        .user_name("app-cart")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        nothing.is_invalid_parameter_combination_exception(),
        "{nothing:?}"
    );
}

#[tokio::test]
async fn update_user_refuses_invalid_names_and_access_strings() {
    let (_sandbox, client) = client().await;
    for access in ["   ", "on >secret ~* +@all", "reset on ~*", "on whatever"] {
        let err = client
            .update_user()
            .user_name("app-cart")
            .access_string(access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            err.is_invalid_parameter_value_exception(),
            "{access}: {err:?}"
        );
    }
    let bad_name = client
        .update_user()
        .user_name("app_cart")
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_name.is_invalid_parameter_value_exception());
    let missing_name = client
        .update_user()
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing_name.is_invalid_parameter_value_exception());
    assert_eq!(
        missing_name.message(),
        Some(
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null"
        )
    );

    let unknown = client
        .update_user()
        .user_name("nobody-here")
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown.is_user_not_found_fault());

    let default = client
        .update_user()
        .user_name("default")
        .access_string("off ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(default.is_invalid_parameter_value_exception());
}

#[tokio::test]
async fn an_updated_user_is_modifying_until_it_settles() {
    let sandbox = common::start_with(Options {
        memorydb_settle: Duration::from_millis(200),
    })
    .await;
    let client = Client::new(&sandbox.config);
    let first = client
        .update_user()
        .user_name("bi-dashboard")
        .access_string("on ~metrics:* -@all +@read +@hash")
        .send()
        .await
        .unwrap();
    assert_eq!(first.user().unwrap().status(), Some("modifying"));

    let again = client
        .update_user()
        .user_name("bi-dashboard")
        .access_string("on ~metrics:* -@all +@read")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(again.is_invalid_user_state_fault(), "{again:?}");
    assert_eq!(
        describe(&client, "bi-dashboard").await.access_string(),
        Some("on ~metrics:* -@all +@read +@hash"),
        "the refused update changed nothing"
    );

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        describe(&client, "bi-dashboard").await.status(),
        Some("active")
    );
    let after = client
        .update_user()
        .user_name("bi-dashboard")
        .access_string("on ~metrics:* -@all +@read")
        .send()
        .await
        .expect("an active user can be updated again");
    assert_eq!(after.user().unwrap().status(), Some("modifying"));
}

// ---- CreateUser -------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_adds_a_listed_user() {
    let (_sandbox, client) = client().await;
    let created = client
        .create_user()
        .user_name("new-service")
        .authentication_mode(passwords(&["a-brand-new-password"]))
        .access_string("on ~new:* +@all -@dangerous")
        .tags(Tag::builder().key("team").value("payments").build())
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(created.name(), Some("new-service"));
    assert_eq!(created.status(), Some("active"));
    assert!(created.acl_names().is_empty());
    assert_eq!(created.authentication().unwrap().password_count(), Some(1));
    assert_eq!(
        describe(&client, "new-service").await.access_string(),
        Some("on ~new:* +@all -@dangerous")
    );

    let iam_user = client
        .create_user()
        .user_name("new-iam")
        .authentication_mode(iam())
        .access_string("on ~* +@read")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(
        iam_user.authentication().unwrap().r#type(),
        Some(&AuthenticationType::Iam)
    );

    let all: Vec<User> = client
        .describe_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), SEEDED_USERS + 2);
}

#[tokio::test]
async fn create_user_refuses_duplicates_and_invalid_input() {
    let (_sandbox, client) = client().await;
    let duplicate = client
        .create_user()
        .user_name("app-orders")
        .authentication_mode(iam())
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(duplicate.is_user_already_exists_fault(), "{duplicate:?}");

    let tags: Vec<Tag> = (0..201)
        .map(|i| Tag::builder().key(format!("k{i}")).value("v").build())
        .collect();
    let too_many_tags = client
        .create_user()
        .user_name("tagged")
        .authentication_mode(iam())
        .access_string("on ~* +@all")
        .set_tags(Some(tags))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            too_many_tags,
            CreateUserError::TagQuotaPerResourceExceeded(_)
        ),
        "{too_many_tags:?}"
    );

    let three = client
        .create_user()
        .user_name("three-passwords")
        .authentication_mode(passwords(&[
            "password-number-1",
            "password-number-2",
            "password-number-3",
        ]))
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(three.is_invalid_parameter_value_exception());

    let no_access = client
        .create_user()
        .user_name("no-access")
        .authentication_mode(iam())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(no_access.is_invalid_parameter_value_exception());

    let no_mode = client
        .create_user()
        .user_name("no-mode")
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(no_mode.is_invalid_parameter_value_exception());

    let iam_with_password = client
        .create_user()
        .user_name("iam-pw")
        .authentication_mode(
            AuthenticationMode::builder()
                .r#type(InputAuthenticationType::Iam)
                .passwords("sixteen-chars-ok")
                .build(),
        )
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(iam_with_password.is_invalid_parameter_combination_exception());

    let bad_name = client
        .create_user()
        .user_name("-leading-dash")
        .authentication_mode(iam())
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_name.is_invalid_parameter_value_exception());

    let all: Vec<User> = client
        .describe_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), SEEDED_USERS, "no refused user was created");
}

// ---- Fault injection --------------------------------------------------------------------------

#[tokio::test]
async fn injected_faults_answer_the_real_shapes() {
    let (sandbox, client) = client().await;
    sandbox.sandbox.state.add_fault(fault(
        "UpdateUser",
        "app-sessions",
        "InvalidUserStateFault",
        Some(1),
    ));
    let err = client
        .update_user()
        .user_name("app-sessions")
        .access_string("on ~session:* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_invalid_user_state_fault(), "{err:?}");
    // `times: 1` is used up: the next call goes through.
    client
        .update_user()
        .user_name("app-sessions")
        .access_string("on ~session:* +@all")
        .send()
        .await
        .expect("the fault was consumed");

    sandbox.sandbox.state.add_fault(fault(
        "DescribeUsers",
        "ops-admin",
        "UserNotFoundFault",
        None,
    ));
    for _ in 0..2 {
        let err = client
            .describe_users()
            .user_name("ops-admin")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_user_not_found_fault());
    }
    // An unfiltered listing is about no particular user: its faults target `*`.
    sandbox
        .sandbox
        .state
        .add_fault(fault("DescribeUsers", "*", "ServiceUnavailable", Some(1)));
    let err = client.describe_users().send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503));
    assert_eq!(err.into_service_error().code(), Some("ServiceUnavailable"));

    sandbox.sandbox.state.add_fault(fault(
        "CreateUser",
        "brand-new",
        "UserQuotaExceededFault",
        Some(1),
    ));
    let err = client
        .create_user()
        .user_name("brand-new")
        .authentication_mode(iam())
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, CreateUserError::UserQuotaExceededFault(_)));

    sandbox.sandbox.state.clear_faults();
    client
        .describe_users()
        .user_name("ops-admin")
        .send()
        .await
        .expect("faults cleared");
}
