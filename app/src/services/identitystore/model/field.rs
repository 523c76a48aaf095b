//! The editable attributes, each named once in the table at the end of this file. From that
//! one list come [`Field`] and its [`FIELDS`] specs, one newtype per attribute, the form's and
//! the update's fields, and the parsing from one to the other, so adding an attribute is one
//! entry here (and, since AWS nests some of them, one field of [`IdentityStoreUserRecord`]).

use serde::{Deserialize, Serialize};

use super::text::check;
use super::{IdentityStoreId, IdentityStoreUserRecord, Revision, UserId};
use crate::forms::FieldError;

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

/// Everything userdesk knows about one editable attribute: one row of [`FIELDS`].
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: Field,
    /// The input's name: the [`IdentityStoreUserForm`] and [`IdentityStoreUserUpdate`] field,
    /// and the key of errors, changes and record fields.
    pub name: &'static str,
    /// What the input, its errors and the review call the attribute.
    pub label: &'static str,
    pub target: Target,
    /// Whether the value may span lines (a textarea rather than an input).
    pub multiline: bool,
    /// The attribute's value on the user as `DescribeUser` reported it.
    pub current: fn(&IdentityStoreUserRecord) -> Option<&str>,
}

impl Field {
    /// This field's row of [`FIELDS`], which lists the variants in declaration order.
    pub fn spec(self) -> &'static FieldSpec {
        // Borrowing the whole const first makes it one `'static` table rather than a copy
        // per call (a runtime index into a const is not promoted).
        let fields: &'static [FieldSpec] = &FIELDS;
        &fields[self as usize]
    }

    /// The input's name (see [`FieldSpec::name`]).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    pub fn target(self) -> Target {
        self.spec().target
    }

    /// Whether the value may span lines (a textarea rather than an input).
    pub fn multiline(self) -> bool {
        self.spec().multiline
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

/// Everything that has one item, field or match arm per attribute, from the table below.
/// Each entry is `Variant { name, label, target, [multiline,] current }`: the [`FieldSpec`]
/// row, whose `name` is also the form's and the update's field.
macro_rules! editable_fields {
    (@multiline) => { false };
    (@multiline $multiline:literal) => { $multiline };
    ($(
        $variant:ident {
            name: $name:ident,
            label: $label:literal,
            target: $target:expr,
            $(multiline: $multiline:literal,)?
            current: $current:expr $(,)?
        }
    ),+ $(,)?) => {
        /// A user attribute the form edits. The order is the form's and the record view's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field {
            $($variant),+
        }

        impl Field {
            pub const ALL: [Field; [$(stringify!($variant)),+].len()] = [$(Field::$variant),+];
        }

        /// One spec per [`Field`], in [`Field::ALL`] order.
        pub const FIELDS: [FieldSpec; Field::ALL.len()] = [$(
            FieldSpec {
                field: Field::$variant,
                name: stringify!($name),
                label: $label,
                target: $target,
                multiline: editable_fields!(@multiline $($multiline)?),
                current: $current,
            }
        ),+];

        // One newtype per attribute: distinct types so a title cannot land in a display name,
        // with the one shared AWS rule (`text::check`).
        $(
            #[doc = concat!("A valid value of [`Field::", stringify!($variant), "`]: 1–1024 characters AWS accepts.")]
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct $variant(String);

            impl $variant {
                pub fn parse(input: &str) -> Result<Self, FieldError> {
                    check(Field::$variant, input).map(Self)
                }

                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }
        )+

        /// The form's inputs as typed (the server function's argument; names are the input
        /// names). An empty input means "no value": a value the record had is removed.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct IdentityStoreUserForm {
            pub identity_store_id: String,
            pub user_id: String,
            /// The revision the form was loaded at (hidden).
            pub revision: String,
            $(pub $name: String,)+
        }

        impl IdentityStoreUserForm {
            pub fn value_mut(&mut self, field: Field) -> &mut String {
                match field {
                    $(Field::$variant => &mut self.$name,)+
                }
            }

            /// What was typed into `field`'s input.
            pub fn value(&self, field: Field) -> &str {
                match field {
                    $(Field::$variant => &self.$name,)+
                }
            }
        }

        /// A checked edit of one user: every editable value as it should be afterwards
        /// (`None`: no value), and the revision it was made against. [`operations`] derives
        /// what `UpdateUser` sends.
        ///
        /// [`operations`]: super::operations
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct IdentityStoreUserUpdate {
            pub identity_store_id: IdentityStoreId,
            pub user_id: UserId,
            pub revision: Revision,
            $(pub $name: Option<$variant>,)+
        }

        impl IdentityStoreUserUpdate {
            /// The value `field` should have afterwards.
            pub fn value(&self, field: Field) -> Option<&str> {
                match field {
                    $(Field::$variant => self.$name.as_ref().map($variant::as_str),)+
                }
            }
        }

        impl TryFrom<&IdentityStoreUserForm> for IdentityStoreUserUpdate {
            type Error = Vec<FieldError>;

            fn try_from(form: &IdentityStoreUserForm) -> Result<Self, Self::Error> {
                let mut e = Vec::new();
                let identity_store_id =
                    required(IdentityStoreId::parse(&form.identity_store_id), &mut e);
                let user_id = required(UserId::parse(&form.user_id), &mut e);
                let revision = required(Revision::parse(&form.revision), &mut e);
                // Every optional field is parsed even after an error, so all errors show at
                // once, in form order.
                $(let $name = optional($variant::parse, &form.$name, &mut e);)+
                match (identity_store_id, user_id, revision) {
                    (Some(identity_store_id), Some(user_id), Some(revision)) if e.is_empty() => {
                        Ok(Self {
                            identity_store_id,
                            user_id,
                            revision,
                            $($name,)+
                        })
                    }
                    _ => Err(e),
                }
            }
        }
    };
}

// The table. Its order is the form's, the record view's and the review's; `current` reads the
// value from where `DescribeUser` put it.
editable_fields! {
    DisplayName {
        name: display_name,
        label: "Display name",
        target: Target::Attribute("displayName"),
        current: |r| r.display_name.as_deref(),
    },
    GivenName {
        name: given_name,
        label: "Given name",
        target: Target::Attribute("name.givenName"),
        current: |r| r.given_name.as_deref(),
    },
    MiddleName {
        name: middle_name,
        label: "Middle name",
        target: Target::Attribute("name.middleName"),
        current: |r| r.middle_name.as_deref(),
    },
    FamilyName {
        name: family_name,
        label: "Family name",
        target: Target::Attribute("name.familyName"),
        current: |r| r.family_name.as_deref(),
    },
    FormattedName {
        name: formatted_name,
        label: "Full name as displayed",
        target: Target::Attribute("name.formatted"),
        current: |r| r.formatted_name.as_deref(),
    },
    NickName {
        name: nick_name,
        label: "Nickname",
        target: Target::Attribute("nickName"),
        current: |r| r.nick_name.as_deref(),
    },
    Title {
        name: title,
        label: "Job title",
        target: Target::Attribute("title"),
        current: |r| r.title.as_deref(),
    },
    UserType {
        name: user_type,
        label: "User type",
        target: Target::Attribute("userType"),
        current: |r| r.user_type.as_deref(),
    },
    Email {
        name: email,
        label: "Primary email",
        target: Target::Email,
        current: |r| r.email.as_ref().and_then(|e| e.value.as_deref()),
    },
    PhoneNumber {
        name: phone_number,
        label: "Primary phone number",
        target: Target::PhoneNumber,
        current: |r| r.phone_number.as_ref().and_then(|p| p.value.as_deref()),
    },
    StreetAddress {
        name: street_address,
        label: "Street address",
        target: Target::Address("streetAddress"),
        current: |r| r.address.as_ref().and_then(|a| a.street_address.as_deref()),
    },
    Locality {
        name: locality,
        label: "City",
        target: Target::Address("locality"),
        current: |r| r.address.as_ref().and_then(|a| a.locality.as_deref()),
    },
    Region {
        name: region,
        label: "State or region",
        target: Target::Address("region"),
        current: |r| r.address.as_ref().and_then(|a| a.region.as_deref()),
    },
    PostalCode {
        name: postal_code,
        label: "Postal code",
        target: Target::Address("postalCode"),
        current: |r| r.address.as_ref().and_then(|a| a.postal_code.as_deref()),
    },
    Country {
        name: country,
        label: "Country",
        target: Target::Address("country"),
        current: |r| r.address.as_ref().and_then(|a| a.country.as_deref()),
    },
    FormattedAddress {
        name: formatted_address,
        label: "Address as displayed",
        target: Target::Address("formatted"),
        multiline: true,
        current: |r| r.address.as_ref().and_then(|a| a.formatted.as_deref()),
    },
    PreferredLanguage {
        name: preferred_language,
        label: "Preferred language",
        target: Target::Attribute("preferredLanguage"),
        current: |r| r.preferred_language.as_deref(),
    },
    Locale {
        name: locale,
        label: "Locale",
        target: Target::Attribute("locale"),
        current: |r| r.locale.as_deref(),
    },
    Timezone {
        name: timezone,
        label: "Time zone",
        target: Target::Attribute("timezone"),
        current: |r| r.timezone.as_deref(),
    },
    ProfileUrl {
        name: profile_url,
        label: "Profile URL",
        target: Target::Attribute("profileUrl"),
        current: |r| r.profile_url.as_deref(),
    },
}
