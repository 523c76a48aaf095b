//! What the helpdesk actions share: the form around one action (a password reset, a device
//! reset, a reboot…) with its confirmation, and the one-time display of a new password.
//!
//! An action is one `<form>` posting to its server function, so it works without
//! JavaScript too. Its confirmation is a checkbox the server checks as well: a plain post
//! cannot skip it, and a hydrated page needs no dialog.

use leptos::prelude::*;

use crate::error::AppError;
use crate::forms::{FieldError, Outcome, error_for};
use crate::passwords::{OneTimePassword, SHOWN_FOR_SECS};

/// The confirmation checkbox's field name.
pub const CONFIRM: &str = "confirm";

/// Whether the person ticked the confirmation (`confirm` as posted); else the field error
/// that says what they are confirming.
pub fn confirmed(confirm: Option<&str>, what: &str) -> Result<(), FieldError> {
    match confirm {
        Some("yes" | "on") => Ok(()),
        _ => Err(FieldError::new(
            CONFIRM,
            format!("Confirm: tick the box to {what}"),
        )),
    }
}

/// How a reset's new password is chosen (the `mode` input).
pub const GENERATE: &str = "generate";
pub const TYPE: &str = "type";
/// The `mode` choices, as the reset forms offer them.
pub const MODES: [(&str, &str); 2] = [
    (GENERATE, "Generate one (24 letters and digits, shown once)"),
    (TYPE, "Type one"),
];
/// The sentence a generated password needs when the page has no script to show it once.
pub const GENERATE_NEEDS_SCRIPT: &str = "New password: a generated password is shown once by the page's script, which is not running; choose \"Type one\" instead";

/// What a reset form asked for as its new password, before the service's rules.
#[derive(Debug, Clone, Copy)]
pub struct NewPassword<'a> {
    /// [`GENERATE`] or [`TYPE`].
    pub mode: &'a str,
    /// The password drawn for this request (only when a script can show it).
    pub generated: Option<&'a OneTimePassword>,
    /// Whether the page's script sent the form (a plain post cannot show a generated password).
    pub scripted: bool,
    pub typed: &'a str,
}

impl NewPassword<'_> {
    /// The new password as the service's `parse` takes it; or `None`, with why in `errors`.
    pub fn parse<T>(
        &self,
        parse: impl Fn(&str) -> Result<T, FieldError>,
        errors: &mut Vec<FieldError>,
    ) -> Option<T> {
        let chosen = match (self.mode, self.generated) {
            (GENERATE, Some(generated)) => parse(generated.expose()),
            (GENERATE, None) if !self.scripted => {
                Err(FieldError::new("mode", GENERATE_NEEDS_SCRIPT))
            }
            (TYPE, _) => parse(self.typed),
            _ => Err(FieldError::new(
                "mode",
                "New password: choose \"Generate one\" or \"Type one\"",
            )),
        };
        chosen.map_err(|e| errors.push(e)).ok()
    }
}

/// Follows a helpdesk action's answer: rule errors go beside the inputs (`errors`), any other
/// failure into the returned signal (the banner), and a success to `on_ok`.
pub fn track_answer<T, V>(
    value: V,
    errors: RwSignal<Vec<FieldError>>,
    on_ok: impl Fn(T) + Send + Sync + 'static,
) -> RwSignal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    V: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let failure = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match value.get() {
        Some(Ok(answer)) => {
            failure.set(None);
            on_ok(answer);
        }
        Some(Err(AppError::Invalid(list))) => errors.set(list),
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    failure
}

/// A typed password's rules, checked as it is typed (`check` is `None` until then).
#[component]
pub fn RuleCheck(
    check: Signal<Option<Result<(), FieldError>>>,
    /// What a password that passes hears.
    ok: &'static str,
) -> impl IntoView {
    move || match check.get() {
        Some(Ok(())) => {
            Some(view! { <p class="rule-check ok" aria-live="polite">{ok}</p> }.into_any())
        }
        Some(Err(e)) => {
            Some(view! { <p class="rule-check" aria-live="polite">{e.message}</p> }.into_any())
        }
        None => None,
    }
}

/// The answer a no-JavaScript reset leaves for its page: the outcome, never the password.
#[cfg(feature = "ssr")]
pub async fn after_reset<F: serde::Serialize>(
    ctx: &crate::server::RequestContext,
    via: Option<&str>,
    page: &str,
    result: &Result<ResetDone, AppError>,
    form_without_secrets: &F,
) {
    let shown = result
        .as_ref()
        .map(|done| done.outcome.clone())
        .map_err(Clone::clone);
    crate::server::flash::after_submit(ctx, via, page, &shown, form_without_secrets).await;
}

/// Marks the fields of an action form: they are the action's own inputs, editable by anyone
/// who may carry it out (the server authorizes the action as a whole), whatever the role may
/// change in the edit form beside it.
#[derive(Debug, Clone, Copy)]
pub struct ActionFields;

/// The answer to a password reset: what changed, and the new password when userdesk
/// generated it — the one response that ever carries it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResetDone {
    pub outcome: Outcome,
    pub password: Option<OneTimePassword>,
}

/// One helpdesk action: heading, explanation, the action's inputs, the confirmation and the
/// button; its failure below. `submit` runs the server action (hydrated page); without
/// JavaScript the form posts to `action` with `via=form`.
#[component]
pub fn ActionForm(
    /// The section's id, for links from search results (`…#reset-password`).
    id: &'static str,
    heading: &'static str,
    /// The server function's URL.
    action: &'static str,
    errors: RwSignal<Vec<FieldError>>,
    pending: Signal<bool>,
    failure: Signal<Option<AppError>>,
    /// What ticking the box confirms, as the end of "I want to …".
    confirm: String,
    button: &'static str,
    submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    // In an owner of their own, so the edit form beside this one keeps the role's rules.
    let fields = Owner::new().with(|| {
        provide_context(ActionFields);
        children()
    });
    let confirmed_box = RwSignal::new(false);
    let (_, via) = crate::forms::flow::via_input();
    let box_id = format!("{id}-confirm");
    let error_id = format!("{id}-confirm-error");
    let confirm_what = confirm.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let checked = confirmed_box.get_untracked().then_some("yes");
        match confirmed(checked, &confirm_what) {
            Ok(()) => {
                errors.set(Vec::new());
                submit.run(());
            }
            Err(error) => errors.set(vec![error]),
        }
    };
    view! {
        <section class="action" id=id aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>{heading}</h2>
            <form method="post" action=action novalidate on:submit=on_submit>
                {via}
                {fields}
                <div class="field checkbox confirm">
                    <input id=box_id.clone() type="checkbox" name=CONFIRM value="yes"
                        prop:checked=move || confirmed_box.get()
                        on:change:target=move |ev| confirmed_box.set(ev.target().checked())
                        aria-describedby=error_id.clone()
                        aria-invalid=move || errors.with(|e| error_for(e, CONFIRM).is_some()).to_string()
                    />
                    <label for=box_id>"I want to "{confirm}</label>
                    <p class="field-error" id=error_id aria-live="polite">{move || errors.with(|e| error_for(e, CONFIRM))}</p>
                </div>
                <div class="actions">
                    <button type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { "Working…" } else { button }}
                    </button>
                </div>
            </form>
            {move || failure.get().map(|error| view! {
                <div class="banner error" role="alert">
                    <strong>{error.title()}</strong>
                    <p>{error.to_string()}</p>
                </div>
            })}
        </section>
    }
}

/// A new password, shown once: in a box with a copy button and a countdown, then gone from
/// the page (and from memory: the signal is emptied). Reloading the page never brings it
/// back; nothing else holds it.
#[component]
pub fn OneTimeSecret(password: RwSignal<Option<OneTimePassword>>) -> impl IntoView {
    let left = RwSignal::new(SHOWN_FOR_SECS);
    let copied = RwSignal::new(false);
    // Counts down once a password arrives; at zero the value is dropped.
    Effect::new(move |handle: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = handle {
            handle.clear();
        }
        if password.with(Option::is_none) {
            return None;
        }
        left.set(SHOWN_FOR_SECS);
        copied.set(false);
        // Counted against the wall clock, not in ticks: a background tab's timers are
        // throttled, and the password must still go on time.
        let deadline = now_ms() + f64::from(SHOWN_FOR_SECS) * 1000.0;
        set_interval_with_handle(
            move || {
                let next = ((deadline - now_ms()) / 1000.0).ceil().max(0.0) as u32;
                left.set(next);
                if next == 0 {
                    password.set(None);
                }
            },
            std::time::Duration::from_millis(250),
        )
        .ok()
    });
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(text) = password.get_untracked() {
            let _ = window().navigator().clipboard().write_text(text.expose());
            copied.set(true);
        }
    };
    let hide = move |_| password.set(None);
    view! {
        {move || match password.get() {
            Some(p) => view! {
                <div class="banner success one-time" role="status">
                    <h3>"The new password"</h3>
                    <p><code class="secret" data-testid="new-password">{p.expose().to_owned()}</code></p>
                    <p class="actions">
                        <button type="button" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                        <button type="button" class="secondary" on:click=hide>"Hide now"</button>
                    </p>
                    <p class="hint">
                        "Shown this once: it is hidden in "<span class="countdown">{move || left.get()}</span>
                        " s and userdesk keeps no copy. Hand it over through a safe channel."
                    </p>
                </div>
            }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// Milliseconds since the epoch, in the browser (the server never counts down).
fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now();
    #[cfg(not(feature = "hydrate"))]
    0.0
}

#[cfg(test)]
mod tests;
