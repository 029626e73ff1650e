//! `run --format json`: JSON Lines, the family of `check --format json`.
//! One object per step:
//!
//! ```json
//! {"file":"book/src/validation.md","line":34,"column":1,"step":2,"what":"api-example",
//!  "outcome":"failed","method":"POST","url":"https://...","status":400,"ms":8,
//!  "reason":null,"request_headers":[["Authorization","Bearer ***"]],
//!  "checks":[{"check":"status","outcome":"failed","message":"expected status 201, got 400","diffs":[]}]}
//! ```
//!
//! then `{"summary":{"started":true,"steps":3,"passed":1,"failed":1,"skipped":1,"requests":2,"ms":20}}`.

use std::io::Write;

use serde_json::{Value, json};

use super::Report;
use crate::run::plan::PlanError;
use crate::run::result::{StepResult, Summary};
use crate::run::secrets::Redacted;

/// The JSON Lines report.
pub struct Json;

/// A step as a JSON object.
pub fn step_json(step: &StepResult) -> Value {
    let checks: Vec<Value> = step
        .checks
        .iter()
        .map(|c| {
            json!({
                "check": c.kind.name(),
                "outcome": c.outcome.name(),
                "message": c.message,
                "diffs": c.diffs.iter().map(|d| json!({
                    "pointer": d.pointer, "expected": d.expected, "actual": d.actual,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "file": step.file,
        "line": step.source.line,
        "column": step.source.column,
        "step": step.number,
        "what": step.what,
        "outcome": step.outcome.name(),
        "method": step.method,
        "url": step.url,
        "status": step.status,
        "ms": step.ms,
        "reason": step.reason,
        "request_headers": step.request_headers,
        "checks": checks,
    })
}

impl Report for Json {
    fn step(&mut self, out: &mut dyn Write, step: &Redacted<StepResult>) -> std::io::Result<()> {
        writeln!(out, "{}", step_json(step))
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        steps: &[Redacted<StepResult>],
        s: &Summary,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "{}",
            json!({"summary": {
                "started": true,
                "steps": steps.len(),
                "passed": s.passed,
                "failed": s.failed,
                "skipped": s.skipped,
                "requests": s.requests,
                "ms": s.ms,
            }})
        )
    }
}

/// The `code` of a reason a run could not start (SARIF's rule id too).
pub const CANNOT_START: &str = "run-cannot-start";

/// A run that could not start: `{"severity":"error","code":"run-cannot-start",
/// "message":...}` per reason (with `file`, `line`, `column` first when it
/// has a place, as `check --format json` writes a diagnostic), then
/// `{"summary":{"started":false,"steps":0,...,"errors":N}}`.
pub fn cannot_start(out: &mut dyn Write, errors: &[PlanError]) -> std::io::Result<()> {
    for e in errors {
        let line = match e.location() {
            Some((file, line, column)) => {
                json!({"file": file, "line": line, "column": column, "severity": "error", "code": CANNOT_START, "message": e.message})
            }
            None => json!({"severity": "error", "code": CANNOT_START, "message": e.message}),
        };
        writeln!(out, "{line}")?;
    }
    writeln!(
        out,
        "{}",
        json!({"summary": {
            "started": false,
            "steps": 0, "passed": 0, "failed": 0, "skipped": 0, "requests": 0, "ms": 0,
            "errors": errors.len(),
        }})
    )
}
