//! Quoting for bash and zsh (the `curl` and HTTPie forms): only
//! variables expand, everything else is literal.
//!
//! `{run:id}` is the shell variable `run_id` (lower case, so it never
//! meets a guide's `$NAME`), set on the line before the command from 8
//! random bytes in hexadecimal ([`RUN_ID_LINE`]): `od`, `tr` and
//! `/dev/urandom` are on every POSIX system (`uuidgen` is not: Debian
//! ships it apart, in `uuid-runtime`).

use super::request::Request;
use super::vars::{Piece, RUN_ID, pieces};

/// The line that sets `run_id`, a fresh value for each execution
/// (16 hexadecimal digits).
pub const RUN_ID_LINE: &str = "run_id=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \\n')";

/// `command` with [`RUN_ID_LINE`] before it when `r` uses `{run:id}`.
pub fn with_run_id(r: &Request, command: String) -> String {
    if r.uses_run_id() {
        format!("{RUN_ID_LINE}\n{command}")
    } else {
        command
    }
}

/// `s` single-quoted but for `{run:id}`, which is `${run_id}` (a body's
/// exact text).
pub fn single_with_run_id(s: &str) -> String {
    s.split(RUN_ID)
        .map(single)
        .collect::<Vec<_>>()
        .join("\"${run_id}\"")
}

/// `s` single-quoted: nothing in it expands (`'` as `'\''`).
pub fn single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A word for the shell: as it is when it is made of safe characters,
/// else quoted so that only `$NAME` / `${NAME}` expand.
pub fn quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        return s.to_string();
    }
    let parts = pieces(s);
    if parts.iter().all(|p| matches!(p, Piece::Text(_))) {
        return single(s);
    }
    let plain_in_double = |t: &str| !t.contains(['"', '\\', '`', '$', '!', '\r', '\n']);
    if parts.iter().all(|p| match p {
        Piece::Text(t) => plain_in_double(t),
        Piece::Var { .. } | Piece::RunId => true,
    }) {
        let inner: String = parts
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Var { written: t, .. } => t,
                Piece::RunId => "${run_id}",
            })
            .collect();
        return format!("\"{inner}\"");
    }
    parts
        .iter()
        .map(|p| match p {
            Piece::Var { written, .. } => format!("\"{written}\""),
            Piece::RunId => "\"${run_id}\"".to_string(),
            Piece::Text(t) => single(t),
        })
        .collect()
}

/// A command: its first line, then each argument on a line of its own
/// after ` \` and two spaces.
pub fn command(head: &str, args: &[String]) -> String {
    let mut out = head.to_string();
    for a in args {
        out.push_str(" \\\n  ");
        out.push_str(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("https://a.example/v2/x"), "https://a.example/v2/x");
        assert_eq!(
            quote("https://a.example/?a=1&b=2"),
            "'https://a.example/?a=1&b=2'"
        );
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(
            quote("Authorization: Bearer $TOKEN"),
            "\"Authorization: Bearer $TOKEN\""
        );
        assert_eq!(quote("${BASE}/v2"), "\"${BASE}/v2\"");
        assert_eq!(quote("X: \"$A\" $(rm)"), "'X: \"'\"$A\"'\" $(rm)'");
        assert_eq!(quote("cost $5"), "'cost $5'");
        assert_eq!(quote("$home"), "'$home'");
        assert_eq!(single(""), "''");
        assert_eq!(quote("Key: k-{run:id}"), "\"Key: k-${run_id}\"");
        assert_eq!(quote("K: '{run:id}'"), "\"K: '${run_id}'\"");
        assert_eq!(quote("K: \"{run:id}"), "'K: \"'\"${run_id}\"");
        assert_eq!(
            single_with_run_id("{\"k\": \"{run:id}\"}"),
            "'{\"k\": \"'\"${run_id}\"'\"}'"
        );
    }
}
