use super::*;
use crate::error::AppError;

#[test]
fn an_answer_reads_back_as_it_was_written() {
    let error = AppError::NotFound {
        what: "User <b>alice</b>".to_owned(),
    };
    let bytes = <JsonText as Encodes<AppError>>::encode(&error).expect("encodes");
    assert_eq!(
        std::str::from_utf8(&bytes).expect("text"),
        r#"{"NotFound":{"what":"User <b>alice</b>"}}"#
    );
    let back: AppError = <JsonText as Decodes<AppError>>::decode(bytes).expect("decodes");
    assert_eq!(back, error);
}

#[test]
fn bytes_that_are_not_text_are_refused_with_a_reason() {
    let refused = <JsonText as Decodes<AppError>>::decode(Bytes::from_static(b"\"\xff\""))
        .expect_err("not UTF-8");
    assert_eq!(
        refused.to_string(),
        "the answer is not UTF-8: invalid utf-8 sequence of 1 bytes from index 1"
    );
}
