//! Books built by the real mdBook with our preprocessor and the real
//! neighbour preprocessors (issue 19): `#[ignore]`d because they need the
//! neighbours installed; `.ci/run` installs them and runs
//! `cargo test --test suite neighbours:: -- --ignored`.
//!
//! One file per neighbour. Each builds a small book in the order
//! `install` sets (it writes our `before`/`after` from
//! `mdbook_integration_guide::neighbours::NEIGHBOURS`) and checks the HTML;
//! where the issue names a fault of the other order, it builds that order
//! too, shows the fault, and checks that `check` warns about it.

mod do_no_harm;
mod gettext;
mod katex;
mod mermaid;
mod tabs;
mod toc;

use std::path::Path;
use std::process::Command;

use crate::support::{BIN, BuiltBook, build_dir, text};

/// The neighbours are where `.ci/run` puts them, at the pinned versions:
/// `cargo install` records each crate's version in `.crates2.json` under
/// the root, and those binaries that have a `--version` (all but
/// mdbook-i18n-helpers', which read the preprocessor JSON or a renderer's
/// from stdin whatever their arguments) print it.
#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn installed() {
    use crate::support::neighbours::{CRATES, bin, bin_dir};
    let record = std::fs::read_to_string(bin_dir().parent().unwrap().join(".crates2.json"))
        .expect("cargo install's record of the installed crates");
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    for (krate, version, bins) in CRATES {
        let key =
            format!("{krate} {version} (registry+https://github.com/rust-lang/crates.io-index)");
        let installed = &record["installs"][&key]["bins"];
        for name in *bins {
            assert!(
                installed
                    .as_array()
                    .is_some_and(|b| b.iter().any(|b| b == name)),
                "{key} with {name} is not in .crates2.json"
            );
            if krate.starts_with("mdbook-i18n-helpers") {
                assert!(Path::new(&bin(name)).is_file());
                continue;
            }
            let out = Command::new(bin(name))
                .arg("--version")
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap();
            let printed = text(&out.stdout);
            assert!(
                printed.contains(version),
                "{name} --version printed {printed:?}, not {version}"
            );
        }
    }
}

/// A book in a temporary directory: `toml` is its book.toml, where
/// `{mdbook-x}` is replaced by the absolute path of that neighbour's
/// binary, and our stylesheet is where `install` puts it; `chapters` are (file under src, text), listed in SUMMARY.md in
/// that order.
pub(super) fn book(toml: &str, chapters: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = toml.to_string();
    while let Some(start) = toml.find("{mdbook-") {
        let end = start + toml[start..].find('}').unwrap();
        let name = toml[start + 1..end].to_string();
        toml.replace_range(start..=end, &crate::support::neighbours::bin(&name));
    }
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    // What `install` writes, so that a book.toml it made builds again.
    let css = dir.path().join(mdbook_integration_guide::install::CSS_PATH);
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(css, mdbook_integration_guide::install::CSS).unwrap();
    let js = dir.path().join(mdbook_integration_guide::install::JS_PATH);
    std::fs::write(js, mdbook_integration_guide::install::JS).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for (path, content) in chapters {
        let file = dir.path().join("src").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
        let title = content
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or(path);
        summary.push_str(&format!("- [{title}]({path})\n"));
    }
    std::fs::write(dir.path().join("src/SUMMARY.md"), summary).unwrap();
    dir
}

/// Runs our `install` on the book; returns what it printed.
pub(super) fn install(dir: &Path) -> String {
    let out = Command::new(BIN).arg("install").arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// `check`'s `config` warnings (human format, one line each, without the
/// source excerpt).
pub(super) fn order_warnings(dir: &Path) -> Vec<String> {
    let out = crate::support::check_in(dir, &["--format", "json"]);
    text(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "config")
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// Builds the book (our binary as our command) and asserts it built.
pub(super) fn build(dir: tempfile::TempDir) -> BuiltBook {
    let built = build_dir(dir);
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    built
}

/// The `<main>` of a built page.
pub(super) fn main_html(built: &BuiltBook, page: &str) -> String {
    crate::support::html::main_of(&built.html(page)).to_string()
}
