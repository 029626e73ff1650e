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

/// One problem of the body: inline Markdown as written.
#[derive(Debug, PartialEq, Eq)]
struct TroubleshootingEntry {
    symptom: String,
    /// Empty when unknown.
    cause: String,
    fix: String,
}

impl Shortcode for Troubleshooting {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let (entries, errors) = parse(&lines, call.span.clone());
        cx.finish(errors, || Ok(emit(&entries, call.text("layout"), cx)))
    }
}

/// The body's lines `symptom | cause | fix`; a broken line is reported
/// and left out. `span`: the shortcode's, for an empty body.
fn parse(
    lines: &[BodyLine],
    span: std::ops::Range<usize>,
) -> (Vec<TroubleshootingEntry>, Vec<Diagnostic>) {
    let entries = body::entries(lines, false);
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    if entries.is_empty() {
        errors.push(
            Diagnostic::error(span, "`troubleshooting` lists no problem")
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
        rows.push(TroubleshootingEntry {
            symptom: text(0).to_string(),
            cause: text(1).to_string(),
            fix: text(2).to_string(),
        });
    }
    (rows, errors)
}

/// The Markdown: a table, or a definition list (a nested list without
/// definition lists). `layout`: the attribute (`auto` when absent).
fn emit(entries: &[TroubleshootingEntry], layout: Option<&str>, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let rows: Vec<[String; 3]> = entries
        .iter()
        .map(|e| [&e.symptom, &e.cause, &e.fix].map(|c| escape::inline(c, options)))
        .collect();
    let symptom = cx.label("trouble-symptom");
    let cause = cx.label("trouble-cause");
    let fix = cx.label("trouble-fix");
    let list = match layout {
        Some("table") => false,
        Some("list") => true,
        _ => entries.iter().any(|e| {
            [&e.symptom, &e.cause, &e.fix]
                .iter()
                .any(|c| escape::plain(c, options).chars().count() > LONG_CELL)
        }),
    };
    if !list {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| escape::pipes(c)).collect())
            .collect();
        write::table(&[&symptom, &cause, &fix], &cells)
    } else if cx.settings().definition_lists() {
        let items: Vec<String> = rows
            .iter()
            .map(|[s, c, f]| {
                // One definition (mdBook numbers several), the cause and
                // the fix on two lines of it.
                let mut item = format!("{s}\n: ");
                if !c.is_empty() {
                    item.push_str(&format!("**{cause}:** {c}\\\n  "));
                }
                item.push_str(&format!("**{fix}:** {f}"));
                item
            })
            .collect();
        items.join("\n\n")
    } else {
        let items: Vec<String> = rows
            .iter()
            .map(|[s, c, f]| {
                let mut item = format!("- **{symptom}:** {s}");
                if !c.is_empty() {
                    item.push_str(&format!("\n  - **{cause}:** {c}"));
                }
                item.push_str(&format!("\n  - **{fix}:** {f}"));
                item
            })
            .collect();
        items.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Errors = Vec<(String, std::ops::Range<usize>)>;

    fn parsed(text: &str) -> (Vec<TroubleshootingEntry>, Errors) {
        let (entries, errors) = parse(&BodyLine::lines_of(text), 100..120);
        let errors = errors.into_iter().map(|d| (d.message, d.span)).collect();
        (entries, errors)
    }

    fn entry(symptom: &str, cause: &str, fix: &str) -> TroubleshootingEntry {
        TroubleshootingEntry {
            symptom: symptom.into(),
            cause: cause.into(),
            fix: fix.into(),
        }
    }

    #[test]
    fn lines_become_entries() {
        let (entries, errors) = parsed(
            "Login fails | Clock skew | Sync the `ntp` clock\n\n- Timeout | | Retry\n<!-- a comment -->\n`a|b` | x \\| y | z",
        );
        assert_eq!(errors, vec![]);
        assert_eq!(
            entries,
            vec![
                entry("Login fails", "Clock skew", "Sync the `ntp` clock"),
                entry("Timeout", "", "Retry"),
                entry("`a|b`", "x \\| y", "z"),
            ]
        );
    }

    #[test]
    fn an_empty_body_points_at_the_shortcode() {
        let (entries, errors) = parsed("\n  \n");
        assert!(entries.is_empty());
        assert_eq!(
            errors,
            vec![("`troubleshooting` lists no problem".to_string(), 100..120)]
        );
    }

    #[test]
    fn broken_lines_are_located_and_left_out() {
        let text = "ok | c | f\nonly | two\na | b | c | d\n | no symptom | f\nno fix | c | ";
        let (entries, errors) = parsed(text);
        assert_eq!(entries, vec![entry("ok", "c", "f")]);
        let messages: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "a `troubleshooting` line is `symptom | cause | fix`; this one has 2 parts",
                "a fourth part: `troubleshooting` lines are `symptom | cause | fix`",
                "the symptom is empty",
                "the fix is empty",
            ]
        );
        let spans: Vec<_> = errors.into_iter().map(|(_, span)| span).collect();
        // The whole line; the fourth part's `|`; the `|` after the missing
        // symptom; the `|` before the missing fix.
        assert_eq!(spans, vec![11..21, 32..33, 37..38, 65..66]);
        assert_eq!(&text[11..21], "only | two");
        assert_eq!([&text[32..33], &text[37..38], &text[65..66]], ["|"; 3]);
    }
}
