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
    // For shortcodes whose body is optional (and unknown ones): a block iff
    // the next tag of the same name is a closing tag.
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

    let mut root: Vec<Item> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut too_deep = 0usize;
    // Names of block shortcodes whose opening tag was reported as broken:
    // their closing tag is not reported again (one error per tag).
    let mut broken_opens: Vec<&str> = Vec::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let span = token.span.clone();
        match token.kind {
            TokenKind::Escape => push(&mut stack, &mut root, Item::Escape(span)),
            TokenKind::Replace(with) => push(&mut stack, &mut root, Item::Replace(span, with)),
            TokenKind::Broken => {
                if let Some(rest) = text[span.clone()].strip_prefix("<<#") {
                    let n = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        .unwrap_or(rest.len());
                    let name = &rest[..n];
                    if spec_of(name).is_some_and(|s| s.body != BodyRule::None) {
                        broken_opens.push(name);
                    }
                }
                push(&mut stack, &mut root, broken_leaf(span))
            }
            TokenKind::Open(tag) => {
                let spec = spec_of(&tag.name);
                let is_block = match spec.map(|s| s.body) {
                    Some(BodyRule::Required) => true,
                    Some(BodyRule::None) => false,
                    Some(BodyRule::Optional) | None => next_is_close[i],
                };
                let needs_own_line =
                    is_block || spec.is_some_and(|s| s.placement == Placement::Block);
                let mut node = Node {
                    tag,
                    open: span.clone(),
                    span: span.clone(),
                    body: None,
                    broken: false,
                    in_cell: regions.in_table_cell(span.start),
                    call: None,
                };
                if needs_own_line && !lines::alone_on_line(text, span.clone()) {
                    let what = if is_block { "block" } else { "block-level" };
                    diags.push(
                        Diagnostic::error(
                            span.clone(),
                            format!(
                                "the {what} shortcode `<<#{}>>` must stand alone on its line",
                                node.tag.name
                            ),
                        )
                        .with_hint(
                            "put it on a line of its own, with a blank line before and after",
                        ),
                    );
                    node.broken = true;
                }
                if !is_block {
                    push(&mut stack, &mut root, Item::Shortcode(node));
                } else if stack.len() >= MAX_DEPTH {
                    if too_deep == 0 {
                        diags.push(
                            Diagnostic::error(
                                span,
                                format!("shortcodes are nested more than {MAX_DEPTH} deep"),
                            )
                            .with_hint("close some blocks before opening new ones"),
                        );
                    }
                    too_deep += 1;
                } else {
                    stack.push(Frame {
                        node,
                        items: Vec::new(),
                    });
                }
            }
            TokenKind::Close { name } => {
                if too_deep > 0 {
                    too_deep -= 1;
                    continue;
                }
                let Some(pos) = stack.iter().rposition(|f| f.node.tag.name == name) else {
                    if let Some(b) = broken_opens.iter().rposition(|&b| b == name) {
                        broken_opens.remove(b);
                        push(&mut stack, &mut root, broken_leaf(span));
                        continue;
                    }
                    let d = Diagnostic::error(
                        span.clone(),
                        format!("closing tag `<</{name}>>` has no matching opening tag"),
                    );
                    let d = match stack.last() {
                        Some(top) => d
                            .with_hint(format!("did you mean `<</{}>>`?", top.node.tag.name))
                            .with_related(
                                Place::Here,
                                top.node.open.clone(),
                                format!("the open block is `<<#{}>>`", top.node.tag.name),
                            ),
                        None => match spec_of(&name).map(|s| s.body) {
                            Some(BodyRule::None) => {
                                d.with_hint(format!("`{name}` takes no body; remove this tag"))
                            }
                            _ => d.with_hint(format!(
                                "open the block with `<<#{name}>>` on its own line, or remove this tag"
                            )),
                        },
                    };
                    diags.push(d);
                    push(&mut stack, &mut root, broken_leaf(span));
                    continue;
                };
                // Blocks opened after the matching one were never closed.
                while stack.len() > pos + 1 {
                    let frame = stack.pop().unwrap_or_else(|| unreachable!());
                    unclosed(frame, &mut stack, &mut root, diags, Some((&name, &span)));
                }
                let Frame { mut node, items } = stack.pop().unwrap_or_else(|| unreachable!());
                if !lines::alone_on_line(text, span.clone()) {
                    diags.push(
                        Diagnostic::error(
                            span.clone(),
                            format!("the closing tag `<</{name}>>` must stand alone on its line"),
                        )
                        .with_hint("put it on a line of its own"),
                    );
                    node.broken = true;
                }
                let inner_start = lines::next_line_start(text, node.open.end);
                let inner_end = lines::line_start(text, span.start).max(inner_start);
                node.span = node.open.start..span.end;
                node.body = Some(Body {
                    inner: inner_start..inner_end,
                    items,
                });
                push(&mut stack, &mut root, Item::Shortcode(node));
            }
        }
    }
    while let Some(frame) = stack.pop() {
        unclosed(frame, &mut stack, &mut root, diags, None);
    }
    root
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
