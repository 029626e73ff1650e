//! One parse of a chapter's original text, and the headings of the
//! expanded text without parsing it again when that provably gives the
//! same result.
//!
//! Parsing Markdown is most of what the preprocessor costs. A chapter with
//! shortcodes is parsed once for the regions shortcodes must not touch
//! ([`Regions`]); [`parse`] collects, in the same pass, the chapter's
//! headings and definition terms and its top-level blocks. Late shortcodes
//! (tables of contents) then need the headings of the chapter *as
//! expanded*. [`late_headings`] computes them from that first pass and
//! small parses of the replaced lines alone, when every replacement is
//! isolated: whole top-level blocks of the original replaced by text that
//! stands between blank lines and closes everything it opens, with nothing
//! that reaches across the page (link reference definitions, footnotes).
//! Otherwise it returns `None` and the caller parses the expanded text.

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::Event;

use crate::ids::{Collector, Element, Heading, IdSet, Place};
use crate::lines;
use crate::markdown::{self, ParseOptions, Regions};

/// What one pass over a chapter's original text gives besides its regions.
#[derive(Debug, Default)]
pub struct SourcePass {
    /// Headings and definition-list terms with their ids.
    elements: Vec<Element>,
    /// The length of each element's id before de-duplication (`None`:
    /// explicit).
    bases: Vec<Option<usize>>,
    /// The byte ranges of the top-level blocks, in order (until
    /// [`SourcePass::settle`]).
    blocks: Vec<Range<usize>>,
    /// Whether the lines of every top-level shortcode are whole top-level
    /// blocks with nothing that reaches across the page (see
    /// [`SourcePass::settle`]).
    isolated: bool,
}

impl SourcePass {
    /// Notes whether the lines holding the top-level shortcodes (`spans`,
    /// in order) are whole top-level blocks of the original, each with
    /// nothing that reaches across the page (footnotes, link reference
    /// definitions); then forgets the blocks.
    pub fn settle(&mut self, source: &str, spans: impl Iterator<Item = Range<usize>>) {
        let mut lines: Vec<Range<usize>> = Vec::new();
        for span in spans {
            let l = lines::line_start(source, span.start)..line_end(source, span);
            match lines.last_mut() {
                Some(prev) if l.start < prev.end => prev.end = prev.end.max(l.end),
                _ => lines.push(l),
            }
        }
        self.isolated = lines.iter().all(|l| {
            let first = self.blocks.partition_point(|b| b.end <= l.start);
            self.blocks[first..]
                .iter()
                .take_while(|b| b.start < l.end)
                .all(|b| b.start >= l.start && b.end <= l.end)
                && !reaches_across(&source[l.clone()])
        });
        self.blocks = Vec::new();
    }

    /// The headings, as [`crate::ids::headings`] gives them.
    pub fn headings(&self) -> Vec<Heading> {
        headings_of(self.elements.iter().cloned())
    }
}

fn headings_of(elements: impl Iterator<Item = Element>) -> Vec<Heading> {
    elements
        .filter(|e| e.level > 0 && e.place == Place::Body)
        .map(|e| Heading {
            level: e.level,
            text: e.text,
            id: e.id,
            range: e.range,
        })
        .collect()
}

/// Tracks the nesting depth of the events to find the top-level blocks.
#[derive(Default)]
struct Blocks {
    depth: usize,
    ranges: Vec<Range<usize>>,
}

impl Blocks {
    fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(_) => {
                if self.depth == 0 {
                    self.ranges.push(range.clone());
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ if self.depth == 0 => self.ranges.push(range.clone()),
            _ => {}
        }
    }
}

/// The regions of a chapter and, from the same pass, its elements and
/// top-level blocks.
pub fn parse(text: &str, options: ParseOptions) -> (Regions, SourcePass) {
    let mut collector = Collector::default();
    let mut blocks = Blocks::default();
    let regions = Regions::of_with(text, options, |event, range| {
        blocks.event(&event, &range);
        if collector.needs(&event) {
            collector.event(event, range);
        }
    });
    let (elements, bases) = collector.finish_with_bases(text.len());
    (
        regions,
        SourcePass {
            elements,
            bases,
            blocks: blocks.ranges,
            isolated: false,
        },
    )
}

/// One top-level replacement: its range in the original text and the
/// range of what replaced it in the expanded text.
pub type Unit = (Range<usize>, Range<usize>);

/// A paragraph parsed after a replacement to prove that the replacement
/// closes every block it opens (else the paragraph would be swallowed).
const SENTINEL: &str = "\u{E002}";

/// The headings of `expanded` (the `source` text with the `units`
/// replaced, in order), or `None` when they cannot be derived exactly from
/// the first pass over `source` and the replaced lines alone.
pub fn late_headings(
    source: &str,
    pass: &SourcePass,
    expanded: &str,
    units: &[Unit],
    options: ParseOptions,
) -> Option<Vec<Heading>> {
    if !pass.isolated || pass.elements.iter().any(|e| e.place != Place::Body) {
        return None;
    }
    let lines = replaced_lines(source, expanded, units)?;

    // Whether the original may define link references (looked up once,
    // only if a replacement has a heading that could use one).
    let mut source_defines: Option<bool> = None;
    let mut merged: Vec<(Element, Option<usize>)> = Vec::new();
    let mut next = pass.elements.iter().zip(&pass.bases).peekable();
    let mut delta: isize = 0;
    for (s, e) in &lines {
        // Between blank lines in the expanded text.
        if !blank_before(expanded, e.start) || !blank_at(expanded, e.end) {
            return None;
        }
        let text = &expanded[e.clone()];
        if reaches_across(text) {
            return None;
        }
        // The original's elements before it, then its own.
        while let Some((el, _)) = next.peek() {
            if el.range.start >= s.start {
                break;
            }
            let (el, base) = next.next()?;
            merged.push((shift(el, delta), *base));
        }
        while next.peek().is_some_and(|(el, _)| el.range.start < s.end) {
            next.next();
        }
        let (elements, bases) = if plain_line(text) {
            (Vec::new(), Vec::new())
        } else {
            parse_closed(text, options)?
        };
        for (el, base) in elements.into_iter().zip(bases) {
            if el.place != Place::Body {
                return None;
            }
            if text[el.range.clone()].contains('[')
                && *source_defines
                    .get_or_insert_with(|| memchr::memmem::find(source.as_bytes(), b"]:").is_some())
            {
                return None;
            }
            merged.push((shift(&el, e.start as isize), base));
        }
        delta += e.len() as isize - s.len() as isize;
    }
    for (el, base) in next {
        merged.push((shift(el, delta), *base));
    }

    // Ids again, in document order, as mdBook gives them.
    let mut ids = IdSet::default();
    Some(headings_of(merged.into_iter().map(|(mut el, base)| {
        if let Some(n) = base {
            el.id = ids.unique(el.id[..n].to_string());
        }
        el
    })))
}

/// The replacements as whole lines, in both texts (replacements sharing a
/// line merged); `None` unless the text between them is the same in both.
fn replaced_lines(
    source: &str,
    expanded: &str,
    units: &[Unit],
) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    // Whole lines, in both texts; replacements sharing a line are merged.
    let mut lines: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(units.len());
    for (src, exp) in units {
        let s = lines::line_start(source, src.start)..line_end(source, src.clone());
        let e = lines::line_start(expanded, exp.start)..line_end(expanded, exp.clone());
        match lines.last_mut() {
            Some((ps, pe)) if s.start < ps.end || e.start < pe.end => {
                ps.end = ps.end.max(s.end);
                pe.end = pe.end.max(e.end);
            }
            _ => lines.push((s, e)),
        }
    }
    // The text between replacements is the same in both.
    let mut last = (0, 0);
    for (s, e) in &lines {
        if s.start < last.0
            || e.start < last.1
            || source[last.0..s.start] != expanded[last.1..e.start]
        {
            return None;
        }
        last = (s.end, e.end);
    }
    if source.len() < last.0 || source[last.0..] != expanded[last.1.min(expanded.len())..] {
        return None;
    }
    Some(lines)
}

/// Whether Markdown text may hold something that acts across the page: a
/// footnote or a link reference definition.
fn reaches_across(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"[^").is_some() || memchr::memmem::find(bytes, b"]:").is_some()
}

/// The end of the lines `span` stands on (after the line ending).
fn line_end(text: &str, span: Range<usize>) -> usize {
    lines::next_line_start(text, span.end)
}

/// Whether `at` (a line start) is the start of the text or follows a blank
/// line.
fn blank_before(text: &str, at: usize) -> bool {
    at == 0 || text[lines::line_start(text, at - 1)..at].trim().is_empty()
}

/// Whether the line starting at `at` is blank (or the text ends there).
fn blank_at(text: &str, at: usize) -> bool {
    at >= text.len() || text[at..lines::next_line_start(text, at)].trim().is_empty()
}

fn shift(el: &Element, by: isize) -> Element {
    let at = |n: usize| n.saturating_add_signed(by);
    Element {
        range: at(el.range.start)..at(el.range.end),
        ..el.clone()
    }
}

/// Whether `text` is one line of letters, digits, spaces and private-use
/// characters (a late shortcode's placeholder, say): a paragraph line that
/// holds no element and opens nothing, so it need not be parsed.
fn plain_line(text: &str) -> bool {
    let line = text.trim_end_matches(['\n', '\r']);
    !line.contains('\n')
        && !line.starts_with([' ', '\t'])
        && line
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || ('\u{E000}'..='\u{F8FF}').contains(&c))
}

/// The elements of `text` parsed alone, if it closes every block it opens
/// (a paragraph after it and a blank line stays a top-level paragraph).
fn parse_closed(text: &str, options: ParseOptions) -> Option<(Vec<Element>, Vec<Option<usize>>)> {
    let mut probe = String::with_capacity(text.len() + 8);
    probe.push_str(text);
    if !probe.ends_with('\n') {
        probe.push('\n');
    }
    probe.push('\n');
    let sentinel_at = probe.len();
    probe.push_str(SENTINEL);
    probe.push('\n');
    let mut collector = Collector::default();
    let mut blocks = Blocks::default();
    for (event, range) in markdown::parser(&probe, options).into_offset_iter() {
        blocks.event(&event, &range);
        if collector.needs(&event) {
            collector.event(event, range);
        }
    }
    if blocks.ranges.last().map(|r| r.start) != Some(sentinel_at) {
        return None;
    }
    let (mut elements, bases) = collector.finish_with_bases(probe.len());
    if elements.iter().any(|e| e.range.start >= text.len()) {
        return None;
    }
    // An element on the last line of a text without a final line ending
    // took the line ending the probe added.
    for e in &mut elements {
        e.range.end = e.range.end.min(text.len());
    }
    Some((elements, bases))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expands like the engine: replaces each `(range, with)`.
    fn replace(source: &str, parts: &[(Range<usize>, &str)]) -> (String, Vec<Unit>) {
        let mut out = String::new();
        let mut units = Vec::new();
        let mut last = 0;
        for (r, with) in parts {
            out.push_str(&source[last..r.start]);
            let start = out.len();
            out.push_str(with);
            units.push((r.clone(), start..out.len()));
            last = r.end;
        }
        out.push_str(&source[last..]);
        (out, units)
    }

    fn check(source: &str, parts: &[(&str, &str)]) -> Option<Vec<Heading>> {
        let ranges: Vec<(Range<usize>, &str)> = parts
            .iter()
            .map(|(find, with)| {
                let at = source.find(find).unwrap();
                (at..at + find.len(), *with)
            })
            .collect();
        let (expanded, units) = replace(source, &ranges);
        let options = ParseOptions::default();
        let (_, mut pass) = parse(source, options);
        pass.settle(source, units.iter().map(|(s, _)| s.clone()));
        let got = late_headings(source, &pass, &expanded, &units, options);
        if let Some(got) = &got {
            assert_eq!(got, &crate::ids::headings(&expanded, options), "{expanded}");
        }
        got
    }

    #[test]
    fn isolated_blocks_are_derived() {
        let source =
            "# T\n\n<<#toc>>\n\n## A\n\nText.\n\n<<#step a>>\nbody\n<</step>>\n\n## A\n\n<<#x>>\n";
        let got = check(
            source,
            &[
                ("<<#toc>>", "\u{E000}0\u{E001}"),
                ("<<#step a>>\nbody\n<</step>>", "## 1. Step {#a}\n\n1. body"),
                ("<<#x>>", "### A\n\nmore\n"),
            ],
        )
        .expect("derived");
        let ids: Vec<&str> = got.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["t", "a", "a", "a-1", "a-2"]);
    }

    #[test]
    fn the_last_line_without_a_line_ending() {
        let got = check(
            "# T\n\n## See <<#ref x>>",
            &[("<<#ref x>>", "[Step 1](#x)")],
        )
        .expect("derived");
        assert_eq!(got[1].text, "See Step 1");
        assert!(check("# T\n\n<<#x>>", &[("<<#x>>", "## [B]")]).is_some());
    }

    #[test]
    fn inline_replacements_in_headings() {
        let got = check(
            "## See <<#ref x>> now\n\n## See\n",
            &[("<<#ref x>>", "[Step 1](#x)")],
        )
        .expect("derived");
        assert_eq!(got[0].text, "See Step 1 now");
    }

    #[test]
    fn placeholders_need_no_parse() {
        assert!(plain_line("\u{E000}12\u{E001}\n"));
        assert!(plain_line("Plain words 42\r\n"));
        assert!(!plain_line("# Heading\n"));
        assert!(!plain_line("    indented\n"));
        assert!(!plain_line("a\nb\n"));
        assert!(!plain_line("1. item\n"));
        assert!(check("<<#x>>\n\n## A\n", &[("<<#x>>", "\u{E000}0\u{E001}")]).is_some());
    }

    #[test]
    fn entangled_replacements_fall_back() {
        // Not between blank lines.
        assert!(check("Text\n<<#x>>\n## A\n", &[("<<#x>>", "## B")]).is_none());
        // An unclosed fence swallows what follows.
        assert!(check("<<#x>>\n\n## A\n", &[("<<#x>>", "```\ncode")]).is_none());
        // Inside a list item (the list reaches across).
        assert!(check("- a\n\n  <<#x>>\n\n## A\n", &[("<<#x>>", "## B")]).is_none());
        // Footnotes and link definitions reach across the page.
        assert!(check("<<#x>>\n\n## A\n", &[("<<#x>>", "## B[^1]\n\n[^1]: n")]).is_none());
        assert!(check("<<#x>>\n\n## [A]\n", &[("<<#x>>", "[A]: /u")]).is_none());
        // A setext underline after the replaced line.
        assert!(check("<<#x>>\n---\n\n## A\n", &[("<<#x>>", "B")]).is_none());
    }
}
