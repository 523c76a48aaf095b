//! The one rule every profile string follows: 1–1024 characters of the model's class.

use super::field::Field;
use super::{TEXT_MAX, TEXT_MIN};
use crate::forms::FieldError;

/// Whether AWS accepts `c` in a profile string: the model's class
/// `[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r  　]` (letters, marks, symbols, numbers, punctuation,
/// tab, line breaks, the space, the no-break space and the ideographic space). Read from a
/// table of boundaries built from the general categories (`text_class.rs`, `app/build.rs`)
/// rather than the `regex` crate or a whole category table: the rule runs in the browser too,
/// and either would add tens of kilobytes to the bundle.
pub fn allowed_char(c: char) -> bool {
    SPACES.contains(&c) || table::BOUNDS.partition_point(|&b| b <= u32::from(c)) % 2 == 1
}

/// The class's characters outside its categories: tab, line breaks and three spaces.
pub(super) const SPACES: [char; 6] = ['\t', '\n', '\r', ' ', '\u{A0}', '\u{3000}'];

mod table {
    include!(concat!(env!("OUT_DIR"), "/profile_chars.rs"));
}

/// Browsers submit a textarea's line breaks as CRLF while AWS and the sandbox store what they
/// were given (usually LF); without this, every submit would "change" a multi-line value.
pub fn normalize_line_breaks(value: &str) -> String {
    value.replace("\r\n", "\n")
}

/// AWS's rule for every profile string, with errors keyed and worded for `field`. Answers the
/// value with line breaks as `\n` (see [`normalize_line_breaks`]).
pub(super) fn check(field: Field, input: &str) -> Result<String, FieldError> {
    let value = normalize_line_breaks(input);
    let label = field.label();
    let error = |message: String| Err(FieldError::new(field.name(), message));
    let n = value.chars().count();
    if n < TEXT_MIN {
        return error(format!("{label} must be at least {TEXT_MIN} character"));
    }
    if n > TEXT_MAX {
        return error(format!(
            "{label} must be at most {TEXT_MAX} characters (it has {n})"
        ));
    }
    if let Some(refused) = value.chars().find(|c| !allowed_char(*c)) {
        // Named by code point only: the character is often invisible (a control or
        // zero-width character), and the value itself is personal data.
        let code = u32::from(refused);
        return error(format!(
            "{label} cannot contain the character U+{code:04X}: AWS allows letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks"
        ));
    }
    Ok(value)
}
