//! How a submitted form becomes a checked update, and an update becomes the changes the review
//! lists and the operations `UpdateUser` is sent.

use super::*;

fn text(value: &str) -> Option<AttributeValue> {
    Some(AttributeValue::Text(value.to_owned()))
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
