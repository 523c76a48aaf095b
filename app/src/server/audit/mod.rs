//! The audit log: a record for every attempted change (and every refused one), written by the
//! edit pipeline — the intent before the AWS call, the outcome after — into an append-only,
//! hash-chained table ([`store`]), and mirrored as one JSON log line (target `audit`) for log
//! shippers. Secrets never reach it: a secret field is recorded as "changed", without a value.

pub mod export;
pub mod observe;
pub mod record;
pub mod store;
pub mod view;

pub use observe::{Observed, RequestIds};
pub use record::{Action, Actor, Broken, Change, Entry, Outcome, Phase, Record};
pub use store::{AuditError, AuditStore, Filter};

/// The audit log of a running dashboard.
#[derive(Debug)]
pub struct Audit {
    store: AuditStore,
}

impl Audit {
    pub async fn open(url: &str) -> Result<Audit, AuditError> {
        Ok(Audit {
            store: AuditStore::open(url).await?,
        })
    }

    pub fn store(&self) -> &AuditStore {
        &self.store
    }

    /// Stores `entry` and writes it as the `audit` log line.
    pub async fn write(&self, entry: &Entry) -> Result<Record, AuditError> {
        let record = self.store.append(entry).await?;
        siem(&record);
        Ok(record)
    }

    /// [`Audit::write`] for a record whose loss must not stop the request (an outcome, a
    /// refusal): a failure is logged loudly instead.
    pub async fn write_or_log(&self, entry: &Entry) {
        if let Err(error) = self.write(entry).await {
            tracing::error!(%error, action = entry.action.as_str(), phase = entry.phase.as_str(), "could not write an audit record");
        }
    }
}

/// One JSON line per record, `target = "audit"`: with `log_format = "json"` a log shipper
/// reads it as is; the record's own JSON is in `record`.
fn siem(record: &Record) {
    let json = serde_json::to_string(record).unwrap_or_default();
    tracing::info!(target: "audit", record = %json, "audit record");
}
