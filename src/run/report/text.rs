//! `run --format text`: one line per step, the differences under each
//! failure, then the summary.
//!
//! ```text
//! ✓ book/src/validation.md:14 POST https://sandbox.example/oauth/token 200 12 ms
//! ✗ book/src/validation.md:34 POST https://sandbox.example/v2/invoices 400 8 ms
//!     status: expected status 201, got 400
//!     body: 1 documented value differs
//!       /status: expected "draft", got "open"
//!     response body:
//!       {"status": "open", ...}
//! - skipped book/src/validation.md:41 POST https://sandbox.example/v2/invoices: `$ID` was not captured ...
//! 3 steps: 1 passed, 1 failed, 1 skipped (2 requests, 0.02 s)
//! ```

use std::io::Write;

use super::Report;
use crate::run::result::{Outcome, StepResult, Summary};
use crate::run::secrets::Redacted;

/// The text report.
pub struct Text {
    /// ANSI colours.
    pub color: bool,
}

impl Text {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The step's line, without the mark.
pub fn line(step: &StepResult) -> String {
    let mut line = format!("{} {} {}", step.place(), step.method, step.url);
    if let Some(s) = step.status {
        line.push_str(&format!(" {s}"));
    }
    if let Some(ms) = step.ms {
        line.push_str(&format!(" {ms} ms"));
    }
    line
}

impl Report for Text {
    fn step(&mut self, out: &mut dyn Write, step: &Redacted<StepResult>) -> std::io::Result<()> {
        match step.outcome {
            Outcome::Passed => writeln!(out, "{} {}", self.paint("32", "✓"), line(step))?,
            Outcome::Skipped => writeln!(
                out,
                "{} {}: {}",
                self.paint("33", "- skipped"),
                line(step),
                step.reason.as_deref().unwrap_or("")
            )?,
            Outcome::Failed => {
                writeln!(out, "{} {}", self.paint("31", "✗"), line(step))?;
                for check in step.failures() {
                    writeln!(out, "    {}: {}", check.kind.name(), check.message)?;
                    for d in &check.diffs {
                        let at = if d.pointer.is_empty() {
                            "(body)"
                        } else {
                            &d.pointer
                        };
                        writeln!(out, "      {at}: {}", d.words())?;
                    }
                }
                if let Some(body) = step.response_excerpt.as_deref().filter(|b| !b.is_empty()) {
                    writeln!(out, "    response body:")?;
                    for l in body.lines() {
                        writeln!(out, "      {l}")?;
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        steps: &[Redacted<StepResult>],
        s: &Summary,
    ) -> std::io::Result<()> {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        writeln!(
            out,
            "{}: {} passed, {} failed, {} skipped ({}, {:.2} s)",
            plural(steps.len(), "step"),
            s.passed,
            s.failed,
            s.skipped,
            plural(s.requests, "request"),
            s.ms as f64 / 1000.0
        )
    }
}
