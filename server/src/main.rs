//! `userdesk`: the dashboard (default) or, with `sandbox`, the AWS sandbox alone.
//!
//! Reads like a table of contents: arguments → configuration → telemetry → state → router → serve.

use std::net::SocketAddr;
use std::process::ExitCode;

use app::server::config::{Backend, Config, LogFormat, is_loopback};
use app::server::{AppState, http, serve, telemetry};

const USAGE: &str = "\
usage:
  userdesk [--config FILE]              start the dashboard (sandbox mode when no AWS settings)
  userdesk sandbox [--listen ADDR]      serve only the AWS sandbox (default 127.0.0.1:4566)
  userdesk audit verify [--config FILE] check the audit log's hash chain (exit 3 when broken)
  userdesk audit export --format csv|jsonl [--since RFC3339] [--config FILE]
                                        print the audit log
  userdesk --version                    print the version

Configuration: see docs/configuration.md (file via --config or USERDESK_CONFIG, USERDESK_* overrides).";

mod audit_cli;

/// Every request allocates hundreds of small strings (the page, its hydration data): with
/// glibc's allocator a quarter of a list page's CPU went to malloc and its arena locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The site bundle built into this binary (empty unless built with `USERDESK_EMBED_SITE=1`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_site.rs"));
}

enum Command {
    Dashboard {
        config: Option<String>,
    },
    Audit {
        command: audit_cli::AuditCommand,
        config: Option<String>,
    },
    Sandbox {
        listen: SocketAddr,
    },
    Help,
    Version,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut config = None;
    match args.next().as_deref() {
        None => return Ok(Command::Dashboard { config }),
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some("sandbox") => {
            let mut listen = "127.0.0.1:4566".to_owned();
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--listen" => listen = args.next().ok_or("--listen needs an address")?,
                    other => {
                        return Err(format!("unknown argument {other:?} for `userdesk sandbox`"));
                    }
                }
            }
            let listen: SocketAddr = listen.parse().map_err(|_| {
                format!("--listen must be an address like 127.0.0.1:4566 (got {listen:?})")
            })?;
            // The sandbox takes any change from anyone who reaches it, and has no sign-in.
            if !is_loopback(listen.ip()) {
                return Err(format!(
                    "--listen must be a loopback address like 127.0.0.1:4566: the sandbox has no sign-in (got {listen})"
                ));
            }
            return Ok(Command::Sandbox { listen });
        }
        Some("audit") => {
            let (command, config) = audit_cli::parse(args)?;
            return Ok(Command::Audit { command, config });
        }
        Some("--config") => config = Some(args.next().ok_or("--config needs a file")?),
        Some(other) => return Err(format!("unknown argument {other:?}")),
    }
    if let Some(extra) = args.next() {
        return Err(format!("unknown argument {extra:?}"));
    }
    Ok(Command::Dashboard { config })
}

// Leptos's server rendering recurses deeply (more so in debug builds): 2 MiB workers are not enough.
const WORKER_STACK_SIZE: usize = 16 * 1024 * 1024;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_SIZE)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("userdesk: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!(
                "userdesk {} (commit {}, {} build)",
                env!("CARGO_PKG_VERSION"),
                env!("USERDESK_COMMIT"),
                env!("USERDESK_PROFILE")
            );
            ExitCode::SUCCESS
        }
        Ok(Command::Sandbox { listen }) => run_sandbox(listen).await,
        Ok(Command::Dashboard { config }) => run_dashboard(config.as_deref()).await,
        Ok(Command::Audit { command, config }) => audit_cli::run(command, config.as_deref()).await,
        Err(message) => {
            eprintln!("userdesk: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn run_sandbox(listen: SocketAddr) -> ExitCode {
    telemetry::init(LogFormat::Text);
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => l,
        Err(error) => {
            eprintln!("userdesk: cannot listen on {listen}: {error}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(%listen, services = %sandbox::SERVICES.join(", "), "sandbox serving");
    let serve = sandbox::serve(listener, sandbox::Options::default());
    tokio::select! {
        result = serve => if let Err(error) = result {
            tracing::error!(%error, "sandbox stopped");
            return ExitCode::FAILURE;
        },
        () = shutdown_signal() => {}
    }
    ExitCode::SUCCESS
}

async fn run_dashboard(config_path: Option<&str>) -> ExitCode {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("userdesk: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    app::server::site::embed(embedded::FILES, embedded::VERSION);
    announce_backend(&config);

    // With no AWS settings the dashboard talks to its own sandbox, on a loopback port.
    let embedded = match &config.backend {
        Backend::Sandbox => {
            match sandbox::spawn(config.sandbox_listen, sandbox::Options::default()).await {
                Ok(running) => {
                    tracing::info!(endpoint = %running.endpoint_url(), "embedded sandbox listening");
                    Some(running)
                }
                Err(error) => {
                    eprintln!(
                        "userdesk: cannot start the embedded sandbox on {}: {error}",
                        config.sandbox_listen
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
        Backend::Aws(_) => None,
    };
    // Bound before the state is built so port 0 ("pick one") is settled first: the host
    // check and the cookie rules then know the real port, and the log line says it.
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(error) => {
            eprintln!("userdesk: cannot listen on {}: {error}", config.listen);
            return ExitCode::from(2);
        }
    };
    let mut config = config;
    if let Ok(bound) = listener.local_addr() {
        config.listen = bound;
    }
    let listen = config.listen;
    let state = match AppState::build(config, embedded.as_ref().map(|s| s.endpoint_url())).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("userdesk: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = http::leptos_options(&state);
    if !http::site_is_built(&options) {
        tracing::warn!(site_root = %options.site_root, "no browser bundle found: pages render but do not hydrate (build with `make build`)");
    }
    let router = http::router(state.clone(), options);

    tracing::info!(url = %format!("http://{listen}"), backend = %state.location.label(), "userdesk is up");
    if let Err(error) = serve::serve(listener, router, shutdown_signal()).await {
        tracing::error!(%error, "server stopped");
        return ExitCode::FAILURE;
    }
    drop(embedded);
    ExitCode::SUCCESS
}

/// Says loudly which backend serves and why: a container meant for AWS that forgot
/// `USERDESK_MODE=aws` must not quietly show sandbox data as if it were real.
fn announce_backend(config: &Config) {
    let backend = match &config.backend {
        Backend::Sandbox => "SANDBOX (userdesk's built-in emulation; nothing reaches AWS)",
        Backend::Aws(_) => "AWS",
    };
    tracing::info!(backend, reason = config.backend_reason, "backend chosen");
    tracing::info!(
        mode = config.auth.sign_in.name(),
        sessions = ?config.session.store,
        "sign-in"
    );
    if config.is_sandbox() && !config.ambient_aws.is_empty() {
        let found = config.ambient_aws.join(", ");
        tracing::warn!(
            found = %found,
            "serving SANDBOX data although this environment has AWS settings; set USERDESK_MODE=aws to use AWS"
        );
        eprintln!(
            "userdesk: WARNING: serving SANDBOX data, not AWS, although {found} is set. Set USERDESK_MODE=aws (or an [aws] table) to use AWS."
        );
    }
}

/// Ctrl-C or SIGTERM (what `make`, systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests;
