//! MemoryDB user edits as types: what the form holds, the rules each input must meet (the
//! limits of `UpdateUser` in the MemoryDB API 2021-01-01), the typed change, and the user as
//! AWS returns it. Compiled into the browser and the server alike, so both enforce one rule set.
//!
//! What `UpdateUser` changes: the access string, and the authentication mode (`password` with
//! one or two passwords, or `iam`). Passwords replace the user's whole password set.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::forms::{FieldChange, FieldError, RecordView};

/// Input names, shared by the form, the errors, the review and the record view.
pub mod field {
    pub const USER_NAME: &str = "user_name";
    pub const CURRENT_AUTHENTICATION_TYPE: &str = "current_authentication_type";
    pub const ACCESS_STRING: &str = "access_string";
    pub const AUTHENTICATION_TYPE: &str = "authentication_type";
    pub const PASSWORD_1: &str = "password_1";
    pub const PASSWORD_2: &str = "password_2";
    // Record-only values (no input edits them).
    pub const STATUS: &str = "status";
    pub const ACL_NAMES: &str = "acl_names";
    pub const MINIMUM_ENGINE_VERSION: &str = "minimum_engine_version";
    pub const PASSWORD_COUNT: &str = "password_count";
    pub const ARN: &str = "arn";
}

/// Labels as the page shows them; rule messages start with these.
pub mod label {
    pub const USER_NAME: &str = "User name";
    pub const ACCESS_STRING: &str = "Access string";
    pub const AUTHENTICATION_TYPE: &str = "Authentication type";
    pub const PASSWORD_1: &str = "Password 1";
    pub const PASSWORD_2: &str = "Password 2";
    pub const STATUS: &str = "Status";
    pub const ACL_NAMES: &str = "ACLs";
    pub const MINIMUM_ENGINE_VERSION: &str = "Minimum engine version";
    pub const PASSWORD_COUNT: &str = "Passwords";
    pub const ARN: &str = "ARN";
}

/// Why the built-in `default` user is shown read-only (AWS refuses to modify it).
pub const DEFAULT_USER_READ_ONLY: &str = "MemoryDB's built-in default user cannot be modified: AWS keeps it as it was created. To restrict access, give your clusters an ACL that does not contain it.";

/// Shown with a result whose status is `modifying`, and why a quick second edit fails.
pub const APPLYING: &str = "MemoryDB is applying the change to the clusters that use this user: the status reads modifying until it is done (usually seconds), and the user cannot be changed again meanwhile.";

/// `UpdateUser.UserName`: pattern `[a-zA-Z][a-zA-Z0-9\-]*`, at least one character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let mut chars = input.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '-');
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                field::USER_NAME,
                format!(
                    "{} must start with a letter and hold only letters, digits and hyphens",
                    label::USER_NAME
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `UpdateUser.AccessString`: the model's pattern `.*\S.*` (one line with something besides
/// whitespace), plus the two limits the MemoryDB guide documents for access strings: no
/// password rules (passwords are set through `AuthenticationMode`) and no `reset`. The rest of
/// the Redis ACL grammar (and MemoryDB's restricted commands) is left to AWS, whose
/// `InvalidParameterValueException` names the offending rule.
///
/// Surrounding whitespace is dropped: ACL rules are whitespace-separated, so it carries no
/// meaning and would only make an unchanged string look changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessString(String);

impl AccessString {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let error = |rule: &str| {
            Err(FieldError::new(
                field::ACCESS_STRING,
                format!("{} {rule}", label::ACCESS_STRING),
            ))
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return error("is required and must not be blank, e.g. on ~* &* +@all");
        }
        // `.` in AWS's (Java) pattern matches anything but these line terminators.
        if input
            .chars()
            .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        {
            return error("must be a single line");
        }
        for rule in trimmed.split_whitespace() {
            let lower = rule.to_ascii_lowercase();
            // The message never repeats the rule: it may be a password typed in the wrong place.
            if rule.starts_with(['>', '<', '#', '!']) || lower == "nopass" || lower == "resetpass" {
                return error(
                    "cannot set passwords (>…, <…, #…, !…, nopass, resetpass): use the password fields",
                );
            }
            if lower == "reset" {
                return error(
                    "cannot contain the reset rule (it would remove the user's passwords)",
                );
            }
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `AuthenticationMode.Type` as `UpdateUser` accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthenticationType {
    Password,
    Iam,
}

impl AuthenticationType {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        match input {
            "password" => Ok(Self::Password),
            "iam" => Ok(Self::Iam),
            _ => Err(FieldError::new(
                field::AUTHENTICATION_TYPE,
                format!("{} must be password or IAM", label::AUTHENTICATION_TYPE),
            )),
        }
    }

    /// The value AWS (and the radio input) uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Iam => "iam",
        }
    }
}

mod password;
pub use password::{MemoryDbPassword, PASSWORD_MAX, PASSWORD_MIN, Passwords};

/// What happens to the user's authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthenticationUpdate {
    /// Leave type and passwords as they are (no `AuthenticationMode` is sent).
    Keep,
    /// Password authentication with exactly these passwords.
    Passwords(Passwords),
    /// IAM authentication (no passwords).
    Iam,
}

/// The raw inputs of the edit form; also the server function's argument, so the field names
/// are the input names. Inputs the browser leaves out (a disabled password field, no radio
/// chosen) arrive as empty strings.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemoryDbUserForm {
    /// Hidden: the user being edited.
    pub user_name: String,
    /// Hidden: the authentication type the form was prefilled with, so the rules can tell
    /// "keep the passwords" (password → password, none typed) from "switch to password
    /// without giving one". Tampering with it can only skip a change, never cause one.
    pub current_authentication_type: String,
    pub access_string: String,
    /// Radio: `password` or `iam`.
    pub authentication_type: String,
    pub password_1: String,
    pub password_2: String,
}

// By hand so the passwords never reach a log through `{:?}`.
impl fmt::Debug for MemoryDbUserForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |s: &str| if s.is_empty() { "" } else { "<redacted>" };
        f.debug_struct("MemoryDbUserForm")
            .field("user_name", &self.user_name)
            .field(
                "current_authentication_type",
                &self.current_authentication_type,
            )
            .field("access_string", &self.access_string)
            .field("authentication_type", &self.authentication_type)
            .field("password_1", &redacted(&self.password_1))
            .field("password_2", &redacted(&self.password_2))
            .finish()
    }
}

impl MemoryDbUserForm {
    /// The form as it should be shown again after an error: everything the person typed,
    /// except the passwords.
    pub fn without_secrets(&self) -> Self {
        // Password rules (`>pw`, `<pw`, `#hash`, `!hash`) in the access string are passwords
        // typed in the wrong place: dropped with the rest.
        let holds_password = self
            .access_string
            .split_whitespace()
            .any(|rule| rule.starts_with(['>', '<', '#', '!']));
        Self {
            password_1: String::new(),
            password_2: String::new(),
            access_string: if holds_password {
                String::new()
            } else {
                self.access_string.clone()
            },
            ..self.clone()
        }
    }
}

/// A checked change to one MemoryDB user; only [`TryFrom<&MemoryDbUserForm>`] builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryDbUserUpdate {
    pub user_name: UserName,
    /// Always sent: the form holds the whole access string the user should end up with.
    pub access_string: AccessString,
    pub authentication: AuthenticationUpdate,
}

impl TryFrom<&MemoryDbUserForm> for MemoryDbUserUpdate {
    type Error = Vec<FieldError>;

    fn try_from(form: &MemoryDbUserForm) -> Result<Self, Self::Error> {
        let mut errors = Vec::new();
        let user_name = UserName::parse(&form.user_name).map_err(|e| errors.push(e));
        let access_string = AccessString::parse(&form.access_string).map_err(|e| errors.push(e));
        let authentication = authentication(form).map_err(|mut e| errors.append(&mut e));
        match (user_name, access_string, authentication) {
            (Ok(user_name), Ok(access_string), Ok(authentication)) if errors.is_empty() => {
                Ok(Self {
                    user_name,
                    access_string,
                    authentication,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The authentication rules: `iam` takes no passwords; `password` takes one or two different
/// ones, and may omit them only when the user already uses passwords (then they are kept).
fn authentication(form: &MemoryDbUserForm) -> Result<AuthenticationUpdate, Vec<FieldError>> {
    let kind = AuthenticationType::parse(&form.authentication_type).map_err(|e| vec![e])?;
    let typed = [
        (field::PASSWORD_1, label::PASSWORD_1, &form.password_1),
        (field::PASSWORD_2, label::PASSWORD_2, &form.password_2),
    ];
    let typed = typed.iter().filter(|(_, _, value)| !value.is_empty());
    let was = form.current_authentication_type.as_str();
    match kind {
        AuthenticationType::Iam => {
            let errors: Vec<FieldError> = typed
                .map(|(field, label, _)| {
                    FieldError::new(
                        *field,
                        format!("{label} must be empty: IAM authentication takes no passwords"),
                    )
                })
                .collect();
            if !errors.is_empty() {
                Err(errors)
            } else if was == AuthenticationType::Iam.as_str() {
                Ok(AuthenticationUpdate::Keep)
            } else {
                Ok(AuthenticationUpdate::Iam)
            }
        }
        AuthenticationType::Password => {
            let mut errors = Vec::new();
            let mut parsed = Vec::new();
            for (field, label, value) in typed {
                match MemoryDbPassword::parse(field, label, value) {
                    Ok(p) => parsed.push(p),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            let mut parsed = parsed.into_iter();
            match (parsed.next(), parsed.next()) {
                (None, _) if was == AuthenticationType::Password.as_str() => {
                    Ok(AuthenticationUpdate::Keep)
                }
                (None, _) => Err(vec![FieldError::new(
                    field::PASSWORD_1,
                    format!(
                        "{} is required to switch to password authentication (give one or two passwords)",
                        label::PASSWORD_1
                    ),
                )]),
                (Some(first), second) => Passwords::new(first, second)
                    .map(AuthenticationUpdate::Passwords)
                    .ok_or_else(|| {
                        vec![FieldError::new(
                            field::PASSWORD_2,
                            format!(
                                "{} must differ from {} (a user's two passwords are for rotation)",
                                label::PASSWORD_2,
                                label::PASSWORD_1
                            ),
                        )]
                    }),
            }
        }
    }
}

/// A MemoryDB user as `DescribeUsers` / `UpdateUser` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryDbUserRecord {
    pub name: String,
    /// `active`, `modifying`, `deleting`.
    pub status: String,
    pub access_string: String,
    pub acl_names: Vec<String>,
    pub minimum_engine_version: String,
    /// `password`, `no-password` (the built-in `default` user) or `iam`.
    pub authentication_type: String,
    /// How many passwords a `password` user has (AWS omits it for the other types).
    pub password_count: Option<u32>,
    pub arn: String,
}

impl MemoryDbUserRecord {
    /// Why this user cannot be edited, if it cannot: AWS refuses any change to `default`.
    pub fn read_only_reason(&self) -> Option<&'static str> {
        (self.name == "default" || self.authentication_type == "no-password")
            .then_some(DEFAULT_USER_READ_ONLY)
    }

    pub fn view(&self) -> RecordView {
        RecordView::new(format!("MemoryDB user {}", self.name))
            .field(field::USER_NAME, label::USER_NAME, &self.name)
            .field(field::STATUS, label::STATUS, &self.status)
            .field(
                field::ACCESS_STRING,
                label::ACCESS_STRING,
                &self.access_string,
            )
            .field(
                field::ACL_NAMES,
                label::ACL_NAMES,
                self.acl_names.join(", "),
            )
            .field(
                field::MINIMUM_ENGINE_VERSION,
                label::MINIMUM_ENGINE_VERSION,
                &self.minimum_engine_version,
            )
            .field(
                field::AUTHENTICATION_TYPE,
                label::AUTHENTICATION_TYPE,
                &self.authentication_type,
            )
            .field(
                field::PASSWORD_COUNT,
                label::PASSWORD_COUNT,
                self.password_count_shown(),
            )
            .field(field::ARN, label::ARN, &self.arn)
    }

    /// The form prefilled with this user; passwords always start empty.
    pub fn to_form(&self) -> MemoryDbUserForm {
        MemoryDbUserForm {
            user_name: self.name.clone(),
            current_authentication_type: self.authentication_type.clone(),
            access_string: self.access_string.clone(),
            authentication_type: self.authentication_type.clone(),
            password_1: String::new(),
            password_2: String::new(),
        }
    }

    /// AWS omits the count for users without passwords; the page says 0 then.
    fn password_count_shown(&self) -> String {
        self.password_count.unwrap_or(0).to_string()
    }
}

/// What `update` would change on `before`, old → new; empty means nothing (no request).
pub fn changes(before: &MemoryDbUserRecord, update: &MemoryDbUserUpdate) -> Vec<FieldChange> {
    let mut out = Vec::new();
    out.extend(FieldChange::plain(
        field::ACCESS_STRING,
        label::ACCESS_STRING,
        before.access_string.trim(),
        update.access_string.as_str(),
    ));
    let (after_type, after_count) = match &update.authentication {
        AuthenticationUpdate::Keep => return out,
        AuthenticationUpdate::Iam => (AuthenticationType::Iam, 0),
        AuthenticationUpdate::Passwords(p) => (AuthenticationType::Password, p.count()),
    };
    out.extend(FieldChange::plain(
        field::AUTHENTICATION_TYPE,
        label::AUTHENTICATION_TYPE,
        before.authentication_type.as_str(),
        after_type.as_str(),
    ));
    if let AuthenticationUpdate::Passwords(passwords) = &update.authentication {
        out.push(FieldChange::secret(field::PASSWORD_1, label::PASSWORD_1));
        if passwords.count() == 2 {
            out.push(FieldChange::secret(field::PASSWORD_2, label::PASSWORD_2));
        }
    }
    out.extend(FieldChange::plain(
        field::PASSWORD_COUNT,
        label::PASSWORD_COUNT,
        before.password_count_shown(),
        after_count.to_string(),
    ));
    out
}

#[cfg(test)]
#[expect(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is the failure report"
)]
mod tests;
