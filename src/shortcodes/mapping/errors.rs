//! A mapping row's problem as a diagnostic in the chapter (layer 3, the
//! shortcodes' shared data-mapping model): at the body line, or at the
//! `src=` attribute naming the CSV file, line and column.

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
