//! Layer 0 (foundations): The book as the engine sees it: its chapters in book (SUMMARY) order.

/// One chapter (drafts included; part titles and separators are not
/// chapters and pass through untouched; a part's title is kept on the
/// chapter that opens it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chapter {
    /// The chapter's title as SUMMARY.md gives it.
    pub name: String,
    /// Rendered location relative to `src`, `None` for a draft.
    pub path: Option<String>,
    /// The file on disk relative to `src`, when there is one.
    pub source_path: Option<String>,
    /// The chapter's Markdown (after mdBook's `{{#include}}` and the other
    /// links preprocessing); every byte offset in a [`Diagnostic`](crate::diagnostic::Diagnostic) is
    /// into this text.
    pub content: String,
    /// How deep in the SUMMARY nesting it sits (0 = top level).
    pub depth: usize,
    /// The section number (`1.2.`), if numbered.
    pub number: Option<Vec<u32>>,
    /// The title of the SUMMARY part this chapter opens (the part title
    /// right before it), if any.
    pub part: Option<String>,
}

impl Chapter {
    /// Whether it is a draft chapter (listed in SUMMARY.md without a file, so
    /// mdBook renders no page for it).
    pub fn is_draft(&self) -> bool {
        self.path.is_none()
    }

    /// The file name used in messages: `src/guide/setup.md`.
    pub fn display_path(&self, src_dir: &str) -> String {
        match self.source_path.as_deref().or(self.path.as_deref()) {
            Some(p) if src_dir.is_empty() || src_dir == "." => p.to_string(),
            Some(p) => format!("{src_dir}/{p}"),
            None => format!("(draft chapter \"{}\")", self.name),
        }
    }
}

/// A relative link from the chapter at `from` to the chapter at `to` (both
/// relative to `src`, `/`-separated), with an optional anchor. mdBook turns
/// the `.md` into `.html`, and its print page rewrites it to an anchor.
/// A link to the chapter itself is `#anchor`, or its file name without one.
pub fn relative_link(from: &str, to: &str, anchor: Option<&str>) -> String {
    // SUMMARY.md may write `./dir/a.md`; mdBook renders it at `dir/a.html`.
    let (from, to) = (&normalize(from), &normalize(to));
    let mut link = if from == to && anchor.is_some() {
        String::new()
    } else {
        let from_dir: Vec<&str> = from.split('/').collect();
        let from_dir = &from_dir[..from_dir.len() - 1];
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from_dir
            .iter()
            .zip(&to_parts)
            .take_while(|(a, b)| a == b)
            .count();
        let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
        parts.extend(&to_parts[common..]);
        parts.join("/")
    };
    if let Some(a) = anchor {
        link.push('#');
        link.push_str(a);
    }
    link
}

/// A `/`-separated path relative to `src` without `.` components, empty
/// ones, and `dir/..` pairs: `./a/../b.md` is `b.md` (a leading `..`
/// stays).
pub fn normalize(path: &str) -> String {
    if !path.split('/').any(|p| matches!(p, "" | "." | "..")) {
        return path.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_paths() {
        assert_eq!(normalize("./a/../b.md"), "b.md");
        assert_eq!(normalize("./dir/x.md"), "dir/x.md");
        assert_eq!(normalize("a//b.md"), "a/b.md");
        assert_eq!(normalize("../x.md"), "../x.md");
        assert_eq!(relative_link("./a.md", "./dir/b.md", None), "dir/b.md");
        assert_eq!(relative_link("./dir/b.md", "dir/b.md", Some("x")), "#x");
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative_link("a.md", "a.md", Some("x")), "#x");
        assert_eq!(relative_link("g/a.md", "g/a.md", None), "a.md");
        assert_eq!(relative_link("a.md", "b.md", None), "b.md");
        assert_eq!(relative_link("g/a.md", "b.md", Some("y")), "../b.md#y");
        assert_eq!(relative_link("g/a.md", "g/h/b.md", None), "h/b.md");
        assert_eq!(relative_link("g/a.md", "k/b.md", None), "../k/b.md");
    }
}
