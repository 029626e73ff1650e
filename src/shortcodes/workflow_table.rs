//! `<<#workflow-table>>`: the template's "Integration workflow" table
//! (Step | Responsible Party | Task Name | Description).
//!
//! Self-closing, it has one row per config step of the book, in order. As a
//! block, its body has one row per line, `party | task | description`
//! (a leading `- ` and outer pipes allowed), numbered automatically.

use super::prelude::*;

use crate::lines;

use super::steps;

pub struct WorkflowTable;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "workflow-step",
        default: "Step",
        placeholders: &[],
        may_be_empty: false,
        doc: "workflow table: the step number column",
    },
    LabelSpec {
        key: "workflow-party",
        default: "Responsible Party",
        placeholders: &[],
        may_be_empty: false,
        doc: "workflow table: the party column",
    },
    LabelSpec {
        key: "workflow-task",
        default: "Task Name",
        placeholders: &[],
        may_be_empty: false,
        doc: "workflow table: the task column",
    },
    LabelSpec {
        key: "workflow-description",
        default: "Description",
        placeholders: &[],
        may_be_empty: false,
        doc: "workflow table: the description column",
    },
];

static SPEC: Spec = Spec {
    name: "workflow-table",
    positional: None,
    attrs: &[],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

const ROW_HINT: &str =
    "write one row per line: `party | task | description` (write `\\|` for a `|` inside a field)";

impl Shortcode for WorkflowTable {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let rows = if cx.body().is_some() {
            explicit_rows(call, cx)?
        } else {
            step_rows(call, cx)
        };
        if rows.is_empty() {
            return Ok(String::new());
        }
        let labels = &cx.settings().labels;
        let headers = [
            &labels.workflow_step,
            &labels.workflow_party,
            &labels.workflow_task,
            &labels.workflow_description,
        ];
        let mut out = String::new();
        for h in headers {
            out.push_str("| ");
            out.push_str(&escape::text(h));
            out.push(' ');
        }
        out.push_str("|\n");
        for h in headers {
            out.push('|');
            out.push_str(&"-".repeat(h.chars().count().max(1) + 2));
        }
        out.push_str("|\n");
        for (i, [party, task, description]) in rows.iter().enumerate() {
            out.push_str(&format!("| {} |", i + 1));
            for cell in [party, task, description] {
                if cell.is_empty() {
                    out.push_str("  |");
                } else {
                    out.push_str(&format!(" {cell} |"));
                }
            }
            out.push('\n');
        }
        Ok(out.trim_end().to_string())
    }
}

/// One row per config step of the guide the table stands in (of the
/// book, when it is one guide): party, a link to the step, its summary.
fn step_rows(call: &Call, cx: &RenderCx<'_>) -> Vec<[String; 3]> {
    let all = steps::of(cx);
    let all: Vec<&steps::Step> = match crate::guides::of(cx.facts()).filter(|g| g.is_multi()) {
        Some(guides) => {
            let Some(guide) = guides.of_chapter(cx.chapter_index()) else {
                cx.warn(
                    Diagnostic::warning(
                        call.span.clone(),
                        "`workflow-table` has no rows: this chapter belongs to no guide, and a bare workflow table lists its guide's steps",
                    )
                    .with_hint("move the table into a guide, or give it explicit rows as a block"),
                );
                return Vec::new();
            };
            all.iter().filter(|s| s.guide == Some(guide)).collect()
        }
        None => all.iter().collect(),
    };
    if all.is_empty() {
        cx.warn(
            Diagnostic::warning(call.span.clone(), "`workflow-table` has no rows: the book has no `<<#config-step>>`")
                .with_hint("write the configuration steps with `<<#config-step>>`, or give the table explicit rows as a block"),
        );
    }
    all.iter()
        .map(|step| {
            let mut task = steps::link(&step.title, cx.link_to(step.chapter, Some(&step.id)));
            if step.optional {
                task.push(' ');
                task.push_str(&cx.label("optional-step"));
            }
            [
                step.party.as_deref().map(escape::text).unwrap_or_default(),
                escape::pipes(&task),
                step.summary
                    .as_deref()
                    .map(escape::pipes)
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// The rows written in the block's body.
fn explicit_rows(call: &Call, cx: &RenderCx<'_>) -> Result<Vec<[String; 3]>, Diagnostic> {
    let text = cx.chapter().content.as_str();
    let mut errors = Vec::new();
    // A block shortcode would add lines: the body's lines would no longer
    // be the source's.
    for child in cx.children() {
        if lines::alone_on_line(text, child.call.span.clone()) {
            errors.push(
                Diagnostic::error(
                    child.call.span.clone(),
                    format!(
                        "`<<#{}>>` cannot stand on its own line in a workflow table",
                        child.call.name
                    ),
                )
                .with_hint(format!(
                    "{ROW_HINT}; inline shortcodes such as `<<#step-ref id>>` may stand in a field"
                )),
            );
        }
    }
    let body = if errors.is_empty() {
        cx.body_map(|_, out| escape::pipes(out)).unwrap_or_default()
    } else {
        String::new()
    };
    let guide = crate::guides::of(cx.facts())
        .filter(|g| g.is_multi())
        .and_then(|g| g.get(g.of_chapter(cx.chapter_index())?));
    let parties = cx.settings().parties_of(guide.map(|g| g.id.as_str()));
    let mut rows = Vec::new();
    let mut line_at = lines::next_line_start(text, call.span.end);
    for line in body.split('\n') {
        let at = line_at;
        line_at = lines::next_line_start(text, line_at);
        let row = line.trim();
        if row.is_empty() {
            continue;
        }
        let span = row_span(text, at);
        let row = match row.strip_prefix(['-', '*', '+']) {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim(),
            _ => row,
        };
        let cells = split_cells(row);
        let Ok([party, task, description]) = <[String; 3]>::try_from(cells.clone()) else {
            errors.push(
                Diagnostic::error(
                    span,
                    format!(
                        "this workflow row has {} field{}; a row needs 3: `party | task | description`",
                        cells.len(),
                        if cells.len() == 1 { "" } else { "s" }
                    ),
                )
                .with_hint(ROW_HINT),
            );
            continue;
        };
        if let Some(parties) = parties
            && !party.is_empty()
            && let Some(d) = steps::unknown_party(
                &party.replace("\\|", "|"),
                parties,
                span,
                guide.map(|g| g.title.as_str()),
            )
        {
            errors.push(d);
            continue;
        }
        // Cells are inline Markdown; raw HTML in them is shown as text.
        let options = cx.settings().markdown;
        rows.push([party, task, description].map(|c| escape::inline(&c, options)));
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(call.span.clone(), "this `workflow-table` block has no rows")
                .with_hint(format!(
                    "{ROW_HINT}; or write `<<#workflow-table>>` alone for one row per config step"
                )),
        );
    }
    if errors.is_empty() {
        return Ok(rows);
    }
    let first = errors.remove(0);
    for e in errors {
        cx.report(e);
    }
    Err(first)
}

/// The span of a row's text in the source line starting at `at`, after
/// any list or quote prefix.
fn row_span(text: &str, at: usize) -> std::ops::Range<usize> {
    let end = lines::next_line_start(text, at);
    let line = &text[at..end];
    let content = line.trim_end_matches(['\n', '\r']);
    let skipped = content.len() - content.trim_start_matches([' ', '\t', '>']).len();
    let trimmed = content.trim_end();
    (at + skipped.min(trimmed.len()))..(at + trimmed.len())
}

/// Splits a row on the `|` not escaped with a backslash; outer pipes are
/// optional. Fields are trimmed.
fn split_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut backslashes = 0;
    for c in row.chars() {
        if c == '|' && backslashes % 2 == 0 {
            cells.push(std::mem::take(&mut cell));
        } else {
            cell.push(c);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    cells.push(cell);
    if row.starts_with('|') && cells.len() > 1 {
        cells.remove(0);
    }
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) && ends_with_pipe(row) {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn ends_with_pipe(row: &str) -> bool {
    let trailing_backslashes = row
        .strip_suffix('|')
        .map(|r| r.chars().rev().take_while(|&c| c == '\\').count());
    trailing_backslashes.is_some_and(|n| n % 2 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(split_cells("a | b | c"), vec!["a", "b", "c"]);
        assert_eq!(
            split_cells("| a | b \\| x | c |"),
            vec!["a", "b \\| x", "c"]
        );
        assert_eq!(split_cells("a | b | c \\|"), vec!["a", "b", "c \\|"]);
        assert_eq!(split_cells("a"), vec!["a"]);
        assert_eq!(split_cells("a ||"), vec!["a", ""]);
        assert_eq!(split_cells("|"), vec![""]);
    }

    #[test]
    fn spans_skip_prefixes() {
        let t = "x\n  > a | b  \r\nz";
        let s = row_span(t, 2);
        assert_eq!(&t[s], "a | b");
    }
}
