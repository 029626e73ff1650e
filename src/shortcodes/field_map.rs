//! `<<#field-map>>`: which source field fills which target field, in which
//! direction, of what type, and how, as a Markdown table. One row a line
//! (`SOURCE ARROW TARGET[: TYPE, flags] [| NOTES]`) or a CSV file (`src=`).

use super::prelude::*;

use std::collections::HashMap;
use std::ops::Range;

use super::mapping::{self, CsvRow, Direction, Field, RowError, Traits, ValueMaps};
use crate::labels;

pub struct FieldMap;

/// The columns of a mapping CSV file.
pub const CSV_COLUMNS: &[&str] = &["source", "direction", "target", "type", "flags", "notes"];

const fn text(key: &'static str, default: &'static str, doc: &'static str) -> LabelSpec {
    LabelSpec {
        key,
        default,
        placeholders: &[],
        may_be_empty: false,
        doc,
    }
}

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "field-map-source-field",
        default: "{system} field",
        placeholders: &["system"],
        may_be_empty: false,
        doc: "`field-map`: the source field column; `{system}` is the `source` attribute",
    },
    LabelSpec {
        key: "field-map-target-field",
        default: "{system} field",
        placeholders: &["system"],
        may_be_empty: false,
        doc: "`field-map`: the target field column; `{system}` is the `target` attribute",
    },
    text(
        "field-map-source-system",
        "Source",
        "`field-map`: `{system}` when there is no `source` attribute",
    ),
    text(
        "field-map-target-system",
        "Target",
        "`field-map`: `{system}` when there is no `target` attribute",
    ),
    text(
        "field-map-direction",
        "Direction",
        "`field-map`, `value-map`: the direction column (→ ← ↔)",
    ),
    text("field-map-type", "Type", "`field-map`: the type column"),
    text(
        "field-map-required",
        "Required",
        "`field-map`: the required column",
    ),
    text(
        "field-map-notes",
        "Notes",
        "`field-map`, `value-map`: the notes column",
    ),
    text(
        "field-map-yes",
        "Yes",
        "`field-map`: the required column of a required field",
    ),
    text(
        "field-map-constant",
        "Constant.",
        "`field-map`: the note of a row whose source is a constant",
    ),
    text(
        "field-map-key",
        "Key: records are matched on this field.",
        "`field-map`: the note of a `key` row",
    ),
    text(
        "field-map-read-only",
        "Read-only.",
        "`field-map`: the note of a `read-only` row",
    ),
    LabelSpec {
        key: "field-map-values",
        default: "Values: {map}.",
        placeholders: &["map"],
        may_be_empty: false,
        doc: "`field-map`: the note of a `values=` row; `{map}` is the link to the value map",
    },
];

/// The attributes `field-map` and `value-map` share.
pub const ATTRS_COMMON: [AttrSpec; 5] = [
    AttrSpec {
        name: "title",
        ty: AttrType::Text,
        required: false,
        doc: "a caption above the table, or its heading with `level`",
    },
    AttrSpec {
        name: "source",
        ty: AttrType::Text,
        required: false,
        doc: "the source system (or field), named in the header",
    },
    AttrSpec {
        name: "target",
        ty: AttrType::Text,
        required: false,
        doc: "the target system (or field), named in the header",
    },
    AttrSpec {
        name: "level",
        ty: AttrType::Int { min: 1, max: 6 },
        required: false,
        doc: "make the title a heading of this level (so `toc` lists it)",
    },
    AttrSpec {
        name: "src",
        ty: AttrType::Text,
        required: false,
        doc: "read the rows from a CSV file, relative to the chapter's file",
    },
];

static ATTRS: [AttrSpec; 6] = [
    AttrSpec {
        name: "id",
        ty: AttrType::Id,
        required: false,
        doc: "the table's anchor",
    },
    ATTRS_COMMON[0],
    ATTRS_COMMON[1],
    ATTRS_COMMON[2],
    ATTRS_COMMON[3],
    ATTRS_COMMON[4],
];

static SPEC: Spec = Spec {
    name: "field-map",
    positional: None,
    attrs: &ATTRS,
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// One field mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub source: Field,
    pub direction: Direction,
    /// Inline Markdown.
    pub target: String,
    pub traits: Traits,
    /// Inline Markdown.
    pub notes: Option<String>,
}

/// A parsed row and where to point at its parts: (row, span of the
/// target, span of the source, span of the `values=` id, the line of a
/// CSV file it came from).
type Placed = (
    FieldRow,
    Range<usize>,
    Range<usize>,
    Option<Range<usize>>,
    Option<u64>,
);

/// Parses the mapping part of a row (`SOURCE ARROW TARGET[: TYPE, flags]`)
/// of `text`; ranges are of `text`.
pub fn parse_mapping(text: &str) -> Result<(FieldRow, Range<usize>, Range<usize>), Vec<RowError>> {
    let sides = mapping::split_arrow(text).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let colon = mapping::type_colon(text, sides.right.clone());
    let target = body::trimmed(text, sides.right.start..colon.unwrap_or(sides.right.end));
    let (traits, mut trait_errors) = match colon {
        Some(c) => mapping::parse_traits(text, c + 1..sides.right.end),
        None => (Traits::default(), Vec::new()),
    };
    errors.append(&mut trait_errors);
    if sides.left.is_empty() {
        errors.push(
            RowError::new(sides.arrow.clone(), "no source field before the arrow")
                .hint("write `source -> target`; a constant is `= \"value\" -> target`"),
        );
    }
    if target.is_empty() {
        errors.push(
            RowError::new(sides.arrow.clone(), "no target field after the arrow")
                .hint("write `source -> target`"),
        );
    }
    let source = if sides.left.is_empty() {
        None
    } else {
        match mapping::parse_source(text, sides.left.clone()) {
            Ok(f) => Some(f),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    if let Some(Field::Constant(_)) = &source
        && sides.direction.writes_source()
    {
        errors.push(
            RowError::new(sides.arrow.clone(), "a constant cannot be written back")
                .hint("a constant's row is `= \"value\" -> target`"),
        );
    }
    match source {
        Some(source) if errors.is_empty() => Ok((
            FieldRow {
                source,
                direction: sides.direction,
                target: text[target.clone()].to_string(),
                traits,
                notes: None,
            },
            target,
            sides.left,
        )),
        _ => Err(errors),
    }
}

/// The rows of the body, each with its spans in the chapter.
fn body_rows(cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let lines = cx.body_lines().unwrap_or_default();
    let mut out = Vec::new();
    for entry in body::entries(&lines, false) {
        let (end, notes) = mapping::split_notes(&entry);
        let text = entry.text();
        match parse_mapping(&text[..end]) {
            Ok((mut row, target, source)) => {
                row.notes = notes;
                let values = row
                    .traits
                    .values
                    .as_ref()
                    .map(|(_, r)| entry.span(r.clone()));
                out.push((row, entry.span(target), entry.span(source), values, None));
            }
            Err(es) => errors.extend(es.into_iter().map(|e| mapping::body_error(&entry, e))),
        }
    }
    out
}

/// The rows of a CSV file; every row's spans are the `src` attribute.
fn csv_rows(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let at = call.span_of("src");
    let Some((shown, read)) = mapping::csv_rows(call, cx) else {
        return Vec::new();
    };
    let rows = match read {
        Ok(rows) => rows,
        Err((message, hint)) => {
            errors.push(Diagnostic::error(at, message.clone()).with_hint(hint.clone()));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for row in rows {
        match csv_row(row) {
            Ok(r) => {
                let values = r.traits.values.as_ref().map(|_| at.clone());
                out.push((r, at.clone(), at.clone(), values, Some(row.line)));
            }
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|(column, e)| mapping::csv_error_at(call, shown, row, column, e)),
            ),
        }
    }
    out
}

/// One CSV record as a row: `direction` defaults to `->`, `flags` are
/// separated by `;`.
fn csv_row(row: &CsvRow) -> Result<FieldRow, Vec<(&'static str, RowError)>> {
    let cell = |name: &str| row.cell(name);
    let mut errors = Vec::new();
    let direction = row.direction(&mut errors);
    let source_text = cell("source");
    let source = if source_text.is_empty() {
        errors.push(("source", RowError::new(0..0, "the source is empty")));
        None
    } else {
        match mapping::parse_source(source_text, 0..source_text.len()) {
            Ok(f) => Some(f),
            Err(e) => {
                errors.push(("source", e));
                None
            }
        }
    };
    if cell("target").is_empty() {
        errors.push(("target", RowError::new(0..0, "the target is empty")));
    }
    let (mut traits, flag_errors) = mapping::parse_flags(cell("flags"));
    errors.extend(flag_errors.into_iter().map(|e| ("flags", e)));
    let ty = cell("type");
    traits.ty = (!ty.is_empty()).then(|| ty.to_string());
    match source {
        Some(source) if errors.is_empty() => Ok(FieldRow {
            source,
            direction,
            target: cell("target").to_string(),
            traits,
            notes: Some(cell("notes").to_string()).filter(|n| !n.is_empty()),
        }),
        _ => Err(errors),
    }
}

/// The same field written twice in the same direction: one error each,
/// at the second, pointing at the first (rows of a CSV file name their
/// lines).
fn duplicates(rows: &[Placed], file: Option<&str>, errors: &mut Vec<Diagnostic>) {
    let mut written: HashMap<(bool, String), (Range<usize>, Option<u64>)> = HashMap::new();
    for (row, target_span, source_span, _, line) in rows {
        let mut sides = Vec::new();
        if row.direction.writes_target() {
            sides.push((true, &row.target, target_span));
        }
        if row.direction.writes_source()
            && let Field::Name(name) = &row.source
        {
            sides.push((false, name, source_span));
        }
        for (target, name, span) in sides {
            let key = (target, mapping::name_key(name));
            if let Some((first, first_line)) = written.get(&key) {
                let side = if target { "target" } else { "source" };
                let lines = mapping::csv_lines(file, *first_line, *line);
                errors.push(
                    Diagnostic::error(
                        span.clone(),
                        format!("the {side} field `{name}` is written twice in the same direction{lines}"),
                    )
                    .with_hint("keep one row per field and direction")
                    .with_related(Place::Here, first.clone(), "first written here"),
                );
            } else {
                written.insert(key, (span.clone(), *line));
            }
        }
    }
}

/// `values=ID` naming no value map of the book.
fn unknown_values(cx: &RenderCx<'_>, rows: &[Placed], errors: &mut Vec<Diagnostic>) {
    let maps = cx.facts().get::<ValueMaps>();
    for (row, _, _, span, _) in rows {
        let (Some((id, _)), Some(span)) = (&row.traits.values, span) else {
            continue;
        };
        if maps.is_some_and(|m| m.by_id.contains_key(id)) {
            continue;
        }
        let d = Diagnostic::error(span.clone(), format!("no value map has the id `{id}`"));
        let known = maps.map(|m| m.by_id.keys().map(String::as_str).collect::<Vec<_>>());
        errors.push(
            match known
                .as_deref()
                .and_then(|k| crate::diagnostic::closest(id, k.iter().copied()))
            {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => {
                    d.with_hint("write a `<<#value-map id=\"...\">>` with this id, or fix the id")
                }
            },
        );
    }
}

/// The title line above a mapping table: a heading with `level`, else a
/// bold caption; `id` its anchor.
pub fn title_line(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let options = cx.settings().markdown;
    let id = call.text("id");
    let title = call.text("title").map(|t| escape::inline(t, options));
    match (call.int("level"), title, id) {
        (Some(level), Some(title), id) => Some(write::heading(level, &title, id)),
        (Some(_), None, _) => {
            errors.push(
                Diagnostic::error(
                    call.span_of("level"),
                    "`level` makes the title a heading, but there is no `title`",
                )
                .with_hint("add title=\"...\", or remove `level`"),
            );
            None
        }
        (None, Some(title), Some(id)) => Some(format!(
            "<span id=\"{}\">**{title}**</span>",
            escape::html(id)
        )),
        (None, Some(title), None) => Some(format!("**{title}**")),
        (None, None, Some(id)) => Some(format!("<span id=\"{}\"></span>", escape::html(id))),
        (None, None, None) => None,
    }
}

/// A body and `src=` together, or neither.
pub fn check_source(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) {
    let has_body = cx.body().is_some_and(|b| !b.trim().is_empty());
    if call.text("src").is_some() && has_body {
        errors.push(
            Diagnostic::error(
                call.span_of("src"),
                "rows in the body and a `src` file: use one of them",
            )
            .with_hint("remove the body, or remove `src`"),
        );
    }
}

impl Shortcode for FieldMap {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        mapping::collect_csv(call, cx, CSV_COLUMNS, &["source", "target"]);
        if let Some(id) = call.text("id") {
            super::page_ids::record(cx, id, call.span_of("id"), "field map");
        }
        // The value maps this one uses (for `check`'s unused-value-map).
        let mut used = Vec::new();
        if let Some((_, raw)) = cx.raw_body() {
            for line in raw.lines() {
                let mapping = line.split('|').next().unwrap_or_default();
                if let Ok((row, _, _)) = parse_mapping(mapping.trim()) {
                    used.extend(row.traits.values.map(|(id, _)| id));
                }
            }
        }
        if let Some(Some((_, Ok(rows)))) = cx
            .facts
            .get::<mapping::CsvFiles>()
            .map(|f| f.by_place.get(&(cx.chapter_index, call.span.start)))
        {
            for row in rows {
                let flags = row.cells.get("flags").map_or("", String::as_str);
                used.extend(mapping::parse_flags(flags).0.values.map(|(id, _)| id));
            }
        }
        cx.facts.entry::<ValueMaps>().used.extend(used);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let options = cx.settings().markdown;
        let mut errors = Vec::new();
        check_source(call, cx, &mut errors);
        let rows = if call.text("src").is_some() {
            csv_rows(call, cx, &mut errors)
        } else {
            body_rows(cx, &mut errors)
        };
        if rows.is_empty() && errors.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`field-map` maps no field")
                    .with_hint("write one mapping a line, e.g. `Deal name -> Invoice reference: text, required`, or src=\"file.csv\""),
            );
        }
        let file = mapping::csv_rows(call, cx).map(|(shown, _)| shown.as_str());
        duplicates(&rows, file, &mut errors);
        errors.extend(super::page_ids::clash(cx, &call.span_of("id"), true));
        unknown_values(cx, &rows, &mut errors);
        let title = title_line(call, cx, &mut errors);
        cx.finish(errors, || {
            let system = |attr: &str, fallback: &str| {
                call.text(attr)
                    .map(|s| escape::inline(s, options))
                    .unwrap_or_else(|| cx.label(fallback))
            };
            let field_header = |label: &str, attr: &str, fallback: &str| {
                escape::pipes(&labels::fill(
                    cx.settings().labels.get(label),
                    &[("system", &system(attr, fallback))],
                ))
            };
            let any_type = rows.iter().any(|(r, ..)| r.traits.ty.is_some());
            let any_required = rows.iter().any(|(r, ..)| r.traits.required);
            let mut header = vec![
                field_header(
                    "field-map-source-field",
                    "source",
                    "field-map-source-system",
                ),
                cx.label("field-map-direction"),
                field_header(
                    "field-map-target-field",
                    "target",
                    "field-map-target-system",
                ),
            ];
            if any_type {
                header.push(cx.label("field-map-type"));
            }
            if any_required {
                header.push(cx.label("field-map-required"));
            }
            let notes: Vec<String> = rows.iter().map(|(r, ..)| notes(r, cx)).collect();
            let any_notes = notes.iter().any(|n| !n.is_empty());
            if any_notes {
                header.push(cx.label("field-map-notes"));
            }
            let table_rows: Vec<Vec<String>> = rows
                .iter()
                .zip(notes)
                .map(|((r, ..), note)| {
                    let source = match &r.source {
                        Field::Name(n) => escape::cell(n, options),
                        Field::Constant(c) => mapping::code(c),
                    };
                    let mut cells = vec![
                        source,
                        r.direction.arrow().to_string(),
                        escape::cell(&r.target, options),
                    ];
                    if any_type {
                        cells.push(
                            r.traits
                                .ty
                                .as_deref()
                                .map(|t| {
                                    // A type the writer formatted stays as
                                    // written; a plain word is shown as code.
                                    if t.contains('`') {
                                        escape::cell(t, options)
                                    } else {
                                        mapping::code(t)
                                    }
                                })
                                .unwrap_or_default(),
                        );
                    }
                    if any_required {
                        cells.push(if r.traits.required {
                            cx.label("field-map-yes")
                        } else {
                            String::new()
                        });
                    }
                    if any_notes {
                        cells.push(note);
                    }
                    cells
                })
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let table = write::table(&header, &table_rows);
            Ok(match title {
                Some(t) => format!("{t}\n\n{table}"),
                None => table,
            })
        })
    }
}

/// The notes cell: what the flags say, the value map, the writer's notes.
fn notes(row: &FieldRow, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let mut parts = Vec::new();
    if matches!(row.source, Field::Constant(_)) {
        parts.push(cx.label("field-map-constant"));
    }
    if row.traits.key {
        parts.push(cx.label("field-map-key"));
    }
    if row.traits.read_only {
        parts.push(cx.label("field-map-read-only"));
    }
    if let Some((id, _)) = &row.traits.values
        && let Some(map) = cx.facts().get::<ValueMaps>().and_then(|m| m.by_id.get(id))
    {
        let text = if map.title.is_empty() {
            escape::text_inline(id)
        } else {
            escape::text_inline(&escape::plain(&map.title, options))
        };
        let link = cx.link_to(map.chapter, Some(id)).unwrap_or_default();
        let map_link = format!("[{text}]({link})");
        parts.push(escape::pipes(&labels::fill(
            cx.settings().labels.get("field-map-values"),
            &[("map", &map_link)],
        )));
    }
    if let Some(n) = &row.notes {
        parts.push(escape::cell(n, options));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_to_the_model() {
        let (row, target, source) =
            parse_mapping("Stage -> Status: picklist, values=stage-status").unwrap();
        assert_eq!(row.source, Field::Name("Stage".into()));
        assert_eq!(row.target, "Status");
        assert_eq!(row.traits.ty.as_deref(), Some("picklist"));
        assert_eq!(
            row.traits.values.as_ref().map(|(id, _)| id.as_str()),
            Some("stage-status")
        );
        assert_eq!((target, source), (9..15, 0..5));
        let (row, ..) = parse_mapping("= \"EUR\" -> Currency: text, required").unwrap();
        assert_eq!(row.source, Field::Constant("EUR".into()));
        assert!(row.traits.required);
        let (row, ..) = parse_mapping("Lookup(Account) <-> Customer: Lookup(Account, Id)").unwrap();
        assert_eq!(row.direction, Direction::Both);
        assert_eq!(row.traits.ty.as_deref(), Some("Lookup(Account, Id)"));
    }

    #[test]
    fn row_errors_are_located() {
        let errs = parse_mapping(" -> Total").unwrap_err();
        assert_eq!(errs[0].message, "no source field before the arrow");
        assert_eq!(errs[0].range, 1..3);
        let errs = parse_mapping("Amount ->").unwrap_err();
        assert_eq!(errs[0].message, "no target field after the arrow");
        let errs = parse_mapping("= \"x\" <- Back").unwrap_err();
        assert_eq!(errs[0].message, "a constant cannot be written back");
        let errs = parse_mapping("A -> B: text, requred").unwrap_err();
        assert_eq!(
            (errs[0].message.as_str(), errs[0].range.clone()),
            ("unknown flag `requred`", 14..21)
        );
        assert_eq!(
            parse_mapping("A B").unwrap_err()[0].message,
            "a mapping row has no arrow"
        );
    }

    #[test]
    fn csv_rows_parse() {
        let row = CsvRow {
            line: 2,
            cells: [
                ("source", "Amount"),
                ("target", "Total"),
                ("flags", "required;key"),
                ("direction", "<->"),
            ]
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect(),
        };
        let r = csv_row(&row).unwrap();
        assert_eq!(r.direction, Direction::Both);
        assert!(r.traits.required && r.traits.key);
        let mut bad = row.clone();
        bad.cells.insert("direction", "=>".into());
        bad.cells.insert("flags", "requird".into());
        let errs = csv_row(&bad).unwrap_err();
        assert_eq!(
            errs.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            vec!["direction", "flags"]
        );
    }
}
