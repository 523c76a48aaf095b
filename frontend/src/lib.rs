//! The wasm entry point. Everything interesting lives in `app`; this crate only
//! exists so the browser build is a `cdylib` while `app` stays a plain library.

// Leptos view types nest deeply; the release (LTO) build of the whole app needs more room.
#![recursion_limit = "512"]

/// Called by the script cargo-leptos injects into every server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker the browser tests wait for: the page is interactive from here on.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
