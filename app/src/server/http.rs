//! The dashboard's HTTP surface: Leptos pages and server functions, `/healthz`, `/readyz`,
//! the static bundle, and the headers every response carries.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::trace::TraceLayer;

use super::{AppState, overview};
use crate::app::{App, shell};
use crate::services::ServiceId;

/// Leptos options from the environment cargo-leptos sets (`LEPTOS_SITE_ROOT`…), with the
/// listen address from our configuration. Built by hand so a binary started outside
/// cargo-leptos (tests, `make run`) needs nothing set.
pub fn leptos_options(state: &AppState) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_owned());
    LeptosOptions::builder()
        .output_name("userdesk")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(state.config.listen)
        .build()
}

/// The app's routes, worked out once per process: `generate_route_list` renders the app in a
/// special mode through process-wide state, and two of them at once (tests build a router
/// each, in parallel) can leave one waiting forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole dashboard router, ready to serve.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let ready_state = state.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(move || readyz(ready_state.clone())))
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        .layer(middleware::from_fn(response_headers))
        .layer(middleware::from_fn(same_origin_writes))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The path only: query strings may hold filter text, never worth a log line.
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(options)
}

/// Whether the site bundle exists where the server will look for it.
pub fn site_is_built(options: &LeptosOptions) -> bool {
    Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join("userdesk.wasm")
        .exists()
}

/// Headers for every answer: pages and server-function answers may carry user data, so
/// nothing but the static bundle may be stored by a browser or a proxy.
async fn response_headers(request: Request, next: Next) -> Response {
    let is_static = {
        let path = request.uri().path();
        path.starts_with("/pkg/") || path == "/favicon.svg"
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let cache = if is_static {
        "public, max-age=300"
    } else {
        "no-store"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses state-changing requests a browser sent on behalf of another site. Server functions
/// accept plain form posts (the no-JavaScript flow), which any page could otherwise aim at a
/// dashboard holding AWS admin credentials. Browsers say where a request comes from in
/// `Sec-Fetch-Site` (and `Origin`); a client that sends neither is not a browser.
async fn same_origin_writes(request: Request, next: Next) -> Response {
    if matches!(request.method().as_str(), "GET" | "HEAD" | "OPTIONS")
        || is_same_origin(request.headers())
    {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            "cross-site requests are not accepted",
        )
            .into_response()
    }
}

/// Whether the request's own headers say it comes from this dashboard's pages.
pub fn is_same_origin(headers: &axum::http::HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}

/// 200 when every service endpoint answers a cheap read, 503 naming the ones that do not.
async fn readyz(state: AppState) -> Response {
    let checks = futures_util_join(&state).await;
    let ready = checks.iter().all(|(_, r)| r.is_ok());
    let services: serde_json::Map<String, serde_json::Value> = checks
        .into_iter()
        .map(|(service, result)| {
            let value = match result {
                Ok(()) => "ok".to_owned(),
                Err(e) => e.to_string(),
            };
            (service.slug().to_owned(), value.into())
        })
        .collect();
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "not ready" },
        "backend": state.location.label(),
        "services": services,
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

async fn futures_util_join(
    state: &AppState,
) -> Vec<(ServiceId, Result<(), crate::error::AppError>)> {
    let [a, b, c, d, e] = ServiceId::ALL;
    let (ra, rb, rc, rd, re) = tokio::join!(
        overview::probe(state, a),
        overview::probe(state, b),
        overview::probe(state, c),
        overview::probe(state, d),
        overview::probe(state, e),
    );
    vec![(a, ra), (b, rb), (c, rc), (d, rd), (e, re)]
}
