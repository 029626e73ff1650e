//! `<<#expression id="..." title="...">>`: a transformation expression
//! of a field map (a `Switch(...)` of 200 lines, say). A row names it as
//! its source, `expression=ID`; the row shows the expression's short name
//! linked to the whole expression, which the field map shows under its
//! table as a code block with that anchor. It renders nothing where it
//! stands.

use super::prelude::*;

use std::ops::Range;

static SPEC: Spec = Spec {
    name: "expression",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "id",
            ty: AttrType::Id,
            required: true,
            doc: "what a row's `expression=ID` names; the anchor of the expression under the table",
        },
        AttrSpec {
            name: "title",
            ty: AttrType::Text,
            required: false,
            doc: "the short name shown in the row's source cell and above the expression (default: the id)",
        },
        AttrSpec {
            name: "lang",
            ty: AttrType::Text,
            required: false,
            doc: "the code block's language, for highlighting (default: none)",
        },
    ],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &["field-map"],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};

/// `<<#expression id="...">>`: a transformation expression of a field
/// map, shown by the field map under its table (it renders nothing where
/// it stands).
pub struct Expression;

impl Shortcode for Expression {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, _call: &Call, _cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        Ok(String::new())
    }
}

/// One `<<#expression>>` of the field map: id, title (inline Markdown),
/// language, body.
pub struct Expr<'a> {
    id: &'a str,
    title: &'a str,
    lang: &'a str,
    body: &'a str,
}

/// The field map's expressions, and the errors of them and of the rows
/// that name them: an unknown id (did you mean), a duplicate id, an empty
/// expression, an expression no row uses.
pub fn expressions<'a, 'r>(
    cx: &'a RenderCx<'_>,
    rows: impl IntoIterator<Item = (&'r str, Range<usize>)>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Expr<'a>, Range<usize>)> {
    let mut out: Vec<(Expr<'a>, Range<usize>)> = Vec::new();
    for child in cx.children().filter(|c| c.call.name == "expression") {
        let call = child.call;
        let id = call.text("id").unwrap_or_default();
        let span = call.span_of("id");
        if let Some((_, first)) = out.iter().find(|(e, _)| e.id == id) {
            errors.push(
                Diagnostic::error(span, format!("two expressions have the id `{id}`"))
                    .with_hint("give each expression its own id")
                    .with_related(
                        Place::Here,
                        first.clone(),
                        "the first expression with this id",
                    ),
            );
            continue;
        }
        let body = child.body.unwrap_or_default().trim_matches('\n').trim_end();
        if body.trim().is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), format!("the expression `{id}` is empty"))
                    .with_hint(
                        "write the expression between `<<#expression>>` and `<</expression>>`",
                    ),
            );
        }
        out.push((
            Expr {
                id,
                title: call
                    .text("title")
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(id),
                lang: call.text("lang").unwrap_or_default().trim(),
                body,
            },
            span,
        ));
    }
    let mut used = std::collections::HashSet::new();
    for (id, at) in rows {
        used.insert(id);
        if out.iter().any(|(e, _)| e.id == id) {
            continue;
        }
        let d = Diagnostic::error(
            at,
            format!("no expression of this field map has the id `{id}`"),
        );
        let ids = out.iter().map(|(e, _)| e.id);
        errors.push(match crate::diagnostic::closest(id, ids) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!(
                "write `<<#expression id=\"{id}\">>` ... `<</expression>>` in the field map's body"
            )),
        });
    }
    for (e, span) in &out {
        if !used.contains(e.id) {
            errors.push(
                Diagnostic::error(
                    span.clone(),
                    format!("no row uses the expression `{}`", e.id),
                )
                .with_hint(format!(
                    "write a row `expression={} -> TARGET`, or remove the expression",
                    e.id
                )),
            );
        }
    }
    out
}

/// The expressions under the table: each an anchored bold title and a
/// code block.
pub fn blocks(cx: &RenderCx<'_>, exprs: &[(Expr<'_>, Range<usize>)]) -> String {
    let options = cx.settings().markdown;
    exprs
        .iter()
        .map(|(e, _)| {
            format!(
                "<span id=\"{}\">**{}**</span>\n\n{}",
                escape::html(e.id),
                escape::inline(e.title, options),
                write::fenced(e.lang, e.body)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The source cell of an `expression=ID` row: the expression's title,
/// linked to it under the table.
pub fn link(cx: &RenderCx<'_>, id: &str) -> String {
    let options = cx.settings().markdown;
    let title = cx
        .children()
        .find(|c| c.call.name == "expression" && c.call.text("id") == Some(id))
        .and_then(|c| c.call.text("title"))
        .filter(|t| !t.trim().is_empty())
        .map_or_else(
            || escape::text_inline(id),
            |t| escape::text_inline(&escape::plain(t, options)),
        );
    let link = cx.link_to(cx.chapter_index(), Some(id)).unwrap_or_default();
    format!("[{}]({link})", escape::pipes(&title))
}
