//! mdBook's `links` preprocessor (mdbook-driver 0.5.4,
//! `builtin_preprocessors/links.rs`), redone on [`Mapped`] text so every
//! byte of the result remembers its file. The same directives, found by the
//! same regular expression, with the same results:
//!
//! - `{{#include file}}`, `{{#include file:N}}`, `{{#include file:N:M}}`,
//!   `{{#include file:N:}}`, `{{#include file::M}}`,
//!   `{{#include file:anchor}}` (between `ANCHOR: anchor` and
//!   `ANCHOR_END: anchor` lines);
//! - `{{#rustdoc_include ...}}` (the lines outside the range or anchor are
//!   kept behind `# `);
//! - `{{#playground file attrs}}` (a `rust` code block);
//! - `{{#title ...}}` (removed);
//! - `\{{#...}}` (the backslash is removed).
//!
//! Included text is expanded again, relative to its own file, up to 10
//! levels. Where mdBook logs an error and leaves the directive as written
//! (an unreadable file) or drops it (too deep), this reports a diagnostic.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::source::{Mapped, Source};
use crate::diagnostic::Diagnostic;

const MAX_DEPTH: usize = 10;

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)              # insignificant whitespace mode
        \\\{\{\#.*\}\}      # match escaped link
        |                   # or
        \{\{\s*             # link opening parens and whitespace
        \#([a-zA-Z0-9_]+)   # link type
        \s+                 # separating whitespace
        ([^}]+)             # link target path and space separated properties
        \}\}                # link closing parens",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

static ANCHOR_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR:\s*(?P<anchor_name>[\w_-]+)").unwrap_or_else(|e| unreachable!("{e}"))
});

static ANCHOR_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR_END:\s*(?P<anchor_name>[\w_-]+)").unwrap_or_else(|e| unreachable!("{e}"))
});

/// The files read so far, by path, and the problems found.
pub struct Files<'a> {
    pub sources: &'a mut Vec<Source>,
    by_path: HashMap<PathBuf, usize>,
    /// How a path is shown: relative to this directory, with this prefix.
    root: PathBuf,
    shown_root: String,
    /// Problems, each in a file ([`Source`] index).
    pub problems: Vec<(usize, Diagnostic)>,
}

impl<'a> Files<'a> {
    pub fn new(sources: &'a mut Vec<Source>, root: &Path, shown_root: &str) -> Self {
        Files {
            sources,
            by_path: HashMap::new(),
            root: normalize(root),
            shown_root: shown_root.to_string(),
            problems: Vec::new(),
        }
    }

    /// How a path is shown in messages.
    pub fn shown(&self, path: &Path) -> String {
        shown_path(&self.root, &self.shown_root, path)
    }

    /// Adds a file that was read elsewhere.
    pub fn add(&mut self, path: &Path, text: String) -> usize {
        let path = normalize(path);
        if let Some(&i) = self.by_path.get(&path) {
            return i;
        }
        let name = self.shown(&path);
        self.sources.push(Source { name, text });
        let i = self.sources.len() - 1;
        self.by_path.insert(path, i);
        i
    }

    /// Reads a file (once).
    fn read(&mut self, path: &Path) -> std::io::Result<usize> {
        let path = normalize(path);
        if let Some(&i) = self.by_path.get(&path) {
            return Ok(i);
        }
        let text = std::fs::read_to_string(&path)?;
        Ok(self.add(&path, text))
    }
}

/// `path` shown relative to `root` with `shown_root` in front (`.` and an
/// empty prefix show the bare relative path).
pub fn shown_path(root: &Path, shown_root: &str, path: &Path) -> String {
    let path = normalize(path);
    match path.strip_prefix(root) {
        Ok(rel) => {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let prefix = shown_root.trim_end_matches(['/', '\\']);
            if prefix.is_empty() || prefix == "." {
                rel
            } else {
                format!("{prefix}/{rel}")
            }
        }
        Err(_) => path.to_string_lossy().replace('\\', "/"),
    }
}

/// A path with `.` and `..` resolved lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

enum Kind<'t> {
    Escaped,
    Include(&'t str, Range),
    RustdocInclude(&'t str, Range),
    Playground(&'t str, Vec<&'t str>),
    Title,
}

/// What part of a file an include takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Range {
    /// Lines `start..end` (0-based, end exclusive; `None`: unbounded).
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

impl Range {
    fn contains(&self, line: usize) -> bool {
        match self {
            Range::Lines(start, end) => {
                start.is_none_or(|s| line >= s) && end.is_none_or(|e| line < e)
            }
            Range::Anchor(_) => false,
        }
    }
}

/// mdBook's `parse_range_or_anchor`.
fn parse_range(parts: Option<&str>) -> Range {
    let mut parts = parts.unwrap_or("").splitn(3, ':').fuse();
    let next = parts.next();
    let start = if let Some(value) = next.and_then(|s| s.parse::<usize>().ok()) {
        Some(value.saturating_sub(1))
    } else if let Some("") = next {
        None
    } else if let Some(anchor) = next {
        return Range::Anchor(anchor.to_string());
    } else {
        None
    };
    let end = parts.next().map(|s| s.parse::<usize>());
    match (start, end) {
        (Some(start), Some(Ok(end))) => Range::Lines(Some(start), Some(end)),
        (Some(start), Some(Err(_))) => Range::Lines(Some(start), None),
        (Some(start), None) => Range::Lines(Some(start), Some(start + 1)),
        (None, Some(Ok(end))) => Range::Lines(None, Some(end)),
        (None, None) | (None, Some(Err(_))) => Range::Lines(None, None),
    }
}

fn classify<'t>(caps: &regex::Captures<'t>) -> Option<Kind<'t>> {
    match (caps.get(0), caps.get(1), caps.get(2)) {
        (_, Some(typ), Some(_)) if typ.as_str() == "title" => Some(Kind::Title),
        (_, Some(typ), Some(rest)) => {
            let mut props = rest.as_str().split_whitespace();
            let file = props.next()?;
            let split = |p: &'t str| {
                let mut parts = p.splitn(2, ':');
                (parts.next().unwrap_or(""), parse_range(parts.next()))
            };
            match typ.as_str() {
                "include" => {
                    let (path, range) = split(file);
                    Some(Kind::Include(path, range))
                }
                "rustdoc_include" => {
                    let (path, range) = split(file);
                    Some(Kind::RustdocInclude(path, range))
                }
                "playground" | "playpen" => Some(Kind::Playground(file, props.collect())),
                _ => None,
            }
        }
        (Some(m), None, None) if m.as_str().starts_with('\\') => Some(Kind::Escaped),
        _ => None,
    }
}

/// Expands every directive of `input`; `base` is the directory paths are
/// relative to.
pub fn expand(input: &Mapped, base: &Path, files: &mut Files<'_>) -> Mapped {
    expand_at(input, base, 0, files)
}

// Over 80 lines: a lexer loop over the `{{#...}}` directives (DEVELOPERS.md; tests/suite/layers.rs).
fn expand_at(input: &Mapped, base: &Path, depth: usize, files: &mut Files<'_>) -> Mapped {
    let text = &input.text;
    let mut out = Mapped::default();
    let mut last = 0;
    for caps in LINK.captures_iter(text) {
        let Some(kind) = classify(&caps) else {
            continue;
        };
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        out.push_copy(input, last..whole.start);
        let (file, at) = input.origin(whole.start);
        let report = |files: &mut Files<'_>, message: String, hint: &str| {
            let (file, span) = input.origin_span(whole.clone());
            files.problems.push((
                file,
                Diagnostic::error(span, message)
                    .with_hint(hint)
                    .with_code("include"),
            ));
        };
        let (path, content) = match kind {
            Kind::Escaped => {
                out.push_copy(input, whole.start + 1..whole.end);
                last = whole.end;
                continue;
            }
            Kind::Title => {
                last = whole.end;
                continue;
            }
            Kind::Include(path, ref range) | Kind::RustdocInclude(path, ref range) => {
                let target = base.join(path);
                let id = match files.read(&target) {
                    Ok(id) => id,
                    Err(e) => {
                        let shown = files.shown(&target);
                        report(
                            files,
                            format!("cannot read the included file `{shown}`: {}", io_error(&e)),
                            "mdBook leaves the directive in the page as written; check the path, which is relative to the file the directive is in",
                        );
                        last = whole.start;
                        continue;
                    }
                };
                let source = Mapped::file(id, &files.sources[id].text);
                let rustdoc = matches!(kind, Kind::RustdocInclude(..));
                let content = match range {
                    Range::Anchor(anchor) => {
                        let (content, found) = take_anchored(&source, anchor, rustdoc);
                        if !found {
                            let shown = files.sources[id].name.clone();
                            report(
                                files,
                                format!(
                                    "`{shown}` has no anchor `{anchor}`, so nothing is included"
                                ),
                                &format!(
                                    "mark the lines with `ANCHOR: {anchor}` and `ANCHOR_END: {anchor}` comments in the included file"
                                ),
                            );
                        }
                        content
                    }
                    lines => take_lines(&source, lines, rustdoc),
                };
                (path, content)
            }
            Kind::Playground(path, ref attrs) => {
                let target = base.join(path);
                let id = match files.read(&target) {
                    Ok(id) => id,
                    Err(e) => {
                        let shown = files.shown(&target);
                        report(
                            files,
                            format!(
                                "cannot read the file of `{{{{#playground}}}}` `{shown}`: {}",
                                io_error(&e)
                            ),
                            "mdBook leaves the directive in the page as written; check the path",
                        );
                        last = whole.start;
                        continue;
                    }
                };
                let source = Mapped::file(id, &files.sources[id].text);
                let mut content = Mapped::default();
                let fence = if attrs.is_empty() {
                    "```rust\n".to_string()
                } else {
                    format!("```rust,{}\n", attrs.join(","))
                };
                content.push_generated(&fence, file, at);
                content.push_copy(&source, 0..source.text.len());
                if !source.text.ends_with('\n') {
                    content.push_generated("\n", id, source.text.len());
                }
                content.push_generated("```\n", file, at);
                (path, content)
            }
        };
        if depth < MAX_DEPTH {
            let nested_base = base
                .join(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let expanded = expand_at(&content, &nested_base, depth + 1, files);
            out.push_copy(&expanded, 0..expanded.text.len());
        } else {
            report(
                files,
                format!(
                    "`{{{{#include}}}}`s are nested more than {MAX_DEPTH} levels deep here, so mdBook drops this one"
                ),
                "check for a file that includes itself, directly or through others",
            );
        }
        last = whole.end;
    }
    out.push_copy(input, last..text.len());
    out
}

/// An I/O error in words that do not depend on the platform where they can.
pub fn io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Each line of `text` as `str::lines` yields it: its range without the
/// line ending.
fn lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut line_end = end;
        if text[start..line_end].ends_with('\r') {
            line_end -= 1;
        }
        out.push(start..line_end);
        start = end + 1;
    }
    out
}

/// Joins lines with `\n` (mdBook's `lines().join("\n")`), each behind an
/// optional `# `.
fn join(source: &Mapped, picked: &[(bool, std::ops::Range<usize>)]) -> Mapped {
    let mut out = Mapped::default();
    for (i, (hidden, line)) in picked.iter().enumerate() {
        if i > 0 {
            let prev = &picked[i - 1].1;
            let (file, at) = source.origin(prev.end);
            out.push_generated("\n", file, at);
        }
        if *hidden {
            let (file, at) = source.origin(line.start);
            out.push_generated("# ", file, at);
        }
        out.push_copy(source, line.clone());
    }
    out
}

/// mdBook's `take_lines` / `take_rustdoc_include_lines`.
fn take_lines(source: &Mapped, range: &Range, rustdoc: bool) -> Mapped {
    let all = lines(&source.text);
    let picked: Vec<(bool, std::ops::Range<usize>)> = all
        .into_iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let inside = range.contains(i);
            if rustdoc {
                Some((!inside, line))
            } else {
                inside.then_some((false, line))
            }
        })
        .collect();
    join(source, &picked)
}

/// mdBook's `take_anchored_lines` / `take_rustdoc_include_anchored_lines`,
/// and whether the anchor was found.
fn take_anchored(source: &Mapped, anchor: &str, rustdoc: bool) -> (Mapped, bool) {
    let text = &source.text;
    let mut picked = Vec::new();
    let mut inside = false;
    let mut found = false;
    for line in lines(text) {
        let l = &text[line.clone()];
        if inside {
            match ANCHOR_END.captures(l) {
                Some(cap) if &cap["anchor_name"] == anchor => {
                    inside = false;
                    if !rustdoc {
                        break;
                    }
                }
                Some(_) => {}
                None => {
                    if !ANCHOR_START.is_match(l) {
                        picked.push((false, line));
                    }
                }
            }
        } else if let Some(cap) = ANCHOR_START.captures(l) {
            if &cap["anchor_name"] == anchor {
                inside = true;
                found = true;
            }
        } else if rustdoc && !ANCHOR_END.is_match(l) {
            picked.push((true, line));
        }
    }
    (join(source, &picked), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)], chapter: &str) -> (String, Vec<String>, Vec<(usize, usize)>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut sources = Vec::new();
        let mut f = Files::new(&mut sources, dir.path(), "");
        let id = f.add(&dir.path().join("ch.md"), chapter.to_string());
        let input = Mapped::file(id, chapter);
        let out = expand(&input, dir.path(), &mut f);
        let problems = f.problems.iter().map(|(_, d)| d.message.clone()).collect();
        let origins = (0..out.text.len()).map(|i| out.origin(i)).collect();
        (out.text, problems, origins)
    }

    #[test]
    fn ranges_parse_as_mdbook_parses_them() {
        assert_eq!(parse_range(None), Range::Lines(None, None));
        assert_eq!(parse_range(Some("2")), Range::Lines(Some(1), Some(2)));
        assert_eq!(parse_range(Some("2:4")), Range::Lines(Some(1), Some(4)));
        assert_eq!(parse_range(Some("2:")), Range::Lines(Some(1), None));
        assert_eq!(parse_range(Some(":3")), Range::Lines(None, Some(3)));
        assert_eq!(parse_range(Some("x")), Range::Anchor("x".into()));
    }

    #[test]
    fn includes_as_mdbook_does() {
        let files = [
            ("a.md", "one\r\ntwo\nthree\n"),
            ("sub/b.md", "x {{#include c.md}} y"),
            ("sub/c.md", "C\n"),
            (
                "code.rs",
                "// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\nmore\n",
            ),
        ];
        let (text, problems, _) = run(&files, "{{#include a.md}}|");
        assert_eq!(text, "one\ntwo\nthree|");
        assert!(problems.is_empty());
        assert_eq!(run(&files, "{{#include a.md:2}}").0, "two");
        assert_eq!(run(&files, "{{#include a.md:2:}}").0, "two\nthree");
        assert_eq!(run(&files, "{{ #include a.md::1 }}").0, "one");
        assert_eq!(run(&files, "{{#include sub/b.md}}").0, "x C y");
        assert_eq!(run(&files, "{{#include code.rs:main}}").0, "fn main() {}");
        assert_eq!(
            run(&files, "{{#rustdoc_include code.rs:main}}").0,
            "fn main() {}\n# more"
        );
        assert_eq!(
            run(&files, "{{#rustdoc_include a.md:2}}").0,
            "# one\ntwo\n# three"
        );
        assert_eq!(
            run(&files, "{{#playground sub/c.md editable}}").0,
            "```rust,editable\nC\n```\n"
        );
        assert_eq!(run(&files, "{{#title T}}a").0, "a");
        assert_eq!(run(&files, "\\{{#include a.md}}").0, "{{#include a.md}}");
        assert_eq!(run(&files, "{{#unknown a.md}}").0, "{{#unknown a.md}}");
    }

    #[test]
    fn problems_and_origins() {
        let files = [("a.md", "A\nB"), ("self.md", "{{#include self.md}}")];
        let (text, problems, _) = run(&files, "x {{#include nope.md}} y");
        assert_eq!(text, "x {{#include nope.md}} y");
        assert!(problems[0].starts_with("cannot read the included file `nope.md`"));
        let (text, problems, _) = run(&files, "{{#include a.md:zz}}");
        assert_eq!(text, "");
        assert_eq!(
            problems,
            ["`a.md` has no anchor `zz`, so nothing is included"]
        );
        let (_, problems, _) = run(&files, "{{#include self.md}}");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("nested more than 10 levels"));
        let (text, _, origins) = run(&files, "ab{{#include a.md}}c");
        assert_eq!(text, "abA\nBc");
        // `A` is byte 0 of a.md (file 1), `c` is byte 19 of the chapter.
        assert_eq!(origins[2], (1, 0));
        assert_eq!(origins[4], (1, 2));
        assert_eq!(origins[5], (0, 19));
    }
}
