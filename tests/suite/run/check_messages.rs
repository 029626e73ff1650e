//! What `check` says about a book's run settings and captures, before any
//! run: at the key or attribute's own `file:line:col`, with a did-you-mean.

use std::path::Path;

/// A book whose `staging` environment has `run_line` (its 11th line).
fn book(dir: &Path, run_line: &str, chapter: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.environments]\ndefault = \"staging\"\n\n[preprocessor.integration-guide.environments.staging]\n{run_line}\nbase-url = \"https://staging.example\"\n"
        ),
    )
    .unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n").unwrap();
    std::fs::write(book.join("src/a.md"), chapter).unwrap();
}

fn check(dir: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .args(["check", "book", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `run = "readonly"` is reported at the `run` key (book.toml:11:3), not
/// at the `[...environments]` header, with the allowed values and a
/// did-you-mean.
#[test]
fn an_invalid_run_value_is_reported_at_its_key_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "  run = \"readonly\"", "# A\n\ntext\n");
    let (code, out) = check(dir.path());
    assert_eq!(code, 2, "{out}");
    let line: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["severity"] == "error")
        .expect("an error");
    assert_eq!(line["file"], "book/book.toml");
    assert_eq!(
        (line["line"].as_u64(), line["column"].as_u64()),
        (Some(11), Some(3))
    );
    assert_eq!(
        line["message"],
        "[preprocessor.integration-guide.environments.staging]: `run` = \"readonly\" is not valid; it must be \"allow\", \"read-only\" or \"deny\" (did you mean \"read-only\"?)"
    );
}
