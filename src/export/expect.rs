//! What an exported request checks, derived once from the guide's
//! [`Expectation`] so that every format asserts the same things, by `run`'s
//! rules (issue "run", check (c)): the documented response is a subset of
//! the real one — every documented key present with an equal value, extra
//! keys allowed; a JSON Pointer in `ignore` keeps the key's presence but
//! not its value; a documented string ending in `...` matches any string
//! that starts with the part before it. Arrays are compared element by
//! element and must have the documented length.

use serde_json::Value;

use crate::http::{Exchange, Expectation};

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// One check on the response.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The status equals the documented one.
    Status(u16),
    /// No status documented: any 2xx.
    Success,
    /// The value at the path equals this scalar (string, number, boolean,
    /// null).
    Equals(Vec<Seg>, Value),
    /// The value at the path is a string starting with this (`"abc..."`).
    Prefix(Vec<Seg>, String),
    /// The path exists (`ignore`d values).
    Present(Vec<Seg>),
    /// The value at the path is an array of this length.
    Length(Vec<Seg>, usize),
    /// The value at the path is an object (a documented `{}`).
    Object(Vec<Seg>),
}

/// The checks of an exchange: its status, then each documented value
/// (object members in name order). A documented body that is not JSON adds no value checks.
pub fn checks(exchange: &Exchange) -> Vec<Check> {
    let e = &exchange.expect;
    let mut out = vec![match e.status {
        Some(s) => Check::Status(s),
        None => Check::Success,
    }];
    if let Some(body) = documented_json(e) {
        leaves(&body, &mut Vec::new(), &e.ignore, &mut out);
    }
    out
}

/// The documented response body, when it is JSON.
pub fn documented_json(e: &Expectation) -> Option<Value> {
    let body = e.body.as_ref()?;
    serde_json::from_str(&body.text).ok()
}

fn leaves(v: &Value, path: &mut Vec<Seg>, ignore: &[String], out: &mut Vec<Check>) {
    if !path.is_empty() && ignore.iter().any(|p| *p == pointer(path)) {
        out.push(Check::Present(path.clone()));
        return;
    }
    match v {
        Value::Object(map) if map.is_empty() => out.push(Check::Object(path.clone())),
        Value::Object(map) => {
            for (k, child) in map {
                path.push(Seg::Key(k.clone()));
                leaves(child, path, ignore, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            out.push(Check::Length(path.clone(), items.len()));
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                leaves(child, path, ignore, out);
                path.pop();
            }
        }
        Value::String(s) if s.ends_with("...") => {
            out.push(Check::Prefix(path.clone(), s[..s.len() - 3].to_string()));
        }
        scalar => out.push(Check::Equals(path.clone(), scalar.clone())),
    }
}

/// The JSON Pointer (RFC 6901) of a path: `/lines/0/amount`, `""` for the
/// whole body.
pub fn pointer(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// The JSONPath (RFC 9535) of a path, in bracket notation where a name
/// needs it: `$.lines[0].amount`, `$['a b']`.
pub fn jsonpath(path: &[Seg]) -> String {
    let mut out = String::from("$");
    for s in path {
        match s {
            Seg::Key(k) if is_plain_name(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Key(k) => {
                out.push_str("['");
                for c in k.chars() {
                    match c {
                        '\'' => out.push_str("\\'"),
                        '\\' => out.push_str("\\\\"),
                        c => out.push(c),
                    }
                }
                out.push_str("']");
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn is_plain_name(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A check's name as the runners print it: `status is 201`,
/// `/token_type is "Bearer"`, `/access_token starts with "eyJ"`.
pub fn describe(check: &Check) -> String {
    let at = |p: &[Seg]| {
        let s = pointer(p);
        if s.is_empty() { "body".to_string() } else { s }
    };
    match check {
        Check::Status(s) => format!("status is {s}"),
        Check::Success => "status is 2xx".to_string(),
        Check::Equals(p, v) => format!("{} is {v}", at(p)),
        Check::Prefix(p, s) => format!("{} starts with {}", at(p), Value::from(s.as_str())),
        Check::Present(p) => format!("{} is present", at(p)),
        Check::Length(p, n) => format!("{} has {n} items", at(p)),
        Check::Object(p) => format!("{} is an object", at(p)),
    }
}

/// A JavaScript expression that is true when a check holds, for Postman's
/// and the HTTP Client's scripts: `status` and `body` are the names of the
/// status code and the parsed body there; `at(body, path)` is the
/// [`JS_AT`] helper.
pub fn js_condition(check: &Check, status: &str, body: &str) -> String {
    let at = |p: &[Seg]| format!("at({body}, {})", js_path(p));
    match check {
        Check::Status(s) => format!("{status} === {s}"),
        Check::Success => format!("{status} >= 200 && {status} < 300"),
        Check::Equals(p, v) => format!(
            "JSON.stringify({}) === {}",
            at(p),
            js_string(&v.to_string())
        ),
        Check::Prefix(p, s) => format!(
            "typeof {0} === \"string\" && {0}.startsWith({1})",
            at(p),
            js_string(s)
        ),
        Check::Present(p) => format!("{} !== undefined", at(p)),
        Check::Length(p, n) => format!("Array.isArray({0}) && {0}.length === {n}", at(p)),
        Check::Object(p) => format!(
            "{0} !== null && typeof {0} === \"object\" && !Array.isArray({0})",
            at(p)
        ),
    }
}

/// The helper [`js_condition`] uses: the value at a path, `undefined` when
/// it is missing.
pub const JS_AT: &str = "function at(v, path) { for (const k of path) { if (v === null || typeof v !== \"object\" || !Object.prototype.hasOwnProperty.call(v, k)) return undefined; v = v[k]; } return v; }";

/// A path as a JavaScript array literal: `["lines", 0, "amount"]`.
pub fn js_path(p: &[Seg]) -> String {
    let items: Vec<String> = p
        .iter()
        .map(|s| match s {
            Seg::Key(k) => js_string(k),
            Seg::Index(i) => i.to_string(),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// A JavaScript string literal (JSON's, which JavaScript reads, with
/// U+2028/U+2029 escaped for older engines).
pub fn js_string(s: &str) -> String {
    Value::from(s)
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Body, Exchange, ExchangeKind, Request, SourceRef, Url};

    fn exchange(body: &str, ignore: &[&str]) -> Exchange {
        Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "GET".into(),
                url: Url {
                    origin: "http://h".into(),
                    path: "/".into(),
                    query: vec![],
                },
                headers: vec![],
                body: None,
                credentials: None,
            },
            expect: Expectation {
                status: Some(200),
                body: Some(Body::exact(body, Some("application/json".into()))),
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            captures: vec![],
            source: SourceRef::default(),
        }
    }

    #[test]
    fn documented_values_become_checks_by_runs_rules() {
        let e = exchange(
            r#"{"id": "x", "token": "eyJ...", "lines": [{"n": 1}], "meta": {}, "a/b": null}"#,
            &["/id"],
        );
        let k = |s: &str| Seg::Key(s.into());
        assert_eq!(
            checks(&e),
            vec![
                Check::Status(200),
                Check::Equals(vec![k("a/b")], Value::Null),
                Check::Present(vec![k("id")]),
                Check::Length(vec![k("lines")], 1),
                Check::Equals(vec![k("lines"), Seg::Index(0), k("n")], Value::from(1)),
                Check::Object(vec![k("meta")]),
                Check::Prefix(vec![k("token")], "eyJ".into()),
            ]
        );
        assert_eq!(pointer(&[k("a/b"), k("~")]), "/a~1b/~0");
        assert_eq!(
            jsonpath(&[k("a b"), Seg::Index(2), k("c")]),
            "$['a b'][2].c"
        );
    }

    #[test]
    fn a_body_that_is_not_json_checks_only_the_status() {
        assert_eq!(checks(&exchange("not json", &[])), vec![Check::Status(200)]);
    }
}
