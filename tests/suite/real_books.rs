//! Issue 19: books built with the real mdBook (mdbook-driver) and checked
//! with `check`, for the faults found on real books: links in step titles
//! (fault 3), numbered book-wide tables of contents (fault 4), skipped
//! drafts (fault 5), and a look-alike of real books' forms that must come
//! out byte-identical with and without the preprocessor.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{BIN, build_dir, main_of};

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
    assert!(crate::support::ids_in(&steps).contains("s1"));
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

/// The findings of a `check` report, paths relative to the book.
fn findings_of(report: &str, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    report
        .lines()
        .filter(|l| l.contains("]: "))
        .map(|l| l.replace(&prefix, ""))
        .collect()
}

/// The `check` report (human format) of a book.
fn check_report(dir: &Path) -> String {
    let out = check(dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fault 2: SUMMARY entries written `./dir/x.md` (the Rustonomicon, the
/// pulldown-cmark guide) and `./README.md`: no false `link-not-in-summary`,
/// and the one real broken anchor reported.
#[test]
fn check_normalises_summary_paths_as_mdbook_does() {
    let dir = book(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
        ),
        (
            "src/SUMMARY.md",
            "# Summary\n\n[Intro](./README.md)\n\n- [A](./a.md)\n- [Dir](./dir/README.md)\n  - [X](./dir/x.md)\n  - [Y](dir/../dir/y.md)\n",
        ),
        (
            "src/README.md",
            "# Intro\n\nSee [A](a.md), [A](./a.md#a), [X](dir/x.md#x).\n",
        ),
        (
            "src/a.md",
            "# A\n\n[x](./dir/x.md#x-two) [y](dir/y.md) [dir](./dir/README.md#dir) [dir](dir/index.md) [broken](./dir/x.md#nope)\n",
        ),
        (
            "src/dir/README.md",
            "# Dir\n\n[intro](../README.md#intro) [intro](../index.md) [a](./../a.md#a)\n",
        ),
        (
            "src/dir/x.md",
            "# X\n\n## X two\n\n[up](../a.md) [self](x.md#x) [sib](./y.md)\n",
        ),
        (
            "src/dir/y.md",
            "# Y\n\n[readme](README.md#dir) [idx](./index.md)\n",
        ),
    ]);
    let report = check_report(dir.path());
    let findings = findings_of(&report, dir.path());
    assert_eq!(
        findings,
        ["src/a.md:3:93: error[broken-anchor]: broken link: the page of `dir/x.md` has no `#nope`"],
        "{report}"
    );
    assert!(
        report.contains(&format!("{}/src/a.md:3:", dir.path().display())),
        "{report}"
    );
}

/// Fault 2: a page that `[output.html.redirect]` provides is a working
/// link; a missing page still is not.
#[test]
fn check_accepts_links_to_redirected_pages() {
    let dir = book(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[output.html.redirect]\n\"/old.html\" = \"a.html\"\n\"/guide/older.html\" = \"../a.html\"\n",
        ),
        ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
        (
            "src/a.md",
            "# A\n\n[old](old.md) [older](./guide/older.md) [gone](gone.md)\n",
        ),
    ]);
    let report = check_report(dir.path());
    let findings = findings_of(&report, dir.path());
    assert_eq!(
        findings,
        [
            "src/a.md:3:48: error[link-not-in-summary]: `gone.md` does not exist and is not a chapter in SUMMARY.md"
        ],
        "{report}"
    );
}

/// Fault 2: ids another preprocessor may add are not reported as broken;
/// `check` says once what it did not check. Links to pages still are.
#[test]
fn check_does_not_report_anchors_other_preprocessors_may_add() {
    let files = |toml: &'static str| {
        book(&[
            ("book.toml", toml),
            ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n"),
            (
                "src/a.md",
                "# A\n\n[rule](b.md#rule.one) [rule](b.md#rule.two) [gone](gone.md)\n",
            ),
            ("src/b.md", "# B\n\nr[rule.one]\nText.\n"),
        ])
    };
    let base = "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n";
    let with_rules = Box::leak(
        format!("{base}\n[preprocessor.spec]\ncommand = \"mdbook-spec\"\n").into_boxed_str(),
    );
    let dir = files(with_rules);
    let report = check_report(dir.path());
    let findings = findings_of(&report, dir.path());
    assert_eq!(
        findings,
        [
            "src/a.md:3:52: error[link-not-in-summary]: `gone.md` does not exist and is not a chapter in SUMMARY.md"
        ],
        "{report}"
    );
    let notes: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("note: ") && l.contains("anchor"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: 2 links to anchors that are not in their pages' Markdown were not checked: the book's other preprocessors (spec) may add ids that `check` cannot see; `mdbook build` and a link checker on the HTML can"
        ],
        "{report}"
    );
    // Without it, with one that runs only for another renderer, and with
    // one known to add no ids, they are reported.
    let only_pdf = Box::leak(
        format!("{base}\n[preprocessor.spec]\ncommand = \"mdbook-spec\"\nrenderers = [\"pdf\"]\n")
            .into_boxed_str(),
    );
    let only_mermaid = Box::leak(
        format!("{base}\n[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n").into_boxed_str(),
    );
    // Known to add no ids by the program its command runs, whatever the
    // table's name.
    let tabs_by_command = Box::leak(
        format!("{base}\n[preprocessor.my-tabs]\ncommand = \"/opt/bin/mdbook-tabs\"\n")
            .into_boxed_str(),
    );
    for toml in [base, only_pdf, only_mermaid, tabs_by_command] {
        let report = check_report(files(toml).path());
        assert_eq!(report.matches("[broken-anchor]").count(), 2, "{report}");
        assert!(!report.contains("may add ids"), "{report}");
    }
}

/// "Done when": a book of real books' forms and no shortcodes (raw HTML
/// grammar spans with `<</span>`, `./` SUMMARY entries, nested
/// sub-chapters, includes, footnotes, definition lists, a redirect) builds
/// to byte-identical HTML with and without the preprocessor, and `check`
/// reports nothing on it.
#[test]
fn a_book_without_shortcodes_is_byte_identical_and_checks_clean() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-book-lookalike");

    let plain = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&data, plain.path());
    let toml = std::fs::read_to_string(plain.path().join("book.toml")).unwrap();
    let cut = toml.find("[preprocessor.integration-guide]").unwrap();
    std::fs::write(plain.path().join("book.toml"), &toml[..cut]).unwrap();
    let (built, log) = crate::support::with_mdbook_log(|| {
        mdbook_driver::MDBook::load(plain.path()).and_then(|md| md.build())
    });
    built.unwrap();

    let with = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&data, with.path());
    let report = check_report(with.path());
    assert!(findings_of(&report, with.path()).is_empty(), "{report}");
    assert!(report.contains("no problems found in "), "{report}");
    let out = check(with.path());
    assert_eq!(out.status.code(), Some(0));

    let (built, log_with) = crate::support::with_mdbook_log(|| build_dir(with));
    built.result.as_ref().unwrap();
    assert_eq!(built.stderr, "");
    // mdBook's own warnings (about `<` in raw HTML) are the same.
    assert_eq!(log, log_with);
    let without = crate::support::files_under(&plain.path().join("book"));
    let with = crate::support::files_under(&built.root().join("book"));
    assert_eq!(
        without.keys().collect::<Vec<_>>(),
        with.keys().collect::<Vec<_>>()
    );
    assert!(without.contains_key("lexical/operators.html"));
    for (path, bytes) in &without {
        assert!(with[path] == *bytes, "{path} differs with the preprocessor");
    }
    // The forms are really there.
    let lexical = String::from_utf8_lossy(&without["lexical/index.html"]).into_owned();
    assert!(
        main_of(&lexical).contains(r#"<span class="grammar-literal">&lt;</span>"#),
        "{lexical}"
    );
}

/// Fault 2's normalisation in the links shortcodes generate: with `./`
/// SUMMARY entries mixed with plain ones (mdBook hands the preprocessor
/// `./dir/README.md` and `dir/x.md` as written), a
/// book-wide toc and a step-ref link to pages and ids that exist.
#[test]
fn generated_links_work_with_dot_slash_summary_entries() {
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        (
            "src/SUMMARY.md",
            "# Summary\n\n[Intro](./README.md)\n\n- [Dir](./dir/README.md)\n  - [X](dir/x.md)\n",
        ),
        (
            "src/README.md",
            "# Intro\n\n<<#toc scope=\"book\">>\n\nSee <<#step-ref s1>>.\n",
        ),
        (
            "src/dir/README.md",
            "# Dir\n\n## Dir part\n\nSee <<#step-ref s1>>.\n",
        ),
        (
            "src/dir/x.md",
            "# X\n\n## X part\n\n<<#config-step id=\"s1\" title=\"Do it\">>\n1. Do.\n<</config-step>>\n",
        ),
    ]);
    let built = build_dir(dir);
    built.result.as_ref().unwrap();
    let book_dir = built.root().join("book");
    for page in ["index.html", "dir/index.html"] {
        let html = built.html(page);
        let links = crate::support::links_in_main(&html);
        assert!(!links.is_empty());
        for link in links {
            let (file, anchor) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let base = Path::new(page).parent().unwrap();
            let target = if file.is_empty() {
                book_dir.join(page)
            } else {
                book_dir.join(base).join(file)
            };
            let text = std::fs::read_to_string(&target)
                .unwrap_or_else(|e| panic!("{page}: {link} -> {}: {e}", target.display()));
            assert!(
                anchor.is_empty() || crate::support::ids_in(&text).contains(anchor),
                "{page}: {link}"
            );
        }
    }
}

/// Fault 2, the class: every way of writing a SUMMARY entry and a link to
/// it names one chapter; a working anchor is never reported, a broken one
/// always is.
#[test]
fn every_spelling_of_a_path_is_one_chapter() {
    let entries = ["dir/x.md", "./dir/x.md", "dir/./x.md", "./dir/../dir/x.md"];
    let links = [
        "dir/x.md",
        "./dir/x.md",
        "dir/./x.md",
        "dir/../dir/x.md",
        "./dir//x.md",
    ];
    let readmes = ["README.md", "./README.md"];
    let to_readme = ["README.md", "./README.md", "index.md", "./index.md"];
    for (n, entry) in entries.iter().enumerate() {
        let readme = readmes[n % 2];
        let mut intro = String::from("# Intro\n\n");
        for link in links {
            intro.push_str(&format!("[ok]({link}#part) [bad]({link}#nope)\n"));
        }
        let mut x = String::from("# X\n\n## Part\n\n");
        for link in to_readme {
            x.push_str(&format!("[ok](../{link}#intro) [bad](../{link}#nope)\n"));
        }
        let summary = format!("# Summary\n\n[Intro]({readme})\n\n- [Dir]({entry})\n");
        let dir = book(&[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
            ),
            ("src/SUMMARY.md", &summary),
            ("src/README.md", &intro),
            ("src/dir/x.md", &x),
        ]);
        let report = check_report(dir.path());
        let found = findings_of(&report, dir.path());
        assert!(
            found
                .iter()
                .all(|f| f.contains("error[broken-anchor]") && f.contains("`#nope`")),
            "{entry}: {report}"
        );
        assert_eq!(
            found.len(),
            links.len() + to_readme.len(),
            "{entry}: {report}"
        );
    }
}
