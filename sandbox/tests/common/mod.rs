//! Shared by the SDK tests: a sandbox on a free loopback port and an `SdkConfig` aimed at it.
#![allow(dead_code)] // each test binary uses a different part of this module

use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_types::SdkConfig;
use aws_types::region::Region;
use sandbox::{Options, RunningSandbox};

pub struct TestSandbox {
    pub sandbox: RunningSandbox,
    pub config: SdkConfig,
}

/// Starts a fresh seeded sandbox; the returned config signs with dummy credentials.
pub async fn start() -> TestSandbox {
    start_with(Options::default()).await
}

pub async fn start_with(options: Options) -> TestSandbox {
    let sandbox = sandbox::spawn("127.0.0.1:0".parse().unwrap(), options)
        .await
        .expect("sandbox binds a loopback port");
    let config = sdk_config(&sandbox.endpoint_url()).await;
    TestSandbox { sandbox, config }
}

/// An SDK config for any endpoint (the sandbox or moto) with static test credentials and
/// no retries, so an injected error reaches the test on the first answer.
pub async fn sdk_config(endpoint_url: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint_url)
        .credentials_provider(Credentials::new(
            "AKIDSANDBOX",
            "sandbox-secret",
            None,
            None,
            "test",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await
}
