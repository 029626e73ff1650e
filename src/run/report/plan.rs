//! What `run --dry-run` prints: the order, each step's method and URL (as
//! the guide writes it, variables unfilled), its captures, where each of
//! its variables comes from, what it expects. Nothing is sent.
//!
//! ```text
//! Plan: 2 steps against the environment `sandbox` (run = "allow"; origins: https://sandbox.example)
//! 1. book/src/architecture.md:22 auth-flow client-credentials POST https://sandbox.example/oauth/token
//!      variables: CLIENT_ID (environment), CLIENT_SECRET (environment)
//!      captures: ACCESS_TOKEN = /access_token
//!      expects: status 200
//! 2. ...
//! ```
//!
//! An `auth-flow` whose grant needs a person (`authorization-code`,
//! `device-code`) is listed after the steps, unnumbered, with the variable
//! its token comes from (`-. book/src/auth.md:9 auth-flow
//! authorization-code (not a step: ... `$ACCESS_TOKEN` in the process
//! environment)`).
//!
//! A variable no source gives is shown `NAME (missing: ...)` with where it
//! would come from; a step whose origin (scheme, host, port) is not one of the environment's
//! gets a `refused:` line (the real run fails it without contacting the
//! host, issue 25 Safety); a step the run will skip whatever happens
//! before it (a webhook delivery whose `secret-var` is not set) a
//! `skipped:` line.

use std::io::Write;

use serde_json::json;

use crate::run::origin::refusal;
use crate::run::plan::{From, Plan};
use crate::run::secrets::{Redact, Redacted, Secrets};

/// One planned step, as shown.
#[derive(Debug, Clone)]
pub struct PlannedStep {
    /// `file:line:col`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What the step is.
    pub what: String,
    /// The method.
    pub method: String,
    /// The URL as written (variables unfilled).
    pub url: String,
    /// `(variable, where from)`.
    pub variables: Vec<(String, String)>,
    /// `(variable, pointer)`.
    pub captures: Vec<(String, String)>,
    /// The documented status, if any.
    pub status: Option<u16>,
    /// Why the real run will refuse the step (its host is not one of the
    /// environment's), if it will.
    pub refused: Option<String>,
    /// Why the real run will skip the step, when that is known before it
    /// (a webhook delivery whose secret is not set).
    pub skipped: Option<String>,
    /// The example is of a rejected request (`invalid`): the run expects
    /// its documented 4xx.
    pub invalid: bool,
}

/// What a step is, as its text line shows it: an `invalid` example is
/// marked (`api-example (invalid: expects 400)`), so a reader of the plan
/// knows the error answer is the one the run wants.
fn what_marked(s: &PlannedStep) -> String {
    if !s.invalid {
        return s.what.clone();
    }
    let status = s
        .status
        .map_or_else(|| "a 4xx".to_string(), |c| c.to_string());
    format!("{} (invalid: expects {status})", s.what)
}

impl Redact for PlannedStep {
    fn redact(&mut self, s: &Secrets) {
        self.url.redact(s);
        self.what.redact(s);
        self.refused.redact(s);
        self.skipped.redact(s);
    }
}

/// Why the run will refuse a step to `origin` (a host not among the
/// environment's), when the host is known before the run (the origin's
/// variables, if any, from the process environment).
fn refused(plan: &Plan, origin: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut value = |name: &str| env(name);
    let origin =
        crate::run::vars::substitute(origin, "", &mut value, &crate::run::vars::verbatim).ok()?;
    if !origin.contains("://") {
        return None;
    }
    let why = refusal(&origin, &plan.target.origins(), &plan.target.name)?;
    Some(format!(
        "{why}: the run will fail this step without contacting it"
    ))
}

/// Where a variable comes from, in words.
fn from_words(from: &From) -> String {
    match from {
        From::Capture(k) => format!("captured by step {k}"),
        From::Environment => "environment".to_string(),
        From::EnvironmentForSkipped(k) => {
            format!("environment, as step {k}, which captures it, is skipped")
        }
        From::SkippedCapture(k) => format!(
            "not set: step {k}, which captures it, is skipped, and the process environment does not set it"
        ),
        From::Assertion => "signed by run".to_string(),
        From::Missing => {
            "missing: not in the process environment, not captured by an earlier step".to_string()
        }
        From::NotNeeded => "not needed: the step is skipped".to_string(),
    }
}

/// The plan's steps, as shown; `env` reads the process environment (for
/// hosts given by a variable).
pub fn steps(plan: &Plan, env: &dyn Fn(&str) -> Option<String>) -> Vec<PlannedStep> {
    plan.steps
        .iter()
        .map(|step| {
            let r = &step.exchange.request;
            let mut url = format!("{}{}", r.url.origin, r.url.path);
            for (i, q) in r.url.query.iter().enumerate() {
                url.push(if i == 0 { '?' } else { '&' });
                url.push_str(&format!("{}={}", q.name, q.value));
            }
            PlannedStep {
                file: step.file.clone(),
                line: step.exchange.source.line,
                column: step.exchange.source.column,
                what: step.what.clone(),
                method: r.method.clone(),
                url,
                variables: step
                    .needs
                    .iter()
                    .map(|n| (n.variable.clone(), from_words(&n.from)))
                    .collect(),
                captures: step
                    .exchange
                    .captures
                    .iter()
                    .map(|c| (c.variable.clone(), c.pointer.clone()))
                    .collect(),
                status: step.exchange.expect.status,
                refused: refused(plan, &r.url.origin, env),
                skipped: step.skip.clone(),
                invalid: step.exchange.expect.invalid,
            }
        })
        .collect()
}

/// Writes the plan: text, or JSON Lines when `json`.
pub fn write(
    out: &mut dyn Write,
    plan: &Plan,
    shown: &[Redacted<PlannedStep>],
    json: bool,
) -> std::io::Result<()> {
    if json {
        return write_json(out, plan, shown);
    }
    writeln!(
        out,
        "Plan: {} step{} against the environment `{}` (run = \"{}\"; origins: {})",
        shown.len(),
        if shown.len() == 1 { "" } else { "s" },
        plan.target.name,
        plan.target.policy.name(),
        plan.target
            .origins()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    for (i, s) in shown.iter().enumerate() {
        writeln!(
            out,
            "{}. {}:{} {} {} {}",
            i + 1,
            s.file,
            s.line,
            what_marked(s),
            s.method,
            s.url
        )?;
        let list = |items: &[(String, String)], sep: &str| {
            items
                .iter()
                .map(|(a, b)| format!("{a}{sep}{b}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !s.variables.is_empty() {
            let vars: Vec<(String, String)> = s
                .variables
                .iter()
                .map(|(v, f)| (v.clone(), format!(" ({f})")))
                .collect();
            writeln!(out, "     variables: {}", list(&vars, ""))?;
        }
        if !s.captures.is_empty() {
            writeln!(out, "     captures: {}", list(&s.captures, " = "))?;
        }
        if let Some(status) = s.status {
            writeln!(out, "     expects: status {status}")?;
        }
        if let Some(why) = &s.refused {
            writeln!(out, "     refused: {why}")?;
        }
        if let Some(why) = &s.skipped {
            writeln!(out, "     skipped: {why}")?;
        }
    }
    for p in &plan.by_a_person {
        writeln!(
            out,
            "-. {}:{} {} (not a step: {})",
            p.file,
            p.line,
            p.what,
            person_words(&p.token_var)
        )?;
    }
    writeln!(out, "Nothing was sent (--dry-run).")
}

/// The plan as JSON Lines: a line per step, then one per `auth-flow`
/// that needs a person (`"step": null`, `"not-a-step"`: why), then
/// `{"summary":{"dry_run":true,"started":false,"steps":N,"refused":N,
/// "skipped":N,"missing":N,"requests":0}}` (schema/run-result.schema.json).
fn write_json(
    out: &mut dyn Write,
    plan: &Plan,
    shown: &[Redacted<PlannedStep>],
) -> std::io::Result<()> {
    for (i, s) in shown.iter().enumerate() {
        let line = json!({
            "file": s.file, "line": s.line, "column": s.column, "step": i + 1,
            "what": s.what, "method": s.method, "url": s.url,
            "variables": s.variables.iter().map(|(v, f)| json!({"variable": v, "from": f})).collect::<Vec<_>>(),
            "captures": s.captures.iter().map(|(v, p)| json!({"variable": v, "pointer": p})).collect::<Vec<_>>(),
            "status": s.status,
            "refused": s.refused,
            "skipped": s.skipped,
            "invalid": s.invalid,
        });
        writeln!(out, "{line}")?;
    }
    for p in &plan.by_a_person {
        let line = json!({
            "file": p.file, "line": p.line, "column": p.column,
            "what": p.what, "step": null,
            "not-a-step": person_words(&p.token_var),
            "variables": [{"variable": p.token_var, "from": "environment"}],
        });
        writeln!(out, "{line}")?;
    }
    let count = |f: &dyn Fn(&PlannedStep) -> bool| shown.iter().filter(|s| f(s)).count();
    let summary = json!({"summary": {
        "dry_run": true,
        "started": false,
        "steps": shown.len(),
        "refused": count(&|s| s.refused.is_some()),
        "skipped": count(&|s| s.skipped.is_some()),
        "missing": plan.steps.iter().flat_map(|s| &s.needs).filter(|n| n.from == From::Missing).count(),
        "requests": 0,
    }});
    writeln!(out, "{summary}")
}

/// Why a person-only grant is not a step, and where its token comes from.
fn person_words(token_var: &str) -> String {
    format!(
        "the grant needs a person; its token comes from `${token_var}` in the process environment"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::plan::Target;
    use crate::settings::RunPolicy;

    /// The header names what the allow-list holds: origins (scheme, host,
    /// port), the port shown only when it is not the scheme's default.
    #[test]
    fn the_header_lists_the_environments_origins() {
        let plan = Plan {
            steps: Vec::new(),
            target: Target {
                name: "sandbox".into(),
                policy: RunPolicy::Allow,
                values: vec![
                    ("base-url".into(), "https://sandbox.example/v1".into()),
                    ("mock".into(), "http://127.0.0.1:4010".into()),
                ],
                place: None,
            },
            run_id: "r".into(),
            client_identity: None,
            by_a_person: Vec::new(),
        };
        let mut out = Vec::new();
        write(&mut out, &plan, &[], false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(
                "Plan: 0 steps against the environment `sandbox` (run = \"allow\"; origins: http://127.0.0.1:4010, https://sandbox.example)"
            ),
            "{text}"
        );
    }
}
