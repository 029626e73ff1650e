//! What `api-example` and `status-codes` take from an OpenAPI spec
//! (`spec=`, `operation=` / `method=` + `path=`): the operation, with
//! errors that say what exists; and the check of a JSON payload against a
//! schema, each violation located at the offending value (in the chapter,
//! or in the spec when the example came from there).

use super::prelude::*;

use std::ops::Range;

use crate::openapi::load::{At, Docs};
use crate::openapi::operation::Operation;
use crate::openapi::validate::{Schema, Violation};
use crate::openapi::yaml::{self, Mark};
use crate::openapi::{Api, InSpec, Specs};

/// The code of findings where a hand-written example and its spec disagree
/// (`check` rule `openapi-drift`).
pub const DRIFT: &str = "openapi-drift";

/// The code of a shortcode that names a spec that cannot be read: not
/// reported itself, but as a related place of the spec's own error (see
/// [`crate::openapi::Specs::problems`]).
pub const UNREADABLE: &str = "openapi-unreadable-spec";

/// An operation of a declared spec.
pub struct Found<'a> {
    /// The spec's name in book.toml.
    pub name: &'a str,
    /// The spec.
    pub api: &'a Api,
    /// The operation.
    pub op: &'a Operation,
}

impl Found<'_> {
    /// "`createInvoice` (POST /invoices) of spec `globex`".
    pub fn describe(&self) -> String {
        format!("{} of spec `{}`", self.op.describe(), self.name)
    }
}

/// Phase one: reads the spec a shortcode names (or, for a hand-written
/// `api-example` of a book that declares specs, all of them, to match it)
/// and its schema files.
pub fn collect(call: &Call, cx: &mut CollectCx<'_>, match_all: bool) {
    let settings: &crate::settings::Settings = cx.settings;
    if settings.openapi.is_empty()
        && call.text("schema").is_none()
        && call.text("response-schema").is_none()
    {
        return;
    }
    let specs = cx.facts.entry::<Specs>();
    match call.text("spec") {
        Some(name) => specs.ensure(settings, name.trim()),
        None if match_all && call.text("schema").is_none() => specs.ensure_all(settings),
        None => {}
    }
    for attr in ["schema", "response-schema"] {
        if let Some(path) = call.text(attr) {
            specs.ensure_file(settings, path.trim());
        }
    }
}

fn specs<'a>(cx: &RenderCx<'a>) -> Option<&'a Specs> {
    cx.facts().get::<Specs>()
}

/// The spec a call names with `spec=`; an unknown name or a spec that
/// cannot be read is an error at `spec`.
pub fn spec_of<'a>(
    call: &Call,
    cx: &RenderCx<'a>,
) -> Result<Option<(&'a str, &'a Api)>, Diagnostic> {
    let Some(name) = call.text("spec").map(str::trim) else {
        return Ok(None);
    };
    let span = call.span_of("spec");
    let settings = cx.settings();
    let Some((declared, _)) = settings.openapi.iter().find(|(n, _)| n == name) else {
        let d = Diagnostic::error(span, format!("unknown spec `{name}`"));
        let names = settings.openapi.iter().map(|(n, _)| n.as_str());
        return Err(if settings.openapi.is_empty() {
            d.with_hint("the book declares no specs; add [preprocessor.integration-guide.openapi] to book.toml, e.g. globex = \"specs/globex-billing.yaml\"")
        } else {
            match crate::diagnostic::closest(name, names) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => d.with_hint(format!(
                    "the specs are: {}",
                    quoted(settings.openapi.iter().map(|(n, _)| n.as_str()))
                )),
            }
        });
    };
    match specs(cx).and_then(|s| s.get(name)) {
        Some(Ok(api)) => Ok(Some((declared.as_str(), api))),
        // Reported once, at the spec's own place, with this tag as a
        // related place (the engine turns this diagnostic into that).
        Some(Err(_)) => Err(
            Diagnostic::error(span, format!("the spec `{name}` cannot be read"))
                .with_code(UNREADABLE),
        ),
        None => Err(
            Diagnostic::error(span, format!("the spec `{name}` was not read"))
                .with_hint("this is a bug of the preprocessor; please report it"),
        ),
    }
}

/// `a`, `b`, `c` in backquotes.
pub fn quoted<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The operation of `spec=` with `operation=` (an `operationId`) or
/// `path=` (and `method=`, needed when the path has several). `Ok(None)`:
/// the call has no `spec`.
pub fn operation_of<'a>(call: &Call, cx: &RenderCx<'a>) -> Result<Option<Found<'a>>, Diagnostic> {
    let Some((name, api)) = spec_of(call, cx)? else {
        return without_spec(call, cx).map(|()| None);
    };
    let op = if let Some(id) = call.text("operation").map(str::trim) {
        if call.text("path").is_some() {
            return Err(Diagnostic::error(
                call.span_of("path"),
                "`operation` and `path` both name the operation",
            )
            .with_hint("keep one: operation=\"operationId\", or method=... path=\"/...\""));
        }
        match api.by_id(id) {
            Ok(op) => op,
            Err(best) => {
                let d = Diagnostic::error(
                    call.span_of("operation"),
                    format!("spec `{name}` has no operation `{id}`"),
                );
                return Err(match best {
                    Some(b) => d.with_hint(format!("did you mean `{b}`?")),
                    None => d.with_hint(format!(
                        "its operationIds: {}",
                        quoted(
                            api.operations
                                .iter()
                                .filter_map(|o| o.id.as_deref())
                                .take(20)
                        )
                    )),
                });
            }
        }
    } else if let Some(path) = call.text("path").map(str::trim) {
        by_path(call, name, api, path)?
    } else {
        return Err(Diagnostic::error(
            call.span_of("spec"),
            format!("`spec` needs `operation` or `path` to name an operation of `{name}`"),
        )
        .with_hint("add operation=\"operationId\", or method=... path=\"/...\""));
    };
    if let Some(m) = call.text("method")
        && m != op.method
    {
        return Err(Diagnostic::error(
            call.span_of("method"),
            format!("`method` is {m} but {} is {}", op.describe(), op.method),
        )
        .with_hint("remove `method` (the spec gives it)"));
    }
    Ok(Some(Found { name, api, op }))
}

/// Without `spec=`: an error if an attribute that needs one is given.
fn without_spec(call: &Call, cx: &RenderCx<'_>) -> Result<(), Diagnostic> {
    for attr in ["operation", "path", "server", "example"] {
        if call.text(attr).is_some() || call.int(attr).is_some() {
            let names = &cx.settings().openapi;
            let declared = if names.is_empty() {
                "the book declares none in [preprocessor.integration-guide.openapi]".to_string()
            } else {
                format!(
                    "declared specs: {}",
                    quoted(names.iter().map(|(n, _)| n.as_str()))
                )
            };
            return Err(Diagnostic::error(
                call.span_of(attr),
                format!("`{attr}=` needs `spec=NAME` ({declared})"),
            )
            .with_hint(match names.first() {
                Some((n, _)) => format!("name the spec it is in, e.g. spec=\"{n}\""),
                None => "declare the spec in book.toml, e.g. [preprocessor.integration-guide.openapi] globex = \"specs/globex-billing.yaml\"".to_string(),
            }));
        }
    }
    Ok(())
}

/// The operation `path=` (and `method=`, needed when the path has
/// several) names in spec `name`.
fn by_path<'a>(
    call: &Call,
    name: &str,
    api: &'a Api,
    path: &str,
) -> Result<&'a Operation, Diagnostic> {
    let methods = api.methods_of(path);
    let method = match call.text("method") {
        Some(m) => m.to_string(),
        None if methods.len() == 1 => methods[0].to_string(),
        None if methods.is_empty() => String::new(),
        None => {
            return Err(Diagnostic::error(
                call.span_of("path"),
                format!(
                    "spec `{name}` has {} for `{path}`: which one?",
                    methods.join(", ")
                ),
            )
            .with_hint("add method=..."));
        }
    };
    match api.by_path(&method, path) {
        Ok(op) => Ok(op),
        Err(best) => {
            if !methods.is_empty() {
                return Err(Diagnostic::error(
                    call.span_of("method"),
                    format!("spec `{name}` has no {method} `{path}`"),
                )
                .with_hint(format!("its methods for this path: {}", methods.join(", "))));
            }
            let d = Diagnostic::error(
                call.span_of("path"),
                format!("spec `{name}` has no path `{path}`"),
            );
            Err(match best {
                Some(b) => d.with_hint(format!("did you mean `{b}`?")),
                None => d.with_hint(
                    "write the path as the spec's `paths` has it, e.g. \"/invoices/{invoiceId}\"",
                ),
            })
        }
    }
}

/// The operation of a declared spec a hand-written request is for.
pub fn matched<'a>(cx: &RenderCx<'a>, method: &str, url: &str) -> Option<Found<'a>> {
    let specs = specs(cx)?;
    specs
        .loaded(cx.settings())
        .find_map(|(name, api)| api.match_url(method, url).map(|op| Found { name, api, op }))
}

/// A declared spec with a path a hand-written request's URL matches, but
/// not with its method: the spec's name, the path and its methods.
pub fn path_only<'a>(cx: &RenderCx<'a>, url: &str) -> Option<(&'a str, String, Vec<&'a str>)> {
    specs(cx)?.loaded(cx.settings()).find_map(|(name, api)| {
        let op = api.match_path(url)?;
        Some((name, op.path.clone(), api.methods_of(&op.path)))
    })
}

/// A schema file of `schema=` / `response-schema=`; an error at the
/// attribute when it cannot be read.
pub fn schema_file<'a>(
    call: &Call,
    attr: &str,
    cx: &RenderCx<'a>,
) -> Option<Result<(&'a Schema, String), Diagnostic>> {
    let path = call.text(attr)?.trim();
    Some(match specs(cx).and_then(|s| s.file(path)) {
        Some(Ok(f)) => Ok((&f.schema, f.docs.docs[0].shown.clone())),
        Some(Err(e)) if !e.starts_with(&format!("{path}: ")) => {
            Err(broken_schema(e, call, cx, "schema file"))
        }
        Some(Err(e)) => Err(Diagnostic::error(call.span_of(attr), e.clone())
            .with_hint("the path is from the book's root (where book.toml is)")),
        None => Err(Diagnostic::error(
            call.span_of(attr),
            format!("{path}: not read"),
        )),
    })
}

/// A schema (in a spec or a schema file) that does not compile, `e` being
/// `file:line:col: message`: reported once at that place (code
/// `openapi-spec`), this shortcode a related place; the shortcode gets an
/// error that is not reported itself (see [`UNREADABLE`]).
pub fn broken_schema(e: &str, call: &Call, cx: &RenderCx<'_>, what: &str) -> Diagnostic {
    let (file, at, message) = crate::openapi::split_place(e);
    if let (Some(file), Some((line, col)), Some(specs)) = (file, at, specs(cx)) {
        specs.report_in_spec(InSpec {
            file: file.to_string(),
            line,
            col,
            diagnostic: Diagnostic::error(0..0, message)
                .with_code(crate::openapi::SPEC_CODE)
                .with_hint(format!("fix the schema in the {what}: no example is checked against it until it compiles")),
            chapter: cx.chapter_index(),
            span: call.span.clone(),
            related: "an `api-example` checks against this schema".to_string(),
            key: message
                .strip_prefix('`')
                .and_then(|m| m.split_once('`'))
                .map(|(k, _)| k.to_string()),
        });
        return Diagnostic::error(
            call.span.clone(),
            format!("the schema `{file}` is checked against is not valid JSON Schema"),
        )
        .with_code(UNREADABLE);
    }
    Diagnostic::error(call.span.clone(), e.to_string()).with_hint("fix the schema")
}

/// Where a payload was written.
pub enum Written<'a> {
    /// In the chapter: a code block's content lines (body line, first
    /// byte of the content).
    Chapter {
        /// The body's lines.
        lines: &'a [BodyLine],
        /// The block's content lines.
        block: &'a [(usize, usize)],
        /// The block's opening fence (the place of an unlocatable value).
        open: Range<usize>,
    },
    /// In a spec: the example value, reported in the spec with the
    /// shortcode at `span` as a related place.
    Spec {
        /// The spec's files.
        docs: &'a Docs,
        /// The example value.
        at: At<'a>,
        /// Where the chapter uses it.
        span: Range<usize>,
        /// Which example it is ("the request example `two-lines`").
        which: String,
    },
}

/// A violation of a payload: in the chapter, or in a spec (reported
/// there, once, see [`crate::openapi::Specs::report_in_spec`]).
pub enum Violated {
    /// At the value in the chapter.
    Chapter(Diagnostic),
    /// At the value in the spec.
    Spec(InSpec),
}

/// Reports violations: those in the chapter with `code` (if any), those in
/// a spec at their place there (code `openapi-drift`).
pub fn report(found: Vec<Violated>, cx: &RenderCx<'_>, code: Option<&'static str>) {
    for v in found {
        match v {
            Violated::Chapter(d) => cx.report(match code {
                Some(c) => d.with_code(c),
                None => d,
            }),
            Violated::Spec(s) => match specs(cx) {
                Some(specs) => specs.report_in_spec(s),
                None => cx.report(Diagnostic::error(s.span, s.diagnostic.message)),
            },
        }
    }
}

/// The violations of a payload, each at the value: in the chapter, or in
/// the spec when the example came from there.
pub fn violations(
    schema: &Schema,
    text: &str,
    written: &Written<'_>,
    what: &str,
    against: &str,
    cx: &RenderCx<'_>,
) -> Result<Vec<Violated>, ()> {
    let instance = match written {
        Written::Chapter { .. } => serde_json::from_str(text).map_err(|_| ())?,
        Written::Spec { at, .. } => at.node.to_json(),
    };
    let found = schema.violations(&instance);
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let tree = match written {
        Written::Chapter { .. } => yaml::parse(text).ok(),
        Written::Spec { .. } => None,
    };
    let mut out: Vec<(Mark, Violated)> = found
        .iter()
        .map(|v| diagnostic(v, written, tree.as_ref(), what, against, cx))
        .collect();
    out.sort_by_key(|(m, _)| (m.line, m.col));
    Ok(out.into_iter().map(|(_, d)| d).collect())
}

fn diagnostic(
    v: &Violation,
    written: &Written<'_>,
    tree: Option<&yaml::Node>,
    what: &str,
    against: &str,
    cx: &RenderCx<'_>,
) -> (Mark, Violated) {
    match written {
        Written::Chapter { lines, block, open } => {
            let mark = tree.map(|t| crate::openapi::locate(t, &v.pointer).at);
            let span = mark
                .and_then(|m| span_in_block(lines, block, m, v.key.as_deref()))
                .unwrap_or(open.clone());
            (
                mark.unwrap_or_default(),
                Violated::Chapter(
                    Diagnostic::error(
                        span,
                        format!("the {what} does not match {against}: {}", v.describe()),
                    )
                    .with_hint(if against.contains(" of spec `") {
                        "fix the example, or the spec if the API changed"
                    } else {
                        "fix the example, or the schema file if it is wrong"
                    }),
                ),
            )
        }
        Written::Spec {
            docs,
            at,
            span,
            which,
        } => {
            let node = crate::openapi::locate(at.node, &v.pointer);
            (
                node.at,
                Violated::Spec(InSpec {
                    file: docs.docs[at.doc].shown.clone(),
                    line: node.at.line,
                    col: node.at.col,
                    diagnostic: Diagnostic::error(
                        0..0,
                        format!("{which} does not match {against}: {}", v.describe()),
                    )
                    .with_code(DRIFT)
                    .with_hint("fix the example or the schema in the spec (or write a correct payload in the api-example's body)"),
                    chapter: cx.chapter_index(),
                    span: span.clone(),
                    related: "an `api-example` shows this example".to_string(),
                    key: v.key.clone(),
                }),
            )
        }
    }
}

/// The chapter span of a line:col of a code block's content.
fn span_in_block(
    lines: &[BodyLine],
    block: &[(usize, usize)],
    at: Mark,
    key: Option<&str>,
) -> Option<Range<usize>> {
    let &(l, start) = block.get(at.line.checked_sub(1)?)?;
    let text = lines[l].text.get(start..)?;
    let byte = text
        .char_indices()
        .nth(at.col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    // A property that is not allowed: at its key, when it is on the line.
    if let Some(key) = key
        && let Some(k) = crate::openapi::key_before(text, byte, key)
    {
        return Some(lines[l].span(start + k.start..start + k.end));
    }
    let end = text[byte..]
        .chars()
        .next()
        .map_or(byte, |c| byte + c.len_utf8());
    Some(lines[l].span(start + byte..start + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_in_a_block_is_a_chapter_span() {
        let text = "```json\n  {\"é\": \"x\"}\n```";
        let lines = BodyLine::lines_of(text);
        let block = [(1, 2)];
        let span = span_in_block(&lines, &block, Mark { line: 1, col: 7 }, None).unwrap();
        assert_eq!(&text[span], "\"");
        assert_eq!(
            span_in_block(&lines, &block, Mark { line: 2, col: 1 }, None),
            None
        );
    }
}
