//! FinSpace managed kdb (restJson1, API 2021-03-12): kdb environments and their users.
//!
//! A kdb user is a name bound to an IAM role; `UpdateKxUser` can change only the role.
//! `CreateKxUser` and `UpdateKxUser` honour `clientToken` as AWS documents it: for 10 minutes
//! the same token with the same request answers the first result again without applying it a
//! second time, and the same token with a different request is a `ConflictException`.
//! (The Rust SDK fills in a fresh token when the caller gives none.)
//!
//! Where the model is silent the sandbox chooses:
//! - tokens are scoped per operation, and only successful calls are remembered (a failed
//!   call may be retried with its token);
//! - `maxResults` absent or 0 serves 10 a page; `ListKxEnvironments` (unbounded in the model)
//!   rejects negative values and serves at most 100 a page;
//! - users are listed by `userName`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use regex::Regex;
use serde_json::{Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, validate};

mod handlers;
mod populate;
mod seed;
mod wire;

use handlers::{create_user, get_user, list_environments, list_users, update_user};
use wire::environment_not_found;

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "finspace";

/// restJson1: [`routes`] under the service's own URI prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::RestJson {
    path_prefix: "/kx/",
    routes,
};
const DEFAULT_PAGE: usize = 10;
const TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);

static ENVIRONMENT_ID: LazyLock<Regex> =
    LazyLock::new(|| validate::anchored("^[a-zA-Z0-9]{1,26}$"));
static USER_NAME: LazyLock<Regex> = LazyLock::new(|| validate::anchored("^[0-9A-Za-z_-]{1,50}$"));
static CLIENT_TOKEN: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r".*\S.*"));
/// The model's `^(?!aws:)[a-zA-Z+-=._:/]+$` without the look-ahead (checked separately):
/// `+-=` is a range, so digits and `, ; <` are allowed too.
static TAG_KEY: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[a-zA-Z+-=._:/]+"));
static TAG_VALUE: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[a-zA-Z0-9+-=._:@ ]+"));

/// Every kdb environment, its users, and the client tokens seen in the last 10 minutes.
#[derive(Debug)]
pub struct Store {
    environments: Vec<Environment>,
    /// Keyed by operation and token.
    tokens: HashMap<(&'static str, String), Remembered>,
}

#[derive(Debug)]
struct Environment {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    created: f64,
    dedicated_service_account_id: &'static str,
    kms_key: &'static str,
    availability_zones: &'static [&'static str],
    /// Kept sorted by name.
    users: Vec<KxUser>,
}

#[derive(Debug, Clone)]
struct KxUser {
    name: String,
    iam_role: String,
    created: f64,
    updated: f64,
    /// Stored as given: none of the operations emulated here returns them.
    #[expect(
        dead_code,
        reason = "kept so a stored user is what CreateKxUser was given"
    )]
    tags: BTreeMap<String, String>,
}

/// A successful call, replayed when its token comes back with the same request.
#[derive(Debug)]
struct Remembered {
    request: Value,
    response: Value,
    expires: Instant,
}

impl Environment {
    fn arn(&self) -> String {
        format!(
            "arn:aws:finspace:{REGION}:{ACCOUNT_ID}:environment/{}",
            self.id
        )
    }

    fn user_arn(&self, user: &str) -> String {
        format!(
            "arn:aws:finspace:{REGION}:{ACCOUNT_ID}:kxEnvironment/{}/kxUser/{user}",
            self.id
        )
    }

    fn summary(&self) -> Value {
        json!({
            "name": self.name,
            "environmentId": self.id,
            "awsAccountId": ACCOUNT_ID,
            "status": "CREATED",
            "tgwStatus": "NONE",
            "dnsStatus": "NONE",
            "description": self.description,
            "environmentArn": self.arn(),
            "kmsKeyId": self.kms_key,
            "dedicatedServiceAccountId": self.dedicated_service_account_id,
            "creationTimestamp": self.created,
            "updateTimestamp": self.created,
            "availabilityZoneIds": self.availability_zones,
        })
    }

    /// The user as `GetKxUser`, `CreateKxUser` and `UpdateKxUser` answer it.
    fn user_reply(&self, user: &KxUser) -> Value {
        json!({
            "userName": user.name,
            "userArn": self.user_arn(&user.name),
            "environmentId": self.id,
            "iamRole": user.iam_role,
        })
    }

    fn user_listing(&self, user: &KxUser) -> Value {
        json!({
            "userArn": self.user_arn(&user.name),
            "userName": user.name,
            "iamRole": user.iam_role,
            "createTimestamp": user.created,
            "updateTimestamp": user.updated,
        })
    }

    fn find(&self, name: &str) -> Result<usize, AwsError> {
        self.users
            .binary_search_by(|u| u.name.as_str().cmp(name))
            .map_err(|_| {
                AwsError::new(
                    404,
                    "ResourceNotFoundException",
                    format!("The user does not exist in kdb environment {}.", self.id),
                )
            })
    }
}

impl Store {
    fn environment(&self, id: &str) -> Result<&Environment, AwsError> {
        self.environments
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| environment_not_found(id))
    }

    fn environment_mut(&mut self, id: &str) -> Result<&mut Environment, AwsError> {
        self.environments
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| environment_not_found(id))
    }

    /// The earlier answer to this token, or a conflict when the token came with another request.
    fn replay(
        &mut self,
        operation: &'static str,
        token: Option<&str>,
        request: &Value,
    ) -> Result<Option<Value>, AwsError> {
        let now = Instant::now();
        self.tokens.retain(|_, r| r.expires > now);
        let Some(token) = token else { return Ok(None) };
        match self.tokens.get(&(operation, token.to_owned())) {
            None => Ok(None),
            Some(r) if r.request == *request => Ok(Some(r.response.clone())),
            Some(_) => Err(AwsError::new(
                409,
                "ConflictException",
                "The client token was already used with a different request.",
            )
            .with_field(
                "reason",
                "A clientToken is valid for 10 minutes and for one request only.",
            )),
        }
    }

    fn remember(
        &mut self,
        operation: &'static str,
        token: Option<String>,
        request: Value,
        response: &Value,
    ) {
        if let Some(token) = token {
            self.tokens.insert(
                (operation, token),
                Remembered {
                    request,
                    response: response.clone(),
                    expires: Instant::now() + TOKEN_LIFETIME,
                },
            );
        }
    }
}

pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/kx/environments", get(list_environments))
        .route(
            "/kx/environments/{environment_id}/users",
            get(list_users).post(create_user),
        )
        .route(
            "/kx/environments/{environment_id}/users/{user_name}",
            get(get_user).put(update_user),
        )
}

#[cfg(test)]
mod tests;
