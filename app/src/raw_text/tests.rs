use super::*;

#[test]
fn markup_and_references_are_escaped() {
    assert_eq!(
        escape("</textarea><b id=x>&amp;</b>"),
        "&lt;/textarea&gt;&lt;b id=x&gt;&amp;amp;&lt;/b&gt;"
    );
    assert_eq!(escape("plain text, \"quoted\""), "plain text, \"quoted\"");
}

#[cfg(feature = "ssr")]
#[test]
fn the_server_escapes_and_keeps_a_leading_newline() {
    assert_eq!(textarea("\nline<".to_owned()), "\n\nline&lt;");
    assert_eq!(
        title("</title><script>".to_owned()),
        "&lt;/title&gt;&lt;script&gt;"
    );
}
