//! JSON Schema validation of examples: a schema of a [`Docs`] set bundled
//! into one document (every `$ref` it reaches, in any local file, becomes
//! a definition of that document), compiled with `jsonschema`, and each
//! violation with its JSON path and what was expected.
//!
//! Dialects: an OpenAPI 3.1 schema is JSON Schema 2020-12 (OpenAPI 3.1
//! §4.8.24); an OpenAPI 3.0 schema is an extended subset of JSON Schema
//! draft 4/5 (OpenAPI 3.0.3 §4.7.24), validated as draft 4 with
//! `nullable: true` turned into `"null"` added to `type` (and to `enum`).
//! A standalone schema file's `$schema` names its draft (default 2020-12).
//! `format` is checked for the formats the validator knows.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::keywords::{self, Role};
use super::load::{At, Docs};
use super::yaml::{self, Node};

/// Which JSON Schema dialect a schema is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// An OpenAPI 3.0 Schema Object: draft 4 plus `nullable`.
    OpenApi30,
    /// JSON Schema of the given draft (OpenAPI 3.1: 2020-12).
    JsonSchema(jsonschema::Draft),
}

impl Dialect {
    /// The dialect a standalone schema declares with `$schema` (2020-12
    /// when it declares none or one this does not know).
    pub fn of_schema(root: &Node) -> Dialect {
        use jsonschema::Draft;
        let s = root.get("$schema").and_then(Node::as_str).unwrap_or("");
        Dialect::JsonSchema(if s.contains("draft-04") {
            Draft::Draft4
        } else if s.contains("draft-06") {
            Draft::Draft6
        } else if s.contains("draft-07") {
            Draft::Draft7
        } else if s.contains("2019-09") {
            Draft::Draft201909
        } else {
            Draft::Draft202012
        })
    }

    fn draft(self) -> jsonschema::Draft {
        match self {
            Dialect::OpenApi30 => jsonschema::Draft::Draft4,
            Dialect::JsonSchema(d) => d,
        }
    }

    fn defs(self) -> &'static str {
        match self.draft() {
            jsonschema::Draft::Draft4 | jsonschema::Draft::Draft6 | jsonschema::Draft::Draft7 => {
                "definitions"
            }
            _ => "$defs",
        }
    }
}

/// Which way a payload goes, for `readOnly` and `writeOnly` (OpenAPI
/// 3.0.3 §4.7.24.2 fixed fields; JSON Schema Validation 2020-12 §9.4): a
/// required property that is `readOnly` is not required in a request, one
/// that is `writeOnly` not in a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A request payload.
    Request,
    /// A response payload.
    Response,
}

/// The schema at `at` as one self-contained JSON Schema document
/// (`direction`: the payload's, to relax `required` for `readOnly` /
/// `writeOnly` properties; `None` for a standalone schema file).
pub fn bundle(docs: &Docs, at: At<'_>, dialect: Dialect, direction: Option<Direction>) -> Value {
    let mut defs = Defs {
        names: HashMap::new(),
        queue: Vec::new(),
    };
    let cx = Cx {
        docs,
        dialect,
        direction,
    };
    let main = convert(&cx, at, &mut defs);
    let mut converted = Map::new();
    while let Some((name, target)) = defs.queue.pop() {
        let v = convert(&cx, target, &mut defs);
        converted.insert(name, v);
    }
    let mut root = Map::new();
    if let Value::Object(m) = &main
        && let Some(s) = m.get("$schema")
    {
        root.insert("$schema".into(), s.clone());
    }
    root.insert("allOf".into(), Value::Array(vec![main]));
    root.insert(dialect.defs().into(), Value::Object(converted));
    Value::Object(root)
}

/// What [`convert`] needs besides the node.
struct Cx<'a> {
    docs: &'a Docs,
    dialect: Dialect,
    direction: Option<Direction>,
}

/// The definitions of a bundle: each schema a `$ref` reaches, named once
/// (`s0`, `s1`, ...), and those still to convert.
struct Defs<'a> {
    names: HashMap<(usize, *const Node), String>,
    queue: Vec<(String, At<'a>)>,
}

/// A schema (or any value in it) as JSON, its `$ref`s pointing into the
/// bundle's definitions.
fn convert<'a>(cx: &Cx<'a>, at: At<'a>, defs: &mut Defs<'a>) -> Value {
    match &at.node.value {
        yaml::Value::Map(entries) => {
            let mut out = Map::new();
            for (k, v) in entries {
                // Every `$ref` it reaches becomes a pointer into the bundle,
                // so the anchors are no longer needed (and a schema both
                // inline and in the definitions would declare one twice).
                if k == "$anchor" {
                    continue;
                }
                let value = if k == "$ref"
                    && let Some(r) = v.as_str()
                {
                    ref_to_definition(cx, at.doc, r, defs)
                } else {
                    keyword_value(
                        cx,
                        At {
                            doc: at.doc,
                            node: v,
                        },
                        k,
                        defs,
                    )
                };
                out.insert(k.clone(), value);
            }
            if cx.dialect == Dialect::OpenApi30 && out.remove("nullable") == Some(Value::Bool(true))
            {
                allow_null(&mut out);
            }
            if let Some(direction) = cx.direction {
                relax_required(cx, at, direction, &mut out);
            }
            Value::Object(out)
        }
        yaml::Value::Seq(items) => Value::Array(
            items
                .iter()
                .map(|n| {
                    convert(
                        cx,
                        At {
                            doc: at.doc,
                            node: n,
                        },
                        defs,
                    )
                })
                .collect(),
        ),
        _ => at.node.to_json(),
    }
}

/// A `$ref` written in file `doc` as a pointer to its target's definition
/// (named and queued the first time); one that does not resolve as written.
fn ref_to_definition<'a>(cx: &Cx<'a>, doc: usize, r: &str, defs: &mut Defs<'a>) -> Value {
    let Some(target) = cx.docs.resolve(doc, r) else {
        return Value::String(r.to_string());
    };
    let key = (target.doc, std::ptr::from_ref(target.node));
    let name = match defs.names.get(&key) {
        Some(n) => n.clone(),
        None => {
            let n = format!("s{}", defs.names.len());
            defs.names.insert(key, n.clone());
            defs.queue.push((n.clone(), target));
            n
        }
    };
    Value::String(format!("#/{}/{name}", cx.dialect.defs()))
}

/// The value of keyword `k` (at `v`): data as it is, a schema (or a map of
/// names to schemas) converted.
fn keyword_value<'a>(cx: &Cx<'a>, v: At<'a>, k: &str, defs: &mut Defs<'a>) -> Value {
    let child = |node| At { doc: v.doc, node };
    match keywords::role(k, v.node) {
        Role::Data => v.node.to_json(),
        // Each entry's key is a name (a property called `default`), its
        // value a schema.
        Role::Names => Value::Object(
            v.node
                .entries()
                .iter()
                .map(|(name, s)| (name.clone(), convert(cx, child(s), defs)))
                .collect(),
        ),
        Role::Keywords => convert(cx, v, defs),
    }
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema: `"null"` added to a
/// single `type` and to `enum`.
fn allow_null(out: &mut Map<String, Value>) {
    if let Some(Value::String(t)) = out.get("type").cloned() {
        out.insert("type".into(), Value::Array(vec![t.into(), "null".into()]));
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

/// Drops from `required` the properties of the schema at `at` that are
/// `readOnly` (in a request) or `writeOnly` (in a response).
fn relax_required(cx: &Cx<'_>, at: At<'_>, direction: Direction, out: &mut Map<String, Value>) {
    let Some(Value::Array(required)) = out.get_mut("required") else {
        return;
    };
    let flag = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    let properties = at.node.get("properties");
    required.retain(|name| {
        let Some(p) = name.as_str().and_then(|n| properties?.get(n)) else {
            return true;
        };
        let p = cx.docs.deref(At {
            doc: at.doc,
            node: p,
        });
        !matches!(
            p.node.get(flag).map(|f| &f.value),
            Some(yaml::Value::Bool(true))
        )
    });
}

/// A compiled schema.
pub struct Schema {
    validator: jsonschema::Validator,
    /// The bundled schema (to name the properties an object may have).
    bundled: Value,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Schema")
    }
}

/// One way an instance breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON path of the offending value, `$.lines[0].amount`.
    pub path: String,
    /// The segments of the value to point at (for an unexpected property,
    /// that property's value).
    pub pointer: Vec<String>,
    /// What was expected: `"12.00" is not of type "number"`.
    pub message: String,
    /// A property that is not allowed: its name (the place to point at is
    /// its key, not its value).
    pub key: Option<String>,
}

impl Violation {
    /// `$.lines[0].amount: "12.00" is not of type "number"`.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.path, self.message)
    }
}

impl Schema {
    /// Compiles the schema at `at` for payloads going `direction` (see
    /// [`bundle`]); the error names the schema's place.
    pub fn compile(
        docs: &Docs,
        at: At<'_>,
        dialect: Dialect,
        direction: Option<Direction>,
    ) -> Result<Schema, String> {
        let bundled = bundle(docs, at, dialect, direction);
        jsonschema::options()
            .with_draft(dialect.draft())
            .should_validate_formats(true)
            .build(&bundled)
            .map(|validator| Schema {
                validator,
                bundled: bundled.clone(),
            })
            .map_err(|e| {
                // At the offending keyword's value, where it can be found.
                let pointer: Vec<String> = e
                    .instance_path()
                    .to_string()
                    .split('/')
                    .skip(1)
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
                    .collect();
                // The bundle is `{"allOf": [schema], "$defs": {...}}`.
                let pointer = match pointer.as_slice() {
                    [all, zero, rest @ ..] if all == "allOf" && zero == "0" => rest.to_vec(),
                    _ => Vec::new(),
                };
                let node = super::locate(at.node, &pointer);
                let keyword = pointer.iter().rev().find(|s| s.parse::<usize>().is_err());
                let value = e.instance().to_string();
                let message = match keyword.map(String::as_str) {
                    Some("type") => format!(
                        "`type` is {value}, which is not a JSON Schema type (array, boolean, integer, null, number, object, string)"
                    ),
                    Some(k) => format!("`{k}` cannot be {value} in a JSON Schema"),
                    None => format!("this is not a JSON Schema: {e}"),
                };
                format!("{}: {message}", docs.place(At { doc: at.doc, node }))
            })
    }

    /// Every violation of `instance`, in the validator's order.
    pub fn violations(&self, instance: &Value) -> Vec<Violation> {
        use jsonschema::error::ValidationErrorKind as Kind;
        let errors: Vec<_> = self.validator.iter_errors(instance).collect();
        let missing = missing_required(&errors);
        let mut out: Vec<Violation> = Vec::new();
        let mut push = |v: Violation| {
            if !out.contains(&v) {
                out.push(v);
            }
        };
        for e in &errors {
            let pointer = pointer_of(e);
            match e.kind() {
                Kind::AdditionalProperties { unexpected }
                | Kind::UnevaluatedProperties { unexpected } => {
                    let declared = self.properties_at(&e.schema_path().to_string());
                    for name in unexpected {
                        push(not_allowed(instance, &pointer, name, &missing, &declared));
                    }
                }
                _ => push(Violation {
                    path: json_path(instance, &pointer),
                    pointer,
                    message: message_of(e),
                    key: None,
                }),
            }
        }
        out
    }
}

/// The segments of the instance path of a validation error.
fn pointer_of(e: &jsonschema::ValidationError<'_>) -> Vec<String> {
    e.instance_path()
        .to_string()
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The required properties missing from each object (its pointer): what a
/// property that is not allowed was probably meant to be.
fn missing_required(errors: &[jsonschema::ValidationError<'_>]) -> Vec<(Vec<String>, String)> {
    use jsonschema::error::ValidationErrorKind as Kind;
    errors
        .iter()
        .filter_map(|e| match e.kind() {
            Kind::Required { property } => Some((pointer_of(e), property.as_str()?.to_string())),
            _ => None,
        })
        .collect()
}

/// Property `name` of the object at `pointer`, not allowed: at its value,
/// with the closest of the object's missing or `declared` properties.
fn not_allowed(
    instance: &Value,
    pointer: &[String],
    name: &str,
    missing: &[(Vec<String>, String)],
    declared: &[String],
) -> Violation {
    let mut at = pointer.to_vec();
    at.push(name.to_string());
    let candidates = missing
        .iter()
        .filter(|(p, _)| p == pointer)
        .map(|(_, n)| n.as_str())
        .chain(declared.iter().map(String::as_str));
    let mean = match crate::diagnostic::closest(name, candidates) {
        Some(m) => format!(" (did you mean \"{m}\"?)"),
        None => String::new(),
    };
    Violation {
        path: json_path(instance, &at),
        pointer: at,
        message: format!(
            "property {} is not allowed{mean}",
            Value::String(name.to_string())
        ),
        key: Some(name.to_string()),
    }
}

/// What a violation (other than a property not allowed) says, in plain
/// words: a missing required property, a value not among an `enum`'s (at
/// most 8 of them shown), else the validator's message.
fn message_of(e: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as Kind;
    match e.kind() {
        Kind::Required { property } => format!("required property {property} is missing"),
        Kind::Enum { options } => {
            let all: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(Value::to_string).collect())
                .unwrap_or_default();
            if all.len() <= 8 {
                format!("{} is not one of {}", e.instance(), all.join(", "))
            } else {
                format!(
                    "{} is not one of the {} allowed values ({}, ...)",
                    e.instance(),
                    all.len(),
                    all[..8].join(", ")
                )
            }
        }
        _ => e.to_string(),
    }
}

impl Schema {
    /// The properties the object schema whose keyword is at `keyword` (a
    /// schema path, `$ref`s followed) declares.
    fn properties_at(&self, keyword: &str) -> Vec<String> {
        let mut segments: Vec<String> = keyword
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        segments.pop();
        let mut node = &self.bundled;
        for seg in &segments {
            if seg == "$ref" {
                let Some(target) = node
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                    .and_then(|p| self.bundled.pointer(p))
                else {
                    return Vec::new();
                };
                node = target;
                continue;
            }
            let next = match node {
                Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                Value::Object(m) => m.get(seg),
                _ => None,
            };
            let Some(next) = next else {
                return Vec::new();
            };
            node = next;
        }
        node.get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// `$.lines[0].amount` for a pointer into `instance`.
fn json_path(instance: &Value, pointer: &[String]) -> String {
    let mut out = String::from("$");
    let mut node = Some(instance);
    for seg in pointer {
        match node {
            Some(Value::Array(items)) => {
                out.push_str(&format!("[{seg}]"));
                node = seg.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            _ => {
                let plain = !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && !seg.starts_with(|c: char| c.is_ascii_digit());
                if plain {
                    out.push('.');
                    out.push_str(seg);
                } else {
                    out.push_str(&format!("[{}]", Value::String(seg.clone())));
                }
                node = node.and_then(|n| n.get(seg));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> (tempfile::TempDir, Docs) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.yaml"), text).unwrap();
        let docs = Docs::load(&dir.path().join("s.yaml"), "s.yaml").unwrap();
        (dir, docs)
    }

    #[test]
    fn refs_are_bundled_and_violations_have_paths() {
        let (_d, docs) = docs(
            "Invoice:\n  type: object\n  additionalProperties: false\n  properties:\n    lines: {type: array, items: {$ref: '#/Line'}}\n    note: {type: string, nullable: true}\nLine:\n  type: object\n  required: [amount]\n  properties:\n    amount: {type: number}\n",
        );
        let at = At {
            doc: 0,
            node: docs.docs[0].root.get("Invoice").unwrap(),
        };
        let schema = Schema::compile(&docs, at, Dialect::OpenApi30, None).unwrap();
        let instance = serde_json::json!({"lines": [{"amount": "12.00"}], "note": null, "x-y": 1});
        let found: Vec<String> = schema
            .violations(&instance)
            .iter()
            .map(Violation::describe)
            .collect();
        assert_eq!(
            found,
            vec![
                "$.lines[0].amount: \"12.00\" is not of type \"number\"".to_string(),
                "$.x-y: property \"x-y\" is not allowed".to_string(),
            ]
        );
        // Without the 3.0 dialect, `nullable` means nothing.
        let schema = Schema::compile(
            &docs,
            at,
            Dialect::JsonSchema(jsonschema::Draft::Draft202012),
            None,
        )
        .unwrap();
        let found = schema.violations(&serde_json::json!({"note": null}));
        assert_eq!(found[0].path, "$.note");
    }

    #[test]
    fn messages_in_plain_words() {
        let (_d, docs) = docs(
            "S:\n  type: object\n  additionalProperties: false\n  required: [reference]\n  properties:\n    reference: {type: string}\n    few: {enum: [a, b, c]}\n    many: {enum: [a, b, c, d, e, f, g, h, i]}\n",
        );
        let at = At {
            doc: 0,
            node: docs.docs[0].root.get("S").unwrap(),
        };
        let schema = Schema::compile(&docs, at, Dialect::OpenApi30, None).unwrap();
        let instance = serde_json::json!({"ref": "x", "few": "z", "many": "z"});
        let found: Vec<String> = schema
            .violations(&instance)
            .iter()
            .map(Violation::describe)
            .collect();
        assert_eq!(
            found,
            vec![
                "$.few: \"z\" is not one of \"a\", \"b\", \"c\"",
                "$.many: \"z\" is not one of the 9 allowed values (\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", ...)",
                "$.ref: property \"ref\" is not allowed (did you mean \"reference\"?)",
                "$: required property \"reference\" is missing",
            ]
        );
    }

    #[test]
    fn read_only_is_not_required_in_a_request_nor_write_only_in_a_response() {
        let (_d, docs) = docs(
            "Item:\n  type: object\n  required: [id, name, secret]\n  properties:\n    id: {$ref: '#/Id'}\n    name: {type: string}\n    secret: {type: string, writeOnly: true}\nId: {type: string, readOnly: true}\n",
        );
        let at = At {
            doc: 0,
            node: docs.docs[0].root.get("Item").unwrap(),
        };
        let dialect = Dialect::JsonSchema(jsonschema::Draft::Draft202012);
        let missing = |direction| {
            let schema = Schema::compile(&docs, at, dialect, direction).unwrap();
            schema
                .violations(&serde_json::json!({"name": "n"}))
                .iter()
                .map(Violation::describe)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            missing(Some(Direction::Request)),
            vec!["$: required property \"secret\" is missing"]
        );
        assert_eq!(
            missing(Some(Direction::Response)),
            vec!["$: required property \"id\" is missing"]
        );
        assert_eq!(missing(None).len(), 2);
    }

    #[test]
    fn paths_quote_odd_keys() {
        let v = serde_json::json!({"a b": [{"c": 1}]});
        assert_eq!(
            json_path(&v, &["a b".into(), "0".into(), "c".into()]),
            "$[\"a b\"][0].c"
        );
    }
}
