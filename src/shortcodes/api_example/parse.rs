//! Reading an `api-example`: its attributes (headers, captures, ignored
//! pointers, clients) and the body's fenced code blocks (the request
//! payload, the expected response), every problem located.

use std::ops::Range;

use crate::api::body;
use crate::api::{BodyLine, Call};
use crate::diagnostic::Diagnostic;
use crate::http::{Capture, Client};

/// What an `api-example` says: the request to send and what to expect.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ApiCall<'a> {
    pub(super) method: String,
    /// Trimmed, as written (or the spec's URL, encoded).
    pub(super) url: String,
    /// The spec's URL, built encoded from its template and parameters
    /// (`None`: [`ApiCall::url`] is parsed as written).
    pub(super) url_model: Option<crate::http::Url>,
    /// `Name: value`, in the order written.
    pub(super) headers: Vec<String>,
    /// The Authorization header's value (trimmed, not empty).
    pub(super) auth: Option<&'a str>,
    pub(super) status: Option<i64>,
    pub(super) request: Option<Payload>,
    pub(super) response: Option<Payload>,
    /// `capture=`, in order.
    pub(super) captures: Vec<Capture>,
    /// `ignore=`, in order.
    pub(super) ignore: Vec<String>,
    /// `clients=` (`None`: the book's).
    pub(super) clients: Option<Vec<Client>>,
}

/// A code block of the body: the request payload or the response.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Payload {
    /// The first word of the info string (before any `,`: `json` of
    /// `json,env`).
    pub(super) lang: String,
    /// Its lines, each with a `\n`.
    pub(super) content: String,
}

impl Payload {
    /// The body's bytes: the text without the line break that ends its
    /// last line.
    pub(super) fn text(&self) -> &str {
        self.content.strip_suffix('\n').unwrap_or(&self.content)
    }
}

/// The body's request and response blocks, to locate what is in them.
#[derive(Default)]
pub(super) struct Blocks {
    pub(super) request: Option<CodeBlock>,
    pub(super) response: Option<CodeBlock>,
}

/// A fenced code block of the body.
#[derive(Clone)]
pub(super) struct CodeBlock {
    /// The first word of the info string.
    lang: String,
    /// `request` or `response` when the info string says so.
    role: Option<Role>,
    /// The content lines: the body line and the byte where the content
    /// starts in it (after the fence's indentation).
    pub(super) lines: Vec<(usize, usize)>,
    /// The body line of the opening fence.
    pub(super) open: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
}

impl CodeBlock {
    fn content(&self, lines: &[BodyLine]) -> String {
        let mut out = String::new();
        for &(l, start) in &self.lines {
            out.push_str(lines[l].text.get(start..).unwrap_or_default());
            out.push('\n');
        }
        out
    }
}

/// The code blocks of the body; anything else is an error.
fn code_blocks(lines: &[BodyLine], errors: &mut Vec<Diagnostic>) -> Vec<CodeBlock> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let text = &lines[i].text;
        if text.trim().is_empty() {
            i += 1;
            continue;
        }
        let Some((block, next)) = body::fenced_block(lines, i, "api-example", errors) else {
            errors.push(
                Diagnostic::error(
                    lines[i].whole(),
                    "only fenced code blocks can stand in `api-example`",
                )
                .with_hint("put the request payload and the expected response in ```json blocks; write prose outside the shortcode"),
            );
            // Skip to the next fence.
            i += 1;
            while i < lines.len() && body::fence(&lines[i].text).is_none() {
                i += 1;
            }
            continue;
        };
        i = next;
        let info = block.info;
        // `json,env` is `json` whose `{env:key}` were filled in.
        let mut words = info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty());
        let lang = words.next().unwrap_or_default().to_string();
        let role = words.find_map(|w| match w.to_ascii_lowercase().as_str() {
            "request" | "payload" => Some(Role::Request),
            "response" => Some(Role::Response),
            _ => None,
        });
        out.push(CodeBlock {
            lang,
            role,
            lines: block.lines,
            open: block.open,
        });
    }
    out
}

/// Checks a `json` block; the error points at the place in the chapter.
fn check_json(block: &CodeBlock, lines: &[BodyLine], what: &str) -> Result<(), Diagnostic> {
    if !block.lang.eq_ignore_ascii_case("json") {
        return Ok(());
    }
    let content = block.content(lines);
    let Some((span, message)) = body::json_error(lines, &block.lines, block.open, &content) else {
        return Ok(());
    };
    Err(
        Diagnostic::error(span, format!("the {what} is not valid JSON: {message}")).with_hint(
            "fix the JSON, or give the block another language (```jsonc, ```text) if it is not meant to parse",
        ),
    )
}

/// Splits the `headers` value at each `; ` that is followed by a header
/// name and a colon (so `; charset=utf-8` stays in its header).
fn split_headers(value: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in value.match_indices(';') {
        let rest = value[i + 1..].trim_start();
        let name = rest.bytes().take_while(|&c| is_token_char(c)).count();
        if name > 0 && rest.as_bytes().get(name) == Some(&b':') {
            out.push(body::trimmed(value, start..i));
            start = i + 1;
        }
    }
    out.push(body::trimmed(value, start..value.len()));
    out.into_iter().filter(|r| !r.is_empty()).collect()
}

fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+.^_`|~-".contains(&c)
}

/// Reads the attributes and the body's code blocks; every problem is
/// reported, in the order of the text.
pub(super) fn parse<'a>(
    call: &'a Call,
    lines: &[BodyLine],
    has_body: bool,
) -> (ApiCall<'a>, Vec<Diagnostic>, Blocks) {
    let method = call.text("method").unwrap_or("GET");
    let url = call.text("url").unwrap_or_default().trim();
    let mut errors = Vec::new();
    // `operation` / `path` without `spec` is one error, that (not a
    // missing `url` too).
    if call.text("url").is_none()
        && call.text("spec").is_none()
        && call.text("operation").is_none()
        && call.text("path").is_none()
    {
        errors.push(
            Diagnostic::error(call.span.clone(), "`api-example` needs the attribute `url`")
                .with_hint("add url=\"...\" (the full URL), or take it from a spec with spec=\"...\" operation=\"...\""),
        );
    } else if url.is_empty() && call.text("url").is_some() {
        errors.push(
            Diagnostic::error(call.span_of("url"), "`url` is empty")
                .with_hint("write the full URL, e.g. url=\"https://api.example.com/v2/items\""),
        );
    }
    let headers = headers(call, &mut errors);
    let captures = captures(call, &mut errors);
    let ignore = pointers(call, "ignore", &mut errors);
    let found = code_blocks(lines, &mut errors);
    let (request, response) = roles(&found, lines, has_body, &mut errors);
    errors.sort_by_key(|d| d.span.start);

    let payload = |b: &CodeBlock| Payload {
        lang: b.lang.clone(),
        content: b.content(lines),
    };
    let blocks = Blocks {
        request: request.cloned(),
        response: response.cloned(),
    };
    let example = ApiCall {
        method: method.to_string(),
        url: url.to_string(),
        url_model: None,
        headers,
        auth: call.text("auth").map(str::trim).filter(|a| !a.is_empty()),
        status: call.int("status"),
        request: request.map(payload),
        response: response.map(payload),
        captures,
        ignore,
        clients: call
            .text("clients")
            .and_then(|c| Client::list(c).ok())
            .filter(|c| !c.is_empty()),
    };
    (example, errors, blocks)
}

/// `headers=`: `Name: value` each.
fn headers(call: &Call, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    let Some(value) = call.text("headers") else {
        return headers;
    };
    for r in split_headers(value) {
        let h = &value[r.clone()];
        let name_len = h.bytes().take_while(|&c| is_token_char(c)).count();
        if name_len == 0 || h.as_bytes().get(name_len) != Some(&b':') {
            errors.push(
                Diagnostic::error(
                    body::attr_span(call, "headers", value, r.start, r.len()),
                    format!("`{h}` is not a header `Name: value`"),
                )
                .with_hint("write headers as `Name: value`, separated by `; `"),
            );
            continue;
        }
        headers.push(format!("{}: {}", &h[..name_len], h[name_len + 1..].trim()));
    }
    headers
}

/// Whether `p` is a JSON Pointer (RFC 6901 §3): empty, or `/` tokens with
/// `~` only as `~0` / `~1`.
pub(crate) fn is_json_pointer(p: &str) -> bool {
    if p.is_empty() {
        return true;
    }
    if !p.starts_with('/') {
        return false;
    }
    let b = p.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, &c)| c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// `ignore=` (or another list of JSON Pointers), each checked.
fn pointers(call: &Call, attr: &str, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(value) = call.text(attr) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (r, p) in body::comma_items(value) {
        if is_json_pointer(p) {
            out.push(p.to_string());
        } else {
            errors.push(
                Diagnostic::error(
                    body::attr_span(call, attr, value, r.start, r.len()),
                    format!("`{p}` is not a JSON Pointer"),
                )
                .with_hint(format!(
                    "a JSON Pointer (RFC 6901) starts with `/`: `/{}`; `~` is written `~0`, `/` in a key `~1`",
                    p.trim_start_matches('/')
                )),
            );
        }
    }
    out
}

/// `capture=`: `NAME=/pointer` each, `NAME` a variable name
/// (`[A-Z_][A-Z0-9_]*`), each name once.
fn captures(call: &Call, errors: &mut Vec<Diagnostic>) -> Vec<Capture> {
    let Some(value) = call.text("capture") else {
        return Vec::new();
    };
    let mut out: Vec<Capture> = Vec::new();
    for (r, item) in body::comma_items(value) {
        let span = body::attr_span(call, "capture", value, r.start, r.len());
        let (name, pointer) = item.split_once('=').unwrap_or((item, ""));
        let (name, pointer) = (name.trim(), pointer.trim());
        let is_name = crate::http::vars::variable_at(&format!("${name}"))
            .is_some_and(|(n, _)| n == name.len() + 1);
        let problem = if !item.contains('=') {
            Some((
                format!("`{item}` is not a capture `NAME=/pointer`"),
                "write `NAME=/json/pointer`, e.g. `ENTRY_ID=/id`".to_string(),
            ))
        } else if !is_name {
            Some((format!("`{name}` is not a variable name"), "a variable name is upper case letters, digits and `_`, not starting with a digit (`ENTRY_ID`)".to_string()))
        } else if !is_json_pointer(pointer) || pointer.is_empty() {
            Some((
                format!("`{pointer}` is not a JSON Pointer into the response"),
                format!(
                    "a JSON Pointer (RFC 6901) starts with `/`: `{name}=/{}`",
                    pointer.trim_start_matches('/')
                ),
            ))
        } else if out.iter().any(|c| c.variable == name) {
            Some((
                format!("`{name}` is captured twice"),
                "give each captured value its own name".to_string(),
            ))
        } else {
            None
        };
        match problem {
            Some((message, hint)) => errors.push(Diagnostic::error(span, message).with_hint(hint)),
            None => out.push(Capture {
                variable: name.to_string(),
                pointer: pointer.to_string(),
            }),
        }
    }
    out
}

/// Which block is the request payload and which the expected response
/// (marked, else in order); a second of either is an error; a `json`
/// block must parse.
fn roles<'b>(
    found: &'b [CodeBlock],
    lines: &[BodyLine],
    has_body: bool,
    errors: &mut Vec<Diagnostic>,
) -> (Option<&'b CodeBlock>, Option<&'b CodeBlock>) {
    let mut request: Option<&CodeBlock> = None;
    let mut response: Option<&CodeBlock> = None;
    for b in found {
        let role = b.role.unwrap_or(if has_body && request.is_none() {
            Role::Request
        } else {
            Role::Response
        });
        let slot = match role {
            Role::Request => &mut request,
            Role::Response => &mut response,
        };
        if slot.is_some() {
            let what = match role {
                Role::Request => "a second request payload",
                Role::Response => "a second expected response",
            };
            errors.push(
                Diagnostic::error(lines[b.open].whole(), format!("{what} in `api-example`"))
                    .with_hint("give one request payload and one expected response; mark them ```json request and ```json response"),
            );
            continue;
        }
        *slot = Some(b);
    }
    for (block, what) in [
        (request, "request payload"),
        (response, "expected response"),
    ] {
        if let Some(b) = block
            && let Err(d) = check_json(b, lines, what)
        {
            errors.push(d);
        }
    }
    (request, response)
}

/// Whether a request with this method usually has a payload.
pub(super) fn may_have_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::AttrValue;

    type Errors = Vec<(String, Range<usize>)>;

    /// An `api-example` whose tag is at 0..10, attribute `i` written at
    /// `1000 * (i + 1)`.
    fn parsed(attrs: &[(&'static str, &str)], text: &str) -> (String, Errors) {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(name, value))| {
                let at = 1000 * (i + 1);
                let value = match value.parse() {
                    Ok(n) if name == "status" => AttrValue::Int(n),
                    _ => AttrValue::Text(value.to_string()),
                };
                let len = match &value {
                    AttrValue::Text(t) => t.len(),
                    _ => 3,
                };
                (name, value, at..at + len)
            })
            .collect();
        let call = Call::for_test("api-example", 0..10, args);
        let method = call.text("method").unwrap_or("GET");
        let (example, errors, _) = parse(&call, &BodyLine::lines_of(text), may_have_body(method));
        let errors = errors.into_iter().map(|d| (d.message, d.span)).collect();
        (format!("{example:?}"), errors)
    }

    fn payload(lang: &str, content: &str) -> Option<Payload> {
        Some(Payload {
            lang: lang.into(),
            content: content.into(),
        })
    }

    #[test]
    fn a_post_with_its_payload_and_response() {
        let (example, errors) = parsed(
            &[
                ("method", "POST"),
                ("url", " https://a.example/v2/items "),
                ("headers", "Accept: application/json; X-Trace:1"),
                ("auth", " Bearer $TOKEN "),
                ("status", "201"),
            ],
            "\n```json\n{\"name\": \"a\"}\n```\n\n  ```json\n  {\"id\": 1}\n  ```\n",
        );
        assert_eq!(errors, vec![]);
        let expected = ApiCall {
            method: "POST".into(),
            url: "https://a.example/v2/items".into(),
            headers: vec!["Accept: application/json".into(), "X-Trace: 1".into()],
            auth: Some("Bearer $TOKEN"),
            status: Some(201),
            url_model: None,
            captures: vec![],
            ignore: vec![],
            clients: None,
            request: payload("json", "{\"name\": \"a\"}\n"),
            // The fence's indentation is removed from the content.
            response: payload("json", "{\"id\": 1}\n"),
        };
        assert_eq!(example, format!("{expected:?}"));
    }

    #[test]
    fn marked_blocks_take_their_role() {
        let (example, errors) = parsed(
            &[("method", "PUT"), ("url", "u")],
            "~~~xml Response\n<ok/>\n~~~\n```yaml request\na: 1\n```",
        );
        assert_eq!(errors, vec![]);
        let expected = ApiCall {
            method: "PUT".into(),
            url: "u".into(),
            headers: vec![],
            auth: None,
            status: None,
            url_model: None,
            captures: vec![],
            ignore: vec![],
            clients: None,
            request: payload("yaml", "a: 1\n"),
            response: payload("xml", "<ok/>\n"),
        };
        assert_eq!(example, format!("{expected:?}"));
    }

    #[test]
    fn errors_are_located_in_the_attributes_and_the_body() {
        let text = "Some prose\n```json\n{\"a\": 1,}\n```\n```json\n{}\n```\n```text\nunclosed";
        let (_, errors) = parsed(&[("url", " "), ("headers", "bad header; X-A: 1")], text);
        let messages: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "only fenced code blocks can stand in `api-example`",
                "the expected response is not valid JSON: trailing comma",
                "a second expected response in `api-example`",
                "this code block is not closed",
                "a second expected response in `api-example`",
                "`url` is empty",
                "`bad header` is not a header `Name: value`",
            ]
        );
        let spans: Vec<Range<usize>> = errors.iter().map(|(_, span)| span.clone()).collect();
        assert_eq!(
            spans,
            vec![
                0..10,
                27..28,
                33..40,
                48..55,
                48..55,
                1000..1001,
                2000..2010
            ]
        );
        assert_eq!(&text[27..28], "}");
        assert_eq!(&text[33..40], "```json");
        assert_eq!(&text[48..55], "```text");
    }

    #[test]
    fn headers() {
        let v = "Content-Type: application/json; charset=utf-8; X-Id: 1";
        let parts: Vec<&str> = split_headers(v).into_iter().map(|r| &v[r]).collect();
        assert_eq!(
            parts,
            vec!["Content-Type: application/json; charset=utf-8", "X-Id: 1"]
        );
    }
}

#[cfg(test)]
mod capture_tests {
    use super::*;
    use crate::api::AttrValue;

    fn call(attrs: &[(&'static str, &str)]) -> Call {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(n, v))| {
                let at = 1000 * (i + 1);
                (n, AttrValue::Text(v.to_string()), at..at + v.len())
            })
            .collect();
        Call::for_test("api-example", 0..10, args)
    }

    #[test]
    fn captures_and_ignored_pointers_are_read_and_checked() {
        let c = call(&[
            ("url", "https://a.example/x"),
            (
                "capture",
                "ENTRY_ID=/id, ENTRY_STATE = /state/0, bad, lower=/x, X=id, ENTRY_ID=/y",
            ),
            ("ignore", "/id,/created_at, ~x, /a~2"),
            ("clients", "python,curl"),
        ]);
        let (ex, errors, _) = parse(&c, &[], false);
        assert_eq!(
            ex.captures,
            vec![
                Capture {
                    variable: "ENTRY_ID".into(),
                    pointer: "/id".into()
                },
                Capture {
                    variable: "ENTRY_STATE".into(),
                    pointer: "/state/0".into()
                },
            ]
        );
        assert_eq!(ex.ignore, vec!["/id", "/created_at"]);
        assert_eq!(ex.clients, Some(vec![Client::Python, Client::Curl]));
        let found: Vec<(String, Range<usize>)> =
            errors.into_iter().map(|d| (d.message, d.span)).collect();
        assert_eq!(
            found,
            vec![
                ("`bad` is not a capture `NAME=/pointer`".into(), 2038..2041),
                ("`lower` is not a variable name".into(), 2043..2051),
                (
                    "`id` is not a JSON Pointer into the response".into(),
                    2053..2057
                ),
                ("`ENTRY_ID` is captured twice".into(), 2059..2070),
                ("`~x` is not a JSON Pointer".into(), 3017..3019),
                ("`/a~2` is not a JSON Pointer".into(), 3021..3025),
            ]
        );
    }
}
