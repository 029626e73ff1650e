//! `--format hurl`: a Hurl file (hurl.dev, file format 4+), run with
//! `hurl --test --variable NAME=value FILE`.
//!
//! Each entry: the request, `HTTP <status>` (`HTTP *` with a 2xx assert
//! when the guide documents none), `[Captures]` with `jsonpath`, and
//! `[Asserts]` for every documented value ([`super::expect`], `run`'s
//! rules). Every variable is a Hurl variable `{{NAME}}`: captured ones are
//! set by the entry that captures them, inputs come from `--variable` or
//! `HURL_VARIABLE_NAME`.

use serde_json::Value;

use super::expect::{self, Check, jsonpath};
use super::{Guide, basic, form_fields, headers, request_name, url_with, vars};
use crate::http::Exchange;

/// The Hurl file.
pub fn file(guide: &Guide<'_>) -> String {
    let inputs = guide.inputs();
    let mut out = format!(
        "# {}: the requests of the integration guide `{}` for the environment `{}`, in reading order.\n# Exported by mdbook-integration-guide. Run: hurl --test{} THIS_FILE\n",
        guide.title.replace('\n', " "),
        guide.id,
        guide.environment,
        inputs
            .iter()
            .map(|n| format!(" --variable {n}=..."))
            .collect::<String>()
    );
    for e in guide.exchanges {
        out.push('\n');
        entry(&mut out, e);
    }
    out
}

/// What `{run:id}` is in a Hurl file: the template function `newUuid`
/// (a fresh UUID v4 on each call; Hurl 6.0 and later).
pub const HURL_RUN_ID: &str = "{{newUuid}}";

fn hurl_var(name: &str) -> String {
    if name == vars::RUN_ID {
        return HURL_RUN_ID.to_string();
    }
    format!("{{{{{name}}}}}")
}

fn entry(out: &mut String, e: &Exchange) {
    let r = &e.request;
    out.push_str(&format!(
        "# {} ({}:{})\n",
        request_name(e),
        e.source.chapter,
        e.source.line
    ));
    out.push_str(&format!("{} {}\n", r.method, url_with(r, &hurl_var)));
    let fields = form_fields(r);
    for (k, v) in headers(r) {
        // [FormParams] sets the form's Content-Type itself.
        if fields.is_some() && k.eq_ignore_ascii_case("content-type") {
            continue;
        }
        out.push_str(&format!(
            "{k}: {}\n",
            vars::render(&v, str::to_string, hurl_var)
        ));
    }
    let text = |t: &str| vars::render(t, str::to_string, hurl_var);
    if let Some((user, password)) = basic(r) {
        out.push_str(&format!(
            "[BasicAuth]\n{}: {}\n",
            text(user),
            text(password)
        ));
    }
    if let Some(fields) = fields {
        out.push_str("[FormParams]\n");
        for f in fields {
            out.push_str(&format!("{}: {}\n", text(&f.name), text(&f.value)));
        }
    } else if let Some(body) = &r.body {
        let text = body.text.replace(vars::RUN_ID, HURL_RUN_ID);
        out.push_str(&body_text(&text, body.media_type.as_deref()));
    }
    let checks = expect::checks(e);
    match checks.first() {
        Some(Check::Status(s)) => out.push_str(&format!("HTTP {s}\n")),
        _ => out.push_str("HTTP *\n"),
    }
    if !e.captures.is_empty() {
        out.push_str("[Captures]\n");
        for c in &e.captures {
            out.push_str(&format!(
                "{}: jsonpath {}\n",
                c.variable,
                quoted(&pointer_jsonpath(&c.pointer))
            ));
        }
    }
    let asserts: Vec<String> = checks.iter().filter_map(assert).collect();
    if !asserts.is_empty() {
        out.push_str("[Asserts]\n");
        for a in asserts {
            out.push_str(&a);
            out.push('\n');
        }
    }
}

/// The body: JSON as written (Hurl reads it as a JSON body), anything else
/// as a one-line `` `string` `` or a ```` ``` ```` multiline string.
fn body_text(text: &str, media: Option<&str>) -> String {
    let json = media.is_some_and(|m| m.contains("json"))
        && serde_json::from_str::<Value>(text).is_ok()
        && matches!(text.trim_start().chars().next(), Some('{' | '['));
    if json {
        return format!("{text}\n");
    }
    if !text.contains(['\n', '\r', '`', '\\', '{']) {
        return format!("`{text}`\n");
    }
    format!("```\n{text}\n```\n")
}

fn assert(check: &Check) -> Option<String> {
    let q = |p: &[expect::Seg]| format!("jsonpath {}", quoted(&jsonpath(p)));
    Some(match check {
        Check::Status(_) => return None,
        Check::Success => "status >= 200\nstatus < 300".to_string(),
        Check::Equals(p, v) => format!("{} == {}", q(p), literal(v)),
        Check::Prefix(p, s) => format!("{} startsWith {}", q(p), quoted(s)),
        Check::Present(p) => format!("{} exists", q(p)),
        Check::Length(p, n) => format!("{} count == {n}", q(p)),
        Check::Object(p) => format!("{} isCollection", q(p)),
    })
}

/// A scalar as a Hurl predicate value.
fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => quoted(s),
        other => other.to_string(),
    }
}

/// A Hurl quoted string: `"..."` with `"`, `\`, control characters and
/// `{{` escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    let mut prev_brace = false;
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '{' if prev_brace => out.push_str("\\{"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
        prev_brace = c == '{';
    }
    out.push('"');
    out
}

/// A capture's JSON Pointer as a JSONPath.
fn pointer_jsonpath(pointer: &str) -> String {
    let segs: Vec<expect::Seg> = pointer
        .split('/')
        .skip(1)
        .map(|t| {
            let t = t.replace("~1", "/").replace("~0", "~");
            match t.parse::<usize>() {
                Ok(i) if !t.starts_with('0') || t == "0" => expect::Seg::Index(i),
                _ => expect::Seg::Key(t),
            }
        })
        .collect();
    jsonpath(&segs)
}
