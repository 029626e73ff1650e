//! Layer 0 (foundations): The Markdown parser set up exactly as mdBook 0.5 sets it up, and the
//! regions of a chapter that shortcodes must not touch.

pub mod write;

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The parser options mdBook's HTML renderer uses, from `[output.html]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// `[output.html] smart-punctuation` (mdBook's default: on): curly quotes,
    /// dashes and ellipses, which change heading text and so ids.
    pub smart_punctuation: bool,
    /// `[output.html] definition-lists` (default: on): `term` / `: definition`
    /// lists, whose terms get ids.
    pub definition_lists: bool,
    /// `[output.html] admonitions` (default: on): GFM alerts (`> [!NOTE]`).
    pub admonitions: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
        }
    }
}

/// A pulldown-cmark parser configured as mdBook 0.5.4 configures it.
pub fn parser<'a>(text: &'a str, options: ParseOptions) -> Parser<'a> {
    let mut opts = mdbook_markdown::MarkdownOptions::default();
    opts.smart_punctuation = options.smart_punctuation;
    opts.definition_lists = options.definition_lists;
    opts.admonitions = options.admonitions;
    mdbook_markdown::new_cmark_parser(text, &opts)
}

/// Writes generated Markdown from events (pulldown-cmark-to-cmark), with
/// `-` bullets and escaping that round-trips through mdBook's parser.
pub fn write<'e>(events: impl IntoIterator<Item = Event<'e>>) -> Result<String, String> {
    use mdbook_markdown::pulldown_cmark::Options;
    let parser_options = (Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM)
        .intersection(pulldown_cmark_to_cmark::SUPPORTED_PARSER_OPTIONS);
    let options = pulldown_cmark_to_cmark::Options {
        list_token: '-',
        ..Default::default()
    };
    let mut out = String::new();
    pulldown_cmark_to_cmark::cmark_with_options(events, &mut out, parser_options, options)
        .map_err(|e| format!("internal error while writing Markdown ({e}); please report it"))?;
    Ok(out)
}

/// Where, in a chapter, shortcodes are not recognised (code and HTML
/// comments) and where they sit in a table cell (so `|` must be escaped).
#[derive(Debug, Default)]
pub struct Regions {
    /// Sorted, non-overlapping byte ranges of code spans, code blocks and
    /// HTML comments.
    protected: Vec<Range<usize>>,
    /// Byte ranges of GFM table cells.
    table_cells: Vec<Range<usize>>,
    /// The text of fenced code blocks that opt in to environment values
    /// (`env` among the info string's comma-separated attributes,
    /// ```` ```sh,env ````): one range per line, without container
    /// prefixes.
    pub env_code: Vec<Range<usize>>,
}

/// Whether a fenced code block's info string opts in to `{env:key}`.
pub fn info_has_env(info: &str) -> bool {
    info.split(|c: char| c == ',' || c.is_whitespace())
        .skip(1)
        .any(|a| a == "env")
}

impl Regions {
    /// The regions of `text` as mdBook's parser, set up with `options`, sees
    /// them.
    pub fn of(text: &str, options: ParseOptions) -> Regions {
        Regions::of_with(text, options, |_, _| {})
    }

    /// [`Regions::of`], handing every event of the parse on to `each`, so
    /// that the same pass can collect more (the heading ids, say).
    pub fn of_with(
        text: &str,
        options: ParseOptions,
        mut each: impl FnMut(Event<'_>, Range<usize>),
    ) -> Regions {
        let mut protected = Vec::new();
        let mut table_cells = Vec::new();
        let mut html_block: Option<usize> = None;
        let mut env_code = Vec::new();
        let mut in_env_code = false;
        for (event, range) in parser(text, options).into_offset_iter() {
            match &event {
                Event::Code(_) => protected.push(range.clone()),
                Event::Start(Tag::CodeBlock(kind)) => {
                    protected.push(range.clone());
                    in_env_code = matches!(kind, CodeBlockKind::Fenced(info) if info_has_env(info));
                }
                Event::End(TagEnd::CodeBlock) => in_env_code = false,
                Event::Text(_) if in_env_code => env_code.push(range.clone()),
                Event::Start(Tag::TableCell) => table_cells.push(range.clone()),
                Event::Start(Tag::HtmlBlock) => html_block = Some(range.start),
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some(start) = html_block.take() {
                        push_comments(text, start..range.end, &mut protected);
                    }
                }
                Event::InlineHtml(_) => push_comments(text, range.clone(), &mut protected),
                _ => {}
            }
            each(event, range);
        }
        protected.sort_by_key(|r| r.start);
        // Merge overlaps (a code block inside an HTML comment, say).
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(protected.len());
        for r in protected {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Regions {
            protected: merged,
            table_cells,
            env_code,
        }
    }

    /// Whether the byte at `offset` is inside code or an HTML comment.
    pub fn is_protected(&self, offset: usize) -> bool {
        contains(&self.protected, offset)
    }

    /// The end of the protected region holding `offset`, if any.
    pub fn protected_end(&self, offset: usize) -> Option<usize> {
        let i = self.protected.partition_point(|r| r.end <= offset);
        self.protected
            .get(i)
            .filter(|r| r.start <= offset)
            .map(|r| r.end)
    }

    /// Whether `offset` is inside a table cell.
    pub fn in_table_cell(&self, offset: usize) -> bool {
        contains(&self.table_cells, offset)
    }
}

fn contains(sorted: &[Range<usize>], offset: usize) -> bool {
    let i = sorted.partition_point(|r| r.end <= offset);
    sorted.get(i).is_some_and(|r| r.start <= offset)
}

/// Adds the `<!-- ... -->` comments inside an HTML range. An unterminated
/// comment runs to the end of the range, as it does for mdBook.
fn push_comments(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let html = &text[range.clone()];
    let mut from = 0;
    while let Some(start) = html[from..].find("<!--").map(|i| i + from) {
        let end = html[start + 4..]
            .find("-->")
            .map_or(html.len(), |i| start + 4 + i + 3);
        out.push(range.start + start..range.start + end);
        from = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protected(text: &str) -> Vec<&str> {
        let r = Regions::of(text, ParseOptions::default());
        r.protected.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn code_and_comments_are_protected() {
        let text =
            "a `<<#x>>` b\n\n```\n<<#y>>\n```\n\n    <<#z>>\n\n<!-- <<#c>> -->\n\nt <!-- i --> u\n";
        assert_eq!(
            protected(text),
            vec![
                "`<<#x>>`",
                "```\n<<#y>>\n```",
                "<<#z>>\n",
                "<!-- <<#c>> -->",
                "<!-- i -->"
            ]
        );
    }

    #[test]
    fn table_cells() {
        let text = "| a | b |\n|---|---|\n| c | d |\n";
        let r = Regions::of(text, ParseOptions::default());
        let c = text.find('c').unwrap();
        assert!(r.in_table_cell(c));
        assert!(!r.in_table_cell(text.len() - 1));
    }
}
