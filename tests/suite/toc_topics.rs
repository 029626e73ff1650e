//! `toc` (chapter and book scope) and `topics`: exact output, defaults from
//! book.toml, warnings and located errors.

use crate::support::{chapter, diagnostics, errors, expand, expand_book, settings};
use mdbook_integration_guide::book::Chapter;
use mdbook_integration_guide::{engine, shortcodes};
use serde_json::{Value, json};

/// A chapter with SUMMARY facts.
fn ch(
    path: Option<&str>,
    name: &str,
    depth: usize,
    number: Option<Vec<u32>>,
    text: &str,
) -> Chapter {
    Chapter {
        name: name.into(),
        path: path.map(str::to_string),
        source_path: path.map(str::to_string),
        content: text.into(),
        depth,
        number,
        part: None,
    }
}

/// The example book's shape: a prefix chapter, two parts, a nested
/// directory, a draft, a suffix chapter.
fn book(first: &str) -> Vec<Chapter> {
    let mut chapters = vec![
        ch(Some("index.md"), "About", 0, None, first),
        ch(
            Some("intro.md"),
            "Introduction",
            0,
            Some(vec![1]),
            "# Introduction\n\n## Overview\n### Detail\n## Purpose\n",
        ),
        ch(
            Some("setup/index.md"),
            "Setup",
            0,
            Some(vec![2]),
            "# Setup\n\n## Before you start\n",
        ),
        ch(
            Some("setup/a b.md"),
            "In A",
            1,
            Some(vec![2, 1]),
            "# In A\n\n## Create it\n",
        ),
        ch(None, "Troubleshooting", 0, Some(vec![3]), ""),
        ch(Some("more.md"), "More", 0, None, "# More\n"),
    ];
    chapters[1].part = Some("The integration".into());
    chapters[2].part = Some("Setting it up".into());
    chapters
}

fn expand_with(chapters: &mut [Chapter], config: Value) -> Vec<String> {
    expand_book(chapters, &settings(config)).unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn chapter_toc_skips_empty_headings_and_uses_mdbooks_ids() {
    let text = "# T\n\n<<#toc>>\n\n## A\n## A\n## ![logo](x.png)\n## !!!\n## Two notes[^1][^2]\n\n[^1]: a\n[^2]: b\n";
    assert_eq!(
        expand(text).unwrap(),
        "# T\n\n- [A](#a)\n- [A](#a-1)\n- [!!!](#-1)\n- [Two notes](#two-notes1-2)\n\n## A\n## A\n## ![logo](x.png)\n## !!!\n## Two notes[^1][^2]\n\n[^1]: a\n[^2]: b\n"
    );
}

#[test]
fn chapter_toc_sees_generated_headings() {
    let text = "# Setup\n\n<<#toc depth=1>>\n\n<<#config-step title=\"First\" id=\"one\">>\n1. Go.\n<</config-step>>\n\n## Last\n";
    let out = expand(text).unwrap();
    assert!(
        out.starts_with("# Setup\n\n- [1\\. First](#one)\n- [Last](#last)\n\n"),
        "{out}"
    );
}

#[test]
fn chapter_toc_defaults_from_book_toml() {
    let mut chapters = vec![chapter("a.md", "<<#toc>>\n\n# A\n## B\n### C\n")];
    let out = expand_with(
        &mut chapters,
        json!({"preprocessor": {"integration-guide": {"toc": {"from": 1, "depth": 2, "ordered": true}}}}),
    );
    assert_eq!(out[0], "1. [A](#a)\n   1. [B](#b)\n\n# A\n## B\n### C\n");
    // Attributes win over the defaults.
    let mut chapters = vec![chapter(
        "a.md",
        "<<#toc from=2 ordered=false>>\n\n# A\n## B\n### C\n",
    )];
    let out = expand_with(
        &mut chapters,
        json!({"preprocessor": {"integration-guide": {"toc": {"from": 1, "depth": 2, "ordered": true}}}}),
    );
    assert_eq!(out[0], "- [B](#b)\n  - [C](#c)\n\n# A\n## B\n### C\n");
}

#[test]
fn book_toc_keeps_parts_nesting_and_drafts() {
    let mut chapters = book("# About\n\n<<#toc scope=\"book\">>\n");
    let out = expand_with(&mut chapters, json!({}));
    assert_eq!(
        out[0],
        "# About\n\n\
         - [About](index.md)\n\n\
         **The integration**\n\n\
         - [Introduction](intro.md)\n  - [Overview](intro.md#overview)\n  - [Purpose](intro.md#purpose)\n\n\
         **Setting it up**\n\n\
         - [Setup](setup/index.md)\n  - [Before you start](setup/index.md#before-you-start)\n  - [In A](<setup/a b.md>)\n    - [Create it](<setup/a b.md#create-it>)\n\
         - Troubleshooting\n\
         - [More](more.md)\n"
    );
}

#[test]
fn book_toc_links_are_relative_to_the_chapter() {
    let mut chapters = book("# About\n");
    chapters[3].content = "# In A\n\n<<#toc scope=\"book\" depth=1 drafts=\"skip\">>\n".into();
    let out = expand_with(&mut chapters, json!({}));
    assert_eq!(
        out[3],
        "# In A\n\n\
         - [About](../index.md)\n\n\
         **The integration**\n\n\
         - [Introduction](../intro.md)\n\n\
         **Setting it up**\n\n\
         - [Setup](index.md)\n  - [In A](<a b.md>)\n\
         - [More](../more.md)\n"
    );
}

#[test]
fn ordered_book_toc_numbers_as_mdbook_does() {
    let mut chapters = book("<<#toc scope=\"book\" depth=1 ordered>>\n");
    let out = expand_with(&mut chapters, json!({}));
    // Markdown numbers a list's items from its first number (the writer
    // repeats `2.` after the nested list; the page shows 3).
    assert_eq!(
        out[0],
        "- [About](index.md)\n\n\
         **The integration**\n\n\
         1. [Introduction](intro.md)\n\n\
         **Setting it up**\n\n\
         2. [Setup](setup/index.md)\n   1. [In A](<setup/a b.md>)\n\
         2. Troubleshooting\n\n\
         - [More](more.md)\n"
    );
    // Drafts left out by the book.toml default.
    let mut chapters = book("<<#toc scope=\"book\" depth=1 ordered>>\n");
    let out = expand_with(
        &mut chapters,
        json!({"preprocessor": {"integration-guide": {"toc": {"drafts": "skip"}}}}),
    );
    assert!(!out[0].contains("Troubleshooting"), "{}", out[0]);
}

#[test]
fn book_toc_from_and_depth() {
    let mut chapters = book("<<#toc scope=\"book\" from=3 depth=2>>\n");
    let out = expand_with(&mut chapters, json!({}));
    assert!(
        out[0].contains("- [Introduction](intro.md)\n  - [Detail](intro.md#detail)\n"),
        "{}",
        out[0]
    );
}

#[test]
fn topics_lists_the_direct_subsections() {
    let text = "# Intro\n\nText.\n\n<<#topics>>\n\n## Overview\n### Detail\n## Purpose\n";
    assert_eq!(
        expand(text).unwrap(),
        "# Intro\n\nText.\n\n**Topics:**\n\n- [Overview](#overview)\n- [Purpose](#purpose)\n\n## Overview\n### Detail\n## Purpose\n"
    );
    // In a subsection: its own subsections only.
    let text = "# I\n## A\n<<#topics label=\"In A:\">>\n### A1\n#### deep\n### A2\n## B\n### B1\n";
    assert_eq!(
        expand(text).unwrap(),
        "# I\n## A\n\n**In A:**\n\n- [A1](#a1)\n- [A2](#a2)\n### A1\n#### deep\n### A2\n## B\n### B1\n"
    );
}

#[test]
fn topics_sees_generated_headings_and_keeps_containers() {
    let text = "# Setup\n\n> <<#topics label=\"\">>\n\n<<#config-step title=\"First\" id=\"one\">>\n1. Go.\n<</config-step>>\n";
    let out = expand(text).unwrap();
    assert!(
        out.starts_with("# Setup\n\n> - [1\\. First](#one)\n\n"),
        "{out}"
    );
}

#[test]
fn topics_falls_back_to_sub_chapters() {
    let mut chapters = book("# About\n");
    chapters[2].content = "# Setup\n\n<<#topics>>\n\nNo subsections here.\n".into();
    let out = expand_with(&mut chapters, json!({}));
    assert_eq!(
        out[2],
        "# Setup\n\n**Topics:**\n\n- [In A](<a b.md>)\n\nNo subsections here.\n"
    );
}

#[test]
fn topics_label_from_book_toml() {
    let mut chapters = vec![chapter("a.md", "# A\n<<#topics>>\n## B\n")];
    let out = expand_with(
        &mut chapters,
        json!({"preprocessor": {"integration-guide": {"topics": {"label": "Themen:"}}}}),
    );
    assert_eq!(out[0], "# A\n\n**Themen:**\n\n- [B](#b)\n## B\n");
}

#[test]
fn nothing_to_list_warns() {
    let mut chapters = book("# About\n\n<<#topics>>\n\nText.\n\n<<#toc>>\n");
    assert_eq!(
        diagnostics(&mut chapters),
        vec![
            "src/index.md:3:1: warning: `topics` has nothing to list: the section \"About\" has no subsections and the chapter no sub-chapters",
            "src/index.md:7:1: warning: `toc` has nothing to list: no headings of level 2 to 3 in this chapter",
        ]
    );
    // An empty expansion leaves its line empty.
    assert_eq!(chapters[0].content, "# About\n\n\n\nText.\n\n\n");
}

/// Expands with book.toml settings; every diagnostic, `file:line:col:
/// severity: message`.
fn expand_with_diagnostics(chapters: &mut [Chapter], config: Value) -> Vec<String> {
    let config = json!({"preprocessor": {"integration-guide": config}});
    let report = engine::process(chapters, &settings(config), &shortcodes::registry(), "html");
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d.file, d.line, d.column, d.diagnostic.severity, d.diagnostic.message
            )
        })
        .collect()
}

#[test]
fn a_failed_step_raises_no_nothing_to_list_warning() {
    // Issue 23 item 15: a step with an unknown party is the error; the
    // heading it would have made is not "nothing to list".
    let mut chapters = vec![chapter(
        "a.md",
        "# Setup\n\n<<#topics>>\n\n<<#config-step title=\"First\" party=\"Acme\">>\n1. Go.\n<</config-step>>\n",
    )];
    let found = expand_with_diagnostics(&mut chapters, json!({"parties": ["Globex"]}));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("error: unknown party `Acme`"),
        "{found:#?}"
    );
}

#[test]
fn invalid_attributes_are_located_errors() {
    assert_eq!(
        errors("# A\n\n<<#topics lable=\"x\">>\n"),
        vec![
            "src/chapter.md:3:11: error: unknown attribute `lable` for `topics` [did you mean `label`?]"
        ]
    );
    assert_eq!(
        errors("<<#topics \"x\">>\n"),
        vec![
            "src/chapter.md:1:11: error: `topics` takes no positional argument [`topics` takes `label`]"
        ]
    );
    assert_eq!(
        errors("<<#toc scope=\"bok\">>\n"),
        vec![
            "src/chapter.md:1:15: error: `bok` is not a valid value for `scope` (did you mean `book`?) [`scope` takes one of `chapter`, `book`, `guide`]"
        ]
    );
    assert_eq!(
        errors("<<#toc drafts=\"skip\">>\n## A\n"),
        vec![
            "src/chapter.md:1:16: error: `drafts` only applies to a book-wide table of contents [add scope=\"book\", or remove `drafts`]"
        ]
    );
    assert_eq!(
        errors("<<#toc scope=\"book\" drafts=\"hide\">>\n"),
        vec![
            "src/chapter.md:1:29: error: `hide` is not a valid value for `drafts` [`drafts` takes one of `text`, `skip`]"
        ]
    );
}

#[test]
fn invalid_defaults_fail_with_a_message() {
    let bad = json!({"preprocessor": {"integration-guide": {"toc": {"depth": 9}}}});
    let err = mdbook_integration_guide::settings::Settings::from_config(&bad).unwrap_err();
    assert_eq!(
        err,
        "book.toml: [preprocessor.integration-guide.toc]: `depth` = 9 is not valid; it must be a whole number from 1 to 6"
    );
}

/// Part titles travel from mdBook's JSON to the book-wide toc.
#[test]
fn part_titles_come_from_the_summary() {
    let chapter = |name: &str, path: &str, content: &str, number: Value| {
        json!({"Chapter": {"name": name, "content": content, "number": number,
            "sub_items": [], "path": path, "source_path": path, "parent_names": []}})
    };
    let input = json!([
        {"root": "/b", "config": {"book": {"src": "src"}}, "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": [
            chapter("About", "index.md", "<<#toc scope=\"book\" depth=1>>\n", Value::Null),
            {"PartTitle": "First part"},
            chapter("One", "one.md", "# One\n", json!([1])),
            "Separator",
            {"PartTitle": "Second part"},
            chapter("Two", "two.md", "# Two\n", json!([2])),
        ]}
    ]);
    let mut out = Vec::new();
    let mut err = Vec::new();
    mdbook_integration_guide::protocol::run(input.to_string().as_bytes(), &mut out, &mut err)
        .unwrap_or_else(|e| panic!("{e:?}: {}", String::from_utf8_lossy(&err)));
    let book: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        book["items"][0]["Chapter"]["content"],
        "- [About](index.md)\n\n**First part**\n\n- [One](one.md)\n\n**Second part**\n\n- [Two](two.md)\n"
    );
    assert_eq!(book["items"][1], json!({"PartTitle": "First part"}));
}

#[test]
fn readme_documents_the_anchor_rules() {
    // Every shortcode, attribute, label and option: `readme.rs`.
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains("(`label = \"Themen:\"`)"));
    assert!(readme.contains("### Anchors: the ids mdBook gives headings"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Tables of contents and Topics lists over any book: never a panic.
    #[test]
    fn any_book_expands_or_reports(
        texts in proptest::collection::vec(
            "(# A\n|## B\n|### C `d`\n|#### E\n|##\n|Text\n|\n|> |- |<<#toc>>\n|<<#topics>>\n|<<#toc scope=\"book\" depth=3 ordered>>\n|<<#toc from=1 depth=6>>\n|<<#topics label=\"\">>\n|<<#config-step title=\"S\">>\n1. a\n<</config-step>>\n|Term\n: def\n){0,12}",
            1..5,
        ),
        drafts in proptest::collection::vec(proptest::bool::ANY, 5),
        depths in proptest::collection::vec(0usize..3, 5),
    ) {
        let mut chapters: Vec<Chapter> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = (!drafts[i] || i == 0).then(|| format!("d{}/c{i}.md", depths[i]));
                let depth = if i == 0 { 0 } else { depths[i].min(depths[i - 1] + 1) };
                let mut c = ch(path.as_deref(), &format!("C{i}"), depth, Some(vec![i as u32]), text);
                if i % 2 == 1 {
                    c.part = Some(format!("P{i}"));
                }
                c
            })
            .collect();
        let _ = engine::process(
            &mut chapters,
            &settings(json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}})),
            &shortcodes::registry(),
            "html",
        );
    }
}
