//! The sandbox's own surface rather than an AWS API: requests from web pages are refused on
//! every route, `/_sandbox/faults` accepts only faults it can hold, `/_sandbox/calls`
//! counts every AWS call the sandbox answers, and `/_sandbox/populate` (in `populate`) makes
//! directories large enough to page through.

mod populate;

use std::collections::BTreeMap;

use crate::common::{self, raw, raw_with};
use sandbox::{Fault, FaultRefused};

const ORDERS: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const UNKNOWN_BROKER: &str = "b-00000000-0000-4000-8000-000000000000";
const EQUITIES: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const STORE: &str = "d-9067a1b2c3";
const OPS: &str = "24681357";

/// `DescribeUsers` without a user name consults the faults targeting `*`.
const DESCRIBE_USERS: (&str, &str) = ("X-Amz-Target", "AmazonMemoryDB.DescribeUsers");
const LISTING_FAULT: &str = r#"{"service":"memorydb","operation":"DescribeUsers","target":"*","error":"ServiceUnavailable","times":1}"#;

/// A raw request: method, path, extra headers, body.
type Request = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn mq_fault(times: Option<u32>) -> Fault {
    Fault {
        service: "mq".into(),
        operation: Some("UpdateUser".into()),
        target: "admin".into(),
        error: "ConflictException".into(),
        times,
    }
}

// ---- requests from web pages -------------------------------------------------------------

#[tokio::test]
async fn requests_from_web_pages_are_refused_on_every_route() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let requests: [Request; 6] = [
        ("POST", "/", &[DESCRIBE_USERS], "{}"),
        ("GET", "/v1/brokers", &[], ""),
        ("POST", "/_sandbox/faults", &[], LISTING_FAULT),
        ("POST", "/_sandbox/reset", &[], ""),
        ("GET", "/_sandbox/health", &[], ""),
        ("GET", "/no/such/route", &[], ""),
    ];
    for browser_header in [
        ("Origin", "http://localhost:3000"),
        ("Origin", "null"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Site", "none"),
    ] {
        for (method, path, headers, body) in requests {
            let headers = [headers, &[browser_header]].concat();
            assert_eq!(
                raw_with(addr, method, path, &headers, body).await,
                (
                    403,
                    String::new(),
                    "The sandbox takes no requests from web pages.".to_owned()
                ),
                "{method} {path} with {browser_header:?}"
            );
        }
    }
    // Nothing reached a handler: no call counted, no fault stored.
    assert_eq!(sandbox.sandbox.state.total_calls(), 0);

    // The same requests without the browser's headers go through.
    let (status, _, _) = raw_with(addr, "POST", "/", &[DESCRIBE_USERS], "{}").await;
    assert_eq!(status, 200, "no fault was stored by the refused request");
    let (status, _, _) = raw(addr, "GET", "/v1/brokers", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", LISTING_FAULT).await,
        (204, String::new(), String::new())
    );
    let (status, error_type, _) = raw_with(addr, "POST", "/", &[DESCRIBE_USERS], "{}").await;
    assert_eq!((status, error_type.as_str()), (503, "ServiceUnavailable"));
    assert_eq!(
        raw(addr, "GET", "/_sandbox/health", "").await,
        (200, String::new(), "ok".to_owned())
    );
}

#[tokio::test]
async fn sdk_clients_are_not_taken_for_web_pages() {
    let sandbox = common::start().await;
    let memorydb = aws_sdk_memorydb::Client::new(&sandbox.config);
    let mq = aws_sdk_mq::Client::new(&sandbox.config);
    memorydb.describe_users().send().await.unwrap();
    mq.list_brokers().send().await.unwrap();
}

// ---- bounded faults ----------------------------------------------------------------------

#[tokio::test]
async fn a_fault_for_zero_calls_is_refused_and_not_stored() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let zero = r#"{"service":"memorydb","operation":"DescribeUsers","target":"*","error":"ServiceUnavailable","times":0}"#;
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", zero).await,
        (
            400,
            String::new(),
            r#"{"message":"times must be at least 1; leave it out to fail every call until the faults are cleared."}"#.to_owned()
        )
    );
    let (status, _, _) = raw_with(addr, "POST", "/", &[DESCRIBE_USERS], "{}").await;
    assert_eq!(status, 200, "nothing was stored");

    assert_eq!(
        sandbox.sandbox.state.try_add_fault(mq_fault(Some(0))),
        Err(FaultRefused::ZeroTimes)
    );
}

#[tokio::test]
async fn a_fault_for_more_than_a_thousand_calls_is_refused() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let fault = |times: u32| {
        format!(
            r#"{{"service":"mq","operation":"UpdateUser","target":"admin","error":"ConflictException","times":{times}}}"#
        )
    };
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", &fault(1001)).await,
        (
            400,
            String::new(),
            r#"{"message":"times must be at most 1000; leave it out to fail every call until the faults are cleared."}"#.to_owned()
        )
    );
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", &fault(1000)).await,
        (204, String::new(), String::new())
    );
    // A count beyond u32 is refused as a malformed body.
    let beyond_u32 =
        r#"{"service":"mq","target":"admin","error":"ConflictException","times":4294967296}"#;
    let (status, _, _) = raw(addr, "POST", "/_sandbox/faults", beyond_u32).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_fault_for_an_unknown_service_is_refused() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let iam = r#"{"service":"iam","target":"alice","error":"ThrottlingException"}"#;
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", iam).await,
        (
            400,
            String::new(),
            r#"{"message":"Unknown service: expected one of memorydb, mq, finspace, identitystore, wickr, ssoadmin."}"#.to_owned()
        )
    );
    for service in [
        "memorydb",
        "mq",
        "finspace",
        "identitystore",
        "wickr",
        "ssoadmin",
    ] {
        let body =
            format!(r#"{{"service":"{service}","target":"alice","error":"ThrottlingException"}}"#);
        assert_eq!(
            raw(addr, "POST", "/_sandbox/faults", &body).await,
            (204, String::new(), String::new()),
            "{service}"
        );
    }
}

#[tokio::test]
async fn a_body_that_is_not_a_fault_is_refused_with_a_message() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let no_target = r#"{"service":"mq","error":"ConflictException"}"#;
    let (status, _, body) = raw(addr, "POST", "/_sandbox/faults", no_target).await;
    assert_eq!(
        (
            status,
            serde_json::from_str::<serde_json::Value>(&body).unwrap()
        ),
        (
            400,
            serde_json::json!({
                "message": "Failed to deserialize the JSON body into the target type: missing field `target` at line 1 column 44"
            })
        )
    );
}

#[tokio::test]
async fn the_sandbox_holds_at_most_a_hundred_faults() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let state = &sandbox.sandbox.state;
    for _ in 0..100 {
        state.add_fault(mq_fault(None));
    }
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", LISTING_FAULT).await,
        (
            400,
            String::new(),
            r#"{"message":"The sandbox already holds 100 faults; clear them first (DELETE /_sandbox/faults)."}"#.to_owned()
        )
    );
    assert_eq!(
        state.try_add_fault(mq_fault(None)),
        Err(FaultRefused::TooManyFaults)
    );
    let (status, _, _) = raw_with(addr, "POST", "/", &[DESCRIBE_USERS], "{}").await;
    assert_eq!(status, 200, "the refused fault was not stored");

    assert_eq!(
        raw(addr, "DELETE", "/_sandbox/faults", "").await,
        (204, String::new(), String::new())
    );
    assert_eq!(
        raw(addr, "POST", "/_sandbox/faults", LISTING_FAULT).await,
        (204, String::new(), String::new())
    );
}

#[tokio::test]
#[should_panic(expected = "the sandbox refused the fault: times must be at least 1")]
async fn add_fault_panics_on_a_fault_it_refuses() {
    let sandbox = common::start().await;
    sandbox.sandbox.state.add_fault(mq_fault(Some(0)));
}

// ---- call counts -------------------------------------------------------------------------

#[tokio::test]
async fn every_aws_call_answered_is_counted_by_operation() {
    let sandbox = common::start().await;
    let state = &sandbox.sandbox.state;
    let memorydb = aws_sdk_memorydb::Client::new(&sandbox.config);
    let mq = aws_sdk_mq::Client::new(&sandbox.config);
    let finspace = aws_sdk_finspace::Client::new(&sandbox.config);
    let identitystore = aws_sdk_identitystore::Client::new(&sandbox.config);
    let ssoadmin = aws_sdk_ssoadmin::Client::new(&sandbox.config);
    let wickr = aws_sdk_wickr::Client::new(&sandbox.config);
    assert_eq!(state.calls(), BTreeMap::new());

    memorydb.describe_users().send().await.unwrap();
    memorydb
        .describe_users()
        .user_name("ops-admin")
        .send()
        .await
        .unwrap();
    mq.list_brokers().send().await.unwrap();
    mq.describe_broker().broker_id(ORDERS).send().await.unwrap();
    mq.list_users().broker_id(ORDERS).send().await.unwrap();
    // Calls answered with an error count too: the caller made them.
    let (_, status) = fails!(
        mq.describe_user()
            .broker_id(UNKNOWN_BROKER)
            .username("admin")
            .send()
    );
    assert_eq!(status, Some(404));
    finspace.list_kx_environments().send().await.unwrap();
    finspace
        .list_kx_users()
        .environment_id(EQUITIES)
        .send()
        .await
        .unwrap();
    identitystore
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    state.add_fault(Fault {
        service: "ssoadmin".into(),
        operation: Some("ListInstances".into()),
        target: "*".into(),
        error: "ThrottlingException".into(),
        times: Some(1),
    });
    let (_, status) = fails!(ssoadmin.list_instances().send());
    assert_eq!(status, Some(400));
    ssoadmin.list_instances().send().await.unwrap();
    wickr.list_networks().send().await.unwrap();
    wickr.list_users().network_id(OPS).send().await.unwrap();

    let expected = counts(&[
        ("finspace:ListKxEnvironments", 1),
        ("finspace:ListKxUsers", 1),
        ("identitystore:ListUsers", 1),
        ("memorydb:DescribeUsers", 2),
        ("mq:DescribeBroker", 1),
        ("mq:DescribeUser", 1),
        ("mq:ListBrokers", 1),
        ("mq:ListUsers", 1),
        ("ssoadmin:ListInstances", 2),
        ("wickr:ListNetworks", 1),
        ("wickr:ListUsers", 1),
    ]);
    assert_eq!(state.calls(), expected);
    assert_eq!(state.total_calls(), 13);

    // The control routes answer the same map and are not counted themselves.
    let (status, _, body) = raw(sandbox.sandbox.addr, "GET", "/_sandbox/calls", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<BTreeMap<String, u64>>(&body).unwrap(),
        expected
    );
    assert_eq!(state.calls(), expected);
}

#[tokio::test]
async fn each_emulated_operation_counts_under_its_aws_name() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    // Bad input is enough: a call is counted whatever it answers.
    let broker = format!("/v1/brokers/{ORDERS}");
    let environment = format!("/kx/environments/{EQUITIES}");
    let network = format!("/networks/{OPS}");
    let rest = [
        ("GET", "/v1/brokers".to_owned()),
        ("GET", broker.clone()),
        ("POST", format!("{broker}/reboot")),
        ("GET", format!("{broker}/users")),
        ("GET", format!("{broker}/users/admin")),
        ("POST", format!("{broker}/users/admin")),
        ("PUT", format!("{broker}/users/admin")),
        ("GET", "/kx/environments".to_owned()),
        ("GET", format!("{environment}/users")),
        ("POST", format!("{environment}/users")),
        ("GET", format!("{environment}/users/gchen")),
        ("PUT", format!("{environment}/users/gchen")),
        ("GET", "/networks".to_owned()),
        ("GET", format!("{network}/security-groups")),
        ("GET", format!("{network}/users")),
        ("PATCH", format!("{network}/users")),
        ("GET", format!("{network}/users/1001")),
        ("PATCH", format!("{network}/users/toggleSuspend")),
        ("PATCH", format!("{network}/users/re-invite")),
        ("GET", format!("{network}/users/1001/devices")),
        ("PATCH", format!("{network}/users/1001/devices")),
    ];
    for (method, path) in &rest {
        raw(addr, method, path, "{oops").await;
    }
    for target in [
        "AmazonMemoryDB.DescribeUsers",
        "AmazonMemoryDB.CreateUser",
        "AmazonMemoryDB.UpdateUser",
        "AWSIdentityStore.ListUsers",
        "AWSIdentityStore.DescribeUser",
        "AWSIdentityStore.CreateUser",
        "AWSIdentityStore.UpdateUser",
        "SWBExternalService.ListInstances",
    ] {
        raw_with(addr, "POST", "/", &[("X-Amz-Target", target)], "{oops").await;
    }
    // What the sandbox does not emulate is not counted: the keys stay bounded.
    raw_with(
        addr,
        "POST",
        "/",
        &[("X-Amz-Target", "AmazonMemoryDB.DeleteUser")],
        "{}",
    )
    .await;
    raw_with(
        addr,
        "POST",
        "/",
        &[("X-Amz-Target", "AmazonS3.ListBuckets")],
        "{}",
    )
    .await;
    raw(addr, "GET", "/no/such/route", "").await;
    raw(addr, "DELETE", &broker, "").await;

    assert_eq!(
        sandbox.sandbox.state.calls(),
        counts(&[
            ("finspace:CreateKxUser", 1),
            ("finspace:GetKxUser", 1),
            ("finspace:ListKxEnvironments", 1),
            ("finspace:ListKxUsers", 1),
            ("finspace:UpdateKxUser", 1),
            ("identitystore:CreateUser", 1),
            ("identitystore:DescribeUser", 1),
            ("identitystore:ListUsers", 1),
            ("identitystore:UpdateUser", 1),
            ("memorydb:CreateUser", 1),
            ("memorydb:DescribeUsers", 1),
            ("memorydb:UpdateUser", 1),
            ("mq:CreateUser", 1),
            ("mq:DescribeBroker", 1),
            ("mq:DescribeUser", 1),
            ("mq:ListBrokers", 1),
            ("mq:ListUsers", 1),
            ("mq:RebootBroker", 1),
            ("mq:UpdateUser", 1),
            ("ssoadmin:ListInstances", 1),
            ("wickr:BatchReinviteUser", 1),
            ("wickr:BatchResetDevicesForUser", 1),
            ("wickr:BatchToggleUserSuspendStatus", 1),
            ("wickr:GetUser", 1),
            ("wickr:ListDevicesForUser", 1),
            ("wickr:ListNetworks", 1),
            ("wickr:ListSecurityGroups", 1),
            ("wickr:ListUsers", 1),
            ("wickr:UpdateUser", 1),
        ])
    );
}

#[tokio::test]
async fn counts_are_zeroed_on_request_and_by_a_reset() {
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let state = &sandbox.sandbox.state;
    let mq = aws_sdk_mq::Client::new(&sandbox.config);
    mq.list_brokers().send().await.unwrap();
    assert_eq!(state.calls(), counts(&[("mq:ListBrokers", 1)]));

    assert_eq!(
        raw(addr, "DELETE", "/_sandbox/calls", "").await,
        (204, String::new(), String::new())
    );
    assert_eq!(state.calls(), BTreeMap::new());
    assert_eq!(state.total_calls(), 0);
    assert_eq!(
        raw(addr, "GET", "/_sandbox/calls", "").await,
        (200, String::new(), "{}".to_owned())
    );

    mq.list_brokers().send().await.unwrap();
    assert_eq!(
        raw(addr, "POST", "/_sandbox/reset", "").await,
        (204, String::new(), String::new())
    );
    assert_eq!(state.calls(), BTreeMap::new());

    mq.list_brokers().send().await.unwrap();
    state.reset_calls();
    assert_eq!(state.total_calls(), 0);
}

// ---- stalls ----------------------------------------------------------------------------------

#[tokio::test]
async fn a_stall_holds_changes_and_with_reads_every_call() {
    use std::time::{Duration, Instant};
    let sandbox = common::start().await;
    let addr = sandbox.sandbox.addr;
    let timed = async |path: &str| {
        let started = Instant::now();
        let (status, _, body) = raw(addr, "GET", path, "").await;
        assert_eq!(status, 200, "{body}");
        started.elapsed()
    };
    // A stall of changes leaves reads alone.
    let (status, _, body) = raw(
        addr,
        "POST",
        "/_sandbox/stall",
        r#"{"service":"mq","seconds":2}"#,
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert!(timed("/v1/brokers").await < Duration::from_secs(1));
    // With `reads`, listing waits too.
    let (status, _, body) = raw(
        addr,
        "POST",
        "/_sandbox/stall",
        r#"{"service":"mq","seconds":1,"reads":true}"#,
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert!(timed("/v1/brokers").await >= Duration::from_secs(1));
    // Other services are not held.
    assert!(timed(&format!("/networks/{OPS}/users")).await < Duration::from_secs(1));
    let (status, _, _) = raw(addr, "DELETE", "/_sandbox/stall?service=mq", "").await;
    assert_eq!(status, 204);
    assert!(timed("/v1/brokers").await < Duration::from_secs(1));
}
