use super::*;
use crate::services::memorydb::model::{PASSWORD_MAX, PASSWORD_MIN};

#[test]
fn the_password_hint_states_the_parsers_limits() {
    assert!(PASSWORD_HINT.contains(&format!("{PASSWORD_MIN}–{PASSWORD_MAX}")));
}

#[test]
fn user_pages_have_deep_links() {
    assert_eq!(user_path("app-orders"), "/memorydb/users/app-orders");
}
