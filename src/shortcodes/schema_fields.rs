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
use crate::openapi::load::{At, Docs};
use crate::openapi::validate::Direction;
use crate::openapi::yaml::{Node, Value};

use super::spec_facts;

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

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// `data.lines[].amount`.
    pub name: String,
    /// `string (date-time)`, `array of object`, `string | null`.
    pub ty: String,
    /// In its object's `required` (for this direction).
    pub required: bool,
    /// `enum` / `const` values as JSON, each in a code span.
    pub values: Vec<String>,
    /// `≥ 0`, `length ≤ 64`, `pattern ^[A-Z]+$`, ...
    pub constraints: Vec<String>,
    /// The schema's `description` (Markdown), whitespace collapsed; with
    /// notes (`read-only`, the variant it belongs to, a cut cycle).
    pub description: String,
}

/// The most rows a table gets (a hostile spec cannot make a page huge).
const MAX_ROWS: usize = 500;
/// The deepest nesting followed.
const MAX_DEPTH: usize = 24;

/// A schema's keywords gathered through `$ref` and `allOf`.
#[derive(Default)]
struct Flat<'a> {
    types: Vec<String>,
    format: Option<String>,
    nullable: bool,
    values: Vec<String>,
    constraints: Vec<String>,
    description: Option<String>,
    properties: Vec<(String, At<'a>)>,
    required: Vec<String>,
    items: Option<At<'a>>,
    variants: Vec<(String, At<'a>)>,
    variant_word: &'static str,
    read_only: bool,
    write_only: bool,
    /// The types of the `enum` / `const` values (for a schema without
    /// `type`).
    inferred: Vec<&'static str>,
}

/// The walk's state.
struct Walk<'a> {
    docs: &'a Docs,
    direction: Option<Direction>,
    /// The schemas on the way to the current one (by identity), with the
    /// field name where each was met: a `$ref` back to one is a cycle.
    stack: Vec<(*const Node, String)>,
    out: Vec<Field>,
    truncated: bool,
}

/// The fields of the schema at `at` (`direction`: the payload's, to leave
/// out `readOnly` / `writeOnly` fields; `None`: all, marked). A schema
/// that is not an object gives one row named `(body)`; the second value
/// is whether rows were left out at [`MAX_ROWS`].
pub(crate) fn fields(docs: &Docs, at: At<'_>, direction: Option<Direction>) -> (Vec<Field>, bool) {
    let mut w = Walk {
        docs,
        direction,
        stack: Vec::new(),
        out: Vec::new(),
        truncated: false,
    };
    w.node("", at, false, None, 0);
    (w.out, w.truncated)
}

/// The last segment of a `$ref` (`#/components/schemas/Invoice`: `Invoice`).
fn ref_name(node: &Node) -> Option<&str> {
    let r = node.get("$ref")?.as_str()?;
    r.rsplit('/').next().filter(|s| !s.is_empty())
}

fn json(node: &Node) -> String {
    escape::code(&node.to_json().to_string())
}

/// The JSON type of a value.
fn json_type(node: &Node) -> &'static str {
    match node.to_json() {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn number(node: &Node) -> String {
    node.to_json().to_string()
}

impl<'a> Walk<'a> {
    /// One schema met at `name`: its row (unless it is the root object),
    /// then its fields.
    fn node(&mut self, name: &str, at: At<'a>, required: bool, note: Option<String>, depth: usize) {
        if self.out.len() >= MAX_ROWS || depth > MAX_DEPTH {
            self.truncated = true;
            return;
        }
        let target = self.docs.deref(at);
        let key = std::ptr::from_ref(target.node);
        if let Some((_, first)) = self.stack.iter().find(|(k, _)| *k == key) {
            let first = if first.is_empty() {
                "the top level".to_string()
            } else {
                format!("`{first}`")
            };
            let what = ref_name(at.node).map_or_else(String::new, |n| format!(" `{n}`"));
            // A `$ref` with its own description (3.1): said too.
            let own = at
                .node
                .get("description")
                .and_then(Node::as_str)
                .map(|d| format!(" {}", d.split_whitespace().collect::<Vec<_>>().join(" ")))
                .unwrap_or_default();
            self.out.push(Field {
                name: name.to_string(),
                ty: "object".into(),
                required,
                values: Vec::new(),
                constraints: Vec::new(),
                description: format!(
                    "*Recursive: the same{what} as {first}; not repeated here.*{own}"
                ),
            });
            return;
        }
        self.stack.push((key, name.to_string()));
        let mut flat = Flat::default();
        self.flatten(target, &mut flat, 0);
        let is_object = flat.types.iter().any(|t| t == "object") || !flat.properties.is_empty();
        if !name.is_empty() || !is_object {
            self.row(name, &flat, required, note);
        }
        let prefix = |child: &str| {
            if name.is_empty() {
                child.to_string()
            } else {
                format!("{name}.{child}")
            }
        };
        for (prop, schema) in &flat.properties {
            let child = self.docs.deref(*schema);
            let skip = match self.direction {
                Some(Direction::Request) => flag(child.node, "readOnly"),
                Some(Direction::Response) => flag(child.node, "writeOnly"),
                None => false,
            };
            if !skip {
                let req = flat.required.iter().any(|r| r == prop);
                self.node(&prefix(prop), *schema, req, None, depth + 1);
            }
        }
        if let Some(items) = flat.items {
            let item = self.docs.deref(items);
            let mut inner = Flat::default();
            self.flatten(item, &mut inner, 0);
            let structured =
                !inner.properties.is_empty() || !inner.variants.is_empty() || inner.items.is_some();
            if structured {
                let base = if name.is_empty() {
                    "[]".to_string()
                } else {
                    format!("{name}[]")
                };
                self.children_of_item(&base, items, depth);
            }
        }
        for (label, variant) in &flat.variants {
            let base = if name.is_empty() {
                String::new()
            } else {
                name.to_string()
            };
            let note = Some(match flat.variant_word {
                "Any of" => format!("*Variant {label} (any of).*"),
                _ => format!("*Variant {label}.*"),
            });
            let v = self.docs.deref(*variant);
            let mut inner = Flat::default();
            self.flatten(v, &mut inner, 0);
            for (prop, schema) in &inner.properties {
                let req = inner.required.iter().any(|r| r == prop);
                let child = if base.is_empty() {
                    prop.clone()
                } else {
                    format!("{base}.{prop}")
                };
                self.node(&child, *schema, req, note.clone(), depth + 1);
            }
        }
        self.stack.pop();
    }

    /// The fields of an array's items, under `name[]`.
    fn children_of_item(&mut self, base: &str, items: At<'a>, depth: usize) {
        let target = self.docs.deref(items);
        let key = std::ptr::from_ref(target.node);
        if self.stack.iter().any(|(k, _)| *k == key) {
            self.node(base, items, false, None, depth + 1);
            return;
        }
        let mut flat = Flat::default();
        self.flatten(target, &mut flat, 0);
        if flat.properties.is_empty() {
            // Arrays of arrays, or of variants: a row for the item.
            self.node(base, items, false, None, depth + 1);
            return;
        }
        self.stack.push((key, base.to_string()));
        for (prop, schema) in &flat.properties {
            let child = self.docs.deref(*schema);
            let skip = match self.direction {
                Some(Direction::Request) => flag(child.node, "readOnly"),
                Some(Direction::Response) => flag(child.node, "writeOnly"),
                None => false,
            };
            if !skip {
                let req = flat.required.iter().any(|r| r == prop);
                self.node(&format!("{base}.{prop}"), *schema, req, None, depth + 1);
            }
        }
        self.stack.pop();
    }

    /// The table row of one field.
    fn row(&mut self, name: &str, flat: &Flat<'_>, required: bool, note: Option<String>) {
        let mut description = Vec::new();
        if let Some(n) = note {
            description.push(n);
        }
        match (flat.read_only, flat.write_only, self.direction) {
            (true, _, None) => description.push("*Read-only.*".into()),
            (_, true, None) => description.push("*Write-only.*".into()),
            _ => {}
        }
        if let Some(d) = &flat.description {
            description.push(d.clone());
        }
        self.out.push(Field {
            name: if name.is_empty() {
                "(body)".into()
            } else {
                name.to_string()
            },
            ty: self.type_of(flat),
            required,
            values: flat.values.clone(),
            constraints: flat.constraints.clone(),
            description: description.join(" "),
        });
    }

    /// `string (date-time)`, `array of string`, `integer | null`,
    /// `one of 2 variants`.
    fn type_of(&self, flat: &Flat<'_>) -> String {
        let mut types = flat.types.clone();
        if types.is_empty() {
            if !flat.properties.is_empty() {
                types.push("object".into());
            } else if flat.items.is_some() {
                types.push("array".into());
            } else {
                for t in &flat.inferred {
                    push_unique(&mut types, t);
                }
            }
        }
        let mut shown: Vec<String> = types
            .iter()
            .map(|t| match (t.as_str(), flat.items) {
                ("array", Some(items)) => {
                    let mut inner = Flat::default();
                    self.flatten(self.docs.deref(items), &mut inner, 0);
                    let of = self.type_of_shallow(&inner);
                    format!("array of {of}")
                }
                (t, _) => match (&flat.format, t) {
                    (Some(f), "string" | "integer" | "number") => format!("{t} ({f})"),
                    _ => t.to_string(),
                },
            })
            .collect();
        if shown.is_empty() && !flat.variants.is_empty() {
            let n = flat.variants.len();
            let s = if n == 1 { "" } else { "s" };
            shown.push(format!(
                "{} {n} variant{s}",
                flat.variant_word.to_lowercase()
            ));
        }
        if flat.nullable && !shown.iter().any(|t| t == "null") {
            shown.push("null".into());
        }
        if shown.is_empty() {
            return "any".into();
        }
        shown.join(" | ")
    }

    fn type_of_shallow(&self, flat: &Flat<'_>) -> String {
        match flat.types.first() {
            Some(t) if t != "array" => match &flat.format {
                Some(f) => format!("{t} ({f})"),
                None => t.clone(),
            },
            Some(_) => "array".into(),
            None if !flat.properties.is_empty() => "object".into(),
            None if !flat.variants.is_empty() => "variants".into(),
            None => "any".into(),
        }
    }

    /// Gathers a schema's keywords, and those of its `allOf` parts.
    fn flatten(&self, at: At<'a>, flat: &mut Flat<'a>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let n = at.node;
        let here = |node: &'a Node| At { doc: at.doc, node };
        match n.get("type").map(|t| &t.value) {
            Some(Value::String(t)) => push_unique(&mut flat.types, t),
            Some(Value::Seq(items)) => {
                for t in items.iter().filter_map(Node::as_str) {
                    push_unique(&mut flat.types, t);
                }
            }
            _ => {}
        }
        if flat.format.is_none() {
            flat.format = n.get("format").and_then(Node::as_str).map(String::from);
        }
        flat.nullable |= flag(n, "nullable");
        flat.read_only |= flag(n, "readOnly");
        flat.write_only |= flag(n, "writeOnly");
        if let Some(values) = n.get("enum") {
            flat.values.extend(values.items().iter().map(json));
            flat.inferred.extend(values.items().iter().map(json_type));
        }
        if let Some(c) = n.get("const") {
            flat.values.push(json(c));
            flat.inferred.push(json_type(c));
        }
        constraints(n, &mut flat.constraints);
        if flat.description.is_none() {
            flat.description = n
                .get("description")
                .or_else(|| n.get("title"))
                .and_then(Node::as_str)
                .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|d| !d.is_empty());
        }
        for (k, v) in n.get("properties").map(Node::entries).unwrap_or_default() {
            if !flat.properties.iter().any(|(p, _)| p == k) {
                flat.properties.push((k.clone(), here(v)));
            }
        }
        for r in n.get("required").map(Node::items).unwrap_or_default() {
            if let Some(r) = r.as_str() {
                push_unique(&mut flat.required, r);
            }
        }
        if flat.items.is_none()
            && let Some(items) = n.get("items").filter(|i| matches!(i.value, Value::Map(_)))
        {
            flat.items = Some(here(items));
        }
        for (word, key) in [("One of", "oneOf"), ("Any of", "anyOf")] {
            for (i, v) in n
                .get(key)
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let target = self.docs.deref(here(v));
                let label = ref_name(v)
                    .map(|r| format!("`{r}`"))
                    .or_else(|| {
                        target
                            .node
                            .get("title")
                            .and_then(Node::as_str)
                            .map(|t| format!("`{t}`"))
                    })
                    .unwrap_or_else(|| format!("{}", i + 1));
                flat.variant_word = word;
                // A nullable variant (`oneOf: [{$ref}, {type: null}]`)
                // makes the field nullable rather than a variant.
                if target.node.get("type").and_then(Node::as_str) == Some("null") {
                    flat.nullable = true;
                    continue;
                }
                flat.variants.push((label, here(v)));
            }
        }
        // `oneOf: [{$ref: X}, {type: "null"}]`: X, nullable.
        if flat.nullable && flat.variants.len() == 1 {
            let (_, only) = flat.variants.remove(0);
            self.flatten(self.docs.deref(only), flat, depth + 1);
        }
        // Variants that are all plain types: the field's types.
        if !flat.variants.is_empty()
            && flat.properties.is_empty()
            && flat.variants.iter().all(|(_, v)| {
                let t = self.docs.deref(*v).node;
                t.get("properties").is_none()
                    && t.get("type")
                        .and_then(Node::as_str)
                        .is_some_and(|t| t != "object")
            })
        {
            for (_, v) in std::mem::take(&mut flat.variants) {
                if let Some(t) = self.docs.deref(v).node.get("type").and_then(Node::as_str) {
                    push_unique(&mut flat.types, t);
                }
            }
        }
        for part in n.get("allOf").map(Node::items).unwrap_or_default() {
            let part = self.docs.deref(here(part));
            self.flatten(part, flat, depth + 1);
        }
    }
}

fn push_unique(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

fn flag(node: &Node, key: &str) -> bool {
    matches!(node.get(key).map(|v| &v.value), Some(Value::Bool(true)))
}

/// The validation keywords of a schema, each in a few characters
/// (JSON Schema Validation 2020-12 §6; 3.0's boolean `exclusiveMinimum`).
fn constraints(n: &Node, out: &mut Vec<String>) {
    let exclusive_bool = |k: &str| flag(n, k);
    if let Some(v) = n.get("minimum") {
        let op = if exclusive_bool("exclusiveMinimum") {
            ">"
        } else {
            "≥"
        };
        out.push(format!("{op} {}", number(v)));
    }
    if let Some(v) = n
        .get("exclusiveMinimum")
        .filter(|v| !matches!(v.value, Value::Bool(_)))
    {
        out.push(format!("> {}", number(v)));
    }
    if let Some(v) = n.get("maximum") {
        let op = if exclusive_bool("exclusiveMaximum") {
            "<"
        } else {
            "≤"
        };
        out.push(format!("{op} {}", number(v)));
    }
    if let Some(v) = n
        .get("exclusiveMaximum")
        .filter(|v| !matches!(v.value, Value::Bool(_)))
    {
        out.push(format!("< {}", number(v)));
    }
    if let Some(v) = n.get("multipleOf") {
        out.push(format!("multiple of {}", number(v)));
    }
    for (min, max, what) in [
        ("minLength", "maxLength", "length"),
        ("minItems", "maxItems", "items"),
        ("minProperties", "maxProperties", "properties"),
    ] {
        match (n.get(min), n.get(max)) {
            (Some(a), Some(b)) => out.push(format!("{what} {}–{}", number(a), number(b))),
            (Some(a), None) => out.push(format!("{what} ≥ {}", number(a))),
            (None, Some(b)) => out.push(format!("{what} ≤ {}", number(b))),
            (None, None) => {}
        }
    }
    if flag(n, "uniqueItems") {
        out.push("unique items".into());
    }
    if let Some(p) = n.get("pattern").and_then(Node::as_str) {
        out.push(format!("pattern {}", escape::code(p)));
    }
    if let Some(d) = n.get("default") {
        out.push(format!("default {}", json(d)));
    }
}

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
    if given.len() != 1 && !(given == ["operation", "path"]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(spec: &str, pointer: &str, direction: Option<Direction>) -> Vec<Field> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.yaml"), spec).unwrap();
        let api = Api::load(&dir.path().join("s.yaml"), "s.yaml").unwrap();
        let at = api.docs.resolve(0, pointer).unwrap();
        fields(&api.docs, at, direction).0
    }

    const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Event:
      type: object
      required: [type, data]
      properties:
        id: {type: string, readOnly: true, description: The event's id.}
        type: {const: invoice.paid}
        data:
          type: object
          required: [invoice]
          properties:
            invoice: {$ref: '#/components/schemas/Invoice'}
    Invoice:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          required: [lines]
          properties:
            status: {type: string, enum: [open, paid]}
            lines:
              type: array
              minItems: 1
              items:
                type: object
                properties:
                  amount: {type: number, exclusiveMinimum: 0}
            parent: {$ref: '#/components/schemas/Invoice'}
            payer:
              oneOf:
                - {$ref: '#/components/schemas/Card'}
                - {type: 'null'}
    Base:
      type: object
      properties:
        number: {type: string, maxLength: 20, pattern: '^INV-'}
        paidAt: {type: string, format: date-time}
    Card:
      type: object
      properties:
        last4: {type: string}
";

    #[test]
    fn nested_fields_arrays_refs_all_of_and_cycles() {
        let f = rows(SPEC, "#/components/schemas/Event", None);
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "id",
                "type",
                "data",
                "data.invoice",
                "data.invoice.number",
                "data.invoice.paidAt",
                "data.invoice.status",
                "data.invoice.lines",
                "data.invoice.lines[].amount",
                "data.invoice.parent",
                "data.invoice.payer",
                "data.invoice.payer.last4",
            ]
        );
        let by = |n: &str| f.iter().find(|f| f.name == n).unwrap();
        assert_eq!(by("id").description, "*Read-only.* The event's id.");
        assert_eq!(by("type").values, vec!["`\"invoice.paid\"`"]);
        assert!(by("data").required && by("data.invoice").required);
        assert!(
            by("data.invoice.lines").required,
            "required from an allOf part"
        );
        assert_eq!(by("data.invoice.lines").ty, "array of object");
        assert_eq!(by("data.invoice.lines").constraints, vec!["items ≥ 1"]);
        assert_eq!(by("data.invoice.lines[].amount").constraints, vec!["> 0"]);
        assert_eq!(by("data.invoice.paidAt").ty, "string (date-time)");
        assert_eq!(
            by("data.invoice.number").constraints,
            vec!["length ≤ 20", "pattern `^INV-`"]
        );
        assert_eq!(
            by("data.invoice.status").values,
            vec!["`\"open\"`", "`\"paid\"`"]
        );
        assert!(
            by("data.invoice.parent")
                .description
                .starts_with("*Recursive: the same `Invoice` as `data.invoice`")
        );
        // A nullable `$ref` through `oneOf`: the schema, or null.
        assert_eq!(by("data.invoice.payer").ty, "object | null");
        assert_eq!(by("data.invoice.payer.last4").description, "");
    }

    #[test]
    fn directions_leave_out_read_only_and_write_only() {
        let f = rows(SPEC, "#/components/schemas/Event", Some(Direction::Request));
        assert!(!f.iter().any(|f| f.name == "id"));
        let f = rows(
            SPEC,
            "#/components/schemas/Event",
            Some(Direction::Response),
        );
        assert_eq!(f[0].description, "The event's id.");
    }
}
