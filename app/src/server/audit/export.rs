//! The audit log as CSV or JSON Lines: what `userdesk audit export` prints and the Audit
//! page downloads. Values from AWS are hostile: a CSV cell that a spreadsheet would read as
//! a formula is prefixed with `'`.

use super::record::Record;

/// One JSON object per line, as stored (with `seq`, `at`, the hashes).
pub fn jsonl(records: &[Record]) -> String {
    let mut out = String::new();
    for record in records {
        out.push_str(&serde_json::to_string(record).unwrap_or_default());
        out.push('\n');
    }
    out
}

pub const CSV_HEADER: [&str; 20] = [
    "seq",
    "at",
    "phase",
    "intent",
    "action",
    "actor",
    "actor_name",
    "actor_email",
    "role",
    "sign_in_mode",
    "client_ip",
    "service",
    "location",
    "target",
    "changes",
    "outcome",
    "outcome_code",
    "aws_request_ids",
    "request_id",
    "duration_ms",
];

/// RFC 4180 CSV with a header row; `changes` as "label: before → after; …" (secrets:
/// "label: changed").
pub fn csv(records: &[Record]) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for record in records {
        let e = &record.entry;
        let changes = e
            .changes
            .iter()
            .map(super::Change::summary)
            .collect::<Vec<_>>()
            .join("; ");
        let row = [
            record.seq.to_string(),
            record.at.clone(),
            e.phase.as_str().to_owned(),
            e.intent.map(|i| i.to_string()).unwrap_or_default(),
            e.action.as_str().to_owned(),
            e.actor.subject.clone(),
            e.actor.name.clone(),
            e.actor.email.clone().unwrap_or_default(),
            e.actor.role.name().to_owned(),
            e.actor.mode.clone(),
            e.actor.client_ip.clone().unwrap_or_default(),
            e.service.clone().unwrap_or_default(),
            e.location.clone(),
            e.target.clone().unwrap_or_default(),
            changes,
            e.outcome.kind().to_owned(),
            e.outcome.code().unwrap_or_default().to_owned(),
            e.aws_request_ids.join(" "),
            e.request_id.clone(),
            e.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(value: &str) -> String {
    // A spreadsheet runs a cell starting with these as a formula.
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests;
