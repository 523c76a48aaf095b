//! `userdesk audit verify` and `userdesk audit export`: the audit log from the command line,
//! for scripts and auditors. Both read the database the configuration names.

use std::io::Write;
use std::process::ExitCode;

use app::server::audit::export;
use app::server::audit::store::AuditStore;
use app::server::config::Config;

pub enum AuditCommand {
    Verify,
    Export {
        format: Format,
        since: Option<String>,
    },
}

#[derive(Clone, Copy)]
pub enum Format {
    Csv,
    Jsonl,
}

/// Parses what follows `userdesk audit`: the command and `--config FILE` anywhere.
pub fn parse(
    mut args: impl Iterator<Item = String>,
) -> Result<(AuditCommand, Option<String>), String> {
    let mut config = None;
    let mut rest = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--config" {
            config = Some(args.next().ok_or("--config needs a file")?);
        } else {
            rest.push(arg);
        }
    }
    let mut rest = rest.into_iter();
    let command = match rest.next().as_deref() {
        Some("verify") => AuditCommand::Verify,
        Some("export") => {
            let (mut format, mut since) = (None, None);
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--format" => {
                        format = Some(match rest.next().as_deref() {
                            Some("csv") => Format::Csv,
                            Some("jsonl") => Format::Jsonl,
                            other => {
                                return Err(format!(
                                    "--format must be csv or jsonl (got {})",
                                    other.unwrap_or("nothing")
                                ));
                            }
                        });
                    }
                    "--since" => {
                        let text = rest.next().ok_or("--since needs a time")?;
                        let parsed = time::OffsetDateTime::parse(
                            &text,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .map_err(|_| {
                            format!("--since must be an RFC 3339 time like 2026-12-01T00:00:00Z (got {text:?})")
                        })?;
                        since = Some(rfc3339_utc_millis(parsed));
                    }
                    other => {
                        return Err(format!(
                            "unknown argument {other:?} for `userdesk audit export`"
                        ));
                    }
                }
            }
            AuditCommand::Export {
                format: format
                    .ok_or("`userdesk audit export` needs --format csv or --format jsonl")?,
                since,
            }
        }
        Some(other) => {
            return Err(format!(
                "unknown audit command {other:?} (verify or export)"
            ));
        }
        None => return Err("`userdesk audit` needs a command: verify or export".to_owned()),
    };
    if let Some(extra) = rest.next() {
        return Err(format!("unknown argument {extra:?}"));
    }
    Ok((command, config))
}

/// The form the store keeps times in, so a text comparison is a time comparison.
fn rfc3339_utc_millis(time: time::OffsetDateTime) -> String {
    let utc = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

pub async fn run(command: AuditCommand, config_path: Option<&str>) -> ExitCode {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("userdesk: {error}");
            return ExitCode::from(2);
        }
    };
    let store = match AuditStore::open(&config.audit_url).await {
        Ok(store) => store,
        Err(error) => {
            eprintln!("userdesk: {error}");
            return ExitCode::FAILURE;
        }
    };
    match command {
        AuditCommand::Verify => match store.verify().await {
            Ok(Ok(count)) => {
                println!("audit log intact: {count} records, each linked to the one before");
                ExitCode::SUCCESS
            }
            Ok(Err(broken)) => {
                eprintln!("userdesk: audit log broken: {broken}");
                ExitCode::from(3)
            }
            Err(error) => {
                eprintln!("userdesk: {error}");
                ExitCode::FAILURE
            }
        },
        AuditCommand::Export { format, since } => match store.all(since.as_deref()).await {
            Ok(records) => {
                let text = match format {
                    Format::Csv => export::csv(&records),
                    Format::Jsonl => export::jsonl(&records),
                };
                let mut stdout = std::io::stdout().lock();
                if stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
                    .is_err()
                {
                    return ExitCode::FAILURE;
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("userdesk: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
