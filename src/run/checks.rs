//! The checks of one response, each a named result ([`CheckKind`]):
//! (a) the status, (c) the documented body as a subset of the real one,
//! the captures; (b) the schema is [`super::schema`]'s. (d) An `invalid`
//! example passes its status check only with a 4xx.

use serde_json::Value;

use super::client::Incoming;
use super::result::{Check, CheckKind};
use super::subset;
use crate::http::{Body, Exchange, Expectation};

/// The status check. Without a documented status: any 2xx (an `invalid`
/// example: any 4xx). A redirect is reported with its `Location`: `run`
/// does not follow redirects.
pub fn status(expect: &Expectation, got: &Incoming) -> Check {
    let s = got.status;
    let (ok, wanted) = match (expect.status, expect.invalid) {
        (Some(want), true) => (s == want && (400..500).contains(&s), format!("{want}")),
        (Some(want), false) => (s == want, format!("{want}")),
        (None, true) => (
            (400..500).contains(&s),
            "a 4xx (the example is invalid)".into(),
        ),
        (None, false) => ((200..300).contains(&s), "a 2xx".into()),
    };
    if ok {
        return Check::pass(CheckKind::Status, format!("status {s}"));
    }
    let mut message = format!("expected status {wanted}, got {s}");
    if (300..400).contains(&s) {
        let to = got.header("location").unwrap_or("(no Location)");
        message.push_str(&format!(
            ": a redirect to {to}; run does not follow redirects, document the URL it redirects to"
        ));
    }
    if expect.invalid && expect.status.is_some_and(|w| !(400..500).contains(&w)) {
        message.push_str("; an invalid example must document a 4xx status");
    }
    Check::fail(CheckKind::Status, message)
}

/// What an error answer says, when it says it the standard way: an OAuth
/// error response (RFC 6749 §5.2: `error`, `error_description`) or a
/// problem details object (RFC 9457 §3: `title`, `detail`), at most 300
/// characters: `invalid_grant (the assertion has expired)`. It is what a
/// reader needs to fix a failed token request.
pub fn server_says(json: &Result<Value, String>) -> Option<String> {
    let Ok(Value::Object(map)) = json else {
        return None;
    };
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::trim);
    let (head, more) = match (text("error"), text("title")) {
        (Some(error), _) => (error, text("error_description")),
        (None, Some(title)) => (title, text("detail")),
        _ => return None,
    };
    let said = match more.filter(|m| !m.is_empty()) {
        Some(more) => format!("{head} ({more})"),
        None => head.to_string(),
    };
    Some(match said.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &said[..cut]),
        None => said,
    })
}

/// Whether a documented body is JSON.
pub fn is_json(body: &Body) -> bool {
    body.media_type.as_deref().map_or_else(
        || serde_json::from_str::<Value>(&body.text).is_ok(),
        |m| {
            let m = m.split(';').next().unwrap_or(m).trim();
            m == "application/json" || m.ends_with("+json")
        },
    )
}

/// The response body as JSON, or why it is not, in a reader's words:
/// `the body is not JSON (Content-Type text/plain): <its first 80
/// characters, on one line>` (`the body is empty (...)`), not the
/// parser's message.
pub fn parse(got: &Incoming) -> Result<Value, String> {
    serde_json::from_slice(&got.body).map_err(|_| {
        let media = got.header("content-type").map_or_else(
            || "no Content-Type".to_string(),
            |m| format!("Content-Type {m}"),
        );
        let text = String::from_utf8_lossy(&got.body);
        let text = text.trim();
        if text.is_empty() {
            return format!("the body is empty ({media}), not JSON");
        }
        let start: String = text
            .chars()
            .take(80)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let more = if text.chars().count() > 80 { "..." } else { "" };
        format!("the body is not JSON ({media}): {start}{more}")
    })
}

/// The body check, when the guide documents a response.
pub fn body(expect: &Expectation, got: &Incoming, json: &Result<Value, String>) -> Option<Check> {
    let documented = expect.body.as_ref()?;
    if !is_json(documented) {
        let real = String::from_utf8_lossy(&got.body);
        let want = documented.text.trim_end();
        let ok = match want.strip_suffix(subset::ELISION) {
            Some(prefix) => real.starts_with(prefix),
            None => real.trim_end() == want,
        };
        return Some(if ok {
            Check::pass(CheckKind::Body, "the body is the documented text")
        } else {
            let mut c = Check::fail(CheckKind::Body, "the body is not the documented text");
            c.diffs.push(super::result::Diff {
                pointer: String::new(),
                expected: format!("{want:?}"),
                actual: format!("{:?}", real.chars().take(200).collect::<String>()),
            });
            c
        });
    }
    let Ok(want) = serde_json::from_str::<Value>(&documented.text) else {
        return Some(Check::fail(
            CheckKind::Body,
            "the documented response is not valid JSON",
        ));
    };
    let real = match json {
        Ok(v) => v,
        Err(why) => return Some(Check::fail(CheckKind::Body, why.clone())),
    };
    let diffs = subset::differences(&want, real, &expect.ignore);
    Some(if diffs.is_empty() {
        Check::pass(CheckKind::Body, "every documented value is in the response")
    } else {
        let mut c = Check::fail(
            CheckKind::Body,
            format!(
                "{} documented value{} differ{}",
                diffs.len(),
                if diffs.len() == 1 { "" } else { "s" },
                if diffs.len() == 1 { "s" } else { "" }
            ),
        );
        c.diffs = diffs;
        c
    })
}

/// The captures: each variable's value (a string as it is, another value
/// as its JSON text) and a check per capture.
pub fn captures(
    exchange: &Exchange,
    json: &Result<Value, String>,
) -> (Vec<Check>, Vec<(String, String)>) {
    let mut checks = Vec::new();
    let mut values = Vec::new();
    for c in &exchange.captures {
        let found = json.as_ref().ok().and_then(|v| v.pointer(&c.pointer));
        match found {
            Some(Value::String(s)) => values.push((c.variable.clone(), s.clone())),
            Some(Value::Null) | None => {}
            Some(other) => values.push((c.variable.clone(), other.to_string())),
        }
        if values.iter().any(|(v, _)| *v == c.variable) {
            checks.push(Check::pass(
                CheckKind::Capture,
                format!("captured {} from {}", c.variable, c.pointer),
            ));
        } else {
            let why = match json {
                Err(e) => e.clone(),
                Ok(_) => format!("the response has no value at {}", c.pointer),
            };
            checks.push(Check::fail(
                CheckKind::Capture,
                format!("cannot capture {}: {why}", c.variable),
            ));
        }
    }
    (checks, values)
}
