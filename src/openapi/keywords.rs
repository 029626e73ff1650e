//! What a key of a spec's mapping means, so that walks over a spec (its
//! `$ref`s and `$anchor`s, a schema bundled for validation) tell a keyword
//! from a name and from data.
//!
//! A mapping is either an object of keywords (an Operation, a Media Type,
//! a Schema) or a map from names to such objects (`properties`, `paths`,
//! `responses`, `components/schemas`): in the second, a key is a name
//! chosen by the author, so a property called `default` or `example` is a
//! property (OpenAPI 3.1 §4.8.24, JSON Schema Core 2020-12 §10.3.2.1).
//! The values of `example`, `examples` (a schema's list), `enum`, `const`,
//! `default` and an Example Object's `value` are data (OpenAPI §4.8.19,
//! JSON Schema Validation 2020-12 §6.1.2-3, §9.2-5): a `$ref` in them is
//! an object of the payload, never a reference.

use super::yaml::{Node, Value};

/// What the value of a key of an object of keywords is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Data: copied as it is, never walked for `$ref`s.
    Data,
    /// A map from names to objects of keywords.
    Names,
    /// An object of keywords (or a list of them, or a scalar).
    Keywords,
}

/// Keywords whose value maps names to objects of keywords (schemas,
/// Path Items, Responses, Media Types, Headers, ...).
const NAMES: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
    "responses",
    "paths",
    "webhooks",
    "callbacks",
    "content",
    "headers",
    "links",
    "requestBodies",
    "securitySchemes",
    "pathItems",
    "encoding",
    "variables",
];

/// Keywords whose value is always data.
const DATA: &[&str] = &["example", "enum", "const", "default", "value"];

/// The role of `value`, the value of `key` in an object of keywords.
/// Names only when the value is a mapping; `examples` and `parameters`
/// are names when they are mappings (a Media
/// Type's Example Objects, `components/parameters`), otherwise data (a
/// schema's list of examples) and keywords (an Operation's list).
pub fn role(key: &str, value: &Node) -> Role {
    let is_map = matches!(value.value, Value::Map(_));
    match key {
        "examples" if is_map => Role::Names,
        "examples" => Role::Data,
        "parameters" if is_map => Role::Names,
        k if DATA.contains(&k) => Role::Data,
        k if NAMES.contains(&k) && is_map => Role::Names,
        _ => Role::Keywords,
    }
}

/// Visits every object of keywords under `node` (itself one), in the
/// document's order, with the positions leading to it when `positions`
/// (see [`Node::at_positions`]; empty otherwise); data is skipped.
/// Iterative: a spec's nesting is bounded by the reader, not by the stack
/// here.
pub fn each_object<'a>(node: &'a Node, positions: bool, mut visit: impl FnMut(&'a Node, &[usize])) {
    // (node, positions, whether it is a map of names)
    let mut stack: Vec<(&Node, Vec<usize>, bool)> = vec![(node, Vec::new(), false)];
    let at_child = |at: &Vec<usize>, i: usize| {
        if positions {
            let mut p = at.clone();
            p.push(i);
            p
        } else {
            Vec::new()
        }
    };
    while let Some((n, at, names)) = stack.pop() {
        let before = stack.len();
        match &n.value {
            Value::Map(entries) => {
                if !names {
                    visit(n, &at);
                }
                for (i, (k, v)) in entries.iter().enumerate() {
                    let child_names = !names
                        && match role(k, v) {
                            Role::Data => continue,
                            Role::Names => true,
                            Role::Keywords => false,
                        };
                    stack.push((v, at_child(&at, i), child_names));
                }
            }
            Value::Seq(items) => {
                for (i, v) in items.iter().enumerate() {
                    stack.push((v, at_child(&at, i), false));
                }
            }
            _ => {}
        }
        stack[before..].reverse();
    }
}

/// The `$anchor`s of a document (JSON Schema Core 2020-12 §8.2.2), each
/// with the positions of the schema that declares it; the first wins.
pub fn anchors(root: &Node) -> std::collections::HashMap<String, Vec<usize>> {
    let mut out = std::collections::HashMap::new();
    each_object(root, true, |n, at| {
        if let Some(name) = n.get("$anchor").and_then(Node::as_str) {
            out.entry(name.to_string()).or_insert_with(|| at.to_vec());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_data_are_told_from_keywords() {
        let root = super::super::yaml::parse(
            "properties:\n  default: {type: string}\n  example: {$ref: '#/X'}\nexample: {$ref: '#/Y'}\nexamples: [{$ref: '#/Z'}]\nresponses:\n  default: {$ref: '#/R'}\n",
        )
        .unwrap();
        let mut refs = Vec::new();
        each_object(&root, false, |n, _| {
            if let Some(r) = n.get("$ref").and_then(Node::as_str) {
                refs.push(r.to_string());
            }
        });
        assert_eq!(refs, ["#/X", "#/R"]);
    }
}
