use super::super::NAME;
use super::*;

#[test]
fn populate_adds_valid_users_after_the_seed() {
    let mut store = Store::seeded();
    let seeded = store.users.len();
    store.populate(2).unwrap();
    store.populate(1).unwrap();
    let added: Vec<&str> = store.users[seeded..]
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(
        added,
        ["load-user-00001", "load-user-00002", "load-user-00003"]
    );
    assert!(store.users.iter().all(|u| NAME.is_match(&u.name)));
    assert_eq!(
        store.find("load-user-00002").map(|u| u.auth),
        Some(Auth::Password { count: 1 })
    );
}
