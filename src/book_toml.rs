//! Layer 0 (foundations): Where a key stands in `book.toml`'s text, so that a
//! message about a setting points at the line that sets it.

use std::ops::Range;

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
