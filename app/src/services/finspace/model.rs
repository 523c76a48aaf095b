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
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    /// The model's pattern with `\d` made ASCII, as Java (AWS) reads it.
    static AWS_PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
            .expect("the model's pattern compiles")
    });

    const ROLE: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";

    fn role_error(input: &str) -> String {
        let e = IamRoleArn::parse(input).expect_err(input);
        assert_eq!(e.field, IAM_ROLE);
        assert!(e.message.starts_with(IAM_ROLE_LABEL), "{}", e.message);
        e.message
    }

    fn record() -> FinspaceUserRecord {
        FinspaceUserRecord {
            environment_id: "eqr4k7m2xw9t5pbn3hj6ca".into(),
            user_name: "aokafor".into(),
            user_arn: "arn:aws:finspace:us-east-1:123456789012:kxEnvironment/eqr4k7m2xw9t5pbn3hj6ca/kxUser/aokafor".into(),
            iam_role: "arn:aws:iam::123456789012:role/finspace/kdb-equities-admin".into(),
        }
    }

    fn form(iam_role: &str) -> FinspaceUserForm {
        FinspaceUserForm {
            iam_role: iam_role.into(),
            ..record().to_form()
        }
    }

    #[test]
    fn role_arns_of_every_partition_parse() {
        for ok in [
            ROLE,
            "arn:aws-cn:iam::123456789012:role/x",
            "arn:aws-us-gov:iam::123456789012:role/service-role/a+b=c,d.e@f_g-h",
            "arn:aws:iam::000000000000:role/x",
        ] {
            assert_eq!(IamRoleArn::parse(ok).map(|r| r.0), Ok(ok.to_owned()));
        }
    }

    #[test]
    fn role_arn_length_bounds_are_aws_bounds() {
        // 2048 characters is the most AWS takes, 2049 is one too many.
        let prefix = "arn:aws:iam::123456789012:role/";
        let at_max = format!("{prefix}{}", "r".repeat(IAM_ROLE_MAX - prefix.len()));
        assert_eq!(at_max.len(), IAM_ROLE_MAX);
        assert!(IamRoleArn::parse(&at_max).is_ok());
        assert!(role_error(&format!("{at_max}r")).contains("at most 2048 characters"));
        // The shortest string the pattern allows is 31 characters; below 20 the length rule
        // speaks first, as AWS's does.
        assert!(IamRoleArn::parse("arn:aws:iam::123456789012:rolex").is_ok());
        assert!(role_error("arn:aws:iam::1:role").contains("at least 20 characters"));
        assert!(role_error("").contains("is required"));
        assert!(role_error("   ").contains("is required"));
    }

    #[test]
    fn the_pattern_is_mirrored_exactly_even_where_it_is_loose() {
        // `role/?[…]+` with `/` in the class: "role/" and "rolex" satisfy AWS's pattern.
        assert!(IamRoleArn::parse("arn:aws:iam::123456789012:role/").is_ok());
        assert!(IamRoleArn::parse("arn:aws:iam::123456789012:role//a").is_ok());
        assert!(role_error("arn:aws:iam::123456789012:role").contains("role's name"));
    }

    #[test]
    fn role_arn_messages_point_at_the_part_to_fix() {
        assert!(role_error("arn:aws:iam::12345678901:role/x").contains("12-digit"));
        assert!(role_error("arn:aws:iam::1234567890123:role/x").contains("12-digit"));
        // Java's `\d` is ASCII: Arabic-Indic digits are not an account id.
        assert!(role_error("arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/x").contains("12-digit"));
        assert!(role_error("arn:aws:iam::123456789012:role/a b").contains("only letters"));
        assert!(role_error("arn:aws:iam::123456789012:role/ä").contains("only letters"));
        for shape in [
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:sts::123456789012:role/x",
            "arn:AWS:iam::123456789012:role/x",
            "arn:aws1:iam::123456789012:role/x",
            "arn:aws:iam:us-east-1:123456789012:role/x",
            "kdb-equities-analyst-role-name",
        ] {
            assert!(
                role_error(shape).contains("must be an IAM role ARN like"),
                "{shape}"
            );
        }
    }

    #[test]
    fn surrounding_whitespace_of_a_pasted_arn_is_dropped() {
        assert_eq!(
            IamRoleArn::parse(&format!(" {ROLE}\n")).map(|r| r.0),
            Ok(ROLE.to_owned())
        );
    }

    #[test]
    fn environment_id_bounds() {
        assert!(EnvironmentId::parse("eqr4k7m2xw9t5pbn3hj6ca").is_ok());
        assert!(EnvironmentId::parse("a").is_ok());
        assert!(EnvironmentId::parse(&"a".repeat(26)).is_ok());
        // Environment ids go into request paths (`/kx/environments/{environmentId}/users`).
        for bad in [
            "",
            &"a".repeat(27),
            "eqr-4k7",
            "eqr_4k7",
            "é",
            "a b",
            "..",
            "eqr4/..",
            "eqr4%2F",
        ] {
            let e = EnvironmentId::parse(bad).expect_err(bad);
            assert_eq!(e.field, ENVIRONMENT_ID);
            assert!(e.message.contains("1–26 letters or digits"));
        }
    }

    #[test]
    fn user_name_bounds() {
        for ok in [
            "aokafor",
            "q-gateway-svc",
            "rdb_loader",
            "x",
            &"u".repeat(50),
        ] {
            assert!(KxUserName::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", &"u".repeat(51), "a.b", "a b", "a/b", "ü"] {
            let e = KxUserName::parse(bad).expect_err(bad);
            assert_eq!(e.field, USER_NAME);
            assert!(e.message.starts_with(USER_NAME_LABEL));
        }
    }

    #[test]
    fn client_token_bounds() {
        let fresh = ClientToken::generate();
        assert_eq!(fresh.as_str().len(), CLIENT_TOKEN_MAX);
        assert_ne!(fresh, ClientToken::generate());
        assert!(ClientToken::parse(fresh.as_str()).is_ok());
        assert!(ClientToken::parse("t").is_ok());
        for bad in ["", "   ", &"t".repeat(37)] {
            assert_eq!(ClientToken::parse(bad).expect_err(bad).field, CLIENT_TOKEN);
        }
    }

    #[test]
    fn a_form_reports_every_broken_rule_at_once() {
        let bad = FinspaceUserForm {
            environment_id: "no-dashes".into(),
            user_name: "no spaces".into(),
            iam_role: "arn:aws:iam::123:role/x".into(),
            client_token: String::new(),
        };
        let fields: Vec<_> = FinspaceUserUpdate::try_from(&bad)
            .expect_err("four broken rules")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [ENVIRONMENT_ID, USER_NAME, IAM_ROLE, CLIENT_TOKEN]);
    }

    #[test]
    fn changes_show_the_role_old_to_new() {
        let new_role = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";
        let update = FinspaceUserUpdate::try_from(&form(new_role)).expect("valid");
        let changes = changes(&record(), &update);
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(
            (c.field.as_str(), c.label.as_str()),
            (IAM_ROLE, IAM_ROLE_LABEL)
        );
        assert_eq!(
            (c.before.as_str(), c.after.as_str()),
            (record().iam_role.as_str(), new_role)
        );
        assert!(!c.secret);
    }

    #[test]
    fn the_view_shows_what_update_kx_user_returns() {
        let r = record();
        let view = r.view();
        assert_eq!(view.value(USER_NAME), Some("aokafor"));
        assert_eq!(view.value(ENVIRONMENT_ID), Some(r.environment_id.as_str()));
        assert_eq!(view.value(IAM_ROLE), Some(r.iam_role.as_str()));
        assert_eq!(view.value(USER_ARN), Some(r.user_arn.as_str()));
    }

    #[test]
    fn every_form_load_gets_its_own_token() {
        assert_ne!(
            record().to_form().client_token,
            record().to_form().client_token
        );
    }

    /// Valid role ARNs of every partition, with names up to the length limit.
    fn valid_arn() -> impl Strategy<Value = String> {
        (
            "(|-cn|-us-gov|-iso-[a-z]{1,4})",
            "[0-9]{12}",
            "/?",
            "[a-zA-Z0-9_+=,.@/-]{1,120}",
        )
            .prop_map(|(partition, account, slash, name)| {
                format!("arn:aws{partition}:iam::{account}:role{slash}{name}")
            })
    }

    /// Characters the role name class does not hold (ASCII punctuation, whitespace, non-ASCII).
    fn forbidden_char() -> impl Strategy<Value = char> {
        prop_oneof![
            proptest::sample::select(
                "!\"#$%&'()*:;<>?[\\]^`{|}~ \t\n"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            any::<char>().prop_filter("non-ASCII", |c| !c.is_ascii()),
        ]
    }

    proptest! {
        #[test]
        fn every_string_matching_the_pattern_parses(arn in valid_arn()) {
            prop_assert_eq!(IamRoleArn::parse(&arn).map(|r| r.0), Ok(arn));
        }

        #[test]
        fn a_forbidden_char_in_the_role_name_fails(
            arn in valid_arn(),
            c in forbidden_char(),
            at in any::<proptest::sample::Index>(),
        ) {
            let start = arn.find(":role").expect("valid_arn has :role") + ":role".len();
            let mut bad = arn.clone();
            bad.insert(start + at.index(arn.len() - start + 1), c);
            // Whitespace at the very end is trimmed, which is not what this property is about.
            prop_assume!(bad.trim() == bad);
            prop_assert!(IamRoleArn::parse(&bad).is_err(), "{bad:?} parsed");
        }

        /// The hand-written check accepts exactly what AWS's pattern and length accept,
        /// on valid ARNs, ARNs with one character changed, and arbitrary strings.
        #[test]
        fn the_check_agrees_with_aws_pattern(
            s in prop_oneof![
                valid_arn(),
                (valid_arn(), any::<proptest::sample::Index>(), any::<char>()).prop_map(
                    |(arn, at, c)| {
                        let mut chars: Vec<char> = arn.chars().collect();
                        let i = at.index(chars.len());
                        chars[i] = c;
                        chars.into_iter().collect()
                    }
                ),
                "arn:aws[a-z:-]{0,8}:iam::[0-9:]{10,14}:rol[a-z/]{0,3}\\PC{0,5}",
                "\\PC{0,40}",
            ]
        ) {
            let trimmed = s.trim();
            let n = trimmed.chars().count();
            let aws = AWS_PATTERN.is_match(trimmed) && (IAM_ROLE_MIN..=IAM_ROLE_MAX).contains(&n);
            prop_assert_eq!(IamRoleArn::parse(&s).is_ok(), aws, "{:?}", s);
        }

        #[test]
        fn ids_follow_the_model(
            env in "[a-zA-Z0-9]{1,26}",
            user in "[0-9A-Za-z_-]{1,50}",
            c in forbidden_char(),
        ) {
            prop_assert!(EnvironmentId::parse(&env).is_ok());
            prop_assert!(KxUserName::parse(&user).is_ok());
            let (env_with_c, env_with_underscore, user_with_c) =
                (format!("{env}{c}"), format!("{env}_"), format!("{c}{user}"));
            prop_assert!(EnvironmentId::parse(&env_with_c).is_err());
            prop_assert!(EnvironmentId::parse(&env_with_underscore).is_err());
            prop_assert!(KxUserName::parse(&user_with_c).is_err());
        }

        #[test]
        fn parsing_the_prefilled_form_changes_nothing(
            env in "[a-zA-Z0-9]{1,26}",
            user in "[0-9A-Za-z_-]{1,50}",
            role in valid_arn(),
        ) {
            let record = FinspaceUserRecord {
                user_arn: format!("arn:aws:finspace:us-east-1:123456789012:kxEnvironment/{env}/kxUser/{user}"),
                environment_id: env,
                user_name: user,
                iam_role: role,
            };
            let update = FinspaceUserUpdate::try_from(&record.to_form());
            prop_assert!(update.is_ok(), "{:?}", update);
            let update = update.expect("checked above");
            prop_assert!(changes(&record, &update).is_empty());
            prop_assert_eq!(update.environment_id.as_str(), record.environment_id.as_str());
            prop_assert_eq!(update.user_name.as_str(), record.user_name.as_str());
        }
    }
}
