//! awsJson1_1: `POST /` with `X-Amz-Target: <Prefix>.<Operation>`, used by MemoryDB,
//! IdentityStore and SSO Admin. The prefix picks the service, the rest the operation.
//! Every call of an emulated operation is counted, whatever it answers; unknown ones are not.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::binding::Binding;
use crate::{AwsError, BINDINGS, SERVICES, SandboxState};

/// One emulated operation: reads the input object, answers the output object.
pub(crate) type Operation = fn(&SandboxState, &Value) -> Result<Value, AwsError>;

/// How an awsJson1_1 service finds the operation an `X-Amz-Target` names.
pub(crate) type Operations = fn(&str) -> Option<Operation>;

/// The awsJson1_1 service whose `X-Amz-Target` prefix is `prefix`: its slug and operations.
fn service(prefix: &str) -> Option<(&'static str, Operations)> {
    SERVICES
        .iter()
        .zip(&BINDINGS)
        .find_map(|(slug, binding)| match binding {
            Binding::AwsJson {
                target_prefix,
                operation,
            } if *target_prefix == prefix => Some((*slug, *operation)),
            _ => None,
        })
}

pub(crate) async fn dispatch(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some((prefix, name)) = target.split_once('.') else {
        return unknown_operation().await;
    };
    let Some((slug, operation)) = service(prefix) else {
        return unknown_operation().await;
    };
    let Some(operation) = operation(name) else {
        return AwsError::new(
            400,
            "UnknownOperationException",
            format!("The operation {name} is not supported by this sandbox."),
        )
        .into_aws_json();
    };
    // Counted before the input is read: a call answered with a serialization error was made.
    state.count_call(slug, name);
    let input: Value = if body.is_empty() {
        Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                return AwsError::new(
                    400,
                    "SerializationException",
                    "Start of structure or map found where not expected.",
                )
                .into_aws_json();
            }
        }
    };
    match operation(&state, &input) {
        Ok(output) => {
            let mut response = serde_json::to_vec(&output)
                .unwrap_or_default()
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-amz-json-1.1"),
            );
            response
        }
        Err(error) => error.into_aws_json(),
    }
}

/// What AWS answers for a target or path it does not know.
pub(crate) async fn unknown_operation() -> Response {
    AwsError::new(
        400,
        "UnknownOperationException",
        "The operation is not supported by this sandbox.",
    )
    .into_aws_json()
}

/// Reads an optional string member; a non-string is a serialization error as on AWS.
pub(crate) fn opt_str<'a>(input: &'a Value, member: &str) -> Result<Option<&'a str>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(serialization(member)),
    }
}

/// Reads an optional integer member.
pub(crate) fn opt_i64(input: &Value, member: &str) -> Result<Option<i64>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| serialization(member)),
    }
}

pub(crate) fn serialization(member: &str) -> AwsError {
    AwsError::new(
        400,
        "SerializationException",
        format!("Unexpected type for member '{member}'"),
    )
}

#[cfg(test)]
mod tests;
