use super::*;

#[test]
fn a_round_is_stale_after_two_missed_intervals() {
    assert_eq!(
        stale_after(Duration::from_secs(30)),
        Duration::from_secs(70)
    );
    assert_eq!(stale_after(Duration::ZERO), Duration::from_secs(12));
}

#[test]
fn a_round_is_ok_only_when_every_service_is() {
    let down = AppError::Unavailable {
        service: "Amazon MQ".to_owned(),
        detail: "could not connect".to_owned(),
    };
    let round = |mq| ProbeRound {
        finished_at: Instant::now(),
        results: vec![(ServiceId::MemoryDb, Ok(())), (ServiceId::Mq, mq)],
    };
    assert!(round(Ok(())).all_ok());
    assert!(!round(Err(down)).all_ok());
}
