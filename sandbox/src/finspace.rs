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
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::routing::get;
use axum::{Json, Router};
use regex::Regex;
use serde_json::{Map, Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, lock, page, seed, validate};

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "finspace";
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

    /// Three desks' environments: 28 users in `equities-research`, a handful in the others.
    pub fn seeded() -> Self {
        let role = |name: &str| format!("arn:aws:iam::{ACCOUNT_ID}:role/finspace/{name}");
        let people = |range: std::ops::Range<usize>, roles: &[&str], base: f64| -> Vec<KxUser> {
            range
                .enumerate()
                .map(|(i, person)| {
                    let created = base + 86_400.0 * i as f64 + 3_600.0 * (i % 7) as f64;
                    KxUser {
                        name: handle(seed::FIRST_NAMES[person], seed::LAST_NAMES[person]),
                        iam_role: role(roles[i % roles.len()]),
                        created,
                        updated: created + 604_800.0 * (i % 3) as f64,
                        tags: BTreeMap::from([("desk".to_owned(), "research".to_owned())]),
                    }
                })
                .collect()
        };
        let service = |name: &str, role_name: &str, created: f64| KxUser {
            name: name.to_owned(),
            iam_role: role(role_name),
            created,
            updated: created,
            tags: BTreeMap::from([("kind".to_owned(), "service".to_owned())]),
        };

        let mut equities = people(
            0..25,
            &[
                "kdb-equities-analyst",
                "kdb-equities-quant",
                "kdb-equities-analyst",
                "kdb-equities-readonly",
            ],
            1_688_205_600.0,
        );
        equities.push(service(
            "q-gateway-svc",
            "kdb-equities-gateway",
            1_688_119_200.0,
        ));
        equities.push(service(
            "tickerplant-feed",
            "kdb-equities-ingest",
            1_688_119_500.0,
        ));
        equities.push(service(
            "rdb-loader",
            "kdb-equities-ingest",
            1_688_119_800.0,
        ));
        if let Some(admin) = equities.first_mut() {
            admin.iam_role = role("kdb-equities-admin");
        }

        let mut fixed_income = people(
            10..16,
            &["kdb-rates-trader", "kdb-credit-analyst"],
            1_696_154_400.0,
        );
        fixed_income.push(service("curve-builder", "kdb-rates-batch", 1_696_068_000.0));

        let mut fx = people(
            20..25,
            &["kdb-fx-quant", "kdb-fx-readonly"],
            1_704_103_200.0,
        );
        fx.push(service("fix-capture", "kdb-fx-ingest", 1_704_016_800.0));

        let environments = vec![
            Environment {
                id: "eqr4k7m2xw9t5pbn3hj6ca",
                name: "equities-research",
                description: "Equities research desk kdb environment",
                created: 1_688_032_800.0,
                dedicated_service_account_id: "766012286003",
                kms_key: "arn:aws:kms:us-east-1:123456789012:key/4f8a2c1e-9b3d-4e6f-a7c8-1d2e3f4a5b6c",
                availability_zones: &["use1-az2", "use1-az4", "use1-az6"],
                users: equities,
            },
            Environment {
                id: "fxi8q2w5e7r1t3y6u9o0pa",
                name: "fixed-income-trading",
                description: "Rates and credit trading desk",
                created: 1_695_981_600.0,
                dedicated_service_account_id: "581204937716",
                kms_key: "arn:aws:kms:us-east-1:123456789012:key/7b1c3d5e-2f4a-4b6c-8d9e-0a1b2c3d4e5f",
                availability_zones: &["use1-az1", "use1-az2"],
                users: fixed_income,
            },
            Environment {
                id: "fxq3z6x9c2v5b8n1m4l7kj",
                name: "fx-quant-analytics",
                description: "FX quantitative analytics desk",
                created: 1_703_930_400.0,
                dedicated_service_account_id: "309871254460",
                kms_key: "arn:aws:kms:us-east-1:123456789012:key/0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f",
                availability_zones: &["use1-az4", "use1-az6"],
                users: fx,
            },
        ];
        let environments = environments
            .into_iter()
            .map(|mut e| {
                e.users.sort_by(|a, b| a.name.cmp(&b.name));
                e
            })
            .collect();
        Self {
            environments,
            tokens: HashMap::new(),
        }
    }
}

/// `Amara Okafor` → `aokafor`: the kdb user names the desks use.
fn handle(first: &str, last: &str) -> String {
    let first = seed::ascii_slug(first);
    format!("{}{}", &first[..1.min(first.len())], seed::ascii_slug(last))
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

// ---- errors ------------------------------------------------------------------------------

/// AWS's wording for one failed constraint (the `validate` helpers cover the model's own
/// constraint kinds; this covers the rest).
fn constraint(member: &str, rule: &str) -> String {
    format!("1 validation error detected: Value at '{member}' failed to satisfy constraint: {rule}")
}

fn invalid(message: String) -> AwsError {
    AwsError::new(400, "ValidationException", message)
}

fn environment_not_found(id: &str) -> AwsError {
    AwsError::new(
        404,
        "ResourceNotFoundException",
        format!("The kdb environment {id} does not exist."),
    )
}

/// The error a test injected for this call, rendered as FinSpace renders that shape.
fn injected(state: &SandboxState, operation: &str, target: &str) -> Result<(), AwsError> {
    let Some(code) = state.injected_fault(SERVICE, operation, target) else {
        return Ok(());
    };
    let (status, message) = match code.as_str() {
        "ValidationException" => (400, "The input fails to satisfy the constraints."),
        "InvalidRequestException" => (400, "The request is not valid."),
        "LimitExceededException" => (400, "A service limit or quota is exceeded."),
        "ServiceQuotaExceededException" => (402, "You have exceeded your service quota."),
        "AccessDeniedException" => (
            403,
            "You do not have sufficient access to perform this action.",
        ),
        "ResourceNotFoundException" => (404, "One or more resources can't be found."),
        "ConflictException" | "ResourceAlreadyExistsException" => {
            (409, "There was a conflict with this action.")
        }
        "ThrottlingException" => (429, "Rate exceeded."),
        "InternalServerException" => (
            500,
            "The request processing has failed because of an unknown error.",
        ),
        _ => (400, "The request failed."),
    };
    let error = AwsError::new(status, code.clone(), message);
    Err(if code == "ConflictException" {
        error.with_field("reason", "Another operation is in progress on this user.")
    } else {
        error
    })
}

// ---- request parsing ---------------------------------------------------------------------

fn path_params<T>(path: Result<Path<T>, PathRejection>) -> Result<T, AwsError> {
    path.map(|Path(p)| p)
        .map_err(|_| invalid("The request path is not valid.".to_owned()))
}

fn check_environment_id(id: &str) -> Result<(), AwsError> {
    validate::length("environmentId", id, 1, 26)
        .and_then(|()| validate::pattern("environmentId", id, &ENVIRONMENT_ID))
        .map_err(invalid)
}

fn check_user_name(name: &str) -> Result<(), AwsError> {
    validate::length("userName", name, 1, 50)
        .and_then(|()| validate::pattern("userName", name, &USER_NAME))
        .map_err(invalid)
}

fn check_iam_role(role: &str) -> Result<(), AwsError> {
    validate::length("iamRole", role, 20, 2048)
        .and_then(|()| validate::pattern("iamRole", role, &validate::IAM_ROLE_ARN))
        .map_err(invalid)
}

fn check_client_token(token: &str) -> Result<(), AwsError> {
    validate::length("clientToken", token, 1, 36)
        .and_then(|()| validate::pattern("clientToken", token, &CLIENT_TOKEN))
        .map_err(invalid)
}

fn check_tags(tags: &BTreeMap<String, String>) -> Result<(), AwsError> {
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

fn parse_body(body: &Bytes) -> Result<Map<String, Value>, AwsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(members)) => Ok(members),
        _ => Err(invalid(
            "The request body is not a valid JSON object.".to_owned(),
        )),
    }
}

fn string_member(members: &Map<String, Value>, name: &str) -> Result<Option<String>, AwsError> {
    match members.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(constraint(name, "Member must be a string"))),
    }
}

fn required_string(members: &Map<String, Value>, name: &str) -> Result<String, AwsError> {
    string_member(members, name)?.ok_or_else(|| invalid(validate::required(name)))
}

/// `maxResults` (0 or absent: the default page) and `nextToken` from the query string.
fn paging(uri: &Uri, max_bound: Option<i64>) -> Result<(usize, Option<String>), AwsError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|_| invalid("The query string is not valid.".to_owned()))?;
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let max = match param("maxResults") {
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
    let token = param("nextToken");
    if let Some(token) = &token {
        validate::length("nextToken", token, 1, 1000).map_err(invalid)?;
    }
    Ok((max, token))
}

fn bad_token() -> AwsError {
    invalid("The nextToken is not valid: pass the token a previous call returned.".to_owned())
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| (d.as_millis() as f64) / 1000.0)
        .unwrap_or_default()
}

// ---- handlers ----------------------------------------------------------------------------

type Reply = Result<Json<Value>, AwsError>;

// Each handler counts its call before anything else: an answer that is an error was a call.

async fn list_environments(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListKxEnvironments");
    let (max, token) = paging(&uri, None)?;
    let store = lock(&state.finspace);
    let page =
        page::paginate(&store.environments, token.as_deref(), max).map_err(|_| bad_token())?;
    let mut body = json!({
        "environments": page.items.iter().map(Environment::summary).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(Json(body))
}

async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListKxUsers");
    let environment_id = path_params(path)?;
    check_environment_id(&environment_id)?;
    let (max, token) = paging(&uri, Some(100))?;
    let store = lock(&state.finspace);
    let environment = store.environment(&environment_id)?;
    let page =
        page::paginate(&environment.users, token.as_deref(), max).map_err(|_| bad_token())?;
    let mut body = json!({
        "users": page.items.iter().map(|u| environment.user_listing(u)).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(Json(body))
}

async fn get_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "GetKxUser");
    let (environment_id, user_name) = path_params(path)?;
    check_environment_id(&environment_id)?;
    check_user_name(&user_name)?;
    injected(&state, "GetKxUser", &user_name)?;
    let store = lock(&state.finspace);
    let environment = store.environment(&environment_id)?;
    let user = &environment.users[environment.find(&user_name)?];
    Ok(Json(environment.user_reply(user)))
}

async fn create_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "CreateKxUser");
    let environment_id = path_params(path)?;
    check_environment_id(&environment_id)?;
    let members = parse_body(&body)?;
    let user_name = required_string(&members, "userName")?;
    check_user_name(&user_name)?;
    injected(&state, "CreateKxUser", &user_name)?;
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
    let mut store = lock(&state.finspace);
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

async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateKxUser");
    let (environment_id, user_name) = path_params(path)?;
    check_environment_id(&environment_id)?;
    check_user_name(&user_name)?;
    injected(&state, "UpdateKxUser", &user_name)?;
    let members = parse_body(&body)?;
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
    let mut store = lock(&state.finspace);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_users_satisfy_the_model() {
        let store = Store::seeded();
        assert!(store.environments[0].users.len() >= 25);
        for environment in &store.environments {
            assert!(ENVIRONMENT_ID.is_match(environment.id));
            assert!(environment.users.windows(2).all(|w| w[0].name < w[1].name));
            for user in &environment.users {
                assert!(USER_NAME.is_match(&user.name), "{}", user.name);
                assert!(validate::IAM_ROLE_ARN.is_match(&user.iam_role));
            }
        }
    }

    #[test]
    fn tag_keys_follow_the_model() {
        let tags = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
        assert!(check_tags(&tags("desk", "equities")).is_ok());
        assert!(check_tags(&tags("cost-center:2024", "a b")).is_ok());
        assert!(check_tags(&tags("aws:owner", "x")).is_err());
        assert!(check_tags(&tags("desk", "é")).is_err());
        assert!(check_tags(&BTreeMap::new()).is_err());
    }
}
