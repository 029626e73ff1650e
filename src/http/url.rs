//! Percent-encoding (RFC 3986 §2.1) done once, when the model is built:
//! a URL as the guide writes it, or an OpenAPI path template with its
//! parameters' example values, becomes a [`Url`] whose path is encoded and
//! whose query parameters are decoded; [`Url::target`] encodes them the
//! one way every form sends.
//!
//! Variables (`$NAME`, `${NAME}`, see [`super::vars`]) and unfilled path
//! parameters (`{name}`) are never encoded: they stay as written.

use super::request::{QueryParam, Url};
use super::vars::{Piece, pieces};

/// RFC 3986 §2.3 `unreserved`: `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Kept in a path segment: RFC 3986 `pchar` without `$` (so that a `$`
/// that is not a variable cannot read as one) and `'` (quoted by every
/// form's string syntax, but kept simple).
fn path_keep(b: u8) -> bool {
    is_unreserved(b) || b"!&()*+,;=:@".contains(&b)
}

/// Kept in a query name or value: `unreserved` and the `pchar`s no
/// client re-encodes (WHATWG's query percent-encode set and Python's
/// `requote_uri` leave them), without `&`, `=`, `+`, `;`, `$`, `'`.
fn query_keep(b: u8) -> bool {
    is_unreserved(b) || b"!()*,:@/?".contains(&b)
}

/// Percent-encodes every byte of `s` that `keep` does not keep, in upper
/// case hexadecimal (RFC 3986 §2.1).
pub fn encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` (a `%` not followed by two hex digits stays); with
/// `plus`, `+` is a space (`application/x-www-form-urlencoded`, how
/// servers read a query). Invalid UTF-8 is replaced (U+FFFD).
pub fn decode(s: &str, plus: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Encodes text pieces with `keep`; variables, `{run:id}` and (with `params`)
/// `{name}` path parameters stay as written.
fn encode_pieces(s: &str, keep: fn(u8) -> bool, params: bool, decode_first: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for p in pieces(s) {
        match p {
            Piece::Var { written, .. } => out.push_str(written),
            Piece::RunId => out.push_str(super::vars::RUN_ID),
            Piece::Text(t) if params => {
                let mut rest = t;
                while let Some(open) = rest.find('{') {
                    let close = rest[open..].find('}').map(|c| open + c);
                    let Some(close) = close.filter(|&c| is_param(&rest[open + 1..c])) else {
                        out.push_str(&text(&rest[..=open], keep, decode_first));
                        rest = &rest[open + 1..];
                        continue;
                    };
                    out.push_str(&text(&rest[..open], keep, decode_first));
                    out.push_str(&rest[open..=close]);
                    rest = &rest[close + 1..];
                }
                out.push_str(&text(rest, keep, decode_first));
            }
            Piece::Text(t) => out.push_str(&text(t, keep, decode_first)),
        }
    }
    out
}

fn text(t: &str, keep: fn(u8) -> bool, decode_first: bool) -> String {
    if decode_first {
        encode(&decode(t, false), keep)
    } else {
        encode(t, keep)
    }
}

/// An OpenAPI path parameter name (`{invoiceId}`).
fn is_param(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_-.".contains(&c))
}

/// A path segment's value (a parameter's example) encoded: `/` too
/// (`ACME Corp/EU` → `ACME%20Corp%2FEU`).
pub fn encode_segment(value: &str) -> String {
    encode_pieces(value, path_keep, false, false)
}

/// A query name or value encoded (variables kept).
pub fn encode_query_part(s: &str) -> String {
    encode_pieces(s, query_keep, false, false)
}

/// The query string of `params` (without `?`): `name=value` joined by
/// `&`; a parameter with an empty value is its name alone.
pub fn encode_query(params: &[QueryParam]) -> String {
    let mut out = String::new();
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode_query_part(&p.name));
        if !p.value.is_empty() {
            out.push('=');
            out.push_str(&encode_query_part(&p.value));
        }
    }
    out
}

/// The form body of `fields` (`application/x-www-form-urlencoded`): as
/// [`encode_query`], each name and value encoded with only `unreserved`
/// kept, every parameter with its `=`.
pub fn encode_form(fields: &[QueryParam]) -> String {
    fields
        .iter()
        .map(|f| {
            format!(
                "{}={}",
                encode_pieces(&f.name, is_unreserved, false, false),
                encode_pieces(&f.value, is_unreserved, false, false)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Url {
    /// A URL as a guide writes it (`https://host/a b?x=1&y=a%26b#frag`):
    /// the origin (`scheme://authority`, or a leading variable such as
    /// `${BASE}`), the path with each segment decoded and encoded again
    /// (so `%2F` stays one segment and a space becomes `%20`), the query
    /// decoded (`+` as a space, as servers read it); the fragment, which
    /// is never sent, is dropped.
    pub fn parse(written: &str) -> Url {
        let written = written.trim();
        let without_fragment = written.split('#').next().unwrap_or_default();
        let (before_query, query) = match without_fragment.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (without_fragment, None),
        };
        let origin_end = match before_query.find("://") {
            Some(i) => before_query[i + 3..]
                .find('/')
                .map_or(before_query.len(), |j| i + 3 + j),
            None if before_query.starts_with('$') => {
                before_query.find('/').unwrap_or(before_query.len())
            }
            None => 0,
        };
        let origin = before_query[..origin_end].trim_end_matches('/').to_string();
        let path = encode_path(&before_query[origin_end..]);
        let query = query.map(parse_query).unwrap_or_default();
        Url {
            origin,
            path,
            query,
        }
    }

    /// An OpenAPI operation's URL: `base` (a server URL, parsed as
    /// [`Url::parse`]) and the path template with each `{name}` that has
    /// a value replaced by the value encoded as one segment, then the
    /// query parameters (decoded values, as given).
    pub fn from_template(
        base: &str,
        template: &str,
        path_values: &[(String, String)],
        query: Vec<QueryParam>,
    ) -> Url {
        let base = Url::parse(base);
        let mut path = encode_path(template);
        for (name, value) in path_values {
            path = path.replace(&format!("{{{name}}}"), &encode_segment(value));
        }
        Url {
            origin: base.origin,
            path: format!("{}{path}", base.path.trim_end_matches('/')),
            query,
        }
    }

    /// The request target: the path (`/` when empty) and the encoded
    /// query (`/v2/items?a=1`).
    pub fn target(&self) -> String {
        let mut out = if self.path.is_empty() {
            "/".to_string()
        } else {
            self.path.clone()
        };
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&encode_query(&self.query));
        }
        out
    }

    /// The whole URL every form requests: origin, path and encoded query
    /// (variables as written). A bare origin keeps no `/`.
    pub fn full(&self) -> String {
        let mut out = self.origin.clone();
        out.push_str(&self.path);
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&encode_query(&self.query));
        }
        out
    }

    /// The authority (`api.example.com:8443`) when the origin is written
    /// out, `None` when it is (or holds) a variable.
    pub fn authority(&self) -> Option<&str> {
        let (_, rest) = self.origin.split_once("://")?;
        (!rest.contains('$') && !rest.is_empty()).then_some(rest)
    }

    /// The path decoded, as a server sees it (`/customers/ACME Corp%2FEU`
    /// is `/customers/ACME Corp/EU`).
    pub fn decoded_path(&self) -> String {
        decode(&self.path, false)
    }
}

/// A written path: each segment decoded, then encoded as one segment.
fn encode_path(path: &str) -> String {
    // Segments split at `/` outside variables (`${A}` has none).
    path.split('/')
        .map(|seg| encode_pieces(seg, path_keep, true, true))
        .collect::<Vec<_>>()
        .join("/")
}

/// A written query string, each `name=value` decoded (`+` as a space);
/// variables stay as written.
pub fn parse_query(q: &str) -> Vec<QueryParam> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            QueryParam {
                name: decode(n, true),
                value: decode(v, true),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qp(n: &str, v: &str) -> QueryParam {
        QueryParam {
            name: n.into(),
            value: v.into(),
        }
    }

    #[test]
    fn a_written_url_is_encoded_once() {
        let u = Url::parse(
            "https://api.example/v2/customers/ACME Corp%2FEU?q=new york%26x%3D1&page[size]=10&flag#top",
        );
        assert_eq!(u.origin, "https://api.example");
        assert_eq!(u.path, "/v2/customers/ACME%20Corp%2FEU");
        assert_eq!(
            u.query,
            vec![
                qp("q", "new york&x=1"),
                qp("page[size]", "10"),
                qp("flag", "")
            ]
        );
        assert_eq!(
            u.full(),
            "https://api.example/v2/customers/ACME%20Corp%2FEU?q=new%20york%26x%3D1&page%5Bsize%5D=10&flag"
        );
        assert_eq!(u.decoded_path(), "/v2/customers/ACME Corp/EU");
        assert_eq!(u.authority(), Some("api.example"));
        // Encoding the encoded form changes nothing.
        assert_eq!(Url::parse(&u.full()), u);
    }

    #[test]
    fn variables_and_parameters_stay() {
        let u = Url::parse("${BASE}/v2/items/$ID/{itemId}?token=$TOKEN&cost=$5");
        assert_eq!(u.origin, "${BASE}");
        assert_eq!(u.path, "/v2/items/$ID/{itemId}");
        assert_eq!(u.query, vec![qp("token", "$TOKEN"), qp("cost", "$5")]);
        assert_eq!(
            u.full(),
            "${BASE}/v2/items/$ID/{itemId}?token=$TOKEN&cost=%245"
        );
        assert_eq!(u.authority(), None);
        let bare = Url::parse("$API_URL");
        assert_eq!((bare.origin.as_str(), bare.path.as_str()), ("$API_URL", ""));
        assert_eq!(bare.target(), "/");
    }

    #[test]
    fn a_template_takes_encoded_values() {
        let u = Url::from_template(
            "https://api.example/v1/",
            "/customers/{id}/orders/{orderId}",
            &[("id".into(), "ACME Corp/EU".into())],
            vec![qp("city", "new york&x=1")],
        );
        assert_eq!(u.path, "/v1/customers/ACME%20Corp%2FEU/orders/{orderId}");
        assert_eq!(
            u.target(),
            "/v1/customers/ACME%20Corp%2FEU/orders/{orderId}?city=new%20york%26x%3D1"
        );
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("a%20b+c%zz%4", false), "a b+c%zz%4");
        assert_eq!(decode("a+b", true), "a b");
        assert_eq!(decode("%C3%A9", false), "é");
        assert_eq!(encode("é ~", is_unreserved), "%C3%A9%20~");
        assert_eq!(
            encode_form(&[qp("scope", "a:read b"), qp("client_id", "$CLIENT_ID")]),
            "scope=a%3Aread%20b&client_id=$CLIENT_ID"
        );
    }
}
