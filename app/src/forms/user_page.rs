//! What every user page is built from: [`UserFrame`] loads the page on the server with what
//! it opened with ([`Opening`]), and [`UserIsland`] is the body of each slice's island around
//! its editor: the server action, the page data read again after each save, the user's
//! recent changes.

use leptos::prelude::*;

use super::flow::{SubmitResult, mark_hydrated, use_flash};
use super::{Flash, Outcome};
use crate::error::AppError;

/// Whose user a user page's data is about: what its audit records name as their target
/// (`forms::audit_target`).
pub trait Audited {
    fn audit_target(&self) -> String;
}

/// What a user page opened with besides its record, loaded on the server by [`UserFrame`] and
/// passed to the page's island as one prop.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Opening {
    /// What a plain post left for this page.
    pub flash: Option<Flash>,
    /// The caller's field access, passed in: contexts do not cross into an island.
    pub access: Option<crate::access::FieldAccess>,
    /// The user's recent changes (see [`crate::audit_page::UserHistory`]).
    pub recent: Result<Vec<crate::audit_page::RecentChange>, AppError>,
}

/// What every user page's island holds around its slice's editor (the island's serialized
/// props). [`UserIsland::render`] is the island's body.
pub struct UserIsland<P> {
    pub service: crate::services::ServiceId,
    pub page: P,
    pub opening: Opening,
}

impl<P> UserIsland<P>
where
    P: Audited + Clone + Send + Sync + 'static,
{
    /// Provides the field access and marks the page hydrated, creates the edit's server action,
    /// reads the page data again (`load`) after each save, and shows `editor` with it (the form
    /// and the helpdesk actions), then the user's recent changes (reloaded after each save too).
    pub fn render<S, Fut, V>(
        self,
        load: impl Fn() -> Fut + 'static,
        editor: impl Fn(P, Option<Flash>, ServerAction<S>) -> V + Send + Sync + 'static,
    ) -> impl IntoView
    where
        S: server_fn::ServerFn<Output = Outcome, Error = AppError> + Clone + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<P, AppError>> + 'static,
        V: IntoView + 'static,
    {
        let UserIsland {
            service,
            page,
            opening:
                Opening {
                    flash,
                    access,
                    recent,
                },
        } = self;
        if let Some(access) = access {
            provide_context(access);
        }
        mark_hydrated();
        let target = page.audit_target();
        let action = ServerAction::<S>::new();
        let saved = saves(action.value());
        let current = reloaded(page, saved, load);
        let editor = move || {
            // A plain post's result belongs to the page it landed on, not to the reloads.
            let flash = if saved.get_untracked() == 0 {
                flash.clone()
            } else {
                None
            };
            editor(current.get(), flash, action)
        };
        view! {
            {editor}
            <crate::audit_page::UserHistory service target recent saved/>
        }
    }
}

/// An island's copy of its page data, read again (`load`) after each successful save.
fn reloaded<P, Fut>(
    initial: P,
    saved: RwSignal<u32>,
    load: impl Fn() -> Fut + 'static,
) -> RwSignal<P>
where
    P: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<P, AppError>> + 'static,
{
    let current = RwSignal::new(initial);
    Effect::new(move |_| {
        if saved.get() > 0 {
            let reload = load();
            leptos::task::spawn_local(async move {
                if let Ok(page) = reload.await {
                    current.set(page);
                }
            });
        }
    });
    current
}

/// Counts successful saves, to key what an island reads again: the record reloads after a
/// save, never after a failure (that would throw away what the person typed).
fn saves<V>(value: V) -> RwSignal<u32>
where
    V: Get<Value = SubmitResult> + Send + Sync + 'static,
{
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            saved.update(|n| *n += 1);
        }
    });
    saved
}

/// A user page's frame, rendered on the server only: waits for the record, what a plain
/// post left, the caller's role and the user's recent changes, then shows `editor(record,
/// opening)` — the heading and the page's island — or the error. Each slice's `UserPage` is
/// this plus its resource.
#[component]
pub fn UserFrame<P, E, V>(
    /// Whose user this is: with the person's role, what the form lets them change.
    service: crate::services::ServiceId,
    page: Resource<Result<P, AppError>>,
    editor: E,
) -> impl IntoView
where
    P: Audited + Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    E: Fn(P, Opening) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let flash = use_flash();
    let site = OnceResource::new(crate::home::site_info());
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the user…"</p> }>
            {move || {
                let editor = editor.clone();
                Suspend::new(async move {
                    let flash = flash.await;
                    // The island's fields and form read it: only what the role may change is
                    // editable (the server refuses the rest anyway).
                    let access = site
                        .await
                        .ok()
                        .map(|site| crate::access::FieldAccess { role: site.role, service });
                    match page.await {
                        Ok(page) => {
                            // Loaded here, not by the island: a resource and its suspense in
                            // the island cost every user page ~14 KiB of wasm.
                            let recent = crate::audit_page::user_audit_history(
                                service.slug().to_owned(),
                                page.audit_target(),
                            )
                            .await;
                            editor(page, Opening { flash, access, recent }).into_any()
                        }
                        Err(error) => view! { <crate::listing::ErrorBanner error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
