//! Checking an `api-example` against its operation (or schema files):
//! the status, the request payload, the expected response; findings of
//! a hand-written example matched to a spec are `openapi-drift`.

use std::ops::Range;

use crate::api::{BodyLine, Call, RenderCx};
use crate::diagnostic::Diagnostic;
use crate::openapi::load::At;
use crate::openapi::validate::{Direction, Schema};
use crate::shortcodes::spec_facts::{self, Found, Written};

use super::model::FromSpec;
use super::parse::{ApiCall, Blocks};

/// What the payload checks need to know of the call.
pub(super) struct Checked<'c, 'a> {
    pub(super) call: &'c Call,
    pub(super) lines: &'c [BodyLine],
    pub(super) blocks: &'c Blocks,
    pub(super) found: Option<&'c Found<'a>>,
    /// A hand-written example matched to an operation: its findings are
    /// `openapi-drift`.
    pub(super) drift: bool,
    pub(super) from_spec: &'c FromSpec<'a>,
}

/// Checks the status and the JSON payloads against the operation (or the
/// schema files); every finding is reported, none breaks the example.
pub(super) fn check(
    c: &Checked<'_, '_>,
    example: &ApiCall<'_>,
    cx: &RenderCx<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let call = c.call;
    let mut findings = check_operation(c, example, cx);
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
    check_request(c, example, cx, errors, spec_span);
    check_response(c, example, cx, errors, response_span);
    for d in findings.drain(..) {
        cx.report(d.with_code(spec_facts::DRIFT));
    }
}

/// The operation's deprecation and, for a hand-written example, whether
/// it documents the status: findings (drift) and warnings.
fn check_operation(
    c: &Checked<'_, '_>,
    example: &ApiCall<'_>,
    cx: &RenderCx<'_>,
) -> Vec<Diagnostic> {
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
    findings
}

/// The request payload against its schema (and `invalid`).
fn check_request(
    c: &Checked<'_, '_>,
    example: &ApiCall<'_>,
    cx: &RenderCx<'_>,
    errors: &mut Vec<Diagnostic>,
    spec_span: Range<usize>,
) {
    let call = c.call;
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
}

/// The expected response against its schema.
fn check_response(
    c: &Checked<'_, '_>,
    example: &ApiCall<'_>,
    cx: &RenderCx<'_>,
    errors: &mut Vec<Diagnostic>,
    response_span: Range<usize>,
) {
    let call = c.call;
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
}

/// The operation's first documented 2xx status (`2XX` is not a status).
pub(super) fn first_2xx(f: &Found<'_>) -> Option<u16> {
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
