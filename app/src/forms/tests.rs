use super::*;

#[test]
fn unchanged_plain_values_are_no_change() {
    assert_eq!(FieldChange::plain("a", "A", "x", "x"), None);
    let c = FieldChange::plain("a", "A", "x", "y").unwrap();
    assert_eq!(
        (c.before.as_str(), c.after.as_str(), c.secret),
        ("x", "y", false)
    );
}

#[test]
fn secrets_never_carry_a_value() {
    let c = FieldChange::secret("password", "Password");
    assert!(c.secret);
    assert_eq!(c.before, "");
    assert_eq!(c.after, WILL_BE_CHANGED);
}

#[test]
fn outcome_highlights_fields_whose_value_changed() {
    let before = RecordView::new("u")
        .field("a", "A", "1")
        .field("b", "B", "2");
    let after = RecordView::new("u")
        .field("a", "A", "1")
        .field("b", "B", "3");
    let o = Outcome {
        before,
        after,
        changes: vec![],
        notice: None,
    };
    assert_eq!(o.changed_keys(), vec!["b".to_owned()]);
    assert_eq!(
        RecordView::new("x").field("e", "E", " ").value("e"),
        Some("—")
    );
}
