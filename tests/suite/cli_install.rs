//! `mdbook-integration-guide install` on temporary books: book.toml edited
//! in place (golden files before/after, comments and formatting kept),
//! idempotent to the byte, the stylesheet written, refreshed when stale
//! and never clobbered when it is not ours.
//!
//! The `-after` files are insta snapshots (`tests/golden/cli/*-after.toml.snap`);
//! `INSTA_UPDATE=always cargo test --test suite cli_install::` (or `cargo
//! insta review`) rewrites them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::BIN;
use crate::support::snapshot::assert_golden;
use mdbook_integration_guide::install::{CSS, CSS_PATH};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/cli")
        .join(name)
}

fn install(dir: &Path, extra: &[&str]) -> Output {
    Command::new(BIN)
        .arg("install")
        .args(extra)
        .arg(dir)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A book with `book.toml` and a SUMMARY.md.
fn book(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Intro](intro.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/intro.md"),
        "# Intro\n\n<<#toc>>\n\n## Overview\n",
    )
    .unwrap();
    dir
}

fn check_golden(before: &str, after: &str) -> tempfile::TempDir {
    let input = std::fs::read_to_string(golden(before)).unwrap();
    let dir = book(&input);
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    // book.toml must be `tests/golden/cli/<after>.snap`.
    assert_golden(
        "tests/golden/cli",
        after,
        Some(&format!("tests/golden/cli/{before}")),
        &toml,
    );
    // Every line that was there is still there, byte for byte, in order:
    // install only adds lines.
    let mut lines = toml.lines();
    for line in input.lines() {
        assert!(
            lines.any(|l| l == line),
            "line {line:?} of {before} was changed"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join(CSS_PATH)).unwrap(),
        CSS
    );
    dir
}

#[test]
fn install_edits_a_commented_book_toml_and_is_idempotent() {
    let dir = check_golden("install-before.toml", "install-after.toml");
    let shown = dir.path().display().to_string();
    // The first run said what it did.
    // The second run changes nothing at all.
    let toml = std::fs::read(dir.path().join("book.toml")).unwrap();
    let css = std::fs::read(dir.path().join(CSS_PATH)).unwrap();
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "mdbook-integration-guide v{} is already installed in {shown}: nothing to change\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(std::fs::read(dir.path().join("book.toml")).unwrap(), toml);
    assert_eq!(std::fs::read(dir.path().join(CSS_PATH)).unwrap(), css);
}

#[test]
fn install_reports_what_it_changes() {
    let input = std::fs::read_to_string(golden("install-minimal-before.toml")).unwrap();
    let dir = book(&input);
    let out = install(dir.path(), &[]);
    let shown = dir.path().display().to_string();
    assert_eq!(
        text(&out.stdout),
        format!(
            "{shown}/theme/integration-guide.css: written (v{v})\n\
             {shown}/theme/integration-guide.js: written (v{v})\n\
             {shown}/book.toml: added [preprocessor.integration-guide] with after = [\"links\", \"index\"]\n\
             {shown}/book.toml: added \"theme/integration-guide.css\" to output.html.additional-css\n\
             {shown}/book.toml: added \"theme/integration-guide.js\" to output.html.additional-js\n\
             {shown}/book.toml: added the #:schema directive of the options' JSON Schema\n",
            v = env!("CARGO_PKG_VERSION")
        )
    );
    check_golden("install-minimal-before.toml", "install-minimal-after.toml");
}

/// `install` puts the neighbours it finds on their side of us (the table
/// of `mdbook_integration_guide::neighbours`), removes the contrary entries
/// (ours, and theirs naming us: mdBook refuses a cycle), says what it did,
/// and the second run changes nothing.
#[test]
fn install_orders_the_neighbours_and_is_idempotent() {
    let input = std::fs::read_to_string(golden("install-neighbours-before.toml")).unwrap();
    let dir = book(&input);
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = dir.path().display().to_string();
    assert_eq!(
        text(&out.stdout),
        format!(
            "{shown}/theme/integration-guide.css: written (v{v})\n\
             {shown}/theme/integration-guide.js: written (v{v})\n\
             {shown}/book.toml: added \"gettext\" to `before` in [preprocessor.integration-guide] (mdbook-gettext runs after it)\n\
             {shown}/book.toml: added \"mermaid\" to `after` in [preprocessor.integration-guide] (mdbook-mermaid runs before it)\n\
             {shown}/book.toml: removed \"integration-guide\" from `after` in [preprocessor.mermaid] (mdbook-mermaid runs before it)\n\
             {shown}/book.toml: added \"tabs\" to `after` in [preprocessor.integration-guide] (mdbook-tabs runs before it)\n\
             {shown}/book.toml: removed \"toc\" from `after` in [preprocessor.integration-guide] (mdbook-toc runs after it)\n\
             {shown}/book.toml: added \"toc\" to `before` in [preprocessor.integration-guide] (mdbook-toc runs after it)\n\
             {shown}/book.toml: added \"katex\" to `before` in [preprocessor.integration-guide] (mdbook-katex runs after it)\n\
             {shown}/book.toml: added \"theme/integration-guide.js\" to output.html.additional-js\n\
             {shown}/book.toml: added the #:schema directive of the options' JSON Schema\n",
            v = env!("CARGO_PKG_VERSION")
        )
    );
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert_golden(
        "tests/golden/cli",
        "install-neighbours-after.toml",
        Some("tests/golden/cli/install-neighbours-before.toml"),
        &toml,
    );
    let again = install(dir.path(), &[]);
    assert!(
        text(&again.stdout).contains("nothing to change"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        toml
    );
    // And `check` has nothing to say about the order.
    let check = Command::new(BIN)
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        !text(&check.stdout).contains("in mdBook's order"),
        "{}",
        text(&check.stdout)
    );
}

/// A neighbour that would close a cycle through a third preprocessor is
/// not added: mdBook would refuse to build.
#[test]
fn install_makes_no_cycle() {
    let dir = book(
        "[book]\ntitle = \"x\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\nbefore = [\"mine\"]\n\n[preprocessor.mine]\nbefore = [\"tabs\"]\n\n[preprocessor.tabs]\n",
    );
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("not added \"tabs\" to `after` in [preprocessor.integration-guide]: with the other preprocessors' `before`/`after` it would make a cycle, which mdBook refuses; mdbook-tabs must run before it"),
        "{}",
        text(&out.stdout)
    );
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert!(toml.contains("after = [\"links\", \"index\"]\n"), "{toml}");
    // A cycle of the book's own, which counts once our table is there:
    // said, not resolved.
    let own = book(
        "[preprocessor.mine]\nbefore = [\"integration-guide\"]\nafter = [\"integration-guide\"]\n",
    );
    let out = install(own.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("/book.toml: the `before` and `after` of \"integration-guide\", \"mine\" make a cycle, so mdBook refuses to build; remove the entry that contradicts the others\n"),
        "{}",
        text(&out.stdout)
    );
    // The second run changes nothing and says so again.
    let again = install(dir.path(), &[]);
    let said = text(&again.stdout);
    assert!(said.contains("nothing to change"), "{said}");
    assert!(said.contains("not added \"tabs\""), "{said}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        toml
    );
}

#[test]
fn installed_books_build_with_mdbook() {
    let input = std::fs::read_to_string(golden("install-minimal-before.toml")).unwrap();
    let dir = book(&input);
    assert_eq!(install(dir.path(), &[]).status.code(), Some(0));
    let built = crate::support::build_dir(dir);
    assert_eq!(built.result, Ok(()));
    assert_eq!(built.stderr, "");
    let html = built.html("intro.html");
    assert!(html.contains("theme/integration-guide"), "no stylesheet");
    assert!(
        !html.contains("&lt;&lt;#toc"),
        "the preprocessor did not run"
    );
}

#[test]
fn a_stale_stylesheet_is_refreshed() {
    let dir = book("[book]\ntitle = \"x\"\n");
    assert_eq!(install(dir.path(), &[]).status.code(), Some(0));
    let css = dir.path().join(CSS_PATH);
    std::fs::write(&css, "/* mdbook-integration-guide v0.0.1 */\n.old {}\n").unwrap();
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}/theme/integration-guide.css: updated from v0.0.1 to v{}\n",
            dir.path().display(),
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(std::fs::read_to_string(&css).unwrap(), CSS);

    // A copy of this version that someone edited is ours too: refreshed.
    std::fs::write(&css, format!("{CSS}\n.mine {{}}\n")).unwrap();
    let out = install(dir.path(), &[]);
    assert!(
        text(&out.stdout).contains("refreshed: it differed from the v"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&css).unwrap(), CSS);

    // A newer version's is left alone.
    let newer = "/* mdbook-integration-guide v99.0.0 */\n.new {}\n";
    std::fs::write(&css, newer).unwrap();
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("newer than this one"));
    assert_eq!(std::fs::read_to_string(&css).unwrap(), newer);
}

#[test]
fn a_foreign_stylesheet_is_kept_unless_forced() {
    let dir = book("[book]\ntitle = \"x\"\n");
    std::fs::create_dir_all(dir.path().join("theme")).unwrap();
    let css = dir.path().join(CSS_PATH);
    std::fs::write(&css, "body { color: red }\n").unwrap();
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}/theme/integration-guide.css exists and was not written by mdbook-integration-guide; move it away, or run `mdbook-integration-guide install --force` to replace it. Nothing was changed.\n",
            dir.path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        "[book]\ntitle = \"x\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(&css).unwrap(),
        "body { color: red }\n"
    );
    let out = install(dir.path(), &["--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&css).unwrap(), CSS);
}

#[test]
fn install_needs_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let out = install(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not an mdBook book"),
        "{}",
        text(&out.stderr)
    );
    // A book without book.toml (mdBook's defaults) gets one.
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/SUMMARY.md"), "# Summary\n").unwrap();
    assert_eq!(install(dir.path(), &[]).status.code(), Some(0));
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert!(toml.contains("[preprocessor.integration-guide]"), "{toml}");

    let bad = book("[book\n");
    let out = install(bad.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not valid TOML"));
}

/// `install`'s ordering, for any book.toml with neighbours and
/// `before`/`after` among them, ours and others: it never makes a cycle
/// where there was none once our table is there (a cycle of the book's own
/// is a note of its report); it leaves a neighbour on the wrong side only
/// when its place would make a cycle; a second run changes nothing.
mod ordering {
    use proptest::prelude::*;

    use mdbook_integration_guide::install::edit_book_toml;
    use mdbook_integration_guide::neighbours::{OURS, Side, mdbook_order, misplaced, tables};

    const NAMES: [&str; 9] = [
        "integration-guide",
        "links",
        "gettext",
        "mermaid",
        "tabs",
        "toc",
        "katex",
        "pagetoc",
        "mine",
    ];

    fn book() -> impl Strategy<Value = String> {
        let list = || proptest::sample::subsequence(NAMES.to_vec(), 0..3);
        proptest::collection::btree_map(
            proptest::sample::select(
                NAMES
                    .iter()
                    .filter(|n| **n != "links")
                    .copied()
                    .collect::<Vec<_>>(),
            ),
            (list(), list()),
            1..7,
        )
        .prop_map(|tables| {
            let quoted = |l: &[&str]| {
                l.iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            tables
                .iter()
                .map(|(name, (before, after))| {
                    format!(
                        "[preprocessor.{name}]\nbefore = [{}]\nafter = [{}]\n",
                        quoted(before),
                        quoted(after)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    fn order_of(
        toml: &str,
    ) -> std::collections::BTreeMap<String, mdbook_integration_guide::neighbours::Table> {
        let value: toml::Value = toml::from_str(toml).unwrap();
        tables(&serde_json::to_value(value).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
        #[test]
        fn no_cycle_every_neighbour_placed_idempotent(input in book()) {
            // The book as it is with our table (whose `after` has links
            // and index): entries naming us count from then on.
            let mut before = order_of(&input);
            let ours = before.entry(OURS.to_string()).or_default();
            for name in ["links", "index"] {
                if !ours.after.iter().any(|n| n == name) {
                    ours.after.push(name.to_string());
                }
            }
            let (output, _) = edit_book_toml(&input).unwrap();
            let after = order_of(&output);
            if mdbook_order(&before, true).is_some() {
                prop_assert!(mdbook_order(&after, true).is_some(), "a cycle:\n{}", output);
                for m in misplaced(&after, true) {
                    // Only when its place would close a cycle.
                    let mut placed = after.clone();
                    let ours = placed.get_mut(OURS).unwrap();
                    match m.neighbour.side {
                        Side::Before => ours.after.push(m.name.clone()),
                        _ => ours.before.push(m.name.clone()),
                    }
                    ours.before.retain(|n| m.neighbour.side != Side::Before || n != &m.name);
                    ours.after.retain(|n| m.neighbour.side != Side::After || n != &m.name);
                    if let Some(theirs) = placed.get_mut(&m.name) {
                        theirs.before.retain(|n| n != OURS);
                        theirs.after.retain(|n| n != OURS);
                    }
                    prop_assert!(
                        mdbook_order(&placed, true).is_none(),
                        "{} left misplaced:\n{}",
                        m.name,
                        output
                    );
                }
            }
            let (again, changes) = edit_book_toml(&output).unwrap();
            prop_assert_eq!(&again, &output);
            prop_assert!(changes.is_empty(), "{:?}", changes);
        }
    }
}

/// Issue 23, fault 9: a CRLF book.toml stays CRLF, and a UTF-8 byte order
/// mark stays at its start; the edit is the same as for the LF file.
#[test]
fn install_keeps_crlf_and_a_byte_order_mark() {
    let lf =
        "[book]\ntitle = \"Guide\"\n\n# Our renderer.\n[output.html]\nsmart-punctuation = true\n";
    let plain = book(lf);
    assert_eq!(install(plain.path(), &[]).status.code(), Some(0));
    let want = std::fs::read_to_string(plain.path().join("book.toml")).unwrap();
    for (bom, eol) in [("\u{feff}", "\r\n"), ("", "\r\n"), ("\u{feff}", "\n")] {
        let dir = book(&format!("{bom}{}", lf.replace('\n', eol)));
        let out = install(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let got = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
        assert_eq!(
            got,
            format!("{bom}{}", want.replace('\n', eol)),
            "{bom:?} {eol:?}"
        );
        // Idempotent.
        let again = install(dir.path(), &[]);
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
            got
        );
    }
}
