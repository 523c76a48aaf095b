//! The edit → review → submit → result flow every user form follows, and the pieces that
//! show its outcome. With JavaScript the form validates in the browser, shows the review,
//! then calls the server function; without it, the same form posts to the server function,
//! which redirects back here with `?result=` / `?draft=` (see `server::flash`).

use leptos::prelude::*;
use leptos::server;

use super::{FieldChange, FieldError, Flash, Outcome, RecordView};
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Edit,
    Review,
}

/// Takes (once) what a no-JavaScript post left for this page.
#[server(output = crate::wire::Answer)]
pub async fn take_flash(id: String) -> Result<Option<Flash>, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let flash = match &ctx.session {
        Some(session) => crate::server::flash::take(session, &ctx.caller.id, &id).await,
        None => None,
    };
    if let Some(flash) = &flash {
        crate::server::flash::page_status(flash);
    }
    Ok(flash)
}

/// The `?result=` or `?draft=` of the current URL, loaded once.
pub fn use_flash() -> Resource<Option<Flash>> {
    let query = leptos_router::hooks::use_query_map();
    let id = move || query.with(|q| q.get("result").or_else(|| q.get("draft")));
    Resource::new(id, |id| async move {
        match id {
            Some(id) => take_flash(id).await.ok().flatten(),
            None => None,
        }
    })
}

/// Tells the server function how the form was sent: `js` once the page is hydrated (the
/// answer goes to the script), `form` before or without it (the answer is a redirect).
/// Answers whether the page is hydrated.
pub fn via_input() -> (RwSignal<bool>, impl IntoView) {
    // False in the server's HTML and until the wasm runs.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let input = view! {
        <input type="hidden" name="via" value=move || if hydrated.get() { "js" } else { "form" }/>
    };
    (hydrated, input)
}

/// The form around a slice's fields. `review` parses the fields (Err: field errors) and
/// returns the changes to show; `submit` calls the server function.
#[component]
pub fn EditFlow(
    /// The server function's URL: where the form posts without JavaScript.
    action: &'static str,
    errors: RwSignal<Vec<FieldError>>,
    review: Callback<(), Result<Vec<FieldChange>, Vec<FieldError>>>,
    submit: Callback<()>,
    pending: Signal<bool>,
    /// Set when the record must not be edited (the reason is shown instead of the buttons).
    #[prop(optional, into)]
    locked: Option<String>,
    children: Children,
) -> impl IntoView {
    let step = RwSignal::new(Step::Edit);
    let changes = RwSignal::new(Vec::<FieldChange>::new());
    let note = RwSignal::new(None::<String>);
    // Until hydrated, the button submits directly.
    let (hydrated, via) = via_input();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match step.get_untracked() {
            Step::Edit => match review.run(()) {
                Ok(list) if list.is_empty() => {
                    errors.set(Vec::new());
                    note.set(Some(
                        "Nothing has changed yet: edit a field first.".to_owned(),
                    ));
                }
                Ok(list) => {
                    errors.set(Vec::new());
                    note.set(None);
                    changes.set(list);
                    step.set(Step::Review);
                    focus("#review-heading");
                }
                Err(list) => {
                    note.set(Some(format!(
                        "{} field{} need{} attention.",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" },
                        if list.len() == 1 { "s" } else { "" }
                    )));
                    errors.set(list);
                    focus("[aria-invalid=true]");
                }
            },
            Step::Review => {
                step.set(Step::Edit);
                submit.run(());
            }
        }
    };
    // A role that may change nothing here gets the record read-only, with the reason.
    let locked = locked.or_else(|| {
        use_context::<crate::access::FieldAccess>().and_then(|access| access.locked_reason())
    });
    let locked_view = locked
        .clone()
        .map(|why| view! { <p class="banner notice" role="note">{why}</p> });
    let is_locked = locked.is_some();

    view! {
        <form class="edit" method="post" action=action novalidate on:submit=on_submit>
            {via}
            <fieldset class="fields" disabled=move || is_locked || step.get() == Step::Review || pending.get()>
                {children()}
            </fieldset>
            {locked_view}
            <p class="form-note" role="status">{move || note.get()}</p>
            <Show when=move || step.get() == Step::Review>
                <section class="review" aria-labelledby="review-heading">
                    <h2 id="review-heading" tabindex="-1">"Review the change"</h2>
                    <ChangeTable changes=changes.get()/>
                    <div class="actions">
                        <button type="submit">"Submit changes"</button>
                        <button type="button" class="secondary" on:click=move |_| { step.set(Step::Edit); focus("form.edit input:not([type=hidden])"); }>"Back to editing"</button>
                    </div>
                </section>
            </Show>
            <Show when=move || step.get() == Step::Edit && !is_locked>
                <div class="actions">
                    <button type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { "Submitting…" } else if hydrated.get() { "Review changes" } else { "Save changes" }}
                    </button>
                </div>
            </Show>
        </form>
    }
}

/// Marks the page interactive for the browser tests (`data-hydrated` on `<body>`) once the
/// island that calls this has hydrated.
pub(super) fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Moves keyboard focus after the page changes under the person's feet.
fn focus(selector: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Ok(Some(el)) = document().query_selector(selector)
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}

/// Old → new per field; a secret shows only that it will change.
#[component]
pub fn ChangeTable(changes: Vec<FieldChange>) -> impl IntoView {
    view! {
        <table class="changes">
            <thead><tr><th scope="col">"Field"</th><th scope="col">"Now"</th><th scope="col">"After"</th></tr></thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr class:secret=c.secret>
                        <th scope="row">{c.label}</th>
                        <td>{if c.secret { "(hidden)".to_owned() } else { super::shown(&c.before) }}</td>
                        <td>{super::shown(&c.after)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A user record; fields whose value changed against `before` are highlighted.
#[component]
pub fn RecordTable(
    record: RecordView,
    #[prop(optional)] before: Option<RecordView>,
) -> impl IntoView {
    view! {
        <dl class="record">
            {record.fields.into_iter().map(|f| {
                let was = before.as_ref().and_then(|b| b.value(&f.key)).filter(|v| *v != f.value).map(str::to_owned);
                let changed = was.is_some();
                view! {
                    <div class="row" class:changed=changed data-key=f.key.clone()>
                        <dt>{f.label}</dt>
                        <dd>
                            <span class="value">{f.value}</span>
                            {was.map(|w| view! { <span class="was">" (changed; was "{w}")"</span> })}
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}

/// The result of a submit: what AWS returned, with the changed fields highlighted.
#[component]
pub fn OutcomeView(outcome: Outcome) -> impl IntoView {
    let heading = if outcome.changes.is_empty() {
        "Nothing changed".to_owned()
    } else {
        format!("Saved: {}", outcome.after.title)
    };
    let summary = outcome
        .changes
        .iter()
        .map(|c| c.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="outcome banner success" role="status" aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">{heading}</h2>
            {(!summary.is_empty()).then(|| view! { <p>"Changed: "{summary}"."</p> })}
            {outcome.notice.map(|n| view! { <p class="notice">{n}</p> })}
            <h3>"The record AWS returned"</h3>
            <RecordTable record=outcome.after before=outcome.before/>
        </section>
    }
}

/// A failed submit: the message, and the way forward the error calls for.
#[component]
pub fn SubmitError(
    error: AppError,
    #[prop(optional)] retry: Option<Callback<()>>,
    /// False hides "Try again" (see [`Submission::retry_allowed`]).
    #[prop(optional)]
    retry_allowed: bool,
    /// Where "reload" leads (the user page itself).
    reload: String,
) -> impl IntoView {
    let retry_button = (error.is_retryable() && retry_allowed)
        .then_some(retry)
        .flatten()
        .map(|r| view! { <button type="button" on:click=move |_| r.run(())>"Try again"</button> });
    let reload_link = matches!(error, AppError::Conflict(_))
        .then(|| view! { <a class="button" href=reload>"Reload the current record"</a> });
    view! {
        <div class="banner error" role="alert">
            <strong>{error.title()}</strong>
            <p>{error.to_string()}</p>
            <p class="hint">"What you typed is still in the form (passwords excepted)."</p>
            {retry_button}
            {reload_link}
        </div>
    }
}

/// The answer a user page's server action holds: the record after a save, or why not.
pub type SubmitResult = Option<Result<Outcome, AppError>>;

/// How a user page's submit went: the field errors to show next to the inputs, and the
/// outcome or the failure — from the hydrated action, or else from what a plain post left.
#[derive(Clone, Copy)]
pub struct Submission {
    pub errors: RwSignal<Vec<FieldError>>,
    pub outcome: Signal<Option<Outcome>>,
    pub failure: Signal<Option<AppError>>,
    /// Whether "Try again" may resend the form: only after this page's own submit, whose
    /// passwords are still in the form. After a plain post they are not (drafts keep none).
    pub retry_allowed: Signal<bool>,
}

impl Submission {
    /// `value` is the server action's `value()`.
    pub fn track<V>(
        value: V,
        flash_error: Option<AppError>,
        flash_outcome: Option<Outcome>,
    ) -> Submission
    where
        V: Get<Value = SubmitResult> + Clone + Send + Sync + 'static,
    {
        let errors = RwSignal::new(match &flash_error {
            Some(AppError::Invalid(list)) => list.clone(),
            _ => Vec::new(),
        });
        // The server's verdict on field rules replaces the browser's.
        let v = value.clone();
        Effect::new(move |_| match v.get() {
            Some(Err(AppError::Invalid(list))) => errors.set(list),
            Some(Ok(_)) => errors.set(Vec::new()),
            _ => {}
        });
        let v = value.clone();
        let outcome = Signal::derive(move || match v.get() {
            Some(Ok(outcome)) => Some(outcome),
            Some(Err(_)) => None,
            None => flash_outcome.clone(),
        });
        let v = value.clone();
        let retry_allowed = Signal::derive(move || matches!(v.get(), Some(Err(_))));
        let failure = Signal::derive(move || match value.get() {
            Some(Err(error)) => Some(error),
            Some(Ok(_)) => None,
            None => flash_error.clone(),
        });
        Submission {
            errors,
            outcome,
            failure,
            retry_allowed,
        }
    }
}

/// Where a user page's form starts: the form a failed plain post sent back (when `accept`
/// takes it for this record), else `fresh`; plus the flash's error or outcome.
pub fn starting_form<F: serde::de::DeserializeOwned>(
    flash: Option<Flash>,
    fresh: F,
    accept: impl FnOnce(F, &F) -> Option<F>,
) -> (F, Option<AppError>, Option<Outcome>) {
    match flash {
        Some(Flash::Failed { form, error }) => {
            let kept = serde_json::from_str::<F>(&form)
                .ok()
                .and_then(|draft| accept(draft, &fresh));
            (kept.unwrap_or(fresh), Some(error), None)
        }
        Some(Flash::Done(outcome)) => (fresh, None, Some(outcome)),
        None => (fresh, None, None),
    }
}
