//! Expanding one chapter: rendering its tree bottom-up, laying each
//! expansion out for its container (list item, block quote, table cell),
//! splicing it into the original text, late placeholders, error boxes.

use std::ops::Range;

use super::late_headings;
use super::tree::{Body, Item, Node};
use crate::api::{Assembly, Part, Placement, RenderCx, Stage, locate};
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape;
use crate::lines::{self, normalize_eol, splice};
use crate::settings::OnError;

use super::{BookState, LATE_CLOSE, LATE_OPEN, LateJob};

/// Expands one chapter's tree.
pub(super) struct Renderer<'a> {
    pub(super) book: &'a BookState<'a>,
    pub(super) chapter_index: usize,
    pub(super) text: &'a str,
    pub(super) diags: Vec<Diagnostic>,
    /// What phases one and two already reported in this chapter.
    pub(super) known: &'a [Diagnostic],
    pub(super) late: Vec<LateJob>,
    /// The top-level replacements made by [`Renderer::render_items`].
    pub(super) units: Vec<late_headings::Unit>,
    /// The exchanges the chapter's shortcodes published.
    pub(super) exchanges: Vec<crate::http::Exchange>,
}

/// A node's expansion, laid out for its place, and its body.
struct Rendered {
    out: String,
    body: Option<String>,
}

impl<'a> Renderer<'a> {
    /// The text of `range` with every item replaced by its expansion.
    pub(super) fn render_items(
        &mut self,
        range: Range<usize>,
        items: &[Item],
        container: Range<usize>,
    ) -> String {
        let parts: Vec<(Range<usize>, String)> = items
            .iter()
            .map(|item| match item {
                Item::Escape(r) => (r.clone(), String::new()),
                Item::Replace(r, with) => (r.clone(), with.clone()),
                Item::Shortcode(node) => {
                    (node.span.clone(), self.render_node(node, &container).out)
                }
            })
            .collect();
        // Where each replacement lands in the result.
        let mut delta = 0isize;
        self.units = parts
            .iter()
            .map(|(r, out)| {
                let at = r.start.saturating_add_signed(delta);
                delta += out.len() as isize - r.len() as isize;
                (r.clone(), at..at + out.len())
            })
            .collect();
        splice(
            self.text,
            range,
            parts.iter().map(|(r, s)| (r.clone(), s.as_str())),
        )
    }

    fn render_node(&mut self, node: &Node, container: &Range<usize>) -> Rendered {
        let text = self.text;
        let line_start = lines::line_start(text, node.open.start);
        let raw_prefix = &text[line_start..node.open.start];
        let prefix = if lines::is_container_prefix(raw_prefix) {
            lines::continuation(raw_prefix)
        } else {
            String::new()
        };
        let eol = lines::eol_at(text, node.open.start);

        // Children first, so the body is ready.
        let (assembly, body) = match &node.body {
            Some(b) => {
                let (assembly, body) = self.render_body(b, &prefix);
                (Some(assembly), Some(body))
            }
            None => (None, None),
        };

        let failed = |this: &mut Self, body: Option<String>, diag: Option<Diagnostic>| {
            let out = this.failed_output(node, diag.as_ref(), &prefix, eol);
            if let Some(d) = diag {
                this.diags.push(d);
            }
            Rendered { out, body }
        };

        let (Some(call), Some(shortcode)) = (&node.call, self.book.registry.get(&node.tag.name))
        else {
            return failed(self, body, None);
        };
        let spec = shortcode.spec();
        let markdown = if spec.stage == Stage::Late {
            self.late.push(LateJob {
                call: call.clone(),
                body: body.clone(),
                placement: spec.placement,
                in_cell: node.in_cell,
                span: node.span.clone(),
            });
            format!("{LATE_OPEN}{}{LATE_CLOSE}", self.late.len() - 1)
        } else {
            let cx = RenderCx {
                book: self.book,
                chapter_index: self.chapter_index,
                body: body.clone(),
                assembly,
                warnings: Default::default(),
                exchanges: Default::default(),
                late_at: None,
            };
            let result = shortcode.render(call, &cx);
            self.diags.append(&mut cx.warnings.into_inner());
            if result.is_ok() {
                self.exchanges.append(&mut cx.exchanges.into_inner());
            }
            match result {
                Ok(md) => md,
                Err(d) => return failed(self, body, Some(d)),
            }
        };
        let out = if spec.placement == Placement::Inline && node.body.is_none() {
            inline(&markdown, node.in_cell)
        } else {
            let spaced = self.spaced(&markdown, node, container, &prefix, raw_prefix);
            lines::indent(&spaced, &prefix, eol)
        };
        Rendered { out, body }
    }

    /// A block's body: its children rendered (bottom-up) and spliced into
    /// its inner text, the container prefix stripped; and the assembly a
    /// shortcode reads its children from.
    fn render_body(&mut self, b: &Body, prefix: &str) -> (Assembly<'a>, String) {
        let text = self.text;
        let mut parts = Vec::with_capacity(b.items.len());
        for item in &b.items {
            match item {
                Item::Escape(r) => parts.push(Part {
                    lines: r.clone(),
                    span: r.clone(),
                    out: String::new(),
                    call: None,
                    body: None,
                }),
                Item::Replace(r, with) => parts.push(Part {
                    lines: r.clone(),
                    span: r.clone(),
                    out: with.clone(),
                    call: None,
                    body: None,
                }),
                Item::Shortcode(child) => {
                    let r = self.render_node(child, &b.inner);
                    let lines = if lines::alone_on_line(text, child.span.clone()) {
                        lines::line_start(text, child.span.start)
                            ..lines::next_line_start(text, child.span.end)
                    } else {
                        child.span.clone()
                    };
                    parts.push(Part {
                        lines,
                        span: child.span.clone(),
                        out: r.out,
                        call: child.call.clone(),
                        body: r.body,
                    });
                }
            }
        }
        let joined = splice(
            text,
            b.inner.clone(),
            parts.iter().map(|p| (p.span.clone(), p.out.as_str())),
        );
        let body = lines::strip_lines(&normalize_eol(&joined), prefix);
        let assembly = Assembly {
            text,
            inner: b.inner.clone(),
            prefix: prefix.to_string(),
            parts,
        };
        (assembly, body)
    }

    /// What a shortcode that failed leaves: its source (`on-error =
    /// "fail"`: the build fails anyway), or an error box saying what is
    /// wrong: `diag`, or the first error already reported inside it.
    fn failed_output(
        &self,
        node: &Node,
        diag: Option<&Diagnostic>,
        prefix: &str,
        eol: &str,
    ) -> String {
        let source = &self.text[node.span.clone()];
        match self.book.settings.on_error {
            OnError::Fail => source.to_string(),
            OnError::Warn => {
                let block = lines::alone_on_line(self.text, node.open.clone());
                let located = self.locate(node.open.start);
                let why = diag.or_else(|| {
                    self.known
                        .iter()
                        .chain(&self.diags)
                        .filter(|d| d.severity == Severity::Error)
                        .find(|d| node.span.contains(&d.span.start))
                });
                lines::indent(&error_box(source, &located, why, block), prefix, eol)
            }
        }
    }

    /// Block output with blank lines before and after where the
    /// neighbouring lines are text, so it cannot merge into a paragraph.
    fn spaced(
        &self,
        markdown: &str,
        node: &Node,
        container: &Range<usize>,
        prefix: &str,
        raw_prefix: &str,
    ) -> String {
        let text = self.text;
        let start = lines::line_start(text, node.span.start);
        let mut out = String::with_capacity(markdown.len() + 2);
        if start > container.start && !lines::has_list_marker(raw_prefix) {
            let prev = &text[lines::line_start(text, start - 1)..start];
            if !lines::strip_prefix(prev, prefix).trim().is_empty() {
                out.push('\n');
            }
        }
        out.push_str(markdown);
        let next = lines::next_line_start(text, node.span.end);
        if next < container.end && next < text.len() {
            let line = &text[next..lines::next_line_start(text, next)];
            let line = lines::strip_prefix(line, prefix);
            if !line.trim().is_empty() && !lines::starts_block(line) {
                out.push('\n');
            }
        }
        out
    }

    fn locate(&self, offset: usize) -> String {
        locate(
            &self.book.chapters[self.chapter_index],
            offset,
            &self.book.settings.src_dir,
        )
    }
}

/// Inline output: one line; `|` escaped inside a table cell.
fn inline(markdown: &str, in_cell: bool) -> String {
    let one_line = markdown
        .trim_end_matches(['\n', '\r'])
        .replace(['\r', '\n'], " ");
    if in_cell {
        escape::pipes(&one_line)
    } else {
        one_line
    }
}

pub(super) fn render_late(
    book: &BookState<'_>,
    i: usize,
    job: &LateJob,
    at: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let Some(shortcode) = book.registry.get(&job.call.name) else {
        return String::new();
    };
    let cx = RenderCx {
        book,
        chapter_index: i,
        body: job.body.clone(),
        assembly: None,
        warnings: Default::default(),
        exchanges: Default::default(),
        late_at: at,
    };
    let result = shortcode.render(&job.call, &cx);
    diags.append(&mut cx.warnings.into_inner());
    match result {
        Ok(md) if job.placement == Placement::Inline => inline(&md, job.in_cell),
        Ok(md) => md,
        Err(d) => {
            let ch = &book.chapters[i];
            let at = locate(ch, job.span.start, &book.settings.src_dir);
            let source = &ch.content[job.span.clone()];
            let shown = error_box(source, &at, Some(&d), job.placement == Placement::Block);
            diags.push(d);
            shown
        }
    }
}

/// Where each of `count` late placeholders stands in `text`.
pub(super) fn placeholder_offsets(text: &str, count: usize) -> Vec<Option<usize>> {
    let mut at = vec![None; count];
    for (start, _) in text.match_indices(LATE_OPEN) {
        let digits = &text[start + LATE_OPEN.len_utf8()..];
        let n = digits
            .find(LATE_CLOSE)
            .and_then(|end| digits[..end].parse::<usize>().ok());
        if let Some(slot) = n.and_then(|n| at.get_mut(n)) {
            slot.get_or_insert(start);
        }
    }
    at
}

/// Replaces the late placeholders, laying each output out for the line it
/// lands on.
pub(super) fn fill_placeholders(text: &str, outputs: &[String]) -> String {
    let mut out =
        String::with_capacity(text.len() + outputs.iter().map(String::len).sum::<usize>());
    let mut last = 0;
    while let Some(found) = text[last..].find(LATE_OPEN) {
        let at = last + found;
        let digits_start = at + LATE_OPEN.len_utf8();
        let Some(close) = text[digits_start..].find(LATE_CLOSE) else {
            break;
        };
        let Ok(n) = text[digits_start..digits_start + close].parse::<usize>() else {
            break;
        };
        out.push_str(&text[last..at]);
        let raw_prefix = &text[lines::line_start(text, at)..at];
        let prefix = if lines::is_container_prefix(raw_prefix) {
            lines::continuation(raw_prefix)
        } else {
            String::new()
        };
        let output = outputs.get(n).map_or("", String::as_str);
        out.push_str(&lines::indent(output, &prefix, lines::eol_at(text, at)));
        last = digits_start + close + LATE_CLOSE.len_utf8();
    }
    out.push_str(&text[last..]);
    out
}

/// The visible box that replaces a broken shortcode with
/// `on-error = "warn"`: where, what is wrong, how to fix it, and the
/// shortcode's source, all HTML-escaped.
fn error_box(source: &str, at: &str, why: Option<&Diagnostic>, block: bool) -> String {
    let mut message = format!("integration-guide: broken shortcode at {at}");
    if let Some(d) = why {
        message.push_str(": ");
        message.push_str(&d.message);
        if let Some(hint) = &d.hint {
            message.push_str(" (");
            message.push_str(hint);
            message.push(')');
        }
    }
    if block {
        format!(
            "<pre class=\"integration-guide-error\" role=\"alert\"><strong>{}</strong>\n{}</pre>",
            escape::html(&message),
            escape::html(&normalize_eol(source))
        )
    } else {
        format!(
            "<span class=\"integration-guide-error\" role=\"alert\" title=\"{}\">{}</span>",
            escape::html(&message),
            escape::html(source)
        )
    }
}
