//! Logging: human-readable text by default, one JSON object per line with
//! `USERDESK_LOG_FORMAT=json`. `RUST_LOG` narrows or widens it (default `info`).

use tracing_subscriber::EnvFilter;

use super::config::LogFormat;

/// Crates whose most verbose levels print whole HTTP requests, bodies (and so passwords)
/// included: they never log below `debug`, whatever `RUST_LOG` asks for.
const WIRE_LOGGERS: [&str; 6] = [
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http",
    "aws_smithy_http_client",
    "hyper",
    "h2",
];

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(format: LogFormat) {
    let mut filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"));
    for target in WIRE_LOGGERS {
        if let Ok(cap) = format!("{target}=debug").parse() {
            filter = filter.add_directive(cap);
        }
    }
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
