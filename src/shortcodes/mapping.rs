//! The data-mapping model shared by `<<#field-map>>` and `<<#value-map>>`:
//! a row is `SOURCE ARROW TARGET ...`, read from the block's body (one row
//! a line) or from a CSV file (`src=`, read once, in phase one); the value
//! maps of the book are collected in phase one so that `values=ID` links
//! to one in any chapter, and `check` finds the ones no field map uses.

use super::prelude::*;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Which way data flows in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `->`: from the source system to the target system.
    Forward,
    /// `<-`: from the target system back to the source system.
    Back,
    /// `<->`: both ways.
    Both,
}

impl Direction {
    /// The arrow as written in a row or a CSV `direction` cell.
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim() {
            "->" | "→" => Some(Direction::Forward),
            "<-" | "←" => Some(Direction::Back),
            "<->" | "↔" => Some(Direction::Both),
            _ => None,
        }
    }

    /// The arrow a reader sees.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Forward => "→",
            Direction::Back => "←",
            Direction::Both => "↔",
        }
    }

    /// Whether the target side is written (`->`, `<->`).
    pub fn writes_target(self) -> bool {
        self != Direction::Back
    }

    /// Whether the source side is written (`<-`, `<->`).
    pub fn writes_source(self) -> bool {
        self != Direction::Forward
    }
}

/// A problem in one row, by byte range of the row's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub range: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl RowError {
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        RowError {
            range,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The mapping part of a row (before any `|`): where its arrow is and the
/// two sides, as byte ranges of the row's text, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub left: Range<usize>,
    pub direction: Direction,
    pub arrow: Range<usize>,
    pub right: Range<usize>,
}

/// Finds the first arrow (`<->`, `->`, `<-`) of `text` outside code spans
/// and double-quoted constants, and splits the text there.
pub fn split_arrow(text: &str) -> Result<Sides, RowError> {
    split_arrow_quoted(text, true).or_else(|e| {
        // An unterminated constant hides the arrow: look again without
        // quotes, so that the constant itself is reported.
        if text.contains('"') {
            split_arrow_quoted(text, false).map_err(|_| e)
        } else {
            Err(e)
        }
    })
}

fn split_arrow_quoted(text: &str, quotes: bool) -> Result<Sides, RowError> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'\\' if quoted => i += 2,
            b'"' if quotes => {
                quoted = !quoted;
                i += 1;
            }
            b'`' if !quoted => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = "`".repeat(run);
                i = memchr::memmem::find(&b[i + run..], close.as_bytes())
                    .map_or(i + run, |at| i + run + at + run);
            }
            _ if quoted => i += 1,
            _ => {
                let found = [
                    ("<->", Direction::Both),
                    ("->", Direction::Forward),
                    ("<-", Direction::Back),
                ]
                .into_iter()
                // Bytes, not `text[i..]`: `i` may be inside a character
                // (`Prénom -> ...`); an ASCII arrow matches only at a
                // character boundary.
                .find(|(arrow, _)| b[i..].starts_with(arrow.as_bytes()));
                if let Some((arrow, direction)) = found {
                    return Ok(Sides {
                        left: body::trimmed(text, 0..i),
                        direction,
                        arrow: i..i + arrow.len(),
                        right: body::trimmed(text, i + arrow.len()..text.len()),
                    });
                }
                i += 1;
            }
        }
    }
    Err(RowError::new(0..text.len(), "a mapping row has no arrow")
        .hint("write `source -> target` (or `<-`, `<->` for data that flows back or both ways)"))
}

/// One side of a field mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A field name (inline Markdown).
    Name(String),
    /// `= "literal"`: a constant value.
    Constant(String),
    /// `expression=ID`: a transformation expression, written in an
    /// `<<#expression id="ID">>` block of the field map and shown under
    /// the table.
    Expression(String),
}

/// Reads a source side: a field name, or `= "literal"` (with `\"`, `\\`
/// and `\|` escapes; `\|` as in a field name, since `|` starts the notes).
pub fn parse_source(text: &str, range: Range<usize>) -> Result<Field, RowError> {
    let s = &text[range.clone()];
    if let Some(id) = s.strip_prefix("expression=") {
        let id = id.trim();
        if !is_id(id) {
            return Err(RowError::new(
                range.end - id.len()..range.end,
                format!("`{id}` is not an expression id"),
            )
            .hint(
                "write expression=ID with the `id` of an `<<#expression>>` block in this field map",
            ));
        }
        return Ok(Field::Expression(id.to_string()));
    }
    let Some(rest) = s.strip_prefix('=') else {
        return Ok(Field::Name(s.to_string()));
    };
    let rest_start = range.start + 1 + (rest.len() - rest.trim_start().len());
    let rest = rest.trim();
    let Some(inner) = rest.strip_prefix('"') else {
        return Err(RowError::new(
            rest_start..range.end,
            "a constant is written in double quotes",
        )
        .hint(format!("write = \"{rest}\"")));
    };
    let mut value = String::new();
    let mut chars = inner.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\' | '|'))) => value.push(e),
                Some((_, e)) => {
                    value.push('\\');
                    value.push(e);
                }
                None => break,
            },
            '"' => {
                let after = inner[at + 1..].trim();
                if !after.is_empty() {
                    let start = range.end - after.len();
                    return Err(RowError::new(
                        start..range.end,
                        "text after the constant's closing quote",
                    )
                    .hint(
                        "a constant is only `= \"literal\"`; write `\\\"` for a quote inside it",
                    ));
                }
                return Ok(Field::Constant(value));
            }
            c => value.push(c),
        }
    }
    Err(RowError::new(
        rest_start..range.end,
        "unterminated constant: no closing `\"`",
    )
    .hint("close the constant's quotes: = \"literal\""))
}

/// Whether `id` is an id: letters, digits, `-` and `_`.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The flags a field mapping may carry (`when=` last: its condition runs
/// to the end of the part, commas included).
pub const FLAGS: &[&str] = &["required", "key", "read-only", "values=", "when="];

/// A field mapping's type and flags (what follows `:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits {
    /// The writer's type word, as written (`picklist`, `decimal(18,2)`).
    pub ty: Option<String>,
    pub required: bool,
    pub key: bool,
    pub read_only: bool,
    /// `values=ID` (any number of them): the value maps that translate
    /// the field, each with the range of its id.
    pub values: Vec<(String, Range<usize>)>,
    /// `when=CONDITION`: the condition under which the row applies (inline
    /// Markdown) and its range; rows for the same field with distinct
    /// conditions are not duplicates.
    pub when: Option<(String, Range<usize>)>,
}

/// Splits at commas outside parentheses: trimmed, non-empty ranges.
fn comma_parts(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = range.start;
    for (i, c) in text[range.clone()].char_indices() {
        let i = range.start + i;
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(body::trimmed(text, start..i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(body::trimmed(text, start..range.end));
    out.retain(|r| !r.is_empty());
    out
}

/// Reads one flag at `range` of `text` into `traits`.
fn flag(text: &str, range: Range<usize>, traits: &mut Traits) -> Result<(), RowError> {
    let word = &text[range.clone()];
    match word {
        "required" => traits.required = true,
        "key" => traits.key = true,
        "read-only" => traits.read_only = true,
        _ => {
            if let Some(id) = word.strip_prefix("values=") {
                let id = id.trim();
                if !is_id(id) {
                    return Err(
                        RowError::new(range, format!("`{id}` is not a value map id"))
                            .hint("write values=ID with the `id` of a `value-map`"),
                    );
                }
                traits
                    .values
                    .push((id.to_string(), range.end - id.len()..range.end));
            } else if let Some(condition) = word.strip_prefix("when=") {
                let condition = condition.trim();
                if condition.is_empty() {
                    return Err(RowError::new(range, "`when=` without a condition")
                        .hint("write when=CONDITION, e.g. `when=the number is a mobile number`"));
                }
                traits.when = Some((
                    condition.to_string(),
                    range.end - condition.len()..range.end,
                ));
            } else {
                let name = word.split('=').next().unwrap_or(word);
                let e = RowError::new(range, format!("unknown flag `{word}`"));
                return Err(
                    match crate::diagnostic::closest(name, FLAGS.iter().copied()) {
                        Some(best) => e.hint(format!(
                            "did you mean `{best}`? (flags: {})",
                            FLAGS.join(", ")
                        )),
                        None => e.hint(format!("flags: {}", FLAGS.join(", "))),
                    },
                );
            }
        }
    }
    Ok(())
}

/// Reads `TYPE, flag, flag` (the first item is the type unless it is a
/// flag). Every problem is returned.
pub fn parse_traits(text: &str, range: Range<usize>) -> (Traits, Vec<RowError>) {
    let mut traits = Traits::default();
    let mut errors = Vec::new();
    let end = range.end;
    for (n, part) in comma_parts(text, range).into_iter().enumerate() {
        // `when=` takes the rest of the part: a condition may hold commas.
        let part = if text[part.clone()].starts_with("when=") {
            body::trimmed(text, part.start..end)
        } else {
            part
        };
        let when = text[part.clone()].starts_with("when=");
        let word = &text[part.clone()];
        let is_flag = FLAGS
            .iter()
            .any(|f| word == *f || (f.ends_with('=') && word.starts_with(f)));
        if n == 0 && !is_flag {
            traits.ty = Some(word.to_string());
        } else if let Err(e) = flag(text, part, &mut traits) {
            errors.push(e);
        }
        if when {
            break;
        }
    }
    (traits, errors)
}

/// Reads flags separated by `;` (a CSV `flags` cell).
pub fn parse_flags(text: &str) -> (Traits, Vec<RowError>) {
    let mut traits = Traits::default();
    let mut errors = Vec::new();
    let mut start = 0;
    for part in text.split(';') {
        let mut r = body::trimmed(text, start..start + part.len());
        start += part.len() + 1;
        // `when=` takes the rest of the cell, `;` included.
        let when = text[r.clone()].starts_with("when=");
        if when {
            r = body::trimmed(text, r.start..text.len());
        }
        if !r.is_empty()
            && let Err(e) = flag(text, r, &mut traits)
        {
            errors.push(e);
        }
        if when {
            break;
        }
    }
    (traits, errors)
}

/// The first `:` of `text[range]` outside parentheses and code spans.
pub fn type_colon(text: &str, range: Range<usize>) -> Option<usize> {
    let mut depth = 0usize;
    let mut code = false;
    for (i, c) in text[range.clone()].char_indices() {
        match c {
            '`' => code = !code,
            '(' if !code => depth += 1,
            ')' if !code => depth = depth.saturating_sub(1),
            ':' if !code && depth == 0 => return Some(range.start + i),
            _ => {}
        }
    }
    None
}

/// A value map of the book, as collected in phase one.
#[derive(Debug, Clone)]
pub struct ValueMapEntry {
    /// Inline Markdown; empty when it has none.
    pub title: String,
    pub chapter: usize,
    /// Its `id` attribute's value in the chapter's original text.
    pub id_span: Range<usize>,
}

/// The book's value maps and what uses them (phase one).
#[derive(Debug, Default)]
pub struct ValueMaps {
    pub by_id: HashMap<String, ValueMapEntry>,
    /// Value map ids that some field map names in `values=`.
    pub used: std::collections::HashSet<String>,
}

impl ValueMaps {
    /// The value maps no field map uses: (id, chapter, span of the id), in
    /// book order (`check`'s rule `unused-value-map`).
    pub fn unused(&self) -> Vec<(&str, usize, Range<usize>)> {
        let mut out: Vec<_> = self
            .by_id
            .iter()
            .filter(|(id, _)| !self.used.contains(*id))
            .map(|(id, e)| (id.as_str(), e.chapter, e.id_span.clone()))
            .collect();
        out.sort_by_key(|(_, c, span)| (*c, span.start));
        out
    }
}

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

/// A body row split at its first `|` (not escaped, not in code, not made by
/// a nested shortcode): the end of the mapping part, and the notes after
/// it (trimmed; `None` when absent or empty).
pub fn split_notes(entry: &BodyEntry<'_>) -> (usize, Option<String>) {
    let (_, seps) = body::split_cells(entry);
    let text = entry.text();
    let Some(&sep) = seps.first() else {
        return (text.len(), None);
    };
    let notes = body::trimmed(text, sep + 1..text.len());
    (sep, (!notes.is_empty()).then(|| text[notes].to_string()))
}

/// A CSV file of rows, or why it cannot be used: a message that names
/// the file (and the line where known).
pub type CsvRows = Result<Vec<CsvRow>, (String, String)>;

/// The CSV files read in phase one, by (chapter, offset of the tag): the
/// path as messages show it (from the book's root) and the rows.
#[derive(Debug, Default)]
pub struct CsvFiles {
    pub by_place: HashMap<(usize, usize), (String, CsvRows)>,
}

/// Where a chapter's `src=` file is: relative to the chapter's source file,
/// as mdBook resolves `{{#include}}`. `None` when the book's root is not
/// known.
pub fn resolve(
    settings: &crate::settings::Settings,
    chapter_source: Option<&str>,
    src: &str,
) -> Option<(PathBuf, String)> {
    let root = settings.root.as_ref()?;
    let dir = Path::new(&settings.src_dir).join(
        Path::new(chapter_source.unwrap_or(""))
            .parent()
            .unwrap_or(Path::new("")),
    );
    let shown = dir.join(src);
    let shown = shown.to_string_lossy().replace('\\', "/");
    Some((root.join(&dir).join(src), shown))
}

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
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
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
            let hint =
                match crate::diagnostic::closest(&name, siblings.iter().map(String::as_str)) {
                    Some(best) => format!(
                        "did you mean `{best}`? (the path is relative to the chapter's file)"
                    ),
                    None => "the path is relative to the chapter's file, as for {{#include}}"
                        .to_string(),
                };
            return Err((format!("{shown}: no such file"), hint));
        }
        Err(e) => {
            return Err((
                format!("{shown}: cannot be read: {e}"),
                "check the file's permissions and that it is UTF-8 text".into(),
            ));
        }
    };
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
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let start = e
                    .position()
                    .map_or(0, |p| p.byte() as usize)
                    .min(text.len());
                if let Some(open) = unclosed_quote(&text[start..]) {
                    let at = start + open;
                    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1;
                    let col = text[line_start..at].chars().count() + 1;
                    return Err((
                        format!(
                            "{shown}:{line}:{col}: the quoted cell that starts here is never closed: a `\"` is missing"
                        ),
                        "close it with `\"` at the cell's end; a `\"` inside a quoted cell is written twice (`\"\"`)".into(),
                    ));
                }
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                return Err((
                    format!("{shown}:{line}: {}", csv_error(&e)),
                    "every row has as many cells as the header; quote a cell that holds a comma"
                        .into(),
                ));
            }
        };
        // The line from the byte offset: the reader's own line count
        // skips blank lines.
        let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let mut cells = HashMap::new();
        let mut extras = vec![String::new(); extra.len()];
        for (n, v) in names.iter().zip(record.iter()) {
            match n {
                Ok(name) => {
                    cells.insert(*name, v.to_string());
                }
                Err(i) => extras[*i] = v.to_string(),
            }
        }
        rows.push(CsvRow {
            line,
            cells,
            extra: extras,
        });
    }
    Ok(rows)
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

/// Reads the CSV of a `src=` attribute in phase one and remembers it.
pub fn collect_csv(
    call: &Call,
    cx: &mut CollectCx<'_>,
    columns: &[&'static str],
    required: &[&str],
) {
    let Some(src) = call.text("src") else { return };
    let key = (cx.chapter_index, call.span.start);
    let extra: Vec<String> = call
        .text("columns")
        .map(|c| {
            body::comma_list(c)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let read = match resolve(cx.settings(), cx.chapter.source_path.as_deref(), src) {
        Some((path, shown)) => {
            let rows = read_csv(&path, &shown, columns, &extra, required);
            (shown, rows)
        }
        None => (
            src.to_string(),
            Err((
                format!("{src}: the book's directory is not known, so the file cannot be read"),
                "run the preprocessor through mdBook".into(),
            )),
        ),
    };
    cx.facts.entry::<CsvFiles>().by_place.insert(key, read);
}

/// The file (as messages show it) and rows read for a `src=` attribute in
/// phase one.
pub fn csv_rows<'c>(call: &Call, cx: &RenderCx<'c>) -> Option<&'c (String, CsvRows)> {
    cx.facts()
        .get::<CsvFiles>()?
        .by_place
        .get(&(cx.chapter_index(), call.span.start))
}

/// A [`RowError`] of a body line as a diagnostic in the chapter.
pub fn body_error(entry: &BodyEntry<'_>, e: RowError) -> Diagnostic {
    let d = Diagnostic::error(entry.span(e.range), e.message);
    match e.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// A [`RowError`] in a CSV cell as a diagnostic at the `src=` attribute,
/// naming the file, line and column.
pub fn csv_error_at(
    call: &Call,
    shown: &str,
    row: &CsvRow,
    column: &str,
    e: RowError,
) -> Diagnostic {
    let d = Diagnostic::error(
        call.span_of("src"),
        format!("{shown}:{}: column `{column}`: {}", row.line, e.message),
    );
    match e.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

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
    fn arrows_and_sides() {
        let s = split_arrow("Deal name -> Invoice reference: text").unwrap();
        assert_eq!(s.direction, Direction::Forward);
        assert_eq!(s.left, 0..9);
        assert_eq!(s.arrow, 10..12);
        let t = "Notes <-> Memo";
        let s = split_arrow(t).unwrap();
        assert_eq!(
            (s.direction, &t[s.right.clone()]),
            (Direction::Both, "Memo")
        );
        let t = "Paid on <- Payment date";
        assert_eq!(split_arrow(t).unwrap().direction, Direction::Back);
        // An arrow inside a constant or code is not the row's arrow.
        let t = "= \"a->b\" -> C";
        let s = split_arrow(t).unwrap();
        assert_eq!(&t[s.left.clone()], "= \"a->b\"");
        let t = "`x->y` <- Z";
        assert_eq!(split_arrow(t).unwrap().direction, Direction::Back);
        assert_eq!(
            split_arrow("no arrow here").unwrap_err().message,
            "a mapping row has no arrow"
        );
    }

    #[test]
    fn constants() {
        let t = "= \"EUR\"";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Constant("EUR".into()))
        );
        let t = "= \"say \\\"hi\\\"\"";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Constant("say \"hi\"".into()))
        );
        let t = "= \"EUR";
        let e = parse_source(t, 0..t.len()).unwrap_err();
        assert_eq!(
            (e.range, e.message.as_str()),
            (2..6, "unterminated constant: no closing `\"`")
        );
        let t = "= EUR";
        assert_eq!(
            parse_source(t, 0..t.len()).unwrap_err().hint.as_deref(),
            Some("write = \"EUR\"")
        );
        let t = "Amount";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Name("Amount".into()))
        );
    }

    #[test]
    fn types_and_flags() {
        let t = "decimal(18,2), required, key, values=stage-status, read-only";
        let (tr, errors) = parse_traits(t, 0..t.len());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(tr.ty.as_deref(), Some("decimal(18,2)"));
        assert!(tr.required && tr.key && tr.read_only);
        let (id, r) = tr.values[0].clone();
        assert_eq!((id.as_str(), &t[r]), ("stage-status", "stage-status"));
        let t = "required";
        assert_eq!(parse_traits(t, 0..t.len()).0.ty, None);
        let t = "text, requird, valeus=x";
        let (_, errors) = parse_traits(t, 0..t.len());
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "unknown flag `requird`");
        assert_eq!(errors[0].range, 6..13);
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `required`?")
        );
        assert!(
            errors[1]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `values=`?")
        );
        let (tr, errors) = parse_flags("required; values=m");
        assert!(errors.is_empty() && tr.required && tr.values.len() == 1);
        assert_eq!(type_colon("Lookup(A:B): x", 0..14), Some(11));
        assert_eq!(type_colon("`a:b`", 0..5), None);
    }

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

    #[test]
    fn code_spans() {
        assert_eq!(code("EUR"), "`EUR`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
