//! Who may do what, swept: every registered server function called with no session and as
//! each role, and, for the helpdesk role, a change of every field of every service's form
//! through the edit pipeline (the plain path and the HTTP server function), accepted exactly
//! when the slice's `ABOUT.helpdesk_fields` lists the field, and refused before anything
//! reaches AWS otherwise.
#![cfg(feature = "ssr")]

use std::collections::{BTreeMap, BTreeSet};

use app::access::Task;
use app::error::AppError;
use app::forms::Outcome;
use app::server::Role;
use app::services::ServiceId;
use app::services::{finspace, identitystore, memorydb, mq, wickr};
use axum::http::{Method, StatusCode};
use serde::Serialize;
use server_fn::ServerFn;

use crate::common::{HOST, TestApp, encode, server_fn_post};

const BROKER: &str = "b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10";
const ENVIRONMENT: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const STORE: &str = "d-9067a1b2c3";
const AMARA: &str = "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91";
const NETWORK: &str = "24681357";
const BJORN: &str = "1002";

// ---- the table of server functions -------------------------------------------------------------

/// What a server function asks of its caller.
#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anyone, signed in or not: what the sign-in page itself needs.
    Open,
    /// Any signed-in role; called with these arguments.
    Read(&'static [(&'static str, &'static str)]),
    /// An update of the service's users: admin always, helpdesk per field, viewer never. The
    /// arguments are a form changing a seeded user ([`Slice::cases`]).
    Edit(ServiceId),
    /// A helpdesk action ([`Task`]): roles that may carry it out succeed (one change reaches
    /// AWS), the others are refused before anything does. Called with these arguments.
    Task(Task, &'static [(&'static str, &'static str)]),
}

/// One registered server function, by its path.
struct ServerFunction {
    path: &'static str,
    access: Access,
}

const fn open<F: ServerFn>() -> ServerFunction {
    ServerFunction {
        path: F::PATH,
        access: Access::Open,
    }
}

const fn read<F: ServerFn>(args: &'static [(&'static str, &'static str)]) -> ServerFunction {
    ServerFunction {
        path: F::PATH,
        access: Access::Read(args),
    }
}

const fn task<F: ServerFn>(
    task: Task,
    args: &'static [(&'static str, &'static str)],
) -> ServerFunction {
    ServerFunction {
        path: F::PATH,
        access: Access::Task(task, args),
    }
}

const fn edit<F: ServerFn>(service: ServiceId) -> ServerFunction {
    ServerFunction {
        path: F::PATH,
        access: Access::Edit(service),
    }
}

/// A list page's arguments: its parent (`_parent` where the list has none), no query, page 0.
macro_rules! listing {
    ($parent:literal, $id:expr) => {
        &[($parent, $id), ("query", ""), ("page", "0")]
    };
}

/// Every server function the app registers. A new one fails the sweep below until it is
/// classified here, and so checked.
const SERVER_FUNCTIONS: &[ServerFunction] = &[
    open::<app::sign_in::SignInOptions>(),
    read::<app::home::SiteInfo>(&[]),
    read::<app::home::ServiceCards>(&[]),
    read::<app::forms::flow::TakeFlash>(&[("id", "no-such-flash")]),
    // Everyone reads the audit log; the server narrows non-admins to their own records.
    read::<app::audit_page::AuditRecords>(&[("query[page]", "1")]),
    read::<app::audit_page::UserAuditHistory>(&[
        ("service", "mq"),
        ("target", "user billing-worker"),
    ]),
    read::<memorydb::MemorydbUsers>(listing!("_parent", "")),
    read::<memorydb::user::MemorydbUser>(&[("user_name", "app-orders")]),
    edit::<memorydb::user::UpdateMemorydbUser>(ServiceId::MemoryDb),
    read::<mq::MqBrokers>(listing!("_parent", "")),
    read::<mq::MqUsers>(listing!("broker_id", BROKER)),
    read::<mq::user::MqUser>(&[("broker_id", BROKER), ("username", "billing-worker")]),
    edit::<mq::user::UpdateMqUser>(ServiceId::Mq),
    read::<finspace::FinspaceEnvironments>(listing!("_parent", "")),
    read::<finspace::FinspaceUsers>(listing!("environment_id", ENVIRONMENT)),
    read::<finspace::user::FinspaceUser>(&[
        ("environment_id", ENVIRONMENT),
        ("user_name", "gchen"),
    ]),
    edit::<finspace::user::UpdateFinspaceUser>(ServiceId::FinSpace),
    read::<identitystore::IdentityStores>(listing!("_parent", "")),
    read::<identitystore::IdentitystoreUsers>(listing!("store_id", STORE)),
    read::<identitystore::user::IdentitystoreUser>(&[("store_id", STORE), ("user_id", AMARA)]),
    edit::<identitystore::user::UpdateIdentitystoreUser>(ServiceId::IdentityStore),
    read::<wickr::WickrNetworks>(listing!("_parent", "")),
    read::<wickr::WickrUsers>(listing!("network_id", NETWORK)),
    read::<wickr::user::WickrUser>(&[("network_id", NETWORK), ("user_id", BJORN)]),
    edit::<wickr::user::UpdateWickrUser>(ServiceId::Wickr),
    read::<app::search::SearchService>(&[("service", "Mq"), ("query", "billing")]),
    read::<wickr::actions::WickrDevices>(&[("network_id", NETWORK), ("user_id", "1001")]),
    task::<mq::reset::ResetMqPassword>(
        Task::PasswordReset,
        &[
            ("form[broker_id]", BROKER),
            ("form[username]", "billing-worker"),
            ("form[mode]", "generate"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    ),
    task::<memorydb::reset::ResetMemorydbPassword>(
        Task::PasswordReset,
        &[
            ("form[user_name]", "app-orders"),
            ("form[step]", "replace"),
            ("form[mode]", "type"),
            ("form[password]", "a-typed-password-0123456789"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    ),
    task::<mq::reset::RebootMqBroker>(
        Task::RebootBroker,
        &[
            ("broker_id", BROKER),
            ("back_to", "/mq"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    ),
    task::<wickr::actions::WickrUserAction>(
        Task::ResetDevices,
        &[
            ("network_id", NETWORK),
            ("user_id", "1001"),
            ("task", "reset_devices"),
            ("confirm", "yes"),
            ("via", "js"),
        ],
    ),
];

// ---- each slice's edits ------------------------------------------------------------------------

/// A form changing exactly one editable field of a seeded user to a valid value.
struct Case<F> {
    /// The form field, also the `FieldChange::field` the change shows as.
    field: &'static str,
    /// What the review and the refusal call it.
    label: &'static str,
    form: F,
}

impl<F> Case<F> {
    fn new(field: &'static str, label: &'static str, form: F) -> Self {
        Case { field, label, form }
    }
}

/// What the tests need of one service's edit.
trait Slice {
    const SERVICE: ServiceId;
    /// The service's name as the refusal says it.
    const NAME: &'static str;
    /// The update server function.
    const UPDATE: &'static str;
    /// The form's inputs that say which user, not what about it.
    const HIDDEN: &'static [&'static str];
    type Form: Serialize;

    /// One case per editable field (or more), each on the seeded data; a case that would be
    /// accepted is on a user no other case touches.
    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>>;

    /// The plain path the server function runs (`user::ssr::apply`), as `app.caller`.
    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError>;
}

const PW_A: &str = "first-password-0123456789";
const PW_B: &str = "second-password-0123456789";

struct MemoryDb;

impl Slice for MemoryDb {
    const SERVICE: ServiceId = ServiceId::MemoryDb;
    const NAME: &'static str = "Amazon MemoryDB";
    const UPDATE: &'static str = <memorydb::user::UpdateMemorydbUser as ServerFn>::PATH;
    const HIDDEN: &'static [&'static str] = &["user_name", "current_authentication_type"];
    type Form = memorydb::model::MemoryDbUserForm;

    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>> {
        let form = async |user: &str| {
            memorydb::user::ssr::load(&app.state, user)
                .await
                .expect("a seeded user")
                .to_form()
        };
        let mut access_string = form("app-orders").await;
        access_string.access_string = "on ~orders:* -@all +@read".into();
        let mut to_iam = form("app-reader").await;
        to_iam.authentication_type = "iam".into();
        // A password reset: the helpdesk's job.
        let mut password_1 = form("app-orders").await;
        password_1.password_1 = PW_A.into();
        // A second password needs a first.
        let mut password_2 = form("app-orders-rotating").await;
        password_2.password_1 = PW_A.into();
        password_2.password_2 = PW_B.into();
        // From IAM to passwords: passwords typed, but the switch itself needs an admin.
        let mut to_password = form("svc-search-indexer").await;
        to_password.authentication_type = "password".into();
        to_password.password_1 = PW_A.into();
        vec![
            Case::new("access_string", "Access string", access_string),
            Case::new("authentication_type", "Authentication type", to_iam),
            Case::new("password_1", "Password 1", password_1),
            Case::new("password_2", "Password 2", password_2),
            Case::new("authentication_type", "Authentication type", to_password),
        ]
    }

    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError> {
        memorydb::user::ssr::apply(&app.state, &app.caller, form).await
    }
}

struct Mq;

impl Slice for Mq {
    const SERVICE: ServiceId = ServiceId::Mq;
    const NAME: &'static str = "Amazon MQ";
    const UPDATE: &'static str = <mq::user::UpdateMqUser as ServerFn>::PATH;
    const HIDDEN: &'static [&'static str] = &["broker_id", "username"];
    type Form = mq::model::MqUserForm;

    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>> {
        let form = async |user: &str| {
            mq::user::ssr::load(&app.state, BROKER, user)
                .await
                .expect("a seeded user")
                .record
                .to_form()
        };
        let mut password = form("billing-worker").await;
        password.password = "A-brand-new-secret-1".into();
        let mut groups = form("amara.okafor").await;
        groups.groups = "admins, ops, audit".into();
        let mut console_access = form("amara.okafor").await;
        assert_eq!(console_access.console_access.as_deref(), Some("on"));
        console_access.console_access = None;
        let mut replication_user = form("amara.okafor").await;
        assert_eq!(replication_user.replication_user, None);
        replication_user.replication_user = Some("on".into());
        vec![
            Case::new("password", "Password", password),
            Case::new("groups", "Groups", groups),
            Case::new("console_access", "Console access", console_access),
            Case::new("replication_user", "Replication user", replication_user),
        ]
    }

    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError> {
        mq::user::ssr::apply(&app.state, &app.caller, form).await
    }
}

struct FinSpace;

impl Slice for FinSpace {
    const SERVICE: ServiceId = ServiceId::FinSpace;
    const NAME: &'static str = "Amazon FinSpace (kdb)";
    const UPDATE: &'static str = <finspace::user::UpdateFinspaceUser as ServerFn>::PATH;
    const HIDDEN: &'static [&'static str] = &["environment_id", "user_name", "client_token"];
    type Form = finspace::model::FinspaceUserForm;

    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>> {
        let mut form = finspace::user::ssr::load(&app.state, ENVIRONMENT, "gchen")
            .await
            .expect("a seeded user")
            .form;
        form.iam_role = ["readonly", "quant"]
            .map(|role| format!("arn:aws:iam::123456789012:role/finspace/kdb-equities-{role}"))
            .into_iter()
            .find(|role| *role != form.iam_role)
            .expect("another role");
        vec![Case::new("iam_role", "IAM role", form)]
    }

    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError> {
        finspace::user::ssr::apply(&app.state, &app.caller, form).await
    }
}

struct IdentityStore;

impl Slice for IdentityStore {
    const SERVICE: ServiceId = ServiceId::IdentityStore;
    const NAME: &'static str = "IAM Identity Center";
    const UPDATE: &'static str = <identitystore::user::UpdateIdentitystoreUser as ServerFn>::PATH;
    const HIDDEN: &'static [&'static str] = &["identity_store_id", "user_id", "revision"];
    type Form = identitystore::model::IdentityStoreUserForm;

    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>> {
        let record = identitystore::user::ssr::load(&app.state, STORE, AMARA)
            .await
            .expect("a seeded user");
        identitystore::model::FIELDS
            .iter()
            .map(|spec| {
                let mut form = record.to_form();
                *form.value_mut(spec.field) = "Changed by the helpdesk".to_owned();
                Case::new(spec.name, spec.label, form)
            })
            .collect()
    }

    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError> {
        identitystore::user::ssr::apply(&app.state, &app.caller, form).await
    }
}

struct Wickr;

impl Slice for Wickr {
    const SERVICE: ServiceId = ServiceId::Wickr;
    const NAME: &'static str = "AWS Wickr";
    const UPDATE: &'static str = <wickr::user::UpdateWickrUser as ServerFn>::PATH;
    const HIDDEN: &'static [&'static str] = &["network_id", "user_id"];
    type Form = wickr::model::WickrUserForm;

    async fn cases(app: &TestApp) -> Vec<Case<Self::Form>> {
        let bjorn = wickr::user::ssr::load(&app.state, NETWORK, BJORN)
            .await
            .expect("a seeded user")
            .record
            .to_form();
        type Edit = fn(&mut wickr::model::WickrUserForm);
        let edits: [(&str, &str, Edit); 7] = [
            ("first_name", "First name", |f| {
                f.first_name = "Björn".into()
            }),
            ("last_name", "Last name", |f| {
                f.last_name = "Lindqvist-Berg".into()
            }),
            ("username", "Username", |f| {
                f.username = "bjorn@meridian-ops.com".into()
            }),
            ("security_group_id", "Security group", |f| {
                f.security_group_id = "Hn4RcY9e".into()
            }),
            ("invite_code", "Invite code", |f| {
                f.invite_code = "MRD-1234-AB".into()
            }),
            ("invite_code_ttl", "Invite code TTL", |f| {
                f.invite_code_ttl = "30".into()
            }),
            ("code_validation", "Code validation", |f| {
                f.code_validation = Some("on".into())
            }),
        ];
        edits
            .into_iter()
            .map(|(field, label, edit)| {
                let mut form = bjorn.clone();
                edit(&mut form);
                Case::new(field, label, form)
            })
            .collect()
    }

    async fn apply(app: &TestApp, form: &Self::Form) -> Result<Outcome, AppError> {
        wickr::user::ssr::apply(&app.state, &app.caller, form).await
    }
}

// ---- requests and what the sandbox saw ---------------------------------------------------------

/// The operations that change something, and how often the sandbox answered each: every
/// operation but reads (the readiness prober lists in the background).
fn writes(app: &TestApp) -> BTreeMap<String, u64> {
    app.sandbox()
        .state
        .calls()
        .into_iter()
        .filter(|(key, _)| {
            let operation = key.split_once(':').map_or(key.as_str(), |(_, op)| op);
            !["List", "Describe", "Get"]
                .iter()
                .any(|read| operation.starts_with(read))
        })
        .collect()
}

/// A server function's arguments, form-encoded.
fn encoded(args: &[(&str, &str)]) -> String {
    args.iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An update server function's arguments, as the page's script sends them: the form's inputs
/// as `form[<field>]` (an unticked checkbox absent) and `via=js`.
fn form_args(form: &impl Serialize) -> String {
    let fields = serde_json::to_value(form).expect("a form serializes");
    let mut args = vec![("via".to_owned(), "js".to_owned())];
    for (name, value) in fields.as_object().expect("a form is a struct") {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        args.push((format!("form[{name}]"), text));
    }
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    encoded(&args)
}

/// The server function at `path` called with `body` by the app's browser (its session, if any).
async fn call(app: &TestApp, path: &str, body: String) -> (StatusCode, String) {
    let (status, _, body) = app.send(server_fn_post(path, HOST, body)).await;
    (status, body)
}

/// An update server function's answer as the plain path returns it; the status must be the
/// error's own.
fn decode(status: StatusCode, body: &str) -> Result<Outcome, AppError> {
    if status == StatusCode::OK {
        return Ok(
            serde_json::from_str(body).unwrap_or_else(|e| panic!("an outcome ({e}): {body}"))
        );
    }
    let error: AppError = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{status}, not an AppError ({e}): {body}"));
    assert_eq!(status.as_u16(), error.http_status(), "{body}");
    Err(error)
}

/// The refusal of a helpdesk change of `label` on `S`'s users.
fn refused<S: Slice>(label: &str) -> AppError {
    AppError::Forbidden {
        what: format!("Changing {label} of {} users", S::NAME),
        needed: "admin".to_owned(),
        role: "helpdesk".to_owned(),
    }
}

async fn signed_in(person: Option<&str>) -> TestApp {
    let app = match person {
        Some(person) => TestApp::builder().signed_in_as(person).build().await,
        None => TestApp::builder().signed_out().build().await,
    };
    assert_eq!(app.cookie().is_some(), person.is_some(), "{person:?}");
    app
}

// ---- every server function × every role -------------------------------------------------------

/// The first case of `S` the helpdesk may not make: its update's path, arguments, field and
/// label.
async fn non_password_edit<S: Slice>(
    app: &TestApp,
) -> (&'static str, String, &'static str, AppError) {
    let case = S::cases(app)
        .await
        .into_iter()
        .find(|c| !S::SERVICE.about().helpdesk_fields.contains(&c.field))
        .expect("a field the helpdesk may not change");
    (
        S::UPDATE,
        form_args(&case.form),
        case.field,
        refused::<S>(case.label),
    )
}

async fn edit_for(
    app: &TestApp,
    service: ServiceId,
) -> (&'static str, String, &'static str, AppError) {
    match service {
        ServiceId::MemoryDb => non_password_edit::<MemoryDb>(app).await,
        ServiceId::Mq => non_password_edit::<Mq>(app).await,
        ServiceId::FinSpace => non_password_edit::<FinSpace>(app).await,
        ServiceId::IdentityStore => non_password_edit::<IdentityStore>(app).await,
        ServiceId::Wickr => non_password_edit::<Wickr>(app).await,
    }
}

#[tokio::test]
async fn every_server_function_answers_each_role_as_classified() {
    let registered: BTreeMap<&str, Method> = server_fn::axum::server_fn_paths().collect();
    let classified: BTreeSet<&str> = SERVER_FUNCTIONS.iter().map(|f| f.path).collect();
    assert_eq!(
        classified.len(),
        SERVER_FUNCTIONS.len(),
        "a path classified twice"
    );
    let unclassified: Vec<&str> = registered
        .keys()
        .copied()
        .filter(|p| !classified.contains(p))
        .collect();
    assert_eq!(
        unclassified,
        Vec::<&str>::new(),
        "server functions missing from SERVER_FUNCTIONS: classify each (open, read or edit)"
    );
    let stale: Vec<&str> = classified
        .iter()
        .copied()
        .filter(|p| !registered.contains_key(p))
        .collect();
    assert_eq!(stale, Vec::<&str>::new(), "classified but not registered");
    for (path, method) in &registered {
        assert_eq!(*method, Method::POST, "{path}: the sweep calls with POST");
    }
    // Every service's update is in the table.
    for service in ServiceId::ALL {
        assert!(
            SERVER_FUNCTIONS
                .iter()
                .any(|f| matches!(f.access, Access::Edit(s) if s == service)),
            "{service:?}"
        );
    }

    let sign_in_required = AppError::SignInRequired;
    let viewer_refused = AppError::Forbidden {
        what: "Changing users".to_owned(),
        needed: "helpdesk".to_owned(),
        role: "viewer".to_owned(),
    };
    let mut checked = 0;
    for (person, role) in [
        (None, None),
        (Some("vic"), Some(Role::Viewer)),
        (Some("hal"), Some(Role::Helpdesk)),
        (Some("ada"), Some(Role::Admin)),
    ] {
        let app = signed_in(person).await;
        if let Some(role) = role {
            assert_eq!(app.caller.role, role);
        }
        for function in SERVER_FUNCTIONS {
            let path = function.path;
            let who = format!("{path} as {person:?}");
            match function.access {
                Access::Open => {
                    let (status, body) = call(&app, path, String::new()).await;
                    assert_eq!(status, StatusCode::OK, "{who}: {body}");
                }
                Access::Read(args) => {
                    let (status, body) = call(&app, path, encoded(args)).await;
                    match role {
                        None => {
                            assert_eq!(status, StatusCode::UNAUTHORIZED, "{who}: {body}");
                            assert_eq!(
                                decode(status, &body).err(),
                                Some(sign_in_required.clone()),
                                "{who}"
                            );
                        }
                        Some(_) => assert_eq!(status, StatusCode::OK, "{who}: {body}"),
                    }
                }
                Access::Task(task, args) => {
                    let before = writes(&app);
                    let (status, body) = call(&app, path, encoded(args)).await;
                    let sent = writes(&app);
                    let allowed = role.is_some_and(|r| r.may(task));
                    if allowed {
                        assert_eq!(status, StatusCode::OK, "{who}: {body}");
                        let sent_count: u64 = sent.values().sum();
                        let before_count: u64 = before.values().sum();
                        assert_eq!(sent_count, before_count + 1, "{who}: {sent:?}");
                    } else {
                        let error: AppError = serde_json::from_str(&body).unwrap_or_else(|e| {
                            panic!("{who}: {status}, not an AppError ({e}): {body}")
                        });
                        let expected = match role {
                            None => sign_in_required.clone(),
                            Some(Role::Viewer) => viewer_refused.clone(),
                            Some(r) => AppError::Forbidden {
                                what: task.label().to_owned(),
                                needed: task.needs().name().to_owned(),
                                role: r.name().to_owned(),
                            },
                        };
                        assert_eq!(error, expected, "{who}");
                        assert_eq!(status.as_u16(), error.http_status(), "{who}");
                        assert_eq!(sent, before, "{who}: nothing may reach AWS");
                    }
                }
                Access::Edit(service) => {
                    let (update, args, field, helpdesk_refused) = edit_for(&app, service).await;
                    assert_eq!(update, path);
                    let before = writes(&app);
                    let (status, body) = call(&app, path, args).await;
                    let result = decode(status, &body);
                    let sent = writes(&app);
                    match role {
                        None => assert_eq!(result, Err(sign_in_required.clone()), "{who}"),
                        Some(Role::Viewer) => {
                            assert_eq!(result, Err(viewer_refused.clone()), "{who}")
                        }
                        Some(Role::Helpdesk) => assert_eq!(result, Err(helpdesk_refused), "{who}"),
                        Some(Role::Admin) => {
                            let changes: Vec<String> = result
                                .unwrap_or_else(|e| panic!("{who}: {e:?}"))
                                .changes
                                .into_iter()
                                .map(|c| c.field)
                                .collect();
                            assert_eq!(changes, [field], "{who}");
                        }
                    }
                    let sent_count: u64 = sent.values().sum();
                    let before_count: u64 = before.values().sum();
                    if role == Some(Role::Admin) {
                        assert_eq!(sent_count, before_count + 1, "{who}: {sent:?}");
                    } else {
                        assert_eq!(sent, before, "{who}: nothing may reach AWS");
                    }
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4 * SERVER_FUNCTIONS.len());
}

// ---- the helpdesk role, field by field ---------------------------------------------------------

/// Submits every case of `S` as the helpdesk, through the plain path on one sandbox and the
/// HTTP server function on another: each is accepted exactly when `S`'s `ABOUT.helpdesk_fields`
/// lists its field, and a refused one sends nothing. Answers the fields that were accepted.
async fn helpdesk_changes<S: Slice>() -> Vec<&'static str> {
    let plain = signed_in(Some("hal")).await;
    let http = signed_in(Some("hal")).await;
    assert_eq!(plain.caller.role, Role::Helpdesk);
    let cases = S::cases(&plain).await;
    let http_cases = S::cases(&http).await;

    // Every input of the form is covered, hidden ones aside.
    let inputs = serde_json::to_value(&cases[0].form).expect("a form serializes");
    let editable: BTreeSet<&str> = inputs
        .as_object()
        .expect("a form is a struct")
        .keys()
        .map(String::as_str)
        .filter(|name| !S::HIDDEN.contains(name))
        .collect();
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.field).collect();
    assert_eq!(covered, editable, "{}: a case per editable field", S::NAME);

    let mut accepted = Vec::new();
    for (case, http_case) in cases.iter().zip(&http_cases) {
        let allowed = S::SERVICE.about().helpdesk_fields.contains(&case.field);
        for (app, form, http_call) in [(&plain, &case.form, false), (&http, &http_case.form, true)]
        {
            let before = writes(app);
            let result = if http_call {
                let (status, body) = call(app, S::UPDATE, form_args(form)).await;
                decode(status, &body)
            } else {
                S::apply(app, form).await
            };
            let after = writes(app);
            let via = if http_call {
                "server function"
            } else {
                "plain path"
            };
            let who = format!("{} {} through the {via}", S::NAME, case.field);
            if allowed {
                let outcome = result.unwrap_or_else(|e| panic!("{who}: {e:?}"));
                assert!(
                    outcome.changes.iter().any(|c| c.field == case.field),
                    "{who}: {:?}",
                    outcome.changes
                );
                assert_eq!(
                    after.values().sum::<u64>(),
                    before.values().sum::<u64>() + 1,
                    "{who}: one update sent"
                );
            } else {
                assert_eq!(result, Err(refused::<S>(case.label)), "{who}");
                assert_eq!(after, before, "{who}: nothing may reach AWS");
            }
        }
        if allowed {
            accepted.push(case.field);
        }
    }
    accepted
}

#[tokio::test]
async fn the_helpdesk_resets_memorydb_passwords_and_changes_nothing_else() {
    assert_eq!(
        helpdesk_changes::<MemoryDb>().await,
        ["password_1", "password_2"]
    );
}

#[tokio::test]
async fn the_helpdesk_resets_mq_passwords_and_changes_nothing_else() {
    assert_eq!(helpdesk_changes::<Mq>().await, ["password"]);
}

#[tokio::test]
async fn the_helpdesk_changes_no_finspace_field() {
    assert_eq!(helpdesk_changes::<FinSpace>().await, Vec::<&str>::new());
}

#[tokio::test]
async fn the_helpdesk_changes_no_identity_store_field() {
    assert_eq!(
        helpdesk_changes::<IdentityStore>().await,
        Vec::<&str>::new()
    );
}

#[tokio::test]
async fn the_helpdesk_changes_no_wickr_field() {
    assert_eq!(helpdesk_changes::<Wickr>().await, Vec::<&str>::new());
}

/// Without JavaScript the refusal comes back on the page, and nothing reaches AWS; the
/// password reset the helpdesk may make goes through.
#[tokio::test]
async fn a_helpdesk_post_without_javascript_is_refused_on_the_page() {
    let app = signed_in(Some("hal")).await;
    let cases = MemoryDb::cases(&app).await;
    let page = "/memorydb/users/app-orders";
    for (case, expected) in [
        (&cases[0], Some(refused::<MemoryDb>("Access string"))),
        (&cases[2], None),
    ] {
        let before = writes(&app);
        let (status, headers, _) = app.post_form(MemoryDb::UPDATE, page, &case.form).await;
        assert!(status.is_redirection(), "{status}");
        let location = headers[axum::http::header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        let (page_status, _, html) = app.get(&location).await;
        match expected {
            Some(error) => {
                assert!(
                    location.starts_with(&format!("{page}?draft=")),
                    "{location}"
                );
                assert_eq!(
                    page_status,
                    StatusCode::FORBIDDEN,
                    "the page showing a refusal for the role answers 403"
                );
                assert_eq!(
                    crate::common::banner_error(&html),
                    Some(error.to_string()),
                    "{html}"
                );
                assert_eq!(
                    error.to_string(),
                    "Changing Access string of Amazon MemoryDB users needs the admin role; you are signed in as helpdesk"
                );
                assert_eq!(writes(&app), before, "nothing may reach AWS");
            }
            None => {
                assert!(
                    location.starts_with(&format!("{page}?result=")),
                    "{location}"
                );
                assert_eq!(page_status, StatusCode::OK);
                assert!(html.contains("The record AWS returned"), "{html}");
                assert_eq!(
                    writes(&app).values().sum::<u64>(),
                    before.values().sum::<u64>() + 1
                );
            }
        }
    }
}
