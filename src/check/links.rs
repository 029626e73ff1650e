//! Internal links: `#anchor` and `chapter.md#anchor` must name an id of
//! the target page (the ids mdBook gives headings, as `<<#toc>>` computes
//! them, plus `id`s written in raw HTML and footnote ids), and a link to a
//! `.md` file must name a chapter of SUMMARY.md.
//!
//! Checked: Markdown links (inline, reference, autolinks) written in the
//! chapters and the files they include. Not checked: links in raw HTML,
//! links that shortcodes generate (they are right by construction),
//! external and absolute links, links to other files (images, ...).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use mdbook_markdown::pulldown_cmark::{Event, Tag};
use regex::Regex;

use super::Finding;
use super::load::Book;
use super::source::SourceMap;
use crate::book::Chapter;
use crate::diagnostic::Diagnostic;
use crate::ids::{self, Place};
use crate::markdown::{self, ParseOptions};

static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/=`]+))"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An HTML start tag: ids are only read inside tags, never from text (an
/// error box shows a tag's source, escaped, as text).
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[A-Za-z][^<>]*>").unwrap_or_else(|e| unreachable!("{e}")));

static SCHEME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").unwrap_or_else(|e| unreachable!("{e}"))
});

/// Percent-decodes a link part (invalid sequences are kept).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Every id a page will have.
pub fn page_ids(text: &str, options: ParseOptions) -> HashSet<String> {
    let mut out: HashSet<String> = ids::elements(text, options)
        .into_iter()
        .filter(|e| e.place != Place::Hidden)
        .map(|e| e.id)
        .collect();
    let mut references: HashMap<String, usize> = HashMap::new();
    for event in markdown::parser(text, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in HTML_TAG.find_iter(&html) {
                    for cap in HTML_ID.captures_iter(tag.as_str()) {
                        if let Some(m) = cap.get(1).or(cap.get(2)).or(cap.get(3)) {
                            out.insert(m.as_str().to_string());
                        }
                    }
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.insert(format!("footnote-{name}"));
            }
            Event::FootnoteReference(name) => {
                let n = references.entry(name.to_string()).or_default();
                *n += 1;
                out.insert(format!("fr-{name}-{n}"));
            }
            _ => {}
        }
    }
    out
}

/// A link of a chapter's source: its destination and where it is.
struct Link {
    dest: String,
    span: std::ops::Range<usize>,
}

fn links_of(text: &str, options: ParseOptions) -> Vec<Link> {
    let mut out = Vec::new();
    for (event, range) in markdown::parser(text, options).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let dest = dest_url.to_string();
            // Point at the destination when it is written in the link.
            let written = &text[range.clone()];
            let span = match written.rfind(dest.as_str()) {
                Some(at) if !dest.is_empty() => range.start + at..range.start + at + dest.len(),
                _ => range,
            };
            out.push(Link { dest, span });
        }
    }
    out
}

/// `a/b/../c.md` resolved against the directory of `from` (paths relative
/// to `src`); `None` when it leaves `src`.
fn resolve(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The preprocessors of the book other than this one, mdBook's `links` and
/// `index`, and the neighbours known to add no ids (mermaid, katex, toc,
/// tabs, pagetoc: [`crate::neighbours::Neighbour::adds_ids`], by table name
/// or command), that run for the HTML renderer: they may add ids (the Rust
/// Reference's rule anchors, say) that `check` cannot see.
pub fn other_preprocessors(config: &serde_json::Value) -> Vec<String> {
    let Some(table) = config.get("preprocessor").and_then(|p| p.as_object()) else {
        return Vec::new();
    };
    table
        .iter()
        // mdBook's own, this one, and neighbours known to add no ids
        // (diagrams, math, tabs, a list of links to the headings).
        .filter(|(name, t)| {
            let known = crate::neighbours::Table {
                command: t
                    .get("command")
                    .and_then(|c| c.as_str())
                    .map(str::to_string),
                ..Default::default()
            };
            !matches!(name.as_str(), "integration-guide" | "links" | "index")
                && crate::neighbours::identify(name, &known).is_none_or(|n| n.adds_ids)
        })
        .filter(|(_, t)| {
            t.get("renderers")
                .and_then(|r| r.as_array())
                .is_none_or(|r| r.iter().any(|r| r.as_str() == Some("html")))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether `[output.html.redirect]` provides the page of `path` (a `.md`
/// path relative to `src`): mdBook writes a page there that redirects.
fn redirected(config: &serde_json::Value, path: &str) -> bool {
    let Some(redirects) = config
        .pointer("/output/html/redirect")
        .and_then(|r| r.as_object())
    else {
        return false;
    };
    let html = format!("{}.html", path.strip_suffix(".md").unwrap_or(path));
    redirects
        .keys()
        .any(|k| crate::book::normalize(k.trim_start_matches('/')) == html)
}

/// `broken-anchor` and `link-not-in-summary` for every chapter. Returns how
/// many anchors were not found but not reported either, because another
/// preprocessor of the book may add them ([`other_preprocessors`]).
pub fn check(book: &Book, expanded: &[String], out: &mut Vec<Finding>) -> usize {
    let options = book.settings.markdown;
    let others = !other_preprocessors(&book.config).is_empty();
    let mut unknowable = 0;
    let mut ids: Vec<Option<HashSet<String>>> = vec![None; book.chapters.len()];
    // Each chapter by its source path and by its path.
    let by = |path: fn(&Chapter) -> Option<&str>| -> HashMap<&str, usize> {
        let chapters = book.chapters.iter().enumerate();
        chapters.filter_map(|(i, c)| Some((path(c)?, i))).collect()
    };
    let by_source = by(|c| c.source_path.as_deref());
    let by_path = by(|c| c.path.as_deref());

    for (i, chapter) in book.chapters.iter().enumerate() {
        let Some(source_path) = chapter.source_path.as_deref() else {
            continue;
        };
        for link in links_of(&chapter.content, options) {
            let dest = link.dest.trim();
            if dest.is_empty() || dest.starts_with('/') || SCHEME.is_match(dest) {
                continue;
            }
            let (path, anchor) = match dest.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (dest, None),
            };
            let path = path.split_once('?').map_or(path, |(p, _)| p);
            let target = if path.is_empty() {
                Some(i)
            } else if path.ends_with(".md") {
                let decoded = decode(path);
                let resolved = resolve(source_path, &decoded);
                let found = resolved
                    .as_deref()
                    .and_then(|r| by_source.get(r).or(by_path.get(r)).copied());
                if found.is_none() {
                    if !resolved
                        .as_deref()
                        .is_some_and(|r| redirected(&book.config, r))
                    {
                        report_not_in_summary(book, i, &link, path, resolved, out);
                    }
                    continue;
                }
                found
            } else if let Some(stem) = path.strip_suffix(".html") {
                resolve(source_path, &decode(&format!("{stem}.md")))
                    .and_then(|r| by_path.get(r.as_str()).copied())
            } else {
                None
            };
            let (Some(target), Some(anchor)) = (target, anchor) else {
                continue;
            };
            if anchor.is_empty() || book.chapters[target].is_draft() {
                continue;
            }
            let anchor = decode(anchor);
            let page = ids[target].get_or_insert_with(|| page_ids(&expanded[target], options));
            if page.contains(&anchor) {
                continue;
            }
            if others {
                unknowable += 1;
                continue;
            }
            out.push(broken_anchor(
                book,
                i,
                link.span.clone(),
                target,
                &anchor,
                page,
            ));
        }
    }
    unknowable
}

/// A link of chapter `i` (at `link`) to an `anchor` that the page of
/// chapter `target` (its ids: `page`) does not have, at the link in the
/// file it was written in, with the closest id or the page's ids.
fn broken_anchor(
    book: &Book,
    i: usize,
    link: std::ops::Range<usize>,
    target: usize,
    anchor: &str,
    page: &HashSet<String>,
) -> Finding {
    let (file, span) = book.maps[i].origin_span(link);
    let target_name = book.chapters[target]
        .source_path
        .as_deref()
        .unwrap_or_default();
    let mut candidates: Vec<&str> = page.iter().map(String::as_str).collect();
    candidates.sort_unstable();
    let page_name = if target == i {
        "this page".to_string()
    } else {
        format!("the page of `{target_name}`")
    };
    let diagnostic =
        Diagnostic::error(span, format!("broken link: {page_name} has no `#{anchor}`"))
            .with_code("broken-anchor");
    let diagnostic = match crate::diagnostic::closest(anchor, candidates.iter().copied()) {
        Some(best) => diagnostic.with_hint(format!("did you mean `#{best}`?")),
        None if candidates.is_empty() => {
            diagnostic.with_hint(format!("{page_name} has no headings"))
        }
        None => diagnostic.with_hint(format!("the ids of {page_name} are {}", list(&candidates))),
    };
    (file, diagnostic)
}

/// At most 8 ids, quoted.
fn list(ids: &[&str]) -> String {
    let mut shown: Vec<String> = ids.iter().take(8).map(|id| format!("`#{id}`")).collect();
    if ids.len() > 8 {
        shown.push(format!("and {} more", ids.len() - 8));
    }
    shown.join(", ")
}

fn report_not_in_summary(
    book: &Book,
    i: usize,
    link: &Link,
    path: &str,
    resolved: Option<String>,
    out: &mut Vec<Finding>,
) {
    let map: &SourceMap = &book.maps[i];
    let (file, span) = map.origin_span(link.span.clone());
    let exists = resolved
        .as_deref()
        .is_some_and(|r| book.src_dir.join(r).is_file());
    let (message, hint) = if exists {
        (
            format!("`{path}` is not a chapter in SUMMARY.md, so mdBook does not render it"),
            "add it to SUMMARY.md, or link to a chapter that is".to_string(),
        )
    } else {
        (
            format!("`{path}` does not exist and is not a chapter in SUMMARY.md"),
            format!(
                "check the path; it is relative to the chapter's file `{}`, also in {{{{#include}}}}d text",
                book.chapters[i].source_path.as_deref().unwrap_or_default()
            ),
        )
    };
    out.push((
        file,
        Diagnostic::error(span, message)
            .with_hint(hint)
            .with_code("link-not-in-summary"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_resolving() {
        assert_eq!(decode("caf%C3%A9%20x%2"), "café x%2");
        assert_eq!(resolve("a/b.md", "../c.md"), Some("c.md".into()));
        assert_eq!(resolve("a/b.md", "./d/e.md"), Some("a/d/e.md".into()));
        assert_eq!(resolve("b.md", "../c.md"), None);
    }

    #[test]
    fn page_ids_come_from_tags_not_text() {
        let text = "<div class=\"x\">id=&quot;nope&quot; and id=bare</div>\n\n<a id=\"yes\"></a>\n";
        let got = page_ids(text, ParseOptions::default());
        assert!(got.contains("yes"), "{got:?}");
        assert!(
            !got.iter().any(|id| id.contains("nope") || id == "bare"),
            "{got:?}"
        );
    }

    #[test]
    fn page_ids_include_html_and_footnotes() {
        let text = "# Title\n\n<a id=\"x\"></a> <span name='y'>\n\nText[^n].\n\n[^n]: note\n\nTerm\n: def\n";
        let got = page_ids(text, ParseOptions::default());
        for id in ["title", "x", "y", "footnote-n", "fr-n-1", "term"] {
            assert!(got.contains(id), "{id} in {got:?}");
        }
    }
}
