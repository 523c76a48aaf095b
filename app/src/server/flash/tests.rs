use super::*;
use crate::forms::RecordView;

fn outcome() -> Outcome {
    Outcome {
        before: RecordView::new("a"),
        after: RecordView::new("a"),
        changes: vec![],
        notice: None,
    }
}

fn session() -> Session {
    let store = std::sync::Arc::new(tower_sessions::MemoryStore::default());
    Session::new(None, store, None)
}

#[tokio::test]
async fn entries_are_taken_once_and_only_by_their_owner() {
    let session = session();
    let id = put(&session, "ada", Flash::Done(outcome())).await.unwrap();
    assert!(take(&session, "hal", &id).await.is_none());
    let id = put(&session, "ada", Flash::Done(outcome())).await.unwrap();
    assert!(matches!(
        take(&session, "ada", &id).await,
        Some(Flash::Done(_))
    ));
    assert!(take(&session, "ada", &id).await.is_none());
    assert!(take(&session, "ada", "unknown").await.is_none());
}

#[test]
fn redirect_paths_cannot_break_out() {
    assert_eq!(
        location_path("/mq/brokers/b-1/users/alice"),
        "/mq/brokers/b-1/users/alice"
    );
    assert_eq!(
        location_path("/mq/a?x=1\r\nSet-Cookie: y"),
        "/mq/a%3Fx%3D1%0D%0ASet-Cookie%3A%20y"
    );
}

#[tokio::test]
async fn a_session_keeps_a_bounded_number_of_results() {
    let session = session();
    for _ in 0..CAPACITY + 5 {
        put(&session, "ada", Flash::Done(outcome())).await.unwrap();
    }
    assert_eq!(entries(&session).await.len(), CAPACITY);
}
