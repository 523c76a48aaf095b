//! Amazon MQ through the real `aws-sdk-mq` client: every user operation, each kind of bad
//! input with its boundaries, pending changes applied by a reboot, pagination and faults.

mod reboot;

use crate::common::{self, raw};

use aws_sdk_mq::Client;
use aws_sdk_mq::error::ProvideErrorMetadata;
use aws_sdk_mq::operation::create_user::CreateUserError;
use aws_sdk_mq::operation::describe_broker::DescribeBrokerError;
use aws_sdk_mq::operation::describe_user::DescribeUserError;
use aws_sdk_mq::operation::list_brokers::ListBrokersError;
use aws_sdk_mq::operation::list_users::ListUsersError;
use aws_sdk_mq::operation::reboot_broker::RebootBrokerError;
use aws_sdk_mq::operation::update_user::UpdateUserError;
use aws_sdk_mq::types::{BrokerState, ChangeType, DeploymentMode, EngineType};

const ORDERS: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const PAYMENTS: &str = "b-4a7e2c91-0b3d-4f6a-8e5c-2d9b1a7f3e60";
const RABBIT: &str = "b-7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
const UNKNOWN: &str = "b-00000000-0000-4000-8000-000000000000";
const ORDERS_USERS: usize = 28;
const GOOD_PASSWORD: &str = "Str0ng-Broker-Pass";

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

#[tokio::test]
async fn list_brokers_pages_through_the_seed() {
    let (_sandbox, mq) = client().await;
    let all = mq.list_brokers().send().await.unwrap();
    assert_eq!(all.broker_summaries().len(), 4);
    assert!(all.next_token().is_none());
    let orders = &all.broker_summaries()[0];
    assert_eq!(orders.broker_name(), Some("orders-prod"));
    assert_eq!(orders.broker_id(), Some(ORDERS));
    assert_eq!(orders.engine_type(), Some(&EngineType::Activemq));
    assert_eq!(
        orders.deployment_mode(),
        Some(&DeploymentMode::ActiveStandbyMultiAz)
    );
    assert_eq!(orders.broker_state(), Some(&BrokerState::Running));
    assert!(
        orders.created().is_some(),
        "created parses as an ISO 8601 date"
    );

    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = mq
            .list_brokers()
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.broker_summaries()
                .iter()
                .filter_map(|b| b.broker_name().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(
        names,
        [
            "orders-prod",
            "payments-staging",
            "inventory-dev",
            "analytics-events"
        ]
    );
}

#[tokio::test]
async fn list_brokers_rejects_bad_paging() {
    let (_sandbox, mq) = client().await;
    for bad in [0, 101] {
        let (err, status) = fails!(mq.list_brokers().max_results(bad).send());
        let ListBrokersError::BadRequestException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.error_attribute(), Some("maxResults"));
        assert_eq!(status, Some(400));
    }
    assert!(mq.list_brokers().max_results(100).send().await.is_ok());
    let (err, _) = fails!(mq.list_brokers().next_token("not-a-token").send());
    let ListBrokersError::BadRequestException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("nextToken"));
}

#[tokio::test]
async fn describe_broker_shows_instances_and_users() {
    let (_sandbox, mq) = client().await;
    let broker = mq.describe_broker().broker_id(ORDERS).send().await.unwrap();
    assert_eq!(broker.broker_name(), Some("orders-prod"));
    assert_eq!(broker.engine_version(), Some("5.18"));
    assert_eq!(broker.host_instance_type(), Some("mq.m5.large"));
    assert_eq!(broker.broker_instances().len(), 2);
    let console = broker.broker_instances()[0].console_url().unwrap();
    assert!(console.starts_with(&format!("https://{ORDERS}-1.mq.us-east-1.amazonaws.com")));
    assert_eq!(broker.users().len(), ORDERS_USERS);
    assert!(broker.created().is_some());
    assert!(broker.data_replication_metadata().is_some());

    let (err, status) = fails!(mq.describe_broker().broker_id(UNKNOWN).send());
    let DescribeBrokerError::NotFoundException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("broker-id"));
    assert_eq!(status, Some(404));
    let (err, _) = fails!(mq.describe_broker().broker_id("orders-prod").send());
    assert!(
        matches!(err, DescribeBrokerError::NotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_users_pages_and_shows_pending_changes() {
    let (_sandbox, mq) = client().await;
    let mut users = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = mq
            .list_users()
            .broker_id(ORDERS)
            .max_results(10)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert_eq!(page.broker_id(), Some(ORDERS));
        assert_eq!(page.max_results(), Some(10));
        users.extend(page.users().iter().cloned());
        pages += 1;
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(users.len(), ORDERS_USERS);
    let pending: Vec<_> = users
        .iter()
        .filter_map(|u| {
            u.pending_change()
                .map(|c| (u.username().unwrap_or_default(), c.clone()))
        })
        .collect();
    assert_eq!(
        pending,
        [
            ("fulfilment-api", ChangeType::Update),
            ("returns-service", ChangeType::Create)
        ]
    );

    // Below the output model's minimum of 5, a page still holds 5.
    let small = mq
        .list_users()
        .broker_id(ORDERS)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(small.users().len(), 5);
    assert_eq!(small.max_results(), Some(5));
    let payments = mq.list_users().broker_id(PAYMENTS).send().await.unwrap();
    assert_eq!(payments.users().len(), 5);
}

#[tokio::test]
async fn list_users_rejects_what_it_cannot_serve() {
    let (_sandbox, mq) = client().await;
    let (err, _) = fails!(mq.list_users().broker_id(UNKNOWN).send());
    assert!(
        matches!(err, ListUsersError::NotFoundException(_)),
        "{err:?}"
    );
    for bad in [0, 101] {
        let (err, _) = fails!(mq.list_users().broker_id(ORDERS).max_results(bad).send());
        let ListUsersError::BadRequestException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.error_attribute(), Some("maxResults"));
    }
    let (err, _) = fails!(
        mq.list_users()
            .broker_id(ORDERS)
            .next_token("0123456789abcdef")
            .send()
    );
    let ListUsersError::BadRequestException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("nextToken"));
    // RabbitMQ users are not managed through this API.
    let (err, _) = fails!(mq.list_users().broker_id(RABBIT).send());
    assert!(
        matches!(err, ListUsersError::BadRequestException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn describe_user_shows_live_and_pending_values() {
    let (_sandbox, mq) = client().await;
    let admin = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("admin")
        .send()
        .await
        .unwrap();
    assert_eq!(admin.username(), Some("admin"));
    assert_eq!(admin.broker_id(), Some(ORDERS));
    assert_eq!(admin.console_access(), Some(true));
    assert_eq!(admin.groups(), ["admins"]);
    assert_eq!(admin.replication_user(), Some(false));
    assert!(admin.pending().is_none());

    let replicator = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("crdr-replicator")
        .send()
        .await
        .unwrap();
    assert_eq!(replicator.replication_user(), Some(true));

    let updating = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("fulfilment-api")
        .send()
        .await
        .unwrap();
    assert_eq!(updating.console_access(), Some(false));
    let pending = updating.pending().unwrap();
    assert_eq!(pending.pending_change(), Some(&ChangeType::Update));
    assert_eq!(pending.console_access(), Some(true));
    assert_eq!(pending.groups(), ["orders-writers", "ops"]);

    let creating = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("returns-service")
        .send()
        .await
        .unwrap();
    assert_eq!(
        creating.console_access(),
        None,
        "no live values before the reboot"
    );
    assert_eq!(
        creating.pending().unwrap().pending_change(),
        Some(&ChangeType::Create)
    );
}

#[tokio::test]
async fn describe_user_rejects_bad_names_and_unknown_users() {
    let (_sandbox, mq) = client().await;
    for bad in [
        "a".to_owned(),
        "a".repeat(101),
        "bad name".to_owned(),
        "x@y".to_owned(),
    ] {
        let (err, status) = fails!(mq.describe_user().broker_id(ORDERS).username(bad).send());
        let DescribeUserError::BadRequestException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.error_attribute(), Some("username"));
        assert_eq!(status, Some(400));
    }
    let (err, status) = fails!(
        mq.describe_user()
            .broker_id(ORDERS)
            .username("nobody")
            .send()
    );
    let DescribeUserError::NotFoundException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("username"));
    assert_eq!(status, Some(404));
    let (err, _) = fails!(
        mq.describe_user()
            .broker_id(UNKNOWN)
            .username("admin")
            .send()
    );
    let DescribeUserError::NotFoundException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("broker-id"));
    // The longest and shortest names the rule allows reach the lookup.
    for edge in ["ab".to_owned(), "a".repeat(100), "a-b.c_d~e".to_owned()] {
        let (err, _) = fails!(mq.describe_user().broker_id(ORDERS).username(edge).send());
        assert!(
            matches!(err, DescribeUserError::NotFoundException(_)),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn create_user_records_a_pending_creation() {
    let (_sandbox, mq) = client().await;
    mq.create_user()
        .broker_id(ORDERS)
        .username("reporting-bot")
        .password(GOOD_PASSWORD)
        .console_access(true)
        .groups("orders-readers")
        .send()
        .await
        .unwrap();
    let user = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("reporting-bot")
        .send()
        .await
        .unwrap();
    let pending = user.pending().unwrap();
    assert_eq!(pending.pending_change(), Some(&ChangeType::Create));
    assert_eq!(pending.console_access(), Some(true));
    assert_eq!(pending.groups(), ["orders-readers"]);

    let (err, status) = fails!(
        mq.create_user()
            .broker_id(ORDERS)
            .username("admin")
            .password(GOOD_PASSWORD)
            .send()
    );
    let CreateUserError::ConflictException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some("username"));
    assert_eq!(status, Some(409));
    let (err, _) = fails!(
        mq.create_user()
            .broker_id(ORDERS)
            .username("reporting-bot")
            .password(GOOD_PASSWORD)
            .send()
    );
    assert!(
        matches!(err, CreateUserError::ConflictException(_)),
        "{err:?}"
    );

    let (err, _) = fails!(
        mq.create_user()
            .broker_id(UNKNOWN)
            .username("someone")
            .password(GOOD_PASSWORD)
            .send()
    );
    assert!(
        matches!(err, CreateUserError::NotFoundException(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        mq.create_user()
            .broker_id(RABBIT)
            .username("someone")
            .password(GOOD_PASSWORD)
            .send()
    );
    assert!(
        matches!(err, CreateUserError::BadRequestException(_)),
        "{err:?}"
    );
}

/// Asserts that creating `username` with `password` and `groups` fails on `attribute`.
async fn create_rejected(
    mq: &Client,
    username: &str,
    password: Option<&str>,
    groups: Option<Vec<String>>,
    attribute: &str,
) {
    let (err, status) = fails!(
        mq.create_user()
            .broker_id(ORDERS)
            .username(username)
            .set_password(password.map(str::to_owned))
            .set_groups(groups)
            .send()
    );
    let CreateUserError::BadRequestException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error_attribute(), Some(attribute));
    assert_eq!(status, Some(400));
    if let Some(password) = password {
        assert!(
            !e.message().unwrap_or_default().contains(password),
            "the message must not echo the password"
        );
    }
}

#[tokio::test]
async fn create_user_enforces_password_rules() {
    let (_sandbox, mq) = client().await;
    create_rejected(&mq, "pw-missing", None, None, "password").await;
    create_rejected(&mq, "pw-short", Some("Abcdefghij1"), None, "password").await; // 11
    create_rejected(&mq, "pw-repeats", Some("abcabcabcabc"), None, "password").await; // 3 unique
    create_rejected(&mq, "pw-comma", Some("Abcdefghij1,"), None, "password").await;
    create_rejected(&mq, "pw-colon", Some("Abcdefghij1:"), None, "password").await;
    create_rejected(&mq, "pw-equals", Some("Abcdefghij1="), None, "password").await;
    create_rejected(&mq, "pw-long", Some(&"abcd".repeat(63)), None, "password").await; // 252
    // The boundaries that pass: 12 characters, 4 unique characters, 250 characters.
    for (name, password) in [
        ("pw-twelve", "Abcdefghij12".to_owned()),
        ("pw-four", "abcdabcdabcd".to_owned()),
        ("pw-max", "abcde".repeat(50)),
    ] {
        mq.create_user()
            .broker_id(ORDERS)
            .username(name)
            .password(password)
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn create_user_enforces_name_and_group_rules() {
    let (_sandbox, mq) = client().await;
    create_rejected(&mq, "x", Some(GOOD_PASSWORD), None, "username").await;
    create_rejected(&mq, &"x".repeat(101), Some(GOOD_PASSWORD), None, "username").await;
    create_rejected(&mq, "no*stars", Some(GOOD_PASSWORD), None, "username").await;
    let many = |n: usize| Some((0..n).map(|i| format!("group-{i}")).collect::<Vec<_>>());
    create_rejected(
        &mq,
        "too-many-groups",
        Some(GOOD_PASSWORD),
        many(21),
        "groups",
    )
    .await;
    create_rejected(
        &mq,
        "short-group",
        Some(GOOD_PASSWORD),
        Some(vec!["g".into()]),
        "groups",
    )
    .await;
    create_rejected(
        &mq,
        "long-group",
        Some(GOOD_PASSWORD),
        Some(vec!["g".repeat(101)]),
        "groups",
    )
    .await;
    create_rejected(
        &mq,
        "odd-group",
        Some(GOOD_PASSWORD),
        Some(vec!["ops team".into()]),
        "groups",
    )
    .await;
    mq.create_user()
        .broker_id(ORDERS)
        .username("twenty-groups")
        .password(GOOD_PASSWORD)
        .set_groups(many(20))
        .send()
        .await
        .unwrap();
    mq.create_user()
        .broker_id(ORDERS)
        .username("edge-groups")
        .password(GOOD_PASSWORD)
        .groups("ab")
        .groups("g".repeat(100))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn update_user_is_pending_until_the_reboot() {
    let (_sandbox, mq) = client().await;
    mq.update_user()
        .broker_id(ORDERS)
        .username("billing-worker")
        .console_access(true)
        .groups("billing")
        .groups("ops")
        .password("N3w-Billing-Secret")
        .send()
        .await
        .unwrap();
    let user = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("billing-worker")
        .send()
        .await
        .unwrap();
    assert_eq!(
        user.console_access(),
        Some(false),
        "live values do not change before the reboot"
    );
    assert_eq!(user.groups(), ["orders-readers", "billing"]);
    let pending = user.pending().unwrap();
    assert_eq!(pending.pending_change(), Some(&ChangeType::Update));
    assert_eq!(pending.console_access(), Some(true));
    assert_eq!(pending.groups(), ["billing", "ops"]);

    // A second update builds on the first: only the given member changes.
    mq.update_user()
        .broker_id(ORDERS)
        .username("billing-worker")
        .console_access(false)
        .send()
        .await
        .unwrap();
    let user = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("billing-worker")
        .send()
        .await
        .unwrap();
    let pending = user.pending().unwrap();
    assert_eq!(pending.console_access(), Some(false));
    assert_eq!(pending.groups(), ["billing", "ops"]);

    // Updating a user whose creation is pending keeps it a creation.
    mq.update_user()
        .broker_id(ORDERS)
        .username("returns-service")
        .console_access(true)
        .send()
        .await
        .unwrap();
    let listed = mq.list_users().broker_id(ORDERS).send().await.unwrap();
    let returns = listed
        .users()
        .iter()
        .find(|u| u.username() == Some("returns-service"))
        .unwrap();
    assert_eq!(returns.pending_change(), Some(&ChangeType::Create));

    mq.reboot_broker().broker_id(ORDERS).send().await.unwrap();
    let broker = mq.describe_broker().broker_id(ORDERS).send().await.unwrap();
    assert_eq!(broker.broker_state(), Some(&BrokerState::Running));
    assert!(broker.users().iter().all(|u| u.pending_change().is_none()));
    let user = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("billing-worker")
        .send()
        .await
        .unwrap();
    assert_eq!(user.console_access(), Some(false));
    assert_eq!(user.groups(), ["billing", "ops"]);
    assert!(user.pending().is_none());
    let returns = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("returns-service")
        .send()
        .await
        .unwrap();
    assert_eq!(returns.console_access(), Some(true));
    assert_eq!(returns.groups(), ["orders-writers", "orders-readers"]);
    let fulfilment = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("fulfilment-api")
        .send()
        .await
        .unwrap();
    assert_eq!(fulfilment.console_access(), Some(true));
    assert_eq!(fulfilment.groups(), ["orders-writers", "ops"]);
}

#[tokio::test]
async fn update_user_rejects_bad_input_and_unknown_users() {
    let (_sandbox, mq) = client().await;
    let check = |err: UpdateUserError, attribute: &str| {
        let UpdateUserError::BadRequestException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.error_attribute(), Some(attribute));
    };
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("admin")
            .password("Abcdefghij1")
            .send()
    );
    check(err, "password");
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("admin")
            .password("aaaabbbbcccc")
            .send()
    );
    check(err, "password");
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("admin")
            .password("key=value-pass")
            .send()
    );
    check(err, "password");
    let groups: Vec<String> = (0..21).map(|i| format!("g{i:02}")).collect();
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("admin")
            .set_groups(Some(groups))
            .send()
    );
    check(err, "groups");
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("a")
            .console_access(true)
            .send()
    );
    check(err, "username");
    let (err, status) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("nobody")
            .console_access(true)
            .send()
    );
    assert!(
        matches!(err, UpdateUserError::NotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(
        mq.update_user()
            .broker_id(UNKNOWN)
            .username("admin")
            .console_access(true)
            .send()
    );
    assert!(
        matches!(err, UpdateUserError::NotFoundException(_)),
        "{err:?}"
    );
    // Nothing was recorded by the failed calls.
    let admin = mq
        .describe_user()
        .broker_id(ORDERS)
        .username("admin")
        .send()
        .await
        .unwrap();
    assert!(admin.pending().is_none());
}

#[tokio::test]
async fn reboot_broker_needs_a_known_broker() {
    let (_sandbox, mq) = client().await;
    let (err, status) = fails!(mq.reboot_broker().broker_id(UNKNOWN).send());
    assert!(
        matches!(err, RebootBrokerError::NotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    mq.reboot_broker().broker_id(PAYMENTS).send().await.unwrap();
}

#[tokio::test]
async fn injected_faults_answer_the_requested_shape() {
    let (sandbox, mq) = client().await;
    let state = &sandbox.sandbox.state;
    state.add_fault(sandbox::Fault {
        service: "mq".into(),
        operation: Some("UpdateUser".into()),
        target: "admin".into(),
        error: "ConflictException".into(),
        times: Some(1),
    });
    let (err, status) = fails!(
        mq.update_user()
            .broker_id(ORDERS)
            .username("admin")
            .console_access(false)
            .send()
    );
    assert!(
        matches!(err, UpdateUserError::ConflictException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(409));
    mq.update_user()
        .broker_id(ORDERS)
        .username("admin")
        .console_access(false)
        .send()
        .await
        .unwrap();

    // Any operation on the user, until cleared; other users are untouched.
    state.add_fault(sandbox::Fault {
        service: "mq".into(),
        operation: None,
        target: "monitoring".into(),
        error: "InternalServerErrorException".into(),
        times: None,
    });
    for _ in 0..2 {
        let (err, status) = fails!(
            mq.describe_user()
                .broker_id(ORDERS)
                .username("monitoring")
                .send()
        );
        assert!(
            matches!(err, DescribeUserError::InternalServerErrorException(_)),
            "{err:?}"
        );
        assert_eq!(status, Some(500));
    }
    let (err, status) = fails!(
        mq.create_user()
            .broker_id(ORDERS)
            .username("monitoring")
            .password(GOOD_PASSWORD)
            .send()
    );
    assert!(
        matches!(err, CreateUserError::InternalServerErrorException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(500));
    mq.describe_user()
        .broker_id(ORDERS)
        .username("admin")
        .send()
        .await
        .unwrap();
    state.clear_faults();
    mq.describe_user()
        .broker_id(ORDERS)
        .username("monitoring")
        .send()
        .await
        .unwrap();

    state.add_fault(sandbox::Fault {
        service: "mq".into(),
        operation: Some("DescribeUser".into()),
        target: "admin".into(),
        error: "ForbiddenException".into(),
        times: Some(1),
    });
    let (err, status) = fails!(
        mq.describe_user()
            .broker_id(ORDERS)
            .username("admin")
            .send()
    );
    assert!(
        matches!(err, DescribeUserError::ForbiddenException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(403));

    // A code MQ does not have still reaches the client, as a 400 with that code.
    state.add_fault(sandbox::Fault {
        service: "mq".into(),
        operation: Some("DescribeUser".into()),
        target: "admin".into(),
        error: "ThrottlingException".into(),
        times: Some(1),
    });
    let (err, status) = fails!(
        mq.describe_user()
            .broker_id(ORDERS)
            .username("admin")
            .send()
    );
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(status, Some(400));

    // RebootBroker's fault target is the broker id.
    state.add_fault(sandbox::Fault {
        service: "mq".into(),
        operation: Some("RebootBroker".into()),
        target: ORDERS.into(),
        error: "InternalServerErrorException".into(),
        times: Some(1),
    });
    let (err, _) = fails!(mq.reboot_broker().broker_id(ORDERS).send());
    assert!(
        matches!(err, RebootBrokerError::InternalServerErrorException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn malformed_requests_answer_bad_request() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let admin = format!("/v1/brokers/{ORDERS}/users/admin");
    let (status, error_type, body) = raw(addr, "PUT", &admin, "{oops").await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestException"));
    assert_eq!(
        body,
        r#"{"errorAttribute":"body","message":"The request body is not a valid JSON object."}"#
    );
    let (status, error_type, body) = raw(addr, "PUT", &admin, r#"{"consoleAccess":"yes"}"#).await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestException"));
    assert_eq!(
        body,
        r#"{"errorAttribute":"consoleAccess","message":"consoleAccess must be a boolean."}"#
    );
    let (status, error_type, _) = raw(addr, "PUT", &admin, r#"{"groups":[1,2]}"#).await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestException"));
    let (status, error_type, _) = raw(
        addr,
        "GET",
        &format!("/v1/brokers/{ORDERS}/users?maxResults=lots"),
        "",
    )
    .await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestException"));
    // An empty body is an update that gives no member.
    let (status, _, body) = raw(addr, "PUT", &admin, "").await;
    assert_eq!((status, body.as_str()), (200, "{}"));
}
