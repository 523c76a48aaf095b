//! Server-only parts (feature `ssr`): configuration, the shared state with the SDK clients,
//! who is calling, how AWS errors become [`crate::error::AppError`], and telemetry.

pub mod audit;
pub mod auth;
pub mod aws_error;
pub mod config;
pub mod context;
pub mod flash;
pub mod http;
pub mod listing_cache;
pub mod overview;
pub mod paging;
pub mod readiness;
pub mod serve;
pub mod site;
pub mod state;
pub mod telemetry;

pub use context::{Caller, Permission, RequestContext, Role, context};
pub use state::AppState;
