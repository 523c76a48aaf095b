//! The HTML shell, the layout every page shares (navigation, SANDBOX banner) and the routes.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::audit_page::AuditPage;
use crate::home::{HomePage, site_info};
use crate::search::{SearchBox, SearchPage};
use crate::services::{ServiceId, ServiceRoutes};
use crate::sign_in::SignInPage;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // In the shell (server-rendered only), beside the scripts: all three come from
                // the same bundle directory, versioned when the bundle is built into the binary.
                <link rel="stylesheet" id="leptos" href=format!("/{}/userdesk.css", options.site_pkg_dir)/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy names the nonce Leptos gave this response's inline
/// scripts (the hydration script and the resolved resources), so only those run inline.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&crate::server::http::page_csp(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| crate::raw_text::title(if page.is_empty() { "userdesk".to_owned() } else { format!("{page} · userdesk") })/>
        <Router>
            <SiteHeader/>
            <main id="main">
                // Every route renders whole on the server (`SsrMode::Async`): with streaming,
                // the data would arrive in scripts and a page without JavaScript would show
                // only its loading state. Each slice's `Routes` keeps `ssr=SsrMode::Async` too;
                // `ServiceRoutes` holds every slice's group.
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/auth/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <ServiceRoutes/>
                </Routes>
            </main>
        </Router>
    }
}

/// Skip link, the sandbox banner, the brand and the service navigation.
#[component]
fn SiteHeader() -> impl IntoView {
    let info = OnceResource::new(site_info());
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) if info.sandbox => view! {
                        <div class="sandbox-banner" role="note">
                            <strong>"SANDBOX"</strong>
                            " — changes go to userdesk's built-in emulation of the AWS APIs, not to AWS."
                        </div>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <header class="site">
            <a class="brand" href="/">"userdesk"</a>
            <nav aria-label="Services">
                <ul>
                    {ServiceId::ALL.map(|s| view! {
                        <li><A href=s.href()>{s.name()}</A></li>
                    }).collect_view()}
                    <li><A href="/audit">"Audit"</A></li>
                </ul>
            </nav>
            <SearchBox/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    info.await.ok().map(|info| view! {
                        <div class="whoami">
                            <span class="location">{info.location}</span>
                            " · "
                            <span class="person">{info.caller}</span>
                            " "
                            <span class="role" title="Your role in userdesk">{info.role.name()}</span>
                            {info.can_sign_out.then(|| view! {
                                <form method="post" action="/auth/sign-out" class="sign-out">
                                    <button type="submit">"Sign out"</button>
                                </form>
                            })}
                            // Behind a sign-in proxy the proxy ends the sign-in, not userdesk.
                            {info.sign_out_url.map(|href| view! {
                                <a class="sign-out" href=href>"Sign out"</a>
                            })}
                        </div>
                    })
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found"/>
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. "<a href="/">"Back to the dashboard"</a></p>
    }
}
