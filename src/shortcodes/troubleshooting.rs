//! `<<#troubleshooting>>`: lines `symptom | cause | fix`, rendered as a
//! table, or as a definition list when cells are long.

use super::prelude::*;

pub struct Troubleshooting;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "trouble-symptom",
        default: "Symptom",
        placeholders: &[],
        may_be_empty: false,
        doc: "`troubleshooting`: the symptom column",
    },
    LabelSpec {
        key: "trouble-cause",
        default: "Cause",
        placeholders: &[],
        may_be_empty: false,
        doc: "`troubleshooting`: the cause column and lead-in",
    },
    LabelSpec {
        key: "trouble-fix",
        default: "Fix",
        placeholders: &[],
        may_be_empty: false,
        doc: "`troubleshooting`: the fix column and lead-in",
    },
];

static SPEC: Spec = Spec {
    name: "troubleshooting",
    positional: None,
    attrs: &[AttrSpec {
        name: "layout",
        ty: AttrType::Choice(&["auto", "table", "list"]),
        required: false,
        doc: "`table`, `list` (a definition list), or `auto` (default): a list when a cell is longer than 90 characters",
    }],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// A cell longer than this (in characters of plain text) makes `auto` a
/// list.
const LONG_CELL: usize = 90;

struct Row {
    symptom: String,
    cause: String,
    fix: String,
}

impl Shortcode for Troubleshooting {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let options = cx.settings().markdown;
        let lines = cx.body_lines().unwrap_or_default();
        let entries = body::entries(&lines, false);
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        let mut long = false;
        if entries.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`troubleshooting` lists no problem")
                    .with_hint("write one problem per line: `symptom | cause | fix`"),
            );
        }
        for entry in &entries {
            let (cells, seps) = body::split_cells(entry);
            if cells.len() < 3 {
                errors.push(
                    Diagnostic::error(
                        entry.whole(),
                        format!(
                            "a `troubleshooting` line is `symptom | cause | fix`; this one has {} part{}",
                            cells.len(),
                            if cells.len() == 1 { "" } else { "s" }
                        ),
                    )
                    .with_hint("separate the symptom, the cause and the fix with `|` (leave the cause empty if it is unknown: `symptom | | fix`)"),
                );
                continue;
            }
            if cells.len() > 3 {
                let at = seps[2];
                errors.push(
                    Diagnostic::error(
                        entry.span(at..at + 1),
                        "a fourth part: `troubleshooting` lines are `symptom | cause | fix`",
                    )
                    .with_hint("write a `|` inside a part as `\\|`"),
                );
                continue;
            }
            let text = |i: usize| &entry.text()[cells[i].clone()];
            let mut missing = false;
            for (i, what) in [(0, "symptom"), (2, "fix")] {
                if text(i).is_empty() {
                    let at = if i == 0 { 0 } else { seps[1] };
                    errors.push(
                        Diagnostic::error(entry.span(at..at + 1), format!("the {what} is empty"))
                            .with_hint("`symptom | cause | fix`: the cause may be empty, the symptom and the fix may not"),
                    );
                    missing = true;
                }
            }
            if missing {
                continue;
            }
            long |= (0..3).any(|i| escape::plain(text(i), options).chars().count() > LONG_CELL);
            rows.push(Row {
                symptom: escape::inline(text(0), options),
                cause: escape::inline(text(1), options),
                fix: escape::inline(text(2), options),
            });
        }
        cx.finish(errors, || {
            let symptom = cx.label("trouble-symptom");
            let cause = cx.label("trouble-cause");
            let fix = cx.label("trouble-fix");
            let list = match call.text("layout") {
                Some("table") => false,
                Some("list") => true,
                _ => long,
            };
            Ok(if !list {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        [&r.symptom, &r.cause, &r.fix]
                            .iter()
                            .map(|c| escape::pipes(c))
                            .collect()
                    })
                    .collect();
                write::table(&[&symptom, &cause, &fix], &cells)
            } else if options.definition_lists {
                let items: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        // One definition (mdBook numbers several), the
                        // cause and the fix on two lines of it.
                        let mut s = format!("{}\n: ", r.symptom);
                        if !r.cause.is_empty() {
                            s.push_str(&format!("**{cause}:** {}\\\n  ", r.cause));
                        }
                        s.push_str(&format!("**{fix}:** {}", r.fix));
                        s
                    })
                    .collect();
                items.join("\n\n")
            } else {
                let items: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        let mut s = format!("- **{symptom}:** {}", r.symptom);
                        if !r.cause.is_empty() {
                            s.push_str(&format!("\n  - **{cause}:** {}", r.cause));
                        }
                        s.push_str(&format!("\n  - **{fix}:** {}", r.fix));
                        s
                    })
                    .collect();
                items.join("\n")
            })
        })
    }
}
