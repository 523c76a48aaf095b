//! Reading and validating the members of a request.

use regex::Regex;
use serde_json::{Map, Value};

use super::{
    ATTRIBUTES, ENTERPRISE, EXTENSION_NAME, Kind, NAME_PARTS, STORE_ID, TEXT, TEXT_MAX, USER_ID,
    USER_NAME, USER_NAME_MAX, lower_camel, validation,
};
use crate::aws_json::{opt_str, serialization};
use crate::{AwsError, validate};

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

pub(super) fn list_length(
    member: &str,
    len: usize,
    min: usize,
    max: usize,
) -> Result<(), AwsError> {
    let constraint = if len < min {
        format!("Member must have length greater than or equal to {min}")
    } else if len > max {
        format!("Member must have length less than or equal to {max}")
    } else {
        return Ok(());
    };
    Err(validation(format!(
        "1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
    )))
}

/// `IdentityStoreId`, in id or ARN form; answers the bare id.
pub(super) fn store_id(input: &Value) -> Result<String, AwsError> {
    let raw = opt_str(input, "IdentityStoreId")?
        .ok_or_else(|| validation(validate::required("identityStoreId")))?;
    validate::length("identityStoreId", raw, 1, 93).map_err(validation)?;
    validate::pattern("identityStoreId", raw, &STORE_ID).map_err(validation)?;
    Ok(raw.rsplit('/').next().unwrap_or(raw).to_owned())
}

/// `UserId`, in id or ARN form; answers the bare id.
pub(super) fn user_id(input: &Value) -> Result<String, AwsError> {
    let raw = opt_str(input, "UserId")?.ok_or_else(|| validation(validate::required("userId")))?;
    validate::length("userId", raw, 1, 100).map_err(validation)?;
    validate::pattern("userId", raw, &USER_ID).map_err(validation)?;
    Ok(raw.rsplit('/').next().unwrap_or(raw).to_owned())
}

/// `Extensions` (DescribeUser, ListUsers): 1–10 names, of which only the enterprise one exists.
pub(super) fn extensions(input: &Value) -> Result<Vec<String>, AwsError> {
    let Some(items) = opt_array(input, "Extensions")? else {
        return Ok(Vec::new());
    };
    list_length("extensions", items.len(), 1, 10)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let member = format!("extensions.{}.member", i + 1);
        let name = item.as_str().ok_or_else(|| serialization("Extensions"))?;
        validate::length(&member, name, 1, 50).map_err(validation)?;
        validate::pattern(&member, name, &EXTENSION_NAME).map_err(validation)?;
        if name != ENTERPRISE {
            return Err(validation(format!(
                "Extension {name} is not supported; the supported extension is {ENTERPRISE}."
            )));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

pub(super) fn text(at: &str, value: &Value, max: usize, re: &Regex) -> Result<String, AwsError> {
    let s = value
        .as_str()
        .ok_or_else(|| validation(format!("The value for {at} must be a string.")))?;
    validate::length(at, s, 1, max).map_err(validation)?;
    validate::pattern(at, s, re).map_err(validation)?;
    Ok(s.to_owned())
}

/// The wire name of `key` among `members`, ignoring case.
fn canonical(key: &str, members: &[&'static str]) -> Option<&'static str> {
    members
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(key))
}

/// A `Name` document: any of its six members, each a text value.
fn name_value(at: &str, value: &Value) -> Result<Option<Value>, AwsError> {
    let fields = value
        .as_object()
        .ok_or_else(|| validation(format!("The value for {at} must be an object.")))?;
    let members: Vec<&'static str> = NAME_PARTS.iter().map(|(_, m)| *m).collect();
    let mut out = Map::new();
    for (key, v) in fields {
        let member = canonical(key, &members)
            .ok_or_else(|| validation(format!("{at} has no member {key}.")))?;
        if v.is_null() {
            continue;
        }
        let at = format!("{at}.{}", lower_camel(member));
        out.insert(member.to_owned(), text(&at, v, TEXT_MAX, &TEXT)?.into());
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

/// A multi-valued attribute: a list of objects with the given members.
fn list_value(
    at: &str,
    value: &Value,
    max: usize,
    members: &[&'static str],
    required: Option<&str>,
) -> Result<Value, AwsError> {
    let items = value
        .as_array()
        .ok_or_else(|| validation(format!("The value for {at} must be a list.")))?;
    list_length(at, items.len(), 1, max)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_at = format!("{at}.{}.member", i + 1);
        let fields = item
            .as_object()
            .ok_or_else(|| validation(format!("Each item of {at} must be an object.")))?;
        let mut canonical_item = Map::new();
        for (key, v) in fields {
            let member = canonical(key, members)
                .ok_or_else(|| validation(format!("{item_at} has no member {key}.")))?;
            if v.is_null() {
                continue;
            }
            let member_at = format!("{item_at}.{}", lower_camel(member));
            let v = if member == "Primary" {
                Value::Bool(v.as_bool().ok_or_else(|| {
                    validation(format!("The value for {member_at} must be a boolean."))
                })?)
            } else {
                text(&member_at, v, TEXT_MAX, &TEXT)?.into()
            };
            canonical_item.insert(member.to_owned(), v);
        }
        if let Some(required) = required
            && !canonical_item.contains_key(required)
        {
            return Err(validation(validate::required(&format!(
                "{item_at}.{}",
                lower_camel(required)
            ))));
        }
        out.push(Value::Object(canonical_item));
    }
    Ok(Value::Array(out))
}

/// Checks a value for a whole attribute; `None` means "nothing to store" (an empty name).
pub(super) fn attribute_value(
    at: &str,
    kind: Kind,
    value: &Value,
) -> Result<Option<Value>, AwsError> {
    match kind {
        Kind::UserName => Ok(Some(text(at, value, USER_NAME_MAX, &USER_NAME)?.into())),
        Kind::Text | Kind::NamePart(_) => Ok(Some(text(at, value, TEXT_MAX, &TEXT)?.into())),
        Kind::Name => name_value(at, value),
        Kind::List {
            max,
            members,
            required,
        } => list_value(at, value, max, members, required).map(Some),
    }
}

/// What an `AttributePath` designates.
pub(super) fn resolve(path: &str) -> Result<(&'static str, Kind), AwsError> {
    if let Some(attribute) = ATTRIBUTES
        .iter()
        .find(|a| a.path.eq_ignore_ascii_case(path))
    {
        return Ok((attribute.member, attribute.kind));
    }
    if let Some((head, tail)) = path.split_once('.') {
        if head.eq_ignore_ascii_case("name")
            && let Some((_, member)) = NAME_PARTS
                .iter()
                .find(|(p, _)| p.eq_ignore_ascii_case(tail))
        {
            return Ok(("Name", Kind::NamePart(member)));
        }
        if let Some(attribute) = ATTRIBUTES
            .iter()
            .find(|a| matches!(a.kind, Kind::List { .. }) && a.path.eq_ignore_ascii_case(head))
        {
            return Err(validation(format!(
                "Unsupported update operation on multi-value attribute {}, please provide full replacement of Multi-Value attribute types",
                attribute.path
            )));
        }
    }
    Err(validation(format!(
        "Invalid attribute path {path}: it names no attribute of a user."
    )))
}

/// Applies one attribute operation to a user's attributes.
pub(super) fn apply(
    attributes: &mut Map<String, Value>,
    path: &str,
    value: Option<&Value>,
) -> Result<(), AwsError> {
    let (member, kind) = resolve(path)?;
    let value = value.filter(|v| !v.is_null());
    match (kind, value) {
        (Kind::UserName, None) => Err(validation(
            "The userName attribute is required and cannot be removed.",
        )),
        (Kind::NamePart(part), None) => {
            if let Some(Value::Object(name)) = attributes.get_mut("Name") {
                name.remove(part);
                if name.is_empty() {
                    attributes.remove("Name");
                }
            }
            Ok(())
        }
        (_, None) => {
            attributes.remove(member);
            Ok(())
        }
        (Kind::NamePart(part), Some(value)) => {
            let at = format!("name.{}", lower_camel(part));
            let checked = attribute_value(&at, kind, value)?.unwrap_or_default();
            let name = attributes
                .entry("Name")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(name) = name {
                name.insert(part.to_owned(), checked);
            }
            Ok(())
        }
        (_, Some(value)) => {
            match attribute_value(&lower_camel(member), kind, value)? {
                Some(checked) => attributes.insert(member.to_owned(), checked),
                None => attributes.remove(member),
            };
            Ok(())
        }
    }
}
