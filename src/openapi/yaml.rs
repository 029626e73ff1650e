//! YAML 1.2 (and so JSON) read into a tree whose every node knows its
//! line and column: to report a spec's problem, or a violation in a JSON
//! example, at the value's place.
//!
//! Built from `yaml-rust2`'s parser events (its own loader recurses once
//! per nesting level and expands aliases without a bound), with limits
//! that make a hostile document fail fast in bounded memory:
//! [`MAX_DEPTH`] levels of nesting, [`MAX_NODES`] nodes in all and
//! [`MAX_ALIAS_NODES`] nodes copied by aliases (a "billion laughs" bomb is
//! refused at the alias that would cross the limit). Plain scalars follow the YAML
//! 1.2 core schema (`null`, `true`, numbers); quoted ones are strings.

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// The deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 128;

/// The most nodes a document may have, counting each alias as the nodes it
/// repeats: ample for a 10 MB spec, far below an alias bomb's.
pub const MAX_NODES: usize = 5_000_000;

/// The most nodes aliases may copy in one document: far more than a spec
/// needs, and reached within milliseconds by an alias bomb.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A place in a text: 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl From<Marker> for Mark {
    fn from(m: Marker) -> Self {
        Mark {
            line: m.line(),
            col: m.col() + 1,
        }
    }
}

/// A value with its place (for a collection, where it starts).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is written.
    pub at: Mark,
}

/// A YAML value in JSON's data model; mappings keep their order and their
/// keys as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer or a finite float, and the number as written (shown as
    /// written in pretty JSON when it is JSON's syntax: `1200.00`).
    Number(serde_json::Number, String),
    /// Any other scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written.
    Map(Vec<(String, Node)>),
}

/// Why a text could not be read: a message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub at: Mark,
}

impl Node {
    /// The value of a mapping's key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A mapping's entries (empty for anything else).
    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// A sequence's items (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The node at a JSON Pointer (RFC 6901) path of already unescaped
    /// segments.
    pub fn at_path<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Option<&Node> {
        let mut node = self;
        for seg in segments {
            node = match &node.value {
                Value::Map(_) => node.get(seg)?,
                Value::Seq(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The node at a path of child positions (a mapping's entry, a
    /// sequence's item): constant time per level, for places remembered
    /// while indexing.
    pub fn at_positions(&self, positions: &[usize]) -> Option<&Node> {
        let mut node = self;
        for &i in positions {
            node = match &node.value {
                Value::Map(entries) => &entries.get(i)?.1,
                Value::Seq(items) => items.get(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// As JSON (mapping keys as written; a later duplicate key wins).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n, _) => J::Number(n.clone()),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Pretty JSON in the document's key order, two spaces per level, no
    /// final line ending.
    pub fn to_pretty_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out, 0);
        out
    }

    fn write_json(&self, out: &mut String, level: usize) {
        let pad = |out: &mut String, level: usize| out.push_str(&"  ".repeat(level));
        match &self.value {
            Value::Seq(items) if !items.is_empty() => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, level + 1);
                    item.write_json(out, level + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, level);
                out.push(']');
            }
            Value::Map(entries) if !entries.is_empty() => {
                out.push_str("{\n");
                for (i, (k, v)) in entries.iter().enumerate() {
                    pad(out, level + 1);
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push_str(": ");
                    v.write_json(out, level + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                pad(out, level);
                out.push('}');
            }
            Value::Number(_, raw) if is_json_number(raw) => out.push_str(raw),
            _ => out.push_str(&self.to_json().to_string()),
        }
    }

    /// How many nodes this one is made of (itself included).
    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|(_, v)| 1 + v.size()).sum(),
            _ => 0,
        }
    }
}

/// A collection being built.
enum Open {
    Seq(Vec<Node>, Mark, usize),
    /// Entries, a key waiting for its value, the mark, the anchor.
    Map(Vec<(String, Node)>, Option<String>, Mark, usize),
}

/// Reads the first document of a YAML (or JSON) text.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let mut parser = Parser::new_from_str(text);
    let mut tree = Tree::default();
    loop {
        let (event, marker) = parser.next_token().map_err(|e| ParseError {
            // The scanner's own bound on flow nesting.
            message: if e.info().contains("recursion limit") {
                too_deep()
            } else {
                e.info().to_string()
            },
            at: (*e.marker()).into(),
        })?;
        if matches!(event, Event::StreamEnd | Event::DocumentEnd) {
            break;
        }
        if let Some((node, anchor)) = tree.node_of(event, marker.into())? {
            tree.attach(node, anchor)?;
        }
    }
    Ok(tree.root.unwrap_or(Node {
        value: Value::Null,
        at: Mark { line: 1, col: 1 },
    }))
}

/// The tree [`parse`] builds from the parser's events, with its budgets.
#[derive(Default)]
struct Tree {
    /// The collections open, innermost last.
    stack: Vec<Open>,
    /// Each anchor's node and its size.
    anchors: std::collections::HashMap<usize, (Node, usize)>,
    /// Nodes so far, aliases counting the nodes they repeat.
    total: usize,
    /// Nodes copied by aliases so far.
    copied: usize,
    root: Option<Node>,
}

impl Tree {
    /// The node an event completes, with its anchor (0: none): a scalar,
    /// an alias's copy, or a collection that ends; `None` for an event
    /// that completes none (a collection that starts).
    fn node_of(&mut self, event: Event, at: Mark) -> Result<Option<(Node, usize)>, ParseError> {
        Ok(match event {
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(ParseError {
                        message: "an alias to an unknown anchor".into(),
                        at,
                    });
                };
                self.total += size;
                self.copied += size;
                if self.total > MAX_NODES || self.copied > MAX_ALIAS_NODES {
                    return Err(too_many(at));
                }
                Some((node.clone(), 0))
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.total += 1;
                if self.total > MAX_NODES {
                    return Err(too_many(at));
                }
                let value = scalar(text, style, tag.as_ref());
                Some((Node { value, at }, anchor))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(ParseError {
                        message: too_deep(),
                        at,
                    });
                }
                self.total += 1;
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Open::Seq(Vec::new(), at, anchor)
                    } else {
                        Open::Map(Vec::new(), None, at, anchor)
                    });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(items, at, anchor)) => Some((
                    Node {
                        value: Value::Seq(items),
                        at,
                    },
                    anchor,
                )),
                Some(Open::Map(entries, _, at, anchor)) => Some((
                    Node {
                        value: Value::Map(entries),
                        at,
                    },
                    anchor,
                )),
                None => None,
            },
            Event::Nothing
            | Event::StreamStart
            | Event::DocumentStart
            | Event::StreamEnd
            | Event::DocumentEnd => None,
        })
    }

    /// Puts a completed node in its place: remembered under its anchor,
    /// then the root, a sequence's item, a mapping's key or its value.
    fn attach(&mut self, node: Node, anchor: usize) -> Result<(), ParseError> {
        if anchor > 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, _, _)) => items.push(node),
            Some(Open::Map(entries, key, _, _)) => match key.take() {
                None => *key = Some(key_text(node)?),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// A mapping key's text: a scalar as written (`null` for nothing).
fn key_text(node: Node) -> Result<String, ParseError> {
    Ok(match node.value {
        Value::String(s) => s,
        Value::Number(_, raw) => raw,
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        _ => {
            return Err(ParseError {
                message: "a mapping key must be a string, not a collection".into(),
                at: node.at,
            });
        }
    })
}

/// Whether `s` is a number in JSON's syntax (RFC 8259 §6).
fn is_json_number(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int == 0 || (int > 1 && b[0] == b'0') {
        return false;
    }
    let mut i = int;
    if b.get(i) == Some(&b'.') {
        let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

fn too_deep() -> String {
    format!("nested deeper than {MAX_DEPTH} levels; a document this deep is refused")
}

fn too_many(at: Mark) -> ParseError {
    ParseError {
        message: format!(
            "aliases expand to too many values (more than {MAX_ALIAS_NODES} copied, or {MAX_NODES} in all): a YAML alias bomb (\"billion laughs\")? refused"
        ),
        at,
    }
}

/// A scalar's value: quoted and block scalars are strings; plain ones
/// follow the YAML 1.2 core schema. A key keeps its text (see [`parse`]).
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && (tag.handle == "!!" || tag.handle.starts_with("tag:yaml.org"))
        && tag.suffix.ends_with("str")
    {
        return Value::String(text);
    }
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let number = |t: &str| -> Option<serde_json::Number> {
        let first = t.bytes().next()?;
        if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
            return None;
        }
        if let Some(hex) = t.strip_prefix("0x") {
            return i64::from_str_radix(hex, 16).ok().map(Into::into);
        }
        if let Some(oct) = t.strip_prefix("0o") {
            return i64::from_str_radix(oct, 8).ok().map(Into::into);
        }
        if let Ok(i) = t.parse::<i64>() {
            return Some(i.into());
        }
        if let Ok(u) = t.parse::<u64>() {
            return Some(u.into());
        }
        let f: f64 = t.parse().ok()?;
        serde_json::Number::from_f64(f)
    };
    match number(&text) {
        Some(n) => Value::Number(n, text),
        None => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_places() {
        let doc = parse("a: 1\nb:\n  - 'x'\n  - null\n  - {c: true, \"200\": 2.5}\n").unwrap();
        assert_eq!(
            doc.to_json(),
            serde_json::json!({"a": 1, "b": ["x", null, {"c": true, "200": 2.5}]})
        );
        assert_eq!(doc.get("a").unwrap().at, Mark { line: 1, col: 4 });
        let c = doc.at_path(["b", "2", "c"]).unwrap();
        assert_eq!(c.at, Mark { line: 5, col: 9 });
        assert_eq!(
            doc.at_path(["b", "0"]).unwrap().at,
            Mark { line: 3, col: 5 }
        );
    }

    #[test]
    fn json_is_read_with_places() {
        let doc = parse("{\n  \"lines\": [\n    {\"amount\": \"12.00\"}\n  ]\n}\n").unwrap();
        let amount = doc.at_path(["lines", "0", "amount"]).unwrap();
        assert_eq!(amount.as_str(), Some("12.00"));
        assert_eq!(amount.at, Mark { line: 3, col: 16 });
        assert_eq!(
            doc.to_pretty_json(),
            "{\n  \"lines\": [\n    {\n      \"amount\": \"12.00\"\n    }\n  ]\n}"
        );
    }

    #[test]
    fn numbers_keep_how_they_are_written() {
        let doc = parse("[1200.00, 1e3, 0x1F, +7, .5]").unwrap();
        assert_eq!(
            doc.to_pretty_json(),
            "[\n  1200.00,\n  1e3,\n  31,\n  7,\n  0.5\n]"
        );
    }

    #[test]
    fn anchors_and_aliases_are_copied() {
        let doc = parse("a: &x {b: 1}\nc: *x\n").unwrap();
        assert_eq!(
            doc.to_json(),
            serde_json::json!({"a": {"b": 1}, "c": {"b": 1}})
        );
    }

    #[test]
    fn errors_have_places() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.at.line >= 2, "{e:?}");
        let e = parse("a: *nothing\n").unwrap_err();
        assert_eq!(e.at.line, 1);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
        );
        for i in 1..10 {
            let prev = (b'a' + i - 1) as char;
            let name = (b'a' + i) as char;
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let e = parse(&text).unwrap_err();
        // Exponential work would take hours; the budget stops it at once.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(e.message.contains("alias bomb"), "{e:?}");
        assert_eq!(e.at.line, 6, "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        for text in [
            "[".repeat(100_000),
            "{a: ".repeat(100_000),
            (0..200)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect(),
        ] {
            let e = parse(&text).unwrap_err();
            assert!(e.message.contains("nested deeper than 128 levels"), "{e:?}");
        }
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let doc = parse("[~, True, 0x1F, -3, 1e3, .5, '1', !!str 2, 2024-01-01, +7]").unwrap();
        assert_eq!(
            doc.to_json(),
            serde_json::json!([null, true, 31, -3, 1000.0, 0.5, "1", "2", "2024-01-01", 7])
        );
    }
}
