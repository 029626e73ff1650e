//! The JavaScript form: `fetch` in an ES module (top-level `await`; Node
//! 18+ and browsers). Variables are `process.env.NAME`; the body is a
//! template literal of its exact text (sent as UTF-8); form fields are a
//! `URLSearchParams`. `fetch` cannot present a TLS client certificate:
//! for mutual TLS the form says so in a comment. `{run:id}` is `runId`,
//! a fresh `crypto.randomUUID()` for each execution (the global `crypto`:
//! browsers, Node 19+).

use super::request::{Credentials, Request};
use super::vars::{Piece, RUN_ID, pieces};

/// A JavaScript string literal of `s` (JSON's escaping, which is valid
/// JavaScript; U+2028/U+2029 escaped too).
pub fn string(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The text of a template literal: `\`, `` ` `` and `${` escaped, CR
/// escaped (a template literal reads CRLF as LF), other control
/// characters escaped.
fn template_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\r' => out.push_str("\\r"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A value with variables as a JavaScript expression: a string literal,
/// `process.env.NAME`, or a template literal joining them.
pub fn expr(s: &str) -> String {
    let parts = pieces(s);
    match parts.as_slice() {
        [] => "\"\"".into(),
        [Piece::Text(t)] => string(t),
        [Piece::Var { name, .. }] => format!("process.env.{name}"),
        [Piece::RunId] => "runId".into(),
        _ => {
            let mut out = String::from("`");
            for p in parts {
                match p {
                    Piece::Text(t) => out.push_str(&template_text(t)),
                    Piece::Var { name, .. } => out.push_str(&format!("${{process.env.{name}}}")),
                    Piece::RunId => out.push_str("${runId}"),
                }
            }
            out.push('`');
            out
        }
    }
}

/// The module (no final line break).
pub fn render(r: &Request) -> String {
    let mut out = String::new();
    if let Some(Credentials::ClientCertificate { .. }) = &r.credentials {
        out.push_str("// fetch cannot present a TLS client certificate (mutual TLS, RFC 8705):\n// use the curl, Python or HTTPie form for this request.\n");
    }
    let mut options: Vec<String> = Vec::new();
    if r.method != "GET" {
        options.push(format!("method: {}", string(&r.method)));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(Credentials::Basic { user, password }) = &r.credentials {
        headers.push((
            "Authorization".into(),
            format!("\"Basic \" + btoa({})", expr(&format!("{user}:{password}"))),
        ));
    }
    for h in r.sent_headers() {
        headers.push((h.name.clone(), expr(&h.value)));
    }
    if !headers.is_empty() {
        let mut h = String::from("headers: {\n");
        for (name, value) in &headers {
            h.push_str(&format!("    {}: {value},\n", string(name)));
        }
        h.push_str("  }");
        options.push(h);
    }
    if let Some(b) = &r.body {
        if b.form.is_empty() {
            let text = template_text(&b.text).replace(RUN_ID, "${runId}");
            options.push(format!("body: `{text}`"));
        } else {
            let mut f = String::from("body: new URLSearchParams([\n");
            for field in &b.form {
                f.push_str(&format!(
                    "    [{}, {}],\n",
                    expr(&field.name),
                    expr(&field.value)
                ));
            }
            f.push_str("  ])");
            options.push(f);
        }
    }
    if r.uses_run_id() {
        out.push_str("const runId = crypto.randomUUID();\n");
    }
    out.push_str("const response = await fetch(");
    out.push_str(&expr(&r.url.full()));
    if !options.is_empty() {
        out.push_str(", {\n");
        for o in &options {
            out.push_str(&format!("  {o},\n"));
        }
        out.push('}');
    }
    out.push_str(");\nconsole.log(response.status);\nconsole.log(await response.text());");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(string("a\"b\u{2028}"), "\"a\\\"b\\u2028\"");
        assert_eq!(
            template_text("`${x}` $y \\ \r\n"),
            "\\`\\${x}\\` $y \\\\ \\r\n"
        );
        assert_eq!(expr("Bearer $T"), "`Bearer ${process.env.T}`");
        assert_eq!(expr("$T"), "process.env.T");
        assert_eq!(expr("a"), "\"a\"");
        assert_eq!(expr("k-{run:id}"), "`k-${runId}`");
    }
}
