//! What a run produces: per step, the request sent, what came back and
//! each check with its outcome; the summary. The runner makes these, the
//! reports only read them (after [`super::secrets::Secrets::redact`]).

use super::secrets::{Redact, Secrets};
use crate::http::SourceRef;

/// How a step or a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every check passed.
    Passed,
    /// A check failed, or the request could not be sent.
    Failed,
    /// The step did not run (the reason says why).
    Skipped,
}

impl Outcome {
    /// `passed`, `failed`, `skipped`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// The kinds of check, each a named result (the names are the SARIF
/// rules' and JUnit's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// The status equals the documented one (an `invalid` example: its
    /// documented 4xx).
    Status,
    /// The body validates against the operation's response schema.
    Schema,
    /// The documented response is a subset of the real one.
    Body,
    /// A capture found its value.
    Capture,
    /// The request could be sent and its answer read (timeout, refused
    /// connection, a body over the limit).
    Transport,
    /// The request's host is one of the environment's.
    Host,
    /// A skipped step under `--strict`.
    Skip,
}

impl CheckKind {
    /// Every kind, in the order of the SARIF rules.
    pub const ALL: &'static [CheckKind] = &[
        CheckKind::Status,
        CheckKind::Schema,
        CheckKind::Body,
        CheckKind::Capture,
        CheckKind::Transport,
        CheckKind::Host,
        CheckKind::Skip,
    ];

    /// The check's name: `status`, `schema`, ...
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Status => "status",
            CheckKind::Schema => "schema",
            CheckKind::Body => "body",
            CheckKind::Capture => "capture",
            CheckKind::Transport => "transport",
            CheckKind::Host => "host",
            CheckKind::Skip => "skipped",
        }
    }

    /// What the check asserts, in words (SARIF `shortDescription`).
    pub fn doc(self) -> &'static str {
        match self {
            CheckKind::Status => "the response's status is the one the guide documents",
            CheckKind::Schema => {
                "the response body validates against the operation's schema in the OpenAPI spec"
            }
            CheckKind::Body => {
                "every value of the documented response is in the real one (extra keys allowed; `ignore` pointers and `...` prefixes)"
            }
            CheckKind::Capture => {
                "a value a later step needs is in the response (`capture=`, `token-var`)"
            }
            CheckKind::Transport => "the request was sent and its response read in time",
            CheckKind::Host => "the request goes to a host of the selected environment",
            CheckKind::Skip => "the step ran (`--strict`)",
        }
    }
}

/// One difference between the documented and the real response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Where (a JSON Pointer, RFC 6901; `""` the whole body).
    pub pointer: String,
    /// The documented value, as JSON text (or a description).
    pub expected: String,
    /// The real value, as JSON text (`(missing)` when absent).
    pub actual: String,
}

impl Diff {
    /// The difference in words, after its pointer: `expected E, got A`;
    /// when nothing was expected (`expected` empty: a key whose value is
    /// ignored), `actual` alone says what is wrong.
    pub fn words(&self) -> String {
        if self.expected.is_empty() {
            self.actual.clone()
        } else {
            format!("expected {}, got {}", self.expected, self.actual)
        }
    }
}

/// One named check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Which.
    pub kind: CheckKind,
    /// Passed or failed.
    pub outcome: Outcome,
    /// What was checked, or what was wrong (`expected 201, got 400`).
    pub message: String,
    /// For the body and schema checks: each difference.
    pub diffs: Vec<Diff>,
}

impl Check {
    /// A passed check.
    pub fn pass(kind: CheckKind, message: impl Into<String>) -> Check {
        Check {
            kind,
            outcome: Outcome::Passed,
            message: message.into(),
            diffs: Vec::new(),
        }
    }

    /// A failed check.
    pub fn fail(kind: CheckKind, message: impl Into<String>) -> Check {
        Check {
            kind,
            outcome: Outcome::Failed,
            message: message.into(),
            diffs: Vec::new(),
        }
    }
}

/// One step: an exchange of the guide, run (or not).
#[derive(Debug, Clone)]
pub struct StepResult {
    /// 1-based, in reading order.
    pub number: usize,
    /// The chapter file as shown (`book/src/validation.md`).
    pub file: String,
    /// Where the tag is.
    pub source: SourceRef,
    /// What the step is (`api-example`, `auth-flow client-credentials`).
    pub what: String,
    /// The method.
    pub method: String,
    /// The URL sent (or as far as it could be resolved).
    pub url: String,
    /// The URL's path as the guide writes it, nothing filled
    /// (`/v1/shipments/$SHIPMENT_ID`, `/v1/batches/{run:id}`): unlike
    /// `url`, the same from run to run, for names CI servers track.
    pub path: String,
    /// The request's headers as sent.
    pub request_headers: Vec<(String, String)>,
    /// The status received.
    pub status: Option<u16>,
    /// The response's headers.
    pub response_headers: Vec<(String, String)>,
    /// The start of a failed step's response body, redacted, for reports
    /// ([`excerpt`]).
    pub response_excerpt: Option<String>,
    /// Milliseconds from sending to the end of the body.
    pub ms: Option<u64>,
    /// The step's outcome.
    pub outcome: Outcome,
    /// Why a step was skipped.
    pub reason: Option<String>,
    /// Each check, in order.
    pub checks: Vec<Check>,
}

impl StepResult {
    /// `file:line`.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.source.line)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.outcome == Outcome::Failed)
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Steps passed.
    pub passed: usize,
    /// Steps failed.
    pub failed: usize,
    /// Steps skipped.
    pub skipped: usize,
    /// Requests sent.
    pub requests: usize,
    /// Wall time of the run.
    pub ms: u64,
}

impl Summary {
    /// Counts a step.
    pub fn add(&mut self, step: &StepResult) {
        match step.outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Skipped => self.skipped += 1,
        }
    }

    /// Why a run that passes is worth a look: every step was skipped, so
    /// nothing was sent (a scheduled job that tests nothing stays green
    /// unless `--strict`). `None`: a step passed or failed.
    pub fn nothing_sent(&self) -> Option<String> {
        (self.skipped > 0 && self.passed == 0 && self.failed == 0 && self.requests == 0).then(
            || {
                let all = match self.skipped {
                    1 => "the only step was skipped".to_string(),
                    n => format!("all {n} steps were skipped"),
                };
                format!("nothing was sent: {all}; --strict makes skips fail")
            },
        )
    }

    /// The exit status: 0 every step passed (or was skipped), 1 one failed.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed > 0)
    }
}

impl Redact for Diff {
    fn redact(&mut self, s: &Secrets) {
        self.expected.redact(s);
        self.actual.redact(s);
    }
}

impl Redact for Check {
    fn redact(&mut self, s: &Secrets) {
        self.message.redact(s);
        self.diffs.redact(s);
    }
}

impl Redact for StepResult {
    fn redact(&mut self, s: &Secrets) {
        self.url.redact(s);
        self.path.redact(s);
        for (name, value) in self
            .request_headers
            .iter_mut()
            .chain(self.response_headers.iter_mut())
        {
            *value = s.header(name, value);
        }
        self.response_excerpt.redact(s);
        self.reason.redact(s);
        self.checks.redact(s);
    }
}

/// The most of a response body a report shows, in bytes.
pub const EXCERPT_BYTES: usize = 2048;

/// The start of a body for a report: its first [`EXCERPT_BYTES`] (cut at
/// a character boundary), and when there is more, a last line
/// `... (N bytes more)`.
pub fn excerpt(body: &str) -> String {
    if body.len() <= EXCERPT_BYTES {
        return body.to_string();
    }
    let mut cut = EXCERPT_BYTES;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &body[..cut];
    let sep = if head.ends_with('\n') { "" } else { "\n" };
    format!("{head}{sep}... ({} bytes more)", body.len() - cut)
}

#[cfg(test)]
mod excerpt_tests {
    use super::*;

    #[test]
    fn a_long_body_is_cut_at_a_character_and_says_how_much_is_left() {
        assert_eq!(excerpt("{}"), "{}");
        let body = format!("{}é{}", "a".repeat(2047), "b".repeat(10));
        let shown = excerpt(&body);
        assert_eq!(shown, format!("{}\n... (12 bytes more)", "a".repeat(2047)));
    }
}
