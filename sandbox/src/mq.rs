//! Amazon MQ (restJson1, API 2017-11-27): brokers and their ActiveMQ users.
//!
//! Like AWS for ActiveMQ, `CreateUser` and `UpdateUser` never touch the live user: they record
//! a pending change (`CREATE` / `UPDATE`, the pending `consoleAccess` and `groups`) that
//! `DescribeUser` shows under `pending` and `ListUsers` as `pendingChange`. `RebootBroker`
//! applies every pending change. The sandbox reboots instantly: the broker stays `RUNNING`
//! and the changes are live as soon as `RebootBroker` answers, so a UI test can reboot and
//! read back without polling.
//!
//! Passwords are checked against AWS's rules and then dropped: the store keeps only the fact
//! that a new one is pending, never the value.
//!
//! Where the model is silent the sandbox chooses (and tests pin):
//! - a broker id that names no broker (well-formed or not) is `NotFoundException` on
//!   `broker-id`, as AWS answers "Can't find requested broker";
//! - user operations on the RabbitMQ broker answer `BadRequestException`: RabbitMQ users are
//!   managed inside RabbitMQ, not through this API;
//! - `ListUsers` serves at least 5 users a page (the model's output `maxResults` is 5–100) and
//!   echoes the page size it used; without `maxResults` it serves up to 100;
//! - an `UpdateUser` of a user whose creation is still pending keeps the change a `CREATE`.

use std::sync::{Arc, LazyLock};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::routing::{get, post};
use axum::{Json, Router};
use regex::Regex;
use serde_json::{Map, Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, lock, page, validate};

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "mq";

/// Usernames and group names: letters, digits and `- . _ ~`, 2–100 characters.
static NAME: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[a-zA-Z0-9\-._~]{2,100}"));

const USERNAME_RULE: &str = "Username must be 2-100 characters long and contain only alphanumeric characters, dashes, periods, underscores, and tildes (- . _ ~).";
const GROUP_RULE: &str = "Group names must be 2-100 characters long and contain only alphanumeric characters, dashes, periods, underscores, and tildes (- . _ ~).";
const MAX_GROUPS: usize = 20;
const PASSWORD_MIN: usize = 12;
const PASSWORD_MAX: usize = 250;
const PASSWORD_MIN_UNIQUE: usize = 4;

/// Every MQ broker the sandbox knows, with its users.
#[derive(Debug)]
pub struct Store {
    brokers: Vec<Broker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    ActiveMq,
    RabbitMq,
}

impl Engine {
    fn wire(self) -> &'static str {
        match self {
            Engine::ActiveMq => "ACTIVEMQ",
            Engine::RabbitMq => "RABBITMQ",
        }
    }
}

/// The half of a cross-region data replication (CRDR) pair a broker is.
#[derive(Debug)]
struct Replication {
    role: &'static str,
    counterpart_id: &'static str,
    counterpart_region: &'static str,
}

#[derive(Debug)]
struct Broker {
    id: String,
    name: String,
    engine: Engine,
    engine_version: &'static str,
    deployment_mode: &'static str,
    instance_type: &'static str,
    storage_type: &'static str,
    state: &'static str,
    /// ISO 8601, as MQ puts `created` on the wire (`timestampFormat: iso8601`).
    created: &'static str,
    /// One private IP per broker instance.
    instance_ips: Vec<&'static str>,
    subnet_ids: Vec<&'static str>,
    security_groups: Vec<&'static str>,
    configuration: Option<(&'static str, u32)>,
    maintenance: (&'static str, &'static str),
    replication: Option<Replication>,
    tags: Vec<(&'static str, &'static str)>,
    /// Kept sorted by username, the order `ListUsers` pages through.
    users: Vec<User>,
}

/// What an ActiveMQ user is (or will be, once the broker reboots).
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    console_access: bool,
    groups: Vec<String>,
    replication_user: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Create,
    Update,
}

impl Change {
    fn wire(self) -> &'static str {
        match self {
            Change::Create => "CREATE",
            Change::Update => "UPDATE",
        }
    }
}

#[derive(Debug, Clone)]
struct Pending {
    change: Change,
    settings: Settings,
    /// A new password awaits the reboot. Only this flag is kept, never the password.
    new_password: bool,
}

#[derive(Debug, Clone)]
struct User {
    username: String,
    /// `None` until the reboot that follows its creation.
    live: Option<Settings>,
    pending: Option<Pending>,
}

impl User {
    fn summary(&self) -> Value {
        let mut summary = json!({ "username": self.username });
        if let Some(pending) = &self.pending {
            summary["pendingChange"] = json!(pending.change.wire());
        }
        summary
    }
}

impl Broker {
    fn arn(&self) -> String {
        format!(
            "arn:aws:mq:{REGION}:{ACCOUNT_ID}:broker:{}:{}",
            self.name, self.id
        )
    }

    fn summary(&self) -> Value {
        json!({
            "brokerArn": self.arn(),
            "brokerId": self.id,
            "brokerName": self.name,
            "brokerState": self.state,
            "created": self.created,
            "deploymentMode": self.deployment_mode,
            "engineType": self.engine.wire(),
            "hostInstanceType": self.instance_type,
        })
    }

    fn instances(&self) -> Vec<Value> {
        self.instance_ips
            .iter()
            .enumerate()
            .map(|(i, ip)| match self.engine {
                Engine::ActiveMq => {
                    let host = format!("{}-{}.mq.{REGION}.amazonaws.com", self.id, i + 1);
                    json!({
                        "consoleURL": format!("https://{host}:8162"),
                        "endpoints": [
                            format!("ssl://{host}:61617"),
                            format!("amqp+ssl://{host}:5671"),
                            format!("stomp+ssl://{host}:61614"),
                            format!("mqtt+ssl://{host}:8883"),
                            format!("wss://{host}:61619"),
                        ],
                        "ipAddress": ip,
                    })
                }
                // A RabbitMQ cluster is reached through one load-balanced endpoint.
                Engine::RabbitMq => {
                    let host = format!("{}.mq.{REGION}.amazonaws.com", self.id);
                    json!({
                        "consoleURL": format!("https://{host}"),
                        "endpoints": [format!("amqps://{host}:5671")],
                        "ipAddress": ip,
                    })
                }
            })
            .collect()
    }

    fn describe(&self) -> Value {
        let log_group = format!("/aws/amazonmq/broker/{}", self.id);
        let mut broker = json!({
            "actionsRequired": [],
            "authenticationStrategy": "SIMPLE",
            "autoMinorVersionUpgrade": true,
            "brokerArn": self.arn(),
            "brokerId": self.id,
            "brokerInstances": self.instances(),
            "brokerName": self.name,
            "brokerState": self.state,
            "created": self.created,
            "deploymentMode": self.deployment_mode,
            "encryptionOptions": { "useAwsOwnedKey": true },
            "engineType": self.engine.wire(),
            "engineVersion": self.engine_version,
            "hostInstanceType": self.instance_type,
            "logs": {
                "general": true,
                "generalLogGroup": format!("{log_group}/general"),
            },
            "maintenanceWindowStartTime": {
                "dayOfWeek": self.maintenance.0,
                "timeOfDay": self.maintenance.1,
                "timeZone": "UTC",
            },
            "publiclyAccessible": false,
            "securityGroups": self.security_groups,
            "storageType": self.storage_type,
            "subnetIds": self.subnet_ids,
            "tags": self.tags.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<Map<_, _>>(),
            "users": self.users.iter().map(User::summary).collect::<Vec<_>>(),
            "dataReplicationMode": if self.replication.is_some() { "CRDR" } else { "NONE" },
        });
        if self.engine == Engine::ActiveMq {
            broker["logs"]["audit"] = json!(true);
            broker["logs"]["auditLogGroup"] = json!(format!("{log_group}/audit"));
        }
        if let Some((id, revision)) = self.configuration {
            let history: Vec<Value> = (1..=revision)
                .map(|r| json!({ "id": id, "revision": r }))
                .collect();
            broker["configurations"] = json!({
                "current": { "id": id, "revision": revision },
                "history": history,
            });
        }
        if let Some(replication) = &self.replication {
            broker["dataReplicationMetadata"] = json!({
                "dataReplicationRole": replication.role,
                "dataReplicationCounterpart": {
                    "brokerId": replication.counterpart_id,
                    "region": replication.counterpart_region,
                },
            });
        }
        broker
    }

    fn user_index(&self, username: &str) -> Result<usize, AwsError> {
        self.users
            .iter()
            .position(|u| u.username == username)
            .ok_or_else(|| {
                AwsError::new(
                    404,
                    "NotFoundException",
                    format!(
                        "Can't find requested user on broker [{}]. Make sure your user exists.",
                        self.id
                    ),
                )
                .with_field("errorAttribute", "username")
            })
    }

    /// User operations exist for ActiveMQ only.
    fn require_activemq(&self) -> Result<(), AwsError> {
        match self.engine {
            Engine::ActiveMq => Ok(()),
            Engine::RabbitMq => Err(bad_request(
                "broker-id",
                "This operation is not supported for RabbitMQ brokers. Manage RabbitMQ users with the RabbitMQ web console or management API.",
            )),
        }
    }
}

impl Store {
    fn broker(&self, id: &str) -> Result<&Broker, AwsError> {
        self.brokers
            .iter()
            .find(|b| b.id == id)
            .ok_or_else(|| broker_not_found(id))
    }

    fn broker_mut(&mut self, id: &str) -> Result<&mut Broker, AwsError> {
        self.brokers
            .iter_mut()
            .find(|b| b.id == id)
            .ok_or_else(|| broker_not_found(id))
    }

    /// Three ActiveMQ brokers (the first with 28 users, a replication user and two pending
    /// changes) and one RabbitMQ broker.
    pub fn seeded() -> Self {
        Self {
            brokers: vec![
                Broker {
                    id: "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10".into(),
                    name: "orders-prod".into(),
                    engine: Engine::ActiveMq,
                    engine_version: "5.18",
                    deployment_mode: "ACTIVE_STANDBY_MULTI_AZ",
                    instance_type: "mq.m5.large",
                    storage_type: "EFS",
                    state: "RUNNING",
                    created: "2023-03-14T09:21:45.512Z",
                    instance_ips: vec!["10.20.1.37", "10.20.2.118"],
                    subnet_ids: vec!["subnet-0a1b2c3d4e5f60718", "subnet-0f9e8d7c6b5a40312"],
                    security_groups: vec!["sg-0c4d5e6f7a8b9c0d1"],
                    configuration: Some(("c-6e2a1b7f-3c9d-4e5a-8b0c-1d2e3f4a5b6c", 4)),
                    maintenance: ("SUNDAY", "03:00"),
                    replication: Some(Replication {
                        role: "PRIMARY",
                        counterpart_id: "b-9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
                        counterpart_region: "us-west-2",
                    }),
                    tags: vec![("team", "order-platform"), ("environment", "production")],
                    users: orders_prod_users(),
                },
                Broker {
                    id: "b-4a7e2c91-0b3d-4f6a-8e5c-2d9b1a7f3e60".into(),
                    name: "payments-staging".into(),
                    engine: Engine::ActiveMq,
                    engine_version: "5.17.6",
                    deployment_mode: "SINGLE_INSTANCE",
                    instance_type: "mq.t3.micro",
                    storage_type: "EFS",
                    state: "RUNNING",
                    created: "2023-09-02T14:05:12.087Z",
                    instance_ips: vec!["10.30.1.52"],
                    subnet_ids: vec!["subnet-0b2c3d4e5f6a70819"],
                    security_groups: vec!["sg-0a9b8c7d6e5f4a3b2"],
                    configuration: Some(("c-0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b", 2)),
                    maintenance: ("WEDNESDAY", "22:00"),
                    replication: None,
                    tags: vec![("team", "payments"), ("environment", "staging")],
                    users: simple_users(&[
                        ("payments-api", true, &["admins", "payments-writers"]),
                        ("ledger-consumer", false, &["payments-readers"]),
                        (
                            "refunds-worker",
                            false,
                            &["payments-writers", "payments-readers"],
                        ),
                        ("fraud-scorer", false, &["payments-readers"]),
                        ("qa.automation", true, &["payments-readers", "qa"]),
                    ]),
                },
                Broker {
                    id: "b-c3d2e1f0-9a8b-4c7d-a6e5-f4d3c2b1a098".into(),
                    name: "inventory-dev".into(),
                    engine: Engine::ActiveMq,
                    engine_version: "5.18",
                    deployment_mode: "SINGLE_INSTANCE",
                    instance_type: "mq.t3.micro",
                    storage_type: "EBS",
                    state: "RUNNING",
                    created: "2024-01-22T11:47:30.640Z",
                    instance_ips: vec!["10.40.3.9"],
                    subnet_ids: vec!["subnet-0c3d4e5f6a7b8091a"],
                    security_groups: vec!["sg-0d1e2f3a4b5c6d7e8"],
                    configuration: Some(("c-7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", 1)),
                    maintenance: ("SATURDAY", "04:30"),
                    replication: None,
                    tags: vec![("team", "inventory"), ("environment", "development")],
                    users: simple_users(&[
                        ("admin", true, &["admins"]),
                        ("stock-sync", false, &["inventory-writers"]),
                        ("warehouse-scanner", false, &["inventory-writers"]),
                        ("dev.tester", true, &["inventory-readers"]),
                    ]),
                },
                Broker {
                    id: "b-7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918".into(),
                    name: "analytics-events".into(),
                    engine: Engine::RabbitMq,
                    engine_version: "3.13",
                    deployment_mode: "CLUSTER_MULTI_AZ",
                    instance_type: "mq.m5.large",
                    storage_type: "EBS",
                    state: "RUNNING",
                    created: "2024-05-08T16:30:02.221Z",
                    instance_ips: vec!["10.50.1.21"],
                    subnet_ids: vec![
                        "subnet-0d4e5f6a7b8c9012b",
                        "subnet-0e5f6a7b8c9d0123c",
                        "subnet-0f6a7b8c9d0e1234d",
                    ],
                    security_groups: vec!["sg-0e2f3a4b5c6d7e8f9"],
                    configuration: None,
                    maintenance: ("MONDAY", "02:00"),
                    replication: None,
                    tags: vec![("team", "data-platform"), ("environment", "production")],
                    users: Vec::new(),
                },
            ],
        }
    }
}

fn live(console_access: bool, groups: &[&str]) -> Settings {
    Settings {
        console_access,
        groups: groups.iter().map(|g| g.to_string()).collect(),
        replication_user: false,
    }
}

fn simple_users(users: &[(&str, bool, &[&str])]) -> Vec<User> {
    let mut users: Vec<User> = users
        .iter()
        .map(|(name, console, groups)| User {
            username: name.to_string(),
            live: Some(live(*console, groups)),
            pending: None,
        })
        .collect();
    users.sort_by(|a, b| a.username.cmp(&b.username));
    users
}

/// The production broker's users: services, operators and one CRDR replication user, with
/// one pending update and one pending creation awaiting the next reboot.
fn orders_prod_users() -> Vec<User> {
    let mut users = simple_users(&[
        ("admin", true, &["admins"]),
        (
            "order-service",
            false,
            &["orders-writers", "orders-readers"],
        ),
        ("checkout-api", false, &["orders-writers"]),
        ("billing-worker", false, &["orders-readers", "billing"]),
        ("inventory-sync", false, &["orders-readers", "inventory"]),
        ("shipping-notifier", false, &["orders-readers"]),
        ("email-dispatcher", false, &["notifications"]),
        ("sms-dispatcher", false, &["notifications"]),
        ("fulfilment-api", false, &["orders-writers"]),
        ("analytics-etl", false, &["orders-readers", "audit-readers"]),
        ("audit-archiver", false, &["audit-readers"]),
        ("monitoring", true, &["monitoring"]),
        ("datadog-agent", false, &["monitoring"]),
        ("pricing-engine", false, &["orders-readers", "pricing"]),
        ("promotions-service", false, &["pricing"]),
        ("loyalty-points", false, &["orders-readers"]),
        ("tax-calculator", false, &["billing"]),
        ("invoice-renderer", false, &["billing"]),
        ("search-indexer", false, &["orders-readers"]),
        ("recommendations", false, &["orders-readers"]),
        ("support-console", true, &["orders-readers", "support"]),
        ("amara.okafor", true, &["admins", "ops"]),
        ("grace.chen", true, &["ops", "monitoring"]),
        ("carmen.ruiz", true, &["support"]),
        ("hiroshi.tanaka", true, &["ops"]),
        ("oncall.sre", true, &["admins", "ops", "monitoring"]),
    ]);
    users.push(User {
        username: "crdr-replicator".into(),
        live: Some(Settings {
            console_access: false,
            groups: Vec::new(),
            replication_user: true,
        }),
        pending: None,
    });
    // An operator's console access granted but not yet applied.
    if let Some(user) = users.iter_mut().find(|u| u.username == "fulfilment-api") {
        user.pending = Some(Pending {
            change: Change::Update,
            settings: live(true, &["orders-writers", "ops"]),
            new_password: false,
        });
    }
    // A service account created since the last reboot.
    users.push(User {
        username: "returns-service".into(),
        live: None,
        pending: Some(Pending {
            change: Change::Create,
            settings: live(false, &["orders-writers", "orders-readers"]),
            new_password: true,
        }),
    });
    users.sort_by(|a, b| a.username.cmp(&b.username));
    users
}

pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/v1/brokers", get(list_brokers))
        .route("/v1/brokers/{broker_id}", get(describe_broker))
        .route("/v1/brokers/{broker_id}/reboot", post(reboot_broker))
        .route("/v1/brokers/{broker_id}/users", get(list_users))
        .route(
            "/v1/brokers/{broker_id}/users/{username}",
            get(describe_user).post(create_user).put(update_user),
        )
}

// ---- errors ------------------------------------------------------------------------------

fn bad_request(attribute: &str, message: impl Into<String>) -> AwsError {
    AwsError::new(400, "BadRequestException", message).with_field("errorAttribute", attribute)
}

fn broker_not_found(id: &str) -> AwsError {
    // Echo the id only when it has a broker id's shape: arbitrary input is not repeated back.
    let shown = if BROKER_ID.is_match(id) { id } else { "" };
    AwsError::new(
        404,
        "NotFoundException",
        format!("Can't find requested broker [{shown}]. Make sure your broker exists."),
    )
    .with_field("errorAttribute", "broker-id")
}

static BROKER_ID: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored("b-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
});

/// The error a test injected for this call, rendered as MQ renders that shape.
fn injected(state: &SandboxState, operation: &str, target: &str) -> Result<(), AwsError> {
    let Some(code) = state.injected_fault(SERVICE, operation, target) else {
        return Ok(());
    };
    let (status, message) = match code.as_str() {
        "BadRequestException" => (400, "The request is not valid."),
        "UnauthorizedException" => (401, "You are not authorized to perform this action."),
        "ForbiddenException" => (403, "You don't have access to this resource."),
        "NotFoundException" => (404, "Can't find the requested resource."),
        "ConflictException" => (
            409,
            "The request conflicts with a change already in progress.",
        ),
        "InternalServerErrorException" => (
            500,
            "We were unable to process your request. Please try again.",
        ),
        _ => (400, "The request failed."),
    };
    Err(AwsError::new(status, code, message))
}

// ---- request parsing ---------------------------------------------------------------------

fn path_params<T>(path: Result<Path<T>, PathRejection>) -> Result<T, AwsError> {
    path.map(|Path(p)| p)
        .map_err(|_| bad_request("broker-id", "The request path is not valid."))
}

fn query(uri: &Uri) -> Result<Vec<(String, String)>, AwsError> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .map_err(|_| bad_request("query", "The query string is not valid."))
}

fn query_param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `maxResults` and `nextToken`, checked against the model's 1–100.
fn paging(uri: &Uri) -> Result<(Option<usize>, Option<String>), AwsError> {
    let pairs = query(uri)?;
    let max = match query_param(&pairs, "maxResults") {
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
    let token = query_param(&pairs, "nextToken").map(str::to_owned);
    Ok((max, token))
}

fn bad_token() -> AwsError {
    bad_request(
        "nextToken",
        "The nextToken is not valid: pass the token a previous call returned.",
    )
}

fn check_username(username: &str) -> Result<(), AwsError> {
    if NAME.is_match(username) {
        Ok(())
    } else {
        Err(bad_request("username", USERNAME_RULE))
    }
}

/// AWS's ActiveMQ password rules. Messages state the rule, never the password.
fn check_password(password: &str) -> Result<(), AwsError> {
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
struct UserRequest {
    console_access: Option<bool>,
    groups: Option<Vec<String>>,
    password: Option<String>,
    replication_user: Option<bool>,
}

fn parse_user_request(body: &Bytes) -> Result<UserRequest, AwsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(UserRequest::default());
    }
    let Ok(Value::Object(members)) = serde_json::from_slice::<Value>(body) else {
        return Err(bad_request(
            "body",
            "The request body is not a valid JSON object.",
        ));
    };
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
    fn validate(&self) -> Result<(), AwsError> {
        if let Some(password) = &self.password {
            check_password(password)?;
        }
        if let Some(groups) = &self.groups {
            check_groups(groups)?;
        }
        Ok(())
    }

    /// `base` with the members this request gives laid over it.
    fn apply_to(&self, base: &Settings) -> Settings {
        Settings {
            console_access: self.console_access.unwrap_or(base.console_access),
            groups: self.groups.clone().unwrap_or_else(|| base.groups.clone()),
            replication_user: self.replication_user.unwrap_or(base.replication_user),
        }
    }
}

// ---- handlers ----------------------------------------------------------------------------

type Reply = Result<Json<Value>, AwsError>;

// Each handler counts its call before anything else: an answer that is an error was a call.

async fn list_brokers(State(state): State<Arc<SandboxState>>, uri: Uri) -> Reply {
    state.count_call(SERVICE, "ListBrokers");
    let (max, token) = paging(&uri)?;
    let store = lock(&state.mq);
    let page = page::paginate(&store.brokers, token.as_deref(), max.unwrap_or(100))
        .map_err(|_| bad_token())?;
    let mut body = json!({
        "brokerSummaries": page.items.iter().map(Broker::summary).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(Json(body))
}

async fn describe_broker(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "DescribeBroker");
    let broker_id = path_params(path)?;
    let store = lock(&state.mq);
    Ok(Json(store.broker(&broker_id)?.describe()))
}

/// Applies every pending user change. The fault target is the broker id (no user involved).
async fn reboot_broker(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "RebootBroker");
    let broker_id = path_params(path)?;
    injected(&state, "RebootBroker", &broker_id)?;
    let mut store = lock(&state.mq);
    let broker = store.broker_mut(&broker_id)?;
    for user in &mut broker.users {
        if let Some(pending) = user.pending.take() {
            if pending.new_password {
                tracing::debug!(broker = %broker_id, user = %user.username, "pending credential change applied");
            }
            user.live = Some(pending.settings);
        }
    }
    // The sandbox's reboot is instantaneous: the broker is RUNNING again when this answers.
    broker.state = "RUNNING";
    Ok(Json(json!({})))
}

async fn list_users(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply {
    state.count_call(SERVICE, "ListUsers");
    let broker_id = path_params(path)?;
    let (max, token) = paging(&uri)?;
    // The model's output `maxResults` is 5–100: smaller requests are served 5 a page.
    let max = max.unwrap_or(100).max(5);
    let store = lock(&state.mq);
    let broker = store.broker(&broker_id)?;
    broker.require_activemq()?;
    let page = page::paginate(&broker.users, token.as_deref(), max).map_err(|_| bad_token())?;
    let mut body = json!({
        "brokerId": broker.id,
        "maxResults": max,
        "users": page.items.iter().map(User::summary).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        body["nextToken"] = json!(next);
    }
    Ok(Json(body))
}

async fn describe_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    state.count_call(SERVICE, "DescribeUser");
    let (broker_id, username) = path_params(path)?;
    check_username(&username)?;
    injected(&state, "DescribeUser", &username)?;
    let store = lock(&state.mq);
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

async fn create_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "CreateUser");
    let (broker_id, username) = path_params(path)?;
    check_username(&username)?;
    injected(&state, "CreateUser", &username)?;
    let request = parse_user_request(&body)?;
    if request.password.is_none() {
        return Err(bad_request(
            "password",
            "Password is required to create a user.",
        ));
    }
    request.validate()?;
    let mut store = lock(&state.mq);
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

async fn update_user(
    State(state): State<Arc<SandboxState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Bytes,
) -> Reply {
    state.count_call(SERVICE, "UpdateUser");
    let (broker_id, username) = path_params(path)?;
    check_username(&username)?;
    injected(&state, "UpdateUser", &username)?;
    let request = parse_user_request(&body)?;
    request.validate()?;
    let mut store = lock(&state.mq);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules_have_their_boundaries() {
        assert!(check_password("abcdefghijk").is_err()); // 11
        assert!(check_password("abcdefghijkl").is_ok()); // 12
        assert!(check_password("abcabcabcabc").is_err()); // 3 unique
        assert!(check_password("abcdabcdabcd").is_ok()); // 4 unique
        for bad in [',', ':', '='] {
            assert!(check_password(&format!("abcdefghijk{bad}")).is_err());
        }
        assert!(check_password(&"abcd".repeat(63)).is_err()); // 252
        assert!(check_password(&"abcde".repeat(50)).is_ok()); // 250
    }

    #[test]
    fn seed_has_the_promised_shape() {
        let store = Store::seeded();
        let orders = &store.brokers[0];
        assert!(orders.users.len() >= 25);
        assert!(
            orders
                .users
                .windows(2)
                .all(|w| w[0].username < w[1].username)
        );
        assert_eq!(
            orders
                .users
                .iter()
                .filter(|u| u.live.as_ref().is_some_and(|l| l.replication_user))
                .count(),
            1
        );
        assert_eq!(
            orders.users.iter().filter(|u| u.pending.is_some()).count(),
            2
        );
        for broker in &store.brokers {
            assert!(BROKER_ID.is_match(&broker.id));
            for user in &broker.users {
                assert!(NAME.is_match(&user.username));
            }
        }
    }
}
