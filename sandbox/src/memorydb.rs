//! Amazon MemoryDB users over awsJson1_1 (`X-Amz-Target: AmazonMemoryDB.<Operation>`):
//! `DescribeUsers`, `UpdateUser` and `CreateUser`.
//!
//! What it models beyond the wire shapes:
//! - a user updated with `UpdateUser` reads `modifying` for `Options::memorydb_settle`, then
//!   `active`; updating it again meanwhile is `InvalidUserStateFault`, as on AWS;
//! - passwords are never kept, only how many a user has (`Authentication.PasswordCount`);
//! - `DescribeUsers` filters on the user name (`UserName`, the property the API reference gives
//!   as its example, or `user-name`) and the access string (`AccessString` / `access-string`);
//!   values are OR-ed within a filter and filters AND-ed, as AWS filters combine; any other
//!   property is refused rather than silently ignored;
//! - the built-in `default` user cannot be changed (AWS pre-creates it, immutable, in the
//!   `open-access` ACL);
//! - fault injection: a call about one user consults the faults for that user name; an
//!   unfiltered `DescribeUsers` consults the faults whose target is `*`.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::aws_json::{Operation, opt_i64, opt_str, serialization};
use crate::page::paginate;
use crate::{AwsError, SandboxState, validate};

/// `UserName` and ACL names, from the service model.
static NAME: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[a-zA-Z][a-zA-Z0-9\-]*"));
/// `AccessString`, filter names and values: at least one non-blank character.
static NOT_BLANK: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r".*\S.*"));

/// A password-mode user has one or two passwords (AWS: "The maximum is two").
const MAX_PASSWORDS: usize = 2;
const PASSWORD_MIN: usize = 16;
const PASSWORD_MAX: usize = 128;
/// `CreateUser.Tags` holds at most 200 items in the model.
const MAX_TAGS: usize = 200;
/// Users per account before `UserQuotaExceededFault` (the sandbox's stand-in for the AWS quota).
const MAX_USERS: usize = 1000;
/// `DescribeUsers` page size when the caller gives none, and the largest accepted.
const MAX_RESULTS: i64 = 100;

/// The `*` fault target: a `DescribeUsers` call about no particular user.
const ANY_USER: &str = "*";

/// How a user signs in. Passwords themselves are never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// The built-in `default` user: open access, no password.
    NoPassword,
    /// One or two passwords.
    Password { count: usize },
    /// IAM authentication (Valkey/Redis OSS 7+).
    Iam,
}

impl Auth {
    fn type_name(self) -> &'static str {
        match self {
            Auth::NoPassword => "no-password",
            Auth::Password { .. } => "password",
            Auth::Iam => "iam",
        }
    }

    /// IAM authentication needs engine 7.0; everything else works from 6.2, the first
    /// engine with ACLs.
    fn minimum_engine_version(self) -> &'static str {
        match self {
            Auth::Iam => "7.0",
            _ => "6.2",
        }
    }

    fn to_json(self) -> Value {
        match self {
            Auth::Password { count } => json!({ "Type": self.type_name(), "PasswordCount": count }),
            _ => json!({ "Type": self.type_name() }),
        }
    }
}

#[derive(Debug, Clone)]
struct User {
    name: String,
    access_string: String,
    acl_names: Vec<String>,
    auth: Auth,
    /// When the last `UpdateUser` was accepted; the user reads `modifying` until it settles.
    modified_at: Option<Instant>,
}

impl User {
    fn new(name: &str, access_string: &str, acl_names: &[&str], auth: Auth) -> Self {
        Self {
            name: name.to_owned(),
            access_string: access_string.to_owned(),
            acl_names: acl_names.iter().map(|s| (*s).to_owned()).collect(),
            auth,
            modified_at: None,
        }
    }

    fn is_modifying(&self, now: Instant, settle: Duration) -> bool {
        self.modified_at
            .is_some_and(|at| now.saturating_duration_since(at) < settle)
    }

    fn to_json(&self, now: Instant, settle: Duration) -> Value {
        let status = if self.is_modifying(now, settle) {
            "modifying"
        } else {
            "active"
        };
        json!({
            "Name": self.name,
            "Status": status,
            "AccessString": self.access_string,
            "ACLNames": self.acl_names,
            "MinimumEngineVersion": self.auth.minimum_engine_version(),
            "Authentication": self.auth.to_json(),
            "ARN": arn(&self.name),
        })
    }
}

fn arn(name: &str) -> String {
    format!(
        "arn:aws:memorydb:{}:{}:user/{name}",
        crate::REGION,
        crate::ACCOUNT_ID
    )
}

/// Every MemoryDB user of the sandbox account, in creation order.
#[derive(Debug)]
pub struct Store {
    users: Vec<User>,
}

impl Store {
    /// The demo account: the built-in `default` user, application users with one or two
    /// passwords, IAM users, and a few with narrower access strings.
    pub fn seeded() -> Self {
        const FULL: &str = "on ~* &* +@all";
        const READ_ONLY: &str = "on ~* &* -@all +@read";
        let pw = |count| Auth::Password { count };
        let users = vec![
            User::new("default", FULL, &["open-access"], Auth::NoPassword),
            User::new(
                "app-orders",
                "on ~orders:* &* +@all -@dangerous",
                &["orders-prod"],
                pw(1),
            ),
            User::new(
                "app-orders-rotating",
                "on ~orders:* &* +@all -@dangerous",
                &["orders-prod"],
                pw(2),
            ),
            User::new(
                "app-catalog",
                "on ~catalog:* ~search:* &* +@read +@write -@dangerous",
                &["catalog-prod"],
                pw(1),
            ),
            User::new(
                "app-sessions",
                "on ~session:* &* +@read +@write +@keyspace -@dangerous",
                &["web-prod"],
                pw(2),
            ),
            User::new(
                "app-cart",
                "on ~cart:* &* +@all -@admin -@dangerous",
                &["web-prod"],
                pw(1),
            ),
            User::new(
                "app-reader",
                "on ~app:* -@all +@read",
                &["web-prod", "reporting"],
                pw(1),
            ),
            User::new(
                "app-leaderboard",
                "on ~lb:* &* -@all +@sortedset +@read",
                &["games-prod"],
                pw(1),
            ),
            User::new(
                "svc-payments",
                "on ~pay:* &* +@all -@dangerous",
                &["payments-prod"],
                pw(2),
            ),
            User::new(
                "svc-notifications",
                "on ~notify:* &notify:* +@pubsub +@read +@write",
                &["web-prod"],
                pw(1),
            ),
            User::new(
                "svc-ratelimit",
                "on ~rl:* -@all +@read +@write +@string",
                &["edge-prod"],
                pw(1),
            ),
            User::new(
                "svc-search-indexer",
                "on ~search:* &* +@all -@dangerous",
                &["catalog-prod"],
                Auth::Iam,
            ),
            User::new(
                "svc-feature-flags",
                "on ~flags:* -@all +@read",
                &["web-prod", "edge-prod"],
                Auth::Iam,
            ),
            User::new(
                "svc-audit-stream",
                "on ~audit:* &audit:* +@stream +@read",
                &["compliance"],
                Auth::Iam,
            ),
            User::new("etl-nightly", READ_ONLY, &["reporting"], pw(1)),
            User::new(
                "etl-backfill",
                "on ~* &* +@all -@dangerous -flushall -flushdb",
                &["reporting"],
                pw(2),
            ),
            User::new(
                "analytics-ro",
                READ_ONLY,
                &["reporting", "analytics"],
                Auth::Iam,
            ),
            User::new(
                "bi-dashboard",
                "on ~metrics:* ~kpi:* -@all +@read",
                &["analytics"],
                pw(1),
            ),
            User::new("ops-admin", FULL, &["ops-admins"], pw(2)),
            User::new(
                "ops-oncall",
                "on ~* &* +@all -@dangerous +info +client|list",
                &["ops-admins"],
                Auth::Iam,
            ),
            User::new(
                "sre-readonly",
                READ_ONLY,
                &["ops-admins", "reporting"],
                Auth::Iam,
            ),
            User::new(
                "backup-agent",
                "on ~* -@all +@read +scan +dump",
                &["ops-admins"],
                pw(1),
            ),
            User::new("migration-tool", "on ~* &* +@all -@dangerous", &[], pw(1)),
            User::new(
                "amara-okafor",
                "on ~dev:amara:* &* +@all -@dangerous",
                &["developers"],
                Auth::Iam,
            ),
            User::new(
                "javier-morales",
                "on ~dev:javier:* &* +@all -@dangerous",
                &["developers"],
                Auth::Iam,
            ),
            User::new(
                "priya-iyer",
                "on ~dev:priya:* &* +@all -@dangerous",
                &["developers"],
                pw(1),
            ),
            User::new(
                "wei-zhang",
                "on ~dev:wei:* &* +@all -@dangerous",
                &["developers"],
                pw(2),
            ),
            User::new(
                "qa-runner",
                "on ~qa:* &* +@all -@dangerous",
                &["staging"],
                pw(1),
            ),
            User::new(
                "staging-app",
                "on ~* &* +@all -@dangerous",
                &["staging"],
                pw(1),
            ),
            User::new(
                "legacy-cron",
                "off ~jobs:* -@all +@read +@write",
                &[],
                pw(1),
            ),
        ];
        Self { users }
    }

    fn find(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    fn find_mut(&mut self, name: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.name == name)
    }
}

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "memorydb";

/// The MemoryDB operation called `name`, if the sandbox emulates it.
pub(crate) fn operation(name: &str) -> Option<Operation> {
    match name {
        "DescribeUsers" => Some(describe_users),
        "UpdateUser" => Some(update_user),
        "CreateUser" => Some(create_user),
        _ => None,
    }
}

fn invalid_value(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "InvalidParameterValueException", message)
}

fn invalid_combination(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "InvalidParameterCombinationException", message)
}

fn user_not_found(name: &str) -> AwsError {
    AwsError::new(400, "UserNotFoundFault", format!("User {name} not found."))
}

/// The error a test injected for this call, shaped like the real one.
fn injected(state: &SandboxState, operation: &str, target: &str) -> Result<(), AwsError> {
    match state.injected_fault(SERVICE, operation, target) {
        None => Ok(()),
        Some(code) => Err(fault_error(&code)),
    }
}

fn fault_error(code: &str) -> AwsError {
    let status = match code {
        "InternalFailure" | "InternalServerError" => 500,
        "ServiceUnavailable" => 503,
        // Every MemoryDB-modelled fault is a client error on the wire.
        _ => 400,
    };
    AwsError::new(status, code, "Injected by the sandbox for a test.")
}

/// A required string member that must be a valid user name.
fn user_name(input: &Value, required: bool) -> Result<Option<&str>, AwsError> {
    let Some(name) = opt_str(input, "UserName")? else {
        return if required {
            Err(invalid_value(validate::required("userName")))
        } else {
            Ok(None)
        };
    };
    validate::length("userName", name, 1, usize::MAX).map_err(invalid_value)?;
    validate::pattern("userName", name, &NAME).map_err(invalid_value)?;
    Ok(Some(name))
}

fn opt_array<'a>(input: &'a Value, member: &str) -> Result<Option<&'a Vec<Value>>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(serialization(member)),
    }
}

fn opt_object<'a>(
    input: &'a Value,
    member: &str,
) -> Result<Option<&'a Map<String, Value>>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(fields)) => Ok(Some(fields)),
        Some(_) => Err(serialization(member)),
    }
}

/// The access string's rules: the model's pattern, then the Redis ACL grammar MemoryDB
/// accepts. Passwords and `reset` are refused because MemoryDB manages passwords itself.
fn check_access_string(access: &str) -> Result<(), AwsError> {
    validate::pattern("accessString", access, &NOT_BLANK).map_err(invalid_value)?;
    for rule in access.split_whitespace() {
        let lower = rule.to_ascii_lowercase();
        if rule.starts_with('>')
            || rule.starts_with('<')
            || rule.starts_with('#')
            || rule.starts_with('!')
            || matches!(lower.as_str(), "nopass" | "resetpass")
        {
            return Err(invalid_value(
                "Passwords cannot be set in an access string; use AuthenticationMode.",
            ));
        }
        if lower == "reset" {
            return Err(invalid_value(
                "The reset rule is not allowed in an access string.",
            ));
        }
        let known_keyword = matches!(
            lower.as_str(),
            "on" | "off"
                | "allkeys"
                | "resetkeys"
                | "allchannels"
                | "resetchannels"
                | "allcommands"
                | "nocommands"
        );
        let known_prefix = ["~", "%r~", "%w~", "%rw~", "&", "+", "-"]
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len());
        if !known_keyword && !known_prefix {
            return Err(invalid_value(
                "Access string is invalid: each rule must be on, off, a ~key or &channel pattern, or a +/- command or @category.",
            ));
        }
    }
    Ok(())
}

/// Printable ASCII without the space: what a Redis `AUTH` password can carry unquoted.
fn check_password(password: &str) -> Result<(), AwsError> {
    let n = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n)
        || !password.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(invalid_value(format!(
            "Passwords must be {PASSWORD_MIN} to {PASSWORD_MAX} printable ASCII characters, without spaces."
        )));
    }
    Ok(())
}

/// Reads `AuthenticationMode`. `None` when it asks for nothing (absent, or neither `Type`
/// nor `Passwords`).
fn authentication_mode(input: &Value) -> Result<Option<Auth>, AwsError> {
    let Some(mode) = opt_object(input, "AuthenticationMode")? else {
        return Ok(None);
    };
    let mode = Value::Object(mode.clone());
    let kind = opt_str(&mode, "Type")?;
    if let Some(kind) = kind {
        validate::one_of("authenticationMode.type", kind, &["password", "iam"])
            .map_err(invalid_value)?;
    }
    let passwords = match opt_array(&mode, "Passwords")? {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(item.as_str().ok_or_else(|| serialization("Passwords"))?);
            }
            Some(out)
        }
    };
    match (kind, passwords) {
        (None, None) => Ok(None),
        (Some("iam"), Some(_)) => Err(invalid_combination(
            "Passwords cannot be provided when the authentication type is iam.",
        )),
        (Some("iam"), None) => Ok(Some(Auth::Iam)),
        (_, Some(passwords)) => {
            if passwords.is_empty() {
                return Err(invalid_value(
                    "1 validation error detected: Value at 'authenticationMode.passwords' failed to satisfy constraint: Member must have length greater than or equal to 1",
                ));
            }
            if passwords.len() > MAX_PASSWORDS {
                return Err(invalid_value(format!(
                    "A user can have at most {MAX_PASSWORDS} passwords."
                )));
            }
            passwords.iter().try_for_each(|p| check_password(p))?;
            Ok(Some(Auth::Password {
                count: passwords.len(),
            }))
        }
        (Some(_), None) => Err(invalid_combination(
            "At least one password is required when the authentication type is password.",
        )),
    }
}

fn describe_users(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name = user_name(input, false)?;
    let filters = filters(input)?;
    let max = match opt_i64(input, "MaxResults")? {
        None => MAX_RESULTS,
        Some(n) => {
            validate::range("maxResults", n, 1, MAX_RESULTS).map_err(invalid_value)?;
            n
        }
    };
    let token = opt_str(input, "NextToken")?;
    injected(state, "DescribeUsers", name.unwrap_or(ANY_USER))?;

    let store = crate::lock(&state.memorydb);
    if let Some(name) = name
        && store.find(name).is_none()
    {
        return Err(user_not_found(name));
    }
    let matching: Vec<&User> = store
        .users
        .iter()
        .filter(|u| name.is_none_or(|n| u.name == n))
        .filter(|u| filters.iter().all(|f| f.matches(u)))
        .collect();
    let page = paginate(&matching, token, usize::try_from(max).unwrap_or(1))
        .map_err(|_| invalid_value("The NextToken is not valid for this request."))?;
    let (now, settle) = (Instant::now(), state.options.memorydb_settle);
    let mut output = json!({
        "Users": page.items.iter().map(|u| u.to_json(now, settle)).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        output["NextToken"] = Value::String(next);
    }
    Ok(output)
}

/// One `DescribeUsers` filter: the property and the values any of which may match.
#[derive(Debug)]
enum Filter {
    UserName(Vec<String>),
    AccessString(Vec<String>),
}

impl Filter {
    fn matches(&self, user: &User) -> bool {
        match self {
            Filter::UserName(values) => values.contains(&user.name),
            Filter::AccessString(values) => values.contains(&user.access_string),
        }
    }
}

/// `DescribeUsers.Filters`.
fn filters(input: &Value) -> Result<Vec<Filter>, AwsError> {
    let Some(items) = opt_array(input, "Filters")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let member = format!("filters.{}.member", i + 1);
        if !item.is_object() {
            return Err(serialization("Filters"));
        }
        let name = opt_str(item, "Name")?
            .ok_or_else(|| invalid_value(validate::required(&format!("{member}.name"))))?;
        validate::pattern(&format!("{member}.name"), name, &NOT_BLANK).map_err(invalid_value)?;
        let values = opt_array(item, "Values")?
            .ok_or_else(|| invalid_value(validate::required(&format!("{member}.values"))))?;
        if values.is_empty() {
            return Err(invalid_value(format!(
                "1 validation error detected: Value at '{member}.values' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )));
        }
        let mut strings = Vec::with_capacity(values.len());
        for value in values {
            let value = value.as_str().ok_or_else(|| serialization("Values"))?;
            validate::pattern(&format!("{member}.values.member"), value, &NOT_BLANK)
                .map_err(invalid_value)?;
            strings.push(value.to_owned());
        }
        out.push(match name {
            "UserName" | "user-name" => Filter::UserName(strings),
            "AccessString" | "access-string" => Filter::AccessString(strings),
            _ => {
                return Err(invalid_value(format!(
                    "Filter name {name} is not supported; supported filter names: UserName (user-name), AccessString (access-string)."
                )));
            }
        });
    }
    Ok(out)
}

fn update_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name =
        user_name(input, true)?.ok_or_else(|| invalid_value(validate::required("userName")))?;
    injected(state, "UpdateUser", name)?;
    let auth = authentication_mode(input)?;
    let access = opt_str(input, "AccessString")?;
    if let Some(access) = access {
        check_access_string(access)?;
    }
    if auth.is_none() && access.is_none() {
        return Err(invalid_combination(
            "No modifications were requested: give AuthenticationMode or AccessString.",
        ));
    }

    let mut store = crate::lock(&state.memorydb);
    let (now, settle) = (Instant::now(), state.options.memorydb_settle);
    let user = store.find_mut(name).ok_or_else(|| user_not_found(name))?;
    if user.auth == Auth::NoPassword {
        return Err(invalid_value("The default user cannot be modified."));
    }
    if user.is_modifying(now, settle) {
        return Err(AwsError::new(
            400,
            "InvalidUserStateFault",
            format!("User {name} is not in active state."),
        ));
    }
    if let Some(auth) = auth {
        user.auth = auth;
    }
    if let Some(access) = access {
        access.clone_into(&mut user.access_string);
    }
    user.modified_at = Some(now);
    Ok(json!({ "User": user.to_json(now, settle) }))
}

fn create_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let name =
        user_name(input, true)?.ok_or_else(|| invalid_value(validate::required("userName")))?;
    injected(state, "CreateUser", name)?;
    if input.get("AuthenticationMode").is_none_or(Value::is_null) {
        return Err(invalid_value(validate::required("authenticationMode")));
    }
    let auth = authentication_mode(input)?.ok_or_else(|| {
        invalid_value("AuthenticationMode needs a Type (password or iam) or Passwords.")
    })?;
    let access = opt_str(input, "AccessString")?
        .ok_or_else(|| invalid_value(validate::required("accessString")))?;
    check_access_string(access)?;
    if let Some(tags) = opt_array(input, "Tags")? {
        if tags.len() > MAX_TAGS {
            return Err(AwsError::new(
                400,
                "TagQuotaPerResourceExceeded",
                format!("A resource can have at most {MAX_TAGS} tags."),
            ));
        }
        for tag in tags {
            if !tag.is_object() {
                return Err(serialization("Tags"));
            }
            let key = opt_str(tag, "Key")?;
            opt_str(tag, "Value")?;
            if key.is_none_or(str::is_empty) {
                return Err(invalid_value("Each tag needs a non-empty Key."));
            }
        }
    }

    let mut store = crate::lock(&state.memorydb);
    if store.find(name).is_some() {
        return Err(AwsError::new(
            400,
            "UserAlreadyExistsFault",
            format!("User {name} already exists."),
        ));
    }
    if store.users.len() >= MAX_USERS {
        return Err(AwsError::new(
            400,
            "UserQuotaExceededFault",
            format!("The account already has the maximum of {MAX_USERS} users."),
        ));
    }
    let user = User::new(name, access, &[], auth);
    let output = json!({ "User": user.to_json(Instant::now(), state.options.memorydb_settle) });
    store.users.push(user);
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_rich_enough_for_the_ui() {
        let store = Store::seeded();
        assert!(store.users.len() >= 28);
        let default = store.find("default").unwrap();
        assert_eq!(default.auth, Auth::NoPassword);
        assert_eq!(default.access_string, "on ~* &* +@all");
        assert!(
            store
                .users
                .iter()
                .any(|u| u.auth == Auth::Password { count: 2 })
        );
        assert!(store.users.iter().filter(|u| u.auth == Auth::Iam).count() >= 3);
        for user in &store.users {
            assert!(NAME.is_match(&user.name), "{}", user.name);
            assert!(
                check_access_string(&user.access_string).is_ok(),
                "{}",
                user.name
            );
            assert!(user.acl_names.iter().all(|a| NAME.is_match(a)));
        }
        let mut names: Vec<_> = store.users.iter().map(|u| &u.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), store.users.len());
    }

    #[test]
    fn passwords_follow_the_documented_rule() {
        assert!(check_password(&"a".repeat(16)).is_ok());
        assert!(check_password(&"a".repeat(128)).is_ok());
        assert!(check_password("!#$%&()*+,-./:;<=>?@[]^_`{|}~aa").is_ok());
        assert!(check_password(&"a".repeat(15)).is_err());
        assert!(check_password(&"a".repeat(129)).is_err());
        assert!(check_password("sixteen chars ok").is_err(), "space");
        assert!(
            check_password("sixteen-chars-ok\u{7}").is_err(),
            "control character"
        );
        assert!(check_password("sixteen-chars-okü").is_err(), "non-ASCII");
        let err = check_password("hunter2hunter2!!x y").unwrap_err();
        assert!(!err.message.contains("hunter2"));
    }

    #[test]
    fn access_strings_follow_the_acl_grammar() {
        assert!(check_access_string("on ~app:* -@all +@read").is_ok());
        assert!(check_access_string("off resetkeys allchannels nocommands").is_ok());
        assert!(check_access_string("on %R~logs:* +get").is_ok());
        assert!(check_access_string("   ").is_err());
        assert!(check_access_string("on >secret ~* +@all").is_err());
        assert!(check_access_string("on nopass ~* +@all").is_err());
        assert!(check_access_string("reset on").is_err());
        assert!(check_access_string("on everything").is_err());
        assert!(
            check_access_string("on ~ +@all").is_err(),
            "empty key pattern"
        );
    }

    #[test]
    fn authentication_modes_combine_like_aws() {
        let mode = |v: Value| authentication_mode(&json!({ "AuthenticationMode": v }));
        let pw = "p".repeat(16);
        assert_eq!(mode(json!({"Type": "iam"})).unwrap(), Some(Auth::Iam));
        assert_eq!(
            mode(json!({"Type": "password", "Passwords": [pw, pw]})).unwrap(),
            Some(Auth::Password { count: 2 })
        );
        assert_eq!(
            mode(json!({"Passwords": [pw]})).unwrap(),
            Some(Auth::Password { count: 1 })
        );
        assert_eq!(mode(json!({})).unwrap(), None);
        let code = |v: Value| mode(v).unwrap_err().code;
        assert_eq!(
            code(json!({"Type": "iam", "Passwords": [pw]})),
            "InvalidParameterCombinationException"
        );
        assert_eq!(
            code(json!({"Type": "password"})),
            "InvalidParameterCombinationException"
        );
        assert_eq!(
            code(json!({"Type": "password", "Passwords": [pw, pw, pw]})),
            "InvalidParameterValueException"
        );
        assert_eq!(
            code(json!({"Type": "password", "Passwords": []})),
            "InvalidParameterValueException"
        );
        assert_eq!(
            code(json!({"Type": "no-password"})),
            "InvalidParameterValueException"
        );
        assert_eq!(
            code(json!({"Type": "password", "Passwords": [1]})),
            "SerializationException"
        );
    }

    #[test]
    fn a_user_settles_after_the_configured_time() {
        let mut user = User::new("u", "on", &[], Auth::Iam);
        let start = Instant::now();
        user.modified_at = Some(start);
        let settle = Duration::from_millis(50);
        assert!(user.is_modifying(start, settle));
        assert_eq!(user.to_json(start, settle)["Status"], "modifying");
        let later = start + Duration::from_millis(60);
        assert!(!user.is_modifying(later, settle));
        assert_eq!(user.to_json(later, settle)["Status"], "active");
    }

    #[test]
    fn only_the_emulated_operations_are_known() {
        for name in ["DescribeUsers", "UpdateUser", "CreateUser"] {
            assert!(operation(name).is_some(), "{name}");
        }
        assert!(operation("DeleteUser").is_none());
        assert!(operation("describeUsers").is_none());
    }

    #[test]
    fn users_render_like_aws() {
        let user = User::new(
            "app",
            "on ~* +@all",
            &["acl-a"],
            Auth::Password { count: 2 },
        );
        let json = user.to_json(Instant::now(), Duration::ZERO);
        assert_eq!(
            json["ARN"],
            "arn:aws:memorydb:us-east-1:123456789012:user/app"
        );
        assert_eq!(
            json["Authentication"],
            json!({"Type": "password", "PasswordCount": 2})
        );
        assert_eq!(json["MinimumEngineVersion"], "6.2");
        assert_eq!(json["ACLNames"], json!(["acl-a"]));
        let iam = User::new("i", "on", &[], Auth::Iam).to_json(Instant::now(), Duration::ZERO);
        assert_eq!(iam["Authentication"], json!({"Type": "iam"}));
        assert_eq!(iam["MinimumEngineVersion"], "7.0");
    }
}
