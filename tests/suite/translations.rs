//! Translated books (issue 19, item 9), without mdbook-i18n-helpers: the
//! heading ids pinned for a build that `mdbook-gettext` translates, proved
//! on the heading-id corpus with the real mdBook; which builds get them; and
//! the error when gettext ran before us, on chapters as mdbook-gettext 0.4.0
//! writes them. The same with the real mdbook-i18n-helpers is in
//! `neighbours::gettext` (ignored unless the neighbours are installed).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use mdbook_integration_guide::i18n;
use mdbook_integration_guide::markdown::ParseOptions;

use crate::support::{BIN, Run, copy_tree, run_json};

const CORPUS_CHAPTERS: &[&str] = &["headings.md", "notes.md", "containers.md"];

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/heading-ids")
}

/// A page with each heading's attributes in one order: mdBook writes an
/// explicit id before the classes and a generated one after them.
fn sorted_heading_attributes(html: &str) -> String {
    let tag = regex::Regex::new(r#"<(h[1-6])((?: [\w-]+="[^"]*")+)>"#).unwrap();
    let attr = regex::Regex::new(r#" [\w-]+="[^"]*""#).unwrap();
    tag.replace_all(html, |c: &regex::Captures<'_>| {
        let mut attrs: Vec<&str> = attr.find_iter(&c[2]).map(|m| m.as_str()).collect();
        attrs.sort();
        format!("<{}{}>", &c[1], attrs.concat())
    })
    .into_owned()
}

/// The `<main>` of every corpus page, built by the real mdBook.
fn build_corpus(dir: &Path, smart: bool) -> Vec<String> {
    let mut config = mdbook_driver::config::Config::from_disk(dir.join("book.toml")).unwrap();
    config.set("output.html.smart-punctuation", smart).unwrap();
    mdbook_driver::MDBook::load_with_config(dir, config)
        .and_then(|md| md.build())
        .expect("the corpus builds");
    CORPUS_CHAPTERS
        .iter()
        .map(|ch| {
            let page = dir.join("book").join(ch.replace(".md", ".html"));
            let html = std::fs::read_to_string(page).unwrap();
            sorted_heading_attributes(crate::support::main_of(&html))
        })
        .collect()
}

/// Every heading of the corpus (147 tricky headings and terms: footnotes,
/// inline HTML, code, containers, setext, duplicates, attribute blocks)
/// pinned to its id: mdBook renders the same pages, smart punctuation on
/// and off, byte for byte but for the order of a heading's `id` and `class`
/// attributes; pinning twice adds nothing.
#[test]
fn pinned_ids_leave_the_corpus_pages_byte_identical() {
    for smart in [true, false] {
        let options = ParseOptions {
            smart_punctuation: smart,
            ..ParseOptions::default()
        };
        let plain = tempfile::tempdir().unwrap();
        copy_tree(&corpus(), plain.path());
        let pinned = tempfile::tempdir().unwrap();
        copy_tree(&corpus(), pinned.path());
        let mut added = 0;
        for ch in CORPUS_CHAPTERS {
            let path = pinned.path().join("src").join(ch);
            let text = std::fs::read_to_string(&path).unwrap();
            let edits = i18n::heading_id_insertions(&text, options);
            added += edits.len();
            let new = i18n::apply(&text, &edits);
            assert_eq!(i18n::pin_heading_ids(&new, options), None, "{ch}: twice");
            std::fs::write(&path, new).unwrap();
        }
        assert!(added >= 100, "only {added} headings pinned");
        let before = build_corpus(plain.path(), smart);
        let after = build_corpus(pinned.path(), smart);
        for ((ch, b), a) in CORPUS_CHAPTERS.iter().zip(&before).zip(&after) {
            assert_eq!(b, a, "{ch} (smart punctuation {smart})");
        }
    }
}

/// What mdBook sends for a one-chapter book at `root` (`src/guide.md`).
fn input(root: &Path, config: Value, renderer: &str, content: &str) -> Value {
    json!([
        {
            "root": root,
            "config": config,
            "renderer": renderer,
            "mdbook_version": "0.5.4"
        },
        {
            "items": [{
                "Chapter": {
                    "name": "Guide",
                    "content": content,
                    "number": [1],
                    "sub_items": [],
                    "path": "guide.md",
                    "source_path": "guide.md",
                    "parent_names": []
                }
            }]
        }
    ])
}

fn config(language: Option<&str>, gettext: Option<Value>, ours: Value) -> Value {
    let mut config = json!({
        "book": { "src": "src" },
        "preprocessor": { "integration-guide": ours },
    });
    if let Some(language) = language {
        config["book"]["language"] = json!(language);
    }
    if let Some(table) = gettext {
        config["preprocessor"]["gettext"] = table;
    }
    config
}

fn content_out(run: &Run) -> String {
    let book: Value = serde_json::from_str(&run.stdout).unwrap();
    book["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .to_string()
}

const GUIDE: &str = "# Guide\n\n<<#toc>>\n\n## Overview\n\n<<#note>>\nText.\n<</note>>\n\n## Overview\n\n<<#troubleshooting layout=\"list\">>\nSymptom | Cause | Fix.\n<</troubleshooting>>\n";

/// What [`GUIDE`] expands to: with its heading ids pinned or not, its
/// callout an alert or a quote with a bold title, its troubleshooting a
/// definition list or a list (with `alert`: mdBook's forms).
fn expanded_guide(pinned: bool, alert: bool) -> String {
    let id = |id: &str| {
        if pinned {
            format!(" {{#{id}}}")
        } else {
            String::new()
        }
    };
    let callout = if alert {
        "> [!NOTE]\n> Text."
    } else {
        "> **Note**\n>\n> Text."
    };
    let trouble = if alert {
        "Symptom\n: **Cause:** Cause\\\n  **Fix:** Fix."
    } else {
        "- **Symptom:** Symptom\n  - **Cause:** Cause\n  - **Fix:** Fix."
    };
    format!(
        "# Guide{}\n\n- [Overview](#overview)\n- [Overview](#overview-1)\n\n## Overview{}\n\n{callout}\n\n## Overview{}\n\n{trouble}\n",
        id("guide"),
        id("overview"),
        id("overview-1")
    )
}

/// A build that gettext translates (gettext configured, `book.language` set,
/// `po/<language>.po` present, not the `xgettext` renderer) gets every
/// heading's id written out, and callouts and troubleshooting lists in
/// forms gettext can write back, as does the `xgettext` renderer's (so that
/// the messages match);
/// every other build gets exactly what it got before.
#[test]
fn only_a_build_gettext_translates_gets_pinned_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("po")).unwrap();
    std::fs::write(dir.path().join("po/de.po"), "").unwrap();
    std::fs::create_dir_all(dir.path().join("l10n")).unwrap();
    std::fs::write(dir.path().join("l10n/fr.po"), "").unwrap();
    let ours = json!({ "before": ["gettext"] });
    let gettext = || Some(json!({ "after": ["links"] }));
    let renamed = {
        let mut c = config(Some("fr"), None, json!({ "before": ["i18n"] }));
        c["preprocessor"]["i18n"] =
            json!({ "command": "/opt/bin/mdbook-gettext", "po-dir": "l10n" });
        c
    };
    let cases = [
        (
            "translated",
            config(Some("de"), gettext(), ours.clone()),
            "html",
            (true, false),
        ),
        ("po-dir, another table name", renamed, "html", (true, false)),
        (
            "other renderers too",
            config(Some("de"), gettext(), ours.clone()),
            "markdown",
            (true, false),
        ),
        (
            "xgettext extracts",
            config(Some("de"), gettext(), ours.clone()),
            "xgettext",
            (false, false),
        ),
        (
            "mdbook-xgettext under another name",
            {
                let mut c = config(None, gettext(), ours.clone());
                c["output"] = json!({ "pot": { "command": "mdbook-xgettext" } });
                c
            },
            "pot",
            (false, false),
        ),
        (
            "no language",
            config(None, gettext(), ours.clone()),
            "html",
            (false, true),
        ),
        (
            "no .po file",
            config(Some("it"), gettext(), ours.clone()),
            "html",
            (false, true),
        ),
        (
            "no gettext",
            config(Some("de"), None, ours.clone()),
            "html",
            (false, true),
        ),
    ];
    for (case, config, renderer, (pinned, alert)) in cases {
        let r = run_json(&input(dir.path(), config, renderer, GUIDE));
        assert_eq!(r.code, 0, "{case}: {}", r.stderr);
        assert_eq!(content_out(&r), expanded_guide(pinned, alert), "{case}");
    }
}

/// A chapter as mdbook-gettext 0.4.0 writes it when it runs first
/// (recorded from the real one: `neighbours::gettext` checks the recording
/// is still what it writes): our tags escaped, a block's lines joined.
pub const GETTEXT_FIRST: &str = include_str!("../data/gettext/rewritten-guide.md");
/// The chapter's file on disk (what the writer wrote).
pub const SOURCE: &str = include_str!("../data/gettext/src/guide.md");

/// gettext before us: the build fails with one error per chapter, at the
/// first tag in the chapter's file, saying what happened and which
/// book.toml key fixes it; the tags are never shown as text. With
/// `on-error = "warn"` it is a warning and the book goes on unchanged.
#[test]
fn gettext_first_is_an_error_naming_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("po")).unwrap();
    std::fs::write(dir.path().join("po/de.po"), "").unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/guide.md"), SOURCE).unwrap();
    let gettext = || Some(json!({ "after": ["links"] }));
    // Each as documented (ours: `after = ["links", "index"]`), nothing
    // else: mdBook runs gettext first (see `neighbours::mdbook_order`).
    let ours = || json!({ "after": ["links", "index"] });
    let r = run_json(&input(
        dir.path(),
        config(Some("de"), gettext(), ours()),
        "html",
        GETTEXT_FIRST,
    ));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let (line, col) = SOURCE
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("<<#").map(|c| (i + 1, c + 1)))
        .unwrap();
    for expected in [
        format!("src/guide.md:{line}:{col}: error: mdbook-gettext ran before mdbook-integration-guide and rewrote this chapter"),
        "help: run mdbook-gettext after mdbook-integration-guide: in book.toml add `before = [\"gettext\"]` to [preprocessor.integration-guide]".to_string(),
        "found 1 error in the book; nothing was changed".to_string(),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
    assert_eq!(r.stdout, "");

    // A tag in code before it is text, in the file as for gettext (which
    // leaves code alone): the error is at the first tag that is a tag.
    let with_code = SOURCE.replacen("# Guide\n", "# Guide\n\nWrite `<<#toc>>` for a list.\n", 1);
    std::fs::write(dir.path().join("src/guide.md"), &with_code).unwrap();
    let r = run_json(&input(
        dir.path(),
        config(Some("de"), gettext(), ours()),
        "html",
        GETTEXT_FIRST,
    ));
    let at = format!(
        "src/guide.md:{}:{col}: error: mdbook-gettext ran before",
        line + 2
    );
    assert!(r.stderr.contains(&at), "{at}\n{}", r.stderr);
    std::fs::write(dir.path().join("src/guide.md"), SOURCE).unwrap();

    let r = run_json(&input(
        dir.path(),
        config(
            Some("de"),
            gettext(),
            json!({ "after": ["links", "index"], "on-error": "warn" }),
        ),
        "html",
        GETTEXT_FIRST,
    ));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(": warning: mdbook-gettext ran before"),
        "{}",
        r.stderr
    );
    assert_eq!(content_out(&r), GETTEXT_FIRST);

    // Without a translation to make, or with gettext after us, the same
    // text is the writer's own: no chapter is reported (`\<\<#toc>>` is
    // Markdown for a literal tag); the order itself is, while it is wrong.
    for (language, ours, said) in [
        (
            None,
            ours(),
            "warning: book.toml: [preprocessor.gettext] (mdbook-gettext) runs before [preprocessor.integration-guide] in mdBook's order",
        ),
        (
            Some("de"),
            json!({ "after": ["links", "index"], "before": ["gettext"] }),
            "",
        ),
    ] {
        let r = run_json(&input(
            dir.path(),
            config(language, gettext(), ours),
            "html",
            GETTEXT_FIRST,
        ));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stderr.lines().count(),
            usize::from(!said.is_empty()),
            "{}",
            r.stderr
        );
        assert!(r.stderr.starts_with(said), "{}", r.stderr);
    }
}

// ---- write-heading-ids ----

const WRITE_BOOK: &str = "tests/data/write-heading-ids";

/// Every file of a book's `src`, `(path, text)`, sorted.
fn files_of(root: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{rel}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.push((name, std::fs::read_to_string(entry.path()).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("src"), "src/", &mut out);
    out.sort();
    out
}

fn write_ids(dir: &Path) -> std::process::Output {
    Command::new(BIN)
        .args(["write-heading-ids", "."])
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Whether `after` is `before` with only `{#id}` blocks (or `#id ` into an
/// existing block) inserted, one per line at most: every other byte,
/// line endings included, unchanged.
fn only_ids_inserted(before: &str, after: &str) -> bool {
    let (b, a): (Vec<&str>, Vec<&str>) = (
        before.split_inclusive('\n').collect(),
        after.split_inclusive('\n').collect(),
    );
    let fits = |s: &[u8]| {
        let Ok(s) = std::str::from_utf8(s) else {
            return false;
        };
        let id = s
            .strip_prefix(" {#")
            .and_then(|s| s.strip_suffix('}'))
            .or_else(|| s.strip_prefix('#').and_then(|s| s.strip_suffix(' ')));
        id.is_some_and(|id| !id.is_empty() && !id.contains([' ', '}', '{']))
    };
    b.len() == a.len()
        && b.iter().zip(&a).all(|(b, a)| {
            let (b, a) = (b.as_bytes(), a.as_bytes());
            if b == a {
                return true;
            }
            let Some(extra) = a.len().checked_sub(b.len()) else {
                return false;
            };
            (0..=b.len())
                .any(|s| a[..s] == b[..s] && a[s + extra..] == b[s..] && fits(&a[s..s + extra]))
        })
}

/// The golden: every form of heading (ATX, closed, setext, in quotes and
/// lists, in a callout's and a config step's body, with an attribute block,
/// a duplicate, inline code and smart dashes), a CRLF chapter and an
/// `{{#include}}`d file get their ids; code, comments, explicit ids and the
/// headings shortcodes generate are left alone; nothing else changes, byte
/// for byte; a second run changes nothing. `--check` lists the headings
/// first (exit 1), and finds none after (exit 0).
#[test]
fn write_heading_ids_golden_idempotent_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(WRITE_BOOK),
        dir.path(),
    );
    let before = files_of(dir.path());
    // `--check` lists each heading without an id, writes nothing, exits 1.
    let checked = Command::new(BIN)
        .args(["write-heading-ids", "--check", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(files_of(dir.path()), before, "--check wrote");
    let out = write_ids(dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::text(&out.stderr)
    );
    assert_eq!(crate::support::text(&out.stderr), "");
    let after = files_of(dir.path());
    let mut golden = crate::support::text(&checked.stdout);
    golden.push_str("=== write-heading-ids\n");
    golden.push_str(&crate::support::text(&out.stdout));
    for ((path, b), (_, a)) in before.iter().zip(&after) {
        assert!(only_ids_inserted(b, a), "{path}:\n{a}");
        golden.push_str(&format!("=== {path}\n{}", a.replace('\r', "␍")));
    }
    crate::support::snapshot::assert_golden("tests/golden/cli", "write-heading-ids", None, &golden);
    assert!(after.iter().any(|(p, a)| p == "src/crlf.md" && a.contains("## Line endings {#line-endings-1}\r\n")));

    let again = write_ids(dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        crate::support::text(&again.stdout),
        "every heading has an explicit id already: nothing to write\n"
    );
    assert_eq!(files_of(dir.path()), after, "a second run changed files");
    let checked = Command::new(BIN)
        .args(["write-heading-ids", "--check", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0));
    assert_eq!(
        crate::support::text(&checked.stdout),
        "every heading has an explicit id\n"
    );
}

/// The book renders the same pages, ids and links with the ids written (the
/// one difference: a diagram's internal title ids, made from its place in
/// the chapter, which moved).
#[test]
fn written_ids_leave_the_example_pages_as_they_were() {
    let plain = crate::support::build_example(|_| {});
    assert_eq!(plain.result, Ok(()), "{}", plain.stderr);
    let written = crate::support::build_example(|root| {
        let out = write_ids(root);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            crate::support::text(&out.stderr)
        );
        assert!(crate::support::text(&out.stdout).contains("src/introduction.md: "));
    });
    assert_eq!(written.result, Ok(()), "{}", written.stderr);
    let diagram_ids = regex::Regex::new(r"igf-\d+-\d+").unwrap();
    for page in crate::e2e::chapter_pages(plain.root()) {
        let (a, b) = (plain.html(&page), written.html(&page));
        assert_eq!(
            diagram_ids.replace_all(&a, "igf"),
            diagram_ids.replace_all(&b, "igf"),
            "{page}"
        );
    }
}

/// When writing an id would change another heading's id (a shortcode's
/// heading after one of the writer's with the same text: mdBook numbers it
/// `-1` only while the writer's id is generated), nothing is written and the
/// message says which heading and what to do.
#[test]
fn write_heading_ids_refuses_to_change_an_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/SUMMARY.md"), "- [Flow](flow.md)\n").unwrap();
    let chapter =
        "# Flow\n\n## Data flow diagram\n\n<<#data-flow level=2>>\nA -> B: send\n<</data-flow>>\n";
    std::fs::write(dir.path().join("src/flow.md"), chapter).unwrap();
    let out = write_ids(dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        crate::support::text(&out.stdout)
    );
    let stderr = crate::support::text(&out.stderr);
    assert!(
        stderr.contains("nothing was written: on the page of src/flow.md, the heading `Data flow diagram` would get the id `data-flow-diagram` instead of `data-flow-diagram-1`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/flow.md")).unwrap(),
        chapter
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text: pinning changes no heading's level, text or id, only
    /// inserts, and a second pinning adds nothing.
    #[test]
    fn pinning_any_text_keeps_every_heading(
        text in "(# |## |### |\n|\r\n|>|- |1. |    |=+|-+|[a-c1 ]|Ü|`|\\*|_|\\\\|\\{|\\}|\\{\\.c\\}|\\{#x\\}|\\{x=1\\}| ##|#|<b>|</b>|<!--|-->|\\[\\^1\\]|\\[\\^1\\]: |: |\\[l\\]\\(u\\)|--){0,60}"
    ) {
        for smart in [true, false] {
            let options = ParseOptions { smart_punctuation: smart, ..ParseOptions::default() };
            let edits = i18n::heading_id_insertions(&text, options);
            let pinned = i18n::apply(&text, &edits);
            let key = |t: &str| {
                mdbook_integration_guide::ids::elements(t, options)
                    .into_iter()
                    .filter(|e| e.level > 0)
                    .map(|e| (e.level, e.text, e.id))
                    .collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(key(&text), key(&pinned), "{:?} -> {:?}", text, pinned);
            proptest::prop_assert_eq!(i18n::pin_heading_ids(&pinned, options), None, "{:?}", pinned);
        }
    }
}
