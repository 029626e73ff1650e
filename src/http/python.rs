//! The Python form: `requests` (`python3` with `requests` installed).
//! Variables are `os.environ["NAME"]`; the body is a string literal of
//! its exact text, sent as UTF-8 bytes (`.encode()`), so `requests` adds
//! nothing and changes nothing; form fields are a `data={...}` dict.
//! `{run:id}` is `run_id`, a fresh `uuid.uuid4()` for each execution.

use super::request::{Credentials, Request};
use super::vars::{Piece, RUN_ID, pieces};

/// A Python string literal of `s` (double quotes; `\`, `"`, control
/// characters escaped; other characters as they are, Python source being
/// UTF-8).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push(c),
    }
}

/// A triple-quoted literal of a multi-line body: its lines as written, a
/// `"` escaped only where it could end the literal.
fn triple(s: &str) -> String {
    let mut out = String::from("\"\"\"");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' => out.push('\n'),
            '"' if matches!(chars.get(i + 1), Some('"') | None) => out.push_str("\\\""),
            '"' => out.push('"'),
            c => push_escaped(&mut out, c, '\0'),
        }
    }
    out.push_str("\"\"\"");
    out
}

/// A value with variables as a Python expression: literals and
/// `os.environ["NAME"]` joined with `+`.
pub fn expr(s: &str) -> String {
    let parts: Vec<String> = pieces(s)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => string(t),
            Piece::Var { name, .. } => format!("os.environ[{}]", string(name)),
            Piece::RunId => "run_id".to_string(),
        })
        .collect();
    if parts.is_empty() {
        "\"\"".into()
    } else {
        parts.join(" + ")
    }
}

/// The imports, and `run_id` when the request uses `{run:id}`.
fn prelude(r: &Request) -> String {
    let mut out = String::new();
    if !r.variables().is_empty() {
        out.push_str("import os\n");
    }
    if r.uses_run_id() {
        out.push_str("import uuid\n");
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str("import requests\n\n");
    if r.uses_run_id() {
        out.push_str("run_id = str(uuid.uuid4())\n");
    }
    out
}

/// The program (no final line break).
pub fn render(r: &Request) -> String {
    let mut args = vec![expr(&r.url.full())];
    let headers = r.sent_headers();
    if !headers.is_empty() {
        let mut h = String::from("headers={\n");
        for header in &headers {
            h.push_str(&format!(
                "        {}: {},\n",
                string(&header.name),
                expr(&header.value)
            ));
        }
        h.push_str("    }");
        args.push(h);
    }
    match &r.credentials {
        Some(Credentials::Basic { user, password }) => {
            args.push(format!("auth=({}, {})", expr(user), expr(password)));
        }
        Some(Credentials::ClientCertificate { cert, key }) => {
            args.push(format!("cert=({}, {})", expr(cert), expr(key)));
        }
        None => {}
    }
    if let Some(b) = &r.body {
        if b.form.is_empty() {
            let lit = |t: &str| {
                if t.contains('\n') {
                    triple(t)
                } else {
                    string(t)
                }
            };
            let parts: Vec<String> = b.text.split(RUN_ID).map(lit).collect();
            let data = if parts.len() == 1 {
                parts.concat()
            } else {
                format!("({})", parts.join(" + run_id + "))
            };
            args.push(format!("data={data}.encode()"));
        } else {
            let mut d = String::from("data={\n");
            for f in &b.form {
                d.push_str(&format!("        {}: {},\n", expr(&f.name), expr(&f.value)));
            }
            d.push_str("    }");
            args.push(d);
        }
    }
    let method = r.method.to_ascii_lowercase();
    let call = if matches!(
        method.as_str(),
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options"
    ) {
        format!("requests.{method}(\n")
    } else {
        args.insert(0, string(&r.method));
        "requests.request(\n".to_string()
    };
    let mut out = prelude(r);
    out.push_str("response = ");
    out.push_str(&call);
    for a in &args {
        out.push_str(&format!("    {a},\n"));
    }
    out.push_str(")\nprint(response.status_code)\nprint(response.text)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(string("a\"b\\c\r\n\u{1}é"), "\"a\\\"b\\\\c\\r\\n\\x01é\"");
        assert_eq!(
            triple("{\n\"a\": \"\"\"\n}"),
            "\"\"\"{\n\"a\": \\\"\\\"\"\n}\"\"\""
        );
        assert_eq!(triple("x\""), "\"\"\"x\\\"\"\"\"");
        assert_eq!(expr("Bearer $T"), "\"Bearer \" + os.environ[\"T\"]");
        assert_eq!(expr(""), "\"\"");
        assert_eq!(expr("k-{run:id}"), "\"k-\" + run_id");
    }
}
