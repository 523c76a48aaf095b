//! [`AppState`]: built once at start-up, cloned (cheaply) into every request.

use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::Credentials;
use aws_types::SdkConfig;
use aws_types::region::Region;

use super::audit::Audit;
use super::auth::oidc::Oidc;
use super::auth::session::AnyStore;
use super::config::{AwsSettings, Backend, Config, Endpoints, SignIn};
use super::listing_cache::ListingCache;
use super::readiness::Readiness;
use crate::services::Clients;

/// Shared by every request. Cloning copies an `Arc`.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
pub struct Inner {
    /// The checked configuration the process started with.
    pub config: Config,
    /// Where the clients point, for the dashboard to say (SANDBOX or the region).
    pub location: Location,
    /// Each slice's SDK clients, built once from the shared AWS config.
    pub clients: Clients,
    /// Identity store ids from the configuration; empty means discover them.
    pub identity_store_ids: Vec<String>,
    /// AWS listings shared by the home and list pages, each reused for
    /// `config.listing_cache_ttl`; a slice drops its own after changing a user.
    pub listings: ListingCache,
    /// The background readiness probe's last round, which `/readyz` answers from.
    pub readiness: Readiness,
    /// Where sessions live (`[session] url`); the router's session layer uses it.
    pub sessions: AnyStore,
    /// The audit log (`[audit] url`): every change's intent and outcome.
    pub audit: Audit,
    /// `auth.mode = "oidc"`: the provider's client, with its discovery document cached.
    pub oidc: Option<Oidc>,
}

/// What the dashboard says about where changes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sandbox {
        endpoint: String,
    },
    Aws {
        region: String,
        /// The account the credentials belong to, when STS said (`GetCallerIdentity`).
        account: Option<String>,
    },
}

impl Location {
    /// What every page's header says.
    pub fn label(&self) -> String {
        match self {
            Location::Sandbox { .. } => "SANDBOX".to_owned(),
            Location::Aws { region, .. } => format!("AWS {region}"),
        }
    }

    /// What the audit record says: the account too, when known.
    pub fn audit_label(&self) -> String {
        match self {
            Location::Aws {
                region,
                account: Some(account),
            } => format!("AWS {account} {region}"),
            other => other.label(),
        }
    }
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
    /// Builds the clients and connects the session store. `sandbox_endpoint` is where the
    /// embedded sandbox listens (required, and only used, when the configuration selects the
    /// sandbox). Fails, with a sentence for the operator, when the session store cannot be
    /// reached.
    pub async fn build(
        config: Config,
        sandbox_endpoint: Option<String>,
    ) -> Result<AppState, String> {
        let stores = Stores::open(&config).await?;
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
                let account = account_id(&sdk, &settings.endpoints).await;
                (
                    sdk,
                    settings.endpoints.clone(),
                    Location::Aws { region, account },
                    settings.identity_store_ids.clone(),
                )
            }
        };
        Ok(AppState::from_sdk_config(
            config,
            &sdk,
            &endpoints,
            location,
            identity_store_ids,
            stores,
        ))
    }

    /// The state for an SDK config built elsewhere: tests aim it at moto or a sandbox with
    /// static credentials, without the default credential chain.
    pub fn from_sdk_config(
        config: Config,
        sdk: &SdkConfig,
        endpoints: &Endpoints,
        location: Location,
        identity_store_ids: Vec<String>,
        stores: Stores,
    ) -> AppState {
        let Stores { sessions, audit } = stores;
        let oidc = match &config.auth.sign_in {
            SignIn::Oidc(settings) => match Oidc::new((**settings).clone()) {
                Ok(oidc) => Some(oidc),
                Err(error) => {
                    tracing::error!(%error, "OpenID Connect sign-in is unavailable");
                    None
                }
            },
            _ => None,
        };
        AppState(Arc::new(Inner {
            sessions,
            audit,
            oidc,
            listings: ListingCache::new(config.listing_cache_ttl),
            readiness: Readiness::default(),
            config,
            location,
            clients: Clients::new(sdk, endpoints),
            identity_store_ids,
        }))
    }

    pub fn is_sandbox(&self) -> bool {
        matches!(self.location, Location::Sandbox { .. })
    }
}

/// The databases a dashboard keeps: sessions and the audit log.
pub struct Stores {
    pub sessions: AnyStore,
    pub audit: Audit,
}

impl Stores {
    /// Connects what the configuration names (creating `data_dir` for the default SQLite
    /// files), with a sentence for the operator when one cannot be reached.
    pub async fn open(config: &Config) -> Result<Stores, String> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            format!(
                "cannot create the data directory {}: {e}",
                config.data_dir.display()
            )
        })?;
        let sessions = AnyStore::connect(&config.session).await?;
        let audit = Audit::open(&config.audit_url)
            .await
            .map_err(|e| format!("the audit log cannot be opened: {e}"))?;
        Ok(Stores { sessions, audit })
    }

    /// Both in memory: for tests of what does not outlive them.
    pub async fn in_memory() -> Stores {
        Stores {
            sessions: AnyStore::Memory(Default::default()),
            audit: Audit::open("sqlite::memory:")
                .await
                .unwrap_or_else(|e| panic!("an in-memory audit log: {e}")),
        }
    }
}

/// Builds one SDK client from the shared config, aimed at `endpoint` when one is configured.
/// The override is per service, so one may point at moto and the rest at AWS. Each slice's
/// `sdk::client` calls it with its crate.
macro_rules! sdk_client {
    ($krate:ident, $sdk:expr, $endpoint:expr) => {{
        // Every response's request id reaches the audit record of the change it belongs to.
        let mut builder =
            $krate::config::Builder::from($sdk).interceptor($crate::server::audit::RequestIds);
        if let Some(url) = $endpoint {
            builder = builder.endpoint_url(url);
        }
        $krate::Client::from_conf(builder.build())
    }};
}
pub(crate) use sdk_client;

/// The AWS account the credentials belong to (STS `GetCallerIdentity`), asked once at start
/// for the audit record. `None`, with a warning, when STS does not answer in time.
async fn account_id(sdk: &SdkConfig, endpoints: &Endpoints) -> Option<String> {
    let client = sdk_client!(aws_sdk_sts, sdk, endpoints.get(super::config::STS_ENDPOINT));
    let call = client.get_caller_identity().send();
    match tokio::time::timeout(Duration::from_secs(5), call).await {
        Ok(Ok(identity)) => {
            let account = identity.account().map(str::to_owned);
            tracing::info!(account = account.as_deref().unwrap_or("-"), "AWS account");
            account
        }
        Ok(Err(error)) => {
            tracing::warn!(
                error = %aws_smithy_types::error::display::DisplayErrorContext(&error),
                "could not learn the AWS account (sts:GetCallerIdentity); audit records name the region only"
            );
            None
        }
        Err(_) => {
            tracing::warn!(
                "sts:GetCallerIdentity did not answer within 5 s; audit records name the region only"
            );
            None
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
