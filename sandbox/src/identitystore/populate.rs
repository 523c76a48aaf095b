//! Synthetic users for load tests (`POST /_sandbox/populate`).

use serde_json::{Map, json};

use super::{Store, User, sandbox_caller};
use crate::seed;

impl Store {
    /// Adds `count` enabled users to the first identity store, user names `load-user-00001`
    /// onwards (after the others, in creation order), each with a made-up name, a display name
    /// and a work e-mail address at `load.example.com`.
    pub(crate) fn populate(&mut self, count: usize) -> Result<(), String> {
        let store = &mut self.stores[0];
        let numbers = seed::load_numbers(store.users.iter().filter_map(User::user_name), count)?;
        let created_by = sandbox_caller();
        let prefix = store.hex().to_owned();
        store.users.reserve(count);
        for n in numbers {
            let (first, last) = (seed::FIRST_NAMES[n % 40], seed::LAST_NAMES[n / 40 % 40]);
            let name = seed::load_name(n);
            let mut attributes = Map::new();
            attributes.insert("UserName".into(), name.clone().into());
            attributes.insert(
                "Name".into(),
                json!({ "GivenName": first, "FamilyName": last, "Formatted": format!("{first} {last}") }),
            );
            attributes.insert("DisplayName".into(), format!("{first} {last}").into());
            attributes.insert(
                "Emails".into(),
                json!([{ "Value": format!("{name}@load.example.com"), "Type": "work", "Primary": true }]),
            );
            let created = (store.created_at + 60 * n as i64) as f64;
            store.users.push(User {
                // Seeded from far beyond the demo seeds, so the ids never meet theirs.
                id: format!(
                    "{prefix}-{}",
                    seed::uuid(seed::mix(0x10ad_0000_0000 + n as u64))
                ),
                revision: 1,
                attributes,
                status: "ENABLED",
                created_at: created,
                created_by: created_by.clone(),
                updated_at: created,
                updated_by: created_by.clone(),
                enterprise: None,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
