//! The one place an SDK error becomes an [`AppError`]: by the error shape's code, which every
//! service names alike enough (`…NotFound…`, `Throttling…`, `AccessDenied…`), plus the few
//! shapes with their own meaning. The full error is logged here, once.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::telemetry::cause_chain;
use crate::error::AppError;
use crate::services::ServiceId;

/// Maps an SDK error of `operation` on `service` about `what` (e.g. "user alice").
pub fn map<E, R>(service: ServiceId, operation: &str, what: &str, error: SdkError<E, R>) -> AppError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + 'static,
{
    map_with(service, operation, what, error, Request::Plain)
}

/// [`map`] for a request that carried a secret (a password): AWS's validation messages may
/// quote the value they reject, so neither the page nor the log gets AWS's text, only its
/// error code.
pub fn map_secret<E, R>(
    service: ServiceId,
    operation: &str,
    what: &str,
    error: SdkError<E, R>,
) -> AppError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + 'static,
{
    map_with(service, operation, what, error, Request::CarriedSecret)
}

/// `?` that maps an SDK error in place: `.send().await.aws(SERVICE, "UpdateUser", &what)?`
/// instead of a `map_err` closure at every call.
pub trait AwsResultExt<T> {
    /// [`map`]s the error of `operation` on `service` about `what`.
    fn aws(self, service: ServiceId, operation: &str, what: &str) -> Result<T, AppError>;

    /// [`map_secret`]s it: for a request that carried a password or invite code.
    fn aws_secret(self, service: ServiceId, operation: &str, what: &str) -> Result<T, AppError>;

    /// [`map_secret`] when `carried_secret`, else [`map`]: for an update that sends a
    /// secret only when one was typed.
    fn aws_secret_if(
        self,
        carried_secret: bool,
        service: ServiceId,
        operation: &str,
        what: &str,
    ) -> Result<T, AppError>;
}

impl<T, E, R> AwsResultExt<T> for Result<T, SdkError<E, R>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + 'static,
{
    fn aws(self, service: ServiceId, operation: &str, what: &str) -> Result<T, AppError> {
        self.aws_secret_if(false, service, operation, what)
    }

    fn aws_secret(self, service: ServiceId, operation: &str, what: &str) -> Result<T, AppError> {
        self.aws_secret_if(true, service, operation, what)
    }

    fn aws_secret_if(
        self,
        carried_secret: bool,
        service: ServiceId,
        operation: &str,
        what: &str,
    ) -> Result<T, AppError> {
        let request = if carried_secret {
            Request::CarriedSecret
        } else {
            Request::Plain
        };
        self.map_err(|error| map_with(service, operation, what, error, request))
    }
}

/// Whether the failed request carried a secret AWS's answer might echo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Plain,
    CarriedSecret,
}

fn map_with<E, R>(
    service: ServiceId,
    operation: &str,
    what: &str,
    error: SdkError<E, R>,
    request: Request,
) -> AppError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + 'static,
{
    let mapped = match &error {
        SdkError::ServiceError(context) => {
            let err = context.err();
            let code = err.code().unwrap_or("Unknown");
            super::audit::observe::error_code(code);
            if request == Request::CarriedSecret {
                let mapped = from_code_withholding_message(service, operation, what, code);
                tracing::warn!(service = service.slug(), operation, what, code, mapped = %mapped, "AWS call failed (AWS's message is withheld: it may quote what the request carried)");
                return mapped;
            }
            from_code(service, operation, what, code, err.message().unwrap_or(""))
        }
        SdkError::TimeoutError(_) => AppError::Unavailable {
            service: service.name().to_owned(),
            detail: "timed out".to_owned(),
        },
        SdkError::DispatchFailure(failure) if failure.is_timeout() || failure.is_io() => {
            AppError::Unavailable {
                service: service.name().to_owned(),
                detail: "could not connect".to_owned(),
            }
        }
        // No credentials, no region, a bad endpoint: retrying will not help, the setup will.
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => {
            AppError::Misconfigured {
                service: service.name().to_owned(),
            }
        }
        _ => AppError::Unavailable {
            service: service.name().to_owned(),
            detail: "unreadable answer".to_owned(),
        },
    };
    // The cause chain for the operator, without the raw HTTP exchange Debug would print.
    tracing::warn!(service = service.slug(), operation, what, error = %cause_chain(&error), mapped = %mapped, "AWS call failed");
    mapped
}

/// The mapping itself, by error code; pure so each rule has a test.
pub fn from_code(
    service: ServiceId,
    operation: &str,
    what: &str,
    code: &str,
    message: &str,
) -> AppError {
    let name = service.name().to_owned();
    let lower = code.to_ascii_lowercase();
    if lower.contains("notfound") {
        AppError::NotFound {
            what: capitalise(what),
        }
    } else if code == "InvalidUserStateFault" {
        AppError::InvalidState(format!(
            "{} is still applying an earlier change; try again in a few seconds.",
            capitalise(what)
        ))
    } else if lower.contains("throttl")
        || lower.contains("ratelimit")
        || lower == "toomanyrequestsexception"
    {
        AppError::Throttled { service: name }
    } else if lower.contains("accessdenied")
        || lower.contains("forbidden")
        || lower.contains("unauthorized")
    {
        AppError::AccessDenied {
            action: format!("{}:{operation}", service.iam_prefix()),
        }
    } else if lower.contains("conflict") || lower.contains("alreadyexists") {
        AppError::Conflict(format!(
            "{} was changed by someone else, or the change conflicts with its current state: reload and try again.",
            capitalise(what)
        ))
    } else if lower.contains("internal") || lower.contains("serviceunavailable") {
        AppError::Unavailable {
            service: name,
            detail: "AWS answered with a server error".to_owned(),
        }
    } else {
        // Validation-type shapes: AWS's own message is the most precise description of the rule.
        AppError::Rejected {
            service: name,
            message: if message.is_empty() {
                code.to_owned()
            } else {
                message.to_owned()
            },
        }
    }
}

/// [`from_code`] without AWS's message, which may quote a submitted secret.
pub fn from_code_withholding_message(
    service: ServiceId,
    operation: &str,
    what: &str,
    code: &str,
) -> AppError {
    match from_code(service, operation, what, code, "") {
        AppError::Rejected { service, .. } => AppError::Rejected {
            service,
            message: format!(
                "{code} (AWS's explanation is not shown: it may quote the password or invite code that was sent; check it against the rules beside the field)"
            ),
        },
        other => other,
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
