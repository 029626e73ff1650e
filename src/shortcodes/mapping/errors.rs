//! A mapping row's problem as a diagnostic in the chapter (layer 3, the
//! shortcodes' shared data-mapping model): at the body line, or at the
//! `src=` attribute naming the CSV file, line and column; and what a
//! duplicate's message adds for CSV rows.

use super::super::prelude::*;

use super::read_csv::CsvRow;
use super::row::RowError;

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
