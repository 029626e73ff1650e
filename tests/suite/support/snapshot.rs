//! Golden files, compared with insta.
//!
//! A golden case's expected output is an insta snapshot file,
//! `<dir>/<name>.snap`, kept beside the case's input (e.g.
//! `tests/golden/callouts.md` → `tests/golden/callouts.snap`): a short
//! YAML header between `---` lines, then the expected output exactly.
//!
//! [`assert_golden`] first lets insta compare (a failure shows a diff; the
//! one update switch is insta's: `INSTA_UPDATE=always cargo test --test
//! suite`, or `cargo insta test` / `cargo insta review`), then compares the
//! output with the snapshot's body byte for byte, because insta ignores
//! trailing whitespace and the golden files must match to the byte.

use std::path::{Path, PathBuf};

/// `tests/...` as an absolute path.
pub fn tests_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The snapshot file of golden case `name` in `dir` (relative to the crate).
pub fn snapshot_path(dir: &str, name: &str) -> PathBuf {
    tests_dir(dir).join(format!("{name}.snap"))
}

/// The expected output stored in a snapshot file: everything after its
/// header, to the byte (with LF line endings, whatever git's checkout
/// settings made of the file: the outputs compared with it use LF).
pub fn snapshot_body(dir: &str, name: &str) -> String {
    let path = snapshot_path(dir, name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (create it with `INSTA_UPDATE=always cargo test --test suite`)",
                path.display()
            )
        })
        .replace("\r\n", "\n");
    let header = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(_, body)| body);
    header
        .unwrap_or_else(|| panic!("{}: no insta header", path.display()))
        .to_string()
}

/// Compares `actual` with the snapshot `<dir>/<name>.snap` (insta, with a
/// diff on failure), then byte for byte. `input`, if any, is the file the
/// output was made from (recorded in the snapshot's header).
pub fn assert_golden(dir: &str, name: &str, input: Option<&str>, actual: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(tests_dir(dir));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    if let Some(input) = input {
        settings.set_input_file(tests_dir(input));
    }
    settings.bind(|| insta::assert_snapshot!(name, actual));
    // insta trims trailing whitespace before comparing; the goldens are
    // exact (and insta stores exactly one final newline).
    let expected = snapshot_body(dir, name);
    assert!(
        actual == expected,
        "{dir}/{name}.snap: the output differs only in trailing whitespace \
         (insta stores one final newline):\nexpected {:?}\nactual   {:?}",
        &expected[expected.trim_end().len()..],
        &actual[actual.trim_end().len()..],
    );
}
