//! The variables of an exported plan: `$NAME` / `${NAME}` in a request's
//! URL and headers (the request model's rule, see [`crate::http::request`]:
//! an uppercase-or-digit identifier, as POSIX shells read it; a body is
//! never scanned). Each is either captured by an earlier exchange
//! ([`crate::http::Capture`]) or an input the reader supplies from the
//! process environment; an export writes the second kind without a value.
//!
//! `{run:id}` ([`RUN_ID`]), a value unique to each execution, is
//! [`Piece::RunId`]; [`render`] gives it to the format's `var` as the name
//! [`RUN_ID`], and each format writes its own generator there
//! (Postman `{{$guid}}`, `.http` `{{$random.uuid}}`, Hurl `{{newUuid}}`,
//! Arazzo the workflow input `run_id`).

use std::collections::BTreeSet;

use crate::http::Exchange;
pub use crate::http::vars::RUN_ID;

/// The workflow input that stands for `{run:id}` where no generator exists
/// (Arazzo).
pub const RUN_ID_INPUT: &str = "run_id";

/// A piece of a value: text as written, or a variable's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `$NAME` or `${NAME}`: the name.
    Var(&'a str),
    /// `{run:id}`.
    RunId,
}

/// `text` split into literal text and variables. `$` not followed by a
/// name (`$5`, `$ `, `$(`) is text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut i, mut last) = (0, 0);
    while i < bytes.len() {
        if text[i..].starts_with(RUN_ID) {
            if last < i {
                out.push(Piece::Text(&text[last..i]));
            }
            out.push(Piece::RunId);
            i += RUN_ID.len();
            last = i;
            continue;
        }
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let start = i + 1 + usize::from(braced);
        let end = name_end(bytes, start);
        let closed = !braced || bytes.get(end) == Some(&b'}');
        if end == start || !closed {
            i += 1;
            continue;
        }
        if last < i {
            out.push(Piece::Text(&text[last..i]));
        }
        out.push(Piece::Var(&text[start..end]));
        i = end + usize::from(braced);
        last = i;
    }
    if last < text.len() {
        out.push(Piece::Text(&text[last..]));
    }
    out
}

/// Where a name starting at `start` ends: `[A-Z_][A-Z0-9_]*`.
fn name_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let ok = b.is_ascii_uppercase() || b == b'_' || (end > start && b.is_ascii_digit());
        if !ok {
            break;
        }
        end += 1;
    }
    end
}

/// `text` with each variable written by `var` and each literal piece by
/// `lit` (a format's escaping); `{run:id}` by `var(RUN_ID)`.
pub fn render(text: &str, lit: impl Fn(&str) -> String, var: impl Fn(&str) -> String) -> String {
    pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => lit(t),
            Piece::Var(v) => var(v),
            Piece::RunId => var(RUN_ID),
        })
        .collect()
}

/// The variables a request reads, in order of first use (URL, headers,
/// credentials, form fields; never a code block's body).
pub fn used(exchange: &Exchange) -> Vec<String> {
    exchange.request.variables()
}

/// The inputs of a plan: every variable some request reads before an
/// earlier exchange captures it, in order of first use. These come from the
/// process environment and are never written with a value.
pub fn inputs(exchanges: &[Exchange]) -> Vec<String> {
    let mut captured = BTreeSet::new();
    let mut out: Vec<String> = Vec::new();
    for e in exchanges {
        for v in used(e) {
            if !captured.contains(&v) && !out.contains(&v) {
                out.push(v);
            }
        }
        for c in &e.captures {
            captured.insert(c.variable.clone());
        }
    }
    out
}

/// Which earlier exchange (its index) captures `name` last before
/// exchange `at`, if any.
pub fn captured_by(exchanges: &[Exchange], at: usize, name: &str) -> Option<usize> {
    (0..at)
        .rev()
        .find(|&i| exchanges[i].captures.iter().any(|c| c.variable == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_and_braced_variables() {
        assert_eq!(
            pieces("Bearer $TOKEN/${ID}x $5 $lower ${OPEN"),
            vec![
                Piece::Text("Bearer "),
                Piece::Var("TOKEN"),
                Piece::Text("/"),
                Piece::Var("ID"),
                Piece::Text("x $5 $lower ${OPEN"),
            ]
        );
        assert_eq!(pieces(""), vec![]);
        assert_eq!(pieces("$A1_B"), vec![Piece::Var("A1_B")]);
        assert_eq!(
            pieces("k-{run:id}$A"),
            vec![Piece::Text("k-"), Piece::RunId, Piece::Var("A")]
        );
        assert_eq!(
            render("a{run:id}", str::to_string, |v| format!("<{v}>")),
            "a<{run:id}>"
        );
    }
}
