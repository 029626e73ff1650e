//! Golden-file tests: every `tests/golden/<name>.md` is expanded and
//! compared with `tests/golden/<name>.out.md`.
//!
//! Conventions:
//! - A file holds one chapter (`chapter.md`) or several: a line
//!   `=== path/to/chapter.md` starts a chapter (text before the first such
//!   line, if any, is the chapter `chapter.md`). The expected output uses
//!   the same separators.
//! - `tests/golden/<name>.json`, if present, is the JSON copy of
//!   `book.toml` the book is expanded with (e.g.
//!   `{"preprocessor": {"integration-guide": {"labels": {...}}}}`).
//! - When the name contains `crlf`, every chapter is given CRLF line
//!   endings before expansion; the output must use CRLF throughout and is
//!   compared (and stored) with LF, so git's line-ending settings cannot
//!   change the test.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the expectations.

mod common;

use std::path::{Path, PathBuf};

use common::{chapter, expand_book, settings};

const SEPARATOR: &str = "=== ";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// `(path, content)` of each chapter of a golden file.
fn split(text: &str) -> Vec<(String, String)> {
    let mut chapters: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix(SEPARATOR) {
            chapters.push((path.trim().to_string(), String::new()));
        } else {
            if chapters.is_empty() {
                chapters.push(("chapter.md".to_string(), String::new()));
            }
            if let Some(last) = chapters.last_mut() {
                last.1.push_str(line);
            }
        }
    }
    chapters
}

fn join(chapters: &[(String, String)], with_separators: bool) -> String {
    if !with_separators {
        return chapters.iter().map(|(_, c)| c.as_str()).collect();
    }
    chapters
        .iter()
        .map(|(p, c)| format!("{SEPARATOR}{p}\n{c}"))
        .collect()
}

/// Expands one golden input; the output in the golden format.
fn run(name: &str, input: &str) -> Result<String, String> {
    let crlf = name.contains("crlf");
    let parts = split(input);
    let with_separators = input.starts_with(SEPARATOR) || parts.len() > 1;
    let mut chapters: Vec<_> = parts
        .iter()
        .map(|(path, content)| {
            let content = if crlf {
                content.replace('\n', "\r\n")
            } else {
                content.clone()
            };
            chapter(path, &content)
        })
        .collect();
    let config = match std::fs::read_to_string(dir().join(format!("{name}.json"))) {
        Ok(json) => serde_json::from_str(&json).map_err(|e| format!("{name}.json: {e}"))?,
        Err(_) => serde_json::json!({}),
    };
    let outputs =
        expand_book(&mut chapters, &settings(config)).map_err(|errors| errors.join("\n"))?;
    let mut out = Vec::new();
    for ((path, _), text) in parts.iter().zip(outputs) {
        let text = if crlf {
            let lone_lf = text.replace("\r\n", "").contains('\n');
            if lone_lf {
                return Err(format!("{path}: a line ending is not CRLF:\n{text:?}"));
            }
            text.replace("\r\n", "\n")
        } else {
            if text.contains('\r') {
                return Err(format!("{path}: a CR in LF input:\n{text:?}"));
            }
            text
        };
        out.push((path.clone(), text));
    }
    Ok(join(&out, with_separators))
}

#[test]
fn golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".md") && !f.ends_with(".out.md"))
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "golden files are missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let input = std::fs::read_to_string(dir().join(format!("{name}.md")))
            .unwrap()
            .replace("\r\n", "\n");
        let expected_path = dir().join(format!("{name}.out.md"));
        let actual = match run(name, &input) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{name}: expansion failed:\n{e}"));
                continue;
            }
        };
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected.replace("\r\n", "\n") == actual => {}
            Ok(expected) => failures.push(format!(
                "{name}: output differs from {name}.out.md\n--- expected\n{expected}\n--- actual\n{actual}"
            )),
            Err(_) => failures.push(format!(
                "{name}: {name}.out.md is missing (run with UPDATE_GOLDEN=1)"
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_separator_convention() {
    let parts = split("intro\n=== a.md\nA\n=== dir/b.md\nB\n");
    assert_eq!(
        parts,
        vec![
            ("chapter.md".to_string(), "intro\n".to_string()),
            ("a.md".to_string(), "A\n".to_string()),
            ("dir/b.md".to_string(), "B\n".to_string()),
        ]
    );
    assert_eq!(join(&parts[1..], true), "=== a.md\nA\n=== dir/b.md\nB\n");
}
