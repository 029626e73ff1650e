//! Variables in a request: `$NAME` and `${NAME}` (an identifier of upper
//! case letters, digits and `_`, not starting with a digit, as the
//! request model writes them, see [`crate::http::request`]), and
//! `{run:id}`, a string unique to one run (for `Idempotency-Key` headers
//! and references, so that reruns do not collide).
//!
//! Also the one percent-encoder `run` uses for the values it puts into a
//! URL or a form body (RFC 3986 §2.3: every byte but the unreserved
//! characters is encoded).

use std::ops::Range;

/// The token replaced by the run's unique id.
pub const RUN_ID: &str = "{run:id}";

/// Each variable in `text`: its range (`$NAME` or `${NAME}` whole) and
/// its name, in order.
pub fn find(text: &str) -> Vec<(Range<usize>, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let start = i + 1 + usize::from(braced);
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_uppercase()
                || bytes[end] == b'_'
                || (end > start && bytes[end].is_ascii_digit()))
        {
            end += 1;
        }
        let closed = !braced || bytes.get(end) == Some(&b'}');
        if end > start && closed {
            let whole_end = end + usize::from(braced);
            out.push((i..whole_end, &text[start..end]));
            i = whole_end;
        } else {
            i += 1;
        }
    }
    out
}

/// `text` with each variable replaced by `value(name)` (passed through
/// `encode`) and `{run:id}` by `run_id`. `Err`: the first variable
/// `value` has no value for.
pub fn substitute(
    text: &str,
    run_id: &str,
    value: &mut dyn FnMut(&str) -> Option<String>,
    encode: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, name) in find(text) {
        let v = value(name).ok_or_else(|| name.to_string())?;
        out.push_str(&text[last..range.start]);
        out.push_str(&encode(&v));
        last = range.end;
    }
    out.push_str(&text[last..]);
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
    fn finds_shell_variables_only() {
        let names: Vec<&str> = find("Bearer $TOKEN ${ID}x $home $1 ${OPEN $ $A_1")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, ["TOKEN", "ID", "A_1"][..]);
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
