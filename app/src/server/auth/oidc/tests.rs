use super::*;

#[test]
fn claims_are_read_from_the_payload() {
    let body =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"sub":"a","groups":["x"]}"#);
    let jwt = format!("e30.{body}.sig");
    assert_eq!(payload(&jwt).unwrap()["groups"][0], "x");
    assert_eq!(payload("nodots"), None);
}

#[test]
fn state_comparison_is_exact() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"ab"));
}
