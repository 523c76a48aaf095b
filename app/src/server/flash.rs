//! Results of plain (no-JavaScript) form posts, kept briefly so the page the browser is
//! redirected to can show them. A hydrated page gets the result in the server function's
//! answer instead and never touches this.
//!
//! They live in the poster's session (so they work across replicas sharing a session store),
//! each bound to the person who posted: another person, or the same browser after someone
//! else signed in, reads nothing. Entries are one-time, expire after ten minutes and never
//! hold a secret: forms are stored with their password inputs blanked by the slice first.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::auth::session::unix_now;
use super::context::RequestContext;
use crate::error::AppError;
use crate::forms::{Flash, Outcome};

const TTL_SECS: u64 = 600;
/// Bounds a session if someone posts in a loop; the oldest entries go first.
const CAPACITY: usize = 20;
/// A draft larger than this (no real form comes near) is kept without its values.
const MAX_DRAFT_BYTES: usize = 64 * 1024;
/// The session key of the pending results.
const KEY: &str = "flash";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The caller id of the person who posted.
    owner: String,
    /// Seconds since the Unix epoch.
    at: u64,
    flash: Flash,
}

type Entries = BTreeMap<String, Entry>;

async fn entries(session: &Session) -> Entries {
    session.get(KEY).await.ok().flatten().unwrap_or_default()
}

/// Keeps `flash` for `owner` and returns the unguessable id to put in the redirect URL.
pub async fn put(session: &Session, owner: &str, flash: Flash) -> Option<String> {
    let mut entries = entries(session).await;
    let now = unix_now();
    entries.retain(|_, e| now.saturating_sub(e.at) < TTL_SECS);
    while entries.len() >= CAPACITY {
        let oldest = entries
            .iter()
            .min_by_key(|(_, e)| e.at)
            .map(|(k, _)| k.clone())?;
        entries.remove(&oldest);
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    entries.insert(
        id.clone(),
        Entry {
            owner: owner.to_owned(),
            at: now,
            flash,
        },
    );
    match session.insert(KEY, entries).await {
        Ok(()) => Some(id),
        Err(error) => {
            tracing::error!(%error, "could not keep a form result in the session");
            None
        }
    }
}

/// Returns and forgets `owner`'s entry `id`, if it exists and has not expired.
pub async fn take(session: &Session, owner: &str, id: &str) -> Option<Flash> {
    let mut entries = entries(session).await;
    let entry = entries.remove(id)?;
    if let Err(error) = session.insert(KEY, entries).await {
        tracing::warn!(%error, "could not forget a form result");
    }
    (entry.owner == owner && unix_now().saturating_sub(entry.at) < TTL_SECS).then_some(entry.flash)
}

/// The status of the page that shows `flash` as it renders on the server: a refusal for the
/// role answers 403 (the page names the role needed), like the refused call itself would.
/// Only for a page request: a hydrated page reads its flash through a call whose answer
/// must stay 200.
pub fn page_status(flash: &Flash) {
    if let Flash::Failed {
        error: error @ AppError::Forbidden { .. },
        ..
    } = flash
        && super::context::rendering_page()
    {
        super::context::answer_with(error);
    }
}

/// After a submit: for a hydrated call, sets the HTTP status the error stands for; for a plain form post (`via` is not "js"), keeps the result and redirects
/// the browser back to `page` with `?result=` or `?draft=`, so the page can show it.
pub async fn after_submit<F: Serialize>(
    ctx: &RequestContext,
    via: Option<&str>,
    page: &str,
    result: &Result<Outcome, AppError>,
    form_without_secrets: &F,
) {
    if via == Some("js") {
        // Expected failures are not server errors: say which kind they are.
        if let Err(error) = result {
            super::context::answer_with(error);
        }
        return;
    }
    let (param, flash) = match result {
        Ok(outcome) => ("result", Flash::Done(outcome.clone())),
        Err(error) => {
            let form = serde_json::to_string(form_without_secrets).unwrap_or_default();
            // Oversized input (or an error quoting it) is not kept: the page starts afresh.
            let keep = form.len() + error.to_string().len() <= MAX_DRAFT_BYTES;
            (
                "draft",
                Flash::Failed {
                    form: if keep { form } else { String::new() },
                    error: if keep {
                        error.clone()
                    } else {
                        AppError::Invalid(Vec::new())
                    },
                },
            )
        }
    };
    let id = match &ctx.session {
        Some(session) => put(session, &ctx.caller.id, flash).await,
        None => None,
    };
    match id {
        Some(id) => leptos_axum::redirect(&format!("{}?{param}={id}", location_path(page))),
        // Without a place to keep the result the page can only start afresh.
        None => leptos_axum::redirect(&location_path(page)),
    }
}

/// `page` with every byte but unreserved ones and `/` percent-encoded: the ids in it come
/// from the posted form, and a stray `?`, space or line break must neither change where the
/// browser goes nor make an invalid `Location` header.
fn location_path(page: &str) -> String {
    page.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests;
