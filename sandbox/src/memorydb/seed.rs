//! The demo MemoryDB users the sandbox starts with (and returns to on reset).

use super::{Auth, Store, User};

impl Store {
    /// The demo account: the built-in `default` user, application users with one or two
    /// passwords, IAM users, and a few with narrower access strings.
    pub fn seeded() -> Self {
        const FULL: &str = "on ~* &* +@all";
        const READ_ONLY: &str = "on ~* &* -@all +@read";
        let pw = |count| Auth::Password { count };
        let users = vec![
            User::new("default", FULL, &["open-access"], Auth::NoPassword),
            User::new(
                "app-orders",
                "on ~orders:* &* +@all -@dangerous",
                &["orders-prod"],
                pw(1),
            ),
            User::new(
                "app-orders-rotating",
                "on ~orders:* &* +@all -@dangerous",
                &["orders-prod"],
                pw(2),
            ),
            User::new(
                "app-catalog",
                "on ~catalog:* ~search:* &* +@read +@write -@dangerous",
                &["catalog-prod"],
                pw(1),
            ),
            User::new(
                "app-sessions",
                "on ~session:* &* +@read +@write +@keyspace -@dangerous",
                &["web-prod"],
                pw(2),
            ),
            User::new(
                "app-cart",
                "on ~cart:* &* +@all -@admin -@dangerous",
                &["web-prod"],
                pw(1),
            ),
            User::new(
                "app-reader",
                "on ~app:* -@all +@read",
                &["web-prod", "reporting"],
                pw(1),
            ),
            User::new(
                "app-leaderboard",
                "on ~lb:* &* -@all +@sortedset +@read",
                &["games-prod"],
                pw(1),
            ),
            User::new(
                "svc-payments",
                "on ~pay:* &* +@all -@dangerous",
                &["payments-prod"],
                pw(2),
            ),
            User::new(
                "svc-notifications",
                "on ~notify:* &notify:* +@pubsub +@read +@write",
                &["web-prod"],
                pw(1),
            ),
            User::new(
                "svc-ratelimit",
                "on ~rl:* -@all +@read +@write +@string",
                &["edge-prod"],
                pw(1),
            ),
            User::new(
                "svc-search-indexer",
                "on ~search:* &* +@all -@dangerous",
                &["catalog-prod"],
                Auth::Iam,
            ),
            User::new(
                "svc-feature-flags",
                "on ~flags:* -@all +@read",
                &["web-prod", "edge-prod"],
                Auth::Iam,
            ),
            User::new(
                "svc-audit-stream",
                "on ~audit:* &audit:* +@stream +@read",
                &["compliance"],
                Auth::Iam,
            ),
            User::new("etl-nightly", READ_ONLY, &["reporting"], pw(1)),
            User::new(
                "etl-backfill",
                "on ~* &* +@all -@dangerous -flushall -flushdb",
                &["reporting"],
                pw(2),
            ),
            User::new(
                "analytics-ro",
                READ_ONLY,
                &["reporting", "analytics"],
                Auth::Iam,
            ),
            User::new(
                "bi-dashboard",
                "on ~metrics:* ~kpi:* -@all +@read",
                &["analytics"],
                pw(1),
            ),
            User::new("ops-admin", FULL, &["ops-admins"], pw(2)),
            User::new(
                "ops-oncall",
                "on ~* &* +@all -@dangerous +info +client|list",
                &["ops-admins"],
                Auth::Iam,
            ),
            User::new(
                "sre-readonly",
                READ_ONLY,
                &["ops-admins", "reporting"],
                Auth::Iam,
            ),
            User::new(
                "backup-agent",
                "on ~* -@all +@read +scan +dump",
                &["ops-admins"],
                pw(1),
            ),
            User::new("migration-tool", "on ~* &* +@all -@dangerous", &[], pw(1)),
            User::new(
                "amara-okafor",
                "on ~dev:amara:* &* +@all -@dangerous",
                &["developers"],
                Auth::Iam,
            ),
            User::new(
                "javier-morales",
                "on ~dev:javier:* &* +@all -@dangerous",
                &["developers"],
                Auth::Iam,
            ),
            User::new(
                "priya-iyer",
                "on ~dev:priya:* &* +@all -@dangerous",
                &["developers"],
                pw(1),
            ),
            User::new(
                "wei-zhang",
                "on ~dev:wei:* &* +@all -@dangerous",
                &["developers"],
                pw(2),
            ),
            User::new(
                "qa-runner",
                "on ~qa:* &* +@all -@dangerous",
                &["staging"],
                pw(1),
            ),
            User::new(
                "staging-app",
                "on ~* &* +@all -@dangerous",
                &["staging"],
                pw(1),
            ),
            User::new(
                "legacy-cron",
                "off ~jobs:* -@all +@read +@write",
                &[],
                pw(1),
            ),
        ];
        Self { users }
    }
}
