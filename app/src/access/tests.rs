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
fn every_task_is_listed_once_and_serialized_as_its_name() {
    // The names are stored in audit records: they must not change.
    assert_eq!(
        Task::ALL.map(Task::as_str),
        [
            "password_reset",
            "reboot_broker",
            "reset_devices",
            "suspend_user",
            "unsuspend_user",
            "reinvite_user"
        ]
    );
    for task in Task::ALL {
        let json = serde_json::to_string(&task).unwrap();
        assert_eq!(json, format!("\"{}\"", task.as_str()));
        assert_eq!(serde_json::from_str::<Task>(&json).unwrap(), task);
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
