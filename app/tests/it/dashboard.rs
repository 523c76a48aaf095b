//! The dashboard router in-process against a real sandbox: health, readiness, the home page
//! and every list page render sandbox data on the server.
#![cfg(feature = "ssr")]

use crate::common::{self, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};

#[tokio::test]
async fn healthz_answers_while_the_process_lives() {
    let app = TestApp::builder().unreachable().build().await;
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

    let down = TestApp::builder().unreachable().build().await;
    let (status, json) = down.readyz().await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body = json.to_string();
    assert_eq!(json["status"], "not ready");
    assert_eq!(
        json["services"]["mq"], "Amazon MQ is unreachable right now (could not connect)",
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
    let app = TestApp::builder().unreachable().build().await;
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
        let (status, _, _) = app.send(post(&refused)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused:?}");
    }
    for allowed in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", "http://127.0.0.1:3000")],
        vec![],
    ] {
        let (status, _, _) = app.send(post(&allowed)).await;
        assert_ne!(status, StatusCode::FORBIDDEN, "{allowed:?}");
    }
}

/// Without credentials the SDK cannot sign: the page must say to fix the setup, not to retry.
#[tokio::test]
async fn missing_credentials_are_a_configuration_problem() {
    let app = TestApp::spawn().await;
    // Not `common::sdk_config`: this one has no credentials provider at all.
    let sdk = aws_types::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_types::region::Region::new("us-east-1"))
        .endpoint_url(app.sandbox().endpoint_url())
        .build();
    let state = common::aws_state("mode = \"aws\"", &sdk).await;
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
