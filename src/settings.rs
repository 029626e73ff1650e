//! Layer 1 (settings): The preprocessor's options from `book.toml`, read leniently from the
//! configuration mdBook passes (a JSON copy of `book.toml`).

use serde_json::Value;

use crate::declaration::{AttrType, AttrValue, LabelSpec, OptionSpec};
pub use crate::guides::GuideMode;
use crate::labels::Labels;
use crate::markdown::ParseOptions;

pub mod environments;
pub mod rules;
pub mod schema;
pub use environments::{Environment, Environments, RunPolicy};
pub use schema::book_toml_schema;

/// What to do when a shortcode is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Report every error and fail the build (mdBook keeps the last good
    /// build under `mdbook serve`).
    #[default]
    Fail,
    /// Report warnings and render an error box in place of each broken
    /// shortcode.
    Warn,
}

/// Keys of `[preprocessor.integration-guide]` that mdBook itself reads.
const MDBOOK_KEYS: &[&str] = &["command", "after", "before", "renderers", "optional"];

/// Our own top-level keys besides the shortcodes' option tables
/// ([`Declared::option_tables`]).
const OWN_KEYS: &[&str] = &[
    "on-error",
    "labels",
    "parties",
    // Several guides in one book (src/guides.rs).
    "guides",
    "guide",
    // The values that differ between environments (`environments.rs`).
    "environments",
    // Read by `mdbook-integration-guide check` (src/settings/rules.rs).
    "check",
    // The OpenAPI specs shortcodes take facts from (src/openapi).
    "openapi",
];

/// What the shortcodes declare that `book.toml` configures, given to the
/// settings, the labels and the schema by the registry
/// ([`crate::registry::declared`]), so that nothing here asks the
/// shortcodes: each option table with its options, and every label.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    /// The shortcodes with book-wide options, and their options: each is
    /// the table `[preprocessor.integration-guide.<name>]`.
    pub option_tables: Vec<(&'static str, &'static [OptionSpec])>,
    /// Every label a shortcode declares
    /// (`[preprocessor.integration-guide.labels]`).
    pub labels: Vec<&'static LabelSpec>,
}

/// Book-wide options of `<<#config-step>>`, from
/// `[preprocessor.integration-guide.config-step]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepOptions {
    /// `level`: the heading level of every step (default: one below the
    /// section the step stands in).
    pub level: Option<u8>,
    /// `last-step-link`: where the last step's "What to do next" points, a
    /// chapter path relative to `src` with an optional `#anchor` (default:
    /// the Validation section).
    pub last_step_link: Option<String>,
}

/// `[preprocessor.integration-guide.guide.<guide-id>]`: what one guide
/// of a book with several guides sets for itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuideOptions {
    /// `last-step-link`, as in `[preprocessor.integration-guide.config-step]`.
    pub last_step_link: Option<String>,
    /// `parties`, as in `[preprocessor.integration-guide]`.
    pub parties: Option<Vec<String>>,
}

/// What a book-wide table of contents does with draft chapters (which have
/// no page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    /// Listed as plain text, without a link.
    #[default]
    Text,
    /// Left out.
    Skip,
}

/// Defaults of `<<#toc>>` (and `drafts` for `<<#topics>>`), from
/// `[preprocessor.integration-guide.toc]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TocOptions {
    /// How many levels the list has (default 2).
    pub depth: u8,
    /// The highest heading level listed (default 2).
    pub from: u8,
    /// Numbered lists (default false).
    pub ordered: bool,
    /// Draft chapters in book-wide lists (default: plain text).
    pub drafts: Drafts,
}

impl Default for TocOptions {
    fn default() -> Self {
        TocOptions {
            depth: 2,
            from: 2,
            ordered: false,
            drafts: Drafts::Text,
        }
    }
}

/// Defaults of `<<#topics>>`, from `[preprocessor.integration-guide.topics]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicsOptions {
    /// The text before the list, shown in bold (default `Topics:`; empty:
    /// no label).
    pub label: String,
}

impl Default for TopicsOptions {
    fn default() -> Self {
        TopicsOptions {
            label: "Topics:".into(),
        }
    }
}

/// Defaults of `<<#api-example>>` and `auth-flow`'s requests, from
/// `[preprocessor.integration-guide.api-example]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiExampleOptions {
    /// The forms each request is shown in, in tab order (default: curl).
    pub clients: Vec<crate::http::Client>,
}

impl Default for ApiExampleOptions {
    fn default() -> Self {
        ApiExampleOptions {
            clients: vec![crate::http::Client::Curl],
        }
    }
}

#[derive(Debug, Clone)]
/// The preprocessor's settings: `[preprocessor.integration-guide]` of
/// `book.toml`, with the `[output.html]` options that change parsing.
pub struct Settings {
    /// What a broken shortcode does to the build (`on-error`).
    pub on_error: OnError,
    /// How mdBook will parse the chapters (from `[output.html]`).
    pub markdown: ParseOptions,
    /// The book's source directory, relative to its root (for messages).
    pub src_dir: String,
    /// The book's root directory (mdBook's `root`), for shortcodes that
    /// read files (`field-map src=...`); `None` when unknown (tests).
    pub root: Option<std::path::PathBuf>,
    /// The fixed words of generated structures (`labels`).
    pub labels: Labels,
    /// The responsible parties a config step may name (`parties`); `None`:
    /// any.
    pub parties: Option<Vec<String>>,
    /// `[preprocessor.integration-guide.config-step]`.
    pub config_step: StepOptions,
    /// `guides`: what makes a guide (default: the whole book is one).
    pub guides: GuideMode,
    /// `[preprocessor.integration-guide.guide.<guide-id>]`, by guide id.
    pub guide: std::collections::BTreeMap<String, GuideOptions>,
    /// `[preprocessor.integration-guide.toc]`.
    pub toc: TocOptions,
    /// `[preprocessor.integration-guide.topics]`.
    pub topics: TopicsOptions,
    /// `[preprocessor.integration-guide.api-example]`.
    pub api_example: ApiExampleOptions,
    /// `[preprocessor.integration-guide.environments]`.
    pub environments: Environments,
    /// A build mdbook-gettext translates
    /// ([`crate::i18n::gettext_translates`]), or the one mdbook-xgettext
    /// extracts its messages from: alerts and definition lists are written
    /// in forms gettext can write back (see [`Settings::alerts`],
    /// [`Settings::definition_lists`]).
    pub gettext: bool,
    /// `[preprocessor.integration-guide.webhook-event]` `retries`: the
    /// book-wide retry schedule of webhook deliveries (`"5s, 5m, 30m"`).
    pub webhook_retries: Option<String>,
    /// `[preprocessor.integration-guide.openapi]`: each spec's name and its
    /// path from the book's root, in book.toml's order.
    pub openapi: Vec<(String, String)>,
    /// `[book] title` (set with `root`; [`crate::export::one_guide_names`]).
    pub book_title: Option<String>,
    /// `[preprocessor.integration-guide]` as given.
    table: Value,
}

impl Settings {
    /// Whether callouts are GFM alerts (`> [!NOTE]`): mdBook's
    /// `admonitions`, except for mdbook-gettext (and mdbook-xgettext, whose
    /// messages must match), which parses chapters without GFM and writes
    /// `[!NOTE]` back escaped (`\[!NOTE\]`, shown as text;
    /// mdbook-i18n-helpers 0.4.0 `src/lib.rs`, `new_cmark_parser`): there a
    /// callout is a block quote with a bold title, as with
    /// `admonitions = false`.
    pub fn alerts(&self) -> bool {
        self.markdown.admonitions && !self.gettext
    }

    /// Whether generated structures may be definition lists: mdBook's
    /// `definition-lists`, except for mdbook-gettext (and mdbook-xgettext),
    /// which parses chapters without them and joins a term and its
    /// definition into one paragraph (`term : definition`;
    /// mdbook-i18n-helpers 0.4.0 `src/lib.rs`, `new_cmark_parser`): there
    /// the form for `definition-lists = false` is used.
    pub fn definition_lists(&self) -> bool {
        self.markdown.definition_lists && !self.gettext
    }

    /// Reads the settings from mdBook's configuration, with the options and
    /// labels the shortcodes declare (`declared`). Unknown keys are
    /// warnings (a newer version of this tool may know them); a wrong value
    /// of a known key is an error, every error one line of the `Err`.
    /// `Settings::from_config` (in [`crate::registry`]) reads them with
    /// every shortcode's declarations.
    pub fn read(config: &Value, declared: &Declared) -> Result<(Settings, Vec<String>), String> {
        let (settings, warnings, errors) = Settings::read_all(config, declared);
        if errors.is_empty() {
            Ok((settings, warnings))
        } else {
            Err(errors.join("\n"))
        }
    }

    /// [`Settings::read`] that goes on past errors, so that one run reports
    /// book.toml's errors together with the chapters': `(settings,
    /// warnings, errors)`, each message starting `book.toml: [table]`. A
    /// wrong value leaves its setting at the default (environments: those
    /// that could be read, see [`Environments::read`]).
    pub fn read_all(config: &Value, declared: &Declared) -> (Settings, Vec<String>, Vec<String>) {
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        let table = config
            .pointer("/preprocessor/integration-guide")
            .cloned()
            .unwrap_or(Value::Null);
        let e = &mut errors;
        let on_error = keep(on_error(&table), e).unwrap_or_default();
        unknown_keys(&table, declared, &mut warnings);
        let labels = keep(
            Labels::from_table(
                table.get("labels").unwrap_or(&Value::Null),
                &declared.labels,
            ),
            e,
        );
        let parties = keep(parties(&table), e).flatten();
        let config_step =
            keep(step_options(&table, declared, &mut warnings), e).unwrap_or_default();
        let toc = keep(toc_options(&table, declared, &mut warnings), e).unwrap_or_default();
        let topics = keep(topics_options(&table, declared, &mut warnings), e).unwrap_or_default();
        let api_example =
            keep(api_example_options(&table, declared, &mut warnings), e).unwrap_or_default();
        let guides = keep(guide_mode(&table), e).unwrap_or_default();
        let guide = keep(guide_tables(&table, &mut warnings), e).unwrap_or_default();
        let openapi = keep(openapi_specs(&table), e).unwrap_or_default();
        let (labels, mut label_warnings) =
            labels.unwrap_or_else(|| (Labels::defaults(&declared.labels), Vec::new()));
        warnings.append(&mut label_warnings);
        let (environments, mut env_errors) =
            Environments::read(table.get("environments").unwrap_or(&Value::Null));
        let webhook_retries = keep(
            option_table(&table, "webhook-event", declared, &mut warnings),
            e,
        )
        .unwrap_or_default()
        .into_iter()
        .find_map(|(o, v)| match (o.key, v) {
            ("retries", AttrValue::Text(t)) => Some(t),
            _ => None,
        });
        errors.append(&mut env_errors);
        let (markdown, src_dir) = parsing(config);
        (
            Settings {
                on_error,
                markdown,
                src_dir,
                root: None,
                book_title: None,
                labels,
                parties,
                config_step,
                guides,
                guide,
                toc,
                topics,
                api_example,
                environments,
                gettext: false,
                openapi,
                webhook_retries,
                table,
            },
            warnings,
            errors,
        )
    }

    /// The parties a step of the guide `guide_id` may name: the guide's
    /// own `parties`, else the book's.
    pub fn parties_of(&self, guide_id: Option<&str>) -> Option<&[String]> {
        guide_id
            .and_then(|id| self.guide.get(id))
            .and_then(|g| g.parties.as_deref())
            .or(self.parties.as_deref())
    }

    /// Where the last step of the guide `guide_id` points: the guide's own
    /// `last-step-link`, else the book's.
    pub fn last_step_link_of(&self, guide_id: Option<&str>) -> Option<&str> {
        guide_id
            .and_then(|id| self.guide.get(id))
            .and_then(|g| g.last_step_link.as_deref())
            .or(self.config_step.last_step_link.as_deref())
    }

    /// A sub-table of `[preprocessor.integration-guide]`, e.g. `toc`.
    pub fn section(&self, name: &str) -> Option<&Value> {
        self.table.get(name)
    }
}

/// A setting read (`Some`), or its error added to `errors` (`None`: the
/// caller keeps the default).
fn keep<T>(read: Result<T, String>, errors: &mut Vec<String>) -> Option<T> {
    read.map_err(|e| errors.push(e)).ok()
}

/// The `[output.html]` options that change how Markdown is parsed, and the
/// book's source folder (`[book] src`, default `src`).
fn parsing(config: &Value) -> (ParseOptions, String) {
    let html = |key: &str| {
        config
            .pointer(&format!("/output/html/{key}"))
            .and_then(Value::as_bool)
    };
    let defaults = ParseOptions::default();
    let markdown = ParseOptions {
        smart_punctuation: html("smart-punctuation").unwrap_or(defaults.smart_punctuation),
        definition_lists: html("definition-lists").unwrap_or(defaults.definition_lists),
        admonitions: html("admonitions").unwrap_or(defaults.admonitions),
    };
    let src_dir = config
        .pointer("/book/src")
        .and_then(Value::as_str)
        .unwrap_or("src")
        .trim_end_matches('/')
        .to_string();
    (markdown, src_dir)
}

/// `on-error`: what a broken shortcode does to the build.
fn on_error(table: &Value) -> Result<OnError, String> {
    match table.get("on-error") {
        None => Ok(OnError::Fail),
        Some(Value::String(s)) if s == "fail" => Ok(OnError::Fail),
        Some(Value::String(s)) if s == "warn" => Ok(OnError::Warn),
        Some(other) => Err(format!(
            "book.toml: [preprocessor.integration-guide] `on-error` = {other} is not valid; use \"fail\" (the default) or \"warn\""
        )),
    }
}

/// A warning for each key of `[preprocessor.integration-guide]` that is
/// neither mdBook's, nor ours, nor a shortcode's option table.
fn unknown_keys(table: &Value, declared: &Declared, warnings: &mut Vec<String>) {
    if let Some(map) = table.as_object() {
        for key in map.keys() {
            let tables = || declared.option_tables.iter().map(|(name, _)| *name);
            if !MDBOOK_KEYS.contains(&key.as_str())
                && !OWN_KEYS.contains(&key.as_str())
                && !tables().any(|t| t == key)
            {
                let known = MDBOOK_KEYS.iter().chain(OWN_KEYS).copied().chain(tables());
                let hint = crate::diagnostic::closest(key, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                warnings.push(format!(
                    "book.toml: unknown key `{key}` in [preprocessor.integration-guide] is ignored{hint}"
                ));
            }
        }
    }
}

/// `parties = ["...", ...]`: a list of non-empty strings.
fn parties(table: &Value) -> Result<Option<Vec<String>>, String> {
    let bad = |why: &str| {
        format!(
            "book.toml: [preprocessor.integration-guide] parties {why}; write a list of names, e.g. parties = [\"System A admin\", \"System B admin\"]"
        )
    };
    match table.get("parties") {
        None => Ok(None),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str().map(str::trim) {
                    Some(name) if !name.is_empty() => out.push(name.to_string()),
                    Some(_) => return Err(bad("has an empty name")),
                    None => return Err(bad(&format!("has {item}, which is not a string"))),
                }
            }
            Ok(Some(out))
        }
        Some(other) => Err(bad(&format!("= {other} is not a list"))),
    }
}

/// `[preprocessor.integration-guide.openapi]`: `name = "path"` for each
/// spec, the path relative to the book's root (where book.toml is).
fn openapi_specs(table: &Value) -> Result<Vec<(String, String)>, String> {
    let example = "e.g. globex = \"specs/globex-billing.yaml\"";
    let map = match table.get("openapi") {
        None => return Ok(Vec::new()),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(format!(
                "book.toml: [preprocessor.integration-guide] openapi = {other} is not valid; it must be a table [preprocessor.integration-guide.openapi] naming each spec, {example}"
            ));
        }
    };
    let mut out = Vec::new();
    for (name, path) in map {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "book.toml: [preprocessor.integration-guide.openapi]: the name `{name}` is not valid; use letters, digits, `-` and `_` ({example})"
            ));
        }
        match path.as_str().map(str::trim) {
            Some(p) if !p.is_empty() => out.push((name.clone(), p.to_string())),
            _ => {
                return Err(format!(
                    "book.toml: [preprocessor.integration-guide.openapi]: `{name}` = {path} is not valid; it must be the spec's path from the book's root, {example}"
                ));
            }
        }
    }
    Ok(out)
}

/// `guides = "book" | "parts" | "chapters"`.
fn guide_mode(table: &Value) -> Result<GuideMode, String> {
    let names = || GuideMode::NAMES.iter().copied();
    match table.get("guides") {
        None => Ok(GuideMode::Book),
        Some(Value::String(s)) if GuideMode::from_name(s).is_some() => {
            Ok(GuideMode::from_name(s).unwrap_or_default())
        }
        Some(other) => {
            let hint = other
                .as_str()
                .and_then(|s| crate::diagnostic::closest(s, names()))
                .map(|k| format!("did you mean \"{k}\"? "))
                .unwrap_or_default();
            Err(format!(
                "book.toml: [preprocessor.integration-guide] guides = {other} is not valid; {hint}use \"book\" (the default: the whole book is one guide), \"parts\" (each SUMMARY.md part is a guide) or \"chapters\" (each top-level chapter is a guide)"
            ))
        }
    }
}

/// `[preprocessor.integration-guide.guide.<guide-id>]` tables: their keys
/// (whether each id names a guide is known only with the chapters: the
/// engine checks it).
fn guide_tables(
    table: &Value,
    warnings: &mut Vec<String>,
) -> Result<std::collections::BTreeMap<String, GuideOptions>, String> {
    let mut out = std::collections::BTreeMap::new();
    let Some(value) = table.get("guide") else {
        return Ok(out);
    };
    let Value::Object(map) = value else {
        return Err(format!(
            "book.toml: [preprocessor.integration-guide] guide = {value} is not valid; it must hold one table per guide, e.g. [preprocessor.integration-guide.guide.salesforce-to-sap] last-step-link = \"sap/validation.md\""
        ));
    };
    for (id, options) in map {
        let Value::Object(keys) = options else {
            return Err(format!(
                "book.toml: [preprocessor.integration-guide.guide] {id} = {options} is not valid; it must be a table [preprocessor.integration-guide.guide.{id}] with `last-step-link` and `parties`"
            ));
        };
        let mut guide = GuideOptions::default();
        for (key, value) in keys {
            match key.as_str() {
                "parties" => {
                    guide.parties = parties(options).map_err(|e| {
                        e.replace(
                            "[preprocessor.integration-guide] parties",
                            &format!("[preprocessor.integration-guide.guide.{id}] parties"),
                        )
                    })?;
                }
                "last-step-link" => match value.as_str().map(str::trim) {
                    Some(link) if !link.is_empty() && !link.starts_with('#') => {
                        guide.last_step_link = Some(link.trim_start_matches("./").to_string());
                    }
                    _ => {
                        return Err(format!(
                            "book.toml: [preprocessor.integration-guide.guide.{id}]: `last-step-link` = {value} is not valid; it must be a chapter path relative to the book's src directory, optionally with an #anchor, e.g. \"validation.md#send-a-test-deal\""
                        ));
                    }
                },
                other => {
                    let hint = crate::diagnostic::closest(other, ["last-step-link", "parties"])
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    warnings.push(format!(
                        "book.toml: [preprocessor.integration-guide.guide.{id}]: unknown key `{other}` is ignored{hint}"
                    ));
                }
            }
        }
        out.insert(id.clone(), guide);
    }
    Ok(out)
}

/// Reads the table `[preprocessor.integration-guide.<name>]` against the
/// options its shortcode declares ([`OptionSpec`]): unknown keys are
/// warnings (with the closest known key); a value of the wrong type is an
/// error saying what is expected. `Null` when the table is absent.
fn option_table(
    table: &Value,
    name: &str,
    declared: &Declared,
    warnings: &mut Vec<String>,
) -> Result<Vec<(&'static OptionSpec, AttrValue)>, String> {
    let Some(options) = declared
        .option_tables
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, o)| *o)
    else {
        return Ok(Vec::new());
    };
    let map = match table.get(name) {
        None => return Ok(Vec::new()),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(format!(
                "book.toml: [preprocessor.integration-guide] {name} = {other} is not valid; it must be a table ([preprocessor.integration-guide.{name}]) with the keys {}",
                options
                    .iter()
                    .map(|o| format!("`{}`", o.key))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    };
    let mut known = Vec::new();
    for (key, value) in map {
        let Some(option) = options.iter().find(|o| o.key == key) else {
            let hint = crate::diagnostic::closest(key, options.iter().map(|o| o.key))
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            warnings.push(format!(
                "book.toml: [preprocessor.integration-guide.{name}]: unknown key `{key}` is ignored{hint}"
            ));
            continue;
        };
        let converted = convert(name, option, value)?;
        match converted {
            Some(v) => known.push((option, v)),
            None => return Err(option_error(name, option, value)),
        }
    }
    Ok(known)
}

/// An option of table `name`: its value from book.toml as its declared
/// type has it; `None`: not a value of that type. `Err`: a list with a
/// word the option does not know.
fn convert(name: &str, option: &OptionSpec, value: &Value) -> Result<Option<AttrValue>, String> {
    Ok(match (option.ty, value) {
        (AttrType::Int { min, max }, Value::Number(n)) => n
            .as_i64()
            .filter(|n| (min..=max).contains(n))
            .map(AttrValue::Int),
        (AttrType::Bool, Value::Bool(b)) => Some(AttrValue::Bool(*b)),
        (AttrType::Choice(words), Value::String(s)) if words.contains(&s.as_str()) => {
            Some(AttrValue::Text(s.clone()))
        }
        (AttrType::Text, Value::String(s))
            if option.pattern.is_empty()
                || regex::Regex::new(option.pattern).is_ok_and(|re| re.is_match(s.trim())) =>
        {
            Some(AttrValue::Text(s.trim().to_string()))
        }
        (AttrType::Words(words), Value::Array(items)) => {
            let mut given = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(w) if words.contains(&w) => given.push(w),
                    Some(w) => {
                        let hint = crate::diagnostic::closest(w, words.iter().copied())
                            .map(|k| format!(" (did you mean \"{k}\"?)"))
                            .unwrap_or_default();
                        return Err(format!(
                            "book.toml: [preprocessor.integration-guide.{name}]: `{}` has an unknown value \"{w}\"{hint}; {}",
                            option.key, option.expect
                        ));
                    }
                    None => return Err(option_error(name, option, value)),
                }
            }
            (!given.is_empty()).then(|| AttrValue::Text(given.join(",")))
        }
        (AttrType::Id, Value::String(s))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_') =>
        {
            Some(AttrValue::Text(s.clone()))
        }
        _ => None,
    })
}

/// "`key` = value is not valid; <what the option expects>".
fn option_error(table: &str, option: &OptionSpec, value: &Value) -> String {
    format!(
        "book.toml: [preprocessor.integration-guide.{table}]: `{}` = {value} is not valid; {}",
        option.key, option.expect
    )
}

/// `[preprocessor.integration-guide.toc]`.
fn toc_options(
    table: &Value,
    declared: &Declared,
    warnings: &mut Vec<String>,
) -> Result<TocOptions, String> {
    let mut options = TocOptions::default();
    for (option, value) in option_table(table, "toc", declared, warnings)? {
        match (option.key, value) {
            ("depth", AttrValue::Int(n)) => options.depth = n as u8,
            ("from", AttrValue::Int(n)) => options.from = n as u8,
            ("ordered", AttrValue::Bool(b)) => options.ordered = b,
            ("drafts", AttrValue::Text(t)) => {
                options.drafts = if t == "skip" {
                    Drafts::Skip
                } else {
                    Drafts::Text
                }
            }
            _ => {}
        }
    }
    Ok(options)
}

/// `[preprocessor.integration-guide.api-example]`.
fn api_example_options(
    table: &Value,
    declared: &Declared,
    warnings: &mut Vec<String>,
) -> Result<ApiExampleOptions, String> {
    let mut options = ApiExampleOptions::default();
    for (option, value) in option_table(table, "api-example", declared, warnings)? {
        if let ("clients", AttrValue::Text(t)) = (option.key, value) {
            options.clients = crate::http::Client::list(&t).unwrap_or_default();
        }
    }
    Ok(options)
}

/// `[preprocessor.integration-guide.topics]`.
fn topics_options(
    table: &Value,
    declared: &Declared,
    warnings: &mut Vec<String>,
) -> Result<TopicsOptions, String> {
    let mut options = TopicsOptions::default();
    for (option, value) in option_table(table, "topics", declared, warnings)? {
        if let ("label", AttrValue::Text(label)) = (option.key, value) {
            options.label = label;
        }
    }
    Ok(options)
}

/// `[preprocessor.integration-guide.config-step]`.
fn step_options(
    table: &Value,
    declared: &Declared,
    warnings: &mut Vec<String>,
) -> Result<StepOptions, String> {
    let mut options = StepOptions::default();
    for (option, value) in option_table(table, "config-step", declared, warnings)? {
        match (option.key, value) {
            ("level", AttrValue::Int(n)) => options.level = Some(n as u8),
            ("last-step-link", AttrValue::Text(link)) => {
                options.last_step_link = Some(link.trim_start_matches("./").to_string());
            }
            _ => {}
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_html_options() {
        let (s, w) = Settings::from_config(&json!({
            "book": {"src": "text"},
            "output": {"html": {"smart-punctuation": false, "a-future-key": 1}}
        }))
        .unwrap();
        assert!(w.is_empty());
        assert_eq!(s.on_error, OnError::Fail);
        assert!(!s.markdown.smart_punctuation);
        assert!(s.markdown.definition_lists);
        assert_eq!(s.src_dir, "text");
    }

    #[test]
    fn toc_and_topics_options() {
        let (s, w) = Settings::from_config(&json!({})).unwrap();
        assert!(w.is_empty());
        assert_eq!(s.toc, TocOptions::default());
        assert_eq!(s.topics.label, "Topics:");
        let cfg = json!({"preprocessor": {"integration-guide": {
            "toc": {"depth": 3, "from": 1, "ordered": true, "drafts": "skip", "dpeth": 1},
            "topics": {"label": " Themen: "}
        }}});
        let (s, w) = Settings::from_config(&cfg).unwrap();
        assert_eq!(
            s.toc,
            TocOptions {
                depth: 3,
                from: 1,
                ordered: true,
                drafts: Drafts::Skip
            }
        );
        assert_eq!(s.topics.label, "Themen:");
        assert_eq!(
            w,
            vec![
                "book.toml: [preprocessor.integration-guide.toc]: unknown key `dpeth` is ignored (did you mean `depth`?)"
            ]
        );
        for (bad, says) in [
            (json!({"toc": {"depth": 0}}), "`depth` = 0 is not valid"),
            (json!({"toc": {"from": "2"}}), "`from` = \"2\" is not valid"),
            (json!({"toc": {"ordered": 1}}), "`ordered` = 1 is not valid"),
            (
                json!({"toc": {"drafts": "hide"}}),
                "`drafts` = \"hide\" is not valid",
            ),
            (json!({"toc": true}), "toc = true is not valid"),
            (json!({"topics": {"label": 1}}), "`label` = 1 is not valid"),
        ] {
            let cfg = json!({"preprocessor": {"integration-guide": bad}});
            let err = Settings::from_config(&cfg).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn parties_and_config_step_options() {
        let cfg = json!({"preprocessor": {"integration-guide": {
            "parties": ["A admin", " Both "],
            "config-step": {"level": 3, "last-step-link": "./checks.md#smoke", "lvl": 2},
            "labels": {"procedure": "Vorgehen"}
        }}});
        let (s, w) = Settings::from_config(&cfg).unwrap();
        assert_eq!(s.parties, Some(vec!["A admin".into(), "Both".into()]));
        assert_eq!(s.config_step.level, Some(3));
        assert_eq!(
            s.config_step.last_step_link.as_deref(),
            Some("checks.md#smoke")
        );
        assert_eq!(s.labels.procedure, "Vorgehen");
        assert_eq!(
            w,
            vec![
                "book.toml: [preprocessor.integration-guide.config-step]: unknown key `lvl` is ignored (did you mean `level`?)"
            ]
        );
        for bad in [
            json!({"parties": "A"}),
            json!({"parties": ["A", 1]}),
            json!({"parties": [""]}),
            json!({"config-step": {"level": 7}}),
            json!({"config-step": {"last-step-link": "#x"}}),
            json!({"config-step": 1}),
            json!({"labels": {"procedure": false}}),
        ] {
            let cfg = json!({"preprocessor": {"integration-guide": bad}});
            let err = Settings::from_config(&cfg).unwrap_err();
            assert!(
                err.starts_with("book.toml: [preprocessor.integration-guide"),
                "{err}"
            );
        }
    }

    #[test]
    fn guides_and_per_guide_tables() {
        let (s, w) = Settings::from_config(&json!({})).unwrap();
        assert!(w.is_empty());
        assert_eq!(s.guides, GuideMode::Book);
        let cfg = json!({"preprocessor": {"integration-guide": {
            "guides": "parts",
            "parties": ["Admin"],
            "guide": {"sap": {"parties": ["SAP admin"], "last-step-link": "./sap/checks.md", "partys": 1}}
        }}});
        let (s, w) = Settings::from_config(&cfg).unwrap();
        assert_eq!(s.guides, GuideMode::Parts);
        assert_eq!(
            s.parties_of(Some("sap")),
            Some(&["SAP admin".to_string()][..])
        );
        assert_eq!(
            s.parties_of(Some("other")),
            Some(&["Admin".to_string()][..])
        );
        assert_eq!(s.last_step_link_of(Some("sap")), Some("sap/checks.md"));
        assert_eq!(s.last_step_link_of(None), None);
        assert_eq!(
            w,
            vec![
                "book.toml: [preprocessor.integration-guide.guide.sap]: unknown key `partys` is ignored (did you mean `parties`?)"
            ]
        );
        let bad = json!({"preprocessor": {"integration-guide": {"guides": "part"}}});
        let err = Settings::from_config(&bad).unwrap_err();
        assert!(err.contains("did you mean \"parts\"?"), "{err}");
        for bad in [
            json!({"guides": 1}),
            json!({"guide": 1}),
            json!({"guide": {"a": 1}}),
            json!({"guide": {"a": {"last-step-link": "#x"}}}),
            json!({"guide": {"a": {"parties": "A"}}}),
        ] {
            let cfg = json!({"preprocessor": {"integration-guide": bad}});
            assert!(Settings::from_config(&cfg).is_err(), "{cfg}");
        }
        let cfg =
            json!({"preprocessor": {"integration-guide": {"guide": {"sap": {"parties": [""]}}}}});
        let err = Settings::from_config(&cfg).unwrap_err();
        assert!(
            err.starts_with(
                "book.toml: [preprocessor.integration-guide.guide.sap] parties has an empty name"
            ),
            "{err}"
        );
    }

    #[test]
    fn on_error_and_unknown_keys() {
        let cfg = json!({"preprocessor": {"integration-guide": {
            "on-error": "warn", "after": ["links"], "on-eror": 1
        }}});
        let (s, w) = Settings::from_config(&cfg).unwrap();
        assert_eq!(s.on_error, OnError::Warn);
        assert_eq!(
            w,
            vec![
                "book.toml: unknown key `on-eror` in [preprocessor.integration-guide] is ignored (did you mean `on-error`?)"
            ]
        );
        let bad = json!({"preprocessor": {"integration-guide": {"on-error": "explode"}}});
        assert!(
            Settings::from_config(&bad)
                .unwrap_err()
                .contains("\"explode\"")
        );
    }
}
