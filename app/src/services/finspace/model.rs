//! A FinSpace kdb user as the edit form sees it, and the rules `UpdateKxUser` applies.
//!
//! Compiled into the browser (wasm) and the server alike, so the rules below are checked
//! before anything is sent and again in the server function. Each newtype mirrors one member
//! of `UpdateKxUserRequest` (FinSpace API 2021-03-12):
//!
//! | newtype         | member          | AWS rule                                                        |
//! |-----------------|-----------------|-----------------------------------------------------------------|
//! | [`EnvironmentId`] | `environmentId` | 1–26 chars, `^[a-zA-Z0-9]{1,26}$`                             |
//! | [`KxUserName`]  | `userName`      | 1–50 chars, `^[0-9A-Za-z_-]{1,50}$`                             |
//! | [`IamRoleArn`]  | `iamRole`       | 20–2048 chars, `^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$` |
//! | [`ClientToken`] | `clientToken`   | 1–36 chars, `.*\S.*`; AWS honours it for 10 minutes           |
//!
//! The patterns are checked by hand rather than with `regex`: the checks are a few lines each
//! and keep the regex engine's tables out of the wasm bundle. AWS evaluates the patterns with
//! Java's regex engine, where `\d` and the classes are ASCII only; so are these checks.

use serde::{Deserialize, Serialize};

use crate::forms::{FieldChange, FieldError, RecordView};

/// Input names (also the keys of the record view and of field changes).
pub const ENVIRONMENT_ID: &str = "environment_id";
pub const USER_NAME: &str = "user_name";
pub const IAM_ROLE: &str = "iam_role";
pub const USER_ARN: &str = "user_arn";
pub const CLIENT_TOKEN: &str = "client_token";

/// Labels the page and the messages use.
pub const ENVIRONMENT_ID_LABEL: &str = "kdb environment";
pub const USER_NAME_LABEL: &str = "User name";
pub const IAM_ROLE_LABEL: &str = "IAM role";
pub const USER_ARN_LABEL: &str = "User ARN";

/// `iamRole` length bounds from the model (in characters).
pub const IAM_ROLE_MIN: usize = 20;
pub const IAM_ROLE_MAX: usize = 2048;
/// `environmentId` and `userName` maximum lengths.
pub const ENVIRONMENT_ID_MAX: usize = 26;
pub const USER_NAME_MAX: usize = 50;
/// `clientToken` maximum length; a hyphenated UUID is exactly this long.
pub const CLIENT_TOKEN_MAX: usize = 36;

const ROLE_EXAMPLE: &str = "arn:aws:iam::123456789012:role/name";

/// The id of a kdb environment: 1–26 ASCII letters or digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnvironmentId(String);

impl EnvironmentId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        if (1..=ENVIRONMENT_ID_MAX).contains(&n) && input.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                ENVIRONMENT_ID,
                format!(
                    "The {ENVIRONMENT_ID_LABEL} id must be 1–{ENVIRONMENT_ID_MAX} letters or digits"
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EnvironmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A kdb user's name: 1–50 ASCII letters, digits, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KxUserName(String);

impl KxUserName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        if (1..=USER_NAME_MAX).contains(&n) && input.bytes().all(allowed) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                USER_NAME,
                format!("{USER_NAME_LABEL} must be 1–{USER_NAME_MAX} letters, digits, '_' or '-'"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for KxUserName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The ARN of the IAM role a kdb user assumes, as `UpdateKxUser` accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IamRoleArn(String);

/// Why a string is not an IAM role ARN, so the message can point at the part to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArnProblem {
    /// Not `arn:aws…:iam::<account>:role…` at all.
    Shape,
    /// The account part is not 12 digits.
    Account,
    /// Nothing after `role`.
    MissingName,
    /// A character outside `[a-zA-Z_0-9+=,.@-/]` in the role's path and name.
    NameChar,
}

/// The model's pattern `^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`.
/// `/` is itself in the final class, so `role/?[…]+` is simply "`role`, then one or more of
/// the class": the check below is equivalent (a property test compares it with the regex).
fn check_role_arn(s: &str) -> Result<(), ArnProblem> {
    let rest = s.strip_prefix("arn:aws").ok_or(ArnProblem::Shape)?;
    // `[a-z-]` cannot hold `:`, so the first `:` ends the partition (aws, aws-cn, aws-us-gov…).
    let (partition, rest) = rest.split_once(':').ok_or(ArnProblem::Shape)?;
    if !partition
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        return Err(ArnProblem::Shape);
    }
    let rest = rest.strip_prefix("iam::").ok_or(ArnProblem::Shape)?;
    // Digits cannot hold `:` either, so the next `:` ends the account.
    let (account, rest) = rest.split_once(':').ok_or(ArnProblem::Shape)?;
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ArnProblem::Account);
    }
    let name = rest.strip_prefix("role").ok_or(ArnProblem::Shape)?;
    if name.is_empty() {
        return Err(ArnProblem::MissingName);
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b);
    if !name.bytes().all(allowed) {
        return Err(ArnProblem::NameChar);
    }
    Ok(())
}

impl IamRoleArn {
    /// Surrounding whitespace is dropped first (ARNs are pasted, often with a trailing
    /// newline); what remains must satisfy AWS's length and pattern exactly.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let error = |message: String| Err(FieldError::new(IAM_ROLE, message));
        let n = s.chars().count();
        if n == 0 {
            return error(format!(
                "{IAM_ROLE_LABEL} is required: enter an IAM role ARN like {ROLE_EXAMPLE}"
            ));
        }
        if n > IAM_ROLE_MAX {
            return error(format!(
                "{IAM_ROLE_LABEL} must be at most {IAM_ROLE_MAX} characters"
            ));
        }
        if n < IAM_ROLE_MIN {
            return error(format!(
                "{IAM_ROLE_LABEL} must be at least {IAM_ROLE_MIN} characters: an IAM role ARN like {ROLE_EXAMPLE}"
            ));
        }
        match check_role_arn(s) {
            Ok(()) => Ok(Self(s.to_owned())),
            Err(ArnProblem::Shape) => error(format!(
                "{IAM_ROLE_LABEL} must be an IAM role ARN like {ROLE_EXAMPLE}"
            )),
            Err(ArnProblem::Account) => error(format!(
                "{IAM_ROLE_LABEL} must name a 12-digit AWS account id, as in {ROLE_EXAMPLE}"
            )),
            Err(ArnProblem::MissingName) => error(format!(
                "{IAM_ROLE_LABEL} must end with the role's name, as in {ROLE_EXAMPLE}"
            )),
            Err(ArnProblem::NameChar) => error(format!(
                "{IAM_ROLE_LABEL} name may contain only letters, digits and + = , . @ - _ /"
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IamRoleArn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The idempotency token of one form load. FinSpace applies an `UpdateKxUser` once per token
/// for 10 minutes: a second submit of the same form answers the first result again, and the
/// same token with a different request is a `ConflictException`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientToken(String);

impl ClientToken {
    /// A fresh token (a UUID v4, exactly the 36 characters AWS allows).
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().hyphenated().to_string())
    }

    /// AWS's rule: 1–36 characters, not all whitespace. The token is a hidden input, so the
    /// message tells the person how to get a new one.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        if (1..=CLIENT_TOKEN_MAX).contains(&n) && input.chars().any(|c| !c.is_whitespace()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                CLIENT_TOKEN,
                "The form's submission token (1–36 characters) is missing or damaged: reload the page and make the change again",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The edit form's inputs as the browser sends them; also the server function's argument.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinspaceUserForm {
    /// Hidden: the environment the user belongs to.
    pub environment_id: String,
    /// Hidden: the user being edited.
    pub user_name: String,
    /// The one editable field.
    pub iam_role: String,
    /// Hidden: fresh on every form load, see [`ClientToken`].
    pub client_token: String,
}

/// A checked `UpdateKxUser` request; built only from a form, through `TryFrom`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinspaceUserUpdate {
    pub environment_id: EnvironmentId,
    pub user_name: KxUserName,
    pub iam_role: IamRoleArn,
    pub client_token: ClientToken,
}

impl TryFrom<&FinspaceUserForm> for FinspaceUserUpdate {
    type Error = Vec<FieldError>;

    /// Checks every field and reports every broken rule at once.
    fn try_from(form: &FinspaceUserForm) -> Result<Self, Self::Error> {
        let environment_id = EnvironmentId::parse(&form.environment_id);
        let user_name = KxUserName::parse(&form.user_name);
        let iam_role = IamRoleArn::parse(&form.iam_role);
        let client_token = ClientToken::parse(&form.client_token);
        match (environment_id, user_name, iam_role, client_token) {
            (Ok(environment_id), Ok(user_name), Ok(iam_role), Ok(client_token)) => Ok(Self {
                environment_id,
                user_name,
                iam_role,
                client_token,
            }),
            (environment_id, user_name, iam_role, client_token) => Err([
                environment_id.err(),
                user_name.err(),
                iam_role.err(),
                client_token.err(),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }
}

/// A kdb user as `GetKxUser` / `UpdateKxUser` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinspaceUserRecord {
    pub environment_id: String,
    pub user_name: String,
    pub user_arn: String,
    pub iam_role: String,
}

impl FinspaceUserRecord {
    /// Everything `UpdateKxUser` returns: userName, userArn, environmentId, iamRole.
    pub fn view(&self) -> RecordView {
        RecordView::new(format!("kdb user {}", self.user_name))
            .field(USER_NAME, USER_NAME_LABEL, self.user_name.clone())
            .field(
                ENVIRONMENT_ID,
                ENVIRONMENT_ID_LABEL,
                self.environment_id.clone(),
            )
            .field(IAM_ROLE, IAM_ROLE_LABEL, self.iam_role.clone())
            .field(USER_ARN, USER_ARN_LABEL, self.user_arn.clone())
    }

    /// The form prefilled from this record, with a fresh [`ClientToken`] for this load.
    pub fn to_form(&self) -> FinspaceUserForm {
        FinspaceUserForm {
            environment_id: self.environment_id.clone(),
            user_name: self.user_name.clone(),
            iam_role: self.iam_role.clone(),
            client_token: ClientToken::generate().0,
        }
    }
}

/// What the update would change, old → new (only the IAM role can change).
pub fn changes(before: &FinspaceUserRecord, update: &FinspaceUserUpdate) -> Vec<FieldChange> {
    FieldChange::plain(
        IAM_ROLE,
        IAM_ROLE_LABEL,
        before.iam_role.clone(),
        update.iam_role.as_str(),
    )
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests;
