//! Layer 1 (settings): The fixed words of the generated structures, from
//! `[preprocessor.integration-guide.labels]`, with the template's English
//! defaults, so that a guide can be written in another language.
//!
//! Labels are plain text (Markdown characters in them are shown as
//! written). Some are formats with `{placeholders}`, checked when the
//! configuration is read.

use serde_json::Value;

use crate::declaration::LabelSpec;

/// The labels in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub(crate) before_you_begin: String,
    pub(crate) procedure: String,
    pub(crate) what_to_do_next: String,
    pub(crate) step_ref: String,
    pub(crate) next_step: String,
    pub(crate) last_step: String,
    pub(crate) validation_heading: String,
    pub(crate) workflow_step: String,
    pub(crate) workflow_party: String,
    pub(crate) workflow_task: String,
    pub(crate) workflow_description: String,
    /// The labels of the other template structures (overview, audience,
    /// data flow, prerequisites, validation, troubleshooting, resources),
    /// by key: read them with [`Labels::get`].
    others: std::collections::BTreeMap<&'static str, String>,
}

impl Labels {
    /// Every label at its declared English default (`specs`: the labels
    /// the shortcodes declare, [`crate::settings::Declared::labels`]).
    pub fn defaults(specs: &[&'static LabelSpec]) -> Self {
        let mut labels = Labels {
            before_you_begin: String::new(),
            procedure: String::new(),
            what_to_do_next: String::new(),
            step_ref: String::new(),
            next_step: String::new(),
            last_step: String::new(),
            validation_heading: String::new(),
            workflow_step: String::new(),
            workflow_party: String::new(),
            workflow_task: String::new(),
            workflow_description: String::new(),
            others: Default::default(),
        };
        for spec in specs {
            if let Some(slot) = labels.slot(spec.key) {
                *slot = spec.default.to_string();
            } else {
                labels.others.insert(spec.key, spec.default.to_string());
            }
        }
        labels
    }

    /// A label of the other template structures by its key, e.g.
    /// `"trouble-symptom"` (empty for a key that is not one of them).
    pub fn get(&self, key: &str) -> &str {
        self.others.get(key).map_or("", String::as_str)
    }

    fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "before-you-begin" => &mut self.before_you_begin,
            "procedure" => &mut self.procedure,
            "what-to-do-next" => &mut self.what_to_do_next,
            "step-ref" => &mut self.step_ref,
            "next-step" => &mut self.next_step,
            "last-step" => &mut self.last_step,
            "validation-heading" => &mut self.validation_heading,
            "workflow-step" => &mut self.workflow_step,
            "workflow-party" => &mut self.workflow_party,
            "workflow-task" => &mut self.workflow_task,
            "workflow-description" => &mut self.workflow_description,
            _ => return None,
        })
    }

    /// Reads `[preprocessor.integration-guide.labels]` (`Null` when
    /// absent). Unknown keys are warnings; a value of the wrong type, an
    /// empty value where one is needed, a line break or an unknown
    /// placeholder is an error. `specs`: the declared labels.
    pub fn from_table(
        table: &Value,
        specs: &[&'static LabelSpec],
    ) -> Result<(Labels, Vec<String>), String> {
        const WHERE: &str = "book.toml: [preprocessor.integration-guide.labels]";
        let mut labels = Labels::defaults(specs);
        let mut warnings = Vec::new();
        let map = match table {
            Value::Null => return Ok((labels, warnings)),
            Value::Object(map) => map,
            other => {
                return Err(format!(
                    "book.toml: [preprocessor.integration-guide] labels = {other} is not valid; it must be a table of strings, e.g. [preprocessor.integration-guide.labels] procedure = \"Procedure\""
                ));
            }
        };
        for (key, value) in map {
            let Some(spec) = specs.iter().find(|s| s.key == key) else {
                let hint = crate::diagnostic::closest(key, specs.iter().map(|s| s.key))
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                warnings.push(format!("{WHERE}: unknown key `{key}` is ignored{hint}"));
                continue;
            };
            let Value::String(text) = value else {
                return Err(format!(
                    "{WHERE}: `{key}` = {value} is not valid; it must be a string (default \"{}\")",
                    spec.default
                ));
            };
            let text = text.trim();
            if text.contains(['\n', '\r']) {
                return Err(format!("{WHERE}: `{key}` must be a single line"));
            }
            if text.is_empty() && !spec.may_be_empty {
                return Err(format!(
                    "{WHERE}: `{key}` must not be empty (default \"{}\")",
                    spec.default
                ));
            }
            for name in placeholders(text) {
                if !spec.placeholders.contains(&name) {
                    let allowed = if spec.placeholders.is_empty() {
                        "it takes no placeholders".to_string()
                    } else {
                        let list: Vec<String> = spec
                            .placeholders
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect();
                        format!("it takes {}", list.join(", "))
                    };
                    let hint = crate::diagnostic::closest(name, spec.placeholders.iter().copied())
                        .map(|p| format!("; did you mean `{{{p}}}`?"))
                        .unwrap_or_default();
                    return Err(format!(
                        "{WHERE}: `{key}` has an unknown placeholder `{{{name}}}`: {allowed}{hint}"
                    ));
                }
            }
            if let Some(slot) = labels.slot(key) {
                *slot = text.to_string();
            } else {
                labels.others.insert(spec.key, text.to_string());
            }
        }
        Ok((labels, warnings))
    }
}

/// The `{name}` placeholders of a format (a name is letters, digits and
/// `-`; other braces are text).
pub fn placeholders(format: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// Fills a label's format: the text around the placeholders is escaped as
/// plain text, the values (Markdown) are inserted as they are. Unknown
/// placeholders are kept as text.
pub fn fill(format: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(format.len() + 32);
    let mut literal = String::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                literal.push_str(&rest[..open]);
                out.push_str(&if out.is_empty() {
                    crate::escape::text(&literal)
                } else {
                    crate::escape::text_inline(&literal)
                });
                literal.clear();
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                literal.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    literal.push_str(rest);
    out.push_str(&if out.is_empty() {
        crate::escape::text(&literal)
    } else {
        crate::escape::text_inline(&literal)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels() -> &'static [&'static LabelSpec] {
        &crate::registry::declared().labels
    }

    #[test]
    fn defaults_are_the_template_words() {
        let l = Labels::defaults(labels());
        assert_eq!(l.before_you_begin, "Before you begin");
        assert_eq!(l.workflow_party, "Responsible Party");
        assert_eq!(l.step_ref, "Step {number}: {title}");
        assert_eq!(l.get("trouble-symptom"), "Symptom");
        assert_eq!(l.get("no-such-label"), "");
        let (l, _) = Labels::from_table(&json!({"trouble-fix": "Lösung"}), labels()).unwrap();
        assert_eq!(l.get("trouble-fix"), "Lösung");
        assert_eq!(l.get("trouble-cause"), "Cause");
    }

    #[test]
    fn reading_and_checking() {
        let (l, w) = Labels::from_table(
            &json!({
                "procedure": " Vorgehen ", "last-step": "", "procedur": "x"
            }),
            labels(),
        )
        .unwrap();
        assert_eq!(l.procedure, "Vorgehen");
        assert_eq!(l.last_step, "");
        assert_eq!(
            w,
            vec![
                "book.toml: [preprocessor.integration-guide.labels]: unknown key `procedur` is ignored (did you mean `procedure`?)"
            ]
        );
        let err = Labels::from_table(&json!({"step-ref": "Step {nmber}"}), labels()).unwrap_err();
        assert!(err.contains("unknown placeholder `{nmber}`"), "{err}");
        assert!(err.contains("did you mean `{number}`?"), "{err}");
        assert!(Labels::from_table(&json!({"procedure": 3}), labels()).is_err());
        assert!(Labels::from_table(&json!({"procedure": ""}), labels()).is_err());
        assert!(Labels::from_table(&json!("x"), labels()).is_err());
    }

    #[test]
    fn filling_escapes_only_the_text() {
        assert_eq!(
            fill(
                "Step {number}: {title} *",
                &[("number", "2"), ("title", "`a`")]
            ),
            "Step 2: `a` \\*"
        );
        assert_eq!(fill("{x} {step}", &[("step", "[s](l)")]), "{x} [s](l)");
        assert_eq!(placeholders("a {b} {c d} {} {e-f}"), vec!["b", "e-f"]);
    }
}
