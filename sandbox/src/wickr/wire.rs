//! Errors, and reading and checking the parts of a request.

use std::cmp::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::Uri;
use serde_json::json;

use super::{DEFAULT_PAGE, NETWORK_ID, SERVICE, USER_ID};
use crate::rest_json::{Dialect, Part, QueryParams, Shape};
use crate::{AwsError, validate};

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

/// `ValidationError` for a member of the wrong JSON type; `kind` is "a string", "a boolean"….
pub(super) fn member_type_error(field: &str, kind: &str) -> AwsError {
    invalid(field, constraint(field, &format!("Member must be {kind}")))
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

/// How Wickr answers what every restJson1 service checks: `BadRequestError` for a part it
/// cannot read, `ValidationError` for a token it did not hand out.
pub(super) const REST: Dialect = Dialect {
    service: SERVICE,
    reject: |part, message| match part {
        Part::NextToken => invalid("nextToken", message.to_owned()),
        Part::Path | Part::Query | Part::Body => bad_request(message),
    },
    faults: &[
        Shape::new("BadRequestError", 400, "The request is not valid."),
        Shape::new(
            "UnauthorizedError",
            401,
            "The request is not authenticated.",
        ),
        Shape::new(
            "ForbiddenError",
            403,
            "You are not allowed to perform this action.",
        ),
        Shape::new(
            "ResourceNotFoundError",
            404,
            "The requested resource was not found.",
        ),
        Shape::new("ValidationError", 422, "The request failed validation.")
            .with_member("reasons", || json!([])),
        Shape::new(
            "RateLimitError",
            429,
            "Too many requests. Slow down and retry.",
        ),
        Shape::new(
            "InternalServerError",
            500,
            "An internal error occurred. Try again later.",
        ),
    ],
};

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

/// The query string, read with Wickr's rules for its list parameters.
pub(super) struct Params(QueryParams);

impl Params {
    pub(super) fn read(uri: &Uri) -> Result<Self, AwsError> {
        QueryParams::read(&REST, uri).map(Params)
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name)
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

pub(super) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

pub(super) fn caseless(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}
