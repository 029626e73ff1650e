//! Layer 6 (the commands): Pointing a diagnostic at the file a writer edits. mdBook's `links`
//! preprocessor runs before us and splices `{{#include}}`d files into the
//! chapter, so a position in the chapter we receive can be in another file,
//! or further down than in the chapter's own file. This maps it back the
//! way `check` does: the chapter's file is expanded again with `check`'s
//! own `{{#include}}` expansion ([`load::chapter_text`]), which knows
//! where every byte came from; when that text is exactly what mdBook sent,
//! every place of every diagnostic is mapped exactly
//! ([`source::to_files`]). Only when it is not (a file changed during the
//! build, another preprocessor edited the chapter first) is a line looked
//! for by its text ([`remap`]).

use std::collections::HashMap;
use std::path::Path;

use crate::book::Chapter;
use crate::check::includes::Files;
use crate::check::load;
use crate::check::source::{self, Source, SourceMap};
use crate::diagnostic::{LineIndex, Located, Place, Secondary};

/// Re-points every diagnostic (positions in the chapters mdBook sent, whose
/// original texts are `originals`) at the files they came from, relative
/// to the book's `root` as `check` shows them run from there.
pub fn relocate(
    diagnostics: &mut [Located],
    chapters: &[Chapter],
    originals: &HashMap<usize, String>,
    root: &Path,
    src_dir: &str,
) {
    let mut sources: Vec<Source> = Vec::new();
    let mut maps: HashMap<usize, Option<SourceMap>> = HashMap::new();
    {
        let mut files = Files::new(&mut sources, root, "");
        for d in diagnostics.iter() {
            let Some(i) = d.chapter else { continue };
            let related = d.diagnostic.related.iter().filter_map(|r| match r.place {
                Place::Chapter(j) => Some(j),
                _ => None,
            });
            for j in std::iter::once(i).chain(related) {
                maps.entry(j).or_insert_with(|| {
                    exact_map(
                        chapters.get(j)?,
                        originals.get(&j)?,
                        root,
                        src_dir,
                        &mut files,
                    )
                });
            }
        }
    }
    let indexes: Vec<LineIndex<'_>> = sources.iter().map(|s| LineIndex::new(&s.text)).collect();
    for d in diagnostics.iter_mut() {
        let Some(i) = d.chapter else { continue };
        let map_of = |j: usize| maps.get(&j).and_then(Option::as_ref);
        let Some((file, diagnostic)) = source::to_files(i, d.diagnostic.clone(), &map_of) else {
            remap(d, chapters[i].source_path.as_deref(), root, src_dir);
            continue;
        };
        // Places in chapters without an exact map keep their position in
        // the chapter (the engine resolved each related place, in order).
        let before: Vec<Secondary> = if d.related.len() == d.diagnostic.related.len() {
            std::mem::take(&mut d.related)
        } else {
            Vec::new()
        };
        let related = diagnostic
            .related
            .iter()
            .enumerate()
            .filter_map(|(k, r)| match r.place {
                Place::File(f) => Some(Secondary::new(&sources[f].name, &indexes[f], r)),
                _ => before.get(k).cloned(),
            })
            .collect();
        let mut located = Located::new(&sources[file].name, &indexes[file], diagnostic);
        located.related = related;
        located.chapter = d.chapter;
        *d = located;
    }
}

/// The map from the text mdBook sent for `chapter` (`original`) to the
/// files it came from, when expanding its file again gives exactly that
/// text (with `{{#include}}`s expanded, or as it is on disk).
fn exact_map(
    chapter: &Chapter,
    original: &str,
    root: &Path,
    src_dir: &str,
    files: &mut Files<'_>,
) -> Option<SourceMap> {
    let file = root.join(src_dir).join(chapter.source_path.as_deref()?);
    let text = std::fs::read_to_string(&file).ok()?;
    [true, false].into_iter().find_map(|expand| {
        let mapped = load::chapter_text(files, &file, text.clone(), expand);
        let (expanded, map) = mapped.into_parts();
        (expanded == original).then_some(map)
    })
}

/// The fallback of [`relocate`]: re-points `located` (a position in the
/// chapter text mdBook sent) at the chapter's own file or at the included
/// file holding a line equal to its line, when only one line is. Leaves it
/// alone when the chapter on disk is the text we got, or the line cannot be
/// found.
fn remap(located: &mut Located, source_path: Option<&str>, root: &Path, src_dir: &str) {
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
    use std::collections::HashMap;

    #[test]
    fn includes_are_found() {
        assert_eq!(
            include_targets(
                "a {{#include x.md}} {{#include ../y.md:anchor}} {{#title T}} {{#rustdoc_include z.rs:1:3}}"
            ),
            vec!["x.md", "../y.md", "z.rs"]
        );
    }

    /// A book on disk: `src/ch.md` includes `src/parts/inc.md`, whose
    /// broken line is also its first line and a line of the chapter.
    fn book() -> (tempfile::TempDir, Chapter, String) {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("parts")).unwrap();
        std::fs::write(
            src.join("ch.md"),
            "# Ch\n<<#bad>>\n\n{{#include parts/inc.md}}\n",
        )
        .unwrap();
        std::fs::write(src.join("parts/inc.md"), "<<#bad>>\nintro\n<<#bad>>\n").unwrap();
        // mdBook drops the included file's last line ending.
        let expanded = "# Ch\n<<#bad>>\n\n<<#bad>>\nintro\n<<#bad>>\n".to_string();
        let chapter = Chapter {
            name: "Ch".into(),
            path: Some("ch.md".into()),
            source_path: Some("ch.md".into()),
            content: "replaced by the build".into(),
            ..Chapter::default()
        };
        (dir, chapter, expanded)
    }

    #[test]
    fn repeated_lines_map_exactly() {
        let (dir, chapter, expanded) = book();
        let at = expanded.rfind("<<").unwrap();
        let d =
            Diagnostic::error(at..at + 8, "x").with_related(Place::Here, 5..13, "in the chapter");
        let mut loc = Located::new("src/ch.md", &LineIndex::new(&expanded), d);
        loc.chapter = Some(0);
        assert_eq!(loc.line, 6);
        let originals = HashMap::from([(0, expanded.clone())]);
        relocate(
            std::slice::from_mut(&mut loc),
            std::slice::from_ref(&chapter),
            &originals,
            dir.path(),
            "src",
        );
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.column, loc.width),
            ("src/parts/inc.md", 3, 1, 8)
        );
        assert_eq!(loc.source_line, "<<#bad>>");
        let r = &loc.related[0];
        assert_eq!((r.file.as_str(), r.line, r.column), ("src/ch.md", 2, 1));
        assert_eq!(loc.diagnostic.span, 15..23);
    }

    #[test]
    fn a_changed_chapter_falls_back_to_unique_lines() {
        let (dir, chapter, mut expanded) = book();
        // Another preprocessor changed the text: no exact map.
        expanded.push_str("added\n");
        let at = expanded.find("intro").unwrap();
        let mut loc = Located::new(
            "src/ch.md",
            &LineIndex::new(&expanded),
            Diagnostic::error(at..at + 5, "x"),
        );
        loc.chapter = Some(0);
        let originals = HashMap::from([(0, expanded.clone())]);
        relocate(
            std::slice::from_mut(&mut loc),
            std::slice::from_ref(&chapter),
            &originals,
            dir.path(),
            "src",
        );
        assert_eq!((loc.file.as_str(), loc.line), ("src/parts/inc.md", 2));
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
