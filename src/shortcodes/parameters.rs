//! `<<#parameters>>`: the parameters of a request or the claims of a
//! token, as a table Name / In / Type / Required / Description. One row a
//! line, `NAME (IN): TYPE, required | DESCRIPTION` (IN: path, query,
//! header, cookie, body, form, claim), or from a spec's operation
//! (`spec=`, `operation=` or `path=`/`method=`): its Parameter Objects
//! (OpenAPI §4.8.12: `name`, `in`, `required`, `description`,
//! `schema.type`) and the top-level properties of its JSON request body
//! (`in` body); body lines then override or add rows.

use super::prelude::*;

use std::ops::Range;

use crate::openapi::load::At;

pub struct Parameters;

/// Where a parameter goes: OpenAPI's `in` values, and `body`, `form`
/// (`application/x-www-form-urlencoded` fields) and `claim` (a token's).
pub const LOCATIONS: &[&str] = &["path", "query", "header", "cookie", "body", "form", "claim"];

const fn label(key: &'static str, default: &'static str, doc: &'static str) -> LabelSpec {
    LabelSpec {
        key,
        default,
        placeholders: &[],
        may_be_empty: false,
        doc,
    }
}

static LABELS: &[LabelSpec] = &[
    label("parameters-name", "Name", "`parameters`: the name column"),
    label(
        "parameters-in",
        "In",
        "`parameters`: where the parameter goes",
    ),
    label("parameters-type", "Type", "`parameters`: the type column"),
    label(
        "parameters-required",
        "Required",
        "`parameters`: the required column",
    ),
    label(
        "parameters-description",
        "Description",
        "`parameters`: the description column",
    ),
    label(
        "parameters-yes",
        "Yes",
        "`parameters`: the required column of a required parameter",
    ),
];

static SPEC: Spec = Spec {
    name: "parameters",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "title",
            ty: AttrType::Text,
            required: false,
            doc: "a caption above the table (bold), or its heading with `level`",
        },
        AttrSpec {
            name: "id",
            ty: AttrType::Id,
            required: false,
            doc: "the table's anchor",
        },
        AttrSpec {
            name: "level",
            ty: AttrType::Int { min: 1, max: 6 },
            required: false,
            doc: "make the title a heading of this level (so `toc` lists it)",
        },
        AttrSpec {
            name: "spec",
            ty: AttrType::Text,
            required: false,
            doc: "an OpenAPI spec of `[preprocessor.integration-guide.openapi]`: the rows are its operation's parameters and request body properties",
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

/// One parameter; text is inline Markdown as written (from a spec: plain).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Param {
    name: String,
    location: Option<&'static str>,
    ty: Option<String>,
    required: bool,
    description: String,
}

impl Shortcode for Parameters {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        super::spec_facts::collect(call, cx, false);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let found = super::spec_facts::operation_of(call, cx)?;
        let mut errors = Vec::new();
        let written = parse(&lines, &mut errors);
        let mut rows = match &found {
            Some(found) => from_spec(found.api, found.op),
            None => Vec::new(),
        };
        for (param, _) in written {
            match rows.iter_mut().find(|r| {
                r.name == param.name && (param.location.is_none() || r.location == param.location)
            }) {
                Some(r) => *r = param,
                None => rows.push(param),
            }
        }
        if rows.is_empty() && errors.is_empty() {
            let d = match &found {
                Some(f) => Diagnostic::error(
                    call.span_of("operation"),
                    format!("{} has no parameters", f.describe()),
                ),
                None => Diagnostic::error(call.span.clone(), "`parameters` lists no parameter"),
            };
            errors.push(d.with_hint(
                "write one a line, e.g. `role_id (path): string, required | The role to assign.`",
            ));
        }
        let title = super::field_map::title_line(call, cx, &mut errors);
        cx.finish(errors, || {
            let table = emit(&rows, cx);
            Ok(match title {
                Some(t) => format!("{t}\n\n{table}"),
                None => table,
            })
        })
    }
}

/// The body's rows; each broken row is reported and left out; a name
/// listed twice in the same place is an error at the second.
fn parse(lines: &[BodyLine], errors: &mut Vec<Diagnostic>) -> Vec<(Param, Range<usize>)> {
    let mut rows: Vec<(Param, Range<usize>)> = Vec::new();
    for entry in body::entries(lines, false) {
        let (end, description) = super::mapping::split_notes(&entry);
        match parse_row(&entry.text()[..end]) {
            Ok((mut param, name)) => {
                param.description = description.unwrap_or_default();
                let span = entry.span(name);
                if let Some((_, first)) = rows
                    .iter()
                    .find(|(p, _)| p.name == param.name && p.location == param.location)
                {
                    errors.push(
                        Diagnostic::error(
                            span,
                            format!("the parameter `{}` is listed twice", param.name),
                        )
                        .with_hint("keep one row per parameter and place")
                        .with_related(
                            Place::Here,
                            first.clone(),
                            "listed first here",
                        ),
                    );
                    continue;
                }
                rows.push((param, span));
            }
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|e| super::mapping::body_error(&entry, e)),
            ),
        }
    }
    rows
}

type RowError = super::mapping::RowError;

/// `NAME (IN): TYPE, required`: the parameter and the range of its name.
fn parse_row(text: &str) -> Result<(Param, Range<usize>), Vec<RowError>> {
    let mut errors = Vec::new();
    let colon = super::mapping::type_colon(text, 0..text.len());
    let head = body::trimmed(text, 0..colon.unwrap_or(text.len()));
    let (name, location) = match text[head.clone()].find('(') {
        Some(open) if text[head.clone()].ends_with(')') => {
            let inner = body::trimmed(text, head.start + open + 1..head.end - 1);
            let name = body::trimmed(text, head.start..head.start + open);
            let word = text[inner.clone()].to_lowercase();
            let location = match LOCATIONS.iter().find(|l| **l == word) {
                Some(l) => Some(*l),
                None => {
                    let e = RowError::new(inner, format!("`{word}` is not a parameter location"));
                    errors.push(
                        match crate::diagnostic::closest(&word, LOCATIONS.iter().copied()) {
                            Some(best) => e.hint(format!(
                                "did you mean `{best}`? (locations: {})",
                                LOCATIONS.join(", ")
                            )),
                            None => e.hint(format!("the locations are {}", LOCATIONS.join(", "))),
                        },
                    );
                    None
                }
            };
            (name, location)
        }
        _ => (head, None),
    };
    if name.is_empty() {
        errors.push(
            RowError::new(0..text.len(), "no parameter name")
                .hint("write `NAME (IN): TYPE, required | DESCRIPTION`"),
        );
    }
    let mut ty = None;
    let mut required = false;
    if let Some(c) = colon {
        for (n, part) in body::comma_parts(text, c + 1..text.len())
            .into_iter()
            .enumerate()
        {
            let word = &text[part.clone()];
            if word == "required" {
                required = true;
            } else if n == 0 {
                ty = Some(word.to_string());
            } else {
                let e = RowError::new(part, format!("unknown flag `{word}`"));
                errors.push(match crate::diagnostic::closest(word, ["required"]) {
                    Some(best) => e.hint(format!(
                        "did you mean `{best}`? (after the type, the one flag is `required`)"
                    )),
                    None => e.hint("after the type, the one flag is `required`"),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        Param {
            name: text[name.clone()].to_string(),
            location,
            ty,
            required,
            description: String::new(),
        },
        name,
    ))
}

/// An operation's parameters, then its JSON request body's top-level
/// properties (`in` body), in the spec's order.
fn from_spec(api: &crate::openapi::Api, op: &crate::openapi::operation::Operation) -> Vec<Param> {
    let text = |at: &At<'_>, key: &str| {
        at.node
            .get(key)
            .and_then(|n| n.as_str())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for p in api.parameters(op) {
        let location = text(&p, "in");
        out.push(Param {
            name: text(&p, "name"),
            location: LOCATIONS.iter().copied().find(|l| *l == location),
            ty: p.node.get("schema").and_then(|s| {
                type_of(
                    api,
                    At {
                        doc: p.doc,
                        node: s,
                    },
                )
            }),
            required: is_true(p.node.get("required")),
            description: text(&p, "description"),
        });
    }
    let Some(media) = api.request_media(op) else {
        return out;
    };
    let Some(schema) = media.node.get("schema") else {
        return out;
    };
    let schema = api.docs.deref(At {
        doc: media.doc,
        node: schema,
    });
    let required: Vec<&str> = schema
        .node
        .get("required")
        .map(|r| r.items().iter().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default();
    for (name, prop) in schema
        .node
        .get("properties")
        .map_or(&[][..], |p| p.entries())
    {
        let prop = api.docs.deref(At {
            doc: schema.doc,
            node: prop,
        });
        out.push(Param {
            name: name.clone(),
            location: Some("body"),
            ty: type_of(api, prop),
            required: required.contains(&name.as_str()),
            description: text(&prop, "description"),
        });
    }
    out
}

fn is_true(node: Option<&crate::openapi::yaml::Node>) -> bool {
    matches!(
        node.map(|n| &n.value),
        Some(crate::openapi::yaml::Value::Bool(true))
    )
}

/// A schema's type as a reader names it: `string`, `string (date-time)`,
/// `array of string`; `None` when it has none.
fn type_of(api: &crate::openapi::Api, schema: At<'_>) -> Option<String> {
    let schema = api.docs.deref(schema);
    let ty = match schema.node.get("type").map(|t| &t.value) {
        Some(crate::openapi::yaml::Value::String(s)) => s.clone(),
        // OpenAPI 3.1: `type: [string, "null"]`.
        Some(crate::openapi::yaml::Value::Seq(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(" or "),
        _ => return None,
    };
    if ty == "array"
        && let Some(items) = schema.node.get("items")
        && let Some(inner) = type_of(
            api,
            At {
                doc: schema.doc,
                node: items,
            },
        )
    {
        return Some(format!("array of {inner}"));
    }
    Some(match schema.node.get("format").and_then(|f| f.as_str()) {
        Some(format) => format!("{ty} ({format})"),
        None => ty,
    })
}

/// The table Name | In | Type | Required | Description (the In, Type and
/// Required columns when some row has them).
fn emit(rows: &[Param], cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let header = [
        "parameters-name",
        "parameters-in",
        "parameters-type",
        "parameters-required",
        "parameters-description",
    ]
    .map(|key| cx.label(key));
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                escape::code_cell(&r.name),
                r.location.unwrap_or_default().to_string(),
                r.ty.as_deref().map(escape::code_cell).unwrap_or_default(),
                if r.required {
                    cx.label("parameters-yes")
                } else {
                    String::new()
                },
                escape::cell(&r.description, options),
            ]
        })
        .collect();
    write::table_of_filled(
        &header.each_ref().map(String::as_str),
        &[false, true, true, true, false],
        &cells,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse() {
        let (p, name) = parse_row("role_id (path): string, required").unwrap();
        assert_eq!(
            (
                p.name.as_str(),
                p.location,
                p.ty.as_deref(),
                p.required,
                name
            ),
            ("role_id", Some("path"), Some("string"), true, 0..7)
        );
        let (p, _) = parse_row("exp (claim): number").unwrap();
        assert_eq!((p.location, p.required), (Some("claim"), false));
        let (p, _) = parse_row("limit: integer(1..100)").unwrap();
        assert_eq!(
            (p.location, p.ty.as_deref()),
            (None, Some("integer(1..100)"))
        );
        let (p, _) = parse_row("X-Request-Id").unwrap();
        assert_eq!((p.name.as_str(), p.ty), ("X-Request-Id", None));
    }

    #[test]
    fn row_errors_are_located() {
        let errs = parse_row("scope (qurey): string, requird").unwrap_err();
        let found: Vec<_> = errs
            .iter()
            .map(|e| (e.message.as_str(), e.range.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("`qurey` is not a parameter location", 7..12),
                ("unknown flag `requird`", 23..30),
            ]
        );
        assert!(
            errs[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `query`?")
        );
        assert_eq!(
            parse_row(" (path): string").unwrap_err()[0].message,
            "no parameter name"
        );
    }
}
