//! From a chapter's tokens to a tree of shortcode invocations: blocks with
//! their bodies, nesting, placement rules and structural errors.

use std::collections::HashMap;
use std::ops::Range;

use crate::api::{BodyRule, Call, Placement, Spec};
use crate::diagnostic::{Diagnostic, Place};
use crate::lines;
use crate::markdown::Regions;
use crate::syntax::{OpenTag, Token, TokenKind};

/// Deeper nesting is reported as an error (and never recursed into).
pub const MAX_DEPTH: usize = 32;

/// Something in a chapter the engine replaces.
#[derive(Debug)]
pub enum Item {
    Shortcode(Node),
    /// A backslash escaping a tag: removed.
    Escape(Range<usize>),
    /// Text replaced as it is (`{env:key}` in a code block with `env`).
    Replace(Range<usize>, String),
}

/// One shortcode invocation.
#[derive(Debug)]
pub struct Node {
    pub tag: OpenTag,
    /// The opening tag.
    pub open: Range<usize>,
    /// What the expansion replaces: the opening tag, or for a block the
    /// opening tag through the closing tag.
    pub span: Range<usize>,
    pub body: Option<Body>,
    /// The structure around it is broken; it renders as an error box.
    pub broken: bool,
    /// It sits in a GFM table cell (its output must escape `|`).
    pub in_cell: bool,
    /// Set by validation when the invocation is valid.
    pub call: Option<Call>,
}

#[derive(Debug)]
pub struct Body {
    /// From the start of the line after the opening tag to the start of the
    /// line holding the closing tag.
    pub inner: Range<usize>,
    pub items: Vec<Item>,
}

struct Frame {
    node: Node,
    items: Vec<Item>,
}

/// Builds the tree. Structural problems are reported; the affected tags
/// become broken leaves so the rest of the chapter still expands.
pub fn build(
    text: &str,
    tokens: Vec<Token>,
    regions: &Regions,
    spec_of: &dyn Fn(&str) -> Option<&'static Spec>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let next_is_close = next_is_close(&tokens);
    let mut b = Builder {
        text,
        regions,
        spec_of,
        diags,
        root: Vec::new(),
        stack: Vec::new(),
        too_deep: 0,
        broken_opens: Vec::new(),
    };
    for (i, token) in tokens.into_iter().enumerate() {
        let span = token.span.clone();
        match token.kind {
            TokenKind::Escape => b.push(Item::Escape(span)),
            TokenKind::Replace(with) => b.push(Item::Replace(span, with)),
            TokenKind::Broken => b.broken(span),
            TokenKind::Open(tag) => b.open(tag, span, next_is_close[i]),
            TokenKind::Close { name } => b.close(name, span),
        }
    }
    while let Some(frame) = b.stack.pop() {
        unclosed(frame, &mut b.stack, &mut b.root, b.diags, None);
    }
    b.root
}

/// For shortcodes whose body is optional (and unknown ones): whether each
/// token is an opening tag whose next tag of the same name is a closing
/// tag (then it is a block).
fn next_is_close(tokens: &[Token]) -> Vec<bool> {
    let mut next_is_close = vec![false; tokens.len()];
    let mut seen: HashMap<&str, bool> = HashMap::new();
    for (i, t) in tokens.iter().enumerate().rev() {
        match &t.kind {
            TokenKind::Open(tag) => {
                next_is_close[i] = seen.get(tag.name.as_str()).copied().unwrap_or(false);
                seen.insert(&tag.name, false);
            }
            TokenKind::Close { name } => {
                seen.insert(name, true);
            }
            _ => {}
        }
    }
    next_is_close
}

/// The tree being built: the finished top level, the open blocks.
struct Builder<'t, 'd> {
    text: &'t str,
    regions: &'t Regions,
    spec_of: &'t dyn Fn(&str) -> Option<&'static Spec>,
    diags: &'d mut Vec<Diagnostic>,
    root: Vec<Item>,
    stack: Vec<Frame>,
    /// Blocks opened beyond [`MAX_DEPTH`] and not yet closed.
    too_deep: usize,
    /// Names of block shortcodes whose opening tag was reported as broken:
    /// their closing tag is not reported again (one error per tag).
    broken_opens: Vec<&'t str>,
}

impl<'t> Builder<'t, '_> {
    fn push(&mut self, item: Item) {
        push(&mut self.stack, &mut self.root, item);
    }

    /// A tag that did not parse: a broken leaf (remembered when it opens a
    /// block, so that its closing tag is not reported again).
    fn broken(&mut self, span: Range<usize>) {
        if let Some(rest) = self.text[span.clone()].strip_prefix("<<#") {
            let n = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..n];
            if (self.spec_of)(name).is_some_and(|s| s.body != BodyRule::None) {
                self.broken_opens.push(name);
            }
        }
        self.push(broken_leaf(span))
    }

    /// An opening tag: a leaf, or a block opened (`is_block` for an
    /// optional body: [`next_is_close`]).
    fn open(&mut self, tag: OpenTag, span: Range<usize>, next_is_close: bool) {
        let spec = (self.spec_of)(&tag.name);
        let is_block = match spec.map(|s| s.body) {
            Some(BodyRule::Required) => true,
            Some(BodyRule::None) => false,
            Some(BodyRule::Optional) | None => next_is_close,
        };
        let needs_own_line = is_block || spec.is_some_and(|s| s.placement == Placement::Block);
        let mut node = Node {
            tag,
            open: span.clone(),
            span: span.clone(),
            body: None,
            broken: false,
            in_cell: self.regions.in_table_cell(span.start),
            call: None,
        };
        if needs_own_line && !lines::alone_on_line(self.text, span.clone()) {
            let what = if is_block { "block" } else { "block-level" };
            self.diags.push(
                Diagnostic::error(
                    span.clone(),
                    format!(
                        "the {what} shortcode `<<#{}>>` must stand alone on its line",
                        node.tag.name
                    ),
                )
                .with_hint("put it on a line of its own, with a blank line before and after"),
            );
            node.broken = true;
        }
        if !is_block {
            self.push(Item::Shortcode(node));
        } else if self.stack.len() >= MAX_DEPTH {
            if self.too_deep == 0 {
                self.diags.push(
                    Diagnostic::error(
                        span,
                        format!("shortcodes are nested more than {MAX_DEPTH} deep"),
                    )
                    .with_hint("close some blocks before opening new ones"),
                );
            }
            self.too_deep += 1;
        } else {
            self.stack.push(Frame {
                node,
                items: Vec::new(),
            });
        }
    }

    /// A closing tag: the block it closes (and the blocks opened inside it
    /// that were never closed), or an error.
    fn close(&mut self, name: String, span: Range<usize>) {
        if self.too_deep > 0 {
            self.too_deep -= 1;
            return;
        }
        let Some(pos) = self.stack.iter().rposition(|f| f.node.tag.name == name) else {
            return self.unmatched_close(&name, span);
        };
        // Blocks opened after the matching one were never closed.
        while self.stack.len() > pos + 1 {
            let frame = self.stack.pop().unwrap_or_else(|| unreachable!());
            let closing = Some((name.as_str(), &span));
            unclosed(frame, &mut self.stack, &mut self.root, self.diags, closing);
        }
        let Frame { mut node, items } = self.stack.pop().unwrap_or_else(|| unreachable!());
        if !lines::alone_on_line(self.text, span.clone()) {
            self.diags.push(
                Diagnostic::error(
                    span.clone(),
                    format!("the closing tag `<</{name}>>` must stand alone on its line"),
                )
                .with_hint("put it on a line of its own"),
            );
            node.broken = true;
        }
        let inner_start = lines::next_line_start(self.text, node.open.end);
        let inner_end = lines::line_start(self.text, span.start).max(inner_start);
        node.span = node.open.start..span.end;
        node.body = Some(Body {
            inner: inner_start..inner_end,
            items,
        });
        self.push(Item::Shortcode(node));
    }

    /// A closing tag no open block matches: silent after a broken opening
    /// tag of that name, else an error saying what is open.
    fn unmatched_close(&mut self, name: &str, span: Range<usize>) {
        if let Some(b) = self.broken_opens.iter().rposition(|&b| b == name) {
            self.broken_opens.remove(b);
            return self.push(broken_leaf(span));
        }
        let d = Diagnostic::error(
            span.clone(),
            format!("closing tag `<</{name}>>` has no matching opening tag"),
        );
        let d = match self.stack.last() {
            Some(top) => d
                .with_hint(format!("did you mean `<</{}>>`?", top.node.tag.name))
                .with_related(
                    Place::Here,
                    top.node.open.clone(),
                    format!("the open block is `<<#{}>>`", top.node.tag.name),
                ),
            None => match (self.spec_of)(name).map(|s| s.body) {
                Some(BodyRule::None) => {
                    d.with_hint(format!("`{name}` takes no body; remove this tag"))
                }
                _ => d.with_hint(format!(
                    "open the block with `<<#{name}>>` on its own line, or remove this tag"
                )),
            },
        };
        self.diags.push(d);
        self.push(broken_leaf(span));
    }
}

fn broken_leaf(span: Range<usize>) -> Item {
    Item::Shortcode(Node {
        tag: OpenTag {
            name: String::new(),
            name_span: span.clone(),
            args: Vec::new(),
        },
        open: span.clone(),
        span,
        body: None,
        broken: true,
        in_cell: false,
        call: None,
    })
}

fn push(stack: &mut [Frame], root: &mut Vec<Item>, item: Item) {
    match stack.last_mut() {
        Some(frame) => frame.items.push(item),
        None => root.push(item),
    }
}

/// Reports an unclosed block; its opening tag becomes a broken leaf and its
/// contents move up to the enclosing block.
fn unclosed(
    frame: Frame,
    stack: &mut [Frame],
    root: &mut Vec<Item>,
    diags: &mut Vec<Diagnostic>,
    closing: Option<(&str, &Range<usize>)>,
) {
    let name = &frame.node.tag.name;
    let why = match closing {
        Some((outer, _)) => format!(" before `<</{outer}>>`"),
        None => String::new(),
    };
    let mut d = Diagnostic::error(
        frame.node.open.clone(),
        format!("block `<<#{name}>>` is not closed{why}"),
    )
    .with_hint(format!("add `<</{name}>>` on its own line after the body"));
    if let Some((outer, span)) = closing {
        d = d.with_related(
            Place::Here,
            span.clone(),
            format!("`<</{outer}>>` closes the enclosing block here"),
        );
    }
    diags.push(d);
    let mut node = frame.node;
    node.broken = true;
    push(stack, root, Item::Shortcode(node));
    for item in frame.items {
        push(stack, root, item);
    }
}
