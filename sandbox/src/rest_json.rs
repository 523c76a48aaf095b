//! restJson1, the protocol of MQ, FinSpace and Wickr: the operation is the method and URI,
//! inputs travel in the path, the query string and a JSON body, and an error names its shape
//! in `X-Amzn-ErrorType` (see [`AwsError::into_rest_json`]).
//!
//! What the three services do the same way lives here: reading the path parameters, the query
//! string and the JSON body, answering an injected fault, and replying with one page of a list.
//! What differs between them is passed in as each service's [`Dialect`]: the error shape it
//! answers for a request part it cannot read, and the shapes a test may inject.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query};
use axum::http::Uri;
use serde_json::{Map, Value, json};

use crate::{AwsError, SandboxState, page};

/// What a restJson1 handler answers: the output object, or an error rendered as restJson1.
pub(crate) type Reply = Result<Json<Value>, AwsError>;

/// A request part the protocol could not read (or, for the token, did not recognise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Path,
    Query,
    Body,
    NextToken,
}

/// An error shape a test may inject, with the status and message the service answers it with.
pub(crate) struct Shape {
    code: &'static str,
    status: u16,
    message: &'static str,
    /// A member the shape always carries beside `message` (FinSpace's `reason`, Wickr's `reasons`).
    member: Option<Member>,
}

/// A member's name and how to make its value (a `Value` cannot be built in a `const`).
type Member = (&'static str, fn() -> Value);

impl Shape {
    pub(crate) const fn new(code: &'static str, status: u16, message: &'static str) -> Self {
        Self {
            code,
            status,
            message,
            member: None,
        }
    }

    pub(crate) const fn with_member(mut self, name: &'static str, value: fn() -> Value) -> Self {
        self.member = Some((name, value));
        self
    }
}

/// How one restJson1 service answers what every restJson1 service checks the same way.
pub(crate) struct Dialect {
    /// The slug faults and call counts name the service by.
    pub(crate) service: &'static str,
    /// The error for a request part that cannot be read, given the message every service uses.
    pub(crate) reject: fn(Part, &str) -> AwsError,
    /// The shapes a test may inject; any other code answers 400 "The request failed.".
    pub(crate) faults: &'static [Shape],
}

/// The error a test injected for this call, rendered as the service renders that shape.
pub(crate) fn injected(
    dialect: &Dialect,
    state: &SandboxState,
    operation: &str,
    target: &str,
) -> Result<(), AwsError> {
    let Some(code) = state.injected_fault(dialect.service, operation, target) else {
        return Ok(());
    };
    let Some(shape) = dialect.faults.iter().find(|s| s.code == code) else {
        return Err(AwsError::new(400, code, "The request failed."));
    };
    let error = AwsError::new(shape.status, code, shape.message);
    Err(match shape.member {
        Some((name, value)) => error.with_field(name, value()),
        None => error,
    })
}

/// The path parameters, or the service's error for a path it cannot read.
pub(crate) fn path_params<T>(
    dialect: &Dialect,
    path: Result<Path<T>, PathRejection>,
) -> Result<T, AwsError> {
    path.map(|Path(p)| p)
        .map_err(|_| (dialect.reject)(Part::Path, "The request path is not valid."))
}

/// The query string's parameters, in the order given.
pub(crate) struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub(crate) fn read(dialect: &Dialect, uri: &Uri) -> Result<Self, AwsError> {
        Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|Query(pairs)| Self(pairs))
            .map_err(|_| (dialect.reject)(Part::Query, "The query string is not valid."))
    }

    /// The first value given for `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The JSON body's members; a blank body is an empty object.
pub(crate) fn body_members(
    dialect: &Dialect,
    body: &Bytes,
) -> Result<Map<String, Value>, AwsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(members)) => Ok(members),
        _ => Err((dialect.reject)(
            Part::Body,
            "The request body is not a valid JSON object.",
        )),
    }
}

/// The error for a `nextToken` this sandbox did not hand out.
pub(crate) fn bad_token(dialect: &Dialect) -> AwsError {
    (dialect.reject)(
        Part::NextToken,
        "The nextToken is not valid: pass the token a previous call returned.",
    )
}

/// Replies with `body` plus one page of `items` under `key`, and `nextToken` when there is more.
pub(crate) fn paged<T>(
    dialect: &Dialect,
    mut body: Value,
    key: &str,
    items: &[T],
    token: Option<&str>,
    max: usize,
    render: impl Fn(&T) -> Value,
) -> Reply {
    let page = page::paginate(items, token, max).map_err(|_| bad_token(dialect))?;
    body[key] = page.items.iter().map(render).collect();
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(Json(body))
}
