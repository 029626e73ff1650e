//! The rule `env-literal`: a value of `[preprocessor.integration-guide.environments]`
//! (8 characters or more) written out in a chapter, where `<<#env key>>`
//! (or `{env:key}` in an attribute or a code block with `env`) would keep
//! it right in every environment's build. The chapters' text as written is
//! searched (with `{{#include}}`s expanded), so values that the shortcodes
//! put there do not count.

use crate::diagnostic::Diagnostic;

use super::load::Book;

/// The shortest value the rule looks for (shorter ones, `v2`, `eu`, are
/// too likely to be ordinary words).
pub const MIN_LEN: usize = 8;

/// Every place a chapter spells out a value, once per place (the longest
/// value there: a base URL inside a token URL is the token URL).
pub fn check(book: &Book, out: &mut Vec<(usize, Diagnostic)>) {
    let envs = &book.settings.environments;
    if envs.is_empty() {
        return;
    }
    // (value, key, environment name), longest first. The name, not the
    // title: a title is free text ("The sandbox") that reads wrongly
    // after "the".
    let mut values: Vec<(&str, &str, &str)> = envs
        .list
        .iter()
        .flat_map(|e| {
            envs.keys
                .iter()
                .zip(&e.values)
                .map(move |(k, v)| (v.as_str(), k.as_str(), e.name.as_str()))
        })
        .filter(|(v, _, _)| v.chars().count() >= MIN_LEN)
        .collect();
    values.sort_by_key(|(v, _, _)| std::cmp::Reverse(v.len()));
    for (i, chapter) in book.chapters.iter().enumerate() {
        let text = &chapter.content;
        let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
        for (value, key, name) in &values {
            for (at, _) in text.match_indices(value) {
                let span = at..at + value.len();
                if taken
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                taken.push(span.clone());
                let Some(map) = book.maps.get(i) else {
                    continue;
                };
                let hint = hint(text, span.clone(), key);
                let (file, span) = map.origin_span(span);
                out.push((
                    file,
                    Diagnostic::warning(
                        span,
                        format!("the value of `{key}` in the environment `{name}` is written out"),
                    )
                    .with_hint(hint)
                    .with_code("env-literal"),
                ));
            }
        }
    }
}

/// The way to write the value at `span` of `text`: `<<#env key code>>` in
/// place of a code span that holds just the value (a code span shows a
/// shortcode as written), `<<#env key>>` elsewhere.
fn hint(text: &str, span: std::ops::Range<usize>, key: &str) -> String {
    let b = text.as_bytes();
    let in_backticks =
        span.start > 0 && b.get(span.start - 1) == Some(&b'`') && b.get(span.end) == Some(&b'`');
    if in_backticks {
        format!(
            "write `<<#env {key} code>>` in place of the code span, so that every environment's build shows its own value as code (a shortcode inside backticks is shown as written)"
        )
    } else {
        format!(
            "write `<<#env {key}>>` instead (`{{env:{key}}}` in an attribute or a code block with `env`), so that every environment's build shows its own value"
        )
    }
}
