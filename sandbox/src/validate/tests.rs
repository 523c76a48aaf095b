use super::*;

#[test]
fn length_counts_characters_and_names_the_bound() {
    assert!(length("userName", "ab", 1, 2).is_ok());
    let err = length("userName", "abc", 1, 2).unwrap_err();
    assert_eq!(
        err,
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 2"
    );
    assert!(length("x", "é", 1, 1).is_ok());
}

#[test]
fn patterns_are_anchored() {
    let re = anchored("[a-z]+");
    assert!(pattern("m", "abc", &re).is_ok());
    assert!(pattern("m", "abc1", &re).is_err());
}

#[test]
fn messages_never_echo_the_value() {
    let err = pattern("password", "hunter2", &anchored("[0-9]+")).unwrap_err();
    assert!(!err.contains("hunter2"));
}
