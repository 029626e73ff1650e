//! Layer 6 (the commands): mdBook's preprocessor protocol: `[context, book]` JSON on stdin, the
//! book JSON on stdout. Read leniently: everything we do not use is passed
//! through untouched, so keys a future mdBook adds cannot break us.

use std::io::Write;

use serde_json::Value;

use crate::book::Chapter;
use crate::bookjson::{self, ReadError};
use crate::engine;
use crate::i18n;
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
    /// The process exit code for it: 1 for errors in the guide, 2 for bad
    /// input or a failed write.
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
    let book = read(input)?;
    expand(book, out, err)
}

/// [`run`], freeing the input as soon as it has been read (the
/// command's way: a large book is then not held twice).
pub fn run_owned(input: Vec<u8>, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Failure> {
    let book = read(&input)?;
    drop(input);
    expand(book, out, err)
}

fn read(input: &[u8]) -> Result<bookjson::Input, Failure> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Input(
            "no input: this command is run by mdBook, which sends the book on stdin; add it to book.toml as [preprocessor.integration-guide] and run `mdbook build`".into(),
        ));
    }
    bookjson::read(input).map_err(|e| match e {
        ReadError::Json(e) => Failure::Input(format!(
            "the input is not valid JSON ({e}); mdbook-integration-guide must be run by mdBook {SUPPORTED}"
        )),
        ReadError::NotArray => wrong_shape("it is not a JSON array"),
        ReadError::Len(n) => wrong_shape(&format!("it has {n} elements, not 2")),
    })
}

fn expand(
    mut book: bookjson::Input,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let context = std::mem::take(&mut book.context);
    if !context.is_object() {
        return Err(wrong_shape(
            "its first element (the context) is not an object",
        ));
    }

    check_version(&context, book.has_sections && !book.has_items, err)?;

    let config = context.get("config").cloned().unwrap_or(Value::Null);
    let (mut settings, config_errors) = read_settings(&context, &config, err);
    let renderer = context
        .get("renderer")
        .and_then(Value::as_str)
        .unwrap_or("html")
        .to_string();

    let Some(mut chapters) = book.chapters.take() else {
        return Err(wrong_shape("the book has no `items` list"));
    };

    let registry = crate::shortcodes::registry();
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let translated = i18n::gettext_translates(&config, &root, &renderer);
    let gettext_first = translated && i18n::gettext_runs_first(&config);
    // What gettext reads must be what xgettext extracted: both get
    // callouts in the form gettext can write back.
    settings.gettext = translated || i18n::is_xgettext(&config, &renderer);
    if gettext_first {
        // mdbook-gettext ran first: our tags arrive in its escaped form.
        let known = |name: &str| registry.get(name).is_some();
        let found = i18n::wrong_order(
            &chapters,
            &root,
            &settings.src_dir,
            settings.markdown,
            &known,
        );
        if !found.is_empty() {
            return wrong_order(
                found,
                &settings,
                config_errors,
                (&mut book, chapters),
                out,
                err,
            );
        }
    }
    let mut report = engine::process(&mut chapters, &settings, &registry, &renderer);
    report_diagnostics(
        &mut report,
        &chapters,
        &root,
        (&settings, config_errors),
        err,
    )?;
    if translated && !gettext_first {
        // gettext runs after us: every heading keeps the id it has in the
        // untranslated book, so that every link still lands.
        let weights: Vec<usize> = chapters.iter().map(|ch| ch.content.len()).collect();
        crate::parallel::par_for_each(&mut chapters, &weights, |_, ch| {
            if let Some(pinned) = i18n::pin_heading_ids(&ch.content, settings.markdown) {
                ch.content = pinned;
            }
        });
    }
    // Put every chapter's content back into the book as mdBook sent it.
    book.write_book(chapters, out)
        .map_err(|e| Failure::Output(format!("could not write the book: {e}")))
}

/// The diagnostics, pointed at the files a writer edits, written to
/// `err`. `Err`: the build fails (also when book.toml has `config_errors`
/// errors, printed before).
fn report_diagnostics(
    report: &mut engine::Report,
    chapters: &[Chapter],
    root: &std::path::Path,
    (settings, config_errors): (&Settings, usize),
    err: &mut dyn Write,
) -> Result<(), Failure> {
    crate::origin::relocate(
        &mut report.diagnostics,
        chapters,
        &report.originals,
        root,
        &settings.src_dir,
    );
    for d in &report.diagnostics {
        let _ = writeln!(err, "{d}\n");
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == crate::diagnostic::Severity::Error)
        .count();
    if report.failed || config_errors > 0 {
        return Err(failure(config_errors, errors, err));
    }
    Ok(())
}

/// Reads the settings ([`Settings::read_all`]), printing their warnings,
/// the neighbours' misplacements and book.toml's errors, each at its
/// `book.toml:line:col` (book.toml read from mdBook's `root`), so that
/// they are reported with the chapters' errors in one run. Returns the
/// settings (defaults where book.toml is wrong) and how many errors.
fn read_settings(context: &Value, config: &Value, err: &mut dyn Write) -> (Settings, usize) {
    let (mut settings, warnings, errors) = Settings::read_all(config, crate::registry::declared());
    settings.root = context
        .get("root")
        .and_then(Value::as_str)
        .map(std::path::PathBuf::from);
    settings.book_title = crate::export::book_title(config);
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    // A neighbour mdBook runs on the side of us known to break (`check`'s
    // rule `config`): said on every build, where the writer sees it, since
    // what breaks may be far from the cause (katex's math inside a tag).
    let tables = crate::neighbours::tables(config);
    for m in crate::neighbours::misplaced(&tables, crate::neighbours::uses_defaults(config)) {
        let _ = writeln!(err, "warning: book.toml: {}", m.message(&tables));
    }
    let toml = settings
        .root
        .as_ref()
        .and_then(|root| std::fs::read_to_string(root.join("book.toml")).ok())
        .unwrap_or_default();
    let index = crate::diagnostic::LineIndex::new(&toml);
    for error in &errors {
        let message = error.strip_prefix("book.toml: ").unwrap_or(error);
        let span = crate::book_toml::locate(&toml, error);
        let diagnostic = crate::diagnostic::Diagnostic::error(span, message).with_code("config");
        let located = crate::diagnostic::Located::new("book.toml", &index, diagnostic);
        let _ = writeln!(err, "{located}\n");
    }
    (settings, errors.len())
}

/// The failure after `errors` errors were printed, `config` of them
/// book.toml's: those stop the run as before they were reported with the
/// chapters' ([`Failure::Input`], exit 2), the others are the guide's.
fn failure(config: usize, errors: usize, err: &mut dyn Write) -> Failure {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if config > 0 {
        return Failure::Input(format!(
            "book.toml has {config} error{} in [preprocessor.integration-guide] (shown above, with {errors} in the chapters); nothing was changed",
            plural(config)
        ));
    }
    let _ = writeln!(
        err,
        "error: mdbook-integration-guide found {errors} error{} in the book; nothing was changed",
        plural(errors)
    );
    Failure::Guide
}

/// gettext ran before us ([`i18n::wrong_order`]): one error per chapter
/// (a warning with `on-error = "warn"`, and the book goes on untouched,
/// unless book.toml has errors: `config_errors`).
fn wrong_order(
    found: Vec<crate::diagnostic::Located>,
    settings: &Settings,
    config_errors: usize,
    (book, chapters): (&mut bookjson::Input, Vec<crate::book::Chapter>),
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let warn = settings.on_error == crate::settings::OnError::Warn && config_errors == 0;
    let n = found.len();
    for mut d in found {
        if warn {
            d.diagnostic.severity = crate::diagnostic::Severity::Warning;
        }
        let _ = writeln!(err, "{d}\n");
    }
    if warn {
        return book
            .write_book(chapters, out)
            .map_err(|e| Failure::Output(format!("could not write the book: {e}")));
    }
    Err(failure(config_errors, n, err))
}

fn wrong_shape(why: &str) -> Failure {
    Failure::Input(format!(
        "the input is not what mdBook sends a preprocessor ([context, book]): {why}; mdbook-integration-guide must be run by mdBook {SUPPORTED}"
    ))
}

/// mdBook 0.5.x works; 0.4 (whose book has `sections`) is refused with a
/// way out; a newer version gets one warning and we proceed.
fn check_version(context: &Value, old_shape: bool, err: &mut dyn Write) -> Result<(), Failure> {
    let raw = context
        .get("mdbook_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    let version = semver::Version::parse(raw).ok();
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
