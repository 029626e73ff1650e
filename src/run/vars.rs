//! Variables in a request: `$NAME` and `${NAME}` (as the request model
//! reads them, [`crate::http::vars`]) filled in, and `{run:id}`, a string unique to one run (for `Idempotency-Key` headers
//! and references, so that reruns do not collide).
//!
//! Also the one percent-encoder `run` uses for the values it puts into a
//! URL or a form body (RFC 3986 §2.3: every byte but the unreserved
//! characters is encoded).

/// The token replaced by the run's unique id.
pub use crate::http::vars::RUN_ID;

/// `text` with each variable ([`crate::http::vars`]' rule, the one every
/// form uses) replaced by `value(name)` passed through `encode`, and
/// `{run:id}` by `run_id`. `Err`: the first variable `value` has no value
/// for.
pub fn substitute(
    text: &str,
    run_id: &str,
    value: &mut dyn FnMut(&str) -> Option<String>,
    encode: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    use crate::http::vars::{Piece, pieces};
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var { name, .. } => {
                let v = value(name).ok_or_else(|| name.to_string())?;
                out.push_str(&encode(&v));
            }
            Piece::RunId => out.push_str(run_id),
        }
    }
    Ok(if out.contains(RUN_ID) {
        out.replace(RUN_ID, run_id)
    } else {
        out
    })
}

/// A value as it is (for headers).
pub fn verbatim(s: &str) -> String {
    s.to_string()
}

/// Percent-encodes every byte of `s` but the unreserved characters
/// (RFC 3986 §2.3): for a path segment, a query name or value, a form
/// field.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A per-run unique id: the start time in nanoseconds and the process id,
/// in hexadecimal (`18c3f2a9b04e5d10-3f2a`).
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{:x}", nanos as u64, std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_variables_and_the_run_id() {
        let mut v = |n: &str| (n == "ID").then(|| "a b".to_string());
        assert_eq!(
            substitute("/x/${ID}/{run:id}", "r1", &mut v, &percent_encode).unwrap(),
            "/x/a%20b/r1"
        );
        assert_eq!(
            substitute("$NOPE", "r1", &mut v, &verbatim).unwrap_err(),
            "NOPE"
        );
    }
}
