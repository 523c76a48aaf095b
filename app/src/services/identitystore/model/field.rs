//! The editable attributes ([`Field`]), the one rule every profile string follows, and one
//! newtype per attribute.

use super::{TEXT_MAX, TEXT_MIN};
use crate::forms::FieldError;

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
