//! Results of plain (no-JavaScript) form posts, kept briefly so the page the browser is
//! redirected to can show them. A hydrated page gets the result in the server function's
//! answer instead and never touches this.
//!
//! Entries are one-time, expire after ten minutes and never hold a secret: forms are stored
//! with their password inputs blanked by the slice before they get here.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::AppError;
use crate::forms::{Flash, Outcome};

const TTL: Duration = Duration::from_secs(600);
/// Bounds memory if someone posts in a loop; the oldest entries go first.
const CAPACITY: usize = 1000;
/// A draft larger than this (no real form comes near) is kept without its values.
const MAX_DRAFT_BYTES: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct FlashStore {
    entries: Mutex<HashMap<String, (Instant, Flash)>>,
}

impl FlashStore {
    /// Keeps `flash` and returns the unguessable id to put in the redirect URL.
    pub fn put(&self, flash: Flash) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        entries.retain(|_, (at, _)| now.duration_since(*at) < TTL);
        if entries.len() >= CAPACITY
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
        {
            entries.remove(&oldest);
        }
        entries.insert(id.clone(), (now, flash));
        id
    }

    /// Returns and forgets the entry, if it exists and has not expired.
    pub fn take(&self, id: &str) -> Option<Flash> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (at, flash) = entries.remove(id)?;
        (at.elapsed() < TTL).then_some(flash)
    }
}

/// After a submit: for a hydrated call, sets the HTTP status the error stands for; for a plain form post (`via` is not "js"), keeps the result and redirects
/// the browser back to `page` with `?result=` or `?draft=`, so the page can show it.
pub fn after_submit<F: Serialize>(
    store: &FlashStore,
    via: Option<&str>,
    page: &str,
    result: &Result<Outcome, AppError>,
    form_without_secrets: &F,
) {
    if via == Some("js") {
        // Expected failures are not server errors: say which kind they are.
        if let Err(error) = result
            && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(
                axum::http::StatusCode::from_u16(error.http_status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        return;
    }
    let (param, flash) = match result {
        Ok(outcome) => ("result", Flash::Done(outcome.clone())),
        Err(error) => {
            let form = serde_json::to_value(form_without_secrets).unwrap_or_default();
            let size =
                |v: &serde_json::Value| serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
            // Oversized input (or an error quoting it) is not kept: the page starts afresh.
            let keep = size(&form) + error.to_string().len() <= MAX_DRAFT_BYTES;
            (
                "draft",
                Flash::Failed {
                    form: if keep { form } else { serde_json::Value::Null },
                    error: if keep {
                        error.clone()
                    } else {
                        AppError::Invalid(Vec::new())
                    },
                },
            )
        }
    };
    let id = store.put(flash);
    leptos_axum::redirect(&format!("{}?{param}={id}", location_path(page)));
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
mod tests {
    use super::*;
    use crate::forms::RecordView;

    fn outcome() -> Outcome {
        Outcome {
            before: RecordView::new("a"),
            after: RecordView::new("a"),
            changes: vec![],
            notice: None,
        }
    }

    #[test]
    fn entries_are_taken_once() {
        let store = FlashStore::default();
        let id = store.put(Flash::Done(outcome()));
        assert!(matches!(store.take(&id), Some(Flash::Done(_))));
        assert!(store.take(&id).is_none());
        assert!(store.take("unknown").is_none());
    }

    #[test]
    fn redirect_paths_cannot_break_out() {
        assert_eq!(
            location_path("/mq/brokers/b-1/users/alice"),
            "/mq/brokers/b-1/users/alice"
        );
        assert_eq!(
            location_path("/mq/a?x=1\r\nSet-Cookie: y"),
            "/mq/a%3Fx%3D1%0D%0ASet-Cookie%3A%20y"
        );
    }

    #[test]
    fn the_store_stays_bounded() {
        let store = FlashStore::default();
        for _ in 0..CAPACITY + 5 {
            store.put(Flash::Done(outcome()));
        }
        assert!(store.entries.lock().unwrap().len() <= CAPACITY);
    }
}
