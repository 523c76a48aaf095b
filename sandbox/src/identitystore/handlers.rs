//! The emulated operations, and the lookup that dispatches an `X-Amz-Target` to them.

use serde_json::{Map, Value, json};

use super::wire::{
    apply, attribute_value, extensions, list_length, opt_array, store_id, text, user_id,
};
use super::{
    ATTRIBUTE_PATH, ATTRIBUTES, ENTERPRISE, MAX_OPERATIONS, MAX_RESULTS, MAX_USERS, NEXT_TOKEN,
    REVISION, TEXT, TEXT_MAX, USER_NAME, USER_NAME_MAX, User, conflict, injected, lower_camel,
    not_found, now_epoch_seconds, sandbox_caller, user_arn, validation,
};
use crate::aws_json::{Operation, opt_i64, opt_str, serialization};
use crate::page::paginate;
use crate::{AwsError, SandboxState, validate};

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "identitystore";

/// The identity store operation called `name`, if the sandbox emulates it.
pub(crate) fn operation(name: &str) -> Option<Operation> {
    match name {
        "ListUsers" => Some(list_users),
        "DescribeUser" => Some(describe_user),
        "UpdateUser" => Some(update_user),
        "CreateUser" => Some(create_user),
        _ => None,
    }
}

fn list_users(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let extensions = extensions(input)?;
    let max = match opt_i64(input, "MaxResults")? {
        None => MAX_RESULTS,
        Some(n) => {
            validate::range("maxResults", n, 1, MAX_RESULTS).map_err(validation)?;
            n
        }
    };
    let token = opt_str(input, "NextToken")?;
    if let Some(token) = token {
        validate::length("nextToken", token, 1, 65_535).map_err(validation)?;
        validate::pattern("nextToken", token, &NEXT_TOKEN).map_err(validation)?;
    }
    let user_name_filter = list_filter(input)?;
    injected(state, "ListUsers", &store_id)?;

    let stores = crate::lock(&state.stores.identitystore);
    let store = stores.store(&store_id)?;
    let wanted = user_name_filter.map(|n| n.to_lowercase());
    let matching: Vec<&User> = store
        .users
        .iter()
        .filter(|u| {
            wanted
                .as_deref()
                .is_none_or(|w| u.user_name().is_some_and(|n| n.to_lowercase() == w))
        })
        .collect();
    let page = paginate(&matching, token, usize::try_from(max).unwrap_or(1))
        .map_err(|_| validation("The NextToken is not valid for this request."))?;
    let mut output = json!({
        "Users": page.items.iter().map(|u| u.to_json(&store.id, &extensions)).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        output["NextToken"] = Value::String(next);
    }
    Ok(output)
}

/// `ListUsers.Filters`: at most one, on `UserName`. Answers the user name to match.
fn list_filter(input: &Value) -> Result<Option<String>, AwsError> {
    let Some(items) = opt_array(input, "Filters")? else {
        return Ok(None);
    };
    list_length("filters", items.len(), 0, 1)?;
    let Some(filter) = items.first() else {
        return Ok(None);
    };
    if !filter.is_object() {
        return Err(serialization("Filters"));
    }
    let path_at = "filters.1.member.attributePath";
    let path =
        opt_str(filter, "AttributePath")?.ok_or_else(|| validation(validate::required(path_at)))?;
    validate::length(path_at, path, 1, 255).map_err(validation)?;
    validate::pattern(path_at, path, &ATTRIBUTE_PATH).map_err(validation)?;
    let value_at = "filters.1.member.attributeValue";
    let value = opt_str(filter, "AttributeValue")?
        .ok_or_else(|| validation(validate::required(value_at)))?;
    validate::length(value_at, value, 1, TEXT_MAX).map_err(validation)?;
    validate::pattern(value_at, value, &TEXT).map_err(validation)?;
    if !path.eq_ignore_ascii_case("UserName") {
        return Err(validation(format!(
            "Filtering users on {path} is not supported; the supported attribute path is UserName."
        )));
    }
    Ok(Some(value.to_owned()))
}

fn describe_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_id = user_id(input)?;
    injected(state, "DescribeUser", &user_id)?;
    let extensions = extensions(input)?;

    let stores = crate::lock(&state.stores.identitystore);
    let store = stores.store(&store_id)?;
    let index = store
        .find(&user_id)
        .ok_or_else(|| not_found("USER", &user_id))?;
    Ok(store.users[index].to_json(&store.id, &extensions))
}

fn update_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_id = user_id(input)?;
    injected(state, "UpdateUser", &user_id)?;
    let operations = opt_array(input, "Operations")?
        .ok_or_else(|| validation(validate::required("operations")))?;
    list_length("operations", operations.len(), 1, MAX_OPERATIONS)?;
    let mut parsed = Vec::with_capacity(operations.len());
    for (i, operation) in operations.iter().enumerate() {
        if !operation.is_object() {
            return Err(serialization("Operations"));
        }
        let at = format!("operations.{}.member.attributePath", i + 1);
        let path = opt_str(operation, "AttributePath")?
            .ok_or_else(|| validation(validate::required(&at)))?;
        validate::length(&at, path, 1, 255).map_err(validation)?;
        validate::pattern(&at, path, &ATTRIBUTE_PATH).map_err(validation)?;
        parsed.push((path, operation.get("AttributeValue")));
    }
    let revision = opt_str(input, "Revision")?;
    if let Some(revision) = revision {
        validate::length("revision", revision, 1, 64).map_err(validation)?;
        validate::pattern("revision", revision, &REVISION).map_err(validation)?;
    }

    let mut stores = crate::lock(&state.stores.identitystore);
    let store = stores.store_mut(&store_id)?;
    let index = store
        .find(&user_id)
        .ok_or_else(|| not_found("USER", &user_id))?;
    let user = &store.users[index];
    if revision.is_some_and(|r| r != user.revision.to_string()) {
        return Err(conflict(
            "CONCURRENT_MODIFICATION",
            "The user was modified since the given revision; read it again and retry.",
        ));
    }
    // Work on a copy so a failing operation leaves the user untouched.
    let mut attributes = user.attributes.clone();
    for (path, value) in parsed {
        apply(&mut attributes, path, value)?;
    }
    let new_name = attributes.get("UserName").and_then(Value::as_str);
    if new_name != user.user_name()
        && let Some(name) = new_name
        && store.name_taken(name, Some(&user_id))
    {
        return Err(conflict(
            "UNIQUENESS_CONSTRAINT_VIOLATION",
            "Another user in this identity store already has that user name.",
        ));
    }
    let user = &mut store.users[index];
    user.attributes = attributes;
    user.revision += 1;
    user.updated_at = now_epoch_seconds();
    user.updated_by = sandbox_caller();
    Ok(json!({
        "IdentityStoreId": store.id,
        "UserId": user.id,
        "UserArn": user_arn(&user.id),
        "Revision": user.revision.to_string(),
    }))
}

fn create_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_name =
        opt_str(input, "UserName")?.ok_or_else(|| validation(validate::required("userName")))?;
    text(
        "userName",
        &Value::from(user_name),
        USER_NAME_MAX,
        &USER_NAME,
    )?;
    injected(state, "CreateUser", user_name)?;
    let mut attributes = Map::new();
    for attribute in ATTRIBUTES {
        let Some(value) = input.get(attribute.member).filter(|v| !v.is_null()) else {
            continue;
        };
        if let Some(checked) =
            attribute_value(&lower_camel(attribute.member), attribute.kind, value)?
        {
            attributes.insert(attribute.member.to_owned(), checked);
        }
    }
    let enterprise = match input.get("Extensions").filter(|v| !v.is_null()) {
        None => None,
        Some(Value::Object(map)) => {
            list_length("extensions", map.len(), 1, 10)?;
            let mut enterprise = None;
            for (name, document) in map {
                if name != ENTERPRISE {
                    return Err(validation(format!(
                        "Extension {name} is not supported; the supported extension is {ENTERPRISE}."
                    )));
                }
                if !document.is_object() {
                    return Err(validation(format!(
                        "The {ENTERPRISE} extension must be an object."
                    )));
                }
                enterprise = Some(document.clone());
            }
            enterprise
        }
        Some(_) => return Err(serialization("Extensions")),
    };

    let mut stores = crate::lock(&state.stores.identitystore);
    let store = stores.store_mut(&store_id)?;
    if store.name_taken(user_name, None) {
        return Err(conflict(
            "UNIQUENESS_CONSTRAINT_VIOLATION",
            "Another user in this identity store already has that user name.",
        ));
    }
    if store.users.len() >= MAX_USERS {
        return Err(AwsError::new(
            400,
            "ServiceQuotaExceededException",
            format!("The identity store already holds the maximum of {MAX_USERS} users."),
        ));
    }
    let now = now_epoch_seconds();
    let user = User {
        id: format!("{}-{}", store.hex(), uuid::Uuid::new_v4()),
        revision: 1,
        attributes,
        status: "ENABLED",
        created_at: now,
        created_by: sandbox_caller(),
        updated_at: now,
        updated_by: sandbox_caller(),
        enterprise,
    };
    let output = json!({
        "IdentityStoreId": store.id,
        "UserId": user.id,
        "UserArn": user_arn(&user.id),
        "Revision": user.revision.to_string(),
    });
    store.users.push(user);
    Ok(output)
}
