//! Reading a mapping CSV file (layer 3, the shortcodes' shared
//! data-mapping model): the header's columns, one row a record, each with
//! its line; every problem a message that names the file and line.

use std::collections::HashMap;
use std::path::Path;

use super::row::{Direction, RowError};

/// One row of a CSV mapping file, cells trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// The 1-based line the record starts on.
    pub line: u64,
    /// The cells by column name (`source`, `direction`, `target`, `type`,
    /// `flags`, `notes`), absent columns empty.
    pub cells: HashMap<&'static str, String>,
    /// The cells of the extra columns (`field-map`'s `columns=`), in the
    /// order `columns=` declares them; absent columns empty.
    pub extra: Vec<String>,
}

impl CsvRow {
    /// A cell by column name; empty when the file has no such column.
    pub fn cell(&self, name: &str) -> &str {
        self.cells.get(name).map_or("", String::as_str)
    }

    /// The `direction` cell (`->` when empty); an unknown arrow is an error
    /// of the `direction` column, and `->` is assumed.
    pub fn direction(&self, errors: &mut Vec<(&'static str, RowError)>) -> Direction {
        match self.cell("direction") {
            "" => Direction::Forward,
            d => Direction::parse(d).unwrap_or_else(|| {
                errors.push((
                    "direction",
                    RowError::new(0..d.len(), format!("`{d}` is not a direction"))
                        .hint("write ->, <- or <->"),
                ));
                Direction::Forward
            }),
        }
    }
}

/// A CSV file of rows, or why it cannot be used: a message that names
/// the file (and the line where known).
pub type CsvRows = Result<Vec<CsvRow>, (String, String)>;

/// Reads a mapping CSV: a header naming the columns, one row a record.
/// `columns`: the names this shortcode knows; `extra`: the names
/// `columns=` declares (compared ignoring case; a header name that is
/// neither is an error with a did-you-mean over both); `required`: those
/// it needs.
pub fn read_csv(
    path: &Path,
    shown: &str,
    columns: &[&'static str],
    extra: &[String],
    required: &[&str],
) -> CsvRows {
    let text = read_text(path, shown)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err((
                format!("{shown}:1: {}", csv_error(&e)),
                "the first line names the columns".into(),
            ));
        }
    };
    let extra: Vec<String> = extra.iter().map(|e| e.to_lowercase()).collect();
    let names = header_names(&headers, shown, columns, &extra, required)?;
    let mut rows = Vec::new();
    let mut lines = Lines::new(&text);
    for record in reader.records() {
        let record = record.map_err(|e| record_error(&e, &text, shown, &mut lines))?;
        // The line from the byte offset: the reader's own line count
        // skips blank lines.
        let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows.push(csv_row(&record, &names, extra.len(), line));
    }
    Ok(rows)
}

/// The file's text; a missing file is an error with a did-you-mean over
/// the files beside it.
fn read_text(path: &Path, shown: &str) -> Result<String, (String, String)> {
    std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            (format!("{shown}: no such file"), not_found_hint(path))
        } else {
            (
                format!("{shown}: cannot be read: {e}"),
                "check the file's permissions and that it is UTF-8 text".into(),
            )
        }
    })
}

/// What to write instead of a file that does not exist: the closest name
/// in its directory, or where the path starts.
fn not_found_hint(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let siblings: Vec<String> = path
        .parent()
        .and_then(|d| std::fs::read_dir(d).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    match crate::diagnostic::closest(&name, siblings.iter().map(String::as_str)) {
        Some(best) => {
            format!("did you mean `{best}`? (the path is relative to the chapter's file)")
        }
        None => "the path is relative to the chapter's file, as for {{#include}}".to_string(),
    }
}

/// Why a record cannot be read: a quoted cell never closed, at the line
/// and column of its `"`; else the reader's error at the record's line.
fn record_error(
    e: &csv::Error,
    text: &str,
    shown: &str,
    lines: &mut Lines<'_>,
) -> (String, String) {
    let start = e
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(text.len());
    if let Some(open) = unclosed_quote(&text[start..]) {
        let at = start + open;
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1;
        let col = text[line_start..at].chars().count() + 1;
        return (
            format!(
                "{shown}:{line}:{col}: the quoted cell that starts here is never closed: a `\"` is missing"
            ),
            "close it with `\"` at the cell's end; a `\"` inside a quoted cell is written twice (`\"\"`)".into(),
        );
    }
    let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
    (
        format!("{shown}:{line}: {}", csv_error(e)),
        "every row has as many cells as the header; quote a cell that holds a comma".into(),
    )
}

/// A record's cells by the header's `names` (a known column, or the index
/// of one of `extras` extra columns).
fn csv_row(
    record: &csv::StringRecord,
    names: &[Result<&'static str, usize>],
    extras: usize,
    line: u64,
) -> CsvRow {
    let mut cells = HashMap::new();
    let mut extra = vec![String::new(); extras];
    for (n, v) in names.iter().zip(record.iter()) {
        match n {
            Ok(name) => {
                cells.insert(*name, v.to_string());
            }
            Err(i) => extra[*i] = v.to_string(),
        }
    }
    CsvRow { line, cells, extra }
}

/// The header's cells: a known column, or the index of an extra one
/// (`extra`: lower case); an unknown name or a missing required column is
/// an error naming the file.
fn header_names(
    headers: &csv::StringRecord,
    shown: &str,
    columns: &[&'static str],
    extra: &[String],
    required: &[&str],
) -> Result<Vec<Result<&'static str, usize>>, (String, String)> {
    // Each header cell: a known column, or the index of an extra one.
    let mut names: Vec<Result<&'static str, usize>> = Vec::new();
    for h in headers.iter() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if let Some(c) = columns.iter().find(|c| **c == h) {
            names.push(Ok(c));
        } else if let Some(i) = extra.iter().position(|e| *e == h) {
            names.push(Err(i));
        } else {
            return Err(unknown_column(shown, &h, columns, extra));
        }
    }
    let names_known: Vec<&'static str> = names.iter().filter_map(|n| n.ok()).collect();
    for r in required {
        if !names_known.contains(r) {
            return Err((
                format!("{shown}:1: no `{r}` column"),
                format!(
                    "the header needs {}; also possible: {}",
                    required.join(", "),
                    columns.join(", ")
                ),
            ));
        }
    }
    Ok(names)
}

/// A header name that is neither a known column nor one `columns=`
/// declares: the message and a did-you-mean over both.
fn unknown_column(
    shown: &str,
    name: &str,
    columns: &[&'static str],
    extra: &[String],
) -> (String, String) {
    let all = columns
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str));
    let listed = columns.join(", ");
    let hint = match crate::diagnostic::closest(name, all) {
        Some(best) if extra.iter().any(|e| *e == best) => {
            format!("the field map's `columns` declares `{best}`: write the same name in both")
        }
        Some(best) => format!(
            "did you mean `{best}`? (columns: {listed}; or declare an extra column in the field map: columns=\"{name}\")"
        ),
        None => format!(
            "the columns are {listed}; or declare an extra column in the field map: columns=\"{name}\""
        ),
    };
    (format!("{shown}:1: unknown column `{name}`"), hint)
}

/// The lines of the records of a text, read in order: each line ending is
/// counted once, so reading a file is linear in its size.
struct Lines<'a> {
    text: &'a [u8],
    /// How far line endings are counted.
    counted: usize,
    /// Line endings before `counted`.
    newlines: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            counted: 0,
            newlines: 0,
        }
    }

    /// The 1-based line of a record that starts at a byte offset (the
    /// reader counts blank lines before a record as part of it). Offsets
    /// come in increasing order; an earlier one is counted from the start.
    fn line_of(&mut self, byte: u64) -> u64 {
        let start = (byte as usize).min(self.text.len());
        let end = start
            + self.text[start..]
                .iter()
                .take_while(|c| matches!(c, b'\n' | b'\r'))
                .count();
        if end < self.counted {
            (self.counted, self.newlines) = (0, 0);
        }
        self.newlines += memchr::memchr_iter(b'\n', &self.text[self.counted..end]).count() as u64;
        self.counted = end;
        self.newlines + 1
    }
}

/// The offset of a quoted cell's opening `"` that is never closed in the
/// record that starts `text` (RFC 4180 §2: a quote opens a cell only at
/// its start; `""` inside is one quote): such a cell runs to the file's
/// end.
fn unclosed_quote(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut open, mut at_start, mut seen, mut i) = (None, true, false, 0);
    while i < b.len() {
        match (open, b[i]) {
            (Some(_), b'"') if b.get(i + 1) == Some(&b'"') => i += 1,
            (Some(_), b'"') => open = None,
            (Some(_), _) => {}
            // The record ended with every quote closed.
            (None, b'\n' | b'\r') if seen => return None,
            (None, b'"') if at_start => (open, seen) = (Some(i), true),
            (None, c) => {
                at_start = matches!(c, b',' | b'\n' | b'\r');
                seen |= !matches!(c, b'\n' | b'\r');
            }
        }
        i += 1;
    }
    open
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let s = if *len == 1 { "" } else { "s" };
            format!("{len} cell{s} where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        let cols = &["source", "direction", "target", "type", "flags", "notes"];
        std::fs::write(&path, "source,target,flags\nA,B,required\n\n\"C, D\",E,\n").unwrap();
        let rows = read_csv(&path, "m.csv", cols, &[], &["source", "target"]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells["source"], "C, D");
        assert_eq!(rows[1].line, 4);
        std::fs::write(&path, "source,traget\nA,B\n").unwrap();
        let (msg, hint) = read_csv(&path, "m.csv", cols, &[], &["source", "target"]).unwrap_err();
        assert_eq!(msg, "m.csv:1: unknown column `traget`");
        assert!(hint.starts_with("did you mean `target`?"), "{hint}");
        std::fs::write(&path, "source,target\nA,B,C\n").unwrap();
        let (msg, _) = read_csv(&path, "m.csv", cols, &[], &["source", "target"]).unwrap_err();
        assert_eq!(msg, "m.csv:2: 3 cells where the header has 2");
        let (msg, hint) = read_csv(&dir.path().join("n.csv"), "n.csv", cols, &[], &[]).unwrap_err();
        assert_eq!(msg, "n.csv: no such file");
        assert!(hint.starts_with("did you mean `m.csv`?"), "{hint}");
    }

    #[test]
    fn an_unterminated_quote_is_named_at_its_line() {
        // Issue 23 item 16: not "1 cells where the header has 2".
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        let cols = &["source", "target", "notes"];
        std::fs::write(
            &path,
            "source,target,notes\nA,B,ok\n\n\"C,D,\"\"x\"\"\nE,F,G\n",
        )
        .unwrap();
        let (msg, hint) = read_csv(&path, "m.csv", cols, &[], &["source", "target"]).unwrap_err();
        assert_eq!(
            msg,
            "m.csv:4:1: the quoted cell that starts here is never closed: a `\"` is missing"
        );
        assert!(hint.contains("close it with `\"`"), "{hint}");
        std::fs::write(&path, "source,target\nA\n\"B\n").unwrap();
        let (msg, _) = read_csv(&path, "m.csv", cols, &[], &["source", "target"]).unwrap_err();
        assert_eq!(msg, "m.csv:2: 1 cell where the header has 2");
    }

    #[test]
    fn lines_of_records_are_counted_once() {
        // Issue 23 item 13: reading a CSV is linear; the line of each
        // record is counted on from the previous one.
        let text = "h\n".to_string() + &"a\n\n".repeat(1000);
        let mut lines = Lines::new(&text);
        let mut scanned = 0;
        for i in 0..1000u64 {
            let before = lines.counted;
            assert_eq!(lines.line_of(2 + 3 * i), 2 + 2 * i);
            scanned += lines.counted - before;
        }
        assert!(scanned <= text.len(), "{scanned}");
        // An earlier offset is counted again from the start.
        assert_eq!(lines.line_of(0), 1);
    }
}
