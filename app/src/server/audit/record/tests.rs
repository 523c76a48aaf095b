use super::*;

fn entry(target: &str) -> Entry {
    Entry {
        phase: Phase::Complete,
        intent: None,
        action: Action::ChangeUser,
        actor: Actor {
            subject: "ada".to_owned(),
            name: "Ada (admin)".to_owned(),
            email: Some("ada@example.com".to_owned()),
            role: Role::Admin,
            mode: "dev".to_owned(),
            client_ip: Some("127.0.0.1".to_owned()),
        },
        service: Some("mq".to_owned()),
        location: "SANDBOX".to_owned(),
        target: Some(target.to_owned()),
        changes: vec![],
        outcome: Outcome::Succeeded,
        aws_request_ids: vec![],
        request_id: "r-1".to_owned(),
        duration_ms: Some(12),
    }
}

fn chain(n: i64) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for seq in 1..=n {
        let prev_hash = records
            .last()
            .map_or(GENESIS.to_owned(), |r| r.hash.clone());
        let at = format!("2026-12-01T12:00:0{seq}.000Z");
        let entry = entry(&format!("user u{seq}"));
        let hash = hash(seq, &at, &entry, &prev_hash);
        records.push(Record {
            seq,
            at,
            entry,
            prev_hash,
            hash,
        });
    }
    records
}

#[test]
fn an_untouched_chain_verifies() {
    assert_eq!(verify(&chain(4)), Ok(4));
    assert_eq!(verify(&Vec::<Record>::new()), Ok(0));
}

#[test]
fn an_edited_record_is_named() {
    let mut records = chain(4);
    records[2].entry.target = Some("user mallory".to_owned());
    assert_eq!(verify(&records), Err(Broken::Edited { seq: 3 }));
    let mut records = chain(4);
    records[1].entry.outcome = Outcome::AwsError("ThrottlingException".to_owned());
    assert_eq!(verify(&records), Err(Broken::Edited { seq: 2 }));
}

#[test]
fn a_deleted_record_is_named() {
    let mut records = chain(4);
    records.remove(1);
    assert_eq!(
        verify(&records),
        Err(Broken::Missing {
            seq: 2,
            after: 1,
            seq_found: 3
        })
    );
    assert_eq!(
        Broken::Missing {
            seq: 2,
            after: 1,
            seq_found: 3
        }
        .to_string(),
        "record 2 is missing (the log jumps from 1 to 3)"
    );
}

#[test]
fn reordered_or_rehashed_records_are_named() {
    // Two records swapped and renumbered: each hash is over its own (new) number, so they
    // were recomputed — but then the links break.
    let mut records = chain(4);
    records.swap(1, 2);
    records[1].seq = 2;
    records[2].seq = 3;
    for r in &mut records[1..3] {
        r.hash = hash(r.seq, &r.at, &r.entry, &r.prev_hash);
    }
    assert_eq!(
        verify(&records),
        Err(Broken::Unlinked {
            seq: 2,
            previous: 1
        })
    );
}

#[test]
fn a_secret_change_keeps_no_value() {
    let change = Change::from(&FieldChange::secret("password", "Password"));
    assert_eq!(change.before, None);
    assert_eq!(change.after, None);
    assert_eq!(change.summary(), "Password: changed");
    let plain = FieldChange::plain("groups", "Groups", "a", "a, b").unwrap();
    assert_eq!(Change::from(&plain).summary(), "Groups: a → a, b");
}

#[test]
fn names_round_trip() {
    let tasks = crate::access::Task::ALL.map(Action::Task);
    for action in [
        Action::ChangeUser,
        Action::SignIn,
        Action::SignInRefused,
        Action::SignOut,
    ]
    .into_iter()
    .chain(tasks)
    {
        assert_eq!(Action::parse(action.as_str()), Some(action));
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(json, format!("\"{}\"", action.as_str()));
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), action);
    }
    assert_eq!(
        Action::Task(crate::access::Task::PasswordReset).as_str(),
        "password_reset"
    );
    for outcome in [
        Outcome::Unknown,
        Outcome::Succeeded,
        Outcome::AwsError("ThrottlingException".to_owned()),
        Outcome::Failed("unreachable".to_owned()),
    ] {
        assert_eq!(
            Outcome::from_parts(outcome.kind(), outcome.code().map(str::to_owned)),
            Some(outcome)
        );
    }
}
