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
use serde_json::{Map, Value, json};

use crate::aws_json::{Operation, opt_i64, opt_str, serialization};
use crate::page::paginate;
use crate::{AwsError, SandboxState, seed, validate};

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
            seeded_store(0, "d-9067a1b2c3", "example-workforce", 1_677_628_800, 30),
            seeded_store(1, "d-90660f4e7d", "example-labs", 1_718_150_400, 12),
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

// ---------------------------------------------------------------------------------------------
// The seed

/// Street, city, region, postal code, country, locale, time zone, phone prefix.
type Place = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PLACES: [Place; 12] = [
    (
        "1200 Pine St",
        "Seattle",
        "WA",
        "98101",
        "US",
        "en-US",
        "America/Los_Angeles",
        "+1 206 555 01",
    ),
    (
        "350 5th Ave",
        "New York",
        "NY",
        "10118",
        "US",
        "en-US",
        "America/New_York",
        "+1 212 555 01",
    ),
    (
        "Invalidenstraße 43",
        "Berlin",
        "Berlin",
        "10115",
        "DE",
        "de-DE",
        "Europe/Berlin",
        "+49 30 5550 10",
    ),
    (
        "12 Rue du Sentier",
        "Paris",
        "Île-de-France",
        "75002",
        "FR",
        "fr-FR",
        "Europe/Paris",
        "+33 1 55 50 10",
    ),
    (
        "2-21-1 Shibuya",
        "Tokyo",
        "Tokyo",
        "150-0002",
        "JP",
        "ja-JP",
        "Asia/Tokyo",
        "+81 3 5550 10",
    ),
    (
        "Av. Paulista, 1578",
        "São Paulo",
        "SP",
        "01310-200",
        "BR",
        "pt-BR",
        "America/Sao_Paulo",
        "+55 11 5550 10",
    ),
    (
        "1 Finsbury Ave",
        "London",
        "England",
        "EC2M 2PF",
        "GB",
        "en-GB",
        "Europe/London",
        "+44 20 7946 01",
    ),
    (
        "Klarabergsgatan 29",
        "Stockholm",
        "Stockholm",
        "111 21",
        "SE",
        "sv-SE",
        "Europe/Stockholm",
        "+46 8 555 010",
    ),
    (
        "Gran Vía 28",
        "Madrid",
        "Madrid",
        "28013",
        "ES",
        "es-ES",
        "Europe/Madrid",
        "+34 91 555 01",
    ),
    (
        "45 MG Road",
        "Bengaluru",
        "Karnataka",
        "560001",
        "IN",
        "en-IN",
        "Asia/Kolkata",
        "+91 80 5550 10",
    ),
    (
        "12 Adeola Odeku St",
        "Lagos",
        "Lagos",
        "101241",
        "NG",
        "en-NG",
        "Africa/Lagos",
        "+234 1 555 01",
    ),
    (
        "100 King St W",
        "Toronto",
        "ON",
        "M5X 1A9",
        "CA",
        "en-CA",
        "America/Toronto",
        "+1 416 555 01",
    ),
];

const TITLES: [&str; 16] = [
    "Software Engineer",
    "Senior Software Engineer",
    "Engineering Manager",
    "Product Manager",
    "Data Analyst",
    "Site Reliability Engineer",
    "Security Engineer",
    "UX Designer",
    "Technical Writer",
    "Support Specialist",
    "Finance Analyst",
    "Recruiter",
    "Solutions Architect",
    "QA Engineer",
    "Sales Director",
    "Head of Operations",
];
const DEPARTMENTS: [&str; 6] = [
    "Engineering",
    "Product",
    "Finance",
    "People",
    "Sales",
    "Operations",
];
const NICKNAMES: [&str; 8] = ["Ace", "Sunny", "Kit", "Max", "Jay", "Bee", "Sky", "Dee"];
const MIDDLE_NAMES: [&str; 4] = ["Marie", "José", "Anne", "Lee"];
const ROLES: [&str; 4] = ["Developer", "Approver", "Auditor", "Administrator"];

fn seeded_store(
    index: u64,
    id: &str,
    instance_name: &str,
    created_at: i64,
    count: usize,
) -> IdentityStore {
    let mut store = IdentityStore {
        id: id.to_owned(),
        instance_name: instance_name.to_owned(),
        created_at,
        users: Vec::with_capacity(count),
    };
    let external = index == 1;
    let (domain, created_by) = if external {
        (
            "labs.example.org",
            format!(
                "arn:aws:sts::{}:assumed-role/AWSReservedSSO_IdentitySync_4b2f9c1d7e3a5f60/scim-provisioner",
                crate::ACCOUNT_ID
            ),
        )
    } else {
        (
            "example.com",
            format!("arn:aws:iam::{}:user/idc-admin", crate::ACCOUNT_ID),
        )
    };
    for i in 0..count {
        let first = seed::FIRST_NAMES[(i * 7 + index as usize * 3) % 40];
        let last = seed::LAST_NAMES[(i * 11 + index as usize * 17) % 40];
        let handle = format!("{}.{}", seed::ascii_slug(first), seed::ascii_slug(last));
        let email = format!("{handle}@{domain}");
        let (street, city, region, postal, country, locale, timezone, phone) =
            PLACES[(i * 5 + index as usize * 2) % PLACES.len()];
        let mut a = Map::new();
        a.insert(
            "UserName".into(),
            if external {
                email.clone()
            } else {
                handle.clone()
            }
            .into(),
        );
        let mut name = json!({ "GivenName": first, "FamilyName": last, "Formatted": format!("{first} {last}") });
        if i % 8 == 5 {
            let middle = MIDDLE_NAMES[i % MIDDLE_NAMES.len()];
            name["MiddleName"] = middle.into();
            name["Formatted"] = format!("{first} {middle} {last}").into();
        }
        if i % 10 == 3 {
            name["HonorificPrefix"] = "Dr.".into();
        }
        if i % 13 == 9 {
            name["HonorificSuffix"] = "PhD".into();
        }
        a.insert("Name".into(), name);
        a.insert("DisplayName".into(), format!("{first} {last}").into());
        if i % 4 == 1 {
            a.insert("NickName".into(), NICKNAMES[i % NICKNAMES.len()].into());
        }
        if i % 4 == 2 {
            a.insert(
                "ProfileUrl".into(),
                format!("https://intranet.{domain}/people/{handle}").into(),
            );
        }
        a.insert(
            "Emails".into(),
            json!([{ "Value": email, "Type": "work", "Primary": true }]),
        );
        if i % 7 != 4 {
            a.insert(
                "Addresses".into(),
                json!([{
                    "StreetAddress": street,
                    "Locality": city,
                    "Region": region,
                    "PostalCode": postal,
                    "Country": country,
                    "Formatted": format!("{street}\n{postal} {city} {region}\n{country}"),
                    "Type": "work",
                    "Primary": true,
                }]),
            );
        }
        if i % 5 != 3 {
            let kind = if i % 2 == 0 { "work" } else { "mobile" };
            a.insert(
                "PhoneNumbers".into(),
                json!([{ "Value": format!("{phone}{i:02}"), "Type": kind, "Primary": true }]),
            );
        }
        let user_type = match i % 6 {
            5 => "Contractor",
            _ if i == 13 => "Intern",
            _ => "Employee",
        };
        a.insert("UserType".into(), user_type.into());
        if i % 9 != 2 {
            a.insert(
                "Title".into(),
                TITLES[(i * 3 + index as usize) % TITLES.len()].into(),
            );
        }
        if i % 11 != 8 {
            a.insert("PreferredLanguage".into(), locale.into());
            a.insert("Locale".into(), locale.into());
            a.insert("Timezone".into(), timezone.into());
        }
        if i % 6 == 0 {
            let mut photos = vec![json!({
                "Value": format!("https://avatars.{domain}/{handle}.png"),
                "Type": "photo",
                "Display": format!("{first} {last}"),
                "Primary": true,
            })];
            if i % 12 == 0 {
                photos.push(json!({
                    "Value": format!("https://avatars.{domain}/{handle}-thumb.png"),
                    "Type": "thumbnail",
                    "Primary": false,
                }));
            }
            a.insert("Photos".into(), Value::Array(photos));
        }
        if i % 3 == 0 {
            a.insert(
                "Website".into(),
                format!("https://{handle}.example.net").into(),
            );
        }
        if i % 5 == 0 {
            a.insert(
                "Birthdate".into(),
                format!(
                    "19{}-{:02}-{:02}",
                    70 + i % 25,
                    1 + i % 12,
                    1 + (i * 7) % 28
                )
                .into(),
            );
        }
        if i % 4 == 0 {
            a.insert(
                "Roles".into(),
                json!([{ "Value": ROLES[(i / 4) % ROLES.len()], "Type": "access", "Primary": true }]),
            );
        }
        if external {
            a.insert(
                "ExternalIds".into(),
                json!([{ "Issuer": "https://labs-example.okta.com", "Id": format!("00u{}", seed::hex(seed::mix(index * 1000 + i as u64) ^ 0x0c7a, 17)) }]),
            );
        }
        let enterprise = (!external && i % 2 == 0).then(|| {
            json!({
                "employeeNumber": format!("E{:05}", 10_000 + i * 37),
                "costCenter": format!("CC-{}", 100 + (i % 6) * 10),
                "organization": "Example Corp",
                "department": DEPARTMENTS[i % DEPARTMENTS.len()],
            })
        });
        let revision = 1 + (i as u64 * 3) % 5;
        let created = (created_at + 86_400 * (i as i64 * 9 + 3)) as f64;
        store.users.push(User {
            id: format!(
                "{}-{}",
                store.hex(),
                seed::uuid(seed::mix(index * 1000 + i as u64))
            ),
            revision,
            attributes: a,
            status: if (index, i) == (0, 17) || (index, i) == (1, 7) {
                "DISABLED"
            } else {
                "ENABLED"
            },
            created_at: created,
            created_by: created_by.clone(),
            updated_at: created + (revision * 3600 * 7) as f64,
            updated_by: created_by.clone(),
            enterprise,
        });
    }
    store
}

// ---------------------------------------------------------------------------------------------
// Input reading and validation

fn opt_array<'a>(input: &'a Value, member: &str) -> Result<Option<&'a Vec<Value>>, AwsError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(serialization(member)),
    }
}

fn list_length(member: &str, len: usize, min: usize, max: usize) -> Result<(), AwsError> {
    let constraint = if len < min {
        format!("Member must have length greater than or equal to {min}")
    } else if len > max {
        format!("Member must have length less than or equal to {max}")
    } else {
        return Ok(());
    };
    Err(validation(format!(
        "1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
    )))
}

/// `IdentityStoreId`, in id or ARN form; answers the bare id.
fn store_id(input: &Value) -> Result<String, AwsError> {
    let raw = opt_str(input, "IdentityStoreId")?
        .ok_or_else(|| validation(validate::required("identityStoreId")))?;
    validate::length("identityStoreId", raw, 1, 93).map_err(validation)?;
    validate::pattern("identityStoreId", raw, &STORE_ID).map_err(validation)?;
    Ok(raw.rsplit('/').next().unwrap_or(raw).to_owned())
}

/// `UserId`, in id or ARN form; answers the bare id.
fn user_id(input: &Value) -> Result<String, AwsError> {
    let raw = opt_str(input, "UserId")?.ok_or_else(|| validation(validate::required("userId")))?;
    validate::length("userId", raw, 1, 100).map_err(validation)?;
    validate::pattern("userId", raw, &USER_ID).map_err(validation)?;
    Ok(raw.rsplit('/').next().unwrap_or(raw).to_owned())
}

/// `Extensions` (DescribeUser, ListUsers): 1–10 names, of which only the enterprise one exists.
fn extensions(input: &Value) -> Result<Vec<String>, AwsError> {
    let Some(items) = opt_array(input, "Extensions")? else {
        return Ok(Vec::new());
    };
    list_length("extensions", items.len(), 1, 10)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let member = format!("extensions.{}.member", i + 1);
        let name = item.as_str().ok_or_else(|| serialization("Extensions"))?;
        validate::length(&member, name, 1, 50).map_err(validation)?;
        validate::pattern(&member, name, &EXTENSION_NAME).map_err(validation)?;
        if name != ENTERPRISE {
            return Err(validation(format!(
                "Extension {name} is not supported; the supported extension is {ENTERPRISE}."
            )));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

fn text(at: &str, value: &Value, max: usize, re: &Regex) -> Result<String, AwsError> {
    let s = value
        .as_str()
        .ok_or_else(|| validation(format!("The value for {at} must be a string.")))?;
    validate::length(at, s, 1, max).map_err(validation)?;
    validate::pattern(at, s, re).map_err(validation)?;
    Ok(s.to_owned())
}

/// The wire name of `key` among `members`, ignoring case.
fn canonical(key: &str, members: &[&'static str]) -> Option<&'static str> {
    members
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(key))
}

/// A `Name` document: any of its six members, each a text value.
fn name_value(at: &str, value: &Value) -> Result<Option<Value>, AwsError> {
    let fields = value
        .as_object()
        .ok_or_else(|| validation(format!("The value for {at} must be an object.")))?;
    let members: Vec<&'static str> = NAME_PARTS.iter().map(|(_, m)| *m).collect();
    let mut out = Map::new();
    for (key, v) in fields {
        let member = canonical(key, &members)
            .ok_or_else(|| validation(format!("{at} has no member {key}.")))?;
        if v.is_null() {
            continue;
        }
        let at = format!("{at}.{}", lower_camel(member));
        out.insert(member.to_owned(), text(&at, v, TEXT_MAX, &TEXT)?.into());
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

/// A multi-valued attribute: a list of objects with the given members.
fn list_value(
    at: &str,
    value: &Value,
    max: usize,
    members: &[&'static str],
    required: Option<&str>,
) -> Result<Value, AwsError> {
    let items = value
        .as_array()
        .ok_or_else(|| validation(format!("The value for {at} must be a list.")))?;
    list_length(at, items.len(), 1, max)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_at = format!("{at}.{}.member", i + 1);
        let fields = item
            .as_object()
            .ok_or_else(|| validation(format!("Each item of {at} must be an object.")))?;
        let mut canonical_item = Map::new();
        for (key, v) in fields {
            let member = canonical(key, members)
                .ok_or_else(|| validation(format!("{item_at} has no member {key}.")))?;
            if v.is_null() {
                continue;
            }
            let member_at = format!("{item_at}.{}", lower_camel(member));
            let v = if member == "Primary" {
                Value::Bool(v.as_bool().ok_or_else(|| {
                    validation(format!("The value for {member_at} must be a boolean."))
                })?)
            } else {
                text(&member_at, v, TEXT_MAX, &TEXT)?.into()
            };
            canonical_item.insert(member.to_owned(), v);
        }
        if let Some(required) = required
            && !canonical_item.contains_key(required)
        {
            return Err(validation(validate::required(&format!(
                "{item_at}.{}",
                lower_camel(required)
            ))));
        }
        out.push(Value::Object(canonical_item));
    }
    Ok(Value::Array(out))
}

/// Checks a value for a whole attribute; `None` means "nothing to store" (an empty name).
fn attribute_value(at: &str, kind: Kind, value: &Value) -> Result<Option<Value>, AwsError> {
    match kind {
        Kind::UserName => Ok(Some(text(at, value, USER_NAME_MAX, &USER_NAME)?.into())),
        Kind::Text | Kind::NamePart(_) => Ok(Some(text(at, value, TEXT_MAX, &TEXT)?.into())),
        Kind::Name => name_value(at, value),
        Kind::List {
            max,
            members,
            required,
        } => list_value(at, value, max, members, required).map(Some),
    }
}

/// What an `AttributePath` designates.
fn resolve(path: &str) -> Result<(&'static str, Kind), AwsError> {
    if let Some(attribute) = ATTRIBUTES
        .iter()
        .find(|a| a.path.eq_ignore_ascii_case(path))
    {
        return Ok((attribute.member, attribute.kind));
    }
    if let Some((head, tail)) = path.split_once('.') {
        if head.eq_ignore_ascii_case("name")
            && let Some((_, member)) = NAME_PARTS
                .iter()
                .find(|(p, _)| p.eq_ignore_ascii_case(tail))
        {
            return Ok(("Name", Kind::NamePart(member)));
        }
        if let Some(attribute) = ATTRIBUTES
            .iter()
            .find(|a| matches!(a.kind, Kind::List { .. }) && a.path.eq_ignore_ascii_case(head))
        {
            return Err(validation(format!(
                "Unsupported update operation on multi-value attribute {}, please provide full replacement of Multi-Value attribute types",
                attribute.path
            )));
        }
    }
    Err(validation(format!(
        "Invalid attribute path {path}: it names no attribute of a user."
    )))
}

/// Applies one attribute operation to a user's attributes.
fn apply(
    attributes: &mut Map<String, Value>,
    path: &str,
    value: Option<&Value>,
) -> Result<(), AwsError> {
    let (member, kind) = resolve(path)?;
    let value = value.filter(|v| !v.is_null());
    match (kind, value) {
        (Kind::UserName, None) => Err(validation(
            "The userName attribute is required and cannot be removed.",
        )),
        (Kind::NamePart(part), None) => {
            if let Some(Value::Object(name)) = attributes.get_mut("Name") {
                name.remove(part);
                if name.is_empty() {
                    attributes.remove("Name");
                }
            }
            Ok(())
        }
        (_, None) => {
            attributes.remove(member);
            Ok(())
        }
        (Kind::NamePart(part), Some(value)) => {
            let at = format!("name.{}", lower_camel(part));
            let checked = attribute_value(&at, kind, value)?.unwrap_or_default();
            let name = attributes
                .entry("Name")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(name) = name {
                name.insert(part.to_owned(), checked);
            }
            Ok(())
        }
        (_, Some(value)) => {
            match attribute_value(&lower_camel(member), kind, value)? {
                Some(checked) => attributes.insert(member.to_owned(), checked),
                None => attributes.remove(member),
            };
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Operations

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "identitystore";

/// The identity store operation called `name`, if the sandbox emulates it.
pub(crate) fn operation(name: &str) -> Option<Operation> {
    match name {
        "ListUsers" => Some(list_users),
        "DescribeUser" => Some(describe_user),
        "UpdateUser" => Some(update_user),
        "CreateUser" => Some(create_user),
        _ => None,
    }
}

fn list_users(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let extensions = extensions(input)?;
    let max = match opt_i64(input, "MaxResults")? {
        None => MAX_RESULTS,
        Some(n) => {
            validate::range("maxResults", n, 1, MAX_RESULTS).map_err(validation)?;
            n
        }
    };
    let token = opt_str(input, "NextToken")?;
    if let Some(token) = token {
        validate::length("nextToken", token, 1, 65_535).map_err(validation)?;
        validate::pattern("nextToken", token, &NEXT_TOKEN).map_err(validation)?;
    }
    let user_name_filter = list_filter(input)?;
    injected(state, "ListUsers", &store_id)?;

    let stores = crate::lock(&state.identitystore);
    let store = stores.store(&store_id)?;
    let wanted = user_name_filter.map(|n| n.to_lowercase());
    let matching: Vec<&User> = store
        .users
        .iter()
        .filter(|u| {
            wanted
                .as_deref()
                .is_none_or(|w| u.user_name().is_some_and(|n| n.to_lowercase() == w))
        })
        .collect();
    let page = paginate(&matching, token, usize::try_from(max).unwrap_or(1))
        .map_err(|_| validation("The NextToken is not valid for this request."))?;
    let mut output = json!({
        "Users": page.items.iter().map(|u| u.to_json(&store.id, &extensions)).collect::<Vec<_>>(),
    });
    if let Some(next) = page.next_token {
        output["NextToken"] = Value::String(next);
    }
    Ok(output)
}

/// `ListUsers.Filters`: at most one, on `UserName`. Answers the user name to match.
fn list_filter(input: &Value) -> Result<Option<String>, AwsError> {
    let Some(items) = opt_array(input, "Filters")? else {
        return Ok(None);
    };
    list_length("filters", items.len(), 0, 1)?;
    let Some(filter) = items.first() else {
        return Ok(None);
    };
    if !filter.is_object() {
        return Err(serialization("Filters"));
    }
    let path_at = "filters.1.member.attributePath";
    let path =
        opt_str(filter, "AttributePath")?.ok_or_else(|| validation(validate::required(path_at)))?;
    validate::length(path_at, path, 1, 255).map_err(validation)?;
    validate::pattern(path_at, path, &ATTRIBUTE_PATH).map_err(validation)?;
    let value_at = "filters.1.member.attributeValue";
    let value = opt_str(filter, "AttributeValue")?
        .ok_or_else(|| validation(validate::required(value_at)))?;
    validate::length(value_at, value, 1, TEXT_MAX).map_err(validation)?;
    validate::pattern(value_at, value, &TEXT).map_err(validation)?;
    if !path.eq_ignore_ascii_case("UserName") {
        return Err(validation(format!(
            "Filtering users on {path} is not supported; the supported attribute path is UserName."
        )));
    }
    Ok(Some(value.to_owned()))
}

fn describe_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_id = user_id(input)?;
    injected(state, "DescribeUser", &user_id)?;
    let extensions = extensions(input)?;

    let stores = crate::lock(&state.identitystore);
    let store = stores.store(&store_id)?;
    let index = store
        .find(&user_id)
        .ok_or_else(|| not_found("USER", &user_id))?;
    Ok(store.users[index].to_json(&store.id, &extensions))
}

fn update_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_id = user_id(input)?;
    injected(state, "UpdateUser", &user_id)?;
    let operations = opt_array(input, "Operations")?
        .ok_or_else(|| validation(validate::required("operations")))?;
    list_length("operations", operations.len(), 1, MAX_OPERATIONS)?;
    let mut parsed = Vec::with_capacity(operations.len());
    for (i, operation) in operations.iter().enumerate() {
        if !operation.is_object() {
            return Err(serialization("Operations"));
        }
        let at = format!("operations.{}.member.attributePath", i + 1);
        let path = opt_str(operation, "AttributePath")?
            .ok_or_else(|| validation(validate::required(&at)))?;
        validate::length(&at, path, 1, 255).map_err(validation)?;
        validate::pattern(&at, path, &ATTRIBUTE_PATH).map_err(validation)?;
        parsed.push((path, operation.get("AttributeValue")));
    }
    let revision = opt_str(input, "Revision")?;
    if let Some(revision) = revision {
        validate::length("revision", revision, 1, 64).map_err(validation)?;
        validate::pattern("revision", revision, &REVISION).map_err(validation)?;
    }

    let mut stores = crate::lock(&state.identitystore);
    let store = stores.store_mut(&store_id)?;
    let index = store
        .find(&user_id)
        .ok_or_else(|| not_found("USER", &user_id))?;
    let user = &store.users[index];
    if revision.is_some_and(|r| r != user.revision.to_string()) {
        return Err(conflict(
            "CONCURRENT_MODIFICATION",
            "The user was modified since the given revision; read it again and retry.",
        ));
    }
    // Work on a copy so a failing operation leaves the user untouched.
    let mut attributes = user.attributes.clone();
    for (path, value) in parsed {
        apply(&mut attributes, path, value)?;
    }
    let new_name = attributes.get("UserName").and_then(Value::as_str);
    if new_name != user.user_name()
        && let Some(name) = new_name
        && store.name_taken(name, Some(&user_id))
    {
        return Err(conflict(
            "UNIQUENESS_CONSTRAINT_VIOLATION",
            "Another user in this identity store already has that user name.",
        ));
    }
    let user = &mut store.users[index];
    user.attributes = attributes;
    user.revision += 1;
    user.updated_at = now_epoch_seconds();
    user.updated_by = sandbox_caller();
    Ok(json!({
        "IdentityStoreId": store.id,
        "UserId": user.id,
        "UserArn": user_arn(&user.id),
        "Revision": user.revision.to_string(),
    }))
}

fn create_user(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let store_id = store_id(input)?;
    let user_name =
        opt_str(input, "UserName")?.ok_or_else(|| validation(validate::required("userName")))?;
    text(
        "userName",
        &Value::from(user_name),
        USER_NAME_MAX,
        &USER_NAME,
    )?;
    injected(state, "CreateUser", user_name)?;
    let mut attributes = Map::new();
    for attribute in ATTRIBUTES {
        let Some(value) = input.get(attribute.member).filter(|v| !v.is_null()) else {
            continue;
        };
        if let Some(checked) =
            attribute_value(&lower_camel(attribute.member), attribute.kind, value)?
        {
            attributes.insert(attribute.member.to_owned(), checked);
        }
    }
    let enterprise = match input.get("Extensions").filter(|v| !v.is_null()) {
        None => None,
        Some(Value::Object(map)) => {
            list_length("extensions", map.len(), 1, 10)?;
            let mut enterprise = None;
            for (name, document) in map {
                if name != ENTERPRISE {
                    return Err(validation(format!(
                        "Extension {name} is not supported; the supported extension is {ENTERPRISE}."
                    )));
                }
                if !document.is_object() {
                    return Err(validation(format!(
                        "The {ENTERPRISE} extension must be an object."
                    )));
                }
                enterprise = Some(document.clone());
            }
            enterprise
        }
        Some(_) => return Err(serialization("Extensions")),
    };

    let mut stores = crate::lock(&state.identitystore);
    let store = stores.store_mut(&store_id)?;
    if store.name_taken(user_name, None) {
        return Err(conflict(
            "UNIQUENESS_CONSTRAINT_VIOLATION",
            "Another user in this identity store already has that user name.",
        ));
    }
    if store.users.len() >= MAX_USERS {
        return Err(AwsError::new(
            400,
            "ServiceQuotaExceededException",
            format!("The identity store already holds the maximum of {MAX_USERS} users."),
        ));
    }
    let now = now_epoch_seconds();
    let user = User {
        id: format!("{}-{}", store.hex(), uuid::Uuid::new_v4()),
        revision: 1,
        attributes,
        status: "ENABLED",
        created_at: now,
        created_by: sandbox_caller(),
        updated_at: now,
        updated_by: sandbox_caller(),
        enterprise,
    };
    let output = json!({
        "IdentityStoreId": store.id,
        "UserId": user.id,
        "UserArn": user_arn(&user.id),
        "Revision": user.revision.to_string(),
    });
    store.users.push(user);
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_has_two_stores_of_valid_users() {
        let store = Store::seeded();
        assert_eq!(store.store_ids(), ["d-9067a1b2c3", "d-90660f4e7d"]);
        assert!(store.stores[0].users.len() >= 26);
        assert!(store.stores[1].users.len() >= 10);
        for s in &store.stores {
            assert!(STORE_ID.is_match(&s.id));
            for user in &s.users {
                assert!(USER_ID.is_match(&user.id), "{}", user.id);
                assert!(user.id.starts_with(s.hex()));
                let arn = user_arn(&user.id);
                assert!((60..=100).contains(&arn.len()));
                for attribute in ATTRIBUTES {
                    if let Some(value) = user.attributes.get(attribute.member) {
                        let checked = attribute_value(attribute.path, attribute.kind, value)
                            .unwrap_or_else(|e| {
                                panic!("{} {}: {}", user.id, attribute.path, e.message)
                            });
                        assert_eq!(checked.as_ref(), Some(value), "{}", attribute.path);
                    }
                }
                assert!(!s.name_taken(user.user_name().unwrap(), Some(&user.id)));
            }
        }
        // Some users lack some fields, so the UI meets the gaps.
        let users = &store.stores[0].users;
        assert!(
            users
                .iter()
                .any(|u| !u.attributes.contains_key("PhoneNumbers"))
        );
        assert!(
            users
                .iter()
                .any(|u| !u.attributes.contains_key("Addresses"))
        );
        assert!(users.iter().any(|u| !u.attributes.contains_key("Title")));
        assert!(users.iter().any(|u| u.status == "DISABLED"));
    }

    #[test]
    fn the_seed_is_deterministic() {
        let a = Store::seeded();
        let b = Store::seeded();
        let ids = |s: &Store| {
            s.stores
                .iter()
                .flat_map(|s| s.users.iter().map(|u| u.id.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn paths_resolve_case_insensitively() {
        assert_eq!(resolve("displayName").unwrap().0, "DisplayName");
        assert_eq!(resolve("DisplayName").unwrap().0, "DisplayName");
        assert!(matches!(
            resolve("name.givenName").unwrap(),
            ("Name", Kind::NamePart("GivenName"))
        ));
        let err = resolve("emails.value").unwrap_err();
        assert!(err.message.contains("multi-value attribute emails"));
        let err = resolve("favouriteColour").unwrap_err();
        assert!(err.message.contains("favouriteColour"));
        assert!(resolve("name.nickname").is_err());
    }

    #[test]
    fn operations_set_and_remove_attributes() {
        let mut attributes = Map::new();
        attributes.insert("UserName".into(), "ada".into());
        apply(&mut attributes, "name.givenName", Some(&json!("Ada"))).unwrap();
        apply(&mut attributes, "name.familyName", Some(&json!("Lovelace"))).unwrap();
        assert_eq!(
            attributes["Name"],
            json!({"GivenName": "Ada", "FamilyName": "Lovelace"})
        );
        apply(&mut attributes, "name.givenName", None).unwrap();
        apply(&mut attributes, "name.familyName", Some(&Value::Null)).unwrap();
        assert!(!attributes.contains_key("Name"), "an empty name is dropped");
        apply(
            &mut attributes,
            "emails",
            Some(&json!([{"value": "a@b.c", "type": "work", "primary": true}])),
        )
        .unwrap();
        assert_eq!(
            attributes["Emails"],
            json!([{"Value": "a@b.c", "Type": "work", "Primary": true}])
        );
        apply(&mut attributes, "emails", None).unwrap();
        assert!(!attributes.contains_key("Emails"));
        assert!(apply(&mut attributes, "userName", None).is_err());
        apply(&mut attributes, "userName", Some(&json!("ada.l"))).unwrap();
        assert_eq!(attributes["UserName"], "ada.l");
    }

    #[test]
    fn values_are_checked_against_the_model() {
        let mut a = Map::new();
        let code = |r: Result<(), AwsError>| r.unwrap_err().code;
        assert_eq!(
            code(apply(&mut a, "displayName", Some(&json!("")))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "displayName", Some(&json!("x".repeat(1025))))),
            "ValidationException"
        );
        assert!(apply(&mut a, "displayName", Some(&json!("x".repeat(1024)))).is_ok());
        assert_eq!(
            code(apply(&mut a, "displayName", Some(&json!("bell\u{7}")))),
            "ValidationException"
        );
        assert!(
            apply(
                &mut a,
                "displayName",
                Some(&json!("Zoë\u{3000}Tanaka\u{00A0}Jr."))
            )
            .is_ok()
        );
        assert_eq!(
            code(apply(&mut a, "displayName", Some(&json!(42)))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "userName", Some(&json!("has space")))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "userName", Some(&json!("u".repeat(129))))),
            "ValidationException"
        );
        let two = json!([{"Value": "a@b.c"}, {"Value": "d@e.f"}]);
        assert_eq!(
            code(apply(&mut a, "emails", Some(&two))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "emails", Some(&json!([])))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "emails", Some(&json!([{"colour": "red"}])))),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "emails", Some(&json!([{"primary": "yes"}])))),
            "ValidationException"
        );
        let photo = |n| json!({"value": format!("https://p.example/{n}.png")});
        assert!(
            apply(
                &mut a,
                "photos",
                Some(&json!([photo(1), photo(2), photo(3)]))
            )
            .is_ok()
        );
        assert_eq!(
            code(apply(
                &mut a,
                "photos",
                Some(&json!([photo(1), photo(2), photo(3), photo(4)]))
            )),
            "ValidationException"
        );
        assert_eq!(
            code(apply(&mut a, "photos", Some(&json!([{"type": "photo"}])))),
            "ValidationException"
        );
        let err = apply(&mut a, "nickName", Some(&json!("secret\u{1}"))).unwrap_err();
        assert!(!err.message.contains("secret"), "values are never echoed");
    }

    #[test]
    fn only_the_emulated_operations_are_known() {
        for name in ["ListUsers", "DescribeUser", "UpdateUser", "CreateUser"] {
            assert!(operation(name).is_some(), "{name}");
        }
        assert!(operation("DeleteUser").is_none());
    }

    #[test]
    fn lower_camel_names_members_like_aws() {
        assert_eq!(lower_camel("PhoneNumbers"), "phoneNumbers");
        assert_eq!(lower_camel(""), "");
    }
}
