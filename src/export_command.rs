//! Layer 6 (the commands): the `export` command: `mdbook-integration-guide export [BOOK_DIR] --env
//! NAME --format postman|http|hurl|arazzo [--guide ID] [--output FILE]`.
//!
//! Reads the book as `check` does, expands it as `mdbook build` would for
//! the environment `NAME` (so `{env:key}` holds that environment's values),
//! takes the exchanges `api-example` and `auth-flow` publish
//! ([`crate::engine::Report::exchanges`]) for
//! the chosen guide and writes them in the format. Exit status: 0 written,
//! 2 the book could not be read, has errors, names no such environment or
//! guide, or has no requests.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::export::{Format, Guide, OperationRef, SpecRef, export};
use crate::guides::Guides;
use crate::http::Exchange;
use crate::openapi::Specs;
use crate::openapi::operation::split_url;

/// What the command was asked.
pub struct Options<'a> {
    /// The book's directory.
    pub book_dir: &'a Path,
    /// The environment (`--env`).
    pub env: &'a str,
    /// The format.
    pub format: Format,
    /// The guide (`--guide`), for a book of several.
    pub guide: Option<&'a str>,
    /// Where to write (`--output`); stdout without.
    pub output: Option<&'a Path>,
}

/// Runs the command; returns the exit status.
pub fn run(o: &Options<'_>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match export_book(o, out) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

fn export_book(o: &Options<'_>, out: &mut dyn Write) -> Result<(), String> {
    let shown = o.book_dir.display().to_string();
    let mut book = crate::check::load::load(o.book_dir, &shown)?;
    let envs = &book.settings.environments;
    if envs.get(o.env).is_none() {
        let d = envs.unknown_environment(o.env, 0..0);
        return Err(format!(
            "{} (book.toml: [preprocessor.integration-guide.environments]); {}",
            d.message,
            d.hint.unwrap_or_default()
        ));
    }
    book.settings.environments.active = o.env.to_string();
    let registry = crate::shortcodes::registry();
    let mut chapters = book.chapters.clone();
    let report = crate::engine::process(&mut chapters, &book.settings, &registry, "html");
    if report.failed {
        return Err(format!(
            "the book has errors for the environment `{}`: run `mdbook-integration-guide check {shown}`",
            o.env
        ));
    }
    let guides = report.facts.get::<Guides>();
    let (id, title, scope) = pick_guide(guides, o.guide, &book.chapters, &book.settings)?;
    let exchanges: Vec<Exchange> = report
        .exchanges()
        .into_iter()
        .filter(|e| scope.contains(&e.source.chapter_index))
        .filter(crate::export::exportable)
        .collect();
    if exchanges.is_empty() {
        return Err(format!(
            "the guide `{id}` has no requests to export (its `api-example` and `auth-flow` tags)"
        ));
    }
    let out_dir = match o.output.and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root = book.settings.root.clone().unwrap_or_default();
    let specs: Vec<SpecRef> = book
        .settings
        .openapi
        .iter()
        .map(|(name, path)| SpecRef {
            name: name.clone(),
            url: relative(&absolute(&out_dir), &root.join(path)),
        })
        .collect();
    let mut loaded = Specs::default();
    loaded.ensure_all(&book.settings);
    let lookup = |e: &Exchange| operation_of(&loaded, e);
    let guide = Guide {
        id: id.clone(),
        title,
        environment: o.env.to_string(),
        exchanges: &exchanges,
        chapter_titles: book
            .chapters
            .iter()
            .filter_map(|c| Some((c.path.clone()?, c.name.clone())))
            .collect(),
        specs,
        operation: &lookup,
    };
    let stem = o
        .output
        .and_then(|p| p.file_name())
        .map(|n| {
            n.to_string_lossy()
                .split('.')
                .next()
                .unwrap_or("guide")
                .to_string()
        })
        .unwrap_or_else(|| id.clone());
    let exported = export(o.format, &guide, &stem);
    write(o.output, &out_dir, &exported, out)
}

/// Writes the export to `output` (its companions beside it), else to
/// `out`.
fn write(
    output: Option<&Path>,
    out_dir: &Path,
    exported: &crate::export::Exported,
    out: &mut dyn Write,
) -> Result<(), String> {
    match output {
        None if !exported.companions.is_empty() => Err(
            "this Arazzo document names an OpenAPI description generated beside it (for the requests no spec documents): give --output FILE".into(),
        ),
        None => out.write_all(exported.text.as_bytes()).map_err(|e| e.to_string()),
        Some(path) => {
            std::fs::write(path, &exported.text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            for (name, text) in &exported.companions {
                let p = out_dir.join(name);
                std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            }
            Ok(())
        }
    }
}

/// The guide to export: its id, title and chapters (a one-guide book's:
/// [`crate::export::one_guide_names`]).
fn pick_guide(
    guides: Option<&Guides>,
    wanted: Option<&str>,
    chapters: &[crate::book::Chapter],
    settings: &crate::settings::Settings,
) -> Result<(String, String, std::ops::Range<usize>), String> {
    let multi = guides.filter(|g| g.is_multi());
    match (multi, wanted) {
        (Some(g), Some(id)) => {
            let i = g.by_id(id).ok_or_else(|| {
                let ids: Vec<&str> = g.list.iter().map(|x| x.id.as_str()).collect();
                match crate::diagnostic::closest(id, ids.iter().copied()) {
                    Some(best) => format!("no guide `{id}`: did you mean `{best}`?"),
                    None => format!("no guide `{id}`; the guides are: {}", ids.join(", ")),
                }
            })?;
            let guide = &g.list[i];
            Ok((
                guide.id.clone(),
                guide.title.clone(),
                guide.chapters.clone(),
            ))
        }
        (Some(g), None) if g.list.len() > 1 => Err(format!(
            "the book has {} guides: choose one with --guide ({})",
            g.list.len(),
            g.list
                .iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (Some(g), None) if !g.list.is_empty() => {
            let guide = &g.list[0];
            Ok((
                guide.id.clone(),
                guide.title.clone(),
                guide.chapters.clone(),
            ))
        }
        (None, Some(id)) => Err(format!(
            "--guide {id}: the book is one guide (book.toml sets no `guides`); leave --guide out"
        )),
        // One guide: named after the book's title, else its folder.
        _ => {
            let (name, title) = crate::export::one_guide_names(settings);
            Ok((name, title, 0..chapters.len()))
        }
    }
}

/// The spec operation an exchange names (`operationId`, or `METHOD
/// /path`), with its server's base path.
fn operation_of(specs: &Specs, e: &Exchange) -> Option<OperationRef> {
    let (spec, op) = e.expect.operation.as_ref()?;
    let api = specs.get(spec)?.as_ref().ok()?;
    let found = match op.split_once(' ') {
        Some((method, path)) if path.starts_with('/') => api.by_path(method, path).ok()?,
        _ => api.by_id(op).ok()?,
    };
    let base_path = api
        .servers(found)
        .first()
        .map(|s| split_url(s).1.trim_end_matches('/').to_string())
        .unwrap_or_default();
    Some(OperationRef {
        spec: spec.clone(),
        id: found.id.clone(),
        method: found.method.clone(),
        path: found.path.clone(),
        base_path,
    })
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `to` relative to the folder `from`, `/`-separated (`../specs/a.yaml`).
pub fn relative(from: &Path, to: &Path) -> String {
    let to = absolute(to);
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let joined = parts.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_paths_resolve_from_the_output_folder() {
        assert_eq!(
            relative(Path::new("/b/out"), Path::new("/b/specs/a.yaml")),
            "../specs/a.yaml"
        );
        assert_eq!(
            relative(Path::new("/b"), Path::new("/b/specs/a.yaml")),
            "./specs/a.yaml"
        );
    }
}
