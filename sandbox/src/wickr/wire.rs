//! Errors, and reading and checking the parts of a request.

use std::cmp::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query};
use axum::http::Uri;
use serde_json::{Value, json};

use super::{DEFAULT_PAGE, NETWORK_ID, SERVICE, USER_ID};
use crate::{AwsError, SandboxState, page, validate};

/// `ValidationError` naming one field; `message` is the AWS-worded constraint.
pub(super) fn invalid(field: &str, message: String) -> AwsError {
    AwsError::new(422, "ValidationError", message.clone())
        .with_field("reasons", json!([{ "field": field, "reason": message }]))
}

/// AWS's wording for one failed constraint (the `validate` helpers cover the model's own
/// constraint kinds; this covers the rest).
pub(super) fn constraint(member: &str, rule: &str) -> String {
    format!("1 validation error detected: Value at '{member}' failed to satisfy constraint: {rule}")
}

pub(super) fn bad_request(message: &str) -> AwsError {
    AwsError::new(400, "BadRequestError", message)
}

pub(super) fn network_not_found(id: &str) -> AwsError {
    AwsError::new(
        404,
        "ResourceNotFoundError",
        format!("Network {id} was not found."),
    )
}

/// The error a test injected for this call, rendered as Wickr renders that shape.
pub(super) fn injected(
    state: &SandboxState,
    operation: &str,
    target: &str,
) -> Result<(), AwsError> {
    let Some(code) = state.injected_fault(SERVICE, operation, target) else {
        return Ok(());
    };
    let (status, message) = match code.as_str() {
        "BadRequestError" => (400, "The request is not valid."),
        "UnauthorizedError" => (401, "The request is not authenticated."),
        "ForbiddenError" => (403, "You are not allowed to perform this action."),
        "ResourceNotFoundError" => (404, "The requested resource was not found."),
        "ValidationError" => (422, "The request failed validation."),
        "RateLimitError" => (429, "Too many requests. Slow down and retry."),
        "InternalServerError" => (500, "An internal error occurred. Try again later."),
        _ => (400, "The request failed."),
    };
    let error = AwsError::new(status, code.clone(), message);
    Err(if code == "ValidationError" {
        error.with_field("reasons", json!([]))
    } else {
        error
    })
}

pub(super) fn path_params<T>(path: Result<Path<T>, PathRejection>) -> Result<T, AwsError> {
    path.map(|Path(p)| p)
        .map_err(|_| bad_request("The request path is not valid."))
}

pub(super) fn check_network_id(id: &str) -> Result<(), AwsError> {
    validate::length("networkId", id, 8, 8)
        .and_then(|()| validate::pattern("networkId", id, &NETWORK_ID))
        .map_err(|m| invalid("networkId", m))
}

pub(super) fn check_user_id(id: &str) -> Result<(), AwsError> {
    validate::length("userId", id, 1, 10)
        .and_then(|()| validate::pattern("userId", id, &USER_ID))
        .map_err(|m| invalid("userId", m))
}

pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn read(uri: &Uri) -> Result<Self, AwsError> {
        Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|Query(pairs)| Params(pairs))
            .map_err(|_| bad_request("The query string is not valid."))
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn integer(&self, name: &str) -> Result<Option<i64>, AwsError> {
        self.get(name)
            .map(|raw| {
                raw.parse::<i64>().map_err(|_| {
                    bad_request(&format!("Query parameter {name} must be an integer."))
                })
            })
            .transpose()
    }

    /// Epoch seconds, as the SDK writes timestamps in a query string (fractions allowed).
    pub(super) fn epoch_seconds(&self, name: &str) -> Result<Option<f64>, AwsError> {
        self.get(name)
            .map(|raw| {
                raw.parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite())
                    .ok_or_else(|| {
                        bad_request(&format!(
                            "Query parameter {name} must be a timestamp in epoch seconds."
                        ))
                    })
            })
            .transpose()
    }

    pub(super) fn max_results(&self) -> Result<usize, AwsError> {
        let max = self.integer("maxResults")?.unwrap_or(DEFAULT_PAGE);
        validate::range("maxResults", max, 1, 100).map_err(|m| invalid("maxResults", m))?;
        Ok(max as usize)
    }

    /// `ASC` or `DESC`; `None` when not given.
    pub(super) fn descending(&self) -> Result<Option<bool>, AwsError> {
        match self.get("sortDirection") {
            None => Ok(None),
            Some(raw) => {
                validate::one_of("sortDirection", raw, &["ASC", "DESC"])
                    .map_err(|m| invalid("sortDirection", m))?;
                Ok(Some(raw == "DESC"))
            }
        }
    }

    /// `sortFields`: names joined by `+` (a raw `+` arrives decoded as a space), each one of
    /// `allowed`.
    pub(super) fn sort_fields<'a>(
        &'a self,
        allowed: &[&str],
    ) -> Result<Option<Vec<&'a str>>, AwsError> {
        let Some(raw) = self.get("sortFields") else {
            return Ok(None);
        };
        let fields: Vec<&str> = raw.split(['+', ' ']).filter(|f| !f.is_empty()).collect();
        if fields.is_empty() || fields.iter().any(|f| !allowed.contains(f)) {
            return Err(invalid(
                "sortFields",
                constraint(
                    "sortFields",
                    &format!(
                        "Member must be one or more of [{}] joined by '+'",
                        allowed.join(", ")
                    ),
                ),
            ));
        }
        Ok(Some(fields))
    }

    pub(super) fn next_token(&self) -> Option<&str> {
        self.get("nextToken")
    }
}

fn bad_token() -> AwsError {
    invalid(
        "nextToken",
        "The nextToken is not valid: pass the token a previous call returned.".to_owned(),
    )
}

pub(super) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

pub(super) fn paged(
    items: Vec<Value>,
    key: &str,
    token: Option<&str>,
    max: usize,
) -> Result<Value, AwsError> {
    let page = page::paginate(&items, token, max).map_err(|_| bad_token())?;
    let mut body = json!({ key: page.items });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(body)
}

pub(super) fn caseless(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}
