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
mod tests;
