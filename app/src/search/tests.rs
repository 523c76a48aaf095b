use super::*;

fn entry(name: &str, keys: &[&str]) -> Entry {
    Entry::new(
        Found {
            name: name.to_owned(),
            detail: String::new(),
            container: None,
            href: format!("/x/{name}"),
            actions: Vec::new(),
        },
        keys,
    )
}

#[test]
fn a_query_needs_two_characters_and_is_matched_in_lower_case() {
    assert_eq!(parse_query("  Ada "), Ok("ada".to_owned()));
    assert_eq!(
        parse_query(" a "),
        Err(FieldError::new(
            "q",
            "Search: type at least 2 characters of a name, user name, email or id"
        ))
    );
    assert!(parse_query(&"x".repeat(201)).is_err());
}

#[test]
fn exact_matches_come_before_prefixes_and_those_before_the_rest() {
    let entries = [
        entry("maria-ada", &["maria-ada"]),
        entry("ada", &["ada", "ada@example.com"]),
        entry("adam", &["adam"]),
        entry("bob", &["bob", "bob@example.com"]),
    ];
    let hits = search(&entries, "ada", 3);
    let names: Vec<_> = hits.hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["ada", "adam", "maria-ada"]);
    assert_eq!((hits.more, hits.searched, hits.listed_secs_ago), (0, 4, 3));
}

#[test]
fn any_key_matches_and_blank_keys_never_do() {
    let entries = [entry(
        "Grace Hopper",
        &["grace", "", "Grace.Hopper@Example.com", "u-17"],
    )];
    for needle in ["hopper@", "u-17", "grace"] {
        assert_eq!(search(&entries, needle, 0).hits.len(), 1, "{needle}");
    }
    assert_eq!(search(&entries, "  ", 0).hits.len(), 0);
}

#[test]
fn ten_thousand_users_are_cut_to_the_best_and_counted() {
    let entries: Vec<Entry> = (0..10_000)
        .map(|i| {
            let name = format!("load-user-{i:05}");
            entry(&name, &[&name])
        })
        .collect();
    let hits = search(&entries, "load-user-01", 0);
    assert_eq!(hits.hits.len(), MAX_HITS);
    assert_eq!(hits.more, 1_000 - MAX_HITS);
    assert_eq!(hits.hits[0].name, "load-user-01000");
    let one = search(&entries, "load-user-09999", 0);
    assert_eq!(one.hits.len(), 1);
}
