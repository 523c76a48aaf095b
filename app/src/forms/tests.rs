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

/// A failed plain post's draft comes back as the form it was (when the page accepts it); a
/// draft that was not kept, or does not read as the form, leaves the fresh form.
#[test]
fn a_failed_posts_draft_starts_the_form_again() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Form {
        groups: String,
    }
    let fresh = || Form {
        groups: "billing".to_owned(),
    };
    let failed = |form: &str| {
        Some(Flash::Failed {
            form: form.to_owned(),
            error: crate::error::AppError::Invalid(Vec::new()),
        })
    };
    let (form, error, outcome) =
        flow::starting_form(failed(r#"{"groups":"<b>ops</b>"}"#), fresh(), |d, _| {
            Some(d)
        });
    assert_eq!(form.groups, "<b>ops</b>");
    assert_eq!(
        (error, outcome),
        (Some(crate::error::AppError::Invalid(Vec::new())), None)
    );
    for draft in ["", "{\"other\":1}"] {
        let (form, _, _) = flow::starting_form(failed(draft), fresh(), |d, _| Some(d));
        assert_eq!(form, fresh(), "{draft:?}");
    }
    let (form, _, _) = flow::starting_form(failed(r#"{"groups":"ops"}"#), fresh(), |_, _| None);
    assert_eq!(form, fresh());
}

#[test]
fn a_password_fields_toggle_is_named_after_the_field() {
    use crate::forms::fields::PasswordField;
    use leptos::prelude::*;
    let html = Owner::new().with(|| {
        let value = RwSignal::new(String::new());
        let errors = RwSignal::new(Vec::new());
        view! { <PasswordField name="password" label="New password" value errors/> }.to_html()
    });
    assert!(html.contains(r#"aria-label="Show new password""#), "{html}");
}
