//! Layer 2 (the author API): OpenAPI documents as a source of API facts: the specs named in
//! `[preprocessor.integration-guide.openapi]`, read once per run and only
//! when a shortcode uses them ([`Specs`], kept in the engine's facts), and
//! standalone JSON Schema files (`schema=`).
//!
//! - [`yaml`]: YAML/JSON into a tree whose nodes know their line:col,
//!   with limits against alias bombs and deep nesting;
//! - [`load`]: a file and the local files its `$ref`s name;
//! - [`keywords`]: which keys of a spec are keywords, names or data;
//! - [`operation`]: operations, servers, parameters, bodies, responses,
//!   examples, and matching a request's method and URL to an operation;
//! - [`validate`]: JSON Schema validation with located violations.
//!
//! OpenAPI 3.0.x and 3.1.x are read (the `openapi` field, OpenAPI §4.8.1);
//! Swagger 2.0 (`swagger: "2.0"`) is refused with a way out.

pub mod keywords;
pub mod load;
pub mod operation;
pub mod validate;
pub mod yaml;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use load::{At, Docs};
use operation::Operation;
use validate::{Dialect, Direction, Schema};
use yaml::Node;

use crate::settings::Settings;

/// Which OpenAPI version a spec is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x: Schema Objects are draft 4 with `nullable`.
    V30,
    /// 3.1.x: Schema Objects are JSON Schema 2020-12.
    V31,
}

/// A compiled schema, or why it cannot be used (`file:line:col: ...`).
pub type Compiled = Arc<Result<Schema, String>>;

/// A spec, read.
#[derive(Debug)]
pub struct Api {
    /// Its files (the first the spec itself).
    pub docs: Docs,
    /// Its version.
    pub version: Version,
    /// Its operations, in the document's order.
    pub operations: Vec<Operation>,
    schemas: Mutex<HashMap<(usize, usize, Direction), Compiled>>,
}

impl Api {
    /// Reads a spec and the local files its `$ref`s name. `Err`: a
    /// message naming the file (and line:col where there is one).
    pub fn load(path: &Path, shown: &str) -> Result<Api, String> {
        let docs = Docs::load(path, shown)?;
        let root = &docs.docs[0].root;
        let version = match root.get("openapi") {
            Some(v) => {
                let text = v
                    .as_str()
                    .map_or_else(|| v.to_json().to_string(), String::from);
                if text.starts_with("3.0") {
                    Version::V30
                } else if text.starts_with("3.1") {
                    Version::V31
                } else {
                    return Err(format!(
                        "{}: OpenAPI {text} is not supported; this reads OpenAPI 3.0 and 3.1",
                        load::place(shown, v.at)
                    ));
                }
            }
            None => {
                if let Some(s) = root.get("swagger") {
                    return Err(format!(
                        "{}: this is a Swagger 2.0 document, which is not supported; convert it to OpenAPI 3 (e.g. `npx swagger2openapi {shown} -o spec.yaml`, or the Swagger Editor's \"Convert to OpenAPI 3\")",
                        load::place(shown, s.at)
                    ));
                }
                return Err(format!(
                    "{shown}:1:1: not an OpenAPI document: it has no `openapi` field (e.g. openapi: 3.1.0)"
                ));
            }
        };
        let operations = operation::index(&docs);
        Ok(Api {
            docs,
            version,
            operations,
            schemas: Mutex::new(HashMap::new()),
        })
    }

    /// The dialect of the spec's Schema Objects.
    pub fn dialect(&self) -> Dialect {
        match self.version {
            Version::V30 => Dialect::OpenApi30,
            Version::V31 => Dialect::JsonSchema(jsonschema::Draft::Draft202012),
        }
    }

    /// The compiled schema of a Media Type Object (`None`: it has none),
    /// compiled once per run: a schema that is only a `$ref` is the schema
    /// it names, so operations that share a component share its compiled
    /// form.
    pub fn media_schema(&self, media: At<'_>, direction: Direction) -> Option<Compiled> {
        let mut schema = At {
            doc: media.doc,
            node: media.node.get("schema")?,
        };
        if schema.node.entries().len() == 1 && schema.node.get("$ref").is_some() {
            schema = self.docs.deref(schema);
        }
        let key = (
            schema.doc,
            std::ptr::from_ref(schema.node) as usize,
            direction,
        );
        let mut cache = self.schemas.lock().unwrap_or_else(|e| e.into_inner());
        Some(
            cache
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(Schema::compile(
                        &self.docs,
                        schema,
                        self.dialect(),
                        Some(direction),
                    ))
                })
                .clone(),
        )
    }
}

/// A standalone JSON Schema file, compiled.
#[derive(Debug)]
pub struct SchemaFile {
    /// Its files.
    pub docs: Docs,
    /// The schema.
    pub schema: Schema,
}

/// The specs and schema files read in phase one (a fact of the engine),
/// by name (specs) and by path from the book's root (schema files).
#[derive(Debug, Default)]
pub struct Specs {
    by_name: HashMap<String, Arc<Result<Api, String>>>,
    files: HashMap<String, Arc<Result<SchemaFile, String>>>,
    /// What shortcodes found in the specs (phase two), to report once at
    /// the spec's place.
    in_spec: Mutex<Vec<InSpec>>,
}

/// A problem a shortcode found in a spec or a schema file it uses (an
/// example that breaks its schema, a schema that does not compile):
/// reported at `file:line:col`, with the shortcode as a related place.
#[derive(Debug, Clone)]
pub struct InSpec {
    /// The file, from the book's root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong (its span is replaced by the place in the file).
    pub diagnostic: crate::diagnostic::Diagnostic,
    /// The chapter (book order) of the shortcode that uses it.
    pub chapter: usize,
    /// The shortcode's place there.
    pub span: std::ops::Range<usize>,
    /// What the shortcode does with it ("this shortcode shows it").
    pub related: String,
    /// The mapping key whose value `line`:`col` is: the place reported
    /// when it is found before the value on its line.
    pub key: Option<String>,
}

/// The byte range of `key` (bare or quoted, followed by `:`) before byte
/// `value` on its line of `text`.
pub fn key_before(text: &str, value: usize, key: &str) -> Option<std::ops::Range<usize>> {
    let start = text[..value.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &text[start..value.min(text.len())];
    for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_string()] {
        if let Some(i) = line.rfind(&quoted)
            && line[i + quoted.len()..].trim_start().starts_with(':')
        {
            let q = usize::from(quoted.len() != key.len());
            return Some(start + i + q..start + i + q + key.len());
        }
    }
    None
}

impl Specs {
    /// A spec read in phase one.
    pub fn get(&self, name: &str) -> Option<&Result<Api, String>> {
        self.by_name.get(name).map(|a| &**a)
    }

    /// A schema file read in phase one.
    pub fn file(&self, path: &str) -> Option<&Result<SchemaFile, String>> {
        self.files.get(path).map(|a| &**a)
    }

    /// Reads the spec `name` declared in book.toml, unless already read.
    /// An undeclared name is left out (the shortcode reports it).
    pub fn ensure(&mut self, settings: &Settings, name: &str) {
        if self.by_name.contains_key(name) {
            return;
        }
        let Some((_, path)) = settings.openapi.iter().find(|(n, _)| n == name) else {
            return;
        };
        let read = match &settings.root {
            Some(root) => Api::load(&root.join(path), path),
            None => Err(format!(
                "{path}: the book's directory is not known, so the spec cannot be read"
            )),
        };
        self.by_name.insert(name.to_string(), Arc::new(read));
    }

    /// Reads every declared spec (to match a hand-written example).
    pub fn ensure_all(&mut self, settings: &Settings) {
        for (name, _) in &settings.openapi {
            self.ensure(settings, name);
        }
    }

    /// Reads and compiles a standalone schema file (a path from the
    /// book's root), unless already read.
    pub fn ensure_file(&mut self, settings: &Settings, path: &str) {
        if self.files.contains_key(path) {
            return;
        }
        let read = match &settings.root {
            Some(root) => Docs::load(&root.join(path), path).and_then(|docs| {
                let dialect = Dialect::of_schema(&docs.docs[0].root);
                let schema = Schema::compile(&docs, docs.root(), dialect, None)?;
                Ok(SchemaFile { docs, schema })
            }),
            None => Err(format!(
                "{path}: the book's directory is not known, so the schema cannot be read"
            )),
        };
        self.files.insert(path.to_string(), Arc::new(read));
    }

    /// The declared specs that were read, in book.toml's order.
    pub fn loaded<'a>(
        &'a self,
        settings: &'a Settings,
    ) -> impl Iterator<Item = (&'a str, &'a Api)> + 'a {
        settings
            .openapi
            .iter()
            .filter_map(|(name, _)| match self.by_name.get(name).map(|a| &**a) {
                Some(Ok(api)) => Some((name.as_str(), api)),
                _ => None,
            })
    }
}

/// A spec that could not be read, located: in the spec (or a file it
/// `$ref`s) at the line:col the reader gave, or at the spec's key in
/// book.toml when the file itself is missing.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file, from the book's root (`specs/globex.yaml`, `book.toml`).
    pub file: String,
    /// Its text (to show the line), empty when it cannot be read.
    pub text: String,
    /// The diagnostic, its span a byte range of `text`.
    pub diagnostic: crate::diagnostic::Diagnostic,
}

/// The code of a spec that cannot be read (`check` rule `openapi-spec`).
pub const SPEC_CODE: &str = "openapi-spec";

/// `file:line:col: message` (or `file: message`) split into its parts:
/// the file, the line and column, the message.
pub fn split_place(e: &str) -> (Option<&str>, Option<(usize, usize)>, &str) {
    let Some((head, rest)) = e.split_once(": ") else {
        return (None, None, e);
    };
    let mut parts = head.rsplitn(3, ':');
    let (col, line, file) = (parts.next(), parts.next(), parts.next());
    match (
        file,
        line.and_then(|l| l.parse().ok()),
        col.and_then(|c| c.parse().ok()),
    ) {
        (Some(file), Some(line), Some(col)) => (Some(file), Some((line, col)), rest),
        _ if !head.contains(' ') => (Some(head), None, rest),
        _ => (None, None, e),
    }
}

/// The byte range of the character at 1-based `line`:`col` of `text`.
fn span_at(text: &str, line: usize, col: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let l = l.trim_end_matches(['\n', '\r']);
            let at = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            let end = l[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            return start + at..start + end;
        }
        start += l.len();
    }
    text.len()..text.len()
}

impl Specs {
    /// Records a problem in a spec or schema file (see [`InSpec`]).
    pub fn report_in_spec(&self, found: InSpec) {
        self.in_spec
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(found);
    }

    /// The problems [`Specs::report_in_spec`] recorded, each once (by
    /// place and message), with every shortcode that met it as a related
    /// place: (file, its text, the diagnostic).
    pub fn in_spec(&self, settings: &Settings) -> Vec<Problem> {
        use crate::diagnostic::Place;
        let found = std::mem::take(&mut *self.in_spec.lock().unwrap_or_else(|e| e.into_inner()));
        let mut out: Vec<(InSpec, Problem)> = Vec::new();
        for f in found {
            if let Some((_, p)) = out.iter_mut().find(|(o, _)| {
                (&o.file, o.line, o.col, &o.diagnostic.message)
                    == (&f.file, f.line, f.col, &f.diagnostic.message)
            }) {
                if !p
                    .diagnostic
                    .related
                    .iter()
                    .any(|r| r.place == Place::Chapter(f.chapter) && r.span == f.span)
                {
                    p.diagnostic = p.diagnostic.clone().with_related(
                        Place::Chapter(f.chapter),
                        f.span.clone(),
                        f.related.clone(),
                    );
                }
                continue;
            }
            let text = settings
                .root
                .as_ref()
                .and_then(|r| std::fs::read_to_string(r.join(&f.file)).ok())
                .unwrap_or_default();
            let mut d = f.diagnostic.clone();
            d.span = span_at(&text, f.line, f.col);
            if let Some(key) = &f.key
                && let Some(k) = key_before(&text, d.span.start, key)
            {
                d.span = k;
            }
            d = d.with_related(Place::Chapter(f.chapter), f.span.clone(), f.related.clone());
            out.push((
                f.clone(),
                Problem {
                    file: f.file,
                    text,
                    diagnostic: d,
                },
            ));
        }
        out.sort_by(|(a, _), (b, _)| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        out.into_iter().map(|(_, p)| p).collect()
    }

    /// The specs that were needed (a shortcode names them, or a
    /// hand-written `api-example` is matched against every declared spec)
    /// and could not be read, once each, in book.toml's order.
    pub fn problems<'s>(&self, settings: &'s Settings) -> Vec<(&'s str, Problem)> {
        use crate::diagnostic::Diagnostic;
        let read = |file: &str| {
            settings
                .root
                .as_ref()
                .and_then(|r| std::fs::read_to_string(r.join(file)).ok())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for (name, path) in &settings.openapi {
            let Some(Err(e)) = self.get(name) else {
                continue;
            };
            let (file, at, message) = split_place(e);
            let unread = file == Some(path.as_str()) && at.is_none();
            if unread || settings.root.is_none() {
                // The spec itself is missing (or unreadable): at its key.
                let text = read("book.toml");
                let span = crate::book_toml::key_span(
                    &text,
                    Some("[preprocessor.integration-guide.openapi]"),
                    Some(name),
                );
                let message = if message == "no such file" {
                    format!("the spec `{name}` = \"{path}\" does not exist")
                } else {
                    format!("the spec `{name}` = \"{path}\": {message}")
                };
                out.push((
                    name.as_str(),
                    Problem {
                        file: "book.toml".into(),
                        text,
                        diagnostic: Diagnostic::error(span, message).with_code(SPEC_CODE).with_hint(
                            "fix the path in [preprocessor.integration-guide.openapi]: it is from the book's root (where book.toml is)",
                        ),
                    },
                ));
                continue;
            }
            let file = file.unwrap_or(path).to_string();
            let text = read(&file);
            let (line, col) = at.unwrap_or((1, 1));
            out.push((
                name.as_str(),
                Problem {
                    diagnostic: Diagnostic::error(span_at(&text, line, col), message)
                        .with_code(SPEC_CODE)
                        .with_hint(format!(
                            "fix the spec `{name}`: until it can be read, no shortcode can use it and no hand-written `api-example` is checked against it"
                        )),
                    file,
                    text,
                },
            ));
        }
        out
    }
}

/// The node at a JSON Pointer's segments, or the deepest one on the way
/// (to point at the closest place that exists).
pub fn locate<'a>(root: &'a Node, segments: &[String]) -> &'a Node {
    let mut node = root;
    for s in segments {
        match node.at_path([s.as_str()]) {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Result<Api, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        Api::load(&dir.path().join(name), name)
    }

    #[test]
    fn a_json_3_0_spec_with_nullable_and_server_variables() {
        let api = load(
            "s.json",
            r#"{
  "openapi": "3.0.3",
  "servers": [{"url": "https://{host}/api/v1", "variables": {"host": {"default": "x.example"}}}],
  "paths": {
    "/things/{id}": {
      "put": {
        "operationId": "putThing",
        "requestBody": {"content": {"application/json; charset=utf-8": {
          "schema": {"type": "object", "properties": {"note": {"type": "string", "nullable": true}}}
        }}},
        "responses": {"2XX": {"description": "ok"}, "default": {"description": "error"}}
      }
    }
  }
}"#,
        )
        .unwrap();
        assert_eq!(api.version, Version::V30);
        let op = api.by_id("putThing").unwrap();
        assert_eq!(api.servers(op), vec!["https://x.example/api/v1"]);
        assert!(
            api.match_url("PUT", "https://x.example/api/v1/things/7")
                .is_some()
        );
        assert!(
            api.match_url("GET", "https://x.example/api/v1/things/7")
                .is_none()
        );
        assert!(
            api.match_url("PUT", "https://x.example/api/v1/things")
                .is_none()
        );
        assert_eq!(api.response_for(op, 204).unwrap().code, "2XX");
        assert_eq!(api.response_for(op, 500).unwrap().code, "default");
        let media = api.request_media(op).unwrap();
        let schema = api.media_schema(media, Direction::Request).unwrap();
        let schema = schema.as_ref().as_ref().unwrap();
        assert!(
            schema
                .violations(&serde_json::json!({"note": null}))
                .is_empty()
        );
        assert_eq!(schema.violations(&serde_json::json!({"note": 1})).len(), 1);
    }

    #[test]
    fn versions_other_than_3_0_and_3_1_are_refused() {
        let e = load("a.yaml", "swagger: '2.0'\n").unwrap_err();
        assert!(
            e.starts_with("a.yaml:1:10: this is a Swagger 2.0 document"),
            "{e}"
        );
        let e = load("b.yaml", "openapi: 4.0.0\n").unwrap_err();
        assert_eq!(
            e,
            "b.yaml:1:10: OpenAPI 4.0.0 is not supported; this reads OpenAPI 3.0 and 3.1"
        );
        let e = load("c.yaml", "info: {}\n").unwrap_err();
        assert!(e.starts_with("c.yaml:1:1: not an OpenAPI document"), "{e}");
    }
}
