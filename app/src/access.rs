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

/// A helpdesk action: one step with its own button and confirmation, rather than an edit of
/// fields. Each runs through the edit pipeline like an edit and is audited under its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// A new password for a MemoryDB or MQ user (generated or typed).
    PasswordReset,
    /// Restarting an MQ broker, which applies its users' pending changes.
    RebootBroker,
    /// Signing a Wickr user out of all their devices.
    ResetDevices,
    SuspendUser,
    UnsuspendUser,
    /// Sending a Wickr user's invitation again.
    ReinviteUser,
}

impl Task {
    pub const ALL: [Task; 6] = [
        Task::PasswordReset,
        Task::RebootBroker,
        Task::ResetDevices,
        Task::SuspendUser,
        Task::UnsuspendUser,
        Task::ReinviteUser,
    ];

    /// Its name in the audit record and the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::PasswordReset => "password_reset",
            Task::RebootBroker => "reboot_broker",
            Task::ResetDevices => "reset_devices",
            Task::SuspendUser => "suspend_user",
            Task::UnsuspendUser => "unsuspend_user",
            Task::ReinviteUser => "reinvite_user",
        }
    }

    /// What it is called on the page, in a sentence ("Rebooting a broker needs…").
    pub fn label(self) -> &'static str {
        match self {
            Task::PasswordReset => "Resetting a password",
            Task::RebootBroker => "Rebooting a broker",
            Task::ResetDevices => "Resetting a user's devices",
            Task::SuspendUser => "Suspending a user",
            Task::UnsuspendUser => "Unsuspending a user",
            Task::ReinviteUser => "Re-sending an invitation",
        }
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
mod tests {
    use super::*;

    #[test]
    fn helpdesk_changes_passwords_of_memorydb_and_mq_users_only() {
        for service in ServiceId::ALL {
            let access = FieldAccess {
                role: Role::Helpdesk,
                service,
            };
            let fields = service.about().helpdesk_fields;
            match service {
                ServiceId::MemoryDb => {
                    assert_eq!(fields, ["password_1", "password_2", "password_count"])
                }
                ServiceId::Mq => assert_eq!(fields, ["password"]),
                _ => assert!(fields.is_empty(), "{service:?}"),
            }
            assert_eq!(access.may_edit_any(), !fields.is_empty());
            for field in fields {
                assert!(access.may_edit(field));
            }
        }
    }

    #[test]
    fn helpdesk_does_every_task_but_rebooting_and_viewers_none() {
        for task in Task::ALL {
            assert!(Role::Admin.may(task), "{task:?}");
            assert!(!Role::Viewer.may(task), "{task:?}");
            assert_eq!(
                Role::Helpdesk.may(task),
                task != Task::RebootBroker,
                "{task:?}"
            );
        }
    }

    #[test]
    fn admins_change_everything_and_viewers_nothing() {
        for service in ServiceId::ALL {
            let admin = FieldAccess {
                role: Role::Admin,
                service,
            };
            let viewer = FieldAccess {
                role: Role::Viewer,
                service,
            };
            assert!(admin.may_edit("anything") && admin.locked_reason().is_none());
            assert!(!viewer.may_edit("password") && !viewer.may_edit_any());
            assert_eq!(
                viewer.locked_reason().as_deref(),
                Some("Your role is viewer: you can look at users but not change them.")
            );
        }
        let helpdesk_on_wickr = FieldAccess {
            role: Role::Helpdesk,
            service: ServiceId::Wickr,
        };
        assert_eq!(
            helpdesk_on_wickr.locked_reason().as_deref(),
            Some("Your role is helpdesk: changing AWS Wickr users needs the admin role.")
        );
    }
}
