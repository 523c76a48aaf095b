//! The dashboard's accept loop: HTTP/1.1 on hyper with the limits `axum::serve` leaves open.
//!
//! - A client must finish its request headers within [`HEADER_READ_TIMEOUT`] (also the
//!   longest an idle kept-alive connection waits): a slowloris client that dribbles headers is
//!   cut off instead of holding a connection for ever.
//! - At most [`MAX_CONNECTIONS`] connections at once; past that, accepting waits.
//! - `TCP_NODELAY` on every connection: a response written in two parts (head, then body)
//!   would otherwise wait for the client's delayed ACK, ~40 ms a request.
//! - On shutdown, no new connections; open ones finish their request and close, and whatever
//!   is still open after [`SHUTDOWN_DEADLINE`] is dropped, so SIGTERM ends the process
//!   promptly even while a client holds a half-sent request open.
//!
//! Per-request limits (body size, time, concurrency) are tower layers in [`super::http`].

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long shutdown waits for open connections before dropping them.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `shutdown` completes, then drains within the deadline.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors or a connection reset before accept: not fatal;
                    // pause so a persistent error does not spin a core.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let router = router.clone();
        // The TCP peer, for handlers that must know who connected (proxy sign-in, audit).
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                Ok::<_, Infallible>(
                    router
                        .oneshot(request.map(axum::body::Body::new))
                        .await
                        .unwrap_or_else(|never| match never {}),
                )
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(SHUTDOWN_DEADLINE) => {
            tracing::warn!(deadline = ?SHUTDOWN_DEADLINE, "connections still open at the shutdown deadline; dropping them");
        }
    }
    Ok(())
}
