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
mod tests {
    use super::*;

    fn guard() -> PageGuard {
        PageGuard::new(ServiceId::Mq, "ListUsers", "broker b-1")
    }

    #[test]
    fn follows_new_tokens_and_stops_without_one() {
        let mut g = guard();
        assert_eq!(g.next(Some("a")).unwrap(), Some("a".to_owned()));
        assert_eq!(g.next(Some("b")).unwrap(), Some("b".to_owned()));
        assert_eq!(g.next(None).unwrap(), None);
    }

    #[test]
    fn an_empty_token_ends_the_listing() {
        assert_eq!(guard().next(Some("")).unwrap(), None);
    }

    #[test]
    fn a_repeated_token_is_refused_even_after_others() {
        let mut g = guard();
        g.next(Some("a")).unwrap();
        g.next(Some("b")).unwrap();
        let error = g.next(Some("a")).unwrap_err();
        assert_eq!(
            error,
            AppError::Unavailable {
                service: "Amazon MQ".to_owned(),
                detail: "listing broker b-1: AWS returned the same page token twice".to_owned(),
            }
        );
    }

    #[test]
    fn the_page_cap_is_refused_with_its_number() {
        let mut g = guard().with_max_pages(3);
        assert!(g.next(Some("1")).unwrap().is_some());
        assert!(g.next(Some("2")).unwrap().is_some());
        let error = g.next(Some("3")).unwrap_err();
        assert!(error.to_string().contains("more than 3 pages"), "{error}");
        // A listing that ends on the last allowed page is complete, not refused.
        let mut g = guard().with_max_pages(3);
        g.next(Some("1")).unwrap();
        g.next(Some("2")).unwrap();
        assert_eq!(g.next(None).unwrap(), None);
    }

    #[test]
    fn the_default_cap_allows_a_thousand_pages() {
        let mut g = guard();
        for page in 1..MAX_PAGES {
            assert!(g.next(Some(&page.to_string())).unwrap().is_some());
        }
        assert!(g.next(Some("one more")).is_err());
    }
}
