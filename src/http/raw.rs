//! The raw HTTP/1.1 request message (RFC 9112 §2.1): the request line,
//! `Host`, the headers, a blank line, the body's exact bytes. A reader's
//! reference: variables show as `$NAME`; lines end in LF here (the wire
//! uses CRLF).
//!
//! An origin written with a variable (`${BASE}/v1/x`) is not a host: the
//! request line then has the absolute form (RFC 9112 §3.2.2) and no
//! `Host` line. A `Content-Length` is given when the body's length is
//! known (not for form fields with variables, nor a body with `{run:id}`).
//! HTTP Basic credentials from
//! variables show as `Basic base64($USER:$PASSWORD)`; a TLS client
//! certificate is below HTTP and does not show. `{run:id}` shows as
//! [`RAW_RUN_ID`], a value the reader makes fresh for each send.

use super::request::{Credentials, Request};
use super::vars;

/// What `{run:id}` shows as in the message: a placeholder for a fresh
/// unique value (a UUID) on each send.
pub const RAW_RUN_ID: &str = "<fresh-uuid>";

/// The message (no final line break after an empty body).
pub fn render(r: &Request) -> String {
    let out = message(r);
    if r.uses_run_id() {
        out.replace(vars::RUN_ID, RAW_RUN_ID)
    } else {
        out
    }
}

fn message(r: &Request) -> String {
    let mut out = String::new();
    match r.url.authority() {
        Some(host) => {
            out.push_str(&format!("{} {} HTTP/1.1\n", r.method, r.url.target()));
            out.push_str(&format!("Host: {host}\n"));
        }
        None => {
            let mut url = r.url.full();
            if r.url.path.is_empty() && r.url.query.is_empty() && !r.url.origin.starts_with('$') {
                url.push('/');
            }
            out.push_str(&format!("{} {url} HTTP/1.1\n", r.method));
        }
    }
    if let Some(Credentials::Basic { user, password }) = &r.credentials {
        out.push_str(&format!("Authorization: Basic base64({user}:{password})\n"));
    }
    for h in r.sent_headers() {
        out.push_str(&format!("{}: {}\n", h.name, h.value));
    }
    let body = r.body.as_ref();
    if let Some(b) = body {
        // Unknown: form fields with variables, a body with `{run:id}`.
        let known = b.form.iter().all(|f| vars::names(&f.value).is_empty())
            && !b.text.contains(vars::RUN_ID);
        if known {
            out.push_str(&format!("Content-Length: {}\n", b.text.len()));
        }
    }
    match body {
        Some(b) => {
            out.push('\n');
            out.push_str(&b.text);
        }
        None => {
            out.pop();
        }
    }
    out
}
