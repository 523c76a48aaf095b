use super::wire::{authentication_mode, check_access_string, check_password};
use super::*;

#[test]
fn the_seed_is_rich_enough_for_the_ui() {
    let store = Store::seeded();
    assert!(store.users.len() >= 28);
    let default = store.find("default").unwrap();
    assert_eq!(default.auth, Auth::NoPassword);
    assert_eq!(default.access_string, "on ~* &* +@all");
    assert!(
        store
            .users
            .iter()
            .any(|u| u.auth == Auth::Password { count: 2 })
    );
    assert!(store.users.iter().filter(|u| u.auth == Auth::Iam).count() >= 3);
    for user in &store.users {
        assert!(NAME.is_match(&user.name), "{}", user.name);
        assert!(
            check_access_string(&user.access_string).is_ok(),
            "{}",
            user.name
        );
        assert!(user.acl_names.iter().all(|a| NAME.is_match(a)));
    }
    let mut names: Vec<_> = store.users.iter().map(|u| &u.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), store.users.len());
}

#[test]
fn passwords_follow_the_documented_rule() {
    assert!(check_password(&"a".repeat(16)).is_ok());
    assert!(check_password(&"a".repeat(128)).is_ok());
    assert!(check_password("!#$%&()*+,-./:;<=>?@[]^_`{|}~aa").is_ok());
    assert!(check_password(&"a".repeat(15)).is_err());
    assert!(check_password(&"a".repeat(129)).is_err());
    assert!(check_password("sixteen chars ok").is_err(), "space");
    assert!(
        check_password("sixteen-chars-ok\u{7}").is_err(),
        "control character"
    );
    assert!(check_password("sixteen-chars-okü").is_err(), "non-ASCII");
    let err = check_password("hunter2hunter2!!x y").unwrap_err();
    assert!(!err.message.contains("hunter2"));
}

#[test]
fn access_strings_follow_the_acl_grammar() {
    assert!(check_access_string("on ~app:* -@all +@read").is_ok());
    assert!(check_access_string("off resetkeys allchannels nocommands").is_ok());
    assert!(check_access_string("on %R~logs:* +get").is_ok());
    assert!(check_access_string("   ").is_err());
    assert!(check_access_string("on >secret ~* +@all").is_err());
    assert!(check_access_string("on nopass ~* +@all").is_err());
    assert!(check_access_string("reset on").is_err());
    assert!(check_access_string("on everything").is_err());
    assert!(
        check_access_string("on ~ +@all").is_err(),
        "empty key pattern"
    );
}

#[test]
fn authentication_modes_combine_like_aws() {
    let mode = |v: Value| authentication_mode(&json!({ "AuthenticationMode": v }));
    let pw = "p".repeat(16);
    assert_eq!(mode(json!({"Type": "iam"})).unwrap(), Some(Auth::Iam));
    assert_eq!(
        mode(json!({"Type": "password", "Passwords": [pw, pw]})).unwrap(),
        Some(Auth::Password { count: 2 })
    );
    assert_eq!(
        mode(json!({"Passwords": [pw]})).unwrap(),
        Some(Auth::Password { count: 1 })
    );
    assert_eq!(mode(json!({})).unwrap(), None);
    let code = |v: Value| mode(v).unwrap_err().code;
    assert_eq!(
        code(json!({"Type": "iam", "Passwords": [pw]})),
        "InvalidParameterCombinationException"
    );
    assert_eq!(
        code(json!({"Type": "password"})),
        "InvalidParameterCombinationException"
    );
    assert_eq!(
        code(json!({"Type": "password", "Passwords": [pw, pw, pw]})),
        "InvalidParameterValueException"
    );
    assert_eq!(
        code(json!({"Type": "password", "Passwords": []})),
        "InvalidParameterValueException"
    );
    assert_eq!(
        code(json!({"Type": "no-password"})),
        "InvalidParameterValueException"
    );
    assert_eq!(
        code(json!({"Type": "password", "Passwords": [1]})),
        "SerializationException"
    );
}

#[test]
fn a_user_settles_after_the_configured_time() {
    let mut user = User::new("u", "on", &[], Auth::Iam);
    let start = Instant::now();
    user.modified_at = Some(start);
    let settle = Duration::from_millis(50);
    assert!(user.is_modifying(start, settle));
    assert_eq!(user.to_json(start, settle)["Status"], "modifying");
    let later = start + Duration::from_millis(60);
    assert!(!user.is_modifying(later, settle));
    assert_eq!(user.to_json(later, settle)["Status"], "active");
}

#[test]
fn only_the_emulated_operations_are_known() {
    for name in ["DescribeUsers", "UpdateUser", "CreateUser"] {
        assert!(operation(name).is_some(), "{name}");
    }
    assert!(operation("DeleteUser").is_none());
    assert!(operation("describeUsers").is_none());
}

#[test]
fn users_render_like_aws() {
    let user = User::new(
        "app",
        "on ~* +@all",
        &["acl-a"],
        Auth::Password { count: 2 },
    );
    let json = user.to_json(Instant::now(), Duration::ZERO);
    assert_eq!(
        json["ARN"],
        "arn:aws:memorydb:us-east-1:123456789012:user/app"
    );
    assert_eq!(
        json["Authentication"],
        json!({"Type": "password", "PasswordCount": 2})
    );
    assert_eq!(json["MinimumEngineVersion"], "6.2");
    assert_eq!(json["ACLNames"], json!(["acl-a"]));
    let iam = User::new("i", "on", &[], Auth::Iam).to_json(Instant::now(), Duration::ZERO);
    assert_eq!(iam["Authentication"], json!({"Type": "iam"}));
    assert_eq!(iam["MinimumEngineVersion"], "7.0");
}
