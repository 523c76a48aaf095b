use super::*;

#[test]
fn cells_are_quoted_and_formulas_defused() {
    assert_eq!(cell("plain"), "plain");
    assert_eq!(cell("a, b"), "\"a, b\"");
    assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(cell("-1"), "'-1");
    assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
}
