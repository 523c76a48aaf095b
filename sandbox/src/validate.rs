//! Constraint checks with AWS's own wording ("1 validation error detected: …").
//! Values are never echoed back: some members (passwords, names) are sensitive.

use regex::Regex;

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

#[cfg(test)]
mod tests;
