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
use serde_json::{Value, json};

use crate::validate;

mod handlers;
mod populate;
mod seed;
mod wire;

pub(crate) use handlers::operation;

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "memorydb";

/// awsJson1_1, told apart by its `X-Amz-Target` prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::AwsJson {
    target_prefix: "AmazonMemoryDB",
    operation,
};

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
    fn find(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    fn find_mut(&mut self, name: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.name == name)
    }
}

#[cfg(test)]
mod tests;
