//! Labelled inputs with their inline error: every input has a visible `<label for>`, its
//! error (and hint) are tied to it with `aria-describedby`, and `aria-invalid` marks it.
//! Inputs start from a server-rendered `value`, so the form works before (and without)
//! hydration; signals follow what the person types.

use leptos::prelude::*;

use super::{FieldError, error_for, input_name};

/// During hydration, starts `value` from what the browser holds in the input with `id`: a
/// person may type into the server-rendered form before the wasm arrives, and the render
/// that follows would otherwise put the signal's older value back over their typing.
fn adopt_typed(id: &str, value: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    if hydrating() {
        use wasm_bindgen::JsCast;
        let typed = document().get_element_by_id(id).and_then(|el| {
            if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                Some(i.value())
            } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                Some(t.value())
            } else {
                el.dyn_ref::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
            }
        });
        if let Some(typed) = typed.filter(|t| *t != value.get_untracked()) {
            value.set(typed);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, value);
}

/// [`adopt_typed`] for a checkbox or radio button's `checked`.
fn adopt_checked(id: &str, checked: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    if hydrating() {
        use wasm_bindgen::JsCast;
        if let Some(input) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            && input.checked() != checked.get_untracked()
        {
            checked.set(input.checked());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, checked);
}

/// [`adopt_typed`] for a group of radio buttons with ids `{id}-{value}`.
fn adopt_radio(id: &str, options: &[(&'static str, &'static str)], value: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    if hydrating() {
        use wasm_bindgen::JsCast;
        for (v, _) in options {
            let checked = document()
                .get_element_by_id(&format!("{id}-{v}"))
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|input| input.checked());
            if checked && value.get_untracked() != *v {
                value.set((*v).to_owned());
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, options, value);
}

/// Only the first render in the browser adopts DOM state; after that the DOM may still hold
/// what the island rendered before a save re-rendered it, and the signals are the truth.
#[cfg(feature = "hydrate")]
fn hydrating() -> bool {
    leptos::reactive::owner::Owner::current_shared_context()
        .is_some_and(|c| c.during_hydration() || c.get_is_hydrating())
}

fn ids(name: &str) -> (String, String, String) {
    let base = format!("f-{}", name.replace(['[', ']', '.'], "-"));
    (
        base.clone(),
        format!("{base}-error"),
        format!("{base}-hint"),
    )
}

/// The error line under a field; `aria-live` so a screen reader hears it when it appears.
#[component]
fn FieldMessage(
    id: String,
    name: &'static str,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || errors.with(|e| error_for(e, name))}
        </p>
    }
}

/// Whether the signed-in person's role may change `name` here (see `crate::access`); outside
/// a user page (no role known) fields are editable and the server decides.
fn editable(name: &str) -> bool {
    // An action form's inputs belong to the action, which the server authorizes whole.
    if use_context::<crate::helpdesk::ActionFields>().is_some() {
        return true;
    }
    use_context::<crate::access::FieldAccess>().is_none_or(|access| access.may_edit(name))
}

/// A field the role may not change still posts its current value, so a plain (no-JS) post
/// of the whole form changes nothing there: a disabled input is not posted, this is.
fn mirror(name: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|value| view! { <input type="hidden" name=input_name(name) value=value/> })
}

fn described_by(error_id: &str, hint_id: &str, has_hint: bool) -> String {
    if has_hint {
        format!("{error_id} {hint_id}")
    } else {
        error_id.to_owned()
    }
}

#[component]
pub fn TextField(
    /// The form field (the `form[...]` key, and the key of its errors).
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] hint: Option<&'static str>,
    /// `text` unless given (`email`, `url`, `number`…).
    #[prop(optional)]
    input_type: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// A multi-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let (id, error_id, hint_id) = ids(name);
    let invalid = move || errors.with(|e| error_for(e, name).is_some()).to_string();
    let describedby = described_by(&error_id, &hint_id, hint.is_some());
    let readonly = readonly || !editable(name);
    // The server renders the signal's value; the browser adopts what was typed since.
    let initial = value.get_untracked();
    adopt_typed(&id, value);
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=input_name(name) rows="3"
                aria-invalid=invalid aria-describedby=describedby.clone()
                required=required readonly=readonly
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            >{crate::raw_text::textarea(initial)}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=input_name(name) type=input_type.unwrap_or("text")
                value=initial
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
                aria-invalid=invalid aria-describedby=describedby.clone()
                required=required readonly=readonly
                autocomplete=autocomplete.unwrap_or("off")
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}{required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <FieldMessage id=error_id name errors/>
        </div>
    }
}

/// A masked password input with a show/hide toggle. The server never renders its value:
/// a password typed before a failed submit is not sent back in HTML.
#[component]
pub fn PasswordField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let (id, error_id, hint_id) = ids(name);
    let shown = RwSignal::new(false);
    let invalid = move || errors.with(|e| error_for(e, name).is_some()).to_string();
    let describedby = described_by(&error_id, &hint_id, hint.is_some());
    // ASCII lowercasing (the labels are the slices' own constants): `to_lowercase` would carry
    // Unicode's case tables into every page with a password field (7.5 KiB brotli).
    let toggle_label = format!("Show {}", label.to_ascii_lowercase());
    // Nothing to post: an empty password means "keep it".
    let disabled = !editable(name);
    adopt_typed(&id, value);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <span class="password">
                <input id=id.clone() name=input_name(name)
                    type=move || if shown.get() { "text" } else { "password" }
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())
                    aria-invalid=invalid aria-describedby=describedby
                    autocomplete="new-password" spellcheck="false" disabled=disabled
                />
                <button type="button" class="secondary toggle" aria-controls=id
                    aria-pressed=move || shown.get().to_string()
                    aria-label=toggle_label
                    on:click=move |_| shown.update(|s| *s = !*s)
                >{move || if shown.get() { "Hide" } else { "Show" }}</button>
            </span>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <FieldMessage id=error_id name errors/>
        </div>
    }
}

#[component]
pub fn CheckboxField(
    name: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let (id, error_id, hint_id) = ids(name);
    let describedby = described_by(&error_id, &hint_id, hint.is_some());
    let disabled = !editable(name);
    adopt_checked(&id, checked);
    view! {
        <div class="field checkbox">
            <input id=id.clone() name=input_name(name) type="checkbox" value="on"
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change:target=move |ev| checked.set(ev.target().checked())
                aria-describedby=describedby disabled=disabled
            />
            {mirror(name, (disabled && checked.get_untracked()).then(|| "on".to_owned()))}
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <FieldMessage id=error_id name errors/>
        </div>
    }
}

/// One choice among `options` (value, label), as radio buttons in a fieldset.
#[component]
pub fn RadioField(
    name: &'static str,
    legend: &'static str,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let (id, error_id, _) = ids(name);
    let describedby = error_id.clone();
    let disabled = !editable(name);
    adopt_radio(&id, &options, value);
    view! {
        <fieldset class="field radios" aria-describedby=describedby disabled=disabled>
            <legend>{legend}</legend>
            {mirror(name, disabled.then(|| value.get_untracked()))}
            {options.into_iter().map(|(v, l)| {
                let option_id = format!("{id}-{v}");
                view! {
                    <span class="radio">
                        <input type="radio" id=option_id.clone() name=input_name(name) value=v
                            aria-invalid=move || errors.with(|e| error_for(e, name).is_some()).to_string()
                            checked=value.get_untracked() == v
                            prop:checked=move || value.get() == v
                            on:change=move |_| value.set(v.to_owned())
                        />
                        <label for=option_id>{l}</label>
                    </span>
                }
            }).collect_view()}
            <FieldMessage id=error_id name errors/>
        </fieldset>
    }
}

/// A `<select>` of (value, label) options.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let (id, error_id, hint_id) = ids(name);
    let describedby = described_by(&error_id, &hint_id, hint.is_some());
    let invalid = move || errors.with(|e| error_for(e, name).is_some()).to_string();
    let disabled = !editable(name);
    adopt_typed(&id, value);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {mirror(name, disabled.then(|| value.get_untracked()))}
            <select id=id name=input_name(name) aria-describedby=describedby aria-invalid=invalid disabled=disabled
                prop:value=move || value.get()
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {options.into_iter().map(|(v, l)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <FieldMessage id=error_id name errors/>
        </div>
    }
}

/// A hidden input carrying an id the server function needs (broker, user…).
#[component]
pub fn Hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=input_name(name) value=value/> }
}
