//! The route handlers.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use serde_json::json;

use super::wire::{REST, bad_request, check_username, paging, parse_user_request};
use super::{Broker, Change, Pending, SERVICE, Settings, User, live};
use crate::rest_json::{Reply, injected, paged, path_params};
use crate::{AwsError, SandboxState, lock};

// Each handler counts its call before anything else: an answer that is an error was a call.

pub(super) async fn list_brokers(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListBrokers");
    let (max, token) = paging(&uri)?;
    let store = lock(&state.stores.mq);
    paged(
        &REST,
        json!({}),
        "brokerSummaries",
        &store.brokers,
        token.as_deref(),
        max.unwrap_or(100),
        Broker::summary,
    )
}

pub(super) async fn describe_broker(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "DescribeBroker");
    let broker_id = path_params(&REST, path)?;
    let store = lock(&state.stores.mq);
    Ok(Json(store.broker(&broker_id)?.describe()))
}

/// Applies every pending user change. The fault target is the broker id (no user involved).
pub(super) async fn reboot_broker(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "RebootBroker");
    let broker_id = path_params(&REST, path)?;
    injected(&REST, &state, "RebootBroker", &broker_id)?;
    let mut store = lock(&state.stores.mq);
    store.broker_mut(&broker_id)?.reboot();
    Ok(Json(json!({})))
}

pub(super) async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListUsers");
    let broker_id = path_params(&REST, path)?;
    let (max, token) = paging(&uri)?;
    // The model's output `maxResults` is 5–100: smaller requests are served 5 a page.
    let max = max.unwrap_or(100).max(5);
    let store = lock(&state.stores.mq);
    let broker = store.broker(&broker_id)?;
    broker.require_activemq()?;
    paged(
        &REST,
        json!({ "brokerId": broker.id, "maxResults": max }),
        "users",
        &broker.users,
        token.as_deref(),
        max,
        User::summary,
    )
}

pub(super) async fn describe_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "DescribeUser");
    let (broker_id, username) = path_params(&REST, path)?;
    check_username(&username)?;
    injected(&REST, &state, "DescribeUser", &username)?;
    let store = lock(&state.stores.mq);
    let broker = store.broker(&broker_id)?;
    broker.require_activemq()?;
    let user = &broker.users[broker.user_index(&username)?];
    let mut body = json!({ "brokerId": broker.id, "username": user.username });
    // A user whose creation is pending has no live values yet: only `pending` is shown.
    if let Some(live) = &user.live {
        body["consoleAccess"] = json!(live.console_access);
        body["groups"] = json!(live.groups);
        body["replicationUser"] = json!(live.replication_user);
    }
    if let Some(pending) = &user.pending {
        body["pending"] = json!({
            "consoleAccess": pending.settings.console_access,
            "groups": pending.settings.groups,
            "pendingChange": pending.change.wire(),
        });
    }
    Ok(Json(body))
}

pub(super) async fn create_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "CreateUser");
    let (broker_id, username) = path_params(&REST, path)?;
    check_username(&username)?;
    injected(&REST, &state, "CreateUser", &username)?;
    let request = parse_user_request(&body)?;
    if request.password.is_none() {
        return Err(bad_request(
            "password",
            "Password is required to create a user.",
        ));
    }
    request.validate()?;
    let mut store = lock(&state.stores.mq);
    let broker = store.broker_mut(&broker_id)?;
    broker.require_activemq()?;
    let slot = match broker
        .users
        .binary_search_by(|u| u.username.as_str().cmp(username.as_str()))
    {
        Ok(_) => {
            return Err(AwsError::new(
                409,
                "ConflictException",
                format!(
                    "A user with this username already exists on broker [{}].",
                    broker.id
                ),
            )
            .with_field("errorAttribute", "username"));
        }
        Err(slot) => slot,
    };
    let settings = request.apply_to(&Settings {
        console_access: false,
        groups: Vec::new(),
        replication_user: false,
    });
    broker.users.insert(
        slot,
        User {
            username,
            live: None,
            pending: Some(Pending {
                change: Change::Create,
                settings,
                new_password: true,
            }),
        },
    );
    Ok(Json(json!({})))
}

pub(super) async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateUser");
    let (broker_id, username) = path_params(&REST, path)?;
    check_username(&username)?;
    injected(&REST, &state, "UpdateUser", &username)?;
    let request = parse_user_request(&body)?;
    request.validate()?;
    let mut store = lock(&state.stores.mq);
    let broker = store.broker_mut(&broker_id)?;
    broker.require_activemq()?;
    let index = broker.user_index(&username)?;
    let user = &mut broker.users[index];
    // Changes stack: a second update before the reboot builds on the first one.
    let (change, base, new_password) = match (&user.pending, &user.live) {
        (Some(p), _) => (p.change, p.settings.clone(), p.new_password),
        (None, Some(current)) => (Change::Update, current.clone(), false),
        (None, None) => (Change::Create, live(false, &[]), true),
    };
    user.pending = Some(Pending {
        change,
        settings: request.apply_to(&base),
        new_password: new_password || request.password.is_some(),
    });
    Ok(Json(json!({})))
}
