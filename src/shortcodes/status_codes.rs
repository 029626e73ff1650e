//! `<<#status-codes>>`: lines `code: meaning or what to do`, rendered as a
//! table `Code | Status | Meaning` with the standard reason phrases.

use super::prelude::*;

use crate::http_status;

pub struct StatusCodes;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "status-code",
        default: "Code",
        placeholders: &[],
        may_be_empty: false,
        doc: "`status-codes` table: the code column",
    },
    LabelSpec {
        key: "status-status",
        default: "Status",
        placeholders: &[],
        may_be_empty: false,
        doc: "`status-codes` table: the reason phrase column",
    },
    LabelSpec {
        key: "status-meaning",
        default: "Meaning",
        placeholders: &[],
        may_be_empty: false,
        doc: "`status-codes` table: the meaning column",
    },
];

static SPEC: Spec = Spec {
    name: "status-codes",
    positional: None,
    attrs: &[],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// Parses the code at the start of a key (`201`, `499 Client Closed
/// Request`): the code, and the phrase written after it, if any.
fn code_of(key: &str) -> Option<(u16, &str)> {
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 3 || !matches!(key.as_bytes().get(3), None | Some(b' ' | b'\t')) {
        return None;
    }
    let code: u16 = key[..3].parse().ok()?;
    (http_status::MIN..=http_status::MAX)
        .contains(&i64::from(code))
        .then(|| (code, key[3..].trim()))
}

impl Shortcode for StatusCodes {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let options = cx.settings().markdown;
        let lines = cx.body_lines().unwrap_or_default();
        let entries = body::entries(&lines, false);
        let mut errors = Vec::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut seen: Vec<(u16, std::ops::Range<usize>)> = Vec::new();
        if entries.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`status-codes` lists no status code")
                    .with_hint("write one code per line, e.g. `201: The invoice was created.`"),
            );
        }
        for entry in &entries {
            let Some((key, meaning)) = body::split_key(entry) else {
                errors.push(
                    Diagnostic::error(
                        entry.whole(),
                        "a `status-codes` line is `code: meaning`; this one has no `:`",
                    )
                    .with_hint("e.g. `404: The deal does not exist; check its id.`"),
                );
                continue;
            };
            let written = &entry.text()[key.clone()];
            let Some((code, phrase)) = code_of(written) else {
                let end = written.find([' ', '\t']).unwrap_or(written.len());
                let message = if written.is_empty() {
                    "no status code before the `:`".to_string()
                } else {
                    format!("`{}` is not an HTTP status code", &written[..end])
                };
                errors.push(
                    Diagnostic::error(entry.span(key.start..key.start + end), message)
                        .with_hint("write a three-digit code from 100 to 599 before the `:`"),
                );
                continue;
            };
            let code_span = entry.span(key.start..key.start + 3);
            if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
                errors.push(
                    Diagnostic::error(code_span, format!("status `{code}` is listed twice"))
                        .with_hint("keep one line per status code")
                        .with_related(Place::Here, first.clone(), "it is listed first here"),
                );
                continue;
            }
            seen.push((code, code_span.clone()));
            let phrase = if phrase.is_empty() {
                match http_status::reason(code) {
                    Some(p) => p.to_string(),
                    None => {
                        errors.push(
                            Diagnostic::error(
                                code_span,
                                format!("`{code}` has no standard reason phrase"),
                            )
                            .with_hint(format!(
                                "write the status text after the code: `{code} Status text: ...`"
                            )),
                        );
                        continue;
                    }
                }
            } else {
                phrase.to_string()
            };
            if meaning.is_empty() {
                errors.push(
                    Diagnostic::error(entry.whole(), format!("nothing after `{written}:`"))
                        .with_hint("say what the status means and what to do about it"),
                );
                continue;
            }
            rows.push(vec![
                code.to_string(),
                escape::cell(&phrase, options),
                escape::cell(&entry.text()[meaning], options),
            ]);
        }
        cx.finish(errors, || {
            let header =
                ["status-code", "status-status", "status-meaning"].map(|key| cx.label(key));
            Ok(write::table(&header.each_ref().map(String::as_str), &rows))
        })
    }
}
