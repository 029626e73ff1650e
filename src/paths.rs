//! Layer 0 (foundations): Paths as written into files and messages: always with `/`, on Windows
//! too, so that `book.toml` (mdBook reads `additional-css` as a URL path),
//! messages and reports are the same on every platform.

use std::path::{Component, Path, Prefix};

/// `\` (Windows' separator) replaced by `/`.
pub fn forward_slashes(path: &str) -> String {
    path.replace('\\', "/")
}

/// A path relative to the book as book.toml lists it: `/` separators, no
/// leading `./` (`.\theme\a.css` and `./theme/a.css` are `theme/a.css`).
pub fn book_relative(path: &str) -> String {
    let mut path = forward_slashes(path.trim());
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.trim_start_matches('/').to_string();
    }
    path
}

/// A path, its components joined by `/` (a Windows prefix such as `C:` is
/// kept; a leading `.` too).
pub fn slashed(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            // `C:` also for the `\\?\C:` that canonicalize gives on Windows.
            Component::Prefix(prefix) => match prefix.kind() {
                Prefix::Disk(d) | Prefix::VerbatimDisk(d) => {
                    out.push(char::from(d));
                    out.push(':');
                }
                _ => out.push_str(&forward_slashes(&prefix.as_os_str().to_string_lossy())),
            },
            Component::RootDir => out.push('/'),
            Component::CurDir => push(&mut out, "."),
            Component::ParentDir => push(&mut out, ".."),
            Component::Normal(name) => push(&mut out, &name.to_string_lossy()),
        }
    }
    out
}

fn push(out: &mut String, name: &str) {
    if !out.is_empty() && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(&forward_slashes(name));
}

/// `rel` (written with `/`) inside the directory `dir`, with `/`: `dir`
/// itself is left out when it is `.` or empty.
pub fn join(dir: &Path, rel: &str) -> String {
    let dir = slashed(dir);
    let rel = book_relative(rel);
    if dir.is_empty() || dir == "." {
        rel
    } else if dir.ends_with('/') {
        format!("{dir}{rel}")
    } else {
        format!("{dir}/{rel}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_separators_become_slashes() {
        assert_eq!(
            forward_slashes(r"theme\integration-guide.css"),
            "theme/integration-guide.css"
        );
        assert_eq!(
            book_relative(r".\theme\integration-guide.css"),
            "theme/integration-guide.css"
        );
        assert_eq!(
            book_relative("./theme/integration-guide.css"),
            "theme/integration-guide.css"
        );
        assert_eq!(book_relative(".//./a.css"), "a.css");
        assert_eq!(book_relative("theme/a b.css"), "theme/a b.css");
    }

    #[test]
    fn joined_paths_use_slashes() {
        assert_eq!(
            join(Path::new("."), "theme/integration-guide.css"),
            "theme/integration-guide.css"
        );
        assert_eq!(join(Path::new(""), "book.toml"), "book.toml");
        assert_eq!(
            join(Path::new("my book/docs"), "book.toml"),
            "my book/docs/book.toml"
        );
        assert_eq!(join(Path::new("docs/"), r"theme\a.css"), "docs/theme/a.css");
        assert_eq!(
            join(Path::new("/abs/book"), "book.toml"),
            "/abs/book/book.toml"
        );
        assert_eq!(join(Path::new("../book"), "book.toml"), "../book/book.toml");
        assert_eq!(slashed(Path::new("./a/./b")), "./a/b");
        assert_eq!(join(Path::new("./docs"), "book.toml"), "./docs/book.toml");
    }

    #[test]
    fn install_writes_the_stylesheet_with_slashes_and_knows_a_windows_entry() {
        let (text, _) = crate::install::edit_book_toml("[book]\n").unwrap();
        assert!(
            text.contains("additional-css = [\"theme/integration-guide.css\"]"),
            "{text}"
        );
        assert!(!text.contains('\\'));
        // Listed by hand on Windows: not added a second time.
        let listed = "[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[output.html]\nadditional-css = ['.\\theme\\integration-guide.css']\n";
        let (text, changes) = crate::install::edit_book_toml(listed).unwrap();
        assert!(
            changes.iter().all(|c| !c.contains("additional-css")),
            "{changes:?}"
        );
        assert!(!text.contains("\"theme/integration-guide.css\""), "{text}");
    }

    #[cfg(windows)]
    #[test]
    fn windows_paths_use_slashes() {
        assert_eq!(slashed(Path::new(r"docs\book")), "docs/book");
        assert_eq!(slashed(Path::new(r"\\?\C:\books")), "C:/books");
        assert_eq!(
            join(Path::new(r"C:\books\guide"), "book.toml"),
            "C:/books/guide/book.toml"
        );
    }
}
