//! `[aws.endpoints]`: an endpoint URL per service, for LocalStack, moto or a standalone
//! sandbox; services not listed use AWS's own endpoints.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;
use crate::services::ServiceId;

/// Endpoint URLs by key: each service's slug and the further keys its slice declares
/// ([`crate::services::About::other_endpoints`]); nothing here names a service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Endpoints(BTreeMap<String, String>);

/// The `[aws.endpoints]` key of STS, which names the AWS account for the audit log.
pub const STS_ENDPOINT: &str = "sts";

impl Endpoints {
    /// Every key `[aws.endpoints]` takes.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        ServiceId::ALL
            .into_iter()
            .flat_map(|service| {
                let about = service.about();
                std::iter::once(about.slug).chain(about.other_endpoints.iter().copied())
            })
            .chain([STS_ENDPOINT])
    }

    /// The endpoint configured under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn for_service(&self, service: ServiceId) -> Option<&str> {
        self.get(service.slug())
    }

    /// Sets the endpoint of `key` (from an environment variable).
    pub(super) fn insert(&mut self, key: &str, url: String) {
        self.0.insert(key.to_owned(), url);
    }

    /// Each configured endpoint with its key.
    pub(super) fn named(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

pub(super) fn check_endpoints(endpoints: &Endpoints) -> Result<(), ConfigError> {
    for (key, url) in endpoints.named() {
        if !Endpoints::keys().any(|known| known == key) {
            let known: Vec<&str> = Endpoints::keys().collect();
            return Err(ConfigError::new(
                format!("aws.endpoints.{key}"),
                format!(
                    "is not a service userdesk talks to (known: {})",
                    known.join(", ")
                ),
            ));
        }
        let ok = (url.starts_with("http://") || url.starts_with("https://"))
            && url.parse::<http::Uri>().is_ok_and(|u| u.host().is_some());
        if !ok {
            return Err(ConfigError::new(
                format!("aws.endpoints.{key}"),
                format!("must be an http(s) URL like http://127.0.0.1:4566 (got {url:?})"),
            ));
        }
    }
    Ok(())
}
