//! `<<#status-codes>>`: lines `code: meaning or what to do`, rendered as a
//! table `Code | Status | Meaning` with the standard reason phrases. With
//! `spec=` and `operation=` (or `path=`), the rows are the operation's
//! documented responses with their descriptions (OpenAPI §4.8.16
//! Responses Object, ranges such as `4XX` and `default` included), and
//! body lines override or add meanings; a line for a code the spec does
//! not document is a warning. A line may name a class, `1xx` ... `5xx`
//! (RFC 9110 §15: its reason is the class's name, a label).

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
    class_label(
        "status-1xx",
        "Informational",
        "`status-codes`: the status of `1xx`",
    ),
    class_label(
        "status-2xx",
        "Success",
        "`status-codes`: the status of `2xx`",
    ),
    class_label(
        "status-3xx",
        "Redirection",
        "`status-codes`: the status of `3xx`",
    ),
    class_label(
        "status-4xx",
        "Client error",
        "`status-codes`: the status of `4xx`",
    ),
    class_label(
        "status-5xx",
        "Server error",
        "`status-codes`: the status of `5xx`",
    ),
    class_label(
        "status-default",
        "Any other status",
        "`status-codes`: the code cell of a spec's `default` response",
    ),
];

const fn class_label(key: &'static str, default: &'static str, doc: &'static str) -> LabelSpec {
    LabelSpec {
        key,
        default,
        placeholders: &[],
        may_be_empty: false,
        doc,
    }
}

/// A row's code: one status, a class (`4xx`), or a spec's `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    Exact(u16),
    /// The class's first digit, 1 to 5.
    Class(u8),
    Default,
}

impl Code {
    /// Codes of a class first, then the class; `default` last.
    fn order(self) -> (u16, u16) {
        match self {
            Code::Exact(c) => (c / 100, c),
            Code::Class(k) => (u16::from(k), 999),
            Code::Default => (10, 0),
        }
    }

    /// As a spec's Responses Object writes it (`201`, `4XX`, `default`).
    fn spec_key(self) -> String {
        match self {
            Code::Exact(c) => c.to_string(),
            Code::Class(k) => format!("{k}XX"),
            Code::Default => "default".into(),
        }
    }

    /// As a reader sees it in the code cell.
    fn shown(self) -> String {
        match self {
            Code::Exact(c) => c.to_string(),
            Code::Class(k) => format!("{k}xx"),
            Code::Default => String::new(),
        }
    }

    /// The key of the label naming a class (or `default`).
    fn label(self) -> Option<String> {
        match self {
            Code::Exact(_) => None,
            Code::Class(k) => Some(format!("status-{k}xx")),
            Code::Default => Some("status-default".into()),
        }
    }
}

/// A class key (`4xx`, `4XX`, with an optional phrase after it): the
/// class and the phrase.
fn class_of(key: &str) -> Option<(u8, &str)> {
    let b = key.as_bytes();
    if b.len() < 3
        || !matches!(b[0], b'1'..=b'5')
        || !b[1..3].iter().all(|c| matches!(c, b'x' | b'X'))
        || !matches!(b.get(3), None | Some(b' ' | b'\t'))
    {
        return None;
    }
    Some((b[0] - b'0', key[3..].trim()))
}

static SPEC: Spec = Spec {
    name: "status-codes",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "spec",
            ty: AttrType::Text,
            required: false,
            doc: "an OpenAPI spec of `[preprocessor.integration-guide.openapi]`: the rows are its operation's documented responses",
        },
        AttrSpec {
            name: "operation",
            ty: AttrType::Text,
            required: false,
            doc: "with `spec`: the operation's `operationId`",
        },
        AttrSpec {
            name: "path",
            ty: AttrType::Text,
            required: false,
            doc: "with `spec`: the operation's path as the spec writes it, with `method` when the path has several",
        },
        AttrSpec {
            name: "method",
            ty: AttrType::Choice(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
            required: false,
            doc: "with `spec` and `path`: the operation's HTTP method",
        },
    ],
    body: BodyRule::Optional,
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

/// One line of the body: a status code, its reason phrase and what it
/// means (inline Markdown as written).
#[derive(Debug, PartialEq, Eq)]
struct StatusRow {
    code: Code,
    /// As written after the code, else the standard one.
    phrase: String,
    meaning: String,
}

impl Shortcode for StatusCodes {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        super::spec_facts::collect(call, cx, false);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let found = super::spec_facts::operation_of(call, cx)?;
        let Some(found) = found else {
            let (rows, errors) = parse(&lines, call.span.clone(), false);
            let rows: Vec<StatusRow> = rows.into_iter().map(|(r, _)| r).collect();
            return cx.finish(errors, || Ok(emit(&rows, cx)));
        };
        let (written, errors) = parse(&lines, call.span.clone(), true);
        let mut rows: Vec<StatusRow> = found
            .api
            .responses(found.op)
            .iter()
            .filter_map(|r| {
                let code = if r.code == "default" {
                    Code::Default
                } else if let Some((k, "")) = class_of(r.code) {
                    Code::Class(k)
                } else {
                    Code::Exact(code_of(r.code)?.0)
                };
                Some(StatusRow {
                    code,
                    phrase: match code {
                        Code::Exact(c) => http_status::reason(c).unwrap_or_default().to_string(),
                        _ => String::new(),
                    },
                    meaning: r
                        .description
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                })
            })
            .collect();
        for (row, span) in written {
            match rows.iter_mut().find(|r| r.code == row.code) {
                Some(r) => *r = row,
                None => {
                    cx.warn(
                        Diagnostic::warning(
                            span,
                            format!(
                                "{} documents no status {}",
                                found.describe(),
                                row.code.spec_key()
                            ),
                        )
                        .with_code(super::spec_facts::DRIFT)
                        .with_hint("add the response to the spec, or remove the line if the API never sends it"),
                    );
                    rows.push(row);
                }
            }
        }
        rows.sort_by_key(|r| r.code.order());
        if rows.is_empty() && errors.is_empty() {
            return Err(Diagnostic::error(
                call.span_of("operation"),
                format!("{} documents no status codes", found.describe()),
            )
            .with_hint("write `code: meaning` lines in the body"));
        }
        cx.finish(errors, || Ok(emit(&rows, cx)))
    }
}

/// A row with its code's span.
type Written = (StatusRow, std::ops::Range<usize>);

/// The body's lines `code: meaning`; a broken line is reported and left
/// out. `span`: the shortcode's, for an empty body (an error unless the
/// rows come from a spec, `from_spec`). Each row with its code's span.
fn parse(
    lines: &[BodyLine],
    span: std::ops::Range<usize>,
    from_spec: bool,
) -> (Vec<Written>, Vec<Diagnostic>) {
    let entries = body::entries(lines, false);
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: Vec<(Code, std::ops::Range<usize>)> = Vec::new();
    if entries.is_empty() && !from_spec {
        errors.push(
            Diagnostic::error(span, "`status-codes` lists no status code")
                .with_hint("write one code per line, e.g. `201: The invoice was created.`"),
        );
    }
    for entry in &entries {
        match parse_line(entry, &mut seen) {
            Ok(row) => rows.push(row),
            Err(e) => errors.push(e),
        }
    }
    (rows, errors)
}

/// One line `code: meaning` (its code remembered in `seen`, with its span,
/// to refuse a second line for it).
fn parse_line(
    entry: &BodyEntry<'_>,
    seen: &mut Vec<(Code, std::ops::Range<usize>)>,
) -> Result<Written, Diagnostic> {
    let Some((key, meaning)) = body::split_key(entry) else {
        return Err(Diagnostic::error(
            entry.whole(),
            "a `status-codes` line is `code: meaning`; this one has no `:`",
        )
        .with_hint("e.g. `404: The deal does not exist; check its id.`"));
    };
    let written = &entry.text()[key.clone()];
    let (code, phrase) = code_and_phrase(entry, key.start, written)?;
    let code_span = entry.span(key.start..key.start + 3);
    if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
        return Err(Diagnostic::error(
            code_span,
            format!("status `{}` is listed twice", code.shown()),
        )
        .with_hint("keep one line per status code")
        .with_related(Place::Here, first.clone(), "it is listed first here"));
    }
    seen.push((code, code_span.clone()));
    let phrase = if let (true, Code::Exact(code)) = (phrase.is_empty(), code) {
        match http_status::reason(code) {
            Some(p) => p.to_string(),
            None => {
                return Err(Diagnostic::error(
                    code_span,
                    format!("`{code}` has no standard reason phrase"),
                )
                .with_hint(format!(
                    "write the status text after the code: `{code} Status text: ...`"
                )));
            }
        }
    } else {
        phrase.to_string()
    };
    if meaning.is_empty() {
        return Err(
            Diagnostic::error(entry.whole(), format!("nothing after `{written}:`"))
                .with_hint("say what the status means and what to do about it"),
        );
    }
    let row = StatusRow {
        code,
        phrase,
        meaning: entry.text()[meaning].to_string(),
    };
    Ok((row, code_span))
}

/// The code (or class) a line's key starts with, and the phrase after it;
/// an error at the key (which starts at `start` in the line) when it is
/// neither.
fn code_and_phrase<'w>(
    entry: &BodyEntry<'_>,
    start: usize,
    written: &'w str,
) -> Result<(Code, &'w str), Diagnostic> {
    if let Some((k, phrase)) = class_of(written) {
        return Ok((Code::Class(k), phrase));
    }
    if let Some((c, phrase)) = code_of(written) {
        return Ok((Code::Exact(c), phrase));
    }
    let end = written.find([' ', '\t']).unwrap_or(written.len());
    let message = if written.is_empty() {
        "no status code before the `:`".to_string()
    } else {
        format!("`{}` is not an HTTP status code", &written[..end])
    };
    Err(
        Diagnostic::error(entry.span(start..start + end), message).with_hint(
            "write a three-digit code from 100 to 599, or a class `1xx` ... `5xx`, before the `:`",
        ),
    )
}

/// The table `Code | Status | Meaning`.
fn emit(rows: &[StatusRow], cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            // A class's or `default`'s name is a label, unless written.
            let label = r.code.label().map(|key| cx.label(&key));
            let (code, phrase) = match (r.code, label) {
                (Code::Default, Some(l)) => (l, String::new()),
                (c, Some(l)) if r.phrase.is_empty() => (c.shown(), l),
                (c, _) => (c.shown(), escape::cell(&r.phrase, options)),
            };
            vec![code, phrase, escape::cell(&r.meaning, options)]
        })
        .collect();
    let header = ["status-code", "status-status", "status-meaning"].map(|key| cx.label(key));
    write::table(&header.each_ref().map(String::as_str), &cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Errors = Vec<(String, std::ops::Range<usize>)>;

    fn parsed(text: &str) -> (Vec<StatusRow>, Errors) {
        let (rows, errors) = parse(&BodyLine::lines_of(text), 100..120, false);
        let rows = rows.into_iter().map(|(r, _)| r).collect();
        let errors = errors.into_iter().map(|d| (d.message, d.span)).collect();
        (rows, errors)
    }

    fn row(code: u16, phrase: &str, meaning: &str) -> StatusRow {
        StatusRow {
            code: Code::Exact(code),
            phrase: phrase.into(),
            meaning: meaning.into(),
        }
    }

    #[test]
    fn codes() {
        assert_eq!(code_of("201"), Some((201, "")));
        assert_eq!(
            code_of("499 Client Closed Request"),
            Some((499, "Client Closed Request"))
        );
        assert_eq!(code_of("2010"), None);
        assert_eq!(code_of("20"), None);
        assert_eq!(code_of("600"), None);
        assert_eq!(code_of("099"), None);
    }

    #[test]
    fn lines_become_rows_with_standard_phrases() {
        let (rows, errors) = parsed(
            "201: The invoice was created.\n- 404: No such deal: check its id.\n499 Client Closed Request: retry",
        );
        assert_eq!(errors, vec![]);
        assert_eq!(
            rows,
            vec![
                row(201, "Created", "The invoice was created."),
                row(404, "Not Found", "No such deal: check its id."),
                row(499, "Client Closed Request", "retry"),
            ]
        );
    }

    #[test]
    fn an_empty_body_points_at_the_shortcode() {
        let (rows, errors) = parsed("");
        assert!(rows.is_empty());
        assert_eq!(
            errors,
            vec![("`status-codes` lists no status code".to_string(), 100..120)]
        );
    }

    #[test]
    fn broken_lines_are_located_and_left_out() {
        let text = "no colon\nabc x: y\n: y\n200: ok\n200: again\n499: z\n201:";
        let (rows, errors) = parsed(text);
        assert_eq!(rows, vec![row(200, "OK", "ok")]);
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|(m, span)| (m.as_str(), &text[span.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "a `status-codes` line is `code: meaning`; this one has no `:`",
                    "no colon"
                ),
                ("`abc` is not an HTTP status code", "abc"),
                ("no status code before the `:`", ""),
                ("status `200` is listed twice", "200"),
                ("`499` has no standard reason phrase", "499"),
                ("nothing after `201:`", "201:"),
            ]
        );
        let spans: Vec<_> = errors.into_iter().map(|(_, span)| span).collect();
        assert_eq!(spans, vec![0..8, 9..12, 18..18, 30..33, 41..44, 48..52]);
    }
}
