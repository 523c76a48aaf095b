use super::*;

#[test]
fn timestamps_print_as_utc_calendar_dates() {
    assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso8601(1_717_200_000), "2024-06-01T00:00:00Z");
    assert_eq!(iso8601(951_782_400 + 3_723), "2000-02-29T01:02:03Z");
    assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
    assert_eq!(iso8601(1_893_456_000), "2030-01-01T00:00:00Z");
}

#[test]
fn synthetic_users_are_numbered_after_the_last_one() {
    assert_eq!(load_name(1), "load-user-00001");
    assert_eq!(load_name(20_000), "load-user-20000");
    let seed = ["admin", "load-user-00003", "load-user-00001", "load-user-x"];
    assert_eq!(load_numbers(seed.into_iter(), 2), Ok(4..=5));
    assert_eq!(load_numbers(["admin"].into_iter(), 3), Ok(1..=3));
}

#[test]
fn a_container_holds_at_most_twenty_thousand_synthetic_users() {
    let held: Vec<String> = (1..=19_999).map(load_name).collect();
    let names = || held.iter().map(String::as_str);
    assert_eq!(load_numbers(names(), 1), Ok(20_000..=20_000));
    assert_eq!(
        load_numbers(names(), 2),
        Err("The container already holds 19999 synthetic users and may hold at most 20000; POST /_sandbox/reset removes them.".to_owned())
    );
    assert_eq!(
        load_numbers(std::iter::empty(), MAX_LOAD_USERS),
        Ok(1..=20_000)
    );
}

#[test]
fn slugs_are_ascii_lowercase() {
    assert_eq!(ascii_slug("Lucía"), "lucia");
    assert_eq!(ascii_slug("Fernández"), "fernandez");
    assert_eq!(ascii_slug("Chloé"), "chloe");
    assert!(
        FIRST_NAMES
            .iter()
            .chain(LAST_NAMES.iter())
            .all(|n| !ascii_slug(n).is_empty())
    );
}

#[test]
fn ids_are_stable_and_well_formed() {
    assert_eq!(hex(7, 10), hex(7, 10));
    assert_ne!(hex(7, 10), hex(8, 10));
    assert_eq!(hex(1, 40).len(), 40);
    let id = uuid(42);
    assert_eq!(id, uuid(42));
    let re =
        regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            .unwrap();
    assert!(re.is_match(&id), "{id}");
}

#[test]
fn name_lists_have_no_duplicates() {
    let mut first = FIRST_NAMES.to_vec();
    first.sort_unstable();
    first.dedup();
    assert_eq!(first.len(), 40);
    let mut last = LAST_NAMES.to_vec();
    last.sort_unstable();
    last.dedup();
    assert_eq!(last.len(), 40);
}
