//! The server binary's integration tests, one test binary (one link of the AWS SDKs): each
//! module was a test binary of its own; `common` holds what they share.

mod common;

mod audit;
mod cli;
mod resets;
mod secrets;
mod serving;
mod sessions;
