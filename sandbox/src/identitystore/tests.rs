use serde_json::json;

use super::wire::{apply, attribute_value, resolve};
use super::*;

#[test]
fn the_seed_has_two_stores_of_valid_users() {
    let store = Store::seeded();
    assert_eq!(store.store_ids(), ["d-9067a1b2c3", "d-90660f4e7d"]);
    assert!(store.stores[0].users.len() >= 26);
    assert!(store.stores[1].users.len() >= 10);
    for s in &store.stores {
        assert!(STORE_ID.is_match(&s.id));
        for user in &s.users {
            assert!(USER_ID.is_match(&user.id), "{}", user.id);
            assert!(user.id.starts_with(s.hex()));
            let arn = user_arn(&user.id);
            assert!((60..=100).contains(&arn.len()));
            for attribute in ATTRIBUTES {
                if let Some(value) = user.attributes.get(attribute.member) {
                    let checked = attribute_value(attribute.path, attribute.kind, value)
                        .unwrap_or_else(|e| {
                            panic!("{} {}: {}", user.id, attribute.path, e.message)
                        });
                    assert_eq!(checked.as_ref(), Some(value), "{}", attribute.path);
                }
            }
            assert!(!s.name_taken(user.user_name().unwrap(), Some(&user.id)));
        }
    }
    // Some users lack some fields, so the UI meets the gaps.
    let users = &store.stores[0].users;
    assert!(
        users
            .iter()
            .any(|u| !u.attributes.contains_key("PhoneNumbers"))
    );
    assert!(
        users
            .iter()
            .any(|u| !u.attributes.contains_key("Addresses"))
    );
    assert!(users.iter().any(|u| !u.attributes.contains_key("Title")));
    assert!(users.iter().any(|u| u.status == "DISABLED"));
}

#[test]
fn the_seed_is_deterministic() {
    let a = Store::seeded();
    let b = Store::seeded();
    let ids = |s: &Store| {
        s.stores
            .iter()
            .flat_map(|s| s.users.iter().map(|u| u.id.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn paths_resolve_case_insensitively() {
    assert_eq!(resolve("displayName").unwrap().0, "DisplayName");
    assert_eq!(resolve("DisplayName").unwrap().0, "DisplayName");
    assert!(matches!(
        resolve("name.givenName").unwrap(),
        ("Name", Kind::NamePart("GivenName"))
    ));
    let err = resolve("emails.value").unwrap_err();
    assert_eq!(
        err.message,
        "Unsupported update operation on multi-value attribute emails, please provide full replacement of Multi-Value attribute types"
    );
    let err = resolve("favouriteColour").unwrap_err();
    assert_eq!(
        err.message,
        "Invalid attribute path favouriteColour: it names no attribute of a user."
    );
    assert!(resolve("name.nickname").is_err());
}

#[test]
fn operations_set_and_remove_attributes() {
    let mut attributes = Map::new();
    attributes.insert("UserName".into(), "ada".into());
    apply(&mut attributes, "name.givenName", Some(&json!("Ada"))).unwrap();
    apply(&mut attributes, "name.familyName", Some(&json!("Lovelace"))).unwrap();
    assert_eq!(
        attributes["Name"],
        json!({"GivenName": "Ada", "FamilyName": "Lovelace"})
    );
    apply(&mut attributes, "name.givenName", None).unwrap();
    apply(&mut attributes, "name.familyName", Some(&Value::Null)).unwrap();
    assert!(!attributes.contains_key("Name"), "an empty name is dropped");
    apply(
        &mut attributes,
        "emails",
        Some(&json!([{"value": "a@b.c", "type": "work", "primary": true}])),
    )
    .unwrap();
    assert_eq!(
        attributes["Emails"],
        json!([{"Value": "a@b.c", "Type": "work", "Primary": true}])
    );
    apply(&mut attributes, "emails", None).unwrap();
    assert!(!attributes.contains_key("Emails"));
    assert!(apply(&mut attributes, "userName", None).is_err());
    apply(&mut attributes, "userName", Some(&json!("ada.l"))).unwrap();
    assert_eq!(attributes["UserName"], "ada.l");
}

#[test]
fn values_are_checked_against_the_model() {
    let mut a = Map::new();
    let code = |r: Result<(), AwsError>| r.unwrap_err().code;
    assert_eq!(
        code(apply(&mut a, "displayName", Some(&json!("")))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "displayName", Some(&json!("x".repeat(1025))))),
        "ValidationException"
    );
    assert!(apply(&mut a, "displayName", Some(&json!("x".repeat(1024)))).is_ok());
    assert_eq!(
        code(apply(&mut a, "displayName", Some(&json!("bell\u{7}")))),
        "ValidationException"
    );
    assert!(
        apply(
            &mut a,
            "displayName",
            Some(&json!("Zoë\u{3000}Tanaka\u{00A0}Jr."))
        )
        .is_ok()
    );
    assert_eq!(
        code(apply(&mut a, "displayName", Some(&json!(42)))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "userName", Some(&json!("has space")))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "userName", Some(&json!("u".repeat(129))))),
        "ValidationException"
    );
    let two = json!([{"Value": "a@b.c"}, {"Value": "d@e.f"}]);
    assert_eq!(
        code(apply(&mut a, "emails", Some(&two))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "emails", Some(&json!([])))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "emails", Some(&json!([{"colour": "red"}])))),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "emails", Some(&json!([{"primary": "yes"}])))),
        "ValidationException"
    );
    let photo = |n| json!({"value": format!("https://p.example/{n}.png")});
    assert!(
        apply(
            &mut a,
            "photos",
            Some(&json!([photo(1), photo(2), photo(3)]))
        )
        .is_ok()
    );
    assert_eq!(
        code(apply(
            &mut a,
            "photos",
            Some(&json!([photo(1), photo(2), photo(3), photo(4)]))
        )),
        "ValidationException"
    );
    assert_eq!(
        code(apply(&mut a, "photos", Some(&json!([{"type": "photo"}])))),
        "ValidationException"
    );
    let err = apply(&mut a, "nickName", Some(&json!("secret\u{1}"))).unwrap_err();
    assert!(!err.message.contains("secret"), "values are never echoed");
}

#[test]
fn only_the_emulated_operations_are_known() {
    for name in ["ListUsers", "DescribeUser", "UpdateUser", "CreateUser"] {
        assert!(operation(name).is_some(), "{name}");
    }
    assert!(operation("DeleteUser").is_none());
}

#[test]
fn lower_camel_names_members_like_aws() {
    assert_eq!(lower_camel("PhoneNumbers"), "phoneNumbers");
    assert_eq!(lower_camel(""), "");
}
