use super::*;

#[test]
fn seed_has_the_promised_shape() {
    let store = Store::seeded();
    let ops = &store.networks[0];
    assert!(ops.users.len() >= 25);
    assert_eq!(ops.users.iter().filter(|u| u.suspended).count(), 1);
    assert!(ops.users.iter().any(|u| u.is_admin));
    for network in &store.networks {
        assert!(NETWORK_ID.is_match(network.id));
        assert!((3..=5).contains(&network.groups.len()));
        for user in &network.users {
            assert!(USER_ID.is_match(&user.id) && user.id.len() <= 10);
            assert_eq!(user.groups.len(), 1);
            assert!(network.groups.iter().any(|g| g.id == user.groups[0]));
        }
        let mut names: Vec<String> = network
            .users
            .iter()
            .map(|u| u.username.to_lowercase())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), network.users.len());
    }
}

#[test]
fn unames_are_stable_and_distinct() {
    assert_eq!(uname("1001"), uname("1001"));
    assert_ne!(uname("1001"), uname("1002"));
    assert_eq!(uname("1001").len(), 64);
}
