//! Diagnostics with related places, and positions inside `{{#include}}`d
//! text: `mdbook build` (our binary run by mdbook-driver) and `check`
//! report the same places, by the same include mapping.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A book whose chapter includes a file with two errors on lines that
/// appear more than once (in it and in the chapter): a second
/// `<</config-step>>`, and a step repeating the first one's id.
fn write_book(root: &Path) {
    std::fs::create_dir_all(root.join("src/parts")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Setup](setup.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/setup.md"),
        "# Setup\n\nSome text.\n\n<<#config-step id=\"a\" title=\"A\">>\n1. a\n<</config-step>>\n\n{{#include parts/steps.md}}\n\nThe end.\n",
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
    let out = Command::new(common::BIN)
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
    let built = common::build_dir(dir);
    assert!(built.result.is_err(), "the build must fail");

    let from_build = blocks(&built.stderr);
    let expected = [
        "src/parts/steps.md:4:1: error: closing tag `<</config-step>>` has no matching opening tag\n  |\n4 | <</config-step>>\n  | ^^^^^^^^^^^^^^^^\n  = help: open the block with `<<#config-step>>` on its own line, or remove this tag",
        "src/parts/steps.md:6:20: error: duplicate config step id `b`\n  |\n6 | <<#config-step id=\"b\" title=\"B\">>\n  |                    ^\n  = help: give one of them another id=\"...\"\nnote: the first step with this id\n --> src/parts/steps.md:1:1\n  |\n1 | <<#config-step id=\"b\" title=\"B\">>\n  | --------------",
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
