//! SSO Admin's `ListInstances` through the real `aws-sdk-ssoadmin` client: one IAM Identity
//! Center instance per seeded identity store, paginated, with invalid input and injected faults.

use crate::common;

use aws_sdk_ssoadmin::Client;
use aws_sdk_ssoadmin::error::ProvideErrorMetadata;
use aws_sdk_ssoadmin::types::{InstanceMetadata, InstanceStatus, RegionScope};
use sandbox::Fault;

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

#[tokio::test]
async fn list_instances_names_every_identity_store() {
    let (_sandbox, client) = client().await;
    let instances = client
        .list_instances()
        .send()
        .await
        .expect("ListInstances")
        .instances
        .unwrap_or_default();
    let stores: Vec<_> = instances
        .iter()
        .filter_map(InstanceMetadata::identity_store_id)
        .collect();
    assert_eq!(stores, ["d-9067a1b2c3", "d-90660f4e7d"]);
    let arn = regex::Regex::new(r"^arn:aws:sso:::instance/ssoins-[a-zA-Z0-9-.]{16}$").unwrap();
    for instance in &instances {
        assert!(arn.is_match(instance.instance_arn().unwrap()));
        assert_eq!(instance.owner_account_id(), Some("123456789012"));
        assert_eq!(instance.status(), Some(&InstanceStatus::Active));
        assert!(instance.name().is_some());
        assert!(instance.created_date().unwrap().secs() > 1_600_000_000);
        assert_eq!(
            instance.identity_store_arn(),
            Some(
                format!(
                    "arn:aws:identitystore::123456789012:identitystore/{}",
                    instance.identity_store_id().unwrap()
                )
                .as_str()
            )
        );
    }
    assert_ne!(instances[0].instance_arn(), instances[1].instance_arn());
}

#[tokio::test]
async fn list_instances_pages_one_at_a_time() {
    let (_sandbox, client) = client().await;
    let paged: Vec<InstanceMetadata> = client
        .list_instances()
        .region_scope(RegionScope::CurrentRegion)
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(paged.len(), 2);

    let first = client.list_instances().max_results(1).send().await.unwrap();
    assert_eq!(first.instances().len(), 1);
    let second = client
        .list_instances()
        .max_results(1)
        .next_token(first.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.instances().len(), 1);
    assert_eq!(second.next_token(), None);
    assert_ne!(
        first.instances()[0].instance_arn(),
        second.instances()[0].instance_arn()
    );
}

#[tokio::test]
async fn list_instances_refuses_invalid_input() {
    let (_sandbox, client) = client().await;
    for max in [0, 101] {
        let err = client
            .list_instances()
            .max_results(max)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "MaxResults {max}: {err:?}");
    }
    for token in ["not a token!", "0123456789abcdef"] {
        let err = client
            .list_instances()
            .next_token(token)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{token}: {err:?}");
    }
    let err = client
        .list_instances()
        .region_scope(RegionScope::from("EVERYWHERE"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
}

#[tokio::test]
async fn list_instances_answers_injected_faults() {
    let (sandbox, client) = client().await;
    for (error, status) in [
        ("ThrottlingException", 400),
        ("AccessDeniedException", 400),
        ("InternalServerException", 500),
    ] {
        sandbox.sandbox.state.add_fault(Fault {
            service: "ssoadmin".into(),
            operation: Some("ListInstances".into()),
            target: "*".into(),
            error: error.into(),
            times: Some(1),
        });
        let err = client.list_instances().send().await.unwrap_err();
        assert_eq!(
            err.raw_response().map(|r| r.status().as_u16()),
            Some(status)
        );
        assert_eq!(err.into_service_error().code(), Some(error));
    }
    client
        .list_instances()
        .send()
        .await
        .expect("the faults were used up");
}
