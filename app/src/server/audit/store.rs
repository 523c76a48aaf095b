//! Where audit records live: SQLite (WAL) by default, PostgreSQL for replicas; one schema,
//! migrated by sqlx at start. Records are only ever appended, numbered and chained under a
//! lock (a process mutex, and on PostgreSQL a transaction-level advisory lock shared by
//! every replica).

use std::path::Path;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use tokio::sync::Mutex;

use super::record::{self, Action, Actor, Broken, Change, Entry, GENESIS, Outcome, Phase, Record};
use crate::access::Role;

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/audit-sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/audit-postgres");

/// The advisory lock every replica takes to append (any fixed number; "audit").
const APPEND_LOCK: i64 = 0x0061_7564_6974;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("the audit database could not be opened: {0}")]
    Open(String),
    #[error("the audit database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the audit database holds a record userdesk cannot read (record {0})")]
    Unreadable(i64),
}

/// The audit log's database.
#[derive(Debug)]
pub struct AuditStore {
    pool: AnyPool,
    postgres: bool,
    append: Mutex<()>,
}

/// Which records to list; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub actor: Option<String>,
    pub service: Option<String>,
    /// A piece of the target ("alice" finds "user alice of broker b-1").
    pub target: Option<String>,
    /// An [`Outcome::kind`].
    pub outcome: Option<String>,
    /// RFC 3339 bounds, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// The whole target, exactly (a user page's history).
    pub exact_target: Option<String>,
}

impl AuditStore {
    /// Opens (creating if needed) the database at `url` and migrates it.
    pub async fn open(url: &str) -> Result<AuditStore, AuditError> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        let url = if postgres {
            url.to_owned()
        } else {
            sqlite_url(url)?
        };
        let pool = AnyPoolOptions::new()
            // An in-memory SQLite database exists per connection: one connection keeps it one.
            .max_connections(if url.contains(":memory:") { 1 } else { 4 })
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect(&url)
            .await
            .map_err(|e| AuditError::Open(e.to_string()))?;
        if postgres {
            POSTGRES
                .run(&pool)
                .await
                .map_err(|e| AuditError::Open(e.to_string()))?;
        } else {
            // WAL: readers (the Audit page, exports) never wait for the writer.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
            SQLITE
                .run(&pool)
                .await
                .map_err(|e| AuditError::Open(e.to_string()))?;
        }
        Ok(AuditStore {
            pool,
            postgres,
            append: Mutex::new(()),
        })
    }

    /// Numbers, times and chains `entry`, and stores it.
    pub async fn append(&self, entry: &Entry) -> Result<Record, AuditError> {
        let _one_at_a_time = self.append.lock().await;
        let mut tx = self.pool.begin().await?;
        if self.postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(APPEND_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
        let (seq, prev_hash) = match last {
            Some(row) => (
                row.try_get::<i64, _>("seq")? + 1,
                row.try_get::<String, _>("hash")?,
            ),
            None => (1, GENESIS.to_owned()),
        };
        let at = now_rfc3339();
        let hash = record::hash(seq, &at, entry, &prev_hash);
        let changes = serde_json::to_string(&entry.changes).unwrap_or_else(|_| "[]".to_owned());
        let request_ids =
            serde_json::to_string(&entry.aws_request_ids).unwrap_or_else(|_| "[]".to_owned());
        sqlx::query(
            "INSERT INTO audit_log (seq, at, phase, intent_seq, action, actor_subject, actor_name, \
             actor_email, role, sign_in_mode, client_ip, service, location, target, changes, outcome, \
             outcome_code, aws_request_ids, request_id, duration_ms, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20, $21, $22)",
        )
        .bind(seq)
        .bind(&at)
        .bind(entry.phase.as_str())
        .bind(entry.intent)
        .bind(entry.action.as_str())
        .bind(&entry.actor.subject)
        .bind(&entry.actor.name)
        .bind(entry.actor.email.as_deref())
        .bind(entry.actor.role.name())
        .bind(&entry.actor.mode)
        .bind(entry.actor.client_ip.as_deref())
        .bind(entry.service.as_deref())
        .bind(&entry.location)
        .bind(entry.target.as_deref())
        .bind(changes)
        .bind(entry.outcome.kind())
        .bind(entry.outcome.code())
        .bind(request_ids)
        .bind(&entry.request_id)
        .bind(
            entry
                .duration_ms
                .map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
        )
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Record {
            seq,
            at,
            entry: entry.clone(),
            prev_hash,
            hash,
        })
    }

    /// Every record, in sequence order (for `verify` and exports).
    pub async fn all(&self, since: Option<&str>) -> Result<Vec<Record>, AuditError> {
        let rows = match since {
            Some(since) => {
                sqlx::query("SELECT * FROM audit_log WHERE at >= $1 ORDER BY seq")
                    .bind(since.to_owned())
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT * FROM audit_log ORDER BY seq")
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(from_row).collect()
    }

    /// Walks the whole chain: how many records are intact, or the first broken one.
    pub async fn verify(&self) -> Result<Result<u64, Broken>, AuditError> {
        Ok(record::verify(&self.all(None).await?))
    }

    /// The newest records matching `filter`, `limit` from `offset`, newest first; and
    /// whether more follow. An intent whose outcome is on record is left out (the outcome
    /// stands for the change); an intent alone is a change whose outcome is unknown. Left out
    /// in the query, so a page holds `limit` rows and paging counts what is shown.
    pub async fn list(
        &self,
        filter: &Filter,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<Record>, bool), AuditError> {
        let mut sql = String::from(
            "SELECT * FROM audit_log WHERE NOT (phase = 'intent' AND EXISTS \
             (SELECT 1 FROM audit_log closing WHERE closing.phase = 'outcome' \
             AND closing.intent_seq = audit_log.seq))",
        );
        let mut binds: Vec<String> = Vec::new();
        let mut push = |sql: &mut String, clause: &str, value: String| {
            binds.push(value);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(actor) = &filter.actor {
            push(&mut sql, " AND actor_subject = ?", actor.clone());
        }
        if let Some(service) = &filter.service {
            push(&mut sql, " AND service = ?", service.clone());
        }
        if let Some(target) = &filter.target {
            // Lower-cased on both sides: PostgreSQL's LIKE minds case, SQLite's does not.
            push(
                &mut sql,
                " AND LOWER(target) LIKE ?",
                format!("%{}%", like_escape(&target.to_lowercase())),
            );
            sql.push_str(" ESCAPE '\\'");
        }
        if let Some(target) = &filter.exact_target {
            push(&mut sql, " AND target = ?", target.clone());
        }
        if let Some(outcome) = &filter.outcome {
            push(&mut sql, " AND outcome = ?", outcome.clone());
        }
        if let Some(since) = &filter.since {
            push(&mut sql, " AND at >= ?", since.clone());
        }
        if let Some(until) = &filter.until {
            push(&mut sql, " AND at <= ?", until.clone());
        }
        sql.push_str(&format!(
            " ORDER BY seq DESC LIMIT {} OFFSET {offset}",
            u64::from(limit) + 1
        ));
        let mut query = sqlx::query(&sql);
        for value in binds {
            query = query.bind(value);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut records: Vec<Record> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
        let more = records.len() > limit as usize;
        records.truncate(limit as usize);
        Ok((records, more))
    }

    /// Runs a statement on the audit database: for tests that tamper with it.
    #[doc(hidden)]
    pub async fn execute_for_tests(&self, sql: &str) -> Result<u64, AuditError> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `sqlite://path` as sqlx wants it: created if missing (with its directory).
fn sqlite_url(url: &str) -> Result<String, AuditError> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| AuditError::Open(format!("not a sqlite URL: {url}")))?;
    if path.contains(":memory:") {
        return Ok("sqlite::memory:".to_owned());
    }
    let path = path.split('?').next().unwrap_or(path);
    if let Some(dir) = Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| AuditError::Open(format!("{}: {e}", dir.display())))?;
    }
    Ok(format!("sqlite://{path}?mode=rwc"))
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .map(|text| {
            // Milliseconds, always: the text sorts as the time does.
            let (seconds, _) = text
                .split_once('.')
                .unwrap_or((text.trim_end_matches('Z'), ""));
            format!("{seconds}.{:03}Z", now.millisecond())
        })
        .unwrap_or_default()
}

fn from_row(row: &AnyRow) -> Result<Record, AuditError> {
    let seq: i64 = row.try_get("seq")?;
    let bad = || AuditError::Unreadable(seq);
    let text = |name: &str| row.try_get::<String, _>(name);
    let optional = |name: &str| row.try_get::<Option<String>, _>(name);
    let role = match text("role")?.as_str() {
        "admin" => Role::Admin,
        "helpdesk" => Role::Helpdesk,
        "viewer" => Role::Viewer,
        _ => return Err(bad()),
    };
    let changes: Vec<Change> = serde_json::from_str(&text("changes")?).map_err(|_| bad())?;
    let aws_request_ids: Vec<String> =
        serde_json::from_str(&text("aws_request_ids")?).map_err(|_| bad())?;
    let entry = Entry {
        phase: Phase::parse(&text("phase")?).ok_or_else(bad)?,
        intent: row.try_get::<Option<i64>, _>("intent_seq")?,
        action: Action::parse(&text("action")?).ok_or_else(bad)?,
        actor: Actor {
            subject: text("actor_subject")?,
            name: text("actor_name")?,
            email: optional("actor_email")?,
            role,
            mode: text("sign_in_mode")?,
            client_ip: optional("client_ip")?,
        },
        service: optional("service")?,
        location: text("location")?,
        target: optional("target")?,
        changes,
        outcome: Outcome::from_parts(&text("outcome")?, optional("outcome_code")?)
            .ok_or_else(bad)?,
        aws_request_ids,
        request_id: text("request_id")?,
        duration_ms: row
            .try_get::<Option<i64>, _>("duration_ms")?
            .map(|d| u64::try_from(d).unwrap_or(0)),
    };
    Ok(Record {
        seq,
        at: text("at")?,
        entry,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}
