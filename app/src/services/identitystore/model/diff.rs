//! What an edit changes: the changed fields the confirmation lists, and the attribute
//! operations `UpdateUser` takes.

use super::field::{Field, Target};
use super::text::normalize_line_breaks;
use super::{
    AddressEntry, ContactEntry, IdentityStoreUserForm, IdentityStoreUserRecord,
    IdentityStoreUserUpdate,
};
use crate::forms::FieldChange;

/// The fields whose value the update changes, in form order. Line breaks are compared as
/// [`normalize_line_breaks`] leaves them, so CRLF against LF is no change.
pub fn changed_fields(
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Vec<Field> {
    changed_by(|f| before.value(f), update)
}

fn changed_by<'a>(
    before: impl Fn(Field) -> Option<&'a str>,
    update: &IdentityStoreUserUpdate,
) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|&f| before(f).map(normalize_line_breaks).as_deref() != update.value(f))
        .collect()
}

/// What an update changes against the record, old → new (no value shows as empty).
pub fn changes(
    before: &IdentityStoreUserRecord,
    update: &IdentityStoreUserUpdate,
) -> Vec<FieldChange> {
    changes_by(|f| before.value(f), update)
}

/// [`changes`] against the form the record opened as (`to_form`): what the page's review
/// lists. The browser holds the form, not the record, whose reader would cost the page's
/// wasm ~4 KiB; a value the record holds empty is no value in the form, and the review never
/// lists a change from empty to empty either way.
pub fn changes_from_form(
    before: &IdentityStoreUserForm,
    update: &IdentityStoreUserUpdate,
) -> Vec<FieldChange> {
    changes_by(|f| Some(before.value(f)).filter(|v| !v.is_empty()), update)
}

fn changes_by<'a>(
    before: impl Fn(Field) -> Option<&'a str>,
    update: &IdentityStoreUserUpdate,
) -> Vec<FieldChange> {
    changed_by(&before, update)
        .into_iter()
        .filter_map(|f| {
            FieldChange::plain(
                f.name(),
                f.label(),
                before(f).unwrap_or_default(),
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
