//! `<<#toc>>`: the chapter's headings as a nested list of links, or with
//! `scope="book"` the whole book: chapters in SUMMARY order (parts and
//! nesting kept) with their headings.
//!
//! Both are [`Stage::Late`]: they see every chapter as it will be rendered
//! (headings other shortcodes generate included) and link with the ids
//! mdBook gives headings (see [`crate::ids`]).

use super::prelude::*;

use mdbook_markdown::pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::book::Chapter;
use crate::ids::Heading;
use crate::markdown;
use crate::settings::Drafts;

pub struct Toc;

const LEVEL: AttrType = AttrType::Int { min: 1, max: 6 };

static OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        key: "depth",
        ty: AttrType::Int { min: 1, max: 6 },
        default: "2",
        expect: "it must be a whole number from 1 to 6",
        pattern: "",
        doc: "how many levels the list has",
    },
    OptionSpec {
        key: "from",
        ty: AttrType::Int { min: 1, max: 6 },
        default: "2",
        expect: "it must be a whole number from 1 to 6",
        pattern: "",
        doc: "the highest heading level listed",
    },
    OptionSpec {
        key: "ordered",
        ty: AttrType::Bool,
        default: "false",
        expect: "it must be true or false",
        pattern: "",
        doc: "numbered lists",
    },
    OptionSpec {
        key: "drafts",
        ty: AttrType::Choice(&["text", "skip"]),
        default: "\"text\"",
        expect: "use \"text\" (the default: listed without a link) or \"skip\"",
        pattern: "",
        doc: "draft chapters in book-wide lists (`toc scope=\"book\"`, `topics`): as text, or left out",
    },
];

static SPEC: Spec = Spec {
    name: "toc",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "depth",
            ty: LEVEL,
            required: false,
            doc: "how many levels the list has (default 2)",
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
        AttrSpec {
            name: "scope",
            ty: AttrType::Choice(&["chapter", "book", "guide"]),
            required: false,
            doc: "`chapter` (default): this chapter's headings; `book`: every chapter; `guide`: every chapter of this guide (`guides` in book.toml)",
        },
        AttrSpec {
            name: "drafts",
            ty: AttrType::Choice(&["text", "skip"]),
            required: false,
            doc: "with scope=\"book\" or \"guide\": draft chapters as plain text (default) or left out",
        },
    ],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Late,
    labels: &[],
    options: OPTIONS,
};

impl Shortcode for Toc {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let defaults = cx.settings().toc;
        let level = |key: &str, default: u8| call.int(key).map_or(default, |n| n.clamp(1, 6) as u8);
        let depth = level("depth", defaults.depth);
        let from = level("from", defaults.from);
        let ordered = call.flag("ordered").unwrap_or(defaults.ordered);
        let book = call.text("scope") == Some("book");
        let guide = call.text("scope") == Some("guide");
        if !book && !guide && call.text("drafts").is_some() {
            return Err(Diagnostic::error(
                call.span_of("drafts"),
                "`drafts` only applies to a book-wide table of contents",
            )
            .with_hint("add scope=\"book\", or remove `drafts`"));
        }
        let drafts = match call.text("drafts") {
            Some("skip") => Drafts::Skip,
            Some(_) => Drafts::Text,
            None => defaults.drafts,
        };
        let guides = crate::guides::of(cx.facts()).filter(|g| g.is_multi());
        let all = 0..cx.chapters().len();
        let blocks = if book {
            book_toc(cx, all, false, guides, depth, from, ordered, drafts)
        } else if guide {
            let range = match guides {
                // The book is the one guide.
                None => all,
                Some(guides) => match guides
                    .of_chapter(cx.chapter_index())
                    .and_then(|g| guides.get(g))
                {
                    Some(g) => g.chapters.clone(),
                    None => {
                        return Err(Diagnostic::error(
                            call.span_of("scope"),
                            "`toc scope=\"guide\"` stands in a chapter that belongs to no guide",
                        )
                        .with_hint("move it into a guide's chapters, or use scope=\"book\""));
                    }
                },
            };
            let one_guide = guides.is_some();
            book_toc(cx, range, one_guide, None, depth, from, ordered, drafts)
        } else {
            chapter_toc(call, cx, depth, from, ordered)
        };
        if blocks.is_empty() {
            return Ok(String::new());
        }
        write(&blocks).map_err(|e| Diagnostic::error(call.span.clone(), e))
    }
}

/// The levels `from..=last` a chapter's list shows with `levels` levels.
fn last_level(from: u8, levels: u8) -> u8 {
    from.saturating_add(levels.saturating_sub(1)).min(6)
}

/// The headings worth an entry: those with text to show.
pub fn listed(headings: &[Heading]) -> impl Iterator<Item = &Heading> {
    headings.iter().filter(|h| !h.text.trim().is_empty())
}

/// The link to a heading of a chapter (to the chapter itself when the
/// heading's id is empty).
pub fn heading_link(cx: &RenderCx<'_>, chapter: usize, heading: &Heading) -> Option<String> {
    let anchor = (!heading.id.is_empty()).then_some(heading.id.as_str());
    cx.link_to(chapter, anchor)
}

fn chapter_toc(call: &Call, cx: &RenderCx<'_>, depth: u8, from: u8, ordered: bool) -> Vec<Block> {
    let me = cx.chapter_index();
    let headings = cx.headings(me).unwrap_or_default();
    let last = last_level(from, depth);
    let entries: Vec<Entry> = listed(headings)
        .filter(|h| (from..=last).contains(&h.level))
        .map(|h| Entry {
            level: (h.level - from) as usize,
            text: h.text.clone(),
            link: heading_link(cx, me, h),
            ..Entry::default()
        })
        .collect();
    if entries.is_empty() {
        cx.warn(
            Diagnostic::warning(
                call.span.clone(),
                format!(
                    "`toc` has nothing to list: no headings of level {from} to {last} in this chapter"
                ),
            )
            .with_hint("add `##` headings, or change `from`/`depth`"),
        );
        return Vec::new();
    }
    vec![Block::List {
        entries,
        ordered,
        start: 1,
    }]
}

/// The whole book: a list per run of chapters, a part's title (in bold)
/// before the chapters of each part. With `ordered`, numbered chapters
/// carry mdBook's numbers (the last part of `1.2.` at their nesting level)
/// and unnumbered (prefix and suffix) chapters get bullets, as in mdBook's
/// sidebar; a chapter's own headings are bulleted, before its
/// sub-chapters. With `drafts="skip"`, a draft with listed chapters under
/// it is shown as text (as with `drafts="text"`), so they keep their place.
///
/// `range`: the chapters listed (a guide's, for `scope="guide"`, whose
/// part title is then left out: it is the guide's title). `guides`: in a
/// book with several guides, `scope="book"` groups the chapters by guide:
/// a part's title already is its guide's; with `guides = "chapters"`
/// each guide's title comes first, in bold.
#[allow(clippy::too_many_arguments)]
fn book_toc(
    cx: &RenderCx<'_>,
    range: std::ops::Range<usize>,
    one_guide: bool,
    guides: Option<&crate::guides::Guides>,
    depth: u8,
    from: u8,
    ordered: bool,
    drafts: Drafts,
) -> Vec<Block> {
    let all = cx.chapters();
    let first = range.start;
    let chapters = &all[..range.end];
    let mut blocks: Vec<Block> = Vec::new();
    // The run being built: its entries, whether it is numbered, its start.
    let mut run: Option<(Vec<Entry>, bool, u64)> = None;
    for (i, chapter) in chapters.iter().enumerate().skip(first) {
        if let Some(part) = chapter.part.as_ref().filter(|_| !(one_guide && i == first)) {
            flush(&mut run, &mut blocks);
            blocks.push(Block::Label(part.clone()));
        }
        // A suffix chapter after a guide is not one of its chapters.
        if let Some(g) = guides
            && i > 0
            && g.of_chapter(i).is_none()
            && g.of_chapter(i - 1).is_some()
        {
            flush(&mut run, &mut blocks);
        }
        if let Some(g) = guides.filter(|g| g.mode == crate::guides::GuideMode::Chapters)
            && let Some(guide) = g.of_chapter(i).and_then(|k| g.get(k))
            && guide.chapters.start == i
        {
            flush(&mut run, &mut blocks);
            blocks.push(Block::Label(guide.title.clone()));
        }
        if drafts == Drafts::Skip && skipped_draft(chapters, i) {
            continue;
        }
        let is_numbered = ordered && chapter.number.is_some();
        if chapter.depth == 0 && run.as_ref().is_some_and(|(_, n, _)| *n != is_numbered) {
            flush(&mut run, &mut blocks);
        }
        let number = chapter
            .number
            .as_ref()
            .and_then(|n| n.last())
            .map(|&n| u64::from(n));
        let (entries, _, _) =
            run.get_or_insert_with(|| (Vec::new(), is_numbered, number.unwrap_or(1)));
        entries.push(Entry {
            level: chapter.depth,
            text: chapter.name.clone(),
            link: cx.link_to(i, None),
            number,
            bullet: ordered && number.is_none(),
        });
        if depth >= 2 && !chapter.is_draft() {
            push_headings(
                cx,
                i,
                chapter.depth,
                from..=last_level(from, depth - 1),
                ordered,
                entries,
            );
        }
    }
    flush(&mut run, &mut blocks);
    blocks
}

/// The run being built (its entries, whether it is numbered, its start)
/// ends: a list, unless it is empty.
fn flush(run: &mut Option<(Vec<Entry>, bool, u64)>, blocks: &mut Vec<Block>) {
    if let Some((entries, is_numbered, start)) = run.take()
        && !entries.is_empty()
    {
        blocks.push(Block::List {
            entries,
            ordered: is_numbered,
            start,
        });
    }
}

/// Whether chapter `i` is a draft left out of the list (`drafts =
/// "skip"`): one with no listed chapter below it.
fn skipped_draft(chapters: &[Chapter], i: usize) -> bool {
    let chapter = &chapters[i];
    chapter.is_draft()
        && !chapters[i + 1..]
            .iter()
            .take_while(|c| c.depth > chapter.depth && c.part.is_none())
            .any(|c| !c.is_draft())
}

/// The entries of chapter `i`'s headings of the `levels` listed, below
/// its own entry (at `depth`).
fn push_headings(
    cx: &RenderCx<'_>,
    i: usize,
    depth: usize,
    levels: std::ops::RangeInclusive<u8>,
    ordered: bool,
    entries: &mut Vec<Entry>,
) {
    let from = *levels.start();
    let headings = cx.headings(i).unwrap_or_default();
    for h in listed(headings).filter(|h| levels.contains(&h.level)) {
        entries.push(Entry {
            level: depth + 1 + (h.level - from) as usize,
            text: h.text.clone(),
            link: heading_link(cx, i, h),
            number: None,
            bullet: ordered,
        });
    }
}

/// One entry of a nested list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// 0 for the outermost list; an entry deeper than one below its
    /// predecessor is moved up.
    pub level: usize,
    pub text: String,
    /// `None`: plain text (a draft chapter).
    pub link: Option<String>,
    /// In an ordered list, the entry's own number (a new list starts where
    /// the numbers do not follow on); `None`: the next number.
    pub number: Option<u64>,
    /// In an ordered list, a bulleted entry (a list of its own).
    pub bullet: bool,
}

/// A piece of generated Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph in bold (a part title, a "Topics:" label).
    Label(String),
    /// A nested list; `start` is the first number of an ordered one.
    List {
        entries: Vec<Entry>,
        ordered: bool,
        start: u64,
    },
}

/// Writes blocks as Markdown (text escaped, lists nested).
pub fn write(blocks: &[Block]) -> Result<String, String> {
    if let Some(markdown) = write_plain(blocks) {
        return Ok(markdown);
    }
    let mut events: Vec<Event<'_>> = Vec::new();
    for block in blocks {
        match block {
            Block::Label(text) => {
                events.push(Event::Start(Tag::Paragraph));
                events.push(Event::Start(Tag::Strong));
                events.push(Event::Text(CowStr::from(text.as_str())));
                events.push(Event::End(TagEnd::Strong));
                events.push(Event::End(TagEnd::Paragraph));
            }
            Block::List {
                entries,
                ordered,
                start,
            } => list_events(entries, *ordered, *start, &mut events),
        }
    }
    markdown::write(events)
}

/// The common case, written directly (the Markdown writer costs as much as
/// parsing a chapter): one bullet list whose entries all link, their texts
/// and links made of characters the writer leaves alone or escapes by a
/// simple rule. `None` for anything else, which [`write`] hands to the
/// writer; a test checks that both agree wherever this one answers.
fn write_plain(blocks: &[Block]) -> Option<String> {
    let [
        Block::List {
            entries,
            ordered: false,
            ..
        },
    ] = blocks
    else {
        return None;
    };
    let mut out = String::with_capacity(entries.len() * 64);
    // How many lists are open: an entry goes at most one level deeper.
    let mut open = 0;
    for (n, entry) in entries.iter().enumerate() {
        let link = entry.link.as_deref()?;
        let plain_link = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#');
        if link.is_empty() || !link.chars().all(plain_link) {
            return None;
        }
        let depth = entry.level.min(open);
        open = depth + 1;
        if n > 0 {
            out.push('\n');
        }
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str("- [");
        escape::push_link_text_as_writer(&entry.text, &mut out)?;
        out.push_str("](");
        out.push_str(link);
        out.push(')');
    }
    (!entries.is_empty()).then_some(out)
}

fn list_events<'e>(entries: &'e [Entry], ordered: bool, start: u64, events: &mut Vec<Event<'e>>) {
    // One entry per open list: whether its last item is still open,
    // whether it is ordered, the number its next item gets.
    let mut open: Vec<(bool, bool, u64)> = Vec::new();
    let close = |events: &mut Vec<Event<'e>>, list: (bool, bool, u64)| {
        if list.0 {
            events.push(Event::End(TagEnd::Item));
        }
        events.push(Event::End(TagEnd::List(list.1)));
    };
    for entry in entries {
        let depth = entry.level.min(open.len());
        while open.len() > depth + 1 {
            if let Some(list) = open.pop() {
                close(events, list);
            }
        }
        let numbered = ordered && !entry.bullet;
        // A list of the other kind, or numbers that do not follow on.
        if open.len() == depth + 1
            && let Some(&(_, is_ordered, next)) = open.last()
            && (is_ordered != numbered || (numbered && entry.number.is_some_and(|n| n != next)))
            && let Some(list) = open.pop()
        {
            close(events, list);
        }
        if open.len() == depth {
            let first = entry
                .number
                .unwrap_or(if open.is_empty() { start } else { 1 });
            events.push(Event::Start(Tag::List(numbered.then_some(first))));
            open.push((false, numbered, first));
        } else if let Some(list) = open.last_mut()
            && list.0
        {
            events.push(Event::End(TagEnd::Item));
            list.0 = false;
        }
        events.push(Event::Start(Tag::Item));
        if let Some(list) = open.last_mut() {
            list.0 = true;
            list.2 += 1;
        }
        match &entry.link {
            Some(link) => {
                events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(link.as_str()),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                events.push(Event::Text(CowStr::from(entry.text.as_str())));
                events.push(Event::End(TagEnd::Link));
            }
            None => events.push(Event::Text(CowStr::from(entry.text.as_str()))),
        }
    }
    while let Some(list) = open.pop() {
        close(events, list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: usize, text: &str, link: Option<&str>) -> Entry {
        Entry {
            level,
            text: text.into(),
            link: link.map(str::to_string),
            ..Entry::default()
        }
    }

    fn list(entries: Vec<Entry>, ordered: bool, start: u64) -> Block {
        Block::List {
            entries,
            ordered,
            start,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_direct_writer_agrees_with_the_markdown_writer(
            items in proptest::collection::vec(
                (0usize..4, "[ -~→é’ü\u{a0}]{1,12}", "[a-z0-9#./_üé-]{1,12}"),
                1..8,
            )
        ) {
            let entries: Vec<Entry> = items
                .into_iter()
                .map(|(level, text, link)| entry(level, &text, Some(&link)))
                .collect();
            let blocks = [list(entries, false, 1)];
            if let Some(direct) = write_plain(&blocks) {
                let mut events = Vec::new();
                let Block::List { entries, .. } = &blocks[0] else { unreachable!() };
                list_events(entries, false, 1, &mut events);
                proptest::prop_assert_eq!(direct, markdown::write(events).unwrap());
            }
        }
    }

    #[test]
    fn direct_writer_cases() {
        let entries = vec![
            entry(0, "1. Create the client", Some("#create")),
            entry(1, "What’s next? (see 2)", Some("../a/b.md#x-1")),
            entry(3, "12) Step: a-b + c = d!", Some("#y")),
            entry(0, "Über uns", Some("#x")),
        ];
        let blocks = [list(entries, false, 1)];
        let direct = write_plain(&blocks).expect("written directly");
        assert_eq!(
            direct,
            "- [1\\. Create the client](#create)\n  - [What’s next? (see 2)](../a/b.md#x-1)\n    - [12\\) Step: a-b + c = d!](#y)\n- [Über uns](#x)"
        );
        let Block::List { entries, .. } = &blocks[0] else {
            unreachable!()
        };
        let mut events = Vec::new();
        list_events(entries, false, 1, &mut events);
        assert_eq!(direct, markdown::write(events).unwrap());
        // Anything else goes to the Markdown writer.
        assert!(write_plain(&[list(vec![entry(0, "- a", Some("#a"))], false, 1)]).is_none());
        assert!(write_plain(&[list(vec![entry(0, "a", Some("a b.md"))], false, 1)]).is_none());
        assert!(write_plain(&[list(vec![entry(0, "A", None)], false, 1)]).is_none());
        assert!(write_plain(&[list(vec![entry(0, "A", Some("#a"))], true, 1)]).is_none());
    }

    #[test]
    fn nesting() {
        let entries = vec![
            entry(0, "A", Some("#a")),
            entry(1, "B", Some("#b")),
            entry(1, "C *x*", Some("#c")),
            entry(0, "D", None),
            entry(2, "E", Some("#e")),
        ];
        assert_eq!(
            write(&[list(entries, false, 1)]).unwrap(),
            "- [A](#a)\n  - [B](#b)\n  - [C \\*x\\*](#c)\n- D\n  - [E](#e)"
        );
    }

    #[test]
    fn labels_and_numbered_runs() {
        let blocks = vec![
            list(vec![entry(0, "Intro", Some("README.md"))], false, 1),
            Block::Label("Part *one*".into()),
            list(
                vec![entry(0, "A", Some("a.md")), entry(1, "A.1", Some("a/1.md"))],
                true,
                3,
            ),
        ];
        assert_eq!(
            write(&blocks).unwrap(),
            "- [Intro](README.md)\n\n**Part \\*one\\***\n\n3. [A](a.md)\n   1. [A.1](a/1.md)"
        );
    }

    #[test]
    fn awkward_texts_round_trip() {
        let texts = [
            "Escaped <tag> & &amp; *x* _y_ `z` [w](v) \\ | ~~s~~",
            "1. Step",
            "# not a heading",
            "- not an item",
            "<!-- c -->",
            "[^1] {#id}",
            "a_b_c",
            "It’s “smart” – …",
        ];
        let entries: Vec<Entry> = texts.iter().map(|t| entry(0, t, Some("#x"))).collect();
        let out = write(&[list(entries, false, 1)]).unwrap();
        let mut got = Vec::new();
        let mut current: Option<String> = None;
        // (With smart punctuation a literal `--` in a heading's text would
        // show as a dash in the list: cosmetic, the link is the id.)
        let options = markdown::ParseOptions {
            smart_punctuation: false,
            ..Default::default()
        };
        for event in markdown::parser(&out, options) {
            match event {
                Event::Start(Tag::Link { .. }) => current = Some(String::new()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(c) = current.as_mut() {
                        c.push_str(&t);
                    }
                }
                Event::End(TagEnd::Link) => got.extend(current.take()),
                _ => {}
            }
        }
        assert_eq!(got, texts, "{out}");
    }

    #[test]
    fn awkward_destinations_round_trip() {
        let out = write(&[list(
            vec![
                entry(0, "Spaces", Some("my chapter.md#x")),
                entry(0, "Parens", Some("a(b).md#c)d")),
                entry(0, "Brackets ] [", Some("<x>.md")),
            ],
            false,
            1,
        )])
        .unwrap();
        let parsed: Vec<String> = markdown::parser(&out, markdown::ParseOptions::default())
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            parsed,
            vec!["my chapter.md#x", "a(b).md#c)d", "<x>.md"],
            "{out}"
        );
    }
}
