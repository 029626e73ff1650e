//! `<<#env key>>`: a value of `[preprocessor.integration-guide.environments]`
//! inline (text, headings, table cells, link destinations), from the
//! build's environment or the one `env="..."` names, as inline code with
//! the flag `code`; and
//! `<<#environments>>`: the table of the values, a column per environment.
//!
//! `{env:key}` in other shortcodes' attributes and in fenced code blocks
//! with `env` in their info string is substituted by the engine
//! (`crate::settings::Environments::substitute`), not here.

use super::prelude::*;

use crate::labels;

pub struct Env;
pub struct EnvironmentsTable;

static ENV_SPEC: Spec = Spec {
    name: "env",
    positional: Some("key"),
    attrs: &[
        AttrSpec {
            name: "key",
            ty: AttrType::Id,
            required: true,
            doc: "the key of the value, e.g. `base-url`",
        },
        AttrSpec {
            name: "env",
            ty: AttrType::Id,
            required: false,
            doc: "the environment whose value to show (default: the build's, `environments.default`)",
        },
        AttrSpec {
            name: "code",
            ty: AttrType::Bool,
            required: false,
            doc: "show the value as inline code (`<<#env base-url code>>`), as a code span would; a code span around the tag shows the tag itself",
        },
    ],
    body: BodyRule::None,
    placement: Placement::Inline,
    parents: &[],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};

static TABLE_LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "environments-key",
        default: "Setting",
        placeholders: &[],
        may_be_empty: false,
        doc: "`environments`: the header of the column of keys",
    },
    LabelSpec {
        key: "environments-current",
        default: "{title} (this build)",
        placeholders: &["title"],
        may_be_empty: false,
        doc: "`environments`: the header of the build's environment",
    },
];

static TABLE_SPEC: Spec = Spec {
    name: "environments",
    positional: None,
    attrs: &[AttrSpec {
        name: "keys",
        ty: AttrType::Text,
        required: false,
        doc: "the keys to list, comma-separated (default: every key)",
    }],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: TABLE_LABELS,
    options: &[],
};

impl Shortcode for Env {
    fn spec(&self) -> &'static Spec {
        &ENV_SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let envs = &cx.settings().environments;
        let key = call.text("key").unwrap_or_default();
        let env = match call.text("env") {
            Some(name) => envs
                .get(name)
                .ok_or_else(|| envs.unknown_environment(name, call.span_of("env")))?,
            None => envs
                .active()
                .ok_or_else(|| envs.unknown_key(key, call.span_of("key")))?,
        };
        let value = envs
            .value(env, key)
            .ok_or_else(|| envs.unknown_key(key, call.span_of("key")))?;
        if call.flag("code") == Some(true) {
            return Ok(escape::code(value));
        }
        Ok(escape::text_in_line(value))
    }
}

impl Shortcode for EnvironmentsTable {
    fn spec(&self) -> &'static Spec {
        &TABLE_SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let envs = &cx.settings().environments;
        if envs.is_empty() {
            return Err(
                Diagnostic::error(call.span.clone(), "the book defines no environments")
                    .with_hint("add [preprocessor.integration-guide.environments] to book.toml"),
            );
        }
        let keys: Vec<&str> = match call.text("keys") {
            Some(list) => {
                let start = call.span_of("keys").start;
                let mut keys = Vec::new();
                let mut errors = Vec::new();
                let mut at = 0;
                for part in list.split(',') {
                    let key = part.trim();
                    let lead = part.len() - part.trim_start().len();
                    let span = start + at + lead..start + at + lead + key.len().max(1);
                    at += part.len() + 1;
                    if key.is_empty() {
                        continue;
                    }
                    if envs.keys.iter().any(|k| k == key) {
                        keys.push(key);
                    } else {
                        errors.push(envs.unknown_key(key, span));
                    }
                }
                if let Some(first) = errors.first().cloned() {
                    for more in errors.into_iter().skip(1) {
                        cx.report(more);
                    }
                    return Err(first);
                }
                keys
            }
            None => envs.keys.iter().map(String::as_str).collect(),
        };
        let current = cx.settings().labels.get("environments-current");
        let titles: Vec<String> = envs
            .list
            .iter()
            .map(|e| {
                let title = if e.name == envs.active {
                    labels::fill(current, &[("title", &e.title)])
                } else {
                    e.title.clone()
                };
                escape::pipes(&escape::text(&title))
            })
            .collect();
        let mut header = vec![cx.label("environments-key")];
        header.extend(titles);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = keys
            .iter()
            .map(|key| {
                let mut row = vec![format!("`{key}`")];
                for e in &envs.list {
                    let value = envs.value(e, key).unwrap_or_default();
                    row.push(escape::pipes(&escape::text(value)));
                }
                row
            })
            .collect();
        Ok(write::table(&header, &rows))
    }
}
