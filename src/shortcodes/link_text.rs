//! Inline Markdown that becomes the text of a generated link (a step's
//! title in `step-ref`, the workflow table's task cell, "What to do next"):
//! links in it become their text, as headings become plain text in `toc`
//! entries, so a link never nests in a link (issue 19, fault 3).

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{
    BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::labels::escape_text;

/// A backslash and a space: the text after it parses as the middle of a
/// paragraph (it cannot start a block).
const GUARD: &str = "\\ ";

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
                        LinkType::Autolink | LinkType::Email => escape_text(inner),
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

#[cfg(test)]
mod tests {
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
