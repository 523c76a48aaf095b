//! Sessions outside the process: a SQLite store keeps people signed in across a restart, and
//! two servers on one PostgreSQL share them (sign in on one, work on the other, sign out
//! anywhere). PostgreSQL is started here from Debian's binaries, in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Server, free_port, header, request};

/// Whether `cookie` is a session the server at `port` knows: its home page answers 200
/// instead of sending the browser to sign in.
fn signed_in(port: u16, cookie: &str) -> bool {
    let answer = request(port, "GET", "/", &[("Cookie", cookie)], "").expect("an answer");
    answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200")
}

fn sign_out(port: u16, cookie: &str) {
    let answer = request(
        port,
        "POST",
        "/auth/sign-out",
        &[("Cookie", cookie), ("Sec-Fetch-Site", "same-origin")],
        "",
    )
    .expect("an answer");
    assert_eq!(
        header(&answer, "location"),
        Some("/auth/sign-in?reason=signed-out")
    );
}

/// A fresh directory under the system's temporary directory (which the `postgres` account
/// can reach, unlike a build directory under root's home).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("userdesk-{name}-{}", free_port()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn a_sqlite_store_keeps_people_signed_in_across_a_restart() {
    let dir = scratch("sessions-sqlite");
    let url = format!("sqlite://{}", dir.join("sessions.db").display());
    let mut first = Server::start("sqlite-1", &[("USERDESK_SESSION_URL", &url)]);
    let cookie = first.sign_in("ada");
    assert!(signed_in(first.port, &cookie));
    drop(first);

    let second = Server::start("sqlite-2", &[("USERDESK_SESSION_URL", &url)]);
    assert!(
        signed_in(second.port, &cookie),
        "the session outlived the process: {}",
        second.log_text()
    );
    sign_out(second.port, &cookie);
    assert!(!signed_in(second.port, &cookie));
}

#[test]
fn the_memory_store_forgets_sessions_at_restart() {
    let mut first = Server::start("memory-1", &[]);
    let cookie = first.sign_in("ada");
    assert!(signed_in(first.port, &cookie));
    drop(first);
    let second = Server::start("memory-2", &[]);
    assert!(!signed_in(second.port, &cookie));
}

/// A PostgreSQL 15 cluster in a scratch directory on a free port; stopped when dropped.
struct Postgres {
    child: Child,
    port: u16,
}

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

impl Postgres {
    fn start(dir: &Path) -> Postgres {
        assert!(
            Path::new(PG_BIN).join("postgres").is_file(),
            "PostgreSQL 15 is not installed at {PG_BIN}: run `make test` (it installs it)"
        );
        let data = dir.join("data");
        let port = free_port();
        // PostgreSQL refuses to run as root: as root, run it as the `postgres` account.
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        if as_root {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir)
                .status()
                .expect("chown runs");
            assert!(status.success());
        }
        let run = |program: &str| {
            let mut command = if as_root {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"])
                    .arg(Path::new(PG_BIN).join(program));
                c
            } else {
                Command::new(Path::new(PG_BIN).join(program))
            };
            command.current_dir(dir);
            command
        };
        let init = run("initdb")
            .args(["-D"])
            .arg(&data)
            .args(["-U", "userdesk", "--auth=trust", "-E", "UTF8"])
            .stdin(Stdio::null())
            .output()
            .expect("initdb runs");
        assert!(
            init.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let log = std::fs::File::create(dir.join("postgres.log")).expect("a log file");
        let child = run("postgres")
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-h", "127.0.0.1", "-k"])
            .arg(dir)
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("postgres starts");
        let postgres = Postgres { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "postgres did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        postgres
    }

    fn url(&self) -> String {
        format!("postgres://userdesk@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn two_servers_on_one_postgres_share_sessions() {
    let dir = scratch("sessions-postgres");
    let postgres = Postgres::start(&dir);
    let url = postgres.url();
    let env = [("USERDESK_SESSION_URL", url.as_str())];
    // Started together, as replicas are: both create the session table if it is missing.
    let (mut a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Server::start("replica-a", &env));
        let b = s.spawn(|| Server::start("replica-b", &env));
        (a.join().unwrap(), b.join().unwrap())
    });
    let cookie = a.sign_in("hal");
    assert!(signed_in(a.port, &cookie));
    assert!(
        signed_in(b.port, &cookie),
        "replica b knows the session made on a: {}",
        b.log_text()
    );
    // Signing out on b ends it for a too.
    sign_out(b.port, &cookie);
    assert!(!signed_in(a.port, &cookie));
    drop((a, b));
    drop(postgres);
    let _ = std::fs::remove_dir_all(&dir);
}
