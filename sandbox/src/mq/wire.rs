//! Errors, and reading and checking the parts of a request.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::http::Uri;
use regex::Regex;
use serde_json::Value;

use super::{
    GROUP_RULE, MAX_GROUPS, NAME, PASSWORD_MAX, PASSWORD_MIN, PASSWORD_MIN_UNIQUE, SERVICE,
    Settings, USERNAME_RULE,
};
use crate::rest_json::{self, Dialect, Part, QueryParams, Shape};
use crate::{AwsError, validate};

pub(super) fn bad_request(attribute: &str, message: impl Into<String>) -> AwsError {
    AwsError::new(400, "BadRequestException", message).with_field("errorAttribute", attribute)
}

pub(super) fn broker_not_found(id: &str) -> AwsError {
    // Echo the id only when it has a broker id's shape: arbitrary input is not repeated back.
    let shown = if BROKER_ID.is_match(id) { id } else { "" };
    AwsError::new(
        404,
        "NotFoundException",
        format!("Can't find requested broker [{shown}]. Make sure your broker exists."),
    )
    .with_field("errorAttribute", "broker-id")
}

pub(super) static BROKER_ID: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored("b-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
});

/// How MQ answers what every restJson1 service checks: `BadRequestException` naming the part.
pub(super) const REST: Dialect = Dialect {
    service: SERVICE,
    reject,
    faults: &[
        Shape::new("BadRequestException", 400, "The request is not valid."),
        Shape::new(
            "UnauthorizedException",
            401,
            "You are not authorized to perform this action.",
        ),
        Shape::new(
            "ForbiddenException",
            403,
            "You don't have access to this resource.",
        ),
        Shape::new(
            "NotFoundException",
            404,
            "Can't find the requested resource.",
        ),
        Shape::new(
            "ConflictException",
            409,
            "The request conflicts with a change already in progress.",
        ),
        Shape::new(
            "InternalServerErrorException",
            500,
            "We were unable to process your request. Please try again.",
        ),
    ],
};

fn reject(part: Part, message: &str) -> AwsError {
    let attribute = match part {
        Part::Path => "broker-id",
        Part::Query => "query",
        Part::Body => "body",
        Part::NextToken => "nextToken",
    };
    bad_request(attribute, message)
}

/// `maxResults` and `nextToken`, checked against the model's 1–100.
pub(super) fn paging(uri: &Uri) -> Result<(Option<usize>, Option<String>), AwsError> {
    let params = QueryParams::read(&REST, uri)?;
    let max = match params.get("maxResults") {
        None => None,
        Some(raw) => {
            let n: i64 = raw.parse().map_err(|_| {
                bad_request(
                    "maxResults",
                    "maxResults must be an integer between 1 and 100.",
                )
            })?;
            if !(1..=100).contains(&n) {
                return Err(bad_request(
                    "maxResults",
                    "maxResults must be an integer between 1 and 100.",
                ));
            }
            Some(n as usize)
        }
    };
    let token = params.get("nextToken").map(str::to_owned);
    Ok((max, token))
}

pub(super) fn check_username(username: &str) -> Result<(), AwsError> {
    if NAME.is_match(username) {
        Ok(())
    } else {
        Err(bad_request("username", USERNAME_RULE))
    }
}

/// AWS's ActiveMQ password rules. Messages state the rule, never the password.
pub(super) fn check_password(password: &str) -> Result<(), AwsError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(bad_request(
            "password",
            "Password must be at least 12 characters long.",
        ));
    }
    if length > PASSWORD_MAX {
        return Err(bad_request(
            "password",
            "Password must be at most 250 characters long.",
        ));
    }
    if password.contains([',', ':', '=']) {
        return Err(bad_request(
            "password",
            "Password must not contain commas, colons, or equal signs (,:=).",
        ));
    }
    let mut unique: Vec<char> = password.chars().collect();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() < PASSWORD_MIN_UNIQUE {
        return Err(bad_request(
            "password",
            "Password must contain at least 4 unique characters.",
        ));
    }
    Ok(())
}

fn check_groups(groups: &[String]) -> Result<(), AwsError> {
    if groups.len() > MAX_GROUPS {
        return Err(bad_request(
            "groups",
            "A user can belong to at most 20 groups.",
        ));
    }
    if groups.iter().any(|g| !NAME.is_match(g)) {
        return Err(bad_request("groups", GROUP_RULE));
    }
    Ok(())
}

/// The JSON body of `CreateUser` / `UpdateUser`, every member optional and type-checked.
#[derive(Default)]
pub(super) struct UserRequest {
    console_access: Option<bool>,
    groups: Option<Vec<String>>,
    pub(super) password: Option<String>,
    replication_user: Option<bool>,
}

pub(super) fn parse_user_request(body: &Bytes) -> Result<UserRequest, AwsError> {
    let members = rest_json::body_members(&REST, body)?;
    let boolean = |name: &str| -> Result<Option<bool>, AwsError> {
        match members.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(bad_request(name, format!("{name} must be a boolean."))),
        }
    };
    let groups = match members.get("groups") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|g| g.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad_request("groups", "groups must be a list of strings."))?,
        ),
        Some(_) => return Err(bad_request("groups", "groups must be a list of strings.")),
    };
    let password = match members.get("password") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(_) => return Err(bad_request("password", "password must be a string.")),
    };
    Ok(UserRequest {
        console_access: boolean("consoleAccess")?,
        groups,
        password,
        replication_user: boolean("replicationUser")?,
    })
}

impl UserRequest {
    /// Checks every given member; the password is dropped right after.
    pub(super) fn validate(&self) -> Result<(), AwsError> {
        if let Some(password) = &self.password {
            check_password(password)?;
        }
        if let Some(groups) = &self.groups {
            check_groups(groups)?;
        }
        Ok(())
    }

    /// `base` with the members this request gives laid over it.
    pub(super) fn apply_to(&self, base: &Settings) -> Settings {
        Settings {
            console_access: self.console_access.unwrap_or(base.console_access),
            groups: self.groups.clone().unwrap_or_else(|| base.groups.clone()),
            replication_user: self.replication_user.unwrap_or(base.replication_user),
        }
    }
}
