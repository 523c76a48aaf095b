//! Text for the two places where the renderer writes a string into the server's HTML without
//! escaping it: a `<textarea>`'s content (tachys treats it as raw text, like `<script>`) and
//! the document `<title>` (leptos_meta pastes it between the tags). A value from AWS or from a
//! no-JS draft holding `</textarea>` or `</title>` would otherwise end the element and the rest
//! would become markup on the dashboard's origin.
//!
//! Only the server escapes: in the browser the same string becomes a text node or
//! `document.title`, which are never parsed as HTML (escaping there would show `&lt;`).

/// `value` as it must appear between `<textarea>` and `</textarea>` in the server's HTML.
///
/// A newline goes first: the HTML parser drops one newline right after `<textarea>`, so a value
/// that itself begins with a line break keeps it.
pub fn textarea(value: String) -> String {
    if cfg!(feature = "ssr") {
        format!("\n{}", escape(&value))
    } else {
        value
    }
}

/// `title` as it must appear between `<title>` and `</title>` in the server's HTML.
pub fn title(title: String) -> String {
    if cfg!(feature = "ssr") {
        escape(&title)
    } else {
        title
    }
}

/// Escapes what the HTML parser reads as markup or character references in text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
