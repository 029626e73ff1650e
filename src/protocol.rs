//! mdBook's preprocessor protocol: `[context, book]` JSON on stdin, the
//! book JSON on stdout. Read leniently: everything we do not use is passed
//! through untouched, so keys a future mdBook adds cannot break us.

use std::io::Write;

use serde_json::{Map, Value};

use crate::book::Chapter;
use crate::engine;
use crate::settings::Settings;

/// The mdBook versions we support, for messages.
pub const SUPPORTED: &str = "0.5.x";

/// Why a run could not produce a book.
#[derive(Debug)]
pub enum Failure {
    /// The input is not what a supported mdBook sends (exit code 2).
    Input(String),
    /// The guide has errors; they were printed (exit code 1).
    Guide,
    /// Writing the output failed (exit code 2).
    Output(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Guide => 1,
            Failure::Input(_) | Failure::Output(_) => 2,
        }
    }
}

/// Runs the preprocessor on mdBook's input, writing the book to `out` and
/// every message to `err`.
pub fn run(input: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Failure> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Input(
            "no input: this command is run by mdBook, which sends the book on stdin; add it to book.toml as [preprocessor.integration-guide] and run `mdbook build`".into(),
        ));
    }
    let value: Value = serde_json::from_slice(input).map_err(|e| {
        Failure::Input(format!(
            "the input is not valid JSON ({e}); mdbook-integration-guide must be run by mdBook {SUPPORTED}"
        ))
    })?;
    let Value::Array(mut pair) = value else {
        return Err(wrong_shape("it is not a JSON array"));
    };
    if pair.len() != 2 {
        return Err(wrong_shape(&format!(
            "it has {} elements, not 2",
            pair.len()
        )));
    }
    let mut book = pair.pop().unwrap_or_default();
    let context = pair.pop().unwrap_or_default();
    if !context.is_object() {
        return Err(wrong_shape(
            "its first element (the context) is not an object",
        ));
    }

    check_version(&context, &book, err)?;

    let config = context.get("config").cloned().unwrap_or(Value::Null);
    let (settings, warnings) = Settings::from_config(&config).map_err(Failure::Input)?;
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    let renderer = context
        .get("renderer")
        .and_then(Value::as_str)
        .unwrap_or("html")
        .to_string();

    let Some(items) = book.get_mut("items").and_then(Value::as_array_mut) else {
        return Err(wrong_shape("the book has no `items` list"));
    };
    let mut chapters = Vec::new();
    for_each_chapter(items, 0, &mut |map, depth| {
        chapters.push(take_chapter(map, depth))
    });
    for (chapter, part) in chapters.iter_mut().zip(part_titles(items)) {
        chapter.part = part;
    }

    let registry = crate::shortcodes::registry();
    let mut report = engine::process(&mut chapters, &settings, &registry, &renderer);
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    for d in &mut report.diagnostics {
        if let Some(ch) = d.chapter.and_then(|i| chapters.get(i)) {
            crate::origin::remap(d, ch.source_path.as_deref(), &root, &settings.src_dir);
        }
    }
    for d in &report.diagnostics {
        let _ = writeln!(err, "{d}\n");
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == crate::diagnostic::Severity::Error)
        .count();
    if report.failed {
        let _ = writeln!(
            err,
            "error: mdbook-integration-guide found {errors} error{} in the book; nothing was changed",
            if errors == 1 { "" } else { "s" }
        );
        return Err(Failure::Guide);
    }
    // Put every chapter's content back, in the same order.
    let mut contents = chapters.into_iter().map(|c| c.content);
    if let Some(items) = book.get_mut("items").and_then(Value::as_array_mut) {
        for_each_chapter(items, 0, &mut |map, _| {
            if map.contains_key("content") {
                map.insert(
                    "content".into(),
                    Value::String(contents.next().unwrap_or_default()),
                );
            } else {
                contents.next();
            }
        });
    }

    let mut writer = std::io::BufWriter::new(out);
    serde_json::to_writer(&mut writer, &book)
        .map_err(|e| Failure::Output(format!("could not write the book: {e}")))?;
    writer
        .flush()
        .map_err(|e| Failure::Output(format!("could not write the book: {e}")))?;
    Ok(())
}

fn wrong_shape(why: &str) -> Failure {
    Failure::Input(format!(
        "the input is not what mdBook sends a preprocessor ([context, book]): {why}; mdbook-integration-guide must be run by mdBook {SUPPORTED}"
    ))
}

/// mdBook 0.5.x works; 0.4 (whose book has `sections`) is refused with a
/// way out; a newer version gets one warning and we proceed.
fn check_version(context: &Value, book: &Value, err: &mut dyn Write) -> Result<(), Failure> {
    let raw = context
        .get("mdbook_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    let version = semver::Version::parse(raw).ok();
    let old_shape = book.get("sections").is_some() && book.get("items").is_none();
    let too_old = version
        .as_ref()
        .is_some_and(|v| v.major == 0 && v.minor < 5);
    if too_old || old_shape {
        let shown = if raw.is_empty() {
            "an older mdBook"
        } else {
            raw
        };
        return Err(Failure::Input(format!(
            "mdbook-integration-guide supports mdBook {SUPPORTED}, but it was run by mdBook {shown}; upgrade mdBook with `cargo install mdbook --version '^0.5' --locked`"
        )));
    }
    match version {
        Some(v) if v.major == 0 && v.minor == 5 => {}
        Some(v) => {
            let _ = writeln!(
                err,
                "warning: mdbook-integration-guide was tested with mdBook {SUPPORTED} (built against {}); mdBook {v} may work, continuing",
                mdbook_preprocessor::MDBOOK_VERSION
            );
        }
        None => {
            let _ = writeln!(
                err,
                "warning: mdBook did not send a version we understand ({raw:?}); continuing as for mdBook {SUPPORTED}"
            );
        }
    }
    Ok(())
}

/// Calls `f` on every chapter object of the book, in book order (depth
/// first), with its nesting depth. Part titles and separators are skipped.
fn for_each_chapter(
    items: &mut [Value],
    depth: usize,
    f: &mut dyn FnMut(&mut Map<String, Value>, usize),
) {
    for item in items {
        let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) else {
            continue;
        };
        f(chapter, depth);
        if let Some(subs) = chapter.get_mut("sub_items").and_then(Value::as_array_mut) {
            for_each_chapter(subs, depth + 1, f);
        }
    }
}

/// For each chapter, in [`for_each_chapter`] order, the title of the part
/// it opens: the part title right before it, if any.
fn part_titles(items: &[Value]) -> Vec<Option<String>> {
    fn walk(items: &[Value], pending: &mut Option<String>, out: &mut Vec<Option<String>>) {
        for item in items {
            if let Some(title) = item.get("PartTitle").and_then(Value::as_str) {
                *pending = Some(title.to_string());
            } else if let Some(chapter) = item.get("Chapter").filter(|c| c.is_object()) {
                out.push(pending.take());
                if let Some(subs) = chapter.get("sub_items").and_then(Value::as_array) {
                    walk(subs, pending, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(items, &mut None, &mut out);
    out
}

/// Moves a chapter's content out of the JSON into a [`Chapter`].
fn take_chapter(map: &mut Map<String, Value>, depth: usize) -> Chapter {
    let s = |m: &Map<String, Value>, k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .map(|p| p.replace('\\', "/"))
    };
    let content = match map.get_mut("content") {
        Some(Value::String(c)) => std::mem::take(c),
        _ => String::new(),
    };
    Chapter {
        name: map
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        path: s(map, "path"),
        source_path: s(map, "source_path"),
        content,
        depth,
        number: map.get("number").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_u64)
                .map(|n| n as u32)
                .collect()
        }),
        part: None,
    }
}
