use super::*;

#[test]
fn messages_say_what_to_do() {
    let e = AppError::AccessDenied {
        action: "mq:UpdateUser".into(),
    };
    assert_eq!(
        e.to_string(),
        "AWS denied mq:UpdateUser: the role userdesk runs as needs this IAM permission"
    );
    assert!(
        AppError::Throttled {
            service: "Amazon MQ".into()
        }
        .is_retryable()
    );
    assert!(!AppError::NotFound { what: "x".into() }.is_retryable());
}

#[test]
fn round_trips_through_the_server_fn_encoding() {
    let e = AppError::Invalid(vec![crate::forms::FieldError::new(
        "password",
        "Password must be at least 12 characters",
    )]);
    assert_eq!(AppError::de(e.ser()), e);
}
