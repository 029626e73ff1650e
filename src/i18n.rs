//! Layer 0 (foundations): Translated books: mdbook-i18n-helpers' `mdbook-gettext` preprocessor
//! (0.4), which translates each chapter from a `.po` file.
//!
//! How it works (mdbook-i18n-helpers 0.4.0, `src/lib.rs`,
//! `src/gettext.rs`, `src/preprocessors/gettext.rs`): it parses each chapter
//! with pulldown-cmark, replaces each paragraph's, heading's, list item's
//! or table cell's text (a message) by its translation and writes the whole
//! chapter back with pulldown-cmark-to-cmark. A heading's `{#id}` is not
//! part of its message and is written back (`## Übersicht { #overview }`);
//! a heading without one gets, in mdBook, an id made from its translated
//! text. `mdbook-xgettext`, the renderer that extracts the messages, gets the
//! book after the preprocessors that run for it, which include ours but not
//! `mdbook-gettext` (it declines the `xgettext` renderer): the messages are
//! the *expanded* guide. So gettext must run **after** this preprocessor:
//!
//! - **Pinned ids**: in a build that gettext translates ([`gettext_translates`])
//!   after us ([`gettext_runs_first`] is false), every Markdown heading of
//!   every chapter gets, as an explicit `{#id}`, the id mdBook gives it in
//!   the untranslated book ([`pin_heading_ids`]): the links that `toc`,
//!   `topics`, `step-ref` and the writer generate or write keep pointing at
//!   the headings, whatever the translated text. Other builds are left as
//!   they are.
//! - **Callouts and troubleshooting lists** are written as block quotes
//!   with a bold title and as nested lists, in the build gettext translates
//!   and in the one xgettext extracts from (so that the messages match):
//!   gettext parses without GFM alerts and definition lists, and would
//!   write `> [!NOTE]` back as `> \[!NOTE\]` (shown as text) and join a
//!   term and its definition ([`crate::settings::Settings::alerts`],
//!   [`crate::settings::Settings::definition_lists`]).
//! - **The wrong order** (gettext first) rewrites our tags
//!   (`<<#toc>>` arrives as `\<\<\#toc>>`, a block's lines joined):
//!   [`wrong_order`] finds them ([`escaped_tags`]), and the build fails
//!   saying which book.toml key fixes it, instead of showing the tags as
//!   text.

use std::ops::Range;
use std::path::Path;

use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};
use serde_json::Value;

use crate::book::Chapter;
use crate::diagnostic::{Diagnostic, LineIndex, Located};
use crate::ids::Collector;
use crate::markdown::{self, ParseOptions};
use crate::neighbours;

/// The name of mdbook-i18n-helpers' translating preprocessor.
pub const GETTEXT: &str = "gettext";
/// The name of mdbook-i18n-helpers' renderer that extracts the messages.
pub const XGETTEXT: &str = "xgettext";

/// Whether `renderer` is mdbook-i18n-helpers' `mdbook-xgettext`: the
/// `xgettext` output, or an `[output.*]` table whose `command` runs it.
pub fn is_xgettext(config: &Value, renderer: &str) -> bool {
    renderer == XGETTEXT
        || config
            .pointer(&format!("/output/{renderer}/command"))
            .and_then(Value::as_str)
            .is_some_and(|c| neighbours::program(c) == "mdbook-xgettext")
}

/// The `[preprocessor.*]` tables of book.toml that run `mdbook-gettext`:
/// `[preprocessor.gettext]` (with mdBook's default command
/// `mdbook-gettext`), or another name whose `command` runs `mdbook-gettext`
/// (as [`neighbours::identify`] tells them).
pub fn gettext_tables(config: &Value) -> Vec<String> {
    neighbours::found(&neighbours::tables(config))
        .into_iter()
        .filter(|(_, n)| n.name == GETTEXT)
        .map(|(name, _)| name)
        .collect()
}

/// Whether `mdbook-gettext` translates this build: it is configured, the
/// renderer is not `xgettext` (which it declines), `book.language` is set
/// (`MDBOOK_BOOK__LANGUAGE=xx` sets it) and `<po-dir>/<language>.po`
/// exists under the book's root (`po-dir` from its table, default `po`).
/// Otherwise it returns the book untranslated
/// (mdbook-i18n-helpers 0.4.0, `src/preprocessors/gettext.rs`:
/// `should_translate`, `get_catalog_path`, `supports_renderer`).
pub fn gettext_translates(config: &Value, root: &Path, renderer: &str) -> bool {
    if renderer == XGETTEXT {
        return false;
    }
    let Some(language) = config
        .get("book")
        .and_then(|b| b.get("language"))
        .and_then(Value::as_str)
    else {
        return false;
    };
    gettext_tables(config).iter().any(|name| {
        let po_dir = config
            .get("preprocessor")
            .and_then(|p| p.get(name))
            .and_then(|t| t.get("po-dir"))
            .and_then(Value::as_str)
            .unwrap_or("po");
        root.join(po_dir)
            .join(format!("{language}.po"))
            .try_exists()
            .unwrap_or(false)
    })
}

/// Whether book.toml has mdbook-gettext run before `integration-guide`
/// (as mdBook orders them, see [`neighbours::mdbook_order`]). With each table as
/// its tool documents it (ours `after = ["links", "index"]`, gettext's
/// `after = ["links"]`) it does: both come in the same round, and by name
/// `gettext` < `integration-guide`. `before = ["gettext"]` in ours (or
/// `"integration-guide"` in gettext's `after`) puts gettext after us.
pub fn gettext_runs_first(config: &Value) -> bool {
    let tables = neighbours::tables(config);
    let Some(order) = neighbours::mdbook_order(&tables, neighbours::uses_defaults(config)) else {
        return false;
    };
    let at = |name: &str| order.iter().position(|n| n == name);
    let Some(ours) = at("integration-guide") else {
        return false;
    };
    gettext_tables(config)
        .iter()
        .any(|g| at(g).is_some_and(|g| g < ours))
}

/// Where to write each heading's id so that mdBook uses it verbatim: one
/// insertion `(offset, text)` per Markdown heading of `text` whose id is
/// generated from its text (not one with `{#id}` or `{id=...}` already,
/// not an empty id), in order. The id is the one mdBook gives the heading
/// now (`crate::ids`: unique on the page, smart punctuation as configured);
/// it goes at the end of the heading's text as ` {#id}`, or into the
/// heading's attribute block when it has one (`{.class}` becomes
/// `{#id .class}`). The text a reader sees does not change, and neither do
/// the other headings' ids, since every generated id is pinned at once.
pub fn heading_id_insertions(text: &str, options: ParseOptions) -> Vec<(usize, String)> {
    let slots = heading_slots(text, options);
    let mut collector = Collector::default();
    for (event, range) in markdown::parser(text, options).into_offset_iter() {
        if collector.needs(&event) {
            collector.event(event, range);
        }
    }
    let (elements, bases) = collector.finish_with_bases(text.len());
    let mut out = Vec::new();
    for (element, base) in elements.iter().zip(&bases) {
        if element.level == 0 || base.is_none() || element.id.is_empty() {
            continue;
        }
        if let Some(slot) = slots.iter().find(|s| s.start == element.range.start) {
            out.push(slot.insert(&format!("#{}", element.id)));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    keep_headings(text, out, options)
}

/// The insertions of `edits` that leave every heading's level, text and
/// id as they are: text added at the end of a setext heading's last line
/// can make that line a block of its own (`*` is a paragraph's
/// continuation, `* {#x}` a list item that ends the heading), so a heading
/// whose insertion would change the outline is left as it is.
fn keep_headings(
    text: &str,
    edits: Vec<(usize, String)>,
    options: ParseOptions,
) -> Vec<(usize, String)> {
    let outline = |t: &str| -> Vec<(u8, String, String)> {
        crate::ids::elements(t, options)
            .into_iter()
            .filter(|e| e.level > 0)
            .map(|e| (e.level, e.text, e.id))
            .collect()
    };
    let before = outline(text);
    if outline(&apply(text, &edits)) == before {
        return edits;
    }
    let safe: Vec<(usize, String)> = edits
        .into_iter()
        .filter(|e| outline(&apply(text, std::slice::from_ref(e))) == before)
        .collect();
    if outline(&apply(text, &safe)) == before {
        safe
    } else {
        Vec::new()
    }
}

/// Where an attribute goes in a Markdown heading that has no explicit id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Where the heading starts (its range's start in the parser's events).
    pub start: usize,
    /// Where the attribute is inserted: just after the `{` of the heading's
    /// attribute block (`{`...`}` after its text, on the same line), or
    /// at the end of its line when it has none (after an ATX heading's
    /// closing `#`s: pulldown-cmark reads `## A {#a} ##` as the text
    /// `A {#a}`, and `## A ## {#a}` as `A` with the id `a`).
    pub at: usize,
    /// Whether `at` is inside an attribute block.
    pub in_block: bool,
}

impl Slot {
    /// The insertion of one attribute (`#id`, `.class`).
    pub fn insert(&self, attribute: &str) -> (usize, String) {
        if self.in_block {
            (self.at, format!("{attribute} "))
        } else {
            (self.at, format!(" {{{attribute}}}"))
        }
    }
}

/// The [`Slot`] of every Markdown heading of `text` without an explicit id
/// (`{#id}`, `{id=...}`) and with some text, in order. (pulldown-cmark
/// reads a heading's attribute block after its text, at the end of its
/// line; an ATX heading's closing `#`s may follow it.)
pub fn heading_slots(text: &str, options: ParseOptions) -> Vec<Slot> {
    struct Open {
        start: usize,
        explicit: bool,
        content_end: Option<usize>,
    }
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    for (event, range) in markdown::parser(text, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { id, attrs, .. }) if open.is_none() => {
                open = Some(Open {
                    start: range.start,
                    explicit: id.is_some() || attrs.iter().any(|(k, _)| k.as_ref() == "id"),
                    content_end: None,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(o) = open.take()
                    && !o.explicit
                    && let Some(end) = o.content_end
                {
                    let line_end = text[end..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |i| end + i);
                    // What follows the text on its line: spaces, an ATX
                    // heading's closing `#`s, an attribute block (which
                    // must come after the `#`s).
                    let tail = &text[end..line_end];
                    out.push(match tail.find('{') {
                        Some(brace) => Slot {
                            start: o.start,
                            at: end + brace + 1,
                            in_block: true,
                        },
                        None => Slot {
                            start: o.start,
                            at: end + tail.trim_end().len(),
                            in_block: false,
                        },
                    });
                }
            }
            _ => {
                if let Some(o) = open.as_mut() {
                    o.content_end = Some(o.content_end.map_or(range.end, |e| e.max(range.end)));
                }
            }
        }
    }
    out
}

/// `text` with every generated heading id written out as `{#id}` (see
/// [`heading_id_insertions`]); `None` when there is nothing to add.
pub fn pin_heading_ids(text: &str, options: ParseOptions) -> Option<String> {
    let edits = heading_id_insertions(text, options);
    if edits.is_empty() {
        return None;
    }
    Some(apply(text, &edits))
}

/// `text` with the insertions made (offsets into `text`, in order).
pub fn apply(text: &str, edits: &[(usize, String)]) -> String {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut last = 0;
    for (at, insert) in edits {
        out.push_str(&text[last..*at]);
        out.push_str(insert);
        last = *at;
    }
    out.push_str(&text[last..]);
    out
}

/// A tag of ours as `mdbook-gettext` writes it back: pulldown-cmark-to-cmark
/// escapes the `<` of text (`\<`), and of `#` where it could start a
/// heading (`\#`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapedTag {
    /// The shortcode's name.
    pub name: String,
    /// Whether it is a closing tag (`<</name>>`).
    pub closing: bool,
    /// Its place in the chapter, from the first `\<` to the name's end.
    pub span: Range<usize>,
}

/// The tags of shortcodes (names for which `known` is true) in the escaped
/// form `mdbook-gettext` gives them when it runs before us (see
/// [`EscapedTag`]): `\<\<#name`, `\<\<\#name` and `\<\</name`. Not
/// `\<</name`, which gettext also writes (to its parser `</name>` is an
/// HTML end tag, only the first `<` is text): that is our own escape of a
/// closing tag, as `\<<#name` is of an opening one; every block has an
/// opening tag to report.
pub fn escaped_tags(text: &str, known: &dyn Fn(&str) -> bool) -> Vec<EscapedTag> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"\\<").map(|i| from + i) {
        from = i + 2;
        let rest = &text[i + 2..];
        // `\<<#` is our own escape (a literal tag), gettext's is `\<\<`.
        let Some(rest) = rest.strip_prefix("\\<") else {
            continue;
        };
        let (closing, rest) = if let Some(r) = rest.strip_prefix("\\#") {
            (false, r)
        } else if let Some(r) = rest.strip_prefix('#') {
            (false, r)
        } else if let Some(r) = rest.strip_prefix('/') {
            (true, r)
        } else {
            continue;
        };
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '\\'))
            .unwrap_or(rest.len());
        // pulldown-cmark-to-cmark escapes `_` and `-` in some places.
        let name: String = rest[..len].chars().filter(|&c| c != '\\').collect();
        if name.is_empty() || !known(&name) {
            continue;
        }
        let end = text.len() - rest.len() + len;
        out.push(EscapedTag {
            name,
            closing,
            span: i..end,
        });
        from = end;
    }
    out
}

/// What book.toml needs so that gettext runs after us.
pub const ORDER_FIX: &str = "run mdbook-gettext after mdbook-integration-guide: in book.toml add `before = [\"gettext\"]` to [preprocessor.integration-guide] (or `after = [\"links\", \"integration-guide\"]` to [preprocessor.gettext])";

/// The chapters that reached us through `mdbook-gettext` (our tags in its
/// escaped form, see [`escaped_tags`]): one error per chapter, at the first
/// such tag, shown in the chapter's file where that tag is written (the
/// same occurrence of `<<#name` or `<</name` outside code in the file on
/// disk; at its place in the text we got when the file does not have it).
pub fn wrong_order(
    chapters: &[Chapter],
    root: &Path,
    src_dir: &str,
    options: ParseOptions,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Located> {
    let mut out = Vec::new();
    for (i, ch) in chapters.iter().enumerate() {
        if memchr::memmem::find(ch.content.as_bytes(), b"\\<\\<").is_none() {
            continue;
        }
        let tags = escaped_tags(&ch.content, known);
        let Some(first) = tags.first() else {
            continue;
        };
        let written = format!("<<{}{}", if first.closing { "/" } else { "#" }, first.name);
        let arrived = &ch.content[first.span.clone()];
        let more = match tags.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more tag in this chapter)".to_string(),
            n => format!(" (and {n} more tags in this chapter)"),
        };
        let message = format!(
            "mdbook-gettext ran before mdbook-integration-guide and rewrote this chapter: `{written}` arrived as `{arrived}`{more}, and would be shown as text"
        );
        let nth = tags
            .iter()
            .filter(|t| t.name == first.name && t.closing == first.closing)
            .position(|t| t.span == first.span)
            .unwrap_or(0);
        let file = ch
            .source_path
            .as_deref()
            .map(|p| root.join(src_dir).join(p))
            .and_then(|p| std::fs::read_to_string(p).ok());
        let at = file.as_deref().and_then(|text| {
            // Tags in code are text, and gettext leaves code alone.
            let regions = markdown::Regions::of(text, options);
            text.match_indices(&written)
                .map(|(at, _)| at)
                .filter(|&at| {
                    // The name ends there (`<<#toc` is not `<<#toc-x`).
                    !text[at + written.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        && !regions.is_protected(at)
                })
                .nth(nth)
        });
        let name = ch.display_path(src_dir);
        let mut located = match (file.as_deref(), at) {
            (Some(text), Some(at)) => Located::new(
                &name,
                &LineIndex::new(text),
                Diagnostic::error(at..at + written.len(), message),
            ),
            _ => Located::new(
                &name,
                &LineIndex::new(&ch.content),
                Diagnostic::error(first.span.clone(), message),
            ),
        };
        located.diagnostic.hint = Some(ORDER_FIX.to_string());
        located.chapter = Some(i);
        out.push(located);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids;

    fn pin(text: &str) -> String {
        pin_heading_ids(text, ParseOptions::default()).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn each_form_of_heading_gets_its_id() {
        assert_eq!(pin("# Intro\n"), "# Intro {#intro}\n");
        assert_eq!(pin("## A ##\n"), "## A ## {#a}\n");
        assert_eq!(pin("## A ##  \n"), "## A ## {#a}  \n");
        assert_eq!(pin("## A ## {.x}\n"), "## A ## {#a .x}\n");
        assert_eq!(pin("Intro\n=====\n"), "Intro {#intro}\n=====\n");
        assert_eq!(pin("Two\nlines\n---\n"), "Two\nlines {#two-lines}\n---\n");
        assert_eq!(pin("> ## Quoted\n"), "> ## Quoted {#quoted}\n");
        assert_eq!(pin("- ## Item\n"), "- ## Item {#item}\n");
        assert_eq!(pin("## Styled {.x}\n"), "## Styled {#styled .x}\n");
        assert_eq!(
            pin("## Kept {#k}\n## Kept\n"),
            "## Kept {#k}\n## Kept {#kept}\n"
        );
        assert_eq!(
            pin("## Same\n## Same\r\n"),
            "## Same {#same}\n## Same {#same-1}\r\n"
        );
        assert_eq!(pin("## A -- B\n"), "## A -- B {#a--b}\n");
        assert_eq!(pin("## `code` *em*\n"), "## `code` *em* {#code-em}\n");
        assert_eq!(pin("## !!!\n"), "## !!!\n");
        assert_eq!(pin("Text only.\n"), "Text only.\n");
    }

    #[test]
    fn pinned_ids_and_texts_are_what_they_were() {
        for text in [
            "# A\n\n## A\n\n## A {.c}\n\nTerm\n: def\n\n## Term\n",
            "## Foot[^1]\n\n[^1]: ## In a note\n",
            "## <span>html</span> text\n\n## x_y\n",
            "Setext *em*\n---\n\n## C++ & C#\n",
            "## Set {x}\n## Set {\n",
            "## Closed ##\n## Closed ## {.c}\n## Spaces  \nSetext  \n---\n",
        ] {
            let before = ids::elements(text, ParseOptions::default());
            let pinned = pin(text);
            let after = ids::elements(&pinned, ParseOptions::default());
            let key = |e: &ids::Element| (e.level, e.text.clone(), e.id.clone());
            let headings = |v: &[ids::Element]| {
                v.iter()
                    .filter(|e| e.level > 0)
                    .map(key)
                    .collect::<Vec<_>>()
            };
            assert_eq!(headings(&before), headings(&after), "{pinned}");
            // Pinning again adds nothing.
            assert_eq!(
                pin_heading_ids(&pinned, ParseOptions::default()),
                None,
                "{pinned}"
            );
        }
    }

    #[test]
    fn gettext_in_mdbooks_order() {
        let order_of = |config: &Value| {
            neighbours::mdbook_order(
                &neighbours::tables(config),
                neighbours::uses_defaults(config),
            )
        };
        let order = |config: Value| order_of(&config).unwrap().join(" ");
        let ours = |extra: Value| {
            serde_json::json!({ "preprocessor": {
                "integration-guide": extra,
                "gettext": { "after": ["links"] },
                "admonish": {},
            }})
        };
        // In rounds of those nothing has to precede, each by name.
        assert_eq!(
            order(ours(serde_json::json!({ "after": ["links", "index"] }))),
            "admonish index links gettext integration-guide"
        );
        assert!(gettext_runs_first(&ours(
            serde_json::json!({ "after": ["links", "index"] })
        )));
        let fixed = ours(serde_json::json!({ "after": ["links", "index"], "before": ["gettext"] }));
        assert_eq!(
            order(fixed.clone()),
            "admonish index links integration-guide gettext"
        );
        assert!(!gettext_runs_first(&fixed));
        // From gettext's side; an unknown name is ignored.
        let config = serde_json::json!({ "preprocessor": {
            "integration-guide": { "after": ["links", "index", "nope"] },
            "gettext": { "after": ["links", "integration-guide"] },
        }});
        assert!(!gettext_runs_first(&config));
        // A cycle: mdBook refuses to build.
        let config = serde_json::json!({ "preprocessor": {
            "integration-guide": { "before": ["gettext"] },
            "gettext": { "before": ["integration-guide"] },
        }});
        assert_eq!(order_of(&config), None);
        assert!(!gettext_runs_first(&config));
        // Without the defaults.
        let config = serde_json::json!({
            "build": { "use-default-preprocessors": false },
            "preprocessor": { "integration-guide": { "after": ["links"] }, "gettext": {} },
        });
        assert_eq!(order(config), "gettext integration-guide");
    }

    #[test]
    fn gettext_escaped_tags_are_found() {
        let known = |n: &str| matches!(n, "toc" | "note" | "config-step");
        let text = "\\<\\<#toc>>\n\\<\\<\\#note>> Body \\<</note>>\n\\<\\</config-step>>\n\\<\\<#div>>\n\\<<#toc>>";
        let found: Vec<(String, bool)> = escaped_tags(text, &known)
            .into_iter()
            .map(|t| (t.name, t.closing))
            .collect();
        assert_eq!(
            found,
            [
                ("toc".to_string(), false),
                ("note".to_string(), false),
                ("config-step".to_string(), true),
            ]
        );
    }
}
