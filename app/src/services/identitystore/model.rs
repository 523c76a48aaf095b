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

use crate::forms::{FieldChange, FieldError, RecordView};

/// Input names of the hidden fields (the editable ones are [`Field::name`]).
pub const IDENTITY_STORE_ID: &str = "identity_store_id";
pub const USER_ID: &str = "user_id";
pub const REVISION: &str = "revision";

/// Length bounds of every profile string, in characters (AWS counts code points).
pub const TEXT_MIN: usize = 1;
pub const TEXT_MAX: usize = 1024;
/// `Revision` is at most 64 digits.
pub const REVISION_MAX: usize = 64;

/// Whether AWS accepts `c` in a profile string: the model's class
/// `[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r  　]` (letters, marks, symbols, numbers, punctuation,
/// tab, line breaks, the space, the no-break space and the ideographic space). A general-category
/// table rather than the `regex` crate: the rule runs in the browser too, and regex's Unicode
/// tables would more than double the wasm bundle.
pub fn allowed_char(c: char) -> bool {
    use unicode_general_category::GeneralCategory as G;
    matches!(c, '\t' | '\n' | '\r' | ' ' | '\u{A0}' | '\u{3000}')
        || matches!(
            unicode_general_category::get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::NonspacingMark
                | G::SpacingMark
                | G::EnclosingMark
                | G::MathSymbol
                | G::CurrencySymbol
                | G::ModifierSymbol
                | G::OtherSymbol
                | G::DecimalNumber
                | G::LetterNumber
                | G::OtherNumber
                | G::ConnectorPunctuation
                | G::DashPunctuation
                | G::OpenPunctuation
                | G::ClosePunctuation
                | G::InitialPunctuation
                | G::FinalPunctuation
                | G::OtherPunctuation
        )
}

/// A user attribute the form edits. The order is the form's and the record view's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    DisplayName,
    GivenName,
    MiddleName,
    FamilyName,
    FormattedName,
    NickName,
    Title,
    UserType,
    Email,
    PhoneNumber,
    StreetAddress,
    Locality,
    Region,
    PostalCode,
    Country,
    FormattedAddress,
    PreferredLanguage,
    Locale,
    Timezone,
    ProfileUrl,
}

/// Where a field's value lives on the user, which decides the operation that changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A single-valued attribute (or one member of `name`), set or removed by its own path.
    Attribute(&'static str),
    /// The `value` of the one entry of `emails`.
    Email,
    /// The `value` of the one entry of `phoneNumbers`.
    PhoneNumber,
    /// One member of the one entry of `addresses`.
    Address(&'static str),
}

impl Field {
    pub const ALL: [Field; 20] = [
        Field::DisplayName,
        Field::GivenName,
        Field::MiddleName,
        Field::FamilyName,
        Field::FormattedName,
        Field::NickName,
        Field::Title,
        Field::UserType,
        Field::Email,
        Field::PhoneNumber,
        Field::StreetAddress,
        Field::Locality,
        Field::Region,
        Field::PostalCode,
        Field::Country,
        Field::FormattedAddress,
        Field::PreferredLanguage,
        Field::Locale,
        Field::Timezone,
        Field::ProfileUrl,
    ];

    /// The input's name: the [`IdentityStoreUserForm`] field, and the key of errors, changes
    /// and record fields.
    pub fn name(self) -> &'static str {
        match self {
            Field::DisplayName => "display_name",
            Field::GivenName => "given_name",
            Field::MiddleName => "middle_name",
            Field::FamilyName => "family_name",
            Field::FormattedName => "formatted_name",
            Field::NickName => "nick_name",
            Field::Title => "title",
            Field::UserType => "user_type",
            Field::Email => "email",
            Field::PhoneNumber => "phone_number",
            Field::StreetAddress => "street_address",
            Field::Locality => "locality",
            Field::Region => "region",
            Field::PostalCode => "postal_code",
            Field::Country => "country",
            Field::FormattedAddress => "formatted_address",
            Field::PreferredLanguage => "preferred_language",
            Field::Locale => "locale",
            Field::Timezone => "timezone",
            Field::ProfileUrl => "profile_url",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::DisplayName => "Display name",
            Field::GivenName => "Given name",
            Field::MiddleName => "Middle name",
            Field::FamilyName => "Family name",
            Field::FormattedName => "Full name as displayed",
            Field::NickName => "Nickname",
            Field::Title => "Job title",
            Field::UserType => "User type",
            Field::Email => "Primary email",
            Field::PhoneNumber => "Primary phone number",
            Field::StreetAddress => "Street address",
            Field::Locality => "City",
            Field::Region => "State or region",
            Field::PostalCode => "Postal code",
            Field::Country => "Country",
            Field::FormattedAddress => "Address as displayed",
            Field::PreferredLanguage => "Preferred language",
            Field::Locale => "Locale",
            Field::Timezone => "Time zone",
            Field::ProfileUrl => "Profile URL",
        }
    }

    pub fn target(self) -> Target {
        match self {
            Field::DisplayName => Target::Attribute("displayName"),
            Field::GivenName => Target::Attribute("name.givenName"),
            Field::MiddleName => Target::Attribute("name.middleName"),
            Field::FamilyName => Target::Attribute("name.familyName"),
            Field::FormattedName => Target::Attribute("name.formatted"),
            Field::NickName => Target::Attribute("nickName"),
            Field::Title => Target::Attribute("title"),
            Field::UserType => Target::Attribute("userType"),
            Field::Email => Target::Email,
            Field::PhoneNumber => Target::PhoneNumber,
            Field::StreetAddress => Target::Address("streetAddress"),
            Field::Locality => Target::Address("locality"),
            Field::Region => Target::Address("region"),
            Field::PostalCode => Target::Address("postalCode"),
            Field::Country => Target::Address("country"),
            Field::FormattedAddress => Target::Address("formatted"),
            Field::PreferredLanguage => Target::Attribute("preferredLanguage"),
            Field::Locale => Target::Attribute("locale"),
            Field::Timezone => Target::Attribute("timezone"),
            Field::ProfileUrl => Target::Attribute("profileUrl"),
        }
    }

    /// Whether the value may span lines (a textarea rather than an input).
    pub fn multiline(self) -> bool {
        matches!(self, Field::FormattedAddress)
    }

    /// AWS's rule for every profile string: 1–1024 characters of the model's class. Answers the
    /// value with line breaks as `\n` (see [`normalize_line_breaks`]).
    fn check(self, input: &str) -> Result<String, FieldError> {
        let value = normalize_line_breaks(input);
        let label = self.label();
        let error = |message: String| Err(FieldError::new(self.name(), message));
        let n = value.chars().count();
        if n < TEXT_MIN {
            return error(format!("{label} must be at least {TEXT_MIN} character"));
        }
        if n > TEXT_MAX {
            return error(format!(
                "{label} must be at most {TEXT_MAX} characters (it has {n})"
            ));
        }
        if let Some(refused) = value.chars().find(|c| !allowed_char(*c)) {
            // Named by code point only: the character is often invisible (a control or
            // zero-width character), and the value itself is personal data.
            let code = u32::from(refused);
            return error(format!(
                "{label} cannot contain the character U+{code:04X}: AWS allows letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks"
            ));
        }
        Ok(value)
    }
}

/// Browsers submit a textarea's line breaks as CRLF while AWS and the sandbox store what they
/// were given (usually LF); without this, every submit would "change" a multi-line value.
pub fn normalize_line_breaks(value: &str) -> String {
    value.replace("\r\n", "\n")
}

/// One newtype per editable attribute: distinct types so a title cannot land in a display
/// name, with the one shared AWS rule ([`Field::check`]).
macro_rules! profile_values {
    ($($field:ident),* $(,)?) => {$(
        #[doc = concat!("A valid value of [`Field::", stringify!($field), "`]: 1–1024 characters AWS accepts.")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $field(String);

        impl $field {
            pub fn parse(input: &str) -> Result<Self, FieldError> {
                Field::$field.check(input).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    )*};
}

profile_values!(
    DisplayName,
    GivenName,
    MiddleName,
    FamilyName,
    FormattedName,
    NickName,
    Title,
    UserType,
    Email,
    PhoneNumber,
    StreetAddress,
    Locality,
    Region,
    PostalCode,
    Country,
    FormattedAddress,
    PreferredLanguage,
    Locale,
    Timezone,
    ProfileUrl,
);

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

/// The fields whose value the update changes, in form order. Line breaks are compared as
/// [`normalize_line_breaks`] leaves them, so CRLF against LF is no change.
pub fn changed_fields(
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|&f| before.value(f).map(normalize_line_breaks).as_deref() != update.value(f))
        .collect()
}

/// What an update changes against the record, old → new (no value shows as empty).
pub fn changes(
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Vec<FieldChange> {
    changed_fields(before, update)
        .into_iter()
        .filter_map(|f| {
            FieldChange::plain(
                f.name(),
                f.label(),
                before.value(f).unwrap_or_default(),
                update.value(f).unwrap_or_default(),
            )
        })
        .collect()
}

/// A value inside an attribute document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    Text(String),
    Flag(bool),
}

/// What an attribute operation sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValue {
    Text(String),
    /// A multi-valued attribute holding one entry: a list of one object with these members.
    Entry(Vec<(&'static str, Member)>),
}

/// One `UpdateUser` operation: set `path` to `value`, or remove the attribute when `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeOperation {
    pub path: &'static str,
    pub value: Option<AttributeValue>,
}

/// The operations that turn `before` into what `update` asks for: only changed attributes, a
/// cleared one as a removal, nothing at all when nothing changed. A multi-valued attribute is
/// sent whole (AWS refuses paths into one), keeping the entry's `type` and `primary`.
pub fn operations(
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Vec<AttributeOperation> {
    let mut ops = Vec::new();
    let mut address_done = false;
    for field in changed_fields(before, update) {
        let op = match field.target() {
            Target::Attribute(path) => AttributeOperation {
                path,
                value: update
                    .value(field)
                    .map(|v| AttributeValue::Text(v.to_owned())),
            },
            Target::Email => contact("emails", update.value(field), before.email.as_ref()),
            Target::PhoneNumber => contact(
                "phoneNumbers",
                update.value(field),
                before.phone_number.as_ref(),
            ),
            // One operation however many address members changed.
            Target::Address(_) if address_done => continue,
            Target::Address(_) => {
                address_done = true;
                address(before.address.as_ref(), update)
            }
        };
        ops.push(op);
    }
    ops
}

/// The `type` and `primary` members of a replaced entry: as they were, and a new entry is
/// the primary one (the form edits the primary email, phone number and address).
fn kept_members(kind: Option<&String>, primary: Option<bool>) -> Vec<(&'static str, Member)> {
    let mut members = Vec::new();
    if let Some(kind) = kind {
        members.push(("type", Member::Text(kind.clone())));
    }
    members.push(("primary", Member::Flag(primary.unwrap_or(true))));
    members
}

fn contact(
    path: &'static str,
    value: Option<&str>,
    before: Option<&ContactEntry>,
) -> AttributeOperation {
    let value = value.map(|v| {
        let mut members = vec![("value", Member::Text(v.to_owned()))];
        members.extend(kept_members(
            before.and_then(|b| b.kind.as_ref()),
            before.and_then(|b| b.primary),
        ));
        AttributeValue::Entry(members)
    });
    AttributeOperation { path, value }
}

fn address(before: Option<&AddressEntry>, update: &IdentityStoreUserUpdate) -> AttributeOperation {
    let mut members: Vec<(&'static str, Member)> = Field::ALL
        .into_iter()
        .filter_map(|f| match f.target() {
            Target::Address(member) => update
                .value(f)
                .map(|v| (member, Member::Text(v.to_owned()))),
            _ => None,
        })
        .collect();
    // An address with none of its parts left is removed, not kept as a bare type.
    let value = (!members.is_empty()).then(|| {
        members.extend(kept_members(
            before.and_then(|b| b.kind.as_ref()),
            before.and_then(|b| b.primary),
        ));
        AttributeValue::Entry(members)
    });
    AttributeOperation {
        path: "addresses",
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STORE: &str = "d-9067a1b2c3";
    const USER: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";

    /// Amara Okafor as the sandbox seeds her.
    fn amara() -> IdentityStoreUserRecord {
        IdentityStoreUserRecord {
            identity_store_id: STORE.into(),
            user_id: USER.into(),
            revision: "1".into(),
            user_name: "amara.okafor".into(),
            status: "ENABLED".into(),
            updated_at: "2023-03-04T07:00:00Z".into(),
            display_name: Some("Amara Okafor".into()),
            given_name: Some("Amara".into()),
            family_name: Some("Okafor".into()),
            formatted_name: Some("Amara Okafor".into()),
            title: Some("Software Engineer".into()),
            user_type: Some("Employee".into()),
            email: Some(ContactEntry {
                value: Some("amara.okafor@example.com".into()),
                kind: Some("work".into()),
                primary: Some(true),
            }),
            phone_number: Some(ContactEntry {
                value: Some("+1 206 555 0100".into()),
                kind: Some("work".into()),
                primary: Some(true),
            }),
            address: Some(AddressEntry {
                street_address: Some("1200 Pine St".into()),
                locality: Some("Seattle".into()),
                region: Some("WA".into()),
                postal_code: Some("98101".into()),
                country: Some("US".into()),
                formatted: Some("1200 Pine St\n98101 Seattle WA\nUS".into()),
                kind: Some("work".into()),
                primary: Some(true),
            }),
            preferred_language: Some("en-US".into()),
            locale: Some("en-US".into()),
            timezone: Some("America/Los_Angeles".into()),
            ..Default::default()
        }
    }

    fn update(form: &IdentityStoreUserForm) -> IdentityStoreUserUpdate {
        IdentityStoreUserUpdate::try_from(form).expect("the form is valid")
    }

    fn text(value: &str) -> Option<AttributeValue> {
        Some(AttributeValue::Text(value.to_owned()))
    }

    #[test]
    fn text_length_boundaries_are_awss_in_characters() {
        // 1 and 1024 characters pass; 1025 fails. "é" is two bytes: AWS counts characters.
        assert!(DisplayName::parse("x").is_ok());
        assert!(DisplayName::parse(&"é".repeat(TEXT_MAX)).is_ok());
        let e = DisplayName::parse(&"é".repeat(TEXT_MAX + 1)).expect_err("the rule refuses it");
        assert_eq!(e.field, "display_name");
        assert_eq!(
            e.message,
            "Display name must be at most 1024 characters (it has 1025)"
        );
        let e = Title::parse("").expect_err("the rule refuses it");
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("title", "Job title must be at least 1 character")
        );
    }

    #[test]
    fn text_allows_the_models_class_and_its_three_spaces() {
        for ok in [
            "Zoë Tanaka-Müller, PhD.",
            "山田\u{3000}太郎",
            "Jean\u{A0}Dupont",
            "1200 Pine St\n98101 Seattle\tWA\r",
            "€ ± ★ ™ 🙂",
            "https://intranet.example.com/people/amara.okafor?x=1#top",
            "e\u{301}", // a combining mark (\p{M})
        ] {
            assert!(FormattedAddress::parse(ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn text_refuses_controls_format_and_other_separators_naming_the_code_point() {
        for (bad, code) in [
            ("bell\u{7}", "U+0007"),
            ("nul\u{0}", "U+0000"),
            ("del\u{7F}", "U+007F"),
            ("zero\u{200B}width", "U+200B"),
            ("👩\u{200D}💻", "U+200D"),
            ("em\u{2003}space", "U+2003"),
            ("line\u{2028}sep", "U+2028"),
            ("private\u{E000}", "U+E000"),
            ("bom\u{FEFF}", "U+FEFF"),
            ("vt\u{B}", "U+000B"),
        ] {
            let e = NickName::parse(bad).expect_err("the rule refuses it");
            assert_eq!(e.field, "nick_name");
            assert!(
                e.message.starts_with("Nickname cannot contain"),
                "{}",
                e.message
            );
            assert!(e.message.contains(code), "{bad:?}: {}", e.message);
            assert!(!e.message.contains(bad), "values are not echoed");
        }
    }

    #[test]
    fn crlf_line_breaks_become_lf() {
        let a = FormattedAddress::parse("1 Main St\r\nSpringfield").expect("the rule accepts it");
        assert_eq!(a.as_str(), "1 Main St\nSpringfield");
        // A lone CR is a character the model allows, and stays.
        assert_eq!(
            FormattedAddress::parse("a\rb")
                .expect("the rule accepts it")
                .as_str(),
            "a\rb"
        );
        // Counted after normalizing: 1024 characters as LF are 1024 as AWS sees them.
        let lines = format!("{}\r\n{}", "a".repeat(511), "b".repeat(512));
        assert!(FormattedAddress::parse(&lines).is_ok());
    }

    #[test]
    fn identity_store_ids_follow_the_model() {
        for ok in [
            "d-9067a1b2c3",
            "d-0000000000",
            "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        ] {
            assert!(IdentityStoreId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "d-9067a1b2c",
            "d-9067a1b2c34",
            "d-9067A1B2C3",
            "x-9067a1b2c3",
            "A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
            "d-9067a1b2c3/../x",
        ] {
            let e = IdentityStoreId::parse(bad).expect_err("the rule refuses it");
            assert_eq!(e.field, IDENTITY_STORE_ID, "{bad}");
        }
    }

    #[test]
    fn identity_store_ids_refuse_path_tricks() {
        for bad in [
            "..",
            "d-9067a1b2c3/..",
            "%2e%2e",
            "d-9067a1b2c3%2F",
            "/",
            " d-9067a1b2c3",
        ] {
            assert!(IdentityStoreId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_configured_allow_list_names_the_stores_userdesk_may_touch() {
        let store = IdentityStoreId::parse("d-9067a1b2c3").unwrap();
        assert!(
            store.is_allowed_by(&[]),
            "nothing configured: stores are discovered"
        );
        assert!(store.is_allowed_by(&["d-0000000000".to_owned(), "d-9067a1b2c3".to_owned()]));
        assert!(!store.is_allowed_by(&["d-0000000000".to_owned()]));
    }

    #[test]
    fn user_ids_follow_the_model() {
        for ok in [
            USER,
            "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
            "9067a1b2c3-A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
        ] {
            assert!(UserId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "9067A1B2C3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
            "9067a1b2c-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
            "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe9",
            "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91-00",
            "9067a1b2c3-g706dd2f-4d19-4e6f-a382-75bc38fcbe91",
            "amara.okafor",
        ] {
            let e = UserId::parse(bad).expect_err("the rule refuses it");
            assert_eq!(e.field, USER_ID, "{bad}");
        }
    }

    #[test]
    fn revisions_are_one_to_sixty_four_digits() {
        assert!(Revision::parse("1").is_ok());
        assert!(Revision::parse(&"9".repeat(REVISION_MAX)).is_ok());
        for bad in ["", "1a", "-1", " 1", "١", &"9".repeat(REVISION_MAX + 1)] {
            assert_eq!(
                Revision::parse(bad).expect_err("the rule refuses it").field,
                REVISION,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_form_reports_every_broken_field_at_once() {
        let mut form = amara().to_form();
        form.revision = String::new();
        form.display_name = "bell\u{7}".into();
        form.postal_code = "9".repeat(TEXT_MAX + 1);
        form.profile_url = "tab\u{200B}".into();
        let errors = IdentityStoreUserUpdate::try_from(&form).expect_err("the rule refuses it");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["revision", "display_name", "postal_code", "profile_url"]
        );
    }

    #[test]
    fn an_unchanged_form_makes_no_change_and_no_request() {
        let r = amara();
        let u = update(&r.to_form());
        assert!(changes(&r, &u).is_empty());
        assert!(operations(&r, &u).is_empty());
    }

    #[test]
    fn single_valued_attributes_are_set_by_path_and_cleared_by_removal() {
        let r = amara();
        let mut form = r.to_form();
        form.display_name = "Amara N. Okafor".into();
        form.middle_name = "Ngozi".into();
        form.title = String::new();
        form.timezone = "Africa/Lagos".into();
        let u = update(&form);
        assert_eq!(
            operations(&r, &u),
            vec![
                AttributeOperation {
                    path: "displayName",
                    value: text("Amara N. Okafor")
                },
                AttributeOperation {
                    path: "name.middleName",
                    value: text("Ngozi")
                },
                AttributeOperation {
                    path: "title",
                    value: None
                },
                AttributeOperation {
                    path: "timezone",
                    value: text("Africa/Lagos")
                },
            ]
        );
        let c = changes(&r, &u);
        let summary: Vec<_> = c
            .iter()
            .map(|c| {
                (
                    c.field.as_str(),
                    c.before.as_str(),
                    c.after.as_str(),
                    c.secret,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("display_name", "Amara Okafor", "Amara N. Okafor", false),
                ("middle_name", "", "Ngozi", false),
                ("title", "Software Engineer", "", false),
                ("timezone", "America/Los_Angeles", "Africa/Lagos", false),
            ]
        );
        assert_eq!(c[0].label, "Display name");
    }

    #[test]
    fn a_changed_email_replaces_the_entry_keeping_type_and_primary() {
        let r = amara();
        let mut form = r.to_form();
        form.email = "amara@example.org".into();
        assert_eq!(
            operations(&r, &update(&form)),
            vec![AttributeOperation {
                path: "emails",
                value: Some(AttributeValue::Entry(vec![
                    ("value", Member::Text("amara@example.org".into())),
                    ("type", Member::Text("work".into())),
                    ("primary", Member::Flag(true)),
                ])),
            }]
        );
    }

    #[test]
    fn a_new_phone_number_is_the_primary_one_and_a_cleared_one_is_removed() {
        let mut r = amara();
        r.phone_number = None;
        let mut form = r.to_form();
        form.phone_number = "+234 1 555 0100".into();
        assert_eq!(
            operations(&r, &update(&form)),
            vec![AttributeOperation {
                path: "phoneNumbers",
                value: Some(AttributeValue::Entry(vec![
                    ("value", Member::Text("+234 1 555 0100".into())),
                    ("primary", Member::Flag(true)),
                ])),
            }]
        );
        let r = amara();
        let mut form = r.to_form();
        form.phone_number.clear();
        assert_eq!(
            operations(&r, &update(&form)),
            vec![AttributeOperation {
                path: "phoneNumbers",
                value: None
            }]
        );
    }

    #[test]
    fn address_changes_are_one_whole_entry() {
        let r = amara();
        let mut form = r.to_form();
        form.street_address = "350 5th Ave".into();
        form.locality = "New York".into();
        form.formatted_address = "350 5th Ave\r\nNew York NY 10118".into();
        let ops = operations(&r, &update(&form));
        assert_eq!(
            ops,
            vec![AttributeOperation {
                path: "addresses",
                value: Some(AttributeValue::Entry(vec![
                    ("streetAddress", Member::Text("350 5th Ave".into())),
                    ("locality", Member::Text("New York".into())),
                    ("region", Member::Text("WA".into())),
                    ("postalCode", Member::Text("98101".into())),
                    ("country", Member::Text("US".into())),
                    (
                        "formatted",
                        Member::Text("350 5th Ave\nNew York NY 10118".into())
                    ),
                    ("type", Member::Text("work".into())),
                    ("primary", Member::Flag(true)),
                ])),
            }]
        );
        assert_eq!(changes(&r, &update(&form)).len(), 3);
    }

    #[test]
    fn clearing_every_address_part_removes_the_address() {
        let r = amara();
        let mut form = r.to_form();
        for f in Field::ALL {
            if matches!(f.target(), Target::Address(_)) {
                form.value_mut(f).clear();
            }
        }
        assert_eq!(
            operations(&r, &update(&form)),
            vec![AttributeOperation {
                path: "addresses",
                value: None
            }]
        );
    }

    #[test]
    fn crlf_against_a_stored_lf_is_no_change() {
        let r = amara();
        let mut form = r.to_form();
        form.formatted_address = form.formatted_address.replace('\n', "\r\n");
        let u = update(&form);
        assert!(operations(&r, &u).is_empty());
        assert!(changes(&r, &u).is_empty());
    }

    #[test]
    fn the_view_shows_every_field_under_its_input_name() {
        let v = amara().view();
        assert_eq!(v.title, "Amara Okafor");
        assert_eq!(v.value("user_name"), Some("amara.okafor"));
        assert_eq!(v.value("email"), Some("amara.okafor@example.com"));
        assert_eq!(v.value("locality"), Some("Seattle"));
        assert_eq!(v.value("nick_name"), Some("—"));
        for f in Field::ALL {
            assert!(v.value(f.name()).is_some(), "{f:?}");
        }
        let mut nameless = amara();
        nameless.display_name = None;
        assert_eq!(nameless.title(), "amara.okafor");
    }

    #[test]
    fn every_field_has_a_distinct_name_and_a_path_the_model_accepts() {
        let mut names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        names.extend([IDENTITY_STORE_ID, USER_ID, REVISION]);
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        // AttributePath: \p{L}+(?:\.\p{L}+){0,2}, 1–255 characters.
        for f in Field::ALL {
            let path = match f.target() {
                Target::Attribute(p) => p,
                Target::Email => "emails",
                Target::PhoneNumber => "phoneNumbers",
                Target::Address(_) => "addresses",
            };
            let segments: Vec<_> = path.split('.').collect();
            assert!((1..=3).contains(&segments.len()), "{path}");
            assert!(
                segments
                    .iter()
                    .all(|s| !s.is_empty() && s.chars().all(char::is_alphabetic)),
                "{path}"
            );
        }
    }

    /// Characters the model's class includes, from each of its categories and literals.
    const ALLOWED: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \x{A0}\x{3000}]";

    /// The table agrees with the model's pattern (as the `regex` crate reads it) on every
    /// assigned character both Unicode versions know.
    #[test]
    fn allowed_char_is_the_models_class() {
        let class = regex::Regex::new(&format!("^{ALLOWED}$")).expect("valid");
        let unassigned = regex::Regex::new(r"^\p{Cn}$").expect("valid");
        let mut differences = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let newly_assigned = unassigned.is_match(s)
                || unicode_general_category::get_general_category(c)
                    == unicode_general_category::GeneralCategory::Unassigned;
            if !newly_assigned && class.is_match(s) != allowed_char(c) {
                differences.push(format!("U+{:04X}", u32::from(c)));
            }
        }
        assert!(
            differences.is_empty(),
            "{} differ: {:?}",
            differences.len(),
            &differences[..differences.len().min(20)]
        );
    }

    /// Characters outside the class: controls, format characters, other separators,
    /// private use and unassigned code points.
    fn refused_char() -> impl Strategy<Value = char> {
        prop_oneof![
            (0u32..=0x08).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            Just('\u{0B}'),
            Just('\u{0C}'),
            (0x0Eu32..=0x1F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            (0x7Fu32..=0x9F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            (0x2000u32..=0x200F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            Just('\u{2028}'),
            Just('\u{2029}'),
            Just('\u{FEFF}'),
            (0xE000u32..=0xF8FF).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            Just('\u{10FFFF}'),
        ]
    }

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(
            proptest::string::string_regex(&format!("{ALLOWED}{{1,24}}"))
                .expect("the class is a valid pattern"),
        )
    }

    fn contact_entry() -> impl Strategy<Value = Option<ContactEntry>> {
        proptest::option::of(
            (opt_text(), opt_text(), proptest::option::of(any::<bool>())).prop_map(
                |(value, kind, primary)| ContactEntry {
                    value,
                    kind,
                    primary,
                },
            ),
        )
    }

    fn address_entry() -> impl Strategy<Value = Option<AddressEntry>> {
        proptest::option::of(
            (
                (opt_text(), opt_text(), opt_text()),
                (opt_text(), opt_text(), opt_text()),
                (opt_text(), proptest::option::of(any::<bool>())),
            )
                .prop_map(
                    |(
                        (street_address, locality, region),
                        (postal_code, country, formatted),
                        (kind, primary),
                    )| {
                        AddressEntry {
                            street_address,
                            locality,
                            region,
                            postal_code,
                            country,
                            formatted,
                            kind,
                            primary,
                        }
                    },
                ),
        )
    }

    fn record() -> impl Strategy<Value = IdentityStoreUserRecord> {
        let names = (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        );
        let rest = (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        );
        let entries = (
            contact_entry(),
            contact_entry(),
            address_entry(),
            "[0-9]{1,64}",
        );
        (names, rest, entries).prop_map(
            |(
                (display_name, given_name, middle_name, family_name, formatted_name, nick_name),
                (title, user_type, preferred_language, locale, timezone, profile_url),
                (email, phone_number, address, revision),
            )| IdentityStoreUserRecord {
                identity_store_id: STORE.into(),
                user_id: USER.into(),
                revision,
                user_name: "someone".into(),
                status: "ENABLED".into(),
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
                address,
                preferred_language,
                locale,
                timezone,
                profile_url,
                ..Default::default()
            },
        )
    }

    proptest! {
        #[test]
        fn every_string_of_the_class_parses(s in proptest::string::string_regex(&format!("{ALLOWED}{{1,1024}}")).expect("valid")) {
            let parsed = GivenName::parse(&s);
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
        }

        #[test]
        fn one_refused_character_anywhere_fails(
            s in proptest::string::string_regex(&format!("{ALLOWED}{{0,40}}")).expect("valid"),
            bad in refused_char(),
            at in any::<prop::sample::Index>(),
        ) {
            let mut chars: Vec<char> = s.chars().collect();
            chars.insert(at.index(chars.len() + 1), bad);
            let input: String = chars.into_iter().collect();
            let e = Locale::parse(&input).expect_err("the rule refuses it");
            prop_assert_eq!(e.field.as_str(), "locale");
            let code = format!("U+{:04X}", u32::from(bad));
            prop_assert!(e.message.contains(&code), "{}", e.message);
        }

        #[test]
        fn length_is_counted_in_characters(n in 1usize..=1100, c in prop::sample::select(vec!['a', 'é', '山', '🙂'])) {
            let s: String = std::iter::repeat_n(c, n).collect();
            prop_assert_eq!(Country::parse(&s).is_ok(), n <= TEXT_MAX);
        }

        #[test]
        fn reparsing_the_prefilled_form_changes_nothing(r in record()) {
            let u = IdentityStoreUserUpdate::try_from(&r.to_form());
            prop_assert!(u.is_ok(), "{:?}", u);
            let u = u.expect("the rule accepts it");
            prop_assert!(changes(&r, &u).is_empty());
            prop_assert!(operations(&r, &u).is_empty());
        }

        #[test]
        fn editing_one_field_sends_one_operation_for_it(
            r in record(),
            which in prop::sample::select(Field::ALL.to_vec()),
            new in proptest::option::of(proptest::string::string_regex(&format!("{ALLOWED}{{1,24}}")).expect("valid")),
        ) {
            let mut form = r.to_form();
            *form.value_mut(which) = new.clone().unwrap_or_default();
            let u = IdentityStoreUserUpdate::try_from(&form).expect("the rule accepts it");
            let before = r.value(which).map(normalize_line_breaks);
            let after = new.as_deref().map(normalize_line_breaks);
            let ops = operations(&r, &u);
            let c = changes(&r, &u);
            if before == after {
                prop_assert!(ops.is_empty());
                prop_assert!(c.is_empty());
            } else {
                prop_assert_eq!(ops.len(), 1);
                prop_assert_eq!(c.len(), 1);
                prop_assert_eq!(c[0].field.as_str(), which.name());
                let expected_path = match which.target() {
                    Target::Attribute(p) => p,
                    Target::Email => "emails",
                    Target::PhoneNumber => "phoneNumbers",
                    Target::Address(_) => "addresses",
                };
                prop_assert_eq!(ops[0].path, expected_path);
                if let Target::Attribute(_) = which.target() {
                    prop_assert_eq!(ops[0].value.clone(), after.clone().map(AttributeValue::Text));
                }
                if matches!(which.target(), Target::Email | Target::PhoneNumber) {
                    prop_assert_eq!(ops[0].value.is_none(), after.is_none());
                }
            }
        }
    }
}
