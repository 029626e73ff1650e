//! The whole-book pass.
//!
//! 1. **Parse** every chapter that can hold shortcodes: find the tags
//!    outside code and comments, build the tree, validate each invocation
//!    against the registry.
//! 2. **Collect**, in book order, the facts other chapters need
//!    (shortcodes' `collect`).
//! 3. **Expand** each chapter: render the tree bottom-up and splice the
//!    results into the original text by byte offsets; everything outside
//!    shortcodes is copied unchanged.
//! 4. **Late** shortcodes (tables of contents) are rendered last, against
//!    the headings of the chapters as expanded in step 3.
//!
//! A chapter is only replaced when the whole book expanded without errors
//! (or `on-error = "warn"`): never a partly expanded chapter.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::book::Chapter;
use crate::diagnostic::{Diagnostic, LineIndex, Located, Severity};
use crate::ids::{self, Heading};
use crate::incremental;
use crate::layout;
use crate::registry::{self, Call, Placement, Registry, Stage};
use crate::settings::{OnError, Settings};
use crate::syntax;
use crate::tree::{self, Item, Node};

/// Facts collected in phase one, one value per type: a shortcode module
/// keeps its own type here.
#[derive(Default)]
pub struct Facts {
    map: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Facts({} kinds)", self.map.len())
    }
}

impl Facts {
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.map.get(&TypeId::of::<T>())?.downcast_ref()
    }

    pub fn entry<T: Any + Default + Send + Sync>(&mut self) -> &mut T {
        self.map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut()
            .unwrap_or_else(|| unreachable!("keyed by its own TypeId"))
    }
}

/// What `collect` sees.
pub struct CollectCx<'a> {
    pub chapter_index: usize,
    pub chapter: &'a Chapter,
    /// Every chapter, in book order.
    pub chapters: &'a [Chapter],
    pub facts: &'a mut Facts,
    diags: &'a mut Vec<Diagnostic>,
    src_dir: &'a str,
}

impl CollectCx<'_> {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// `file:line:col` of an offset in a chapter (any chapter), for
    /// messages that point to a second place.
    pub fn locate(&self, chapter: &Chapter, offset: usize) -> String {
        locate(chapter, offset, self.src_dir)
    }
}

/// `file:line:col` of a byte offset in a chapter's original text.
fn locate(chapter: &Chapter, offset: usize, src_dir: &str) -> String {
    let (line, col) = LineIndex::new(&chapter.content).line_col(offset);
    format!("{}:{line}:{col}", chapter.display_path(src_dir))
}

/// A direct child shortcode of a block, with its expanded body.
pub struct Child<'a> {
    pub call: &'a Call,
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
    book: &'a BookState<'a>,
    chapter_index: usize,
    body: Option<String>,
    assembly: Option<Assembly<'a>>,
    warnings: std::cell::RefCell<Vec<Diagnostic>>,
    /// For a late shortcode: where it stands in the chapter as rendered.
    late_at: Option<usize>,
}

/// How a block's body was assembled, to re-assemble it without some
/// children.
struct Assembly<'a> {
    text: &'a str,
    inner: Range<usize>,
    prefix: String,
    parts: Vec<Part>,
}

struct Part {
    /// What it replaces in the body: the child's span, or for a block the
    /// whole lines it stands on.
    lines: Range<usize>,
    span: Range<usize>,
    out: String,
    call: Option<Call>,
    body: Option<String>,
}

impl<'a> RenderCx<'a> {
    pub fn chapter_index(&self) -> usize {
        self.chapter_index
    }

    pub fn chapter(&self) -> &'a Chapter {
        &self.book.chapters[self.chapter_index]
    }

    pub fn chapters(&self) -> &'a [Chapter] {
        self.book.chapters
    }

    pub fn facts(&self) -> &'a Facts {
        &self.book.facts
    }

    pub fn settings(&self) -> &'a Settings {
        self.book.settings
    }

    /// The renderer mdBook runs us for (`html`, `markdown`, ...).
    pub fn renderer(&self) -> &'a str {
        self.book.renderer
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
        Some(layout::strip_lines(
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
        Some(layout::strip_lines(
            &normalize_eol(&splice(a.text, a.inner.clone(), parts)),
            &a.prefix,
        ))
    }

    /// The lines of [`RenderCx::body`] (nested shortcodes expanded, container
    /// prefix removed, no line endings), each knowing where its bytes are
    /// in the chapter's original text, to point a diagnostic at a place in
    /// the body. `None` for a self-closing or [`Stage::Late`] shortcode.
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
            let text = layout::strip_prefix(line, &a.prefix);
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
    /// [`Stage::Late`] shortcodes; `None` otherwise.
    pub fn headings(&self, chapter_index: usize) -> Option<&'a [Heading]> {
        let late = self.book.late.get()?;
        Some(late.headings(self.book, chapter_index))
    }

    /// A Markdown link target from this chapter to a chapter (by index),
    /// optionally to an anchor in it: a relative `.md` path mdBook rewrites
    /// (and resolves on its print page), or `#anchor` within this chapter.
    /// `None` for a draft chapter, which has no page.
    pub fn link_to(&self, chapter_index: usize, anchor: Option<&str>) -> Option<String> {
        let to = self.book.chapters.get(chapter_index)?.path.as_deref()?;
        let from = self.chapter().path.as_deref().unwrap_or(to);
        Some(crate::book::relative_link(from, to, anchor))
    }

    /// For a [`Stage::Late`] shortcode: its offset in the chapter as it will
    /// be rendered, the text whose [`RenderCx::headings`] it sees (e.g. to
    /// find the section it stands in). `None` for other shortcodes, or when
    /// an enclosing shortcode did not keep it in its output.
    pub fn rendered_offset(&self) -> Option<usize> {
        self.late_at
    }

    /// The headings of this chapter's original text (offsets in it), e.g.
    /// to find the section a shortcode stands in.
    pub fn source_headings(&self) -> &'a [Heading] {
        let i = self.chapter_index;
        self.book.source_headings[i].get_or_init(|| {
            ids::headings(&self.book.chapters[i].content, self.book.settings.markdown)
        })
    }

    /// `file:line:col` of an offset in a chapter's original text.
    pub fn locate(&self, chapter_index: usize, offset: usize) -> String {
        locate(
            &self.book.chapters[chapter_index],
            offset,
            &self.book.settings.src_dir,
        )
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

/// The result of a whole-book pass.
#[derive(Debug)]
pub struct Report {
    /// Every diagnostic, in book order then position.
    pub diagnostics: Vec<Located>,
    /// Whether the build must fail (errors with `on-error = "fail"`).
    pub failed: bool,
    /// The facts collected in phase one (the config steps, ...), for
    /// whole-book checks (`mdbook-integration-guide check`).
    pub facts: Facts,
}

/// State shared by all chapters during the pass.
struct BookState<'a> {
    chapters: &'a [Chapter],
    settings: &'a Settings,
    registry: &'a Registry,
    renderer: &'a str,
    facts: Facts,
    /// Headings of each chapter's original text, computed on demand.
    source_headings: Vec<OnceLock<Vec<Heading>>>,
    /// Set once every chapter's main expansion is done.
    late: OnceLock<LateState>,
}

struct LateState {
    /// Each chapter's text after the main expansion (`None`: unchanged).
    expanded: Vec<Option<String>>,
    headings: Vec<OnceLock<Vec<Heading>>>,
    /// Each chapter's first parse and top-level replacements, to derive
    /// the headings of the expanded text without parsing it again.
    sources: Vec<(Option<incremental::SourcePass>, Vec<incremental::Unit>)>,
}

impl LateState {
    fn headings<'s>(&'s self, book: &BookState<'_>, i: usize) -> &'s [Heading] {
        self.headings[i].get_or_init(|| {
            let (pass, units) = &self.sources[i];
            expanded_headings(
                &book.chapters[i].content,
                self.expanded[i].as_deref(),
                pass.as_ref(),
                units,
                book.settings.markdown,
            )
        })
    }
}

/// The headings of a chapter as expanded (`None`: unchanged), derived from
/// the first parse of its original text when that is exact (see
/// [`incremental`]), else from a parse of the expanded text.
fn expanded_headings(
    source: &str,
    expanded: Option<&str>,
    pass: Option<&incremental::SourcePass>,
    units: &[incremental::Unit],
    options: crate::markdown::ParseOptions,
) -> Vec<Heading> {
    let text = expanded.unwrap_or(source);
    let units = if expanded.is_some() { units } else { &[] };
    pass.and_then(|pass| incremental::late_headings(source, pass, text, units, options))
        .inspect(|derived| {
            // Tests run in debug builds: prove the shortcut there.
            debug_assert_eq!(derived, &ids::headings(text, options), "{text}");
        })
        .unwrap_or_else(|| ids::headings(text, options))
}

/// A late shortcode waiting for the headings: its call and body.
struct LateJob {
    call: Call,
    body: Option<String>,
    placement: Placement,
    in_cell: bool,
    span: Range<usize>,
}

/// One chapter being processed.
#[derive(Default)]
struct ChapterWork {
    items: Vec<Item>,
    diags: Vec<Diagnostic>,
    late: Vec<LateJob>,
    expanded: Option<String>,
    /// What the parse of the original text found besides its regions.
    source: Option<incremental::SourcePass>,
    /// The top-level replacements of the main expansion.
    units: Vec<incremental::Unit>,
    /// The headings of the expanded text, for a chapter with late
    /// shortcodes (computed right after its expansion).
    headings: Option<Vec<Heading>>,
}

const LATE_OPEN: char = '\u{E000}';
const LATE_CLOSE: char = '\u{E001}';

/// Runs the whole-book pass and replaces the chapters' content when it
/// succeeds. Part titles and separators are not in `chapters`.
pub fn process(
    chapters: &mut [Chapter],
    settings: &Settings,
    registry: &Registry,
    renderer: &str,
) -> Report {
    let weights: Vec<usize> = chapters
        .iter()
        .map(|ch| {
            if syntax::may_contain_tags(&ch.content) {
                ch.content.len()
            } else {
                0
            }
        })
        .collect();
    let mut work: Vec<ChapterWork> = (0..chapters.len())
        .map(|_| ChapterWork::default())
        .collect();
    par_for_each(&mut work, &weights, |i, w| {
        if weights[i] > 0 {
            *w = parse_chapter(&chapters[i].content, settings, registry);
        }
    });

    let mut book = BookState {
        chapters,
        settings,
        registry,
        renderer,
        facts: Facts::default(),
        source_headings: work
            .iter()
            .map(|w| {
                let headings = OnceLock::new();
                if let Some(source) = &w.source {
                    let _ = headings.set(source.headings());
                }
                headings
            })
            .collect(),
        late: OnceLock::new(),
    };

    // Phase one: facts, in book order.
    for (i, w) in work.iter_mut().enumerate() {
        let mut cx = CollectCx {
            chapter_index: i,
            chapter: &book.chapters[i],
            chapters: book.chapters,
            facts: &mut book.facts,
            diags: &mut w.diags,
            src_dir: &settings.src_dir,
        };
        collect_items(&w.items, registry, &mut cx);
    }

    // Phase two: expansion, chapters in parallel.
    let book_ref = &book;
    par_for_each(&mut work, &weights, |i, w| {
        if w.items.is_empty() {
            return;
        }
        let text = &book_ref.chapters[i].content;
        let known = std::mem::take(&mut w.diags);
        let mut r = Renderer {
            book: book_ref,
            chapter_index: i,
            text,
            diags: Vec::new(),
            known: &known,
            late: Vec::new(),
            units: Vec::new(),
        };
        let out = r.render_items(0..text.len(), &w.items, 0..text.len());
        let mut new = std::mem::take(&mut r.diags);
        let (late, units) = (std::mem::take(&mut r.late), std::mem::take(&mut r.units));
        w.diags = known;
        w.diags.append(&mut new);
        w.late = late;
        w.units = units;
        // A chapter with late shortcodes needs its headings as expanded:
        // from the first parse while it is at hand, which can then go.
        if !w.late.is_empty() {
            w.headings = Some(expanded_headings(
                text,
                Some(&out),
                w.source.as_ref(),
                &w.units,
                book_ref.settings.markdown,
            ));
            w.source = None;
            w.units = Vec::new();
        }
        w.expanded = Some(out);
        // The tree is not needed after the expansion.
        w.items = Vec::new();
    });

    // Phase three: late shortcodes, against the expanded chapters.
    if work.iter().any(|w| !w.late.is_empty()) {
        let late = LateState {
            expanded: work.iter_mut().map(|w| w.expanded.take()).collect(),
            headings: work
                .iter_mut()
                .map(|w| {
                    let headings = OnceLock::new();
                    if let Some(h) = w.headings.take() {
                        let _ = headings.set(h);
                    }
                    headings
                })
                .collect(),
            sources: work
                .iter_mut()
                .map(|w| (w.source.take(), std::mem::take(&mut w.units)))
                .collect(),
        };
        let _ = book.late.set(late);
        let late_weights: Vec<usize> = work
            .iter()
            .zip(&weights)
            .map(|(w, &n)| if w.late.is_empty() { 0 } else { n })
            .collect();
        // A chapter with late shortcodes has its headings already: it gives
        // up its expanded text as soon as its own late shortcodes are done
        // (a large book is not held three times: original, expanded and
        // finished).
        let mut texts: Vec<Option<String>> = match book.late.get_mut() {
            Some(late) => late
                .expanded
                .iter_mut()
                .zip(&work)
                .map(|(e, w)| if w.late.is_empty() { None } else { e.take() })
                .collect(),
            None => unreachable!(),
        };
        let book_ref = &book;
        let mut jobs: Vec<(&mut ChapterWork, &mut Option<String>)> =
            work.iter_mut().zip(texts.iter_mut()).collect();
        par_for_each(&mut jobs, &late_weights, |i, (w, text)| {
            let Some(expanded) = text.take() else {
                return;
            };
            let at = placeholder_offsets(&expanded, w.late.len());
            let outputs: Vec<String> = w
                .late
                .iter()
                .zip(at)
                .map(|(job, at)| render_late(book_ref, i, job, at, &mut w.diags))
                .collect();
            // The finished text goes into the expanded text's allocation
            // (one chapter at a time needs room for both).
            let finished = fill_placeholders(&expanded, &outputs);
            let mut expanded = expanded;
            expanded.clear();
            expanded.reserve_exact(finished.len());
            expanded.push_str(&finished);
            **text = Some(expanded);
        });
        drop(jobs);
        let late = book.late.take().unwrap_or_else(|| unreachable!());
        for ((w, expanded), done) in work.iter_mut().zip(late.expanded).zip(texts) {
            w.expanded = done.or(expanded);
        }
    }

    let mut report = report(book.chapters, &mut work, settings);
    report.facts = std::mem::take(&mut book.facts);
    if !report.failed {
        for (ch, w) in chapters.iter_mut().zip(work) {
            if let Some(text) = w.expanded {
                ch.content = text;
            }
        }
    }
    report
}

/// Below this many bytes of chapters with shortcodes, threads cost more
/// than they save.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Runs `f` on every item, on up to as many threads as the machine has
/// cores when the work is large (the calling thread is one of them). The
/// items are cut into contiguous chunks of about equal weight (bytes to
/// process), several per thread, and each thread takes the next chunk when
/// it is done with one: a thread slowed down by other processes on the
/// machine does less of the work instead of holding up the rest.
pub(crate) fn par_for_each<T: Send>(
    items: &mut [T],
    weights: &[usize],
    f: impl Fn(usize, &mut T) + Sync,
) {
    let total: usize = weights.iter().sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if total < PARALLEL_MIN_BYTES || threads < 2 || items.len() < 2 {
        for (i, item) in items.iter_mut().enumerate() {
            f(i, item);
        }
        return;
    }
    // Eight chunks per thread, each at least 64 KiB of work.
    let share = (total / (threads * 8)).max(1 << 16);
    let mut chunks = Vec::new();
    let mut rest = items;
    let mut start = 0;
    while !rest.is_empty() {
        let mut acc = 0;
        let mut len = 0;
        while len < rest.len() && (len == 0 || acc < share) {
            acc += weights[start + len];
            len += 1;
        }
        let (chunk, tail) = rest.split_at_mut(len);
        chunks.push((start, chunk));
        rest = tail;
        start += len;
    }
    let queue = std::sync::Mutex::new(chunks.into_iter());
    let work = || {
        loop {
            let next = queue.lock().map(|mut q| q.next());
            let Ok(Some((first, chunk))) = next else {
                return;
            };
            for (j, item) in chunk.iter_mut().enumerate() {
                f(first + j, item);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
}

/// Step 1 for one chapter: tokens, tree, validation.
fn parse_chapter(text: &str, settings: &Settings, registry: &Registry) -> ChapterWork {
    let mut work = ChapterWork::default();
    if !syntax::may_contain_tags(text) {
        return work;
    }
    // One pass: the regions, and the headings and blocks (see
    // `incremental`), so that the original is not parsed again.
    let (regions, mut source) = incremental::parse(text, settings.markdown);
    let tokens = syntax::scan(text, &regions, &mut work.diags);
    if !tokens.is_empty() {
        work.items = tree::build(text, tokens, &regions, registry, &mut work.diags);
        validate_items(&mut work.items, None, registry, &mut work.diags);
    }
    source.settle(
        text,
        work.items.iter().map(|item| match item {
            Item::Escape(r) => r.clone(),
            Item::Shortcode(node) => node.span.clone(),
        }),
    );
    work.source = Some(source);
    work
}

fn validate_items(
    items: &mut [Item],
    parent: Option<&str>,
    registry: &Registry,
    diags: &mut Vec<Diagnostic>,
) {
    for item in items {
        let Item::Shortcode(node) = item else {
            continue;
        };
        if let Some(body) = node.body.as_mut() {
            validate_items(&mut body.items, Some(&node.tag.name), registry, diags);
        }
        if node.broken {
            continue;
        }
        let Some(shortcode) = registry.get(&node.tag.name) else {
            diags.push(registry.unknown(&node.tag.name, node.tag.name_span.clone()));
            continue;
        };
        let spec = shortcode.spec();
        if !spec.parents.is_empty() && !parent.is_some_and(|p| spec.parents.contains(&p)) {
            let inside: Vec<String> = spec.parents.iter().map(|p| format!("`{p}`")).collect();
            diags.push(
                Diagnostic::error(
                    node.open.clone(),
                    format!(
                        "`<<#{}>>` can only be used inside {}",
                        spec.name,
                        inside.join(" or ")
                    ),
                )
                .with_hint(format!(
                    "move it into the body of a `<<#{}>>` block",
                    spec.parents[0]
                )),
            );
            continue;
        }
        match registry::validate(spec, &node.tag, node.open.clone()) {
            Ok(call) => node.call = Some(call),
            Err(mut errors) => diags.append(&mut errors),
        }
    }
}

fn collect_items(items: &[Item], registry: &Registry, cx: &mut CollectCx<'_>) {
    for item in items {
        let Item::Shortcode(node) = item else {
            continue;
        };
        if let (Some(call), Some(sc)) = (&node.call, registry.get(&node.tag.name)) {
            sc.collect(call, cx);
        }
        if let Some(body) = &node.body {
            collect_items(&body.items, registry, cx);
        }
    }
}

/// Expands one chapter's tree.
struct Renderer<'a> {
    book: &'a BookState<'a>,
    chapter_index: usize,
    text: &'a str,
    diags: Vec<Diagnostic>,
    /// What phases one and two already reported in this chapter.
    known: &'a [Diagnostic],
    late: Vec<LateJob>,
    /// The top-level replacements made by [`Renderer::render_items`].
    units: Vec<incremental::Unit>,
}

/// A node's expansion, laid out for its place, and its body.
struct Rendered {
    out: String,
    body: Option<String>,
}

impl<'a> Renderer<'a> {
    /// The text of `range` with every item replaced by its expansion.
    fn render_items(
        &mut self,
        range: Range<usize>,
        items: &[Item],
        container: Range<usize>,
    ) -> String {
        let parts: Vec<(Range<usize>, String)> = items
            .iter()
            .map(|item| match item {
                Item::Escape(r) => (r.clone(), String::new()),
                Item::Shortcode(node) => {
                    (node.span.clone(), self.render_node(node, &container).out)
                }
            })
            .collect();
        // Where each replacement lands in the result.
        let mut delta = 0isize;
        self.units = parts
            .iter()
            .map(|(r, out)| {
                let at = r.start.saturating_add_signed(delta);
                delta += out.len() as isize - r.len() as isize;
                (r.clone(), at..at + out.len())
            })
            .collect();
        splice(
            self.text,
            range,
            parts.iter().map(|(r, s)| (r.clone(), s.as_str())),
        )
    }

    fn render_node(&mut self, node: &Node, container: &Range<usize>) -> Rendered {
        let text = self.text;
        let line_start = layout::line_start(text, node.open.start);
        let raw_prefix = &text[line_start..node.open.start];
        let prefix = if layout::is_container_prefix(raw_prefix) {
            layout::continuation(raw_prefix)
        } else {
            String::new()
        };
        let eol = layout::eol_at(text, node.open.start);

        // Children first, so the body is ready.
        let mut assembly = None;
        let mut body = None;
        if let Some(b) = &node.body {
            let mut parts = Vec::with_capacity(b.items.len());
            for item in &b.items {
                match item {
                    Item::Escape(r) => parts.push(Part {
                        lines: r.clone(),
                        span: r.clone(),
                        out: String::new(),
                        call: None,
                        body: None,
                    }),
                    Item::Shortcode(child) => {
                        let r = self.render_node(child, &b.inner);
                        let lines = if layout::alone_on_line(text, child.span.clone()) {
                            layout::line_start(text, child.span.start)
                                ..layout::next_line_start(text, child.span.end)
                        } else {
                            child.span.clone()
                        };
                        parts.push(Part {
                            lines,
                            span: child.span.clone(),
                            out: r.out,
                            call: child.call.clone(),
                            body: r.body,
                        });
                    }
                }
            }
            let joined = splice(
                text,
                b.inner.clone(),
                parts.iter().map(|p| (p.span.clone(), p.out.as_str())),
            );
            body = Some(layout::strip_lines(&normalize_eol(&joined), &prefix));
            assembly = Some(Assembly {
                text,
                inner: b.inner.clone(),
                prefix: prefix.clone(),
                parts,
            });
        }

        let source = &text[node.span.clone()];
        let block = layout::alone_on_line(text, node.open.clone());
        let failed = |this: &mut Self, body: Option<String>, diag: Option<Diagnostic>| {
            let out = match this.book.settings.on_error {
                OnError::Fail => source.to_string(),
                OnError::Warn => {
                    let located = this.locate(node.open.start);
                    // The box says what is wrong: this failure, or the first
                    // error already reported inside this shortcode.
                    let why = diag.as_ref().or_else(|| {
                        this.known
                            .iter()
                            .chain(&this.diags)
                            .filter(|d| d.severity == Severity::Error)
                            .find(|d| node.span.contains(&d.span.start))
                    });
                    layout::indent(&error_box(source, &located, why, block), &prefix, eol)
                }
            };
            if let Some(d) = diag {
                this.diags.push(d);
            }
            Rendered { out, body }
        };

        let (Some(call), Some(shortcode)) = (&node.call, self.book.registry.get(&node.tag.name))
        else {
            return failed(self, body, None);
        };
        let spec = shortcode.spec();
        let markdown = if spec.stage == Stage::Late {
            self.late.push(LateJob {
                call: call.clone(),
                body: body.clone(),
                placement: spec.placement,
                in_cell: node.in_cell,
                span: node.span.clone(),
            });
            format!("{LATE_OPEN}{}{LATE_CLOSE}", self.late.len() - 1)
        } else {
            let cx = RenderCx {
                book: self.book,
                chapter_index: self.chapter_index,
                body: body.clone(),
                assembly,
                warnings: Default::default(),
                late_at: None,
            };
            let result = shortcode.render(call, &cx);
            self.diags.append(&mut cx.warnings.into_inner());
            match result {
                Ok(md) => md,
                Err(d) => return failed(self, body, Some(d)),
            }
        };
        let out = if spec.placement == Placement::Inline && node.body.is_none() {
            inline(&markdown, node.in_cell)
        } else {
            let spaced = self.spaced(&markdown, node, container, &prefix, raw_prefix);
            layout::indent(&spaced, &prefix, eol)
        };
        Rendered { out, body }
    }

    /// Block output with blank lines before and after where the
    /// neighbouring lines are text, so it cannot merge into a paragraph.
    fn spaced(
        &self,
        markdown: &str,
        node: &Node,
        container: &Range<usize>,
        prefix: &str,
        raw_prefix: &str,
    ) -> String {
        let text = self.text;
        let start = layout::line_start(text, node.span.start);
        let mut out = String::with_capacity(markdown.len() + 2);
        if start > container.start && !layout::has_list_marker(raw_prefix) {
            let prev = &text[layout::line_start(text, start - 1)..start];
            if !layout::strip_prefix(prev, prefix).trim().is_empty() {
                out.push('\n');
            }
        }
        out.push_str(markdown);
        let next = layout::next_line_start(text, node.span.end);
        if next < container.end && next < text.len() {
            let line = &text[next..layout::next_line_start(text, next)];
            let line = layout::strip_prefix(line, prefix);
            if !line.trim().is_empty() && !layout::starts_block(line) {
                out.push('\n');
            }
        }
        out
    }

    fn locate(&self, offset: usize) -> String {
        locate(
            &self.book.chapters[self.chapter_index],
            offset,
            &self.book.settings.src_dir,
        )
    }
}

/// Inline output: one line; `|` escaped inside a table cell.
fn inline(markdown: &str, in_cell: bool) -> String {
    let one_line = markdown
        .trim_end_matches(['\n', '\r'])
        .replace(['\r', '\n'], " ");
    if in_cell {
        escape_pipes(&one_line)
    } else {
        one_line
    }
}

/// Escapes `|` (not already escaped) for a GFM table cell.
pub fn escape_pipes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut backslashes = 0;
    for c in s.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

fn render_late(
    book: &BookState<'_>,
    i: usize,
    job: &LateJob,
    at: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let Some(shortcode) = book.registry.get(&job.call.name) else {
        return String::new();
    };
    let cx = RenderCx {
        book,
        chapter_index: i,
        body: job.body.clone(),
        assembly: None,
        warnings: Default::default(),
        late_at: at,
    };
    let result = shortcode.render(&job.call, &cx);
    diags.append(&mut cx.warnings.into_inner());
    match result {
        Ok(md) if job.placement == Placement::Inline => inline(&md, job.in_cell),
        Ok(md) => md,
        Err(d) => {
            let ch = &book.chapters[i];
            let at = locate(ch, job.span.start, &book.settings.src_dir);
            let source = &ch.content[job.span.clone()];
            let shown = error_box(source, &at, Some(&d), job.placement == Placement::Block);
            diags.push(d);
            shown
        }
    }
}

/// Where each of `count` late placeholders stands in `text`.
fn placeholder_offsets(text: &str, count: usize) -> Vec<Option<usize>> {
    let mut at = vec![None; count];
    for (start, _) in text.match_indices(LATE_OPEN) {
        let digits = &text[start + LATE_OPEN.len_utf8()..];
        let n = digits
            .find(LATE_CLOSE)
            .and_then(|end| digits[..end].parse::<usize>().ok());
        if let Some(slot) = n.and_then(|n| at.get_mut(n)) {
            slot.get_or_insert(start);
        }
    }
    at
}

/// Replaces the late placeholders, laying each output out for the line it
/// lands on.
fn fill_placeholders(text: &str, outputs: &[String]) -> String {
    let mut out =
        String::with_capacity(text.len() + outputs.iter().map(String::len).sum::<usize>());
    let mut last = 0;
    while let Some(found) = text[last..].find(LATE_OPEN) {
        let at = last + found;
        let digits_start = at + LATE_OPEN.len_utf8();
        let Some(close) = text[digits_start..].find(LATE_CLOSE) else {
            break;
        };
        let Ok(n) = text[digits_start..digits_start + close].parse::<usize>() else {
            break;
        };
        out.push_str(&text[last..at]);
        let raw_prefix = &text[layout::line_start(text, at)..at];
        let prefix = if layout::is_container_prefix(raw_prefix) {
            layout::continuation(raw_prefix)
        } else {
            String::new()
        };
        let output = outputs.get(n).map_or("", String::as_str);
        out.push_str(&layout::indent(output, &prefix, layout::eol_at(text, at)));
        last = digits_start + close + LATE_CLOSE.len_utf8();
    }
    out.push_str(&text[last..]);
    out
}

/// Copies `range` of `text`, replacing the given sub-ranges (sorted,
/// non-overlapping, inside `range`).
fn splice<'s>(
    text: &str,
    range: Range<usize>,
    parts: impl IntoIterator<Item = (Range<usize>, &'s str)>,
) -> String {
    // Sized once: a chapter's text is not copied again as it grows.
    let parts: Vec<(Range<usize>, &str)> = parts.into_iter().collect();
    let (added, removed) = parts
        .iter()
        .fold((0, 0), |(a, r), (range, s)| (a + s.len(), r + range.len()));
    let mut out = String::with_capacity((range.len() + added).saturating_sub(removed));
    let mut last = range.start;
    for (r, replacement) in parts {
        let start = r.start.max(last).min(range.end);
        out.push_str(&text[last..start]);
        out.push_str(replacement);
        last = r.end.max(start).min(range.end);
    }
    out.push_str(&text[last..range.end]);
    out
}

fn normalize_eol(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.to_string()
    }
}

/// The visible box that replaces a broken shortcode with
/// `on-error = "warn"`: where, what is wrong, how to fix it, and the
/// shortcode's source, all HTML-escaped.
fn error_box(source: &str, at: &str, why: Option<&Diagnostic>, block: bool) -> String {
    let mut message = format!("integration-guide: broken shortcode at {at}");
    if let Some(d) = why {
        message.push_str(": ");
        message.push_str(&d.message);
        if let Some(hint) = &d.hint {
            message.push_str(" (");
            message.push_str(hint);
            message.push(')');
        }
    }
    if block {
        format!(
            "<pre class=\"integration-guide-error\" role=\"alert\"><strong>{}</strong>\n{}</pre>",
            escape_html(&message),
            escape_html(&normalize_eol(source))
        )
    } else {
        format!(
            "<span class=\"integration-guide-error\" role=\"alert\" title=\"{}\">{}</span>",
            escape_html(&message),
            escape_html(source)
        )
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Turns each chapter's diagnostics into located ones and decides failure.
fn report(chapters: &[Chapter], work: &mut [ChapterWork], settings: &Settings) -> Report {
    let mut diagnostics = Vec::new();
    let mut failed = false;
    for (i, (ch, w)) in chapters.iter().zip(work.iter_mut()).enumerate() {
        if w.diags.is_empty() {
            continue;
        }
        w.diags.sort_by_key(|d| (d.span.start, d.span.end));
        w.diags.dedup();
        let index = LineIndex::new(&ch.content);
        let file = ch.display_path(&settings.src_dir);
        for d in w.diags.drain(..) {
            let mut d = d;
            if d.severity == Severity::Error {
                match settings.on_error {
                    OnError::Fail => failed = true,
                    OnError::Warn => d.severity = Severity::Warning,
                }
            }
            let mut located = Located::new(&file, &index, d);
            located.chapter = Some(i);
            diagnostics.push(located);
        }
    }
    Report {
        diagnostics,
        failed,
        facts: Facts::default(),
    }
}
