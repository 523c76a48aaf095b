//! The demo brokers and their users the sandbox starts with (and returns to on reset).

use super::{Broker, Change, Engine, Pending, Replication, Settings, Store, User, live};

impl Store {
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
