//! A MemoryDB user's passwords: one checked password, and the one or two a user has.

use std::fmt;

use crate::forms::FieldError;

/// One MemoryDB user password: 16–128 printable ASCII characters, no spaces (what a Redis
/// `AUTH` can carry unquoted). Never printed: `Debug` shows a placeholder and there is no
/// `Display` or `Serialize`.
#[derive(Clone, PartialEq, Eq)]
pub struct MemoryDbPassword(String);

pub const PASSWORD_MIN: usize = 16;
pub const PASSWORD_MAX: usize = 128;

impl MemoryDbPassword {
    /// Checks `input` as the value of input `field` labelled `label`. Messages name the rule,
    /// never the value.
    pub fn parse(field: &str, label: &str, input: &str) -> Result<Self, FieldError> {
        let error = |rule: String| Err(FieldError::new(field, format!("{label} {rule}")));
        if let Some(c) = input.chars().find(|c| !c.is_ascii_graphic()) {
            return error(if c == ' ' {
                "must not contain spaces".to_owned()
            } else {
                "must hold only printable ASCII characters (letters, digits, punctuation)"
                    .to_owned()
            });
        }
        // Only ASCII is left, so bytes are characters.
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&input.len()) {
            return error(format!(
                "must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long (it has {})",
                input.len()
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The password itself, for the SDK request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MemoryDbPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryDbPassword(<redacted>)")
    }
}

/// One or two passwords, different from each other; they replace all the user's passwords.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passwords {
    first: MemoryDbPassword,
    second: Option<MemoryDbPassword>,
}

impl Passwords {
    /// One password, or two different ones; `None` when the two are the same (the caller
    /// says which field is at fault).
    pub fn new(first: MemoryDbPassword, second: Option<MemoryDbPassword>) -> Option<Passwords> {
        (second.as_ref() != Some(&first)).then_some(Passwords { first, second })
    }

    pub fn iter(&self) -> impl Iterator<Item = &MemoryDbPassword> {
        std::iter::once(&self.first).chain(self.second.as_ref())
    }

    pub fn count(&self) -> usize {
        1 + usize::from(self.second.is_some())
    }
}
