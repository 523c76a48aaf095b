//! userdesk's application: pages, forms, validation rules and server functions.
//!
//! Compiled twice: for the server (`ssr`, with the AWS SDK and the `server` module)
//! and for the browser (`hydrate`, wasm). Everything about one AWS service lives in
//! one folder under [`services`]; the rest is the shell they share.

#![recursion_limit = "512"]

pub mod access;
pub mod app;
pub mod audit_page;
pub mod error;
pub mod forms;
pub mod helpdesk;
pub mod home;
pub mod listing;
pub mod passwords;
pub mod raw_text;
pub mod search;
pub mod services;
pub mod sign_in;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod server;

pub use app::{App, shell};
