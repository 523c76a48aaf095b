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
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn groups_come_from_a_top_level_or_nested_claim() {
        let claims = json!({
            "groups": ["admins", 7, "ops"],
            "realm_access": {"roles": ["helpdesk"]},
            "team": "viewers",
        });
        assert_eq!(groups_at(&claims, "groups"), ["admins", "ops"]);
        assert_eq!(groups_at(&claims, "realm_access.roles"), ["helpdesk"]);
        assert_eq!(groups_at(&claims, "team"), ["viewers"]);
        assert_eq!(
            groups_at(&claims, "realm_access.missing"),
            Vec::<String>::new()
        );
        assert_eq!(groups_at(&claims, "groups.0"), Vec::<String>::new());
    }

    #[test]
    fn the_display_name_falls_back_to_email_then_subject() {
        let mut who = Identity {
            subject: "00u1".to_owned(),
            email: Some("ada@example.com".to_owned()),
            name: Some("  ".to_owned()),
            groups: Vec::new(),
        };
        assert_eq!(who.display_name(), "ada@example.com");
        who.email = None;
        assert_eq!(who.display_name(), "00u1");
        who.name = Some("Ada".to_owned());
        assert_eq!(who.display_name(), "Ada");
    }
}
