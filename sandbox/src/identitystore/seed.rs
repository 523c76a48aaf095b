//! The seed: two identity stores of made-up but plausible users.

use serde_json::{Map, Value, json};

use super::{IdentityStore, User};
use crate::seed;

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

pub(super) fn seeded_store(
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
