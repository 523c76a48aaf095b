//! Synthetic users for load tests (`POST /_sandbox/populate`).

use super::{Store, User, live};
use crate::seed;

impl Store {
    /// Adds `count` live users (no console access, group `load-testers`) to the first broker,
    /// named `load-user-00001` onwards and kept in username order with the others.
    pub(crate) fn populate(&mut self, count: usize) -> Result<(), String> {
        let broker = &mut self.brokers[0];
        let numbers = seed::load_numbers(broker.users.iter().map(|u| u.username.as_str()), count)?;
        broker.users.extend(numbers.map(|n| User {
            username: seed::load_name(n),
            live: Some(live(false, &["load-testers"])),
            pending: None,
        }));
        broker.users.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(())
    }
}
