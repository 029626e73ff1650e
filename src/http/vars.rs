//! Variables in a request's values: `$NAME` and `${NAME}`, where `NAME`
//! is an upper-case identifier (`[A-Z_][A-Z0-9_]*`, as POSIX shells and
//! `run` read them). Anything else with a `$` (`$HOME2x`, `$lower`, `$5`,
//! a `$` in a payload) is text, which every form shows as text.
//!
//! `{run:id}` ([`RUN_ID`]) is a value unique to each execution: `run` sends
//! its run's id, and each form a reader copies makes a fresh one its own
//! way ([`Piece::RunId`]), so that a rerun does not reuse an
//! `Idempotency-Key`.

/// The token for a value unique to each execution (`run`: one per run).
pub const RUN_ID: &str = "{run:id}";

/// A part of a value: literal text, or a variable by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// A variable: its name (`TOKEN` for `$TOKEN` and `${TOKEN}`) and
    /// how it is written.
    Var {
        /// The name.
        name: &'a str,
        /// As written: `$TOKEN` or `${TOKEN}`.
        written: &'a str,
    },
    /// `{run:id}`: a value unique to each execution.
    RunId,
}

/// A variable at the start of `s`: its length in `s` and its name.
pub fn variable_at(s: &str) -> Option<(usize, &str)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'$') {
        return None;
    }
    let ident = |from: usize| {
        let n = b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        let name = &s[from..from + n];
        let upper = name
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
        (n > 0 && upper && !name.as_bytes()[0].is_ascii_digit()).then_some(name)
    };
    if b.get(1) == Some(&b'{') {
        let name = ident(2)?;
        (b.get(2 + name.len()) == Some(&b'}')).then_some((name.len() + 3, name))
    } else {
        ident(1).map(|name| (name.len() + 1, name))
    }
}

/// The pieces of `s`, in order; adjacent text is one piece.
pub fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let (mut last, mut i) = (0, 0);
    while i < s.len() {
        if let Some((n, name)) = variable_at(&s[i..]) {
            if last < i {
                out.push(Piece::Text(&s[last..i]));
            }
            out.push(Piece::Var {
                name,
                written: &s[i..i + n],
            });
            i += n;
            last = i;
        } else if s[i..].starts_with(RUN_ID) {
            if last < i {
                out.push(Piece::Text(&s[last..i]));
            }
            out.push(Piece::RunId);
            i += RUN_ID.len();
            last = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if last < s.len() {
        out.push(Piece::Text(&s[last..]));
    }
    out
}

/// The variables `s` names, in order, each once.
pub fn names(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for p in pieces(s) {
        if let Piece::Var { name, .. } = p
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// `s` with each variable replaced by `value(name)` (unchanged where it
/// gives `None`); `{run:id}` stays.
pub fn substitute(s: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    pieces(s)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_string(),
            Piece::Var { name, written } => value(name).unwrap_or_else(|| written.to_string()),
            Piece::RunId => RUN_ID.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_upper_case_identifiers_are_variables() {
        assert_eq!(variable_at("$TOKEN x"), Some((6, "TOKEN")));
        assert_eq!(variable_at("${A_1}x"), Some((6, "A_1")));
        assert_eq!(variable_at("$home"), None);
        assert_eq!(variable_at("$Home"), None);
        assert_eq!(variable_at("$5"), None);
        assert_eq!(variable_at("${A"), None);
        assert_eq!(variable_at("$"), None);
        assert_eq!(
            pieces("Bearer $T, ${U}!$x"),
            vec![
                Piece::Text("Bearer "),
                Piece::Var {
                    name: "T",
                    written: "$T"
                },
                Piece::Text(", "),
                Piece::Var {
                    name: "U",
                    written: "${U}"
                },
                Piece::Text("!$x")
            ]
        );
        assert_eq!(names("$A/$B/$A"), vec!["A", "B"]);
        let v = |n: &str| (n == "A").then(|| "1".to_string());
        assert_eq!(substitute("$A-${B}", &v), "1-${B}");
        assert_eq!(
            pieces("k-{run:id}$A{run:id}"),
            vec![
                Piece::Text("k-"),
                Piece::RunId,
                Piece::Var {
                    name: "A",
                    written: "$A"
                },
                Piece::RunId
            ]
        );
        assert_eq!(substitute("k-{run:id}-$A", &v), "k-{run:id}-1");
    }
}
