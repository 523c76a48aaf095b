//! Sessions outside the process: a SQLite store keeps people signed in across a restart, and
//! two servers on one PostgreSQL share them (sign in on one, work on the other, sign out
//! anywhere). PostgreSQL is started here from Debian's binaries, in a temporary directory.

use test_support::Postgres;

use crate::common::{Server, header, request};

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

#[test]
fn a_sqlite_store_keeps_people_signed_in_across_a_restart() {
    let dir = test_support::scratch_dir("sessions-sqlite");
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

#[test]
fn two_servers_on_one_postgres_share_sessions() {
    let postgres = Postgres::start();
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
}
