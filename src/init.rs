//! Layer 6 (the commands): `mdbook-integration-guide init`: a new integration guide that follows
//! the template. The files are `templates/init/`, embedded in the binary;
//! the stylesheet is [`crate::install::CSS`], the script
//! [`crate::install::JS`].

use std::io::Write;
use std::path::Path;

use crate::install::{self, CSS_PATH, JS_PATH};

/// Every file `init` writes: its path in the new book and its text.
pub const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("../templates/init/book.toml")),
    (".gitignore", include_str!("../templates/init/gitignore")),
    // Vale's TokenIgnores / BlockIgnores for the shortcodes.
    (".vale.ini", include_str!("../templates/init/vale.ini")),
    (CSS_PATH, install::CSS),
    (JS_PATH, install::JS),
    (
        "src/SUMMARY.md",
        include_str!("../templates/init/src/SUMMARY.md"),
    ),
    (
        "src/README.md",
        include_str!("../templates/init/src/README.md"),
    ),
    (
        "src/introduction.md",
        include_str!("../templates/init/src/introduction.md"),
    ),
    (
        "src/audience.md",
        include_str!("../templates/init/src/audience.md"),
    ),
    (
        "src/architecture.md",
        include_str!("../templates/init/src/architecture.md"),
    ),
    (
        "src/prerequisites.md",
        include_str!("../templates/init/src/prerequisites.md"),
    ),
    (
        "src/workflow.md",
        include_str!("../templates/init/src/workflow.md"),
    ),
    (
        "src/configuration.md",
        include_str!("../templates/init/src/configuration.md"),
    ),
    (
        "src/validation.md",
        include_str!("../templates/init/src/validation.md"),
    ),
    (
        "src/resources.md",
        include_str!("../templates/init/src/resources.md"),
    ),
];

/// Where book.toml's title goes.
const TITLE: &str = "__TITLE__";

/// The text of a file for a book titled `title`.
pub fn text_of(path: &str, text: &str, title: &str) -> String {
    if path == "book.toml" {
        let quoted = toml_edit::Value::from(title).to_string();
        text.replace(TITLE, quoted.trim())
    } else {
        text.to_string()
    }
}

/// Runs `init` in `dir`. Returns the exit code: 0 created, 1 refused (files
/// exist, without `force`), 2 a file could not be written.
pub fn run(dir: &Path, title: &str, force: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| dir.join(path).exists())
        .collect();
    if !existing.is_empty() && !force {
        let _ = writeln!(
            err,
            "error: {} already exist{}: {}; nothing was written (use --force to overwrite them)",
            if existing.len() == 1 {
                "a file"
            } else {
                "files"
            },
            if existing.len() == 1 { "s" } else { "" },
            existing
                .iter()
                .map(|p| install::display(dir, p))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 1;
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, text_of(path, text, title)));
        if let Err(e) = written {
            let _ = writeln!(
                err,
                "error: cannot write {}: {e}",
                install::display(dir, path)
            );
            return 2;
        }
    }
    let shown = dir.display().to_string();
    let arg = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" {shown}")
    };
    let serve = format!("mdbook serve{arg} --open");
    let check = format!("mdbook-integration-guide check{arg}");
    let width = serve.len().max(check.len()) + 2;
    let _ = writeln!(
        out,
        "Created the integration guide \"{title}\" in {} ({} files{}).\n\nNext:\n  {serve:<width$}# read it as you write\n  {check:<width$}# check the whole guide\n\nEach chapter says in <!-- comments --> what to fill in.",
        if dir == Path::new(".") {
            "this directory"
        } else {
            &shown
        },
        FILES.len(),
        if existing.is_empty() {
            String::new()
        } else {
            format!(", {} overwritten", existing.len())
        }
    );
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_quoted_for_toml() {
        let toml = text_of("book.toml", FILES[0].1, "A \"quoted\" \\ title");
        let doc: toml_edit::DocumentMut = toml.parse().unwrap();
        assert_eq!(doc["book"]["title"].as_str(), Some("A \"quoted\" \\ title"));
        assert!(!toml.contains(TITLE));
    }

    #[test]
    fn the_book_toml_is_already_installed() {
        let toml = text_of("book.toml", FILES[0].1, "T");
        let (same, changes) = install::edit_book_toml(&toml).unwrap();
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(same, toml);
    }
}
