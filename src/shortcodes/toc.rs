//! `<<#toc>>`: the chapter's headings as a nested list of links.

use mdbook_markdown::pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::diagnostic::Diagnostic;
use crate::engine::RenderCx;
use crate::ids::Heading;
use crate::markdown;
use crate::registry::{AttrSpec, AttrType, BodyRule, Call, Placement, Shortcode, Spec, Stage};

pub struct Toc;

const LEVEL: AttrType = AttrType::Int { min: 1, max: 6 };

static SPEC: Spec = Spec {
    name: "toc",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "depth",
            ty: LEVEL,
            required: false,
            doc: "how many heading levels to list (default 2)",
        },
        AttrSpec {
            name: "from",
            ty: LEVEL,
            required: false,
            doc: "the highest heading level listed (default 2)",
        },
        AttrSpec {
            name: "ordered",
            ty: AttrType::Bool,
            required: false,
            doc: "a numbered list instead of bullets",
        },
    ],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Late,
};

/// Book-wide defaults from `[preprocessor.integration-guide.toc]`.
fn default_of(cx: &RenderCx<'_>, key: &str) -> Option<serde_json::Value> {
    cx.settings().section("toc")?.get(key).cloned()
}

impl Shortcode for Toc {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let int = |key: &str, default: i64| {
            call.int(key)
                .or_else(|| default_of(cx, key).and_then(|v| v.as_i64()))
                .unwrap_or(default)
        };
        let from = int("from", 2).clamp(1, 6) as u8;
        let depth = int("depth", 2).clamp(1, 6) as u8;
        let ordered = call
            .flag("ordered")
            .or_else(|| default_of(cx, "ordered").and_then(|v| v.as_bool()))
            .unwrap_or(false);
        let headings = cx.headings(cx.chapter_index()).unwrap_or_default();
        let last = from.saturating_add(depth - 1).min(6);
        let listed: Vec<&Heading> = headings
            .iter()
            .filter(|h| (from..=last).contains(&h.level))
            .collect();
        if listed.is_empty() {
            cx.warn(
                Diagnostic::warning(
                    call.span.clone(),
                    format!("`toc` has nothing to list: no headings of level {from} to {last} in this chapter"),
                )
                .with_hint("add `##` headings, or change `from`/`depth`"),
            );
            return Ok(String::new());
        }
        let items: Vec<(usize, &str, String)> = listed
            .iter()
            .map(|h| {
                (
                    (h.level - from) as usize,
                    h.text.as_str(),
                    format!("#{}", h.id),
                )
            })
            .collect();
        nested_list(&items, ordered).map_err(|e| Diagnostic::error(call.span.clone(), e))
    }
}

/// A nested list of links from `(depth, text, link)` entries; a depth
/// deeper than one below its predecessor is clamped.
pub fn nested_list(items: &[(usize, &str, String)], ordered: bool) -> Result<String, String> {
    let mut events: Vec<Event<'_>> = Vec::new();
    let list = || Tag::List(if ordered { Some(1) } else { None });
    // One entry per open list: whether its last item is still open.
    let mut open: Vec<bool> = Vec::new();
    for (depth, text, link) in items {
        let depth = (*depth).min(open.len());
        while open.len() > depth + 1 {
            if open.pop() == Some(true) {
                events.push(Event::End(TagEnd::Item));
            }
            events.push(Event::End(TagEnd::List(ordered)));
        }
        if open.len() == depth {
            events.push(Event::Start(list()));
            open.push(false);
        } else if let Some(item_open) = open.last_mut()
            && *item_open
        {
            events.push(Event::End(TagEnd::Item));
            *item_open = false;
        }
        events.push(Event::Start(Tag::Item));
        if let Some(item_open) = open.last_mut() {
            *item_open = true;
        }
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(link.as_str()),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        events.push(Event::Text(CowStr::from(*text)));
        events.push(Event::End(TagEnd::Link));
    }
    while let Some(item_open) = open.pop() {
        if item_open {
            events.push(Event::End(TagEnd::Item));
        }
        events.push(Event::End(TagEnd::List(ordered)));
    }
    markdown::write(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting() {
        let items = vec![
            (0, "A", "#a".to_string()),
            (1, "B", "#b".to_string()),
            (1, "C *x*", "#c".to_string()),
            (0, "D", "#d".to_string()),
            (2, "E", "#e".to_string()),
        ];
        assert_eq!(
            nested_list(&items, false).unwrap(),
            "- [A](#a)\n  - [B](#b)\n  - [C \\*x\\*](#c)\n- [D](#d)\n  - [E](#e)"
        );
    }
}
