//! `make bench`: starts the release `userdesk` (sandbox mode, its embedded sandbox on a known
//! port) and prints each figure beside its budget. Absolute times on a shared 2-core machine
//! are noise, so the figures that can be are ratios against a floor measured in the same run:
//! the bare SDK call, a static file from the same server. Exits 1 when a budget is missed.
//!
//! Figures: start to ready; resident memory idle and with 200 signed-in sessions; SSR of a
//! 100-user list page against a static file (throughput ratio, p99) at 64 connections; an
//! update through the dashboard against the same DescribeUser + UpdateUser sent bare; list
//! pages over 10,000 identity store users and 2,000 MQ users on one broker. Two floors are
//! printed without a budget, to tell where the time goes: the not-found page (what any page
//! costs before its content) and the three calls an MQ update makes, sent bare.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const STORE: &str = "d-9067a1b2c3";

/// One figure, its budget, and whether it holds.
struct Figure {
    name: String,
    value: String,
    budget: String,
    holds: bool,
}

#[derive(Default)]
struct Report(Vec<Figure>);

impl Report {
    fn add(&mut self, name: &str, value: String, budget: &str, holds: bool) {
        println!(
            "{:<58} {:>22}   budget {:<14} {}",
            name,
            value,
            budget,
            if holds { "ok" } else { "MISSED" }
        );
        self.0.push(Figure {
            name: name.to_owned(),
            value,
            budget: budget.to_owned(),
            holds,
        });
    }
}

struct Dashboard {
    child: Child,
    base: String,
    sandbox: String,
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Dashboard {
    fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    }
}

/// Starts the binary and waits for its first `/readyz` 200: that time, and the dashboard.
async fn start(bin: &str, http: &reqwest::Client) -> (Duration, Dashboard) {
    let sandbox_port = test_support::free_port();
    let data = test_support::scratch_dir("bench-data");
    let started = Instant::now();
    let mut child = Command::new(bin)
        .env("USERDESK_LISTEN", "127.0.0.1:0")
        .env("USERDESK_MODE", "sandbox")
        .env(
            "USERDESK_SANDBOX_LISTEN",
            format!("127.0.0.1:{sandbox_port}"),
        )
        .env("USERDESK_DATA_DIR", &data)
        .env("RUST_LOG", "warn,userdesk=info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (run `make build` first)"));
    // The bound port, from the "userdesk is up" line; the rest of the output is drained.
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("url=http://").nth(1)
                && let Some(tx) = tx.take()
            {
                let addr: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                let _ = tx.send(addr);
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("userdesk says it is up");
    let base = format!("http://{addr}");
    loop {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "never ready");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let ready = started.elapsed();
    (
        ready,
        Dashboard {
            child,
            base,
            sandbox: format!("http://127.0.0.1:{sandbox_port}"),
        },
    )
}

async fn sign_in(http: &reqwest::Client, base: &str) -> String {
    let answer = http
        .post(format!("{base}/auth/dev"))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("person", "ada"), ("next", "/")])
        .send()
        .await
        .expect("the sign-in answers");
    answer
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

async fn populate(http: &reqwest::Client, sandbox: &str, service: &str, count: usize) {
    let answer = http
        .post(format!("{sandbox}/_sandbox/populate"))
        .header("Content-Type", "application/json")
        .body(serde_json::json!({ "service": service, "count": count }).to_string())
        .send()
        .await
        .expect("populate answers");
    assert_eq!(answer.status(), 204, "populate {service}");
}

/// Requests per second and latency percentiles of `GET url` from `connections` clients for
/// `seconds`.
struct Load {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

async fn load(url: &str, cookie: &str, connections: usize, seconds: u64) -> Load {
    load_expecting(url, cookie, connections, seconds, 200).await
}

/// [`load`], counting the answers with status `expected` (a not-found page answers 404).
async fn load_expecting(
    url: &str,
    cookie: &str,
    connections: usize,
    seconds: u64,
    expected: u16,
) -> Load {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    // Warm up: the listings behind a page are fetched once, then cached.
    for _ in 0..3 {
        let _ = client.get(url).header("Cookie", cookie).send().await;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url, cookie, stop) = (
                client.clone(),
                url.to_owned(),
                cookie.to_owned(),
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut times = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let r = client.get(&url).header("Cookie", &cookie).send().await;
                    if let Ok(r) = r {
                        let ok = r.status().as_u16() == expected;
                        let _ = r.bytes().await;
                        if ok {
                            times.push(t.elapsed());
                        }
                    }
                }
                times
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 - 1.0) * q) as usize];
    Load {
        per_second: all.len() as f64 / seconds as f64,
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// 200 updates of one MQ user sent bare (DescribeUser, UpdateUser and, with `read_back`, a
/// second DescribeUser), alternating between `groups`: each one's time.
async fn sdk_updates(
    mq: &aws_sdk_mq::Client,
    groups: &[&str; 2],
    read_back: bool,
) -> Vec<Duration> {
    let describe = || async {
        mq.describe_user()
            .broker_id(BROKER)
            .username("billing-worker")
            .send()
            .await
            .expect("DescribeUser");
    };
    let mut times = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        describe().await;
        mq.update_user()
            .broker_id(BROKER)
            .username("billing-worker")
            .set_groups(Some(groups[i % 2].split(", ").map(str::to_owned).collect()))
            .send()
            .await
            .expect("UpdateUser");
        if read_back {
            describe().await;
        }
        times.push(t.elapsed());
    }
    times
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let bin = std::env::var("USERDESK_BIN").expect("USERDESK_BIN: the release userdesk");
    // Redirects are not followed: a sign-in's session cookie is on its 303.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut report = Report::default();
    println!("{:<58} {:>22}   {:<21} ", "figure", "measured", "");

    let (ready, app) = start(&bin, &http).await;
    report.add(
        "start to ready (first /readyz 200)",
        ms(ready),
        "<= 1000 ms",
        ready <= Duration::from_secs(1),
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = app.rss_mib();
    report.add(
        "resident memory, idle",
        format!("{idle:.1} MiB"),
        "<= 40 MiB",
        idle <= 40.0,
    );
    let mut cookies = Vec::new();
    for _ in 0..200 {
        cookies.push(sign_in(&http, &app.base).await);
    }
    let busy = app.rss_mib();
    report.add(
        "resident memory, 200 signed-in sessions",
        format!("{busy:.1} MiB"),
        "<= 100 MiB",
        busy <= 100.0,
    );
    let cookie = cookies[0].clone();

    // SSR of a 100-user list (MemoryDB: 30 seeded + 70) against a static file.
    populate(&http, &app.sandbox, "memorydb", 70).await;
    let file = load(&format!("{}/favicon.svg", app.base), &cookie, 64, 5).await;
    let page = load(&format!("{}/memorydb", app.base), &cookie, 64, 5).await;
    let share = page.per_second / file.per_second;
    report.add(
        "static file, 64 connections",
        format!("{:.0} req/s, p99 {}", file.per_second, ms(file.p99)),
        "(the floor)",
        true,
    );
    report.add(
        "SSR 100-user list page / static file, throughput",
        format!("{:.0}% ({:.0} req/s)", share * 100.0, page.per_second),
        ">= 30%",
        share >= 0.30,
    );
    report.add(
        "SSR 100-user list page, p99 at 64 connections",
        format!("{} (p50 {})", ms(page.p99), ms(page.p50)),
        "<= 20 ms",
        page.p99 <= Duration::from_millis(20),
    );
    // What any page costs before its content: the shell, header and router on an unknown
    // path. Not budgeted: it tells how much of the list page's cost is the list's own.
    let empty = load_expecting(&format!("{}/no-such-page", app.base), &cookie, 64, 5, 404).await;
    report.add(
        "SSR floor: the not-found page / static file, throughput",
        format!(
            "{:.0}% ({:.0} req/s)",
            empty.per_second / file.per_second * 100.0,
            empty.per_second
        ),
        "(a floor)",
        true,
    );

    // An update through the dashboard against the bare SDK calls it makes.
    let sdk = test_support::sdk_config(Some(&app.sandbox), 1).await;
    let mq = aws_sdk_mq::Client::new(&sdk);
    let groups = ["billing", "billing, audit"];
    let bare = sdk_updates(&mq, &groups, false).await;
    // The calls the dashboard's MQ update makes: MQ's UpdateUser answers nothing, so the
    // user is read again to show what AWS now reports (its pending changes).
    let calls = sdk_updates(&mq, &groups, true).await;
    let page_html = http
        .get(format!(
            "{}/mq/brokers/{BROKER}/users/billing-worker",
            app.base
        ))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let action = page_html
        .split("action=\"/api/update_mq_user")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("/api/update_mq_user{rest}"))
        .expect("the MQ edit form's server function");
    let mut through = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        let answer = http
            .post(format!("{}{action}", app.base))
            .header("Cookie", &cookie)
            .header("Sec-Fetch-Site", "same-origin")
            .header("Accept", "application/json")
            .form(&[
                ("via", "js"),
                ("form[broker_id]", BROKER),
                ("form[username]", "billing-worker"),
                ("form[password]", ""),
                ("form[groups]", groups[(i + 1) % 2]),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success(),
            "{}",
            answer.text().await.unwrap_or_default()
        );
        let _ = answer.bytes().await;
        through.push(t.elapsed());
    }
    let (bare, through, calls) = (median(bare), median(through), median(calls));
    let ratio = through.as_secs_f64() / bare.as_secs_f64();
    report.add(
        "update through the dashboard / bare SDK calls (median)",
        format!("{ratio:.2}x ({} / {})", ms(through), ms(bare)),
        "<= 1.3x",
        ratio <= 1.3,
    );
    // Not budgeted: what is left once the update's own three calls are taken away (the two
    // durable audit commits, the session, the server function's decoding and answer).
    report.add(
        "update: its three SDK calls sent bare / the rest",
        format!("{} / {}", ms(calls), ms(through.saturating_sub(calls))),
        "(a floor)",
        true,
    );

    // Large directories.
    populate(&http, &app.sandbox, "identitystore", 10_000).await;
    populate(&http, &app.sandbox, "mq", 2_000).await;
    for (name, path) in [
        (
            "list page, 10,000 identity store users",
            format!("/identitystore/stores/{STORE}"),
        ),
        (
            "list page, 2,000 MQ users on one broker",
            format!("/mq/brokers/{BROKER}"),
        ),
        ("home page over both", "/".to_owned()),
        (
            "search over all five",
            "/search?q=load-user-0999".to_owned(),
        ),
    ] {
        let l = load(&format!("{}{path}", app.base), &cookie, 16, 3).await;
        report.add(
            &format!("{name}, p99 at 16 connections"),
            format!("{} ({:.0} req/s)", ms(l.p99), l.per_second),
            "<= 100 ms",
            l.p99 <= Duration::from_millis(100),
        );
    }

    let missed: Vec<&Figure> = report.0.iter().filter(|f| !f.holds).collect();
    if missed.is_empty() {
        println!("bench: every figure within its budget");
        std::process::ExitCode::SUCCESS
    } else {
        for f in &missed {
            println!(
                "bench: MISSED {}: {} (budget {})",
                f.name, f.value, f.budget
            );
        }
        std::process::ExitCode::FAILURE
    }
}
