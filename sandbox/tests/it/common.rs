//! Shared by the SDK tests: a sandbox on a free loopback port, an `SdkConfig` aimed at it (or
//! at moto, started here and stopped on drop), raw HTTP exchanges, and tracing switched on by
//! `USERDESK_TEST_LOG`.

use aws_types::SdkConfig;
use sandbox::{Options, RunningSandbox};

pub use test_support::{Moto, init_tracing};

pub struct TestSandbox {
    pub sandbox: RunningSandbox,
    pub config: SdkConfig,
}

/// Starts a fresh seeded sandbox; the returned config signs with dummy credentials.
pub async fn start() -> TestSandbox {
    start_with(Options::default()).await
}

pub async fn start_with(options: Options) -> TestSandbox {
    init_tracing();
    let sandbox = sandbox::spawn("127.0.0.1:0".parse().unwrap(), options)
        .await
        .expect("sandbox binds a loopback port");
    let config = sdk_config(&sandbox.endpoint_url()).await;
    TestSandbox { sandbox, config }
}

/// An SDK config for any endpoint (the sandbox or moto) with static test credentials and
/// no retries, so an injected error reaches the test on the first answer.
pub async fn sdk_config(endpoint_url: &str) -> SdkConfig {
    // No retries: an injected fault answers the first call.
    test_support::sdk_config(Some(endpoint_url), 1).await
}

/// The service error of a call that must fail, and the HTTP status it came with.
macro_rules! fails {
    ($call:expr) => {{
        let err = $call.await.expect_err("the call should fail");
        let status = err.raw_response().map(|r| r.status().as_u16());
        (err.into_service_error(), status)
    }};
}

/// One raw HTTP/1.1 exchange, for what the SDK would never send (a malformed body):
/// answers the status, the `X-Amzn-ErrorType` header and the body.
pub async fn raw(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String, String) {
    raw_with(addr, method, path, &[], body).await
}

/// [`raw`] with extra request headers (`X-Amz-Target`, or what a browser would add).
pub async fn raw_with(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
        let mut response = String::new();
        std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head[9..12].parse().unwrap();
        let error_type = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("x-amzn-errortype")
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default();
        (status, error_type, body.to_owned())
    })
    .await
    .unwrap()
}
