use proptest::prelude::*;

use super::*;

fn groups() -> Vec<SecurityGroup> {
    [
        ("Kd3mQ8vZ", "Default"),
        ("Xp7LwT2a", "Executives"),
        ("Hn4RcY9e", "Field Engineering"),
    ]
    .into_iter()
    .map(|(id, name)| SecurityGroup {
        id: id.to_owned(),
        name: name.to_owned(),
    })
    .collect()
}

fn bjorn() -> WickrUserRecord {
    WickrUserRecord {
        network_id: "24681357".into(),
        user_id: "1002".into(),
        username: "bjorn.lindqvist@meridian-ops.com".into(),
        first_name: "Bjorn".into(),
        last_name: "Lindqvist".into(),
        middle_name: None,
        security_group_ids: vec!["Xp7LwT2a".into()],
        suspended: false,
        is_admin: Some(false),
        status: Some(2),
        modified: None,
        invite_code: None,
        invite_expiration: None,
        code_validation: None,
        network_groups: groups(),
    }
}

fn update(form: &WickrUserForm) -> WickrUserUpdate {
    WickrUserUpdate::try_from(form).expect("valid form")
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn network_id_is_exactly_eight_digits() {
    assert!(NetworkId::parse("24681357").is_ok());
    assert!(NetworkId::parse("00000000").is_ok());
    for bad in [
        "",
        "2468135",
        "246813570",
        "2468135a",
        "２４６８１３５７",
        " 4681357",
        // Network ids go into request paths (`/networks/{networkId}/users`).
        "..",
        "2468/../",
        "2468%2F7",
    ] {
        let e = NetworkId::parse(bad).expect_err(bad);
        assert_eq!(e.field, "network_id");
        assert_eq!(
            e.message,
            "Network id must be exactly 8 digits, like 24681357"
        );
    }
}

#[test]
fn user_id_is_one_to_ten_digits() {
    assert!(UserId::parse("1").is_ok());
    assert!(UserId::parse("1234567890").is_ok());
    for bad in ["", "12345678901", "10a2", "-1", "1 2", "١٢"] {
        let e = UserId::parse(bad).expect_err(bad);
        assert_eq!(e.field, "user_id");
    }
}

#[test]
fn username_is_non_empty_without_whitespace() {
    assert!(Username::parse("a").is_ok());
    assert!(Username::parse("bjorn.lindqvist@meridian-ops.com").is_ok());
    let empty = Username::parse("").expect_err("empty");
    assert_eq!(empty.message, "Username must not be empty");
    for bad in [" a", "a b", "a\tb", "a\n", "a\u{00a0}b", "a\u{2003}b"] {
        let e = Username::parse(bad).expect_err(bad);
        assert_eq!(e.field, "username");
        assert_eq!(
            e.message,
            "Username must not contain spaces or other whitespace (Wickr usernames are usually email addresses)"
        );
    }
}

#[test]
fn security_group_id_is_non_empty_without_whitespace() {
    assert!(SecurityGroupId::parse("Kd3mQ8vZ").is_ok());
    for bad in ["", " ", "Kd3m Q8vZ", "Kd3mQ8vZ\n"] {
        assert_eq!(
            SecurityGroupId::parse(bad).expect_err(bad).field,
            "security_group_id"
        );
    }
}

#[test]
fn invite_code_needs_a_visible_character() {
    assert!(InviteCode::parse("MRD-4821-QX").is_ok());
    assert!(InviteCode::parse("two words").is_ok());
    for bad in [" ", "\t", "   "] {
        assert_eq!(InviteCode::parse(bad).expect_err(bad).field, "invite_code");
    }
}

#[test]
fn invite_code_ttl_is_whole_days_within_bounds() {
    assert_eq!(InviteCodeTtl::parse("1").map(InviteCodeTtl::days), Ok(1));
    assert_eq!(
        InviteCodeTtl::parse(" 30 ").map(InviteCodeTtl::days),
        Ok(30)
    );
    assert_eq!(
        InviteCodeTtl::parse("3650").map(InviteCodeTtl::days),
        Ok(InviteCodeTtl::MAX_DAYS)
    );
    for bad in ["0", "-1", "3651", "1.5", "seven", "", "99999999999"] {
        let e = InviteCodeTtl::parse(bad).expect_err(bad);
        assert_eq!(e.field, "invite_code_ttl");
        assert_eq!(
            e.message,
            "Invite code TTL must be a whole number of days from 1 to 3650"
        );
    }
}

#[test]
fn a_form_reports_every_broken_rule_at_once() {
    let form = WickrUserForm {
        network_id: "2468".into(),
        user_id: "x".into(),
        username: "has space@x.com".into(),
        security_group_id: "a b".into(),
        invite_code: "  ".into(),
        invite_code_ttl: "0".into(),
        ..bjorn().to_form()
    };
    let errors = WickrUserUpdate::try_from(&form).expect_err("invalid");
    assert_eq!(
        fields(&errors),
        [
            "network_id",
            "user_id",
            "username",
            "security_group_id",
            "invite_code",
            "invite_code_ttl"
        ]
    );
}

#[test]
fn empty_optional_inputs_mean_no_change() {
    let form = WickrUserForm {
        security_group_id: String::new(),
        invite_code: String::new(),
        invite_code_ttl: "  ".into(),
        ..bjorn().to_form()
    };
    let u = update(&form);
    assert_eq!(
        (&u.security_group, &u.invite_code, &u.invite_code_ttl),
        (&None, &None, &None)
    );
    assert!(patch(&bjorn(), &u).is_empty());
}

#[test]
fn only_changed_members_are_sent() {
    let before = bjorn();
    let form = WickrUserForm {
        last_name: "Lindqvist-Berg".into(),
        security_group_id: "Hn4RcY9e".into(),
        ..before.to_form()
    };
    assert_eq!(
        patch(&before, &update(&form)),
        WickrUserPatch {
            last_name: Some("Lindqvist-Berg".into()),
            security_group_id: Some("Hn4RcY9e".into()),
            ..WickrUserPatch::default()
        }
    );
}

#[test]
fn review_shows_old_and_new_with_group_names() {
    let before = bjorn();
    let form = WickrUserForm {
        username: "bjorn@meridian-ops.com".into(),
        security_group_id: "Hn4RcY9e".into(),
        invite_code: "MRD-1111-AA".into(),
        invite_code_ttl: "14".into(),
        code_validation: Some("on".into()),
        ..before.to_form()
    };
    let changes = changes(&before, &update(&form));
    let shown: Vec<_> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "username",
                "bjorn.lindqvist@meridian-ops.com",
                "bjorn@meridian-ops.com"
            ),
            ("security_group_id", "Executives", "Field Engineering"),
            ("invite_code", "", "MRD-1111-AA"),
            ("invite_code_ttl", "", "14 days from now"),
            ("code_validation", "no", "yes"),
        ]
    );
    assert!(changes.iter().all(|c| !c.secret));
}

#[test]
fn unticking_code_validation_is_a_change_to_no() {
    let before = WickrUserRecord {
        code_validation: Some(true),
        ..bjorn()
    };
    let form = WickrUserForm {
        code_validation: None,
        ..before.to_form()
    };
    assert_eq!(patch(&before, &update(&form)).code_validation, Some(false));
}

#[test]
fn the_group_must_exist_in_the_network() {
    let before = bjorn();
    let form = WickrUserForm {
        security_group_id: "Zz9zZz9z".into(),
        ..before.to_form()
    };
    let errors = update(&form).check_against(&before).expect_err("unknown");
    assert_eq!(fields(&errors), ["security_group_id"]);
    assert!(update(&before.to_form()).check_against(&before).is_ok());
    let other_user = WickrUserForm {
        user_id: "1003".into(),
        ..before.to_form()
    };
    assert_eq!(
        fields(
            &update(&other_user)
                .check_against(&before)
                .expect_err("other")
        ),
        ["user_id"]
    );
}

#[test]
fn view_names_groups_and_formats_times() {
    let record = WickrUserRecord {
        security_group_ids: vec!["Hn4RcY9e".into(), "Gone1234".into()],
        modified: Some(1_714_521_600),
        invite_expiration: Some(0),
        status: Some(1),
        code_validation: Some(true),
        ..bjorn()
    };
    let view = record.view();
    assert_eq!(view.title, "bjorn.lindqvist@meridian-ops.com");
    assert_eq!(
        view.value("security_group_id"),
        Some("Field Engineering, Gone1234")
    );
    assert_eq!(view.value("modified"), Some("2024-05-01 00:00 UTC"));
    assert_eq!(
        view.value("invite_expiration"),
        Some("1970-01-01 00:00 UTC")
    );
    assert_eq!(view.value("status"), Some("invitation pending"));
    assert_eq!(view.value("code_validation"), Some("yes"));
    assert_eq!(view.value("middle_name"), Some("—"));
    assert_eq!(bjorn().view().value("status"), Some("active"));
}

#[test]
fn utc_handles_leap_days_and_time_of_day() {
    assert_eq!(
        utc(951_782_400 + 3_600 * 13 + 60 * 7),
        "2000-02-29 13:07 UTC"
    );
    assert_eq!(utc(2_147_483_647), "2038-01-19 03:14 UTC");
    assert_eq!(utc(-1), "1969-12-31 23:59 UTC");
}

fn record_strategy() -> impl Strategy<Value = WickrUserRecord> {
    (
        "[0-9]{8}",
        "[0-9]{1,10}",
        "[^\\s]{1,40}",
        any::<String>(),
        any::<String>(),
        proptest::option::of(0..3usize),
        proptest::option::of("[A-Z]{3}-[0-9]{4}( [a-z]{2})?"),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(network_id, user_id, username, first, last, group, code, validation)| {
                WickrUserRecord {
                    network_id,
                    user_id,
                    username,
                    first_name: first,
                    last_name: last,
                    security_group_ids: group
                        .map(|i| vec![groups()[i].id.clone()])
                        .unwrap_or_default(),
                    invite_code: code,
                    code_validation: validation,
                    ..bjorn()
                }
            },
        )
}

proptest! {
    #[test]
    fn every_eight_digit_string_is_a_network_id(id in "[0-9]{8}") {
        prop_assert!(NetworkId::parse(&id).is_ok());
    }

    #[test]
    fn other_lengths_or_a_non_digit_are_not_network_ids(
        id in "[0-9]{0,7}|[0-9]{9,12}|[0-9]{0,4}[^0-9][0-9]{0,3}"
    ) {
        prop_assert!(NetworkId::parse(&id).is_err());
    }

    #[test]
    fn user_ids_are_one_to_ten_digits(id in "[0-9]{1,10}", long in "[0-9]{11,20}") {
        prop_assert!(UserId::parse(&id).is_ok());
        prop_assert!(UserId::parse(&long).is_err());
    }

    #[test]
    fn usernames_without_whitespace_parse(name in "[^\\s]{1,80}") {
        prop_assert_eq!(Username::parse(&name).map(|u| u.as_str().to_owned()), Ok(name));
    }

    #[test]
    fn usernames_with_whitespace_fail(
        head in "[^\\s]{0,20}", space in "\\s", tail in "[^\\s]{0,20}"
    ) {
        let name = format!("{head}{space}{tail}");
        prop_assert!(Username::parse(&name).is_err());
    }

    #[test]
    fn ttl_accepts_exactly_the_days_in_range(days in any::<i64>()) {
        let parsed = InviteCodeTtl::parse(&days.to_string());
        prop_assert_eq!(parsed.is_ok(), (1..=3650).contains(&days));
    }

    #[test]
    fn an_untouched_prefilled_form_changes_nothing(record in record_strategy()) {
        let update = WickrUserUpdate::try_from(&record.to_form());
        prop_assert!(update.is_ok(), "{:?}", update);
        let update = update.expect("checked above");
        prop_assert!(patch(&record, &update).is_empty());
        prop_assert!(changes(&record, &update).is_empty());
        prop_assert!(update.check_against(&record).is_ok());
    }

    #[test]
    fn every_sent_member_is_reviewed(record in record_strategy(), first in any::<String>(),
                                     name in "[^\\s]{1,40}", ttl in 1..=3650i32) {
        let form = WickrUserForm {
            first_name: first,
            username: name,
            invite_code_ttl: ttl.to_string(),
            ..record.to_form()
        };
        let update = update(&form);
        let patch = patch(&record, &update);
        let reviewed: Vec<String> =
            changes(&record, &update).into_iter().map(|c| c.field).collect();
        prop_assert_eq!(reviewed.contains(&"first_name".to_owned()), patch.first_name.is_some());
        prop_assert_eq!(reviewed.contains(&"username".to_owned()), patch.username.is_some());
        prop_assert!(reviewed.contains(&"invite_code_ttl".to_owned()));
    }
}
