use super::*;

fn map(service: ServiceId, code: &str) -> AppError {
    from_code(service, "UpdateUser", "user alice", code, "detail from AWS")
}

#[test]
fn each_shape_family_maps_to_what_the_user_can_do() {
    assert_eq!(
        map(ServiceId::MemoryDb, "UserNotFoundFault"),
        AppError::NotFound {
            what: "User alice".into()
        }
    );
    assert!(matches!(
        map(ServiceId::Mq, "NotFoundException"),
        AppError::NotFound { .. }
    ));
    assert!(matches!(
        map(ServiceId::Wickr, "ResourceNotFoundError"),
        AppError::NotFound { .. }
    ));
    assert!(matches!(
        map(ServiceId::MemoryDb, "InvalidUserStateFault"),
        AppError::InvalidState(_)
    ));
    assert!(matches!(
        map(ServiceId::FinSpace, "ThrottlingException"),
        AppError::Throttled { .. }
    ));
    assert!(matches!(
        map(ServiceId::Wickr, "RateLimitError"),
        AppError::Throttled { .. }
    ));
    assert!(matches!(
        map(ServiceId::IdentityStore, "ConflictException"),
        AppError::Conflict(_)
    ));
    assert!(matches!(
        map(ServiceId::Mq, "InternalServerErrorException"),
        AppError::Unavailable { .. }
    ));
    assert_eq!(
        map(ServiceId::Mq, "ForbiddenException"),
        AppError::AccessDenied {
            action: "mq:UpdateUser".into()
        }
    );
    assert_eq!(
        from_code_withholding_message(ServiceId::Mq, "UpdateUser", "user alice", "BadRequestException"),
        AppError::Rejected {
            service: "Amazon MQ".into(),
            message: "BadRequestException (AWS's explanation is not shown: it may quote the password or invite code that was sent; check it against the rules beside the field)".into()
        }
    );
    assert!(matches!(
        from_code_withholding_message(
            ServiceId::MemoryDb,
            "UpdateUser",
            "user alice",
            "UserNotFoundFault"
        ),
        AppError::NotFound { .. }
    ));
    assert_eq!(
        map(ServiceId::FinSpace, "ValidationException"),
        AppError::Rejected {
            service: "Amazon FinSpace (kdb)".into(),
            message: "detail from AWS".into()
        }
    );
}
