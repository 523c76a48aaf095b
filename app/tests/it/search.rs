//! The cross-service search: every service asked at once, each within its own limit; a
//! failing or stalled one shown as such while the others' results show.
#![cfg(feature = "ssr")]

use std::time::{Duration, Instant};

use app::search::{SearchService, ServiceHits};
use app::services::ServiceId;

use crate::common::{TestApp, banner_error, text_of};

#[tokio::test]
async fn a_user_in_several_services_is_found_in_each() {
    let app = TestApp::builder().signed_in_as("hal").build().await;
    let (status, _, html) = app.get("/search?q=amara").await;
    assert_eq!(status, 200, "{html}");
    for (service, href) in [
        (
            "mq",
            "/mq/brokers/b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10/users/amara.okafor",
        ),
        (
            "identitystore",
            "/identitystore/stores/d-9067a1b2c3/users/9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        ),
        ("wickr", "/wickr/networks/24681357/users/1001"),
    ] {
        let section = section(&html, service);
        assert!(
            section.contains(&format!(r#"href="{href}""#)),
            "{service}: {section}"
        );
    }
    // (Her IAM-authenticated MemoryDB user too; FinSpace has no such user.)
    assert!(section(&html, "memorydb").contains(r#"href="/memorydb/users/amara-okafor""#));
    let finspace = section(&html, "finspace");
    let summary = text_of(&finspace, r#"class="summary""#).expect("a summary");
    let (summary, _age) = summary
        .split_once(" Listed from AWS ")
        .expect("the listing's age");
    assert_eq!(summary, "No match among 41 users.");
    // The header's box holds the query on the result page, without JavaScript too.
    assert!(
        html.contains(r#"id="site-search" type="search" name="q" value="amara""#),
        "{html}"
    );
    // Every page's header has the search box, a plain GET form.
    let (_, _, home) = app.get("/").await;
    assert!(
        home.contains(r#"action="/search""#) && home.contains(r#"name="q""#),
        "{home}"
    );
    // Markup in a query is text.
    let (_, _, html) = app
        .get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert!(!html.contains("<script>alert(1)</script>"));
}

#[tokio::test]
async fn a_failing_and_a_stalled_service_do_not_hold_up_the_others() {
    let app = TestApp::builder().signed_in_as("hal").build().await;
    app.fault(
        "memorydb",
        Some("DescribeUsers"),
        "*",
        "InvalidParameterCombinationException",
        None,
    );
    app.sandbox()
        .state
        .stall_calls("finspace", Some(Duration::from_secs(8)), true)
        .unwrap();
    let started = Instant::now();
    let (status, _, html) = app.get("/search?q=amara").await;
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(
        took < Duration::from_secs(8),
        "the page waited for the stalled service: {took:?}"
    );
    let memorydb = section(&html, "memorydb");
    assert!(banner_error(&memorydb).is_some(), "{memorydb}");
    let finspace = section(&html, "finspace");
    assert_eq!(
        banner_error(&finspace).as_deref(),
        Some(
            "Amazon FinSpace (kdb) is unreachable right now (no answer within 5 s; the listing goes on in the background, so searching again shortly may find it)"
        )
    );
    assert!(section(&html, "wickr").contains("/wickr/networks/24681357/users/1001"));

    // Each service is its own call, so a hydrated page shows each as it answers.
    let (status, _, body) = app
        .call::<SearchService>(&[("service", "Wickr"), ("query", "amara")])
        .await;
    assert_eq!(status, 200);
    let hits: ServiceHits = serde_json::from_str(&body).unwrap();
    assert_eq!(hits.hits[0].name, "Amara Okafor");
    assert_eq!(
        hits.hits[0].actions[0].1,
        "/wickr/networks/24681357/users/1001#devices-heading"
    );
    // The stalled listing went on in the background: once it lands, FinSpace answers.
    app.sandbox()
        .state
        .stall_calls("finspace", None, true)
        .unwrap();
    let answered = app::search::ssr::search_one(&app.state, ServiceId::FinSpace, "gchen").await;
    assert!(answered.is_ok(), "{answered:?}");
}

#[tokio::test]
async fn ten_thousand_users_are_searched_from_the_cached_listing() {
    let app = TestApp::builder().signed_in_as("hal").build().await;
    let response = reqwest_populate(&app, "wickr", 10_000).await;
    assert!(response, "populate");
    let first = Instant::now();
    let hits = app::search::ssr::search_one(&app.state, ServiceId::Wickr, "load-user-0999")
        .await
        .unwrap();
    let cold = first.elapsed();
    assert!(hits.searched >= 10_000, "{}", hits.searched);
    assert_eq!(hits.hits.len(), 10, "load-user-09990 … 09999");
    let second = Instant::now();
    let again = app::search::ssr::search_one(&app.state, ServiceId::Wickr, "load-user-0999")
        .await
        .unwrap();
    let warm = second.elapsed();
    assert_eq!(again.hits, hits.hits);
    // Not a timing assertion (a busy machine varies): printed for the notes.
    println!(
        "search over {} Wickr users: {cold:?} listing + search, {warm:?} from the cache",
        hits.searched
    );
    assert!(
        app.sandbox().state.calls()["wickr:ListUsers"] >= 100,
        "walked every page"
    );
}

/// The sandbox's populate control route.
async fn reqwest_populate(app: &TestApp, service: &str, count: usize) -> bool {
    let url = format!("{}/_sandbox/populate", app.sandbox().endpoint_url());
    let body = format!(r#"{{"service":"{service}","count":{count}}}"#);
    tokio::task::spawn_blocking(move || {
        let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        use std::io::{Read, Write};
        write!(stream, "POST /_sandbox/populate HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer.starts_with("HTTP/1.0 204") || answer.starts_with("HTTP/1.1 204")
    })
    .await
    .unwrap()
}

/// The results section of `service` on the search page.
fn section(html: &str, service: &str) -> String {
    let marker = format!(r#"data-service="{service}""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {service} section: {html}"));
    let end = html[at..].find("</section>").map_or(html.len(), |e| at + e);
    html[at..end].to_owned()
}
