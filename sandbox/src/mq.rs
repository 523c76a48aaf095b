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

use axum::Router;
use axum::routing::{get, post};
use regex::Regex;
use serde_json::{Map, Value, json};

use crate::{ACCOUNT_ID, AwsError, REGION, SandboxState, validate};

mod handlers;
mod populate;
mod seed;
mod wire;

use handlers::{
    create_user, describe_broker, describe_user, list_brokers, list_users, reboot_broker,
    update_user,
};
use wire::{bad_request, broker_not_found};

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "mq";

/// restJson1: [`routes`] under the service's own URI prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::RestJson {
    path_prefix: "/v1/brokers",
    routes,
};

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

    /// What a reboot does to the users: every pending change becomes live (a pending new
    /// password with it; only the fact that one was pending was ever kept).
    fn reboot(&mut self) {
        for user in &mut self.users {
            if let Some(pending) = user.pending.take() {
                if pending.new_password {
                    tracing::debug!(broker = %self.id, user = %user.username, "pending credential change applied");
                }
                user.live = Some(pending.settings);
            }
        }
        // The sandbox's reboot is instantaneous: the broker is RUNNING again when this answers.
        self.state = "RUNNING";
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
}

fn live(console_access: bool, groups: &[&str]) -> Settings {
    Settings {
        console_access,
        groups: groups.iter().map(|g| g.to_string()).collect(),
        replication_user: false,
    }
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

#[cfg(test)]
mod tests;
