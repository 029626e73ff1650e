//! The run's reports, one file per format, each reading the same redacted
//! step results ([`Redacted`]`<`[`StepResult`]`>`) and summary:
//!
//! - [`text`]: a line per step (✓/✗/skipped, `file:line`, method, URL,
//!   status, ms), what differed under each failure, a summary;
//! - [`json`]: JSON Lines, the family of `check --format json` (`file`,
//!   `line`, `column` on every step) and a last `summary` line;
//! - [`junit`]: JUnit XML (a test suite per chapter, a test case per
//!   step), through `quick-junit`;
//! - [`sarif`]: SARIF 2.1.0, each failed check an `error` result at its
//!   tag in the chapter;
//! - [`plan`]: what `--dry-run` prints.
//!
//! Text and JSON are written as the steps finish; JUnit and SARIF at the
//! end (they are one document).

pub mod json;
pub mod junit;
pub mod plan;
pub mod sarif;
pub mod text;

use std::io::Write;

use super::plan::PlanError;
use super::result::{StepResult, Summary};
use super::secrets::Redacted;

/// An output format of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for a person.
    Text,
    /// JSON Lines.
    Json,
    /// JUnit XML.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
}

/// A report being written.
pub trait Report {
    /// A step finished.
    fn step(&mut self, out: &mut dyn Write, step: &Redacted<StepResult>) -> std::io::Result<()>;
    /// The run finished: every step, the summary.
    fn finish(
        &mut self,
        out: &mut dyn Write,
        steps: &[Redacted<StepResult>],
        summary: &Summary,
    ) -> std::io::Result<()>;
}

/// The report of a format; `color`: ANSI colours in text.
pub fn new(format: Format, color: bool) -> Box<dyn Report> {
    match format {
        Format::Text => Box::new(text::Text { color }),
        Format::Json => Box::new(json::Json),
        Format::Junit => Box::new(junit::Junit),
        Format::Sarif => Box::new(sarif::Sarif),
    }
}

/// The report of a run that could not start (nothing was sent), in
/// `format`: text, its reasons and a last line; JSON Lines, an `error`
/// object per reason (`file`, `line`, `column` when it has a place) and a
/// summary with `"started": false`; JUnit, one test case in `error`
/// with the reasons; SARIF, an `error` result per reason (rule
/// `run-cannot-start`).
pub fn cannot_start(
    format: Format,
    out: &mut dyn Write,
    errors: &[PlanError],
    artifact: Option<&str>,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            for e in errors {
                writeln!(out, "error: {e}")?;
            }
            writeln!(out, "{}", super::did_not_start(errors.len()))
        }
        Format::Json => json::cannot_start(out, errors),
        Format::Junit => junit::cannot_start(out, errors),
        Format::Sarif => sarif::cannot_start(out, errors, artifact),
    }
}
