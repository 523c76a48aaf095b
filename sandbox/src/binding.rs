//! How a service's calls reach the sandbox: the protocol binding its AWS model declares.

use std::sync::Arc;

use axum::Router;

use crate::SandboxState;
use crate::aws_json::Operations;

/// A service's wire protocol, as its module declares it in `BINDING`.
pub(crate) enum Binding {
    /// awsJson1_1: `POST /` with `X-Amz-Target: {target_prefix}.{Operation}`.
    AwsJson {
        target_prefix: &'static str,
        operation: Operations,
    },
    /// restJson1: the service's own routes, merged into the one router (their URI prefixes
    /// do not overlap).
    RestJson {
        routes: fn() -> Router<Arc<SandboxState>>,
    },
}
