//! `[preprocessor.integration-guide.environments]`: the values that differ
//! between environments (base URLs, token URLs, tenant ids), one table per
//! environment, and the environment a build shows (`default`, which
//! mdBook's `MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__ENVIRONMENTS__DEFAULT`
//! overrides for one build).
//!
//! The engine substitutes `{env:key}` in every shortcode's attribute values
//! and in fenced code blocks that opt in with `env` ([`Environments::substitute`]);
//! `<<#env key>>` and `<<#environments>>` read the values here.

use std::ops::Range;

use serde_json::Value;

use crate::diagnostic::Diagnostic;

const WHERE: &str = "book.toml: [preprocessor.integration-guide.environments]";

/// One environment: its name (the table's key), its title and its values,
/// in the order of [`Environments::keys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The table's key in book.toml, e.g. `sandbox` (what `env="..."` and
    /// `default` name).
    pub name: String,
    /// `title`: how the `<<#environments>>` table heads its column.
    pub title: String,
    /// The value of each key, in the order of [`Environments::keys`].
    pub values: Vec<String>,
    /// `run`: whether `mdbook-integration-guide run` may send requests to
    /// it (absent: [`RunPolicy::Deny`]).
    pub run: RunPolicy,
}

/// An environment's `run` key: whether `mdbook-integration-guide run` may
/// send the guide's requests to it. Absent means `deny`, so that a
/// production environment is never run by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunPolicy {
    /// `run = "allow"`: every request.
    Allow,
    /// `run = "read-only"`: only safe methods (GET, HEAD, OPTIONS, RFC
    /// 9110 §9.2.1); the other steps are skipped.
    ReadOnly,
    /// `run = "deny"` (the default): `run` refuses the environment before
    /// any connection.
    #[default]
    Deny,
}

impl RunPolicy {
    /// The values `run` takes, as written in book.toml.
    pub const NAMES: &'static [&'static str] = &["allow", "read-only", "deny"];

    /// The policy a value of `run` names.
    pub fn from_name(name: &str) -> Option<RunPolicy> {
        Some(match name {
            "allow" => RunPolicy::Allow,
            "read-only" => RunPolicy::ReadOnly,
            "deny" => RunPolicy::Deny,
            _ => return None,
        })
    }

    /// As written in book.toml.
    pub fn name(self) -> &'static str {
        match self {
            RunPolicy::Allow => "allow",
            RunPolicy::ReadOnly => "read-only",
            RunPolicy::Deny => "deny",
        }
    }
}

/// Every environment, with the same keys each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environments {
    /// The environment this build shows (`default`).
    pub active: String,
    /// The keys every environment defines (besides `title`), sorted.
    pub keys: Vec<String>,
    /// The environments: the build's first, the others in name order.
    pub list: Vec<Environment>,
}

impl Environments {
    /// Whether the book defines no environments.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// An environment by name.
    pub fn get(&self, name: &str) -> Option<&Environment> {
        self.list.iter().find(|e| e.name == name)
    }

    /// The environment this build shows.
    pub fn active(&self) -> Option<&Environment> {
        self.get(&self.active)
    }

    /// A key's value in an environment.
    pub fn value<'a>(&self, env: &'a Environment, key: &str) -> Option<&'a str> {
        let i = self.keys.iter().position(|k| k == key)?;
        env.values.get(i).map(String::as_str)
    }

    /// The error for an unknown key at `span`, with the closest key.
    pub fn unknown_key(&self, key: &str, span: Range<usize>) -> Diagnostic {
        let d = Diagnostic::error(span, format!("unknown environment key `{key}`"));
        if self.is_empty() {
            return d.with_hint(
                "the book defines no environments; add [preprocessor.integration-guide.environments] to book.toml",
            );
        }
        match crate::diagnostic::closest(key, self.keys.iter().map(String::as_str)) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!("the keys are: {}", self.quoted_keys())),
        }
    }

    /// The error for an unknown environment at `span`, with the closest.
    pub fn unknown_environment(&self, name: &str, span: Range<usize>) -> Diagnostic {
        let d = Diagnostic::error(span, format!("unknown environment `{name}`"));
        match crate::diagnostic::closest(name, self.list.iter().map(|e| e.name.as_str())) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!(
                "the environments are: {}",
                self.list
                    .iter()
                    .map(|e| format!("`{}`", e.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn quoted_keys(&self) -> String {
        self.keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Substitutes every `{env:key}` in `text` with the active
    /// environment's value; `\{env:` is a literal `{env:` (the backslash is
    /// removed). `at(i)` maps an offset in `text` to the chapter offset an
    /// error points at. `None`: nothing to substitute (the text as is).
    pub fn substitute(
        &self,
        text: &str,
        at: &dyn Fn(usize) -> usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let parts = self.replacements(text, at, diags);
        if parts.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (range, with) in parts {
            out.push_str(&text[last..range.start]);
            out.push_str(&with);
            last = range.end;
        }
        out.push_str(&text[last..]);
        Some(out)
    }

    /// What [`Environments::substitute`] replaces: each `{env:key}` (its
    /// range in `text`) with its value, each `\{env:`'s backslash with
    /// nothing. An unknown key is left as written, and reported.
    pub fn replacements(
        &self,
        text: &str,
        at: &dyn Fn(usize) -> usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        if !text.contains("{env:") {
            return out;
        }
        let env = self.active();
        let mut from = 0;
        while let Some(found) = text[from..].find("{env:") {
            let start = from + found;
            let key_start = start + 5;
            from = key_start;
            if text[..start].ends_with('\\') {
                out.push((start - 1..start, String::new()));
                continue;
            }
            let Some(len) = text[key_start..].find('}') else {
                diags.push(
                    Diagnostic::error(at(start)..at(key_start), "`{env:` without a closing `}`")
                        .with_hint("write {env:key}, or \\{env: for the text itself"),
                );
                break;
            };
            let key = &text[key_start..key_start + len];
            match env.and_then(|e| self.value(e, key)) {
                Some(v) => out.push((start..key_start + len + 1, v.to_string())),
                None => {
                    let span = at(key_start)..at(key_start + len).max(at(key_start) + 1);
                    diags.push(self.unknown_key(key, span));
                }
            }
            from = key_start + len + 1;
        }
        out
    }

    /// Reads the table (`Null` when absent). Every problem is reported,
    /// one per line.
    pub fn from_table(table: &Value) -> Result<Environments, String> {
        let (environments, errors) = Environments::read(table);
        if errors.is_empty() {
            Ok(environments)
        } else {
            Err(errors.join("\n"))
        }
    }

    /// [`Environments::from_table`] that goes on past errors: what could
    /// be read, with every error. A missing value is empty; a `default`
    /// that names no environment shows the first (so that the chapters'
    /// `{env:key}` are still checked against the keys).
    pub fn read(table: &Value) -> (Environments, Vec<String>) {
        let map = match table {
            Value::Null => return (Environments::default(), Vec::new()),
            Value::Object(map) => map,
            other => {
                return (
                    Environments::default(),
                    vec![format!(
                        "book.toml: [preprocessor.integration-guide] `environments` = {other} is not valid; it must be a table with `default` and one table per environment"
                    )],
                );
            }
        };
        let mut errors = Vec::new();
        let mut list = Vec::new();
        // Each environment's keys and values, to compare.
        let mut tables = Vec::new();
        for (name, value) in map {
            if name == "default" {
                continue;
            }
            let Value::Object(env) = value else {
                errors.push(format!(
                    "{WHERE}: `{name}` = {value} is not valid; an environment is a table ([preprocessor.integration-guide.environments.{name}]) with a `title` and its values"
                ));
                continue;
            };
            let (title, values, run) = environment(name, env, &mut errors);
            tables.push((name.clone(), values.keys().cloned().collect::<Vec<_>>()));
            list.push((
                name.clone(),
                title.unwrap_or_else(|| name.clone()),
                values,
                run,
            ));
        }
        if list.is_empty() {
            errors.push(format!(
                "{WHERE}: no environment is defined; add one, e.g. [preprocessor.integration-guide.environments.sandbox] with title = \"Sandbox\""
            ));
        }
        let keys = same_keys(&tables, &mut errors);
        let names: Vec<&str> = list.iter().map(|(n, _, _, _)| n.as_str()).collect();
        let active = active(map.get("default"), &names, &mut errors);
        // A `default` that names no environment: the first is shown.
        let active = if names.contains(&active.as_str()) {
            active
        } else {
            names.first().map(|n| n.to_string()).unwrap_or_default()
        };
        // The build's environment first, the others in name order.
        list.sort_by_key(|(name, _, _, _)| *name != active);
        let list = list
            .into_iter()
            .map(|(name, title, values, run)| Environment {
                name,
                title,
                values: keys
                    .iter()
                    .map(|k| values.get(k).cloned().unwrap_or_default())
                    .collect(),
                run,
            })
            .collect();
        (Environments { active, keys, list }, errors)
    }
}

/// One environment's table: its title (if given) and its values, each
/// problem in `errors`.
fn environment(
    name: &str,
    env: &serde_json::Map<String, Value>,
    errors: &mut Vec<String>,
) -> (
    Option<String>,
    std::collections::BTreeMap<String, String>,
    RunPolicy,
) {
    let mut title = None;
    let mut run = RunPolicy::Deny;
    let mut values = std::collections::BTreeMap::new();
    for (key, v) in env {
        match (key.as_str(), v) {
            ("title", Value::String(t)) if !t.trim().is_empty() => {
                title = Some(t.trim().to_string())
            }
            ("run", Value::String(r)) => match RunPolicy::from_name(r) {
                Some(policy) => run = policy,
                None => errors.push(format!(
                    "book.toml: [preprocessor.integration-guide.environments.{name}]: `run` = \"{r}\" is not valid; it must be \"allow\", \"read-only\" or \"deny\"{}",
                    crate::diagnostic::closest(r, RunPolicy::NAMES.iter().copied())
                        .map(|k| format!(" (did you mean \"{k}\"?)"))
                        .unwrap_or_default()
                )),
            },
            (_, Value::String(s)) if key != "title" && key != "run" => {
                if !valid_key(key) {
                    errors.push(format!(
                        "book.toml: [preprocessor.integration-guide.environments.{name}]: `{key}` is not a valid key; use letters, digits, `-` and `_`"
                    ));
                } else if s.contains(['\n', '\r']) {
                    errors.push(format!(
                        "book.toml: [preprocessor.integration-guide.environments.{name}]: `{key}` must be a single line"
                    ));
                } else {
                    values.insert(key.clone(), s.clone());
                }
            }
            _ => errors.push(format!(
                "book.toml: [preprocessor.integration-guide.environments.{name}]: `{key}` = {v} is not valid; it must be a non-empty string"
            )),
        }
    }
    (title, values, run)
}

/// Every key some environment defines, sorted; each environment that
/// lacks one is an error (every environment defines the same keys).
fn same_keys(tables: &[(String, Vec<String>)], errors: &mut Vec<String>) -> Vec<String> {
    let mut keys: Vec<String> = tables.iter().flat_map(|(_, k)| k.clone()).collect();
    keys.sort();
    keys.dedup();
    for key in &keys {
        let Some((has, _)) = tables.iter().find(|(_, k)| k.contains(key)) else {
            continue;
        };
        for (name, k) in tables {
            if !k.contains(key) {
                errors.push(format!(
                    "book.toml: [preprocessor.integration-guide.environments.{name}]: the environment `{name}` has no `{key}`, which `{has}` defines; every environment must define the same keys"
                ));
            }
        }
    }
    keys
}

/// `default`: the environment a build shows (the only one when there is
/// one); a wrong one is an error (and the empty name).
fn active(default: Option<&Value>, names: &[&str], errors: &mut Vec<String>) -> String {
    match default {
        Some(Value::String(d)) if names.contains(&d.as_str()) => d.clone(),
        Some(Value::String(d)) => {
            let hint = crate::diagnostic::closest(d, names.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            errors.push(format!(
                "{WHERE}: `default` = \"{d}\" names no environment{hint}; the environments are {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            String::new()
        }
        None if names.len() == 1 => names[0].to_string(),
        None => {
            errors.push(format!(
                "{WHERE}: `default` is missing; name the environment a build shows, e.g. default = \"{}\"",
                names.first().copied().unwrap_or("sandbox")
            ));
            String::new()
        }
        Some(other) => {
            errors.push(format!(
                "{WHERE}: `default` = {other} is not valid; it must be the name of an environment"
            ));
            String::new()
        }
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn two() -> Value {
        json!({
            "default": "sandbox",
            "sandbox": {"title": "Sandbox", "base-url": "https://sandbox.example", "token-url": "https://sandbox.example/token"},
            "production": {"title": "Production", "base-url": "https://api.example", "token-url": "https://api.example/token"}
        })
    }

    #[test]
    fn reads_environments_and_substitutes() {
        let envs = Environments::from_table(&two()).unwrap();
        assert_eq!(envs.active, "sandbox");
        assert_eq!(envs.keys, ["base-url", "token-url"]);
        let mut diags = Vec::new();
        let out = envs
            .substitute(
                r"{env:base-url}/v2 \{env:x} {env:tokn-url}",
                &|i| i,
                &mut diags,
            )
            .unwrap();
        assert_eq!(out, r"https://sandbox.example/v2 {env:x} {env:tokn-url}");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span, 32..40);
        assert!(format!("{:?}", diags[0]).contains("token-url"));
        assert_eq!(envs.substitute("no values", &|i| i, &mut diags), None);
    }

    #[test]
    fn every_problem_in_one_message() {
        let mut bad = two();
        bad["default"] = json!("prod");
        bad["production"]
            .as_object_mut()
            .unwrap()
            .remove("token-url");
        let err = Environments::from_table(&bad).unwrap_err();
        assert!(
            err.contains(
                "the environment `production` has no `token-url`, which `sandbox` defines"
            ),
            "{err}"
        );
        assert!(
            err.contains("`default` = \"prod\" names no environment (did you mean `production`?)"),
            "{err}"
        );
        let mut no_default = two();
        no_default.as_object_mut().unwrap().remove("default");
        assert!(
            Environments::from_table(&no_default)
                .unwrap_err()
                .contains("`default` is missing")
        );
    }

    #[test]
    fn run_is_a_policy_not_a_value() {
        let mut t = two();
        t["sandbox"]["run"] = json!("read-only");
        let envs = Environments::from_table(&t).unwrap();
        // Not a key every environment must define, nor a value shown.
        assert_eq!(envs.keys, ["base-url", "token-url"]);
        assert_eq!(envs.get("sandbox").unwrap().run, RunPolicy::ReadOnly);
        assert_eq!(envs.get("production").unwrap().run, RunPolicy::Deny);
        t["sandbox"]["run"] = json!("alow");
        let err = Environments::from_table(&t).unwrap_err();
        assert!(
            err.contains("[preprocessor.integration-guide.environments.sandbox]: `run` = \"alow\" is not valid; it must be \"allow\", \"read-only\" or \"deny\" (did you mean \"allow\"?)"),
            "{err}"
        );
    }
}
