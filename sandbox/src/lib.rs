//! The sandbox: userdesk's own emulation of the user APIs of Amazon MemoryDB, Amazon MQ,
//! FinSpace (kdb), the IAM Identity Center identity store, AWS Wickr and SSO Admin's
//! `ListInstances`, spoken on each service's real wire protocol so the unmodified
//! `aws-sdk-*` clients (and the AWS CLI, boto3…) reach it through an endpoint URL.
//!
//! All six services share one listener: the awsJson1_1 ones are told apart by
//! `X-Amz-Target`, the restJson1 ones by their URI prefixes (`/v1/brokers`,
//! `/kx/environments`, `/networks`), which do not overlap.
//!
//! Test control lives under `/_sandbox` (see [`control`]): inject an error for a user,
//! clear faults, reset to the seed.

pub mod control;
pub mod error;
pub mod page;
pub mod validate;

mod aws_json;
pub mod finspace;
pub mod identitystore;
pub mod memorydb;
pub mod mq;
mod seed;
pub mod ssoadmin;
pub mod wickr;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use control::Fault;
pub use error::AwsError;

/// The account every seeded ARN belongs to.
pub const ACCOUNT_ID: &str = "123456789012";
/// The region every seeded ARN names.
pub const REGION: &str = "us-east-1";

/// Knobs a test may turn; `Options::default()` is what `userdesk sandbox` runs with.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long a MemoryDB user stays `modifying` after an update (AWS: seconds to minutes).
    pub memorydb_settle: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            memorydb_settle: Duration::from_secs(2),
        }
    }
}

/// Everything the sandbox holds: one store per service and the injected faults.
#[derive(Debug)]
pub struct SandboxState {
    pub options: Options,
    pub memorydb: Mutex<memorydb::Store>,
    pub mq: Mutex<mq::Store>,
    pub finspace: Mutex<finspace::Store>,
    pub identitystore: Mutex<identitystore::Store>,
    pub wickr: Mutex<wickr::Store>,
    faults: Mutex<Vec<Fault>>,
}

/// Locks a store; a panic in another request must not wedge the sandbox, so poison is ignored.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SandboxState {
    /// A sandbox holding the demo seed of every service.
    pub fn seeded(options: Options) -> Self {
        Self {
            options,
            memorydb: Mutex::new(memorydb::Store::seeded()),
            mq: Mutex::new(mq::Store::seeded()),
            finspace: Mutex::new(finspace::Store::seeded()),
            identitystore: Mutex::new(identitystore::Store::seeded()),
            wickr: Mutex::new(wickr::Store::seeded()),
            faults: Mutex::new(Vec::new()),
        }
    }

    /// Puts every store back to the seed and forgets every fault.
    pub fn reset(&self) {
        *lock(&self.memorydb) = memorydb::Store::seeded();
        *lock(&self.mq) = mq::Store::seeded();
        *lock(&self.finspace) = finspace::Store::seeded();
        *lock(&self.identitystore) = identitystore::Store::seeded();
        *lock(&self.wickr) = wickr::Store::seeded();
        lock(&self.faults).clear();
    }

    /// Makes `operation` (or any operation, when `None`) on `target` answer `error`.
    pub fn add_fault(&self, fault: Fault) {
        lock(&self.faults).push(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// The error code a test asked this call to fail with, consuming one use of the fault.
    pub(crate) fn injected_fault(
        &self,
        service: &str,
        operation: &str,
        target: &str,
    ) -> Option<String> {
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|f| f.matches(service, operation, target))?;
        let code = faults[index].error.clone();
        if let Some(times) = faults[index].times.as_mut() {
            *times -= 1;
            if *times == 0 {
                faults.remove(index);
            }
        }
        Some(code)
    }
}

/// The sandbox's HTTP surface: every service on one router.
pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .route("/", post(aws_json::dispatch))
        .merge(mq::routes())
        .merge(finspace::routes())
        .merge(wickr::routes())
        .nest("/_sandbox", control::routes())
        .fallback(aws_json::unknown_operation)
        .with_state(state)
}

/// A sandbox serving on a loopback port; stops when dropped.
pub struct RunningSandbox {
    pub addr: SocketAddr,
    pub state: Arc<SandboxState>,
    task: JoinHandle<()>,
}

impl RunningSandbox {
    /// The endpoint URL to hand an SDK client.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `addr` (port 0 picks a free one) and serves the seeded sandbox in the background.
pub async fn spawn(addr: SocketAddr, options: Options) -> std::io::Result<RunningSandbox> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SandboxState::seeded(options));
    let app = router(state.clone());
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "sandbox stopped");
        }
    });
    Ok(RunningSandbox { addr, state, task })
}

/// Serves the seeded sandbox on `listener` until the future is dropped (used by `userdesk sandbox`).
pub async fn serve(listener: TcpListener, options: Options) -> std::io::Result<()> {
    let state = Arc::new(SandboxState::seeded(options));
    axum::serve(listener, router(state)).await
}
