//! Issue 19, faults 1 and 6: what is (not) a shortcode, and the typing slips
//! that get one error at the value.

use crate::support::{errors, expand};
use proptest::prelude::*;

/// Fault 1: text that cannot be one of our tags is left alone, byte for byte.
#[test]
fn text_that_cannot_be_a_tag_is_left_alone() {
    for text in [
        // A grammar token rendered as raw HTML by a book's own preprocessor.
        "Lexer: <span class=\"grammar-literal\"><</span> and <span class=\"grammar-literal\"><<=</span>\n",
        "<span class=\"grammar-literal\"><</span>\n\nmore <code><</code>\n",
        // HTML names after `<<#` / `<</`, closed by `>` rather than `>>`.
        "<<#div>\n",
        "a <<#section id=\"x\"> b\n",
        "<</div>\n",
        "<</span> then <span>>></span>\n",
        // `<<` operators and other prose.
        "`x << 2` and x <<#y, or a <<# b, or a <</ b.\n",
        "shift: 1 <</2 and 3 <<#4\n",
        "<<#9lives>> <</>> <<#>>\n",
        // An unknown name in a tag that is not well formed.
        "<<#workflow-tabel title=\"open\n",
        "<<#custom a.b=1>>\n",
    ] {
        assert_eq!(expand(text).as_deref(), Ok(text), "{text:?}");
    }
}

/// Fault 1: a well-formed tag with an unknown name stays an error with a did
/// you mean; a shortcode's own name is a tag however it is broken.
#[test]
fn a_well_formed_unknown_tag_is_still_an_error() {
    assert_eq!(
        errors("<<#workflow-tabel>>\n"),
        [
            "src/chapter.md:1:4: error: unknown shortcode `workflow-tabel` [did you mean `workflow-table`?]"
        ]
    );
    assert_eq!(
        errors("x <<# toc>>\n").len(),
        1,
        "a space before a shortcode's name is a slip"
    );
    let e = errors("<<#toc depth=2\n");
    assert!(
        e[0].starts_with("src/chapter.md:1:1: error: shortcode `<<#toc` is not terminated"),
        "{e:?}"
    );
    let e = errors("<</note\n");
    assert!(
        e[0].contains("closing tag `<</note` is not terminated by `>>`"),
        "{e:?}"
    );
}

/// HTML element names (and `<<`-prefixed words) followed by `>`: never tags.
fn html_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["<<#", "<</"]),
        "[a-z][a-z0-9-]{0,8}",
        prop::sample::select(vec![">", " class=\"x\">", "", " ", "=1", ">x<", "\n"]),
        "[a-z <>=\"]{0,10}",
    )
        .prop_filter("not one of our names", |(_, name, _, _)| {
            !mdbook_integration_guide::shortcodes::registry()
                .names()
                .any(|n| n == name)
        })
        .prop_map(|(lead, name, tail, rest)| format!("{lead}{name}{tail}{rest}"))
        .prop_filter("no `>>` on the line", |s| !s.contains(">>"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn html_like_text_is_never_a_tag(body in html_like(), before in "[a-z ]{0,5}") {
        let text = format!("{before}{body}\n");
        prop_assert_eq!(expand(&text), Ok(text.clone()));
    }
}

/// Fault 6: curly quotes, one error per tag, located at the value.
#[test]
fn curly_quotes_get_one_error_at_the_value() {
    let cases = [
        (
            "<<#config-step id=\"s1\" title=“Create the token”>>\nBody.\n<</config-step>>\n",
            "src/chapter.md:1:30: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "Intro.\n\n<<#config-step id=\"s1\" title=‘Create the token’>>\nBody.\n<</config-step>>\n",
            "src/chapter.md:3:30: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "<<#config-step title=„Create the token“ id=\"s1\">>\nBody.\n<</config-step>>\n",
            "src/chapter.md:1:22: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "See <<#step-ref “s1”>>.\n",
            "src/chapter.md:1:17: error: curly quotes are not quote marks here: use \"...\" [write `\"s1\"`]",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(errors(text), [want], "{text:?}");
    }
}

/// Fault 6: an unquoted value with spaces, one error at the value.
#[test]
fn an_unquoted_value_with_spaces_gets_one_error() {
    let hint = "[only a quoted value may contain spaces; '...' quotes work too]";
    assert_eq!(
        errors("<<#config-step id=\"s1\" title=Create API client>>\nBody.\n<</config-step>>\n"),
        [format!(
            "src/chapter.md:1:30: error: a value with spaces needs quotes: title=\"Create API client\" {hint}"
        )]
    );
    assert_eq!(
        errors(
            "# Guide\n\n<<#config-step party=API team id=s2 title=\"T\">>\nB.\n<</config-step>>\n"
        ),
        [format!(
            "src/chapter.md:3:22: error: a value with spaces needs quotes: party=\"API team\" {hint}"
        )]
    );
    // A known flag after a bare value is the flag, not part of the value.
    assert!(expand("# G\n\n## A\n\n<<#toc depth=2 ordered>>\n").is_ok());
}

/// Fault 3, the class: whatever links a title holds, a reference to the
/// step is exactly one link, to the step.
fn title_with_links() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("[API](https://api.example.com/)".to_string()),
        Just("<https://x.example/a_b>".to_string()),
        Just("<ops@example.com>".to_string()),
        Just("[ref][r]".to_string()),
        Just("[short]".to_string()),
        Just("[c][]".to_string()),
        Just("`[a](b)`".to_string()),
        Just("*em [x](y)*".to_string()),
        Just("![i](i.png)".to_string()),
        Just("]".to_string()),
        Just("[".to_string()),
        "[a-z ]{1,6}",
    ];
    prop::collection::vec(pieces, 1..6).prop_map(|v| format!("T {}", v.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_reference_to_a_step_is_one_link(title in title_with_links()) {
        let text = format!(
            "# C\n\n<<#config-step id=\"s1\" title=\"{title}\">>\n1. x\n<</config-step>>\n\nSee <<#step-ref s1>>.\n\n[r]: https://r.example/\n"
        );
        let out = expand(&text).unwrap();
        let line = out.lines().find(|l| l.starts_with("See ")).unwrap();
        let paragraph = format!("{line}\n\n[r]: https://r.example/\n[short]: https://s.example/\n[c]: https://c.example/\n");
        let links: Vec<String> = mdbook_markdown::pulldown_cmark::Parser::new(&paragraph)
            .filter_map(|e| match e {
                mdbook_markdown::pulldown_cmark::Event::Start(
                    mdbook_markdown::pulldown_cmark::Tag::Link { dest_url, .. },
                ) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        prop_assert_eq!(links, vec!["#s1".to_string()], "{}", line);
    }
}

use crate::support::{expand_book, settings};
use mdbook_integration_guide::book::Chapter;

fn ch(path: Option<&str>, name: &str, depth: usize, number: &[u32], text: &str) -> Chapter {
    Chapter {
        name: name.into(),
        path: path.map(str::to_string),
        source_path: path.map(str::to_string),
        content: text.into(),
        depth,
        number: (!number.is_empty()).then(|| number.to_vec()),
        part: None,
    }
}

fn first_chapter(mut chapters: Vec<Chapter>, config: serde_json::Value) -> String {
    expand_book(&mut chapters, &settings(config))
        .unwrap()
        .remove(0)
}

/// Fault 4: the book. The sub-chapter is 1.1 (item 1 of the list in
/// item 1); the chapter's own heading is a bullet before it.
#[test]
fn a_numbered_book_toc_keeps_headings_apart_from_sub_chapters() {
    let out = first_chapter(
        vec![
            ch(
                Some("setup.md"),
                "Setup",
                0,
                &[1],
                "<<#toc scope=\"book\" ordered>>\n\n## Overview\n",
            ),
            ch(Some("a.md"), "In System A", 1, &[1, 1], "# In System A\n"),
        ],
        serde_json::json!({}),
    );
    insta_like(
        &out,
        "1. [Setup](setup.md)\n   - [Overview](#overview)\n   1. [In System A](a.md)\n\n## Overview\n",
    );
}

fn insta_like(actual: &str, expected: &str) {
    assert_eq!(
        actual, expected,
        "\n--- actual ---\n{actual}\n--------------"
    );
}

/// Fault 4, the class: numbers are mdBook's at every level, also where a
/// left-out draft leaves a gap (a new list, `3)`, starts at 3), and
/// headings never take a number. (The Markdown writer repeats a list's
/// first number on every item; the page counts on from it.)
#[test]
fn numbers_are_mdbooks_at_every_level() {
    let out = first_chapter(
        vec![
            ch(
                Some("index.md"),
                "About",
                0,
                &[],
                "<<#toc scope=\"book\" ordered drafts=\"skip\">>\n",
            ),
            ch(
                Some("a.md"),
                "A",
                0,
                &[1],
                "# A\n\n## A one\n### A deep\n## A two\n",
            ),
            ch(Some("a1.md"), "A1", 1, &[1, 1], "# A1\n\n## A1 h\n"),
            ch(None, "A2 draft", 1, &[1, 2], ""),
            ch(Some("a3.md"), "A3", 1, &[1, 3], "# A3\n"),
            ch(Some("a31.md"), "A31", 2, &[1, 3, 1], "# A31\n"),
            ch(Some("b.md"), "B", 0, &[2], "# B\n"),
        ],
        serde_json::json!({}),
    );
    insta_like(
        &out,
        "- [About](index.md)\n\n\
         1. [A](a.md)\n   \
         - [A one](a.md#a-one)\n   \
         - [A two](a.md#a-two)\n   \
         1. [A1](a1.md)\n      \
         - [A1 h](a1.md#a1-h)\n   \
         3) [A3](a3.md)\n      \
         1. [A31](a31.md)\n\
         1. [B](b.md)\n",
    );
}

/// Fault 5: a skipped draft with chapters under it is shown as text, so
/// they stay under it; one without is left out.
#[test]
fn skipping_a_draft_never_moves_its_children() {
    let summary = |first_is_draft: bool| {
        let mut chapters = vec![
            ch(
                Some("toc.md"),
                "Contents",
                0,
                &[],
                "<<#toc scope=\"book\" depth=1 drafts=\"skip\">>\n",
            ),
            ch(Some("intro.md"), "Intro", 0, &[], "# Intro\n"),
            ch(None, "Planned", 0, &[], ""),
            ch(Some("child.md"), "Child", 1, &[], "# Child\n"),
            ch(None, "Empty draft", 0, &[], ""),
            ch(None, "Draft with a draft", 0, &[], ""),
            ch(None, "Draft child", 1, &[], ""),
        ];
        if first_is_draft {
            chapters.remove(1);
        }
        first_chapter(chapters, serde_json::json!({}))
    };
    insta_like(
        &summary(false),
        "- [Contents](toc.md)\n- [Intro](intro.md)\n- Planned\n  - [Child](child.md)\n",
    );
    insta_like(
        &summary(true),
        "- [Contents](toc.md)\n- Planned\n  - [Child](child.md)\n",
    );
    // Numbered, the draft keeps its number and the child its 2.1.
    let out = first_chapter(
        vec![
            ch(
                Some("intro.md"),
                "Intro",
                0,
                &[1],
                "<<#toc scope=\"book\" depth=1 ordered drafts=\"skip\">>\n",
            ),
            ch(None, "Planned", 0, &[2], ""),
            ch(Some("child.md"), "Child", 1, &[2, 1], "# Child\n"),
        ],
        serde_json::json!({}),
    );
    insta_like(
        &out,
        "1. [Intro](intro.md)\n1. Planned\n   1. [Child](child.md)\n",
    );
}

/// Fault 6, the class: only text attributes take spaces; a typo'd flag
/// after a bare value is still an unknown attribute with a did you mean.
#[test]
fn a_typo_after_a_bare_value_is_not_a_value_with_spaces() {
    assert_eq!(
        errors("# G\n\n## A\n\n<<#toc depth=2 orderd>>\n"),
        [
            "src/chapter.md:5:16: error: unknown attribute `orderd` for `toc` [did you mean `ordered`?]"
        ]
    );
    let e = errors(
        "<<#config-step id=s1 title=Create the API client summary=Do it>>\n1. x\n<</config-step>>\n",
    );
    assert_eq!(
        e,
        [
            "src/chapter.md:1:28: error: a value with spaces needs quotes: title=\"Create the API client\" [only a quoted value may contain spaces; '...' quotes work too]",
            "src/chapter.md:1:58: error: a value with spaces needs quotes: summary=\"Do it\" [only a quoted value may contain spaces; '...' quotes work too]",
        ]
    );
}

/// One error per tag: a broken block's closing tag is not reported again;
/// a stray closing tag after a broken self-closing one still is.
#[test]
fn a_broken_blocks_closing_tag_is_not_a_second_error() {
    assert_eq!(errors("<<#note title=“x”>>\nBody.\n<</note>>\n").len(), 1);
    let e = errors("# G\n\n## A\n\n<<#toc depth=“2”>>\n\n<</toc>>\n");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[1].contains("closing tag `<</toc>>` has no matching opening tag"),
        "{e:?}"
    );
}

/// Issue 23, fault 4: two elements of one page with the same id (a link
/// would land on the first): an error at the second, the first shown, in
/// the build and in `check`.
#[test]
fn two_ids_the_same_on_one_page_are_an_error() {
    let text = "\
# Mappings

## Map

<<#field-map id=\"map\">>
A -> B
<</field-map>>

<<#field-map id=\"map\" title=\"Again\">>
C -> D
<</field-map>>
";
    assert_eq!(
        errors(text),
        [
            "src/chapter.md:5:18: error: another element of this page has the id `map` [give one of them another id; a link to `#map` reaches only the first] (note: the heading `Map` has this id at src/chapter.md:3:1)",
            "src/chapter.md:9:18: error: another element of this page has the id `map` [give one of them another id; a link to `#map` reaches only the first] (note: the heading `Map` has this id at src/chapter.md:3:1)",
        ]
    );
    let text = "\
# Code lists

<<#value-map id=\"codes\">>
A -> B
<</value-map>>

<<#config-step id=\"codes\" title=\"Map the codes\">>
1. Do it.
<</config-step>>
";
    assert_eq!(
        errors(text),
        [
            "src/chapter.md:7:20: error: another element of this page has the id `codes` [give one of them another id; a link to `#codes` reaches only the first] (note: the value map with this id at src/chapter.md:3:18)",
        ]
    );
    // The same in `check`.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Codes](codes.md)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/codes.md"), text).unwrap();
    let out = std::process::Command::new(crate::support::BIN)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let found: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["message"] == "another element of this page has the id `codes`")
        .collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(7), Some(20))
    );
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["related"][0]["line"], 3, "{stdout}");
}

/// Issue 23, fault 5: path and query parameter examples from a spec are
/// percent-encoded (RFC 3986): a value cannot add a path segment or a
/// query parameter.
#[test]
fn parameter_examples_from_a_spec_are_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /customers/{name}:\n    get:\n      operationId: getCustomer\n      parameters:\n        - {name: name, in: path, required: true, schema: {type: string}, example: ACME Corp/EU}\n        - {name: city, in: query, schema: {type: string}, example: 'new york&x=1'}\n      responses:\n        '200': {description: OK}\n",
    )
    .unwrap();
    let mut chapters = vec![crate::support::chapter(
        "chapter.md",
        "<<#api-example spec=\"api\" operation=\"getCustomer\">>\n",
    )];
    let mut s = settings(
        serde_json::json!({"preprocessor": {"integration-guide": {"openapi": {"api": "api.yaml"}}}}),
    );
    s.root = Some(dir.path().to_path_buf());
    let out = expand_book(&mut chapters, &s).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(
        out[0]
            .contains("https://api.example.com/customers/ACME%20Corp%2FEU?city=new%20york%26x%3D1"),
        "{}",
        out[0]
    );
    assert!(!out[0].contains("ACME Corp/EU"), "{}", out[0]);
}
