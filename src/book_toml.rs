//! Layer 0 (foundations): Where a key stands in `book.toml`'s text, so that a
//! message about a setting points at the line that sets it.

use std::ops::Range;

/// Where a message about book.toml points (`book.toml: [table]: ... `key`
/// ...`, the form every settings message has): the first backquoted word
/// as a key of the first bracketed table ([`key_span`]); when the table
/// has no header of its own (an inline table, `sandbox = { ... }`), its
/// last name as a key of its parent. `0..0` when neither is found.
pub fn locate(toml: &str, message: &str) -> Range<usize> {
    let message = message.strip_prefix("book.toml: ").unwrap_or(message);
    let table = message
        .find('[')
        .and_then(|s| message[s..].find(']').map(|e| &message[s..s + e + 1]));
    let key = message
        .split('`')
        .nth(1)
        .filter(|k| !k.is_empty() && !k.contains(' '));
    let span = key_span(toml, table, key);
    if span != (0..0) {
        return span;
    }
    let Some((parent, last)) = table.and_then(|t| t.trim_end_matches(']').rsplit_once('.')) else {
        return span;
    };
    key_span(toml, Some(&format!("{parent}]")), Some(last))
}

/// Where book.toml sets `key` in `table` (`[preprocessor.integration-guide]`,
/// with its brackets; `None`: anywhere): the key, else the table's header
/// (or its first sub-table's), else the file's start.
pub fn key_span(toml: &str, table: Option<&str>, key: Option<&str>) -> Range<usize> {
    let mut offset = 0;
    let mut header: Option<(bool, usize)> = None;
    let mut in_table = table.is_none();
    let mut found = None;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_table = Some(trimmed) == table;
            // The table's header, or else the first of its sub-tables'.
            let sub_table = table.is_some_and(|t| {
                trimmed
                    .strip_prefix(t.trim_end_matches(']'))
                    .is_some_and(|rest| rest.starts_with('.'))
            });
            if (in_table && header.is_none_or(|(exact, _)| !exact))
                || (sub_table && header.is_none())
            {
                header = Some((in_table, offset + (line.len() - line.trim_start().len())));
            }
        } else if in_table
            && let Some(key) = key
            && let Some(rest) = trimmed
                .strip_prefix(key)
                .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
            && rest.trim_start().starts_with('=')
        {
            let at = offset + (line.len() - line.trim_start().len());
            found = Some(at..at + key.len());
            break;
        }
        offset += line.len();
    }
    found
        .or_else(|| header.map(|(_, h)| h..h + 1))
        .unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_message_at_its_key_or_its_table() {
        let toml = "[a]\nx = 1\n\n[a.env.prod]\ntitle = \"P\"\n";
        assert_eq!(locate(toml, "book.toml: [a]: `x` = 1 is not valid"), 4..5);
        // No such key: the table's header.
        assert_eq!(locate(toml, "book.toml: [a.env.prod]: has no `y`"), 11..12);
        // An inline table: its key in the parent.
        let inline = "[a.env]\nprod = { title = \"P\" }\n";
        assert_eq!(locate(inline, "book.toml: [a.env.prod]: has no `y`"), 8..12);
        assert_eq!(locate("", "book.toml: [a]: `x`"), 0..0);
    }
}
