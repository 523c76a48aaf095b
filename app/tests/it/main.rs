//! The app's integration tests, one binary (one link of the AWS SDKs): each module was a test
//! binary of its own; `common` holds what they share. All of them drive the server side.
#![cfg(feature = "ssr")]

mod common;

mod audit;
mod audit_page;
mod bounded_reads;
mod dashboard;
mod finspace_form;
mod hardening;
mod helpdesk;
mod identitystore_form;
mod memorydb_form;
mod mq_form;
mod roles;
mod search;
mod sign_in;
mod wickr_form;
mod xss;
