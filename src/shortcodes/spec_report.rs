//! The OpenAPI specs' last word on the book, handed to the engine as a
//! [`Feature`]: each spec's own problems (a spec that cannot be read, with
//! the shortcodes that use it as related places; an example in the spec
//! that breaks its schema), and `openapi-drift` graded as book.toml's
//! `[preprocessor.integration-guide.check]` sets it, so that the build
//! and `check` agree.

use std::ops::Range;

use crate::api::{Feature, Finding, ReportCx};
use crate::diagnostic::Place;
use crate::openapi::{Problem, Specs};
use crate::settings::rules::Options;

use super::spec_facts::{DRIFT, UNREADABLE};

/// The OpenAPI report (see the module).
pub struct SpecReport;

impl Feature for SpecReport {
    fn report(&self, cx: &mut ReportCx<'_>) {
        let levels = cx
            .settings
            .section("check")
            .and_then(|t| Options::from_table(Some(t)).ok())
            .map(|(o, _)| o);
        // The shortcodes that name a spec that cannot be read: (spec,
        // chapter, span), shown with the spec's own error.
        let mut unreadable: Vec<(String, usize, Range<usize>)> = Vec::new();
        for (i, diags) in cx.diagnostics.iter_mut().enumerate() {
            diags.retain_mut(|d| {
                if d.code == Some(UNREADABLE) {
                    let name = d.message.split('`').nth(1).unwrap_or_default();
                    unreadable.push((name.to_string(), i, d.span.clone()));
                    return false;
                }
                if d.code == Some(DRIFT)
                    && let Some(levels) = &levels
                {
                    match levels.severity(DRIFT, d.severity) {
                        Some(s) => d.severity = s,
                        None => return false,
                    }
                }
                true
            });
        }
        let Some(specs) = cx.facts.get::<Specs>() else {
            return;
        };
        let mut problems: Vec<Problem> = Vec::new();
        for (name, mut problem) in specs.problems(cx.settings) {
            // The first shortcode that uses it, and how many more do: one
            // note, however often the spec is used.
            let mut uses = unreadable.iter().filter(|(n, _, _)| n == name);
            if let Some((_, j, span)) = uses.next() {
                let note = match uses.count() {
                    0 => "this shortcode uses it".to_string(),
                    n => format!("this shortcode and {n} more use it"),
                };
                problem.diagnostic =
                    problem
                        .diagnostic
                        .with_related(Place::Chapter(*j), span.clone(), note);
            }
            problems.push(problem);
        }
        for mut problem in specs.in_spec(cx.settings) {
            let d = &mut problem.diagnostic;
            if d.code == Some(DRIFT)
                && let Some(levels) = &levels
            {
                match levels.severity(DRIFT, d.severity) {
                    Some(s) => d.severity = s,
                    None => continue,
                }
            }
            problems.push(problem);
        }
        cx.findings.extend(problems.into_iter().map(|p| Finding {
            file: p.file,
            text: p.text,
            diagnostic: p.diagnostic,
        }));
    }
}
