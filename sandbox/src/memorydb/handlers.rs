//! The emulated operations, and the lookup that dispatches an `X-Amz-Target` to them.

use std::time::Instant;

use serde_json::{Value, json};

use super::wire::{
    authentication_mode, check_access_string, injected, invalid_combination, invalid_value,
    opt_array, user_name, user_not_found,
};
use super::{ANY_USER, Auth, MAX_RESULTS, MAX_TAGS, MAX_USERS, NOT_BLANK, User};
use crate::aws_json::{Operation, opt_i64, opt_str, serialization};
use crate::page::paginate;
use crate::{AwsError, SandboxState, validate};

/// The MemoryDB operation called `name`, if the sandbox emulates it.
pub(crate) fn operation(name: &str) -> Option<Operation> {
    match name {
        "DescribeUsers" => Some(describe_users),
        "UpdateUser" => Some(update_user),
        "CreateUser" => Some(create_user),
        _ => None,
    }
}

fn describe_users(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name = user_name(input, false)?;
    let filters = filters(input)?;
    let max = match opt_i64(input, "MaxResults")? {
        None => MAX_RESULTS,
        Some(n) => {
            validate::range("maxResults", n, 1, MAX_RESULTS).map_err(invalid_value)?;
            n
        }
    };
    let token = opt_str(input, "NextToken")?;
    injected(state, "DescribeUsers", name.unwrap_or(ANY_USER))?;

    let store = crate::lock(&state.stores.memorydb);
    if let Some(name) = name
        && store.find(name).is_none()
    {
        return Err(user_not_found(name));
    }
    let matching: Vec<&User> = store
        .users
        .iter()
        .filter(|u| name.is_none_or(|n| u.name == n))
        .filter(|u| filters.iter().all(|f| f.matches(u)))
        .collect();
    let page = paginate(&matching, token, usize::try_from(max).unwrap_or(1))
        .map_err(|_| invalid_value("The NextToken is not valid for this request."))?;
    let (now, settle) = (Instant::now(), state.options.memorydb_settle);
    let mut output = json!({
        "Users": page.items.iter().map(|u| u.to_json(now, settle)).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        output["NextToken"] = Value::String(next);
    }
    Ok(output)
}

/// One `DescribeUsers` filter: the property and the values any of which may match.
#[derive(Debug)]
enum Filter {
    UserName(Vec<String>),
    AccessString(Vec<String>),
}

impl Filter {
    fn matches(&self, user: &User) -> bool {
        match self {
            Filter::UserName(values) => values.contains(&user.name),
            Filter::AccessString(values) => values.contains(&user.access_string),
        }
    }
}

/// `DescribeUsers.Filters`.
fn filters(input: &Value) -> Result<Vec<Filter>, AwsError> {
    let Some(items) = opt_array(input, "Filters")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let member = format!("filters.{}.member", i + 1);
        if !item.is_object() {
            return Err(serialization("Filters"));
        }
        let name = opt_str(item, "Name")?
            .ok_or_else(|| invalid_value(validate::required(&format!("{member}.name"))))?;
        validate::pattern(&format!("{member}.name"), name, &NOT_BLANK).map_err(invalid_value)?;
        let values = opt_array(item, "Values")?
            .ok_or_else(|| invalid_value(validate::required(&format!("{member}.values"))))?;
        if values.is_empty() {
            return Err(invalid_value(format!(
                "1 validation error detected: Value at '{member}.values' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )));
        }
        let mut strings = Vec::with_capacity(values.len());
        for value in values {
            let value = value.as_str().ok_or_else(|| serialization("Values"))?;
            validate::pattern(&format!("{member}.values.member"), value, &NOT_BLANK)
                .map_err(invalid_value)?;
            strings.push(value.to_owned());
        }
        out.push(match name {
            "UserName" | "user-name" => Filter::UserName(strings),
            "AccessString" | "access-string" => Filter::AccessString(strings),
            _ => {
                return Err(invalid_value(format!(
                    "Filter name {name} is not supported; supported filter names: UserName (user-name), AccessString (access-string)."
                )));
            }
        });
    }
    Ok(out)
}

fn update_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name =
        user_name(input, true)?.ok_or_else(|| invalid_value(validate::required("userName")))?;
    injected(state, "UpdateUser", name)?;
    let auth = authentication_mode(input)?;
    let access = opt_str(input, "AccessString")?;
    if let Some(access) = access {
        check_access_string(access)?;
    }
    if auth.is_none() && access.is_none() {
        return Err(invalid_combination(
            "No modifications were requested: give AuthenticationMode or AccessString.",
        ));
    }

    let mut store = crate::lock(&state.stores.memorydb);
    let (now, settle) = (Instant::now(), state.options.memorydb_settle);
    let user = store.find_mut(name).ok_or_else(|| user_not_found(name))?;
    if user.auth == Auth::NoPassword {
        return Err(invalid_value("The default user cannot be modified."));
    }
    if user.is_modifying(now, settle) {
        return Err(AwsError::new(
            400,
            "InvalidUserStateFault",
            format!("User {name} is not in active state."),
        ));
    }
    if let Some(auth) = auth {
        user.auth = auth;
    }
    if let Some(access) = access {
        access.clone_into(&mut user.access_string);
    }
    user.modified_at = Some(now);
    Ok(json!({ "User": user.to_json(now, settle) }))
}

fn create_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name =
        user_name(input, true)?.ok_or_else(|| invalid_value(validate::required("userName")))?;
    injected(state, "CreateUser", name)?;
    if input.get("AuthenticationMode").is_none_or(Value::is_null) {
        return Err(invalid_value(validate::required("authenticationMode")));
    }
    let auth = authentication_mode(input)?.ok_or_else(|| {
        invalid_value("AuthenticationMode needs a Type (password or iam) or Passwords.")
    })?;
    let access = opt_str(input, "AccessString")?
        .ok_or_else(|| invalid_value(validate::required("accessString")))?;
    check_access_string(access)?;
    if let Some(tags) = opt_array(input, "Tags")? {
        if tags.len() > MAX_TAGS {
            return Err(AwsError::new(
                400,
                "TagQuotaPerResourceExceeded",
                format!("A resource can have at most {MAX_TAGS} tags."),
            ));
        }
        for tag in tags {
            if !tag.is_object() {
                return Err(serialization("Tags"));
            }
            let key = opt_str(tag, "Key")?;
            opt_str(tag, "Value")?;
            if key.is_none_or(str::is_empty) {
                return Err(invalid_value("Each tag needs a non-empty Key."));
            }
        }
    }

    let mut store = crate::lock(&state.stores.memorydb);
    if store.find(name).is_some() {
        return Err(AwsError::new(
            400,
            "UserAlreadyExistsFault",
            format!("User {name} already exists."),
        ));
    }
    if store.users.len() >= MAX_USERS {
        return Err(AwsError::new(
            400,
            "UserQuotaExceededFault",
            format!("The account already has the maximum of {MAX_USERS} users."),
        ));
    }
    let user = User::new(name, access, &[], auth);
    let output = json!({ "User": user.to_json(Instant::now(), state.options.memorydb_settle) });
    store.users.push(user);
    Ok(output)
}
