//! Injected faults: a test asks that calls about one user answer a chosen AWS error.
//!
//! A [`Fault`] is the request as written (a Rust literal in a test, or the JSON body of
//! `POST /_sandbox/faults`). The sandbox keeps only checked faults, whose remaining count
//! cannot be zero, so using one up can never wrap around into "fail four billion times".
//! The list is bounded: every fault is scanned on every call.

use std::num::NonZeroU32;

use serde::Deserialize;

use crate::SERVICES;

/// The most calls one fault may fail; more is a test that should use `times: None`.
pub const MAX_TIMES: u32 = 1000;

/// The most faults the sandbox holds at once.
pub const MAX_FAULTS: usize = 100;

/// An error to answer instead of doing the work.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    /// One of [`SERVICES`]: `memorydb`, `mq`, `finspace`, `identitystore`, `wickr`, `ssoadmin`.
    pub service: String,
    /// The operation name as AWS spells it (`UpdateUser`, `UpdateKxUser`…); `None` matches any.
    #[serde(default)]
    pub operation: Option<String>,
    /// The user the call is about: MemoryDB/MQ/FinSpace user name, IdentityStore user id, Wickr user id.
    pub target: String,
    /// The error shape to answer, e.g. `InvalidUserStateFault`, `ThrottlingException`.
    pub error: String,
    /// How many calls to fail (1 to [`MAX_TIMES`]); `None` until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

/// Why the sandbox would not store a fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultRefused {
    // The given name is not repeated back: the list of valid ones is what helps.
    #[error("Unknown service: expected one of {}.", SERVICES.join(", "))]
    UnknownService,
    #[error(
        "times must be at least 1; leave it out to fail every call until the faults are cleared."
    )]
    ZeroTimes,
    #[error(
        "times must be at most {}; leave it out to fail every call until the faults are cleared.",
        MAX_TIMES
    )]
    TooManyTimes,
    #[error(
        "The sandbox already holds {} faults; clear them first (DELETE /_sandbox/faults).",
        MAX_FAULTS
    )]
    TooManyFaults,
}

/// A checked fault, as stored.
#[derive(Debug)]
struct Armed {
    service: String,
    operation: Option<String>,
    target: String,
    error: String,
    /// Calls still to fail; `None` until cleared.
    remaining: Option<NonZeroU32>,
}

impl TryFrom<Fault> for Armed {
    type Error = FaultRefused;

    fn try_from(fault: Fault) -> Result<Self, FaultRefused> {
        if !SERVICES.contains(&fault.service.as_str()) {
            return Err(FaultRefused::UnknownService);
        }
        let remaining = match fault.times {
            None => None,
            Some(times) if times > MAX_TIMES => return Err(FaultRefused::TooManyTimes),
            Some(times) => Some(NonZeroU32::new(times).ok_or(FaultRefused::ZeroTimes)?),
        };
        Ok(Self {
            service: fault.service,
            operation: fault.operation,
            target: fault.target,
            error: fault.error,
            remaining,
        })
    }
}

impl Armed {
    fn matches(&self, service: &str, operation: &str, target: &str) -> bool {
        self.service == service
            && self.target == target
            && self.operation.as_deref().is_none_or(|op| op == operation)
    }
}

/// The faults the sandbox holds, oldest first: the oldest one matching a call answers it.
#[derive(Debug, Default)]
pub(crate) struct Faults(Vec<Armed>);

impl Faults {
    pub(crate) fn add(&mut self, fault: Fault) -> Result<(), FaultRefused> {
        let armed = Armed::try_from(fault)?;
        if self.0.len() >= MAX_FAULTS {
            return Err(FaultRefused::TooManyFaults);
        }
        self.0.push(armed);
        Ok(())
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// The error code this call is to fail with, using up one of the fault's calls.
    pub(crate) fn take(&mut self, service: &str, operation: &str, target: &str) -> Option<String> {
        let index = self
            .0
            .iter()
            .position(|f| f.matches(service, operation, target))?;
        let fault = &mut self.0[index];
        let code = fault.error.clone();
        if let Some(remaining) = fault.remaining {
            match NonZeroU32::new(remaining.get() - 1) {
                Some(left) => fault.remaining = Some(left),
                None => {
                    self.0.remove(index);
                }
            }
        }
        Some(code)
    }
}

#[cfg(test)]
mod tests;
