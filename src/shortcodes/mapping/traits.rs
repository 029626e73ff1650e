//! A field mapping's type and flags (layer 3, the shortcodes' shared
//! data-mapping model): what follows the `:` of a row (`decimal(18,2),
//! required, values=ID`) or a CSV `flags` cell.

use super::super::prelude::*;

use std::ops::Range;

use super::row::{RowError, is_id};

/// The flags a field mapping may carry (`when=` last: its condition runs
/// to the end of the part, commas included).
pub const FLAGS: &[&str] = &["required", "key", "read-only", "values=", "when="];

/// A field mapping's type and flags (what follows `:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits {
    /// The writer's type word, as written (`picklist`, `decimal(18,2)`).
    pub ty: Option<String>,
    pub required: bool,
    pub key: bool,
    pub read_only: bool,
    /// `values=ID` (any number of them): the value maps that translate
    /// the field, each with the range of its id.
    pub values: Vec<(String, Range<usize>)>,
    /// `when=CONDITION`: the condition under which the row applies (inline
    /// Markdown) and its range; rows for the same field with distinct
    /// conditions are not duplicates.
    pub when: Option<(String, Range<usize>)>,
}

/// Reads one flag at `range` of `text` into `traits`.
fn flag(text: &str, range: Range<usize>, traits: &mut Traits) -> Result<(), RowError> {
    let word = &text[range.clone()];
    match word {
        "required" => traits.required = true,
        "key" => traits.key = true,
        "read-only" => traits.read_only = true,
        _ => {
            if let Some(id) = word.strip_prefix("values=") {
                let id = id.trim();
                if !is_id(id) {
                    return Err(
                        RowError::new(range, format!("`{id}` is not a value map id"))
                            .hint("write values=ID with the `id` of a `value-map`"),
                    );
                }
                traits
                    .values
                    .push((id.to_string(), range.end - id.len()..range.end));
            } else if let Some(condition) = word.strip_prefix("when=") {
                let condition = condition.trim();
                if condition.is_empty() {
                    return Err(RowError::new(range, "`when=` without a condition")
                        .hint("write when=CONDITION, e.g. `when=the number is a mobile number`"));
                }
                traits.when = Some((
                    condition.to_string(),
                    range.end - condition.len()..range.end,
                ));
            } else {
                let name = word.split('=').next().unwrap_or(word);
                let e = RowError::new(range, format!("unknown flag `{word}`"));
                return Err(
                    match crate::diagnostic::closest(name, FLAGS.iter().copied()) {
                        Some(best) => e.hint(format!(
                            "did you mean `{best}`? (flags: {})",
                            FLAGS.join(", ")
                        )),
                        None => e.hint(format!("flags: {}", FLAGS.join(", "))),
                    },
                );
            }
        }
    }
    Ok(())
}

/// Reads `TYPE, flag, flag` (the first item is the type unless it is a
/// flag). Every problem is returned.
pub fn parse_traits(text: &str, range: Range<usize>) -> (Traits, Vec<RowError>) {
    let mut traits = Traits::default();
    let mut errors = Vec::new();
    let end = range.end;
    for (n, part) in body::comma_parts(text, range).into_iter().enumerate() {
        // `when=` takes the rest of the part: a condition may hold commas.
        let part = if text[part.clone()].starts_with("when=") {
            body::trimmed(text, part.start..end)
        } else {
            part
        };
        let when = text[part.clone()].starts_with("when=");
        let word = &text[part.clone()];
        let is_flag = FLAGS
            .iter()
            .any(|f| word == *f || (f.ends_with('=') && word.starts_with(f)));
        if n == 0 && !is_flag {
            traits.ty = Some(word.to_string());
        } else if let Err(e) = flag(text, part, &mut traits) {
            errors.push(e);
        }
        if when {
            break;
        }
    }
    (traits, errors)
}

/// Reads flags separated by `;` (a CSV `flags` cell).
pub fn parse_flags(text: &str) -> (Traits, Vec<RowError>) {
    let mut traits = Traits::default();
    let mut errors = Vec::new();
    let mut start = 0;
    for part in text.split(';') {
        let mut r = body::trimmed(text, start..start + part.len());
        start += part.len() + 1;
        // `when=` takes the rest of the cell, `;` included.
        let when = text[r.clone()].starts_with("when=");
        if when {
            r = body::trimmed(text, r.start..text.len());
        }
        if !r.is_empty()
            && let Err(e) = flag(text, r, &mut traits)
        {
            errors.push(e);
        }
        if when {
            break;
        }
    }
    (traits, errors)
}

/// The first `:` of `text[range]` outside parentheses and code spans.
pub fn type_colon(text: &str, range: Range<usize>) -> Option<usize> {
    let mut depth = 0usize;
    let mut code = false;
    for (i, c) in text[range.clone()].char_indices() {
        match c {
            '`' => code = !code,
            '(' if !code => depth += 1,
            ')' if !code => depth = depth.saturating_sub(1),
            ':' if !code && depth == 0 => return Some(range.start + i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_flags() {
        let t = "decimal(18,2), required, key, values=stage-status, read-only";
        let (tr, errors) = parse_traits(t, 0..t.len());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(tr.ty.as_deref(), Some("decimal(18,2)"));
        assert!(tr.required && tr.key && tr.read_only);
        let (id, r) = tr.values[0].clone();
        assert_eq!((id.as_str(), &t[r]), ("stage-status", "stage-status"));
        let t = "required";
        assert_eq!(parse_traits(t, 0..t.len()).0.ty, None);
        let t = "text, requird, valeus=x";
        let (_, errors) = parse_traits(t, 0..t.len());
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "unknown flag `requird`");
        assert_eq!(errors[0].range, 6..13);
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `required`?")
        );
        assert!(
            errors[1]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `values=`?")
        );
        let (tr, errors) = parse_flags("required; values=m");
        assert!(errors.is_empty() && tr.required && tr.values.len() == 1);
        assert_eq!(type_colon("Lookup(A:B): x", 0..14), Some(11));
        assert_eq!(type_colon("`a:b`", 0..5), None);
    }
}
