//! Sessions: the store `[session] url` names, the cookie's settings, and what a signed-in
//! session holds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, MemoryStore, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::server::config::{
    Config, SessionSettings, SessionStore as StoreSetting, is_loopback, is_loopback_host,
};
use crate::server::context::{Caller, Role};

/// The key of [`SignedIn`] in a session.
const SIGNED_IN: &str = "signed_in";

/// Who a session belongs to, since when, last seen when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedIn {
    pub caller: Caller,
    /// Seconds since the Unix epoch: the session ends `lifetime` after this, however busy.
    pub since: u64,
    /// Seconds since the Unix epoch of the last request that refreshed the session (at most
    /// [`refresh_every`] old while the person is active): it ends `idle` after this.
    #[serde(default)]
    pub seen: u64,
}

impl SignedIn {
    pub fn now(caller: Caller) -> SignedIn {
        let now = unix_now();
        SignedIn {
            caller,
            since: now,
            seen: now,
        }
    }

    /// Why the session is over at `now`, if it is.
    fn ended(&self, settings: &SessionSettings, now: u64) -> Option<&'static str> {
        if now.saturating_sub(self.since) >= settings.lifetime.as_secs() {
            Some("lifetime")
        } else if now.saturating_sub(self.seen.max(self.since)) >= settings.idle.as_secs() {
            Some("idle")
        } else {
            None
        }
    }
}

/// How stale `seen` may get before a request writes it again: often enough that an active
/// person's session never reaches its idle timeout, seldom enough that most requests only read
/// the session (each write is a store write and a new `Set-Cookie`).
fn refresh_every(idle: Duration) -> u64 {
    (idle.as_secs() / 4).clamp(1, 60)
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Starts `caller`'s session: a new id first, so an id planted before sign-in (session
/// fixation) is worth nothing after it.
pub async fn sign_in(
    session: &Session,
    caller: Caller,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(SIGNED_IN, SignedIn::now(caller)).await?;
    Ok(())
}

/// The session's person, unless it has outlived its lifetime or sat unused for its idle
/// timeout (then it is ended here). An active session's `seen` moves on every
/// [`refresh_every`] seconds; that write also pushes the store's and the cookie's expiry
/// (`Expiry::OnInactivity`) back, which tower-sessions does only for a changed session.
pub async fn signed_in(session: &Session, settings: &SessionSettings) -> Option<Caller> {
    let mut signed_in: SignedIn = match session.get(SIGNED_IN).await {
        Ok(found) => found?,
        Err(error) => {
            tracing::warn!(%error, "could not read the session; treating the request as signed out");
            return None;
        }
    };
    let now = unix_now();
    if let Some(reason) = signed_in.ended(settings, now) {
        tracing::info!(reason, "a session ended");
        if let Err(error) = session.flush().await {
            tracing::warn!(%error, "could not end an expired session");
        }
        return None;
    }
    if now.saturating_sub(signed_in.seen) >= refresh_every(settings.idle) {
        signed_in.seen = now;
        if let Err(error) = session.insert(SIGNED_IN, &signed_in).await {
            tracing::warn!(%error, "could not refresh the session");
        }
    }
    Some(signed_in.caller)
}

/// The cookie's name: `__Host-` when it is `Secure`, so it is bound to this host and path `/`
/// (browsers refuse a `__Host-` cookie sent without `Secure`).
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-userdesk"
    } else {
        "userdesk"
    }
}

/// Whether the cookie is `Secure`: always, except for plain http on loopback (`make run`),
/// where a browser would not send a `Secure` cookie back over `http://localhost`.
pub fn cookie_is_secure(config: &Config) -> bool {
    match &config.public_url {
        Some(url) => url.https || !is_loopback_host(&url.host),
        None => !is_loopback(config.listen.ip()),
    }
}

/// The session layer: `store`, and the cookie `config` calls for.
pub fn layer(config: &Config, store: AnyStore) -> SessionManagerLayer<AnyStore> {
    let secure = cookie_is_secure(config);
    let idle =
        CookieDuration::seconds(i64::try_from(config.session.idle.as_secs()).unwrap_or(i64::MAX));
    SessionManagerLayer::new(store)
        .with_name(cookie_name(secure))
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// The store `[session] url` names, behind one type for the layer.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Memory(MemoryStore),
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl AnyStore {
    pub async fn connect(settings: &SessionSettings) -> Result<AnyStore, String> {
        // Expired rows are deleted in the background; a read checks expiry anyway.
        const SWEEP: tokio::time::Duration = tokio::time::Duration::from_secs(300);
        match &settings.store {
            StoreSetting::Memory => Ok(AnyStore::Memory(MemoryStore::default())),
            StoreSetting::Sqlite(url) => {
                let options: sqlx::sqlite::SqliteConnectOptions = url
                    .parse()
                    .map_err(|e| format!("`session.url` is not a SQLite URL: {e}"))?;
                let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
                    .await
                    .map_err(|e| format!("could not open the session database: {e}"))?;
                let store = SqliteStore::new(pool);
                store
                    .migrate()
                    .await
                    .map_err(|e| format!("could not create the session table: {e}"))?;
                tokio::spawn(sweep(store.clone(), SWEEP));
                Ok(AnyStore::Sqlite(store))
            }
            StoreSetting::Postgres(url) => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(std::time::Duration::from_secs(5))
                    .connect(url)
                    .await
                    .map_err(|e| format!("could not connect to the session database: {e}"))?;
                let store = PostgresStore::new(pool);
                // Replicas start together: two `CREATE … IF NOT EXISTS` can still collide
                // in PostgreSQL's catalog, and the second try then finds the table.
                let mut migrated = store.migrate().await;
                if migrated.is_err() {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    migrated = store.migrate().await;
                }
                migrated.map_err(|e| format!("could not create the session table: {e}"))?;
                tokio::spawn(sweep(store.clone(), SWEEP));
                Ok(AnyStore::Postgres(store))
            }
        }
    }
}

async fn sweep<S: ExpiredDeletion>(store: S, period: tokio::time::Duration) {
    if let Err(error) = store.continuously_delete_expired(period).await {
        tracing::warn!(%error, "stopped deleting expired sessions");
    }
}

#[async_trait]
impl SessionStore for AnyStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            AnyStore::Memory(s) => s.create(record).await,
            AnyStore::Sqlite(s) => s.create(record).await,
            AnyStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            AnyStore::Memory(s) => s.save(record).await,
            AnyStore::Sqlite(s) => s.save(record).await,
            AnyStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            AnyStore::Memory(s) => s.load(id).await,
            AnyStore::Sqlite(s) => s.load(id).await,
            AnyStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            AnyStore::Memory(s) => s.delete(id).await,
            AnyStore::Sqlite(s) => s.delete(id).await,
            AnyStore::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The demo people of `auth.mode = "dev"`: one per role.
pub const DEMO_PEOPLE: [(&str, &str, Role); 3] = [
    ("ada", "Ada (admin)", Role::Admin),
    ("hal", "Hal (helpdesk)", Role::Helpdesk),
    ("vic", "Vic (viewer)", Role::Viewer),
];

#[cfg(test)]
mod tests;
