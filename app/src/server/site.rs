//! The site bundle built into the binary (`make build` embeds it), so a deployment is one
//! file: served from memory unless `LEPTOS_SITE_ROOT` names a directory to serve instead.
//!
//! Each file is served in the encoding the browser accepts, from the brotli or gzip copy
//! the build made beside it, else as it is.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// A file of the site: its URL path (`/pkg/userdesk.wasm`) and its bytes.
pub type File = (&'static str, &'static [u8]);

static SITE: OnceLock<HashMap<&'static str, &'static [u8]>> = OnceLock::new();
/// A hash of the embedded files: the bundle's URLs carry it (`/pkg/<version>/…`), so a new
/// build gets new URLs and browsers may keep each one for good.
static VERSION: OnceLock<&'static str> = OnceLock::new();

/// How long a browser may keep a versioned bundle file: for good.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Hands the embedded files and their version to the router; the binary calls it once,
/// before building it. An empty list (a build that embedded nothing) changes nothing.
pub fn embed(files: &'static [File], version: &'static str) {
    if !files.is_empty() {
        let _ = SITE.set(files.iter().copied().collect());
        let _ = VERSION.set(version);
    }
}

/// The bundle directory the pages name, under the site root: `pkg/<version>` when the
/// embedded bundle is served, else `pkg`.
pub fn pkg_dir() -> String {
    match VERSION.get() {
        Some(version) if embedded() => format!("pkg/{version}"),
        _ => "pkg".to_owned(),
    }
}

/// Whether the site is served from the binary: it was embedded and `LEPTOS_SITE_ROOT` does
/// not point elsewhere.
pub fn embedded() -> bool {
    SITE.get().is_some() && std::env::var_os("LEPTOS_SITE_ROOT").is_none_or(|v| v.is_empty())
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// The variant of `path` to send for `accept_encoding`: brotli, then gzip, then the file.
fn pick(
    site: &HashMap<&'static str, &'static [u8]>,
    path: &str,
    accept_encoding: &str,
) -> Option<(Option<&'static str>, &'static [u8])> {
    let plain = *site.get(path)?;
    let accepts = |coding: &str| {
        accept_encoding
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let name = pieces.next()?.trim();
                let refused = pieces.any(|p| p.trim().replace(' ', "") == "q=0");
                (name == coding && !refused).then_some(())
            })
            .next()
            .is_some()
    };
    for (coding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts(coding)
            && let Some(bytes) = site.get(format!("{path}.{suffix}").as_str())
        {
            return Some((Some(coding), bytes));
        }
    }
    Some((None, plain))
}

/// Answers a `GET` for an embedded file; anything else goes on to the router.
pub async fn serve_embedded(request: Request, next: Next) -> Response {
    let site = match SITE.get() {
        Some(site) if embedded() && request.method() == axum::http::Method::GET => site,
        _ => return next.run(request).await,
    };
    let accept = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // `/pkg/<version>/x` is the embedded `/pkg/x`, kept for good; anything else as it is.
    let versioned = VERSION
        .get()
        .and_then(|v| request.uri().path().strip_prefix(&format!("/pkg/{v}/")))
        .map(|rest| format!("/pkg/{rest}"));
    let path = versioned.as_deref().unwrap_or(request.uri().path());
    let Some((coding, bytes)) = pick(site, path, accept) else {
        return next.run(request).await;
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    if versioned.is_some() {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}

#[cfg(test)]
mod tests;
