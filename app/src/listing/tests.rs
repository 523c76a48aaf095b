use super::*;

fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            title: format!("user-{i:02}"),
            href: None,
            cells: vec![if i % 2 == 0 {
                "even".into()
            } else {
                "odd".into()
            }],
        })
        .collect()
}

#[test]
fn pages_hold_page_size_rows() {
    let l = Listing::build(
        "Users",
        vec![],
        "user",
        &["Name", "Kind"],
        rows(45),
        |r| r,
        "",
        3,
    );
    assert_eq!(l.pages, 3);
    assert_eq!(l.rows.len(), 5);
    assert_eq!(l.rows[0].title, "user-40");
    assert_eq!(l.summary(), "Showing 41–45 of 45 users");
}

#[test]
fn filter_is_case_insensitive_and_matches_cells() {
    let l = Listing::build(
        "Users",
        vec![],
        "user",
        &["Name"],
        rows(10),
        |r| r,
        " ODD ",
        1,
    );
    assert_eq!(l.matching, 5);
    assert_eq!(l.query, "ODD");
    assert_eq!(l.summary(), "Showing 1–5 of 5 users matching “ODD” (of 10)");
}

#[test]
fn out_of_range_pages_clamp() {
    let l = Listing::build("Users", vec![], "user", &["Name"], rows(3), |r| r, "", 9);
    assert_eq!(l.page, 1);
    let empty = Listing::build("Users", vec![], "user", &["Name"], vec![], |r| r, "zz", 0);
    assert_eq!(empty.page, 1);
    assert_eq!(empty.summary(), "No user matches “zz”.");
}

#[test]
fn a_listing_says_how_old_its_rows_are() {
    let l = Listing::build("Users", vec![], "user", &["Name"], rows(1), |r| r, "", 1);
    assert_eq!(l.freshness(), "Listed from AWS just now.");
    let l = l.listed(std::time::Duration::from_millis(12_900));
    assert_eq!(l.listed_secs_ago, 12);
    assert_eq!(l.freshness(), "Listed from AWS 12 s ago.");
    assert_eq!(age_text(59), "59 s ago");
    assert_eq!(age_text(125), "2 min ago");
}

#[test]
fn page_links_encode_the_filter() {
    assert_eq!(page_href("/mq", "a b&c", 2), "/mq?page=2&q=a+b%26c");
    assert_eq!(page_href("/mq", "", 1), "/mq?page=1");
}

#[test]
fn an_unfiltered_page_makes_only_its_own_rows() {
    let made = std::cell::Cell::new(0);
    let row = |i: usize| {
        made.set(made.get() + 1);
        Row {
            title: format!("user-{i}"),
            href: None,
            cells: vec![],
        }
    };
    let l = Listing::build("Users", vec![], "user", &["Name"], 0..10_000, row, "", 3);
    assert_eq!(made.get(), PAGE_SIZE, "only page 3's rows");
    assert_eq!(
        (l.total, l.matching, l.page, l.pages),
        (10_000, 10_000, 3, 500)
    );
    assert_eq!(l.rows[0].title, "user-40");
}
