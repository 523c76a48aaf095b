//! `RebootBroker` against moto and the sandbox. Before a reboot the two differ on purpose (AWS
//! keeps an ActiveMQ user change pending, moto applies it at once, see `mq_answers_the_same_
//! shapes_as_moto`); after one they must agree, and both brokers are `RUNNING`.

use aws_sdk_mq::config::http::HttpResponse;
use aws_sdk_mq::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_mq::operation::reboot_broker::{RebootBrokerError, RebootBrokerOutput};
use aws_sdk_mq::types::BrokerState;

use super::{
    MQ_PASSWORD, MqUserShape, both, code, create_moto_broker, describe_mq_user, mq_shape,
    seeded_sandbox_broker,
};
use crate::common::{self, Moto};

#[tokio::test]
async fn mq_reboot_brings_the_sandbox_to_what_moto_shows() {
    let moto = Moto::start().await;
    let sandbox = common::start().await;
    let on_moto = aws_sdk_mq::Client::new(&common::sdk_config(&moto.url).await);
    let on_sandbox = aws_sdk_mq::Client::new(&sandbox.config);
    let (moto_broker, _) = create_moto_broker(&on_moto).await;
    let (sandbox_broker, _) = seeded_sandbox_broker(&on_sandbox).await;
    let moto_side = (&on_moto, moto_broker.as_str());
    let sandbox_side = (&on_sandbox, sandbox_broker.as_str());
    let user = "xcheck-reboot";

    let created = both(&moto_side, &sandbox_side, async |(c, broker)| {
        c.create_user()
            .broker_id(*broker)
            .username(user)
            .password(MQ_PASSWORD)
            .console_access(true)
            .groups("ops")
            .send()
            .await
    })
    .await;
    assert!(created.0.is_ok(), "moto: {:?}", created.0);
    assert!(created.1.is_ok(), "sandbox: {:?}", created.1);

    // RebootBroker: both accept, with an empty answer.
    let rebooted = both(&moto_side, &sandbox_side, async |(c, broker)| {
        c.reboot_broker().broker_id(*broker).send().await
    })
    .await;
    assert!(rebooted.0.is_ok(), "moto: {:?}", rebooted.0);
    assert!(rebooted.1.is_ok(), "sandbox: {:?}", rebooted.1);

    // After the reboot the user is live on both, with nothing pending.
    let described = both(&moto_side, &sandbox_side, async |(c, broker)| {
        describe_mq_user(c, broker, user).await
    })
    .await;
    let (on_moto_shape, on_sandbox_shape) = (mq_shape(&described.0), mq_shape(&described.1));
    let expected = MqUserShape {
        username: Some(user.into()),
        console_access: Some(true),
        groups: Some(vec!["ops".into()]),
        replication_user: None,
        pending: None,
    };
    assert_eq!(on_moto_shape, expected, "moto");
    // The one difference left is the one named above: moto never sends `replicationUser`.
    assert_eq!(
        on_sandbox_shape,
        MqUserShape {
            replication_user: Some(false),
            ..expected
        },
        "sandbox"
    );
    let states = both(&moto_side, &sandbox_side, async |(c, broker)| {
        c.describe_broker()
            .broker_id(*broker)
            .send()
            .await
            .expect("DescribeBroker")
            .broker_state
    })
    .await;
    assert_eq!(states.0, Some(BrokerState::Running), "moto");
    assert_eq!(states.1, Some(BrokerState::Running), "sandbox");

    // Difference: AWS answers an unknown broker with NotFoundException (404) on `broker-id`,
    // as the sandbox does; moto's RebootBroker fails with an internal error (HTTP 500 and no
    // error code) instead.
    let missing = both(&on_moto, &on_sandbox, async |c| {
        c.reboot_broker()
            .broker_id("b-00000000-0000-0000-0000-000000000000")
            .send()
            .await
    })
    .await;
    let status =
        |result: &Result<RebootBrokerOutput, SdkError<RebootBrokerError, HttpResponse>>| {
            result
                .as_ref()
                .err()
                .and_then(SdkError::raw_response)
                .map(|r| r.status().as_u16())
        };
    let moto_error = missing
        .0
        .as_ref()
        .expect_err("moto refuses an unknown broker");
    assert_eq!(
        (moto_error.code(), status(&missing.0)),
        (None, Some(500)),
        "moto"
    );
    assert_eq!(
        (code(&missing.1), status(&missing.1)),
        ("NotFoundException", Some(404)),
        "sandbox"
    );
}
