use super::*;

#[test]
fn walks_a_list_in_pages() {
    let items: Vec<u32> = (0..25).collect();
    let first = paginate(&items, None, 10).unwrap();
    assert_eq!(first.items, &items[..10]);
    let second = paginate(&items, first.next_token.as_deref(), 10).unwrap();
    assert_eq!(second.items, &items[10..20]);
    let third = paginate(&items, second.next_token.as_deref(), 10).unwrap();
    assert_eq!(third.items, &items[20..]);
    assert_eq!(third.next_token, None);
}

#[test]
fn rejects_tokens_it_did_not_make() {
    let items = [1, 2, 3];
    assert_eq!(paginate(&items, Some("bogus"), 2), Err(BadToken));
    assert_eq!(paginate(&items, Some(&encode(99)), 2), Err(BadToken));
}

#[test]
fn an_exact_fit_has_no_next_token() {
    let items = [1, 2];
    assert_eq!(paginate(&items, None, 2).unwrap().next_token, None);
    assert!(paginate::<u8>(&[], None, 5).unwrap().items.is_empty());
}
