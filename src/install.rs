//! Layer 6 (the commands): `mdbook-integration-guide install`: set up an existing book.
//!
//! - `book.toml` gets `[preprocessor.integration-guide]` with
//!   `after = ["links", "index"]` and the stylesheet in
//!   `output.html.additional-css`, edited with `toml_edit` so comments, key
//!   order and formatting of everything else stay as they are; nothing is
//!   added that is already there (running it twice changes nothing) and no
//!   empty table is added.
//! - Our `before`/`after` also name the book's other preprocessors that
//!   must run on one side of ours ([`crate::neighbours::NEIGHBOURS`]):
//!   e.g. `after` gets `tabs` and `mermaid`, `before` gets `toc` and
//!   `katex`; an entry that says the opposite (in our table, or naming us
//!   in the neighbour's) is removed, and an entry that would make a cycle
//!   is not added (mdBook refuses cycles). Every change is reported.
//! - The stylesheet (embedded in the binary) is written to
//!   [`CSS_PATH`]; a copy from another version of this tool (its first line
//!   is a version marker) is replaced, a file this tool did not write is
//!   left alone unless `--force`.

use std::io::Write;
use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, Table, TableLike, Value};

/// The stylesheet of the generated structures, as shipped.
pub const CSS: &str = include_str!("../assets/integration-guide.css");

/// Where `install` and `init` put the stylesheet, relative to the book.
pub const CSS_PATH: &str = "theme/integration-guide.css";

/// The script of the generated structures (the request forms' tabs), as
/// shipped; its first line is the same version marker as the stylesheet's.
pub const JS: &str = include_str!("../assets/integration-guide.js");

/// Where `install` and `init` put the script, relative to the book.
pub const JS_PATH: &str = "theme/integration-guide.js";

/// A file `install` writes and lists in `[output.html]`: where, what, the
/// key that lists it, and what it is called in messages.
struct Asset {
    path: &'static str,
    text: &'static str,
    key: &'static str,
    what: &'static str,
}

const ASSETS: [Asset; 2] = [
    Asset {
        path: CSS_PATH,
        text: CSS,
        key: "additional-css",
        what: "stylesheet",
    },
    Asset {
        path: JS_PATH,
        text: JS,
        key: "additional-js",
        what: "script",
    },
];

/// mdBook's preprocessors ours must run after.
const AFTER: [&str; 2] = ["links", "index"];

const MARKER: &str = "/* mdbook-integration-guide v";

/// The version in a stylesheet's first-line marker
/// (`/* mdbook-integration-guide v0.1.0 */`).
pub fn css_version(css: &str) -> Option<&str> {
    css.lines()
        .next()?
        .trim()
        .strip_prefix(MARKER)?
        .strip_suffix("*/")
        .map(str::trim)
}

/// What is at [`CSS_PATH`] in a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CssState {
    /// No file there.
    Missing,
    /// This version's stylesheet.
    Current,
    /// Another version's (or a changed copy of this version's).
    Stale {
        /// The version in its marker comment (ours, for a changed copy).
        version: String,
    },
    /// A newer version's: left alone.
    Newer {
        /// The version in its marker comment.
        version: String,
    },
    /// Not written by this tool.
    Foreign,
}

/// Compares the stylesheet on disk with ours.
pub fn css_state(on_disk: Option<&str>) -> CssState {
    asset_state(CSS, on_disk)
}

/// Compares a file on disk with ours (the stylesheet or the script).
fn asset_state(ours_text: &str, on_disk: Option<&str>) -> CssState {
    let Some(text) = on_disk else {
        return CssState::Missing;
    };
    if text == ours_text {
        return CssState::Current;
    }
    let Some(version) = css_version(text) else {
        return CssState::Foreign;
    };
    let ours = css_version(ours_text).and_then(|v| semver::Version::parse(v).ok());
    let theirs = semver::Version::parse(version).ok();
    match (theirs, ours) {
        (Some(t), Some(o)) if t > o => CssState::Newer {
            version: version.to_string(),
        },
        _ => CssState::Stale {
            version: version.to_string(),
        },
    }
}

/// Adds what the preprocessor needs to a book.toml. Returns the new text
/// and what changed (empty: nothing to do).
pub fn edit_book_toml(text: &str) -> Result<(String, Vec<String>), String> {
    edit_book_toml_with_notes(text).map(|(text, changes, _)| (text, changes))
}

/// [`edit_book_toml`], and what it left as it is though it should not be
/// (a neighbour's place that would make a cycle).
fn edit_book_toml_with_notes(text: &str) -> Result<(String, Vec<String>, Vec<String>), String> {
    let mut notes = Vec::new();
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("book.toml is not valid TOML: {e}"))?;
    let mut changes = Vec::new();
    let was_empty = doc.as_table().is_empty();
    let output_at = first_position(doc.as_table(), "output");
    let root = doc.as_table_mut();

    let pre = child_table(root, "preprocessor", "")?;
    our_table(pre, was_empty, output_at, &mut changes)?;
    // Our place among the book's other preprocessors.
    order_neighbours(pre, &mut changes, &mut notes)?;
    watch_spec_dirs(root, &mut changes)?;
    add_stylesheet(root, &mut changes)?;
    if changes.is_empty() {
        return Ok((text.to_string(), changes, notes));
    }
    Ok((doc.to_string(), changes, notes))
}

/// `[preprocessor.integration-guide]` with `after = ["links", "index"]`:
/// added (before `[output]`, commented), or `after` completed.
fn our_table(
    pre: &mut dyn TableLike,
    was_empty: bool,
    output_at: Option<isize>,
    changes: &mut Vec<String>,
) -> Result<(), String> {
    match pre.get_mut("integration-guide") {
        None => {
            let mut table = Table::new();
            table.insert("after", Item::Value(Value::Array(array(&AFTER))));
            let comment = "# mdbook-integration-guide: expands the guide's shortcodes; it runs after\n# mdBook's `links` and `index`, so {{#include}}d text is expanded too.\n";
            let prefix = if was_empty {
                comment.to_string()
            } else {
                format!("\n{comment}")
            };
            table.decor_mut().set_prefix(prefix);
            if let Some(pos) = output_at {
                table.set_position(Some(pos - 1));
            }
            pre.insert("integration-guide", Item::Table(table));
            changes.push(
                "added [preprocessor.integration-guide] with after = [\"links\", \"index\"]"
                    .to_string(),
            );
        }
        Some(item) => {
            let table = item
                .as_table_like_mut()
                .ok_or("book.toml: `preprocessor.integration-guide` is not a table".to_string())?;
            match table.get_mut("after") {
                None => {
                    table.insert("after", Item::Value(Value::Array(array(&AFTER))));
                    changes.push(
                        "added after = [\"links\", \"index\"] to [preprocessor.integration-guide]"
                            .to_string(),
                    );
                }
                Some(after) => {
                    let list = after.as_array_mut().ok_or(
                        "book.toml: [preprocessor.integration-guide] `after` is not a list; make it after = [\"links\", \"index\"]".to_string(),
                    )?;
                    for name in AFTER {
                        if !list.iter().any(|v| v.as_str() == Some(name)) {
                            push(list, name);
                            changes.push(format!(
                                "added \"{name}\" to `after` in [preprocessor.integration-guide]"
                            ));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// build.extra-watch-dirs: the directories of the declared specs, so
/// that `mdbook serve` rebuilds when one changes (it watches `src`).
fn watch_spec_dirs(root: &mut Table, changes: &mut Vec<String>) -> Result<(), String> {
    let spec_dirs: Vec<String> = root
        .get("preprocessor")
        .and_then(|p| p.get("integration-guide"))
        .and_then(|g| g.get("openapi"))
        .and_then(Item::as_table_like)
        .map(|t| {
            let mut dirs: Vec<String> = Vec::new();
            for (_, v) in t.iter() {
                let Some(path) = v.as_str() else { continue };
                let path = crate::paths::book_relative(path);
                if let Some((dir, _)) = path.split_once('/')
                    && !dir.is_empty()
                    && dir != ".."
                    && !dirs.iter().any(|d| d == dir)
                {
                    dirs.push(dir.to_string());
                }
            }
            dirs
        })
        .unwrap_or_default();
    if !spec_dirs.is_empty() {
        let build = child_table(root, "build", "")?;
        let watched = build
            .entry("extra-watch-dirs")
            .or_insert_with(|| Item::Value(Value::Array(Array::new())));
        let list = watched
            .as_array_mut()
            .ok_or("book.toml: build.extra-watch-dirs is not a list".to_string())?;
        for dir in spec_dirs {
            let listed = list.iter().any(|v| {
                v.as_str()
                    .is_some_and(|p| crate::paths::book_relative(p).trim_end_matches('/') == dir)
            });
            if !listed {
                push(list, &dir);
                changes.push(format!(
                    "added \"{dir}\" to build.extra-watch-dirs (the specs' directory, for `mdbook serve`)"
                ));
            }
        }
    }
    Ok(())
}

/// output.html.additional-css, unless the book has outputs but no HTML.
fn add_stylesheet(root: &mut Table, changes: &mut Vec<String>) -> Result<(), String> {
    let renders_html = match root.get("output").and_then(Item::as_table_like) {
        None => true,
        Some(outputs) => outputs.is_empty() || outputs.contains_key("html"),
    };
    if renders_html {
        let output = child_table(root, "output", "")?;
        let html = child_table(output, "html", "output.")?;
        for asset in &ASSETS {
            list_asset(html, asset, changes)?;
        }
    }
    Ok(())
}

/// `asset` in `output.html.<key>` (added unless listed).
fn list_asset(
    html: &mut dyn TableLike,
    asset: &Asset,
    changes: &mut Vec<String>,
) -> Result<(), String> {
    let (key, path) = (asset.key, asset.path);
    match html.get_mut(key) {
        None => {
            html.insert(key, Item::Value(Value::Array(array(&[path]))));
            changes.push(format!("added \"{path}\" to output.html.{key}"));
        }
        Some(item) => {
            let list = item
                .as_array_mut()
                .ok_or(format!("book.toml: output.html.{key} is not a list"))?;
            let listed = list.iter().any(|v| {
                v.as_str()
                    .is_some_and(|p| crate::paths::book_relative(p) == path)
            });
            if !listed {
                push(list, path);
                changes.push(format!("added \"{path}\" to output.html.{key}"));
            }
        }
    }
    Ok(())
}

/// The order-relevant part of a preprocessor table in book.toml.
fn order_table(item: &Item) -> crate::neighbours::Table {
    let strings = |key: &str| -> Vec<String> {
        item.get(key)
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    crate::neighbours::Table {
        command: item
            .get("command")
            .and_then(Item::as_str)
            .map(str::to_string),
        before: strings("before"),
        after: strings("after"),
    }
}

/// Sets our `before`/`after` for the neighbours the book has
/// ([`crate::neighbours::NEIGHBOURS`]): each that must run before us is
/// in our `after`, each that must run after us in our `before`; the
/// opposite entry, in our table or (naming us) in the neighbour's, is
/// removed, since mdBook refuses a cycle. An entry that would make a cycle
/// through a third preprocessor is not added (a line of `notes` says so).
fn order_neighbours(
    pre: &mut dyn TableLike,
    changes: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    use crate::neighbours::{self, OURS, Side};
    let mut model: std::collections::BTreeMap<String, neighbours::Table> = pre
        .iter()
        .map(|(k, item)| (k.to_string(), order_table(item)))
        .collect();
    // `build.use-default-preprocessors` does not change which of these
    // cycles: links and index are only ever before us.
    let acyclic_before = neighbours::mdbook_order(&model, true).is_some();
    // Until nothing changes: placing one neighbour (removing its entry
    // naming us) can free the place of one that came earlier in the table
    // (gettext `before = ["katex"]`, katex `before = ["integration-guide"]`).
    let mut cycle_notes: Vec<String> = Vec::new();
    for _ in 0..=neighbours::NEIGHBOURS.len() {
        let mut changed = false;
        cycle_notes.clear();
        for (name, n) in neighbours::found(&model) {
            let (ours_key, other_key) = match n.side {
                Side::Before => ("after", "before"),
                Side::After => ("before", "after"),
                Side::Any => continue,
            };
            let mut next = model.clone();
            let edits = placing(&mut next, &name, ours_key, other_key);
            if edits.is_empty() {
                continue;
            }
            if acyclic_before && neighbours::mdbook_order(&next, true).is_none() {
                cycle_notes.push(format!(
                "not added \"{name}\" to `{ours_key}` in [preprocessor.{OURS}]: with the other preprocessors' `before`/`after` it would make a cycle, which mdBook refuses; {} must run {} it ({})",
                n.binary,
                if n.side == Side::Before { "before" } else { "after" },
                n.otherwise
            ));
                continue;
            }
            model = next;
            changed = true;
            for (table, key, value, add) in edits {
                apply(pre, &table, &key, &value, add)?;
                let why = format!(
                    "{} runs {} it",
                    n.binary,
                    if n.side == Side::Before {
                        "before"
                    } else {
                        "after"
                    }
                );
                changes.push(if add {
                    format!("added \"{value}\" to `{key}` in [preprocessor.{table}] ({why})")
                } else {
                    format!("removed \"{value}\" from `{key}` in [preprocessor.{table}] ({why})")
                });
            }
        }
        if !changed {
            break;
        }
    }
    notes.append(&mut cycle_notes);
    // A cycle of the book's own (say, a table both `before` and `after`
    // us, which counts once our table exists): said, not resolved.
    let cycle = neighbours::cycle(&model, true);
    if !cycle.is_empty() {
        let names: Vec<String> = cycle.iter().map(|n| format!("\"{n}\"")).collect();
        notes.push(format!(
            "the `before` and `after` of {} make a cycle, so mdBook refuses to build; remove the entry that contradicts the others",
            names.join(", ")
        ));
    }
    Ok(())
}

/// The edits that put neighbour `name` on its side of us in `model`
/// (applied to it): in our `ours_key` list, out of our `other_key` list,
/// and its own entry naming us on the wrong side removed; each is (table,
/// key, value, whether added or removed).
fn placing(
    model: &mut std::collections::BTreeMap<String, crate::neighbours::Table>,
    name: &str,
    ours_key: &str,
    other_key: &str,
) -> Vec<(String, String, String, bool)> {
    use crate::neighbours::OURS;
    let mut edits: Vec<(String, String, String, bool)> = Vec::new();
    {
        let ours = model.entry(OURS.to_string()).or_default();
        let other = list_mut(ours, other_key);
        if other.iter().any(|v| v == name) {
            other.retain(|v| v != name);
            edits.push((OURS.into(), other_key.into(), name.to_string(), false));
        }
        let wanted = list_mut(ours, ours_key);
        if !wanted.iter().any(|v| v == name) {
            wanted.push(name.to_string());
            edits.push((OURS.into(), ours_key.into(), name.to_string(), true));
        }
    }
    if let Some(theirs) = model.get_mut(name) {
        // Theirs naming us on the wrong side: `before = ["integration-guide"]`
        // for one that must run after us is their `before`.
        let contrary = list_mut(theirs, ours_key);
        if contrary.iter().any(|v| v == OURS) {
            contrary.retain(|v| v != OURS);
            edits.push((name.to_string(), ours_key.into(), OURS.into(), false));
        }
    }
    edits
}

/// The `before` or `after` list of a table.
fn list_mut<'t>(t: &'t mut crate::neighbours::Table, key: &str) -> &'t mut Vec<String> {
    if key == "before" {
        &mut t.before
    } else {
        &mut t.after
    }
}

/// Adds `value` to (or removes it from) the list `key` of
/// `[preprocessor.<table>]`, creating the list when missing and removing
/// it when it becomes empty.
fn apply(
    pre: &mut dyn TableLike,
    table: &str,
    key: &str,
    value: &str,
    add: bool,
) -> Result<(), String> {
    let t = pre
        .get_mut(table)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| format!("book.toml: `preprocessor.{table}` is not a table"))?;
    match t.get_mut(key) {
        None if add => {
            t.insert(key, Item::Value(Value::Array(array(&[value]))));
        }
        None => {}
        Some(item) => {
            let list = item.as_array_mut().ok_or_else(|| {
                format!("book.toml: [preprocessor.{table}] `{key}` is not a list")
            })?;
            if add {
                push(list, value);
            } else {
                list.retain(|v| v.as_str() != Some(value));
                if list.is_empty() {
                    t.remove(key);
                }
            }
        }
    }
    Ok(())
}

/// Appends a string to an array in its layout: in an array written one
/// value per line, on a line of its own with the others' indentation (a
/// comment after the last value stays on that value's line).
fn push(list: &mut Array, value: &str) {
    let text = |raw: Option<&toml_edit::RawString>| {
        raw.and_then(toml_edit::RawString::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let multi_line = text(Some(list.trailing())).contains('\n')
        || list.iter().any(|v| text(v.decor().prefix()).contains('\n'));
    let Some(last) = list.len().checked_sub(1) else {
        list.push(value);
        return;
    };
    if !multi_line {
        // `[ "a" ]`: the space before `]` stays before `]`.
        let trailing = text(Some(list.trailing()));
        if let Some(v) = list.get_mut(last) {
            let suffix = text(v.decor().suffix());
            v.decor_mut().set_suffix("");
            list.set_trailing(suffix + &trailing);
        }
        list.push(value);
        return;
    }
    let mut trailing = text(Some(list.trailing()));
    let mut indent = "    ".to_string();
    if let Some(v) = list.get_mut(last) {
        if let Some((_, after)) = text(v.decor().prefix()).rsplit_once('\n') {
            indent = after.to_string();
        }
        let suffix = text(v.decor().suffix());
        if suffix.contains('\n') {
            v.decor_mut().set_suffix("");
            trailing = suffix + &trailing;
        }
    }
    let (before, after) = match trailing.rfind('\n') {
        Some(i) => (trailing[..=i].to_string(), trailing[i + 1..].to_string()),
        None => ("\n".to_string(), trailing),
    };
    let mut item = Value::from(value);
    item.decor_mut().set_prefix(format!("{before}{indent}"));
    item.decor_mut().set_suffix("");
    list.push_formatted(item);
    list.set_trailing(format!("\n{after}"));
}

/// A TOML array of strings.
fn array(items: &[&str]) -> Array {
    items.iter().copied().collect()
}

/// The table `key` of `parent`, created (implicit: no header of its own)
/// when missing.
fn child_table<'t>(
    parent: &'t mut dyn TableLike,
    key: &str,
    path: &str,
) -> Result<&'t mut dyn TableLike, String> {
    let item = parent.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    item.as_table_like_mut()
        .ok_or_else(|| format!("book.toml: `{path}{key}` is not a table"))
}

/// The smallest document position of the tables under `key`.
fn first_position(root: &Table, key: &str) -> Option<isize> {
    fn walk(table: &Table, best: &mut Option<isize>) {
        if let Some(p) = table.position()
            && !table.is_implicit()
        {
            *best = Some(best.map_or(p, |b| b.min(p)));
        }
        for (_, item) in table.iter() {
            if let Some(t) = item.as_table() {
                walk(t, best);
            }
        }
    }
    let mut best = None;
    walk(root.get(key)?.as_table()?, &mut best);
    best
}

/// Runs `install` on the book in `book_dir`. Returns the exit code: 0
/// done, 1 refused (a stylesheet this tool did not write), 2 the book
/// could not be read or written.
pub fn run(book_dir: &Path, force: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let shown = |rel: &str| display(book_dir, rel);
    let toml_path = book_dir.join("book.toml");
    let text = match read_book_toml(book_dir, err) {
        Ok(text) => text,
        Err(code) => return code,
    };
    // Edited as LF text without a byte order mark; written back with the
    // file's own line endings and mark.
    let form = crate::lines::FileForm::of(&text);
    let text = form.strip(&text);
    let (new_text, changes, notes) = match edit_book_toml_with_notes(&text) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: {}",
                e.replace("book.toml", &shown("book.toml"))
            );
            return 2;
        }
    };
    // Taplo's `#:schema` directive: editors complete and check the options.
    let (new_text, changes) = match crate::settings::schema::add_directive(&new_text) {
        Some(with) => {
            let mut changes = changes;
            changes.push("added the #:schema directive of the options' JSON Schema".to_string());
            (with, changes)
        }
        None => (new_text, changes),
    };
    let written_any = match write_assets(book_dir, force, out, err) {
        Ok(any) => any,
        Err(code) => return code,
    };
    if !changes.is_empty() {
        if let Err(e) = std::fs::write(&toml_path, form.apply(&new_text)) {
            let _ = writeln!(err, "error: cannot write {}: {e}", shown("book.toml"));
            return 2;
        }
        for change in &changes {
            let _ = writeln!(out, "{}: {change}", shown("book.toml"));
        }
    }
    for note in &notes {
        let _ = writeln!(out, "{}: {note}", shown("book.toml"));
    }
    if !written_any && changes.is_empty() {
        let _ = writeln!(
            out,
            "mdbook-integration-guide v{} is already installed in {}: nothing to change",
            env!("CARGO_PKG_VERSION"),
            if book_dir == Path::new(".") {
                "this book".to_string()
            } else {
                book_dir.display().to_string()
            }
        );
    }
    0
}

/// Writes every asset that needs it (CSS, JS), each change said on `out`.
/// `Ok(any written)`; `Err`: the exit code, the error written to `err`.
/// Each asset's fate is decided before any is written: a foreign file
/// refuses the whole install.
fn write_assets(
    book_dir: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, u8> {
    let shown = |rel: &str| display(book_dir, rel);
    let mut plans = Vec::new();
    for asset in &ASSETS {
        plans.push((asset, plan_asset(book_dir, asset, force, out, err)?));
    }
    let mut written_any = false;
    for (asset, plan) in plans {
        let Some(what) = plan else { continue };
        let path = book_dir.join(asset.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, asset.text));
        if let Err(e) = written {
            let _ = writeln!(err, "error: cannot write {}: {e}", shown(asset.path));
            return Err(2);
        }
        let _ = writeln!(out, "{}: {what}", shown(asset.path));
        written_any = true;
    }
    Ok(written_any)
}

/// book.toml's text (empty when a book has none yet). `Err`: the exit
/// code, the error written to `err` (not a book, or unreadable).
fn read_book_toml(book_dir: &Path, err: &mut dyn Write) -> Result<String, u8> {
    let shown = |rel: &str| display(book_dir, rel);
    match std::fs::read_to_string(book_dir.join("book.toml")) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let src_summary = book_dir.join("src").join("SUMMARY.md");
            if !src_summary.is_file() {
                let _ = writeln!(
                    err,
                    "error: {} is not an mdBook book (no book.toml, no src/SUMMARY.md); create one with `mdbook-integration-guide init {}`",
                    if book_dir == Path::new(".") {
                        "this directory".to_string()
                    } else {
                        book_dir.display().to_string()
                    },
                    book_dir.display()
                );
                return Err(2);
            }
            Ok(String::new())
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {}: {e}", shown("book.toml"));
            Err(2)
        }
    }
}

/// What to do with an asset: `Ok(Some(what))` write it (what is said),
/// `Ok(None)` leave it, `Err(code)` refuse the install.
fn plan_asset(
    book_dir: &Path,
    asset: &Asset,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Option<String>, u8> {
    let shown = |rel: &str| display(book_dir, rel);
    let on_disk = std::fs::read_to_string(book_dir.join(asset.path)).ok();
    let ours = css_version(asset.text).unwrap_or("?");
    let what = asset.what;
    Ok(match asset_state(asset.text, on_disk.as_deref()) {
        CssState::Missing => Some(format!("written (v{ours})")),
        CssState::Current => None,
        CssState::Stale { version } if version == ours => Some(format!(
            "refreshed: it differed from the v{ours} {what} (put your own {} in another file of {})",
            if what == "stylesheet" {
                "styles"
            } else {
                "scripts"
            },
            asset.key
        )),
        CssState::Stale { version } => Some(format!("updated from v{version} to v{ours}")),
        CssState::Newer { version } => {
            let _ = writeln!(
                out,
                "{}: left as it is: it is from mdbook-integration-guide v{version}, newer than this one (v{ours})",
                shown(asset.path)
            );
            None
        }
        CssState::Foreign if force => Some(format!("replaced with the v{ours} {what} (--force)")),
        CssState::Foreign => {
            let _ = writeln!(
                err,
                "error: {} exists and was not written by mdbook-integration-guide; move it away, or run `mdbook-integration-guide install --force` to replace it. Nothing was changed.",
                shown(asset.path)
            );
            return Err(1);
        }
    })
}

/// `rel` inside `dir`, as shown in messages.
pub(crate) fn display(dir: &Path, rel: &str) -> String {
    crate::paths::join(dir, rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_gives_the_version() {
        assert_eq!(
            css_version("/* mdbook-integration-guide v1.2.3 */\nx"),
            Some("1.2.3")
        );
        assert_eq!(css_version("body {}"), None);
        assert!(
            css_version(CSS).is_some(),
            "assets/integration-guide.css has no version marker"
        );
        assert_eq!(css_version(CSS), Some(env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn stylesheet_states() {
        assert_eq!(css_state(None), CssState::Missing);
        assert_eq!(css_state(Some(CSS)), CssState::Current);
        assert_eq!(
            css_state(Some("/* mdbook-integration-guide v0.0.1 */\n")),
            CssState::Stale {
                version: "0.0.1".into()
            }
        );
        assert_eq!(
            css_state(Some("/* mdbook-integration-guide v99.0.0 */\n")),
            CssState::Newer {
                version: "99.0.0".into()
            }
        );
        assert_eq!(css_state(Some("body {}\n")), CssState::Foreign);
    }

    #[test]
    fn edits_keep_everything_else() {
        let (text, changes) = edit_book_toml("").unwrap();
        assert_eq!(changes.len(), 3);
        assert_eq!(
            text,
            "# mdbook-integration-guide: expands the guide's shortcodes; it runs after\n# mdBook's `links` and `index`, so {{#include}}d text is expanded too.\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[output.html]\nadditional-css = [\"theme/integration-guide.css\"]\nadditional-js = [\"theme/integration-guide.js\"]\n"
        );
        assert_eq!(edit_book_toml(&text).unwrap(), (text.clone(), vec![]));

        let partial = "[book]\ntitle = \"x\" # kept\n\n[preprocessor.integration-guide]\nafter = [\"links\"]  # mine\ncommand = \"x\"\n\n[output.html]\nadditional-css = [\"./theme/integration-guide.css\", \"a.css\"]\nadditional-js = [\"theme/integration-guide.js\"]\n";
        let (text, changes) = edit_book_toml(partial).unwrap();
        assert_eq!(
            changes,
            ["added \"index\" to `after` in [preprocessor.integration-guide]"]
        );
        assert_eq!(
            text,
            partial.replace("[\"links\"]", "[\"links\", \"index\"]")
        );

        // Every neighbour: the order the README shows.
        let all = "[preprocessor.katex]\n[preprocessor.toc]\n[preprocessor.admonish]\n[preprocessor.tabs]\n[preprocessor.mermaid]\n[preprocessor.gettext]\n[preprocessor.pagetoc]\n[preprocessor.integration-guide]\n";
        let (text, _) = edit_book_toml(all).unwrap();
        assert!(
            text.contains("[preprocessor.integration-guide]\nafter = [\"links\", \"index\", \"mermaid\", \"tabs\", \"admonish\"]\nbefore = [\"gettext\", \"toc\", \"katex\"]\n"),
            "{text}"
        );
        assert!(
            include_str!("../README.md").contains("[preprocessor.integration-guide]\nafter = [\"links\", \"index\", \"mermaid\", \"tabs\", \"admonish\"]\nbefore = [\"gettext\", \"toc\", \"katex\"]\n"),
            "the README's example of every neighbour's order"
        );

        // The specs' directories are watched by `mdbook serve`.
        let specs = "[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.openapi]\na = \"specs/a.yaml\"\nb = \"./specs/b.yaml\"\nc = \"api/c.json\"\n\n[output.html]\nadditional-css = [\"theme/integration-guide.css\"]\nadditional-js = [\"theme/integration-guide.js\"]\n";
        let (text, changes) = edit_book_toml(specs).unwrap();
        assert_eq!(
            changes,
            [
                "added \"specs\" to build.extra-watch-dirs (the specs' directory, for `mdbook serve`)",
                "added \"api\" to build.extra-watch-dirs (the specs' directory, for `mdbook serve`)"
            ]
        );
        assert!(
            text.contains("[build]\nextra-watch-dirs = [\"specs\", \"api\"]\n"),
            "{text}"
        );
        assert_eq!(edit_book_toml(&text).unwrap().1, Vec::<String>::new());

        // Only other renderers: no [output.html] is added.
        let (text, _) = edit_book_toml("[output.markdown]\n").unwrap();
        assert!(!text.contains("output.html"), "{text}");

        assert!(edit_book_toml("[preprocessor]\nintegration-guide = 1\n").is_err());
        assert!(edit_book_toml("[preprocessor.integration-guide]\nafter = \"links\"\n").is_err());
        assert!(edit_book_toml("[output.html]\nadditional-css = \"a.css\"\n").is_err());
        assert!(edit_book_toml("[book\n").is_err());

        // Arrays written one value per line stay so.
        for (before, after) in [
            (
                "[output.html]\nadditional-css = [\n    \"a.css\", # mine\n]\n",
                "[output.html]\nadditional-css = [\n    \"a.css\", # mine\n    \"theme/integration-guide.css\",\n]\n",
            ),
            (
                "[output.html]\nadditional-css = [\n  \"a.css\"\n]\n",
                "[output.html]\nadditional-css = [\n  \"a.css\",\n  \"theme/integration-guide.css\"\n]\n",
            ),
            (
                "[output.html]\nadditional-css = [ \"a.css\" ]\n",
                "[output.html]\nadditional-css = [ \"a.css\", \"theme/integration-guide.css\" ]\n",
            ),
        ] {
            let toml = format!(
                "[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n{before}"
            );
            let (text, _) = edit_book_toml(&toml).unwrap();
            let after = format!("{after}additional-js = [\"theme/integration-guide.js\"]\n");
            assert_eq!(text, toml.replace(before, &after));
        }
    }
}
