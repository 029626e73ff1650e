//! Block structure, nesting, containers and inline placement, with test
//! shortcodes registered through the public registry API (so these tests
//! exercise the engine, not any one shortcode).

use crate::support::{chapter, settings};
use mdbook_integration_guide::api::{
    AttrSpec, AttrType, BodyRule, Call, Placement, RenderCx, Shortcode, Spec, Stage,
};
use mdbook_integration_guide::diagnostic::Diagnostic;
use mdbook_integration_guide::engine;
use mdbook_integration_guide::registry::Registry;
use serde_json::json;

/// `<<#quote>> body <</quote>>`: the body as a block quote, children listed.
struct Quote;
static QUOTE: Spec = Spec {
    name: "quote",
    positional: None,
    attrs: &[AttrSpec {
        name: "title",
        ty: AttrType::Text,
        required: false,
        doc: "a title",
    }],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};
impl Shortcode for Quote {
    fn spec(&self) -> &'static Spec {
        &QUOTE
    }
    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let mut out = String::new();
        if let Some(t) = call.text("title") {
            out.push_str(&format!("> **{t}**\n>\n"));
        }
        let body = cx.body_without(&["aside"]).unwrap_or_default();
        for line in body.trim_end_matches('\n').split('\n') {
            out.push_str(if line.is_empty() { ">" } else { "> " });
            out.push_str(line);
            out.push('\n');
        }
        for child in cx.children().filter(|c| c.call.name == "aside") {
            out.push_str(&format!(
                ">\n> aside: {}\n",
                child.body.unwrap_or("").trim()
            ));
        }
        Ok(out.trim_end().to_string())
    }
}

/// `<<#aside>>`: only inside `quote`.
struct Aside;
static ASIDE: Spec = Spec {
    name: "aside",
    positional: None,
    attrs: &[],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &["quote"],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};
impl Shortcode for Aside {
    fn spec(&self) -> &'static Spec {
        &ASIDE
    }
    fn render(&self, _: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        Ok(cx.body().unwrap_or("").to_string())
    }
}

/// `<<#up text>>`: inline, upper-cases its positional argument.
struct Up;
static UP: Spec = Spec {
    name: "up",
    positional: Some("text"),
    attrs: &[AttrSpec {
        name: "text",
        ty: AttrType::Text,
        required: true,
        doc: "the text",
    }],
    body: BodyRule::None,
    placement: Placement::Inline,
    parents: &[],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};
impl Shortcode for Up {
    fn spec(&self) -> &'static Spec {
        &UP
    }
    fn render(&self, call: &Call, _: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let t = call.text("text").unwrap_or_default();
        if t == "fail" {
            return Err(
                Diagnostic::error(call.span_of("text"), "cannot shout `fail`")
                    .with_hint("pick another word"),
            );
        }
        Ok(t.to_uppercase())
    }
}

/// `<<#opt>>` or `<<#opt>> ... <</opt>>`: the body is optional.
struct Opt;
static OPT: Spec = Spec {
    name: "opt",
    positional: None,
    attrs: &[],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};
impl Shortcode for Opt {
    fn spec(&self) -> &'static Spec {
        &OPT
    }
    fn render(&self, _: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        Ok(match cx.body() {
            Some(b) => format!("OPT[{}]", b.trim()),
            None => "OPT".into(),
        })
    }
}

fn registry() -> Registry {
    Registry::new(vec![
        Box::new(Quote),
        Box::new(Aside),
        Box::new(Up),
        Box::new(Opt),
    ])
}

fn run(text: &str) -> Result<String, Vec<String>> {
    let mut chapters = vec![chapter("c.md", text)];
    let s = settings(json!({}));
    let report = engine::process(&mut chapters, &s, &registry(), "html");
    if report.failed {
        Err(report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.diagnostic.message))
            .collect())
    } else {
        Ok(chapters.remove(0).content)
    }
}

#[test]
fn block_body_is_expanded_in_place() {
    assert_eq!(
        run("before\n\n<<#quote title=\"T\">>\nline *one*\n\nline two\n<</quote>>\n\nafter\n")
            .unwrap(),
        "before\n\n> **T**\n>\n> line *one*\n>\n> line two\n\nafter\n"
    );
}

#[test]
fn nested_blocks_and_slots() {
    let text = "<<#quote>>\nouter\n<<#quote>>\ninner <<#up x>>\n<</quote>>\n<<#aside>>\nnote\n<</aside>>\n<</quote>>\n";
    assert_eq!(
        run(text).unwrap(),
        "> outer\n>\n> > inner X\n>\n> aside: note\n"
    );
}

#[test]
fn blocks_in_list_items_and_quotes_keep_their_prefix() {
    let text = "1. Step\n\n   <<#quote>>\n   body\n   <</quote>>\n\n2. Next\n";
    assert_eq!(run(text).unwrap(), "1. Step\n\n   > body\n\n2. Next\n");
    let text = "> Intro\n>\n> <<#quote>>\n> body\n>\n> more\n> <</quote>>\n";
    assert_eq!(run(text).unwrap(), "> Intro\n>\n> > body\n> >\n> > more\n");
    let text = "- <<#opt>>\n- b\n";
    assert_eq!(run(text).unwrap(), "- OPT\n- b\n");
}

#[test]
fn crlf_bodies() {
    let text = "a\r\n\r\n<<#quote>>\r\nx\r\ny\r\n<</quote>>\r\nz\r\n";
    assert_eq!(run(text).unwrap(), "a\r\n\r\n> x\r\n> y\r\n\r\nz\r\n");
}

#[test]
fn a_block_next_to_text_gets_blank_lines() {
    assert_eq!(
        run("para\n<<#opt>>\nnext\n").unwrap(),
        "para\n\nOPT\n\nnext\n"
    );
}

#[test]
fn inline_in_heading_cell_and_list() {
    assert_eq!(run("## Say <<#up hi>>!\n").unwrap(), "## Say HI!\n");
    assert_eq!(
        run("| a | b |\n|---|---|\n| <<#up 'x|y'>> | c |\n").unwrap(),
        "| a | b |\n|---|---|\n| X\\|Y | c |\n"
    );
    assert_eq!(run("- item <<#up \"q r\">>\n").unwrap(), "- item Q R\n");
}

#[test]
fn optional_body_is_a_block_only_when_closed() {
    assert_eq!(
        run("<<#opt>>\n\n<<#opt>>\ninside\n<</opt>>\n").unwrap(),
        "OPT\n\nOPT[inside]\n"
    );
}

#[test]
fn structure_errors_are_located() {
    assert_eq!(
        run("<<#quote>>\nbody\n").unwrap_err(),
        vec!["1:1: block `<<#quote>>` is not closed"]
    );
    assert_eq!(
        run("<<#quote>>\n<<#quote>>\nx\n<</quote>>\n").unwrap_err(),
        vec!["1:1: block `<<#quote>>` is not closed"]
    );
    assert_eq!(
        run("<<#quote>>\nx\n<</qoute>>\n").unwrap_err(),
        vec![
            "1:1: block `<<#quote>>` is not closed",
            "3:1: closing tag `<</qoute>>` has no matching opening tag"
        ]
    );
    assert_eq!(
        run("<<#quote>>\n<<#aside>>\nx\n<</quote>>\n<</aside>>\n").unwrap_err(),
        vec![
            "2:1: block `<<#aside>>` is not closed before `<</quote>>`",
            "5:1: closing tag `<</aside>>` has no matching opening tag"
        ]
    );
    assert_eq!(
        run("text <<#quote>>\nx\n<</quote>>\n").unwrap_err(),
        vec!["1:6: the block shortcode `<<#quote>>` must stand alone on its line"]
    );
    assert_eq!(
        run("<<#quote>>\nx\n<</quote>> tail\n").unwrap_err(),
        vec!["3:1: the closing tag `<</quote>>` must stand alone on its line"]
    );
    assert_eq!(
        run("<<#aside>>\nx\n<</aside>>\n").unwrap_err(),
        vec!["1:1: `<<#aside>>` can only be used inside `quote`"]
    );
    assert_eq!(
        run("<<#up>>\n").unwrap_err(),
        vec!["1:1: `up` needs the attribute `text`"]
    );
    assert_eq!(
        run("x <<#up fail>>\n").unwrap_err(),
        vec!["1:9: cannot shout `fail`"]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [33usize, 10_000] {
        let text = "<<#quote>>\n".repeat(depth) + &"<</quote>>\n".repeat(depth);
        let errs = run(&text).unwrap_err();
        assert_eq!(
            errs,
            vec!["33:1: shortcodes are nested more than 32 deep"],
            "depth {depth}"
        );
    }
    let ok = "<<#quote>>\n".repeat(32) + "x\n" + &"<</quote>>\n".repeat(32);
    assert!(run(&ok).unwrap().ends_with("x\n"));
}

#[test]
fn all_errors_of_a_chapter_are_reported_once() {
    let errs = run("<<#nope>>\n\n<<#up>>\n\n<</quote>>\n").unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:?}");
}
