//! Amazon MQ (ActiveMQ) user rules, records and changes — compiled into the browser and the
//! server alike, so the form shows a rule before the server enforces it again.
//!
//! AWS's limits, as Amazon MQ's service model states them: username and group names 2–100 of letters,
//! digits, `- . _ ~`; at most 20 groups; password at least 12 characters with at least 4
//! unique ones and none of `,` `:` `=` (AWS also caps it at 250).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::forms::{FieldChange, FieldError, RecordView, yes_no};

pub const MAX_GROUPS: usize = 20;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 250;
pub const PASSWORD_MIN_UNIQUE: usize = 4;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn name_rule(value: &str) -> bool {
    (2..=100).contains(&value.chars().count()) && value.chars().all(is_name_char)
}

/// A broker's id as it appears in URLs (`b-` + uuid on AWS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerId(String);

impl BrokerId {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let ok = (1..=50).contains(&value.len())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::new(
                "broker_id",
                "Broker id must be 1–50 letters, digits or hyphens",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ActiveMQ username: 2–100 of letters, digits, `- . _ ~`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MqUsername(String);

impl MqUsername {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        if name_rule(value) {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::new(
                "username",
                "Username must be 2–100 characters: letters, digits, - . _ or ~",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A group name, same rule as usernames.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GroupName(String);

impl GroupName {
    pub fn parse(value: &str) -> Result<Self, String> {
        if name_rule(value) {
            Ok(Self(value.to_owned()))
        } else {
            // Quote at most a few dozen characters: the message goes back to the page.
            let shown: String = value.chars().take(40).collect();
            let ellipsis = if value.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            Err(format!(
                "Group “{shown}{ellipsis}” must be 2–100 characters: letters, digits, - . _ or ~"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The groups typed in one input, separated by commas, spaces or new lines.
pub fn parse_groups(text: &str) -> Result<Vec<GroupName>, FieldError> {
    let mut seen = BTreeSet::new();
    let mut groups = Vec::new();
    for raw in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        let group = GroupName::parse(raw).map_err(|m| FieldError::new("groups", m))?;
        if seen.insert(group.clone()) {
            groups.push(group);
        }
    }
    if groups.len() > MAX_GROUPS {
        return Err(FieldError::new(
            "groups",
            format!(
                "Groups: at most {MAX_GROUPS} groups (there are {})",
                groups.len()
            ),
        ));
    }
    Ok(groups)
}

/// A new broker password. Its value never prints (`Debug` hides it) and never serializes.
#[derive(Clone, PartialEq, Eq)]
pub struct MqPassword(String);

impl fmt::Debug for MqPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MqPassword(<redacted>)")
    }
}

impl MqPassword {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let err = |m: String| Err(FieldError::new("password", m));
        let n = value.chars().count();
        if n < PASSWORD_MIN {
            return err(format!(
                "Password must be at least {PASSWORD_MIN} characters (it has {n})"
            ));
        }
        if n > PASSWORD_MAX {
            return err(format!(
                "Password must be at most {PASSWORD_MAX} characters (it has {n})"
            ));
        }
        if value.contains([',', ':', '=']) {
            return err(
                "Password must not contain a comma, colon or equals sign (, : =)".to_owned(),
            );
        }
        let unique = value.chars().collect::<BTreeSet<_>>().len();
        if unique < PASSWORD_MIN_UNIQUE {
            return err(format!(
                "Password must use at least {PASSWORD_MIN_UNIQUE} different characters (it uses {unique})"
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The password, for the SDK call only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The form's inputs as typed (the server function's argument; names are the input names).
/// `Debug` is written by hand: it must never print the password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqUserForm {
    pub broker_id: String,
    pub username: String,
    /// Blank keeps the current password.
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub groups: String,
    /// "on" when ticked; browsers send nothing for an unticked box.
    #[serde(default)]
    pub console_access: Option<String>,
    #[serde(default)]
    pub replication_user: Option<String>,
}

impl fmt::Debug for MqUserForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MqUserForm")
            .field("broker_id", &self.broker_id)
            .field("username", &self.username)
            .field(
                "password",
                &if self.password.is_empty() {
                    ""
                } else {
                    "<redacted>"
                },
            )
            .field("groups", &self.groups)
            .field("console_access", &self.console_access)
            .field("replication_user", &self.replication_user)
            .finish()
    }
}

impl MqUserForm {
    /// The same form without its password, to keep or send back after a failed submit.
    pub fn without_secrets(&self) -> MqUserForm {
        MqUserForm {
            password: String::new(),
            ..self.clone()
        }
    }
}

fn ticked(value: &Option<String>) -> bool {
    value
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "off" && v != "false")
}

/// A checked MQ user change: what `UpdateUser` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MqUserUpdate {
    pub broker_id: BrokerId,
    pub username: MqUsername,
    pub password: Option<MqPassword>,
    pub groups: Vec<GroupName>,
    pub console_access: bool,
    pub replication_user: bool,
}

impl TryFrom<&MqUserForm> for MqUserUpdate {
    type Error = Vec<FieldError>;

    fn try_from(form: &MqUserForm) -> Result<Self, Self::Error> {
        let mut errors = Vec::new();
        let broker_id = BrokerId::parse(&form.broker_id)
            .map_err(|e| errors.push(e))
            .ok();
        let username = MqUsername::parse(&form.username)
            .map_err(|e| errors.push(e))
            .ok();
        let password = if form.password.is_empty() {
            Some(None)
        } else {
            MqPassword::parse(&form.password)
                .map(Some)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let groups = parse_groups(&form.groups).map_err(|e| errors.push(e)).ok();
        match (broker_id, username, password, groups) {
            (Some(broker_id), Some(username), Some(password), Some(groups))
                if errors.is_empty() =>
            {
                Ok(MqUserUpdate {
                    broker_id,
                    username,
                    password,
                    groups,
                    console_access: ticked(&form.console_access),
                    replication_user: ticked(&form.replication_user),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A change that waits for the broker's next reboot, as `DescribeUser` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqPending {
    /// CREATE, UPDATE or DELETE.
    pub change: String,
    pub console_access: Option<bool>,
    pub groups: Vec<String>,
}

/// An ActiveMQ user as `DescribeUser` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqUserRecord {
    pub broker_id: String,
    pub username: String,
    pub console_access: bool,
    pub groups: Vec<String>,
    pub replication_user: bool,
    pub pending: Option<MqPending>,
}

impl MqUserRecord {
    /// The values the broker will have after its next reboot: pending ones where there are any.
    pub fn effective_groups(&self) -> Vec<String> {
        match &self.pending {
            Some(p) => p.groups.clone(),
            None => self.groups.clone(),
        }
    }

    pub fn effective_console_access(&self) -> bool {
        self.pending
            .as_ref()
            .and_then(|p| p.console_access)
            .unwrap_or(self.console_access)
    }

    /// The form as it opens: the latest intended values (pending over live).
    pub fn to_form(&self) -> MqUserForm {
        MqUserForm {
            broker_id: self.broker_id.clone(),
            username: self.username.clone(),
            password: String::new(),
            groups: self.effective_groups().join(", "),
            console_access: self.effective_console_access().then(|| "on".to_owned()),
            replication_user: self.replication_user.then(|| "on".to_owned()),
        }
    }

    pub fn view(&self) -> RecordView {
        let pending = self.pending.as_ref();
        RecordView::new(self.username.clone())
            .field("username", "Username", self.username.clone())
            .field(
                "console_access",
                "Console access",
                yes_no(self.console_access),
            )
            .field("groups", "Groups", self.groups.join(", "))
            .field(
                "replication_user",
                "Replication user",
                yes_no(self.replication_user),
            )
            .field(
                "pending_change",
                "Pending change",
                pending.map(|p| p.change.clone()).unwrap_or_default(),
            )
            .field(
                "pending_console_access",
                "Console access after reboot",
                pending
                    .and_then(|p| p.console_access)
                    .map(yes_no)
                    .unwrap_or_default(),
            )
            .field(
                "pending_groups",
                "Groups after reboot",
                pending.map(|p| p.groups.join(", ")).unwrap_or_default(),
            )
    }
}

/// What an update changes against the record, old → new (pending values count as current).
pub fn changes(before: &MqUserRecord, update: &MqUserUpdate) -> Vec<FieldChange> {
    let new_groups: Vec<&str> = update.groups.iter().map(GroupName::as_str).collect();
    [
        update
            .password
            .as_ref()
            .map(|_| FieldChange::secret("password", "Password")),
        FieldChange::plain(
            "groups",
            "Groups",
            before.effective_groups().join(", "),
            new_groups.join(", "),
        ),
        FieldChange::plain(
            "console_access",
            "Console access",
            yes_no(before.effective_console_access()),
            yes_no(update.console_access),
        ),
        FieldChange::plain(
            "replication_user",
            "Replication user",
            yes_no(before.replication_user),
            yes_no(update.replication_user),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Shown with every result: the change is not live until the broker restarts.
pub const APPLIED_AT_REBOOT: &str = "ActiveMQ applies user changes at the broker's next reboot or maintenance window; until then they show as pending.";

#[cfg(test)]
mod tests;
