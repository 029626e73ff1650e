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
        doc: "`field-map`: the note of a `values=` row; `{map}` is the link to the value map (several: separated by commas)",
    },
    LabelSpec {
        key: "field-map-when",
        default: "When {condition}.",
        placeholders: &["condition"],
        may_be_empty: false,
        doc: "`field-map`: the note of a `when=` row; `{condition}` is the condition as written",
    },
    text(
        "field-map-expression",
        "Expression, shown below the table.",
        "`field-map`: the note of a row whose source is an `expression=`",
    ),
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

static ATTRS: [AttrSpec; 7] = [
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
    AttrSpec {
        name: "columns",
        ty: AttrType::Text,
        required: false,
        doc: "extra columns after Notes, comma-separated names; a row gives them as further `|` cells, a CSV file as columns of these names",
    },
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
    /// The cells of the extra columns (`columns=`), inline Markdown.
    pub extra: Vec<String>,
}

/// A parsed row and where to point at its parts (spans in the chapter).
struct Placed {
    row: FieldRow,
    target: Range<usize>,
    source: Range<usize>,
    /// The span of each `values=` id.
    values: Vec<Range<usize>>,
    /// The line of the CSV file it came from.
    line: Option<u64>,
}

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
    if let Some(Field::Expression(_)) = &source
        && sides.direction.writes_source()
    {
        errors.push(
            RowError::new(sides.arrow.clone(), "an expression cannot be written back")
                .hint("an expression's row is `expression=ID -> target`"),
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
                extra: Vec::new(),
            },
            target,
            sides.left,
        )),
        _ => Err(errors),
    }
}

/// The names `columns=` declares, with their spans.
fn extra_columns(call: &Call) -> Vec<(Range<usize>, &str)> {
    call.text("columns")
        .map_or_else(Vec::new, body::comma_items)
}

/// Two extra columns of the same name, or one named as a known column.
fn check_columns(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) {
    let Some(value) = call.text("columns") else {
        return;
    };
    let items = body::comma_items(value);
    if items.is_empty() {
        errors.push(
            Diagnostic::error(call.span_of("columns"), "`columns` names no column").with_hint(
                "write the extra columns' names, e.g. columns=\"Expected value, Mapping guidance\"",
            ),
        );
    }
    let known = [
        "field-map-direction",
        "field-map-type",
        "field-map-required",
        "field-map-notes",
    ]
    .map(|k| cx.settings().labels.get(k).to_lowercase());
    for (i, (range, name)) in items.iter().enumerate() {
        let lower = name.to_lowercase();
        let span = body::attr_span(call, "columns", value, range.start, range.len());
        if known.contains(&lower) || CSV_COLUMNS.contains(&lower.as_str()) {
            errors.push(
                Diagnostic::error(
                    span,
                    format!("`{name}` is a column the field map already has"),
                )
                .with_hint("give the extra column another name"),
            );
        } else if items[..i].iter().any(|(_, n)| n.to_lowercase() == lower) {
            errors.push(
                Diagnostic::error(span, format!("the column `{name}` is declared twice"))
                    .with_hint("name each extra column once"),
            );
        }
    }
}

/// The rows of the body, each with its spans in the chapter. With
/// `columns=` (`extra` names), the cells after the notes are the extra
/// columns'; without, the notes run to the end of the row.
fn body_rows(cx: &RenderCx<'_>, extra: usize, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let lines = cx.body_lines().unwrap_or_default();
    let mut out = Vec::new();
    for entry in body::entries(&lines, false) {
        let (end, mut notes) = mapping::split_notes(&entry);
        let mut extra_cells = Vec::new();
        if extra > 0 {
            let (cells, _) = body::split_cells(&entry);
            notes = cells
                .get(1)
                .map(|r| entry.text()[r.clone()].to_string())
                .filter(|n| !n.is_empty());
            extra_cells = cells
                .iter()
                .skip(2)
                .map(|r| entry.text()[r.clone()].to_string())
                .collect();
            if let Some(surplus) = cells.get(2 + extra) {
                errors.push(
                    Diagnostic::error(
                        entry.span(surplus.clone()),
                        format!(
                            "this row has {} cells after its notes; `columns` declares {extra}",
                            cells.len() - 2
                        ),
                    )
                    .with_hint(
                        "write `\\|` for a `|` inside a cell, or declare the column in `columns`",
                    ),
                );
            }
            extra_cells.resize(extra, String::new());
        }
        let text = entry.text();
        match parse_mapping(&text[..end]) {
            Ok((mut row, target, source)) => {
                row.notes = notes;
                row.extra = extra_cells;
                let values = row
                    .traits
                    .values
                    .iter()
                    .map(|(_, r)| entry.span(r.clone()))
                    .collect();
                out.push(Placed {
                    row,
                    target: entry.span(target),
                    source: entry.span(source),
                    values,
                    line: None,
                });
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
                let values = r.traits.values.iter().map(|_| at.clone()).collect();
                out.push(Placed {
                    row: r,
                    target: at.clone(),
                    source: at.clone(),
                    values,
                    line: Some(row.line),
                });
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
            extra: row.extra.clone(),
        }),
        _ => Err(errors),
    }
}

/// The same field written twice in the same direction (under the same
/// `when=` condition, or both without one): one error each, at the
/// second, pointing at the first (rows of a CSV file name their lines).
fn duplicates(rows: &[Placed], file: Option<&str>, errors: &mut Vec<Diagnostic>) {
    type Key = (bool, String, Option<String>);
    let mut written: HashMap<Key, (Range<usize>, Option<u64>)> = HashMap::new();
    for placed in rows {
        let row = &placed.row;
        let mut sides = Vec::new();
        if row.direction.writes_target() {
            sides.push((true, &row.target, &placed.target));
        }
        if row.direction.writes_source()
            && let Field::Name(name) = &row.source
        {
            sides.push((false, name, &placed.source));
        }
        let when = row.traits.when.as_ref().map(|(c, _)| mapping::name_key(c));
        for (target, name, span) in sides {
            let key = (target, mapping::name_key(name), when.clone());
            if let Some((first, first_line)) = written.get(&key) {
                let side = if target { "target" } else { "source" };
                let lines = mapping::csv_lines(file, *first_line, placed.line);
                let (message, hint) = match &when {
                    None => (
                        format!(
                            "the {side} field `{name}` is written twice in the same direction{lines}"
                        ),
                        "keep one row per field and direction",
                    ),
                    Some(_) => (
                        format!(
                            "the {side} field `{name}` is written twice in the same direction under the same condition{lines}"
                        ),
                        "give each row of this field its own `when=` condition",
                    ),
                };
                errors.push(
                    Diagnostic::error(span.clone(), message)
                        .with_hint(hint)
                        .with_related(Place::Here, first.clone(), "first written here"),
                );
            } else {
                written.insert(key, (span.clone(), placed.line));
            }
        }
    }
}

/// `values=ID` naming no value map of the book.
fn unknown_values(cx: &RenderCx<'_>, rows: &[Placed], errors: &mut Vec<Diagnostic>) {
    let maps = cx.facts().get::<ValueMaps>();
    for placed in rows {
        for ((id, _), span) in placed.row.traits.values.iter().zip(&placed.values) {
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
                    None => d.with_hint(
                        "write a `<<#value-map id=\"...\">>` with this id, or fix the id",
                    ),
                },
            );
        }
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

/// A body and `src=` together, or neither (a field map's expressions
/// are not rows: they go with a `src` file too).
pub fn check_source(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) {
    let has_body = cx
        .body_without(&["expression"])
        .is_some_and(|b| !b.trim().is_empty());
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
                    used.extend(row.traits.values.into_iter().map(|(id, _)| id));
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
                used.extend(
                    mapping::parse_flags(flags)
                        .0
                        .values
                        .into_iter()
                        .map(|(id, _)| id),
                );
            }
        }
        cx.facts.entry::<ValueMaps>().used.extend(used);
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let mut errors = Vec::new();
        check_source(call, cx, &mut errors);
        check_columns(call, cx, &mut errors);
        let columns = extra_columns(call);
        let rows = if call.text("src").is_some() {
            csv_rows(call, cx, &mut errors)
        } else {
            body_rows(cx, columns.len(), &mut errors)
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
        let named = rows.iter().filter_map(|p| match &p.row.source {
            // In a body row, at the id; in a CSV file, at `src`.
            Field::Expression(id) => Some((
                id.as_str(),
                match p.line {
                    None => p.source.end.saturating_sub(id.len()).max(p.source.start)..p.source.end,
                    Some(_) => p.source.clone(),
                },
            )),
            _ => None,
        });
        let exprs = super::expression::expressions(cx, named, &mut errors);
        let title = title_line(call, cx, &mut errors);
        cx.finish(errors, || {
            let names: Vec<&str> = columns.iter().map(|(_, n)| *n).collect();
            let mut out = table(call, cx, &rows, &names);
            if let Some(t) = title {
                out = format!("{t}\n\n{out}");
            }
            if !exprs.is_empty() {
                out.push_str("\n\n");
                out.push_str(&super::expression::blocks(cx, &exprs));
            }
            Ok(out)
        })
    }
}

/// The header of the table: the fields, direction, the optional columns
/// (type, required, notes: [`OPTIONAL`]), then the extra columns.
fn header(call: &Call, cx: &RenderCx<'_>, extra: &[&str]) -> Vec<String> {
    let options = cx.settings().markdown;
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
    header.extend(
        ["field-map-type", "field-map-required", "field-map-notes"].map(|key| cx.label(key)),
    );
    header.extend(extra.iter().map(|n| escape::cell(n, options)));
    header
}

/// Which columns of [`header`] show only when some row fills them: type,
/// required and notes.
const OPTIONAL: [bool; 6] = [false, false, false, true, true, true];

/// The Markdown table of the rows.
fn table(call: &Call, cx: &RenderCx<'_>, rows: &[Placed], extra: &[&str]) -> String {
    let options = cx.settings().markdown;
    let html = cx.renderer() == "html";
    let header = header(call, cx, extra);
    let field = |name: &str| {
        let cell = escape::cell(name, options);
        if html {
            super::identifiers::breakable(&cell)
        } else {
            cell
        }
    };
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            let r = &p.row;
            let source = match &r.source {
                Field::Name(n) => field(n),
                Field::Constant(c) => escape::code_cell(c),
                Field::Expression(id) => super::expression::link(cx, id),
            };
            let mut cells = vec![
                source,
                r.direction.arrow().to_string(),
                field(&r.target),
                r.traits
                    .ty
                    .as_deref()
                    .map(type_cell(options))
                    .unwrap_or_default(),
                if r.traits.required {
                    cx.label("field-map-yes")
                } else {
                    String::new()
                },
                notes(r, cx),
            ];
            cells.extend(r.extra.iter().map(|c| escape::cell(c, options)));
            cells
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write::table_of_filled(&header, &OPTIONAL, &table_rows)
}

/// A type cell: a type the writer formatted stays as written; a plain
/// word is shown as code.
fn type_cell(options: crate::markdown::ParseOptions) -> impl Fn(&str) -> String {
    move |t| {
        if t.contains('`') {
            escape::cell(t, options)
        } else {
            escape::code_cell(t)
        }
    }
}

/// The notes cell: what the flags say, the value map, the writer's notes.
fn notes(row: &FieldRow, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let mut parts = Vec::new();
    match row.source {
        Field::Constant(_) => parts.push(cx.label("field-map-constant")),
        Field::Expression(_) => parts.push(cx.label("field-map-expression")),
        Field::Name(_) => {}
    }
    if let Some((condition, _)) = &row.traits.when {
        let condition = escape::cell(condition.trim_end_matches('.'), options);
        parts.push(escape::pipes(&labels::fill(
            cx.settings().labels.get("field-map-when"),
            &[("condition", &condition)],
        )));
    }
    if row.traits.key {
        parts.push(cx.label("field-map-key"));
    }
    if row.traits.read_only {
        parts.push(cx.label("field-map-read-only"));
    }
    let maps = cx.facts().get::<ValueMaps>();
    let links: Vec<String> = row
        .traits
        .values
        .iter()
        .filter_map(|(id, _)| {
            let map = maps?.by_id.get(id)?;
            let text = if map.title.is_empty() {
                escape::text_inline(id)
            } else {
                escape::text_inline(&escape::plain(&map.title, options))
            };
            let link = cx.link_to(map.chapter, Some(id)).unwrap_or_default();
            Some(format!("[{text}]({link})"))
        })
        .collect();
    if !links.is_empty() {
        parts.push(escape::pipes(&labels::fill(
            cx.settings().labels.get("field-map-values"),
            &[("map", &links.join(", "))],
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
            row.traits.values.first().map(|(id, _)| id.as_str()),
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
            extra: Vec::new(),
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
