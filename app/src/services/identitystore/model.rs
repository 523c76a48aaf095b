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

use serde::{Deserialize, Serialize};

use crate::forms::{FieldError, RecordView};

mod diff;
mod field;

// The split is for reading; callers keep naming everything `model::…`.
pub use diff::*;
pub use field::*;

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

/// The form's inputs as typed (the server function's argument; names are the input names).
/// An empty input means "no value": a value the record had is removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityStoreUserForm {
    pub identity_store_id: String,
    pub user_id: String,
    /// The revision the form was loaded at (hidden).
    pub revision: String,
    pub display_name: String,
    pub given_name: String,
    pub middle_name: String,
    pub family_name: String,
    pub formatted_name: String,
    pub nick_name: String,
    pub title: String,
    pub user_type: String,
    pub email: String,
    pub phone_number: String,
    pub street_address: String,
    pub locality: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub formatted_address: String,
    pub preferred_language: String,
    pub locale: String,
    pub timezone: String,
    pub profile_url: String,
}

impl IdentityStoreUserForm {
    pub fn value_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::DisplayName => &mut self.display_name,
            Field::GivenName => &mut self.given_name,
            Field::MiddleName => &mut self.middle_name,
            Field::FamilyName => &mut self.family_name,
            Field::FormattedName => &mut self.formatted_name,
            Field::NickName => &mut self.nick_name,
            Field::Title => &mut self.title,
            Field::UserType => &mut self.user_type,
            Field::Email => &mut self.email,
            Field::PhoneNumber => &mut self.phone_number,
            Field::StreetAddress => &mut self.street_address,
            Field::Locality => &mut self.locality,
            Field::Region => &mut self.region,
            Field::PostalCode => &mut self.postal_code,
            Field::Country => &mut self.country,
            Field::FormattedAddress => &mut self.formatted_address,
            Field::PreferredLanguage => &mut self.preferred_language,
            Field::Locale => &mut self.locale,
            Field::Timezone => &mut self.timezone,
            Field::ProfileUrl => &mut self.profile_url,
        }
    }

    /// What was typed into `field`'s input.
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::DisplayName => &self.display_name,
            Field::GivenName => &self.given_name,
            Field::MiddleName => &self.middle_name,
            Field::FamilyName => &self.family_name,
            Field::FormattedName => &self.formatted_name,
            Field::NickName => &self.nick_name,
            Field::Title => &self.title,
            Field::UserType => &self.user_type,
            Field::Email => &self.email,
            Field::PhoneNumber => &self.phone_number,
            Field::StreetAddress => &self.street_address,
            Field::Locality => &self.locality,
            Field::Region => &self.region,
            Field::PostalCode => &self.postal_code,
            Field::Country => &self.country,
            Field::FormattedAddress => &self.formatted_address,
            Field::PreferredLanguage => &self.preferred_language,
            Field::Locale => &self.locale,
            Field::Timezone => &self.timezone,
            Field::ProfileUrl => &self.profile_url,
        }
    }
}

/// A checked edit of one user: every editable value as it should be afterwards (`None`: no
/// value), and the revision it was made against. [`operations`] derives what `UpdateUser` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityStoreUserUpdate {
    pub identity_store_id: IdentityStoreId,
    pub user_id: UserId,
    pub revision: Revision,
    pub display_name: Option<DisplayName>,
    pub given_name: Option<GivenName>,
    pub middle_name: Option<MiddleName>,
    pub family_name: Option<FamilyName>,
    pub formatted_name: Option<FormattedName>,
    pub nick_name: Option<NickName>,
    pub title: Option<Title>,
    pub user_type: Option<UserType>,
    pub email: Option<Email>,
    pub phone_number: Option<PhoneNumber>,
    pub street_address: Option<StreetAddress>,
    pub locality: Option<Locality>,
    pub region: Option<Region>,
    pub postal_code: Option<PostalCode>,
    pub country: Option<Country>,
    pub formatted_address: Option<FormattedAddress>,
    pub preferred_language: Option<PreferredLanguage>,
    pub locale: Option<Locale>,
    pub timezone: Option<Timezone>,
    pub profile_url: Option<ProfileUrl>,
}

impl IdentityStoreUserUpdate {
    /// The value `field` should have afterwards.
    pub fn value(&self, field: Field) -> Option<&str> {
        match field {
            Field::DisplayName => self.display_name.as_ref().map(DisplayName::as_str),
            Field::GivenName => self.given_name.as_ref().map(GivenName::as_str),
            Field::MiddleName => self.middle_name.as_ref().map(MiddleName::as_str),
            Field::FamilyName => self.family_name.as_ref().map(FamilyName::as_str),
            Field::FormattedName => self.formatted_name.as_ref().map(FormattedName::as_str),
            Field::NickName => self.nick_name.as_ref().map(NickName::as_str),
            Field::Title => self.title.as_ref().map(Title::as_str),
            Field::UserType => self.user_type.as_ref().map(UserType::as_str),
            Field::Email => self.email.as_ref().map(Email::as_str),
            Field::PhoneNumber => self.phone_number.as_ref().map(PhoneNumber::as_str),
            Field::StreetAddress => self.street_address.as_ref().map(StreetAddress::as_str),
            Field::Locality => self.locality.as_ref().map(Locality::as_str),
            Field::Region => self.region.as_ref().map(Region::as_str),
            Field::PostalCode => self.postal_code.as_ref().map(PostalCode::as_str),
            Field::Country => self.country.as_ref().map(Country::as_str),
            Field::FormattedAddress => self
                .formatted_address
                .as_ref()
                .map(FormattedAddress::as_str),
            Field::PreferredLanguage => self
                .preferred_language
                .as_ref()
                .map(PreferredLanguage::as_str),
            Field::Locale => self.locale.as_ref().map(Locale::as_str),
            Field::Timezone => self.timezone.as_ref().map(Timezone::as_str),
            Field::ProfileUrl => self.profile_url.as_ref().map(ProfileUrl::as_str),
        }
    }
}

/// Parses a required input, recording its error.
fn required<T>(parsed: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    parsed.map_err(|e| errors.push(e)).ok()
}

/// Parses an optional input: empty means no value, anything else must follow the rule.
fn optional<T>(
    parse: fn(&str) -> Result<T, FieldError>,
    input: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    if input.is_empty() {
        None
    } else {
        parse(input).map_err(|e| errors.push(e)).ok()
    }
}

impl TryFrom<&IdentityStoreUserForm> for IdentityStoreUserUpdate {
    type Error = Vec<FieldError>;

    fn try_from(form: &IdentityStoreUserForm) -> Result<Self, Self::Error> {
        let mut e = Vec::new();
        let identity_store_id = required(IdentityStoreId::parse(&form.identity_store_id), &mut e);
        let user_id = required(UserId::parse(&form.user_id), &mut e);
        let revision = required(Revision::parse(&form.revision), &mut e);
        // Every optional field is parsed even after an error, so all errors show at once.
        let display_name = optional(DisplayName::parse, &form.display_name, &mut e);
        let given_name = optional(GivenName::parse, &form.given_name, &mut e);
        let middle_name = optional(MiddleName::parse, &form.middle_name, &mut e);
        let family_name = optional(FamilyName::parse, &form.family_name, &mut e);
        let formatted_name = optional(FormattedName::parse, &form.formatted_name, &mut e);
        let nick_name = optional(NickName::parse, &form.nick_name, &mut e);
        let title = optional(Title::parse, &form.title, &mut e);
        let user_type = optional(UserType::parse, &form.user_type, &mut e);
        let email = optional(Email::parse, &form.email, &mut e);
        let phone_number = optional(PhoneNumber::parse, &form.phone_number, &mut e);
        let street_address = optional(StreetAddress::parse, &form.street_address, &mut e);
        let locality = optional(Locality::parse, &form.locality, &mut e);
        let region = optional(Region::parse, &form.region, &mut e);
        let postal_code = optional(PostalCode::parse, &form.postal_code, &mut e);
        let country = optional(Country::parse, &form.country, &mut e);
        let formatted_address = optional(FormattedAddress::parse, &form.formatted_address, &mut e);
        let preferred_language =
            optional(PreferredLanguage::parse, &form.preferred_language, &mut e);
        let locale = optional(Locale::parse, &form.locale, &mut e);
        let timezone = optional(Timezone::parse, &form.timezone, &mut e);
        let profile_url = optional(ProfileUrl::parse, &form.profile_url, &mut e);
        match (identity_store_id, user_id, revision) {
            (Some(identity_store_id), Some(user_id), Some(revision)) if e.is_empty() => Ok(Self {
                identity_store_id,
                user_id,
                revision,
                display_name,
                given_name,
                middle_name,
                family_name,
                formatted_name,
                nick_name,
                title,
                user_type,
                email,
                phone_number,
                street_address,
                locality,
                region,
                postal_code,
                country,
                formatted_address,
                preferred_language,
                locale,
                timezone,
                profile_url,
            }),
            _ => Err(e),
        }
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
    /// The current value of `field`.
    pub fn value(&self, field: Field) -> Option<&str> {
        let address = self.address.as_ref();
        match field {
            Field::DisplayName => self.display_name.as_deref(),
            Field::GivenName => self.given_name.as_deref(),
            Field::MiddleName => self.middle_name.as_deref(),
            Field::FamilyName => self.family_name.as_deref(),
            Field::FormattedName => self.formatted_name.as_deref(),
            Field::NickName => self.nick_name.as_deref(),
            Field::Title => self.title.as_deref(),
            Field::UserType => self.user_type.as_deref(),
            Field::Email => self.email.as_ref().and_then(|e| e.value.as_deref()),
            Field::PhoneNumber => self.phone_number.as_ref().and_then(|p| p.value.as_deref()),
            Field::StreetAddress => address.and_then(|a| a.street_address.as_deref()),
            Field::Locality => address.and_then(|a| a.locality.as_deref()),
            Field::Region => address.and_then(|a| a.region.as_deref()),
            Field::PostalCode => address.and_then(|a| a.postal_code.as_deref()),
            Field::Country => address.and_then(|a| a.country.as_deref()),
            Field::FormattedAddress => address.and_then(|a| a.formatted.as_deref()),
            Field::PreferredLanguage => self.preferred_language.as_deref(),
            Field::Locale => self.locale.as_deref(),
            Field::Timezone => self.timezone.as_deref(),
            Field::ProfileUrl => self.profile_url.as_deref(),
        }
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
