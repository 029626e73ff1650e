//! `mdbook-integration-guide run`: the guide tests the integration it
//! describes. Every `api-example`, every `auth-flow` whose grant runs
//! unattended, and every `webhook-event` (its delivery, signed with the
//! real secret) is a step, in reading order; each request goes to the
//! selected environment and its answer is checked against what the guide
//! documents.
//!
//! Laid out as Hurl's runner is (running apart from reporting; secrets a
//! concept; source positions travel with each step):
//! - [`plan`]: the steps, the environment, where each variable comes from
//!   (a missing one stops the run before anything is sent);
//! - [`vars`]: `$NAME`, `{run:id}`, percent-encoding;
//! - [`grants`]: what each grant reads and what `run` signs (JWTs);
//! - [`client`]: the HTTP client (ureq, rustls): timeouts, no redirects,
//!   bodies up to 10 MiB;
//! - [`tls`]: the client certificate of `mtls`, the CAs trusted
//!   (`$CA_CERT`), TLS failures in words;
//! - [`runner`]: the steps one after another: skips, the host allowlist,
//!   captures;
//! - [`checks`], [`subset`], [`schema`]: each check a named result;
//! - [`result`]: what the runner produces and the reports read;
//! - [`secrets`]: what is masked, in the one place every output goes
//!   through;
//! - [`report`]: text, JSON Lines, JUnit, SARIF, the `--dry-run` plan;
//! - [`book`]: the plan of a book on disk (`run BOOK_DIR --env NAME`).
//!
//! Exit status: 0 every step passed (skips allowed unless `--strict`), 1 a
//! check failed, 2 the run could not start (an unknown environment, one
//! whose `run` is not `allow` or `read-only`, a variable no source gives, a
//! guide with no step to run).

pub mod book;
pub mod checks;
pub mod client;
pub mod grants;
pub mod origin;
pub mod plan;
pub mod report;
pub mod result;
pub mod runner;
pub mod schema;
pub mod secrets;
pub mod subset;
pub mod tls;
pub mod vars;

use std::io::{IsTerminal, Write};

use crate::http::Exchange;
use crate::settings::RunPolicy;
use plan::{PlanError, Target};
use report::Format;
use runner::{Options, Sink};
use secrets::{Redacted, Secrets};

/// Exit status: the run could not start.
pub const CANNOT_START: u8 = 2;

/// Where a run's output goes and how it looks.
pub struct Output<'a> {
    /// The report format.
    pub format: Format,
    /// Print the plan, send nothing.
    pub dry_run: bool,
    /// The report.
    pub out: &'a mut dyn Write,
    /// Messages, the progress bar.
    pub err: &'a mut dyn Write,
    /// Show a progress bar on `err` (a terminal).
    pub progress: bool,
    /// ANSI colours in text.
    pub color: bool,
    /// `out` is a file (`--output`): a run that cannot start still writes
    /// its report there (in text too), never leaving an empty file.
    pub to_file: bool,
    /// The file a reason without a place is reported at in SARIF (line 1):
    /// the book's `book.toml` as shown; `None`: no location.
    pub artifact: Option<String>,
}

/// The refusal of an environment whose `run` is `deny` (or absent), at
/// its `run` key (else its table) in book.toml when known.
pub fn refusal(target: &Target) -> Option<PlanError> {
    (target.policy == RunPolicy::Deny).then(|| PlanError {
        place: target.place.clone().unwrap_or_default(),
        message: format!(
            "the environment `{name}` does not allow run: set run = \"allow\" (or \"read-only\": GET, HEAD and OPTIONS only) in [preprocessor.integration-guide.environments.{name}] of book.toml, for an environment that may receive the guide's requests",
            name = target.name
        ),
    })
}

/// Why `--dry-run` refuses `format`: the plan is printed as text or JSON
/// only; a JUnit or SARIF file is a report of requests sent, and a plan
/// written there would be an invalid file a CI job uploads as results.
pub fn dry_run_format_refusal(format: Format, dry_run: bool) -> Option<String> {
    (dry_run && matches!(format, Format::Junit | Format::Sarif)).then(|| {
        format!(
            "--dry-run prints the plan as text or json, not {0}: use --dry-run --format text (or json), or leave --dry-run out for a {0} report of a real run; nothing was written or sent",
            match format {
                Format::Junit => "junit",
                _ => "sarif",
            }
        )
    })
}

/// Runs `exchanges` against `target`; `env` reads the process
/// environment; `src_prefix` goes before each chapter's path;
/// `place_of` locates a variable in its tag ([`plan::PlaceOf`]). The exit
/// status (0, 1, 2); why it could not start is written to `err`, and as a
/// report to `out` ([`cannot_start`]).
#[allow(clippy::too_many_arguments)]
pub fn run_exchanges(
    exchanges: Vec<Exchange>,
    target: Target,
    specs: &schema::Specs,
    src_prefix: &str,
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    place_of: plan::PlaceOf<'_>,
    output: Output<'_>,
) -> u8 {
    if let Some(why) = dry_run_format_refusal(output.format, output.dry_run) {
        let _ = writeln!(output.err, "error: {why}");
        return CANNOT_START;
    }
    if let Some(why) = refusal(&target) {
        return cannot_start(output, &[why]);
    }
    let (plan, errors) = plan::build(exchanges, target, env, src_prefix, place_of);
    if plan.steps.is_empty() {
        return cannot_start(
            output,
            &[PlanError::whole(
                "nothing to run: the guide has no api-example and no auth-flow whose grant runs unattended (a run of no steps would pass without testing anything)".to_string(),
            )],
        );
    }
    if output.dry_run {
        return dry_run(&plan, &errors, options, env, output);
    }
    if !errors.is_empty() {
        return cannot_start(output, &errors);
    }
    let (format, to_file, artifact) = (output.format, output.to_file, output.artifact.clone());
    let mut report = report::new(output.format, output.color);
    let mut sink = Writer {
        report: &mut *report,
        out: output.out,
        err: output.err,
        progress: output.progress,
        write_error: None,
    };
    let ran = match runner::execute(&plan, specs, options, env, &mut sink) {
        Ok(ran) => ran,
        Err(why) => {
            let why = [PlanError::whole(why)];
            return report_cannot_start(
                format,
                to_file,
                artifact.as_deref(),
                sink.out,
                sink.err,
                &why,
            );
        }
    };
    if sink.progress {
        let _ = write!(sink.err, "\r\x1b[2K");
    }
    if sink.write_error.is_none()
        && let Err(e) = sink
            .report
            .finish(sink.out, &ran.steps, &ran.summary)
            .and_then(|()| sink.out.flush())
    {
        sink.write_error = Some(e);
    }
    if let Some(warning) = ran.summary.nothing_sent() {
        let _ = writeln!(sink.err, "warning: {warning}");
    }
    unwritten_exit(sink.write_error, sink.err, &ran.summary)
}

/// The exit status of a run whose report could not (all) be written
/// (`error`): exit 2 says "nothing was sent", so once a request was sent
/// it is never 2. A closed reader (`run --format json | head -1`, EPIPE)
/// is quiet, the results' status (0/1), as other tools behave; another
/// error is named and the run counts as failed (1), its report lost.
fn unwritten_exit(
    error: Option<std::io::Error>,
    err: &mut dyn Write,
    summary: &result::Summary,
) -> u8 {
    let Some(e) = error else {
        return summary.exit_code();
    };
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return summary.exit_code();
    }
    let _ = writeln!(err, "error: the report could not be written: {e}");
    if summary.requests == 0 {
        CANNOT_START
    } else {
        summary.exit_code().max(1)
    }
}

/// `--dry-run`: the whole plan (a missing variable marked where it would
/// come from), then, when a variable is missing or the TLS side cannot be
/// made (the `mtls` certificate and key, `$CA_CERT`: read, nothing
/// sent), the errors a real run gives and its exit status 2.
fn dry_run(
    plan: &plan::Plan,
    errors: &[PlanError],
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    output: Output<'_>,
) -> u8 {
    let mut errors = errors.to_vec();
    let identity = plan
        .client_identity
        .as_ref()
        .map(|(c, k)| (c.as_str(), k.as_str()));
    if let Err(why) = tls::config(identity, env) {
        errors.push(PlanError::whole(why));
    }
    let mut secrets = Secrets::new(options.redact);
    for step in &plan.steps {
        for need in &step.needs {
            if let Some(v) = env(&need.variable) {
                secrets.add(&v);
            }
        }
    }
    let shown: Vec<Redacted<_>> = report::plan::steps(plan, env)
        .into_iter()
        .map(|s| secrets.redact(s))
        .collect();
    let json = output.format == Format::Json;
    if report::plan::write(output.out, plan, &shown, json).is_err() {
        return CANNOT_START;
    }
    if errors.is_empty() {
        return 0;
    }
    write_errors(output.err, &errors);
    CANNOT_START
}

/// A run that cannot start: each reason on `err`; for JSON, JUnit and
/// SARIF (and text to a file) also a report of it on `out`, so that a CI
/// job's report upload finds a valid file that says why
/// ([`report::cannot_start`]). Returns [`CANNOT_START`].
pub fn cannot_start(output: Output<'_>, errors: &[PlanError]) -> u8 {
    report_cannot_start(
        output.format,
        output.to_file,
        output.artifact.as_deref(),
        output.out,
        output.err,
        errors,
    )
}

fn report_cannot_start(
    format: Format,
    to_file: bool,
    artifact: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    errors: &[PlanError],
) -> u8 {
    write_errors(err, errors);
    if to_file || format != Format::Text {
        let _ = report::cannot_start(format, out, errors, artifact).and_then(|()| out.flush());
    }
    CANNOT_START
}

/// Every plan error, one per line; with more than one reason (or a
/// reason at a tag), a last line that nothing was sent.
pub fn write_errors(err: &mut dyn Write, errors: &[PlanError]) {
    for e in errors {
        let _ = writeln!(err, "error: {e}");
    }
    if errors.len() == 1 && errors[0].place.is_empty() {
        return;
    }
    let _ = writeln!(err, "error: {}", did_not_start(errors.len()));
}

/// `the run did not start: nothing was sent (N problems)`.
pub fn did_not_start(problems: usize) -> String {
    format!(
        "the run did not start: nothing was sent ({problems} problem{})",
        if problems == 1 { "" } else { "s" }
    )
}

/// Whether to draw a progress bar: on a terminal only, and not when the
/// text report is already writing a line per step to the same terminal.
pub fn wants_progress(format: Format, to_file: bool) -> bool {
    std::io::stderr().is_terminal() && (to_file || format != Format::Text)
}

/// The sink that writes each step to the report and the progress bar.
struct Writer<'a> {
    report: &'a mut dyn report::Report,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    progress: bool,
    /// The first write to `out` that failed; nothing more is written.
    write_error: Option<std::io::Error>,
}

impl Sink for Writer<'_> {
    fn step(&mut self, step: &Redacted<result::StepResult>, done: usize, total: usize) {
        if self.write_error.is_none()
            && let Err(e) = self.report.step(self.out, step)
        {
            self.write_error = Some(e);
        }
        if self.progress {
            let width = 30;
            let filled = done * width / total.max(1);
            let _ = write!(
                self.err,
                "\r\x1b[2K[{}{}] {done}/{total} {}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                step.place()
            );
            let _ = self.err.flush();
        }
    }
}
