//! Per-service counts for the dashboard and the probe the readiness task runs.

use std::time::{Duration, Instant};

use super::AppState;
use super::listing_cache::Fetched;
use crate::error::AppError;
use crate::services::ServiceId;

/// What the home page says of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Brokers, environments, stores or networks; `None` where users have no container.
    pub containers: Option<usize>,
    pub users: usize,
    /// When AWS answered the oldest listing counted.
    pub fetched_at: Instant,
}

impl Count {
    /// The count of a service with no container: the users of one listing.
    pub fn users<T>(users: &Fetched<Vec<T>>) -> Count {
        Count {
            containers: None,
            users: users.value.len(),
            fetched_at: users.fetched_at,
        }
    }

    /// The count of a service's containers, before their users are added.
    pub fn containers<T>(containers: &Fetched<Vec<T>>) -> Count {
        Count {
            containers: Some(containers.value.len()),
            users: 0,
            fetched_at: containers.fetched_at,
        }
    }

    /// Adds the users of one container.
    pub fn add_users<T>(&mut self, users: &Fetched<Vec<T>>) {
        self.users += users.value.len();
        self.fetched_at = self.fetched_at.min(users.fetched_at);
    }
}

/// A service's containers and users, counted from the same cached listings the list pages
/// show, so opening the dashboard and then a list costs AWS one listing of each.
pub async fn count(state: &AppState, service: ServiceId) -> Result<Count, AppError> {
    service.count(state).await
}

/// One cheap read per service: does the endpoint answer, with these credentials?
pub async fn probe(state: &AppState, service: ServiceId) -> Result<(), AppError> {
    let timeout = Duration::from_secs(5);
    tokio::time::timeout(timeout, service.probe(state))
        .await
        .unwrap_or_else(|_| {
            Err(AppError::Unavailable {
                service: service.name().to_owned(),
                detail: "no answer within 5 s".to_owned(),
            })
        })
}
