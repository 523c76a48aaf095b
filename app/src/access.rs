//! Roles and what each may change: one rule, compiled into the browser (which shows only
//! what the role may do) and the server (whose edit pipeline refuses everything else, per
//! field, whatever was posted).

use serde::{Deserialize, Serialize};

use crate::services::ServiceId;

/// What a person may do, from their IdP groups (`[auth.roles]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Every edit.
    Admin,
    /// Password resets: the fields each slice lists in `ABOUT.helpdesk_fields`.
    Helpdesk,
    /// Read only.
    Viewer,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Helpdesk => "helpdesk",
            Role::Viewer => "viewer",
        }
    }
}

/// Declares [`Task`] from one list, `Variant => "name", "label";`: the enum (each variant
/// serialized as its name), [`Task::ALL`], [`Task::as_str`] and [`Task::label`], so a task
/// cannot be missing from `ALL` or lack a name.
macro_rules! tasks {
    ($($(#[$meta:meta])* $variant:ident => $name:literal, $label:literal;)+) => {
        /// A helpdesk action: one step with its own button and confirmation, rather than an
        /// edit of fields. Each runs through the edit pipeline like an edit and is audited
        /// under its name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Task {
            $($(#[$meta])* #[serde(rename = $name)] $variant),+
        }

        impl Task {
            pub const ALL: [Task; [$($name),+].len()] = [$(Task::$variant),+];

            /// Its name in the audit record and the log.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Task::$variant => $name),+
                }
            }

            /// What it is called on the page, in a sentence ("Rebooting a broker needs…").
            pub fn label(self) -> &'static str {
                match self {
                    $(Task::$variant => $label),+
                }
            }
        }
    };
}

tasks! {
    /// A new password for a MemoryDB or MQ user (generated or typed).
    PasswordReset => "password_reset", "Resetting a password";
    /// Restarting an MQ broker, which applies its users' pending changes.
    RebootBroker => "reboot_broker", "Rebooting a broker";
    /// Signing a Wickr user out of all their devices.
    ResetDevices => "reset_devices", "Resetting a user's devices";
    SuspendUser => "suspend_user", "Suspending a user";
    UnsuspendUser => "unsuspend_user", "Unsuspending a user";
    /// Sending a Wickr user's invitation again.
    ReinviteUser => "reinvite_user", "Re-sending an invitation";
}

impl Task {
    /// The role a task needs at least. A reboot interrupts every client of the broker, so
    /// it stays with admins; the rest is what the helpdesk is for.
    pub fn needs(self) -> Role {
        match self {
            Task::RebootBroker => Role::Admin,
            _ => Role::Helpdesk,
        }
    }
}

impl Role {
    /// Whether this role may carry out `task`.
    pub fn may(self, task: Task) -> bool {
        match self {
            Role::Admin => true,
            Role::Helpdesk => task.needs() == Role::Helpdesk,
            Role::Viewer => false,
        }
    }
}

/// What `role` may change on `service`'s users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldAccess {
    pub role: Role,
    pub service: ServiceId,
}

impl FieldAccess {
    /// Whether the role may change `field` (a form field / `FieldChange::field` name).
    pub fn may_edit(self, field: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Helpdesk => self.service.about().helpdesk_fields.contains(&field),
            Role::Viewer => false,
        }
    }

    /// Whether the role may change anything on this service.
    pub fn may_edit_any(self) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Helpdesk => !self.service.about().helpdesk_fields.is_empty(),
            Role::Viewer => false,
        }
    }

    /// Why the form is read-only for this role, if it is.
    pub fn locked_reason(self) -> Option<String> {
        match self.role {
            _ if self.may_edit_any() => None,
            Role::Viewer => {
                Some("Your role is viewer: you can look at users but not change them.".to_owned())
            }
            _ => Some(format!(
                "Your role is {}: changing {} users needs the admin role.",
                self.role.name(),
                self.service.name()
            )),
        }
    }
}

#[cfg(test)]
mod tests;
