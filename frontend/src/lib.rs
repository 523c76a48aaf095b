//! The wasm entry point. Everything interesting lives in `app`; this crate only
//! exists so the browser build is a `cdylib` while `app` stays a plain library.

// Leptos view types nest deeply; the release (LTO) build of the whole app needs more room.
#![recursion_limit = "512"]

// The islands live in `app`; without this the linker drops them.
extern crate app;

/// Called by the script cargo-leptos injects into every server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker the browser tests wait for: a page without islands is done here; a page with
    // islands is marked by them once they have hydrated (`forms::flow::mark_hydrated`).
    let document = leptos::prelude::document();
    if let (Some(body), Ok(None)) = (document.body(), document.query_selector("leptos-island")) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
