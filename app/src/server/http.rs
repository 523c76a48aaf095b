//! The dashboard's HTTP surface: Leptos pages and server functions, `/healthz`, `/readyz`,
//! the static bundle, and what guards them: request ids, the `Host` allow-list, body size,
//! time and concurrency limits, the same-origin rule for writes, and the headers every
//! response carries (Content-Security-Policy, HSTS, caching).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use super::config::{Config, is_loopback, split_host};

use super::AppState;
use crate::app::{App, shell};

/// Leptos options from the environment cargo-leptos sets (`LEPTOS_SITE_ROOT`…), with the
/// listen address from our configuration. Built by hand so a binary started outside
/// cargo-leptos (tests, `make run`) needs nothing set.
pub fn leptos_options(state: &AppState) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_owned());
    LeptosOptions::builder()
        .output_name("userdesk")
        .site_root(site_root)
        .site_pkg_dir(super::site::pkg_dir())
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

/// The largest request body accepted (server-function posts are a few KiB); 413 beyond.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one request may take, AWS calls included (each gives up within 20 s); 408 beyond.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Page and server-function requests handled at once; more wait for a turn.
pub const MAX_CONCURRENT_REQUESTS: usize = 256;

/// The header carrying the request id, on the request (set here) and on the response.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole dashboard router, ready to serve.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let ready_state = state.clone();
    let guard = Arc::new(Guard::new(&state.config));
    let pages = Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        // The browser bundle: the brotli or gzip copy `make build` made (`--precompress`),
        // as the browser accepts, else the file itself.
        .nest_service(
            "/pkg",
            ServeDir::new(Path::new(&*options.site_root).join(&*options.site_pkg_dir))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .merge(super::auth::routes().with_state(state.clone()))
        .merge(super::audit::view::routes().with_state(state.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        // The bundle built into the binary, when it carries one (`site::embed`).
        .layer(middleware::from_fn(super::site::serve_embedded))
        // Who is calling, before any page or server function runs…
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::auth::authenticate,
        ))
        // …from the session this layer loads (and saves after the answer).
        .layer(super::auth::session::layer(
            &state.config,
            state.sessions.clone(),
        ))
        .layer(middleware::from_fn(same_origin_writes))
        // Pages and server-function answers, compressed as the browser accepts (quality 4:
        // most of the gain for little CPU). The bundle comes precompressed, and a wasm that
        // does not (a debug build) is not worth compressing on every load.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(
                    DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
                ),
        )
        .layer(GlobalConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(middleware::from_fn(limit_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // Before anything renders: a page or server function must never run for a rebound name.
        .layer(middleware::from_fn_with_state(guard.clone(), allowed_host));
    // Health endpoints answer whatever the Host (orchestrators probe by IP) and however busy
    // the pages are: they reveal nothing and change nothing.
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", super::readiness::route(ready_state))
        .merge(pages)
        .layer(middleware::from_fn_with_state(guard, response_headers))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = request_id(req.extensions()).unwrap_or_default();
            // The path only: query strings may hold filter text, never worth a log line.
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // Every id is ours: one sent by the client could forge or collide with another's.
        .layer(middleware::map_request(|mut request: Request| async move {
            request.headers_mut().remove(REQUEST_ID);
            request
        }))
        .with_state(options)
}

/// Reads the body before anything else does, refusing it with 413 past [`MAX_BODY_BYTES`]:
/// announced by `Content-Length` or not (a streamed body is cut off at the limit), so no
/// server function ever buffers more, and the person gets a status that says why.
async fn limit_body(request: Request, next: Next) -> Response {
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request is larger than userdesk accepts ({} KiB).",
                MAX_BODY_BYTES / 1024
            ),
        )
            .into_response()
    };
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        // Past the limit, or the client went away mid-body: either way nothing runs.
        Err(_) => too_large(),
    }
}

/// The id [`router`] gave the request whose extensions these are.
pub fn request_id(extensions: &axum::http::Extensions) -> Option<String> {
    extensions
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .map(str::to_owned)
}

/// What the request guards need from the configuration, worked out once.
#[derive(Debug)]
struct Guard {
    /// Host names this dashboard answers to besides loopback ones, each with the one port it
    /// must come with, or `None` for any: `public_url`'s name, `allowed_hosts`, and the listen
    /// address itself when it is a specific address.
    hosts: Vec<(String, Option<u16>)>,
    /// The listening port: loopback names are accepted on it (the browser on this machine).
    port: u16,
    /// Strict-Transport-Security, when the dashboard is reached over https.
    hsts: bool,
}

impl Guard {
    fn new(config: &Config) -> Guard {
        let mut hosts: Vec<(String, Option<u16>)> = config
            .allowed_hosts
            .iter()
            .filter_map(|h| split_host(h))
            .collect();
        // Behind a proxy the port people see is not ours to check: the name is what a
        // rebinding page cannot fake.
        if let Some(url) = &config.public_url {
            hosts.push((url.host.clone(), None));
        }
        if !config.listen.ip().is_unspecified() {
            hosts.extend(split_host(&config.listen.to_string()));
        }
        Guard {
            hosts,
            port: config.listen.port(),
            hsts: config.public_url.as_ref().is_some_and(|u| u.https),
        }
    }

    /// Whether `host` (a `Host` header's value) names this dashboard. A DNS-rebinding page
    /// reaches the server under its own name, which is in no list here.
    fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        let loopback =
            name == "localhost" || bare.parse::<std::net::IpAddr>().is_ok_and(is_loopback);
        if loopback && port.unwrap_or(80) == self.port {
            return true;
        }
        self.hosts.iter().any(|(allowed, allowed_port)| {
            *allowed == name && allowed_port.is_none_or(|p| port == Some(p))
        })
    }
}

/// 421 for a request whose `Host` is not this dashboard's.
async fn allowed_host(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if host.is_some_and(|h| guard.allows(h)) {
        return next.run(request).await;
    }
    tracing::warn!(
        host = host.unwrap_or("(none)"),
        "refused a request for a host name that is not this dashboard's"
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        "This server does not answer to that host name. Open userdesk at its configured address (public_url or allowed_hosts).",
    )
        .into_response()
}

/// Whether the site bundle exists where the server will look for it.
pub fn site_is_built(options: &LeptosOptions) -> bool {
    super::site::embedded()
        || Path::new(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join("userdesk.wasm")
            .exists()
}

/// What may run in a response that is not a page: nothing (JSON, redirects, errors).
const CSP_NOT_A_PAGE: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The Content-Security-Policy of a page: its own scripts and styles, the inline hydration
/// script by the request's nonce, WebAssembly, and nothing from elsewhere. A value from AWS
/// that slipped into markup still could not run a script.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Headers for every answer: pages and server-function answers may carry user data, so
/// nothing but the static bundle may be stored by a browser or a proxy.
async fn response_headers(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    let is_static = {
        let path = request.uri().path();
        path.starts_with("/pkg/") || path == "/favicon.svg"
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A versioned bundle file says so itself (`site::IMMUTABLE`); other static files may be
    // kept a few minutes; nothing else at all.
    let keeps_its_own = is_static
        && headers
            .get(header::CACHE_CONTROL)
            .is_some_and(|v| v == super::site::IMMUTABLE);
    if !keeps_its_own {
        let cache = if is_static {
            "public, max-age=300"
        } else {
            "no-store"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // Pages set their own, with the nonce of their hydration script (see `crate::app::shell`).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_NOT_A_PAGE),
        );
    }
    if guard.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
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
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        // A browser names the origin of every cross-site POST; a request naming none and
        // carrying no cookie is a script or a test acting for nobody's session. One that
        // carries a cookie but hides where it comes from is refused.
        (None, _) => !headers.contains_key(header::COOKIE),
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}
