//! What a mapping table's cells show (layer 3, the shortcodes' shared
//! data-mapping model): a value as written in inline code, and the key
//! that makes two names the same.

/// A field or value name as a key for duplicate checks: case and spacing
/// do not make two names different.
pub fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Inline code showing `text` as written (backticks in it get a longer
/// fence); line breaks (a CSV cell may hold them) become spaces, as
/// CommonMark makes them in a code span (§6.1), so the table keeps its rows.
pub fn code(text: &str) -> String {
    let text = &text.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", text.replace('|', "\\|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans() {
        assert_eq!(code("EUR"), "`EUR`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
