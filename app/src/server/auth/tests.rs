use super::*;

#[test]
fn only_local_paths_are_followed_after_sign_in() {
    assert_eq!(
        local_path(Some("/mq/b-1/users/alice?x=1")),
        "/mq/b-1/users/alice?x=1"
    );
    for hostile in [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: a=b",
        "",
    ] {
        assert_eq!(local_path(Some(hostile)), "/", "{hostile:?}");
    }
    assert_eq!(local_path(None), "/");
}

#[test]
fn only_the_sign_in_flow_and_the_bundle_are_open() {
    assert!(is_open("/auth/sign-in"));
    assert!(is_open("/auth/callback"));
    assert!(is_open("/pkg/userdesk.wasm"));
    assert!(is_open("/favicon.svg"));
    for closed in ["/", "/mq", "/api/update_mq_user", "/authx", "/auth"] {
        assert!(!is_open(closed), "{closed}");
    }
}

#[test]
fn groups_pick_the_strongest_role_and_no_group_is_refused() {
    let roles = RoleMap {
        admin: vec!["ud-admins".to_owned()],
        helpdesk: vec!["ud-helpdesk".to_owned()],
        viewer: vec!["staff".to_owned()],
    };
    let who = |groups: &[&str]| Identity {
        subject: "00u1".to_owned(),
        email: Some("ada@example.com".to_owned()),
        name: None,
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    };
    let caller = caller_for(who(&["staff", "ud-helpdesk"]), &roles).unwrap();
    assert_eq!(caller.role, Role::Helpdesk);
    assert_eq!(caller.id, "00u1");
    assert_eq!(caller.display_name, "ada@example.com");
    assert_eq!(
        caller_for(who(&["ud-admins", "staff"]), &roles)
            .unwrap()
            .role,
        Role::Admin
    );
    assert!(matches!(
        caller_for(who(&["contractors"]), &roles),
        Err(Refusal::NoRole)
    ));
    assert!(matches!(caller_for(who(&[]), &roles), Err(Refusal::NoRole)));
}
