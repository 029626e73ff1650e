//! Pointing a diagnostic at the file a writer edits. mdBook's `links`
//! preprocessor runs before us and splices `{{#include}}`d files into the
//! chapter, so a position in the chapter we receive can be in another file,
//! or further down than in the chapter's own file. This maps it back.

use std::path::Path;

use crate::diagnostic::Located;

/// Re-points `located` (a position in the chapter text mdBook sent) at the
/// chapter's own file or at the included file holding that line. Leaves it
/// alone when the chapter on disk is the text we got, or the line cannot be
/// found.
pub fn remap(located: &mut Located, source_path: Option<&str>, root: &Path, src_dir: &str) {
    let Some(source_path) = source_path else {
        return;
    };
    let chapter_file = root.join(src_dir).join(source_path);
    let Ok(on_disk) = std::fs::read_to_string(&chapter_file) else {
        return;
    };
    if let Some(line) = unique_line(&on_disk, &located.source_line) {
        located.line = line;
        return;
    }
    let dir = Path::new(source_path).parent().unwrap_or(Path::new(""));
    for target in include_targets(&on_disk) {
        let rel = dir.join(target);
        let Ok(text) = std::fs::read_to_string(root.join(src_dir).join(&rel)) else {
            continue;
        };
        if let Some(line) = unique_line(&text, &located.source_line) {
            let shown = rel.to_string_lossy().replace('\\', "/");
            located.file = if src_dir.is_empty() || src_dir == "." {
                shown
            } else {
                format!("{src_dir}/{shown}")
            };
            located.line = line;
            return;
        }
    }
}

/// The 1-based number of the only line of `text` equal to `line`.
fn unique_line(text: &str, line: &str) -> Option<usize> {
    let mut found = None;
    for (i, l) in text.lines().enumerate() {
        if l == line {
            if found.is_some() {
                return None;
            }
            found = Some(i + 1);
        }
    }
    found
}

/// The paths of `{{#include path}}` and `{{#rustdoc_include path}}`
/// directives, without their `:anchor` or `:lines` suffix.
fn include_targets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{#") {
        rest = &rest[i + 3..];
        let Some(end) = rest.find("}}") else { break };
        let directive = rest[..end].trim();
        if let Some(args) = directive
            .strip_prefix("include")
            .or_else(|| directive.strip_prefix("rustdoc_include"))
            && args.starts_with(char::is_whitespace)
        {
            let path = args.trim();
            let path = path.split(':').next().unwrap_or(path).trim();
            if !path.is_empty() {
                out.push(path);
            }
        }
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, LineIndex};

    #[test]
    fn includes_are_found() {
        assert_eq!(
            include_targets(
                "a {{#include x.md}} {{#include ../y.md:anchor}} {{#title T}} {{#rustdoc_include z.rs:1:3}}"
            ),
            vec!["x.md", "../y.md", "z.rs"]
        );
    }

    #[test]
    fn maps_into_the_included_file() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("parts")).unwrap();
        std::fs::write(src.join("ch.md"), "# Ch\n\n{{#include parts/inc.md}}\n").unwrap();
        std::fs::write(src.join("parts/inc.md"), "intro\n\n<<#bad>>\n").unwrap();
        let expanded = "# Ch\n\nintro\n\n<<#bad>>\n";
        let at = expanded.find("<<").unwrap();
        let mut loc = Located::new(
            "src/ch.md",
            &LineIndex::new(expanded),
            Diagnostic::error(at..at + 7, "x"),
        );
        assert_eq!(loc.line, 5);
        remap(&mut loc, Some("ch.md"), dir.path(), "src");
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.column),
            ("src/parts/inc.md", 3, 1)
        );
    }
}
