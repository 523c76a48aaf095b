//! What every user edit form shares: field errors, the change list shown for review and
//! highlighted after submit, the record view, and the form building blocks (`fields`, `flow`) and the user page around them (`user_page`).
//!
//! A service's slice provides: a `Form` (the raw strings of its inputs, serde-able so it is
//! also the server function's argument), a typed `…Update` that only `TryFrom<&Form>` builds
//! (the rules live in the slice's `model.rs`, compiled into the browser and the server), a
//! `Record`, and `changes(before, update)`; on the server it implements `pipeline::Edit`, so
//! every update runs the same steps.

use serde::{Deserialize, Serialize};

pub mod fields;
pub mod flow;
#[cfg(feature = "ssr")]
pub mod pipeline;
pub mod user_page;

/// A rule a field broke: the input's `name` and a message that names the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The message for `field` among `errors`, if any.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// One field's change, old → new. Secrets show only that they change, never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The input's `name`, also the key of the matching [`RecordField`].
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
    pub secret: bool,
}

/// How the log and the audit record name a user: "user alice", or "user alice of broker b-1"
/// for one that lives in something. The user page asks the audit log for the same name.
pub fn audit_target(user: &str, container: Option<(&str, &str)>) -> String {
    match container {
        Some((noun, id)) => format!("user {user} of {noun} {id}"),
        None => format!("user {user}"),
    }
}

/// The notice of a submit that changed nothing (and so sent nothing to AWS). Outside the
/// ssr-only pipeline so browser code can name it too.
pub const NOTHING_CHANGED: &str = "Nothing changed, so nothing was sent to AWS.";

/// What a review shows for a secret that will change.
pub const WILL_BE_CHANGED: &str = "will be changed";

impl FieldChange {
    /// A change of a visible value, or `None` when the value stays the same.
    pub fn plain(
        field: &str,
        label: &str,
        before: impl Into<String>,
        after: impl Into<String>,
    ) -> Option<FieldChange> {
        let (before, after) = (before.into(), after.into());
        (before != after).then(|| FieldChange {
            field: field.to_owned(),
            label: label.to_owned(),
            before,
            after,
            secret: false,
        })
    }

    /// A secret (password) that will be replaced.
    pub fn secret(field: &str, label: &str) -> FieldChange {
        FieldChange {
            field: field.to_owned(),
            label: label.to_owned(),
            before: String::new(),
            after: WILL_BE_CHANGED.to_owned(),
            secret: true,
        }
    }
}

/// Shows an empty value as "—" in reviews and records, so "cleared" is visible.
pub fn shown(value: &str) -> String {
    if value.trim().is_empty() {
        "—".to_owned()
    } else {
        value.to_owned()
    }
}

/// A yes/no value as the pages show it.
pub fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// One labelled value of a record; `key` matches the [`FieldChange::field`] that changes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordField {
    pub key: String,
    pub label: String,
    pub value: String,
}

/// A user record as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub title: String,
    pub fields: Vec<RecordField>,
}

impl RecordView {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            fields: Vec::new(),
        }
    }

    /// Adds a field (builder style).
    pub fn field(mut self, key: &str, label: &str, value: impl Into<String>) -> Self {
        self.fields.push(RecordField {
            key: key.to_owned(),
            label: label.to_owned(),
            value: shown(&value.into()),
        });
        self
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
    }
}

/// What a successful submit returns: the record before, the record AWS returned, what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub before: RecordView,
    pub after: RecordView,
    pub changes: Vec<FieldChange>,
    /// Something the person must know about the result (e.g. MQ applies at the next reboot).
    pub notice: Option<String>,
}

impl Outcome {
    /// Keys of the record fields whose value differs between before and after.
    pub fn changed_keys(&self) -> Vec<String> {
        self.after
            .fields
            .iter()
            .filter(|f| self.before.value(&f.key) != Some(f.value.as_str()))
            .map(|f| f.key.clone())
            .collect()
    }
}

/// What a plain (no-JavaScript) form post left for the page it was redirected to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Flash {
    Done(Outcome),
    /// The submitted form (secrets blanked) as JSON text, and why it failed. Text rather than
    /// a `serde_json::Value`: the browser then reads each form with the text reader it already
    /// has for the page's data, without serde_json's `Value` machinery ("" when not kept).
    Failed {
        form: String,
        error: crate::error::AppError,
    },
}

/// The name of a form input for field `field` of a server function's `form` argument.
pub fn input_name(field: &str) -> String {
    format!("form[{field}]")
}

#[cfg(test)]
mod tests;
