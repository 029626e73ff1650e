//! Reading a line-based body (`key: value` lines, `a | b` cells, grouped
//! `category: item` lists, fenced code blocks) with the exact place of
//! every byte in the chapter, for shortcodes whose body is a small language
//! of its own.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::escape;

use super::{BodyLine, Call};

/// A non-blank line of a line-based body, with its content (after an
/// optional list marker, trimmed) as a byte range of `line.text`.
pub struct BodyEntry<'a> {
    /// The body line the entry is on.
    pub line: &'a BodyLine,
    /// The content as a byte range of `line.text`: after the optional list
    /// marker (`-`, `*`, `+`), with surrounding whitespace trimmed.
    pub content: Range<usize>,
}

impl<'a> BodyEntry<'a> {
    /// The content: `line.text[content]`.
    pub fn text(&self) -> &str {
        &self.line.text[self.content.clone()]
    }

    /// A range of the content (relative to it) as a range of the line.
    pub fn abs(&self, r: Range<usize>) -> Range<usize> {
        self.content.start + r.start..self.content.start + r.end
    }

    /// A range of the content (relative to it) as text, borrowed from the
    /// line (so it outlives this entry).
    pub fn part(&self, r: Range<usize>) -> &'a str {
        &self.line.text[self.abs(r)]
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
pub fn entries(lines: &[BodyLine], task: bool) -> Vec<BodyEntry<'_>> {
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
        out.push(BodyEntry {
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
        _ => match escape::ordered_list_marker(s) {
            Some(len) => len,
            None => return 0,
        },
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
pub fn split_key(entry: &BodyEntry<'_>) -> Option<(Range<usize>, Range<usize>)> {
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
pub fn split_cells(entry: &BodyEntry<'_>) -> (Vec<Range<usize>>, Vec<usize>) {
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

/// Splits `text[range]` at the commas outside parentheses, brackets and
/// angle brackets (`decimal(18,2), required`, `array<a,b>, x`): the
/// trimmed, non-empty parts as byte ranges of `text`.
pub fn comma_parts(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = range.start;
    for (i, c) in text[range.clone()].char_indices() {
        let i = range.start + i;
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(trimmed(text, start..i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(trimmed(text, start..range.end));
    out.retain(|r| !r.is_empty());
    out
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

/// A fenced code block of a body (CommonMark 0.31.2 §4.5), as
/// [`fenced_block`] reads it.
pub struct FencedBlock<'a> {
    /// The info string after the opening fence, trimmed (`json,env
    /// request`); empty when there is none.
    pub info: &'a str,
    /// The content lines: the body line and the byte where its content
    /// starts (after as much of the opening fence's indentation as the
    /// line has, §4.5).
    pub lines: Vec<(usize, usize)>,
    /// The body line of the opening fence.
    pub open: usize,
}

/// The code fence at the start of a line (CommonMark 0.31.2 §4.5): at
/// most 3 spaces of indentation, then 3 or more backticks or tildes. Its
/// indentation (bytes), character (`` b'`' `` or `b'~'`) and length.
pub fn fence(line: &str) -> Option<(usize, u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line.as_bytes()[indent..];
    let c = *rest.first().filter(|c| matches!(c, b'`' | b'~'))?;
    let run = rest.iter().take_while(|&&b| b == c).count();
    (run >= 3).then_some((indent, c, run))
}

/// Reads the fenced code block that opens on body line `open`: `None`
/// when that line is no [`fence`]. Else the block and the index of the
/// line after it. It is closed by a fence of the same character, at least
/// as long, with nothing after it but spaces (§4.5); an unclosed block
/// runs to the body's end and is an error at its opening fence ("this code
/// block is not closed"), whose hint names `<</shortcode>>`.
pub fn fenced_block<'a>(
    lines: &'a [BodyLine],
    open: usize,
    shortcode: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(FencedBlock<'a>, usize)> {
    let text = &lines[open].text;
    let (indent, c, run) = fence(text)?;
    let mut content = Vec::new();
    let mut i = open + 1;
    let mut closed = false;
    while i < lines.len() {
        let t = &lines[i].text;
        if let Some((_, c2, run2)) = fence(t)
            && c2 == c
            && run2 >= run
            && t.trim_start()
                .trim_start_matches(c as char)
                .trim()
                .is_empty()
        {
            closed = true;
            i += 1;
            break;
        }
        let strip = t.len() - t.trim_start_matches(' ').len();
        content.push((i, strip.min(indent)));
        i += 1;
    }
    if !closed {
        errors.push(
            Diagnostic::error(lines[open].whole(), "this code block is not closed").with_hint(
                format!(
                    "end it with a line `{}` before `<</{shortcode}>>`",
                    (c as char).to_string().repeat(run)
                ),
            ),
        );
    }
    let block = FencedBlock {
        info: text[indent + run..].trim(),
        lines: content,
        open,
    };
    Some((block, i))
}

/// Where `text` (a fenced block's content: its `block_lines`, joined by
/// `\n`) fails to parse as JSON: serde_json's message without its "at line
/// L column C" tail, and the span of the offending character in the
/// chapter (the block's last line, or its opening fence on body line
/// `open` when it is empty, if the error is past the end). `None` when the
/// text is JSON.
pub fn json_error(
    lines: &[BodyLine],
    block_lines: &[(usize, usize)],
    open: usize,
    text: &str,
) -> Option<(Range<usize>, String)> {
    let e = serde_json::from_str::<serde_json::Value>(text).err()?;
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_string();
    let span = match block_lines.get(e.line().saturating_sub(1)) {
        Some(&(l, start)) => {
            let line = &lines[l];
            let mut col = (start + e.column().saturating_sub(1)).min(line.text.len());
            while !line.text.is_char_boundary(col) {
                col -= 1;
            }
            let end = line.text[col..]
                .chars()
                .next()
                .map_or(col, |c| col + c.len_utf8());
            line.span(col..end)
        }
        None => lines[block_lines.last().map_or(open, |&(l, _)| l)].whole(),
    };
    Some((span, message))
}

/// A group of a grouped list (`category: item` lines): its title and the
/// words that name it (the first is the one the documentation uses).
pub struct Group {
    /// The template's title (also accepted as the group's name).
    pub title: &'static str,
    /// The key of the label that is shown as the title.
    pub label: &'static str,
    /// The names accepted for the group, in normalized form (lowercase,
    /// `-` for spaces and `_`); the first is the one the documentation uses.
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
    entries: &'e [BodyEntry<'a>],
    groups: &[Group],
    shortcode: &str,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Vec<(&'e BodyEntry<'a>, Range<usize>)>> {
    let mut out: Vec<Vec<(&BodyEntry<'a>, Range<usize>)>> =
        groups.iter().map(|_| Vec::new()).collect();
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

    const GROUPS: &[Group] = &[
        Group {
            title: "Accounts and permissions",
            label: "a",
            keys: &["accounts", "account"],
        },
        Group {
            title: "Environment",
            label: "e",
            keys: &["environment", "env"],
        },
    ];

    fn texts(lines: &[BodyLine], task: bool) -> Vec<(String, Range<usize>)> {
        entries(lines, task)
            .iter()
            .map(|e| (e.text().to_string(), e.whole()))
            .collect()
    }

    #[test]
    fn entries_skip_blank_and_comment_lines_and_drop_list_markers() {
        let text = "  - one\n\n<!-- no -->\n* two \n10. three\n-four\n- [x] done\n+ [ ]";
        let lines = BodyLine::lines_of(text);
        let t = |s: &str, r: Range<usize>| (s.to_string(), r);
        let found = texts(&lines, false);
        assert_eq!(
            found,
            vec![
                t("one", 4..7),
                t("two", 23..26),
                t("three", 32..37),
                t("-four", 38..43),
                t("[x] done", 46..54),
                t("[ ]", 57..60),
            ]
        );
        assert!(found.iter().all(|(s, r)| &text[r.clone()] == s));
        let with_tasks = texts(&lines, true);
        assert_eq!(with_tasks[4], t("done", 50..54));
        assert_eq!(with_tasks[5], t("", 60..60));
    }

    #[test]
    fn keys_and_cells() {
        let lines = BodyLine::lines_of("- key : a: b\n a | `b|c` | d \\| e |\nnone");
        let found = entries(&lines, false);
        let (k, v) = split_key(&found[0]).unwrap();
        assert_eq!(
            (&found[0].text()[k.clone()], &found[0].text()[v]),
            ("key", "a: b")
        );
        assert_eq!(found[0].span(k), 2..5);
        let (cells, seps) = split_cells(&found[1]);
        let text = found[1].text();
        let cells: Vec<&str> = cells.into_iter().map(|r| &text[r]).collect();
        assert_eq!(cells, vec!["a", "`b|c`", "d \\| e", ""]);
        assert_eq!(seps, vec![2, 10, 19]);
        assert!(split_key(&found[2]).is_none());
    }

    #[test]
    fn comma_separated_values() {
        assert_eq!(comma_list(" a, ,b ,"), vec!["a", "b"]);
        assert_eq!(comma_items(" a, ,b c ,"), vec![(1..2, "a"), (5..8, "b c")]);
        let t = "x: decimal(18,2), , map<a,b> , [c, d]";
        let parts: Vec<&str> = comma_parts(t, 3..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(parts, ["decimal(18,2)", "map<a,b>", "[c, d]"]);
    }

    #[test]
    fn grouped_lines_sorted_into_groups_in_order() {
        let lines = BodyLine::lines_of(
            "env: staging\nAccount: admin\naccounts and permissions: read\nENV : prod",
        );
        let found = entries(&lines, false);
        let mut errors = Vec::new();
        let groups = grouped(&found, GROUPS, "prerequisites", "category", &mut errors);
        assert!(errors.is_empty());
        let items: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|(e, r)| &e.text()[r.clone()]).collect())
            .collect();
        assert_eq!(items, vec![vec!["admin", "read"], vec!["staging", "prod"]]);
    }

    #[test]
    fn grouped_errors_are_located() {
        let text = "no colon here\nacounts: x\nweather: y\nenv:";
        let lines = BodyLine::lines_of(text);
        let found = entries(&lines, false);
        let mut errors = Vec::new();
        let groups = grouped(&found, GROUPS, "prerequisites", "category", &mut errors);
        assert!(groups.iter().all(Vec::is_empty));
        assert_eq!(
            crate::diagnostic::located(&errors, text),
            vec![
                (
                    "a `prerequisites` line is `category: item`; this one has no `:`",
                    "no colon here",
                    Some("start the line with one of: `accounts`, `environment`"),
                ),
                (
                    "unknown category `acounts` in `prerequisites`",
                    "acounts",
                    Some("did you mean `accounts`? (one of: `accounts`, `environment`)"),
                ),
                (
                    "unknown category `weather` in `prerequisites`",
                    "weather",
                    Some("write one of: `accounts`, `environment`"),
                ),
                (
                    "nothing after `env:`",
                    "env:",
                    Some("write the item after the category, on the same line"),
                ),
            ]
        );
    }

    /// The blocks of `text` read from its first line: the info string,
    /// the content (each line from where its content starts), and the line
    /// after the block.
    fn block_of(text: &str, errors: &mut Vec<Diagnostic>) -> Option<(String, Vec<String>, usize)> {
        let lines = BodyLine::lines_of(text);
        let (block, next) = fenced_block(&lines, 0, "api-example", errors)?;
        let content = block
            .lines
            .iter()
            .map(|&(l, start)| lines[l].text[start..].to_string())
            .collect();
        Some((block.info.to_string(), content, next))
    }

    #[test]
    fn fences_are_three_or_more_backticks_or_tildes_indented_at_most_three() {
        assert_eq!(fence("```json"), Some((0, b'`', 3)));
        assert_eq!(fence("   ~~~~"), Some((3, b'~', 4)));
        assert_eq!(fence("    ```"), None);
        assert_eq!(fence("``"), None);
        assert_eq!(fence("text ```"), None);
        let mut errors = Vec::new();
        assert!(block_of("not a fence\n```\n```", &mut errors).is_none());
        assert!(errors.is_empty());
    }

    #[test]
    fn a_block_closes_at_a_fence_of_its_character_at_least_as_long() {
        // (body, info string, content from where each line's starts, the
        // line after the block)
        let cases: &[(&str, &str, &[&str], usize)] = &[
            // A shorter fence, or one of the other character, is content.
            (
                "```` json , request \n```\n~~~~\nx\n````` \nafter",
                "json , request",
                &["```", "~~~~", "x"],
                5,
            ),
            // A fence with text after it does not close the block.
            ("~~~\n~~~ no\n~~~\n", "", &["~~~ no"], 3),
            // The opening fence's indentation is removed from the content,
            // as much as each line has.
            (
                "  ```\n    four\n one\nnone\n  ```",
                "",
                &["  four", "one", "none"],
                5,
            ),
        ];
        for &(text, info, content, next) in cases {
            let mut errors = Vec::new();
            let found = block_of(text, &mut errors);
            let content = content.iter().map(|c| c.to_string()).collect();
            assert_eq!(found, Some((info.to_string(), content, next)), "{text:?}");
            assert!(errors.is_empty(), "{text:?}: {errors:?}");
        }
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end_and_is_located_at_its_fence() {
        let mut errors = Vec::new();
        let text = "{}\n  ~~~~ json\n{\"a\": 1}\n```";
        let lines = BodyLine::lines_of(text);
        let (block, next) = fenced_block(&lines, 1, "webhook-event", &mut errors).unwrap();
        assert_eq!((block.lines.len(), next), (2, 4));
        assert_eq!(
            crate::diagnostic::located(&errors, text),
            vec![(
                "this code block is not closed",
                "~~~~ json",
                Some("end it with a line `~~~~` before `<</webhook-event>>`"),
            )]
        );
    }

    #[test]
    fn a_json_error_is_located_at_its_character_in_the_chapter() {
        let text = "```json\n  {\"a\": 1,\n  \"é\": x}\n```";
        let lines = BodyLine::lines_of(text);
        let (block, _) = fenced_block(&lines, 0, "api-example", &mut Vec::new()).unwrap();
        let content: Vec<&str> = block
            .lines
            .iter()
            .map(|&(l, start)| &lines[l].text[start..])
            .collect();
        let json = content.join("\n");
        let (span, message) = json_error(&lines, &block.lines, block.open, &json).unwrap();
        assert_eq!(&text[span], "x");
        assert_eq!(message, "expected value");
        assert_eq!(json_error(&lines, &block.lines, block.open, "{}"), None);
        // An error past the block's last line names that whole line.
        let (span, message) =
            json_error(&lines, &block.lines, block.open, "{\"a\": 1,\n\n\n").unwrap();
        assert_eq!(&text[span], "\"é\": x}");
        assert_eq!(message, "EOF while parsing a value");
    }
}
