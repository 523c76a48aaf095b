//! One folder per AWS service. Each holds its record types, its server functions, its SDK
//! mapping (`sdk.rs`, server only) and its pages. Adding a service: a folder, a variant
//! of [`ServiceId`], and its routes in `app.rs`.

use serde::{Deserialize, Serialize};

pub mod finspace;
pub mod identitystore;
pub mod memorydb;
pub mod mq;
pub mod wickr;

/// Declares [`ServiceId`] and [`ServiceId::ALL`] from one list, so `ALL` cannot miss a
/// variant: a service added to the enum is in every iteration over services at once.
macro_rules! services {
    ($($variant:ident),+ $(,)?) => {
        /// The services userdesk edits users of, in the order the dashboard shows them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ServiceId {
            $($variant),+
        }

        impl ServiceId {
            pub const ALL: [ServiceId; [$(stringify!($variant)),+].len()] =
                [$(ServiceId::$variant),+];
        }
    };
}

services!(MemoryDb, Mq, FinSpace, IdentityStore, Wickr);

/// Runs `f` for every service at once and answers in [`ServiceId::ALL`]'s order: a page
/// waits for the slowest service, not for the sum of them.
#[cfg(feature = "ssr")]
pub async fn for_each_service<F, Fut>(f: F) -> Vec<(ServiceId, Fut::Output)>
where
    F: Fn(ServiceId) -> Fut,
    Fut: std::future::Future,
{
    let outputs = futures_util::future::join_all(ServiceId::ALL.map(f)).await;
    ServiceId::ALL.into_iter().zip(outputs).collect()
}

impl ServiceId {
    /// The service's name as AWS writes it.
    pub fn name(self) -> &'static str {
        match self {
            ServiceId::MemoryDb => "Amazon MemoryDB",
            ServiceId::Mq => "Amazon MQ",
            ServiceId::FinSpace => "Amazon FinSpace (kdb)",
            ServiceId::IdentityStore => "IAM Identity Center",
            ServiceId::Wickr => "AWS Wickr",
        }
    }

    /// The first segment of the service's pages, and its key in configuration.
    pub fn slug(self) -> &'static str {
        match self {
            ServiceId::MemoryDb => "memorydb",
            ServiceId::Mq => "mq",
            ServiceId::FinSpace => "finspace",
            ServiceId::IdentityStore => "identitystore",
            ServiceId::Wickr => "wickr",
        }
    }

    pub fn href(self) -> String {
        format!("/{}", self.slug())
    }

    /// What the service's users live in, if they live in something.
    pub fn container(self) -> Option<&'static str> {
        match self {
            ServiceId::MemoryDb => None,
            ServiceId::Mq => Some("broker"),
            ServiceId::FinSpace => Some("kdb environment"),
            ServiceId::IdentityStore => Some("identity store"),
            ServiceId::Wickr => Some("network"),
        }
    }

    /// One line on what the dashboard edits there.
    pub fn blurb(self) -> &'static str {
        match self {
            ServiceId::MemoryDb => {
                "Access strings, authentication mode and passwords of cluster users."
            }
            ServiceId::Mq => "ActiveMQ broker users: passwords, groups, console access.",
            ServiceId::FinSpace => "The IAM role each kdb user assumes.",
            ServiceId::IdentityStore => "Workforce users' names, contact details and locale.",
            ServiceId::Wickr => "Names, usernames and security groups of network members.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_url_segments() {
        let mut slugs: Vec<_> = ServiceId::ALL.iter().map(|s| s.slug()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), ServiceId::ALL.len());
        assert!(
            slugs
                .iter()
                .all(|s| s.chars().all(|c| c.is_ascii_lowercase()))
        );
    }
}
