//! Properties over generated users: reloading the form changes nothing, and editing one field
//! sends exactly one operation, for that field (and the review against the form lists it).

use proptest::prelude::*;

use super::*;

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
        // The page's review compares against the form the record opened as: the same list.
        prop_assert_eq!(&changes_from_form(&r.to_form(), &u), &c);
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
