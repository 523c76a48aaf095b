//! Errors, and reading and checking the members of a request.

use serde_json::{Map, Value};

use super::SERVICE;
use super::{Auth, MAX_PASSWORDS, NAME, NOT_BLANK, PASSWORD_MAX, PASSWORD_MIN};
use crate::aws_json::{opt_str, serialization};
use crate::{AwsError, SandboxState, validate};

pub(super) fn invalid_value(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "InvalidParameterValueException", message)
}

pub(super) fn invalid_combination(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "InvalidParameterCombinationException", message)
}

pub(super) fn user_not_found(name: &str) -> AwsError {
    AwsError::new(400, "UserNotFoundFault", format!("User {name} not found."))
}

/// The error a test injected for this call, shaped like the real one.
pub(super) fn injected(
    state: &SandboxState,
    operation: &str,
    target: &str,
) -> Result<(), AwsError> {
    match state.injected_fault(SERVICE, operation, target) {
        None => Ok(()),
        Some(code) => Err(fault_error(&code)),
    }
}

fn fault_error(code: &str) -> AwsError {
    let status = match code {
        "InternalFailure" | "InternalServerError" => 500,
        "ServiceUnavailable" => 503,
        // Every MemoryDB-modelled fault is a client error on the wire.
        _ => 400,
    };
    AwsError::new(status, code, "Injected by the sandbox for a test.")
}

/// A required string member that must be a valid user name.
pub(super) fn user_name(input: &Value, required: bool) -> Result<Option<&str>, AwsError> {
    let Some(name) = opt_str(input, "UserName")? else {
        return if required {
            Err(invalid_value(validate::required("userName")))
        } else {
            Ok(None)
        };
    };
    validate::length("userName", name, 1, usize::MAX).map_err(invalid_value)?;
    validate::pattern("userName", name, &NAME).map_err(invalid_value)?;
    Ok(Some(name))
}

pub(super) fn opt_array<'a>(
    input: &'a Value,
    member: &str,
) -> Result<Option<&'a Vec<Value>>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(serialization(member)),
    }
}

fn opt_object<'a>(
    input: &'a Value,
    member: &str,
) -> Result<Option<&'a Map<String, Value>>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(fields)) => Ok(Some(fields)),
        Some(_) => Err(serialization(member)),
    }
}

/// The access string's rules: the model's pattern, then the Redis ACL grammar MemoryDB
/// accepts. Passwords and `reset` are refused because MemoryDB manages passwords itself.
pub(super) fn check_access_string(access: &str) -> Result<(), AwsError> {
    validate::pattern("accessString", access, &NOT_BLANK).map_err(invalid_value)?;
    for rule in access.split_whitespace() {
        let lower = rule.to_ascii_lowercase();
        if rule.starts_with('>')
            || rule.starts_with('<')
            || rule.starts_with('#')
            || rule.starts_with('!')
            || matches!(lower.as_str(), "nopass" | "resetpass")
        {
            return Err(invalid_value(
                "Passwords cannot be set in an access string; use AuthenticationMode.",
            ));
        }
        if lower == "reset" {
            return Err(invalid_value(
                "The reset rule is not allowed in an access string.",
            ));
        }
        let known_keyword = matches!(
            lower.as_str(),
            "on" | "off"
                | "allkeys"
                | "resetkeys"
                | "allchannels"
                | "resetchannels"
                | "allcommands"
                | "nocommands"
        );
        let known_prefix = ["~", "%r~", "%w~", "%rw~", "&", "+", "-"]
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len());
        if !known_keyword && !known_prefix {
            return Err(invalid_value(
                "Access string is invalid: each rule must be on, off, a ~key or &channel pattern, or a +/- command or @category.",
            ));
        }
    }
    Ok(())
}

/// Printable ASCII without the space: what a Redis `AUTH` password can carry unquoted.
pub(super) fn check_password(password: &str) -> Result<(), AwsError> {
    let n = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n)
        || !password.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(invalid_value(format!(
            "Passwords must be {PASSWORD_MIN} to {PASSWORD_MAX} printable ASCII characters, without spaces."
        )));
    }
    Ok(())
}

/// Reads `AuthenticationMode`. `None` when it asks for nothing (absent, or neither `Type`
/// nor `Passwords`).
pub(super) fn authentication_mode(input: &Value) -> Result<Option<Auth>, AwsError> {
    let Some(mode) = opt_object(input, "AuthenticationMode")? else {
        return Ok(None);
    };
    let mode = Value::Object(mode.clone());
    let kind = opt_str(&mode, "Type")?;
    if let Some(kind) = kind {
        validate::one_of("authenticationMode.type", kind, &["password", "iam"])
            .map_err(invalid_value)?;
    }
    let passwords = match opt_array(&mode, "Passwords")? {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(item.as_str().ok_or_else(|| serialization("Passwords"))?);
            }
            Some(out)
        }
    };
    match (kind, passwords) {
        (None, None) => Ok(None),
        (Some("iam"), Some(_)) => Err(invalid_combination(
            "Passwords cannot be provided when the authentication type is iam.",
        )),
        (Some("iam"), None) => Ok(Some(Auth::Iam)),
        (_, Some(passwords)) => {
            if passwords.is_empty() {
                return Err(invalid_value(
                    "1 validation error detected: Value at 'authenticationMode.passwords' failed to satisfy constraint: Member must have length greater than or equal to 1",
                ));
            }
            if passwords.len() > MAX_PASSWORDS {
                return Err(invalid_value(format!(
                    "A user can have at most {MAX_PASSWORDS} passwords."
                )));
            }
            passwords.iter().try_for_each(|p| check_password(p))?;
            Ok(Some(Auth::Password {
                count: passwords.len(),
            }))
        }
        (Some(_), None) => Err(invalid_combination(
            "At least one password is required when the authentication type is password.",
        )),
    }
}
