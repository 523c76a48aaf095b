//! `RebootBroker` through the real client: what a reboot applies, to which broker, and how an
//! unknown broker is answered.

use aws_sdk_mq::operation::reboot_broker::RebootBrokerError;
use aws_sdk_mq::types::{BrokerState, ChangeType};

use super::{GOOD_PASSWORD, ORDERS, PAYMENTS, RABBIT, UNKNOWN, client};
use crate::common::raw;

#[tokio::test]
async fn a_reboot_applies_the_seeded_pending_changes() {
    let (sandbox, mq) = client().await;
    let describe = |username: &'static str| {
        mq.describe_user()
            .broker_id(ORDERS)
            .username(username)
            .send()
    };
    // The answer is an empty object, as MQ's.
    assert_eq!(
        raw(
            sandbox.sandbox.addr,
            "POST",
            &format!("/v1/brokers/{ORDERS}/reboot"),
            ""
        )
        .await,
        (200, String::new(), "{}".to_owned())
    );

    // fulfilment-api's console access and new group are live.
    let fulfilment = describe("fulfilment-api").await.unwrap();
    assert_eq!(fulfilment.pending(), None);
    assert_eq!(fulfilment.console_access(), Some(true));
    assert_eq!(fulfilment.groups(), ["orders-writers", "ops"]);
    // returns-service exists now, with the values it was created with.
    let returns = describe("returns-service").await.unwrap();
    assert_eq!(returns.pending(), None);
    assert_eq!(
        (
            returns.console_access(),
            returns.groups(),
            returns.replication_user()
        ),
        (
            Some(false),
            &["orders-writers".to_owned(), "orders-readers".to_owned()][..],
            Some(false)
        )
    );
    let listed = mq.list_users().broker_id(ORDERS).send().await.unwrap();
    assert!(listed.users().iter().all(|u| u.pending_change().is_none()));
    let broker = mq.describe_broker().broker_id(ORDERS).send().await.unwrap();
    assert_eq!(broker.broker_state(), Some(&BrokerState::Running));
}

#[tokio::test]
async fn a_reboot_touches_only_its_own_broker() {
    let (_sandbox, mq) = client().await;
    mq.create_user()
        .broker_id(PAYMENTS)
        .username("settlement-job")
        .password(GOOD_PASSWORD)
        .send()
        .await
        .unwrap();
    mq.reboot_broker().broker_id(ORDERS).send().await.unwrap();
    let waiting = mq
        .describe_user()
        .broker_id(PAYMENTS)
        .username("settlement-job")
        .send()
        .await
        .unwrap();
    assert_eq!(
        waiting.pending().and_then(|p| p.pending_change()),
        Some(&ChangeType::Create)
    );
    mq.reboot_broker().broker_id(PAYMENTS).send().await.unwrap();
    let created = mq
        .describe_user()
        .broker_id(PAYMENTS)
        .username("settlement-job")
        .send()
        .await
        .unwrap();
    assert_eq!(created.pending(), None);
    assert_eq!(created.console_access(), Some(false));
    // A RabbitMQ broker reboots too (it has no users to apply).
    mq.reboot_broker().broker_id(RABBIT).send().await.unwrap();
}

#[tokio::test]
async fn a_reboot_of_an_unknown_broker_is_not_found() {
    let (_sandbox, mq) = client().await;
    let (err, status) = fails!(mq.reboot_broker().broker_id(UNKNOWN).send());
    let RebootBrokerError::NotFoundException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.message(), e.error_attribute(), status),
        (
            Some(
                "Can't find requested broker [b-00000000-0000-4000-8000-000000000000]. Make sure your broker exists."
            ),
            Some("broker-id"),
            Some(404)
        )
    );
    // A name is not an id, and is not repeated back.
    let (err, _) = fails!(mq.reboot_broker().broker_id("orders-prod").send());
    let RebootBrokerError::NotFoundException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message(),
        Some("Can't find requested broker []. Make sure your broker exists.")
    );
}
