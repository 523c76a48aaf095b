//! Synthetic users for load tests (`POST /_sandbox/populate`).

use super::{Auth, Store, User};
use crate::seed;

impl Store {
    /// Adds `count` read-only password users in ACL `load-test`, named `load-user-00001`
    /// onwards, after the others (the account lists users in creation order). They count
    /// against the account's quota like any user, so `CreateUser` may then be refused.
    pub(crate) fn populate(&mut self, count: usize) -> Result<(), String> {
        let numbers = seed::load_numbers(self.users.iter().map(|u| u.name.as_str()), count)?;
        self.users.extend(numbers.map(|n| {
            User::new(
                &seed::load_name(n),
                "on ~load:* -@all +@read",
                &["load-test"],
                Auth::Password { count: 1 },
            )
        }));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::NAME;
    use super::*;

    #[test]
    fn populate_adds_valid_users_after_the_seed() {
        let mut store = Store::seeded();
        let seeded = store.users.len();
        store.populate(2).unwrap();
        store.populate(1).unwrap();
        let added: Vec<&str> = store.users[seeded..]
            .iter()
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(
            added,
            ["load-user-00001", "load-user-00002", "load-user-00003"]
        );
        assert!(store.users.iter().all(|u| NAME.is_match(&u.name)));
        assert_eq!(
            store.find("load-user-00002").map(|u| u.auth),
            Some(Auth::Password { count: 1 })
        );
    }
}
