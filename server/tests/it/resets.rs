//! Generated passwords reach one place only: the answer to the reset that made them. Runs
//! the real binary at the most verbose log level as the helpdesk person, resets MQ and
//! MemoryDB passwords, reads back every page that could show them, and greps the log, the
//! audit log's files and every response for each password.

use std::path::Path;

use crate::common::{Server, header};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";

/// The `action` of the form in the section `id` (a helpdesk action) of `html`.
fn action_of(html: &str, id: &str) -> String {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no section {id}: {html}"));
    let form = &html[at..];
    let form = &form[form.find("<form").expect("a form")..];
    form.split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form posts somewhere")
        .to_owned()
}

fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// Every file under `dir`, as bytes (the SQLite database, its WAL…).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            all.push((path.display().to_string(), bytes));
        }
    }
    all
}

#[test]
fn generated_passwords_reach_only_the_answer_that_carries_them() {
    let mut server = Server::start("resets", &[("RUST_LOG", "trace")]);
    server.sign_in("hal");
    let json = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    let mut generated = Vec::new();
    let mut later = Vec::new();

    let mq_page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let html = server.send("GET", &mq_page, &[], "").unwrap();
    let mq_reset = action_of(&html, "reset-password");
    let db_page = "/memorydb/users/app-orders";
    let db_html = server.send("GET", db_page, &[], "").unwrap();
    let db_reset = action_of(&db_html, "reset-password");
    for (action, form) in [
        (
            &mq_reset,
            format!("form[broker_id]={BROKER}&form[username]=billing-worker&form[mode]=generate"),
        ),
        (
            &mq_reset,
            format!("form[broker_id]={BROKER}&form[username]=billing-worker&form[mode]=generate"),
        ),
        (
            &db_reset,
            "form[user_name]=app-orders&form[step]=replace&form[mode]=generate".to_owned(),
        ),
    ] {
        let answer = server
            .send("POST", action, &json, &format!("{form}&confirm=yes&via=js"))
            .unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"),
            "{answer}"
        );
        assert!(
            header(&answer, "cache-control").is_some_and(|v| v.contains("no-store")),
            "the answer carrying a password is never cached: {answer}"
        );
        let done: serde_json::Value = serde_json::from_str(body(&answer)).expect("JSON");
        let password = done["password"]
            .as_str()
            .expect("a generated password")
            .to_owned();
        assert_eq!(password.len(), 24);
        // In this answer exactly once.
        assert_eq!(answer.matches(&password).count(), 1, "{answer}");
        generated.push(password);
        // MemoryDB's user is `modifying` for a moment after a change.
        std::thread::sleep(std::time::Duration::from_millis(2_500));
    }
    // A plain (no-JavaScript) post of a typed password: redirected to the page, which says
    // what happened.
    const TYPED: &str = "Typed-Canary-Password-42";
    let answer = server
        .send(
            "POST",
            &mq_reset,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "text/html"),
                ("Referer", &format!("http://127.0.0.1:{}{mq_page}", server.port)),
            ],
            &format!("form[broker_id]={BROKER}&form[username]=billing-worker&form[mode]=type&form[password]={TYPED}&confirm=yes&via=form"),
        )
        .unwrap();
    let location = header(&answer, "location")
        .expect("a plain post redirects")
        .to_owned();
    assert!(location.contains("?result="), "{location}");
    later.push(answer);
    later.push(server.send("GET", &location, &[], "").unwrap());

    for path in [
        mq_page.as_str(),
        db_page,
        "/search?q=billing",
        "/audit",
        "/audit/export?format=csv",
        "/audit/export?format=jsonl",
    ] {
        later.push(server.send("GET", path, &[], "").unwrap());
    }
    let audit_page = &later[later.len() - 3];
    assert!(audit_page.contains("password reset"), "{audit_page}");
    let data = files(&server.data_dir);
    assert!(!data.is_empty(), "the audit log is on disk");
    let log_path = server.log.clone();
    drop(server);
    let log = std::fs::read_to_string(&log_path).expect("the server log");
    assert!(
        log.contains("password_reset"),
        "the audit lines are in the log"
    );

    for password in generated.iter().map(String::as_str).chain([TYPED]) {
        for (i, response) in later.iter().enumerate() {
            assert!(
                !response.contains(password),
                "response {i} shows a password: {response}"
            );
        }
        assert!(!log.contains(password), "the log holds a password");
        for (path, bytes) in &data {
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "{path} holds a password"
            );
        }
    }
}
