//! `check`'s warning for a `capture="NAME=/pointer"` whose pointer is not
//! in the documented response body: the run would fail that capture, so
//! it is said at the attribute, with a did-you-mean over the pointers the
//! documented body has (RFC 6901). Only when the example documents a JSON
//! response body (a text or absent one says nothing about its keys).

use serde_json::Value;

use crate::api::{Call, body};
use crate::diagnostic::Diagnostic;

use super::parse::ApiCall;

/// A warning per capture whose pointer the documented JSON response body
/// does not have, at the capture's `NAME=/pointer` in the tag.
pub(super) fn warnings(call: &Call, example: &ApiCall<'_>) -> Vec<Diagnostic> {
    let Some(response) = &example.response else {
        return Vec::new();
    };
    if !matches!(response.lang.as_str(), "json" | "") {
        return Vec::new();
    }
    let Ok(documented) = serde_json::from_str::<Value>(&response.content) else {
        return Vec::new();
    };
    let Some(value) = call.text("capture") else {
        return Vec::new();
    };
    let mut known = Vec::new();
    pointers(&documented, String::new(), &mut known);
    let mut out = Vec::new();
    for (r, item) in body::comma_items(value) {
        let Some((name, pointer)) = item.split_once('=') else {
            continue;
        };
        let (name, pointer) = (name.trim(), pointer.trim());
        if !example.captures.iter().any(|c| c.variable == name) || pointer.is_empty() {
            continue;
        }
        if documented.pointer(pointer).is_some() {
            continue;
        }
        let span = body::attr_span(call, "capture", value, r.start, r.len());
        let hint = match crate::diagnostic::closest(pointer, known.iter().map(String::as_str)) {
            Some(p) => format!("did you mean `{name}={p}`? The documented response has {p}"),
            None => format!("the documented response's pointers are: {}", shown(&known)),
        };
        out.push(
            Diagnostic::warning(
                span,
                format!(
                    "`{pointer}` is not in the documented response body: `run` will fail to capture {name}"
                ),
            )
            .with_hint(hint),
        );
    }
    out
}

/// Every JSON Pointer of `value` (objects' keys and arrays' indices,
/// `~` and `/` escaped as RFC 6901 §3 says), in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// The first pointers, `, `-separated (at most 10).
fn shown(known: &[String]) -> String {
    let mut list: Vec<String> = known.iter().take(10).map(|p| format!("`{p}`")).collect();
    if known.len() > 10 {
        list.push("...".to_string());
    }
    list.join(", ")
}
