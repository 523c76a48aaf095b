//! An IAM Identity Center user as the edit form sees it, the rules `UpdateUser` applies, and
//! how an edit becomes attribute operations.
//!
//! Compiled into the browser (wasm) and the server alike, so the rules below are checked
//! before anything is sent and again in the server function. They mirror the identity store
//! model (API 2020-06-15):
//!
//! | newtype             | member            | AWS rule                                                      |
//! |---------------------|-------------------|---------------------------------------------------------------|
//! | [`IdentityStoreId`] | `IdentityStoreId` | `d-` + 10 hex digits, or a UUID (the ARN form is not used here) |
//! | [`UserId`]          | `UserId`          | optional 10 hex digits + `-`, then a UUID                     |
//! | [`Revision`]        | `Revision`        | 1–64 digits                                                   |
//! | [`DisplayName`] … [`ProfileUrl`] (one per [`Field`]) | `DisplayName`, `Name.GivenName`, `Emails[].Value`… | 1–1024 characters of `[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r  　]+` |
//!
//! `UpdateUser` takes a list of attribute operations rather than a new record: an
//! `AttributePath` with an `AttributeValue` sets the attribute, one without removes it, and the
//! multi-valued attributes (`emails`, `phoneNumbers`, `addresses`) can only be replaced whole.
//! [`operations`] turns the difference between the loaded record and the edited form into
//! exactly those operations; `sdk.rs` only converts them into the SDK's documents.
//!
//! Each editable attribute is one entry of the table in `field.rs`, which also makes the form
//! ([`IdentityStoreUserForm`]) and the checked edit ([`IdentityStoreUserUpdate`]) from it.

use serde::{Deserialize, Serialize};

use crate::forms::{FieldError, RecordView};

mod diff;
mod field;
mod text;

// The split is for reading; callers keep naming everything `model::…`.
pub use diff::*;
pub use field::*;
pub use text::{allowed_char, normalize_line_breaks};

/// Input names of the hidden fields (the editable ones are [`Field::name`]).
pub const IDENTITY_STORE_ID: &str = "identity_store_id";
pub const USER_ID: &str = "user_id";
pub const REVISION: &str = "revision";

/// Length bounds of every profile string, in characters (AWS counts code points).
pub const TEXT_MIN: usize = 1;
pub const TEXT_MAX: usize = 1024;
/// `Revision` is at most 64 digits.
pub const REVISION_MAX: usize = 64;

fn is_lower_hex(c: char) -> bool {
    matches!(c, '0'..='9' | 'a'..='f')
}

/// `8-4-4-4-12` hex digits, each digit accepted by `digit`.
fn is_uuid(value: &str, digit: fn(char) -> bool) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(digit))
}

/// An identity store id: `d-` and ten lowercase hex digits, or a lowercase UUID. AWS also
/// accepts the store's ARN; userdesk's links always carry the id `ListInstances` reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdentityStoreId(String);

impl IdentityStoreId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let short = input
            .strip_prefix("d-")
            .is_some_and(|hex| hex.len() == 10 && hex.chars().all(is_lower_hex));
        if short || is_uuid(input, is_lower_hex) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                IDENTITY_STORE_ID,
                "The identity store id must be d- and ten hex digits, like d-1234567890; reload the user's page",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the configured `identity_store_ids` let userdesk touch this store: they name
    /// it, or there are none (stores are then discovered, and AWS's permissions decide).
    pub fn is_allowed_by(&self, allowed: &[String]) -> bool {
        allowed.is_empty() || allowed.contains(&self.0)
    }
}

/// A user id: optionally the store's ten lowercase hex digits and `-`, then a UUID (either
/// case), as `ListUsers` returns it. AWS also accepts the user's ARN; the links never use it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserId(String);

impl UserId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let uuid = |s: &str| is_uuid(s, |c| c.is_ascii_hexdigit());
        let prefixed = input.split_once('-').is_some_and(|(prefix, rest)| {
            prefix.len() == 10 && prefix.chars().all(is_lower_hex) && uuid(rest)
        });
        if prefixed || uuid(input) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                USER_ID,
                "The user id must be an identity store user id like 1234567890-a1b2c3d4-1234-5678-9abc-def012345678; reload the user's page",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The user's revision when the form was loaded: 1–64 digits. Sent with the update so AWS
/// refuses it (`ConflictException`) if someone changed the user since.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Revision(String);

impl Revision {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if (1..=REVISION_MAX).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                REVISION,
                format!(
                    "The revision must be 1–{REVISION_MAX} digits; reload the user's page to edit its current version"
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The one entry of `emails` or `phoneNumbers` (AWS allows exactly one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEntry {
    pub value: Option<String>,
    /// `work`, `mobile`…: kept as it is when the value changes.
    pub kind: Option<String>,
    pub primary: Option<bool>,
}

/// The one entry of `addresses` (AWS allows exactly one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressEntry {
    pub street_address: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub formatted: Option<String>,
    pub kind: Option<String>,
    pub primary: Option<bool>,
}

/// A user as `DescribeUser` returns it (the parts userdesk shows or edits).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityStoreUserRecord {
    pub identity_store_id: String,
    pub user_id: String,
    pub revision: String,
    pub user_name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// RFC 3339, or empty when AWS did not say.
    pub updated_at: String,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub middle_name: Option<String>,
    pub family_name: Option<String>,
    pub formatted_name: Option<String>,
    pub nick_name: Option<String>,
    pub title: Option<String>,
    pub user_type: Option<String>,
    pub email: Option<ContactEntry>,
    pub phone_number: Option<ContactEntry>,
    pub address: Option<AddressEntry>,
    pub preferred_language: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub profile_url: Option<String>,
}

impl IdentityStoreUserRecord {
    /// The current value of `field` (where its [`FieldSpec::current`] finds it).
    pub fn value(&self, field: Field) -> Option<&str> {
        (field.spec().current)(self)
    }

    /// How the user is named in headings: the display name, else the user name.
    pub fn title(&self) -> String {
        self.display_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.user_name.clone())
    }

    /// The form as it opens: the current values, and the revision they belong to.
    pub fn to_form(&self) -> IdentityStoreUserForm {
        let mut form = IdentityStoreUserForm {
            identity_store_id: self.identity_store_id.clone(),
            user_id: self.user_id.clone(),
            revision: self.revision.clone(),
            ..Default::default()
        };
        for field in Field::ALL {
            *form.value_mut(field) = self.value(field).unwrap_or_default().to_owned();
        }
        form
    }

    pub fn view(&self) -> RecordView {
        let mut view = RecordView::new(self.title())
            .field("user_name", "User name", self.user_name.clone())
            .field("status", "Status", self.status.clone());
        for field in Field::ALL {
            view = view.field(
                field.name(),
                field.label(),
                self.value(field).unwrap_or_default(),
            );
        }
        view.field("updated_at", "Last updated", self.updated_at.clone())
    }
}

#[cfg(test)]
mod tests;
