use super::*;
use proptest::prelude::*;

const STORE: &str = "d-9067a1b2c3";
const USER: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";

/// Amara Okafor as the sandbox seeds her.
fn amara() -> IdentityStoreUserRecord {
    IdentityStoreUserRecord {
        identity_store_id: STORE.into(),
        user_id: USER.into(),
        revision: "1".into(),
        user_name: "amara.okafor".into(),
        status: "ENABLED".into(),
        updated_at: "2023-03-04T07:00:00Z".into(),
        display_name: Some("Amara Okafor".into()),
        given_name: Some("Amara".into()),
        family_name: Some("Okafor".into()),
        formatted_name: Some("Amara Okafor".into()),
        title: Some("Software Engineer".into()),
        user_type: Some("Employee".into()),
        email: Some(ContactEntry {
            value: Some("amara.okafor@example.com".into()),
            kind: Some("work".into()),
            primary: Some(true),
        }),
        phone_number: Some(ContactEntry {
            value: Some("+1 206 555 0100".into()),
            kind: Some("work".into()),
            primary: Some(true),
        }),
        address: Some(AddressEntry {
            street_address: Some("1200 Pine St".into()),
            locality: Some("Seattle".into()),
            region: Some("WA".into()),
            postal_code: Some("98101".into()),
            country: Some("US".into()),
            formatted: Some("1200 Pine St\n98101 Seattle WA\nUS".into()),
            kind: Some("work".into()),
            primary: Some(true),
        }),
        preferred_language: Some("en-US".into()),
        locale: Some("en-US".into()),
        timezone: Some("America/Los_Angeles".into()),
        ..Default::default()
    }
}

fn update(form: &IdentityStoreUserForm) -> IdentityStoreUserUpdate {
    IdentityStoreUserUpdate::try_from(form).expect("the form is valid")
}

fn text(value: &str) -> Option<AttributeValue> {
    Some(AttributeValue::Text(value.to_owned()))
}

#[test]
fn text_length_boundaries_are_awss_in_characters() {
    // 1 and 1024 characters pass; 1025 fails. "é" is two bytes: AWS counts characters.
    assert!(DisplayName::parse("x").is_ok());
    assert!(DisplayName::parse(&"é".repeat(TEXT_MAX)).is_ok());
    let e = DisplayName::parse(&"é".repeat(TEXT_MAX + 1)).expect_err("the rule refuses it");
    assert_eq!(e.field, "display_name");
    assert_eq!(
        e.message,
        "Display name must be at most 1024 characters (it has 1025)"
    );
    let e = Title::parse("").expect_err("the rule refuses it");
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("title", "Job title must be at least 1 character")
    );
}

#[test]
fn text_allows_the_models_class_and_its_three_spaces() {
    for ok in [
        "Zoë Tanaka-Müller, PhD.",
        "山田\u{3000}太郎",
        "Jean\u{A0}Dupont",
        "1200 Pine St\n98101 Seattle\tWA\r",
        "€ ± ★ ™ 🙂",
        "https://intranet.example.com/people/amara.okafor?x=1#top",
        "e\u{301}", // a combining mark (\p{M})
    ] {
        assert!(FormattedAddress::parse(ok).is_ok(), "{ok:?}");
    }
}

#[test]
fn text_refuses_controls_format_and_other_separators_naming_the_code_point() {
    for (bad, code) in [
        ("bell\u{7}", "U+0007"),
        ("nul\u{0}", "U+0000"),
        ("del\u{7F}", "U+007F"),
        ("zero\u{200B}width", "U+200B"),
        ("👩\u{200D}💻", "U+200D"),
        ("em\u{2003}space", "U+2003"),
        ("line\u{2028}sep", "U+2028"),
        ("private\u{E000}", "U+E000"),
        ("bom\u{FEFF}", "U+FEFF"),
        ("vt\u{B}", "U+000B"),
    ] {
        let e = NickName::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, "nick_name");
        assert!(
            e.message.starts_with("Nickname cannot contain"),
            "{}",
            e.message
        );
        assert!(e.message.contains(code), "{bad:?}: {}", e.message);
        assert!(!e.message.contains(bad), "values are not echoed");
    }
}

#[test]
fn crlf_line_breaks_become_lf() {
    let a = FormattedAddress::parse("1 Main St\r\nSpringfield").expect("the rule accepts it");
    assert_eq!(a.as_str(), "1 Main St\nSpringfield");
    // A lone CR is a character the model allows, and stays.
    assert_eq!(
        FormattedAddress::parse("a\rb")
            .expect("the rule accepts it")
            .as_str(),
        "a\rb"
    );
    // Counted after normalizing: 1024 characters as LF are 1024 as AWS sees them.
    let lines = format!("{}\r\n{}", "a".repeat(511), "b".repeat(512));
    assert!(FormattedAddress::parse(&lines).is_ok());
}

#[test]
fn identity_store_ids_follow_the_model() {
    for ok in [
        "d-9067a1b2c3",
        "d-0000000000",
        "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
    ] {
        assert!(IdentityStoreId::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "d-9067a1b2c",
        "d-9067a1b2c34",
        "d-9067A1B2C3",
        "x-9067a1b2c3",
        "A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
        "d-9067a1b2c3/../x",
    ] {
        let e = IdentityStoreId::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, IDENTITY_STORE_ID, "{bad}");
    }
}

#[test]
fn identity_store_ids_refuse_path_tricks() {
    for bad in [
        "..",
        "d-9067a1b2c3/..",
        "%2e%2e",
        "d-9067a1b2c3%2F",
        "/",
        " d-9067a1b2c3",
    ] {
        assert!(IdentityStoreId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_configured_allow_list_names_the_stores_userdesk_may_touch() {
    let store = IdentityStoreId::parse("d-9067a1b2c3").unwrap();
    assert!(
        store.is_allowed_by(&[]),
        "nothing configured: stores are discovered"
    );
    assert!(store.is_allowed_by(&["d-0000000000".to_owned(), "d-9067a1b2c3".to_owned()]));
    assert!(!store.is_allowed_by(&["d-0000000000".to_owned()]));
}

#[test]
fn user_ids_follow_the_model() {
    for ok in [
        USER,
        "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c3-A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
    ] {
        assert!(UserId::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "9067A1B2C3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe9",
        "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91-00",
        "9067a1b2c3-g706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "amara.okafor",
    ] {
        let e = UserId::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, USER_ID, "{bad}");
    }
}

#[test]
fn revisions_are_one_to_sixty_four_digits() {
    assert!(Revision::parse("1").is_ok());
    assert!(Revision::parse(&"9".repeat(REVISION_MAX)).is_ok());
    for bad in ["", "1a", "-1", " 1", "١", &"9".repeat(REVISION_MAX + 1)] {
        assert_eq!(
            Revision::parse(bad).expect_err("the rule refuses it").field,
            REVISION,
            "{bad:?}"
        );
    }
}

#[test]
fn the_form_reports_every_broken_field_at_once() {
    let mut form = amara().to_form();
    form.revision = String::new();
    form.display_name = "bell\u{7}".into();
    form.postal_code = "9".repeat(TEXT_MAX + 1);
    form.profile_url = "tab\u{200B}".into();
    let errors = IdentityStoreUserUpdate::try_from(&form).expect_err("the rule refuses it");
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["revision", "display_name", "postal_code", "profile_url"]
    );
}

#[test]
fn an_unchanged_form_makes_no_change_and_no_request() {
    let r = amara();
    let u = update(&r.to_form());
    assert!(changes(&r, &u).is_empty());
    assert!(operations(&r, &u).is_empty());
}

#[test]
fn single_valued_attributes_are_set_by_path_and_cleared_by_removal() {
    let r = amara();
    let mut form = r.to_form();
    form.display_name = "Amara N. Okafor".into();
    form.middle_name = "Ngozi".into();
    form.title = String::new();
    form.timezone = "Africa/Lagos".into();
    let u = update(&form);
    assert_eq!(
        operations(&r, &u),
        vec![
            AttributeOperation {
                path: "displayName",
                value: text("Amara N. Okafor")
            },
            AttributeOperation {
                path: "name.middleName",
                value: text("Ngozi")
            },
            AttributeOperation {
                path: "title",
                value: None
            },
            AttributeOperation {
                path: "timezone",
                value: text("Africa/Lagos")
            },
        ]
    );
    let c = changes(&r, &u);
    let summary: Vec<_> = c
        .iter()
        .map(|c| {
            (
                c.field.as_str(),
                c.before.as_str(),
                c.after.as_str(),
                c.secret,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("display_name", "Amara Okafor", "Amara N. Okafor", false),
            ("middle_name", "", "Ngozi", false),
            ("title", "Software Engineer", "", false),
            ("timezone", "America/Los_Angeles", "Africa/Lagos", false),
        ]
    );
    assert_eq!(c[0].label, "Display name");
}

#[test]
fn a_changed_email_replaces_the_entry_keeping_type_and_primary() {
    let r = amara();
    let mut form = r.to_form();
    form.email = "amara@example.org".into();
    assert_eq!(
        operations(&r, &update(&form)),
        vec![AttributeOperation {
            path: "emails",
            value: Some(AttributeValue::Entry(vec![
                ("value", Member::Text("amara@example.org".into())),
                ("type", Member::Text("work".into())),
                ("primary", Member::Flag(true)),
            ])),
        }]
    );
}

#[test]
fn a_new_phone_number_is_the_primary_one_and_a_cleared_one_is_removed() {
    let mut r = amara();
    r.phone_number = None;
    let mut form = r.to_form();
    form.phone_number = "+234 1 555 0100".into();
    assert_eq!(
        operations(&r, &update(&form)),
        vec![AttributeOperation {
            path: "phoneNumbers",
            value: Some(AttributeValue::Entry(vec![
                ("value", Member::Text("+234 1 555 0100".into())),
                ("primary", Member::Flag(true)),
            ])),
        }]
    );
    let r = amara();
    let mut form = r.to_form();
    form.phone_number.clear();
    assert_eq!(
        operations(&r, &update(&form)),
        vec![AttributeOperation {
            path: "phoneNumbers",
            value: None
        }]
    );
}

#[test]
fn address_changes_are_one_whole_entry() {
    let r = amara();
    let mut form = r.to_form();
    form.street_address = "350 5th Ave".into();
    form.locality = "New York".into();
    form.formatted_address = "350 5th Ave\r\nNew York NY 10118".into();
    let ops = operations(&r, &update(&form));
    assert_eq!(
        ops,
        vec![AttributeOperation {
            path: "addresses",
            value: Some(AttributeValue::Entry(vec![
                ("streetAddress", Member::Text("350 5th Ave".into())),
                ("locality", Member::Text("New York".into())),
                ("region", Member::Text("WA".into())),
                ("postalCode", Member::Text("98101".into())),
                ("country", Member::Text("US".into())),
                (
                    "formatted",
                    Member::Text("350 5th Ave\nNew York NY 10118".into())
                ),
                ("type", Member::Text("work".into())),
                ("primary", Member::Flag(true)),
            ])),
        }]
    );
    assert_eq!(changes(&r, &update(&form)).len(), 3);
}

#[test]
fn clearing_every_address_part_removes_the_address() {
    let r = amara();
    let mut form = r.to_form();
    for f in Field::ALL {
        if matches!(f.target(), Target::Address(_)) {
            form.value_mut(f).clear();
        }
    }
    assert_eq!(
        operations(&r, &update(&form)),
        vec![AttributeOperation {
            path: "addresses",
            value: None
        }]
    );
}

#[test]
fn crlf_against_a_stored_lf_is_no_change() {
    let r = amara();
    let mut form = r.to_form();
    form.formatted_address = form.formatted_address.replace('\n', "\r\n");
    let u = update(&form);
    assert!(operations(&r, &u).is_empty());
    assert!(changes(&r, &u).is_empty());
}

#[test]
fn the_view_shows_every_field_under_its_input_name() {
    let v = amara().view();
    assert_eq!(v.title, "Amara Okafor");
    assert_eq!(v.value("user_name"), Some("amara.okafor"));
    assert_eq!(v.value("email"), Some("amara.okafor@example.com"));
    assert_eq!(v.value("locality"), Some("Seattle"));
    assert_eq!(v.value("nick_name"), Some("—"));
    for f in Field::ALL {
        assert!(v.value(f.name()).is_some(), "{f:?}");
    }
    let mut nameless = amara();
    nameless.display_name = None;
    assert_eq!(nameless.title(), "amara.okafor");
}

#[test]
fn every_field_has_a_distinct_name_and_a_path_the_model_accepts() {
    let mut names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
    names.extend([IDENTITY_STORE_ID, USER_ID, REVISION]);
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n);
    // AttributePath: \p{L}+(?:\.\p{L}+){0,2}, 1–255 characters.
    for f in Field::ALL {
        let path = match f.target() {
            Target::Attribute(p) => p,
            Target::Email => "emails",
            Target::PhoneNumber => "phoneNumbers",
            Target::Address(_) => "addresses",
        };
        let segments: Vec<_> = path.split('.').collect();
        assert!((1..=3).contains(&segments.len()), "{path}");
        assert!(
            segments
                .iter()
                .all(|s| !s.is_empty() && s.chars().all(char::is_alphabetic)),
            "{path}"
        );
    }
}

/// Characters the model's class includes, from each of its categories and literals.
const ALLOWED: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \x{A0}\x{3000}]";

/// The table agrees with the model's pattern (as the `regex` crate reads it) on every
/// assigned character both Unicode versions know.
#[test]
fn allowed_char_is_the_models_class() {
    let class = regex::Regex::new(&format!("^{ALLOWED}$")).expect("valid");
    let unassigned = regex::Regex::new(r"^\p{Cn}$").expect("valid");
    let mut differences = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        let newly_assigned = unassigned.is_match(s)
            || unicode_general_category::get_general_category(c)
                == unicode_general_category::GeneralCategory::Unassigned;
        if !newly_assigned && class.is_match(s) != allowed_char(c) {
            differences.push(format!("U+{:04X}", u32::from(c)));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differ: {:?}",
        differences.len(),
        &differences[..differences.len().min(20)]
    );
}

/// Characters outside the class: controls, format characters, other separators,
/// private use and unassigned code points.
fn refused_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..=0x08).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{0B}'),
        Just('\u{0C}'),
        (0x0Eu32..=0x1F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        (0x7Fu32..=0x9F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        (0x2000u32..=0x200F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{2028}'),
        Just('\u{2029}'),
        Just('\u{FEFF}'),
        (0xE000u32..=0xF8FF).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{10FFFF}'),
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        proptest::string::string_regex(&format!("{ALLOWED}{{1,24}}"))
            .expect("the class is a valid pattern"),
    )
}

fn contact_entry() -> impl Strategy<Value = Option<ContactEntry>> {
    proptest::option::of(
        (opt_text(), opt_text(), proptest::option::of(any::<bool>())).prop_map(
            |(value, kind, primary)| ContactEntry {
                value,
                kind,
                primary,
            },
        ),
    )
}

fn address_entry() -> impl Strategy<Value = Option<AddressEntry>> {
    proptest::option::of(
        (
            (opt_text(), opt_text(), opt_text()),
            (opt_text(), opt_text(), opt_text()),
            (opt_text(), proptest::option::of(any::<bool>())),
        )
            .prop_map(
                |(
                    (street_address, locality, region),
                    (postal_code, country, formatted),
                    (kind, primary),
                )| {
                    AddressEntry {
                        street_address,
                        locality,
                        region,
                        postal_code,
                        country,
                        formatted,
                        kind,
                        primary,
                    }
                },
            ),
    )
}

fn record() -> impl Strategy<Value = IdentityStoreUserRecord> {
    let names = (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
    );
    let rest = (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
    );
    let entries = (
        contact_entry(),
        contact_entry(),
        address_entry(),
        "[0-9]{1,64}",
    );
    (names, rest, entries).prop_map(
        |(
            (display_name, given_name, middle_name, family_name, formatted_name, nick_name),
            (title, user_type, preferred_language, locale, timezone, profile_url),
            (email, phone_number, address, revision),
        )| IdentityStoreUserRecord {
            identity_store_id: STORE.into(),
            user_id: USER.into(),
            revision,
            user_name: "someone".into(),
            status: "ENABLED".into(),
            display_name,
            given_name,
            middle_name,
            family_name,
            formatted_name,
            nick_name,
            title,
            user_type,
            email,
            phone_number,
            address,
            preferred_language,
            locale,
            timezone,
            profile_url,
            ..Default::default()
        },
    )
}

proptest! {
    #[test]
    fn every_string_of_the_class_parses(s in proptest::string::string_regex(&format!("{ALLOWED}{{1,1024}}")).expect("valid")) {
        let parsed = GivenName::parse(&s);
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
    }

    #[test]
    fn one_refused_character_anywhere_fails(
        s in proptest::string::string_regex(&format!("{ALLOWED}{{0,40}}")).expect("valid"),
        bad in refused_char(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut chars: Vec<char> = s.chars().collect();
        chars.insert(at.index(chars.len() + 1), bad);
        let input: String = chars.into_iter().collect();
        let e = Locale::parse(&input).expect_err("the rule refuses it");
        prop_assert_eq!(e.field.as_str(), "locale");
        let code = format!("U+{:04X}", u32::from(bad));
        prop_assert!(e.message.contains(&code), "{}", e.message);
    }

    #[test]
    fn length_is_counted_in_characters(n in 1usize..=1100, c in prop::sample::select(vec!['a', 'é', '山', '🙂'])) {
        let s: String = std::iter::repeat_n(c, n).collect();
        prop_assert_eq!(Country::parse(&s).is_ok(), n <= TEXT_MAX);
    }

    #[test]
    fn reparsing_the_prefilled_form_changes_nothing(r in record()) {
        let u = IdentityStoreUserUpdate::try_from(&r.to_form());
        prop_assert!(u.is_ok(), "{:?}", u);
        let u = u.expect("the rule accepts it");
        prop_assert!(changes(&r, &u).is_empty());
        prop_assert!(operations(&r, &u).is_empty());
    }

    #[test]
    fn editing_one_field_sends_one_operation_for_it(
        r in record(),
        which in prop::sample::select(Field::ALL.to_vec()),
        new in proptest::option::of(proptest::string::string_regex(&format!("{ALLOWED}{{1,24}}")).expect("valid")),
    ) {
        let mut form = r.to_form();
        *form.value_mut(which) = new.clone().unwrap_or_default();
        let u = IdentityStoreUserUpdate::try_from(&form).expect("the rule accepts it");
        let before = r.value(which).map(normalize_line_breaks);
        let after = new.as_deref().map(normalize_line_breaks);
        let ops = operations(&r, &u);
        let c = changes(&r, &u);
        if before == after {
            prop_assert!(ops.is_empty());
            prop_assert!(c.is_empty());
        } else {
            prop_assert_eq!(ops.len(), 1);
            prop_assert_eq!(c.len(), 1);
            prop_assert_eq!(c[0].field.as_str(), which.name());
            let expected_path = match which.target() {
                Target::Attribute(p) => p,
                Target::Email => "emails",
                Target::PhoneNumber => "phoneNumbers",
                Target::Address(_) => "addresses",
            };
            prop_assert_eq!(ops[0].path, expected_path);
            if let Target::Attribute(_) = which.target() {
                prop_assert_eq!(ops[0].value.clone(), after.clone().map(AttributeValue::Text));
            }
            if matches!(which.target(), Target::Email | Target::PhoneNumber) {
                prop_assert_eq!(ops[0].value.is_none(), after.is_none());
            }
        }
    }
}
