//! Per-service counts for the dashboard and the readiness probe for `/readyz`.

use std::time::Duration;

use super::AppState;
use crate::error::AppError;
use crate::services::{ServiceId, finspace, identitystore, memorydb, mq, wickr};

/// (containers, users) for a service; MemoryDB has no containers.
pub async fn count(
    state: &AppState,
    service: ServiceId,
) -> Result<(Option<usize>, usize), AppError> {
    let c = &state.clients;
    Ok(match service {
        ServiceId::MemoryDb => (None, memorydb::sdk::count(&c.memorydb).await?),
        ServiceId::Mq => with_containers(mq::sdk::count(&c.mq).await?),
        ServiceId::FinSpace => with_containers(finspace::sdk::count(&c.finspace).await?),
        ServiceId::IdentityStore => with_containers(identitystore::sdk::count(state).await?),
        ServiceId::Wickr => with_containers(wickr::sdk::count(&c.wickr).await?),
    })
}

fn with_containers((containers, users): (usize, usize)) -> (Option<usize>, usize) {
    (Some(containers), users)
}

/// One cheap read per service: does the endpoint answer, with these credentials?
pub async fn probe(state: &AppState, service: ServiceId) -> Result<(), AppError> {
    let c = &state.clients;
    let timeout = Duration::from_secs(5);
    let call = async {
        match service {
            ServiceId::MemoryDb => memorydb::sdk::probe(&c.memorydb).await,
            ServiceId::Mq => mq::sdk::brokers(&c.mq).await.map(drop),
            ServiceId::FinSpace => finspace::sdk::environments(&c.finspace).await.map(drop),
            ServiceId::IdentityStore => identitystore::sdk::stores(state).await.map(drop),
            ServiceId::Wickr => wickr::sdk::networks(&c.wickr).await.map(drop),
        }
    };
    tokio::time::timeout(timeout, call)
        .await
        .unwrap_or_else(|_| {
            Err(AppError::Unavailable {
                service: service.name().to_owned(),
                detail: "no answer within 5 s".to_owned(),
            })
        })
}
