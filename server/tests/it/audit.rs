//! The audit log of the real binary: a change cut off by a crash between its intent and its
//! outcome stays on record as "outcome unknown", and `userdesk audit verify` / `export` read
//! the log the dashboard wrote (verify failing, and naming the record, once it is tampered
//! with).

use std::process::Command;
use std::time::{Duration, Instant};

use app::server::audit::store::AuditStore;
use app::server::audit::{Outcome, Phase};

use crate::common::{Server, request};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const SECRET: &str = "Crash-Secret-0042-xyz";

fn userdesk(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_userdesk"))
        .args(args)
        .env_remove("USERDESK_MODE")
        .env("USERDESK_DATA_DIR", data_dir)
        .output()
        .expect("userdesk runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_cut_off_by_a_crash_stays_on_record_as_outcome_unknown() {
    // JSON logs, as a log shipper reads them: the SIEM line of each record is checked below.
    let mut server = Server::start("audit-crash", &[("USERDESK_LOG_FORMAT", "json")]);
    let sandbox_port = server.sandbox_port();
    server.sign_in("ada");
    let data_dir = server.data_dir.clone();
    let url = format!("sqlite://{}", data_dir.join("userdesk.db").display());

    // The sandbox holds MQ's changes for a while: the dashboard will have written the intent
    // and be waiting for AWS when it dies.
    let stalled = request(
        sandbox_port,
        "POST",
        "/_sandbox/stall",
        &[("Content-Type", "application/json")],
        r#"{"service":"mq","seconds":60}"#,
    )
    .unwrap();
    assert!(stalled.contains(" 204 No Content"), "{stalled}");

    let port = server.port;
    let cookie = server.cookie.clone().unwrap();
    let body = format!(
        "via=js&form[broker_id]={BROKER}&form[username]=billing-worker&form[password]={SECRET}&form[groups]=billing"
    );
    let path = {
        let page = server
            .send(
                "GET",
                &format!("/mq/brokers/{BROKER}/users/billing-worker"),
                &[],
                "",
            )
            .unwrap();
        page.split("action=\"")
            .map(|rest| rest.split('"').next().unwrap_or_default())
            .find(|action| action.starts_with("/api/update_mq_user"))
            .expect("the form's action")
            .to_owned()
    };
    std::thread::spawn(move || {
        let _ = request(
            port,
            "POST",
            &path,
            &[
                ("Cookie", &cookie),
                ("Sec-Fetch-Site", "same-origin"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            &body,
        );
    });

    let store = AuditStore::open(&url)
        .await
        .expect("the dashboard's audit log");
    let deadline = Instant::now() + Duration::from_secs(20);
    let intent = loop {
        let records = store.all(None).await.unwrap();
        if let Some(intent) = records.iter().find(|r| r.entry.phase == Phase::Intent) {
            break intent.clone();
        }
        assert!(Instant::now() < deadline, "no intent was written");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Its log line follows the commit by a moment: the crash comes after both (the update
    // itself stays stalled, so no outcome can be written in between).
    let audit_lines = || {
        std::fs::read_to_string(&server.log)
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(r#""target":"audit""#))
            .count()
    };
    while audit_lines() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.child.kill().expect("the dashboard dies");
    let _ = server.child.wait();

    let records = store.all(None).await.unwrap();
    // Ada's sign-in, and the change's intent: nothing after it.
    assert_eq!(records.len(), 2, "{records:#?}");
    assert_eq!(records[1], intent);
    assert_eq!(intent.entry.outcome, Outcome::Unknown);
    // Who and from where, as the real server saw the request.
    assert_eq!(intent.entry.actor.subject, "ada");
    assert_eq!(intent.entry.actor.client_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(intent.entry.location, "SANDBOX");
    assert_eq!(
        intent.entry.request_id.len(),
        36,
        "a request id: {intent:?}"
    );
    // Each record is also one JSON log line with target "audit".
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    let siem: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["target"] == "audit")
        .collect();
    assert_eq!(siem.len(), 2, "the sign-in and the intent: {log}");
    let record = siem[1]
        .get("record")
        .unwrap_or(&siem[1]["fields"]["record"]);
    let logged: serde_json::Value = match record {
        serde_json::Value::String(json) => serde_json::from_str(json).unwrap(),
        other => other.clone(),
    };
    assert_eq!(logged["seq"], intent.seq, "{logged}");
    assert_eq!(logged["phase"], "intent", "{logged}");

    // A dashboard started again on the same data keeps it so, and verify and export agree.
    let again = Server::start(
        "audit-crash-restart",
        &[("USERDESK_DATA_DIR", data_dir.to_str().unwrap())],
    );
    drop(again);
    let verify = userdesk(&data_dir, &["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(0), "{verify:?}");
    assert_eq!(
        String::from_utf8_lossy(&verify.stdout),
        "audit log intact: 2 records, each linked to the one before\n"
    );
    let jsonl = userdesk(&data_dir, &["audit", "export", "--format", "jsonl"]);
    let jsonl = String::from_utf8(jsonl.stdout).unwrap();
    assert!(jsonl.contains(r#""outcome":{"kind":"unknown"}"#), "{jsonl}");
    let csv = userdesk(&data_dir, &["audit", "export", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("seq,at,phase,intent,action,actor"), "{csv}");
    assert!(csv.contains("Password: changed"), "{csv}");
    for text in [&jsonl, &csv] {
        assert!(
            !text.contains(SECRET),
            "the submitted password is in an export"
        );
    }
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    assert!(!log.contains(SECRET));
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_fails_on_a_tampered_log_and_names_the_record() {
    let mut server = Server::start("audit-verify", &[]);
    server.sign_in("ada");
    for groups in ["billing, a1", "billing, a2"] {
        let body = format!(
            "via=form&form[broker_id]={BROKER}&form[username]=billing-worker&form[groups]={}",
            groups.replace(' ', "+").replace(',', "%2C")
        );
        let page = server
            .send(
                "GET",
                &format!("/mq/brokers/{BROKER}/users/billing-worker"),
                &[],
                "",
            )
            .unwrap();
        let action = page
            .split("action=\"")
            .map(|rest| rest.split('"').next().unwrap_or_default())
            .find(|action| action.starts_with("/api/update_mq_user"))
            .expect("the form's action")
            .to_owned();
        let answer = server
            .send(
                "POST",
                &action,
                &[("Content-Type", "application/x-www-form-urlencoded")],
                &body,
            )
            .unwrap();
        assert!(answer.contains("?result="), "{answer}");
    }
    let data_dir = server.data_dir.clone();
    drop(server);
    let ok = userdesk(&data_dir, &["audit", "verify"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");

    let url = format!("sqlite://{}", data_dir.join("userdesk.db").display());
    let store = AuditStore::open(&url).await.unwrap();
    store
        .execute_for_tests("UPDATE audit_log SET actor_subject = 'mallory' WHERE seq = 3")
        .await
        .unwrap();
    let broken = userdesk(&data_dir, &["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&broken.stderr),
        "userdesk: audit log broken: record 3 was edited: its content does not match its hash\n"
    );
    let since = userdesk(
        &data_dir,
        &[
            "audit",
            "export",
            "--format",
            "jsonl",
            "--since",
            "2999-01-01T00:00:00Z",
        ],
    );
    assert_eq!(since.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&since.stdout), "");
    let bad = userdesk(&data_dir, &["audit", "export", "--format", "xml"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn in_aws_mode_the_account_is_learned_from_sts_for_the_audit_record() {
    let moto = test_support::Moto::start().await;
    let server = Server::start(
        "audit-account",
        &[
            ("USERDESK_MODE", "aws"),
            ("USERDESK_ENDPOINT_STS", &moto.url),
            ("AWS_ACCESS_KEY_ID", "AKIDTEST"),
            ("AWS_SECRET_ACCESS_KEY", "test-secret"),
            ("AWS_REGION", "us-east-1"),
        ],
    );
    let log = server.log_text();
    assert!(
        log.contains(r#"AWS account account="123456789012""#),
        "{log}"
    );
}
