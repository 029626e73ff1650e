//! `<<#value-map>>`: how enumerated values translate between the systems,
//! as a Markdown table with an anchor that `field-map`'s `values=ID`
//! links to. One row a line (`SOURCE VALUE ARROW TARGET VALUE [| NOTES]`,
//! `*` for any other value) or a CSV file (`src=`).

use super::prelude::*;

use std::collections::HashMap;
use std::ops::Range;

use super::field_map::{ATTRS_COMMON, check_source, title_line};
use super::mapping::{self, CsvRow, Direction, RowError, ValueMapEntry, ValueMaps};

pub struct ValueMap;

/// The columns of a value map CSV file.
pub const CSV_COLUMNS: &[&str] = &["source", "direction", "target", "notes"];

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "value-map-source",
        default: "Source value",
        placeholders: &[],
        may_be_empty: false,
        doc: "`value-map`: the source column when there is no `source` attribute",
    },
    LabelSpec {
        key: "value-map-target",
        default: "Target value",
        placeholders: &[],
        may_be_empty: false,
        doc: "`value-map`: the target column when there is no `target` attribute",
    },
    LabelSpec {
        key: "value-map-any",
        default: "any other value",
        placeholders: &[],
        may_be_empty: false,
        doc: "`value-map`: what `*` shows",
    },
];

static ATTRS: [AttrSpec; 6] = [
    AttrSpec {
        name: "id",
        ty: AttrType::Id,
        required: true,
        doc: "the table's anchor; `field-map` rows name it in `values=`",
    },
    ATTRS_COMMON[0],
    ATTRS_COMMON[1],
    ATTRS_COMMON[2],
    ATTRS_COMMON[3],
    ATTRS_COMMON[4],
];

static SPEC: Spec = Spec {
    name: "value-map",
    positional: None,
    attrs: &ATTRS,
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// One value translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRow {
    /// Inline Markdown; `None`: `*`, any other value.
    pub source: Option<String>,
    pub direction: Direction,
    /// Inline Markdown; `None`: `*`.
    pub target: Option<String>,
    /// Inline Markdown.
    pub notes: Option<String>,
}

/// Parses `SOURCE ARROW TARGET` of `text`: the row and the spans of its
/// source and target.
pub fn parse_values(text: &str) -> Result<(ValueRow, Range<usize>, Range<usize>), Vec<RowError>> {
    let sides = mapping::split_arrow(text).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    for (range, what) in [(&sides.left, "source"), (&sides.right, "target")] {
        if range.is_empty() {
            errors.push(
                RowError::new(sides.arrow.clone(), format!("no {what} value"))
                    .hint("write `source value -> target value`; `*` is any other value"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let side = |r: &Range<usize>| Some(text[r.clone()].to_string()).filter(|s| s != "*");
    Ok((
        ValueRow {
            source: side(&sides.left),
            direction: sides.direction,
            target: side(&sides.right),
            notes: None,
        },
        sides.left,
        sides.right,
    ))
}

fn csv_row(row: &CsvRow) -> Result<ValueRow, Vec<(&'static str, RowError)>> {
    let cell = |name: &str| row.cell(name);
    let mut errors = Vec::new();
    let direction = row.direction(&mut errors);
    for what in ["source", "target"] {
        if cell(what).is_empty() {
            errors.push((
                what,
                RowError::new(0..0, format!("the {what} value is empty")),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let side = |name: &str| Some(cell(name).to_string()).filter(|s| s != "*");
    Ok(ValueRow {
        source: side("source"),
        direction,
        target: side("target"),
        notes: Some(cell("notes").to_string()).filter(|n| !n.is_empty()),
    })
}

/// A row, the spans of its source and target, and its CSV line (if any).
type Placed = (ValueRow, Range<usize>, Range<usize>, Option<u64>);

/// Where a value was first translated: its span and CSV line (if any).
type FirstRow = (Range<usize>, Option<u64>);

impl Shortcode for ValueMap {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        mapping::collect_csv(call, cx, CSV_COLUMNS, &["source", "target"]);
        let Some(id) = call.text("id") else { return };
        let entry = ValueMapEntry {
            title: call.text("title").unwrap_or_default().to_string(),
            chapter: cx.chapter_index,
            id_span: call.span_of("id"),
        };
        let first = cx
            .facts
            .entry::<ValueMaps>()
            .by_id
            .get(id)
            .map(|e| (e.chapter, e.id_span.clone()));
        match first {
            Some((chapter, first)) => {
                let place = if chapter == cx.chapter_index {
                    Place::Here
                } else {
                    Place::Chapter(chapter)
                };
                cx.report(
                    Diagnostic::error(
                        call.span_of("id"),
                        format!("two value maps have the id `{id}`"),
                    )
                    .with_hint("give each value map its own id")
                    .with_related(
                        place,
                        first,
                        "the first value map with this id",
                    ),
                );
            }
            None => {
                cx.facts
                    .entry::<ValueMaps>()
                    .by_id
                    .insert(id.to_string(), entry);
                super::page_ids::record(cx, id, call.span_of("id"), "value map");
            }
        }
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let mut errors = Vec::new();
        check_source(call, cx, &mut errors);
        let rows = if call.text("src").is_some() {
            file_rows(call, cx, &mut errors)
        } else {
            body_rows(cx, &mut errors)
        };
        if rows.is_empty() && errors.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`value-map` maps no value").with_hint(
                    "write one translation a line, e.g. `Closed won -> Open`, or src=\"file.csv\"",
                ),
            );
        }
        translated_twice(call, cx, &rows, &mut errors);
        errors.extend(super::page_ids::clash(cx, &call.span_of("id"), true));
        let title = title_line(call, cx, &mut errors);
        cx.finish(errors, || {
            let table = table(call, cx, &rows);
            Ok(match title {
                Some(t) => format!("{t}\n\n{table}"),
                None => table,
            })
        })
    }
}

/// The rows of the `src=` file read in phase one, each placed at the
/// attribute; a file that cannot be used, or a bad cell, is an error.
fn file_rows(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let mut rows = Vec::new();
    let at = call.span_of("src");
    match mapping::csv_rows(call, cx) {
        Some((shown, Ok(csv))) => {
            for row in csv {
                match csv_row(row) {
                    Ok(r) => rows.push((r, at.clone(), at.clone(), Some(row.line))),
                    Err(es) => errors.extend(
                        es.into_iter()
                            .map(|(c, e)| mapping::csv_error_at(call, shown, row, c, e)),
                    ),
                }
            }
        }
        Some((_, Err((message, hint)))) => {
            errors.push(Diagnostic::error(at, message.clone()).with_hint(hint.clone()));
        }
        None => {}
    }
    rows
}

/// The rows of the body, one a line, each placed at its source and
/// target; a line that is not a translation is an error.
fn body_rows(cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let mut rows = Vec::new();
    let lines = cx.body_lines().unwrap_or_default();
    for mut entry in body::entries(&lines, false) {
        // `* -> Draft`: the `*` (any other value) is not a list
        // marker.
        let start = entry.line.text.len() - entry.line.text.trim_start().len();
        if entry.line.text[start..].starts_with("* ") && entry.text().starts_with(['-', '<']) {
            entry.content.start = start;
        }
        let (end, notes) = mapping::split_notes(&entry);
        let text = entry.text();
        match parse_values(&text[..end]) {
            Ok((mut row, s, t)) => {
                row.notes = notes;
                rows.push((row, entry.span(s), entry.span(t), None));
            }
            Err(es) => errors.extend(es.into_iter().map(|e| mapping::body_error(&entry, e))),
        }
    }
    rows
}

/// The same value translated twice in the same direction is an error at
/// the second, related to the first.
fn translated_twice(call: &Call, cx: &RenderCx<'_>, rows: &[Placed], errors: &mut Vec<Diagnostic>) {
    let file = mapping::csv_rows(call, cx).map(|(shown, _)| shown.as_str());
    let mut seen: HashMap<(bool, Option<String>), FirstRow> = HashMap::new();
    for (row, s_span, t_span, line) in rows {
        let mut sides = Vec::new();
        if row.direction.writes_target() {
            sides.push((true, &row.source, s_span, "source"));
        }
        if row.direction.writes_source() {
            sides.push((false, &row.target, t_span, "target"));
        }
        for (forward, value, span, what) in sides {
            let key = (forward, value.as_deref().map(mapping::name_key));
            if let Some((first, first_line)) = seen.get(&key) {
                let shown = value.as_deref().unwrap_or("*");
                let lines = mapping::csv_lines(file, *first_line, *line);
                errors.push(
                    Diagnostic::error(
                        span.clone(),
                        format!("the {what} value `{shown}` is translated twice{lines}"),
                    )
                    .with_hint("keep one row per value")
                    .with_related(
                        Place::Here,
                        first.clone(),
                        "first translated here",
                    ),
                );
            } else {
                seen.insert(key, (span.clone(), *line));
            }
        }
    }
}

/// The table: source, direction (when a row is not `->`), target, notes
/// (when a row has some); `*` shows as the label `value-map-any`.
fn table(call: &Call, cx: &RenderCx<'_>, rows: &[Placed]) -> String {
    let options = cx.settings().markdown;
    let column = |attr: &str, label: &str| {
        call.text(attr)
            .map(|s| escape::cell(s, options))
            .unwrap_or_else(|| cx.label(label))
    };
    let any_other = format!("*{}*", cx.label("value-map-any"));
    let value = |v: &Option<String>| match v {
        Some(v) => escape::cell(v, options),
        None => any_other.clone(),
    };
    let directions = rows.iter().any(|(r, ..)| r.direction != Direction::Forward);
    let notes = rows.iter().any(|(r, ..)| r.notes.is_some());
    let mut header = vec![column("source", "value-map-source")];
    if directions {
        header.push(cx.label("field-map-direction"));
    }
    header.push(column("target", "value-map-target"));
    if notes {
        header.push(cx.label("field-map-notes"));
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(r, ..)| {
            let mut cells = vec![value(&r.source)];
            if directions {
                cells.push(r.direction.arrow().to_string());
            }
            cells.push(value(&r.target));
            if notes {
                cells.push(
                    r.notes
                        .as_deref()
                        .map(|n| escape::cell(n, options))
                        .unwrap_or_default(),
                );
            }
            cells
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write::table(&header, &table_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rows() {
        let (row, s, t) = parse_values("Closed won -> Open").unwrap();
        assert_eq!(
            (row.source.as_deref(), row.target.as_deref()),
            (Some("Closed won"), Some("Open"))
        );
        assert_eq!((s, t), (0..10, 14..18));
        let (row, ..) = parse_values("* -> Draft").unwrap();
        assert_eq!(row.source, None);
        let errs = parse_values("Won ->").unwrap_err();
        assert_eq!(
            (errs[0].message.as_str(), errs[0].range.clone()),
            ("no target value", 4..6)
        );
    }
}
