//! Layer 6 (the commands): The `write-heading-ids` command: every Markdown heading of the book's
//! chapter files (and the files they `{{#include}}`) gets, written after its
//! text, the id mdBook gives it now: `## Overview` becomes
//! `## Overview {#overview}`. The ids then no longer follow the text, so
//! they survive an edit of the English heading and any translation (the
//! practice Docusaurus recommends for translated docs, its own
//! `write-heading-ids`). A translated build needs none of it (the
//! preprocessor pins the ids itself, see [`crate::i18n`]).
//!
//! The id is the one on the rendered page: the book is read as `check`
//! reads it (`{{#include}}` expanded, each byte's origin kept), each
//! heading gets a marker class, the preprocessor's engine expands the book
//! (so headings that shortcodes generate take part in de-duplication, as
//! they do in mdBook), and the ids of the marked headings are read off the
//! expanded pages ([`crate::ids`], mdBook 0.5.4's rules). The edits are
//! insertions at byte offsets: everything else stays byte for byte (CRLF
//! included), and a second run finds nothing to do. Before writing, the
//! book is expanded once more with the ids in place: if any heading of any
//! page would get another id (a heading a shortcode generates with the
//! same text as one of the writer's, which mdBook numbers `-1` only while
//! the writer's id is generated), nothing is written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use mdbook_markdown::pulldown_cmark::{Event, Tag};

use crate::book::Chapter;
use crate::check::load::{self, Book};
use crate::i18n::{self, Slot};
use crate::ids::{self, Collector};
use crate::markdown::{self, ParseOptions};
use crate::settings::OnError;

/// What [`write`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Each file written (as shown, relative to the book) and how many ids
    /// it got, in book order.
    pub written: Vec<(String, usize)>,
    /// Headings left as they are, and why.
    pub skipped: Vec<String>,
    /// With `check`: each heading without an explicit id,
    /// `file:line:col: ...` (nothing is written).
    pub missing: Vec<String>,
}

/// The class that marks heading `k` of chapter `i` while the book expands.
fn marker(i: usize, k: usize) -> String {
    format!("igwh-{i}-{k}")
}

/// Writes the ids into the files of the book at `root` (with `check`, only
/// lists the headings that have none, in [`Outcome::missing`]). `Err`: the
/// book cannot be read, a file cannot be written, or writing would change
/// an id (nothing is written then).
pub fn write(root: &Path, check: bool) -> Result<Outcome, String> {
    let book = load::load(root, "")?;
    let options = book.settings.markdown;
    let mut outcome = Outcome::default();
    let slots: Vec<Vec<Slot>> = book
        .chapters
        .iter()
        .map(|ch| i18n::heading_slots(&ch.content, options))
        .collect();
    let ids_of = marked_ids_of(&book, &slots);
    let (edits, chapter_edits) = plan(&book, &slots, &ids_of, &mut outcome);
    keeps_every_id(&book, &chapter_edits)?;
    for (file, per_file) in edits {
        if !per_file.is_empty() {
            write_file(root, &book, file, per_file, check, &mut outcome)?;
        }
    }
    Ok(outcome)
}

/// The insertions in each file (by source index): text by offset.
type FileEdits = BTreeMap<usize, BTreeMap<usize, String>>;

/// The id of each heading without one (`slots`, by chapter) on its page:
/// each marked with a class, the book expanded, the marked ids read back.
fn marked_ids_of(book: &Book, slots: &[Vec<Slot>]) -> Vec<Vec<Option<String>>> {
    let options = book.settings.markdown;
    let marked: Vec<String> = book
        .chapters
        .iter()
        .zip(slots)
        .enumerate()
        .map(|(i, (ch, slots))| {
            let edits: Vec<(usize, String)> = slots
                .iter()
                .enumerate()
                .map(|(k, s)| s.insert(&format!(".{}", marker(i, k))))
                .collect();
            i18n::apply(&ch.content, &edits)
        })
        .collect();
    let expanded = expand(book, marked);
    let mut ids_of: Vec<Vec<Option<String>>> = slots.iter().map(|s| vec![None; s.len()]).collect();
    for (i, page) in expanded.iter().enumerate() {
        for (k, id) in marked_ids(page, i, options) {
            if let Some(slot) = ids_of[i].get_mut(k) {
                *slot = Some(id);
            }
        }
    }
    ids_of
}

/// The insertions per file (by offset), and per chapter; a heading that
/// is in no file of the book, or included in several places where it gets
/// different ids, is skipped (with a note in `outcome`).
fn plan(
    book: &Book,
    slots: &[Vec<Slot>],
    ids_of: &[Vec<Option<String>>],
    outcome: &mut Outcome,
) -> (FileEdits, Vec<Vec<(usize, String)>>) {
    let mut edits = FileEdits::new();
    let mut conflicts = Vec::new();
    let mut chapter_edits: Vec<Vec<(usize, String)>> = vec![Vec::new(); slots.len()];
    for (i, (slots, ids)) in slots.iter().zip(ids_of).enumerate() {
        let text = &book.chapters[i].content;
        for (slot, id) in slots.iter().zip(ids) {
            let Some(id) = id else {
                // Not a heading on the page (a shortcode's body read as
                // data), or an empty id.
                continue;
            };
            let (at, insert) = slot.insert(&format!("#{id}"));
            let Some((file, offset)) = origin(book, i, at) else {
                outcome.skipped.push(format!(
                    "{}: the heading `{}` is not written in a file of the book; left as it is",
                    book.chapters[i].display_path(&book.settings.src_dir),
                    heading_line(text, slot.start)
                ));
                continue;
            };
            chapter_edits[i].push((at, insert.clone()));
            let per_file = edits.entry(file).or_default();
            match per_file.get(&offset) {
                Some(other) if *other != insert => conflicts.push((file, offset)),
                _ => {
                    per_file.insert(offset, insert);
                }
            }
        }
    }
    for (file, offset) in conflicts {
        if let Some(per_file) = edits.get_mut(&file)
            && per_file.remove(&offset).is_some()
        {
            let text = &book.sources[file].text;
            outcome.skipped.push(format!(
                "{}: the heading `{}` is included in several places where it gets different ids; give it one yourself",
                book.sources[file].name,
                heading_line(text, offset)
            ));
        }
    }
    (edits, chapter_edits)
}

/// The pages must keep every id: expanded again with the ids written.
fn keeps_every_id(book: &Book, chapter_edits: &[Vec<(usize, String)>]) -> Result<(), String> {
    let options = book.settings.markdown;
    let before = expand(
        book,
        book.chapters.iter().map(|c| c.content.clone()).collect(),
    );
    let after = expand(
        book,
        book.chapters
            .iter()
            .zip(chapter_edits)
            .map(|(ch, e)| {
                let mut e = e.clone();
                e.sort_by_key(|(at, _)| *at);
                i18n::apply(&ch.content, &e)
            })
            .collect(),
    );
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        let (b, a) = (page_ids(b, options), page_ids(a, options));
        if let Some(((text, was), (_, now))) = b.iter().zip(&a).find(|(x, y)| x.1 != y.1) {
            return Err(format!(
                "nothing was written: on the page of {}, the heading `{text}` would get the id `{now}` instead of `{was}` (a heading that a shortcode generates has the text of another heading of the page); give one of them an explicit {{#id}}",
                book.chapters[i].display_path(&book.settings.src_dir)
            ));
        }
    }
    Ok(())
}

/// Writes one file's insertions (with `check`: lists them in
/// [`Outcome::missing`] instead); a file outside the book is left alone.
fn write_file(
    root: &Path,
    book: &Book,
    file: usize,
    per_file: BTreeMap<usize, String>,
    check: bool,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let source = &book.sources[file];
    let path = Path::new(&source.name);
    if path.is_absolute() {
        outcome.skipped.push(format!(
            "{}: outside the book; its {} heading(s) left as they are",
            source.name,
            per_file.len()
        ));
        return Ok(());
    }
    let edits: Vec<(usize, String)> = per_file.into_iter().collect();
    if check {
        let index = crate::diagnostic::LineIndex::new(&source.text);
        for (at, insert) in &edits {
            let (line, column) = index.line_col(*at);
            let id = insert.trim().trim_start_matches('{').trim_end_matches('}');
            outcome.missing.push(format!(
                "{}:{line}:{column}: `{}` has no explicit id (write-heading-ids adds `{id}`)",
                source.name,
                heading_line(&source.text, *at)
            ));
        }
        return Ok(());
    }
    let text = i18n::apply(&source.text, &edits);
    std::fs::write(root.join(path), text)
        .map_err(|e| format!("cannot write {}: {e}", source.name))?;
    outcome.written.push((source.name.clone(), edits.len()));
    Ok(())
}

/// The chapters expanded by the preprocessor's engine, as for `mdbook
/// build` (errors do not stop it: a broken shortcode is an error box, as
/// with `on-error = "warn"`).
fn expand(book: &Book, contents: Vec<String>) -> Vec<String> {
    let mut settings = book.settings.clone();
    settings.on_error = OnError::Warn;
    let mut chapters: Vec<Chapter> = book
        .chapters
        .iter()
        .zip(contents)
        .map(|(ch, content)| Chapter {
            content,
            ..ch.clone()
        })
        .collect();
    let registry = crate::shortcodes::registry();
    crate::engine::process(&mut chapters, &settings, &registry, "html");
    chapters.into_iter().map(|c| c.content).collect()
}

/// `(k, id)` of each heading of chapter `i`'s expanded page that carries
/// its marker (see [`marker`]) and a generated, non-empty id.
fn marked_ids(page: &str, i: usize, options: ParseOptions) -> Vec<(usize, String)> {
    let prefix = format!("igwh-{i}-");
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut collector = Collector::default();
    for (event, range) in markdown::parser(page, options).into_offset_iter() {
        if let Event::Start(Tag::Heading { classes, .. }) = &event
            && let Some(k) = classes
                .iter()
                .find_map(|c| c.strip_prefix(prefix.as_str())?.parse::<usize>().ok())
        {
            marks.push((range.start, k));
        }
        if collector.needs(&event) {
            collector.event(event, range);
        }
    }
    let (elements, bases) = collector.finish_with_bases(page.len());
    elements
        .iter()
        .zip(&bases)
        .filter(|(e, base)| e.level > 0 && base.is_some() && !e.id.is_empty())
        .filter_map(|(e, _)| {
            let (_, k) = marks.iter().find(|(start, _)| *start == e.range.start)?;
            Some((*k, e.id.clone()))
        })
        .collect()
}

/// `(text, id)` of every heading and term of a page, in order.
fn page_ids(page: &str, options: ParseOptions) -> Vec<(String, String)> {
    ids::elements(page, options)
        .into_iter()
        .map(|e| (e.text, e.id))
        .collect()
}

/// The file and offset an insertion at `at` in chapter `i` goes to: where
/// the byte before it came from, plus one (the heading's text, or its
/// attribute block's `{`, is in the file that has the heading), checked
/// against that file's text.
fn origin(book: &Book, i: usize, at: usize) -> Option<(usize, usize)> {
    let text = &book.chapters[i].content;
    if at == 0 {
        return None;
    }
    let (file, range) = book.maps.get(i)?.origin_span(at - 1..at);
    let offset = range.start + 1;
    let source = &book.sources.get(file)?.text;
    let before = text.as_bytes().get(at - 1)?;
    (source.as_bytes().get(offset - 1) == Some(before) && source.is_char_boundary(offset))
        .then_some((file, offset))
}

/// The line of `text` around `at`, trimmed (for messages).
fn heading_line(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    text[start..end].trim().to_string()
}

/// The command: writes the ids and says what it did; with `check`, lists
/// the headings without an explicit id instead. Exit status: `0` done (or
/// nothing to do), `1` refused (an id would change; nothing written) or,
/// with `check`, headings without an id, `2` the book could not be read or
/// written.
pub fn run(book_dir: &Path, check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match write(book_dir, check) {
        Ok(outcome) => {
            for why in &outcome.skipped {
                let _ = writeln!(err, "warning: {why}");
            }
            if check {
                for line in &outcome.missing {
                    let _ = writeln!(out, "{}", shown(book_dir, line));
                }
                let n = outcome.missing.len();
                if n == 0 {
                    let _ = writeln!(out, "every heading has an explicit id");
                    return 0;
                }
                let _ = writeln!(
                    out,
                    "{n} heading{} without an explicit id: run `mdbook-integration-guide write-heading-ids` to write {}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it" } else { "them" }
                );
                return 1;
            }
            for (file, n) in &outcome.written {
                let _ = writeln!(
                    out,
                    "{}: {n} heading id{} written",
                    shown(book_dir, file),
                    if *n == 1 { "" } else { "s" }
                );
            }
            if outcome.written.is_empty() {
                let _ = writeln!(
                    out,
                    "every heading has an explicit id already: nothing to write"
                );
            }
            0
        }
        Err(message) => {
            let _ = writeln!(
                err,
                "error: mdbook-integration-guide write-heading-ids: {message}"
            );
            if message.starts_with("nothing was written") {
                1
            } else {
                2
            }
        }
    }
}

/// A path relative to the book shown relative to the current directory.
fn shown(book_dir: &Path, file: &str) -> String {
    let dir = crate::paths::slashed(book_dir);
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}
