use super::wire::{BROKER_ID, check_password};
use super::*;

#[test]
fn password_rules_have_their_boundaries() {
    assert!(check_password("abcdefghijk").is_err()); // 11
    assert!(check_password("abcdefghijkl").is_ok()); // 12
    assert!(check_password("abcabcabcabc").is_err()); // 3 unique
    assert!(check_password("abcdabcdabcd").is_ok()); // 4 unique
    for bad in [',', ':', '='] {
        assert!(check_password(&format!("abcdefghijk{bad}")).is_err());
    }
    assert!(check_password(&"abcd".repeat(63)).is_err()); // 252
    assert!(check_password(&"abcde".repeat(50)).is_ok()); // 250
}

#[test]
fn seed_has_the_promised_shape() {
    let store = Store::seeded();
    let orders = &store.brokers[0];
    assert!(orders.users.len() >= 25);
    assert!(
        orders
            .users
            .windows(2)
            .all(|w| w[0].username < w[1].username)
    );
    assert_eq!(
        orders
            .users
            .iter()
            .filter(|u| u.live.as_ref().is_some_and(|l| l.replication_user))
            .count(),
        1
    );
    assert_eq!(
        orders.users.iter().filter(|u| u.pending.is_some()).count(),
        2
    );
    for broker in &store.brokers {
        assert!(BROKER_ID.is_match(&broker.id));
        for user in &broker.users {
            assert!(NAME.is_match(&user.username));
        }
    }
}
