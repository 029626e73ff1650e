//! The neighbour preprocessors real books run beside ours (issue 19):
//! the real crates, at the versions `.ci/run` installs with
//! `cargo install --locked --root "$NEIGHBOURS_ROOT"`.
//!
//! The tests that use them are `#[ignore]`d, so that `cargo test` works on a
//! machine without them; `.ci/run` installs them (cached between runs) and
//! runs `cargo test --test suite neighbours:: -- --ignored`.

use std::path::PathBuf;

/// The crates `.ci/run` installs: (crate, version, binaries). Keep in step
/// with `.ci/run`'s `NEIGHBOURS`.
pub const CRATES: &[(&str, &str, &[&str])] = &[
    ("mdbook-mermaid", "0.17.1", &["mdbook-mermaid"]),
    ("mdbook-toc", "0.15.4", &["mdbook-toc"]),
    ("mdbook-tabs", "1.0.5", &["mdbook-tabs"]),
    (
        "mdbook-i18n-helpers",
        "0.4.0",
        &["mdbook-gettext", "mdbook-xgettext"],
    ),
    ("mdbook-katex", "0.10.0", &["mdbook-katex"]),
];

/// Where the binaries are: `$NEIGHBOURS_ROOT/bin`, by default
/// `~/.cache/mdbook-integration-guide/neighbours/bin` (what `.ci/run` uses).
pub fn bin_dir() -> PathBuf {
    let root = std::env::var_os("NEIGHBOURS_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/mdbook-integration-guide/neighbours")
        });
    root.join("bin")
}

/// The absolute path of a neighbour's binary (e.g. `mdbook-mermaid`), for a
/// `command = "..."` in a test book's book.toml. Panics, saying how to
/// install it, when it is missing: a neighbour test never passes without
/// its neighbour.
pub fn bin(name: &str) -> String {
    let path = bin_dir().join(name);
    if !path.is_file() {
        let (krate, version, _) = CRATES
            .iter()
            .find(|(_, _, bins)| bins.contains(&name))
            .unwrap_or_else(|| panic!("{name} is not one of the neighbours in CRATES"));
        panic!(
            "{} is missing: install it with `cargo install --locked --root {} {krate} --version {version}` (or run .ci/run)",
            path.display(),
            bin_dir().parent().unwrap().display()
        );
    }
    path.to_string_lossy().into_owned()
}
