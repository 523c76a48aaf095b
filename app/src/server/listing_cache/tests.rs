use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const LONG: Duration = Duration::from_secs(3600);

/// A fetch that counts its runs and answers `value` after a short wait.
fn counted(
    runs: &Arc<AtomicUsize>,
    value: Result<Vec<String>, AppError>,
) -> impl Future<Output = Result<Vec<String>, AppError>> + use<> {
    let runs = runs.clone();
    async move {
        runs.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(20)).await;
        value
    }
}

fn brokers() -> Result<Vec<String>, AppError> {
    Ok(vec!["orders-prod".to_owned()])
}

fn unreachable() -> Result<Vec<String>, AppError> {
    Err(AppError::Unavailable {
        service: "Amazon MQ".to_owned(),
        detail: "could not connect".to_owned(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_fetch() {
    let cache = Arc::new(ListingCache::new(LONG));
    let runs = Arc::new(AtomicUsize::new(0));
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (cache, runs) = (cache.clone(), runs.clone());
        callers.spawn(async move {
            cache
                .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
                .await
        });
    }
    let answers = callers.join_all().await;
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    let first = answers[0].as_ref().unwrap();
    for answer in &answers {
        let answer = answer.as_ref().unwrap();
        assert_eq!(*answer.value, vec!["orders-prod".to_owned()]);
        assert!(Arc::ptr_eq(&answer.value, &first.value));
        assert_eq!(answer.fetched_at, first.fetched_at);
    }
}

#[tokio::test]
async fn a_fresh_listing_is_reused_and_an_expired_one_fetched_again() {
    let runs = Arc::new(AtomicUsize::new(0));
    let fresh = ListingCache::new(LONG);
    for _ in 0..3 {
        fresh
            .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
            .await
            .unwrap();
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);

    let runs = Arc::new(AtomicUsize::new(0));
    let expiring = ListingCache::new(Duration::from_millis(30));
    let first = expiring
        .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(40)).await;
    let second = expiring
        .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
        .await
        .unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert!(second.fetched_at > first.fetched_at);
    assert!(second.age() < Duration::from_millis(30));
}

#[tokio::test]
async fn an_error_reaches_the_waiting_callers_but_not_later_ones() {
    let cache = Arc::new(ListingCache::new(LONG));
    let runs = Arc::new(AtomicUsize::new(0));
    let (a, b) = tokio::join!(
        cache.get(ServiceId::Mq, "brokers", || counted(&runs, unreachable())),
        cache.get(ServiceId::Mq, "brokers", || counted(&runs, brokers())),
    );
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the second caller waited");
    assert_eq!(a.unwrap_err(), unreachable().unwrap_err());
    assert_eq!(b.unwrap_err(), unreachable().unwrap_err());

    let later = cache
        .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
        .await
        .unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(*later.value, vec!["orders-prod".to_owned()]);
}

#[tokio::test]
async fn invalidate_drops_only_that_services_listings() {
    let cache = ListingCache::new(LONG);
    let (mq, wickr) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    for _ in 0..2 {
        cache
            .get(ServiceId::Mq, "users/b-1", || counted(&mq, brokers()))
            .await
            .unwrap();
        cache
            .get(ServiceId::Wickr, "networks", || counted(&wickr, brokers()))
            .await
            .unwrap();
        cache.invalidate(ServiceId::Mq);
    }
    assert_eq!(mq.load(Ordering::SeqCst), 2);
    assert_eq!(wickr.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn keys_and_types_keep_listings_apart() {
    let cache = ListingCache::new(LONG);
    let names = cache
        .get(ServiceId::Mq, "brokers", || async { brokers() })
        .await
        .unwrap();
    let count = cache
        .get(ServiceId::Mq, "brokers", || async {
            Ok::<usize, AppError>(7)
        })
        .await
        .unwrap();
    let other = cache
        .get(ServiceId::Mq, "users/b-1", || async {
            Ok::<_, AppError>(vec!["amara".to_owned()])
        })
        .await
        .unwrap();
    assert_eq!(*names.value, vec!["orders-prod".to_owned()]);
    assert_eq!(*count.value, 7);
    assert_eq!(*other.value, vec!["amara".to_owned()]);
}

/// A caller that gives up mid-fetch (a closed browser tab) does not strand the others.
#[tokio::test]
async fn a_cancelled_fetch_is_taken_over_by_a_waiting_caller() {
    let cache = ListingCache::new(LONG);
    let runs = Arc::new(AtomicUsize::new(0));
    let abandoned = tokio::time::timeout(
        Duration::from_millis(5),
        cache.get(ServiceId::Mq, "brokers", || counted(&runs, brokers())),
    )
    .await;
    assert!(abandoned.is_err());
    let answer = cache
        .get(ServiceId::Mq, "brokers", || counted(&runs, brokers()))
        .await
        .unwrap();
    assert_eq!(*answer.value, vec!["orders-prod".to_owned()]);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}
