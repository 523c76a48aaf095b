//! The real binary under slow and hostile clients, at shutdown, and where it may listen.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{self, Server, header, request};

/// Connections that send a request line and then dribble header lines, never finishing.
struct Slowloris {
    streams: Vec<TcpStream>,
}

impl Slowloris {
    fn open(port: u16, count: usize) -> Slowloris {
        let streams = (0..count)
            .map(|_| {
                let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connects");
                s.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").as_bytes())
                    .expect("writes");
                s.set_read_timeout(Some(Duration::from_millis(200)))
                    .unwrap();
                s
            })
            .collect();
        Slowloris { streams }
    }

    /// One more header line on every connection still open; how many took it.
    fn dribble(&mut self) -> usize {
        self.streams
            .iter()
            .filter(|s| {
                let mut s: &TcpStream = s;
                s.write_all(b"X-Slow: 1\r\n").is_ok()
            })
            .count()
    }

    /// How many connections the server has closed (EOF, reset, or an answer then EOF).
    fn closed(&mut self) -> usize {
        self.streams
            .iter()
            .filter(|s| {
                let mut s: &TcpStream = s;
                let mut buf = [0u8; 256];
                loop {
                    match s.read(&mut buf) {
                        Ok(0) => return true,
                        Ok(_) => continue,
                        Err(e)
                            if e.kind() == std::io::ErrorKind::WouldBlock
                                || e.kind() == std::io::ErrorKind::TimedOut =>
                        {
                            return false;
                        }
                        Err(_) => return true,
                    }
                }
            })
            .count()
    }
}

#[test]
fn slow_clients_neither_stop_healthz_nor_hold_connections() {
    let server = Server::start("slowloris", &[]);
    let mut slow = Slowloris::open(server.port, 300);
    // While 300 connections dribble headers, health answers promptly, every time.
    for _ in 0..5 {
        assert_eq!(slow.dribble(), 300, "the server cut a connection too early");
        let started = Instant::now();
        let response = request(server.port, "GET", "/healthz", &[], "").expect("healthz answers");
        let took = started.elapsed();
        assert!(response.starts_with("HTTP/1.0 200"), "{response}");
        assert!(took < Duration::from_secs(1), "healthz took {took:?}");
        std::thread::sleep(Duration::from_millis(500));
    }
    // Headers must be complete within 10 s of a connection's first byte: by 13 s all are cut.
    let deadline = Instant::now() + Duration::from_secs(11);
    while Instant::now() < deadline {
        slow.dribble();
        std::thread::sleep(Duration::from_secs(1));
    }
    assert_eq!(
        slow.closed(),
        300,
        "connections still open after the header timeout"
    );
}

#[test]
fn sigterm_ends_the_process_within_10_s_with_a_half_sent_request_open() {
    let mut server = Server::start("sigterm", &[]);
    let mut half = TcpStream::connect((Ipv4Addr::LOCALHOST, server.port)).unwrap();
    // A server function waiting for the rest of its body.
    half.write_all(
        format!(
            "POST /api/x HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 1000\r\n\r\nabc",
            server.port
        )
        .as_bytes(),
    )
    .unwrap();
    let mut idle = TcpStream::connect((Ipv4Addr::LOCALHOST, server.port)).unwrap();
    idle.write_all(b"GET /hea").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(
                status.success(),
                "exit status {status}: {}",
                server.log_text()
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM: {}",
            server.log_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // New connections are refused once it is gone.
    assert!(request(server.port, "GET", "/healthz", &[], "").is_err());
}

fn userdesk(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_userdesk"));
    command.args(args).env_remove("USERDESK_MODE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("runs")
}

#[test]
fn no_listening_beyond_loopback_without_sign_in_unless_configured() {
    let out = userdesk(
        &[("USERDESK_MODE", "aws"), ("USERDESK_LISTEN", "0.0.0.0:0")],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("userdesk: configuration error: `listen` is not a loopback address (\"0.0.0.0:0\"), and auth.mode is \"none\": anyone who reaches it could change AWS users."),
        "{stderr}"
    );
    // The sandbox, never: not embedded, not on its own.
    let out = userdesk(
        &[
            ("USERDESK_LISTEN", "0.0.0.0:0"),
            ("USERDESK_EXPOSE_WITHOUT_SIGN_IN", "true"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "userdesk: configuration error: `listen` must be a loopback address in sandbox mode: the sandbox is for trying userdesk on one machine (got \"0.0.0.0:0\"; set mode = \"aws\" to serve AWS)"
    );
    let out = userdesk(&[], &["sandbox", "--listen", "0.0.0.0:4566"]);
    assert_eq!(out.status.code(), Some(2));
    // The usage that follows is the command line's; the refusal is the first line.
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().next(),
        Some(
            "userdesk: --listen must be a loopback address like 127.0.0.1:4566: the sandbox has no sign-in (got 0.0.0.0:4566)"
        )
    );
}

#[test]
fn sandbox_mode_with_aws_settings_in_the_environment_says_so_loudly() {
    let sandbox_port = common::free_port().to_string();
    let server = Server::start(
        "ambient",
        &[
            ("AWS_REGION", "eu-west-1"),
            (
                "USERDESK_SANDBOX_LISTEN",
                &format!("127.0.0.1:{sandbox_port}"),
            ),
        ],
    );
    let log = server.log_text();
    assert!(
        log.contains("userdesk: WARNING: serving SANDBOX data, not AWS, although AWS_REGION is set. Set USERDESK_MODE=aws (or an [aws] table) to use AWS."),
        "{log}"
    );
    assert!(log.contains("backend chosen"), "{log}");
    // The embedded sandbox listens where it was told to, for the CLI and tests to reach.
    let listing = request(
        sandbox_port.parse().unwrap(),
        "GET",
        "/_sandbox/health",
        &[],
        "",
    )
    .expect("the embedded sandbox answers on its configured port");
    assert!(listing.starts_with("HTTP/1.0 200"), "{listing}");
}

#[test]
fn the_bundle_is_sent_precompressed_and_pages_compressed_as_the_browser_accepts() {
    // A site whose bundle has the brotli and gzip copies `make build` makes.
    let site = test_support::scratch_dir("precompressed-site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let script = "console.log('userdesk');\n".repeat(200);
    std::fs::write(pkg.join("userdesk.js"), &script).unwrap();
    std::fs::write(pkg.join("userdesk.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("userdesk.js.gz"), b"gzip bytes").unwrap();
    let mut server = Server::start(
        "precompressed",
        &[("LEPTOS_SITE_ROOT", site.to_str().unwrap())],
    );
    let fetch = |path: &str, encoding: &str| {
        request(
            server.port,
            "GET",
            path,
            &[("Accept-Encoding", encoding)],
            "",
        )
        .unwrap()
    };
    let br = fetch("/pkg/userdesk.js", "gzip, br");
    assert_eq!(header(&br, "content-encoding"), Some("br"), "{br}");
    assert!(br.ends_with("brotli bytes"), "{br}");
    let gz = fetch("/pkg/userdesk.js", "gzip");
    assert_eq!(header(&gz, "content-encoding"), Some("gzip"), "{gz}");
    let plain = fetch("/pkg/userdesk.js", "identity");
    assert_eq!(header(&plain, "content-encoding"), None);
    assert!(plain.ends_with(&script));
    // Pages are compressed on the fly.
    server.sign_in("ada");
    let page = server
        .send("GET", "/memorydb", &[("Accept-Encoding", "br")], "")
        .unwrap();
    assert_eq!(header(&page, "content-encoding"), Some("br"), "{page}");
}
