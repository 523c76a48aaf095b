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
//! clear faults, read the count of AWS calls answered, reset to the seed.
//!
//! Requests a browser sent on behalf of a web page are refused on every route (see
//! `browser.rs`): a page open in the admin's browser must not drive a loopback sandbox.

mod browser;
pub mod control;
pub mod error;
pub mod fault;
pub mod page;
pub mod validate;

mod aws_json;
mod binding;
mod rest_json;
mod seed;

/// Declares every emulated service from one list: its module, its slug in [`SERVICES`] (for
/// faults and call counts), its protocol binding, and, for `module(Store)`, its store in
/// [`Stores`] (seeded and reset with the rest, and filled by `/_sandbox/populate` through
/// [`Stores::populator`]). A module lacking one does not compile.
macro_rules! services {
    ($($module:ident $(($store:ident))?),+ $(,)?) => {
        $(pub mod $module;)+

        /// Every service's slug, in registration order: what a fault (and a call count) may name.
        pub const SERVICES: [&str; [$(stringify!($module)),+].len()] = [$($module::SERVICE),+];

        /// Each service's protocol binding, in [`SERVICES`]' order.
        const BINDINGS: [binding::Binding; SERVICES.len()] = [$($module::BINDING),+];

        /// One store per service that keeps users.
        #[derive(Debug)]
        pub struct Stores {
            $($(pub $module: Mutex<$module::$store>,)?)+
        }

        impl Stores {
            fn seeded() -> Stores {
                Stores {
                    $($($module: Mutex::new($module::$store::seeded()),)?)+
                }
            }

            /// Puts every store back to the seed.
            fn reset(&self) {
                $($(*lock(&self.$module) = $module::$store::seeded();)?)+
            }

            /// How `/_sandbox/populate` adds synthetic users to `service`'s store; `None` for a
            /// service that keeps no users (SSO Admin) or is not one of [`SERVICES`].
            pub(crate) fn populator(service: &str) -> Option<Populator> {
                $($(
                    if service == $module::SERVICE {
                        let populate: Populator = |stores, count| {
                            <$module::$store>::populate(&mut lock(&stores.$module), count)
                        };
                        return Some(populate);
                    }
                )?)+
                None
            }
        }
    };
}

services! {
    memorydb(Store),
    mq(Store),
    finspace(Store),
    identitystore(Store),
    wickr(Store),
    ssoadmin,
}

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::middleware;
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use error::AwsError;
pub use fault::{Fault, FaultRefused};

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

/// Everything the sandbox holds: one store per service, the injected faults and the call counts.
#[derive(Debug)]
pub struct SandboxState {
    pub options: Options,
    pub stores: Stores,
    /// The armed faults (bounded, see [`fault`]).
    faults: Mutex<fault::Faults>,
    /// Services whose changing calls (or, with `true`, all calls) wait this long before being
    /// answered (`/_sandbox/stall`).
    stalls: Mutex<BTreeMap<&'static str, (Duration, bool)>>,
    /// How many calls each operation answered, keyed `service:Operation`. Only operations the
    /// sandbox emulates are counted, so the keys are bounded too.
    calls: Mutex<BTreeMap<String, u64>>,
}

/// Adds synthetic users to one store (see [`Stores::populator`]); `Err` says why it would not.
pub(crate) type Populator = fn(&Stores, usize) -> Result<(), String>;

/// Locks a store; a panic in another request must not wedge the sandbox, so poison is ignored.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SandboxState {
    /// A sandbox holding the demo seed of every service.
    pub fn seeded(options: Options) -> Self {
        Self {
            options,
            stores: Stores::seeded(),
            faults: Mutex::new(fault::Faults::default()),
            stalls: Mutex::new(BTreeMap::new()),
            calls: Mutex::new(BTreeMap::new()),
        }
    }

    /// Puts every store back to the seed, forgets every fault and zeroes the call counts.
    pub fn reset(&self) {
        self.stores.reset();
        lock(&self.faults).clear();
        lock(&self.stalls).clear();
        self.reset_calls();
    }

    /// Makes `operation` (or any operation, when `None`) on `target` answer `error`, unless the
    /// fault is refused (unknown service, `times` out of range, too many faults held).
    pub fn try_add_fault(&self, fault: Fault) -> Result<(), FaultRefused> {
        lock(&self.faults).add(fault)
    }

    /// [`try_add_fault`](Self::try_add_fault) for tests that write their faults by hand.
    ///
    /// # Panics
    /// When the fault is refused: such a test is wrong and should say so where it is wrong.
    pub fn add_fault(&self, fault: Fault) {
        if let Err(refused) = self.try_add_fault(fault) {
            panic!("the sandbox refused the fault: {refused}");
        }
    }

    /// Makes every changing call of `service` wait `delay` before it is carried out (a test
    /// that must act while a change is under way); `None` ends it. Unknown services are
    /// refused.
    pub fn stall(&self, service: &str, delay: Option<Duration>) -> Result<(), String> {
        self.stall_calls(service, delay, false)
    }

    /// [`stall`](Self::stall), and with `reads` its reading calls too (a service that is
    /// slow to list, for a search that must not wait for it).
    pub fn stall_calls(
        &self,
        service: &str,
        delay: Option<Duration>,
        reads: bool,
    ) -> Result<(), String> {
        let Some(slug) = SERVICES.iter().find(|s| **s == service) else {
            return Err(format!(
                "Unknown service: expected one of {}.",
                SERVICES.join(", ")
            ));
        };
        match delay {
            Some(delay) => lock(&self.stalls).insert(slug, (delay, reads)),
            None => lock(&self.stalls).remove(slug),
        };
        Ok(())
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
        lock(&self.faults).take(service, operation, target)
    }

    /// Records that the sandbox answered one call of `operation`, whatever the answer.
    pub(crate) fn count_call(&self, service: &str, operation: &str) {
        *lock(&self.calls)
            .entry(format!("{service}:{operation}"))
            .or_default() += 1;
    }

    /// How many calls each operation answered since the start or the last reset, keyed
    /// `service:Operation` (`mq:ListUsers`); operations never called are absent.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        lock(&self.calls).clone()
    }

    /// How many AWS calls the sandbox answered since the start or the last reset.
    pub fn total_calls(&self) -> u64 {
        lock(&self.calls).values().sum()
    }

    /// Forgets every count (the stores and faults stay as they are).
    pub fn reset_calls(&self) {
        lock(&self.calls).clear();
    }
}

/// The sandbox's HTTP surface: every service on one router.
pub fn router(state: Arc<SandboxState>) -> Router {
    let rest = BINDINGS.iter().filter_map(|binding| match binding {
        binding::Binding::RestJson { routes, .. } => Some(routes()),
        binding::Binding::AwsJson { .. } => None,
    });
    rest.fold(Router::new(), Router::merge)
        .route("/", post(aws_json::dispatch))
        .nest("/_sandbox", control::routes())
        .layer(middleware::from_fn_with_state(state.clone(), stall_writes))
        .fallback(aws_json::unknown_operation)
        // Every answer names itself, as AWS's do: clients log it, userdesk's audit keeps it.
        .layer(middleware::map_response(
            |mut response: axum::response::Response| async move {
                if let Ok(id) = axum::http::HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
                {
                    response.headers_mut().insert("x-amzn-requestid", id);
                }
                response
            },
        ))
        // Outermost, so it also covers the fallback and runs before any extractor.
        .layer(middleware::from_fn(browser::refuse_browsers))
        .with_state(state)
}

/// Holds a changing call of a stalled service (see [`SandboxState::stall`]) before it runs.
async fn stall_writes(
    axum::extract::State(state): axum::extract::State<Arc<SandboxState>>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok());
    let delay = binding::classify(
        &BINDINGS,
        &SERVICES,
        request.method(),
        request.uri().path(),
        target,
    )
    .and_then(|(slug, writes)| {
        lock(&state.stalls)
            .get(slug)
            .filter(|(_, reads)| writes || *reads)
            .map(|(delay, _)| *delay)
    });
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
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
