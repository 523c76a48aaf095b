//! What the integration tests of every crate share, written once: tracing switched on by
//! [`TEST_LOG`], free loopback ports, [`Moto`] started and stopped around a test, and an AWS
//! SDK config with fixed test credentials. A dev-dependency only: nothing here ships.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_credential_types::Credentials;
use aws_types::SdkConfig;
use aws_types::region::Region;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Set it to an `EnvFilter` directive (`debug`, `app=trace,sandbox=debug`) to see the logs
/// of a test run.
pub const TEST_LOG: &str = "USERDESK_TEST_LOG";

/// Installs, once per test binary, a subscriber writing to the test harness's captured
/// output when [`TEST_LOG`] is set.
pub fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if let Ok(directive) = std::env::var(TEST_LOG) {
            // A test that installed its own global subscriber first keeps it.
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(directive))
                .with_test_writer()
                .try_init();
        }
    });
}

/// A loopback port nobody listens on right now, and that nothing else is handed: it is
/// drawn at random from below the kernel's ephemeral range, so a server binding port 0 (every
/// embedded sandbox does) or an outgoing connection cannot take it before the test's own
/// server binds it, and no two calls in one process return the same port.
pub fn free_port() -> u16 {
    use std::collections::HashSet;
    use std::hash::{BuildHasher, RandomState};
    use std::sync::Mutex;
    static GIVEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let ephemeral_low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    let (low, high) = (10_000u16, ephemeral_low.max(10_001));
    let random = RandomState::new();
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    let given = given.get_or_insert_with(HashSet::new);
    for attempt in 0u64.. {
        let port = low + (random.hash_one(attempt) % u64::from(high - low)) as u16;
        if given.contains(&port) {
            continue;
        }
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            given.insert(port);
            return port;
        }
        assert!(attempt < 10_000, "no free loopback port below {high}");
    }
    unreachable!()
}

/// An SDK config with fixed test credentials (never the default chain, so real credentials
/// in the environment are never used), aimed at `endpoint_url` when given. `attempts` is the
/// SDK's retry budget: 1 makes an injected fault fail at once.
pub async fn sdk_config(endpoint_url: Option<&str>, attempts: u32) -> SdkConfig {
    init_tracing();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDTEST",
            "test-secret",
            None,
            None,
            "test",
        ))
        .retry_config(if attempts <= 1 {
            RetryConfig::disabled()
        } else {
            RetryConfig::standard().with_max_attempts(attempts)
        });
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

const MOTO_HINT: &str = "run `make test` (it installs moto)";

/// A moto server on a free loopback port; killed when dropped, even when the test panics.
pub struct Moto {
    child: Child,
    pub url: String,
    log: PathBuf,
}

impl Moto {
    /// Starts `USERDESK_MOTO_SERVER` (else `.venv/bin/moto_server` in the repository) and
    /// waits until it answers. Its request log goes to the temporary directory and is kept
    /// only if the test fails.
    pub async fn start() -> Moto {
        init_tracing();
        let binary = std::env::var_os("USERDESK_MOTO_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../.venv/bin/moto_server"
                ))
            });
        assert!(
            binary.is_file(),
            "moto_server not found at {}: {MOTO_HINT}, or point USERDESK_MOTO_SERVER at it",
            binary.display()
        );
        let port = free_port();
        // moto logs every request; a file keeps the test output readable and the log at hand.
        let log = std::env::temp_dir().join(format!("userdesk-moto-{port}.log"));
        let out = File::create(&log).expect("create the moto log file");
        let err = out.try_clone().expect("clone the moto log file handle");
        let child = Command::new(&binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; {MOTO_HINT}", binary.display()));
        let mut moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        moto.wait_until_answering(port).await;
        moto
    }

    /// Polls until moto answers HTTP; its first start imports a lot of Python, so be patient.
    async fn wait_until_answering(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "moto_server exited ({status}) before answering; its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if answers_http(port).await {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not answer on port {port} within 60 s; log: {}",
                self.log.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log only matters when the test failed; otherwise don't pile them up.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

async fn answers_http(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return false;
    };
    let request = b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request).await.is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).await.is_ok() && &head == b"HTTP/"
}

/// A fresh directory under the system's temporary directory (which the `postgres` account can
/// reach, unlike a build directory under root's home).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("userdesk-{name}-{}", free_port()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A PostgreSQL 15 cluster in a scratch directory on a free port; stopped when dropped.
pub struct Postgres {
    child: Child,
    port: u16,
    dir: PathBuf,
}

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

impl Postgres {
    /// initdb and start a cluster in a fresh scratch directory (removed when dropped).
    pub fn start() -> Postgres {
        let dir = scratch_dir("postgres");
        let dir = dir.as_path();
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
        let postgres = Postgres {
            child,
            port,
            dir: dir.to_owned(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "postgres did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        postgres
    }

    /// A URL of the cluster's `postgres` database, as user `userdesk` (trusted, no password).
    pub fn url(&self) -> String {
        format!("postgres://userdesk@127.0.0.1:{}/postgres", self.port)
    }

    /// A new, empty database `name` in the cluster, and its URL: one cluster serves several
    /// scenarios that each need a log of their own.
    pub fn database(&self, name: &str) -> String {
        let created = Command::new(Path::new(PG_BIN).join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "userdesk",
                name,
            ])
            .stdin(Stdio::null())
            .output()
            .expect("createdb runs");
        assert!(
            created.status.success(),
            "createdb {name} failed: {}",
            String::from_utf8_lossy(&created.stderr)
        );
        format!("postgres://userdesk@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
