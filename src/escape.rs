//! Layer 0 (foundations): Escaping, in one place: every text a shortcode takes from a writer
//! (attribute values, body cells, labels) reaches the page through one of
//! these functions, so it shows as written and never creates an element,
//! a link, a block or a table column it did not have.
//!
//! - HTML text and attribute values: [`html`] (`pulldown-cmark-escape`,
//!   the escaping pulldown-cmark's own HTML writer uses);
//! - plain text as Markdown: [`text`] (every punctuation mark Markdown
//!   reads, then [`line_start`]);
//! - inline Markdown kept as Markdown but made safe: [`inline`], [`cell`];
//! - the plain text of inline Markdown: [`plain`], and link text:
//!   [`link_text`] (links become their text);
//! - table cells: [`pipes`];
//! - plain text as an inline code span: [`code`];
//! - link text written as the Markdown writer writes it (the fast path of
//!   `toc`): [`push_link_text_as_writer`];
//! - the one rule of what is special at the start of a line:
//!   [`line_start`], with [`ordered_list_marker`].
//!
//! The rules are CommonMark 0.31.2's (§2.4 backslash escapes, §4 leaf
//! blocks, §5.2 list items) and GFM's tables (§4.10: `|` in a cell).

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{
    BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::markdown::{self, ParseOptions};

/// `s` as HTML text or as the value of a quoted attribute: `&`, `<`, `>`,
/// `"` and `'` become character references.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Escapes `|` (not already escaped) for a GFM table cell.
pub fn pipes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut backslashes = 0;
    for c in s.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// The length of an ordered list marker at the start of `s`: 1 to 9
/// digits and `.` or `)` (CommonMark §5.2), whatever follows; `None` if
/// there is none. Whether it opens a list depends on what follows (a space,
/// a tab or the line's end), which callers check.
pub fn ordered_list_marker(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=9)
        .contains(&digits)
        .then_some(())
        .filter(|()| matches!(b.get(digits), Some(b'.' | b')')))
        .map(|()| digits + 1)
}

/// The one rule for what is special at the start of a line: escapes what
/// would start a block there (ATX heading, block quote, bullet or ordered
/// list item, thematic break, setext underline, code fence), so the text
/// stays a paragraph's text. Everything else is unchanged.
pub fn line_start(mut s: String) -> String {
    let b = s.as_bytes();
    let spaced = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
    let first = b.first().copied().unwrap_or(b' ');
    let only = |c: u8| b.iter().all(|&x| x == c || x == b' ' || x == b'\t');
    let thematic = |c: u8| b.iter().filter(|&&x| x == c).count() >= 3 && only(c);
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    let needs = match first {
        b'>' => true,
        b'#' => hashes <= 6 && spaced(hashes),
        // A list item, a thematic break, or (`-`, `=`) a setext underline.
        b'-' | b'+' | b'*' => spaced(1) || thematic(first) || (first == b'-' && only(b'-')),
        b'=' => only(b'='),
        b'_' => thematic(b'_'),
        b'`' | b'~' => {
            let run = b.iter().take_while(|&&c| c == first).count();
            run >= 3 && (first == b'~' || !s[run..].contains('`'))
        }
        b'0'..=b'9' => {
            if let Some(len) = ordered_list_marker(&s).filter(|&len| spaced(len)) {
                s.insert(len - 1, '\\');
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

/// Plain text as inline Markdown that shows it as written, also at the
/// start of a line: every character Markdown reads as syntax inline is
/// backslash-escaped, then [`line_start`].
pub fn text(text: &str) -> String {
    line_start(text_inline(text))
}

/// [`text`] for an inline shortcode's output, which may end a writer's
/// heading (`## Host <<#env host>>`): `}` is escaped too, or a value
/// ending in `{...}` would be read as the heading's attribute block
/// (`{onclick=...}`, see `markdown::write::heading_text`).
pub fn text_in_line(text: &str) -> String {
    self::text(text).replace('}', "\\}")
}

/// [`text`] for text that follows other text on its line.
pub fn text_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

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
    line_start(out)
}

/// Plain text (one line) as an inline code span that shows it as written:
/// the fence is one backtick longer than any run of backticks in it, with
/// a space inside when it holds one (CommonMark §6.1). In a table cell,
/// pass it through [`pipes`] too.
pub fn code(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Plain text (a field name, a type, a constant) as inline code in a GFM
/// table cell, shown as written: the fence is one backtick longer than any
/// run of backticks in it, with a space inside only when the text starts
/// or ends with a backtick (CommonMark §6.1); every `|` is written `\|`
/// (GFM §4.10 reads a cell's `|` before its code spans); a line break (a
/// CSV cell may hold them; CRLF counts once) becomes a space, as in a code
/// span, so the table keeps its rows. Unlike [`code`] + [`pipes`], a text
/// with backticks inside is not padded (the mapping tables' form).
pub fn code_cell(text: &str) -> String {
    let text = &text.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", text.replace('|', "\\|"))
}

/// [`inline`] for a GFM table cell: `|` escaped too. A cell is one line
/// of a table (GFM §4.10), so text of several lines (a CSV cell may hold
/// line breaks) gets a `<br>` between its lines, each escaped on its own.
pub fn cell(text: &str, options: ParseOptions) -> String {
    let text = text.trim();
    if !text.contains(['\n', '\r']) {
        return pipes(&inline(text, options));
    }
    text.split(['\n', '\r'])
        .filter(|line| !line.trim().is_empty())
        .map(|line| pipes(&inline(line, options)))
        .collect::<Vec<_>>()
        .join("<br>")
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

// Inline Markdown that becomes the text of a generated link (a step's
// title in `step-ref`, the workflow table's task cell, "What to do next"):
// links in it become their text, as headings become plain text in `toc`
// entries, so a link never nests in a link (issue 19, fault 3).

/// `text` (inline Markdown on one line) with every link replaced by its
/// text: `[API](https://x)` → `API`, `<https://x>` → `https://x` (escaped),
/// `[API][ref]` → `API`, `[ref]` → `\[ref\]` (shown as written whether or
/// not the chapter defines `ref`), a stray `[` or `]` escaped. Everything
/// else (code, emphasis, images) is kept.
pub fn link_text(text: &str) -> String {
    // A pass takes off the outermost links; what was inside them (`[a
    // <https://x>]` read as a reference) is looked at again.
    let mut text = text.to_string();
    for _ in 0..8 {
        let next = one_pass(&text);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

// Over 80 lines: a parser loop over the events of one pass (DEVELOPERS.md; tests/suite/layers.rs).
fn one_pass(text: &str) -> String {
    if !text.contains(['[', ']', '<']) {
        return text.to_string();
    }
    let source = format!("{GUARD}{text}");
    let mut any_reference = |_: BrokenLink<'_>| Some((CowStr::from(""), CowStr::from("")));
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM;
    let parser = Parser::new_with_broken_link_callback(&source, options, Some(&mut any_reference));
    let shift =
        |r: Range<usize>| r.start.saturating_sub(GUARD.len())..r.end.saturating_sub(GUARD.len());
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // The open link: its kind, whole range, and the range of its content.
    let mut open: Option<(LinkType, Range<usize>, Option<Range<usize>>)> = None;
    // Links inside the open one (a reference around an autolink).
    let mut nested = 0usize;
    for (event, range) in parser.into_offset_iter() {
        if range.end <= GUARD.len() {
            continue;
        }
        let range = shift(range);
        match event {
            Event::Start(Tag::Link { link_type, .. }) if open.is_none() => {
                open = Some((link_type, range, None));
            }
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)
                if open.is_some() && (nested > 0 || matches!(event, Event::Start(_))) =>
            {
                if matches!(event, Event::Start(_)) {
                    nested += 1;
                } else {
                    nested -= 1;
                }
                if let Some((_, _, inner)) = open.as_mut() {
                    let r = inner.get_or_insert(range.clone());
                    r.start = r.start.min(range.start);
                    r.end = r.end.max(range.end);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((kind, mut whole, inner)) = open.take() {
                    whole.end = whole.end.max(range.end);
                    // `[c][]`: the empty label is not in the link's range.
                    if matches!(kind, LinkType::Collapsed | LinkType::CollapsedUnknown)
                        && text[whole.end..].starts_with("[]")
                    {
                        whole.end += 2;
                    }
                    let inner = inner.map_or("", |r| &text[r]);
                    let shown = match kind {
                        LinkType::Autolink | LinkType::Email => crate::escape::text(inner),
                        LinkType::Shortcut | LinkType::ShortcutUnknown => {
                            format!("\\[{inner}\\]")
                        }
                        _ => inner.to_string(),
                    };
                    edits.push((whole, shown));
                }
            }
            // A bracket left over as text (`T ]`) would end the link text.
            Event::Text(_) if open.is_none() && text[range.clone()].contains(['[', ']']) => {
                let mut shown = String::new();
                for (i, c) in text[range.clone()].char_indices() {
                    let at = range.start + i;
                    if matches!(c, '[' | ']') && !text[..at].ends_with('\\') {
                        shown.push('\\');
                    }
                    shown.push(c);
                }
                edits.push((range, shown));
            }
            _ => {
                if let Some((_, _, inner)) = open.as_mut() {
                    let r = inner.get_or_insert(range.clone());
                    r.start = r.start.min(range.start);
                    r.end = r.end.max(range.end);
                }
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, shown) in edits {
        if range.start < last || !text.is_char_boundary(range.start) {
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(&shown);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Appends plain text as the text of a link, escaped exactly as
/// `pulldown-cmark-to-cmark` (the Markdown writer `toc` otherwise uses)
/// escapes link text, so the fast path of `toc` writes the same bytes.
/// `None` (nothing appended completely) when a character's escaping
/// depends on what surrounds the link (a leading or trailing space, a
/// leading `:`, `-`, `+`, `=`, other ASCII controls): the caller then uses
/// the writer.
pub fn push_link_text_as_writer(text: &str, out: &mut String) -> Option<()> {
    let last = text.chars().next_back()?;
    if last.is_whitespace() {
        return None;
    }
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let escape = match c {
            _ if c.is_alphanumeric() => false,
            ' ' if i > 0 => false,
            '-' | '+' | '=' | ':' if i > 0 => false,
            '&' => {
                out.push_str("&amp;");
                prev = Some(c);
                continue;
            }
            '*' | '[' | ']' | '`' | '<' | '~' | '|' => true,
            '#' | '>' => i == 0,
            '_' => !(alnum(prev) && alnum(next)),
            '^' => !alnum(prev),
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '.' | ')' => i > 0 && text[..i].bytes().all(|b| b.is_ascii_digit()),
            '!' | '"' | '$' | '%' | '\'' | '(' | ',' | '/' | ';' | '?' | '@' | '{' | '}' => false,
            _ if c.is_ascii() || c.is_whitespace() || c.is_control() => return None,
            // Other characters (`’`, `→`, ...) are written as they are.
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cells() {
        assert_eq!(code_cell("EUR"), "`EUR`");
        assert_eq!(code_cell("a`b"), "``a`b``");
        assert_eq!(code_cell("`a"), "`` `a ``");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
        assert_eq!(code_cell("a\r\nb\nc"), "`a b c`");
    }

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
    fn html_and_text() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(text("1. a | b"), "1\\. a \\| b");
        assert_eq!(text("- x"), "\\- x");
        assert_eq!(text("-x"), "-x");
        assert_eq!(text("=="), "\\==");
        assert_eq!(text("--"), "\\--");
        assert_eq!(text("+ x"), "\\+ x");
        assert_eq!(pipes("a|b\\|c"), "a\\|b\\|c");
    }

    #[test]
    fn ordered_markers() {
        assert_eq!(ordered_list_marker("1. a"), Some(2));
        assert_eq!(ordered_list_marker("123456789) a"), Some(10));
        assert_eq!(ordered_list_marker("1234567890. a"), None);
        assert_eq!(ordered_list_marker("a. b"), None);
        assert_eq!(ordered_list_marker("12"), None);
    }
}

#[cfg(test)]
mod link_text_tests {
    use super::link_text;

    #[test]
    fn links_become_their_text() {
        let cases = [
            ("Call the [API](https://api.example.com/)", "Call the API"),
            (
                "Call the <https://api.example.com/>",
                "Call the https://api.example.com/",
            ),
            ("Mail <ops@example.com>", "Mail ops@example.com"),
            ("Use [the `x` *flag*](a.md#f) now", "Use the `x` *flag* now"),
            ("A [ref][r] and [c][] and [s]", "A ref and c and \\[s\\]"),
            // A footnote reference (a link too) is shown as written.
            ("Note[^1] here", "Note\\[^1\\] here"),
            ("[](https://x)empty", "empty"),
            ("No links, `[a](b)` in code", "No links, `[a](b)` in code"),
            ("![logo](l.png) stays", "![logo](l.png) stays"),
            ("Step \\[1\\]: plain", "Step \\[1\\]: plain"),
            ("<span>not a link</span>", "<span>not a link</span>"),
            ("[a](x) and [b](y)", "a and b"),
            (
                "T [ <https://x.example/a_b> ]",
                "T \\[ https://x.example/a\\_b \\]",
            ),
            ("[<https://x/a_b>]", "\\[https://x/a\\_b\\]"),
            ("T ] and [ and \\]", "T \\] and \\[ and \\]"),
        ];
        for (input, want) in cases {
            assert_eq!(link_text(input), want, "{input:?}");
        }
    }
}
