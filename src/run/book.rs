//! `run BOOK_DIR --env NAME`: the plan of a book on disk. The book is
//! read as `check` reads it, the preprocessor runs with the selected
//! environment's values (so `{env:base-url}` is that environment's), and
//! the exchanges the shortcodes publish are taken in reading order (with
//! `--guide`, that guide's chapters only). Each step's place is mapped
//! back to the file a writer edits (an `{{#include}}`d file included).

use std::io::Write;
use std::path::PathBuf;

use super::plan::{PlanError, Target};
use super::report::Format;
use super::runner::Options;
use super::schema::Specs;
use super::{CANNOT_START, Output};
use crate::check::{load, repo};
use crate::diagnostic::LineIndex;
use crate::engine;
use crate::http::Exchange;

/// `run`'s command line.
pub struct Command {
    /// The book's directory.
    pub book_dir: PathBuf,
    /// `--env`.
    pub env: String,
    /// `--guide`.
    pub guide: Option<String>,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--format`.
    pub format: Format,
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--timeout`, `--max-requests`, `--strict`, `--no-redact`.
    pub options: Options,
}

/// What a run of a book needs.
pub struct Loaded {
    /// The exchanges in reading order, each with its place in the file a
    /// writer edits (`source.chapter` is that file as shown).
    pub exchanges: Vec<Exchange>,
    /// The environment.
    pub target: Target,
    /// The book's specs.
    pub specs: Specs,
    /// Where each exchange's variables are written: `(chapter index, tag
    /// start, variable)` to `(line, column)` in the file a writer edits.
    pub places: std::collections::HashMap<(usize, usize, String), (usize, usize)>,
}

/// Runs the command; the exit status. With `--output FILE`, the file
/// always holds a report, also of a run that could not start.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Some(why) = super::dry_run_format_refusal(command.format, command.dry_run) {
        let _ = writeln!(err, "error: mdbook-integration-guide run: {why}");
        return CANNOT_START;
    }
    let shown = match command.format {
        Format::Sarif | Format::Junit => repo::shown_root(&command.book_dir),
        Format::Text | Format::Json => crate::paths::slashed(&command.book_dir),
    };
    let shown = shown.trim_end_matches('/');
    let shown_root = if shown == "." { "" } else { shown };
    let loaded = load(command, shown_root);
    let mut file;
    let out: &mut dyn Write = match &command.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => {
                file = std::io::BufWriter::new(f);
                &mut file
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "error: mdbook-integration-guide run: cannot write {}: {e}",
                    path.display()
                );
                return CANNOT_START;
            }
        },
        None => out,
    };
    let color = command.output.is_none()
        && command.format == Format::Text
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let progress = super::wants_progress(command.format, command.output.is_some());
    let output = Output {
        format: command.format,
        dry_run: command.dry_run,
        out,
        err,
        progress,
        color,
        to_file: command.output.is_some(),
        artifact: Some(format!(
            "{shown_root}{}book.toml",
            if shown_root.is_empty() { "" } else { "/" }
        )),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(message) => {
            let why = PlanError::whole(format!("mdbook-integration-guide run: {message}"));
            return super::cannot_start(output, &[why]);
        }
    };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let places = &loaded.places;
    let place_of = |e: &Exchange, variable: &str| {
        places
            .get(&(
                e.source.chapter_index,
                e.source.span.start,
                variable.to_string(),
            ))
            .copied()
    };
    super::run_exchanges(
        loaded.exchanges,
        loaded.target,
        &loaded.specs,
        "",
        &command.options,
        &env,
        &place_of,
        output,
    )
}

/// Reads the book and makes what the run needs. `Err`: why it cannot
/// start (an unknown environment or guide, a book with errors).
pub fn load(command: &Command, shown_root: &str) -> Result<Loaded, String> {
    let book = load::load(&command.book_dir, shown_root)?;
    let envs = &book.settings.environments;
    let env = envs.get(&command.env).ok_or_else(|| {
        if envs.is_empty() {
            format!(
                "the book defines no environments; add [preprocessor.integration-guide.environments.{}] to book.toml with its values and run = \"allow\"",
                command.env
            )
        } else {
            envs.unknown_environment(&command.env, 0..0).message
                + &envs
                    .unknown_environment(&command.env, 0..0)
                    .hint
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default()
        }
    })?;
    let target = Target {
        name: env.name.clone(),
        policy: env.run,
        values: envs.keys.iter().cloned().zip(env.values.clone()).collect(),
        place: run_key_place(&book, &env.name),
    };
    let mut settings = book.settings.clone();
    settings.environments.active = env.name.clone();
    let registry = crate::shortcodes::registry();
    let mut chapters = book.chapters.clone();
    let report = engine::process(&mut chapters, &settings, &registry, "html");
    if report.failed {
        return Err(format!(
            "the book has errors; `mdbook-integration-guide check {}` shows them",
            crate::paths::slashed(&command.book_dir)
        ));
    }
    let scope = match &command.guide {
        None => 0..book.chapters.len(),
        Some(id) => guide_chapters(&report, id)?,
    };
    let mut exchanges: Vec<Exchange> = published(&report)
        .into_iter()
        .filter(|e| scope.contains(&e.source.chapter_index))
        .collect();
    let mut places = std::collections::HashMap::new();
    for e in &mut exchanges {
        for variable in super::plan::variables_of(e)
            .into_iter()
            .chain(super::plan::secret_var(e).map(str::to_string))
        {
            if let Some(at) = variable_place(&book, e, &variable) {
                places.insert((e.source.chapter_index, e.source.span.start, variable), at);
            }
        }
        locate(&book, e);
    }
    let urls = target.values.iter().map(|(_, v)| v.clone()).collect();
    let root = settings
        .root
        .clone()
        .unwrap_or_else(|| command.book_dir.clone());
    let specs = Specs::load(&root, &settings.openapi, urls)?;
    Ok(Loaded {
        exchanges,
        target,
        specs,
        places,
    })
}

/// Where book.toml sets the environment's `run` key (else its table):
/// `book.toml:line:col` as shown ([`crate::book_toml::key_span`]).
fn run_key_place(book: &load::Book, name: &str) -> Option<String> {
    let source = book.sources.get(load::BOOK_TOML)?;
    let table = format!("[preprocessor.integration-guide.environments.{name}]");
    let mut span = crate::book_toml::key_span(&source.text, Some(&table), Some("run"));
    if span == (0..0) {
        span = crate::book_toml::locate(
            &source.text,
            &format!("book.toml: {table}: `run` is not set"),
        );
    }
    let (line, column) = LineIndex::new(&source.text).line_col(span.start);
    Some(format!("{}:{line}:{column}", source.name))
}

/// The chapters of the guide `id` (`--guide`).
fn guide_chapters(report: &engine::Report, id: &str) -> Result<std::ops::Range<usize>, String> {
    let guides = crate::guides::of(&report.facts)
        .filter(|g| g.is_multi())
        .ok_or_else(|| {
            format!("--guide {id}: the book is one guide (book.toml sets no `guides`); leave --guide out")
        })?;
    match guides.by_id(id) {
        Some(i) => Ok(guides.get(i).map_or(0..0, |g| g.chapters.clone())),
        None => {
            let ids: Vec<&str> = guides.list.iter().map(|g| g.id.as_str()).collect();
            let hint = crate::diagnostic::closest(id, ids.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            Err(format!(
                "--guide {id}: no guide has this id; {hint}the guides are: {}",
                ids.iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

/// The exchanges the shortcodes published, in reading order.
fn published(report: &engine::Report) -> Vec<Exchange> {
    report.exchanges()
}

/// Puts an exchange's place in the file a writer edits: the chapter (or
/// the file it includes) as shown, and the line and column there.
fn locate(book: &load::Book, exchange: &mut Exchange) {
    let i = exchange.source.chapter_index;
    let Some(map) = book.maps.get(i) else {
        return;
    };
    let (file, range) = map.origin_span(exchange.source.span.clone());
    let Some(source) = book.sources.get(file) else {
        return;
    };
    let (line, column) = LineIndex::new(&source.text).line_col(range.start);
    exchange.source.chapter = source.name.clone();
    exchange.source.line = line;
    exchange.source.column = column;
}

/// Where `variable` is written in the exchange's tag (`$NAME` or
/// `${NAME}`; a `secret-var` attribute's bare name): `(line, column)` in
/// the file a writer edits. `None`: the tag does not spell it out.
fn variable_place(
    book: &load::Book,
    exchange: &Exchange,
    variable: &str,
) -> Option<(usize, usize)> {
    let map = book.maps.get(exchange.source.chapter_index)?;
    let (file, range) = map.origin_span(exchange.source.span.clone());
    let text = &book.sources.get(file)?.text;
    let tag = text.get(range.clone())?;
    let at = find_variable(tag, variable)?;
    Some(LineIndex::new(text).line_col(range.start + at))
}

/// The byte offset of the first `$NAME` or `${NAME}` in `text` (else of
/// `"NAME"`, a `secret-var` attribute's value).
fn find_variable(text: &str, name: &str) -> Option<usize> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let spelled = text.match_indices('$').find_map(|(i, _)| {
        let rest = &text[i + 1..];
        let plain = rest
            .strip_prefix(name)
            .is_some_and(|after| !after.starts_with(word));
        let braced = rest
            .strip_prefix('{')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|after| after.starts_with('}'));
        (plain || braced).then_some(i)
    });
    spelled.or_else(|| text.find(&format!("\"{name}\"")).map(|i| i + 1))
}
