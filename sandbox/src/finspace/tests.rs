use super::wire::{IAM_ROLE_ARN, check_tags};
use super::*;

#[test]
fn seed_users_satisfy_the_model() {
    let store = Store::seeded();
    assert!(store.environments[0].users.len() >= 25);
    for environment in &store.environments {
        assert!(ENVIRONMENT_ID.is_match(environment.id));
        assert!(environment.users.windows(2).all(|w| w[0].name < w[1].name));
        for user in &environment.users {
            assert!(USER_NAME.is_match(&user.name), "{}", user.name);
            assert!(IAM_ROLE_ARN.is_match(&user.iam_role));
        }
    }
}

#[test]
fn iam_role_arns_follow_the_model() {
    assert!(IAM_ROLE_ARN.is_match("arn:aws:iam::123456789012:role/kdb-analyst"));
    assert!(!IAM_ROLE_ARN.is_match("arn:aws:iam::1234:role/x"));
}

#[test]
fn tag_keys_follow_the_model() {
    let tags = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
    assert!(check_tags(&tags("desk", "equities")).is_ok());
    assert!(check_tags(&tags("cost-center:2024", "a b")).is_ok());
    assert!(check_tags(&tags("aws:owner", "x")).is_err());
    assert!(check_tags(&tags("desk", "é")).is_err());
    assert!(check_tags(&BTreeMap::new()).is_err());
}
