//! [`AppState`]: built once at start-up, cloned (cheaply) into every request.

use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::Credentials;
use aws_types::SdkConfig;
use aws_types::region::Region;

use super::config::{AwsSettings, Backend, Config, Endpoints};
use super::listing_cache::ListingCache;
use super::readiness::Readiness;
use crate::services::ServiceId;

/// Shared by every request. Cloning copies an `Arc`.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
pub struct Inner {
    /// The checked configuration the process started with.
    pub config: Config,
    /// Where the clients point, for the dashboard to say (SANDBOX or the region).
    pub location: Location,
    /// One SDK client per service, built once from the shared AWS config.
    pub clients: Clients,
    /// Identity store ids from the configuration; empty means discover them.
    pub identity_store_ids: Vec<String>,
    /// Results of no-JavaScript form posts, waiting for the page they redirect to.
    pub flash: super::flash::FlashStore,
    /// AWS listings shared by the home and list pages, each reused for
    /// `config.listing_cache_ttl`; a slice drops its own after changing a user.
    pub listings: ListingCache,
    /// The background readiness probe's last round, which `/readyz` answers from.
    pub readiness: Readiness,
}

/// What the dashboard says about where changes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sandbox { endpoint: String },
    Aws { region: String },
}

impl Location {
    pub fn label(&self) -> String {
        match self {
            Location::Sandbox { .. } => "SANDBOX".to_owned(),
            Location::Aws { region } => format!("AWS {region}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Clients {
    pub memorydb: aws_sdk_memorydb::Client,
    pub mq: aws_sdk_mq::Client,
    pub finspace: aws_sdk_finspace::Client,
    pub identitystore: aws_sdk_identitystore::Client,
    pub wickr: aws_sdk_wickr::Client,
    pub ssoadmin: aws_sdk_ssoadmin::Client,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

// Every call gives up within these bounds, so a page never hangs on an unreachable endpoint.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(20);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(8);

impl AppState {
    /// Builds the clients. `sandbox_endpoint` is where the embedded sandbox listens
    /// (required, and only used, when the configuration selects the sandbox).
    pub async fn build(config: Config, sandbox_endpoint: Option<String>) -> AppState {
        let (sdk, endpoints, location, identity_store_ids) = match &config.backend {
            Backend::Sandbox => {
                let endpoint = sandbox_endpoint.unwrap_or_default();
                let sdk = sandbox_sdk_config(&endpoint).await;
                (
                    sdk,
                    Endpoints::default(),
                    Location::Sandbox { endpoint },
                    Vec::new(),
                )
            }
            Backend::Aws(settings) => {
                let sdk = aws_sdk_config(settings).await;
                let region = sdk
                    .region()
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "(no region)".to_owned());
                (
                    sdk,
                    settings.endpoints.clone(),
                    Location::Aws { region },
                    settings.identity_store_ids.clone(),
                )
            }
        };
        AppState::from_sdk_config(config, &sdk, &endpoints, location, identity_store_ids)
    }

    /// The state for an SDK config built elsewhere: tests aim it at moto or a sandbox with
    /// static credentials, without the default credential chain.
    pub fn from_sdk_config(
        config: Config,
        sdk: &SdkConfig,
        endpoints: &Endpoints,
        location: Location,
        identity_store_ids: Vec<String>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            listings: ListingCache::new(config.listing_cache_ttl),
            readiness: Readiness::default(),
            config,
            location,
            clients: Clients::new(sdk, endpoints),
            identity_store_ids,
            flash: Default::default(),
        }))
    }

    pub fn is_sandbox(&self) -> bool {
        matches!(self.location, Location::Sandbox { .. })
    }
}

impl Clients {
    fn new(sdk: &SdkConfig, endpoints: &Endpoints) -> Clients {
        // The endpoint override is applied per service: one may point at moto, the rest at AWS.
        macro_rules! client {
            ($krate:ident, $url:expr) => {{
                let mut builder = $krate::config::Builder::from(sdk);
                if let Some(url) = $url {
                    builder = builder.endpoint_url(url);
                }
                $krate::Client::from_conf(builder.build())
            }};
        }
        Clients {
            memorydb: client!(aws_sdk_memorydb, endpoints.for_service(ServiceId::MemoryDb)),
            mq: client!(aws_sdk_mq, endpoints.for_service(ServiceId::Mq)),
            finspace: client!(aws_sdk_finspace, endpoints.for_service(ServiceId::FinSpace)),
            identitystore: client!(
                aws_sdk_identitystore,
                endpoints.for_service(ServiceId::IdentityStore)
            ),
            wickr: client!(aws_sdk_wickr, endpoints.for_service(ServiceId::Wickr)),
            ssoadmin: client!(aws_sdk_ssoadmin, endpoints.get(super::config::SSO_ADMIN)),
        }
    }
}

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// The sandbox accepts any signature; fixed credentials keep the default chain (and any
/// real credentials in the environment) out of sandbox mode entirely.
async fn sandbox_sdk_config(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(sandbox::REGION))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(
            "AKIDUSERDESKSANDBOX",
            "sandbox",
            None,
            None,
            "userdesk-sandbox",
        ))
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(timeouts())
        .load()
        .await
}

async fn aws_sdk_config(settings: &AwsSettings) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(timeouts());
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}
