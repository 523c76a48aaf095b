//! No value a person or AWS can set becomes markup on the dashboard's origin.
//!
//! Every free-text value is tried with a payload that ends a double-quoted attribute, a
//! `<textarea>` and the `<title>`, then opens an element and a script, each carrying a
//! marker that names the field. Two ways in, for every service:
//!
//! - **stored**: the payload is planted through the AWS API (the real `aws-sdk-*` clients
//!   against the sandbox) in every free-text attribute AWS accepts markup in, then the user
//!   page, the list page and the record returned after an update are rendered;
//! - **draft**: a browser without JavaScript posts the form with the payload in every field,
//!   values the rules refuse included, and the page it is redirected to (`?draft=`) renders
//!   the typed values again; ids in hidden fields, paths and `?q=` end up in URLs and headings.
//!
//! The server's HTML must hold no payload element or script, and each value must read back,
//! once unescaped, as exactly what was set (so it is shown as text, not dropped).
#![cfg(feature = "ssr")]

use std::collections::HashMap;

use crate::common::{TestApp, encode, unescape};
use app::services::finspace::model::FinspaceUserForm;
use app::services::finspace::user::UpdateFinspaceUser;
use app::services::identitystore::model::{Field, IdentityStoreUserForm};
use app::services::identitystore::user::UpdateIdentitystoreUser;
use app::services::memorydb::model::MemoryDbUserForm;
use app::services::memorydb::user::UpdateMemorydbUser;
use app::services::mq::model::MqUserForm;
use app::services::mq::user::UpdateMqUser;
use app::services::wickr::model::WickrUserForm;
use app::services::wickr::user::UpdateWickrUser;
use app::services::{finspace, identitystore, memorydb, mq, wickr};
use aws_smithy_types::Document;
use axum::http::header;

const STORE: &str = "d-9067a1b2c3";
/// amara.okafor: a complete profile.
const AMARA: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";
const MEMORYDB_USER: &str = "app-orders";
/// orders-prod.
const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const MQ_USER: &str = "analytics-etl";
/// equities-research.
const ENVIRONMENT: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const KX_USER: &str = "rdb-loader";
/// Meridian Operations.
const NETWORK: &str = "24681357";
const WICKR_USER: &str = "1020";

// ---- payloads --------------------------------------------------------------------------------

/// Markup for the value tagged `tag` (`[a-z_]+`): it closes an attribute, a textarea and the
/// title, then opens `<b id="xss-{tag}">` and a script setting `window.xss_{tag}`. The
/// trailing `&amp;` must come back as those five characters, not as `&`.
fn payload(tag: &str) -> String {
    format!(
        r#""'></textarea></title><b id="xss-{tag}">x</b><script>window.xss_{tag}=1</script>&amp;"#
    )
}

/// [`payload`] without whitespace, for values AWS refuses spaces in (user names, one rule of
/// an access string): the HTML parser reads `<b/id=…>` as `<b id=…>`.
fn compact_payload(tag: &str) -> String {
    format!(
        r#""'></textarea></title><b/id="xss-{tag}">x</b><script>window.xss_{tag}=1</script>&amp;"#
    )
}

/// What a payload looks like once it has become markup.
const MARKUP: [&str; 3] = [r#"<b id="xss-"#, r#"<b/id="xss-"#, "<script>window.xss"];

/// Panics, quoting the spot, if any payload became an element or a script in `html`.
#[track_caller]
fn assert_no_markup(html: &str, what: &str) {
    for needle in MARKUP {
        if let Some(at) = html.find(needle) {
            let (start, end) = (
                char_boundary(html, at.saturating_sub(160)),
                char_boundary(html, at + 160),
            );
            panic!(
                "{what}: a payload became markup ({needle}…) here:\n…{}…",
                &html[start..end]
            );
        }
    }
}

fn char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ---- the page as a browser reads it ----------------------------------------------------------

/// The first opening tag whose attributes contain `attribute`, and where it ends.
fn opening_tag<'a>(html: &'a str, attribute: &str) -> Option<(&'a str, usize)> {
    let at = html.find(attribute)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')? + 1;
    Some((&html[start..end], end))
}

/// The value of attribute `name` in an opening tag, decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// What the form control named `form[{field}]` holds when the page opens: an input's
/// `value`, or a textarea's content (less the one newline the parser drops after the tag).
fn form_value(html: &str, field: &str) -> Option<String> {
    let (tag, end) = opening_tag(html, &format!(r#"name="form[{field}]""#))?;
    if tag.starts_with("<textarea") {
        let content = &html[end..end + html[end..].find("</textarea>")?];
        let content = content
            .strip_prefix("\r\n")
            .or_else(|| content.strip_prefix('\n'))
            .unwrap_or(content);
        Some(unescape(content))
    } else {
        attribute(tag, "value")
    }
}

/// Asserts the control named `form[{field}]` holds exactly `expected`.
#[track_caller]
fn assert_form_value(html: &str, field: &str, expected: &str) {
    assert_eq!(
        form_value(html, field).as_deref(),
        Some(expected),
        "the form control for {field}"
    );
}

/// The text of every `<{tag}>` element in `html`, decoded, in page order (for elements
/// without child elements).
fn texts(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        // `<a` must not match `<abbr`, nor `<b` match `<body>`.
        if !rest.starts_with([' ', '>']) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let Some(len) = rest[gt + 1..].find(&close) else {
            break;
        };
        out.push(unescape(&rest[gt + 1..gt + 1 + len]));
        rest = &rest[gt + 1 + len..];
    }
    out
}

/// The shown values of the record rows `data-key="{key}"`, in page order (the outcome's
/// record comes before the current record).
fn record_values(html: &str, key: &str) -> Vec<String> {
    html.split(&format!(r#"data-key="{key}""#))
        .skip(1)
        .filter_map(|row| {
            let start = row.find(r#"<span class="value">"#)? + r#"<span class="value">"#.len();
            let len = row[start..].find("</span>")?;
            Some(unescape(&row[start..start + len]))
        })
        .collect()
}

/// What the "(changed; was …)" note of the first record row `key` says was there before.
fn was(html: &str, key: &str) -> Option<String> {
    let row = html.split(&format!(r#"data-key="{key}""#)).nth(1)?;
    let start = row.find(r#"<span class="was">"#)? + r#"<span class="was">"#.len();
    let len = row[start..].find("</span>")?;
    let text = unescape(&row[start..start + len]);
    Some(
        text.strip_prefix(" (changed; was ")?
            .strip_suffix(')')?
            .to_owned(),
    )
}

/// The document's title as the browser reads it.
fn title(html: &str) -> Option<String> {
    texts(html, "title").into_iter().next()
}

/// The `<option>`s of the `<select>` named `form[{field}]`: (value, label).
fn options(html: &str, field: &str) -> Vec<(String, String)> {
    let Some((_, end)) = opening_tag(html, &format!(r#"name="form[{field}]""#)) else {
        return Vec::new();
    };
    let Some(len) = html[end..].find("</select>") else {
        return Vec::new();
    };
    let select = &html[end..end + len];
    let labels = texts(select, "option");
    select
        .split("<option")
        .skip(1)
        .map(|o| attribute(&o[..o.find('>').unwrap_or(o.len())], "value").unwrap_or_default())
        .zip(labels)
        .collect()
}

// ---- driving the router ----------------------------------------------------------------------

/// The page at `path` (a 200), with no payload as markup.
async fn render(app: &TestApp, path: &str) -> String {
    let (status, _, html) = app.get(path).await;
    assert!(status.is_success(), "{path}: {status}");
    assert_no_markup(&html, path);
    html
}

/// Posts `form` as a browser without JavaScript does from `page` and follows the redirect,
/// which must start with `expect` and be percent-encoded; answers the page it leads to,
/// checked for markup.
async fn post_and_follow<F: serde::Serialize>(
    app: &TestApp,
    action: &str,
    page: &str,
    form: &F,
    expect: &str,
) -> String {
    let (status, headers, body) = app.post_form(action, page, form).await;
    assert!(status.is_redirection(), "{action}: {status} {body}");
    let location = headers[header::LOCATION]
        .to_str()
        .expect("an ASCII location")
        .to_owned();
    assert!(location.starts_with(expect), "{location}");
    assert!(
        !location.contains(['<', '>', '"', '\'', ' ']),
        "the redirect is percent-encoded: {location}"
    );
    let (status, _, html) = app.get(&location).await;
    assert!(!status.is_server_error(), "{location}: {status}");
    assert_no_markup(&html, &location);
    html
}

// ---- IAM Identity Center: every profile string accepts `<` (the model's class is letters,
// marks, symbols, digits and punctuation); the user name the same without spaces ------------

/// The identity store attributes as `UpdateUser` sets them: every string member of every
/// attribute AWS accepts, the form's fields tagged with their form names.
fn identitystore_operations() -> Vec<(&'static str, Document)> {
    let text = |tag: &str| Document::String(payload(tag));
    let object = |members: &[(&str, Document)]| {
        Document::Object(
            members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<HashMap<_, _>>(),
        )
    };
    let entry = |value: &str, kind: &str| {
        Document::Array(vec![object(&[
            ("Value", text(value)),
            ("Type", text(kind)),
            ("Primary", Document::Bool(true)),
        ])])
    };
    vec![
        ("userName", Document::String(compact_payload("user_name"))),
        (
            "name",
            object(&[
                ("GivenName", text("given_name")),
                ("MiddleName", text("middle_name")),
                ("FamilyName", text("family_name")),
                ("Formatted", text("formatted_name")),
                ("HonorificPrefix", text("honorific_prefix")),
                ("HonorificSuffix", text("honorific_suffix")),
            ]),
        ),
        ("displayName", text("display_name")),
        ("nickName", text("nick_name")),
        ("title", text("title")),
        ("userType", text("user_type")),
        ("emails", entry("email", "email_type")),
        ("phoneNumbers", entry("phone_number", "phone_type")),
        (
            "addresses",
            Document::Array(vec![object(&[
                ("StreetAddress", text("street_address")),
                ("Locality", text("locality")),
                ("Region", text("region")),
                ("PostalCode", text("postal_code")),
                ("Country", text("country")),
                ("Formatted", text("formatted_address")),
                ("Type", text("address_type")),
                ("Primary", Document::Bool(true)),
            ])]),
        ),
        ("preferredLanguage", text("preferred_language")),
        ("locale", text("locale")),
        ("timezone", text("timezone")),
        ("profileUrl", text("profile_url")),
        ("website", text("website")),
        ("birthdate", text("birthdate")),
        ("roles", entry("role", "role_type")),
        (
            "photos",
            Document::Array(vec![object(&[
                ("Value", text("photo")),
                ("Type", text("photo_type")),
                ("Display", text("photo_display")),
                ("Primary", Document::Bool(true)),
            ])]),
        ),
    ]
}

async fn plant_identitystore(app: &TestApp) {
    let client = aws_sdk_identitystore::Client::new(&app.sdk_config().await);
    let operations = identitystore_operations()
        .into_iter()
        .map(|(path, value)| {
            aws_sdk_identitystore::types::AttributeOperation::builder()
                .attribute_path(path)
                .attribute_value(value)
                .build()
                .expect("an operation")
        })
        .collect();
    client
        .update_user()
        .identity_store_id(STORE)
        .user_id(AMARA)
        .set_operations(Some(operations))
        .send()
        .await
        .expect("AWS accepts markup in every profile string");
}

fn identitystore_page() -> String {
    identitystore::user::user_path(STORE, AMARA)
}

#[tokio::test]
async fn identitystore_values_set_through_aws_are_shown_as_text() {
    let app = TestApp::spawn().await;
    plant_identitystore(&app).await;

    let html = render(&app, &identitystore_page()).await;
    for field in Field::ALL {
        let name = field.name();
        assert_form_value(&html, name, &payload(name));
        assert_eq!(record_values(&html, name), [payload(name)], "{name}");
    }
    let user_name = compact_payload("user_name");
    assert_eq!(
        record_values(&html, "user_name"),
        std::slice::from_ref(&user_name)
    );
    assert_eq!(
        title(&html).as_deref(),
        Some(format!("Identity Center user {user_name} · userdesk").as_str())
    );
    assert!(texts(&html, "code").contains(&user_name), "the heading");

    // The list: user name (the link), display name and email.
    let list = render(&app, &format!("/identitystore/stores/{STORE}?q=xss-")).await;
    assert!(texts(&list, "a").contains(&user_name), "{list}");
    let cells = texts(&list, "td");
    for tag in ["display_name", "email"] {
        assert!(cells.contains(&payload(tag)), "{tag}: {cells:?}");
    }
}

#[tokio::test]
async fn identitystore_record_returned_after_a_save_is_shown_as_text() {
    let app = TestApp::spawn().await;
    plant_identitystore(&app).await;
    let page = identitystore_page();
    let mut form = identitystore::user::ssr::load(&app.state, STORE, AMARA)
        .await
        .expect("loads")
        .to_form();
    for field in Field::ALL {
        *form.value_mut(field) = payload(&format!("saved_{}", field.name()));
    }
    let action = <UpdateIdentitystoreUser as server_fn::ServerFn>::PATH;
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?result=")).await;
    assert!(html.contains("The record AWS returned"), "{html}");
    assert!(
        texts(&html, "h2").contains(&format!("Saved: {}", payload("saved_display_name"))),
        "the outcome's heading"
    );
    for field in Field::ALL {
        let (name, saved) = (field.name(), payload(&format!("saved_{}", field.name())));
        // The outcome's record, then the current record (reloaded), then the form.
        assert_eq!(record_values(&html, name), [saved.clone(), saved.clone()]);
        assert_eq!(was(&html, name), Some(payload(name)), "{name}");
        assert_form_value(&html, name, &saved);
    }
}

#[tokio::test]
async fn identitystore_values_typed_without_javascript_come_back_as_text() {
    let app = TestApp::spawn().await;
    let page = identitystore_page();
    let action = <UpdateIdentitystoreUser as server_fn::ServerFn>::PATH;
    let mut form = IdentityStoreUserForm {
        identity_store_id: STORE.into(),
        user_id: AMARA.into(),
        // Refused (digits only): the form comes back as a draft, keeping this revision.
        revision: payload("draft_revision"),
        ..Default::default()
    };
    for field in Field::ALL {
        *form.value_mut(field) = payload(&format!("draft_{}", field.name()));
    }
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?draft=")).await;
    assert!(
        html.contains(r#"role="alert""#),
        "the refusal is shown: {html}"
    );
    for field in Field::ALL {
        let name = field.name();
        assert_form_value(&html, name, &payload(&format!("draft_{name}")));
    }
    assert_form_value(&html, "revision", &payload("draft_revision"));

    // Ids from the hidden fields become the redirect's path, then the page's parameters.
    let ids = IdentityStoreUserForm {
        identity_store_id: payload("draft_identity_store_id"),
        user_id: payload("draft_user_id"),
        ..form
    };
    post_and_follow(&app, action, &page, &ids, "/identitystore/stores/").await;
}

// ---- MemoryDB: the access string takes any non-blank rules that start like a rule (`~…`); user
// names are letters, digits and hyphens ---------------------------------------------------

/// A one-rule access string that AWS accepts and that holds markup.
fn access_string(tag: &str) -> String {
    format!("~{}", compact_payload(tag))
}

async fn plant_memorydb(app: &TestApp) {
    let client = aws_sdk_memorydb::Client::new(&app.sdk_config().await);
    client
        .update_user()
        .user_name(MEMORYDB_USER)
        .access_string(access_string("access_string"))
        .send()
        .await
        .expect("AWS accepts markup in a key pattern");
}

#[tokio::test]
async fn memorydb_values_set_through_aws_are_shown_as_text() {
    let app = TestApp::spawn().await;
    plant_memorydb(&app).await;
    let planted = access_string("access_string");

    let html = render(&app, &memorydb::user::user_path(MEMORYDB_USER)).await;
    assert_form_value(&html, "access_string", &planted);
    assert_eq!(
        record_values(&html, "access_string"),
        std::slice::from_ref(&planted)
    );

    let list = render(&app, "/memorydb?q=xss-").await;
    assert!(texts(&list, "td").contains(&planted), "{list}");

    // The record returned after a save, with the old value in "was".
    tokio::time::sleep(std::time::Duration::from_millis(200)).await; // past `modifying`
    let page = memorydb::user::user_path(MEMORYDB_USER);
    let mut form = memorydb::user::ssr::load(&app.state, MEMORYDB_USER)
        .await
        .expect("loads")
        .to_form();
    form.access_string = access_string("saved_access_string");
    let action = <UpdateMemorydbUser as server_fn::ServerFn>::PATH;
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?result=")).await;
    assert!(html.contains("The record AWS returned"), "{html}");
    let saved = access_string("saved_access_string");
    assert_eq!(record_values(&html, "access_string")[0], saved);
    assert_eq!(was(&html, "access_string"), Some(planted));
    assert_form_value(&html, "access_string", &saved);
}

#[tokio::test]
async fn memorydb_values_typed_without_javascript_come_back_as_text() {
    let app = TestApp::spawn().await;
    let page = memorydb::user::user_path(MEMORYDB_USER);
    let action = <UpdateMemorydbUser as server_fn::ServerFn>::PATH;
    let form = MemoryDbUserForm {
        user_name: MEMORYDB_USER.into(),
        current_authentication_type: payload("draft_current_authentication_type"),
        // Not a rule AWS knows, and not one the draft drops as a password (`<…`, `>…`).
        access_string: payload("draft_access_string"),
        // Refused (password or iam): nothing reaches AWS.
        authentication_type: payload("draft_authentication_type"),
        password_1: payload("draft_password_1"),
        password_2: payload("draft_password_2"),
    };
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?draft=")).await;
    assert_form_value(&html, "access_string", &payload("draft_access_string"));
    assert!(
        !html.contains("draft_password"),
        "passwords are never sent back"
    );

    let ids = MemoryDbUserForm {
        user_name: payload("draft_user_name"),
        ..form
    };
    post_and_follow(&app, action, &page, &ids, "/memorydb/users/").await;
}

// ---- Amazon MQ: usernames and groups are `[a-zA-Z0-9-._~]{2,100}` and broker names are set at
// creation only, so nothing can be planted through AWS: the form is the way in ------------

#[tokio::test]
async fn mq_values_typed_without_javascript_come_back_as_text() {
    let app = TestApp::spawn().await;
    let page = mq::user::user_path(BROKER, MQ_USER);
    let action = <UpdateMqUser as server_fn::ServerFn>::PATH;
    let form = MqUserForm {
        broker_id: BROKER.into(),
        username: MQ_USER.into(),
        password: payload("draft_password"),
        // A textarea; refused by the group rule.
        groups: payload("draft_groups"),
        console_access: Some(payload("draft_console_access")),
        replication_user: Some(payload("draft_replication_user")),
    };
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?draft=")).await;
    assert_form_value(&html, "groups", &payload("draft_groups"));
    assert!(
        !html.contains("draft_password"),
        "passwords are never sent back"
    );

    let ids = MqUserForm {
        broker_id: payload("draft_broker_id"),
        username: payload("draft_username"),
        ..form
    };
    post_and_follow(&app, action, &page, &ids, "/mq/brokers/").await;
}

// ---- FinSpace kdb: user names are `[0-9A-Za-z_-]`, IAM role ARNs have no `<`, environment names
// are not settable through the sandbox (and `[a-zA-Z0-9-_]` on AWS): the form is the way in --

#[tokio::test]
async fn finspace_values_typed_without_javascript_come_back_as_text() {
    let app = TestApp::spawn().await;
    let page = finspace::user::user_path(ENVIRONMENT, KX_USER);
    let action = <UpdateFinspaceUser as server_fn::ServerFn>::PATH;
    let form = FinspaceUserForm {
        environment_id: ENVIRONMENT.into(),
        user_name: KX_USER.into(),
        iam_role: payload("draft_iam_role"),
        client_token: payload("draft_client_token"),
    };
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?draft=")).await;
    assert_form_value(&html, "iam_role", &payload("draft_iam_role"));

    let ids = FinspaceUserForm {
        environment_id: payload("draft_environment_id"),
        user_name: payload("draft_user_name"),
        ..form
    };
    post_and_follow(&app, action, &page, &ids, "/finspace/environments/").await;
}

// ---- Wickr: first and last names and the invite code are any string, the username any string
// without whitespace; network and security group names are not settable through the API ----

async fn plant_wickr(app: &TestApp) {
    let client = aws_sdk_wickr::Client::new(&app.sdk_config().await);
    client
        .update_user()
        .network_id(NETWORK)
        .user_id(WICKR_USER)
        .user_details(
            aws_sdk_wickr::types::UpdateUserDetails::builder()
                .first_name(payload("first_name"))
                .last_name(payload("last_name"))
                .username(compact_payload("username"))
                .invite_code(payload("invite_code"))
                .build(),
        )
        .send()
        .await
        .expect("AWS accepts markup in names and invite codes");
}

#[tokio::test]
async fn wickr_values_set_through_aws_are_shown_as_text() {
    let app = TestApp::spawn().await;
    plant_wickr(&app).await;
    let username = compact_payload("username");

    let html = render(&app, &wickr::user::user_path(NETWORK, WICKR_USER)).await;
    for (field, value) in [
        ("first_name", payload("first_name")),
        ("last_name", payload("last_name")),
        ("username", username.clone()),
        ("invite_code", payload("invite_code")),
    ] {
        assert_form_value(&html, field, &value);
        assert_eq!(record_values(&html, field), [value], "{field}");
    }
    assert_eq!(
        title(&html).as_deref(),
        Some(format!("Wickr user {username} · userdesk").as_str())
    );
    assert!(texts(&html, "code").contains(&username), "the heading");

    let list = render(&app, &format!("/wickr/networks/{NETWORK}?q=xss-")).await;
    assert!(texts(&list, "a").contains(&username), "{list}");
    let full_name = format!("{} {}", payload("first_name"), payload("last_name"));
    assert!(texts(&list, "td").contains(&full_name), "{list}");
}

#[tokio::test]
async fn wickr_record_returned_after_a_save_is_shown_as_text() {
    let app = TestApp::spawn().await;
    plant_wickr(&app).await;
    let page = wickr::user::user_path(NETWORK, WICKR_USER);
    let mut form = wickr::user::ssr::load(&app.state, NETWORK, WICKR_USER)
        .await
        .expect("loads")
        .record
        .to_form();
    form.first_name = payload("saved_first_name");
    form.last_name = payload("saved_last_name");
    form.username = compact_payload("saved_username");
    let action = <UpdateWickrUser as server_fn::ServerFn>::PATH;
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?result=")).await;
    assert!(html.contains("The record AWS returned"), "{html}");
    for (field, before, after) in [
        (
            "first_name",
            payload("first_name"),
            payload("saved_first_name"),
        ),
        (
            "last_name",
            payload("last_name"),
            payload("saved_last_name"),
        ),
        (
            "username",
            compact_payload("username"),
            compact_payload("saved_username"),
        ),
    ] {
        assert_eq!(record_values(&html, field)[0], after, "{field}");
        assert_eq!(was(&html, field), Some(before), "{field}");
        assert_form_value(&html, field, &after);
    }
    // The invite code was left alone and is still shown as it was set.
    assert_form_value(&html, "invite_code", &payload("invite_code"));
}

#[tokio::test]
async fn wickr_values_typed_without_javascript_come_back_as_text() {
    let app = TestApp::spawn().await;
    let page = wickr::user::user_path(NETWORK, WICKR_USER);
    let action = <UpdateWickrUser as server_fn::ServerFn>::PATH;
    let form = WickrUserForm {
        network_id: NETWORK.into(),
        user_id: WICKR_USER.into(),
        first_name: payload("draft_first_name"),
        last_name: payload("draft_last_name"),
        // Refused: it has spaces.
        username: payload("draft_username"),
        // Refused: not a group of the network (the page offers it as an option to keep it).
        security_group_id: payload("draft_security_group_id"),
        invite_code: payload("draft_invite_code"),
        // Refused: not a number.
        invite_code_ttl: payload("draft_invite_code_ttl"),
        code_validation: Some(payload("draft_code_validation")),
    };
    let html = post_and_follow(&app, action, &page, &form, &format!("{page}?draft=")).await;
    for field in [
        "first_name",
        "last_name",
        "username",
        "invite_code",
        "invite_code_ttl",
    ] {
        assert_form_value(&html, field, &payload(&format!("draft_{field}")));
    }
    let group = payload("draft_security_group_id");
    assert!(
        options(&html, "security_group_id").contains(&(group.clone(), group)),
        "the typed group is kept as an option: {:?}",
        options(&html, "security_group_id")
    );

    let ids = WickrUserForm {
        network_id: payload("draft_network_id"),
        user_id: payload("draft_user_id"),
        ..form
    };
    post_and_follow(&app, action, &page, &ids, "/wickr/networks/").await;
}

// ---- URLs: path parameters and the list filter ----------------------------------------------

#[tokio::test]
async fn path_parameters_and_filters_are_shown_as_text() {
    let app = TestApp::spawn().await;
    let q = payload("q");
    for list in [
        "/memorydb".to_owned(),
        "/mq".to_owned(),
        format!("/mq/brokers/{BROKER}"),
        "/finspace".to_owned(),
        format!("/finspace/environments/{ENVIRONMENT}"),
        "/identitystore".to_owned(),
        format!("/identitystore/stores/{STORE}"),
        "/wickr".to_owned(),
        format!("/wickr/networks/{NETWORK}"),
    ] {
        let html = render(&app, &format!("{list}?q={}", encode(&q))).await;
        // The list's own filter, in the page's main part (the header's search box is `q` too).
        let main = &html[html.find(r#"<main id="main""#).expect("the main part")..];
        let (filter, _) = opening_tag(main, r#"name="q""#).expect("the filter");
        assert_eq!(attribute(filter, "value"), Some(q.clone()), "{list}");
        assert!(
            texts(&html, "p")
                .iter()
                .any(|p| p.contains(&format!("“{q}”"))),
            "{list}: the summary names the filter"
        );
    }

    let id = encode(&payload("path"));
    for path in [
        format!("/memorydb/users/{id}"),
        format!("/mq/brokers/{id}"),
        format!("/mq/brokers/{BROKER}/users/{id}"),
        format!("/finspace/environments/{id}"),
        format!("/finspace/environments/{ENVIRONMENT}/users/{id}"),
        format!("/identitystore/stores/{id}"),
        format!("/identitystore/stores/{STORE}/users/{id}"),
        format!("/wickr/networks/{id}"),
        format!("/wickr/networks/{NETWORK}/users/{id}"),
        format!("/{id}"),
    ] {
        let (status, _, html) = app.get(&path).await;
        assert!(!status.is_server_error(), "{path}: {status}");
        assert_no_markup(&html, &path);
    }
}
