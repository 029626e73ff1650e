//! Layer 0 (foundations): Lines and container prefixes: keeping an expansion inside the list item
//! or block quote its shortcode stands in, with the chapter's line endings.

use std::ops::Range;

use crate::escape;

/// Offset of the start of the line holding `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// Offset just after the line ending that follows `at` (or the end).
pub fn next_line_start(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The line ending used by the line holding `at`: `"\r\n"` or `"\n"`.
pub fn eol_at(text: &str, at: usize) -> &'static str {
    let end = next_line_start(text, at);
    if text[..end].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Whether `prefix` (the start of a line) is made only of container
/// markers: indentation, `>` quote markers and list item markers.
pub fn is_container_prefix(prefix: &str) -> bool {
    let b = prefix.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'>' => i += 1,
            b'-' | b'*' | b'+' if matches!(b.get(i + 1), Some(b' ' | b'\t')) => i += 2,
            b'0'..=b'9' => match escape::ordered_list_marker(&prefix[i..]) {
                Some(len) if matches!(b.get(i + len), Some(b' ' | b'\t')) => i += len + 1,
                _ => return false,
            },
            _ => return false,
        }
    }
    true
}

/// Whether a line starts a list item, block quote or ATX heading: a line
/// that cannot be swallowed by the block before it as a lazy continuation.
pub fn starts_block(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    let marker_end = escape::ordered_list_marker(t);
    t.starts_with('>')
        || t.starts_with('#')
        || (t.len() > 1
            && matches!(t.as_bytes()[0], b'-' | b'*' | b'+')
            && matches!(t.as_bytes()[1], b' ' | b'\t'))
        || marker_end.is_some_and(|e| matches!(t.as_bytes().get(e), Some(b' ' | b'\t')))
}

/// Whether the tag at `span` stands alone on its line, after any container
/// prefix and followed only by whitespace.
pub fn alone_on_line(text: &str, span: Range<usize>) -> bool {
    let start = line_start(text, span.start);
    let end = next_line_start(text, span.end);
    // A byte order mark before the first line is not part of it.
    let prefix = &text[start..span.start];
    let prefix = if start == 0 {
        prefix.strip_prefix('\u{feff}').unwrap_or(prefix)
    } else {
        prefix
    };
    is_container_prefix(prefix) && text[span.end..end].trim().is_empty()
}

/// The prefix that continues a container on the following lines: list
/// markers become spaces of the same width; quote markers and indentation
/// are kept.
pub fn continuation(prefix: &str) -> String {
    let b = prefix.as_bytes();
    let mut out = String::with_capacity(prefix.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'-' | b'*' | b'+' => {
                out.push(' ');
                i += 1;
            }
            b'0'..=b'9' => {
                // A prefix holds only container markers: digits open one.
                let len = escape::ordered_list_marker(&prefix[i..]).unwrap_or(1);
                out.extend(std::iter::repeat_n(' ', len));
                i += len;
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// Whether a prefix holds a list marker (the tag is on an item's first line).
pub fn has_list_marker(prefix: &str) -> bool {
    prefix.bytes().any(|c| !matches!(c, b' ' | b'\t' | b'>'))
}

/// Removes the container prefix from the start of a line, leniently: a
/// lazy continuation line or a blank `>` line loses what it has of it.
pub fn strip_prefix<'a>(line: &'a str, prefix: &str) -> &'a str {
    let mut rest = line;
    for p in prefix.chars() {
        let mut chars = rest.chars();
        match (p, chars.next()) {
            (' ' | '\t', Some(c @ (' ' | '\t'))) => rest = &rest[c.len_utf8()..],
            ('>', Some('>')) => rest = &rest[1..],
            _ => {}
        }
    }
    rest
}

/// Removes the container prefix from every line of a body.
pub fn strip_lines(body: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        out.push_str(strip_prefix(line, prefix));
    }
    out
}

/// Lays out generated Markdown (with `\n` line endings) in place: the first
/// line continues where the tag stood, every further line gets the
/// container prefix (trimmed on blank lines), and line endings become `eol`.
pub fn indent(output: &str, prefix: &str, eol: &str) -> String {
    let mut out = String::with_capacity(output.len() + 16);
    let blank_prefix = prefix.trim_end();
    for (i, line) in output.split('\n').enumerate() {
        if i > 0 {
            out.push_str(eol);
            out.push_str(if line.is_empty() {
                blank_prefix
            } else {
                prefix
            });
        }
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
    }
    out
}

/// Copies `range` of `text`, replacing the given sub-ranges (sorted,
/// non-overlapping, inside `range`).
pub(crate) fn splice<'s>(
    text: &str,
    range: Range<usize>,
    parts: impl IntoIterator<Item = (Range<usize>, &'s str)>,
) -> String {
    // Sized once: a chapter's text is not copied again as it grows.
    let parts: Vec<(Range<usize>, &str)> = parts.into_iter().collect();
    let (added, removed) = parts
        .iter()
        .fold((0, 0), |(a, r), (range, s)| (a + s.len(), r + range.len()));
    let mut out = String::with_capacity((range.len() + added).saturating_sub(removed));
    let mut last = range.start;
    for (r, replacement) in parts {
        let start = r.start.max(last).min(range.end);
        out.push_str(&text[last..start]);
        out.push_str(replacement);
        last = r.end.max(start).min(range.end);
    }
    out.push_str(&text[last..range.end]);
    out
}

pub(crate) fn normalize_eol(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.to_string()
    }
}

/// What a text file keeps through an edit: a UTF-8 byte order mark at its
/// start and CRLF line endings (a file with any CRLF is written with CRLF
/// throughout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileForm {
    bom: bool,
    crlf: bool,
}

impl FileForm {
    pub(crate) fn of(text: &str) -> FileForm {
        FileForm {
            bom: text.starts_with('\u{feff}'),
            crlf: text.contains("\r\n"),
        }
    }

    /// The text to edit: without the mark, with LF line endings.
    pub(crate) fn strip(self, text: &str) -> String {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if self.crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        }
    }

    /// The edited text in the file's form.
    pub(crate) fn apply(self, text: &str) -> String {
        let text = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_prefixes() {
        for p in [
            "", "   ", "> ", ">> ", "- ", "  * ", "1. ", "> 10) ", "\t", "> - ",
        ] {
            assert!(is_container_prefix(p), "{p:?}");
        }
        for p in ["a", "-", "text ", "1.", "1234567890. "] {
            assert!(!is_container_prefix(p), "{p:?}");
        }
    }

    #[test]
    fn continuation_replaces_markers() {
        assert_eq!(continuation("- "), "  ");
        assert_eq!(continuation("> 12. "), ">     ");
        assert_eq!(continuation("  > "), "  > ");
    }

    #[test]
    fn indent_and_strip_round_trip() {
        let out = indent("> [!NOTE]\n> body\n\nafter", "   ", "\r\n");
        assert_eq!(out, "> [!NOTE]\r\n   > body\r\n\r\n   after");
        let quoted = indent("a\n\nb", "> ", "\n");
        assert_eq!(quoted, "a\n>\n> b");
        assert_eq!(strip_lines("> a\n>\n> b\nlazy\n", "> "), "a\n\nb\nlazy\n");
    }

    #[test]
    fn alone() {
        let t = "x\n  > <<#toc>>  \r\ny <<#toc>>\n";
        let a = t.find("<<").unwrap();
        assert!(alone_on_line(t, a..a + 8));
        let b = t.rfind("<<").unwrap();
        assert!(!alone_on_line(t, b..b + 8));
        assert_eq!(eol_at(t, a), "\r\n");
        assert_eq!(eol_at(t, b), "\n");
    }
}
