//! `<<#api-example method="POST" url="..." status=201>>`: an API call for
//! the template's Validation section. The body holds fenced code blocks:
//! the request payload and the expected response (in that order, or
//! marked ```` ```json request ```` / ```` ```json response ````). Renders a
//! ready-to-run `curl` command, the test payload, the expected status with
//! its reason phrase and the expected response. A `json` block must parse.

use super::prelude::*;

use std::ops::Range;

use crate::http_status;
use crate::openapi::Api;
use crate::openapi::load::At;
use crate::openapi::operation::Operation;
use crate::openapi::validate::{Direction, Schema};
use crate::openapi::yaml::Node;

use super::spec_facts::{self, Found, Written};

pub struct ApiExample;

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "api-request",
        default: "Request",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the title of the `curl` command",
    },
    LabelSpec {
        key: "api-payload",
        default: "Test payload",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the title of the request payload",
    },
    LabelSpec {
        key: "api-status",
        default: "Expected status:",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the lead-in of the expected status",
    },
    LabelSpec {
        key: "api-deprecated",
        default: "Deprecated operation",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the lead-in of the warning above an example of a `deprecated` operation",
    },
    LabelSpec {
        key: "api-response",
        default: "Expected response",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the title of the expected response",
    },
];

static SPEC: Spec = Spec {
    name: "api-example",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "method",
            ty: AttrType::Choice(METHODS),
            required: false,
            doc: "the HTTP method (default GET)",
        },
        AttrSpec {
            name: "url",
            ty: AttrType::Text,
            required: false,
            doc: "the full URL (required without `spec`); `$NAME` and `${NAME}` are left to the shell",
        },
        AttrSpec {
            name: "status",
            ty: AttrType::Int {
                min: http_status::MIN,
                max: http_status::MAX,
            },
            required: false,
            doc: "the expected HTTP status code",
        },
        AttrSpec {
            name: "headers",
            ty: AttrType::Text,
            required: false,
            doc: "request headers, `Name: value` separated by `; `",
        },
        AttrSpec {
            name: "auth",
            ty: AttrType::Text,
            required: false,
            doc: "the Authorization header's value, e.g. \"Bearer $TOKEN\"",
        },
        AttrSpec {
            name: "spec",
            ty: AttrType::Text,
            required: false,
            doc: "an OpenAPI spec of `[preprocessor.integration-guide.openapi]`: the method, URL, payload, status and response the tag and body do not give come from its operation",
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
            doc: "with `spec`: the operation's path as the spec writes it (`/invoices/{invoiceId}`), with `method` when the path has several",
        },
        AttrSpec {
            name: "server",
            ty: AttrType::Int { min: 1, max: 99 },
            required: false,
            doc: "with `spec`: which of the operation's `servers` the URL starts with (1, the default, is the first)",
        },
        AttrSpec {
            name: "example",
            ty: AttrType::Text,
            required: false,
            doc: "with `spec`: the name of the request body's example (a key of its `examples`); the response example of the same name is shown if there is one",
        },
        AttrSpec {
            name: "schema",
            ty: AttrType::Text,
            required: false,
            doc: "a JSON Schema file (JSON or YAML, path from the book's root) the request payload must match, instead of the spec's",
        },
        AttrSpec {
            name: "response-schema",
            ty: AttrType::Text,
            required: false,
            doc: "a JSON Schema file (path from the book's root) the expected response must match, instead of the spec's",
        },
        AttrSpec {
            name: "invalid",
            ty: AttrType::Bool,
            required: false,
            doc: "the request payload is an example of a rejected request: it must fail validation (and it is an error if it passes)",
        },
    ],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// What an `api-example` says: the request to send and what to expect.
#[derive(Debug, PartialEq, Eq)]
struct ApiCall<'a> {
    method: String,
    /// Trimmed.
    url: String,
    /// `Name: value`, in the order written.
    headers: Vec<String>,
    /// The Authorization header's value (trimmed, not empty).
    auth: Option<&'a str>,
    status: Option<i64>,
    request: Option<Payload>,
    response: Option<Payload>,
}

/// A code block of the body: the request payload or the response.
#[derive(Debug, PartialEq, Eq)]
struct Payload {
    /// The first word of the info string.
    lang: String,
    /// Its lines, each with a `\n`.
    content: String,
}

/// The body's request and response blocks, to locate what is in them.
#[derive(Default)]
struct Blocks {
    request: Option<CodeBlock>,
    response: Option<CodeBlock>,
}

/// A fenced code block of the body.
#[derive(Clone)]
struct CodeBlock {
    /// The first word of the info string.
    lang: String,
    /// `request` or `response` when the info string says so.
    role: Option<Role>,
    /// The content lines: the body line and the byte where the content
    /// starts in it (after the fence's indentation).
    lines: Vec<(usize, usize)>,
    /// The body line of the opening fence.
    open: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
}

impl CodeBlock {
    fn content(&self, lines: &[BodyLine]) -> String {
        let mut out = String::new();
        for &(l, start) in &self.lines {
            out.push_str(lines[l].text.get(start..).unwrap_or_default());
            out.push('\n');
        }
        out
    }
}

/// The fence at the start of a line: its indentation, character and
/// length.
fn fence(line: &str) -> Option<(usize, u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line.as_bytes()[indent..];
    let c = *rest.first().filter(|c| matches!(c, b'`' | b'~'))?;
    let run = rest.iter().take_while(|&&b| b == c).count();
    (run >= 3).then_some((indent, c, run))
}

/// The code blocks of the body; anything else is an error.
fn code_blocks(lines: &[BodyLine], errors: &mut Vec<Diagnostic>) -> Vec<CodeBlock> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let text = &lines[i].text;
        if text.trim().is_empty() {
            i += 1;
            continue;
        }
        let Some((indent, c, run)) = fence(text) else {
            errors.push(
                Diagnostic::error(
                    lines[i].whole(),
                    "only fenced code blocks can stand in `api-example`",
                )
                .with_hint("put the request payload and the expected response in ```json blocks; write prose outside the shortcode"),
            );
            // Skip to the next fence.
            i += 1;
            while i < lines.len() && fence(&lines[i].text).is_none() {
                i += 1;
            }
            continue;
        };
        let info = text[indent + run..].trim();
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or_default().to_string();
        let role = words.find_map(|w| match w.to_ascii_lowercase().as_str() {
            "request" | "payload" => Some(Role::Request),
            "response" => Some(Role::Response),
            _ => None,
        });
        let open = i;
        let mut content = Vec::new();
        i += 1;
        let mut closed = false;
        while i < lines.len() {
            let t = &lines[i].text;
            if let Some((_, c2, run2)) = fence(t)
                && c2 == c
                && run2 >= run
                && t.trim_start()
                    .trim_start_matches(c as char)
                    .trim()
                    .is_empty()
            {
                closed = true;
                i += 1;
                break;
            }
            let strip = t.len() - t.trim_start_matches(' ').len();
            content.push((i, strip.min(indent)));
            i += 1;
        }
        if !closed {
            errors.push(
                Diagnostic::error(lines[open].whole(), "this code block is not closed").with_hint(
                    format!(
                        "end it with a line `{}` before `<</api-example>>`",
                        (c as char).to_string().repeat(run)
                    ),
                ),
            );
        }
        out.push(CodeBlock {
            lang,
            role,
            lines: content,
            open,
        });
    }
    out
}

/// Checks a `json` block; the error points at the place in the chapter.
fn check_json(block: &CodeBlock, lines: &[BodyLine], what: &str) -> Result<(), Diagnostic> {
    if !block.lang.eq_ignore_ascii_case("json") {
        return Ok(());
    }
    let content = block.content(lines);
    let Err(e) = serde_json::from_str::<serde_json::Value>(&content) else {
        return Ok(());
    };
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    let span = match block.lines.get(e.line().saturating_sub(1)) {
        Some(&(l, start)) => {
            let line = &lines[l];
            let col = start + e.column().saturating_sub(1);
            let mut col = col.min(line.text.len());
            while !line.text.is_char_boundary(col) {
                col -= 1;
            }
            let end = line.text[col..]
                .chars()
                .next()
                .map_or(col, |c| col + c.len_utf8());
            line.span(col..end)
        }
        None => {
            let l = block.lines.last().map_or(block.open, |&(l, _)| l);
            lines[l].whole()
        }
    };
    Err(
        Diagnostic::error(span, format!("the {what} is not valid JSON: {message}")).with_hint(
            "fix the JSON, or give the block another language (```jsonc, ```text) if it is not meant to parse",
        ),
    )
}

/// A `$NAME` or `${NAME}` at the start of `s`: its length.
fn variable(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'$') {
        return None;
    }
    let ident = |bytes: &[u8]| {
        let n = bytes
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        (n > 0 && !bytes[0].is_ascii_digit()).then_some(n)
    };
    if b.get(1) == Some(&b'{') {
        let n = ident(&b[2..])?;
        (b.get(2 + n) == Some(&b'}')).then_some(n + 3)
    } else {
        ident(&b[1..]).map(|n| n + 1)
    }
}

/// A word for the shell: as it is when it is made of safe characters,
/// else quoted so that only `$NAME` / `${NAME}` expand.
pub(super) fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        return s.to_string();
    }
    let single = |t: &str| format!("'{}'", t.replace('\'', "'\\''"));
    // Literal runs and variables.
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(n) = variable(&s[i..]) {
            if last < i {
                parts.push((false, &s[last..i]));
            }
            parts.push((true, &s[i..i + n]));
            i += n;
            last = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if last < s.len() {
        parts.push((false, &s[last..]));
    }
    if parts.iter().all(|(var, _)| !var) {
        return single(s);
    }
    let plain_in_double = |t: &str| !t.contains(['"', '\\', '`', '$', '!']);
    if parts.iter().all(|(var, t)| *var || plain_in_double(t)) {
        return format!("\"{s}\"");
    }
    parts
        .iter()
        .map(|(var, t)| if *var { format!("\"{t}\"") } else { single(t) })
        .collect()
}

/// Splits the `headers` value at each `; ` that is followed by a header
/// name and a colon (so `; charset=utf-8` stays in its header).
fn split_headers(value: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in value.match_indices(';') {
        let rest = value[i + 1..].trim_start();
        let name = rest.bytes().take_while(|&c| is_token_char(c)).count();
        if name > 0 && rest.as_bytes().get(name) == Some(&b':') {
            out.push(body::trimmed(value, start..i));
            start = i + 1;
        }
    }
    out.push(body::trimmed(value, start..value.len()));
    out.into_iter().filter(|r| !r.is_empty()).collect()
}

fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+.^_`|~-".contains(&c)
}

fn heredoc_delimiter(content: &str, preferred: &str) -> String {
    let mut delim = preferred.to_string();
    let mut n = 1;
    while content.lines().any(|l| l == delim) {
        delim = format!("{preferred}{n}");
        n += 1;
    }
    delim
}

impl Shortcode for ApiExample {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        spec_facts::collect(call, cx, true);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let mut errors = Vec::new();
        let found = match spec_facts::operation_of(call, cx) {
            Ok(found) => found,
            Err(d) => {
                errors.push(d);
                None
            }
        };
        // Whether an unmarked first block is the request: the operation
        // has a request body, or the method may have one.
        let has_body = match &found {
            Some(f) => f.api.node(f.op).node.get("requestBody").is_some(),
            None => may_have_body(call.text("method").unwrap_or("GET")),
        };
        let (mut example, parse_errors, blocks) = parse(call, &lines, has_body);
        errors.extend(parse_errors);
        let mut from_spec = FromSpec::default();
        if let Some(found) = &found {
            let mut warnings = Vec::new();
            fill(
                call,
                found,
                &mut example,
                &mut from_spec,
                &mut errors,
                &mut warnings,
            );
            for w in warnings {
                cx.warn(w);
            }
        }
        let mut deprecated: Option<String> = None;
        if errors.is_empty() {
            // A hand-written example is checked against the operation it
            // is for, if a declared spec has it.
            let (found, drift) = match found {
                Some(f) => (Some(f), false),
                None if call.text("schema").is_none() => {
                    let matched = spec_facts::matched(cx, &example.method, &example.url);
                    if matched.is_none()
                        && let Some((name, path, methods)) = spec_facts::path_only(cx, &example.url)
                    {
                        cx.report(
                            Diagnostic::error(
                                call.span_of("method"),
                                format!(
                                    "the spec `{name}` has no {} for {path}; its methods: {}",
                                    example.method,
                                    methods.join(", ")
                                ),
                            )
                            .with_code(spec_facts::DRIFT)
                            .with_hint("fix the method, or the spec if the API changed"),
                        );
                    }
                    (matched, true)
                }
                None => (None, false),
            };
            deprecated = found
                .as_ref()
                .filter(|f| f.op.deprecated)
                .map(Found::describe);
            let checked = Checked {
                call,
                lines: &lines,
                blocks: &blocks,
                found: found.as_ref(),
                drift,
                from_spec: &from_spec,
            };
            check(&checked, &example, cx, &mut errors);
        }
        errors.sort_by_key(|d| d.span.start);
        cx.finish(errors, || Ok(emit(&example, deprecated.as_deref(), cx)))
    }
}

/// The spec's example values the payloads were taken from.
#[derive(Default)]
struct FromSpec<'a> {
    request: Option<At<'a>>,
    response: Option<At<'a>>,
    /// The response example is the one `example=` names (not the first,
    /// for want of one of that name).
    response_named: bool,
}

/// Fills what the tag and body do not give from the operation.
fn fill<'a>(
    call: &Call,
    found: &Found<'a>,
    example: &mut ApiCall<'_>,
    from_spec: &mut FromSpec<'a>,
    errors: &mut Vec<Diagnostic>,
    found_warnings: &mut Vec<Diagnostic>,
) {
    let (api, op) = (found.api, found.op);
    example.method = op.method.clone();
    if call.text("url").is_some() {
        if call.int("server").is_some() {
            errors.push(
                Diagnostic::error(
                    call.span_of("server"),
                    "`url` and `server` both set the URL",
                )
                .with_hint("keep one of them"),
            );
        }
    } else {
        let servers = api.servers(op);
        let n = call.int("server").unwrap_or(1);
        let base = match usize::try_from(n - 1).ok().and_then(|i| servers.get(i)) {
            Some(s) => s.trim_end_matches('/').to_string(),
            None if servers.is_empty() && call.int("server").is_none() => String::new(),
            None => {
                errors.push(
                    Diagnostic::error(
                        call.span_of("server"),
                        format!(
                            "{} has {} server{}, so there is no server {n}",
                            found.describe(),
                            servers.len(),
                            if servers.len() == 1 { "" } else { "s" }
                        ),
                    )
                    .with_hint(if servers.is_empty() {
                        "write the URL with url=\"...\"".to_string()
                    } else {
                        format!("use server=1 to {}", servers.len())
                    }),
                );
                return;
            }
        };
        let path = request_path(api, op);
        let template = path.split('?').next().unwrap_or_default();
        let unfilled: Vec<&str> = template
            .split('/')
            .filter(|s| s.len() > 2 && s.starts_with('{') && s.ends_with('}'))
            .collect();
        if !unfilled.is_empty() {
            let spec_span = ["operation", "path", "spec"]
                .into_iter()
                .find(|a| call.text(a).is_some())
                .map_or(call.span.clone(), |a| call.span_of(a));
            found_warnings.push(
                Diagnostic::warning(
                    spec_span,
                    format!(
                        "the URL keeps {}: {} gives no example for {}",
                        unfilled.join(", "),
                        found.describe(),
                        if unfilled.len() == 1 {
                            "this path parameter"
                        } else {
                            "these path parameters"
                        }
                    ),
                )
                .with_hint("give the parameter an `example` (or its schema an `example`, `examples` or `default`) in the spec, or write the URL with url=\"...\""),
            );
        }
        example.url = format!("{base}{path}");
    }
    // The status: as written (documented), else the first 2xx.
    let responses = api.responses(op);
    match call.int("status") {
        Some(s) => {
            if u16::try_from(s)
                .ok()
                .and_then(|s| api.response_for(op, s))
                .is_none()
            {
                // Status codes are not typos of each other: no "did you
                // mean", the documented ones.
                let codes: Vec<&str> = responses.iter().map(|r| r.code).collect();
                errors.push(
                    Diagnostic::error(
                        call.span_of("status"),
                        format!("{} documents no status {s}", found.describe()),
                    )
                    .with_hint(format!("the operation documents {}", codes.join(", "))),
                );
            }
        }
        None => {
            let numeric = || responses.iter().filter_map(|r| r.code.parse::<i64>().ok());
            example.status = numeric()
                .find(|c| (200..300).contains(c))
                .or_else(|| numeric().next());
        }
    }
    // The request payload.
    let wanted = call.text("example").map(str::trim);
    let media = api.request_media(op);
    if let Some(name) = wanted {
        let names: Vec<&str> = media
            .map(|m| api.examples(m).iter().filter_map(|e| e.name).collect())
            .unwrap_or_default();
        if !names.contains(&name) {
            let d = Diagnostic::error(
                call.span_of("example"),
                format!("{} has no request example `{name}`", found.describe()),
            );
            errors.push(
                match crate::diagnostic::closest(name, names.iter().copied()) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None if names.is_empty() => {
                        d.with_hint("its request body has no named examples (`examples`)")
                    }
                    None => d.with_hint(format!(
                        "its examples: {}",
                        spec_facts::quoted(names.into_iter())
                    )),
                },
            );
            return;
        }
    }
    if example.request.is_none()
        && let Some(media) = media
        && let Some(e) = api.media_example(media, wanted)
    {
        example.request = Some(Payload {
            lang: "json".into(),
            content: format!("{}\n", e.value.node.to_pretty_json()),
        });
        from_spec.request = Some(e.value);
    }
    // The expected response.
    if example.response.is_none()
        && let Some(status) = example.status.and_then(|s| u16::try_from(s).ok())
        && let Some(r) = api.response_for(op, status)
        && let Some(media) = api.json_media(r.at)
        && let Some((e, named)) = api
            .media_example(media, wanted)
            .map(|e| (e, wanted.is_some()))
            .or_else(|| api.media_example(media, None).map(|e| (e, false)))
    {
        from_spec.response_named = named;
        example.response = Some(Payload {
            lang: "json".into(),
            content: format!("{}\n", e.value.node.to_pretty_json()),
        });
        from_spec.response = Some(e.value);
    }
}

/// The operation's path with its path parameters' examples, and its query
/// parameters that have examples, percent-encoded (RFC 3986 §2.1): a value
/// never adds a path segment or a query parameter.
fn request_path(api: &Api, op: &Operation) -> String {
    let mut path = op.path.clone();
    let mut query: Vec<String> = Vec::new();
    for p in api.parameters(op) {
        let (Some(name), Some(place)) = (
            p.node.get("name").and_then(Node::as_str),
            p.node.get("in").and_then(Node::as_str),
        ) else {
            continue;
        };
        let Some(value) = api.parameter_example(p) else {
            continue;
        };
        let value = value
            .node
            .as_str()
            .map_or_else(|| value.node.to_json().to_string(), String::from);
        match place {
            "path" => {
                path = path.replace(&format!("{{{name}}}"), &escape::url_path_segment(&value))
            }
            "query" => query.push(format!(
                "{}={}",
                escape::url_query_component(name),
                escape::url_query_component(&value)
            )),
            _ => {}
        }
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    path
}

/// What the payload checks need to know of the call.
struct Checked<'c, 'a> {
    call: &'c Call,
    lines: &'c [BodyLine],
    blocks: &'c Blocks,
    found: Option<&'c Found<'a>>,
    /// A hand-written example matched to an operation: its findings are
    /// `openapi-drift`.
    drift: bool,
    from_spec: &'c FromSpec<'a>,
}

/// Checks the status and the JSON payloads against the operation (or the
/// schema files); every finding is reported, none breaks the example.
fn check(
    c: &Checked<'_, '_>,
    example: &ApiCall<'_>,
    cx: &RenderCx<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let call = c.call;
    let mut findings: Vec<Diagnostic> = Vec::new();
    if let Some(found) = c.found
        && c.drift
    {
        if found.op.deprecated {
            cx.warn(
                Diagnostic::warning(
                    call.span_of("url"),
                    format!("{} is deprecated", found.describe()),
                )
                .with_code(spec_facts::DRIFT)
                .with_hint("use the operation that replaces it (see the spec)"),
            );
        }
        if let Some(s) = example.status
            && u16::try_from(s)
                .ok()
                .and_then(|s| found.api.response_for(found.op, s))
                .is_none()
        {
            let codes: Vec<&str> = found
                .api
                .responses(found.op)
                .iter()
                .map(|r| r.code)
                .collect();
            findings.push(
                Diagnostic::error(
                    call.span_of("status"),
                    format!("status {s} is not documented for {}", found.describe()),
                )
                .with_hint(format!(
                    "the spec documents {}; fix the status, or the spec if the API changed",
                    codes.join(", ")
                )),
            );
        }
    }
    if let Some(found) = c.found
        && !c.drift
        && found.op.deprecated
    {
        cx.warn(
            Diagnostic::warning(
                call.span_of("operation"),
                format!("{} is deprecated", found.describe()),
            )
            .with_code(spec_facts::DRIFT)
            .with_hint("use the operation that replaces it (see the spec)"),
        );
    }
    let spec_span = ["example", "operation", "path", "spec"]
        .into_iter()
        .find(|a| call.text(a).is_some())
        .map_or(call.span.clone(), |a| call.span_of(a));
    // The response example is the named one only if the response has it.
    let response_span = if c.from_spec.response_named {
        spec_span.clone()
    } else {
        ["operation", "path", "spec"]
            .into_iter()
            .find(|a| call.text(a).is_some())
            .map_or(call.span.clone(), |a| call.span_of(a))
    };

    // The request payload.
    let request_schema: Option<Result<(SchemaRef<'_>, String), Diagnostic>> =
        match spec_facts::schema_file(call, "schema", cx) {
            Some(r) => Some(r.map(|(s, shown)| (SchemaRef::File(s), format!("`{shown}`")))),
            None => c.found.and_then(|f| {
                let media = f.api.request_media(f.op)?;
                compiled(f, media, Direction::Request, call, cx)
                    .map(|r| r.map(|s| (s, f.describe())))
            }),
        };
    let invalid = call.flag("invalid").unwrap_or(false);
    match (request_schema, &example.request) {
        (Some(Err(d)), _) => errors.push(d),
        (Some(Ok((schema, against))), Some(payload)) if payload.lang.eq_ignore_ascii_case("json") => {
            let code = match schema {
                SchemaRef::File(_) => None,
                SchemaRef::Spec(_) => Some(spec_facts::DRIFT),
            };
            let written = match (c.from_spec.request, &c.blocks.request, c.found) {
                (Some(at), _, Some(f)) => Written::Spec {
                    docs: &f.api.docs,
                    at,
                    span: spec_span.clone(),
                    which: "this request example".into(),
                },
                (_, Some(b), _) => Written::Chapter {
                    lines: c.lines,
                    block: &b.lines,
                    open: c.lines[b.open].whole(),
                },
                _ => return,
            };
            if let Some(schema) = schema.get()
                && let Ok(found) = spec_facts::violations(
                schema,
                &payload.content,
                &written,
                "request payload",
                &against,
                cx,
            ) {
                if invalid {
                    if found.is_empty() {
                        errors.push(
                            Diagnostic::error(
                                call.span_of("invalid"),
                                format!("the request payload is flagged `invalid`, but it matches {against}"),
                            )
                            .with_hint("make it break the rule the example is about, or remove `invalid`"),
                        );
                    }
                } else {
                    spec_facts::report(found, cx, code);
                }
            }
        }
        _ if invalid => errors.push(
            Diagnostic::error(
                call.span_of("invalid"),
                "`invalid` needs a JSON request payload and a schema to fail",
            )
            .with_hint("give the payload in a ```json block, and `spec` + `operation` or `schema=` to check it against"),
        ),
        _ => {}
    }

    // The expected response.
    let response_schema: Option<Result<(SchemaRef<'_>, String), Diagnostic>> =
        match spec_facts::schema_file(call, "response-schema", cx) {
            Some(r) => Some(r.map(|(s, shown)| (SchemaRef::File(s), format!("`{shown}`")))),
            None => c.found.and_then(|f| {
                // A hand-written response without `status=`: the
                // operation's first documented 2xx, as for the spec's own.
                let status = match example.status {
                    Some(s) => u16::try_from(s).ok()?,
                    None => first_2xx(f)?,
                };
                let response = f.api.response_for(f.op, status)?;
                let media = f.api.json_media(response.at)?;
                compiled(f, media, Direction::Response, call, cx)
                    .map(|r| r.map(|s| (s, format!("status {status} of {}", f.describe()))))
            }),
        };
    match (response_schema, &example.response) {
        (Some(Err(d)), _) => errors.push(d),
        (Some(Ok((schema, against))), Some(payload))
            if payload.lang.eq_ignore_ascii_case("json") =>
        {
            let code = match schema {
                SchemaRef::File(_) => None,
                SchemaRef::Spec(_) => Some(spec_facts::DRIFT),
            };
            let written = match (c.from_spec.response, &c.blocks.response, c.found) {
                (Some(at), _, Some(f)) => Some(Written::Spec {
                    docs: &f.api.docs,
                    at,
                    span: response_span.clone(),
                    which: "this response example".into(),
                }),
                (_, Some(b), _) => Some(Written::Chapter {
                    lines: c.lines,
                    block: &b.lines,
                    open: c.lines[b.open].whole(),
                }),
                _ => None,
            };
            if let Some(written) = written
                && let Some(schema) = schema.get()
                && let Ok(found) = spec_facts::violations(
                    schema,
                    &payload.content,
                    &written,
                    "expected response",
                    &against,
                    cx,
                )
            {
                spec_facts::report(found, cx, code);
            }
        }
        _ => {}
    }
    for d in findings {
        cx.report(d.with_code(spec_facts::DRIFT));
    }
}

/// The operation's first documented 2xx status (`2XX` is not a status).
fn first_2xx(f: &Found<'_>) -> Option<u16> {
    f.api
        .responses(f.op)
        .iter()
        .filter_map(|r| r.code.parse::<u16>().ok())
        .find(|c| (200..300).contains(c))
}

/// A schema to check against: a schema file's, or one compiled from a spec.
enum SchemaRef<'a> {
    File(&'a Schema),
    Spec(crate::openapi::Compiled),
}

impl SchemaRef<'_> {
    /// The schema (`None` only for a spec's schema that did not compile,
    /// which [`compiled`] reports instead).
    fn get(&self) -> Option<&Schema> {
        match self {
            SchemaRef::File(s) => Some(s),
            SchemaRef::Spec(c) => c.as_ref().as_ref().ok(),
        }
    }
}

/// The compiled schema of a media type (`None`: it has no schema); a
/// schema that does not compile is an error at the tag.
fn compiled<'a>(
    f: &Found<'_>,
    media: At<'_>,
    direction: Direction,
    call: &Call,
    cx: &RenderCx<'_>,
) -> Option<Result<SchemaRef<'a>, Diagnostic>> {
    let c = f.api.media_schema(media, direction)?;
    Some(match &*c {
        Ok(_) => Ok(SchemaRef::Spec(c)),
        Err(e) => Err(spec_facts::broken_schema(e, call, cx, "spec")),
    })
}

/// Reads the attributes and the body's code blocks; every problem is
/// reported, in the order of the text.
fn parse<'a>(
    call: &'a Call,
    lines: &[BodyLine],
    has_body: bool,
) -> (ApiCall<'a>, Vec<Diagnostic>, Blocks) {
    let method = call.text("method").unwrap_or("GET");
    let url = call.text("url").unwrap_or_default().trim();
    let mut errors = Vec::new();
    // `operation` / `path` without `spec` is one error, that (not a
    // missing `url` too).
    if call.text("url").is_none()
        && call.text("spec").is_none()
        && call.text("operation").is_none()
        && call.text("path").is_none()
    {
        errors.push(
            Diagnostic::error(call.span.clone(), "`api-example` needs the attribute `url`")
                .with_hint("add url=\"...\" (the full URL), or take it from a spec with spec=\"...\" operation=\"...\""),
        );
    } else if url.is_empty() && call.text("url").is_some() {
        errors.push(
            Diagnostic::error(call.span_of("url"), "`url` is empty")
                .with_hint("write the full URL, e.g. url=\"https://api.example.com/v1/items\""),
        );
    }
    // Headers.
    let mut headers: Vec<String> = Vec::new();
    if let Some(value) = call.text("headers") {
        for r in split_headers(value) {
            let h = &value[r.clone()];
            let name_len = h.bytes().take_while(|&c| is_token_char(c)).count();
            if name_len == 0 || h.as_bytes().get(name_len) != Some(&b':') {
                errors.push(
                    Diagnostic::error(
                        body::attr_span(call, "headers", value, r.start, r.len()),
                        format!("`{h}` is not a header `Name: value`"),
                    )
                    .with_hint("write headers as `Name: value`, separated by `; `"),
                );
                continue;
            }
            headers.push(format!("{}: {}", &h[..name_len], h[name_len + 1..].trim()));
        }
    }

    // The body's code blocks.
    let found = code_blocks(lines, &mut errors);
    let mut request: Option<&CodeBlock> = None;
    let mut response: Option<&CodeBlock> = None;
    for b in &found {
        let role = b.role.unwrap_or(if has_body && request.is_none() {
            Role::Request
        } else {
            Role::Response
        });
        let slot = match role {
            Role::Request => &mut request,
            Role::Response => &mut response,
        };
        if slot.is_some() {
            let what = match role {
                Role::Request => "a second request payload",
                Role::Response => "a second expected response",
            };
            errors.push(
                Diagnostic::error(lines[b.open].whole(), format!("{what} in `api-example`"))
                    .with_hint("give one request payload and one expected response; mark them ```json request and ```json response"),
            );
            continue;
        }
        *slot = Some(b);
    }
    for (block, what) in [
        (request, "request payload"),
        (response, "expected response"),
    ] {
        if let Some(b) = block
            && let Err(d) = check_json(b, lines, what)
        {
            errors.push(d);
        }
    }
    errors.sort_by_key(|d| d.span.start);

    let payload = |b: &CodeBlock| Payload {
        lang: b.lang.clone(),
        content: b.content(lines),
    };
    let blocks = Blocks {
        request: request.cloned(),
        response: response.cloned(),
    };
    let example = ApiCall {
        method: method.to_string(),
        url: url.to_string(),
        headers,
        auth: call.text("auth").map(str::trim).filter(|a| !a.is_empty()),
        status: call.int("status"),
        request: request.map(payload),
        response: response.map(payload),
    };
    (example, errors, blocks)
}

/// Whether a request with this method usually has a payload.
fn may_have_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

/// The Markdown: the `curl` command, the payload, the expected status and
/// response, each under its label.
fn emit(ex: &ApiCall<'_>, deprecated: Option<&str>, cx: &RenderCx<'_>) -> String {
    let mut command = String::from("curl --include");
    match ex.method.as_str() {
        "GET" => {}
        "HEAD" => command.push_str(" --head"),
        m => command.push_str(&format!(" --request {m}")),
    }
    command.push(' ');
    command.push_str(&shell_quote(&ex.url));
    let mut args: Vec<String> = Vec::new();
    if let Some(payload) = &ex.request {
        let mime = match payload.lang.to_ascii_lowercase().as_str() {
            "json" | "jsonc" => Some("application/json"),
            "xml" => Some("application/xml"),
            "yaml" | "yml" => Some("application/yaml"),
            _ => None,
        };
        let given = ex
            .headers
            .iter()
            .any(|h| h.to_ascii_lowercase().starts_with("content-type:"));
        if let (Some(mime), false) = (mime, given) {
            args.push(format!(
                "--header {}",
                shell_quote(&format!("Content-Type: {mime}"))
            ));
        }
    }
    for h in &ex.headers {
        args.push(format!("--header {}", shell_quote(h)));
    }
    if let Some(auth) = ex.auth {
        args.push(format!(
            "--header {}",
            shell_quote(&format!("Authorization: {auth}"))
        ));
    }
    let mut heredoc = String::new();
    if let Some(payload) = &ex.request {
        let delim = heredoc_delimiter(
            &payload.content,
            if payload.lang.eq_ignore_ascii_case("json") {
                "JSON"
            } else {
                "EOF"
            },
        );
        args.push(format!("--data-binary @- <<'{delim}'"));
        heredoc = format!("\n{}{delim}", payload.content);
    }
    for a in &args {
        command.push_str(" \\\n  ");
        command.push_str(a);
    }
    command.push_str(&heredoc);

    let title = |key: &str| format!("**{}**", cx.label(key));
    let mut parts = Vec::new();
    // A deprecated operation: said in the page, not only in the build log.
    if let Some(op) = deprecated {
        parts.push(super::callouts::alert(
            super::callouts::Kind::Warning,
            &format!(
                "**{}**: {} is deprecated in the spec.",
                cx.label("api-deprecated"),
                op
            ),
            cx.settings().markdown.admonitions,
        ));
    }
    parts.push(title("api-request"));
    parts.push(write::fenced("sh", &command));
    if let Some(payload) = &ex.request {
        parts.push(title("api-payload"));
        parts.push(write::fenced(&payload.lang, &payload.content));
    }
    if let Some(code) = ex.status {
        let shown = match u16::try_from(code).ok().and_then(http_status::reason) {
            Some(reason) => format!("{code} {reason}"),
            None => code.to_string(),
        };
        parts.push(format!("{} `{shown}`", title("api-status")));
    }
    if let Some(payload) = &ex.response {
        parts.push(title("api-response"));
        parts.push(write::fenced(&payload.lang, &payload.content));
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    type Errors = Vec<(String, Range<usize>)>;

    /// An `api-example` whose tag is at 0..10, attribute `i` written at
    /// `1000 * (i + 1)`.
    fn parsed(attrs: &[(&'static str, &str)], text: &str) -> (String, Errors) {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(name, value))| {
                let at = 1000 * (i + 1);
                let value = match value.parse() {
                    Ok(n) if name == "status" => AttrValue::Int(n),
                    _ => AttrValue::Text(value.to_string()),
                };
                let len = match &value {
                    AttrValue::Text(t) => t.len(),
                    _ => 3,
                };
                (name, value, at..at + len)
            })
            .collect();
        let call = Call::for_test("api-example", 0..10, args);
        let method = call.text("method").unwrap_or("GET");
        let (example, errors, _) = parse(&call, &BodyLine::lines_of(text), may_have_body(method));
        let errors = errors.into_iter().map(|d| (d.message, d.span)).collect();
        (format!("{example:?}"), errors)
    }

    fn payload(lang: &str, content: &str) -> Option<Payload> {
        Some(Payload {
            lang: lang.into(),
            content: content.into(),
        })
    }

    #[test]
    fn a_post_with_its_payload_and_response() {
        let (example, errors) = parsed(
            &[
                ("method", "POST"),
                ("url", " https://a.example/v2/items "),
                ("headers", "Accept: application/json; X-Trace:1"),
                ("auth", " Bearer $TOKEN "),
                ("status", "201"),
            ],
            "\n```json\n{\"name\": \"a\"}\n```\n\n  ```json\n  {\"id\": 1}\n  ```\n",
        );
        assert_eq!(errors, vec![]);
        let expected = ApiCall {
            method: "POST".into(),
            url: "https://a.example/v2/items".into(),
            headers: vec!["Accept: application/json".into(), "X-Trace: 1".into()],
            auth: Some("Bearer $TOKEN"),
            status: Some(201),
            request: payload("json", "{\"name\": \"a\"}\n"),
            // The fence's indentation is removed from the content.
            response: payload("json", "{\"id\": 1}\n"),
        };
        assert_eq!(example, format!("{expected:?}"));
    }

    #[test]
    fn marked_blocks_take_their_role() {
        let (example, errors) = parsed(
            &[("method", "PUT"), ("url", "u")],
            "~~~xml Response\n<ok/>\n~~~\n```yaml request\na: 1\n```",
        );
        assert_eq!(errors, vec![]);
        let expected = ApiCall {
            method: "PUT".into(),
            url: "u".into(),
            headers: vec![],
            auth: None,
            status: None,
            request: payload("yaml", "a: 1\n"),
            response: payload("xml", "<ok/>\n"),
        };
        assert_eq!(example, format!("{expected:?}"));
    }

    #[test]
    fn errors_are_located_in_the_attributes_and_the_body() {
        let text = "Some prose\n```json\n{\"a\": 1,}\n```\n```json\n{}\n```\n```text\nunclosed";
        let (_, errors) = parsed(&[("url", " "), ("headers", "bad header; X-A: 1")], text);
        let messages: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "only fenced code blocks can stand in `api-example`",
                "the expected response is not valid JSON: trailing comma",
                "a second expected response in `api-example`",
                "this code block is not closed",
                "a second expected response in `api-example`",
                "`url` is empty",
                "`bad header` is not a header `Name: value`",
            ]
        );
        let spans: Vec<Range<usize>> = errors.iter().map(|(_, span)| span.clone()).collect();
        assert_eq!(
            spans,
            vec![
                0..10,
                27..28,
                33..40,
                48..55,
                48..55,
                1000..1001,
                2000..2010
            ]
        );
        assert_eq!(&text[27..28], "}");
        assert_eq!(&text[33..40], "```json");
        assert_eq!(&text[48..55], "```text");
    }

    #[test]
    fn quoting() {
        assert_eq!(
            shell_quote("https://a.example/v2/x"),
            "https://a.example/v2/x"
        );
        assert_eq!(
            shell_quote("https://a.example/?a=1&b=2"),
            "'https://a.example/?a=1&b=2'"
        );
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(
            shell_quote("Authorization: Bearer $TOKEN"),
            "\"Authorization: Bearer $TOKEN\""
        );
        assert_eq!(shell_quote("${BASE}/v2"), "\"${BASE}/v2\"");
        assert_eq!(shell_quote("X: \"$A\" $(rm)"), "'X: \"'\"$A\"'\" $(rm)'");
        assert_eq!(shell_quote("cost $5"), "'cost $5'");
    }

    #[test]
    fn headers() {
        let v = "Content-Type: application/json; charset=utf-8; X-Id: 1";
        let parts: Vec<&str> = split_headers(v).into_iter().map(|r| &v[r]).collect();
        assert_eq!(
            parts,
            vec!["Content-Type: application/json; charset=utf-8", "X-Id: 1"]
        );
    }

    #[test]
    fn fences() {
        assert_eq!(fence("```json"), Some((0, b'`', 3)));
        assert_eq!(fence("   ~~~~"), Some((3, b'~', 4)));
        assert_eq!(fence("    ```"), None);
        assert_eq!(fence("``"), None);
    }
}
