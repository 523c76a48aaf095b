//! What an edit changes: the members of `userDetails` it sends ([`patch`]), and the changes the
//! confirmation lists.

use super::{InviteCodeTtl, WickrUserRecord, WickrUserUpdate};
use crate::forms::{FieldChange, yes_no};

/// The members of `userDetails` an edit sends: only those that differ from the record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WickrUserPatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    /// Sent as a one-item `securityGroupIds`: Wickr allows exactly one group per user.
    pub security_group_id: Option<String>,
    pub invite_code: Option<String>,
    pub invite_code_ttl: Option<i32>,
    pub code_validation: Option<bool>,
}

impl WickrUserPatch {
    pub fn is_empty(&self) -> bool {
        *self == WickrUserPatch::default()
    }
}

/// What `update` changes about `before`, as the members to send.
pub fn patch(before: &WickrUserRecord, update: &WickrUserUpdate) -> WickrUserPatch {
    let differs = |old: &str, new: &str| (old != new).then(|| new.to_owned());
    WickrUserPatch {
        first_name: differs(&before.first_name, &update.first_name),
        last_name: differs(&before.last_name, &update.last_name),
        username: differs(&before.username, update.username.as_str()),
        security_group_id: update
            .security_group
            .as_ref()
            .and_then(|g| differs(before.current_group().unwrap_or_default(), g.as_str())),
        invite_code: update.invite_code.as_ref().and_then(|c| {
            differs(
                before.invite_code.as_deref().unwrap_or_default(),
                c.as_str(),
            )
        }),
        // A TTL sets a new expiry from now, so any TTL given is a change.
        invite_code_ttl: update.invite_code_ttl.map(InviteCodeTtl::days),
        code_validation: (before.code_validation() != update.code_validation)
            .then_some(update.code_validation),
    }
}

/// The review of an edit: old → new for each member that will be sent.
pub fn changes(before: &WickrUserRecord, update: &WickrUserUpdate) -> Vec<FieldChange> {
    let patch = patch(before, update);
    let group_label = |id: &str| {
        if id.is_empty() {
            String::new()
        } else {
            before.group_name(id).to_owned()
        }
    };
    [
        patch
            .username
            .map(|new| FieldChange::plain("username", "Username", before.username.clone(), new)),
        patch.first_name.map(|new| {
            FieldChange::plain("first_name", "First name", before.first_name.clone(), new)
        }),
        patch
            .last_name
            .map(|new| FieldChange::plain("last_name", "Last name", before.last_name.clone(), new)),
        patch.security_group_id.map(|new| {
            FieldChange::plain(
                "security_group_id",
                "Security group",
                before.group_names(),
                group_label(&new),
            )
        }),
        patch.invite_code.map(|new| {
            FieldChange::plain(
                "invite_code",
                "Invite code",
                before.invite_code.clone().unwrap_or_default(),
                new,
            )
        }),
        patch.invite_code_ttl.map(|days| {
            FieldChange::plain(
                "invite_code_ttl",
                "Invite code TTL",
                String::new(),
                if days == 1 {
                    "1 day from now".to_owned()
                } else {
                    format!("{days} days from now")
                },
            )
        }),
        patch.code_validation.map(|new| {
            FieldChange::plain(
                "code_validation",
                "Code validation",
                yes_no(before.code_validation()),
                yes_no(new),
            )
        }),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .collect()
}
