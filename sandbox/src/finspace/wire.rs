//! Errors, and reading and checking the parts of a request.

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::Uri;
use regex::Regex;
use serde_json::{Map, Value};

use super::{CLIENT_TOKEN, DEFAULT_PAGE, ENVIRONMENT_ID, SERVICE, TAG_KEY, TAG_VALUE, USER_NAME};
use crate::rest_json::{Dialect, QueryParams, Shape};
use crate::{AwsError, validate};

/// `iamRole` on `CreateKxUser` and `UpdateKxUser`: the role a kdb user acts as.
pub(super) static IAM_ROLE_ARN: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored(r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
});

/// AWS's wording for one failed constraint (the `validate` helpers cover the model's own
/// constraint kinds; this covers the rest).
pub(super) fn constraint(member: &str, rule: &str) -> String {
    format!("1 validation error detected: Value at '{member}' failed to satisfy constraint: {rule}")
}

pub(super) fn invalid(message: String) -> AwsError {
    AwsError::new(400, "ValidationException", message)
}

pub(super) fn environment_not_found(id: &str) -> AwsError {
    AwsError::new(
        404,
        "ResourceNotFoundException",
        format!("The kdb environment {id} does not exist."),
    )
}

/// How FinSpace answers what every restJson1 service checks: `ValidationException`.
pub(super) const REST: Dialect = Dialect {
    service: SERVICE,
    reject: |_, message| invalid(message.to_owned()),
    faults: &[
        Shape::new(
            "ValidationException",
            400,
            "The input fails to satisfy the constraints.",
        ),
        Shape::new("InvalidRequestException", 400, "The request is not valid."),
        Shape::new(
            "LimitExceededException",
            400,
            "A service limit or quota is exceeded.",
        ),
        Shape::new(
            "ServiceQuotaExceededException",
            402,
            "You have exceeded your service quota.",
        ),
        Shape::new(
            "AccessDeniedException",
            403,
            "You do not have sufficient access to perform this action.",
        ),
        Shape::new(
            "ResourceNotFoundException",
            404,
            "One or more resources can't be found.",
        ),
        Shape::new(
            "ConflictException",
            409,
            "There was a conflict with this action.",
        )
        .with_member("reason", || {
            "Another operation is in progress on this user.".into()
        }),
        Shape::new(
            "ResourceAlreadyExistsException",
            409,
            "There was a conflict with this action.",
        ),
        Shape::new("ThrottlingException", 429, "Rate exceeded."),
        Shape::new(
            "InternalServerException",
            500,
            "The request processing has failed because of an unknown error.",
        ),
    ],
};

pub(super) fn check_environment_id(id: &str) -> Result<(), AwsError> {
    validate::length("environmentId", id, 1, 26)
        .and_then(|()| validate::pattern("environmentId", id, &ENVIRONMENT_ID))
        .map_err(invalid)
}

pub(super) fn check_user_name(name: &str) -> Result<(), AwsError> {
    validate::length("userName", name, 1, 50)
        .and_then(|()| validate::pattern("userName", name, &USER_NAME))
        .map_err(invalid)
}

pub(super) fn check_iam_role(role: &str) -> Result<(), AwsError> {
    validate::length("iamRole", role, 20, 2048)
        .and_then(|()| validate::pattern("iamRole", role, &IAM_ROLE_ARN))
        .map_err(invalid)
}

pub(super) fn check_client_token(token: &str) -> Result<(), AwsError> {
    validate::length("clientToken", token, 1, 36)
        .and_then(|()| validate::pattern("clientToken", token, &CLIENT_TOKEN))
        .map_err(invalid)
}

pub(super) fn check_tags(tags: &BTreeMap<String, String>) -> Result<(), AwsError> {
    let count = tags.len() as i64;
    if !(1..=50).contains(&count) {
        let bound = if count < 1 {
            "greater than or equal to 1"
        } else {
            "less than or equal to 50"
        };
        return Err(invalid(constraint(
            "tags",
            &format!("Member must have length {bound}"),
        )));
    }
    let key_rule = |rule: &str| {
        invalid(constraint(
            "tags",
            &format!("Map keys must satisfy constraint: [{rule}]"),
        ))
    };
    let value_rule = |rule: &str| {
        invalid(constraint(
            "tags",
            &format!("Map value must satisfy constraint: [{rule}]"),
        ))
    };
    for (key, value) in tags {
        let n = key.chars().count();
        if n > 128 {
            return Err(key_rule(
                "Member must have length less than or equal to 128",
            ));
        }
        if !TAG_KEY.is_match(key) || key.starts_with("aws:") {
            return Err(key_rule(
                "Member must satisfy regular expression pattern: ^(?!aws:)[a-zA-Z+-=._:/]+$",
            ));
        }
        let n = value.chars().count();
        if n > 256 {
            return Err(value_rule(
                "Member must have length less than or equal to 256",
            ));
        }
        if !TAG_VALUE.is_match(value) {
            return Err(value_rule(
                "Member must satisfy regular expression pattern: ^[a-zA-Z0-9+-=._:@ ]+$",
            ));
        }
    }
    Ok(())
}

pub(super) fn string_member(
    members: &Map<String, Value>,
    name: &str,
) -> Result<Option<String>, AwsError> {
    match members.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(constraint(name, "Member must be a string"))),
    }
}

pub(super) fn required_string(
    members: &Map<String, Value>,
    name: &str,
) -> Result<String, AwsError> {
    string_member(members, name)?.ok_or_else(|| invalid(validate::required(name)))
}

/// `maxResults` (0 or absent: the default page) and `nextToken` from the query string.
pub(super) fn paging(
    uri: &Uri,
    max_bound: Option<i64>,
) -> Result<(usize, Option<String>), AwsError> {
    let params = QueryParams::read(&REST, uri)?;
    let max = match params.get("maxResults") {
        None => DEFAULT_PAGE,
        Some(raw) => {
            let n: i64 = raw
                .parse()
                .map_err(|_| invalid(constraint("maxResults", "Member must be an integer")))?;
            validate::range("maxResults", n, 0, max_bound.unwrap_or(i64::MAX)).map_err(invalid)?;
            match n {
                0 => DEFAULT_PAGE,
                n => n.min(100) as usize,
            }
        }
    };
    let token = params.get("nextToken").map(str::to_owned);
    if let Some(token) = &token {
        validate::length("nextToken", token, 1, 1000).map_err(invalid)?;
    }
    Ok((max, token))
}

pub(super) fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| (d.as_millis() as f64) / 1000.0)
        .unwrap_or_default()
}
