//! Logging: human-readable text by default, one JSON object per line with
//! `USERDESK_LOG_FORMAT=json`. `RUST_LOG` narrows or widens it (default `info`).

use tracing::{Level, Metadata};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;

use super::config::LogFormat;

/// Crates whose `trace` level prints whole HTTP exchanges, bodies (and so passwords)
/// included: their `trace` events are dropped whatever `RUST_LOG` asks for.
const WIRE_LOGGERS: [&str; 5] = [
    "aws_smithy_runtime",
    "aws_smithy_http",
    "aws_smithy_http_client",
    "hyper",
    "h2",
];

/// Whether an event may be logged at all (on top of `RUST_LOG`).
pub fn allowed(meta: &Metadata<'_>) -> bool {
    !(*meta.level() == Level::TRACE && WIRE_LOGGERS.iter().any(|w| meta.target().starts_with(w)))
}

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"));
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(filter_fn(allowed));
    let _ = match format {
        // Colours only for a person at a terminal: a log file or a shipper gets plain text.
        LogFormat::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(tracing_subscriber::fmt::layer().json().flatten_event(true))
            .try_init(),
    };
}

/// "outer: inner: innermost", each error's own message once: what a log line needs when the
/// outermost message ("Request failed") says little.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}
