//! Rule `undocumented-webhook` (off by default): a webhook of a spec in
//! `[preprocessor.integration-guide.openapi]` (OpenAPI 3.1 `webhooks`,
//! 3.0 `x-webhooks`) that no chapter documents with `<<#webhook-event>>`,
//! reported at its name in the spec. Specs are read for it only when the
//! rule is on.

use crate::api::Facts;
use crate::diagnostic::{Diagnostic, Severity};
use crate::openapi::{Api, Specs};
use crate::shortcodes::webhook_event::Documented;

use super::options::Options;
use super::{Finding, includes, load, source};

/// The rule's code.
pub const CODE: &str = "undocumented-webhook";

/// Adds a finding for each undocumented webhook of each declared spec
/// that can be read (one that cannot is `openapi-spec`'s, when a
/// shortcode needs it).
pub(crate) fn check(
    book: &mut load::Book,
    shown_root: &str,
    facts: &Facts,
    options: &Options,
    findings: &mut Vec<Finding>,
) {
    if options.severity(CODE, Severity::Warning).is_none() {
        return;
    }
    let Some(root) = book.settings.root.clone() else {
        return;
    };
    let documented = facts
        .get::<Documented>()
        .map(|d| &d.events[..])
        .unwrap_or_default();
    let specs = facts.get::<Specs>();
    for (name, path) in book.settings.openapi.clone() {
        let loaded;
        let api = match specs.and_then(|s| s.get(&name)) {
            Some(Ok(api)) => api,
            Some(Err(_)) => continue,
            None => {
                loaded = Api::load(&root.join(&path), &path);
                match &loaded {
                    Ok(api) => api,
                    Err(_) => continue,
                }
            }
        };
        let missing: Vec<&str> = api
            .webhooks
            .iter()
            .map(|o| o.path.as_str())
            .filter(|w| !documented.iter().any(|(s, n)| *s == name && n == w))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let file = source_of(book, shown_root, &root, &path);
        let text = book.sources[file].text.clone();
        let top = ["webhooks", "x-webhooks"]
            .into_iter()
            .find_map(|k| api.docs.docs[0].root.get(k));
        for hook in missing {
            let span = top
                .and_then(|t| t.get(hook))
                .and_then(|n| key_span(&text, n.at.line, n.at.col, hook))
                .unwrap_or(0..0);
            let d = Diagnostic::warning(
                span,
                format!("no chapter documents the webhook `{hook}` of spec `{name}`"),
            )
            .with_code(CODE)
            .with_hint(format!(
                "document it with <<#webhook-event spec=\"{name}\" name=\"{hook}\" url=\"...\">>, or set {CODE} = \"off\" in [preprocessor.integration-guide.check]"
            ));
            findings.push((file, d));
        }
    }
}

/// The index of the spec in `book.sources`, added when not there yet.
fn source_of(book: &mut load::Book, shown_root: &str, root: &std::path::Path, path: &str) -> usize {
    let full = root.join(path);
    let name = includes::shown_path(root, shown_root, &full);
    if let Some(i) = book.sources.iter().position(|s| s.name == name) {
        return i;
    }
    book.sources.push(source::Source {
        name,
        text: std::fs::read_to_string(&full).unwrap_or_default(),
    });
    book.sources.len() - 1
}

/// The key `key` before the value at 1-based `line`:`col` of `text`.
fn key_span(text: &str, line: usize, col: usize, key: &str) -> Option<std::ops::Range<usize>> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let l = text[start..].split('\n').next()?;
    let at = l
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(l.len(), |(b, _)| b);
    // A block mapping's value is on the next line: the key is on the
    // line before, at its end.
    crate::openapi::key_before(text, start + at, key).or_else(|| {
        let prev = text[..start.checked_sub(1)?]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        crate::openapi::key_before(text, start.checked_sub(1)?, key).filter(|r| r.start >= prev)
    })
}
