use super::*;
use proptest::prelude::*;

#[test]
fn broker_ids_are_letters_digits_and_hyphens() {
    for ok in [
        "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10",
        "b-1",
        &"b".repeat(50),
    ] {
        assert_eq!(BrokerId::parse(ok).map(|b| b.0), Ok(ok.to_owned()));
    }
    // Broker ids go into request paths (`/v1/brokers/{broker-id}/users`).
    for bad in [
        "",
        "..",
        "b-1/..",
        "b-1%2F..",
        "b-1/users",
        "b 1",
        "b-1?x=y",
        &"b".repeat(51),
    ] {
        let e = BrokerId::parse(bad).expect_err(bad);
        assert_eq!(e.field, "broker_id");
        assert_eq!(
            e.message,
            "Broker id must be 1–50 letters, digits or hyphens"
        );
    }
}

fn record() -> MqUserRecord {
    MqUserRecord {
        broker_id: "b-1".into(),
        username: "alice".into(),
        console_access: false,
        groups: vec!["ops".into()],
        replication_user: false,
        pending: None,
    }
}

#[test]
fn password_length_boundaries_are_awss() {
    assert!(MqPassword::parse("abcdefghijk").is_err()); // 11
    assert!(MqPassword::parse("abcdefghijkl").is_ok()); // 12
    assert!(MqPassword::parse(&"abcd".repeat(62)[..248]).is_ok());
    assert!(MqPassword::parse(&"abcd".repeat(63)[..251]).is_err());
}

#[test]
fn password_needs_four_unique_characters_and_no_separators() {
    let e = MqPassword::parse("aaabbbcccaaa").unwrap_err();
    assert_eq!(
        e.message,
        "Password must use at least 4 different characters (it uses 3)"
    );
    assert!(MqPassword::parse("aaabbbcccddd").is_ok());
    for bad in ["abcdefghijk,l", "abcdefghijk:l", "abcdefghijk=l"] {
        let e = MqPassword::parse(bad).unwrap_err();
        assert_eq!(e.field, "password");
        assert_eq!(
            e.message,
            "Password must not contain a comma, colon or equals sign (, : =)"
        );
    }
}

#[test]
fn password_never_prints() {
    let p = MqPassword::parse("correct-horse-battery").unwrap();
    assert!(!format!("{p:?}").contains("horse"));
    let form = MqUserForm {
        password: "correct-horse-battery".into(),
        ..Default::default()
    };
    assert!(!format!("{form:?}").contains("horse"));
}

#[test]
fn long_bad_group_names_are_not_echoed_whole() {
    let e = parse_groups(&"/".repeat(5000)).unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "Group “{}…” must be 2–100 characters: letters, digits, - . _ or ~",
            "/".repeat(40)
        )
    );
}

#[test]
fn group_rules_and_limits() {
    assert!(parse_groups("").unwrap().is_empty());
    assert_eq!(parse_groups("a1, b.2\nc~3  ops").unwrap().len(), 4);
    assert_eq!(
        parse_groups("x").unwrap_err().message,
        "Group “x” must be 2–100 characters: letters, digits, - . _ or ~"
    );
    assert!(parse_groups(&"g".repeat(101)).is_err());
    assert!(parse_groups(&"g".repeat(100)).is_ok());
    assert!(parse_groups("ops/admins").is_err());
    let twenty: Vec<String> = (0..20).map(|i| format!("g{i:02}")).collect();
    assert_eq!(parse_groups(&twenty.join(",")).unwrap().len(), 20);
    let e = parse_groups(&format!("{},g20", twenty.join(","))).unwrap_err();
    assert_eq!(e.message, "Groups: at most 20 groups (there are 21)");
    // Duplicates count once.
    assert_eq!(parse_groups("ops, ops,ops").unwrap().len(), 1);
}

#[test]
fn the_form_reports_every_broken_field_at_once() {
    let form = MqUserForm {
        broker_id: "b-1".into(),
        username: "alice".into(),
        password: "short".into(),
        groups: "x".into(),
        ..Default::default()
    };
    let errors = MqUserUpdate::try_from(&form).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["password", "groups"]);
}

#[test]
fn blank_password_keeps_the_current_one_and_nothing_changes() {
    let r = record();
    let update = MqUserUpdate::try_from(&r.to_form()).unwrap();
    assert_eq!(update.password, None);
    assert!(changes(&r, &update).is_empty());
}

#[test]
fn changes_show_old_and_new_and_hide_the_password() {
    let r = record();
    let mut form = r.to_form();
    form.password = "a-new-password-1".into();
    form.groups = "ops, admins".into();
    form.console_access = Some("on".into());
    let c = changes(&r, &MqUserUpdate::try_from(&form).unwrap());
    assert_eq!(c.len(), 3);
    assert!(c[0].secret && c[0].after == crate::forms::WILL_BE_CHANGED);
    assert!(!format!("{c:?}").contains("a-new-password-1"));
    assert_eq!(
        (c[1].before.as_str(), c[1].after.as_str()),
        ("ops", "ops, admins")
    );
    assert_eq!((c[2].before.as_str(), c[2].after.as_str()), ("no", "yes"));
}

#[test]
fn pending_values_prefill_the_form() {
    let mut r = record();
    r.pending = Some(MqPending {
        change: "UPDATE".into(),
        console_access: Some(true),
        groups: vec!["ops".into(), "audit".into()],
    });
    let form = r.to_form();
    assert_eq!(form.groups, "ops, audit");
    assert_eq!(form.console_access.as_deref(), Some("on"));
    assert_eq!(r.view().value("pending_change"), Some("UPDATE"));
}

proptest! {
    #[test]
    fn valid_names_parse(name in "[A-Za-z0-9._~-]{2,100}") {
        prop_assert!(MqUsername::parse(&name).is_ok());
        prop_assert!(GroupName::parse(&name).is_ok());
    }

    #[test]
    fn names_with_other_characters_fail(name in "[A-Za-z]{1,10}[ /@,:=!#$%^&*()+]{1,3}[a-z]{0,5}") {
        prop_assert!(MqUsername::parse(&name).is_err());
    }

    #[test]
    fn passwords_follow_all_three_rules(p in "[ -~]{0,300}") {
        let unique = p.chars().collect::<BTreeSet<_>>().len();
        let n = p.chars().count();
        let expected = (PASSWORD_MIN..=PASSWORD_MAX).contains(&n)
            && unique >= PASSWORD_MIN_UNIQUE
            && !p.contains([',', ':', '=']);
        prop_assert_eq!(MqPassword::parse(&p).is_ok(), expected);
    }
}
