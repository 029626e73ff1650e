//! The template's structure: the required sections are there and in
//! order, and the workflow table lists every config step.

use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};

use super::Finding;
use super::load::{Book, SUMMARY};
use crate::diagnostic::{Diagnostic, Place};
use crate::guides::Guides;
use crate::ids;
use crate::markdown;
use crate::shortcodes::steps::Step;

/// A place a section can be: a chapter's SUMMARY.md entry or a `#`
/// heading of a chapter.
#[derive(Debug, Clone)]
struct Candidate {
    /// Book order: (chapter, 0 for the entry or 1 + the heading's offset).
    order: (usize, usize),
    /// The normalized title.
    key: String,
    /// Where it is: a file and a span in it.
    file: usize,
    span: std::ops::Range<usize>,
    /// How to call it in a message: "the SUMMARY.md entry" / "the heading".
    heading: bool,
}

/// A title compared ignoring case, spacing, a leading number (`2.`) and
/// trailing `:` or `.`.
pub fn normalize(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let mut words = words.as_slice();
    if let [first, rest @ ..] = words
        && !rest.is_empty()
        && first
            .trim_end_matches('.')
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
    {
        words = rest;
    }
    words
        .join(" ")
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase()
}

fn candidates(book: &Book) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, chapter) in book.chapters.iter().enumerate() {
        if let Some(entry) = &book.entries[i] {
            out.push(Candidate {
                order: (i, 0),
                key: normalize(&chapter.name),
                file: SUMMARY,
                span: entry.clone(),
                heading: false,
            });
        }
        if chapter.is_draft() {
            continue;
        }
        for h in ids::headings(&chapter.content, book.settings.markdown) {
            if h.level != 1 {
                continue;
            }
            let (file, span) = book.maps[i].origin_span(h.range.clone());
            out.push(Candidate {
                order: (i, h.range.start + 1),
                key: normalize(&h.text),
                file,
                span,
                heading: true,
            });
        }
    }
    out.sort_by_key(|c| c.order);
    out
}

/// The indices of a longest increasing subsequence of `keys`.
fn longest_increasing<K: Ord>(keys: &[K]) -> Vec<usize> {
    let n = keys.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if keys[j] < keys[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![at];
    while prev[at] != usize::MAX {
        at = prev[at];
        out.push(at);
    }
    out.reverse();
    out
}

/// `missing-section` and `section-order`.
/// With `template` (the default list, not one from book.toml, in a book
/// that uses none of the template's section shortcodes), a book with fewer
/// than two of the sections is not a guide from the template (a book that
/// only uses `toc` or callouts, whose "Introduction" is its own): nothing
/// is reported, and false is returned.
///
/// In a book with several guides (`guides` in book.toml) each guide is
/// checked on its own, and each finding names its guide.
pub fn sections(book: &Book, required: &[String], template: bool, out: &mut Vec<Finding>) -> bool {
    if required.is_empty() {
        return true;
    }
    let all = candidates(book);
    let guides = Guides::new(&book.chapters, book.settings.guides);
    if !guides.is_multi() {
        let last_entry = book.entries.iter().rev().flatten().next().cloned();
        return sections_in(&all, required, template, last_entry, None, out);
    }
    let mut held = false;
    for guide in &guides.list {
        let range = guide.chapters.clone();
        let candidates: Vec<Candidate> = all
            .iter()
            .filter(|c| range.contains(&c.order.0))
            .cloned()
            .collect();
        let last_entry = book.entries[range].iter().rev().flatten().next().cloned();
        held |= sections_in(
            &candidates,
            required,
            template,
            last_entry,
            Some(&guide.title),
            out,
        );
    }
    held
}

/// `" in the guide \"Title\""`, or nothing for a book that is one guide.
fn in_guide(guide: Option<&str>) -> String {
    guide.map_or_else(String::new, |t| format!(" in the guide \"{t}\""))
}

/// The required sections of a guide and the first place that has each.
struct Sections<'c> {
    required: &'c [String],
    found: Vec<Option<&'c Candidate>>,
    /// SUMMARY.md's last entry, where a missing section goes last.
    last_entry: std::ops::Range<usize>,
    guide: Option<&'c str>,
}

impl Sections<'_> {
    fn quoted(&self, i: usize) -> String {
        format!("`{}`", self.required[i])
    }

    /// The place of a found section, as a related place of a diagnostic.
    fn place(&self, d: Diagnostic, i: usize) -> Diagnostic {
        let c = self.found[i].unwrap_or_else(|| unreachable!());
        let what = if c.heading { "heading" } else { "entry" };
        d.with_related(
            Place::File(c.file),
            c.span.clone(),
            format!("the {what} of {}", self.quoted(i)),
        )
    }

    /// Section `i` is missing: at the section it belongs before (or after,
    /// or at SUMMARY.md's last entry).
    fn missing(&self, i: usize, before: Option<usize>, after: Option<usize>) -> Finding {
        let title = &self.required[i];
        let last_entry = &self.last_entry;
        let file_name = format!("{}.md", ids::id_from_text(title));
        let (file, span, hint, shown) = match (after, before) {
            (Some(a), _) => {
                let c = self.found[a].unwrap_or_else(|| unreachable!());
                (
                    c.file,
                    c.span.clone(),
                    format!(
                        "add a chapter `- [{title}]({file_name})` to SUMMARY.md, or a `# {title}` heading, before {}",
                        self.quoted(a),
                    ),
                    None,
                )
            }
            (None, Some(b)) => {
                let c = self.found[b].unwrap_or_else(|| unreachable!());
                let elsewhere = c.file != SUMMARY || c.span != *last_entry;
                (
                    SUMMARY,
                    last_entry.clone(),
                    format!(
                        "add a chapter `- [{title}]({file_name})` to SUMMARY.md, or a `# {title}` heading, after {}",
                        self.quoted(b),
                    ),
                    elsewhere.then_some(b),
                )
            }
            (None, None) => (
                SUMMARY,
                last_entry.clone(),
                format!(
                    "add a chapter `- [{title}]({file_name})` to SUMMARY.md, or a `# {title}` heading"
                ),
                None,
            ),
        };
        let d = Diagnostic::error(
            span,
            format!("required section `{title}` is missing{}", in_guide(self.guide)),
        )
        .with_hint(format!(
            "{hint}; the required sections are `sections` in [preprocessor.integration-guide.check] (list only those your guide has, or `sections = []` to require none)"
        ))
        .with_code("missing-section");
        let d = match shown {
            Some(b) => self.place(d, b),
            None => d,
        };
        (file, d)
    }

    /// Section `i` (found at `c`) is out of the template's order.
    fn out_of_order(
        &self,
        c: &Candidate,
        i: usize,
        before: Option<usize>,
        after: Option<usize>,
    ) -> Diagnostic {
        let title = &self.required[i];
        let (hint, other) = match (before, after) {
            (Some(b), _) => (format!("move it after {}", self.quoted(b)), Some(b)),
            (None, Some(a)) => (format!("move it before {}", self.quoted(a)), Some(a)),
            (None, None) => ("move it into the template's order".to_string(), None),
        };
        let order: Vec<String> = self.required.iter().map(|s| format!("`{s}`")).collect();
        let d = Diagnostic::error(
            c.span.clone(),
            format!("section `{title}` is out of order{}", in_guide(self.guide)),
        )
        .with_hint(format!(
            "{hint}; the template's order is {}",
            order.join(", ")
        ))
        .with_code("section-order");
        match other {
            Some(k) => self.place(d, k),
            None => d,
        }
    }
}

/// [`sections`] among some candidates (one guide's, or the book's).
fn sections_in(
    candidates: &[Candidate],
    required: &[String],
    template: bool,
    last_entry: Option<std::ops::Range<usize>>,
    guide: Option<&str>,
    out: &mut Vec<Finding>,
) -> bool {
    // For each required section, the first place that has it.
    let found: Vec<Option<&Candidate>> = required
        .iter()
        .map(|title| {
            let key = normalize(title);
            candidates.iter().find(|c| c.key == key)
        })
        .collect();
    let present: Vec<usize> = (0..required.len())
        .filter(|&i| found[i].is_some())
        .collect();
    if template && present.len() < 2 {
        return false;
    }
    let orders: Vec<(usize, usize)> = present
        .iter()
        .filter_map(|&i| found[i].map(|c| c.order))
        .collect();
    let in_order: Vec<usize> = longest_increasing(&orders)
        .into_iter()
        .map(|k| present[k])
        .collect();
    let sections = Sections {
        required,
        found,
        last_entry: last_entry.unwrap_or(0..0),
        guide,
    };
    for i in 0..required.len() {
        let before = in_order.iter().rev().find(|&&k| k < i).copied();
        let after = in_order.iter().find(|&&k| k > i).copied();
        match sections.found[i] {
            None => out.push(sections.missing(i, before, after)),
            Some(c) if !in_order.contains(&i) => {
                out.push((c.file, sections.out_of_order(c, i, before, after)))
            }
            Some(_) => {}
        }
    }
    true
}

/// The message of the engine's error for two guides with one id, which
/// `check` shows at the guides' places in SUMMARY.md instead.
pub const DUPLICATE_GUIDE: &str = "two guides have the id";

/// Two guides with the same id, at their places in SUMMARY.md (a part's
/// `# Title` line, or a top-level chapter's entry).
pub fn duplicate_guides(book: &Book, out: &mut Vec<Finding>) {
    let guides = Guides::new(&book.chapters, book.settings.guides);
    if !guides.is_multi() {
        return;
    }
    let summary = &book.sources[SUMMARY].text;
    // Where guide `g` is written in SUMMARY.md.
    let place = |g: usize| -> std::ops::Range<usize> {
        let guide = &guides.list[g];
        let first = guide.chapters.start;
        let part_line = book.chapters[first].part.as_ref().and_then(|title| {
            let before = book.entries[first]
                .as_ref()
                .map_or(summary.len(), |e| e.start);
            let mut at = 0;
            let mut found = None;
            for line in summary[..before].split_inclusive('\n') {
                let text = line.trim_end();
                if text.trim_start_matches('#').trim() == title.trim() && text.starts_with('#') {
                    found = Some(at..at + text.len());
                }
                at += line.len();
            }
            found
        });
        part_line
            .or_else(|| book.entries[first].clone())
            .unwrap_or(0..0)
    };
    for (first, second) in guides.duplicates() {
        let (a, b) = (&guides.list[first], &guides.list[second]);
        out.push((
            SUMMARY,
            Diagnostic::error(
                place(second),
                format!(
                    "{DUPLICATE_GUIDE} `{}`: \"{}\" and \"{}\"",
                    b.id, a.title, b.title
                ),
            )
            .with_hint("a guide's id is its title's slug: give one of the two guides another title")
            .with_related(
                Place::File(SUMMARY),
                place(first),
                "the first guide with this id",
            ),
        ));
    }
}

/// The plain text of inline Markdown.
fn plain(markdown: &str, options: markdown::ParseOptions) -> String {
    let mut out = String::new();
    for event in markdown::parser(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A workflow table's task cells: their plain text and link targets.
#[derive(Debug, Default)]
struct TaskCell {
    text: String,
    links: Vec<String>,
}

/// Every task cell of every workflow table (a table whose header has the
/// `workflow-step` and `workflow-task` labels) in `text`.
fn task_cells(
    text: &str,
    options: markdown::ParseOptions,
    step_label: &str,
    task_label: &str,
) -> Option<Vec<TaskCell>> {
    let mut tables = None;
    let mut header: Vec<String> = Vec::new();
    let mut in_head = false;
    let mut task_column: Option<usize> = None;
    let mut column = 0;
    let mut cell: Option<TaskCell> = None;
    let mut cell_text = String::new();
    for event in markdown::parser(text, options) {
        match event {
            Event::Start(Tag::Table(_)) => {
                header.clear();
                task_column = None;
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                let step = normalize(step_label);
                let task = normalize(task_label);
                if header.iter().any(|h| normalize(h) == step) {
                    task_column = header.iter().position(|h| normalize(h) == task);
                }
                if task_column.is_some() {
                    tables.get_or_insert_with(Vec::new);
                }
            }
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => {
                cell_text.clear();
                if !in_head && task_column == Some(column) {
                    cell = Some(TaskCell::default());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if in_head {
                    header.push(cell_text.clone());
                } else if let Some(mut c) = cell.take() {
                    c.text = cell_text.clone();
                    if let Some(t) = tables.as_mut() {
                        t.push(c);
                    }
                }
                column += 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(c) = cell.as_mut() {
                    c.links.push(dest_url.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) => cell_text.push_str(&t),
            _ => {}
        }
    }
    tables
}

/// `workflow-missing-step`: every config step is in a workflow table (of
/// its own guide, in a book with several guides).
pub fn workflow(book: &Book, steps: &[Step], expanded: &[String], out: &mut Vec<Finding>) {
    let guides = Guides::new(&book.chapters, book.settings.guides);
    if !guides.is_multi() {
        return workflow_in(book, steps, expanded, 0..expanded.len(), None, out);
    }
    for (g, guide) in guides.list.iter().enumerate() {
        let mine: Vec<Step> = steps
            .iter()
            .filter(|s| s.guide == Some(g))
            .cloned()
            .collect();
        let range =
            guide.chapters.start.min(expanded.len())..guide.chapters.end.min(expanded.len());
        workflow_in(book, &mine, expanded, range, Some(&guide.title), out);
    }
}

/// [`workflow`] for the steps and workflow tables of some chapters.
fn workflow_in(
    book: &Book,
    steps: &[Step],
    expanded: &[String],
    chapters: std::ops::Range<usize>,
    guide: Option<&str>,
    out: &mut Vec<Finding>,
) {
    if steps.is_empty() {
        return;
    }
    // A workflow table that is itself broken (a row with a typo, reported
    // as a shortcode error) is an error box in the lenient expansion: its
    // steps are not missing, so nothing more is said.
    let broken_table = expanded
        [chapters.start.min(expanded.len())..chapters.end.min(expanded.len())]
        .iter()
        .any(|t| t.contains("integration-guide-error") && t.contains("&lt;&lt;#workflow-table"));
    if broken_table {
        return;
    }
    let labels = &book.settings.labels;
    let options = book.settings.markdown;
    let mut cells = Vec::new();
    let mut tables_in = Vec::new();
    for (i, text) in expanded
        .iter()
        .enumerate()
        .take(chapters.end)
        .skip(chapters.start)
    {
        if let Some(mut found) =
            task_cells(text, options, &labels.workflow_step, &labels.workflow_task)
        {
            cells.append(&mut found);
            tables_in.push(i);
        }
    }
    for step in steps {
        let title = normalize(&plain(&step.title, options));
        if cells.iter().any(|c| covers(c, &title, &step.id)) {
            continue;
        }
        let Some(map) = book.maps.get(step.chapter) else {
            continue;
        };
        let (file, span) = map.origin_span(step.offset..step.offset + "<<#config-step".len());
        let hint = match tables_in.first() {
            Some(&i) => {
                let (table_file, _) = book.maps[i].origin_span(0..0);
                format!(
                    "add a row for it to the workflow table in {} (in a `<<#workflow-table>>` block: `- Party | <<#step-ref {}>> | What it does`), or write the table as `<<#workflow-table>>` alone, which lists every step",
                    book.sources[table_file].name,
                    if step.id.is_empty() { "id" } else { &step.id }
                )
            }
            None if guide.is_some() => "the guide has no workflow table; add `<<#workflow-table>>` to its Integration workflow section, it lists every step of the guide".to_string(),
            None => "the book has no workflow table; add `<<#workflow-table>>` to the Integration workflow section, it lists every step".to_string(),
        };
        out.push((
            file,
            Diagnostic::error(
                span,
                format!(
                    "config step {} `{}`{} is not in the workflow table",
                    step.number,
                    plain(&step.title, options),
                    in_guide(guide)
                ),
            )
            .with_hint(hint)
            .with_code("workflow-missing-step"),
        ));
    }
}

/// Whether a task cell of the workflow table is the step titled `title`
/// (normalized) with the id `id`: by its text, or by a link to the id.
fn covers(cell: &TaskCell, title: &str, id: &str) -> bool {
    normalize(&cell.text) == title
        || (!id.is_empty()
            && cell.links.iter().any(|l| {
                l.rsplit_once('#')
                    .is_some_and(|(_, anchor)| super::links::decode(anchor) == id)
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_loosely() {
        assert_eq!(normalize("  Target   Audience: "), "target audience");
        assert_eq!(normalize("2. Prerequisites"), "prerequisites");
        assert_eq!(normalize("1.2 Validation."), "validation");
        assert_eq!(normalize("2024"), "2024");
    }

    #[test]
    fn longest_increasing_subsequence() {
        assert_eq!(longest_increasing(&[0, 2, 1, 3]), vec![0, 1, 3]);
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(longest_increasing::<u8>(&[]), Vec::<usize>::new());
    }

    #[test]
    fn workflow_tables_are_found_by_their_header() {
        let text = "| Step | Responsible Party | Task Name | Description |\n|--|--|--|--|\n| 1 | A | [Create **it**](a.md#create) | x |\n| 2 | B | Plain task | y |\n\n| Other | Task Name |\n|--|--|\n| a | b |\n";
        let cells = task_cells(text, Default::default(), "Step", "Task Name").unwrap();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].text, "Create it");
        assert_eq!(cells[0].links, ["a.md#create"]);
        assert_eq!(cells[1].text, "Plain task");
        assert!(
            task_cells(
                "| a |\n|--|\n| b |\n",
                Default::default(),
                "Step",
                "Task Name"
            )
            .is_none()
        );
    }
}
