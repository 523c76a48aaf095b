//! Synthetic users for load tests (`POST /_sandbox/populate`).

use std::collections::BTreeMap;

use super::{KxUser, Store, USER_NAME};
use crate::{ACCOUNT_ID, seed};

impl Store {
    /// Adds `count` users bound to role `finspace/kdb-load-test` to the first environment,
    /// named `load-user-00001` onwards and kept in name order with the others.
    pub(crate) fn populate(&mut self, count: usize) -> Result<(), String> {
        let environment = &mut self.environments[0];
        let numbers = seed::load_numbers(environment.users.iter().map(|u| u.name.as_str()), count)?;
        let role = format!("arn:aws:iam::{ACCOUNT_ID}:role/finspace/kdb-load-test");
        environment.users.extend(numbers.map(|n| {
            let created = environment.created + 60.0 * n as f64;
            KxUser {
                name: seed::load_name(n),
                iam_role: role.clone(),
                created,
                updated: created,
                tags: BTreeMap::new(),
            }
        }));
        environment.users.sort_by(|a, b| a.name.cmp(&b.name));
        debug_assert!(
            environment
                .users
                .iter()
                .all(|u| USER_NAME.is_match(&u.name))
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;
