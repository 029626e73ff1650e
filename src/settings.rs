//! The preprocessor's options from `book.toml`, read leniently from the
//! configuration mdBook passes (a JSON copy of `book.toml`).

use serde_json::Value;

use crate::markdown::ParseOptions;

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

/// Our own top-level keys.
const OWN_KEYS: &[&str] = &["on-error", "toc"];

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub on_error: OnError,
    /// How mdBook will parse the chapters (from `[output.html]`).
    pub markdown: ParseOptions,
    /// The book's source directory, relative to its root (for messages).
    pub src_dir: String,
    /// `[preprocessor.integration-guide]` as given.
    table: Value,
}

impl Settings {
    /// Reads the settings from mdBook's configuration. Unknown keys are
    /// warnings (a newer version of this tool may know them); a wrong value
    /// of a known key is an error.
    pub fn from_config(config: &Value) -> Result<(Settings, Vec<String>), String> {
        let mut warnings = Vec::new();
        let table = config
            .pointer("/preprocessor/integration-guide")
            .cloned()
            .unwrap_or(Value::Null);
        let on_error = match table.get("on-error") {
            None => OnError::Fail,
            Some(Value::String(s)) if s == "fail" => OnError::Fail,
            Some(Value::String(s)) if s == "warn" => OnError::Warn,
            Some(other) => {
                return Err(format!(
                    "book.toml: [preprocessor.integration-guide] on-error = {other} is not valid; use \"fail\" (the default) or \"warn\""
                ));
            }
        };
        if let Some(map) = table.as_object() {
            for key in map.keys() {
                if !MDBOOK_KEYS.contains(&key.as_str()) && !OWN_KEYS.contains(&key.as_str()) {
                    let known = MDBOOK_KEYS.iter().chain(OWN_KEYS).copied();
                    let hint = crate::diagnostic::closest(key, known)
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    warnings.push(format!(
                        "book.toml: unknown key `{key}` in [preprocessor.integration-guide] is ignored{hint}"
                    ));
                }
            }
        }
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
        Ok((
            Settings {
                on_error,
                markdown,
                src_dir,
                table,
            },
            warnings,
        ))
    }

    /// A sub-table of `[preprocessor.integration-guide]`, e.g. `toc`.
    pub fn section(&self, name: &str) -> Option<&Value> {
        self.table.get(name)
    }
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
