//! The IAM Identity Center identity store over awsJson1_1
//! (`X-Amz-Target: AWSIdentityStore.<Operation>`): `ListUsers`, `DescribeUser`, `UpdateUser`
//! and `CreateUser`.
//!
//! What it models beyond the wire shapes:
//! - `UpdateUser` applies attribute operations all-or-nothing: an `AttributePath` plus an
//!   `AttributeValue` document replaces the attribute, a missing or `null` value removes it.
//!   Multi-valued attributes (`emails`, `addresses`, `phoneNumbers`, `photos`, `roles`) are
//!   replaced whole; a path into one (`emails.value`) is refused with AWS's message. Paths and
//!   the members of the documents are matched case-insensitively, as SCIM attribute names
//!   are (RFC 7643 §2.1), so `{"value": …}` and `{"Value": …}` both work;
//! - every accepted update bumps `Revision`; a `Revision` that is not the current one is a
//!   `ConflictException` (`CONCURRENT_MODIFICATION`), a `UserName` already taken in the store
//!   (compared case-insensitively) is `UNIQUENESS_CONSTRAINT_VIOLATION`;
//! - `ListUsers` filters on `UserName` only, the one path AWS documents for users;
//! - user ids start with the store's ten hex digits, as on AWS (`d-9067a1b2c3` →
//!   `9067a1b2c3-<uuid>`);
//! - fault injection: calls about one user consult the faults for its user id (`CreateUser`:
//!   its `UserName`); `ListUsers` consults the faults whose target is the identity store id.

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use regex::Regex;
use serde_json::{Map, Value};

use crate::{AwsError, SandboxState, validate};

mod handlers;
mod populate;
mod seed;
mod wire;

pub(crate) use handlers::{SERVICE, operation};

/// awsJson1_1, told apart by its `X-Amz-Target` prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::AwsJson {
    target_prefix: "AWSIdentityStore",
    operation,
};

static STORE_ID: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored(
        r"(arn:aws[a-z-]*:identitystore::\d{12}:identitystore/)?(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
    )
});
static USER_ID: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored(
        r"(arn:aws[a-z-]*:identitystore:::(user|group|membership)/)?([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
    )
});
static ATTRIBUTE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored(r"(?:\p{L}+:\p{L}+:\p{L}+(?:\.\p{L}+){0,3}|\p{L}+(?:\.\p{L}+){0,2})")
});
static USER_NAME: LazyLock<Regex> =
    LazyLock::new(|| validate::anchored(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"));
/// Every other string attribute: the user-name characters plus tab, CR, LF, the space, the
/// no-break space and the ideographic space (the model spells the last three literally).
static TEXT: LazyLock<Regex> = LazyLock::new(|| {
    validate::anchored("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r \u{00A0}\u{3000}]+")
});
static REVISION: LazyLock<Regex> = LazyLock::new(|| validate::anchored("[0-9]+"));
static NEXT_TOKEN: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[-a-zA-Z0-9+=/:_]*"));
static EXTENSION_NAME: LazyLock<Regex> =
    LazyLock::new(|| validate::anchored("aws:identitystore:[a-z]{1,20}"));

/// The only extension AWS supports.
const ENTERPRISE: &str = "aws:identitystore:enterprise";
const TEXT_MAX: usize = 1024;
const USER_NAME_MAX: usize = 128;
const MAX_OPERATIONS: usize = 100;
const MAX_RESULTS: i64 = 100;
/// Users per identity store before `ServiceQuotaExceededException` (the IAM Identity Center
/// default quota).
const MAX_USERS: usize = 50_000;

/// Who the sandbox records as `UpdatedBy`/`CreatedBy` for changes made through it.
fn sandbox_caller() -> String {
    format!(
        "arn:aws:sts::{}:assumed-role/UserdeskOperator/userdesk",
        crate::ACCOUNT_ID
    )
}

/// How an attribute's value is checked and stored.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// `userName`: 1–128 characters without spaces, unique in the store, never removed.
    UserName,
    /// A single string of 1–1024 characters.
    Text,
    /// `name`, the whole structure.
    Name,
    /// One member of `name` (its wire name).
    NamePart(&'static str),
    /// A multi-valued attribute, always replaced whole.
    List {
        max: usize,
        members: &'static [&'static str],
        required: Option<&'static str>,
    },
}

/// One user attribute: its `AttributePath`, its member in the wire shapes, its rules.
#[derive(Debug)]
struct Attribute {
    path: &'static str,
    member: &'static str,
    kind: Kind,
}

const NAME_PARTS: [(&str, &str); 6] = [
    ("formatted", "Formatted"),
    ("familyName", "FamilyName"),
    ("givenName", "GivenName"),
    ("middleName", "MiddleName"),
    ("honorificPrefix", "HonorificPrefix"),
    ("honorificSuffix", "HonorificSuffix"),
];
const VALUE_MEMBERS: &[&str] = &["Value", "Type", "Primary"];
const ADDRESS_MEMBERS: &[&str] = &[
    "StreetAddress",
    "Locality",
    "Region",
    "PostalCode",
    "Country",
    "Formatted",
    "Type",
    "Primary",
];
const PHOTO_MEMBERS: &[&str] = &["Value", "Type", "Display", "Primary"];

const fn list(max: usize, members: &'static [&'static str]) -> Kind {
    Kind::List {
        max,
        members,
        required: None,
    }
}

const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        path: "userName",
        member: "UserName",
        kind: Kind::UserName,
    },
    Attribute {
        path: "name",
        member: "Name",
        kind: Kind::Name,
    },
    Attribute {
        path: "displayName",
        member: "DisplayName",
        kind: Kind::Text,
    },
    Attribute {
        path: "nickName",
        member: "NickName",
        kind: Kind::Text,
    },
    Attribute {
        path: "profileUrl",
        member: "ProfileUrl",
        kind: Kind::Text,
    },
    Attribute {
        path: "emails",
        member: "Emails",
        kind: list(1, VALUE_MEMBERS),
    },
    Attribute {
        path: "addresses",
        member: "Addresses",
        kind: list(1, ADDRESS_MEMBERS),
    },
    Attribute {
        path: "phoneNumbers",
        member: "PhoneNumbers",
        kind: list(1, VALUE_MEMBERS),
    },
    Attribute {
        path: "userType",
        member: "UserType",
        kind: Kind::Text,
    },
    Attribute {
        path: "title",
        member: "Title",
        kind: Kind::Text,
    },
    Attribute {
        path: "preferredLanguage",
        member: "PreferredLanguage",
        kind: Kind::Text,
    },
    Attribute {
        path: "locale",
        member: "Locale",
        kind: Kind::Text,
    },
    Attribute {
        path: "timezone",
        member: "Timezone",
        kind: Kind::Text,
    },
    Attribute {
        path: "photos",
        member: "Photos",
        kind: Kind::List {
            max: 3,
            members: PHOTO_MEMBERS,
            required: Some("Value"),
        },
    },
    Attribute {
        path: "website",
        member: "Website",
        kind: Kind::Text,
    },
    Attribute {
        path: "birthdate",
        member: "Birthdate",
        kind: Kind::Text,
    },
    Attribute {
        path: "roles",
        member: "Roles",
        kind: list(1, VALUE_MEMBERS),
    },
];

/// Lower-camel form of a wire member, as AWS names members in validation messages.
fn lower_camel(member: &str) -> String {
    let mut chars = member.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn validation(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "ValidationException", message)
}

fn not_found(resource_type: &str, id: &str) -> AwsError {
    let what = match resource_type {
        "IDENTITY_STORE" => "Identity store",
        _ => "User",
    };
    AwsError::new(
        400,
        "ResourceNotFoundException",
        format!("{what} {id} does not exist."),
    )
    .with_field("ResourceType", resource_type)
    .with_field("ResourceId", id)
}

fn conflict(reason: &str, message: &str) -> AwsError {
    AwsError::new(400, "ConflictException", message).with_field("Reason", reason)
}

/// The error a test injected for this call, shaped like the real one.
fn injected(state: &SandboxState, operation: &str, target: &str) -> Result<(), AwsError> {
    match state.injected_fault(SERVICE, operation, target) {
        None => Ok(()),
        Some(code) => Err(fault_error(&code, target)),
    }
}

fn fault_error(code: &str, target: &str) -> AwsError {
    const INJECTED: &str = "Injected by the sandbox for a test.";
    match code {
        "ResourceNotFoundException" => not_found("USER", target),
        "ConflictException" => conflict("CONCURRENT_MODIFICATION", INJECTED),
        "ThrottlingException" => {
            AwsError::new(400, code, INJECTED).with_field("RetryAfterSeconds", 1)
        }
        "InternalServerException" => {
            AwsError::new(500, code, INJECTED).with_field("RetryAfterSeconds", 1)
        }
        _ => AwsError::new(400, code, INJECTED),
    }
}

fn now_epoch_seconds() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| (d.as_millis() as f64) / 1000.0)
        .unwrap_or_default()
}

#[derive(Debug, Clone)]
struct User {
    id: String,
    revision: u64,
    /// Every set attribute in its wire form (`DisplayName`, `Emails`…); unset ones are absent.
    attributes: Map<String, Value>,
    status: &'static str,
    created_at: f64,
    created_by: String,
    updated_at: f64,
    updated_by: String,
    /// The `aws:identitystore:enterprise` extension, returned only when asked for.
    enterprise: Option<Value>,
}

impl User {
    fn user_name(&self) -> Option<&str> {
        self.attributes.get("UserName").and_then(Value::as_str)
    }

    fn to_json(&self, store_id: &str, extensions: &[String]) -> Value {
        let mut out = Map::new();
        out.insert("IdentityStoreId".into(), store_id.into());
        out.insert("UserId".into(), self.id.clone().into());
        out.insert("UserArn".into(), user_arn(&self.id).into());
        out.insert("Revision".into(), self.revision.to_string().into());
        out.extend(self.attributes.clone());
        out.insert("UserStatus".into(), self.status.into());
        out.insert("CreatedAt".into(), self.created_at.into());
        out.insert("CreatedBy".into(), self.created_by.clone().into());
        out.insert("UpdatedAt".into(), self.updated_at.into());
        out.insert("UpdatedBy".into(), self.updated_by.clone().into());
        if let Some(enterprise) = &self.enterprise
            && extensions.iter().any(|e| e == ENTERPRISE)
        {
            let mut map = Map::new();
            map.insert(ENTERPRISE.to_owned(), enterprise.clone());
            out.insert("Extensions".into(), Value::Object(map));
        }
        Value::Object(out)
    }
}

fn user_arn(user_id: &str) -> String {
    format!("arn:aws:identitystore:::user/{user_id}")
}

#[derive(Debug, Clone)]
struct IdentityStore {
    id: String,
    /// The name of the IAM Identity Center instance the store belongs to.
    instance_name: String,
    created_at: i64,
    users: Vec<User>,
}

impl IdentityStore {
    /// The ten hex digits that prefix every user id of this store.
    fn hex(&self) -> &str {
        self.id.trim_start_matches("d-")
    }

    fn find(&self, user_id: &str) -> Option<usize> {
        self.users.iter().position(|u| u.id == user_id)
    }

    /// Whether another user than `except` already has this user name.
    fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let wanted = name.to_lowercase();
        self.users.iter().any(|u| {
            Some(u.id.as_str()) != except
                && u.user_name().is_some_and(|n| n.to_lowercase() == wanted)
        })
    }
}

/// What SSO Admin's `ListInstances` reports about the instance owning one identity store.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceInfo {
    pub identity_store_id: String,
    pub name: String,
    /// Epoch seconds.
    pub created_at: i64,
}

/// Every identity store of the sandbox account, each with its users.
#[derive(Debug)]
pub struct Store {
    stores: Vec<IdentityStore>,
}

impl Store {
    /// Two identity stores: `d-9067a1b2c3` (30 users, managed in the console) and
    /// `d-90660f4e7d` (12 users, provisioned from an external IdP, with external ids).
    pub fn seeded() -> Self {
        let stores = vec![
            seed::seeded_store(0, "d-9067a1b2c3", "example-workforce", 1_677_628_800, 30),
            seed::seeded_store(1, "d-90660f4e7d", "example-labs", 1_718_150_400, 12),
        ];
        Self { stores }
    }

    /// The ids of every identity store, in creation order.
    pub fn store_ids(&self) -> Vec<String> {
        self.stores.iter().map(|s| s.id.clone()).collect()
    }

    /// One entry per identity store, for SSO Admin's `ListInstances`.
    pub fn instances(&self) -> Vec<InstanceInfo> {
        self.stores
            .iter()
            .map(|s| InstanceInfo {
                identity_store_id: s.id.clone(),
                name: s.instance_name.clone(),
                created_at: s.created_at,
            })
            .collect()
    }

    fn store(&self, id: &str) -> Result<&IdentityStore, AwsError> {
        self.stores
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| not_found("IDENTITY_STORE", id))
    }

    fn store_mut(&mut self, id: &str) -> Result<&mut IdentityStore, AwsError> {
        self.stores
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| not_found("IDENTITY_STORE", id))
    }
}

#[cfg(test)]
mod tests;
