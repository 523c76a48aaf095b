use serde_json::json;

use super::*;

#[test]
fn groups_come_from_a_top_level_or_nested_claim() {
    let claims = json!({
        "groups": ["admins", 7, "ops"],
        "realm_access": {"roles": ["helpdesk"]},
        "team": "viewers",
    });
    assert_eq!(groups_at(&claims, "groups"), ["admins", "ops"]);
    assert_eq!(groups_at(&claims, "realm_access.roles"), ["helpdesk"]);
    assert_eq!(groups_at(&claims, "team"), ["viewers"]);
    assert_eq!(
        groups_at(&claims, "realm_access.missing"),
        Vec::<String>::new()
    );
    assert_eq!(groups_at(&claims, "groups.0"), Vec::<String>::new());
}

#[test]
fn the_display_name_falls_back_to_email_then_subject() {
    let mut who = Identity {
        subject: "00u1".to_owned(),
        email: Some("ada@example.com".to_owned()),
        name: Some("  ".to_owned()),
        groups: Vec::new(),
    };
    assert_eq!(who.display_name(), "ada@example.com");
    who.email = None;
    assert_eq!(who.display_name(), "00u1");
    who.name = Some("Ada".to_owned());
    assert_eq!(who.display_name(), "Ada");
}
