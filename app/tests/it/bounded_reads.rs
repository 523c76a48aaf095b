//! Bounded AWS reads: the home page and the list pages share short-lived listings with
//! single flight, `/readyz` answers from the background probe, page-token loops stop on a
//! repeated token, and container ids are checked before any request (identity stores against
//! the configured allow-list). The sandbox counts the calls it answers.
#![cfg(feature = "ssr")]

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::common::{self, TestApp, banner_error, server_fn_call};
use app::error::AppError;
use app::forms::FieldError;
use axum::http::StatusCode;

const STORE: &str = "d-9067a1b2c3";
const OTHER_STORE: &str = "d-90660f4e7d";
const AMARA: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";
const ENVIRONMENT: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const ANALYST: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";

/// The dashboard's prober runs once an hour: after the first round, every call the sandbox
/// counts comes from what the test asks.
const QUIET: &str = "probe_interval_seconds = 3600";

/// The dashboard in sandbox mode with a [`QUIET`] prober.
async fn quiet_app() -> TestApp {
    TestApp::builder().config(QUIET).build().await
}

/// What one home page costs AWS with nothing cached, from the seed: one listing of each
/// service's containers and one of the users of each container (MQ: of its ActiveMQ brokers;
/// RabbitMQ users are not Amazon MQ's), each fitting one page.
fn one_cold_home_page() -> BTreeMap<String, u64> {
    [
        ("memorydb:DescribeUsers", 1),
        ("mq:ListBrokers", 1),
        // Four brokers, three of them ActiveMQ.
        ("mq:ListUsers", 3),
        ("finspace:ListKxEnvironments", 1),
        // Three kdb environments.
        ("finspace:ListKxUsers", 3),
        // Identity stores are discovered: two Identity Center instances.
        ("ssoadmin:ListInstances", 1),
        ("identitystore:ListUsers", 2),
        ("wickr:ListNetworks", 1),
        // Three networks; pages of 100 users.
        ("wickr:ListUsers", 3),
    ]
    .into_iter()
    .map(|(operation, calls)| (operation.to_owned(), calls))
    .collect()
}

/// Issue "Hardening" item 6's acceptance: 50 home pages at once used to cost 900 AWS calls.
/// Runs on a runtime like the binary's (several workers, large stacks for server rendering).
#[test]
fn fifty_concurrent_home_pages_cost_one_listing_each() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let app = Arc::new(quiet_app().await);
        let (status, _) = app.readyz().await;
        assert_eq!(status, StatusCode::OK);
        let sandbox = app.sandbox();
        sandbox.state.reset_calls();

        let mut pages = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let app = app.clone();
            pages.spawn(async move { app.get("/").await });
        }
        for (status, _, body) in pages.join_all().await {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                body.matches("class=\"status reachable\"").count(),
                5,
                "{body}"
            );
            assert!(body.contains("Counted from AWS"), "{body}");
        }
        let calls = sandbox.state.calls();
        println!(
            "50 concurrent home pages: {} sandbox calls {calls:?}",
            sandbox.state.total_calls()
        );
        assert_eq!(calls, one_cold_home_page());
        assert_eq!(sandbox.state.total_calls(), 16);

        // The list pages read the listings the home page just fetched.
        sandbox.state.reset_calls();
        for path in [
            "/memorydb",
            "/mq",
            "/finspace",
            "/identitystore",
            "/wickr",
            &format!("/finspace/environments/{ENVIRONMENT}"),
            &format!("/identitystore/stores/{STORE}"),
        ] {
            let (status, _, body) = app.get(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("Showing 1–"), "{path}: {body}");
        }
        assert_eq!(sandbox.state.calls(), BTreeMap::new());
    });
}

#[tokio::test]
async fn readyz_answers_from_the_last_probe_without_calling_aws() {
    let app = quiet_app().await;
    let sandbox = app.sandbox();
    let (status, json) = app.readyz().await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["status"], "ready");
    sandbox.state.reset_calls();

    for _ in 0..10 {
        let (status, _, body) = app.get("/readyz").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
        for service in ["memorydb", "mq", "finspace", "identitystore", "wickr"] {
            assert_eq!(json["services"][service], "ok", "{service}");
        }
        assert!(json["probed_seconds_ago"].as_u64().is_some(), "{body}");
    }
    assert_eq!(
        sandbox.state.total_calls(),
        0,
        "{:?}",
        sandbox.state.calls()
    );

    // A second router over the same state starts no second prober.
    assert!(app::server::readiness::spawn(&app.state).is_none());
}

/// An endpoint that accepts connections and never answers: the first probe round takes its
/// full timeout, and until it ends `/readyz` says the dashboard is starting.
#[tokio::test]
async fn readyz_says_starting_until_the_first_probe_ends() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let endpoint = format!("http://{}", silent.local_addr().expect("an address"));
    let app = TestApp::builder()
        .config(QUIET)
        .endpoint(endpoint)
        .build()
        .await;
    let (status, _, body) = app.get("/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
    assert_eq!(json["status"], "starting");
    assert_eq!(json["backend"], "SANDBOX");
    drop(silent);
}

#[tokio::test]
async fn a_list_page_says_how_fresh_its_rows_are() {
    let app = quiet_app().await;
    let sandbox = app.sandbox();
    // The prober's first round calls AWS too; after it, only the pages do.
    app.readyz().await;
    let (_, _, first) = app.get("/mq").await;
    assert!(
        first.contains(r#"<p class="freshness">Listed from AWS just now.</p>"#),
        "{first}"
    );
    sandbox.state.reset_calls();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (_, _, again) = app.get("/mq").await;
    assert!(
        again.contains(r#"<p class="freshness">Listed from AWS 1 s ago.</p>"#),
        "{again}"
    );
    assert_eq!(sandbox.state.total_calls(), 0, "the listing was reused");
}

/// A change made through the dashboard drops its service's listings: the list shows it at
/// once, not when the cached listing expires.
#[tokio::test]
async fn a_change_is_listed_at_once() {
    use app::services::finspace::model::FinspaceUserForm;
    use app::services::finspace::user::ssr;

    let app = TestApp::spawn().await;
    let list = format!("/finspace/environments/{ENVIRONMENT}");
    let readonly = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";
    let gchen_row = |role: &str| format!(r#"/users/gchen">gchen</a></th><td>{role}</td>"#);
    let (_, _, before) = app.get(&list).await;
    assert!(before.contains(&gchen_row(ANALYST)), "{before}");

    let page = ssr::load(&app.state, ENVIRONMENT, "gchen")
        .await
        .expect("a seeded user");
    let form = FinspaceUserForm {
        iam_role: readonly.to_owned(),
        ..page.form
    };
    ssr::apply(&app.state, &app.caller, &form)
        .await
        .expect("updated");

    let (_, _, after) = app.get(&list).await;
    assert!(after.contains(&gchen_row(readonly)), "{after}");
}

/// A fake Amazon MQ whose broker list always names the same next page, and whose user list
/// of any broker cycles between two tokens: the calls it answered, counted.
async fn looping_mq() -> (String, Arc<AtomicUsize>) {
    use axum::extract::{Query, State};
    use axum::routing::get;

    let calls = Arc::new(AtomicUsize::new(0));
    let brokers = |State(calls): State<Arc<AtomicUsize>>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        axum::Json(serde_json::json!({
            "brokerSummaries": [{
                "brokerId": "b-1", "brokerName": "loop", "deploymentMode": "SINGLE_INSTANCE",
                "engineType": "ACTIVEMQ", "brokerState": "RUNNING",
            }],
            "nextToken": "the-same-token",
        }))
    };
    let users = |State(calls): State<Arc<AtomicUsize>>,
                 Query(query): Query<HashMap<String, String>>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        let next = match query.get("nextToken").map(String::as_str) {
            Some("A") => "B",
            _ => "A",
        };
        axum::Json(serde_json::json!({
            "brokerId": "b-1",
            "users": [{ "username": format!("user-{next}") }],
            "nextToken": next,
        }))
    };
    let router = axum::Router::new()
        .route("/v1/brokers", get(brokers))
        .route("/v1/brokers/{broker}/users", get(users))
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, calls)
}

#[tokio::test]
async fn a_repeated_page_token_stops_the_listing() {
    use app::services::mq::sdk;

    let (url, calls) = looping_mq().await;
    let client = aws_sdk_mq::Client::new(&common::sdk_config(Some(&url)).await);

    // The SDK paginator's pages: the second answer repeats the first one's token.
    let error = sdk::brokers(&client).await.expect_err("a repeated token");
    assert_eq!(
        error,
        AppError::Unavailable {
            service: "Amazon MQ".to_owned(),
            detail: "listing the broker list: AWS returned the same page token twice".to_owned(),
        }
    );
    assert_eq!(calls.swap(0, Ordering::SeqCst), 2);

    // A hand-written token loop: A, B, then A again.
    let error = sdk::users(&client, "b-1").await.expect_err("a token cycle");
    assert_eq!(
        error,
        AppError::Unavailable {
            service: "Amazon MQ".to_owned(),
            detail: "listing broker b-1: AWS returned the same page token twice".to_owned(),
        }
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn identity_stores_outside_the_allow_list_are_not_found() {
    use app::services::identitystore::user::ssr;

    let app = TestApp::builder()
        .config(&format!(
            "[aws]\nregion = \"us-east-1\"\nidentity_store_ids = [\"{OTHER_STORE}\"]"
        ))
        .build()
        .await;
    let (state, caller, sandbox) = (&app.state, &app.caller, app.sandbox());
    // A real user of a real store, which the configuration does not list.
    let unlisted = common::aws_state("mode = \"aws\"", &app.sdk_config().await).await;
    let record = ssr::load(&unlisted, STORE, AMARA)
        .await
        .expect("a seeded user");
    sandbox.state.reset_calls();

    let not_found = AppError::NotFound {
        what: format!("Identity store {STORE}"),
    };
    assert_eq!(ssr::load(state, STORE, AMARA).await, Err(not_found.clone()));
    let mut form = record.to_form();
    form.display_name = "Changed".to_owned();
    assert_eq!(
        ssr::apply(state, caller, &form).await,
        Err(not_found.clone())
    );
    let (_, _, page) = app.get(&format!("/identitystore/stores/{STORE}")).await;
    assert_eq!(
        banner_error(&page),
        Some(format!("Identity store {STORE} was not found")),
        "{page}"
    );
    // Its server function answers as for a store that does not exist.
    let (status, _, body) = app
        .call::<app::services::identitystore::IdentitystoreUsers>(&[
            ("store_id", STORE),
            ("query", ""),
            ("page", "1"),
        ])
        .await;
    // (Every server function error answers HTTP 500 today; the body says which.)
    assert!(!status.is_success(), "{status}");
    assert_eq!(
        serde_json::from_str::<AppError>(&body).ok(),
        Some(not_found.clone())
    );
    // Nothing of it reached AWS (the prober's round asks ListUsers of no store).
    let calls = sandbox.state.calls();
    assert!(
        !calls.contains_key("identitystore:DescribeUser")
            && !calls.contains_key("identitystore:UpdateUser")
            && !calls.contains_key("identitystore:ListUsers"),
        "{calls:?}"
    );

    // The listed store works as before.
    let (_, _, listed) = app
        .get(&format!("/identitystore/stores/{OTHER_STORE}"))
        .await;
    assert!(listed.contains("Showing 1–12 of 12 users"), "{listed}");
    let (_, _, stores) = app.get("/identitystore").await;
    assert!(
        stores.contains(OTHER_STORE) && !stores.contains(STORE),
        "{stores}"
    );
}

#[tokio::test]
async fn container_ids_are_checked_before_any_request() {
    use app::services::finspace::FinspaceUsers;
    use app::services::identitystore::IdentitystoreUsers;
    use app::services::mq::MqUsers;
    use app::services::wickr::WickrUsers;

    let app = quiet_app().await;
    let sandbox = app.sandbox();
    app.readyz().await;
    sandbox.state.reset_calls();

    let broker = "Broker id must be 1–50 letters, digits or hyphens";
    let environment = "The kdb environment id must be 1–26 letters or digits";
    let store = "The identity store id must be d- and ten hex digits, like d-1234567890; reload the user's page";
    let network = "Network id must be exactly 8 digits, like 24681357";
    let page = |arg: &'static str, id: &'static str| [(arg, id), ("query", ""), ("page", "1")];
    for (request, field, rule) in [
        (
            server_fn_call::<MqUsers>(&page("broker_id", "..")),
            "broker_id",
            broker,
        ),
        (
            server_fn_call::<MqUsers>(&page("broker_id", "b-1/../../brokers")),
            "broker_id",
            broker,
        ),
        (
            server_fn_call::<MqUsers>(&page("broker_id", "b-1%2F..")),
            "broker_id",
            broker,
        ),
        (
            server_fn_call::<MqUsers>(&page("broker_id", "")),
            "broker_id",
            broker,
        ),
        (
            server_fn_call::<FinspaceUsers>(&page("environment_id", "..")),
            "environment_id",
            environment,
        ),
        (
            server_fn_call::<FinspaceUsers>(&page("environment_id", "eqr4/..")),
            "environment_id",
            environment,
        ),
        (
            server_fn_call::<IdentitystoreUsers>(&page("store_id", "..")),
            "identity_store_id",
            store,
        ),
        (
            server_fn_call::<IdentitystoreUsers>(&page("store_id", "d-9067a1b2c3/..")),
            "identity_store_id",
            store,
        ),
        (
            server_fn_call::<WickrUsers>(&page("network_id", "..")),
            "network_id",
            network,
        ),
        (
            server_fn_call::<WickrUsers>(&page("network_id", "2468%2F57")),
            "network_id",
            network,
        ),
    ] {
        let path = request.uri().to_string();
        let (status, _, body) = app.send(request).await;
        assert!(
            status.is_server_error() || status.is_client_error(),
            "{path}: {status}"
        );
        let error: AppError = serde_json::from_str(&body).expect("an AppError");
        assert_eq!(
            error,
            AppError::Invalid(vec![FieldError::new(field, rule)]),
            "{path}"
        );
    }
    // The pages say the same (a browser resolves `..` itself; encoded forms arrive as typed).
    for (path, rule) in [
        ("/mq/brokers/b-1%2F..", broker),
        ("/finspace/environments/eqr4%25", environment),
        ("/wickr/networks/2468%2F57", network),
    ] {
        let (_, _, page) = app.get(path).await;
        assert_eq!(
            banner_error(&page),
            Some(format!("1 field(s) need attention: {rule}")),
            "{path}: {page}"
        );
    }
    assert_eq!(
        sandbox.state.total_calls(),
        0,
        "{:?}",
        sandbox.state.calls()
    );
}
