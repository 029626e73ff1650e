//! `--format arazzo`: an Arazzo 1.0.1 document (written as JSON, which is
//! YAML too), run with Redocly CLI: `respect FILE --input NAME=value
//! --server NAME=URL`.
//!
//! `sourceDescriptions` are the book's specs under their book.toml names,
//! by paths relative to the exported file's folder ([`super::SpecRef`]),
//! plus `guide-requests`, an OpenAPI 3.1 description generated for the
//! requests no spec documents (the token request, say), written beside the
//! document as `<stem>.openapi.json`. One workflow for the guide; a step
//! per request, by `operationId` when the spec gives one, else by
//! `operationPath`; its `successCriteria` check the status and every
//! documented value ([`super::expect`], `run`'s rules), its `outputs` are
//! the captures, which later steps read as `$steps.<id>.outputs.NAME`. The
//! inputs are the workflow's `inputs` (`$inputs.NAME`).

use serde_json::{Map, Value, json};

use super::expect::{self, Check};
use super::vars::{self, Piece};
use super::{Exported, Guide, OperationRef, basic, form_fields, headers, request_name, step_id};
use crate::http::Exchange;

/// The generated description's name in `sourceDescriptions`.
pub const GENERATED: &str = "guide-requests";

/// The Arazzo document and, when some request has no spec operation, the
/// generated OpenAPI description (`<stem>.openapi.json`).
pub fn document(guide: &Guide<'_>, stem: &str) -> Exported {
    let generated_file = format!("{stem}.openapi.json");
    let mut generated = Generated::default();
    let mut steps = Vec::new();
    for (i, e) in guide.exchanges.iter().enumerate() {
        let op = (guide.operation)(e);
        steps.push(step(guide, i, e, op.as_ref(), &mut generated));
    }
    let mut sources: Vec<Value> = guide
        .specs
        .iter()
        .map(|s| json!({"name": s.name, "url": s.url, "type": "openapi"}))
        .collect();
    let mut companions = Vec::new();
    if !generated.paths.is_empty() {
        sources.push(
            json!({"name": GENERATED, "url": format!("./{generated_file}"), "type": "openapi"}),
        );
        companions.push((generated_file, generated.text(guide)));
    }
    let mut inputs = guide.inputs();
    let mut properties = Map::new();
    for name in &inputs {
        properties.insert(
            name.clone(),
            json!({"type": "string", "description": "From the process environment when the guide is run."}),
        );
    }
    // `{run:id}`: Arazzo has no generator, so the runner supplies a value
    // unique to each execution.
    if guide.exchanges.iter().any(|e| e.request.uses_run_id()) {
        properties.insert(
            vars::RUN_ID_INPUT.into(),
            json!({"type": "string", "description": "A value unique to each execution of the workflow (the guide's {run:id}, e.g. an Idempotency-Key): supply a fresh UUID on every run."}),
        );
        inputs.push(vars::RUN_ID_INPUT.to_string());
    }
    let doc = json!({
        "arazzo": "1.0.1",
        "info": {
            "title": guide.title,
            "version": "1.0.0",
            "description": format!(
                "The requests of the integration guide `{}` for the environment `{}`, in reading order, with the guide's checks. Exported by mdbook-integration-guide.",
                guide.id, guide.environment
            ),
        },
        "sourceDescriptions": sources,
        "workflows": [{
            "workflowId": workflow_id(&guide.id),
            "summary": guide.title,
            "inputs": {"type": "object", "properties": properties, "required": inputs},
            "steps": steps,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    Exported { text, companions }
}

/// `[A-Za-z0-9_-]+`, as Arazzo recommends for ids.
fn workflow_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "guide".into() } else { s }
}

/// A value with variables as a runtime expression: the expression alone
/// when the value is one variable, else a string embedding `{$...}`.
fn expression(guide: &Guide<'_>, at: usize, text: &str, decode: bool) -> Value {
    let var = |name: &str| match vars::captured_by(guide.exchanges, at, name) {
        _ if name == vars::RUN_ID => format!("$inputs.{}", vars::RUN_ID_INPUT),
        Some(i) => format!("$steps.{}.outputs.{name}", step_id(i, &guide.exchanges[i])),
        None => format!("$inputs.{name}"),
    };
    let pieces = vars::pieces(text);
    if let [Piece::Var(v)] = pieces.as_slice() {
        return Value::from(var(v));
    }
    let lit = |t: &str| {
        if decode {
            percent_decode(t)
        } else {
            t.to_string()
        }
    };
    Value::from(vars::render(text, lit, |v| format!("{{{}}}", var(v))))
}

fn step(
    guide: &Guide<'_>,
    i: usize,
    e: &Exchange,
    op: Option<&OperationRef>,
    generated: &mut Generated,
) -> Value {
    let mut step = Map::new();
    step.insert("stepId".into(), step_id(i, e).into());
    step.insert(
        "description".into(),
        format!(
            "{} ({}:{})",
            request_name(e),
            e.source.chapter,
            e.source.line
        )
        .into(),
    );
    let path_params = target(&mut step, i, e, op, generated);
    let params = parameters(guide, i, e, path_params);
    if !params.is_empty() {
        step.insert("parameters".into(), params.into());
    }
    if let Some(rb) = request_body(guide, i, e) {
        step.insert("requestBody".into(), rb);
    }
    if let Some((user, password)) = basic(&e.request) {
        // Redocly Respect's x-security (Arazzo has no expression that
        // encodes Basic credentials).
        step.insert(
            "x-security".into(),
            json!([{
                "scheme": {"type": "http", "scheme": "basic"},
                "values": {
                    "username": expression(guide, i, user, false),
                    "password": expression(guide, i, password, false),
                },
            }]),
        );
    }
    // Unique items (the schema's rule): `[[]]` and `[{}]` give the same
    // criterion twice.
    let mut unique: Vec<Value> = Vec::new();
    for c in expect::checks(e).iter().flat_map(criteria) {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    let criteria = unique;
    step.insert("successCriteria".into(), criteria.into());
    if !e.captures.is_empty() {
        let outputs: Map<String, Value> = e
            .captures
            .iter()
            .map(|c| {
                (
                    c.variable.clone(),
                    format!("$response.body#{}", c.pointer).into(),
                )
            })
            .collect();
        step.insert("outputs".into(), outputs.into());
    }
    Value::Object(step)
}

/// Names the step's operation (`operationId` or `operationPath`; a
/// generated one for a request no spec documents) and returns the path
/// parameters' values.
fn target(
    step: &mut Map<String, Value>,
    i: usize,
    e: &Exchange,
    op: Option<&OperationRef>,
    generated: &mut Generated,
) -> Vec<(String, String)> {
    let r = &e.request;
    match op {
        Some(op) => {
            let rest = r
                .url
                .path
                .strip_prefix(&op.base_path)
                .unwrap_or(&r.url.path);
            let (key, value) = match &op.id {
                Some(id) => (
                    "operationId",
                    format!("$sourceDescriptions.{}.{id}", op.spec),
                ),
                None => (
                    "operationPath",
                    format!(
                        "{{$sourceDescriptions.{}.url}}#/paths/{}/{}",
                        op.spec,
                        op.path.replace('~', "~0").replace('/', "~1"),
                        op.method.to_ascii_lowercase()
                    ),
                ),
            };
            step.insert(key.into(), value.into());
            template_values(&op.path, rest)
        }
        None => {
            let (id, values) = generated.add(i, e);
            step.insert(
                "operationId".into(),
                format!("$sourceDescriptions.{GENERATED}.{id}").into(),
            );
            values
        }
    }
}

/// The step's parameters: path, query, then headers (`Content-Type` goes
/// with the request body).
fn parameters(
    guide: &Guide<'_>,
    i: usize,
    e: &Exchange,
    path_params: Vec<(String, String)>,
) -> Vec<Value> {
    let r = &e.request;
    let mut params = Vec::new();
    for (name, value) in path_params {
        params
            .push(json!({"name": name, "in": "path", "value": expression(guide, i, &value, true)}));
    }
    for q in &r.url.query {
        params.push(
            json!({"name": q.name, "in": "query", "value": expression(guide, i, &q.value, false)}),
        );
    }
    for (k, v) in headers(r) {
        if !k.eq_ignore_ascii_case("content-type") || r.body.is_none() {
            params
                .push(json!({"name": k, "in": "header", "value": expression(guide, i, &v, false)}));
        }
    }
    params
}

/// The request body: a JSON body as its value, a form's fields as an
/// object of expressions, anything else as text.
fn request_body(guide: &Guide<'_>, i: usize, e: &Exchange) -> Option<Value> {
    let r = &e.request;
    let body = r.body.as_ref()?;
    if let Some(fields) = form_fields(r) {
        let payload: Map<String, Value> = fields
            .iter()
            .map(|f| (f.name.clone(), expression(guide, i, &f.value, false)))
            .collect();
        return Some(json!({"contentType": crate::http::FORM, "payload": payload}));
    }
    let content_type = headers(r)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v);
    // `{run:id}` embedded as a runtime expression (Arazzo 1.0.1 §4.8.17:
    // `{$inputs.run_id}` inside a string).
    let text = body
        .text
        .replace(vars::RUN_ID, &format!("{{$inputs.{}}}", vars::RUN_ID_INPUT));
    let payload = match content_type.as_deref() {
        Some(m) if m.contains("json") => {
            serde_json::from_str(&text).unwrap_or_else(|_| Value::from(text.clone()))
        }
        _ => Value::from(text.clone()),
    };
    let mut rb = json!({"payload": payload});
    if let Some(ct) = content_type {
        rb["contentType"] = ct.into();
    }
    Some(rb)
}

/// Arazzo criteria for a check: simple conditions on runtime expressions,
/// a regex for strings. An array's length is checked as "at least the
/// documented elements" (Respect cannot test for an absent element).
fn criteria(check: &Check) -> Vec<Value> {
    let at = |p: &[expect::Seg]| format!("$response.body#{}", expect::pointer(p));
    let simple = |c: String| json!({"condition": c});
    let regex = |ctx: String, re: String| json!({"context": ctx, "condition": re, "type": "regex"});
    match check {
        Check::Status(s) => vec![simple(format!("$statusCode == {s}"))],
        Check::Success => vec![
            simple("$statusCode >= 200".into()),
            simple("$statusCode < 300".into()),
        ],
        Check::Equals(p, Value::String(s)) => vec![regex(at(p), format!("^{}$", regex_escape(s)))],
        Check::Equals(p, v) => vec![simple(format!("{} == {v}", at(p)))],
        Check::Prefix(p, s) => vec![regex(at(p), format!("^{}", regex_escape(s)))],
        Check::Present(p) | Check::Object(p) => vec![simple(format!("{} != null", at(p)))],
        // Respect fails a runtime expression that reaches no value, so
        // "no element n" cannot be written: at least the documented ones.
        Check::Length(p, 0) => vec![simple(format!("{} != null", at(p)))],
        Check::Length(p, n) => vec![simple(format!("{}/{} != null", at(p), n - 1))],
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path parameters of `path` under `template` (`/a/{id}` and `/a/$ID`
/// give `id` = `$ID`); empty when they do not match segment for segment.
fn template_values(template: &str, path: &str) -> Vec<(String, String)> {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if t.len() != p.len() {
        return Vec::new();
    }
    t.iter()
        .zip(&p)
        .filter_map(|(t, p)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            Some((name.to_string(), p.to_string()))
        })
        .collect()
}

/// The generated OpenAPI description: one operation per method and path
/// of the requests no spec documents; a segment holding a variable becomes
/// a path parameter named after it.
#[derive(Default)]
struct Generated {
    /// (template, method, operationId, origin)
    paths: Vec<(String, String, String, String)>,
}

impl Generated {
    /// The operationId for `e` (shared by requests with the same method and
    /// path) and its path parameters' values.
    fn add(&mut self, i: usize, e: &Exchange) -> (String, Vec<(String, String)>) {
        let r = &e.request;
        let mut values = Vec::new();
        let template: Vec<String> = r
            .url
            .path
            .split('/')
            .map(|seg| {
                let pieces = vars::pieces(seg);
                match pieces.iter().find_map(|p| match p {
                    Piece::Var(v) => Some(*v),
                    Piece::Text(_) | Piece::RunId => None,
                }) {
                    Some(v) => {
                        values.push((v.to_string(), seg.to_string()));
                        format!("{{{v}}}")
                    }
                    None => seg.to_string(),
                }
            })
            .collect();
        let template = template.join("/");
        if let Some((_, _, id, _)) = self
            .paths
            .iter()
            .find(|(t, m, _, _)| *t == template && *m == r.method)
        {
            return (id.clone(), values);
        }
        let id = step_id(i, e);
        let origin = vars::render(&r.url.origin, str::to_string, |_| String::new());
        self.paths
            .push((template, r.method.clone(), id.clone(), origin));
        (id, values)
    }

    fn text(&self, guide: &Guide<'_>) -> String {
        let mut paths = Map::new();
        for (template, method, id, origin) in &self.paths {
            let params: Vec<Value> = template
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
                .collect();
            let mut op = json!({
                "operationId": id,
                "responses": {"default": {"description": "As the guide documents it."}},
            });
            if !params.is_empty() {
                op["parameters"] = params.into();
            }
            if origin.contains("://") {
                op["servers"] = json!([{"url": origin}]);
            }
            let item = paths
                .entry(template.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            item[method.to_ascii_lowercase()] = op;
        }
        let doc = json!({
            "openapi": "3.1.0",
            "info": {
                "title": format!("{}: requests no spec of the book documents", guide.title),
                "version": "1.0.0",
            },
            "paths": paths,
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    }
}
