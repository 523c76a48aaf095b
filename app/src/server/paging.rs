//! A bound on every loop that follows AWS page tokens. A service that hands back a token it
//! already gave (a bug on its side, or a proxy replaying answers) would otherwise keep a
//! request, and its AWS bill, going forever; so would a list far larger than any userdesk
//! can show.

use std::collections::HashSet;

use crate::error::AppError;
use crate::services::ServiceId;

/// Pages one listing may take. At the 100 items a page most list calls allow, that is
/// 100,000 items: far more than a page of the dashboard can be useful with.
pub const MAX_PAGES: usize = 1_000;

/// Follows one listing's page tokens: each page's next token goes through [`PageGuard::next`],
/// which says whether to ask for another page.
#[derive(Debug)]
pub struct PageGuard {
    service: ServiceId,
    operation: &'static str,
    /// What is being listed, for the error and the log ("broker b-1234…").
    what: String,
    seen: HashSet<String>,
    pages: usize,
    max_pages: usize,
}

impl PageGuard {
    pub fn new(service: ServiceId, operation: &'static str, what: impl Into<String>) -> PageGuard {
        PageGuard {
            service,
            operation,
            what: what.into(),
            seen: HashSet::new(),
            pages: 0,
            max_pages: MAX_PAGES,
        }
    }

    /// The same guard with another page cap (tests use a small one).
    pub fn with_max_pages(mut self, max_pages: usize) -> PageGuard {
        self.max_pages = max_pages;
        self
    }

    /// Records one page answered with `next_token`. `Ok(Some(token))`: ask for the page it
    /// names; `Ok(None)`: the listing is complete (no token, or an empty one, which some
    /// services send on the last page); an error when the token was seen before or the
    /// page cap is reached. The error is logged here, once.
    pub fn next(&mut self, next_token: Option<&str>) -> Result<Option<String>, AppError> {
        self.pages += 1;
        let token = match next_token {
            Some(token) if !token.is_empty() => token,
            _ => return Ok(None),
        };
        if self.pages >= self.max_pages {
            return Err(self.refuse(format!("more than {} pages", self.max_pages)));
        }
        if !self.seen.insert(token.to_owned()) {
            return Err(self.refuse("AWS returned the same page token twice".to_owned()));
        }
        Ok(Some(token.to_owned()))
    }

    fn refuse(&self, detail: String) -> AppError {
        tracing::error!(
            service = self.service.slug(),
            operation = self.operation,
            what = %self.what,
            pages = self.pages,
            %detail,
            "stopped following page tokens"
        );
        AppError::Unavailable {
            service: self.service.name().to_owned(),
            detail: format!("listing {}: {detail}", self.what),
        }
    }
}

#[cfg(test)]
mod tests;
