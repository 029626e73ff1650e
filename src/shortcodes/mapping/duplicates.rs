//! Finding a row written twice (layer 3, the shortcodes' shared
//! data-mapping model): the key that makes two names the same, and what
//! the message adds when both rows are of a CSV file.

/// What a duplicate's message adds when both rows are of a CSV file: the
/// file (as messages show it) and both lines, ` (lines 2 and 4 of
/// src/m.csv)`; empty otherwise.
pub fn csv_lines(file: Option<&str>, first: Option<u64>, second: Option<u64>) -> String {
    match (file, first, second) {
        (Some(file), Some(a), Some(b)) => format!(" (lines {a} and {b} of {file})"),
        _ => String::new(),
    }
}

/// A field or value name as a key for duplicate checks: case and spacing
/// do not make two names different.
pub fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
