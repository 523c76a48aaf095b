use proptest::prelude::*;

use super::*;
use crate::forms::WILL_BE_CHANGED;

const PW_A: &str = "correct-horse-battery-staple";
const PW_B: &str = "tr0ub4dor&3-tr0ub4dor&3";

fn record(kind: &str, count: Option<u32>) -> MemoryDbUserRecord {
    MemoryDbUserRecord {
        name: "app-orders".into(),
        status: "active".into(),
        access_string: "on ~orders:* &* +@all -@dangerous".into(),
        acl_names: vec!["orders-prod".into()],
        minimum_engine_version: "6.2".into(),
        authentication_type: kind.into(),
        password_count: count,
        arn: "arn:aws:memorydb:us-east-1:123456789012:user/app-orders".into(),
    }
}

fn form(kind: &str, p1: &str, p2: &str) -> MemoryDbUserForm {
    MemoryDbUserForm {
        authentication_type: kind.into(),
        password_1: p1.into(),
        password_2: p2.into(),
        ..record("password", Some(1)).to_form()
    }
}

fn errors(form: &MemoryDbUserForm) -> Vec<FieldError> {
    MemoryDbUserUpdate::try_from(form).expect_err("the form is invalid")
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn user_names_follow_the_model_pattern() {
    assert!(UserName::parse("a").is_ok(), "one letter is the minimum");
    assert!(UserName::parse("app-orders-2").is_ok());
    assert!(UserName::parse("Z9-").is_ok());
    for bad in ["", "1app", "-app", "app_orders", "app orders", "äpp"] {
        let err = UserName::parse(bad).expect_err(bad);
        assert_eq!(err.field, field::USER_NAME);
        assert_eq!(
            err.message,
            "User name must start with a letter and hold only letters, digits and hyphens"
        );
    }
}

#[test]
fn access_strings_must_not_be_blank() {
    assert_eq!(
        AccessString::parse("  on ~* &* +@all ").unwrap().as_str(),
        "on ~* &* +@all"
    );
    assert!(AccessString::parse("x").is_ok(), "one non-blank character");
    for blank in ["", " ", "\t \t"] {
        let err = AccessString::parse(blank).expect_err("blank");
        assert_eq!(err.field, field::ACCESS_STRING);
        assert_eq!(
            err.message,
            "Access string is required and must not be blank, e.g. on ~* &* +@all"
        );
    }
    assert_eq!(
        AccessString::parse("on ~*\n+@all").map_err(|e| e.message),
        Err("Access string must be a single line".to_owned()),
        "line break"
    );
    assert!(
        AccessString::parse("on\u{2028}~*").is_err(),
        "line separator"
    );
}

#[test]
fn access_strings_cannot_carry_passwords_or_reset() {
    for bad in [
        "on >hunter2hunter2 ~* +@all",
        "on <old ~*",
        "on #5e884898da ~*",
        "on !5e884898da ~*",
        "on nopass ~*",
        "on ResetPass ~*",
    ] {
        let err = AccessString::parse(bad).expect_err(bad);
        assert_eq!(
            err.message,
            "Access string cannot set passwords (>…, <…, #…, !…, nopass, resetpass): use the password fields",
            "{bad}"
        );
        assert!(
            !err.message.contains("hunter2"),
            "the value is not repeated"
        );
    }
    let err = AccessString::parse("reset on ~*").expect_err("reset");
    assert_eq!(
        err.message,
        "Access string cannot contain the reset rule (it would remove the user's passwords)"
    );
    // `resetkeys` and `resetchannels` are ordinary rules.
    assert!(AccessString::parse("on resetkeys resetchannels ~* +@all").is_ok());
}

#[test]
fn passwords_are_16_to_128_printable_ascii_characters() {
    let parse = |s: &str| MemoryDbPassword::parse(field::PASSWORD_1, label::PASSWORD_1, s);
    assert!(parse(&"a".repeat(16)).is_ok());
    assert!(parse(&"a".repeat(128)).is_ok());
    assert!(
        parse("!~!~!~!~!~!~!~!~").is_ok(),
        "0x21 and 0x7E are printable"
    );
    let short = parse(&"a".repeat(15)).unwrap_err();
    assert_eq!(short.field, field::PASSWORD_1);
    assert_eq!(
        short.message,
        "Password 1 must be 16 to 128 characters long (it has 15)"
    );
    assert!(parse(&"a".repeat(129)).is_err());
    assert_eq!(
        parse("sixteen chars ok").unwrap_err().message,
        "Password 1 must not contain spaces"
    );
    assert!(parse("sixteen-chars-ok\u{7f}").is_err(), "DEL");
    assert!(parse("sixteen-chars-ok\t").is_err(), "tab");
    assert!(parse("sixteen-chars-oké").is_err(), "non-ASCII");
}

#[test]
fn keeping_password_type_without_passwords_changes_only_the_access_string() {
    let mut f = form("password", "", "");
    f.access_string = "on ~orders:* -@all +@read".into();
    let update = MemoryDbUserUpdate::try_from(&f).unwrap();
    assert_eq!(update.authentication, AuthenticationUpdate::Keep);
    let changes = changes(&record("password", Some(1)), &update);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, field::ACCESS_STRING);
}

#[test]
fn one_or_two_different_passwords_replace_the_set() {
    let update = MemoryDbUserUpdate::try_from(&form("password", PW_A, PW_B)).unwrap();
    let AuthenticationUpdate::Passwords(p) = &update.authentication else {
        panic!("passwords expected")
    };
    assert_eq!(p.count(), 2);
    let only_second = MemoryDbUserUpdate::try_from(&form("password", "", PW_B)).unwrap();
    assert!(
        matches!(only_second.authentication, AuthenticationUpdate::Passwords(ref p) if p.count() == 1)
    );
    let same = errors(&form("password", PW_A, PW_A));
    assert_eq!(fields(&same), [field::PASSWORD_2]);
    assert_eq!(
        same[0].message,
        "Password 2 must differ from Password 1 (a user's two passwords are for rotation)"
    );
}

#[test]
fn switching_to_password_needs_a_password() {
    let mut f = form("password", "", "");
    f.current_authentication_type = "iam".into();
    let errs = errors(&f);
    assert_eq!(fields(&errs), [field::PASSWORD_1]);
    assert_eq!(
        errs[0].message,
        "Password 1 is required to switch to password authentication (give one or two passwords)"
    );
    f.password_1 = PW_A.into();
    assert!(MemoryDbUserUpdate::try_from(&f).is_ok());
}

#[test]
fn iam_takes_no_passwords() {
    let errs = errors(&form("iam", PW_A, "x"));
    assert_eq!(fields(&errs), [field::PASSWORD_1, field::PASSWORD_2]);
    let messages: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Password 1 must be empty: IAM authentication takes no passwords",
            "Password 2 must be empty: IAM authentication takes no passwords"
        ]
    );
    let update = MemoryDbUserUpdate::try_from(&form("iam", "", "")).unwrap();
    assert_eq!(update.authentication, AuthenticationUpdate::Iam);
    let mut stay = form("iam", "", "");
    stay.current_authentication_type = "iam".into();
    assert_eq!(
        MemoryDbUserUpdate::try_from(&stay).unwrap().authentication,
        AuthenticationUpdate::Keep
    );
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let f = MemoryDbUserForm {
        user_name: "1bad".into(),
        current_authentication_type: "password".into(),
        access_string: " ".into(),
        authentication_type: "password".into(),
        password_1: "short".into(),
        password_2: "has a space but long enough".into(),
    };
    assert_eq!(
        fields(&errors(&f)),
        [
            field::USER_NAME,
            field::ACCESS_STRING,
            field::PASSWORD_1,
            field::PASSWORD_2
        ]
    );
    let mut none = f.clone();
    none.authentication_type = String::new();
    assert!(fields(&errors(&none)).contains(&field::AUTHENTICATION_TYPE));
}

#[test]
fn review_shows_each_change_and_never_a_password() {
    let before = record("password", Some(2));
    let mut f = form("password", PW_A, "");
    f.access_string = "on ~orders:* -@all +@read".into();
    let update = MemoryDbUserUpdate::try_from(&f).unwrap();
    let changes = changes(&before, &update);
    let keys: Vec<_> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        keys,
        [
            field::ACCESS_STRING,
            field::PASSWORD_1,
            field::PASSWORD_COUNT
        ]
    );
    assert_eq!(changes[1].after, WILL_BE_CHANGED);
    assert_eq!(
        (changes[2].before.as_str(), changes[2].after.as_str()),
        ("2", "1")
    );
    let text = format!("{changes:?} {update:?} {f:?}");
    assert!(!text.contains(PW_A), "{text}");

    let to_iam = MemoryDbUserUpdate::try_from(&form("iam", "", "")).unwrap();
    let changes = super::changes(&before, &to_iam);
    let shown: Vec<_> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (field::AUTHENTICATION_TYPE, "password", "iam"),
            (field::PASSWORD_COUNT, "2", "0")
        ]
    );
}

#[test]
fn the_default_user_is_read_only() {
    let mut default = record("no-password", None);
    default.name = "default".into();
    assert_eq!(default.read_only_reason(), Some(DEFAULT_USER_READ_ONLY));
    assert_eq!(record("iam", None).read_only_reason(), None);
}

#[test]
fn the_view_shows_what_update_user_returns() {
    let view = record("password", Some(2)).view();
    assert_eq!(view.value(field::USER_NAME), Some("app-orders"));
    assert_eq!(view.value(field::ACL_NAMES), Some("orders-prod"));
    assert_eq!(view.value(field::PASSWORD_COUNT), Some("2"));
    assert_eq!(view.value(field::AUTHENTICATION_TYPE), Some("password"));
    assert_eq!(view.value(field::MINIMUM_ENGINE_VERSION), Some("6.2"));
    assert!(
        view.value(field::ARN)
            .is_some_and(|a| a.ends_with("user/app-orders"))
    );
    let mut lonely = record("iam", None);
    lonely.acl_names.clear();
    assert_eq!(lonely.view().value(field::ACL_NAMES), Some("—"));
    assert_eq!(lonely.view().value(field::PASSWORD_COUNT), Some("0"));
}

#[test]
fn an_error_form_keeps_everything_but_passwords() {
    let f = form("password", PW_A, PW_B);
    let kept = f.without_secrets();
    assert_eq!(kept.access_string, f.access_string);
    assert_eq!(kept.authentication_type, "password");
    assert!(kept.password_1.is_empty() && kept.password_2.is_empty());
    let mut typed_in_the_wrong_place = f.clone();
    typed_in_the_wrong_place.access_string = "on ~* >MyRealPassw0rd-1234 +@all".into();
    assert!(
        typed_in_the_wrong_place
            .without_secrets()
            .access_string
            .is_empty()
    );
}

fn access_rule() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("on".to_owned()),
        Just("off".to_owned()),
        "~[a-z:*]{1,8}",
        "&[a-z:*]{1,8}",
        "[+-]@?[a-z|]{1,10}",
    ]
}

fn access_string() -> impl Strategy<Value = String> {
    prop::collection::vec(access_rule(), 1..6).prop_map(|rules| rules.join(" "))
}

proptest! {
    #[test]
    fn printable_ascii_passwords_of_valid_length_parse(p in "[!-~]{16,128}") {
        let parsed = MemoryDbPassword::parse(field::PASSWORD_1, label::PASSWORD_1, &p);
        prop_assert_eq!(parsed.map(|p| p.expose().to_owned()), Ok(p));
    }

    #[test]
    fn a_forbidden_character_fails_without_being_echoed(
        head in "[!-~]{8,60}",
        bad in prop_oneof![Just(' '), Just('\t'), Just('\u{7f}'), Just('é'), Just('密')],
        tail in "[!-~]{8,60}",
    ) {
        let p = format!("{head}{bad}{tail}");
        let err = MemoryDbPassword::parse(field::PASSWORD_2, label::PASSWORD_2, &p).unwrap_err();
        prop_assert_eq!(err.field.as_str(), field::PASSWORD_2);
        prop_assert!(!err.message.contains(&p));
    }

    #[test]
    fn lengths_outside_16_to_128_fail(p in prop_oneof!["[!-~]{1,15}", "[!-~]{129,200}"]) {
        prop_assert!(MemoryDbPassword::parse(field::PASSWORD_1, label::PASSWORD_1, &p).is_err());
    }

    #[test]
    fn user_names_matching_the_pattern_parse(name in "[a-zA-Z][a-zA-Z0-9-]{0,39}") {
        prop_assert!(UserName::parse(&name).is_ok());
    }

    #[test]
    fn user_names_with_a_forbidden_character_fail(
        name in "[a-zA-Z][a-zA-Z0-9-]{0,10}",
        bad in "[^a-zA-Z0-9-]",
    ) {
        let input = format!("{name}{bad}");
        prop_assert!(UserName::parse(&input).is_err());
    }

    #[test]
    fn access_strings_without_password_rules_parse(access in access_string()) {
        prop_assert_eq!(AccessString::parse(&access).map(|a| a.as_str().to_owned()), Ok(access));
    }

    #[test]
    fn whitespace_only_access_strings_fail(blank in "[ \t]{0,20}") {
        prop_assert!(AccessString::parse(&blank).is_err());
    }

    #[test]
    fn the_prefilled_form_changes_nothing(
        access in access_string(),
        kind in prop_oneof![Just("password"), Just("iam")],
        count in 1u32..=2,
    ) {
        let mut before = record(kind, (kind == "password").then_some(count));
        before.access_string = access;
        let update = MemoryDbUserUpdate::try_from(&before.to_form());
        prop_assert!(update.is_ok(), "{:?}", update);
        if let Ok(update) = update {
            prop_assert_eq!(&update.authentication, &AuthenticationUpdate::Keep);
            prop_assert_eq!(changes(&before, &update), Vec::<FieldChange>::new());
        }
    }
}
