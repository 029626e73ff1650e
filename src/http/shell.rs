//! Quoting for bash and zsh (the `curl` and HTTPie forms): only
//! variables expand, everything else is literal.

use super::vars::{Piece, pieces};

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
        Piece::Var { .. } => true,
    }) {
        return format!("\"{s}\"");
    }
    parts
        .iter()
        .map(|p| match p {
            Piece::Var { written, .. } => format!("\"{written}\""),
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
    }
}
