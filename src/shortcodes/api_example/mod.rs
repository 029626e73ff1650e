//! `<<#api-example method="POST" url="..." status=201>>`: an API call for
//! the template's Validation section. The body holds fenced code blocks:
//! the request payload and the expected response (in that order, or
//! marked ```` ```json request ```` / ```` ```json response ````). The
//! request becomes one [`crate::http::Exchange`] (published for `run` and
//! `export`), shown in each client's form (`clients`: curl, the raw HTTP
//! message, Python, JavaScript, HTTPie; tabs when more than one), then the
//! expected status with its reason phrase and the expected response. A
//! `json` block (also ```` ```json,env ````) must parse.
//!
//! Parse ([`parse`]: attributes and code blocks, every problem located) →
//! model ([`model`]: the spec's operation fills the rest; the exchange) →
//! check ([`check`]: payloads against the spec or schema files) → emit
//! ([`emit`]: the forms, the tabs).

use super::prelude::*;

use crate::http_status;

use super::spec_facts::{self, Found};

mod captures;
mod check;
pub(super) mod emit;
mod model;
mod parse;

use check::{Checked, check};
use model::{FromSpec, fill};
use parse::{may_have_body, parse};

pub struct ApiExample;

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "api-request",
        default: "Request",
        placeholders: &[],
        may_be_empty: false,
        doc: "`api-example`: the title of the request (its forms: `curl`, HTTP, ...)",
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
            doc: "the full URL (required without `spec`), percent-encoded once by the preprocessor (a space, `&` or `/` in a value as written is sent encoded); `$NAME` and `${NAME}` are variables each form writes its own way",
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
        AttrSpec {
            name: "capture",
            ty: AttrType::Text,
            required: false,
            doc: "values later steps of `run` use, from the response body: `NAME=/json/pointer` (RFC 6901), comma-separated (`ENTRY_ID=/id, ENTRY_STATE=/state`)",
        },
        AttrSpec {
            name: "ignore",
            ty: AttrType::Text,
            required: false,
            doc: "JSON Pointers (RFC 6901), comma-separated, whose values in the expected response `run` does not compare (`/id,/created_at`)",
        },
        AttrSpec {
            name: "clients",
            ty: AttrType::Words(crate::http::client::NAMES),
            required: false,
            doc: "the forms this request is shown in, comma-separated: `curl`, `http` (the raw message), `python`, `javascript`, `httpie` (default: the book's `clients`)",
        },
    ],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: OPTIONS,
};

static OPTIONS: &[OptionSpec] = &[OptionSpec {
    key: "clients",
    ty: AttrType::Words(crate::http::client::NAMES),
    default: "[\"curl\"]",
    expect: "it must be a list of \"curl\", \"http\", \"python\", \"javascript\", \"httpie\"",
    pattern: "",
    doc: "the forms every `api-example` and `auth-flow` request is shown in, in tab order: `curl`, `http` (the raw HTTP/1.1 message), `python` (requests), `javascript` (fetch), `httpie`; more than one shows tabs",
}];

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
        for w in captures::warnings(call, &example) {
            cx.warn(w);
        }
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
        let mut operation = None;
        if errors.is_empty() {
            let (found, drift) = matched_operation(call, found, &example, cx);
            deprecated = found
                .as_ref()
                .filter(|f| f.op.deprecated)
                .map(Found::describe);
            operation = found.as_ref().map(model::operation_ref);
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
        cx.finish(errors, || {
            let exchange = model::exchange(call, &example, operation);
            let clients = example
                .clients
                .clone()
                .unwrap_or_else(|| cx.settings().api_example.clients.clone());
            let out = emit::emit(&example, &exchange, &clients, deprecated.as_deref(), cx);
            cx.publish(exchange);
            Ok(out)
        })
    }
}

/// The operation a request is checked against: the spec-driven one, or
/// for a hand-written example the one a declared spec has for its method
/// and URL (`true`: its findings are drift); a URL a spec has with other
/// methods only is drift at `method`.
fn matched_operation<'a>(
    call: &Call,
    found: Option<Found<'a>>,
    example: &parse::ApiCall<'_>,
    cx: &RenderCx<'a>,
) -> (Option<Found<'a>>, bool) {
    match found {
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
    }
}
