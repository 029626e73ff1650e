//! One row of a mapping (layer 3, the shortcodes' shared data-mapping
//! model): the direction of its arrow, its two sides, a field or constant
//! on the source side, the notes after `|`, and a problem in it.

use super::super::prelude::*;

use std::ops::Range;

/// Which way data flows in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `->`: from the source system to the target system.
    Forward,
    /// `<-`: from the target system back to the source system.
    Back,
    /// `<->`: both ways.
    Both,
}

impl Direction {
    /// The arrow as written in a row or a CSV `direction` cell.
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim() {
            "->" | "→" => Some(Direction::Forward),
            "<-" | "←" => Some(Direction::Back),
            "<->" | "↔" => Some(Direction::Both),
            _ => None,
        }
    }

    /// The arrow a reader sees.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Forward => "→",
            Direction::Back => "←",
            Direction::Both => "↔",
        }
    }

    /// Whether the target side is written (`->`, `<->`).
    pub fn writes_target(self) -> bool {
        self != Direction::Back
    }

    /// Whether the source side is written (`<-`, `<->`).
    pub fn writes_source(self) -> bool {
        self != Direction::Forward
    }
}

/// A problem in one row, by byte range of the row's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub range: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl RowError {
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        RowError {
            range,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The mapping part of a row (before any `|`): where its arrow is and the
/// two sides, as byte ranges of the row's text, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub left: Range<usize>,
    pub direction: Direction,
    pub arrow: Range<usize>,
    pub right: Range<usize>,
}

/// Finds the first arrow (`<->`, `->`, `<-`) of `text` outside code spans
/// and double-quoted constants, and splits the text there.
pub fn split_arrow(text: &str) -> Result<Sides, RowError> {
    split_arrow_quoted(text, true).or_else(|e| {
        // An unterminated constant hides the arrow: look again without
        // quotes, so that the constant itself is reported.
        if text.contains('"') {
            split_arrow_quoted(text, false).map_err(|_| e)
        } else {
            Err(e)
        }
    })
}

fn split_arrow_quoted(text: &str, quotes: bool) -> Result<Sides, RowError> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'\\' if quoted => i += 2,
            b'"' if quotes => {
                quoted = !quoted;
                i += 1;
            }
            b'`' if !quoted => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = "`".repeat(run);
                i = memchr::memmem::find(&b[i + run..], close.as_bytes())
                    .map_or(i + run, |at| i + run + at + run);
            }
            _ if quoted => i += 1,
            _ => {
                let found = [
                    ("<->", Direction::Both),
                    ("->", Direction::Forward),
                    ("<-", Direction::Back),
                ]
                .into_iter()
                // Bytes, not `text[i..]`: `i` may be inside a character
                // (`Prénom -> ...`); an ASCII arrow matches only at a
                // character boundary.
                .find(|(arrow, _)| b[i..].starts_with(arrow.as_bytes()));
                if let Some((arrow, direction)) = found {
                    return Ok(Sides {
                        left: body::trimmed(text, 0..i),
                        direction,
                        arrow: i..i + arrow.len(),
                        right: body::trimmed(text, i + arrow.len()..text.len()),
                    });
                }
                i += 1;
            }
        }
    }
    Err(RowError::new(0..text.len(), "a mapping row has no arrow")
        .hint("write `source -> target` (or `<-`, `<->` for data that flows back or both ways)"))
}

/// One side of a field mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A field name (inline Markdown).
    Name(String),
    /// `= "literal"`: a constant value.
    Constant(String),
    /// `expression=ID`: a transformation expression, written in an
    /// `<<#expression id="ID">>` block of the field map and shown under
    /// the table.
    Expression(String),
}

/// Reads a source side: a field name, or `= "literal"` (with `\"`, `\\`
/// and `\|` escapes; `\|` as in a field name, since `|` starts the notes).
pub fn parse_source(text: &str, range: Range<usize>) -> Result<Field, RowError> {
    let s = &text[range.clone()];
    if let Some(id) = s.strip_prefix("expression=") {
        let id = id.trim();
        if !is_id(id) {
            return Err(RowError::new(
                range.end - id.len()..range.end,
                format!("`{id}` is not an expression id"),
            )
            .hint(
                "write expression=ID with the `id` of an `<<#expression>>` block in this field map",
            ));
        }
        return Ok(Field::Expression(id.to_string()));
    }
    let Some(rest) = s.strip_prefix('=') else {
        return Ok(Field::Name(s.to_string()));
    };
    let rest_start = range.start + 1 + (rest.len() - rest.trim_start().len());
    let rest = rest.trim();
    let Some(inner) = rest.strip_prefix('"') else {
        return Err(RowError::new(
            rest_start..range.end,
            "a constant is written in double quotes",
        )
        .hint(format!("write = \"{rest}\"")));
    };
    let mut value = String::new();
    let mut chars = inner.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\' | '|'))) => value.push(e),
                Some((_, e)) => {
                    value.push('\\');
                    value.push(e);
                }
                None => break,
            },
            '"' => {
                let after = inner[at + 1..].trim();
                if !after.is_empty() {
                    let start = range.end - after.len();
                    return Err(RowError::new(
                        start..range.end,
                        "text after the constant's closing quote",
                    )
                    .hint(
                        "a constant is only `= \"literal\"`; write `\\\"` for a quote inside it",
                    ));
                }
                return Ok(Field::Constant(value));
            }
            c => value.push(c),
        }
    }
    Err(RowError::new(
        rest_start..range.end,
        "unterminated constant: no closing `\"`",
    )
    .hint("close the constant's quotes: = \"literal\""))
}

/// Whether `id` is an id: letters, digits, `-` and `_`.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A body row split at its first `|` (not escaped, not in code, not made by
/// a nested shortcode): the end of the mapping part, and the notes after
/// it (trimmed; `None` when absent or empty).
pub fn split_notes(entry: &BodyEntry<'_>) -> (usize, Option<String>) {
    let (_, seps) = body::split_cells(entry);
    let text = entry.text();
    let Some(&sep) = seps.first() else {
        return (text.len(), None);
    };
    let notes = body::trimmed(text, sep + 1..text.len());
    (sep, (!notes.is_empty()).then(|| text[notes].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_and_sides() {
        let s = split_arrow("Deal name -> Invoice reference: text").unwrap();
        assert_eq!(s.direction, Direction::Forward);
        assert_eq!(s.left, 0..9);
        assert_eq!(s.arrow, 10..12);
        let t = "Notes <-> Memo";
        let s = split_arrow(t).unwrap();
        assert_eq!(
            (s.direction, &t[s.right.clone()]),
            (Direction::Both, "Memo")
        );
        let t = "Paid on <- Payment date";
        assert_eq!(split_arrow(t).unwrap().direction, Direction::Back);
        // An arrow inside a constant or code is not the row's arrow.
        let t = "= \"a->b\" -> C";
        let s = split_arrow(t).unwrap();
        assert_eq!(&t[s.left.clone()], "= \"a->b\"");
        let t = "`x->y` <- Z";
        assert_eq!(split_arrow(t).unwrap().direction, Direction::Back);
        assert_eq!(
            split_arrow("no arrow here").unwrap_err().message,
            "a mapping row has no arrow"
        );
    }

    #[test]
    fn constants() {
        let t = "= \"EUR\"";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Constant("EUR".into()))
        );
        let t = "= \"say \\\"hi\\\"\"";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Constant("say \"hi\"".into()))
        );
        let t = "= \"EUR";
        let e = parse_source(t, 0..t.len()).unwrap_err();
        assert_eq!(
            (e.range, e.message.as_str()),
            (2..6, "unterminated constant: no closing `\"`")
        );
        let t = "= EUR";
        assert_eq!(
            parse_source(t, 0..t.len()).unwrap_err().hint.as_deref(),
            Some("write = \"EUR\"")
        );
        let t = "Amount";
        assert_eq!(
            parse_source(t, 0..t.len()),
            Ok(Field::Name("Amount".into()))
        );
    }
}
