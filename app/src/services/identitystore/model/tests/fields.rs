//! The field table: one spec per variant, in order; each field's input, update value and record
//! value are its own; distinct input names; paths AWS accepts; the record view lists them all.

use super::*;

#[test]
fn every_field_has_exactly_one_spec_in_order() {
    assert_eq!(FIELDS.len(), Field::ALL.len());
    for (i, (field, spec)) in Field::ALL.into_iter().zip(&FIELDS).enumerate() {
        assert_eq!(spec.field, field, "row {i}");
        // `Field::spec` finds the row by the variant's discriminant.
        assert_eq!(field as usize, i, "{field:?}");
        assert_eq!(field.spec().field, field);
    }
}

#[test]
fn only_the_formatted_address_spans_lines() {
    let multiline: Vec<_> = Field::ALL.into_iter().filter(|f| f.multiline()).collect();
    assert_eq!(multiline, [Field::FormattedAddress]);
}

/// Every input holding its own name, so a field reading another's value shows.
fn form_of_names() -> IdentityStoreUserForm {
    let mut form = IdentityStoreUserForm {
        identity_store_id: STORE.into(),
        user_id: USER.into(),
        revision: "1".into(),
        ..Default::default()
    };
    for f in Field::ALL {
        *form.value_mut(f) = f.name().to_owned();
    }
    form
}

#[test]
fn each_input_is_the_form_field_of_its_name() {
    let form = form_of_names();
    let json = serde_json::to_value(&form).expect("the form serializes");
    for f in Field::ALL {
        assert_eq!(form.value(f), f.name());
        assert_eq!(json[f.name()], f.name(), "{f:?}");
    }
    let u = update(&form);
    for f in Field::ALL {
        assert_eq!(u.value(f), Some(f.name()), "{f:?}");
    }
}

#[test]
fn each_field_reads_its_own_attribute_of_the_record() {
    let contact = |value: &str| ContactEntry {
        value: Some(value.into()),
        ..Default::default()
    };
    let r = IdentityStoreUserRecord {
        display_name: Some("display_name".into()),
        given_name: Some("given_name".into()),
        middle_name: Some("middle_name".into()),
        family_name: Some("family_name".into()),
        formatted_name: Some("formatted_name".into()),
        nick_name: Some("nick_name".into()),
        title: Some("title".into()),
        user_type: Some("user_type".into()),
        email: Some(contact("email")),
        phone_number: Some(contact("phone_number")),
        address: Some(AddressEntry {
            street_address: Some("street_address".into()),
            locality: Some("locality".into()),
            region: Some("region".into()),
            postal_code: Some("postal_code".into()),
            country: Some("country".into()),
            formatted: Some("formatted_address".into()),
            ..Default::default()
        }),
        preferred_language: Some("preferred_language".into()),
        locale: Some("locale".into()),
        timezone: Some("timezone".into()),
        profile_url: Some("profile_url".into()),
        ..Default::default()
    };
    for f in Field::ALL {
        assert_eq!(r.value(f), Some(f.name()), "{f:?}");
    }
    let empty = IdentityStoreUserRecord::default();
    assert!(Field::ALL.into_iter().all(|f| empty.value(f).is_none()));
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
