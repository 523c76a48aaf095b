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
mod tests {
    use super::*;

    #[test]
    fn populate_adds_users_in_name_order() {
        let mut store = Store::seeded();
        let seeded = store.environments[0].users.len();
        store.populate(3).unwrap();
        let users = &store.environments[0].users;
        assert_eq!(users.len(), seeded + 3);
        assert!(users.windows(2).all(|w| w[0].name < w[1].name));
        let user = &users[store.environments[0].find("load-user-00003").unwrap()];
        assert_eq!(
            user.iam_role,
            "arn:aws:iam::123456789012:role/finspace/kdb-load-test"
        );
        assert!(crate::validate::IAM_ROLE_ARN.is_match(&user.iam_role));
        assert_eq!(
            store.environments[1].users.len(),
            7,
            "only the first environment grows"
        );
    }
}
