use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_config::BehaviorVersion;

use super::*;
use crate::server::Role;
use crate::server::config::{Config, Endpoints};
use crate::server::state::Location;

/// How often the pipeline called each step of [`Fake`].
#[derive(Default)]
struct Calls {
    parse: AtomicUsize,
    read: AtomicUsize,
    send: AtomicUsize,
}

/// A one-field user whose steps count their calls; the form carries the counter, as the
/// steps are associated functions.
#[derive(Clone)]
struct FakeForm {
    current: String,
    wanted: String,
    calls: Arc<Calls>,
}

struct Fake;

impl Edit for Fake {
    const SERVICE: ServiceId = ServiceId::Mq;
    type Form = FakeForm;
    type Update = FakeForm;
    type Record = String;

    fn parse(form: &FakeForm) -> Result<FakeForm, Vec<FieldError>> {
        form.calls.parse.fetch_add(1, Ordering::SeqCst);
        if form.wanted.is_empty() {
            return Err(vec![FieldError::new("nickname", "Enter a nickname.")]);
        }
        Ok(form.clone())
    }

    fn target(_update: &FakeForm) -> String {
        "user alice of broker b-1".to_owned()
    }

    fn posted_target(_form: &FakeForm) -> String {
        "user alice\nforged of broker b-1".to_owned()
    }

    async fn read(_state: &AppState, update: &FakeForm) -> Result<String, AppError> {
        update.calls.read.fetch_add(1, Ordering::SeqCst);
        Ok(update.current.clone())
    }

    fn diff(before: &String, update: &FakeForm) -> Vec<FieldChange> {
        FieldChange::plain("nickname", "Nickname", before, &update.wanted)
            .into_iter()
            .collect()
    }

    async fn send(
        _state: &AppState,
        update: &FakeForm,
        _before: &String,
    ) -> Result<String, AppError> {
        update.calls.send.fetch_add(1, Ordering::SeqCst);
        Ok(update.wanted.clone())
    }

    fn view(record: &String) -> RecordView {
        RecordView::new("alice").field("nickname", "Nickname", record.clone())
    }
}

fn form(current: &str, wanted: &str) -> FakeForm {
    FakeForm {
        current: current.to_owned(),
        wanted: wanted.to_owned(),
        calls: Arc::default(),
    }
}

/// A state whose clients are never called (the fake reads and sends nothing real).
async fn state() -> AppState {
    let stores = crate::server::state::Stores::in_memory().await;
    let config = Config::parse("mode = \"aws\"", &HashMap::new()).expect("valid config");
    let sdk = aws_types::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .build();
    AppState::from_sdk_config(
        config,
        &sdk,
        &Endpoints::default(),
        Location::Aws {
            region: "us-east-1".to_owned(),
            account: None,
        },
        Vec::new(),
        stores,
    )
}

#[tokio::test]
async fn nothing_is_sent_when_nothing_changed() {
    let form = form("ally", "ally");
    let outcome = run::<Fake>(&state().await, &Caller::local_admin(), &form)
        .await
        .unwrap();
    assert_eq!(form.calls.read.load(Ordering::SeqCst), 1);
    assert_eq!(form.calls.send.load(Ordering::SeqCst), 0);
    assert_eq!(outcome.changes, vec![]);
    assert_eq!(outcome.notice.as_deref(), Some(NOTHING_CHANGED));
    assert_eq!(outcome.before, outcome.after);
}

#[tokio::test]
async fn a_change_is_sent_once_and_returned() {
    let form = form("ally", "al");
    let outcome = run::<Fake>(&state().await, &Caller::local_admin(), &form)
        .await
        .unwrap();
    assert_eq!(form.calls.send.load(Ordering::SeqCst), 1);
    assert_eq!(outcome.after.value("nickname"), Some("al"));
    assert_eq!(outcome.changed_keys(), vec!["nickname".to_owned()]);
    assert_eq!(outcome.notice, None);
}

#[tokio::test]
async fn a_caller_who_may_not_edit_is_refused_before_anything_is_read() {
    let viewer = Caller {
        role: Role::Viewer,
        ..Caller::local_admin()
    };
    let form = form("ally", "al");
    let result = run::<Fake>(&state().await, &viewer, &form).await;
    assert_eq!(
        result,
        Err(AppError::Forbidden {
            what: "Changing users".to_owned(),
            needed: "helpdesk".to_owned(),
            role: "viewer".to_owned(),
        })
    );
    assert_eq!(form.calls.parse.load(Ordering::SeqCst), 0);
    assert_eq!(form.calls.read.load(Ordering::SeqCst), 0);
    assert_eq!(form.calls.send.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_invalid_form_reads_and_sends_nothing() {
    let form = form("ally", "");
    let result = run::<Fake>(&state().await, &Caller::local_admin(), &form).await;
    assert_eq!(
        result,
        Err(AppError::Invalid(vec![FieldError::new(
            "nickname",
            "Enter a nickname."
        )]))
    );
    assert_eq!(form.calls.read.load(Ordering::SeqCst), 0);
    assert_eq!(form.calls.send.load(Ordering::SeqCst), 0);
}

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_line_names_fields_but_holds_no_value() {
    const BEFORE: &str = "old-nick-7f3a";
    const AFTER: &str = "new-nick-9c2e";
    let state = state().await;
    let captured = Captured::default();
    let writer = captured.clone();
    // Everything of ours, at the most talkative level.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("app=trace")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    run::<Fake>(&state, &Caller::local_admin(), &form(BEFORE, AFTER))
        .await
        .unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 1, "one line per update: {log}");
    for expected in [
        "Amazon MQ user updated",
        "service=\"mq\"",
        "caller=\"local-admin\"",
        "target=\"user alice of broker b-1\"",
        "fields=[\"nickname\"]",
        "duration_ms=",
        "outcome=\"updated\"",
    ] {
        assert!(lines[0].contains(expected), "{expected} in {log}");
    }
    assert!(!log.contains(BEFORE) && !log.contains(AFTER), "{log}");
}

#[test]
fn a_posted_target_is_kept_as_one_short_line() {
    assert_eq!(posted("user a\nb of broker\r\tc"), "user a b of broker  c");
    let long = "x".repeat(POSTED_TARGET_MAX + 5);
    let kept = posted(&long);
    assert_eq!(kept.chars().count(), POSTED_TARGET_MAX + 1);
    assert!(kept.ends_with('…'));
    assert_eq!(posted("user alice"), "user alice");
}
