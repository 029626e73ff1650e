//! `--format postman`: a Postman Collection v2.1 (schema
//! `https://schema.getpostman.com/json/collection/v2.1.0/collection.json`).
//!
//! A folder per chapter, the requests in reading order; each request's
//! `test` script asserts the status and every documented value
//! ([`super::expect`], `run`'s rules) with one `pm.test` each, and sets the
//! request's captures with `pm.collectionVariables.set`. Variables are
//! written `{{NAME}}`; the inputs are collection variables without a value,
//! which `newman run --env-var NAME=value` (or a Postman environment)
//! supplies.

use serde_json::{Value, json};

use super::expect::{self, Check, Seg, js_path, js_string};
use super::{Guide, basic, form_fields, headers, request_name, url_with, vars};
use crate::http::Exchange;

/// The v2.1.0 schema URL `info.schema` names.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The collection as JSON text (pretty, ends with a line break).
pub fn collection_text(guide: &Guide<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&collection(guide)).unwrap_or_default();
    text.push('\n');
    text
}

/// The collection.
pub fn collection(guide: &Guide<'_>) -> Value {
    let mut folders: Vec<(String, Vec<Value>)> = Vec::new();
    for (i, e) in guide.exchanges.iter().enumerate() {
        let chapter = &e.source.chapter;
        let item = item(i, e);
        match folders.last_mut() {
            Some((c, items)) if c == chapter => items.push(item),
            _ => folders.push((chapter.clone(), vec![item])),
        }
    }
    let item: Vec<Value> = folders
        .into_iter()
        .map(|(chapter, items)| json!({"name": guide.chapter_title(&chapter), "item": items}))
        .collect();
    let variable: Vec<Value> = guide
        .inputs()
        .into_iter()
        .map(|name| {
            json!({
                "key": name,
                "type": "string",
                "description": format!("From the process environment: newman run --env-var {name}=..."),
            })
        })
        .collect();
    json!({
        "info": {
            // The environment in the name: a reader who imports the sandbox
            // and the production collections tells them apart in Postman's
            // sidebar (the id is in the description).
            "name": format!("{} ({})", guide.title, guide.environment),
            "description": format!(
                "The requests of the integration guide `{}` for the environment `{}`, in reading order, with the guide's checks. Exported by mdbook-integration-guide.",
                guide.id, guide.environment
            ),
            "schema": SCHEMA,
        },
        "item": item,
        "variable": variable,
    })
}

/// A variable as Postman writes it; `{run:id}` as Postman's dynamic
/// variable `{{$guid}}`, a fresh UUID v4 on each send.
fn postman_var(name: &str) -> String {
    if name == vars::RUN_ID {
        return POSTMAN_RUN_ID.to_string();
    }
    format!("{{{{{name}}}}}")
}

/// What `{run:id}` is in a collection.
pub const POSTMAN_RUN_ID: &str = "{{$guid}}";

fn item(index: usize, e: &Exchange) -> Value {
    let r = &e.request;
    let header: Vec<Value> = headers(r)
        .into_iter()
        .map(|(k, v)| json!({"key": k, "value": vars::render(&v, str::to_string, postman_var)}))
        .collect();
    let mut request = json!({
        "method": r.method,
        "header": header,
        "url": url_with(r, &postman_var),
    });
    if let Some((user, password)) = basic(r) {
        let v = |t: &str| vars::render(t, str::to_string, postman_var);
        request["auth"] = json!({"type": "basic", "basic": [
            {"key": "username", "value": v(user), "type": "string"},
            {"key": "password", "value": v(password), "type": "string"},
        ]});
    }
    if let Some(fields) = form_fields(r) {
        let v = |t: &str| vars::render(t, str::to_string, postman_var);
        let list: Vec<Value> = fields
            .iter()
            .map(|f| json!({"key": v(&f.name), "value": v(&f.value), "type": "text"}))
            .collect();
        request["body"] = json!({"mode": "urlencoded", "urlencoded": list});
    } else if let Some(body) = &r.body {
        let raw = body.text.replace(vars::RUN_ID, POSTMAN_RUN_ID);
        let mut b = json!({"mode": "raw", "raw": raw});
        if body
            .media_type
            .as_deref()
            .is_some_and(|m| m.contains("json"))
        {
            b["options"] = json!({"raw": {"language": "json"}});
        }
        request["body"] = b;
    }
    json!({
        "name": request_name(e),
        "description": format!("{}:{} (step {})", e.source.chapter, e.source.line, index + 1),
        "request": request,
        "event": [{
            "listen": "test",
            "script": {"type": "text/javascript", "exec": test_script(e)},
        }],
    })
}

/// The `test` script's lines.
fn test_script(e: &Exchange) -> Vec<String> {
    let mut lines = vec![
        expect::JS_AT.to_string(),
        "let body; try { body = pm.response.json(); } catch (e) { body = undefined; }".to_string(),
    ];
    for check in expect::checks(e) {
        lines.push(format!(
            "pm.test({}, function () {{ {} }});",
            js_string(&expect::describe(&check)),
            assertion(&check)
        ));
    }
    for c in &e.captures {
        let path = js_pointer(&c.pointer);
        lines.push(format!(
            "pm.test({name}, function () {{ const v = at(body, {path}); pm.expect(v, {ptr}).to.not.equal(undefined); pm.collectionVariables.set({var}, typeof v === \"string\" ? v : JSON.stringify(v)); }});",
            name = js_string(&format!("captures {} from {}", c.variable, c.pointer)),
            ptr = js_string(&c.pointer),
            var = js_string(&c.variable),
        ));
    }
    lines
}

fn assertion(check: &Check) -> String {
    let at = |p: &[Seg]| {
        format!(
            "pm.expect(at(body, {}), {})",
            js_path(p),
            js_string(&expect::pointer(p))
        )
    };
    match check {
        Check::Status(s) => format!("pm.response.to.have.status({s});"),
        Check::Success => "pm.expect(pm.response.code).to.be.within(200, 299);".to_string(),
        Check::Equals(p, v) => format!("{}.to.eql({v});", at(p)),
        Check::Prefix(p, s) => format!(
            "{}.to.be.a(\"string\").and.satisfy(function (s) {{ return s.startsWith({}); }});",
            at(p),
            js_string(s)
        ),
        Check::Present(p) => format!("{}.to.not.equal(undefined);", at(p)),
        Check::Length(p, n) => format!("{}.to.be.an(\"array\").with.lengthOf({n});", at(p)),
        Check::Object(p) => format!("{}.to.be.an(\"object\");", at(p)),
    }
}

/// A JSON Pointer's reference tokens as a JavaScript array of strings
/// (`/a~1b/0` → `["a/b", "0"]`; the `at` helper reads array indices from
/// strings too).
pub fn js_pointer(pointer: &str) -> String {
    let items: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| js_string(&t.replace("~1", "/").replace("~0", "~")))
        .collect();
    format!("[{}]", items.join(", "))
}
