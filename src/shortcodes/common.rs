//! Helpers shared by the template shortcodes (overview, audience, data
//! flow, prerequisites, validation, troubleshooting, resources): reading
//! line-based bodies with exact positions, writing attribute and cell text
//! as safe inline Markdown, and the small structures they all emit.

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::diagnostic::Diagnostic;
use crate::engine::{BodyLine, RenderCx, escape_pipes};
use crate::markdown::{self, ParseOptions};
use crate::registry::Call;

/// The guard that makes any text parse as the inside of a paragraph: a
/// backslash followed by a space is a literal backslash, never a block
/// marker, and the text after it starts after whitespace, as at a line
/// start.
const GUARD: &str = "\\ ";

fn guarded_options(options: ParseOptions) -> ParseOptions {
    ParseOptions {
        smart_punctuation: false,
        ..options
    }
}

/// One line of attribute or body-cell text as inline Markdown that can
/// neither inject HTML nor start a block: raw HTML (tags, comments) is
/// shown as text; code, emphasis, links and entities are kept as written.
pub fn inline(text: &str, options: ParseOptions) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let source = format!("{GUARD}{text}");
    let mut escapes: Vec<usize> = Vec::new();
    let mut autolink_first = false;
    for (event, range) in markdown::parser(&source, guarded_options(options)).into_offset_iter() {
        match event {
            Event::InlineHtml(_) | Event::Html(_) if range.start >= GUARD.len() => {
                escapes.push(range.start - GUARD.len());
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) if range.start == GUARD.len() => autolink_first = true,
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len() + escapes.len() + 2);
    let mut last = 0;
    for at in escapes {
        if at < last || !text.is_char_boundary(at) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push('\\');
        last = at;
    }
    out.push_str(&text[last..]);
    if out.starts_with('<') && !autolink_first {
        // What could open an HTML block at a line start.
        out.insert(0, '\\');
    }
    escape_line_start(out)
}

/// Escapes what would start a block (heading, quote, list, thematic
/// break, code fence) at the start of a line.
fn escape_line_start(mut s: String) -> String {
    let b = s.as_bytes();
    let spaced = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
    let first = b.first().copied().unwrap_or(b' ');
    let all_same = |c: u8| {
        b.iter().filter(|&&x| x == c).count() >= 3 && b.iter().all(|&x| x == c || x == b' ')
    };
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let needs = match first {
        b'>' => true,
        b'#' => hashes <= 6 && spaced(hashes),
        b'-' | b'+' | b'*' => spaced(1) || all_same(first),
        b'_' => all_same(b'_'),
        b'`' | b'~' => {
            let run = b.iter().take_while(|&&c| c == first).count();
            run >= 3 && (first == b'~' || !s[run..].contains('`'))
        }
        b'0'..=b'9' => {
            if digits <= 9 && matches!(b.get(digits), Some(b'.' | b')')) && spaced(digits + 1) {
                s.insert(digits, '\\');
            }
            false
        }
        _ => false,
    };
    if needs {
        s.insert(0, '\\');
    }
    s
}

/// [`inline`] for a GFM table cell: `|` escaped too.
pub fn cell(text: &str, options: ParseOptions) -> String {
    escape_pipes(&inline(text, options))
}

/// The plain text of a line of inline Markdown (for SVG text and
/// accessible descriptions): formatting removed, code and link texts kept,
/// raw HTML kept as the text it is.
pub fn plain(text: &str, options: ParseOptions) -> String {
    let text = text.trim();
    let source = format!("{GUARD}{text}");
    let mut out = String::with_capacity(text.len());
    for (event, range) in markdown::parser(&source, guarded_options(options)).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                if range.start < GUARD.len() {
                    let skip = GUARD.len() - range.start;
                    out.push_str(t.get(skip.min(t.len())..).unwrap_or_default());
                } else {
                    out.push_str(&t);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Whether a line of inline Markdown holds a link: inline, autolink, or
/// `[text][label]` (whose definition is elsewhere in the chapter).
pub fn has_link(text: &str, options: ParseOptions) -> bool {
    let source = format!("{GUARD}{}", text.trim());
    text.contains("][")
        || markdown::parser(&source, guarded_options(options))
            .any(|e| matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)))
}

/// A non-blank line of a line-based body, with its content (after an
/// optional list marker, trimmed) as a byte range of `line.text`.
pub struct Entry<'a> {
    pub line: &'a BodyLine,
    pub content: Range<usize>,
}

impl Entry<'_> {
    pub fn text(&self) -> &str {
        &self.line.text[self.content.clone()]
    }

    /// A range of the content (relative to it) as a range of the line.
    pub fn abs(&self, r: Range<usize>) -> Range<usize> {
        self.content.start + r.start..self.content.start + r.end
    }

    /// The original span of a range of the content.
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        self.line.span(self.abs(r))
    }

    /// The original span of the whole content.
    pub fn whole(&self) -> Range<usize> {
        self.line.span(self.content.clone())
    }
}

/// The entries of a line-based body: blank lines and lines that are only
/// an HTML comment are skipped; a leading `- `, `* `, `+ ` or `1. ` list
/// marker (and, with `task`, a `[ ]` / `[x]` task marker) is removed.
pub fn entries(lines: &[BodyLine], task: bool) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for line in lines {
        let t = line.text.as_str();
        let trimmed = t.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            continue;
        }
        let mut start = t.len() - t.trim_start().len();
        start += list_marker_len(&t[start..]);
        if task {
            let rest = &t[start..];
            if let Some(after) = ["[ ]", "[x]", "[X]"]
                .iter()
                .find_map(|m| rest.strip_prefix(m))
                .filter(|a| a.is_empty() || a.starts_with([' ', '\t']))
            {
                start = t.len() - after.trim_start().len();
            }
        }
        let end = t.trim_end().len().max(start);
        out.push(Entry {
            line,
            content: start..end,
        });
    }
    out
}

/// The length of a list marker and the spaces after it at the start of
/// `s`, or 0.
fn list_marker_len(s: &str) -> usize {
    let b = s.as_bytes();
    let marker = match b.first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(b'0'..=b'9') => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 9 && matches!(b.get(digits), Some(b'.' | b')')) {
                digits + 1
            } else {
                return 0;
            }
        }
        _ => return 0,
    };
    let spaces = b[marker..]
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    if spaces == 0 && marker < b.len() {
        return 0;
    }
    marker + spaces
}

/// Splits `key: value` at the first `:` that a nested shortcode did not
/// produce: the trimmed key and value ranges (relative to the content).
pub fn split_key(entry: &Entry<'_>) -> Option<(Range<usize>, Range<usize>)> {
    let text = entry.text();
    let colon = text
        .char_indices()
        .find(|&(i, c)| c == ':' && !entry.line.generated(entry.content.start + i))
        .map(|(i, _)| i)?;
    Some((
        trimmed(text, 0..colon),
        trimmed(text, colon + 1..text.len()),
    ))
}

/// `range` of `text` without surrounding whitespace.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = (range.start + s.trim_end().len()).max(start);
    start..end
}

/// Splits the content at each `|` that is not escaped (`\|`), not in a
/// code span and not produced by a nested shortcode: the trimmed cells
/// (relative to the content) and the offsets of the separators.
pub fn split_cells(entry: &Entry<'_>) -> (Vec<Range<usize>>, Vec<usize>) {
    let text = entry.text();
    let b = text.as_bytes();
    let mut cells = Vec::new();
    let mut seps = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                i += run;
                // Skip to the closing run of the same length, if any.
                let mut j = i;
                while j < b.len() {
                    if b[j] == b'`' {
                        let close = b[j..].iter().take_while(|&&c| c == b'`').count();
                        if close == run {
                            i = j + close;
                            break;
                        }
                        j += close;
                    } else {
                        j += 1;
                    }
                }
            }
            b'|' if !entry.line.generated(entry.content.start + i) => {
                cells.push(trimmed(text, start..i));
                seps.push(i);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    cells.push(trimmed(text, start..b.len().max(start)));
    (cells, seps)
}

/// Comma-separated items of an attribute value, trimmed, empty ones
/// dropped.
pub fn comma_list(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The original span of `len` bytes at byte `at` of an attribute's value
/// (the whole value when it was written with escapes).
pub fn attr_span(call: &Call, name: &str, value: &str, at: usize, len: usize) -> Range<usize> {
    let whole = call.span_of(name);
    if whole.len() == value.len() {
        whole.start + at..whole.start + at + len
    } else {
        whole
    }
}

/// Comma-separated items of an attribute value with their byte ranges in
/// it, trimmed, empty ones dropped.
pub fn comma_items(value: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in value.split(',') {
        let r = trimmed(value, start..start + part.len());
        if !r.is_empty() {
            out.push((r.clone(), &value[r]));
        }
        start += part.len() + 1;
    }
    out
}

/// Returns the first error and reports the others, or the output when
/// there are none.
pub fn finish(
    cx: &RenderCx<'_>,
    mut errors: Vec<Diagnostic>,
    output: impl FnOnce() -> Result<String, Diagnostic>,
) -> Result<String, Diagnostic> {
    if errors.is_empty() {
        return output();
    }
    let first = errors.remove(0);
    for e in errors {
        cx.report(e);
    }
    Err(first)
}

/// A GFM table from a header and rows of cells that are already inline
/// Markdown with `|` escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push('|');
    for h in header {
        out.push(' ');
        out.push_str(h);
        out.push_str(" |");
    }
    out.push_str("\n|");
    for h in header {
        out.push_str(&"-".repeat(h.chars().count().max(3) + 2));
        out.push('|');
    }
    for row in rows {
        out.push_str("\n|");
        for c in row {
            if c.is_empty() {
                out.push_str("  |");
            } else {
                out.push(' ');
                out.push_str(c);
                out.push_str(" |");
            }
        }
    }
    out
}

/// A label as inline Markdown that shows it as written.
pub fn label(cx: &RenderCx<'_>, key: &str) -> String {
    let text = cx.settings().labels.get(key);
    debug_assert!(!text.is_empty(), "no label `{key}`");
    crate::labels::escape_text(text)
}

/// The title of a group (inline Markdown): a bold line, or a heading of
/// `level`.
pub fn group_title(title: &str, level: Option<i64>) -> String {
    match level {
        Some(n) => format!("{} {title}", "#".repeat(n.clamp(1, 6) as usize)),
        None => format!("**{title}**"),
    }
}

/// A fenced code block whose fence is longer than any run of backticks
/// in the content.
pub fn fenced(info: &str, content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let content = content.trim_end_matches('\n');
    if content.is_empty() {
        format!("{fence}{info}\n{fence}")
    } else {
        format!("{fence}{info}\n{content}\n{fence}")
    }
}

/// A group of a grouped list (`category: item` lines): its title and the
/// words that name it (the first is the one the documentation uses).
pub struct Group {
    /// The template's title (also accepted as the group's name).
    pub title: &'static str,
    /// The key of the label that is shown as the title.
    pub label: &'static str,
    pub keys: &'static [&'static str],
}

/// Normalizes a group name as written: lowercase, spaces and `_` as `-`.
fn group_key(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Sorts `key: item` entries into `groups` (in the groups' order, items in
/// the order written). Lines without a key, unknown keys and empty items
/// are reported; `what` names a key in messages ("category", "kind").
pub fn grouped<'e, 'a>(
    entries: &'e [Entry<'a>],
    groups: &[Group],
    shortcode: &str,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Vec<(&'e Entry<'a>, Range<usize>)>> {
    let mut out: Vec<Vec<(&Entry<'a>, Range<usize>)>> = groups.iter().map(|_| Vec::new()).collect();
    let names: Vec<&str> = groups.iter().map(|g| g.keys[0]).collect();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for entry in entries {
        let Some((key, item)) = split_key(entry) else {
            errors.push(
                Diagnostic::error(
                    entry.whole(),
                    format!("a `{shortcode}` line is `{what}: item`; this one has no `:`"),
                )
                .with_hint(format!("start the line with one of: {listed}")),
            );
            continue;
        };
        let written = &entry.text()[key.clone()];
        let normalized = group_key(written);
        let found = groups.iter().position(|g| {
            g.keys.contains(&normalized.as_str()) || group_key(g.title) == normalized
        });
        let Some(index) = found else {
            let all = groups.iter().flat_map(|g| g.keys.iter().copied());
            let d = Diagnostic::error(
                entry.span(key.clone()),
                format!("unknown {what} `{written}` in `{shortcode}`"),
            );
            let d = match crate::diagnostic::closest(&normalized, all) {
                Some(best) => d.with_hint(format!("did you mean `{best}`? (one of: {listed})")),
                None => d.with_hint(format!("write one of: {listed}")),
            };
            errors.push(d);
            continue;
        };
        if item.is_empty() {
            errors.push(
                Diagnostic::error(entry.whole(), format!("nothing after `{written}:`"))
                    .with_hint(format!("write the item after the {what}, on the same line")),
            );
            continue;
        }
        out[index].push((entry, item));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        inline(s, ParseOptions::default())
    }

    #[test]
    fn inline_html_becomes_text() {
        assert_eq!(
            md("a <script>alert(1)</script> & \"q\" 'x'"),
            "a \\<script>alert(1)\\</script> & \"q\" 'x'"
        );
        assert_eq!(md("`<b>` **b** [l](u) &lt;"), "`<b>` **b** [l](u) &lt;");
        assert_eq!(md("<https://a.example> x"), "<https://a.example> x");
        assert_eq!(md("<!-- c --> x"), "\\<!-- c --> x");
        assert_eq!(md("<div unterminated"), "\\<div unterminated");
        assert_eq!(md("x <!-- c -->"), "x \\<!-- c -->");
    }

    #[test]
    fn inline_never_starts_a_block() {
        assert_eq!(md("- a"), "\\- a");
        assert_eq!(md("*a*"), "*a*");
        assert_eq!(md("***"), "\\***");
        assert_eq!(md("# a"), "\\# a");
        assert_eq!(md("#a"), "#a");
        assert_eq!(md("> a"), "\\> a");
        assert_eq!(md("12. a"), "12\\. a");
        assert_eq!(md("```x"), "\\```x");
        assert_eq!(md("```x``` y"), "```x``` y");
        assert_eq!(md("  padded  "), "padded");
    }

    #[test]
    fn plain_text() {
        let p = |s| plain(s, ParseOptions::default());
        assert_eq!(p("**a** `b` [c](d) <e>"), "a b c <e>");
        assert_eq!(p("\\*x\\*"), "*x*");
    }

    #[test]
    fn fences_outgrow_backticks() {
        assert_eq!(fenced("json", "{}\n"), "```json\n{}\n```");
        assert_eq!(fenced("", "a ```` b"), "`````\na ```` b\n`````");
    }
}
