//! Layer 6 (the commands): `mdbook-integration-guide check`: the whole analysis of a guide without
//! rendering it.
//!
//! 1. `load` reads the book as mdBook would hand it to the preprocessor
//!    (`book.toml`, `SUMMARY.md`, chapters with `{{#include}}` expanded),
//!    remembering where every byte came from ([`source`]).
//! 2. The preprocessor's own [`engine::process`] runs on it: every
//!    shortcode error `mdbook build` would report, from the same code.
//! 3. `structure`: the template's required sections, in order; every
//!    config step in the workflow table.
//! 4. `links`: internal links and anchors, against the pages as expanded.
//!
//! Each finding has a stable code; `[preprocessor.integration-guide.check]`
//! sets how severe each rule is ([`options`]).

mod env_literal;
pub(crate) mod github;
pub(crate) mod includes;
pub(crate) mod links;
pub(crate) mod load;
pub(crate) mod repo;
pub(crate) mod sarif;
pub mod source; // pub: `SourceMap::single_file` is used only by its unit test
pub(crate) mod structure;

/// `[preprocessor.integration-guide.check]` (kept at `check::options`;
/// the rules are book.toml data, read by the settings layer).
pub use crate::settings::rules as options;

use std::io::Write;
use std::path::Path;

use crate::book_toml::key_span;
use crate::diagnostic::{Diagnostic, LineIndex, Located, Place, Secondary, Severity, Style};
use crate::engine;
use crate::settings::OnError;
use crate::shortcodes::steps::Steps;

/// A problem in a file ([`source::Source`] index), by byte offsets.
pub type Finding = (usize, Diagnostic);

/// The code of a diagnostic that has none: a shortcode error.
pub const SHORTCODE: &str = "shortcode";

/// What `check` found.
#[derive(Debug)]
pub struct Outcome {
    /// Every diagnostic, by file (book order) and position.
    pub diagnostics: Vec<Located>,
    /// How many chapters were checked.
    pub chapters: usize,
    /// What `check` could not check, once each (printed as `note:` lines).
    pub notes: Vec<String>,
}

impl Outcome {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.diagnostic.severity == severity)
            .count()
    }
}

/// Checks the book at `root`; paths in messages start with `shown_root`.
/// `Err`: the book cannot be read.
pub fn check(root: &Path, shown_root: &str) -> Result<Outcome, String> {
    let mut book = load::load(root, shown_root)?;
    let (options, option_warnings) = options::Options::from_table(book.settings.section("check"))?;
    let mut findings = config_findings(&book, &option_warnings);
    let (report, expanded) = preprocess(&mut book, shown_root, &mut findings);
    unused_value_maps(&book, &report, &expanded, &mut findings);
    let steps = report
        .facts
        .get::<Steps>()
        .map(|s| s.all().to_vec())
        .unwrap_or_default();
    let mut notes = Vec::new();
    let template = !uses_template(&book)
        && book
            .settings
            .section("check")
            .and_then(|c| c.get("sections"))
            .is_none();
    if !structure::sections(&book, &options.sections, template, &mut findings) {
        notes.push(
            "the book is not held to the template's sections: it has fewer than two of them and none of the template's section shortcodes; set `sections` in [preprocessor.integration-guide.check] to require some".to_string(),
        );
    }
    structure::workflow(&book, &steps, &expanded, &mut findings);
    structure::duplicate_guides(&book, &mut findings);
    env_literal::check(&book, &mut findings);
    let unknowable = links::check(&book, &expanded, &mut findings);
    if unknowable > 0 {
        notes.push(format!(
            "{} not checked: the book's other preprocessors ({}) may add ids that `check` cannot see; `mdbook build` and a link checker on the HTML can",
            if unknowable == 1 {
                "1 link to an anchor that is not in its page's Markdown was".to_string()
            } else {
                format!("{unknowable} links to anchors that are not in their pages' Markdown were")
            },
            links::other_preprocessors(&book.config).join(", ")
        ));
    }
    Ok(Outcome {
        diagnostics: locate(&book, findings, &options),
        chapters: book.chapters.len(),
        notes,
    })
}

/// The problems of reading the book and book.toml's warnings (the
/// settings', the check options', the setup's and the preprocessors'
/// order), each at its key.
fn config_findings(book: &load::Book, option_warnings: &[String]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = book.problems.clone();
    let setup = setup_warnings(&book.config);
    for warning in book
        .settings_warnings
        .iter()
        .chain(option_warnings)
        .chain(&setup)
    {
        let mut finding = config_warning(&book.sources[load::BOOK_TOML].text, warning);
        // Without our table mdBook never runs us: every shortcode of the
        // guide reaches the reader as text, and the build succeeds.
        if warning.starts_with("[preprocessor.integration-guide] is missing") {
            finding.1.severity = crate::diagnostic::Severity::Error;
        }
        findings.push(finding);
    }
    findings.extend(order_warnings(
        &book.sources[load::BOOK_TOML].text,
        &book.config,
    ));
    findings
}

/// The preprocessor, exactly as `mdbook build` runs it: its diagnostics
/// into `findings` (in the files they came from), and the pages as
/// expanded (as far as possible when it failed), for the checks that need
/// them.
fn preprocess(
    book: &mut load::Book,
    shown_root: &str,
    findings: &mut Vec<Finding>,
) -> (engine::Report, Vec<String>) {
    let registry = crate::shortcodes::registry();
    let mut chapters = book.chapters.clone();
    let mut report = engine::process(&mut chapters, &book.settings, &registry, "html");
    let expanded: Vec<String> = if report.failed {
        // Expanded as far as possible, for the checks that need the pages.
        let mut lenient = book.settings.clone();
        lenient.on_error = OnError::Warn;
        let mut chapters = book.chapters.clone();
        engine::process(&mut chapters, &lenient, &registry, "html");
        chapters.into_iter().map(|c| c.content).collect()
    } else {
        chapters.into_iter().map(|c| c.content).collect()
    };
    for located in std::mem::take(&mut report.diagnostics) {
        let Some(i) = located.chapter else {
            // A spec that cannot be read: in its file (or book.toml).
            findings.push(spec_problem(book, shown_root, located));
            continue;
        };
        // Shown at the guides' places in SUMMARY.md (below).
        if located
            .diagnostic
            .message
            .starts_with(structure::DUPLICATE_GUIDE)
        {
            continue;
        }
        // A per-guide table that names no guide: shown at its table in
        // book.toml (the build shows it at the first guide's chapter).
        if located
            .diagnostic
            .message
            .starts_with("book.toml: [preprocessor.integration-guide.guide.")
        {
            let toml = &book.sources[load::BOOK_TOML].text;
            let (file, d) = config_warning(toml, &located.diagnostic.message);
            findings.push((
                file,
                Diagnostic {
                    severity: located.diagnostic.severity,
                    hint: located.diagnostic.hint.clone(),
                    ..d
                },
            ));
            continue;
        }
        findings.extend(source::to_files(i, located.diagnostic, &|j| {
            book.maps.get(j)
        }));
    }
    (report, expanded)
}

/// Value maps no field map uses (when every field map could be read: one
/// that failed may be the one that uses it).
fn unused_value_maps(
    book: &load::Book,
    report: &engine::Report,
    expanded: &[String],
    findings: &mut Vec<Finding>,
) {
    let broken_field_map = expanded
        .iter()
        .any(|t| t.contains("integration-guide-error") && t.contains("&lt;&lt;#field-map"));
    let maps = report.facts.get::<crate::shortcodes::mapping::ValueMaps>();
    if let Some(maps) = maps.filter(|_| !broken_field_map) {
        for (id, chapter, span) in maps.unused() {
            let d = Diagnostic::warning(span, format!("no field map uses the value map `{id}`"))
                .with_code("unused-value-map")
                .with_hint(format!(
                    "name it in a `field-map` row's flags (`values={id}`), or remove it"
                ));
            findings.extend(source::to_files(chapter, d, &|j| book.maps.get(j)));
        }
    }
}

/// Whether the book uses a shortcode only a guide from the template uses.
fn uses_template(book: &load::Book) -> bool {
    let guide_tags = [
        "config-step",
        "workflow-table",
        "integration-overview",
        "audience",
        "data-flow",
        "prerequisites",
        "api-example",
        "status-codes",
        "troubleshooting",
        "resources",
    ];
    book.chapters.iter().any(|c| {
        guide_tags
            .iter()
            .any(|t| c.content.contains(&format!("<<#{t}")))
    })
}

/// The findings graded as `[preprocessor.integration-guide.check]` says
/// (a rule turned off drops them), located, sorted by file (book order)
/// and position, duplicates removed.
fn locate(book: &load::Book, findings: Vec<Finding>, options: &options::Options) -> Vec<Located> {
    let indexes: Vec<LineIndex<'_>> = book
        .sources
        .iter()
        .map(|s| LineIndex::new(&s.text))
        .collect();
    let mut located: Vec<(usize, Located)> = Vec::new();
    for (file, mut d) in findings {
        let code = d.code.unwrap_or(SHORTCODE);
        let Some(severity) = options.severity(code, d.severity) else {
            continue;
        };
        d.severity = severity;
        d.code = Some(code);
        let source = &book.sources[file];
        let mut l = Located::with_places(&source.name, &indexes[file], d, &mut |r| {
            let Place::File(f) = r.place else { return None };
            Some(Secondary::new(
                &book.sources.get(f)?.name,
                indexes.get(f)?,
                r,
            ))
        });
        l.chapter = None;
        located.push((file, l));
    }
    // By file (book order) and position; the rules' order among equals.
    located.sort_by_key(|(file, l)| (*file, l.line, l.column));
    let mut seen = std::collections::HashSet::new();
    located.retain(|(_, l)| {
        seen.insert((
            l.file.clone(),
            l.line,
            l.column,
            l.diagnostic.code,
            l.diagnostic.message.clone(),
        ))
    });
    located.into_iter().map(|(_, l)| l).collect()
}

/// A diagnostic the engine located outside the chapters (a spec that
/// cannot be read, at its place in the spec or at its key in book.toml) as
/// a finding in that file, its related places in the chapters mapped to
/// the files they came from.
fn spec_problem(book: &mut load::Book, shown_root: &str, located: Located) -> Finding {
    let file = if located.file == "book.toml" {
        load::BOOK_TOML
    } else {
        let root = book.settings.root.clone().unwrap_or_default();
        let path = root.join(&located.file);
        let name = includes::shown_path(&root, shown_root, &path);
        match book.sources.iter().position(|s| s.name == name) {
            Some(f) => f,
            None => {
                book.sources.push(source::Source {
                    name,
                    text: std::fs::read_to_string(&path).unwrap_or_default(),
                });
                book.sources.len() - 1
            }
        }
    };
    let mut d = located.diagnostic;
    for r in &mut d.related {
        if let Place::Chapter(j) = r.place
            && let Some((f, mapped)) =
                source::to_files(j, Diagnostic::error(r.span.clone(), ""), &|j| {
                    book.maps.get(j)
                })
        {
            r.place = Place::File(f);
            r.span = mapped.span;
        }
    }
    d.related.retain(|r| matches!(r.place, Place::File(_)));
    (file, d)
}

/// Whether mdBook will run the preprocessor, after `links` and `index`.
fn setup_warnings(config: &serde_json::Value) -> Vec<String> {
    let Some(table) = config.pointer("/preprocessor/integration-guide") else {
        return vec![
            "[preprocessor.integration-guide] is missing, so `mdbook build` does not run the preprocessor; run `mdbook-integration-guide install`".to_string(),
        ];
    };
    let after: Vec<&str> = table
        .get("after")
        .and_then(serde_json::Value::as_array)
        .map(|a| a.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default();
    let missing: Vec<String> = ["links", "index"]
        .into_iter()
        .filter(|name| !after.contains(name))
        .map(|name| format!("\"{name}\""))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "`after` of [preprocessor.integration-guide] lacks {}, so mdBook may run it first: shortcodes in {{{{#include}}}}d text stay unexpanded and links to README.md chapters break; set after = [\"links\", \"index\"] (`mdbook-integration-guide install` does)",
        missing.join(" and ")
    )]
}

/// Rule `config`: the neighbour preprocessors mdBook would run on the
/// wrong side of ours ([`crate::neighbours::misplaced`]), each at its
/// table's header, and a cycle (mdBook refuses to build), at ours.
fn order_warnings(toml: &str, config: &serde_json::Value) -> Vec<Finding> {
    use crate::neighbours::{self, OURS};
    let tables = neighbours::tables(config);
    if !tables.contains_key(OURS) {
        return Vec::new();
    }
    let defaults = neighbours::uses_defaults(config);
    let at = |name: &str, message: String| -> Finding {
        match table_header(toml, name) {
            Some(span) => (
                load::BOOK_TOML,
                Diagnostic::warning(span, message).with_code("config"),
            ),
            None => config_warning(toml, &message),
        }
    };
    let cycle = neighbours::cycle(&tables, defaults);
    if !cycle.is_empty() {
        let names: Vec<String> = cycle.iter().map(|n| format!("\"{n}\"")).collect();
        // mdBook refuses to build: an error, whatever the rule's level.
        let mut finding = at(
            OURS,
            format!(
                "[preprocessor.{OURS}]: the `before` and `after` of {} make a cycle, so mdBook refuses to build (\"Cyclic dependency detected in preprocessors\"); remove the entry that contradicts the others (`mdbook-integration-guide install` removes those that contradict the place of a known neighbour)",
                names.join(", ")
            ),
        );
        finding.1.severity = crate::diagnostic::Severity::Error;
        return vec![finding];
    }
    let mut out: Vec<Finding> = neighbours::misplaced(&tables, defaults)
        .iter()
        .map(|m| at(&m.name, m.message(&tables)))
        .collect();
    // mdbook-xgettext extracts the messages from the book as the
    // preprocessors that run for it left it: limited to other renderers,
    // ours leaves the tags in the `.pot`, and gettext then finds no
    // translation for anything a shortcode generates.
    let renderers = config
        .pointer(&format!("/preprocessor/{OURS}/renderers"))
        .and_then(serde_json::Value::as_array);
    if let Some(renderers) = renderers
        && !crate::i18n::gettext_tables(config).is_empty()
        && !renderers
            .iter()
            .filter_map(serde_json::Value::as_str)
            .any(|r| crate::i18n::is_xgettext(config, r))
    {
        out.push(at(
            OURS,
            format!(
                "[preprocessor.{OURS}]: `renderers` leaves out xgettext, so mdbook-xgettext extracts the shortcodes' tags instead of the expanded guide and nothing they generate can be translated; remove `renderers` (or add \"{}\" to it)",
                crate::i18n::XGETTEXT
            ),
        ));
    }
    out
}

/// The span of the header `[preprocessor.<name>]` in book.toml (spaces
/// and quotes as TOML allows them).
fn table_header(toml: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim();
        let header = trimmed.split('#').next().unwrap_or_default().trim_end();
        if header.starts_with('[') && !header.starts_with("[[") {
            let plain: String = header
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '"' | '\''))
                .collect();
            if plain == format!("[preprocessor.{name}]") {
                let start = offset + (line.len() - line.trim_start().len());
                return Some(start..start + header.len());
            }
        }
        offset += line.len();
    }
    None
}

/// A warning about book.toml, at the line of its key when it can be found.
fn config_warning(toml: &str, warning: &str) -> Finding {
    let message = warning.strip_prefix("book.toml: ").unwrap_or(warning);
    let table = message
        .find('[')
        .and_then(|s| message[s..].find(']').map(|e| &message[s..s + e + 1]));
    let key = message
        .split('`')
        .nth(1)
        .filter(|k| !k.is_empty() && !k.contains(' '));
    (
        load::BOOK_TOML,
        Diagnostic::warning(key_span(toml, table, key), message).with_code("config"),
    )
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-like, with the source line and a caret.
    Human,
    /// One JSON object per line (see schema/check-diagnostic.schema.json).
    Json,
    /// GitHub Actions workflow commands (`github`), paths from the
    /// repository root.
    Github,
    /// A SARIF 2.1.0 log (`sarif`), paths from the repository root.
    Sarif,
}

/// Runs `check` on `book_dir` and prints the outcome to `out` (messages
/// that stop it to `err`). Returns the exit code: 0 no errors, 1 errors, 2
/// the book could not be read.
pub fn run(
    book_dir: &Path,
    format: Format,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let shown = match format {
        Format::Github | Format::Sarif => repo::shown_root(book_dir),
        Format::Human | Format::Json => crate::paths::slashed(book_dir),
    };
    let shown = shown.trim_end_matches('/');
    let shown_root = if shown == "." { "" } else { shown };
    let outcome = match check(book_dir, shown_root) {
        Ok(outcome) => outcome,
        Err(message) => {
            let _ = writeln!(err, "error: mdbook-integration-guide check: {message}");
            return 2;
        }
    };
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    match format {
        Format::Human => {
            let style = Style {
                color,
                code: true,
                default_code: Some(SHORTCODE),
            };
            for d in &outcome.diagnostics {
                let _ = writeln!(out, "{}\n", d.styled(style));
            }
            for note in &outcome.notes {
                let _ = writeln!(out, "note: {note}\n");
            }
            let book = if shown_root.is_empty() {
                "the book".to_string()
            } else {
                format!("`{shown_root}`")
            };
            let chapters = plural(outcome.chapters, "chapter");
            let _ = if errors + warnings == 0 {
                writeln!(out, "no problems found in {book} ({chapters})")
            } else {
                writeln!(
                    out,
                    "found {} and {} in {book} ({chapters})",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                )
            };
        }
        Format::Json => {
            for d in &outcome.diagnostics {
                let _ = writeln!(out, "{}", to_json(d));
            }
        }
        Format::Github => {
            for d in &outcome.diagnostics {
                let code = d.diagnostic.code.unwrap_or(SHORTCODE);
                let _ = writeln!(out, "{}", github::command(d, code));
            }
        }
        Format::Sarif => {
            let log = sarif::log(&outcome.diagnostics);
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&log).unwrap_or_default()
            );
        }
    }
    u8::from(errors > 0)
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// One diagnostic as JSON (schema/check-diagnostic.schema.json), its keys
/// in this order.
#[derive(serde::Serialize)]
struct Json<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: String,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

/// A related place of a diagnostic as JSON.
#[derive(serde::Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_column: Option<usize>,
    message: &'a str,
}

/// One diagnostic as a line of JSON.
pub fn to_json(d: &Located) -> String {
    let json = Json {
        file: &d.file,
        line: d.line,
        column: d.column,
        severity: d.diagnostic.severity.to_string(),
        code: d.diagnostic.code.unwrap_or(SHORTCODE),
        message: &d.diagnostic.message,
        hint: d.diagnostic.hint.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file: &r.file,
                line: r.line,
                column: r.column,
                end_column: r.end_column,
                message: &r.message,
            })
            .collect(),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_warnings_point_at_their_key() {
        let toml = "[book]\ntitle = \"x\"\n\n[preprocessor.integration-guide]\nafter = []\non-eror = 1\n\n[preprocessor.integration-guide.check]\nbrokn = \"x\"\n";
        let (_, d) = config_warning(
            toml,
            "book.toml: unknown key `on-eror` in [preprocessor.integration-guide] is ignored",
        );
        assert_eq!(&toml[d.span.clone()], "on-eror");
        assert_eq!(
            d.message,
            "unknown key `on-eror` in [preprocessor.integration-guide] is ignored"
        );
        let (_, d) = config_warning(
            toml,
            "book.toml: [preprocessor.integration-guide.check]: unknown key `brokn` is ignored",
        );
        assert_eq!(&toml[d.span.clone()], "brokn");
        let (_, d) = config_warning(
            toml,
            "book.toml: [preprocessor.integration-guide.check]: unknown key `zzz` is ignored",
        );
        assert_eq!(&toml[d.span.clone()], "[");
        let setup = setup_warnings(&serde_json::json!({
            "preprocessor": {"integration-guide": {"after": ["links"]}}
        }));
        assert_eq!(setup.len(), 1);
        assert!(
            setup[0].starts_with("`after` of [preprocessor.integration-guide] lacks \"index\", so")
        );
        let (_, d) = config_warning(toml, &setup[0]);
        assert_eq!(&toml[d.span.clone()], "after");
        assert!(
            setup_warnings(&serde_json::json!({
                "preprocessor": {"integration-guide": {"after": ["index", "links"]}}
            }))
            .is_empty()
        );
        let missing = setup_warnings(&serde_json::json!({}));
        assert!(missing[0].starts_with("[preprocessor.integration-guide] is missing"));
        assert_eq!(config_warning("[book]\n", &missing[0]).1.span, 0..0);
    }
}
