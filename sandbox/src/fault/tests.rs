use super::*;

fn fault(service: &str, times: Option<u32>) -> Fault {
    Fault {
        service: service.into(),
        operation: Some("UpdateUser".into()),
        target: "alice".into(),
        error: "ConflictException".into(),
        times,
    }
}

#[test]
fn a_fault_fails_as_many_calls_as_asked() {
    let mut faults = Faults::default();
    faults.add(fault("mq", Some(2))).unwrap();
    for _ in 0..2 {
        assert_eq!(
            faults.take("mq", "UpdateUser", "alice").as_deref(),
            Some("ConflictException")
        );
    }
    assert_eq!(faults.take("mq", "UpdateUser", "alice"), None);
    assert!(faults.0.is_empty());
}

#[test]
fn a_fault_without_times_lasts_until_cleared() {
    let mut faults = Faults::default();
    faults.add(fault("wickr", None)).unwrap();
    for _ in 0..3 {
        assert!(faults.take("wickr", "UpdateUser", "alice").is_some());
    }
    faults.clear();
    assert_eq!(faults.take("wickr", "UpdateUser", "alice"), None);
}

#[test]
fn a_fault_answers_only_its_service_operation_and_target() {
    let mut faults = Faults::default();
    faults.add(fault("mq", None)).unwrap();
    assert_eq!(faults.take("wickr", "UpdateUser", "alice"), None);
    assert_eq!(faults.take("mq", "DescribeUser", "alice"), None);
    assert_eq!(faults.take("mq", "UpdateUser", "bob"), None);
}

#[test]
fn times_is_between_one_and_the_cap() {
    let mut faults = Faults::default();
    assert_eq!(
        faults.add(fault("mq", Some(0))),
        Err(FaultRefused::ZeroTimes)
    );
    assert_eq!(
        faults.add(fault("mq", Some(MAX_TIMES + 1))),
        Err(FaultRefused::TooManyTimes)
    );
    assert!(faults.0.is_empty());
    assert_eq!(faults.add(fault("mq", Some(1))), Ok(()));
    assert_eq!(faults.add(fault("mq", Some(MAX_TIMES))), Ok(()));
}

#[test]
fn only_the_emulated_services_take_faults() {
    let mut faults = Faults::default();
    for service in SERVICES {
        assert_eq!(faults.add(fault(service, None)), Ok(()), "{service}");
    }
    for service in ["iam", "MQ", ""] {
        assert_eq!(
            faults.add(fault(service, None)),
            Err(FaultRefused::UnknownService),
            "{service}"
        );
    }
}

#[test]
fn the_list_of_faults_is_bounded() {
    let mut faults = Faults::default();
    for _ in 0..MAX_FAULTS {
        faults.add(fault("mq", None)).unwrap();
    }
    assert_eq!(
        faults.add(fault("mq", None)),
        Err(FaultRefused::TooManyFaults)
    );
    assert_eq!(faults.0.len(), MAX_FAULTS);
}
