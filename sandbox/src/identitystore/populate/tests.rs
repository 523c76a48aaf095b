use super::super::USER_ID;
use super::*;

#[test]
fn populate_adds_plausible_users_with_valid_unique_ids() {
    let mut store = Store::seeded();
    let seeded = store.stores[0].users.len();
    store.populate(500).unwrap();
    let users = &store.stores[0].users;
    assert_eq!(users.len(), seeded + 500);
    let first = &users[seeded];
    assert_eq!(first.user_name(), Some("load-user-00001"));
    assert_eq!(first.attributes["DisplayName"], "Bjorn Okafor");
    assert_eq!(
        first.attributes["Emails"][0]["Value"],
        "load-user-00001@load.example.com"
    );
    assert!(
        users
            .iter()
            .all(|u| USER_ID.is_match(&u.id) && u.id.starts_with("9067a1b2c3-"))
    );
    let mut ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), users.len());
    assert_eq!(
        store.stores[1].users.len(),
        12,
        "only the first store grows"
    );
}
