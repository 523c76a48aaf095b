use super::*;

fn guard() -> PageGuard {
    PageGuard::new(ServiceId::Mq, "ListUsers", "broker b-1")
}

#[test]
fn follows_new_tokens_and_stops_without_one() {
    let mut g = guard();
    assert_eq!(g.next(Some("a")).unwrap(), Some("a".to_owned()));
    assert_eq!(g.next(Some("b")).unwrap(), Some("b".to_owned()));
    assert_eq!(g.next(None).unwrap(), None);
}

#[test]
fn an_empty_token_ends_the_listing() {
    assert_eq!(guard().next(Some("")).unwrap(), None);
}

#[test]
fn a_repeated_token_is_refused_even_after_others() {
    let mut g = guard();
    g.next(Some("a")).unwrap();
    g.next(Some("b")).unwrap();
    let error = g.next(Some("a")).unwrap_err();
    assert_eq!(
        error,
        AppError::Unavailable {
            service: "Amazon MQ".to_owned(),
            detail: "listing broker b-1: AWS returned the same page token twice".to_owned(),
        }
    );
}

#[test]
fn the_page_cap_is_refused_with_its_number() {
    let mut g = guard().with_max_pages(3);
    assert!(g.next(Some("1")).unwrap().is_some());
    assert!(g.next(Some("2")).unwrap().is_some());
    let error = g.next(Some("3")).unwrap_err();
    assert_eq!(
        error,
        AppError::Unavailable {
            service: "Amazon MQ".to_owned(),
            detail: "listing broker b-1: more than 3 pages".to_owned(),
        }
    );
    // A listing that ends on the last allowed page is complete, not refused.
    let mut g = guard().with_max_pages(3);
    g.next(Some("1")).unwrap();
    g.next(Some("2")).unwrap();
    assert_eq!(g.next(None).unwrap(), None);
}

#[test]
fn the_default_cap_allows_a_thousand_pages() {
    let mut g = guard();
    for page in 1..MAX_PAGES {
        assert!(g.next(Some(&page.to_string())).unwrap().is_some());
    }
    assert!(g.next(Some("one more")).is_err());
}
