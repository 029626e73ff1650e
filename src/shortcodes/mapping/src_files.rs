//! The `src=` CSV files of a chapter's mappings (layer 3, the shortcodes'
//! shared data-mapping model): where each is, read once in phase one and
//! found again when the shortcode renders.

use super::super::prelude::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::read_csv::{CsvRows, read_csv};

/// The CSV files read in phase one, by (chapter, offset of the tag): the
/// path as messages show it (from the book's root) and the rows.
#[derive(Debug, Default)]
pub struct CsvFiles {
    pub by_place: HashMap<(usize, usize), (String, CsvRows)>,
}

/// Where a chapter's `src=` file is: relative to the chapter's source file,
/// as mdBook resolves `{{#include}}`. `None` when the book's root is not
/// known.
pub fn resolve(
    settings: &crate::settings::Settings,
    chapter_source: Option<&str>,
    src: &str,
) -> Option<(PathBuf, String)> {
    let root = settings.root.as_ref()?;
    let dir = Path::new(&settings.src_dir).join(
        Path::new(chapter_source.unwrap_or(""))
            .parent()
            .unwrap_or(Path::new("")),
    );
    let shown = dir.join(src);
    let shown = shown.to_string_lossy().replace('\\', "/");
    Some((root.join(&dir).join(src), shown))
}

/// Reads the CSV of a `src=` attribute in phase one and remembers it.
pub fn collect_csv(
    call: &Call,
    cx: &mut CollectCx<'_>,
    columns: &[&'static str],
    required: &[&str],
) {
    let Some(src) = call.text("src") else { return };
    let key = (cx.chapter_index, call.span.start);
    let extra: Vec<String> = call
        .text("columns")
        .map(|c| {
            body::comma_list(c)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let read = match resolve(cx.settings(), cx.chapter.source_path.as_deref(), src) {
        Some((path, shown)) => {
            let rows = read_csv(&path, &shown, columns, &extra, required);
            (shown, rows)
        }
        None => (
            src.to_string(),
            Err((
                format!("{src}: the book's directory is not known, so the file cannot be read"),
                "run the preprocessor through mdBook".into(),
            )),
        ),
    };
    cx.facts.entry::<CsvFiles>().by_place.insert(key, read);
}

/// The file (as messages show it) and rows read for a `src=` attribute in
/// phase one.
pub fn csv_rows<'c>(call: &Call, cx: &RenderCx<'c>) -> Option<&'c (String, CsvRows)> {
    cx.facts()
        .get::<CsvFiles>()?
        .by_place
        .get(&(cx.chapter_index(), call.span.start))
}
