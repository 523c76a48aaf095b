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

#[test]
fn a_reboot_makes_every_pending_change_live() {
    let mut store = Store::seeded();
    let orders = &mut store.brokers[0];
    let pending = |b: &Broker, name: &str| b.users[b.user_index(name).unwrap()].clone();
    let fulfilment = pending(orders, "fulfilment-api");
    assert_eq!(
        fulfilment.live.as_ref().map(|l| l.console_access),
        Some(false)
    );
    orders.reboot();
    assert!(orders.users.iter().all(|u| u.pending.is_none()));
    assert_eq!(orders.state, "RUNNING");
    let fulfilment = pending(orders, "fulfilment-api");
    assert_eq!(
        fulfilment.live,
        Some(live(true, &["orders-writers", "ops"]))
    );
    let returns = pending(orders, "returns-service");
    assert_eq!(
        returns.live,
        Some(live(false, &["orders-writers", "orders-readers"])),
        "a pending creation becomes a live user"
    );
    let admin = pending(orders, "admin");
    assert_eq!(
        admin.live,
        Some(live(true, &["admins"])),
        "settled users stay as they were"
    );
    // A second reboot has nothing left to apply.
    let before: Vec<_> = orders.users.iter().map(|u| u.live.clone()).collect();
    orders.reboot();
    let after: Vec<_> = orders.users.iter().map(|u| u.live.clone()).collect();
    assert_eq!(before, after);
}

#[test]
fn a_reboot_leaves_the_other_brokers_alone() {
    let mut store = Store::seeded();
    store.brokers[0].users[0].pending = Some(Pending {
        change: Change::Update,
        settings: live(true, &[]),
        new_password: false,
    });
    store.brokers[1].reboot();
    assert!(store.brokers[0].users[0].pending.is_some());
}

#[test]
fn populate_adds_live_users_in_username_order() {
    let mut store = Store::seeded();
    store.populate(3).unwrap();
    store.populate(2).unwrap();
    let orders = &store.brokers[0];
    assert_eq!(orders.users.len(), 28 + 5);
    assert!(
        orders
            .users
            .windows(2)
            .all(|w| w[0].username < w[1].username)
    );
    let added: Vec<&str> = orders
        .users
        .iter()
        .map(|u| u.username.as_str())
        .filter(|n| n.starts_with("load-user-"))
        .collect();
    assert_eq!(
        added,
        [
            "load-user-00001",
            "load-user-00002",
            "load-user-00003",
            "load-user-00004",
            "load-user-00005"
        ]
    );
    let user = &orders.users[orders.user_index("load-user-00004").unwrap()];
    assert_eq!(user.live, Some(live(false, &["load-testers"])));
    assert!(user.pending.is_none() && NAME.is_match(&user.username));
    assert_eq!(
        store.brokers[1].users.len(),
        5,
        "only the first broker grows"
    );
}
