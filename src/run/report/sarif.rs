//! `run --format sarif`: a SARIF 2.1.0 log. The rules are the check kinds
//! (`run-status`, `run-schema`, `run-body`, ...); each failed check is an
//! `error` result located at its step's tag in the chapter (as `check
//! --format sarif` locates its findings), its message the check's, with
//! each difference on a line of its own.

use std::io::Write;

use serde_json::{Value, json};

use super::Report;
use crate::check::sarif::{self, location};
use crate::run::plan::PlanError;
use crate::run::result::{CheckKind, StepResult, Summary};
use crate::run::secrets::Redacted;

/// The SARIF report.
pub struct Sarif;

fn rule_id(kind: CheckKind) -> String {
    format!("run-{}", kind.name())
}

fn results(step: &StepResult) -> Vec<Value> {
    step.failures()
        .map(|c| {
            let mut text = format!("{} {}: {}", step.method, step.url, c.message);
            for d in &c.diffs {
                text.push_str(&format!(
                    "\n{}: {}",
                    if d.pointer.is_empty() {
                        "(body)"
                    } else {
                        &d.pointer
                    },
                    d.words()
                ));
            }
            json!({
                "ruleId": rule_id(c.kind),
                "ruleIndex": CheckKind::ALL.iter().position(|k| *k == c.kind),
                "level": "error",
                "message": {"text": text},
                "locations": [location(&step.file, step.source.line, step.source.column, 1)],
            })
        })
        .collect()
}

/// The rule of a run that could not start.
use super::json::CANNOT_START;

/// The SARIF log of a run.
pub fn log(steps: &[Redacted<StepResult>]) -> Value {
    let results: Vec<Value> = steps.iter().flat_map(|s| results(s)).collect();
    log_of(results)
}

/// A run that could not start: an `error` result per reason (rule
/// `run-cannot-start`), located at its tag (or book.toml key) when it has
/// one, else at line 1 of `artifact` (the book's book.toml), so that code
/// scanning shows it on a file.
pub fn cannot_start(
    out: &mut dyn Write,
    errors: &[PlanError],
    artifact: Option<&str>,
) -> std::io::Result<()> {
    let index = CheckKind::ALL.len();
    let results: Vec<Value> = errors
        .iter()
        .map(|e| {
            let mut r = json!({
                "ruleId": CANNOT_START,
                "ruleIndex": index,
                "level": "error",
                "message": {"text": e.message},
            });
            if let Some((file, line, column)) = e.location() {
                r["locations"] = json!([location(file, line, column, 1)]);
            } else if let Some(file) = artifact {
                r["locations"] = json!([location(file, 1, 1, 1)]);
            }
            r
        })
        .collect();
    let text = serde_json::to_string_pretty(&log_of(results)).unwrap_or_default();
    writeln!(out, "{text}")
}

/// The log of `results`, with every rule.
fn log_of(results: Vec<Value>) -> Value {
    let rules: Vec<Value> = CheckKind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": rule_id(*k),
                "shortDescription": {"text": k.doc()},
                "defaultConfiguration": {"level": "error"},
            })
        })
        .chain([json!({
            "id": CANNOT_START,
            "shortDescription": {"text": "the run could not start (nothing was sent)"},
            "defaultConfiguration": {"level": "error"},
        })])
        .collect();
    sarif::log_of(rules, results)
}

impl Report for Sarif {
    fn step(&mut self, _: &mut dyn Write, _: &Redacted<StepResult>) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        steps: &[Redacted<StepResult>],
        _: &Summary,
    ) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(&log(steps)).unwrap_or_default();
        writeln!(out, "{text}")
    }
}
