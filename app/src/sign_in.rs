//! The sign-in page (`/auth/sign-in`): why the person is here, and how to sign in in the
//! configured mode. The flow itself is `server::auth`.

use leptos::prelude::*;
use leptos::server;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Why someone was sent to the sign-in page (`?reason=`); the page says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    SignedOut,
    NoRole,
    Failed,
}

impl Reason {
    pub const ALL: [Reason; 3] = [Reason::SignedOut, Reason::NoRole, Reason::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Reason::SignedOut => "signed-out",
            Reason::NoRole => "no-role",
            Reason::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Reason::SignedOut => "You are signed out.",
            Reason::NoRole => {
                "You signed in, but your account is in no group that gives a role in userdesk. Ask an administrator to add you to the admin, helpdesk or viewer group."
            }
            Reason::Failed => {
                "The sign-in did not complete. Try again; if it keeps failing, the server log says why."
            }
        }
    }
}

/// How this userdesk signs people in, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HowToSignIn {
    /// `[auth] mode`: "oidc", "proxy", "jwt", "dev" or "none".
    pub mode: String,
    /// `dev` only: `(id, label)` of each demo person.
    pub people: Vec<(String, String)>,
}

/// Open to everyone (under `/auth/`, like the rest of the sign-in flow): it says nothing
/// but the mode.
#[server(prefix = "/auth", endpoint = "options", output = crate::wire::Answer)]
pub async fn sign_in_options() -> Result<HowToSignIn, AppError> {
    use crate::server::AppState;
    use crate::server::auth::session::DEMO_PEOPLE;
    use crate::server::config::SignIn;
    let state = use_context::<AppState>().ok_or_else(|| AppError::Internal {
        reference: crate::server::context::request_id(),
    })?;
    let sign_in = &state.config.auth.sign_in;
    let people = if matches!(sign_in, SignIn::Dev) {
        DEMO_PEOPLE
            .iter()
            .map(|(id, label, _)| ((*id).to_owned(), (*label).to_owned()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(HowToSignIn {
        mode: sign_in.name().to_owned(),
        people,
    })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let reason = move || {
        query
            .with(|q| q.get("reason"))
            .and_then(|code| Reason::from_code(&code))
    };
    // Checked again on the server (only a local path is followed).
    let next = move || {
        query
            .with(|q| q.get("next"))
            .unwrap_or_else(|| "/".to_owned())
    };
    let options = OnceResource::new(sign_in_options());
    view! {
        <Title text="Sign in"/>
        <section class="sign-in" aria-labelledby="sign-in-heading">
            <h1 id="sign-in-heading">"Sign in to userdesk"</h1>
            {move || reason().map(|r| view! { <p class="notice" role="status">{r.message()}</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => how_to_sign_in(options, next()).into_any(),
                        Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn how_to_sign_in(options: HowToSignIn, next: String) -> impl IntoView {
    match options.mode.as_str() {
        "dev" => view! {
            <p>"This is the sandbox: pick a demo person. Each has one role, so you can see what admins, helpdesk staff and viewers may do."</p>
            <form method="post" action="/auth/dev" class="demo-people">
                <input type="hidden" name="next" value=next/>
                {options.people.into_iter().map(|(id, label)| view! {
                    <button type="submit" name="person" value=id>{label}</button>
                }).collect_view()}
            </form>
        }
        .into_any(),
        // A link, not a form: the sign-in redirects to the provider's origin, which the page's
        // `form-action 'self'` would block after a form submission. `rel="external"`: a
        // full navigation to the server, not the client-side router's.
        "oidc" => view! {
            <p>
                <a class="button" rel="external" href=format!("/auth/oidc?next={}", crate::listing::encode_query_value(&next))>
                    "Sign in with your company account"
                </a>
            </p>
        }
        .into_any(),
        "proxy" | "jwt" => view! {
            <p>"Your company's sign-in proxy signs you in. Open userdesk through it again."</p>
        }
        .into_any(),
        _ => view! {
            <p>"This userdesk has no sign-in: everyone who reaches it is its local admin."</p>
            <p><a href="/">"Open the dashboard"</a></p>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests;
