//! `<<#schema-fields spec="globex" schema="Invoice">>`: the fields of a
//! schema of a spec as a table: name (nested `data.invoice.id`, array items
//! `lines[].amount`), type with format, required, allowed values (`enum`,
//! `const`), constraints and description. The schema is a component name,
//! a JSON Pointer (`#/components/schemas/Invoice`), an operation's request
//! body (`operation=` with `request`) or response (`response`, `status=`),
//! or a webhook's payload (`webhook=`). `$ref`s are followed, `allOf`
//! merged, `oneOf`/`anyOf` variants listed as such, `readOnly` fields left
//! out of requests and `writeOnly` ones out of responses; a schema that
//! contains itself is cut where it recurs, with a note (OpenAPI 3.1 §4.8.24
//! Schema Object; 3.0.3 §4.7.24 for `nullable`).

use super::prelude::*;

use crate::openapi::Api;
use crate::openapi::load::At;
use crate::openapi::validate::Direction;

use super::spec_facts;

mod walk;

pub(crate) use walk::{Field, MAX_ROWS, fields};

pub struct SchemaFields;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "schema-field",
        default: "Field",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table (and `webhook-event`'s field reference): the field column",
    },
    LabelSpec {
        key: "schema-type",
        default: "Type",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: the type column",
    },
    LabelSpec {
        key: "schema-required",
        default: "Required",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: the required column",
    },
    LabelSpec {
        key: "schema-values",
        default: "Values",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: the allowed values column (`enum`, `const`)",
    },
    LabelSpec {
        key: "schema-constraints",
        default: "Constraints",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: the constraints column (minimum, length, pattern, ...)",
    },
    LabelSpec {
        key: "schema-description",
        default: "Description",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: the description column",
    },
    LabelSpec {
        key: "schema-yes",
        default: "yes",
        placeholders: &[],
        may_be_empty: false,
        doc: "`schema-fields` table: a required field",
    },
];

static SPEC: Spec = Spec {
    name: "schema-fields",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "spec",
            ty: AttrType::Text,
            required: true,
            doc: "an OpenAPI spec of `[preprocessor.integration-guide.openapi]`",
        },
        AttrSpec {
            name: "schema",
            ty: AttrType::Text,
            required: false,
            doc: "a schema of `components/schemas` by name (`Invoice`), or a JSON Pointer into the spec (`#/components/schemas/Invoice/properties/lines`)",
        },
        AttrSpec {
            name: "operation",
            ty: AttrType::Text,
            required: false,
            doc: "an operation's `operationId`: its request body's fields (with `request`) or a response's (with `response`)",
        },
        AttrSpec {
            name: "path",
            ty: AttrType::Text,
            required: false,
            doc: "instead of `operation`: the operation's path as the spec writes it, with `method` when the path has several",
        },
        AttrSpec {
            name: "method",
            ty: AttrType::Choice(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
            required: false,
            doc: "with `path`: the operation's HTTP method",
        },
        AttrSpec {
            name: "request",
            ty: AttrType::Bool,
            required: false,
            doc: "with `operation`/`path`: the request body's fields (`readOnly` ones left out)",
        },
        AttrSpec {
            name: "response",
            ty: AttrType::Bool,
            required: false,
            doc: "with `operation`/`path`: a response's fields (`writeOnly` ones left out), the first documented 2xx unless `status` says",
        },
        AttrSpec {
            name: "status",
            ty: AttrType::Int { min: 100, max: 599 },
            required: false,
            doc: "with `response`: which response",
        },
        AttrSpec {
            name: "webhook",
            ty: AttrType::Text,
            required: false,
            doc: "a webhook of the spec (`webhooks`, 3.0: `x-webhooks`): its payload's fields",
        },
    ],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The table of fields, with a note when rows were left out.
pub(crate) fn table(fields: &[Field], truncated: bool, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let yes = cx.label("schema-yes");
    let rows: Vec<Vec<String>> = fields
        .iter()
        .map(|f| {
            vec![
                escape::pipes(&escape::code(&f.name)),
                escape::cell(&f.ty, options),
                if f.required {
                    yes.clone()
                } else {
                    String::new()
                },
                escape::pipes(&f.values.join(", ")),
                escape::pipes(&f.constraints.join(", ")),
                escape::cell(&f.description, options),
            ]
        })
        .collect();
    let header = [
        "schema-field",
        "schema-type",
        "schema-required",
        "schema-values",
        "schema-constraints",
        "schema-description",
    ]
    .map(|k| cx.label(k));
    let mut out = write::table(&header.each_ref().map(String::as_str), &rows);
    if truncated {
        out.push_str(&format!(
            "\n\n*Only the first {MAX_ROWS} fields are listed.*"
        ));
    }
    out
}

impl Shortcode for SchemaFields {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        spec_facts::collect(call, cx, false);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let Some((name, api)) = spec_facts::spec_of(call, cx)? else {
            return Err(Diagnostic::error(
                call.span.clone(),
                "`schema-fields` needs `spec`",
            ));
        };
        let (at, direction) = schema_of(call, cx, name, api)?;
        let (rows, truncated) = fields(&api.docs, at, direction);
        if rows.is_empty() {
            return Err(Diagnostic::error(
                call.span.clone(),
                format!("the schema at {} has no fields to list", api.docs.place(at)),
            )
            .with_hint("name an object schema (with `properties`)"));
        }
        Ok(table(&rows, truncated, cx))
    }
}

/// The schema a call names, and the direction of its payload.
fn schema_of<'a>(
    call: &Call,
    cx: &RenderCx<'a>,
    name: &str,
    api: &'a Api,
) -> Result<(At<'a>, Option<Direction>), Diagnostic> {
    let given: Vec<&str> = ["schema", "operation", "path", "webhook"]
        .into_iter()
        .filter(|a| call.text(a).is_some())
        .collect();
    if given.len() != 1 && given != ["operation", "path"] {
        let span = given
            .get(1)
            .map_or(call.span_of("spec"), |a| call.span_of(a));
        return Err(Diagnostic::error(
            span,
            if given.is_empty() {
                "`schema-fields` needs the schema: `schema`, `operation` or `webhook`".to_string()
            } else {
                format!("`{}` and `{}` both name the schema", given[0], given[1])
            },
        )
        .with_hint("give one of schema=\"Name\", operation=\"operationId\" request (or response), webhook=\"name\""));
    }
    stray_attrs(call, given[0])?;
    if let Some(schema) = call.text("schema").map(str::trim) {
        return component(call, name, api, schema).map(|at| (at, None));
    }
    if let Some(hook) = call.text("webhook").map(str::trim) {
        let op = api
            .webhook(hook)
            .map_err(|best| unknown_webhook(call.span_of("webhook"), name, api, hook, best))?;
        let media = api.request_media(op).ok_or_else(|| {
            Diagnostic::error(
                call.span_of("webhook"),
                format!("the webhook `{hook}` of spec `{name}` has no JSON request body"),
            )
            .with_hint("give it a `requestBody` with `application/json` content in the spec")
        })?;
        return media_schema(call, api, media, "webhook").map(|at| (at, Some(Direction::Response)));
    }
    let found = spec_facts::operation_of(call, cx)?
        .ok_or_else(|| Diagnostic::error(call.span.clone(), "no operation"))?;
    let attr = if call.text("operation").is_some() {
        "operation"
    } else {
        "path"
    };
    match (call.flag("request").unwrap_or(false), call.flag("response").unwrap_or(false)) {
        (true, false) => {
            let media = api.request_media(found.op).ok_or_else(|| {
                Diagnostic::error(call.span_of("request"), format!("{} has no JSON request body", found.describe()))
                    .with_hint("use `response` for what it answers")
            })?;
            media_schema(call, api, media, attr).map(|at| (at, Some(Direction::Request)))
        }
        (false, true) => {
            let codes: Vec<&str> = api.responses(found.op).iter().map(|r| r.code).collect();
            let status = match call.int("status") {
                Some(s) => u16::try_from(s).unwrap_or(0),
                None => codes.iter().filter_map(|c| c.parse::<u16>().ok()).find(|c| (200..300).contains(c)).unwrap_or(200),
            };
            let response = api.response_for(found.op, status).ok_or_else(|| {
                Diagnostic::error(call.span_of(if call.int("status").is_some() { "status" } else { "response" }), format!("{} documents no status {status}", found.describe()))
                    .with_hint(format!("the operation documents {}", codes.join(", ")))
            })?;
            let media = api.json_media(response.at).ok_or_else(|| {
                Diagnostic::error(call.span_of("response"), format!("status {} of {} has no JSON body", response.code, found.describe()))
            })?;
            media_schema(call, api, media, attr).map(|at| (at, Some(Direction::Response)))
        }
        (true, true) => Err(Diagnostic::error(call.span_of("response"), "`request` and `response` both set")
            .with_hint("one table per body: keep one of them")),
        (false, false) => Err(Diagnostic::error(call.span_of(attr), format!("which body of {}?", found.describe()))
            .with_hint("add `request` (the request body) or `response` (a response, with status=... unless the first 2xx)")),
    }
}

/// Refuses the attributes that choose an operation's body (`request`,
/// `response`, `status`, `method`) where the schema is named another way
/// (`by`: `schema` or `webhook`), where they would mean nothing.
fn stray_attrs(call: &Call, by: &str) -> Result<(), Diagnostic> {
    if !matches!(by, "schema" | "webhook") {
        return Ok(());
    }
    let stray = ["request", "response", "status", "method"]
        .into_iter()
        .find(|a| call.flag(a).is_some() || call.int(a).is_some() || call.text(a).is_some());
    let Some(attr) = stray else {
        return Ok(());
    };
    let what = if by == "webhook" {
        "a webhook's table is the fields of its payload, the request the sender POSTs"
    } else {
        "a named schema has no request or response"
    };
    Err(Diagnostic::error(
        call.span_of(attr),
        format!("`{attr}` does not go with `{by}`: {what}"),
    )
    .with_hint(format!(
        "remove `{attr}`; `request`, `response` and `status` choose an operation's body: operation=\"operationId\" request, operation=\"operationId\" response status=201, or {by}=\"...\" alone"
    )))
}

/// The schema of a media type, an error at `attr` when it has none.
fn media_schema<'a>(
    call: &Call,
    api: &'a Api,
    media: At<'a>,
    attr: &str,
) -> Result<At<'a>, Diagnostic> {
    let schema = media.node.get("schema").ok_or_else(|| {
        Diagnostic::error(
            call.span_of(attr),
            format!("the body at {} has no `schema`", api.docs.place(media)),
        )
        .with_hint("give the media type a schema in the spec")
    })?;
    Ok(At {
        doc: media.doc,
        node: schema,
    })
}

/// A component schema by name, or a JSON Pointer (`#/...` or `/...`).
fn component<'a>(
    call: &Call,
    spec: &str,
    api: &'a Api,
    schema: &str,
) -> Result<At<'a>, Diagnostic> {
    let span = call.span_of("schema");
    if schema.starts_with('#') || schema.starts_with('/') {
        let pointer = if schema.starts_with('/') {
            format!("#{schema}")
        } else {
            schema.to_string()
        };
        return api.docs.resolve(0, &pointer).ok_or_else(|| {
            Diagnostic::error(span, format!("spec `{spec}` has nothing at `{pointer}`"))
                .with_hint("write a JSON Pointer to a schema, e.g. \"#/components/schemas/Invoice\", or a component's name")
        });
    }
    let root = &api.docs.docs[0].root;
    let components = root.at_path(["components", "schemas"]);
    if let Some(node) = components.and_then(|c| c.get(schema)) {
        return Ok(At { doc: 0, node });
    }
    let names: Vec<&str> = components
        .map(|c| c.entries().iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    let d = Diagnostic::error(span, format!("spec `{spec}` has no schema `{schema}`"));
    Err(match crate::diagnostic::closest(schema, names.iter().copied()) {
        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
        None if names.is_empty() => d.with_hint("its `components/schemas` is empty; name a schema by JSON Pointer (\"#/paths/...\")"),
        None => d.with_hint(format!("its schemas: {}", spec_facts::quoted(names.into_iter().take(20)))),
    })
}

/// "spec `x` has no webhook `y`", with the closest name or the list.
pub(crate) fn unknown_webhook(
    span: std::ops::Range<usize>,
    spec: &str,
    api: &Api,
    name: &str,
    best: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::error(span, format!("spec `{spec}` has no webhook `{name}`"));
    match best {
        Some(b) => d.with_hint(format!("did you mean `{b}`?")),
        None if api.webhooks.is_empty() => d.with_hint(
            "the spec declares no webhooks: add them under `webhooks` (OpenAPI 3.1; 3.0: `x-webhooks`), or write the event by hand with a ```json body and no `spec`",
        ),
        None => d.with_hint(format!(
            "its webhooks: {}",
            spec_facts::quoted(api.webhooks.iter().map(|o| o.path.as_str()).take(20))
        )),
    }
}
