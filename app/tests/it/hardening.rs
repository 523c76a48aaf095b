//! What guards every request, in-process against a real sandbox: the `Host` allow-list (DNS
//! rebinding), the Content-Security-Policy and HSTS, the body limit, request ids.
#![cfg(feature = "ssr")]

use crate::common::{self, TestApp};
use app::home::ServiceCards;
use app::server::http;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server_fn::ServerFn;

/// The home page's server function, as the browser calls it.
fn server_fn_post(host: &str, body: impl Into<Body>) -> Request<Body> {
    common::server_fn_post(<ServiceCards as ServerFn>::PATH, host, body)
}

#[tokio::test]
async fn rebinding_host_names_are_refused_with_421_before_anything_runs() {
    let app = TestApp::spawn().await;
    for host in [
        "evil.example:3000",
        "evil.example",
        "127.0.0.1.evil.example:3000",
        "localhost:3001",
        "user@127.0.0.1:3000",
        "",
    ] {
        let (status, _, body) = app.get_from_host("/", host).await;
        assert_eq!(
            status,
            StatusCode::MISDIRECTED_REQUEST,
            "page with Host {host:?}"
        );
        assert_eq!(
            body,
            "This server does not answer to that host name. Open userdesk at its configured address (public_url or allowed_hosts)."
        );
        let (status, _, _) = app.send(server_fn_post(host, "")).await;
        assert_eq!(
            status,
            StatusCode::MISDIRECTED_REQUEST,
            "server function with Host {host:?}"
        );
    }
    for host in [
        "127.0.0.1:3000",
        "localhost:3000",
        "LOCALHOST:3000",
        "[::1]:3000",
        "127.0.0.2:3000",
    ] {
        let (status, _, body) = app.get_from_host("/", host).await;
        assert_eq!(status, StatusCode::OK, "Host {host:?}: {body}");
        let (status, _, body) = app.send(server_fn_post(host, "")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "server function with Host {host:?}: {body}"
        );
    }
    // Probes from an orchestrator name the pod's address: health answers whatever the Host.
    let (status, _, _) = app.get_from_host("/healthz", "10.1.2.3:3000").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_public_url_and_allowed_hosts_are_served() {
    // Behind a proxy that others reach the dev sign-in is refused: nobody signs in here.
    let app = TestApp::builder()
        .config("public_url = \"https://userdesk.example.com\"\nallowed_hosts = [\"desk.internal:8443\", \"desk2.internal\"]\n[auth]\nmode = \"none\"")
        .build()
        .await;
    for host in [
        "userdesk.example.com",
        "userdesk.example.com:443",
        "desk.internal:8443",
        "desk2.internal:9000",
        "127.0.0.1:3000",
    ] {
        let (status, _, _) = app.get_from_host("/", host).await;
        assert_eq!(status, StatusCode::OK, "Host {host:?}");
    }
    for host in ["desk.internal:8444", "evil.example", "example.com"] {
        let (status, _, _) = app.get_from_host("/", host).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "Host {host:?}");
    }
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_their_scripts_nonce() {
    let app = TestApp::spawn().await;
    let (status, headers, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers["content-security-policy"].to_str().unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 16, "{nonce}");
    assert_eq!(csp, http::page_csp(nonce));
    for directive in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    // Every inline script of the page carries that nonce; none runs without it.
    let inline_scripts = body.matches("<script").count();
    assert!(inline_scripts > 0);
    assert_eq!(
        body.matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
            .count()
            + body.matches(&format!("<script nonce=\"{nonce}\"")).count(),
        inline_scripts,
        "{body}"
    );
    // A second load gets another nonce.
    let (_, again, _) = app.get("/").await;
    assert_ne!(
        again["content-security-policy"],
        headers["content-security-policy"]
    );
    // No HSTS over plain http.
    assert!(!headers.contains_key("strict-transport-security"));
    // Not a page (a server function's JSON): nothing may run.
    let (_, headers, _) = app.send(server_fn_post("127.0.0.1:3000", "")).await;
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    );
    // The 404 page is a page too.
    let (status, headers, _) = app.get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("'nonce-")
    );
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_url_is_https() {
    let app = TestApp::builder()
        .config("public_url = \"https://userdesk.example.com\"\n[auth]\nmode = \"none\"")
        .build()
        .await;
    let (_, headers, _) = app.get_from_host("/", "userdesk.example.com").await;
    assert_eq!(headers["strict-transport-security"], "max-age=31536000");
    let app = TestApp::builder()
        .config("public_url = \"http://127.0.0.1:3000\"")
        .build()
        .await;
    let (_, headers, _) = app.get("/").await;
    assert!(!headers.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn request_bodies_over_64_kib_are_refused_with_413() {
    let app = TestApp::spawn().await;
    let big = format!("form[password]={}", "a".repeat(http::MAX_BODY_BYTES));
    let mut request = server_fn_post("127.0.0.1:3000", big.clone());
    request
        .headers_mut()
        .insert("content-length", big.len().into());
    let (status, _, _) = app.send(request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A streamed body without a length is cut off at the limit too.
    let chunks = futures_chunks(http::MAX_BODY_BYTES + 1);
    let (status, _, body) = app.send(server_fn_post("127.0.0.1:3000", chunks)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body,
        "The request is larger than userdesk accepts (64 KiB)."
    );
    let (status, _, _) = app
        .send(server_fn_post("127.0.0.1:3000", "a".repeat(1024)))
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// A body of `len` bytes sent as a stream, so no `Content-Length` announces it.
fn futures_chunks(len: usize) -> Body {
    let chunk = axum::body::Bytes::from(vec![b'a'; 4096]);
    let count = len.div_ceil(chunk.len());
    Body::from_stream(futures_util::stream::iter(
        (0..count).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
    ))
}

#[tokio::test]
async fn every_request_gets_its_own_id_and_a_client_cannot_choose_it() {
    let app = TestApp::spawn().await;
    let (_, first, _) = app.get("/healthz").await;
    let (_, second, _) = app.get("/").await;
    let id = first["x-request-id"].to_str().unwrap();
    assert_eq!(
        uuid::Uuid::parse_str(id).map(|u| u.get_version_num()),
        Ok(4)
    );
    assert_ne!(first["x-request-id"], second["x-request-id"]);
    let (_, headers, _) = app
        .send(
            Request::get("/healthz")
                .header("host", "127.0.0.1:3000")
                .header("x-request-id", "forged")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_ne!(headers["x-request-id"], "forged");
    // Refusals carry one too, so a refused request can be found in the log.
    let (_, headers, _) = app.get_from_host("/", "evil.example").await;
    assert!(headers.contains_key("x-request-id"));
}
