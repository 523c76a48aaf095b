use super::*;

#[test]
fn an_action_needs_its_box_ticked() {
    assert_eq!(confirmed(Some("yes"), "x"), Ok(()));
    assert_eq!(confirmed(Some("on"), "x"), Ok(()));
    for missing in [None, Some(""), Some("no")] {
        assert_eq!(
            confirmed(missing, "reset the password of alice"),
            Err(FieldError::new(
                "confirm",
                "Confirm: tick the box to reset the password of alice"
            ))
        );
    }
}
