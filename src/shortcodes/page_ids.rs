//! The ids that shortcodes give elements of a page: a field or value map's
//! `id` (its heading's `{#id}` or a `<span id>`) and a config step's id
//! (its heading's `{#id}`). mdBook writes an id given with `{#id}` as it is,
//! even when another element of the page has it (see `crate::ids`), and a
//! browser follows `#id` to the first element that has it: so two elements
//! of one page with the same id are an error, at the later shortcode, with
//! the other element shown.
//!
//! Collected in phase one ([`record`]); checked when each shortcode renders
//! ([`clash`]), against the other shortcodes' ids and the headings of the
//! chapter's text. A step with the same id as a heading of the page stays
//! the config step's own warning.

use super::prelude::*;

use std::collections::HashMap;
use std::ops::Range;

/// One id a shortcode gives an element.
#[derive(Debug, Clone)]
struct PageId {
    id: String,
    /// The span of the `id` attribute's value (or of the tag, for an id
    /// made from a title) in the chapter's original text.
    span: Range<usize>,
    /// What the element is, for the message: `field map`, `value map`,
    /// `config step`.
    what: &'static str,
}

/// The ids shortcodes give, by chapter (phase one).
#[derive(Debug, Default)]
pub struct PageIds {
    by_chapter: HashMap<usize, Vec<PageId>>,
}

/// Records that the shortcode at `span` of the chapter being collected
/// gives an element the id `id`. `what`: `field map`, `value map`, ...
pub fn record(cx: &mut CollectCx<'_>, id: &str, span: Range<usize>, what: &'static str) {
    if id.is_empty() {
        return;
    }
    let chapter = cx.chapter_index;
    cx.facts
        .entry::<PageIds>()
        .by_chapter
        .entry(chapter)
        .or_default()
        .push(PageId {
            id: id.to_string(),
            span,
            what,
        });
}

/// The error when another element of this page has the id that the
/// shortcode at `span` recorded: a shortcode's element before it, or (when
/// `headings`) a heading of the chapter's text anywhere (a heading cannot
/// carry the error itself); the first of them is the related place. So
/// two shortcodes with one id get one error, at the later. `None` when
/// there is no such element, or nothing was recorded at `span`.
pub fn clash(cx: &RenderCx<'_>, span: &Range<usize>, headings: bool) -> Option<Diagnostic> {
    let ids = cx
        .facts()
        .get::<PageIds>()?
        .by_chapter
        .get(&cx.chapter_index())?;
    let me = ids.iter().find(|p| p.span == *span)?;
    let others = ids
        .iter()
        .filter(|p| p.span.start < span.start && p.id == me.id)
        .map(|p| (p.span.clone(), format!("the {} with this id", p.what)));
    let heading_list = if headings { cx.source_headings() } else { &[] };
    let from_headings = heading_list.iter().filter(|h| h.id == me.id).map(|h| {
        (
            h.range.clone(),
            format!("the heading `{}` has this id", h.text),
        )
    });
    let (first, note) = others.chain(from_headings).min_by_key(|(r, _)| r.start)?;
    Some(
        Diagnostic::error(
            span.clone(),
            format!("another element of this page has the id `{}`", me.id),
        )
        .with_hint(format!(
            "give one of them another id; a link to `#{}` reaches only the first",
            me.id
        ))
        .with_related(Place::Here, first, note),
    )
}
