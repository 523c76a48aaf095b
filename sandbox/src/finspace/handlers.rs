//! The route handlers.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use serde_json::{Value, json};

use super::wire::{
    REST, check_client_token, check_environment_id, check_iam_role, check_tags, check_user_name,
    constraint, invalid, now, paging, required_string, string_member,
};
use super::{Environment, KxUser, SERVICE};
use crate::rest_json::{Reply, body_members, injected, paged, path_params};
use crate::{AwsError, SandboxState, lock};

// Each handler counts its call before anything else: an answer that is an error was a call.

pub(super) async fn list_environments(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListKxEnvironments");
    let (max, token) = paging(&uri, None)?;
    let store = lock(&state.stores.finspace);
    paged(
        &REST,
        json!({}),
        "environments",
        &store.environments,
        token.as_deref(),
        max,
        Environment::summary,
    )
}

pub(super) async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListKxUsers");
    let environment_id = path_params(&REST, path)?;
    check_environment_id(&environment_id)?;
    let (max, token) = paging(&uri, Some(100))?;
    let store = lock(&state.stores.finspace);
    let environment = store.environment(&environment_id)?;
    paged(
        &REST,
        json!({}),
        "users",
        &environment.users,
        token.as_deref(),
        max,
        |u| environment.user_listing(u),
    )
}

pub(super) async fn get_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "GetKxUser");
    let (environment_id, user_name) = path_params(&REST, path)?;
    check_environment_id(&environment_id)?;
    check_user_name(&user_name)?;
    injected(&REST, &state, "GetKxUser", &user_name)?;
    let store = lock(&state.stores.finspace);
    let environment = store.environment(&environment_id)?;
    let user = &environment.users[environment.find(&user_name)?];
    Ok(Json(environment.user_reply(user)))
}

pub(super) async fn create_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "CreateKxUser");
    let environment_id = path_params(&REST, path)?;
    check_environment_id(&environment_id)?;
    let members = body_members(&REST, &body)?;
    let user_name = required_string(&members, "userName")?;
    check_user_name(&user_name)?;
    injected(&REST, &state, "CreateKxUser", &user_name)?;
    let iam_role = required_string(&members, "iamRole")?;
    check_iam_role(&iam_role)?;
    let token = string_member(&members, "clientToken")?;
    if let Some(token) = &token {
        check_client_token(token)?;
    }
    let tags = match members.get("tags") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(
            map.iter()
                .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect::<Option<BTreeMap<_, _>>>()
                .ok_or_else(|| invalid(constraint("tags", "Map values must be strings")))?,
        ),
        Some(_) => {
            return Err(invalid(constraint("tags", "Member must be a map")));
        }
    };
    if let Some(tags) = &tags {
        check_tags(tags)?;
    }

    let request = json!({
        "environmentId": environment_id,
        "userName": user_name,
        "iamRole": iam_role,
        "tags": tags,
    });
    let mut store = lock(&state.stores.finspace);
    if let Some(previous) = store.replay("CreateKxUser", token.as_deref(), &request)? {
        return Ok(Json(previous));
    }
    let environment = store.environment_mut(&environment_id)?;
    let slot = match environment
        .users
        .binary_search_by(|u| u.name.as_str().cmp(user_name.as_str()))
    {
        Ok(_) => {
            return Err(AwsError::new(
                409,
                "ResourceAlreadyExistsException",
                format!(
                    "A user with this name already exists in kdb environment {}.",
                    environment.id
                ),
            ));
        }
        Err(slot) => slot,
    };
    let created = now();
    let user = KxUser {
        name: user_name,
        iam_role,
        created,
        updated: created,
        tags: tags.unwrap_or_default(),
    };
    let response = environment.user_reply(&user);
    environment.users.insert(slot, user);
    store.remember("CreateKxUser", token, request, &response);
    Ok(Json(response))
}

pub(super) async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateKxUser");
    let (environment_id, user_name) = path_params(&REST, path)?;
    check_environment_id(&environment_id)?;
    check_user_name(&user_name)?;
    injected(&REST, &state, "UpdateKxUser", &user_name)?;
    let members = body_members(&REST, &body)?;
    let iam_role = required_string(&members, "iamRole")?;
    check_iam_role(&iam_role)?;
    let token = string_member(&members, "clientToken")?;
    if let Some(token) = &token {
        check_client_token(token)?;
    }

    let request = json!({
        "environmentId": environment_id,
        "userName": user_name,
        "iamRole": iam_role,
    });
    let mut store = lock(&state.stores.finspace);
    if let Some(previous) = store.replay("UpdateKxUser", token.as_deref(), &request)? {
        return Ok(Json(previous));
    }
    let environment = store.environment_mut(&environment_id)?;
    let index = environment.find(&user_name)?;
    let user = &mut environment.users[index];
    user.iam_role = iam_role;
    user.updated = now();
    let user = user.clone();
    let response = environment.user_reply(&user);
    store.remember("UpdateKxUser", token, request, &response);
    Ok(Json(response))
}
