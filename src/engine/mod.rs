//! Layer 5 (the engine): The whole-book pass.
//!
//! 1. **Parse** every chapter that can hold shortcodes: find the tags
//!    outside code and comments, build the tree, validate each invocation
//!    against the registry.
//! 2. **Collect**, in book order, the facts other chapters need
//!    (shortcodes' `collect`); before it, the book's guides
//!    ([`crate::guides`], `guides` in book.toml) go into the facts.
//! 3. **Expand** each chapter: render the tree bottom-up and splice the
//!    results into the original text by byte offsets; everything outside
//!    shortcodes is copied unchanged.
//! 4. **Late** shortcodes (tables of contents) are rendered last, against
//!    the headings of the chapters as expanded in step 3.
//! 5. **Report** the diagnostics, located, and **commit**: a chapter is
//!    only replaced when the whole book expanded without errors (or
//!    `on-error = "warn"`): never a partly expanded chapter.
//!
//! [`process`] is that list: one function per phase.

use std::ops::Range;
use std::sync::OnceLock;

use crate::api::{self, BookView, Call, CollectCx, Facts, Placement};
use crate::book::Chapter;
use crate::diagnostic::{Diagnostic, LineIndex, Located, Place, Secondary, Severity};
use crate::ids::{self, Heading};
use crate::parallel::par_for_each;
use crate::registry::Registry;
use crate::settings::{Environments, OnError, Settings};
use crate::syntax;

mod expand;
pub(crate) mod late_headings;
mod tree;

use expand::{Renderer, fill_placeholders, placeholder_offsets, render_late};
use tree::Item;

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
    /// The original text of each chapter (book order index) a diagnostic
    /// points into, kept after the chapters are replaced: the preprocessor
    /// maps positions in it to the files a writer edits.
    pub originals: std::collections::HashMap<usize, String>,
}

impl Report {
    /// Every exchange of the book, in reading order (SUMMARY order, then by
    /// the position of its tag in the chapter), each with its
    /// [`SourceRef`](crate::http::SourceRef). Empty for a book without
    /// `api-example` / `auth-flow`. (Here rather than in `http`, a
    /// foundation, which must not ask up to the engine.)
    pub fn exchanges(&self) -> Vec<crate::http::Exchange> {
        self.facts
            .get::<crate::http::Exchanges>()
            .map(|e| e.0.clone())
            .unwrap_or_default()
    }
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
    sources: Vec<(Option<late_headings::SourcePass>, Vec<late_headings::Unit>)>,
}

impl BookView for BookState<'_> {
    fn chapters(&self) -> &[Chapter] {
        self.chapters
    }

    fn facts(&self) -> &Facts {
        &self.facts
    }

    fn settings(&self) -> &Settings {
        self.settings
    }

    fn renderer(&self) -> &str {
        self.renderer
    }

    fn late_headings(&self, chapter_index: usize) -> Option<&[Heading]> {
        Some(self.late.get()?.headings(self, chapter_index))
    }

    fn source_headings(&self, i: usize) -> &[Heading] {
        self.source_headings[i]
            .get_or_init(|| ids::headings(&self.chapters[i].content, self.settings.markdown))
    }
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
    pass: Option<&late_headings::SourcePass>,
    units: &[late_headings::Unit],
    options: crate::markdown::ParseOptions,
) -> Vec<Heading> {
    let text = expanded.unwrap_or(source);
    let units = if expanded.is_some() { units } else { &[] };
    pass.and_then(|pass| late_headings::late_headings(source, pass, text, units, options))
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
    source: Option<late_headings::SourcePass>,
    /// The top-level replacements of the main expansion.
    units: Vec<late_headings::Unit>,
    /// The headings of the expanded text, for a chapter with late
    /// shortcodes (computed right after its expansion).
    headings: Option<Vec<Heading>>,
    /// The exchanges its shortcodes published.
    exchanges: Vec<crate::http::Exchange>,
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
    let weights = weights(chapters, settings);
    let mut work = parse(chapters, &weights, settings, registry);
    let mut book = BookState::new(chapters, settings, registry, renderer, &work);
    guides(&mut book, &mut work);
    collect(&mut book, &mut work);
    expand(&book, &mut work, &weights);
    late(&mut book, &mut work, &weights);
    exchanges(&mut book, &mut work);
    let mut report = report(book.chapters, &mut work, settings, registry, &book.facts);
    report.facts = std::mem::take(&mut book.facts);
    commit(chapters, work, &report);
    report
}

/// The work of each chapter for the parallel phases: its size when it may
/// hold shortcodes, else 0 (nothing to do).
fn weights(chapters: &[Chapter], settings: &Settings) -> Vec<usize> {
    chapters
        .iter()
        .map(|ch| {
            if may_need_work(&ch.content, settings) {
                ch.content.len()
            } else {
                0
            }
        })
        .collect()
}

/// Whether a chapter may hold shortcodes, or `{env:key}` (in a code block
/// with `env`) when the book has environments: else the engine leaves it
/// alone without parsing it (a byte search; a second one only for a book
/// with environments).
fn may_need_work(text: &str, settings: &Settings) -> bool {
    syntax::may_contain_tags(text)
        || (!settings.environments.is_empty()
            && memchr::memmem::find(text.as_bytes(), b"{env:").is_some())
}

/// **Parse**, chapters in parallel (see [`parse_chapter`]).
fn parse(
    chapters: &[Chapter],
    weights: &[usize],
    settings: &Settings,
    registry: &Registry,
) -> Vec<ChapterWork> {
    let mut work: Vec<ChapterWork> = (0..chapters.len())
        .map(|_| ChapterWork::default())
        .collect();
    par_for_each(&mut work, weights, |i, w| {
        if weights[i] > 0 {
            *w = parse_chapter(&chapters[i].content, settings, registry);
        }
    });
    work
}

impl<'a> BookState<'a> {
    /// The book before phase one, with the headings the first parse found.
    fn new(
        chapters: &'a [Chapter],
        settings: &'a Settings,
        registry: &'a Registry,
        renderer: &'a str,
        work: &[ChapterWork],
    ) -> Self {
        BookState {
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
        }
    }
}

/// The book's guides (see [`crate::guides`]), into the facts before
/// phase one; two guides with one id, and a per-guide table of book.toml
/// that names no guide, are errors.
fn guides(book: &mut BookState<'_>, work: &mut [ChapterWork]) {
    use crate::guides::Guides;
    let chapters = book.chapters;
    let guides = Guides::new(chapters, book.settings.guides);
    // A chapter's first line: where a problem of its guide is shown.
    let first_line = |i: usize| {
        let text = &chapters[i].content;
        0..text.find('\n').unwrap_or(text.len())
    };
    for (first, second) in guides.duplicates() {
        let (a, b) = (&guides.list[first], &guides.list[second]);
        let (at, other) = (b.chapters.start, a.chapters.start);
        work[at].diags.push(
            Diagnostic::error(
                first_line(at),
                format!(
                    "two guides have the id `{}`: \"{}\" and \"{}\"",
                    b.id, a.title, b.title
                ),
            )
            .with_hint("a guide's id is its title's slug: give one of the two guides another title (step ids, tables and book.toml's per-guide tables need one guide per id)")
            .with_related(Place::Chapter(other), first_line(other), "the first guide with this id"),
        );
    }
    if let Some(at) = guides
        .list
        .first()
        .map(|g| g.chapters.start)
        .or((!chapters.is_empty()).then_some(0))
    {
        for id in book.settings.guide.keys() {
            if guides.is_multi() && guides.by_id(id).is_some() {
                continue;
            }
            let d = Diagnostic::error(
                first_line(at),
                format!("book.toml: [preprocessor.integration-guide.guide.{id}] names no guide"),
            );
            let d = if !guides.is_multi() {
                d.with_hint("per-guide tables need several guides: set guides = \"parts\" or \"chapters\" in [preprocessor.integration-guide]")
            } else {
                match crate::diagnostic::closest(id, guides.list.iter().map(|g| g.id.as_str())) {
                    Some(best) => d.with_hint(format!(
                        "did you mean `{best}`? (a guide's id is its title's slug)"
                    )),
                    None => d.with_hint(format!(
                        "the guides' ids are: {}",
                        guides
                            .list
                            .iter()
                            .map(|g| format!("`{}`", g.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            };
            work[at].diags.push(d);
        }
    }
    *book.facts.entry::<Guides>() = guides;
}

/// **Collect**: the facts other chapters need, in book order.
fn collect(book: &mut BookState<'_>, work: &mut [ChapterWork]) {
    let chapters = book.chapters;
    for (i, w) in work.iter_mut().enumerate() {
        let mut cx = CollectCx {
            chapter_index: i,
            chapter: &chapters[i],
            chapters,
            facts: &mut book.facts,
            diags: &mut w.diags,
            settings: book.settings,
            body: None,
        };
        collect_items(&w.items, book.registry, &mut cx);
    }
}

/// **Expand**, chapters in parallel (see [`expand_chapter`]).
fn expand(book: &BookState<'_>, work: &mut [ChapterWork], weights: &[usize]) {
    par_for_each(work, weights, |i, w| expand_chapter(book, i, w));
}

/// Expands one chapter: its tree rendered and spliced into its text,
/// its late shortcodes left as placeholders.
fn expand_chapter(book: &BookState<'_>, i: usize, w: &mut ChapterWork) {
    if w.items.is_empty() {
        return;
    }
    let text = &book.chapters[i].content;
    let known = std::mem::take(&mut w.diags);
    let mut r = Renderer {
        book,
        chapter_index: i,
        text,
        diags: Vec::new(),
        known: &known,
        late: Vec::new(),
        units: Vec::new(),
        exchanges: Vec::new(),
    };
    let out = r.render_items(0..text.len(), &w.items, 0..text.len());
    w.exchanges = std::mem::take(&mut r.exchanges);
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
            book.settings.markdown,
        ));
        w.source = None;
        w.units = Vec::new();
    }
    w.expanded = Some(out);
    // The tree is not needed after the expansion.
    w.items = Vec::new();
}

/// **Late**: the late shortcodes, against the headings of the expanded
/// chapters (nothing to do when there are none).
fn late(book: &mut BookState<'_>, work: &mut [ChapterWork], weights: &[usize]) {
    if work.iter().all(|w| w.late.is_empty()) {
        return;
    }
    let mut state = LateState::take_from(work);
    let late_weights: Vec<usize> = work
        .iter()
        .zip(weights)
        .map(|(w, &n)| if w.late.is_empty() { 0 } else { n })
        .collect();
    // A chapter with late shortcodes has its headings already: it gives
    // up its expanded text as soon as its own late shortcodes are done
    // (a large book is not held three times: original, expanded and
    // finished).
    let mut texts: Vec<Option<String>> = state
        .expanded
        .iter_mut()
        .zip(work.iter())
        .map(|(e, w)| if w.late.is_empty() { None } else { e.take() })
        .collect();
    let _ = book.late.set(state);
    let book_ref = &*book;
    let mut jobs: Vec<(&mut ChapterWork, &mut Option<String>)> =
        work.iter_mut().zip(texts.iter_mut()).collect();
    par_for_each(&mut jobs, &late_weights, |i, (w, text)| {
        if let Some(expanded) = text.take() {
            **text = Some(finish_chapter(book_ref, i, w, expanded));
        }
    });
    drop(jobs);
    let late = book.late.take().unwrap_or_else(|| unreachable!());
    for ((w, expanded), done) in work.iter_mut().zip(late.expanded).zip(texts) {
        w.expanded = done.or(expanded);
    }
}

impl LateState {
    /// Takes each chapter's expanded text, headings and first parse.
    fn take_from(work: &mut [ChapterWork]) -> Self {
        LateState {
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
        }
    }
}

/// Finishes one chapter: its late shortcodes rendered into the
/// placeholders of its expanded text.
fn finish_chapter(book: &BookState<'_>, i: usize, w: &mut ChapterWork, expanded: String) -> String {
    let at = placeholder_offsets(&expanded, w.late.len());
    let outputs: Vec<String> = w
        .late
        .iter()
        .zip(at)
        .map(|(job, at)| render_late(book, i, job, at, &mut w.diags))
        .collect();
    // The finished text goes into the expanded text's allocation
    // (one chapter at a time needs room for both).
    let finished = fill_placeholders(&expanded, &outputs);
    let mut expanded = expanded;
    expanded.clear();
    expanded.reserve_exact(finished.len());
    expanded.push_str(&finished);
    expanded
}

/// The exchanges the shortcodes published, into the facts in reading
/// order, each located in its chapter ([`Report::exchanges`]).
fn exchanges(book: &mut BookState<'_>, work: &mut [ChapterWork]) {
    if work.iter().all(|w| w.exchanges.is_empty()) {
        return;
    }
    let mut all = Vec::new();
    for (i, w) in work.iter_mut().enumerate() {
        if w.exchanges.is_empty() {
            continue;
        }
        let ch = &book.chapters[i];
        let index = LineIndex::new(&ch.content);
        let chapter = ch
            .source_path
            .clone()
            .or_else(|| ch.path.clone())
            .unwrap_or_else(|| ch.name.clone());
        let mut found = std::mem::take(&mut w.exchanges);
        found.sort_by_key(|e| e.source.span.start);
        for mut e in found {
            let (line, column) = index.line_col(e.source.span.start);
            e.source.chapter = chapter.clone();
            e.source.chapter_index = i;
            e.source.line = line;
            e.source.column = column;
            all.push(e);
        }
    }
    book.facts.entry::<crate::http::Exchanges>().0 = all;
}

/// **Commit**: each chapter's text replaced by its expansion, unless the
/// build fails (never a partly expanded book).
fn commit(chapters: &mut [Chapter], work: Vec<ChapterWork>, report: &Report) {
    if report.failed {
        return;
    }
    for (ch, w) in chapters.iter_mut().zip(work) {
        if let Some(text) = w.expanded {
            ch.content = text;
        }
    }
}

/// Parses one chapter: tokens, tree, validation.
fn parse_chapter(text: &str, settings: &Settings, registry: &Registry) -> ChapterWork {
    let mut work = ChapterWork::default();
    if !may_need_work(text, settings) {
        return work;
    }
    // One pass: the regions, and the headings and blocks (see
    // `incremental`), so that the original is not parsed again.
    let (regions, mut source) = late_headings::parse(text, settings.markdown);
    let known = |name: &str| registry.get(name).is_some();
    let mut tokens = syntax::scan(text, &regions, &known, &mut work.diags);
    env_code_tokens(
        text,
        &regions,
        &settings.environments,
        &mut tokens,
        &mut work.diags,
    );
    if !tokens.is_empty() {
        let spec_of = |name: &str| registry.spec(name);
        work.items = tree::build(text, tokens, &regions, &spec_of, &mut work.diags);
        let envs = &settings.environments;
        validate_items(&mut work.items, None, text, envs, registry, &mut work.diags);
    }
    source.settle(
        text,
        work.items.iter().map(|item| match item {
            Item::Escape(r) | Item::Replace(r, _) => r.clone(),
            Item::Shortcode(node) => node.span.clone(),
        }),
    );
    work.source = Some(source);
    work
}

fn validate_items(
    items: &mut [Item],
    parent: Option<&str>,
    text: &str,
    envs: &Environments,
    registry: &Registry,
    diags: &mut Vec<Diagnostic>,
) {
    for item in items {
        let Item::Shortcode(node) = item else {
            continue;
        };
        if let Some(body) = node.body.as_mut() {
            let parent = Some(node.tag.name.as_str());
            validate_items(&mut body.items, parent, text, envs, registry, diags);
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
        let before = diags.len();
        substitute_env(&mut node.tag, text, envs, diags);
        let env_ok = diags.len() == before;
        // Validated either way, so that every error is reported in one run;
        // a call with an unknown `{env:key}` is broken (not rendered).
        match api::validate(spec, &node.tag, node.open.clone()) {
            Ok(call) if env_ok => node.call = Some(call),
            Ok(_) => {}
            Err(mut errors) => diags.append(&mut errors),
        }
    }
}

/// `{env:key}` in the fenced code blocks that opt in with `env`: tokens
/// that replace each by its value, in order among the shortcodes' tokens
/// (code holds no tags, so they never overlap).
fn env_code_tokens(
    text: &str,
    regions: &crate::markdown::Regions,
    envs: &Environments,
    tokens: &mut Vec<syntax::Token>,
    diags: &mut Vec<Diagnostic>,
) {
    if envs.is_empty() {
        // Without environments `env` in an info string is not ours.
        return;
    }
    let before = tokens.len();
    for line in &regions.env_code {
        let start = line.start;
        let found = envs.replacements(&text[line.clone()], &|i| start + i, diags);
        tokens.extend(found.into_iter().map(|(r, with)| syntax::Token {
            kind: syntax::TokenKind::Replace(with),
            span: start + r.start..start + r.end,
        }));
    }
    if tokens.len() > before {
        tokens.sort_by_key(|t| t.span.start);
    }
}

/// `{env:key}` in a tag's attribute values: the active environment's
/// value, substituted here once for every shortcode, before its attributes
/// are validated (`\{env:` is literal). An unknown key is an error at the
/// key inside the value.
fn substitute_env(
    tag: &mut syntax::OpenTag,
    text: &str,
    envs: &Environments,
    diags: &mut Vec<Diagnostic>,
) {
    for arg in &mut tag.args {
        let Some((value, span)) = arg.value.as_mut() else {
            continue;
        };
        // An offset in the value is the same in the source unless the
        // quoted value had escapes (then: its start).
        let exact = text.get(span.clone()) == Some(value.as_str());
        let start = span.start;
        let at = |i: usize| if exact { start + i } else { start };
        if let Some(new) = envs.substitute(value, &at, diags) {
            *value = new;
        }
    }
}

fn collect_items(items: &[Item], registry: &Registry, cx: &mut CollectCx<'_>) {
    for item in items {
        let Item::Shortcode(node) = item else {
            continue;
        };
        if let (Some(call), Some(sc)) = (&node.call, registry.get(&node.tag.name)) {
            cx.body = node.body.as_ref().map(|b| b.inner.clone());
            sc.collect(call, cx);
            cx.body = None;
        }
        if let Some(body) = &node.body {
            collect_items(&body.items, registry, cx);
        }
    }
}

/// **Report**: each chapter's diagnostics located, and whether the build
/// fails. The book-wide features ([`api::Feature`]) speak first: their
/// findings in other files, then the chapters' diagnostics.
fn report(
    chapters: &[Chapter],
    work: &mut [ChapterWork],
    settings: &Settings,
    registry: &Registry,
    facts: &Facts,
) -> Report {
    let mut diagnostics = Vec::new();
    let mut failed = false;
    let mut originals = std::collections::HashMap::new();
    for mut finding in features_report(work, settings, registry, facts) {
        for r in &finding.diagnostic.related {
            if let Place::Chapter(j) = r.place {
                originals
                    .entry(j)
                    .or_insert_with(|| chapters[j].content.clone());
            }
        }
        let d = &mut finding.diagnostic;
        if d.severity == Severity::Error {
            match settings.on_error {
                OnError::Fail => failed = true,
                OnError::Warn => d.severity = Severity::Warning,
            }
        }
        let index = LineIndex::new(&finding.text);
        let d = finding.diagnostic;
        diagnostics.push(Located::with_places(&finding.file, &index, d, &mut |r| {
            let Place::Chapter(j) = r.place else {
                return None;
            };
            let other = chapters.get(j)?;
            let name = other.display_path(&settings.src_dir);
            Some(Secondary::new(&name, &LineIndex::new(&other.content), r))
        }));
    }
    for (i, (ch, w)) in chapters.iter().zip(work.iter_mut()).enumerate() {
        if w.diags.is_empty() {
            continue;
        }
        drop_follow_ons(&mut w.diags);
        originals.insert(i, ch.content.clone());
        for r in w.diags.iter().flat_map(|d| &d.related) {
            if let Place::Chapter(j) = r.place
                && let Some(other) = chapters.get(j)
            {
                originals.entry(j).or_insert_with(|| other.content.clone());
            }
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
            let mut located = Located::with_places(&file, &index, d, &mut |r| {
                let Place::Chapter(j) = r.place else {
                    return None;
                };
                let other = chapters.get(j)?;
                let name = other.display_path(&settings.src_dir);
                Some(Secondary::new(&name, &LineIndex::new(&other.content), r))
            });
            located.chapter = Some(i);
            diagnostics.push(located);
        }
    }
    Report {
        diagnostics,
        failed,
        facts: Facts::default(),
        originals,
    }
}

/// A shortcode that failed makes no heading, so `toc` and `topics` may
/// find "nothing to list": a follow-on of that error, not news (dropped).
fn drop_follow_ons(diags: &mut Vec<Diagnostic>) {
    if diags.iter().any(|d| d.severity == Severity::Error) {
        diags.retain(|d| {
            d.severity != Severity::Warning || !d.message.contains("` has nothing to list: ")
        });
    }
}

/// The book-wide features' findings ([`api::Feature::report`]), each
/// given every chapter's diagnostics to regrade or drop its own.
fn features_report(
    work: &mut [ChapterWork],
    settings: &Settings,
    registry: &Registry,
    facts: &Facts,
) -> Vec<api::Finding> {
    let mut diagnostics: Vec<Vec<Diagnostic>> = work
        .iter_mut()
        .map(|w| std::mem::take(&mut w.diags))
        .collect();
    let mut cx = api::ReportCx {
        facts,
        settings,
        diagnostics: &mut diagnostics,
        findings: Vec::new(),
    };
    for feature in registry.features() {
        feature.report(&mut cx);
    }
    let findings = cx.findings;
    for (w, d) in work.iter_mut().zip(diagnostics) {
        w.diags = d;
    }
    findings
}
