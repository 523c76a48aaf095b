//! `/_sandbox/populate`: ten thousand synthetic users in each service's first container, fast,
//! and every list operation pages through all of them with the real SDK clients (their
//! paginators where the SDK has one); what it refuses; and that a reset removes them.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::common::{self, raw};

use super::{EQUITIES, OPS, ORDERS, STORE};

const LOAD: usize = 10_000;

/// Asks for `count` synthetic users of `service`; answers status and body.
async fn populate(sandbox: &common::TestSandbox, service: &str, count: usize) -> (u16, String) {
    let body = format!(r#"{{"service":"{service}","count":{count}}}"#);
    let (status, _, body) = raw(sandbox.sandbox.addr, "POST", "/_sandbox/populate", &body).await;
    (status, body)
}

/// Populates `LOAD` users of `service` and checks it took under a second. An unoptimised build
/// takes 5–100 ms, so the bound holds on a busy machine too.
async fn populate_quickly(sandbox: &common::TestSandbox, service: &str) {
    let started = Instant::now();
    assert_eq!(populate(sandbox, service, LOAD).await, (204, String::new()));
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "{service}: {LOAD} users took {took:?}"
    );
}

/// The synthetic names among `names`, which must be exactly `load-user-00001`…`-10000`.
fn assert_all_loaded<'a>(names: impl Iterator<Item = &'a str>) {
    let loaded: BTreeSet<&str> = names.filter(|n| n.starts_with("load-user-")).collect();
    assert_eq!(loaded.len(), LOAD);
    assert_eq!(loaded.first(), Some(&"load-user-00001"));
    assert_eq!(loaded.last(), Some(&"load-user-10000"));
}

#[tokio::test]
async fn wickr_pages_through_ten_thousand_users() {
    let sandbox = common::start().await;
    populate_quickly(&sandbox, "wickr").await;
    let wickr = aws_sdk_wickr::Client::new(&sandbox.config);
    let users = wickr
        .list_users()
        .network_id(OPS)
        .max_results(100)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 28 + LOAD);
    let ids: BTreeSet<&str> = users.iter().filter_map(|u| u.user_id()).collect();
    assert_eq!(ids.len(), users.len(), "every user once");
    let locals = users
        .iter()
        .filter_map(|u| u.username()?.strip_suffix("@meridian-ops.com"));
    assert_all_loaded(locals);
    let last = users.last().unwrap();
    assert_eq!(
        (
            last.user_id(),
            last.username(),
            last.first_name(),
            last.security_groups()
        ),
        (
            Some("110000"),
            Some("load-user-10000@meridian-ops.com"),
            Some("Amara"),
            &["Kd3mQ8vZ".to_owned()][..]
        )
    );
    let devices = wickr
        .list_devices_for_user()
        .network_id(OPS)
        .user_id("100003")
        .send()
        .await
        .unwrap();
    assert_eq!(devices.devices().len(), 3);
}

#[tokio::test]
async fn identitystore_pages_through_ten_thousand_users() {
    let sandbox = common::start().await;
    populate_quickly(&sandbox, "identitystore").await;
    let identitystore = aws_sdk_identitystore::Client::new(&sandbox.config);
    let users = identitystore
        .list_users()
        .identity_store_id(STORE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 30 + LOAD);
    let ids: BTreeSet<&str> = users.iter().map(|u| u.user_id()).collect();
    assert_eq!(ids.len(), users.len(), "every user once");
    assert_all_loaded(users.iter().filter_map(|u| u.user_name()));
    let last = users.last().unwrap();
    assert_eq!(last.display_name(), Some("Amara Mensah"));
    assert_eq!(
        last.emails()[0].value(),
        Some("load-user-10000@load.example.com")
    );
}

#[tokio::test]
async fn memorydb_pages_through_ten_thousand_users() {
    let sandbox = common::start().await;
    let memorydb = aws_sdk_memorydb::Client::new(&sandbox.config);
    let seeded = memorydb
        .describe_users()
        .send()
        .await
        .unwrap()
        .users()
        .len();
    populate_quickly(&sandbox, "memorydb").await;
    let users = memorydb
        .describe_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), seeded + LOAD);
    assert_all_loaded(users.iter().filter_map(|u| u.name()));
}

#[tokio::test]
async fn mq_pages_through_ten_thousand_users() {
    let sandbox = common::start().await;
    populate_quickly(&sandbox, "mq").await;
    let mq = aws_sdk_mq::Client::new(&sandbox.config);
    // The MQ SDK has no paginator for ListUsers: the token is followed by hand.
    let (mut names, mut token, mut pages) = (Vec::new(), None, 0);
    loop {
        let page = mq
            .list_users()
            .broker_id(ORDERS)
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.users()
                .iter()
                .filter_map(|u| u.username().map(str::to_owned)),
        );
        pages += 1;
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!((names.len(), pages), (28 + LOAD, 101));
    assert!(names.windows(2).all(|w| w[0] < w[1]), "in username order");
    assert_all_loaded(names.iter().map(String::as_str));
}

#[tokio::test]
async fn finspace_pages_through_ten_thousand_users() {
    let sandbox = common::start().await;
    populate_quickly(&sandbox, "finspace").await;
    let finspace = aws_sdk_finspace::Client::new(&sandbox.config);
    // No paginator for ListKxUsers either.
    let (mut names, mut token) = (Vec::new(), None);
    loop {
        let page = finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.users()
                .iter()
                .filter_map(|u| u.user_name().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names.len(), 28 + LOAD);
    assert_all_loaded(names.iter().map(String::as_str));
}

#[tokio::test]
async fn populate_refuses_what_it_cannot_hold() {
    let sandbox = common::start().await;
    let message = |text: &str| format!(r#"{{"message":"{text}"}}"#);
    assert_eq!(
        populate(&sandbox, "mq", 0).await,
        (400, message("count must be between 1 and 20000 (got 0)"))
    );
    assert_eq!(
        populate(&sandbox, "mq", 20_001).await,
        (
            400,
            message("count must be between 1 and 20000 (got 20001)")
        )
    );
    assert_eq!(
        populate(&sandbox, "ssoadmin", 1).await,
        (
            400,
            message(
                "Unknown service: expected one of memorydb, mq, finspace, identitystore, wickr."
            )
        )
    );
    let (status, _, body) = raw(
        sandbox.sandbox.addr,
        "POST",
        "/_sandbox/populate",
        r#"{"service":"mq"}"#,
    )
    .await;
    assert_eq!(
        (status, body),
        (
            400,
            message(
                "Failed to deserialize the JSON body into the target type: missing field `count` at line 1 column 16"
            )
        )
    );

    // A container holds at most 20000 synthetic users, however they are asked for.
    assert_eq!(populate(&sandbox, "mq", 19_999).await, (204, String::new()));
    assert_eq!(populate(&sandbox, "mq", 1).await, (204, String::new()));
    assert_eq!(
        populate(&sandbox, "mq", 1).await,
        (
            400,
            message(
                "The container already holds 20000 synthetic users and may hold at most 20000; POST /_sandbox/reset removes them."
            )
        )
    );
    // The bound is per container: another service still takes its own.
    assert_eq!(populate(&sandbox, "wickr", 1).await, (204, String::new()));
    // None of this is an AWS call.
    assert_eq!(sandbox.sandbox.state.total_calls(), 0);
}

#[tokio::test]
async fn a_second_populate_continues_and_a_reset_removes_them() {
    let sandbox = common::start().await;
    let mq = aws_sdk_mq::Client::new(&sandbox.config);
    let loaded = async || -> Vec<String> {
        let page = mq
            .list_users()
            .broker_id(ORDERS)
            .max_results(100)
            .send()
            .await
            .unwrap();
        page.users()
            .iter()
            .filter_map(|u| u.username())
            .filter(|n| n.starts_with("load-user-"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(populate(&sandbox, "mq", 2).await, (204, String::new()));
    assert_eq!(populate(&sandbox, "mq", 1).await, (204, String::new()));
    assert_eq!(
        loaded().await,
        ["load-user-00001", "load-user-00002", "load-user-00003"]
    );
    let (status, _, _) = raw(sandbox.sandbox.addr, "POST", "/_sandbox/reset", "").await;
    assert_eq!(status, 204);
    assert_eq!(loaded().await, Vec::<String>::new());
}
