//! Diagnostics with related places, and positions inside `{{#include}}`d
//! text: `mdbook build` (our binary run by mdbook-driver) and `check`
//! report the same places, by the same include mapping.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A book whose chapter includes a file with two errors on lines that
/// appear more than once (in it and in the chapter): a second
/// `<</config-step>>`, and a step repeating the first one's id; and a
/// chapter whose errors point at places in it and in the first chapter.
fn write_book(root: &Path) {
    std::fs::create_dir_all(root.join("src/parts")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Setup](setup.md)\n- [Other](other.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/setup.md"),
        "# Setup\n\nSome text.\n\n<<#config-step id=\"a\" title=\"A\">>\n1. a\n<</config-step>>\n\n{{#include parts/steps.md}}\n\nThe end.\n",
    )
    .unwrap();
    // A second chapter: a stray closing tag in an open block, and the id
    // of the first chapter's step again.
    std::fs::write(
        root.join("src/other.md"),
        "# Other\n\n<<#tip>>\ntext\n<</note>>\n<</tip>>\n\n<<#config-step id=\"a\" title=\"A\">>\n1. x\n<</config-step>>\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/parts/steps.md"),
        "<<#config-step id=\"b\" title=\"B\">>\n1. b\n<</config-step>>\n<</config-step>>\n\n<<#config-step id=\"b\" title=\"B\">>\n1. c\n<</config-step>>\n",
    )
    .unwrap();
}

/// The diagnostics of a human-readable output: blocks separated by blank
/// lines that start with `file:line:col: `.
fn blocks(output: &str) -> Vec<String> {
    output
        .split("\n\n")
        .map(str::trim)
        .filter(|b| b.starts_with("src/"))
        .map(str::to_string)
        .collect()
}

fn check(dir: &Path, format: &str) -> String {
    let out = Command::new(crate::support::BIN)
        .args(["check", ".", "--format", format])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .expect("the binary runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn included_errors_are_at_their_line_in_build_and_check() {
    let dir = tempfile::tempdir().unwrap();
    write_book(dir.path());
    let human = check(dir.path(), "human");
    let json = check(dir.path(), "json");
    let built = crate::support::build_dir(dir);
    assert!(built.result.is_err(), "the build must fail");

    let from_build = blocks(&built.stderr);
    let expected = [
        "src/parts/steps.md:4:1: error: closing tag `<</config-step>>` has no matching opening tag\n  |\n4 | <</config-step>>\n  | ^^^^^^^^^^^^^^^^\n  = help: open the block with `<<#config-step>>` on its own line, or remove this tag",
        "src/parts/steps.md:6:20: error: duplicate config step id `b`\n  |\n6 | <<#config-step id=\"b\" title=\"B\">>\n  |                    ^\n  = help: give one of them another id=\"...\"\nnote: the first step with this id\n --> src/parts/steps.md:1:1\n  |\n1 | <<#config-step id=\"b\" title=\"B\">>\n  | --------------",
        "src/other.md:5:1: error: closing tag `<</note>>` has no matching opening tag\n  |\n5 | <</note>>\n  | ^^^^^^^^^\n  = help: did you mean `<</tip>>`?\nnote: the open block is `<<#tip>>`\n --> src/other.md:3:1\n  |\n3 | <<#tip>>\n  | --------",
        "src/other.md:8:20: error: duplicate config step id `a`\n  |\n8 | <<#config-step id=\"a\" title=\"A\">>\n  |                    ^\n  = help: give one of them another id=\"...\"\nnote: the first step with this id\n --> src/setup.md:5:1\n  |\n5 | <<#config-step id=\"a\" title=\"A\">>\n  | --------------",
    ];
    assert_eq!(from_build, expected, "{}", built.stderr);

    // `check` shows the same diagnostics, with their code.
    let from_check: Vec<String> = blocks(&human)
        .into_iter()
        .filter(|b| b.lines().next().unwrap().contains("error[shortcode]:"))
        .map(|b| b.replacen("error[shortcode]:", "error:", 1))
        .collect();
    assert_eq!(from_check, expected, "{human}");

    // And in JSON, with the related place.
    let duplicate: Value = json
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|d| d["message"] == "duplicate config step id `b`")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        (&duplicate["file"], &duplicate["line"], &duplicate["column"]),
        (
            &Value::from("src/parts/steps.md"),
            &Value::from(6),
            &Value::from(20)
        )
    );
    assert_eq!(
        duplicate["related"],
        serde_json::json!([{"file": "src/parts/steps.md", "line": 1, "column": 1,
            "end_column": 15, "message": "the first step with this id"}])
    );
}

#[test]
fn a_heading_with_a_steps_id_is_a_related_place() {
    let mut chapters = vec![crate::support::chapter(
        "a.md",
        "# Intro\n\n## Set up\n\n<<#config-step title=\"Set up\">>\n1. a\n<</config-step>>\n",
    )];
    let report = mdbook_integration_guide::engine::process(
        &mut chapters,
        &crate::support::settings(serde_json::json!({})),
        &mdbook_integration_guide::shortcodes::registry(),
        "html",
    );
    let [warning] = report.diagnostics.as_slice() else {
        panic!("{:#?}", report.diagnostics);
    };
    assert_eq!(
        warning.to_string(),
        "src/a.md:5:1: warning: the heading `Set up` on this page has the same id `set-up` as this config step\n  |\n5 | <<#config-step title=\"Set up\">>\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: give the step another id=\"...\" (links would reach only one of them)\nnote: the heading with this id\n --> src/a.md:3:1\n  |\n3 | ## Set up\n  | ---------"
    );
}
