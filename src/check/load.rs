//! Reading a book from disk as mdBook 0.5 would hand it to the
//! preprocessor: `book.toml` (mdBook's own parser), `SUMMARY.md` (mdBook's
//! own `mdbook-summary`), each chapter with `{{#include}}` expanded (see
//! [`super::includes`]) and `README.md` renamed `index.md` (the `index`
//! preprocessor).

use std::path::{Path, PathBuf};

use mdbook_preprocessor::config::Config;
use mdbook_summary::{Summary, SummaryItem};
use serde_json::Value;

use super::includes::{self, Files};
use super::source::{Mapped, Source, SourceMap};
use crate::book::Chapter;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::settings::Settings;

/// A book read from disk.
pub struct Book {
    /// Every file read: book.toml (0), SUMMARY.md (1), chapters, included
    /// files.
    pub sources: Vec<Source>,
    /// mdBook's configuration as JSON (what mdBook sends a preprocessor).
    pub config: Value,
    pub settings: Settings,
    /// Warnings about `[preprocessor.integration-guide]`.
    pub settings_warnings: Vec<String>,
    /// Errors in `[preprocessor.integration-guide]` (`settings` keeps the
    /// defaults there, [`Settings::read_all`]).
    pub settings_errors: Vec<String>,
    /// The book's source directory.
    pub src_dir: PathBuf,
    /// The chapters in book order, content with `{{#include}}` expanded.
    pub chapters: Vec<Chapter>,
    /// For each chapter, where each byte of its content came from.
    pub maps: Vec<SourceMap>,
    /// For each chapter, where its entry in SUMMARY.md is (a byte range of
    /// SUMMARY.md), when found.
    pub entries: Vec<Option<std::ops::Range<usize>>>,
    /// Problems found while reading (includes, missing chapter files).
    pub problems: Vec<(usize, Diagnostic)>,
}

/// The index of book.toml in [`Book::sources`].
pub const BOOK_TOML: usize = 0;
/// The index of SUMMARY.md in [`Book::sources`].
pub const SUMMARY: usize = 1;

/// Reads the book at `root`, showing paths with `shown_root` in front.
/// `Err`: it cannot be read (no SUMMARY.md, an invalid book.toml, ...).
pub fn load(root: &Path, shown_root: &str) -> Result<Book, String> {
    let toml_path = root.join("book.toml");
    let shown = |p: &Path| includes::shown_path(&includes::normalize(root), shown_root, p);
    let root_abs = includes::normalize(root);
    let (toml_text, config, config_json) = read_config(&toml_path, &shown)?;
    let (settings, settings_warnings, settings_errors) = read_settings(&config_json, &root_abs);

    let src_dir = root_abs.join(&config.book.src);
    let summary_path = src_dir.join("SUMMARY.md");
    let summary_text = std::fs::read_to_string(&summary_path).map_err(|e| {
        format!(
            "cannot read {}: {}; is {} an mdBook book?",
            shown(&summary_path),
            includes::io_error(&e),
            if shown_root.is_empty() {
                "this directory"
            } else {
                shown_root
            }
        )
    })?;
    let summary = mdbook_summary::parse_summary(&summary_text)
        .map_err(|e| format!("{} is not valid: {e:#}", shown(&summary_path)))?;

    let mut sources = Vec::new();
    let mut files = Files::new(&mut sources, &root_abs, shown_root);
    files.add(&toml_path, toml_text);
    files.add(&summary_path, summary_text.clone());

    let defaults = config.build.use_default_preprocessors;
    let has = |name: &str| config.contains_key(&format!("preprocessor.{name}"));
    let expand_includes = defaults || has("links");
    let rename_readme = defaults || has("index");

    let mut links = summary_links(&summary_text, settings.markdown).into_iter();
    let mut chapters = Vec::new();
    let mut maps = Vec::new();
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    let mut walker = Walker {
        src_dir: &src_dir,
        files: &mut files,
        expand_includes,
        rename_readme,
        create_missing: config.build.create_missing,
        chapters: &mut chapters,
        maps: &mut maps,
        entries: &mut entries,
        links: &mut links,
        missing: &mut missing,
        pending_part: None,
    };
    for items in summary_items(&summary) {
        walker.walk(items, 0)?;
    }
    for (entry, name) in missing {
        let span = entry.unwrap_or(0..0);
        files.problems.push((
            SUMMARY,
            Diagnostic::warning(span, format!("the chapter file `{name}` does not exist"))
                .with_hint("`mdbook build` creates it with just a heading; create it yourself, or fix the path")
                .with_code("missing-chapter"),
        ));
    }
    let problems = std::mem::take(&mut files.problems);
    Ok(Book {
        sources,
        config: config_json,
        settings,
        settings_warnings,
        settings_errors,
        src_dir,
        chapters,
        maps,
        entries,
        problems,
    })
}

/// book.toml (empty when absent) as text, as mdBook reads it (with the
/// `MDBOOK_*` environment variables) and as the JSON mdBook gives
/// preprocessors.
/// The settings of the book at `root` (with its `root` and `[book]
/// title`), their warnings and errors ([`Settings::read_all`]).
fn read_settings(config: &serde_json::Value, root: &Path) -> (Settings, Vec<String>, Vec<String>) {
    let (mut settings, warnings, errors) = Settings::read_all(config, crate::registry::declared());
    settings.root = Some(root.to_path_buf());
    settings.book_title = crate::export::book_title(config);
    (settings, warnings, errors)
}

fn read_config(
    toml_path: &Path,
    shown: &dyn Fn(&Path) -> String,
) -> Result<(String, Config, serde_json::Value), String> {
    let toml_text = match std::fs::read_to_string(toml_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(format!(
                "cannot read {}: {}",
                shown(toml_path),
                includes::io_error(&e)
            ));
        }
    };
    let mut config: Config = toml_text
        .parse()
        .map_err(|e| format!("{} is not valid: {e:#}", shown(toml_path)))?;
    config
        .update_from_env()
        .map_err(|e| format!("the MDBOOK_* environment variables are not valid: {e:#}"))?;
    let config_json =
        serde_json::to_value(&config).map_err(|e| format!("cannot read the configuration: {e}"))?;
    Ok((toml_text, config, config_json))
}

fn summary_items(summary: &Summary) -> [&[SummaryItem]; 3] {
    [
        &summary.prefix_chapters,
        &summary.numbered_chapters,
        &summary.suffix_chapters,
    ]
}

/// The links of SUMMARY.md in document order (one per chapter, drafts
/// included): where each is.
fn summary_links(text: &str, options: markdown::ParseOptions) -> Vec<std::ops::Range<usize>> {
    use mdbook_markdown::pulldown_cmark::{Event, Tag};
    markdown::parser(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { .. }) => Some(range),
            _ => None,
        })
        .collect()
}

struct Walker<'w, 'f> {
    src_dir: &'w Path,
    files: &'w mut Files<'f>,
    expand_includes: bool,
    rename_readme: bool,
    create_missing: bool,
    chapters: &'w mut Vec<Chapter>,
    maps: &'w mut Vec<SourceMap>,
    entries: &'w mut Vec<Option<std::ops::Range<usize>>>,
    links: &'w mut std::vec::IntoIter<std::ops::Range<usize>>,
    missing: &'w mut Vec<(Option<std::ops::Range<usize>>, String)>,
    pending_part: Option<String>,
}

impl Walker<'_, '_> {
    fn walk(&mut self, items: &[SummaryItem], depth: usize) -> Result<(), String> {
        for item in items {
            match item {
                SummaryItem::PartTitle(title) => self.pending_part = Some(title.clone()),
                SummaryItem::Separator => {}
                SummaryItem::Link(link) => {
                    let entry = self.links.next();
                    let mut chapter = Chapter {
                        name: link.name.clone(),
                        depth,
                        number: link.number.as_ref().map(|n| n.to_vec()),
                        part: self.pending_part.take(),
                        ..Chapter::default()
                    };
                    let mut map = SourceMap::default();
                    if let Some(location) = &link.location {
                        // `./dir/x.md` and `dir/x.md` are one chapter.
                        let rel =
                            crate::book::normalize(&location.to_string_lossy().replace('\\', "/"));
                        let file = self.src_dir.join(location);
                        let text = match std::fs::read_to_string(&file) {
                            Ok(text) => text,
                            Err(e)
                                if e.kind() == std::io::ErrorKind::NotFound
                                    && self.create_missing =>
                            {
                                self.missing.push((entry.clone(), self.files.shown(&file)));
                                format!("# {}\n", link.name)
                            }
                            Err(e) => {
                                return Err(format!(
                                    "cannot read the chapter {}: {}",
                                    self.files.shown(&file),
                                    includes::io_error(&e)
                                ));
                            }
                        };
                        let expanded = chapter_text(self.files, &file, text, self.expand_includes);
                        let (content, m) = expanded.into_parts();
                        chapter.content = content;
                        map = m;
                        chapter.source_path = Some(rel.clone());
                        chapter.path = Some(if self.rename_readme && is_readme(&rel) {
                            match rel.rsplit_once('/') {
                                Some((dir, _)) => format!("{dir}/index.md"),
                                None => "index.md".to_string(),
                            }
                        } else {
                            rel
                        });
                    }
                    self.chapters.push(chapter);
                    self.maps.push(map);
                    self.entries.push(entry);
                    self.walk(&link.nested_items, depth + 1)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A chapter's text as mdBook hands it to a preprocessor, from the text of
/// its `file` (read by the caller): without a byte order mark and, when
/// `expand` (mdBook's `links` preprocessor runs), with `{{#include}}`s
/// expanded relative to the file; every byte knows where it came from.
/// `check` reads chapters with this, and the preprocessor maps its
/// diagnostics to the files a writer edits with it (`origin.rs`).
pub fn chapter_text(files: &mut Files<'_>, file: &Path, text: String, expand: bool) -> Mapped {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let id = files.add(file, text);
    let input = Mapped::file(id, &files.sources[id].text);
    if !expand {
        return input;
    }
    let base = file.parent().unwrap_or(Path::new(""));
    includes::expand(&input, base, files)
}

/// mdBook's `index` preprocessor: a file whose stem is `README` (any case).
fn is_readme(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.eq_ignore_ascii_case("readme")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_a_book_as_mdbook_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("text/g")).unwrap();
        std::fs::write(
            root.join("book.toml"),
            "[book]\nsrc = \"text\"\n[preprocessor.integration-guide]\nparties = [\"A\"]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("text/SUMMARY.md"),
            "# Summary\n\n[Intro](README.md)\n\n# Part one\n\n- [G](g/README.md)\n    - [H](g/h.md)\n- [Draft]()\n",
        )
        .unwrap();
        std::fs::write(root.join("text/README.md"), "\u{feff}# Intro\n").unwrap();
        std::fs::write(root.join("text/g/README.md"), "# G\n{{#include h.md}}\n").unwrap();
        std::fs::write(root.join("text/g/h.md"), "# H\n").unwrap();
        let book = load(root, "b").unwrap();
        let names: Vec<&str> = book.chapters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Intro", "G", "H", "Draft"]);
        let paths: Vec<Option<&str>> = book.chapters.iter().map(|c| c.path.as_deref()).collect();
        assert_eq!(
            paths,
            [Some("index.md"), Some("g/index.md"), Some("g/h.md"), None]
        );
        assert_eq!(book.chapters[0].content, "# Intro\n");
        assert_eq!(book.chapters[1].content, "# G\n# H\n");
        assert_eq!(book.chapters[1].part.as_deref(), Some("Part one"));
        assert_eq!(book.chapters[2].depth, 1);
        assert_eq!(book.chapters[2].number, Some(vec![1, 1]));
        assert_eq!(book.settings.src_dir, "text");
        assert_eq!(book.settings.parties, Some(vec!["A".to_string()]));
        let summary = &book.sources[SUMMARY];
        assert_eq!(summary.name, "b/text/SUMMARY.md");
        let entry = book.entries[2].clone().unwrap();
        assert_eq!(&summary.text[entry], "[H](g/h.md)");
        // The included line maps to h.md.
        let (file, span) = book.maps[1].origin_span(4..7);
        assert_eq!(book.sources[file].name, "b/text/g/h.md");
        assert_eq!(span, 0..3);
        assert!(book.problems.is_empty());
    }

    #[test]
    fn unreadable_books() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(dir.path(), "x").err().unwrap();
        assert!(err.starts_with("cannot read x/src/SUMMARY.md"), "{err}");
        std::fs::write(dir.path().join("book.toml"), "[book\n").unwrap();
        let err = load(dir.path(), "x").err().unwrap();
        assert!(err.starts_with("x/book.toml is not valid"), "{err}");
    }
}
