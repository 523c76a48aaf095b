//! What AWS said during one change: the request ids of its calls and the error code of a
//! failed one, collected for the audit record while the pipeline sends the change.
//!
//! An SDK interceptor ([`RequestIds`], on every client) sees each response; `aws_error` sees
//! each error code. Both write into the [`Observed`] of the task the pipeline runs the send in
//! (a task-local), and outside such a task they write nowhere.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// What the calls of one change reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    pub request_ids: Vec<String>,
    /// The error code of the last failed call.
    pub error_code: Option<String>,
}

tokio::task_local! {
    static OBSERVED: Arc<Mutex<Observed>>;
}

/// Runs `future` collecting what its AWS calls report.
pub async fn observing<F: std::future::Future>(future: F) -> (F::Output, Observed) {
    let cell = Arc::new(Mutex::new(Observed::default()));
    let output = OBSERVED.scope(cell.clone(), future).await;
    let observed = cell.lock().map(|o| o.clone()).unwrap_or_default();
    (output, observed)
}

fn record(update: impl FnOnce(&mut Observed)) {
    let _ = OBSERVED.try_with(|cell| {
        if let Ok(mut observed) = cell.lock() {
            update(&mut observed);
        }
    });
}

/// Called by `aws_error` for every service error.
pub fn error_code(code: &str) {
    // AWS error codes are short identifiers; anything else is not kept.
    let code: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '#' | ':'))
        .take(128)
        .collect();
    record(|o| o.error_code = Some(code));
}

/// Reads the request id AWS gave each response (`x-amzn-RequestId`, or S3-style
/// `x-amz-request-id`).
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIds;

impl Intercept for RequestIds {
    fn name(&self) -> &'static str {
        "userdesk audit request ids"
    }

    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let headers = context.response().headers();
        if let Some(id) = headers
            .get("x-amzn-requestid")
            .or_else(|| headers.get("x-amz-request-id"))
        {
            let id: String = id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .take(128)
                .collect();
            record(|o| o.request_ids.push(id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
