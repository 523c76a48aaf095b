use serde_json::json;

use super::batch::{Outcome, check_client_token, id_list};
use super::devices::sort_devices;
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

// ---- devices -------------------------------------------------------------------------------

fn device(app_id: &str, kind: &'static str, created: i64, last_login: i64) -> Device {
    Device {
        app_id: app_id.to_owned(),
        kind,
        created,
        last_login,
        reset: false,
    }
}

#[test]
fn devices_are_deterministic_and_newest_first() {
    let devices = devices_for(1001, 3, 1_717_200_000);
    assert_eq!(devices.len(), 3);
    assert_eq!(devices[0].last_login, 1_717_200_000);
    assert!(devices.windows(2).all(|w| w[0].created > w[1].created));
    assert!(devices.iter().all(|d| d.created < d.last_login));
    assert_eq!(devices[0].app_id, devices_for(1001, 1, 0)[0].app_id);
    assert_ne!(devices[0].app_id, devices[1].app_id);
    assert_ne!(devices[0].app_id, devices_for(1002, 1, 0)[0].app_id);
    assert!(
        devices
            .iter()
            .all(|d| d.app_id.len() == 32 && d.app_id.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

#[test]
fn a_device_answers_every_member_of_the_shape() {
    let mut d = device("ab12", "iOS", 1_717_200_000, 1_717_203_600);
    assert_eq!(
        d.to_json(false),
        json!({
            "appId": "ab12",
            "created": "2024-06-01T00:00:00Z",
            "lastLogin": "2024-06-01T01:00:00Z",
            "statusText": "Active",
            "suspend": false,
            "type": "iOS",
        })
    );
    d.reset = true;
    let reset = d.to_json(true);
    assert_eq!(
        (reset["statusText"].clone(), reset["suspend"].clone()),
        (json!("Reset"), json!(true))
    );
}

#[test]
fn devices_sort_by_the_documented_fields_with_a_stable_tie_break() {
    let (a, b, c) = (
        device("a", "Windows", 30, 300),
        device("b", "android", 10, 100),
        device("c", "iOS", 20, 300),
    );
    let ids = |devices: &[&Device]| {
        devices
            .iter()
            .map(|d| d.app_id.as_str())
            .collect::<String>()
    };
    let mut devices = vec![&a, &b, &c];
    sort_devices(&mut devices, &["lastlogin"], false);
    assert_eq!(
        ids(&devices),
        "bca",
        "ties fall back to when each was first seen"
    );
    sort_devices(&mut devices, &["type"], false);
    assert_eq!(ids(&devices), "bca", "types compare without case");
    sort_devices(&mut devices, &["created"], true);
    assert_eq!(ids(&devices), "acb");
    sort_devices(&mut devices, &["suspend"], false);
    assert_eq!(ids(&devices), "bca");
    sort_devices(&mut devices, &[], true);
    assert_eq!(ids(&devices), "acb", "a bare direction sorts by first seen");
}

#[test]
fn seeded_users_have_zero_to_three_devices_and_invitees_none() {
    let store = Store::seeded();
    let ops = &store.networks[0];
    let counts: Vec<usize> = ops.users.iter().map(|u| u.devices.len()).collect();
    assert_eq!(&counts[..8], [3, 2, 1, 0, 3, 2, 1, 0]);
    for network in &store.networks {
        for user in &network.users {
            assert!(user.devices.len() <= 3, "{}", user.id);
            if user.status == PENDING {
                assert!(user.devices.is_empty(), "{} never signed in", user.id);
            }
        }
    }
    // Nadia (1014) is due to re-verify: her last-used device was reset.
    let niamh = &ops.users[ops.user_index("1014").unwrap()];
    let reset: Vec<bool> = niamh.devices.iter().map(|d| d.reset).collect();
    assert_eq!(reset, [true, false]);
    let resets = store
        .networks
        .iter()
        .flat_map(|n| &n.users)
        .flat_map(|u| &u.devices)
        .filter(|d| d.reset)
        .count();
    assert_eq!(resets, 1);
}

#[test]
fn resetting_marks_the_device_and_names_an_unknown_one() {
    let mut store = Store::seeded();
    let user = &mut store.networks[0].users[0];
    let app_id = user.devices[1].app_id.clone();
    assert_eq!(user.reset_device(&app_id), Ok(()));
    assert!(user.devices[1].reset);
    assert_eq!(
        user.reset_device(&app_id),
        Ok(()),
        "a second reset is no failure"
    );
    assert_eq!(
        user.reset_device("0123"),
        Err("No device with this appId is registered to user 1001.".to_owned())
    );
    assert_eq!(user.devices.len(), 3, "a reset device stays listed");
}

// ---- batches -------------------------------------------------------------------------------

#[test]
fn a_batch_answer_counts_its_items() {
    let mut outcome = Outcome::new("userId");
    outcome.succeed("1002");
    outcome.fail(
        "9999",
        "userIds",
        "User 9999 was not found in network 24681357.".to_owned(),
    );
    assert_eq!(
        outcome.reply("Suspended", "user"),
        json!({
            "message": "Suspended 1 of 2 users.",
            "successful": [{ "userId": "1002" }],
            "failed": [{
                "userId": "9999",
                "field": "userIds",
                "reason": "User 9999 was not found in network 24681357.",
            }],
        })
    );
    let mut one = Outcome::new("appId");
    one.succeed("ab");
    assert_eq!(
        one.reply("Reset", "device")["message"],
        "Reset 1 of 1 device."
    );
    assert_eq!(
        Outcome::new("userId").reply("Reinvited", "user"),
        json!({ "message": "Reinvited 0 of 0 users.", "successful": [], "failed": [] })
    );
}

#[test]
fn suspending_changes_the_user_only_when_it_differs() {
    let mut store = Store::seeded();
    let user = &mut store.networks[0].users[1];
    let modified = user.modified;
    user.set_suspended(false, 2_000_000_000);
    assert_eq!((user.suspended, user.modified), (false, modified));
    user.set_suspended(true, 2_000_000_000);
    assert_eq!((user.suspended, user.modified), (true, 2_000_000_000));
}

#[test]
fn only_a_pending_invitation_can_be_sent_again() {
    let mut store = Store::seeded();
    let ops = &mut store.networks[0];
    let now = 2_000_000_000;
    // 1027's invitation expired in 2024: a reinvite makes it usable for another 7 days.
    let expired = ops.user_index("1027").unwrap();
    assert_eq!(ops.users[expired].reinvite(now), Ok(()));
    assert_eq!(ops.users[expired].invite_expiration, Some(now + 7 * 86_400));
    assert_eq!(ops.users[expired].modified, now);
    assert_eq!(
        ops.users[expired].invite_code.as_deref(),
        Some("MRD-4821-QX")
    );
    assert_eq!(ops.users[expired].status, PENDING);
    let active = ops.user_index("1001").unwrap();
    assert_eq!(
        ops.users[active].reinvite(now),
        Err(
            "User is already active; only users with a pending invitation can be reinvited."
                .to_owned()
        )
    );
    assert_eq!(ops.users[active].invite_expiration, None);
}

#[test]
fn client_tokens_follow_the_model() {
    let headers = |token: &str| {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-client-token", token.parse().unwrap());
        headers
    };
    assert!(check_client_token(&axum::http::HeaderMap::new()).is_ok());
    assert!(check_client_token(&headers("0b9e4a2c-7f1d-4c3e-9a5b-6d8f0e1a2b3c")).is_ok());
    assert!(check_client_token(&headers("retry:1_A-z")).is_ok());
    assert!(check_client_token(&headers(&"a".repeat(64))).is_ok());
    let reasons =
        |token: &str| check_client_token(&headers(token)).unwrap_err().fields["reasons"].clone();
    assert_eq!(
        reasons(&"a".repeat(65)),
        json!([{
            "field": "clientToken",
            "reason": "1 validation error detected: Value at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 64",
        }])
    );
    assert_eq!(
        reasons("two words"),
        json!([{
            "field": "clientToken",
            "reason": "1 validation error detected: Value at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_:]+",
        }])
    );
}

#[test]
fn batch_ids_are_a_required_list_of_at_most_fifty() {
    let members = |body: serde_json::Value| body.as_object().unwrap().clone();
    let any = |_: &str| Ok(());
    assert_eq!(
        id_list(
            &members(json!({ "userIds": ["2", "1", "2"] })),
            "userIds",
            any
        ),
        Ok(vec!["2".to_owned(), "1".to_owned()]),
        "an id given twice is answered once"
    );
    let fifty: Vec<String> = (0..50).map(|i| i.to_string()).collect();
    assert_eq!(
        id_list(&members(json!({ "userIds": fifty })), "userIds", any).map(|v| v.len()),
        Ok(50)
    );
    let message =
        |body: serde_json::Value| id_list(&members(body), "userIds", any).unwrap_err().message;
    let fifty_one: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    assert_eq!(
        message(json!({ "userIds": fifty_one })),
        "1 validation error detected: Value at 'userIds' failed to satisfy constraint: Member must have length less than or equal to 50"
    );
    assert_eq!(
        message(json!({})),
        "1 validation error detected: Value at 'userIds' failed to satisfy constraint: Member must not be null"
    );
    for bad in [json!("1001"), json!([1001])] {
        assert_eq!(
            message(json!({ "userIds": bad })),
            "1 validation error detected: Value at 'userIds' failed to satisfy constraint: Member must be a list of strings"
        );
    }
    // Each id is checked, and the first bad one is the error.
    let refuse = |id: &str| {
        if id == "x" {
            Err(crate::AwsError::new(422, "ValidationError", "bad"))
        } else {
            Ok(())
        }
    };
    assert_eq!(
        id_list(&members(json!({ "appIds": ["a", "x"] })), "appIds", refuse)
            .unwrap_err()
            .message,
        "bad"
    );
    assert_eq!(
        id_list(&members(json!({ "appIds": [] })), "appIds", refuse),
        Ok(vec![])
    );
}

// ---- populate ------------------------------------------------------------------------------

#[test]
fn populate_adds_active_users_after_the_seed() {
    let mut store = Store::seeded();
    store.populate(3).unwrap();
    let ops = &store.networks[0];
    assert_eq!(ops.users.len(), 31);
    let added = &ops.users[28];
    assert_eq!(added.id, "100001");
    assert_eq!(added.username, "load-user-00001@meridian-ops.com");
    assert_eq!(
        (added.first_name.as_str(), added.last_name.as_str()),
        ("Bjorn", "Okafor")
    );
    assert_eq!(added.groups, ["Kd3mQ8vZ"]);
    assert_eq!((added.status, added.suspended), (ACTIVE, false));
    // A second call goes on from the last number.
    store.populate(2).unwrap();
    let ids: Vec<&str> = store.networks[0].users[28..]
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(ids, ["100001", "100002", "100003", "100004", "100005"]);
    for user in &store.networks[0].users {
        assert!(USER_ID.is_match(&user.id) && user.id.len() <= 10);
    }
    assert!(store.populate(20_000).is_err());
    assert_eq!(
        store.networks[0].users.len(),
        33,
        "a refused call adds nobody"
    );
}
