//! [`Identity`]: who a sign-in mode says the person is, before roles are decided.

/// A person as the identity provider (or the proxy, or the signed header) describes them.
/// Everything here came from outside: it is shown as text only and never trusted for more
/// than picking a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Stable id: the OIDC `sub`, the proxy's user header, the JWT's `sub`.
    pub subject: String,
    pub email: Option<String>,
    /// A display name, if the source gave one.
    pub name: Option<String>,
    /// The groups the roles are mapped from.
    pub groups: Vec<String>,
}

impl Identity {
    /// What the header shows: the name, else the email, else the subject.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.email.as_deref())
            .unwrap_or(&self.subject)
    }
}

/// Reads the groups at `path` in a JSON object of claims: `"groups"`, or a dotted path for
/// nested claims (`"realm_access.roles"`). A string counts as one group, an array of strings
/// as many; anything else, or nothing there, as none.
pub fn groups_at(claims: &serde_json::Value, path: &str) -> Vec<String> {
    let mut value = claims;
    for segment in path.split('.') {
        match value.get(segment) {
            Some(inner) => value = inner,
            None => return Vec::new(),
        }
    }
    match value {
        serde_json::Value::String(group) => vec![group.clone()],
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
