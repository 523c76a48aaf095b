//! One folder per AWS service. Each holds its record types, its server functions, its SDK
//! mapping (`sdk.rs`, server only) and its pages, and exports what the rest of the app needs
//! about it: `ABOUT`, `Routes`, and in `sdk` its `Client`, `client`, `count`, `probe` and
//! `directory` (its users for the cross-service search).
//! Adding a service: its folder and one line in the `services!` list below.

use serde::{Deserialize, Serialize};

/// Declares every slice from one list, `module => Variant`: the module, the [`ServiceId`]
/// variant, [`ServiceId::ALL`], the dispatch to each slice's [`About`], its SDK client in
/// [`Clients`], its dashboard count and readiness probe, and its routes in [`ServiceRoutes`].
/// A slice that lacks one of them does not compile.
macro_rules! services {
    ($($module:ident => $variant:ident),+ $(,)?) => {
        $(pub mod $module;)+

        /// The services userdesk edits users of, in the order the dashboard shows them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ServiceId {
            $($variant),+
        }

        impl ServiceId {
            pub const ALL: [ServiceId; [$(stringify!($variant)),+].len()] =
                [$(ServiceId::$variant),+];

            /// What the slice says about itself (its `ABOUT`).
            pub fn about(self) -> &'static About {
                match self {
                    $(ServiceId::$variant => &$module::ABOUT),+
                }
            }

            /// The service's containers and users for the home page, from the slice's
            /// cached listings.
            #[cfg(feature = "ssr")]
            pub async fn count(
                self,
                state: &crate::server::AppState,
            ) -> Result<crate::server::overview::Count, crate::error::AppError> {
                match self {
                    $(ServiceId::$variant => $module::sdk::count(state).await),+
                }
            }

            /// Every user of the service as a search sees them (the slice's `sdk::directory`,
            /// from its cached listings), with the age of the oldest listing behind it.
            #[cfg(feature = "ssr")]
            pub async fn directory(
                self,
                state: &crate::server::AppState,
            ) -> Result<
                crate::server::listing_cache::Fetched<Vec<crate::search::Entry>>,
                crate::error::AppError,
            > {
                match self {
                    $(ServiceId::$variant => $module::sdk::directory(state).await),+
                }
            }

            /// The slice's one cheap read, for `/readyz` (no time limit of its own).
            #[cfg(feature = "ssr")]
            pub async fn probe(
                self,
                state: &crate::server::AppState,
            ) -> Result<(), crate::error::AppError> {
                match self {
                    $(ServiceId::$variant => $module::sdk::probe(state).await),+
                }
            }
        }

        /// One SDK client (or set of clients) per slice, built once from the shared AWS
        /// config by the slice's `sdk::client`.
        #[cfg(feature = "ssr")]
        #[derive(Debug, Clone)]
        pub struct Clients {
            $(pub $module: $module::sdk::Client),+
        }

        #[cfg(feature = "ssr")]
        impl Clients {
            pub fn new(
                sdk: &aws_types::SdkConfig,
                endpoints: &crate::server::config::Endpoints,
            ) -> Clients {
                Clients {
                    $($module: $module::sdk::client(sdk, endpoints)),+
                }
            }
        }

        /// Each slice's module name, which its `ABOUT.slug` must repeat (a test checks).
        #[cfg(test)]
        const MODULES: [&str; ServiceId::ALL.len()] = [$(stringify!($module)),+];

        /// Every slice's route group (each slice's `Routes`), for the app's `<Routes>`: one
        /// parent route without a path segment of its own, as the router examples nest groups.
        #[leptos::component(transparent)]
        pub fn ServiceRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
            use leptos::prelude::*;
            use leptos_router::components::{Outlet, ParentRoute};
            use leptos_router::{SsrMode, path};
            view! {
                <ParentRoute path=path!("") view=Outlet ssr=SsrMode::Async>
                    $(<$module::Routes/>)+
                </ParentRoute>
            }
            .into_inner()
        }
    };
}

services! {
    memorydb => MemoryDb,
    mq => Mq,
    finspace => FinSpace,
    identitystore => IdentityStore,
    wickr => Wickr,
}

/// What a slice exports about itself (as `pub const ABOUT: About` in its `mod.rs`); the
/// dashboard, the configuration and the error messages read it through [`ServiceId`].
#[derive(Debug)]
pub struct About {
    /// The service's name as AWS writes it.
    pub name: &'static str,
    /// The first segment of the service's pages, and its key in `[aws.endpoints]`.
    pub slug: &'static str,
    /// What the service's users live in, if they live in something.
    pub container: Option<&'static str>,
    /// One line on what the dashboard edits there.
    pub blurb: &'static str,
    /// The prefix of the service's IAM actions (`memorydb:UpdateUser`), for "denied" messages.
    pub iam_prefix: &'static str,
    /// Further `[aws.endpoints]` keys the slice's clients read (SSO Admin for identity stores).
    pub other_endpoints: &'static [&'static str],
    /// The fields (form field / `FieldChange::field` names) the helpdesk role may change:
    /// password resets. Every other change needs the admin role (`crate::access`).
    pub helpdesk_fields: &'static [&'static str],
}

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
    pub fn name(self) -> &'static str {
        self.about().name
    }

    pub fn slug(self) -> &'static str {
        self.about().slug
    }

    pub fn href(self) -> String {
        format!("/{}", self.slug())
    }

    pub fn container(self) -> Option<&'static str> {
        self.about().container
    }

    pub fn blurb(self) -> &'static str {
        self.about().blurb
    }

    pub fn iam_prefix(self) -> &'static str {
        self.about().iam_prefix
    }
}

#[cfg(test)]
mod tests;
