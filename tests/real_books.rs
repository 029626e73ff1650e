//! Issue 19: books built with the real mdBook (mdbook-driver) and checked
//! with `check`, for the faults found on real books: links in step titles
//! (fault 3), numbered book-wide tables of contents (fault 4), skipped
//! drafts (fault 5), and a look-alike of real books' forms that must come
//! out byte-identical with and without the preprocessor.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{BIN, build_dir, main_of};

/// Writes `files` (path, content) under a new temporary directory.
fn book(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn check(dir: &Path) -> Output {
    Command::new(BIN)
        .arg("check")
        .arg(dir)
        .env("NO_COLOR", "1")
        .env_remove("MDBOOK_BOOK")
        .output()
        .expect("the binary runs")
}

const BOOK_TOML: &str = "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\n";

/// No `<a` opens before the previous `<a` is closed.
fn assert_no_nested_links(html: &str) {
    let mut depth = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<a ") || rest.starts_with("<a>") {
            depth += 1;
            assert!(
                depth == 1,
                "a link inside a link near {:?}",
                &rest[..rest.len().min(200)]
            );
        } else if rest.starts_with("</a>") {
            depth -= 1;
        }
        rest = &rest[1..];
    }
}

/// Fault 3: a step title with a link and an autolink.
#[test]
fn links_in_step_titles_become_text_in_links_to_the_step() {
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Workflow](workflow.md)\n- [Steps](steps.md)\n",
        ),
        (
            "src/workflow.md",
            "# Integration workflow\n\n<<#workflow-table>>\n\nSee <<#step-ref s1>>.\n",
        ),
        (
            "src/steps.md",
            "# Steps\n\n<<#config-step id=\"s1\" title=\"Call the [API](https://api.example.com/)\">>\n1. Call.\n<</config-step>>\n\n<<#config-step id=\"s2\" title=\"Read <https://docs.example.com/>\">>\n1. Read.\n<</config-step>>\n",
        ),
    ]);
    let out = check(dir.path());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("workflow-missing-step"), "{report}");
    let built = build_dir(dir);
    built.result.as_ref().unwrap();
    let workflow = built.html("workflow.html");
    let main = main_of(&workflow);
    assert!(
        main.contains(r##"<a href="steps.html#s1">Step 1: Call the API</a>"##),
        "{main}"
    );
    assert!(
        main.contains(r##"<a href="steps.html#s1">Call the API</a>"##),
        "{main}"
    );
    assert!(
        main.contains(r##"<a href="steps.html#s2">Read https://docs.example.com/</a>"##),
        "{main}"
    );
    assert_no_nested_links(main);
    let steps = built.html("steps.html");
    assert!(common::ids_in(&steps).contains("s1"));
    assert!(
        main_of(&steps).contains(r##"<a href="#s2">Step 2: Read https://docs.example.com/</a>"##)
    );
    assert_no_nested_links(main_of(&steps));
}

/// Faults 4 and 5 through mdBook: its numbers, headings apart, skipped
/// drafts that keep their children in place.
#[test]
fn a_numbered_book_toc_shows_mdbooks_numbers() {
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Setup](setup.md)\n  - [In System A](a.md)\n  - [Planned]()\n  - [In System C](c.md)\n- [Later]()\n  - [Child](child.md)\n",
        ),
        (
            "src/setup.md",
            "# Setup\n\n<<#toc scope=\"book\" ordered drafts=\"skip\">>\n\n## Overview\n",
        ),
        ("src/a.md", "# In System A\n"),
        ("src/c.md", "# In System C\n"),
        ("src/child.md", "# Child\n"),
    ]);
    let built = build_dir(dir);
    built.result.as_ref().unwrap();
    let html = built.html("setup.html");
    let main = main_of(&html);
    let list: String = main
        .split_once("<ol>")
        .map(|(_, rest)| format!("<ol>{}", rest.split_once("<h2").map_or(rest, |(l, _)| l)))
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        list,
        concat!(
            r##"<ol><li><ahref="setup.html">Setup</a><ul><li><ahref="#overview">Overview</a></li></ul>"##,
            r#"<ol><li><ahref="a.html">InSystemA</a></li></ol><olstart="3"><li><ahref="c.html">InSystemC</a></li></ol></li>"#,
            r#"<li>Later<ol><li><ahref="child.html">Child</a></li></ol></li></ol>"#
        ),
        "{main}"
    );
}
