//! Shared by the binary's tests: the real `userdesk` started on a loopback port it picks itself
//! (killed on drop, even when a test panics) and raw HTTP exchanges with it.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub port: u16,
    /// Where the process's stdout and stderr go.
    pub log: PathBuf,
    /// The session cookie (`name=value`) after [`Server::sign_in`].
    pub cookie: Option<String>,
    /// Its data directory (the audit log's default home), unless the test set its own.
    pub data_dir: PathBuf,
}

pub use test_support::free_port;

impl Server {
    /// The dashboard in sandbox mode with `env` set, once it says it is up and `/healthz`
    /// answers.
    ///
    /// It listens on port 0 and the port is read back from its "userdesk is up" line: a port
    /// picked beforehand and released could be taken meanwhile by another test's server (an
    /// embedded sandbox binds port 0 too), and `/healthz` would then be answered by the wrong
    /// process.
    pub fn start(name: &str, env: &[(&str, &str)]) -> Server {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let tag = format!(
            "{name}-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        );
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_userdesk"));
        // Its own data directory (the audit log's default home), never the machine's.
        let data_dir = env
            .iter()
            .find(|(k, _)| *k == "USERDESK_DATA_DIR")
            .map_or_else(
                || PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-data")),
                |(_, v)| PathBuf::from(v),
            );
        command
            .env("USERDESK_LISTEN", "127.0.0.1:0")
            .env("USERDESK_MODE", "sandbox")
            .env("USERDESK_DATA_DIR", &data_dir);
        // `USERDESK_TEST_LOG` becomes the binary's `RUST_LOG` (a test's own `RUST_LOG` wins);
        // the log is in `log`, and its path is printed so a failing test can be read back.
        if let Ok(directive) = std::env::var("USERDESK_TEST_LOG") {
            command.env("RUST_LOG", directive);
            println!("{name}: userdesk logs to {}", log.display());
        }
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("the userdesk binary starts");
        let mut server = Server {
            child,
            port: 0,
            log,
            cookie: None,
            data_dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        server.port = loop {
            if let Some(port) = server.logged_port("userdesk is up", "url=http://127.0.0.1:") {
                break port;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("userdesk exited ({status}): {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "userdesk did not come up: {}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        request(server.port, "GET", "/healthz", &[], "").expect("/healthz answers");
        server
    }

    /// The port in the first log line holding `line` and `key` (as `key<port>`; `key` is
    /// `name=prefix`, found as `"name":"prefix` in a JSON log line too).
    pub fn logged_port(&self, line: &str, key: &str) -> Option<u16> {
        let text = self.log_text();
        let found = text.lines().find(|l| l.contains(line))?;
        let json_key = key
            .split_once('=')
            .map(|(name, prefix)| format!("\"{name}\":\"{prefix}"))
            .unwrap_or_default();
        let (at, key) = match found.find(key) {
            Some(at) => (at, key),
            None => (found.find(&json_key)?, json_key.as_str()),
        };
        let rest = &found[at + key.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }

    /// Where its embedded sandbox listens (sandbox mode only).
    pub fn sandbox_port(&self) -> u16 {
        self.logged_port("embedded sandbox listening", "endpoint=http://127.0.0.1:")
            .expect("the embedded sandbox's endpoint is in the log")
    }

    /// Signs in as the demo person `person` ("ada", "hal", "vic") through the dev sign-in
    /// page's form; later [`Server::send`]s carry the session.
    pub fn sign_in(&mut self, person: &str) -> String {
        let answer = request(
            self.port,
            "POST",
            "/auth/dev",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Sec-Fetch-Site", "same-origin"),
            ],
            &format!("person={person}&next=/"),
        )
        .expect("the sign-in answers");
        let cookie = header(&answer, "set-cookie")
            .and_then(|v| v.split(';').next())
            .expect("the sign-in sets the session cookie")
            .to_owned();
        self.cookie = Some(cookie.clone());
        cookie
    }

    /// A request as the signed-in browser sends it: the session cookie, and
    /// `Sec-Fetch-Site: same-origin` as browsers add to their own pages' requests.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> std::io::Result<String> {
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if let Some(cookie) = &self.cookie {
            all.push(("Cookie", cookie));
        }
        all.push(("Sec-Fetch-Site", "same-origin"));
        request(self.port, method, path, &all, body)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.0 exchange (no chunking, so a secret cannot hide across chunk borders): the whole response as text.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<String> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    Ok(String::from_utf8_lossy(&response).into_owned())
}

/// The value of response header `name`.
pub fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
