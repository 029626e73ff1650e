//! Where heading ids are computed: the ids mdBook 0.5.4's HTML renderer
//! gives headings (and definition-list terms), so that every anchor we emit
//! resolves.
//!
//! mdBook's rules: the element's text (text and inline code; footnote
//! reference numbers count; inline HTML tags and image alt text do not) is
//! trimmed, lowercased, alphanumerics `_` and `-` are kept, whitespace
//! becomes `-`, the rest is dropped; ids are made unique per page in
//! document order with `-1`, `-2`, ... suffixes. An explicit `{#id}` is used
//! verbatim and is not reserved. Headings written as raw HTML get no id.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{self, ParseOptions};

/// A heading of a chapter as it will be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text as a reader sees it.
    pub text: String,
    /// The id mdBook gives it.
    pub id: String,
    /// Where it is in the text it was computed from.
    pub range: Range<usize>,
}

/// mdBook's `id_from_content`.
pub fn id_from_text(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Per-page de-duplication of ids, as mdBook's `unique_id`.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    pub fn unique(&mut self, id: String) -> String {
        if self.used.insert(id.clone()) {
            return id;
        }
        (1u32..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

/// The headings of a chapter with the ids mdBook will give them.
/// Definition-list terms take part in de-duplication but are not returned.
pub fn headings(text: &str, options: ParseOptions) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut ids = IdSet::default();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    // The element being collected: (level, explicit id, start, id text,
    // display text). Level 0 is a definition-list term.
    let mut current: Option<(u8, Option<String>, usize, String, String)> = None;
    let mut image_depth = 0usize;
    for (event, range) in markdown::parser(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    range.start,
                    String::new(),
                    String::new(),
                ));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                current = Some((0, None, range.start, String::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::DefinitionListTitle) => {
                if let Some((level, explicit, start, id_text, display)) = current.take() {
                    let id = match explicit {
                        Some(id) => id,
                        None => ids.unique(id_from_text(&id_text)),
                    };
                    if level > 0 {
                        out.push(Heading {
                            level,
                            text: display.trim().to_string(),
                            id,
                            range: start..range.end,
                        });
                    }
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::FootnoteReference(name) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(name.to_string()).or_insert(next);
                if let Some(cur) = current.as_mut() {
                    cur.3.push_str(&n.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) if image_depth == 0 => {
                if let Some(cur) = current.as_mut() {
                    cur.3.push_str(&t);
                    cur.4.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some(cur) = current.as_mut() {
                    cur.3.push('\n');
                    cur.4.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        headings(text, ParseOptions::default())
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn mdbook_rules() {
        assert_eq!(
            id_from_text("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(id_from_text(" Über  Straße! "), "über--straße");
    }

    #[test]
    fn duplicates_and_custom_ids() {
        assert_eq!(
            ids("# A\n## A\n### A {#a}\n## A\n## a-1\n"),
            vec!["a", "a-1", "a", "a-2", "a-1-1"]
        );
    }

    #[test]
    fn code_counts_html_and_alt_do_not() {
        assert_eq!(
            ids("## The `x` <em>y</em> ![alt](i.png) z\n"),
            vec!["the-x-y--z"]
        );
    }
}
