//! The model's rules, by subject. The fixtures here are shared: Amara as the sandbox seeds her,
//! and the model's character class as a pattern for generated input.

use super::*;

mod edit_properties;
mod edits;
mod fields;
mod ids;
mod text;

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

/// Characters the model's class includes, from each of its categories and literals.
const ALLOWED: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \x{A0}\x{3000}]";
