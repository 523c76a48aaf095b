//! The demo kdb environments and their users the sandbox starts with (and returns to on reset).

use std::collections::{BTreeMap, HashMap};

use super::{Environment, KxUser, Store};
use crate::{ACCOUNT_ID, seed};

impl Store {
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
