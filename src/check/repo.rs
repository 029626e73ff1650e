//! Where paths of `check --format github` and `--format sarif` start: the
//! repository root, so that GitHub can place each problem on the diff.
//!
//! The root is the git top-level of the book (the nearest directory, from
//! the book's up, that holds `.git`, a directory or a worktree's file); a
//! book outside git is shown relative to the current directory, as the
//! other formats do. Paths always use `/`.

use std::path::{Path, PathBuf};

/// The book's directory as shown in paths: relative to the repository root
/// (`""` when the book is the root), with `/`; absolute when the book is
/// neither in git nor under the current directory.
pub fn shown_root(book_dir: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let book = std::fs::canonicalize(cwd.join(book_dir)).unwrap_or_else(|_| cwd.join(book_dir));
    let base = git_top_level(&book)
        .or_else(|| std::fs::canonicalize(&cwd).ok())
        .unwrap_or(cwd);
    relative(&book, &base)
}

/// The nearest directory from `dir` up that holds `.git`.
pub fn git_top_level(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// `path` relative to `base`, with `/` (`""` when they are the same); the
/// whole of `path`, with `/`, when it is not under `base`.
pub fn relative(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(rel) => crate::paths::slashed(rel),
        Err(_) => crate::paths::slashed(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_root() {
        assert_eq!(
            relative(Path::new("/r/docs/book"), Path::new("/r")),
            "docs/book"
        );
        assert_eq!(relative(Path::new("/r"), Path::new("/r")), "");
        assert_eq!(
            relative(Path::new("/elsewhere/b"), Path::new("/r")),
            "/elsewhere/b"
        );
    }

    #[test]
    fn the_git_top_level_is_found_from_inside() {
        let tmp = std::env::temp_dir().join(format!("ig-repo-{}", std::process::id()));
        let book = tmp.join("docs").join("guide");
        std::fs::create_dir_all(&book).unwrap();
        std::fs::create_dir_all(tmp.join(".git")).unwrap();
        assert_eq!(git_top_level(&book).as_deref(), Some(tmp.as_path()));
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
