//! Sign-in through the router: pages and server functions without a session, session
//! fixation, sign-out, cookie-carrying posts without an origin, no-JS results bound to their
//! poster, and the `proxy` and `jwt` modes (headers believed only from trusted peers; signed
//! headers verified against a JWKS served here).
#![cfg(feature = "ssr")]

use std::net::SocketAddr;

use app::home::SiteInfo;
use app::services::mq::model::MqUserForm;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};

use crate::common::{HOST, TestApp, banner_error, session_cookie};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";

fn location(headers: &HeaderMap) -> &str {
    headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn get_with_cookie(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_page_without_a_session_goes_to_sign_in_and_remembers_where_it_was_going() {
    let app = TestApp::builder().signed_out().build().await;
    let (status, headers, _) = app.get("/mq?q=ops").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/auth/sign-in?next=%2Fmq%3Fq%3Dops");
    // The sign-in page itself, and the bundle, are open.
    let (status, _, html) = app.get("/auth/sign-in?next=/mq").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Sign in to userdesk"), "{html}");
    for person in ["Ada (admin)", "Hal (helpdesk)", "Vic (viewer)"] {
        assert!(html.contains(person), "{person}");
    }
}

#[tokio::test]
async fn a_server_function_without_a_session_answers_401_and_reads_nothing() {
    let app = TestApp::builder().signed_out().build().await;
    app.sandbox().state.reset_calls();
    let (status, _, body) = app.call::<SiteInfo>(&[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, _) = app
        .call::<app::services::mq::MqUsers>(&[("broker_id", BROKER), ("query", ""), ("page", "0")])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.sandbox().state.total_calls(), 0);
}

#[tokio::test]
async fn signing_in_gives_a_new_session_id_and_the_old_one_is_worthless() {
    let app = TestApp::spawn().await;
    let first = app.cookie().expect("signed in").to_owned();
    // Signing in again (as someone else) from the same browser: a fresh id.
    let (status, headers, _) = app
        .send(
            Request::post("/auth/dev")
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("person=hal&next=/mq"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/mq");
    let second = session_cookie(&headers).expect("a new cookie");
    assert_ne!(first, second, "the session id changes at sign-in");
    let (status, headers, _) = app.send_as_is(get_with_cookie("/", &first)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the old id signs nobody in");
    assert_eq!(location(&headers), "/auth/sign-in?next=%2F");
    let (status, _, html) = app.send_as_is(get_with_cookie("/", &second)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Hal (helpdesk)"),
        "the header names the person"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let cookie = app.cookie().expect("signed in").to_owned();
    let (status, _, _) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, _) = app
        .send(
            Request::post("/auth/sign-out")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/auth/sign-in?reason=signed-out");
    // The browser may keep the cookie; the server no longer knows it.
    let (status, headers, _) = app.send_as_is(get_with_cookie("/", &cookie)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/auth/sign-in?next=%2F");
    let (_, _, html) = app.get("/auth/sign-in?reason=signed-out").await;
    assert!(html.contains("You are signed out."));
}

/// Someone at work stays signed in past the idle time; a session left alone for it ends.
#[tokio::test]
async fn an_active_session_stays_and_an_idle_one_ends() {
    let app = TestApp::builder()
        .session_idle(std::time::Duration::from_secs(3))
        .build()
        .await;
    // Six seconds of use, a request a second: twice the idle time.
    for _ in 0..6 {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let (status, headers, _) = app.get("/audit").await;
        assert_eq!(status, StatusCode::OK, "{headers:?}");
    }
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let (status, headers, _) = app.get("/audit").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/auth/sign-in?next=%2Faudit");
}

#[tokio::test]
async fn a_post_carrying_the_cookie_must_say_where_it_comes_from() {
    let app = TestApp::spawn().await;
    let cookie = app.cookie().expect("signed in").to_owned();
    let post = |extra: Option<(&'static str, &'static str)>| {
        let mut request = Request::post("/auth/sign-out")
            .header(header::HOST, HOST)
            .header(header::COOKIE, &cookie);
        if let Some((name, value)) = extra {
            request = request.header(name, value);
        }
        request.body(Body::empty()).unwrap()
    };
    for (extra, expected) in [
        (None, StatusCode::FORBIDDEN),
        (
            Some(("origin", "https://evil.example")),
            StatusCode::FORBIDDEN,
        ),
        (
            Some(("sec-fetch-site", "cross-site")),
            StatusCode::FORBIDDEN,
        ),
        (Some(("sec-fetch-site", "same-site")), StatusCode::FORBIDDEN),
    ] {
        let (status, _, body) = app.send_as_is(post(extra)).await;
        assert_eq!(status, expected, "{extra:?}");
        assert_eq!(body, "cross-site requests are not accepted");
    }
    // Still signed in: nothing changed on any of them.
    let (status, _, _) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    // Nothing changes on GET either: signing out is a POST only.
    let (status, _, _) = app.get("/auth/sign-out").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _, _) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
}

fn no_js_change(groups: &str) -> MqUserForm {
    MqUserForm {
        broker_id: BROKER.into(),
        username: "billing-worker".into(),
        password: String::new(),
        groups: groups.into(),
        console_access: None,
        replication_user: None,
    }
}

#[tokio::test]
async fn a_no_js_result_is_read_once_and_only_by_the_person_who_posted_it() {
    let app = TestApp::spawn().await;
    let page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let (status, headers, _) = app
        .post_form(
            <app::services::mq::user::UpdateMqUser as server_fn::ServerFn>::PATH,
            &page,
            &no_js_change("billing, audit"),
        )
        .await;
    assert!(status.is_redirection(), "{status}");
    let result = location(&headers).to_owned();
    assert!(result.starts_with(&format!("{page}?result=")), "{result}");
    // Hal signs in from another browser and opens Ada's result link: nothing to show.
    let (hal, _) = app.sign_in("hal").await;
    let (_, _, html) = app.send_as_is(get_with_cookie(&result, &hal)).await;
    assert!(!html.contains("The record AWS returned"), "{html}");
    // The same browser, after Hal signs in there (the session's data survives the new id):
    // the result still belongs to Ada.
    let (status, headers, _) = app
        .send(
            Request::post("/auth/dev")
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("person=hal"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let hal_here = session_cookie(&headers).unwrap();
    let (_, _, html) = app.send_as_is(get_with_cookie(&result, &hal_here)).await;
    assert!(!html.contains("The record AWS returned"), "{html}");
}

#[tokio::test]
async fn ada_reads_her_no_js_result_once() {
    let app = TestApp::spawn().await;
    let page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let (_, headers, _) = app
        .post_form(
            <app::services::mq::user::UpdateMqUser as server_fn::ServerFn>::PATH,
            &page,
            &no_js_change("billing, audit"),
        )
        .await;
    let result = location(&headers).to_owned();
    let (_, _, html) = app.get(&result).await;
    assert!(
        html.contains("The record AWS returned"),
        "the result shows the change: {html}"
    );
    let (_, _, again) = app.get(&result).await;
    assert_eq!(banner_error(&again), None);
    assert!(!again.contains("The record AWS returned"));
}

// ---- proxy mode --------------------------------------------------------------------------------

const PROXY: &str = r#"
[auth]
mode = "proxy"
[auth.proxy]
trusted_proxies = ["10.0.0.0/8", "::1/128"]
sign_out_url = "/oauth2/sign_out"
[auth.roles]
admin = ["ud-admins"]
viewer = ["staff"]
"#;

fn from_peer(peer: &str, headers: &[(&'static str, &str)]) -> Request<Body> {
    let mut request = Request::get("/")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(
            header::HeaderName::from_static(name),
            value.parse().unwrap(),
        );
    }
    request
        .extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    request
}

#[tokio::test]
async fn proxy_headers_are_believed_only_from_a_trusted_peer() {
    let app = TestApp::builder().config(PROXY).build().await;
    let headers = [
        ("x-forwarded-user", "00u-ada"),
        ("x-forwarded-email", "ada@example.com"),
        ("x-forwarded-groups", "staff, ud-admins"),
    ];
    let (status, _, html) = app.send_as_is(from_peer("10.1.2.3:5555", &headers)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("ada@example.com"),
        "the header names the person"
    );
    // Signing out is the proxy's: the header links there (no session of userdesk's to end).
    assert!(
        html.contains(r#"<a href="/oauth2/sign_out" class="sign-out">Sign out</a>"#),
        "{html}"
    );
    assert!(!html.contains(r#"action="/auth/sign-out""#));
    // The same headers from anywhere else: refused, not served anonymously.
    let (status, _, body) = app
        .send_as_is(from_peer("192.168.7.7:5555", &headers))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        "userdesk answers only requests that come through its sign-in proxy."
    );
    // A trusted peer that names nobody.
    let (status, _, body) = app.send_as_is(from_peer("10.1.2.3:5555", &[])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        "userdesk could not tell who you are: sign in again through your company's sign-in page."
    );
    // Someone in no mapped group.
    let (status, headers, _) = app
        .send_as_is(from_peer(
            "[::1]:5555",
            &[
                ("x-forwarded-user", "nora"),
                ("x-forwarded-groups", "contractors"),
            ],
        ))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/auth/sign-in?reason=no-role");
}

// ---- jwt mode ----------------------------------------------------------------------------------

mod jwt {
    use std::time::{SystemTime, UNIX_EPOCH};

    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};

    use super::*;

    const KEY: &str = include_str!("../../src/server/auth/jwt/test_keys/test_only_es256_a.pem");
    const OTHER: &str = include_str!("../../src/server/auth/jwt/test_keys/test_only_es256_b.pem");

    /// Serves the JWKS holding the test key as kid "k1" on a free loopback port.
    async fn jwks() -> String {
        let decoding = jsonwebtoken::EncodingKey::from_ec_pem(KEY.as_bytes()).unwrap();
        let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&decoding, Algorithm::ES256)
            .expect("a JWK from the test key");
        jwk.common.key_id = Some("k1".to_owned());
        let body = serde_json::json!({ "keys": [jwk] }).to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let router = axum::Router::new().route(
            "/jwks.json",
            axum::routing::get(move || {
                let body = body.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], body) }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        url
    }

    fn token(key: &str, issuer: &str, exp_in: i64) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some("k1".to_owned());
        let claims = serde_json::json!({
            "sub": "00u-ada", "email": "ada@example.com", "name": "Ada Admin",
            "groups": ["ud-admins"], "iss": issuer, "aud": "userdesk", "exp": now + exp_in,
        });
        encode(
            &header,
            &claims,
            &EncodingKey::from_ec_pem(key.as_bytes()).unwrap(),
        )
        .unwrap()
    }

    fn with_token(token: &str) -> Request<Body> {
        Request::get("/")
            .header(header::HOST, HOST)
            .header("x-userdesk-identity", token)
            .body(Body::empty())
            .unwrap()
    }

    #[tokio::test]
    async fn a_signed_header_signs_in_and_a_bad_one_is_refused() {
        let url = jwks().await;
        let config = format!(
            "[auth]\nmode = \"jwt\"\n[auth.jwt]\npreset = \"generic\"\nheader = \"X-Userdesk-Identity\"\njwks_url = \"{url}\"\nissuer = \"https://idp.example\"\naudience = \"userdesk\"\n[auth.roles]\nadmin = [\"ud-admins\"]\n"
        );
        let app = TestApp::builder().config(&config).build().await;
        let (status, _, html) = app
            .send_as_is(with_token(&token(KEY, "https://idp.example", 300)))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Ada Admin"));
        for bad in [
            token(KEY, "https://idp.example", -300),
            token(KEY, "https://other.example", 300),
            token(OTHER, "https://idp.example", 300),
            "not.a.token".to_owned(),
        ] {
            let (status, _, body) = app.send_as_is(with_token(&bad)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(
                body,
                "userdesk could not tell who you are: sign in again through your company's sign-in page."
            );
        }
        let (status, _, _) = app
            .send_as_is(
                Request::get("/")
                    .header(header::HOST, HOST)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_cookie_of_one_person_in_another_app_instance_signs_nobody_in() {
    let ada = TestApp::spawn().await;
    let other = TestApp::builder().signed_out().build().await;
    let (status, _, _) = other
        .send_as_is(get_with_cookie("/", ada.cookie().unwrap()))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[test]
fn the_sign_in_page_reasons_are_fixed_sentences() {
    use app::sign_in::Reason;
    assert_eq!(Reason::SignedOut.message(), "You are signed out.");
    assert_eq!(
        Reason::NoRole.message(),
        "You signed in, but your account is in no group that gives a role in userdesk. Ask an administrator to add you to the admin, helpdesk or viewer group."
    );
}
