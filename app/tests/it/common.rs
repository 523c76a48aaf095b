//! Shared by the app's integration tests: a dashboard state against a fresh sandbox, or
//! against moto (started here on a free loopback port, stopped on drop).

use std::collections::HashMap;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdTcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::server::config::{Config, Endpoints};
use app::server::state::Location;
use app::server::{AppState, Caller};
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_credential_types::Credentials;
use aws_types::SdkConfig;
use aws_types::region::Region;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A dashboard state in sandbox mode and the sandbox it talks to.
pub struct SandboxApp {
    pub state: AppState,
    pub sandbox: sandbox::RunningSandbox,
    pub caller: Caller,
}

pub async fn sandbox_app() -> SandboxApp {
    let sandbox = sandbox::spawn(
        ([127, 0, 0, 1], 0).into(),
        sandbox::Options {
            // Tests update the same MemoryDB user in quick succession.
            memorydb_settle: Duration::from_millis(50),
        },
    )
    .await
    .expect("sandbox starts");
    let config = Config::parse("", &HashMap::new()).expect("empty config is valid");
    let state = AppState::build(config, Some(sandbox.endpoint_url())).await;
    SandboxApp {
        state,
        sandbox,
        caller: Caller::local_admin(),
    }
}

/// Static test credentials, a region, and a few fast retries.
pub async fn sdk_config(endpoint_url: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint_url)
        .credentials_provider(Credentials::new(
            "AKIDTEST",
            "test-secret",
            None,
            None,
            "test",
        ))
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .load()
        .await
}

/// A dashboard state whose every client talks to `endpoint_url` (moto, for instance).
pub async fn state_for(endpoint_url: &str) -> AppState {
    let config = Config::parse("mode = \"aws\"", &HashMap::new()).expect("valid config");
    AppState::from_sdk_config(
        config,
        &sdk_config(endpoint_url).await,
        &Endpoints::default(),
        Location::Aws {
            region: "us-east-1".to_owned(),
        },
        Vec::new(),
    )
}

const MOTO_HINT: &str = "run `make test` (it installs moto)";

/// A moto server on a free loopback port; killed when dropped, even when the test panics.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    pub async fn start() -> Self {
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
        let port = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-app-{port}.log"));
        let out = File::create(&log).expect("create the moto log");
        let child = Command::new(&binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log handle"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; {MOTO_HINT}", binary.display()));
        let mut moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !answers_http(port).await {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto_server exited ({status}); log at {}", log.display());
            }
            assert!(Instant::now() < deadline, "moto did not answer within 60 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        moto
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn answers_http(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return false;
    };
    if stream
        .write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).await.is_ok() && &head == b"HTTP/"
}

// ---- the whole router, driven as a browser without JavaScript drives it -----------------------

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

/// The dashboard's router over `state`.
pub fn router(state: &AppState) -> axum::Router {
    app::server::http::router(state.clone(), app::server::http::leptos_options(state))
}

/// Percent-encodes a form value (`application/x-www-form-urlencoded`).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One request through the router: status, headers and the body as text.
pub async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, HeaderMap, String) {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let (status, headers) = (response.status(), response.headers().clone());
    let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .expect("a body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// The `Host` every in-process request carries: the default listen address, which the
/// dashboard's DNS-rebinding guard accepts.
pub const HOST: &str = "127.0.0.1:3000";

pub fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("a request")
}

/// A slice's form as a browser posts it to `path` from `page`, without JavaScript: inputs
/// named `form[<field>]`, an unticked checkbox (`None`) simply absent.
pub fn post_form(path: &str, page: &str, form: &impl serde::Serialize) -> Request<Body> {
    let fields = serde_json::to_value(form).expect("a form serializes");
    let mut body = String::from("via=form");
    for (name, value) in fields.as_object().expect("a form is a struct") {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        body.push_str(&format!("&form[{name}]={}", encode(&text)));
    }
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("http://{HOST}{page}"))
        .body(Body::from(body))
        .expect("a request")
}
