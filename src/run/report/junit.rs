//! `run --format junit`: JUnit XML as CI servers read it, written with
//! `quick-junit`. A test suite per chapter; a test case per step, named
//! `validation.md:31 POST /v1/shipments` (the chapter's file name, the
//! tag's line, the method and the URL's path as the guide writes it: no
//! origin, so the name is the same in every environment; no query, where
//! credentials and their masks go; nothing filled, so
//! `/v1/shipments/$SHIPMENT_ID` stays so whatever id an earlier step
//! captured, and `{run:id}` stays `{run:id}`), unique in its chapter and
//! the same from run to run;
//! its class name is the chapter (`book/src/validation.md`, the suite's
//! name), so a CI server groups a chapter's steps. A failed check is a `failure`
//! (the request could not be sent, or went to a host the environment does
//! not name: an `error`), a skipped step `skipped` with its reason. The
//! failure's text lists each failed check and its differences; the
//! response's start is the case's `system-out`.

use std::io::Write;
use std::time::Duration;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::Report;
use crate::run::plan::PlanError;
use crate::run::result::{CheckKind, Outcome, StepResult, Summary};
use crate::run::secrets::Redacted;

/// The JUnit report.
pub struct Junit;

/// `validation.md:31 POST /v1/shipments`: see the module's doc.
fn case_name(step: &StepResult) -> String {
    let file = step.file.rsplit('/').next().unwrap_or(&step.file);
    let path = if step.path.is_empty() {
        "/"
    } else {
        &step.path
    };
    format!("{file}:{} {} {path}", step.source.line, step.method)
}

fn case(step: &StepResult) -> TestCase {
    let status = match step.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::Skipped => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(step.reason.clone().unwrap_or_default());
            s
        }
        Outcome::Failed => {
            let error = step
                .failures()
                .any(|c| matches!(c.kind, CheckKind::Transport | CheckKind::Host));
            let mut s = TestCaseStatus::non_success(if error {
                NonSuccessKind::Error
            } else {
                NonSuccessKind::Failure
            });
            let first = step.failures().next();
            s.set_message(first.map_or_else(String::new, |c| c.message.clone()));
            s.set_type(first.map_or("", |c| c.kind.name()));
            let mut text = String::new();
            for c in step.failures() {
                text.push_str(&format!("{}: {}\n", c.kind.name(), c.message));
                for d in &c.diffs {
                    text.push_str(&format!(
                        "  {}: {}\n",
                        if d.pointer.is_empty() {
                            "(body)"
                        } else {
                            &d.pointer
                        },
                        d.words()
                    ));
                }
            }
            s.set_description(text);
            s
        }
    };
    let mut case = TestCase::new(case_name(step), status);
    case.set_classname(step.file.as_str());
    case.set_assertions(step.checks.len());
    if let Some(ms) = step.ms {
        case.set_time(Duration::from_millis(ms));
    }
    if step.outcome == Outcome::Failed
        && let Some(body) = &step.response_excerpt
    {
        case.set_system_out(body.as_str());
    }
    case
}

impl Report for Junit {
    fn step(&mut self, _: &mut dyn Write, _: &Redacted<StepResult>) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        steps: &[Redacted<StepResult>],
        summary: &Summary,
    ) -> std::io::Result<()> {
        let mut report = quick_junit::Report::new("mdbook-integration-guide run");
        report.set_time(Duration::from_millis(summary.ms));
        let mut suites: Vec<TestSuite> = Vec::new();
        for step in steps {
            if suites.last().is_none_or(|s| s.name.as_str() != step.file) {
                suites.push(TestSuite::new(step.file.as_str()));
            }
            if let Some(suite) = suites.last_mut() {
                suite.add_test_case(case(step));
            }
        }
        report.add_test_suites(suites);
        let xml = report
            .to_string()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        writeln!(out, "{xml}")
    }
}

/// A run that could not start: one test suite `run`, one test case
/// `the run did not start` in `error` (type `cannot-start`), its message
/// the first reason, its text every reason.
pub fn cannot_start(out: &mut dyn Write, errors: &[PlanError]) -> std::io::Result<()> {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_type("cannot-start");
    status.set_message(errors.first().map_or_else(String::new, ToString::to_string));
    status.set_description(
        errors
            .iter()
            .map(|e| format!("{e}\n"))
            .chain([format!("{}\n", crate::run::did_not_start(errors.len()))])
            .collect::<String>(),
    );
    let mut case = TestCase::new("the run did not start", status);
    case.set_classname("mdbook-integration-guide run");
    let mut suite = TestSuite::new("run");
    suite.add_test_case(case);
    let mut report = quick_junit::Report::new("mdbook-integration-guide run");
    report.add_test_suite(suite);
    let xml = report
        .to_string()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    writeln!(out, "{xml}")
}
