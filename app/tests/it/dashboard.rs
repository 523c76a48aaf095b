//! The dashboard router in-process against a real sandbox: health, readiness, the home page
//! and every list page render sandbox data on the server.
#![cfg(feature = "ssr")]

use std::collections::HashMap;

use app::server::config::Config;
use app::server::{AppState, http};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use tower::ServiceExt;

struct TestApp {
    router: axum::Router,
    _sandbox: Option<sandbox::RunningSandbox>,
}

impl TestApp {
    /// The dashboard in sandbox mode, with its own sandbox on a free port.
    async fn spawn() -> TestApp {
        let sandbox = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
            .await
            .expect("sandbox starts");
        let router = router_for(Some(sandbox.endpoint_url())).await;
        TestApp {
            router,
            _sandbox: Some(sandbox),
        }
    }

    /// The dashboard in sandbox mode whose sandbox is gone: every service unreachable.
    async fn spawn_unreachable() -> TestApp {
        let dead = {
            let s = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
                .await
                .expect("sandbox starts");
            s.endpoint_url()
        };
        TestApp {
            router: router_for(Some(dead)).await,
            _sandbox: None,
        }
    }

    /// `/readyz` once the background prober's first round has ended (until then it says
    /// `starting`): what an orchestrator polling it sees.
    async fn readyz(&self) -> (StatusCode, serde_json::Value) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let (status, _, body) = self.get("/readyz").await;
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            if json["status"] != "starting" {
                return (status, json);
            }
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            assert!(
                std::time::Instant::now() < deadline,
                "no probe round within 30 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, HeaderMap, String) {
        let response = self
            .router
            .clone()
            .oneshot(
                Request::get(path)
                    .header("host", "127.0.0.1:3000")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }
}

async fn router_for(endpoint: Option<String>) -> axum::Router {
    let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
    let state = AppState::build(config, endpoint).await;
    let options = http::leptos_options(&state);
    http::router(state, options)
}

#[tokio::test]
async fn healthz_answers_while_the_process_lives() {
    let app = TestApp::spawn_unreachable().await;
    let (status, _, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn readyz_checks_every_service_endpoint() {
    let app = TestApp::spawn().await;
    let (status, json) = app.readyz().await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["status"], "ready");
    assert_eq!(json["backend"], "SANDBOX");
    for service in ["memorydb", "mq", "finspace", "identitystore", "wickr"] {
        assert_eq!(json["services"][service], "ok", "{service}");
    }

    let down = TestApp::spawn_unreachable().await;
    let (status, json) = down.readyz().await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body = json.to_string();
    assert_eq!(json["status"], "not ready");
    assert!(
        json["services"]["mq"]
            .as_str()
            .unwrap()
            .contains("unreachable"),
        "{body}"
    );
}

#[tokio::test]
async fn home_page_shows_five_services_and_the_sandbox_banner() {
    let app = TestApp::spawn().await;
    let (status, headers, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    assert!(body.contains("SANDBOX"), "banner missing");
    for name in [
        "Amazon MemoryDB",
        "Amazon MQ",
        "Amazon FinSpace (kdb)",
        "IAM Identity Center",
        "AWS Wickr",
    ] {
        assert!(body.contains(name), "{name} missing");
    }
    assert_eq!(
        body.matches("class=\"status reachable\"").count(),
        5,
        "{body}"
    );
}

#[tokio::test]
async fn home_page_says_which_services_are_unreachable() {
    let app = TestApp::spawn_unreachable().await;
    let (status, _, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.matches("class=\"status unreachable\"").count(), 5);
}

#[tokio::test]
async fn every_list_page_renders_sandbox_rows() {
    let app = TestApp::spawn().await;
    for (path, expect) in [
        ("/memorydb", "of "),
        ("/mq", "broker"),
        ("/finspace", "environment"),
        ("/identitystore", "identity store"),
        ("/wickr", "network"),
    ] {
        let (status, _, body) = app.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("Showing 1–"), "{path}: {body}");
        assert!(body.contains(expect), "{path}");
        // Containers link to their user lists; follow the first and expect users there.
        if path != "/memorydb" {
            let prefix = format!("href=\"{path}/");
            let start = body.find(&prefix).expect("a container link") + 6;
            let href = &body[start..start + body[start..].find('"').unwrap()];
            let (status, _, users) = app.get(href).await;
            assert_eq!(status, StatusCode::OK, "{href}");
            assert!(users.contains("Showing 1–"), "{href}: {users}");
            assert!(users.contains(" user"), "{href}");
        }
    }
}

#[tokio::test]
async fn list_filter_and_paging_work_without_javascript() {
    let app = TestApp::spawn().await;
    let (_, _, page2) = app.get("/memorydb?page=2").await;
    assert!(page2.contains("Showing 21–"), "{page2}");
    let (_, _, filtered) = app.get("/memorydb?q=zzz-no-such-user").await;
    assert!(filtered.contains("No user matches"), "{filtered}");
}

#[tokio::test]
async fn unknown_paths_answer_404() {
    let app = TestApp::spawn().await;
    let (status, _, body) = app.get("/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let post = |headers: &[(&str, &str)]| {
        let mut request = Request::post("/api/anything").header("host", "127.0.0.1:3000");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.body(Body::empty()).unwrap()
    };
    for refused in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "http://evil.example")],
    ] {
        let response = app.router.clone().oneshot(post(&refused)).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{refused:?}");
    }
    for allowed in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", "http://127.0.0.1:3000")],
        vec![],
    ] {
        let response = app.router.clone().oneshot(post(&allowed)).await.unwrap();
        assert_ne!(response.status(), StatusCode::FORBIDDEN, "{allowed:?}");
    }
}

/// Without credentials the SDK cannot sign: the page must say to fix the setup, not to retry.
#[tokio::test]
async fn missing_credentials_are_a_configuration_problem() {
    let sandbox = sandbox::spawn(([127, 0, 0, 1], 0).into(), sandbox::Options::default())
        .await
        .expect("sandbox starts");
    let sdk = aws_types::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_types::region::Region::new("us-east-1"))
        .endpoint_url(sandbox.endpoint_url())
        .build();
    let state = AppState::from_sdk_config(
        Config::parse("mode = \"aws\"", &HashMap::new()).unwrap(),
        &sdk,
        &Default::default(),
        app::server::state::Location::Aws {
            region: "us-east-1".into(),
        },
        Vec::new(),
    );
    let err = app::server::overview::probe(&state, app::services::ServiceId::Mq)
        .await
        .unwrap_err();
    assert!(
        matches!(err, app::error::AppError::Misconfigured { .. }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

/// A service the enum knows but the dashboard forgot to wire in fails here: its list route,
/// its home card, its readiness probe, and its SDK client (the probe and the count call AWS
/// through it). `ServiceId::ALL` is generated with the enum, so it cannot miss a variant.
#[tokio::test]
async fn every_service_has_a_route_a_home_card_a_probe_and_a_client() {
    use app::services::ServiceId;

    let app = TestApp::spawn().await;
    let (_, json) = app.readyz().await;
    let (_, _, home) = app.get("/").await;
    let services = json["services"].as_object().expect("services by slug");
    assert_eq!(services.len(), ServiceId::ALL.len(), "{json}");
    for service in ServiceId::ALL {
        let slug = service.slug();
        assert_eq!(services[slug], "ok", "{slug}: probe");
        let card = home
            .split("<li class=\"card\"")
            .find(|card| card.contains(&format!("data-service=\"{slug}\"")))
            .unwrap_or_else(|| panic!("{slug}: no home card"));
        assert!(card.contains("reachable"), "{slug}: card {card}");
        let (status, _, page) = app.get(&service.href()).await;
        assert_eq!(status, StatusCode::OK, "{slug}: list route");
        assert!(!page.contains("Page not found"), "{slug}: list route");
    }
}
