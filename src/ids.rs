//! Layer 0 (foundations): Where heading ids are computed: the ids mdBook 0.5.4's HTML renderer
//! gives headings (and definition-list terms), so that every anchor we emit
//! resolves.
//!
//! mdBook builds an HTML tree from the parser's events, then gives every
//! Markdown heading and `<dt>` (not the ones written as raw HTML) an id, in
//! the order the elements were created:
//!
//! - An id written on the heading (`{#id}`, or `{id=...}`) is used verbatim
//!   and is not reserved: a later heading can get the same id.
//! - Otherwise the id comes from all the text inside the element: text,
//!   inline code, text between inline HTML tags, footnote numbers (with a
//!   space between two adjacent references), soft line breaks. Not: HTML
//!   tags, comments, image alt text, hard breaks. That text is trimmed,
//!   lowercased (full Unicode lowercasing), alphanumerics `_` and `-` are
//!   kept, whitespace becomes `-`, the rest is dropped. An empty id is
//!   possible.
//! - Generated ids are made unique per page with `-1`, `-2`, ...;
//!   definition-list terms share the set with headings.
//! - Footnotes are numbered in order of first reference; references inside
//!   image alt text and inside a second definition of the same footnote do
//!   not count (mdBook skips them). Headings inside a footnote definition get
//!   their ids where the definition is written, even when the definition is
//!   never referenced (it is then not shown).
//!
//! Smart punctuation changes the text (`--` becomes `–`, which is dropped),
//! so the parser must be configured as mdBook's (see [`ParseOptions`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{self, ParseOptions};

/// A heading of a chapter as it will be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text as a reader sees it.
    pub text: String,
    /// The id mdBook gives it.
    pub id: String,
    /// Where it is in the text it was computed from.
    pub range: Range<usize>,
}

/// Where an element with an id ends up on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the chapter's flow.
    Body,
    /// In the definition of the footnote with this number (mdBook moves the
    /// definitions, in number order, to the end of the page).
    Footnote(usize),
    /// In a footnote definition nothing refers to: not shown, but its id was
    /// taken.
    Hidden,
}

/// A heading or definition-list term and the id mdBook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// 1 to 6 for a heading, 0 for a definition-list term.
    pub level: u8,
    /// The heading's or term's text as a reader sees it.
    pub text: String,
    /// The id mdBook gives it, unique on the page (as mdBook's `unique_id`).
    pub id: String,
    /// Its byte range in the text it was computed from.
    pub range: Range<usize>,
    /// Where it ends up on the page: the body or a footnote definition.
    pub place: Place,
}

impl Element {
    /// The HTML tag: `h1` ... `h6` or `dt`.
    pub fn tag(&self) -> String {
        match self.level {
            0 => "dt".to_string(),
            n => format!("h{n}"),
        }
    }
}

/// mdBook's `id_from_content`.
pub fn id_from_text(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Per-page de-duplication of ids, as mdBook's `unique_id`.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    pub(crate) fn unique(&mut self, id: String) -> String {
        if self.used.insert(id.clone()) {
            return id;
        }
        (1u32..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

/// The headings of a chapter's flow with the ids mdBook will give them, in
/// document order (definition-list terms and headings inside footnote
/// definitions take part in de-duplication but are not returned).
pub fn headings(text: &str, options: ParseOptions) -> Vec<Heading> {
    elements(text, options)
        .into_iter()
        .filter(|e| e.level > 0 && e.place == Place::Body)
        .map(|e| Heading {
            level: e.level,
            text: e.text,
            id: e.id,
            range: e.range,
        })
        .collect()
}

/// An element open in the HTML tree while a heading or term is collected.
struct Open {
    /// The tag name, for matching raw HTML end tags.
    name: String,
    /// Written as raw HTML (closed implicitly at the end of a Markdown
    /// element).
    raw: bool,
    /// Whether its last child so far is a footnote reference (then mdBook
    /// puts a space before the next one).
    after_footnote: bool,
}

/// The heading or term being collected.
struct Collecting {
    level: u8,
    explicit: Option<String>,
    start: usize,
    id_text: String,
    display: String,
    place: Option<String>,
    /// The tree below the element, the element itself first.
    stack: Vec<Open>,
}

impl Collecting {
    fn top(&mut self) -> Option<&mut Open> {
        self.stack.last_mut()
    }

    /// A child that is not a footnote reference is appended.
    fn child(&mut self) {
        if let Some(top) = self.top() {
            top.after_footnote = false;
        }
    }

    fn text(&mut self, text: &str, shown: bool) {
        self.child();
        self.id_text.push_str(text);
        if shown {
            self.display.push_str(text);
        }
    }

    fn push(&mut self, name: &str, raw: bool) {
        self.child();
        self.stack.push(Open {
            name: name.to_string(),
            raw,
            after_footnote: false,
        });
    }

    /// mdBook's `end_tag`: raw HTML elements left open are closed, then one
    /// element. Returns whether the collected element itself was closed.
    fn end(&mut self) -> bool {
        while self.stack.last().is_some_and(|o| o.raw) {
            self.stack.pop();
        }
        self.stack.pop();
        self.stack.is_empty()
    }

    /// A raw HTML end tag closes the current element only if it matches.
    fn html_end(&mut self, name: &str) -> bool {
        if self.stack.last().is_some_and(|o| o.name == name) {
            self.stack.pop();
        }
        self.stack.is_empty()
    }
}

/// Collects the headings and definition-list terms of a chapter from the
/// parser's events, so that one pass over a chapter can also serve other
/// purposes (see [`crate::markdown::Regions::of_with`]). [`elements`] is a
/// parse fed to one.
#[derive(Default)]
pub struct Collector {
    found: Vec<(Element, Option<String>)>,
    /// For each element of `found`, the length of its id before
    /// de-duplication (a prefix of the id; `None` for an explicit id).
    bases: Vec<Option<usize>>,
    ids: IdSet,
    footnotes: HashMap<String, usize>,
    definitions: HashSet<String>,
    // Footnote definitions being read (normally at most one).
    in_definition: Vec<String>,
    current: Option<Collecting>,
    // Events mdBook consumes without building elements from them (image
    // alt text, a repeated footnote definition): their nesting depth.
    skipping: Option<usize>,
}

impl Collector {
    fn finish_element(&mut self, c: Collecting, end: usize) {
        let (id, base) = match c.explicit {
            Some(id) => (id, None),
            None => {
                let base = id_from_text(&c.id_text);
                let len = base.len();
                (self.ids.unique(base), Some(len))
            }
        };
        let element = Element {
            level: c.level,
            text: c.display.split_whitespace().collect::<Vec<_>>().join(" "),
            id,
            range: c.start..end,
            place: Place::Body,
        };
        self.found.push((element, c.place));
        self.bases.push(base);
    }

    /// Whether [`Collector::event`] would do anything with `event`: most
    /// events of a chapter (those outside headings and terms) it ignores,
    /// and a caller can skip handing them over.
    pub fn needs(&self, event: &Event<'_>) -> bool {
        self.current.is_some()
            || self.skipping.is_some()
            || matches!(
                event,
                Event::Start(
                    Tag::Image { .. }
                        | Tag::FootnoteDefinition(_)
                        | Tag::Heading { .. }
                        | Tag::DefinitionListTitle
                ) | Event::End(TagEnd::FootnoteDefinition)
                    | Event::FootnoteReference(_)
            )
    }

    /// Takes the next event of the parse (with its offsets).
    // Over 80 lines: a parser loop: the state machine over one parse's events (DEVELOPERS.md; tests/suite/layers.rs).
    pub fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some(depth) = self.skipping.as_mut() {
            match event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => self.skipping = None,
                Event::End(_) => *depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Image { .. }) => {
                if let Some(c) = self.current.as_mut() {
                    c.child();
                }
                self.skipping = Some(0);
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                if self.definitions.insert(name.to_string()) {
                    self.in_definition.push(name.to_string());
                } else {
                    self.skipping = Some(0);
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.in_definition.pop();
            }
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) if self.current.is_none() => {
                let attr_id = attrs
                    .iter()
                    .rev()
                    .find(|(k, _)| k.as_ref() == "id")
                    .map(|(_, v)| v.as_deref().unwrap_or("").to_string());
                let level = level as u8;
                self.current = Some(Collecting {
                    level,
                    explicit: id.map(|s| s.to_string()).or(attr_id),
                    start: range.start,
                    id_text: String::new(),
                    display: String::new(),
                    place: self.in_definition.last().cloned(),
                    stack: vec![Open {
                        name: format!("h{level}"),
                        raw: false,
                        after_footnote: false,
                    }],
                });
            }
            Event::Start(Tag::DefinitionListTitle) if self.current.is_none() => {
                self.current = Some(Collecting {
                    level: 0,
                    explicit: None,
                    start: range.start,
                    id_text: String::new(),
                    display: String::new(),
                    place: self.in_definition.last().cloned(),
                    stack: vec![Open {
                        name: "dt".into(),
                        raw: false,
                        after_footnote: false,
                    }],
                });
            }
            Event::FootnoteReference(name) => {
                let next = self.footnotes.len() + 1;
                let n = *self.footnotes.entry(name.to_string()).or_insert(next);
                if let Some(c) = self.current.as_mut() {
                    if c.top().is_some_and(|t| t.after_footnote) {
                        c.text(" ", false);
                    }
                    c.id_text.push_str(&n.to_string());
                    if let Some(top) = c.top() {
                        top.after_footnote = true;
                    }
                }
            }
            event => {
                let Some(c) = self.current.as_mut() else {
                    return;
                };
                let closed = match event {
                    Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                        c.text(&t, true);
                        false
                    }
                    Event::Code(t) => {
                        c.child();
                        c.id_text.push_str(&t);
                        c.display.push_str(&t);
                        false
                    }
                    Event::SoftBreak => {
                        c.text("\n", true);
                        false
                    }
                    Event::HardBreak | Event::Rule => {
                        c.child();
                        c.display.push(' ');
                        false
                    }
                    Event::TaskListMarker(_) => {
                        c.child();
                        c.id_text.push(' ');
                        false
                    }
                    Event::InlineHtml(html) | Event::Html(html) => {
                        let mut closed = false;
                        for token in html_tokens(&html) {
                            match token {
                                HtmlToken::Start { name, closed } => {
                                    if closed {
                                        c.child();
                                    } else {
                                        c.push(&name, true);
                                    }
                                }
                                HtmlToken::End(name) => closed |= c.html_end(&name),
                                HtmlToken::Comment => c.child(),
                                HtmlToken::Text(t) if !closed => c.text(&t, true),
                                HtmlToken::Text(_) => {}
                            }
                            if closed {
                                break;
                            }
                        }
                        closed
                    }
                    Event::Start(tag) => {
                        c.push(tag_name(&tag), false);
                        false
                    }
                    Event::End(_) => c.end(),
                    Event::FootnoteReference(_) => false,
                };
                if closed && let Some(c) = self.current.take() {
                    self.finish_element(c, range.end);
                }
            }
        }
    }

    /// The elements, once every event of a text of `len` bytes was taken.
    pub fn finish(self, len: usize) -> Vec<Element> {
        self.finish_with_bases(len).0
    }

    /// [`Collector::finish`], with the length of each element's id before
    /// de-duplication (`&id[..n]`; `None` for an explicit id), to
    /// de-duplicate again after merging.
    pub fn finish_with_bases(mut self, len: usize) -> (Vec<Element>, Vec<Option<usize>>) {
        if let Some(c) = self.current.take() {
            self.finish_element(c, len);
        }
        let footnotes = self.footnotes;
        let elements = self
            .found
            .into_iter()
            .map(|(mut e, def)| {
                e.place = match def {
                    None => Place::Body,
                    Some(name) => footnotes
                        .get(&name)
                        .map_or(Place::Hidden, |&n| Place::Footnote(n)),
                };
                e
            })
            .collect();
        (elements, self.bases)
    }
}

/// Every heading and definition-list term of a chapter with the id mdBook
/// gives it, in the order mdBook assigns them (document order, except that
/// footnote definitions are shown at the end of the page).
pub fn elements(text: &str, options: ParseOptions) -> Vec<Element> {
    let mut collector = Collector::default();
    for (event, range) in markdown::parser(text, options).into_offset_iter() {
        collector.event(event, range);
    }
    collector.finish(text.len())
}

/// The element mdBook builds for a Markdown tag inside a heading.
fn tag_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Emphasis => "em",
        Tag::Strong => "strong",
        Tag::Strikethrough => "del",
        Tag::Superscript => "sup",
        Tag::Subscript => "sub",
        Tag::Link { .. } => "a",
        _ => "",
    }
}

/// What mdBook's HTML tokenizer makes of inline HTML.
#[derive(Debug, PartialEq, Eq)]
enum HtmlToken {
    Start { name: String, closed: bool },
    End(String),
    Comment,
    Text(String),
}

/// HTML elements without an end tag (mdBook's list).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Tokenizes a piece of inline HTML the way an HTML tokenizer in the data
/// state does, keeping only what affects heading text: tags (names
/// lowercased), comments, and text between them. A tag cut off by the end of
/// the input is dropped.
fn html_tokens(html: &str) -> Vec<HtmlToken> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    let flush = |text: &mut String, out: &mut Vec<HtmlToken>| {
        if !text.is_empty() {
            out.push(HtmlToken::Text(std::mem::take(text)));
        }
    };
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let mut chars = after.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() => {
                let Some((name, closed, len)) = tag(after) else {
                    flush(&mut text, &mut out);
                    return out;
                };
                flush(&mut text, &mut out);
                let closed = closed || is_void(&name);
                out.push(HtmlToken::Start { name, closed });
                rest = &after[len..];
            }
            Some('/') if chars.next().is_some_and(|c| c.is_ascii_alphabetic()) => {
                let Some((name, _, len)) = tag(&after[1..]) else {
                    flush(&mut text, &mut out);
                    return out;
                };
                flush(&mut text, &mut out);
                out.push(HtmlToken::End(name));
                rest = &after[1 + len..];
            }
            Some('!') if after.starts_with("!--") => {
                flush(&mut text, &mut out);
                out.push(HtmlToken::Comment);
                rest = after[3..].find("-->").map_or("", |i| &after[3 + i + 3..]);
            }
            Some('!' | '?' | '/') => {
                // A declaration, processing instruction, CDATA or bogus
                // end tag: a (bogus) comment up to the next `>`.
                flush(&mut text, &mut out);
                out.push(HtmlToken::Comment);
                rest = after.find('>').map_or("", |i| &after[i + 1..]);
            }
            _ => {
                text.push('<');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut out);
    out
}

/// A tag after its `<` (and `/`): the lowercased name, whether it ends with
/// `/>`, and its length up to and including `>`.
fn tag(s: &str) -> Option<(String, bool, usize)> {
    let name_end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    let name = s[..name_end].to_ascii_lowercase();
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s[name_end..].char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            // Quotes only open an attribute value after `=`.
            None if (c == '"' || c == '\'') && prev == '=' => quote = Some(c),
            None if c == '>' => return Some((name, prev == '/', name_end + i + 1)),
            None => {}
        }
        if !c.is_ascii_whitespace() || quote.is_some() {
            prev = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        elements(text, ParseOptions::default())
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn mdbook_rules() {
        assert_eq!(
            id_from_text("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(id_from_text(" Über  Straße! "), "über--straße");
        assert_eq!(id_from_text("ΣΑΣ"), "σας");
        assert_eq!(id_from_text("ℹ\u{fe0f} About"), "ℹ-about");
    }

    #[test]
    fn duplicates_and_custom_ids() {
        assert_eq!(
            ids("# A\n## A\n### A {#a}\n## A\n## a-1\n"),
            vec!["a", "a-1", "a", "a-2", "a-1-1"]
        );
        assert_eq!(ids("## X {id=y}\n## Y {#z id=w}\n"), vec!["y", "z"]);
        assert_eq!(ids("##\n## !\n"), vec!["", "-1"]);
    }

    #[test]
    fn terms_share_the_set() {
        assert_eq!(ids("Term\n: def\n\n## Term\n"), vec!["term", "term-1"]);
        let e = elements("Term\n: def\n", ParseOptions::default());
        assert_eq!(e[0].tag(), "dt");
        assert!(headings("Term\n: def\n", ParseOptions::default()).is_empty());
    }

    #[test]
    fn code_and_html_text_count_tags_and_alt_do_not() {
        assert_eq!(
            ids("## The `x` <em>y</em> ![alt](i.png) z <!-- c --> w\n"),
            vec!["the-x-y--z--w"]
        );
        let h = headings("## The `x`  <b>y</b>\n", ParseOptions::default());
        assert_eq!(h[0].text, "The x y");
    }

    #[test]
    fn footnote_numbers() {
        let text = "## A[^x][^y]\n## B[^y]<!-- -->[^x] *c*[^z]\n\n[^x]: X\n[^y]: Y\n[^z]: Z\n";
        assert_eq!(ids(text), vec!["a1-2", "b21-c3"]);
        let text = "## A[^x]<br>[^x] *e*[^x]\n\n[^x]: X\n";
        assert_eq!(ids(text), vec!["a11-e1"]);
        // References in a repeated definition are skipped, as are its
        // headings.
        let text = "[^a] [^b]\n\n[^a]: A\n[^a]: again [^c]\n\n    ## Hidden\n\n[^b]: B\n\n## N[^c]\n\n[^c]: C\n";
        assert_eq!(ids(text), vec!["n3"]);
    }

    #[test]
    fn footnote_places() {
        let text = "Ref[^b].\n\n[^a]: A\n\n    ## In a\n\n[^b]: B\n\n    ## In b\n\n## In a\n";
        let e = elements(text, ParseOptions::default());
        let got: Vec<_> = e.iter().map(|e| (e.id.as_str(), e.place)).collect();
        assert_eq!(
            got,
            vec![
                ("in-a", Place::Hidden),
                ("in-b", Place::Footnote(1)),
                ("in-a-1", Place::Body)
            ]
        );
        assert_eq!(headings(text, ParseOptions::default()).len(), 1);
    }

    #[test]
    fn smart_punctuation_changes_ids() {
        let on = ParseOptions::default();
        let off = ParseOptions {
            smart_punctuation: false,
            ..on
        };
        assert_eq!(headings("## a -- b\n", on)[0].id, "a--b");
        assert_eq!(headings("## a -- b\n", off)[0].id, "a----b");
    }

    #[test]
    fn html_tokens_of_inline_html() {
        use HtmlToken::*;
        assert_eq!(
            html_tokens("<SPAN title='a>b'>"),
            vec![Start {
                name: "span".into(),
                closed: false
            }]
        );
        assert_eq!(
            html_tokens("<br><x/></Y ><!-- c --><?p?><![CDATA[z]]>t<"),
            vec![
                Start {
                    name: "br".into(),
                    closed: true
                },
                Start {
                    name: "x".into(),
                    closed: true
                },
                End("y".into()),
                Comment,
                Comment,
                Comment,
                Text("t<".into())
            ]
        );
        assert_eq!(html_tokens("<a href=\"x"), vec![]);
    }

    #[test]
    fn raw_end_tags_and_unclosed_tags() {
        assert_eq!(
            ids("## a <b>b\n## c </i> d\n## e <span>f</span> g\n"),
            vec!["a-b", "c--d", "e-f-g"]
        );
    }

    #[test]
    fn no_panic_on_odd_input() {
        for text in [
            "## a </h2> b\n",
            "## *a </em> b*\n",
            "## [x](y \"</a>\")\n",
            "## a <\n",
            "## a<br>b<img src=x>c <x/> *d*[^1][^1]\n\n[^1]: n\n",
            "Term </dt> x\n: d\n",
            "## ![a ![b](c)](d)\n",
            "> # q [^\n",
        ] {
            let _ = elements(text, ParseOptions::default());
        }
    }
}
