//! What a shortcode sees: the facts of phase one ([`Facts`]), its
//! context when collecting ([`CollectCx`]) and rendering ([`RenderCx`]),
//! with its body, children and body lines mapped to the original text.

use std::ops::Range;

use crate::book::Chapter;
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
pub use crate::facts::Facts;
use crate::ids::Heading;
use crate::lines::{self, normalize_eol, splice};
use crate::settings::Settings;

use super::Call;

/// The book as a shortcode sees it while rendering; the engine's state
/// implements it, so this API does not depend on the engine's internals.
pub(crate) trait BookView: Sync {
    fn chapters(&self) -> &[Chapter];
    fn facts(&self) -> &Facts;
    fn settings(&self) -> &Settings;
    fn renderer(&self) -> &str;
    /// The headings of a chapter as it will be rendered; `None` before the
    /// late stage.
    fn late_headings(&self, chapter_index: usize) -> Option<&[Heading]>;
    /// The headings of a chapter's original text.
    fn source_headings(&self, chapter_index: usize) -> &[Heading];
}

/// What `collect` sees.
pub struct CollectCx<'a> {
    /// The chapter's index in book (SUMMARY) order, 0-based: an index into
    /// `chapters`.
    pub chapter_index: usize,
    /// The chapter being collected (its original text).
    pub chapter: &'a Chapter,
    /// Every chapter, in book order.
    pub chapters: &'a [Chapter],
    /// The facts of phase one, to record what this shortcode found.
    pub facts: &'a mut Facts,
    pub(crate) diags: &'a mut Vec<Diagnostic>,
    pub(crate) settings: &'a Settings,
    /// The body of the block being collected, as written (nested
    /// shortcodes not expanded, container prefixes kept).
    pub(crate) body: Option<Range<usize>>,
}

impl CollectCx<'_> {
    /// Reports a problem; spans are byte offsets in the chapter's original
    /// text.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// The book's settings (`book.toml`).
    pub fn settings(&self) -> &Settings {
        self.settings
    }

    /// The body of the block being collected as written in the chapter,
    /// with its byte offset there; `None` for a self-closing shortcode.
    pub fn raw_body(&self) -> Option<(usize, &str)> {
        let r = self.body.clone()?;
        Some((r.start, &self.chapter.content[r]))
    }
}

/// `file:line:col` of a byte offset in a chapter's original text.
pub(crate) fn locate(chapter: &Chapter, offset: usize, src_dir: &str) -> String {
    let (line, col) = LineIndex::new(&chapter.content).line_col(offset);
    format!("{}:{line}:{col}", chapter.display_path(src_dir))
}

/// A direct child shortcode of a block, with its expanded body.
pub struct Child<'a> {
    /// The child's validated invocation.
    pub call: &'a Call,
    /// The child's body with its own nested shortcodes expanded; `None` for
    /// a self-closing child.
    pub body: Option<&'a str>,
}

/// One line of a block's body (see [`RenderCx::body_lines`]).
#[derive(Debug, Clone)]
pub struct BodyLine {
    /// The line as [`RenderCx::body`] has it, without its line ending.
    pub text: String,
    /// The original offset of each byte of `text`, then of its end.
    origin: Vec<usize>,
    /// Which bytes of `text` a nested shortcode produced.
    generated: Vec<bool>,
}

impl BodyLine {
    /// The offset in the chapter's original text of byte `i` of `text`
    /// (the line's end for `i >= text.len()`). Bytes that a nested
    /// shortcode produced map to that shortcode's tag.
    pub fn offset(&self, i: usize) -> usize {
        self.origin[i.min(self.origin.len() - 1)]
    }

    /// Whether byte `i` of `text` was produced by a nested shortcode (so
    /// it is content, never syntax of this body).
    pub fn generated(&self, i: usize) -> bool {
        self.generated.get(i).copied().unwrap_or(false)
    }

    /// The original span of a byte range of `text` (at least the first
    /// byte's place).
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }

    /// The original span of the whole line (without its indentation).
    pub fn whole(&self) -> Range<usize> {
        let indent = self.text.len() - self.text.trim_start().len();
        self.span(indent..self.text.len())
    }
}

/// What `render` sees.
pub struct RenderCx<'a> {
    pub(crate) book: &'a dyn BookView,
    pub(crate) chapter_index: usize,
    pub(crate) body: Option<String>,
    pub(crate) assembly: Option<Assembly<'a>>,
    pub(crate) warnings: std::cell::RefCell<Vec<Diagnostic>>,
    /// The exchanges this shortcode documents ([`RenderCx::publish`]).
    pub(crate) exchanges: std::cell::RefCell<Vec<crate::http::Exchange>>,
    /// For a late shortcode: where it stands in the chapter as rendered.
    pub(crate) late_at: Option<usize>,
}

/// How a block's body was assembled, to re-assemble it without some
/// children.
pub(crate) struct Assembly<'a> {
    pub(crate) text: &'a str,
    pub(crate) inner: Range<usize>,
    pub(crate) prefix: String,
    pub(crate) parts: Vec<Part>,
}

pub(crate) struct Part {
    /// What it replaces in the body: the child's span, or for a block the
    /// whole lines it stands on.
    pub(crate) lines: Range<usize>,
    pub(crate) span: Range<usize>,
    pub(crate) out: String,
    pub(crate) call: Option<Call>,
    pub(crate) body: Option<String>,
}

impl<'a> RenderCx<'a> {
    /// The index of the chapter being rendered, in book (SUMMARY) order,
    /// 0-based.
    pub fn chapter_index(&self) -> usize {
        self.chapter_index
    }

    /// The chapter being rendered, with its original text.
    pub fn chapter(&self) -> &'a Chapter {
        &self.book.chapters()[self.chapter_index]
    }

    /// Every chapter, in book order, with its original text.
    pub fn chapters(&self) -> &'a [Chapter] {
        self.book.chapters()
    }

    /// The facts every shortcode collected in phase one.
    pub fn facts(&self) -> &'a Facts {
        self.book.facts()
    }

    /// The book's settings (`book.toml`).
    pub fn settings(&self) -> &'a Settings {
        self.book.settings()
    }

    /// The renderer mdBook runs us for (`html`, `markdown`, ...).
    pub fn renderer(&self) -> &'a str {
        self.book.renderer()
    }

    /// The body with nested shortcodes expanded, without the container
    /// prefix, with `\n` line endings. `None` for a self-closing shortcode.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The direct child shortcodes of this block, in order.
    pub fn children(&self) -> impl Iterator<Item = Child<'_>> {
        self.assembly.iter().flat_map(|a| {
            a.parts.iter().filter_map(|p| {
                p.call.as_ref().map(|call| Child {
                    call,
                    body: p.body.as_deref(),
                })
            })
        })
    }

    /// The body without the direct children of the given names (and the
    /// lines they stand on).
    pub fn body_without(&self, names: &[&str]) -> Option<String> {
        let a = self.assembly.as_ref()?;
        let parts = a.parts.iter().map(|p| match &p.call {
            Some(c) if names.contains(&c.name.as_str()) => (p.lines.clone(), ""),
            _ => (p.span.clone(), p.out.as_str()),
        });
        Some(lines::strip_lines(
            &normalize_eol(&splice(a.text, a.inner.clone(), parts)),
            &a.prefix,
        ))
    }

    /// The body with each direct child's expansion passed through `f`
    /// (e.g. to escape `|` in what children produce before splitting the
    /// body into table cells). Same layout as [`RenderCx::body`].
    pub fn body_map(&self, f: impl Fn(&Call, &str) -> String) -> Option<String> {
        let a = self.assembly.as_ref()?;
        let mapped: Vec<String> = a
            .parts
            .iter()
            .map(|p| match &p.call {
                Some(c) => f(c, &p.out),
                None => p.out.clone(),
            })
            .collect();
        let parts = a
            .parts
            .iter()
            .zip(&mapped)
            .map(|(p, out)| (p.span.clone(), out.as_str()));
        Some(lines::strip_lines(
            &normalize_eol(&splice(a.text, a.inner.clone(), parts)),
            &a.prefix,
        ))
    }

    /// The lines of [`RenderCx::body`] (nested shortcodes expanded, container
    /// prefix removed, no line endings), each knowing where its bytes are
    /// in the chapter's original text, to point a diagnostic at a place in
    /// the body. `None` for a self-closing or [`Stage::Late`](super::Stage::Late) shortcode.
    pub fn body_lines(&self) -> Option<Vec<BodyLine>> {
        let a = self.assembly.as_ref()?;
        // The body as joined text, and the original offset of each byte
        // (a nested shortcode's output maps to its tag), plus the end.
        let mut joined = String::with_capacity(a.inner.len());
        let mut origin: Vec<usize> = Vec::with_capacity(a.inner.len() + 1);
        let mut generated: Vec<bool> = Vec::with_capacity(a.inner.len() + 1);
        let literal = |joined: &mut String,
                       origin: &mut Vec<usize>,
                       generated: &mut Vec<bool>,
                       r: Range<usize>| {
            joined.push_str(&a.text[r.clone()]);
            generated.extend(std::iter::repeat_n(false, r.len()));
            origin.extend(r);
        };
        let mut last = a.inner.start;
        for p in &a.parts {
            let start = p.span.start.max(last).min(a.inner.end);
            literal(&mut joined, &mut origin, &mut generated, last..start);
            joined.push_str(&p.out);
            origin.extend(std::iter::repeat_n(p.span.start, p.out.len()));
            generated.extend(std::iter::repeat_n(true, p.out.len()));
            last = p.span.end.max(start).min(a.inner.end);
        }
        literal(&mut joined, &mut origin, &mut generated, last..a.inner.end);
        origin.push(a.inner.end);
        generated.push(false);

        let mut lines = Vec::new();
        let mut start = 0;
        while start < joined.len() {
            let newline = memchr::memchr(b'\n', &joined.as_bytes()[start..]).map(|i| start + i);
            let mut end = newline.unwrap_or(joined.len());
            if newline.is_some() && joined[start..end].ends_with('\r') {
                end -= 1;
            }
            let line = &joined[start..end];
            let text = lines::strip_prefix(line, &a.prefix);
            let from = end - text.len();
            lines.push(BodyLine {
                text: text.to_string(),
                origin: origin[from..=end].to_vec(),
                generated: generated[from..end].to_vec(),
            });
            start = newline.map_or(joined.len(), |n| n + 1);
        }
        Some(lines)
    }

    /// The headings of a chapter as it will be rendered. Only for
    /// [`Stage::Late`](super::Stage::Late) shortcodes; `None` otherwise.
    pub fn headings(&self, chapter_index: usize) -> Option<&'a [Heading]> {
        self.book.late_headings(chapter_index)
    }

    /// A Markdown link target from this chapter to a chapter (by index),
    /// optionally to an anchor in it: a relative `.md` path mdBook rewrites
    /// (and resolves on its print page), or `#anchor` within this chapter.
    /// `None` for a draft chapter, which has no page.
    pub fn link_to(&self, chapter_index: usize, anchor: Option<&str>) -> Option<String> {
        let to = self.book.chapters().get(chapter_index)?.path.as_deref()?;
        let from = self.chapter().path.as_deref().unwrap_or(to);
        Some(crate::book::relative_link(from, to, anchor))
    }

    /// For a [`Stage::Late`](super::Stage::Late) shortcode: its offset in the chapter as it will
    /// be rendered, the text whose [`RenderCx::headings`] it sees (e.g. to
    /// find the section it stands in). `None` for other shortcodes, or when
    /// an enclosing shortcode did not keep it in its output.
    pub fn rendered_offset(&self) -> Option<usize> {
        self.late_at
    }

    /// The headings of this chapter's original text (offsets in it), e.g.
    /// to find the section a shortcode stands in.
    pub fn source_headings(&self) -> &'a [Heading] {
        self.book.source_headings(self.chapter_index)
    }

    /// Returns the first error and reports the others, or the output when
    /// there are none: how a shortcode with several problems reports them
    /// all in one run.
    pub fn finish(
        &self,
        mut errors: Vec<Diagnostic>,
        output: impl FnOnce() -> Result<String, Diagnostic>,
    ) -> Result<String, Diagnostic> {
        if errors.is_empty() {
            return output();
        }
        let first = errors.remove(0);
        for e in errors {
            self.report(e);
        }
        Err(first)
    }

    /// A label (`[preprocessor.integration-guide.labels]`) as inline
    /// Markdown that shows it as written.
    pub fn label(&self, key: &str) -> String {
        let text = self.settings().labels.get(key);
        debug_assert!(!text.is_empty(), "no label `{key}`");
        crate::escape::text(text)
    }

    /// Publishes an HTTP exchange this shortcode documents, for the
    /// commands that run or export the guide (`engine::Report::exchanges`).
    /// Only `source.span` need be set: the engine fills in the chapter and
    /// `line:col`, and orders the book's exchanges by chapter and span.
    pub fn publish(&self, exchange: crate::http::Exchange) {
        self.exchanges.borrow_mut().push(exchange);
    }

    /// A warning to report (the expansion still happens).
    pub fn warn(&self, diagnostic: Diagnostic) {
        self.warnings.borrow_mut().push(Diagnostic {
            severity: Severity::Warning,
            ..diagnostic
        });
    }

    /// A diagnostic to report as it is, e.g. every error but the one
    /// `render` returns when a shortcode has several problems. An error
    /// fails the build (or becomes a warning with `on-error = "warn"`);
    /// only returning `Err` marks the shortcode itself as broken.
    pub fn report(&self, diagnostic: Diagnostic) {
        self.warnings.borrow_mut().push(diagnostic);
    }
}

#[cfg(test)]
impl BodyLine {
    /// The lines of `text` as a body that starts at offset 0 of its
    /// chapter, nothing generated: for unit tests of body parsers (a span
    /// is then a range of `text`).
    pub(crate) fn lines_of(text: &str) -> Vec<BodyLine> {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.len();
            lines.push(BodyLine {
                text: line.to_string(),
                origin: (start..=end).collect(),
                generated: vec![false; line.len()],
            });
            start = end + 1;
        }
        lines
    }
}
