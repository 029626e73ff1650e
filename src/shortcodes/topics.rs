//! `<<#topics>>`: the template's "**Topics:**" list: the direct subsections
//! of the section the shortcode stands in or, when that section has none,
//! the chapter's sub-chapters.
//!
//! [`Stage::Late`], like `toc`: the section and its subsections are found
//! in the chapter as it will be rendered, headings other shortcodes
//! generate included.

use super::prelude::*;

use crate::ids::Heading;
use crate::settings::Drafts;

use super::toc::{self, Block, Entry};

pub struct Topics;

static OPTIONS: &[OptionSpec] = &[OptionSpec {
    key: "label",
    ty: AttrType::Text,
    default: "\"Topics:\"",
    expect: "it must be a string, e.g. label = \"Topics:\" (\"\" for no label)",
    pattern: "",
    doc: "the bold text before the list; empty: no label",
}];

static SPEC: Spec = Spec {
    name: "topics",
    positional: None,
    attrs: &[AttrSpec {
        name: "label",
        ty: AttrType::Text,
        required: false,
        doc: "the bold text before the list (default `Topics:`; \"\" for none)",
    }],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Late,
    labels: &[],
    options: OPTIONS,
};

impl Shortcode for Topics {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let me = cx.chapter_index();
        let headings = cx.headings(me).unwrap_or_default();
        let section = section_of(call, cx, headings);
        let mut entries: Vec<Entry> = subsections(headings, section)
            .into_iter()
            .filter(|h| !h.text.trim().is_empty())
            .map(|h| Entry {
                level: 0,
                text: h.text.clone(),
                link: toc::heading_link(cx, me, h),
                ..Entry::default()
            })
            .collect();
        if entries.is_empty() {
            entries = sub_chapters(cx);
        }
        if entries.is_empty() {
            let what = match section {
                Some(i) => format!("the section \"{}\" has no subsections", headings[i].text),
                None => "this chapter has no headings".to_string(),
            };
            cx.warn(
                Diagnostic::warning(
                    call.span.clone(),
                    format!("`topics` has nothing to list: {what} and the chapter no sub-chapters"),
                )
                .with_hint("add subsections (headings one level below) after it, or remove it"),
            );
            return Ok(String::new());
        }
        let label = call
            .text("label")
            .map(str::trim)
            .unwrap_or(&cx.settings().topics.label);
        let mut blocks = Vec::with_capacity(2);
        if !label.is_empty() {
            blocks.push(Block::Label(label.to_string()));
        }
        blocks.push(Block::List {
            entries,
            ordered: false,
            start: 1,
        });
        toc::write(&blocks).map_err(|e| Diagnostic::error(call.span.clone(), e))
    }
}

/// The index of the heading whose section the shortcode stands in: the
/// last heading before it in the chapter as rendered. `None` before the
/// first heading.
fn section_of(call: &Call, cx: &RenderCx<'_>, headings: &[Heading]) -> Option<usize> {
    if let Some(at) = cx.rendered_offset() {
        return headings.iter().rposition(|h| h.range.start < at);
    }
    // Not in the rendered text as such (an enclosing shortcode rewrote
    // it): the last heading before it in the original text, found again
    // by its id.
    let source = cx
        .source_headings()
        .iter()
        .rev()
        .find(|h| h.range.start < call.span.start)?;
    headings.iter().position(|h| h.id == source.id)
}

/// The direct subsections of the section at `section` (of the whole
/// chapter for `None`): the following headings, up to the next heading of
/// the section's level or higher, whose parent is the section (no heading
/// between them of a level in between).
fn subsections(headings: &[Heading], section: Option<usize>) -> Vec<&Heading> {
    let (level, rest) = match section {
        Some(i) => (headings[i].level, &headings[i + 1..]),
        None => (0, headings),
    };
    let mut out = Vec::new();
    let mut floor = u8::MAX;
    for h in rest {
        if h.level <= level {
            break;
        }
        if h.level <= floor {
            out.push(h);
            floor = h.level;
        }
    }
    out
}

/// The chapter's sub-chapters (one SUMMARY level below it), drafts as
/// `[preprocessor.integration-guide.toc] drafts` says.
fn sub_chapters(cx: &RenderCx<'_>) -> Vec<Entry> {
    let me = cx.chapter_index();
    let chapters = cx.chapters();
    let depth = chapters[me].depth;
    let drafts = cx.settings().toc.drafts;
    chapters
        .iter()
        .enumerate()
        .skip(me + 1)
        .take_while(|(_, ch)| ch.depth > depth)
        .filter(|(_, ch)| ch.depth == depth + 1)
        .filter(|(_, ch)| !(ch.is_draft() && drafts == Drafts::Skip))
        .map(|(i, ch)| Entry {
            level: 0,
            text: ch.name.clone(),
            link: cx.link_to(i, None),
            ..Entry::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            text: text.into(),
            id: text.to_lowercase(),
            range: 0..0,
        }
    }

    fn texts(v: Vec<&Heading>) -> Vec<&str> {
        v.into_iter().map(|h| h.text.as_str()).collect()
    }

    #[test]
    fn direct_subsections() {
        let hs = vec![
            h(1, "T"),
            h(2, "A"),
            h(4, "A1"),
            h(3, "A2"),
            h(4, "A21"),
            h(3, "A3"),
            h(2, "B"),
            h(3, "B1"),
        ];
        assert_eq!(texts(subsections(&hs, Some(0))), vec!["A", "B"]);
        assert_eq!(texts(subsections(&hs, Some(1))), vec!["A1", "A2", "A3"]);
        assert_eq!(texts(subsections(&hs, Some(4))), Vec::<&str>::new());
        assert_eq!(texts(subsections(&hs, Some(7))), Vec::<&str>::new());
        assert_eq!(texts(subsections(&hs, None)), vec!["T"]);
        assert_eq!(texts(subsections(&hs[1..], None)), vec!["A", "B"]);
    }
}
