//! Constraint checks with AWS's own wording ("1 validation error detected: …").
//! Values are never echoed back: some members (passwords, names) are sensitive.

use regex::Regex;
use std::sync::LazyLock;

/// Compiles a pattern from the service model, anchored at both ends as AWS applies them.
pub fn anchored(pattern: &str) -> Regex {
    let trimmed = pattern.trim_start_matches('^').trim_end_matches('$');
    Regex::new(&format!("^(?:{trimmed})$")).expect("patterns from the service model compile")
}

fn detected(member: &str, constraint: &str) -> String {
    format!(
        "1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
    )
}

/// Length in characters, as the models count it.
pub fn length(member: &str, value: &str, min: usize, max: usize) -> Result<(), String> {
    let n = value.chars().count();
    if n < min {
        return Err(detected(
            member,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if n > max {
        return Err(detected(
            member,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    Ok(())
}

pub fn pattern(member: &str, value: &str, re: &Regex) -> Result<(), String> {
    if re.is_match(value) {
        Ok(())
    } else {
        let shown = re
            .as_str()
            .trim_start_matches("^(?:")
            .trim_end_matches(")$");
        Err(detected(
            member,
            &format!("Member must satisfy regular expression pattern: {shown}"),
        ))
    }
}

pub fn range(member: &str, value: i64, min: i64, max: i64) -> Result<(), String> {
    if value < min {
        return Err(detected(
            member,
            &format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if value > max {
        return Err(detected(
            member,
            &format!("Member must have value less than or equal to {max}"),
        ));
    }
    Ok(())
}

pub fn one_of(member: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(detected(
            member,
            &format!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            ),
        ))
    }
}

pub fn required(member: &str) -> String {
    detected(member, "Member must not be null")
}

/// IAM role ARN pattern shared by FinSpace members.
pub static IAM_ROLE_ARN: LazyLock<Regex> =
    LazyLock::new(|| anchored(r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_and_names_the_bound() {
        assert!(length("userName", "ab", 1, 2).is_ok());
        let err = length("userName", "abc", 1, 2).unwrap_err();
        assert!(err.contains("'userName'") && err.contains("less than or equal to 2"));
        assert!(length("x", "é", 1, 1).is_ok());
    }

    #[test]
    fn patterns_are_anchored() {
        let re = anchored("[a-z]+");
        assert!(pattern("m", "abc", &re).is_ok());
        assert!(pattern("m", "abc1", &re).is_err());
        assert!(IAM_ROLE_ARN.is_match("arn:aws:iam::123456789012:role/kdb-analyst"));
        assert!(!IAM_ROLE_ARN.is_match("arn:aws:iam::1234:role/x"));
    }

    #[test]
    fn messages_never_echo_the_value() {
        let err = pattern("password", "hunter2", &anchored("[0-9]+")).unwrap_err();
        assert!(!err.contains("hunter2"));
    }
}
