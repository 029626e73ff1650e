//! Markdown structures the shortcodes emit: GFM tables, fenced code
//! blocks, group titles, mermaid diagrams. Their contents are escaped by the caller
//! (`crate::escape`).

/// A GFM table from a header and rows of cells that are already inline
/// Markdown with `|` escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    table_of_columns(header, rows, &[])
}

/// A GFM table as [`table`] writes it, without each optional column
/// (`optional[i]`) whose cells are all empty: a column such as "Required"
/// or "Notes" shows only when some row fills it.
pub fn table_of_filled(header: &[&str], optional: &[bool], rows: &[Vec<String>]) -> String {
    let shown: Vec<bool> = (0..header.len())
        .map(|i| {
            !optional.get(i).copied().unwrap_or(false)
                || rows.iter().any(|r| r.get(i).is_some_and(|c| !c.is_empty()))
        })
        .collect();
    table_of_columns(header, rows, &shown)
}

/// The table of the columns that `shown` keeps (those past its end are
/// all kept).
fn table_of_columns(header: &[&str], rows: &[Vec<String>], shown: &[bool]) -> String {
    let kept = |i: usize| shown.get(i).copied().unwrap_or(true);
    let mut out = String::new();
    out.push('|');
    for (i, h) in header.iter().enumerate() {
        if kept(i) {
            out.push(' ');
            out.push_str(h);
            out.push_str(" |");
        }
    }
    out.push_str("\n|");
    for (i, h) in header.iter().enumerate() {
        if kept(i) {
            out.push_str(&"-".repeat(h.chars().count().max(3) + 2));
            out.push('|');
        }
    }
    for row in rows {
        out.push_str("\n|");
        for (i, c) in row.iter().enumerate() {
            if !kept(i) {
            } else if c.is_empty() {
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

/// The title of a group (inline Markdown): a bold line, or a heading of
/// `level`.
pub fn group_title(title: &str, level: Option<i64>) -> String {
    match level {
        Some(n) => heading(n, title, None),
        None => format!("**{title}**"),
    }
}

/// An ATX heading line (no line ending): `level` `#`s (clamped to 1..=6),
/// the text, and ` {#id}` when `id` is given. Every heading a shortcode
/// generates is written here. `text` is inline Markdown already escaped
/// (`crate::escape`), on one line; its end is made safe with
/// [`heading_text`].
pub fn heading(level: i64, text: &str, id: Option<&str>) -> String {
    let hashes = "#".repeat(level.clamp(1, 6) as usize);
    let text = heading_text(text);
    match id {
        Some(id) => format!("{hashes} {text} {{#{id}}}"),
        None => format!("{hashes} {text}"),
    }
}

/// Heading text that shows as written: mdBook's parser (pulldown-cmark
/// 0.13 with heading attributes) reads two things at the end of a
/// heading's line that are not text. An attribute block: when the line
/// ends with `}`, the text from the last `{` before it, unless a `\`, `<`,
/// `>` or another brace comes first (`{#id .class key=value}` sets the id,
/// classes and any attribute). And a closing sequence: `#`s after a space
/// (CommonMark 0.31.2 §4.2). A `}` or `#` that ends the text is therefore
/// backslash-escaped (a `\` stops the search for `{`, and the `#`s no longer
/// end the line); the reader sees the same characters.
pub fn heading_text(text: &str) -> String {
    let mut out = text.trim_end().to_string();
    let b = out.as_bytes();
    if let Some(&last) = b.last()
        && matches!(last, b'}' | b'#')
    {
        let backslashes = b[..b.len() - 1]
            .iter()
            .rev()
            .take_while(|&&c| c == b'\\')
            .count();
        if backslashes % 2 == 0 {
            out.insert(out.len() - 1, '\\');
        }
    }
    out
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

/// A mermaid diagram (its source text) in exactly the form mdbook-mermaid
/// gives a ```` ```mermaid ```` block: `<pre class="mermaid">`, the text with
/// `<`, `>`, `"` and `&` as character references and CRLF as LF, `</pre>`
/// (mdbook-mermaid 0.17.1, `src/lib.rs`: `escape_html` and `add_mermaid`).
/// mermaid.js reads it the same way whether we or mdbook-mermaid wrote it,
/// and mdbook-mermaid, before or after us, leaves it alone (it converts
/// code blocks only).
///
/// It is one HTML block (CommonMark §4.6, kind 1: it ends at the line with
/// `</pre>`, blank lines inside do not end it), so it stays whole inside a
/// block quote (a callout) or a list item when each of its lines gets the
/// container's prefix. mdbook-mermaid puts a blank line before and after
/// its block; callers put the usual blank line between blocks.
pub fn mermaid(diagram: &str) -> String {
    let mut out = String::from("<pre class=\"mermaid\">");
    for c in diagram.replace("\r\n", "\n").chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("</pre>");
    out
}

/// Grouped lists: for each group that has items, its title (see
/// [`group_title`]) and a list whose lines start with `marker` (`- `,
/// `- [ ] `); `titles` and `items` go group by group, items are inline
/// Markdown already escaped. The blocks, to be joined by blank lines.
pub fn grouped_lists(
    titles: impl IntoIterator<Item = String>,
    items: &[Vec<String>],
    level: Option<i64>,
    marker: &str,
) -> Vec<String> {
    let mut parts = Vec::new();
    for (title, list) in titles.into_iter().zip(items) {
        if list.is_empty() {
            continue;
        }
        parts.push(group_title(&title, level));
        let lines: Vec<String> = list.iter().map(|i| format!("{marker}{i}")).collect();
        parts.push(lines.join("\n"));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_backticks() {
        assert_eq!(fenced("json", "{}\n"), "```json\n{}\n```");
        assert_eq!(fenced("", "a ```` b"), "`````\na ```` b\n`````");
    }

    #[test]
    fn mermaid_as_mdbook_mermaid_writes_it() {
        assert_eq!(
            mermaid("graph TD\r\nA --> B & \"c\"\n"),
            "<pre class=\"mermaid\">graph TD\nA --&gt; B &amp; &quot;c&quot;\n</pre>"
        );
        assert_eq!(mermaid("x"), "<pre class=\"mermaid\">x\n</pre>");
    }

    #[test]
    fn tables_and_titles() {
        assert_eq!(
            table(&["A", "Bee"], &[vec!["x".into(), String::new()]]),
            "| A | Bee |\n|-----|-----|\n| x |  |"
        );
        // An optional column shows when some row fills it.
        let rows = [
            vec!["a".into(), String::new(), String::new(), "d".into()],
            vec!["b".into(), "yes".into(), String::new(), String::new()],
        ];
        let optional = [false, true, true, false];
        assert_eq!(
            table_of_filled(&["N", "Req", "Notes", "D"], &optional, &rows),
            "| N | Req | D |\n|-----|-----|-----|\n| a |  | d |\n| b | yes |  |"
        );
        assert_eq!(
            table_of_filled(&["N", "Req", "Notes", "D"], &[false; 4], &rows),
            table(&["N", "Req", "Notes", "D"], &rows)
        );
        assert_eq!(group_title("T", Some(3)), "### T");
        assert_eq!(group_title("T {.x}", Some(9)), "###### T {.x\\}");
        assert_eq!(heading(2, "Use C#", Some("c")), "## Use C\\# {#c}");
        assert_eq!(heading(2, "Totals {v2} ", None), "## Totals {v2\\}");
        assert_eq!(heading(2, "Done \\}", None), "## Done \\}");
        assert_eq!(heading(2, "Plain", None), "## Plain");
        assert_eq!(group_title("T", None), "**T**");
        let parts = grouped_lists(
            ["A".to_string(), "B".to_string(), "C".to_string()],
            &[vec!["x".into()], vec![], vec!["y".into(), "z".into()]],
            Some(3),
            "- ",
        );
        assert_eq!(parts, ["### A", "- x", "### C", "- y\n- z"]);
    }
}
