//! Short-lived copies of AWS listings (brokers, users of a broker…), shared by the home page
//! and the list pages. Fifty people opening the dashboard at once cost one `ListBrokers`,
//! not fifty: callers asking for a listing that is being fetched wait for that fetch
//! (single flight), and a listing stays fresh for the configured time.
//!
//! A failed fetch is handed to the callers that waited for it and then forgotten: the next
//! caller asks AWS again. A successful change of a user drops the service's listings
//! ([`ListingCache::invalidate`]), so nobody sees a list older than their own change.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::error::AppError;
use crate::services::ServiceId;

/// A value as AWS answered it, and when.
#[derive(Debug)]
pub struct Fetched<T: ?Sized> {
    pub value: Arc<T>,
    pub fetched_at: Instant,
}

impl<T: ?Sized> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        Fetched {
            value: self.value.clone(),
            fetched_at: self.fetched_at,
        }
    }
}

impl<T: ?Sized> Fetched<T> {
    /// How long ago AWS answered.
    pub fn age(&self) -> Duration {
        self.fetched_at.elapsed()
    }
}

impl<T> Fetched<T> {
    /// `value`, built from listings fetched at `oldest` (or now, from none).
    pub fn built(value: T, oldest: Option<Instant>) -> Fetched<T> {
        Fetched {
            value: Arc::new(value),
            fetched_at: oldest.unwrap_or_else(Instant::now),
        }
    }
}

/// A listing is found by its service, a key naming it within the service ("brokers",
/// "users/b-1234…"), and its Rust type: two callers can only share a value of the same type,
/// so reading one back never fails.
type Key = (ServiceId, String, TypeId);
type Value = Arc<dyn Any + Send + Sync>;
/// One fetch: empty while it runs (callers wait on it), then its result.
type Slot = Arc<OnceCell<Result<Fetched<dyn Any + Send + Sync>, AppError>>>;

/// The listings of every service, each kept for `ttl` after AWS answered.
pub struct ListingCache {
    ttl: Duration,
    slots: Mutex<HashMap<Key, Slot>>,
}

impl std::fmt::Debug for ListingCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListingCache")
            .field("ttl", &self.ttl)
            .field("entries", &self.lock().len())
            .finish()
    }
}

impl ListingCache {
    /// A cache whose listings stay fresh for `ttl`. Zero keeps nothing once fetched, while
    /// callers that arrive during a fetch still share it.
    pub fn new(ttl: Duration) -> ListingCache {
        ListingCache {
            ttl,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// The listing `key` of `service`: the fresh copy if there is one, else the result of
    /// the fetch in flight for it, else the result of `fetch`, run now.
    pub async fn get<T, F, Fut>(
        &self,
        service: ServiceId,
        key: &str,
        fetch: F,
    ) -> Result<Fetched<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let key = (service, key.to_owned(), TypeId::of::<T>());
        let slot = self.slot(&key);
        // Should the caller running the fetch go away (its request was cancelled), the next
        // waiting caller runs its own `fetch` in its place.
        let result = slot
            .get_or_init(|| async {
                fetch().await.map(|value| Fetched {
                    value: Arc::new(value) as Value,
                    fetched_at: Instant::now(),
                })
            })
            .await;
        match result {
            Ok(fetched) => Ok(Fetched {
                value: fetched
                    .value
                    .clone()
                    .downcast::<T>()
                    .unwrap_or_else(|_| unreachable!("the key holds the value's type")),
                fetched_at: fetched.fetched_at,
            }),
            Err(error) => {
                self.forget(&key, &slot);
                Err(error.clone())
            }
        }
    }

    /// Drops every listing of `service`; fetches in flight finish for their callers only.
    pub fn invalidate(&self, service: ServiceId) {
        self.lock().retain(|(s, _, _), _| *s != service);
    }

    /// The slot to read `key` from: the current one while it is fresh or still being
    /// fetched, else a new, empty one.
    fn slot(&self, key: &Key) -> Slot {
        let mut slots = self.lock();
        if let Some(slot) = slots.get(key)
            && self.usable(slot)
        {
            return slot.clone();
        }
        // Expired and failed entries go while the lock is held anyway: the map holds only
        // what is still of use, however many containers come and go.
        slots.retain(|_, slot| self.usable(slot));
        let slot = Slot::default();
        slots.insert(key.clone(), slot.clone());
        slot
    }

    fn usable(&self, slot: &Slot) -> bool {
        match slot.get() {
            None => true,
            Some(Ok(fetched)) => fetched.age() < self.ttl,
            Some(Err(_)) => false,
        }
    }

    /// Removes `failed` unless another fetch has replaced it meanwhile.
    fn forget(&self, key: &Key, failed: &Slot) {
        let mut slots = self.lock();
        if slots.get(key).is_some_and(|slot| Arc::ptr_eq(slot, failed)) {
            slots.remove(key);
        }
    }

    /// No code path panics while holding the lock, and the map stays consistent at every
    /// step, so a poisoned lock is still safe to use.
    fn lock(&self) -> MutexGuard<'_, HashMap<Key, Slot>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests;
