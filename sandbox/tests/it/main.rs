//! The sandbox's integration tests, one binary (one link of the AWS SDKs): each module was a
//! test binary of its own; `common` holds what they share.

#[macro_use]
mod common;

mod control;
mod finspace;
mod identitystore;
mod memorydb;
mod moto_crosscheck;
mod mq;
mod ssoadmin;
mod wickr;
