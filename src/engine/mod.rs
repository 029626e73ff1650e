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

use std::ops::Range;
use std::sync::OnceLock;

use crate::book::Chapter;
use crate::diagnostic::{Diagnostic, LineIndex, Located, Severity};
use crate::ids::{self, Heading};
use crate::incremental;
use crate::registry::{self, Call, Placement, Registry};
use crate::settings::{OnError, Settings};
use crate::syntax;
use crate::tree::{self, Item};

mod context;
mod expand;

pub use context::{BodyLine, Child, CollectCx, Facts, RenderCx};
use expand::{Renderer, fill_placeholders, placeholder_offsets, render_late};
pub use expand::{escape_html, escape_pipes};

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
    let known = |name: &str| registry.get(name).is_some();
    let tokens = syntax::scan(text, &regions, &known, &mut work.diags);
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
