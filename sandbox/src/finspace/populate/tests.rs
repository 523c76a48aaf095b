use super::*;

#[test]
fn populate_adds_users_in_name_order() {
    let mut store = Store::seeded();
    let seeded = store.environments[0].users.len();
    store.populate(3).unwrap();
    let users = &store.environments[0].users;
    assert_eq!(users.len(), seeded + 3);
    assert!(users.windows(2).all(|w| w[0].name < w[1].name));
    let user = &users[store.environments[0].find("load-user-00003").unwrap()];
    assert_eq!(
        user.iam_role,
        "arn:aws:iam::123456789012:role/finspace/kdb-load-test"
    );
    assert!(super::super::wire::IAM_ROLE_ARN.is_match(&user.iam_role));
    assert_eq!(
        store.environments[1].users.len(),
        7,
        "only the first environment grows"
    );
}
