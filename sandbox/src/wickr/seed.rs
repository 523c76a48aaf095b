//! The demo networks, security groups and users the sandbox starts with (and returns to on
//! reset).

use serde_json::{Value, json};

use super::{ACTIVE, Network, PENDING, SecurityGroup, Store, User, devices_for};
use crate::seed;

/// A security group's settings: every member of `SecurityGroupSettings`, tuned by `strict`
/// (contractors and observers get files, location and federation switched off).
fn settings(strict: bool, premium: bool) -> Value {
    json!({
        "alwaysReauthenticate": strict,
        "atakPackageValues": [],
        "calling": { "canStart11Call": true, "canVideoCall": !strict, "forceTcpCall": strict },
        "checkForUpdates": true,
        "enableAtak": false,
        "enableCrashReports": true,
        "enableFileDownload": !strict,
        "enableGuestFederation": premium && !strict,
        "enableNotificationPreview": !strict,
        "enableOpenAccessOption": false,
        "enableRestrictedGlobalFederation": false,
        "filesEnabled": !strict,
        "forceDeviceLockout": if strict { 5 } else { 10 },
        "forceOpenAccess": false,
        "forceReadReceipts": false,
        "globalFederation": premium && !strict,
        "isAtoEnabled": strict,
        "isLinkPreviewEnabled": !strict,
        "locationAllowMaps": !strict,
        "locationEnabled": !strict,
        "maxAutoDownloadSize": if strict { 512_000 } else { 7_340_032 },
        "maxBor": if strict { 3_600 } else { 0 },
        "maxTtl": if strict { 604_800 } else { 31_536_000 },
        "messageForwardingEnabled": !strict,
        "passwordRequirements": {
            "lowercase": 1,
            "minLength": if strict { 14 } else { 10 },
            "numbers": 1,
            "symbols": if strict { 1 } else { 0 },
            "uppercase": 1,
        },
        "presenceEnabled": true,
        "quickResponses": ["On my way", "Can't talk now", "Acknowledged"],
        "showMasterRecoveryKey": true,
        "shredder": { "canProcessManually": true, "intensity": if strict { 100 } else { 50 } },
        "ssoMaxIdleMinutes": if strict { 60 } else { 480 },
        "maxNonSsoSessionMinutes": if strict { 720 } else { 43_200 },
        "federationMode": if premium { 1 } else { 0 },
        "lockoutThreshold": if strict { 6 } else { 12 },
        "permittedNetworks": [],
        "permittedWickrAwsNetworks": [],
        "permittedWickrEnterpriseNetworks": [],
    })
}

fn group(id: &'static str, name: &'static str, strict: bool, premium: bool) -> SecurityGroup {
    SecurityGroup {
        id,
        name,
        is_default: name == "Default",
        modified: 1_709_251_200,
        bot_members: if name == "Default" { 1 } else { 0 },
        settings: settings(strict, premium),
    }
}

/// `first.last@domain`, ASCII-folded, as Wickr usernames are email addresses.
fn email(first: &str, last: &str, domain: &str) -> String {
    format!(
        "{}.{}@{domain}",
        seed::ascii_slug(first),
        seed::ascii_slug(last)
    )
}

/// Users for the staff members in `people`, ids from `first_id`, rotating through `groups`;
/// the first has three devices, the next two, then one, then none, and round again.
fn users(
    people: std::ops::Range<usize>,
    first_id: u32,
    domain: &str,
    groups: &[&'static str],
) -> Vec<User> {
    people
        .enumerate()
        .map(|(i, person)| {
            let (first, last) = (seed::FIRST_NAMES[person], seed::LAST_NAMES[person]);
            let login = 1_717_200_000 + 5_400 * i as i64;
            let id = first_id + i as u32;
            User {
                id: id.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                username: email(first, last, domain),
                groups: vec![groups[i % groups.len()].to_owned()],
                is_admin: false,
                suspended: false,
                status: ACTIVE,
                otp_enabled: i % 3 == 0,
                last_login: Some(login),
                last_activity: Some(login + 1_800),
                modified: 1_712_000_000 + 3_600 * i as i64,
                invite_code: None,
                invite_expiration: None,
                code_validation: None,
                devices: devices_for(u64::from(id), 3 - i % 4, login),
            }
        })
        .collect()
}

/// Turns a user into one whose invitation is still outstanding (never signed in: no devices).
fn invite(user: &mut User, code: &str, expiration: i64) {
    user.status = PENDING;
    user.last_login = None;
    user.last_activity = None;
    user.devices.clear();
    user.invite_code = Some(code.to_owned());
    user.invite_expiration = Some(expiration);
    user.code_validation = Some(false);
}

impl Store {
    /// Three networks: `24681357` (PREMIUM, 28 users, 5 groups), `31415926` and `27182818`.
    pub fn seeded() -> Self {
        let ops_groups = ["Kd3mQ8vZ", "Xp7LwT2a", "Hn4RcY9e", "Bq6VtJ1s", "Mz2FgK5u"];
        let mut ops_users = users(0..28, 1001, "meridian-ops.com", &ops_groups);
        // Amara runs the network; Quentin left under review; two invitations are outstanding
        // (one expired, one live); Nadia's last-used device was reset and she is due to
        // re-verify by code.
        ops_users[0].is_admin = true;
        ops_users[0].groups = vec!["Xp7LwT2a".to_owned()];
        ops_users[16].suspended = true;
        invite(&mut ops_users[26], "MRD-4821-QX", 1_714_521_600);
        invite(&mut ops_users[27], "MRD-9930-LK", 1_893_456_000);
        ops_users[13].code_validation = Some(true);
        ops_users[13].devices[0].reset = true;

        let field_groups = ["Ta8NwE3r", "Lc5PxU7q", "Wv1HsD4m"];
        let mut field_users = users(10..18, 2001, "meridian-field.com", &field_groups);
        field_users[0].is_admin = true;

        let bridge_groups = ["Ry9GkB2n", "Fj6ZcM8t", "Qe3XpS7w"];
        let mut bridge_users = users(20..25, 3001, "meridian-ops.com", &bridge_groups);
        bridge_users[0].is_admin = true;
        invite(&mut bridge_users[4], "BRG-1174-ZP", 1_893_456_000);

        Self {
            networks: vec![
                Network {
                    id: "24681357",
                    name: "Meridian Operations",
                    access_level: "PREMIUM",
                    free_trial_expiration: None,
                    encryption_key_arn: Some(
                        "arn:aws:kms:us-east-1:123456789012:key/2b7d9e1f-4a6c-4d8e-b0f2-3c5e7a9b1d3f",
                    ),
                    groups: vec![
                        group("Kd3mQ8vZ", "Default", false, true),
                        group("Xp7LwT2a", "Executives", false, true),
                        group("Hn4RcY9e", "Field Engineering", false, true),
                        group("Bq6VtJ1s", "Incident Response", false, true),
                        group("Mz2FgK5u", "Contractors", true, true),
                    ],
                    users: ops_users,
                },
                Network {
                    id: "31415926",
                    name: "Meridian Field Teams",
                    access_level: "STANDARD",
                    free_trial_expiration: None,
                    encryption_key_arn: None,
                    groups: vec![
                        group("Ta8NwE3r", "Default", false, false),
                        group("Lc5PxU7q", "Site Leads", false, false),
                        group("Wv1HsD4m", "Drivers", true, false),
                    ],
                    users: field_users,
                },
                Network {
                    id: "27182818",
                    name: "Incident Bridge",
                    access_level: "STANDARD",
                    free_trial_expiration: Some("2026-12-31T23:59:59Z"),
                    encryption_key_arn: None,
                    groups: vec![
                        group("Ry9GkB2n", "Default", false, false),
                        group("Fj6ZcM8t", "Responders", false, false),
                        group("Qe3XpS7w", "Observers", true, false),
                    ],
                    users: bridge_users,
                },
            ],
        }
    }
}
