//! `[preprocessor.integration-guide.check]`: the required sections and
//! how severe each rule is.

use serde_json::Value;

use crate::diagnostic::Severity;

/// A rule of `check`: its stable code, default severity and whether
/// book.toml may change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable kebab-case code (`broken-anchor`): the key in
    /// `[preprocessor.integration-guide.check]` and the `[code]` after the
    /// severity in messages.
    pub code: &'static str,
    /// The level used when `book.toml` does not set one.
    pub default: Level,
    /// Whether `book.toml` may change its level (some errors are always errors).
    pub configurable: bool,
    /// Whether a finding reported as a warning stays one at `error` (the
    /// default or written out: `openapi-drift`'s deprecated operation is a
    /// warning, a drifted example an error); `warning` makes every finding
    /// a warning, `off` drops them.
    pub keeps_warnings: bool,
    /// One line for the README's table of rules.
    pub doc: &'static str,
}

/// Every rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    Rule {
        code: "shortcode",
        default: Level::Error,
        configurable: false,
        keeps_warnings: false,
        doc: "a shortcode error or warning, exactly as `mdbook build` reports it",
    },
    Rule {
        code: "config",
        default: Level::Warning,
        configurable: false,
        keeps_warnings: false,
        doc: "book.toml: the preprocessor is not set up to run after `links` and `index`, a neighbour preprocessor runs on the side of it known to break (see With other preprocessors), or a key is unknown",
    },
    Rule {
        code: "include",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "an `{{#include}}` whose file or anchor does not exist",
    },
    Rule {
        code: "missing-chapter",
        default: Level::Warning,
        configurable: true,
        keeps_warnings: false,
        doc: "a SUMMARY.md entry whose file does not exist (mdBook creates it)",
    },
    Rule {
        code: "missing-section",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a required section of the template is not in the book",
    },
    Rule {
        code: "section-order",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a required section is not in the template's order",
    },
    Rule {
        code: "step-without-procedure",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a config step has no procedure",
    },
    Rule {
        code: "workflow-missing-step",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a config step is not in any workflow table",
    },
    Rule {
        code: "unused-value-map",
        default: Level::Warning,
        configurable: true,
        keeps_warnings: false,
        doc: "a `value-map` that no `field-map` names in `values=`",
    },
    Rule {
        code: "broken-anchor",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a link to `#anchor` or `chapter.md#anchor` whose page has no such id",
    },
    Rule {
        code: "link-not-in-summary",
        default: Level::Error,
        configurable: true,
        keeps_warnings: false,
        doc: "a link to a `.md` file that is not a chapter in SUMMARY.md",
    },
    Rule {
        code: "openapi-drift",
        default: Level::Error,
        configurable: true,
        keeps_warnings: true,
        doc: "an example and its spec disagree: a JSON payload (in the chapter, or the spec's own example) that does not match the spec's schema; a hand-written `api-example` matched to an operation of a spec in `[preprocessor.integration-guide.openapi]` with a status it does not document, or a spec path with a method it lacks (a warning for a deprecated operation, or a `status-codes` line the spec lacks); `mdbook build` honours its level too",
    },
    Rule {
        code: "openapi-spec",
        default: Level::Error,
        configurable: false,
        keeps_warnings: false,
        doc: "a spec of `[preprocessor.integration-guide.openapi]` that a shortcode or a hand-written `api-example` needs cannot be read (a missing file, not YAML/JSON, not OpenAPI 3.0/3.1, a remote or broken `$ref`), or a schema (in a spec or a `schema=` file) that is not valid JSON Schema: at its place in the file (a missing spec: at its key in book.toml)",
    },
    Rule {
        code: "env-literal",
        default: Level::Warning,
        configurable: true,
        keeps_warnings: false,
        doc: "a chapter spells out an environment value (8 characters or more) instead of `<<#env key>>`",
    },
];

/// The sections the template requires, in its order.
pub const TEMPLATE_SECTIONS: &[&str] = &[
    "Introduction",
    "Target audience",
    "Architecture and data flow",
    "Prerequisites",
    "Integration workflow",
    "Configuration steps",
    "Validation",
    "Additional resources",
];

/// What a rule's findings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Reported as an error (`check` exits with 1).
    Error,
    /// Reported as a warning.
    Warning,
    /// Not reported.
    Off,
}

impl Level {
    /// The severity its findings get; `None` for [`Level::Off`].
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// The check's options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The required sections, in order (empty: none).
    pub sections: Vec<String>,
    /// Severities set in book.toml, by code.
    levels: Vec<(&'static str, Level)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sections: TEMPLATE_SECTIONS.iter().map(|s| s.to_string()).collect(),
            levels: Vec::new(),
        }
    }
}

const WHERE: &str = "book.toml: [preprocessor.integration-guide.check]";

impl Options {
    /// Reads `[preprocessor.integration-guide.check]` (the `check` value
    /// of the preprocessor's table). Unknown keys are warnings; a wrong
    /// value is an error.
    pub fn from_table(table: Option<&Value>) -> Result<(Options, Vec<String>), String> {
        let mut options = Options::default();
        let mut warnings = Vec::new();
        let map = match table {
            None => return Ok((options, warnings)),
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(format!(
                    "book.toml: [preprocessor.integration-guide] check = {other} is not valid; it must be a table, [preprocessor.integration-guide.check]"
                ));
            }
        };
        for (key, value) in map {
            if key == "sections" {
                let Some(items) = value.as_array() else {
                    return Err(format!(
                        "{WHERE}: `sections` = {value} is not valid; it must be a list of section titles, e.g. sections = [\"Introduction\", \"Validation\"]"
                    ));
                };
                options.sections.clear();
                for item in items {
                    match item.as_str().map(str::trim) {
                        Some(title) if !title.is_empty() => {
                            options.sections.push(title.to_string())
                        }
                        _ => {
                            return Err(format!(
                                "{WHERE}: `sections` has {item}, which is not a section title (a non-empty string)"
                            ));
                        }
                    }
                }
                continue;
            }
            let Some(rule) = RULES.iter().find(|r| r.code == key) else {
                let known = RULES
                    .iter()
                    .filter(|r| r.configurable)
                    .map(|r| r.code)
                    .chain(["sections"]);
                let hint = crate::diagnostic::closest(key, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                warnings.push(format!("{WHERE}: unknown key `{key}` is ignored{hint}"));
                continue;
            };
            if !rule.configurable {
                return Err(format!(
                    "{WHERE}: `{key}` cannot be changed: {}",
                    if rule.code == "shortcode" {
                        "shortcode errors fail `mdbook build`, so `check` reports them as errors (set on-error = \"warn\" in [preprocessor.integration-guide] to make them warnings in both)"
                    } else {
                        "it is always a warning"
                    }
                ));
            }
            let level = match value.as_str() {
                Some("error") => Level::Error,
                Some("warning") => Level::Warning,
                Some("off") => Level::Off,
                _ => {
                    return Err(format!(
                        "{WHERE}: `{key}` = {value} is not valid; use \"error\", \"warning\" or \"off\""
                    ));
                }
            };
            options.levels.push((rule.code, level));
        }
        Ok((options, warnings))
    }

    /// How a finding of `code` is reported (`None`: not at all). `found`
    /// is its severity where the rule does not set one (shortcode
    /// diagnostics, and the warnings of a rule that
    /// [keeps them](Rule::keeps_warnings)).
    pub fn severity(&self, code: &str, found: Severity) -> Option<Severity> {
        let rule = RULES.iter().find(|r| r.code == code);
        if let Some((_, level)) = self.levels.iter().rev().find(|(c, _)| *c == code) {
            // Writing the default out changes nothing: a rule that keeps
            // its warnings keeps them at `error` too.
            return match rule {
                Some(r) if r.keeps_warnings => level.severity().map(|s| s.min(found)),
                _ => level.severity(),
            };
        }
        match rule {
            Some(rule) if rule.configurable && rule.keeps_warnings => {
                rule.default.severity().map(|s| s.min(found))
            }
            Some(rule) if rule.configurable => rule.default.severity(),
            _ => Some(found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_overrides() {
        let (o, w) = Options::from_table(None).unwrap();
        assert_eq!(o.sections.len(), 8);
        assert!(w.is_empty());
        assert_eq!(
            o.severity("broken-anchor", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            o.severity("shortcode", Severity::Warning),
            Some(Severity::Warning)
        );
        // A deprecated operation stays a warning; a drifted example is an
        // error.
        assert_eq!(
            o.severity("openapi-drift", Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(
            o.severity("openapi-drift", Severity::Error),
            Some(Severity::Error)
        );
        let table = json!({"sections": ["A", " B "], "broken-anchor": "warning",
            "section-order": "off", "brokn-anchor": "x"});
        let (o, w) = Options::from_table(Some(&table)).unwrap();
        assert_eq!(o.sections, ["A", "B"]);
        assert_eq!(
            o.severity("broken-anchor", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(o.severity("section-order", Severity::Error), None);
        // Writing openapi-drift's default out changes nothing; `warning`
        // lowers its errors, `off` drops all.
        for (level, warning, error) in [
            ("error", Some(Severity::Warning), Some(Severity::Error)),
            ("warning", Some(Severity::Warning), Some(Severity::Warning)),
            ("off", None, None),
        ] {
            let (o, _) = Options::from_table(Some(&json!({ "openapi-drift": level }))).unwrap();
            assert_eq!(
                o.severity("openapi-drift", Severity::Warning),
                warning,
                "{level}"
            );
            assert_eq!(
                o.severity("openapi-drift", Severity::Error),
                error,
                "{level}"
            );
        }
        assert_eq!(
            w,
            [
                "book.toml: [preprocessor.integration-guide.check]: unknown key `brokn-anchor` is ignored (did you mean `broken-anchor`?)"
            ]
        );
        for (bad, says) in [
            (json!({"sections": "A"}), "`sections` = \"A\" is not valid"),
            (json!({"sections": [1]}), "`sections` has 1"),
            (
                json!({"broken-anchor": "fatal"}),
                "use \"error\", \"warning\" or \"off\"",
            ),
            (
                json!({"shortcode": "warning"}),
                "`shortcode` cannot be changed",
            ),
        ] {
            let err = Options::from_table(Some(&bad)).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
        assert!(Options::from_table(Some(&json!(1))).is_err());
    }
}
