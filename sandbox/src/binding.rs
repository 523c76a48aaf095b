//! How a service's calls reach the sandbox: the protocol binding its AWS model declares.

use std::sync::Arc;

use axum::Router;

use crate::SandboxState;
use crate::aws_json::Operations;

/// The service slug and whether the request changes something, for the stall control: an
/// awsJson1_1 operation that is not a `Describe…`/`List…`/`Get…`, a restJson1 request that is
/// not a `GET`.
pub(crate) fn classify(
    bindings: &[Binding],
    slugs: &[&'static str],
    method: &axum::http::Method,
    path: &str,
    target: Option<&str>,
) -> Option<(&'static str, bool)> {
    bindings
        .iter()
        .zip(slugs)
        .find_map(|(binding, slug)| match binding {
            Binding::AwsJson { target_prefix, .. } if path == "/" => {
                let (prefix, operation) = target?.split_once('.')?;
                (prefix == *target_prefix).then(|| {
                    let reads = ["Describe", "List", "Get"]
                        .iter()
                        .any(|verb| operation.starts_with(verb));
                    (*slug, !reads)
                })
            }
            Binding::RestJson { path_prefix, .. } if path.starts_with(path_prefix) => {
                Some((*slug, method != axum::http::Method::GET))
            }
            _ => None,
        })
}

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
        /// Where its URIs start (`/v1/brokers`): which service a request is for.
        path_prefix: &'static str,
        routes: fn() -> Router<Arc<SandboxState>>,
    },
}
