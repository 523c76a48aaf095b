//! Submitted passwords must never come back: not in any response (HTML, JSON, headers,
//! redirect URLs) and not in the server's log, even at the most verbose log level.
//! Runs the real `userdesk` binary in sandbox mode and posts forms to it as a browser would.

use crate::common::{Server, header};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const SECRET_OK: &str = "Zq7-canary-Password-1";
const SECRET_BAD: &str = "canary,with-comma-Zq8";
/// MemoryDB's: 16–128 printable characters without spaces; the second one of a pair, and a
/// refused one (it has a space).
const SECRET_SECOND: &str = "Zq9-second-canary-Password";
const SECRET_REFUSED: &str = "Zq0 canary with spaces";
const ALL_SECRETS: [&str; 4] = [SECRET_OK, SECRET_BAD, SECRET_SECOND, SECRET_REFUSED];

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

/// The edit form of a page: its action and the `form[...]` values a browser would submit.
fn edit_form(html: &str) -> (String, Vec<(String, String)>) {
    let form = html
        .split("<form")
        .find(|f| {
            f.split('>')
                .next()
                .is_some_and(|t| t.contains("class=\"edit\""))
        })
        .expect("the page has an edit form");
    let action =
        attribute(form.split('>').next().unwrap_or_default(), "action").expect("an action");
    let mut fields = Vec::new();
    for tag in form
        .split("<input")
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or_default())
    {
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        let kind = attribute(tag, "type").unwrap_or_default();
        if (kind == "checkbox" || kind == "radio") && !tag.contains(" checked") {
            continue;
        }
        fields.push((name, attribute(tag, "value").unwrap_or_default()));
    }
    for part in form.split("<textarea").skip(1) {
        let (tag, rest) = part.split_once('>').unwrap_or_default();
        if let Some(name) = attribute(tag, "name") {
            fields.push((
                name,
                unescape(rest.split("</textarea>").next().unwrap_or_default()),
            ));
        }
    }
    (action, fields)
}

fn with(fields: &[(String, String)], overrides: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v = overrides
                .iter()
                .find(|(o, _)| *o == k)
                .map_or(v.as_str(), |(_, o)| *o);
            format!("{}={}", encode(k), encode(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn submitted_passwords_never_reach_a_response_or_the_log() {
    let mut server = Server::start("secrets", &[("RUST_LOG", "trace")]);
    let cookie = server.sign_in("ada");
    let page = format!("/mq/brokers/{BROKER}/users/billing-worker");
    let html = server.send("GET", &page, &[], "").unwrap();
    let action = html
        .split("<form")
        .find(|tag| {
            tag.split('>')
                .next()
                .is_some_and(|t| t.contains("class=\"edit\""))
        })
        .and_then(|tag| tag.split("action=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the user page has an edit form posting to a server function")
        .to_owned();
    let mut responses = vec![html];

    for (secret, via) in [(SECRET_OK, "form"), (SECRET_BAD, "form"), (SECRET_OK, "js")] {
        let body = format!(
            "via={via}&form[broker_id]={BROKER}&form[username]=billing-worker&form[password]={}&form[groups]=billing",
            encode(secret)
        );
        let referer = format!("http://127.0.0.1:{}{page}", server.port);
        let accept = if via == "js" {
            "application/json"
        } else {
            "text/html"
        };
        let answer = server
            .send(
                "POST",
                &action,
                &[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Accept", accept),
                    ("Referer", &referer),
                ],
                &body,
            )
            .unwrap();
        if via == "form" {
            // A plain post is redirected to the page, which shows the result or the error.
            let location = header(&answer, "location")
                .expect("a plain post redirects")
                .to_owned();
            assert!(
                location.contains("?result=") || location.contains("?draft="),
                "{location}"
            );
            responses.push(server.send("GET", &location, &[], "").unwrap());
        }
        assert!(
            header(&answer, "cache-control").is_some_and(|v| v.contains("no-store")),
            "server function answers must not be cached: {answer}"
        );
        responses.push(answer);
    }
    // MemoryDB: one or two passwords, accepted and refused, posted as the browser would.
    let page = "/memorydb/users/app-orders";
    let html = server.send("GET", page, &[], "").unwrap();
    let (action, fields) = edit_form(&html);
    responses.push(html);
    for (first, second) in [(SECRET_OK, SECRET_SECOND), (SECRET_REFUSED, "")] {
        let body = with(
            &fields,
            &[
                ("via", "form"),
                ("form[password_1]", first),
                ("form[password_2]", second),
            ],
        );
        let referer = format!("http://127.0.0.1:{}{page}", server.port);
        let answer = server
            .send(
                "POST",
                &action,
                &[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Accept", "text/html"),
                    ("Referer", &referer),
                ],
                &body,
            )
            .unwrap();
        let location = header(&answer, "location")
            .expect("a plain post redirects")
            .to_owned();
        responses.push(server.send("GET", &location, &[], "").unwrap());
        responses.push(answer);
    }

    // Every slice goes through the same flash store, form flow and logging: this pins them.
    let log_path = server.log.clone();
    drop(server);
    let log = std::fs::read_to_string(&log_path).expect("the server log");
    assert!(
        log.contains("MQ user updated"),
        "the log recorded the change"
    );
    // The audit record's own line (target `audit`) is there too, and as clean as the rest.
    assert!(
        log.contains("audit: audit record record="),
        "the log carries the audit records"
    );
    for secret in ALL_SECRETS.iter().flat_map(|s| [s.to_string(), encode(s)]) {
        assert!(
            !log.contains(&secret),
            "the server log (RUST_LOG=trace) carries a submitted password"
        );
    }
    // Nor the session id, which would let a log reader act as the person.
    let session_id = cookie.split_once('=').expect("name=value").1;
    assert!(
        !log.contains(session_id),
        "the server log (RUST_LOG=trace) carries a session id"
    );

    for (i, response) in responses.iter().enumerate() {
        for secret in ALL_SECRETS.iter().flat_map(|s| [s.to_string(), encode(s)]) {
            assert!(
                !response.contains(&secret),
                "response {i} carries a submitted password:\n{response}"
            );
        }
    }
    assert!(
        responses
            .iter()
            .any(|r| r.contains("Saved: billing-worker")),
        "the plain MQ post succeeded"
    );
    assert!(
        responses
            .iter()
            .any(|r| r.contains("Saved: MemoryDB user app-orders")),
        "the plain MemoryDB post succeeded"
    );
    let refusals = |field: &str| -> Vec<String> {
        responses
            .iter()
            .filter_map(|r| field_error(r, field))
            .collect()
    };
    assert_eq!(
        refusals("password"),
        ["Password must not contain a comma, colon or equals sign (, : =)"],
        "the bad MQ password was refused"
    );
    assert_eq!(
        refusals("password_1"),
        ["Password 1 must not contain spaces"],
        "the bad MemoryDB password was refused"
    );
}

/// The text of the error line under the form field `field`, `None` when there is none or it
/// is empty.
fn field_error(html: &str, field: &str) -> Option<String> {
    let at = html.find(&format!(r#"id="f-{field}-error""#))?;
    let inner = &html[at + html[at..].find('>')? + 1..];
    let inner = &inner[..inner.find("</p>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(unescape(text.trim())).filter(|t| !t.is_empty())
}
