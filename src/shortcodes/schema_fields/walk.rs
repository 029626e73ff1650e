//! The walk over a schema that `schema-fields` (and `webhook-event`'s
//! field reference) lists: `$ref`s followed, `allOf` merged, variants and
//! items named, cycles cut.

use crate::escape;
use crate::openapi::load::{At, Docs};
use crate::openapi::validate::Direction;
use crate::openapi::yaml::{Node, Value};

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
pub(crate) const MAX_ROWS: usize = 500;
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
            let first = first.clone();
            self.recursion(name, at, required, &first);
            return;
        }
        self.stack.push((key, name.to_string()));
        let mut flat = Flat::default();
        self.flatten(target, &mut flat, 0);
        let is_object = flat.types.iter().any(|t| t == "object") || !flat.properties.is_empty();
        if !name.is_empty() || !is_object {
            self.row(name, &flat, required, note);
        }
        self.properties(name, &flat, None, depth);
        if let Some(items) = flat.items {
            self.items(name, items, depth);
        }
        for (label, variant) in &flat.variants {
            let note = match flat.variant_word {
                "Any of" => format!("*Variant {label} (any of).*"),
                _ => format!("*Variant {label}.*"),
            };
            let mut inner = Flat::default();
            self.flatten(self.docs.deref(*variant), &mut inner, 0);
            self.properties(name, &inner, Some(&note), depth);
        }
        self.stack.pop();
    }

    /// The row of a schema met again inside itself: a note, no fields.
    fn recursion(&mut self, name: &str, at: At<'a>, required: bool, first: &str) {
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
            description: format!("*Recursive: the same{what} as {first}; not repeated here.*{own}"),
        });
    }

    /// The properties of `flat` under `name`, those this direction does
    /// not send left out; `note` on each (a variant's).
    fn properties(&mut self, name: &str, flat: &Flat<'a>, note: Option<&str>, depth: usize) {
        for (prop, schema) in &flat.properties {
            let child = self.docs.deref(*schema);
            let skip = match self.direction {
                Some(Direction::Request) => flag(child.node, "readOnly"),
                Some(Direction::Response) => flag(child.node, "writeOnly"),
                None => false,
            };
            if skip {
                continue;
            }
            let required = flat.required.iter().any(|r| r == prop);
            let path = if name.is_empty() {
                prop.clone()
            } else {
                format!("{name}.{prop}")
            };
            self.node(&path, *schema, required, note.map(String::from), depth + 1);
        }
    }

    /// An array's items under `name[]`: their fields when they are
    /// objects, a row when they are arrays or variants; nothing for
    /// scalars (the array's type says them).
    fn items(&mut self, name: &str, items: At<'a>, depth: usize) {
        let base = format!("{name}[]");
        let target = self.docs.deref(items);
        let mut flat = Flat::default();
        self.flatten(target, &mut flat, 0);
        let key = std::ptr::from_ref(target.node);
        if flat.properties.is_empty() || self.stack.iter().any(|(k, _)| *k == key) {
            if !flat.variants.is_empty() || flat.items.is_some() || !flat.properties.is_empty() {
                self.node(&base, items, false, None, depth + 1);
            }
            return;
        }
        self.stack.push((key, base.clone()));
        self.properties(&base, &flat, None, depth);
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
        keywords(n, flat);
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
        self.variants(at, flat, depth);
        for part in n.get("allOf").map(Node::items).unwrap_or_default() {
            let part = self.docs.deref(here(part));
            self.flatten(part, flat, depth + 1);
        }
    }

    /// `oneOf` / `anyOf`: the variants, by their `$ref` name or `title`; a
    /// `{type: "null"}` variant makes the field nullable, a single variant
    /// left is the schema itself, variants that are all plain types are
    /// the field's types.
    fn variants(&self, at: At<'a>, flat: &mut Flat<'a>, depth: usize) {
        let here = |node: &'a Node| At { doc: at.doc, node };
        for (word, key) in [("One of", "oneOf"), ("Any of", "anyOf")] {
            let list = at.node.get(key).map(Node::items).unwrap_or_default();
            for (i, v) in list.iter().enumerate() {
                let target = self.docs.deref(here(v));
                let title = target.node.get("title").and_then(Node::as_str);
                let label = ref_name(v)
                    .or(title)
                    .map_or_else(|| format!("{}", i + 1), |r| format!("`{r}`"));
                flat.variant_word = word;
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
        let plain = |v: &At<'a>| {
            let t = self.docs.deref(*v).node;
            t.get("properties").is_none()
                && t.get("type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t != "object")
        };
        if !flat.variants.is_empty()
            && flat.properties.is_empty()
            && flat.variants.iter().all(|(_, v)| plain(v))
        {
            for (_, v) in std::mem::take(&mut flat.variants) {
                if let Some(t) = self.docs.deref(v).node.get("type").and_then(Node::as_str) {
                    push_unique(&mut flat.types, t);
                }
            }
        }
    }
}

/// A schema's own keywords: type, format, flags, values, constraints,
/// description (the first met wins where there is one).
fn keywords(n: &Node, flat: &mut Flat<'_>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::Api;

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
