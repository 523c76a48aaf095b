//! The one rule every profile string follows: length in characters, the model's class, and
//! line breaks.

use proptest::prelude::*;

use super::*;

#[test]
fn text_length_boundaries_are_awss_in_characters() {
    // 1 and 1024 characters pass; 1025 fails. "é" is two bytes: AWS counts characters.
    assert!(DisplayName::parse("x").is_ok());
    assert!(DisplayName::parse(&"é".repeat(TEXT_MAX)).is_ok());
    let e = DisplayName::parse(&"é".repeat(TEXT_MAX + 1)).expect_err("the rule refuses it");
    assert_eq!(e.field, "display_name");
    assert_eq!(
        e.message,
        "Display name must be at most 1024 characters (it has 1025)"
    );
    let e = Title::parse("").expect_err("the rule refuses it");
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("title", "Job title must be at least 1 character")
    );
}

#[test]
fn text_allows_the_models_class_and_its_three_spaces() {
    for ok in [
        "Zoë Tanaka-Müller, PhD.",
        "山田\u{3000}太郎",
        "Jean\u{A0}Dupont",
        "1200 Pine St\n98101 Seattle\tWA\r",
        "€ ± ★ ™ 🙂",
        "https://intranet.example.com/people/amara.okafor?x=1#top",
        "e\u{301}", // a combining mark (\p{M})
    ] {
        assert!(FormattedAddress::parse(ok).is_ok(), "{ok:?}");
    }
}

#[test]
fn text_refuses_controls_format_and_other_separators_naming_the_code_point() {
    for (bad, code) in [
        ("bell\u{7}", "U+0007"),
        ("nul\u{0}", "U+0000"),
        ("del\u{7F}", "U+007F"),
        ("zero\u{200B}width", "U+200B"),
        ("👩\u{200D}💻", "U+200D"),
        ("em\u{2003}space", "U+2003"),
        ("line\u{2028}sep", "U+2028"),
        ("private\u{E000}", "U+E000"),
        ("bom\u{FEFF}", "U+FEFF"),
        ("vt\u{B}", "U+000B"),
    ] {
        let e = NickName::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, "nick_name");
        assert_eq!(
            e.message,
            format!(
                "Nickname cannot contain the character {code}: AWS allows letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks"
            ),
            "{bad:?}"
        );
        assert!(!e.message.contains(bad), "values are not echoed");
    }
}

#[test]
fn crlf_line_breaks_become_lf() {
    let a = FormattedAddress::parse("1 Main St\r\nSpringfield").expect("the rule accepts it");
    assert_eq!(a.as_str(), "1 Main St\nSpringfield");
    // A lone CR is a character the model allows, and stays.
    assert_eq!(
        FormattedAddress::parse("a\rb")
            .expect("the rule accepts it")
            .as_str(),
        "a\rb"
    );
    // Counted after normalizing: 1024 characters as LF are 1024 as AWS sees them.
    let lines = format!("{}\r\n{}", "a".repeat(511), "b".repeat(512));
    assert!(FormattedAddress::parse(&lines).is_ok());
}

/// The table agrees with the model's pattern (as the `regex` crate reads it) on every
/// assigned character both Unicode versions know.
#[test]
fn allowed_char_is_the_models_class() {
    let class = regex::Regex::new(&format!("^{ALLOWED}$")).expect("valid");
    let unassigned = regex::Regex::new(r"^\p{Cn}$").expect("valid");
    let mut differences = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        let newly_assigned = unassigned.is_match(s)
            || unicode_general_category::get_general_category(c)
                == unicode_general_category::GeneralCategory::Unassigned;
        if !newly_assigned && class.is_match(s) != allowed_char(c) {
            differences.push(format!("U+{:04X}", u32::from(c)));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differ: {:?}",
        differences.len(),
        &differences[..differences.len().min(20)]
    );
}

// `in_class`: the category rule the boundary table is built from.
include!("../text_class.rs");

/// The boundary table `app/build.rs` writes says what the general categories say, for every
/// character (the table is how the browser avoids carrying the categories themselves).
#[test]
fn the_boundary_table_is_the_category_rule() {
    let differences: Vec<String> = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| {
            let by_category = super::super::text::SPACES.contains(&c)
                || in_class(unicode_general_category::get_general_category(c));
            by_category != allowed_char(c)
        })
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert_eq!(differences, Vec::<String>::new());
}

/// Characters outside the class: controls, format characters, other separators,
/// private use and unassigned code points.
fn refused_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..=0x08).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{0B}'),
        Just('\u{0C}'),
        (0x0Eu32..=0x1F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        (0x7Fu32..=0x9F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        (0x2000u32..=0x200F).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{2028}'),
        Just('\u{2029}'),
        Just('\u{FEFF}'),
        (0xE000u32..=0xF8FF).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        Just('\u{10FFFF}'),
    ]
}

proptest! {
    #[test]
    fn every_string_of_the_class_parses(s in proptest::string::string_regex(&format!("{ALLOWED}{{1,1024}}")).expect("valid")) {
        let parsed = GivenName::parse(&s);
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
    }

    #[test]
    fn one_refused_character_anywhere_fails(
        s in proptest::string::string_regex(&format!("{ALLOWED}{{0,40}}")).expect("valid"),
        bad in refused_char(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut chars: Vec<char> = s.chars().collect();
        chars.insert(at.index(chars.len() + 1), bad);
        let input: String = chars.into_iter().collect();
        let e = Locale::parse(&input).expect_err("the rule refuses it");
        prop_assert_eq!(e.field.as_str(), "locale");
        let code = format!("U+{:04X}", u32::from(bad));
        prop_assert_eq!(
            e.message,
            format!(
                "Locale cannot contain the character {code}: AWS allows letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks"
            )
        );
    }

    #[test]
    fn length_is_counted_in_characters(n in 1usize..=1100, c in prop::sample::select(vec!['a', 'é', '山', '🙂'])) {
        let s: String = std::iter::repeat_n(c, n).collect();
        prop_assert_eq!(Country::parse(&s).is_ok(), n <= TEXT_MAX);
    }
}
