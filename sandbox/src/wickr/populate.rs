//! Synthetic users for load tests (`POST /_sandbox/populate`).

use super::{ACTIVE, Store, User, devices_for};
use crate::seed;

/// Synthetic user `n` has id `100000 + n`: six digits and more, after every seeded id.
const FIRST_ID: usize = 100_000;

impl Store {
    /// Adds `count` active users to the first network, in its default group, named
    /// `load-user-00001@<the network's domain>` onwards, each with 0–3 devices.
    pub(crate) fn populate(&mut self, count: usize) -> Result<(), String> {
        let network = &mut self.networks[0];
        let local_part = |u: &User| u.username.split('@').next().unwrap_or_default().to_owned();
        let names: Vec<String> = network.users.iter().map(local_part).collect();
        let numbers = seed::load_numbers(names.iter().map(String::as_str), count)?;
        let domain = network
            .users
            .first()
            .and_then(|u| u.username.split_once('@'))
            .map_or("example.com", |(_, domain)| domain)
            .to_owned();
        let group = network
            .groups
            .iter()
            .find(|g| g.is_default)
            .map(|g| g.id.to_owned())
            .unwrap_or_default();
        network.users.reserve(count);
        for n in numbers {
            let id = FIRST_ID + n;
            let login = 1_717_200_000 + 60 * n as i64;
            network.users.push(User {
                id: id.to_string(),
                first_name: seed::FIRST_NAMES[n % 40].to_owned(),
                last_name: seed::LAST_NAMES[n / 40 % 40].to_owned(),
                username: format!("{}@{domain}", seed::load_name(n)),
                groups: vec![group.clone()],
                is_admin: false,
                suspended: false,
                status: ACTIVE,
                otp_enabled: false,
                last_login: Some(login),
                last_activity: Some(login + 600),
                modified: login,
                invite_code: None,
                invite_expiration: None,
                code_validation: None,
                devices: devices_for(id as u64, n % 4, login),
            });
        }
        Ok(())
    }
}
