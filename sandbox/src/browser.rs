//! Refusing requests sent by web pages.
//!
//! The sandbox listens on loopback with no authentication, so any web page open in the
//! admin's browser could otherwise reach it: reset it, arm faults, rewrite users. Browsers
//! mark what they send: `Origin` on cross-origin and on every non-GET request, and
//! `Sec-Fetch-Site` on every request (current Chrome, Firefox and Safari). The SDKs, the AWS
//! CLI, boto3 and Node's `fetch` (Playwright's `request` fixture) send neither, so refusing
//! either header keeps every real client working. Any value counts, even `Sec-Fetch-Site: none`
//! (an address typed in the bar): no request of the sandbox's needs a browser.

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The body of the refusal.
const REFUSAL: &str = "The sandbox takes no requests from web pages.";

/// Whether a browser sent this request on behalf of a page.
fn from_a_browser(headers: &HeaderMap) -> bool {
    headers.contains_key(header::ORIGIN) || headers.contains_key("sec-fetch-site")
}

/// Middleware: answers 403 before any handler runs when a browser sent the request.
pub(crate) async fn refuse_browsers(request: Request, next: Next) -> Response {
    if from_a_browser(request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = request.uri().path(),
            "refused a request sent by a web page"
        );
        return (StatusCode::FORBIDDEN, REFUSAL).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests;
