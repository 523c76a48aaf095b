//! The one error type server functions return, and what each variant tells the person.
//!
//! The server maps every cause (an AWS error shape, a timeout, bad input) to one of
//! these variants once, in `server::aws_error`, logging the full cause there; what
//! crosses to the browser is only the user-safe part.

use serde::{Deserialize, Serialize};
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// What went wrong, in terms the person at the keyboard can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input broke rules; nothing was sent to AWS. Each error names its field and rule.
    #[error("{} field(s) need attention: {}", .0.len(), .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<crate::forms::FieldError>),
    /// The thing asked for does not exist (any more).
    #[error("{what} was not found")]
    NotFound { what: String },
    /// The resource exists but cannot take this change now (e.g. a MemoryDB user still modifying).
    #[error("{0}")]
    InvalidState(String),
    /// Someone else changed it first.
    #[error("{0}")]
    Conflict(String),
    /// AWS kept throttling after the SDK's retries.
    #[error("AWS is throttling requests to {service}; wait a few seconds and try again")]
    Throttled { service: String },
    /// Nobody is signed in (or the session ended): sign in and try again.
    #[error("you are not signed in, or your session ended: sign in and try again")]
    SignInRequired,
    /// The signed-in person's role does not allow this; `needed` names the role that would.
    #[error("{what} needs the {needed} role; you are signed in as {role}")]
    Forbidden {
        what: String,
        needed: String,
        role: String,
    },
    /// The credentials userdesk runs with lack a permission.
    #[error("AWS denied {action}: the role userdesk runs as needs this IAM permission")]
    AccessDenied { action: String },
    /// The service could not be reached or answered with a server error.
    #[error("{service} is unreachable right now ({detail})")]
    Unavailable { service: String, detail: String },
    /// The request could not even be made: credentials, region or endpoint are missing or wrong.
    #[error(
        "userdesk could not send the request to {service}: check its AWS credentials, region and endpoint (the server log says which)"
    )]
    Misconfigured { service: String },
    /// The service rejected the request as invalid (a rule userdesk does not check itself).
    #[error("{service} rejected the request: {message}")]
    Rejected { service: String, message: String },
    /// The audit log could not take the change's record, so the change was not sent.
    #[error(
        "the change was not sent: userdesk could not write it to the audit log (reference {reference}; the server log says why)"
    )]
    AuditUnavailable { reference: String },
    /// Something userdesk did not expect; the details are in the server log under `reference`.
    #[error("something went wrong on the server (reference {reference})")]
    Internal { reference: String },
    /// Calling the server function itself failed (network, encoding).
    #[error("the request did not reach the server: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    // Read from text, like the answers (see `wire`).
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// A short heading for the error banner.
    pub fn title(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "Check the form",
            AppError::NotFound { .. } => "Not found",
            AppError::InvalidState(_) => "Not possible right now",
            AppError::Conflict(_) => "Changed by someone else",
            AppError::Throttled { .. } => "Throttled by AWS",
            AppError::SignInRequired => "Sign in",
            AppError::Forbidden { .. } => "Not allowed for your role",
            AppError::AccessDenied { .. } => "Access denied",
            AppError::Unavailable { .. } => "Service unreachable",
            AppError::Rejected { .. } => "Rejected by AWS",
            AppError::Misconfigured { .. } => "Configuration problem",
            AppError::AuditUnavailable { .. } => "Not sent: audit log unavailable",
            AppError::Internal { .. } => "Unexpected error",
            AppError::Transport(_) => "Connection problem",
        }
    }

    /// The HTTP status a server function answers with (the page shows the message itself).
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::NotFound { .. } => 404,
            AppError::InvalidState(_) | AppError::Conflict(_) => 409,
            AppError::Throttled { .. } => 429,
            AppError::SignInRequired => 401,
            AppError::AccessDenied { .. } | AppError::Forbidden { .. } => 403,
            AppError::Rejected { .. } => 400,
            AppError::Unavailable { .. } | AppError::AuditUnavailable { .. } => 503,
            AppError::Internal { .. } | AppError::Misconfigured { .. } => 500,
            AppError::Transport(_) => 502,
        }
    }

    /// Whether trying the same thing again later can help.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            AppError::InvalidState(_)
                | AppError::Throttled { .. }
                | AppError::Unavailable { .. }
                | AppError::Transport(_)
        )
    }
}

#[cfg(test)]
mod tests;
