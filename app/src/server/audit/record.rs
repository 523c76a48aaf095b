//! What one audit record says, and how it is chained to the one before it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::access::{Role, Task};
use crate::forms::FieldChange;

/// What was attempted. Written as its one-word name (`change_user`, `password_reset`), in
/// the store, the exports and the chained hash alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A change to a user of one of the services (their update operation).
    ChangeUser,
    SignIn,
    /// Signed in at the provider, but in no group that gives a role.
    SignInRefused,
    SignOut,
    /// A helpdesk action (a password reset, a reboot, a Wickr device reset…), under its own
    /// name: `password_reset`, never with the value.
    Task(Task),
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ChangeUser => "change_user",
            Action::SignIn => "sign_in",
            Action::SignInRefused => "sign_in_refused",
            Action::SignOut => "sign_out",
            Action::Task(task) => task.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        [
            Action::ChangeUser,
            Action::SignIn,
            Action::SignInRefused,
            Action::SignOut,
        ]
        .into_iter()
        .chain(Task::ALL.map(Action::Task))
        .find(|a| a.as_str() == text)
    }
}

impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Action::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown audit action {text:?}")))
    }
}

/// Where a record stands in a change's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Written before the AWS call: alone (no outcome record naming it), the outcome is unknown.
    Intent,
    /// Written after the AWS call, naming its intent.
    Outcome,
    /// Decided without a write to AWS: refused, invalid, nothing changed, a sign-in.
    Complete,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Intent => "intent",
            Phase::Outcome => "outcome",
            Phase::Complete => "complete",
        }
    }

    pub fn parse(text: &str) -> Option<Phase> {
        [Phase::Intent, Phase::Outcome, Phase::Complete]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// How it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Outcome {
    /// Sent to AWS; the outcome record has not been written (yet, or ever).
    Unknown,
    Succeeded,
    /// Nothing differed, so nothing was sent.
    Unchanged,
    /// The input broke a rule; nothing was sent.
    Invalid,
    /// The role does not allow it; nothing was sent.
    Forbidden,
    /// AWS answered with this error code.
    AwsError(String),
    /// It failed before AWS answered (unreachable, timed out…), in userdesk's words.
    Failed(String),
}

impl Outcome {
    /// The name stored in the `outcome` column and used by filters.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Unknown => "unknown",
            Outcome::Succeeded => "succeeded",
            Outcome::Unchanged => "unchanged",
            Outcome::Invalid => "invalid",
            Outcome::Forbidden => "forbidden",
            Outcome::AwsError(_) => "aws_error",
            Outcome::Failed(_) => "failed",
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::AwsError(code) | Outcome::Failed(code) => Some(code),
            _ => None,
        }
    }

    pub fn from_parts(kind: &str, code: Option<String>) -> Option<Outcome> {
        Some(match kind {
            "unknown" => Outcome::Unknown,
            "succeeded" => Outcome::Succeeded,
            "unchanged" => Outcome::Unchanged,
            "invalid" => Outcome::Invalid,
            "forbidden" => Outcome::Forbidden,
            "aws_error" => Outcome::AwsError(code.unwrap_or_default()),
            "failed" => Outcome::Failed(code.unwrap_or_default()),
            _ => return None,
        })
    }
}

/// Who did it, and from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The IdP subject (or the proxy's user, the demo person's id, `local-admin`).
    pub subject: String,
    pub name: String,
    /// As the identity provider gave it, when it did.
    #[serde(default)]
    pub email: Option<String>,
    pub role: Role,
    /// `[auth] mode` at the time.
    pub mode: String,
    pub client_ip: Option<String>,
}

/// One field of a change. A secret's values are never kept, not even hashed: only that it
/// changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub secret: bool,
}

impl From<&FieldChange> for Change {
    fn from(change: &FieldChange) -> Change {
        let value = |v: &str| (!change.secret).then(|| v.to_owned());
        Change {
            field: change.field.clone(),
            label: change.label.clone(),
            before: value(&change.before),
            after: value(&change.after),
            secret: change.secret,
        }
    }
}

impl Change {
    /// `label: before → after`, or `label: changed` for a secret.
    pub fn summary(&self) -> String {
        if self.secret {
            format!("{}: changed", self.label)
        } else {
            format!(
                "{}: {} → {}",
                self.label,
                crate::forms::shown(self.before.as_deref().unwrap_or_default()),
                crate::forms::shown(self.after.as_deref().unwrap_or_default())
            )
        }
    }
}

/// A record as the pipeline writes it, before the store numbers and chains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub phase: Phase,
    /// For an outcome: the sequence number of its intent.
    pub intent: Option<i64>,
    pub action: Action,
    pub actor: Actor,
    /// The service's slug, for changes.
    pub service: Option<String>,
    /// `SANDBOX` or `AWS <region>` (and the account, when known).
    pub location: String,
    /// Which resource and user: ids only.
    pub target: Option<String>,
    pub changes: Vec<Change>,
    pub outcome: Outcome,
    /// The ids AWS gave the calls of this change (`x-amzn-RequestId`).
    pub aws_request_ids: Vec<String>,
    /// userdesk's request id (the reference people quote).
    pub request_id: String,
    pub duration_ms: Option<u64>,
}

/// An entry as stored: numbered, timed and chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// 1, 2, 3…: a gap means a deleted record.
    pub seq: i64,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    #[serde(flatten)]
    pub entry: Entry,
    /// The hash of record `seq - 1` (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this record's content.
    pub hash: String,
}

/// What the first record follows.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of a record with these contents following `prev_hash`: SHA-256 of the previous
/// hash, a newline, and the record's JSON without its own hash (fields in a fixed order).
pub fn hash(seq: i64, at: &str, entry: &Entry, prev_hash: &str) -> String {
    #[derive(Serialize)]
    struct Hashed<'a> {
        seq: i64,
        at: &'a str,
        entry: &'a Entry,
    }
    let body = serde_json::to_vec(&Hashed { seq, at, entry }).unwrap_or_default();
    let mut digest = Sha256::new();
    digest.update(prev_hash.as_bytes());
    digest.update(b"\n");
    digest.update(&body);
    hex::encode(digest.finalize())
}

/// Why a log is not intact: the first record that breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    #[error("record {seq} is missing (the log jumps from {after} to {seq_found})")]
    Missing {
        seq: i64,
        after: i64,
        seq_found: i64,
    },
    #[error("record {seq} was edited: its content does not match its hash")]
    Edited { seq: i64 },
    #[error(
        "record {seq} does not follow record {previous}: the log was reordered or a record replaced"
    )]
    Unlinked { seq: i64, previous: i64 },
}

impl Broken {
    /// The record the break was found at.
    pub fn seq(&self) -> i64 {
        match self {
            Broken::Missing { seq, .. } | Broken::Edited { seq } | Broken::Unlinked { seq, .. } => {
                *seq
            }
        }
    }
}

/// Checks records in sequence order: numbered 1, 2, 3… without gaps, each hash over its own
/// content, each linked to the one before. Returns how many were checked.
pub fn verify<'a>(records: impl IntoIterator<Item = &'a Record>) -> Result<u64, Broken> {
    let mut previous: Option<&Record> = None;
    let mut checked = 0;
    for record in records {
        let expected_seq = previous.map_or(1, |p| p.seq + 1);
        if record.seq != expected_seq {
            return Err(Broken::Missing {
                seq: expected_seq,
                after: expected_seq - 1,
                seq_found: record.seq,
            });
        }
        if hash(record.seq, &record.at, &record.entry, &record.prev_hash) != record.hash {
            return Err(Broken::Edited { seq: record.seq });
        }
        let expected_prev = previous.map_or(GENESIS, |p| p.hash.as_str());
        if record.prev_hash != expected_prev {
            return Err(Broken::Unlinked {
                seq: record.seq,
                previous: expected_seq - 1,
            });
        }
        previous = Some(record);
        checked += 1;
    }
    Ok(checked)
}

#[cfg(test)]
mod tests;
