//! Golden-file tests: every `tests/golden/<name>.md` is expanded and
//! compared with the insta snapshot `tests/golden/<name>.snap`.
//!
//! Conventions:
//! - A file holds one chapter (`chapter.md`) or several: a line
//!   `=== path/to/chapter.md` starts a chapter (text before the first such
//!   line, if any, is the chapter `chapter.md`). The expected output uses
//!   the same separators.
//! - `tests/golden/<name>/`, if present, is the book's root for files a
//!   shortcode reads (`field-map src="..."` resolves against
//!   `tests/golden/<name>/src/` and the chapter's directory).
//! - `tests/golden/<name>.json`, if present, is the JSON copy of
//!   `book.toml` the book is expanded with (e.g.
//!   `{"preprocessor": {"integration-guide": {"labels": {...}}}}`).
//! - When the name contains `crlf`, every chapter is given CRLF line
//!   endings before expansion; the output must use CRLF throughout and is
//!   compared (and stored) with LF, so git's line-ending settings cannot
//!   change the test.
//! - The expected output is the insta snapshot `tests/golden/<name>.snap`
//!   (see `support::snapshot`), and each case is a test of its own:
//!   `cargo test --test suite golden::config_step_minimal`.
//!
//! `INSTA_UPDATE=always cargo test --test suite golden::` (or `cargo insta
//! review`) rewrites the expectations.

use std::path::{Path, PathBuf};

use crate::support::snapshot::assert_golden;
use crate::support::{chapter, expand_book, settings};

const SEPARATOR: &str = "=== ";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// `(path, content)` of each chapter of a golden file.
fn split(text: &str) -> Vec<(String, String)> {
    let mut chapters: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix(SEPARATOR) {
            chapters.push((path.trim().to_string(), String::new()));
        } else {
            if chapters.is_empty() {
                chapters.push(("chapter.md".to_string(), String::new()));
            }
            if let Some(last) = chapters.last_mut() {
                last.1.push_str(line);
            }
        }
    }
    chapters
}

fn join(chapters: &[(String, String)], with_separators: bool) -> String {
    if !with_separators {
        return chapters.iter().map(|(_, c)| c.as_str()).collect();
    }
    chapters
        .iter()
        .map(|(p, c)| format!("{SEPARATOR}{p}\n{c}"))
        .collect()
}

/// Expands one golden input; the output in the golden format.
fn run(name: &str, input: &str) -> Result<String, String> {
    let crlf = name.contains("crlf");
    let parts = split(input);
    let with_separators = input.starts_with(SEPARATOR) || parts.len() > 1;
    let mut chapters: Vec<_> = parts
        .iter()
        .map(|(path, content)| {
            let content = if crlf {
                content.replace('\n', "\r\n")
            } else {
                content.clone()
            };
            chapter(path, &content)
        })
        .collect();
    let config = match std::fs::read_to_string(dir().join(format!("{name}.json"))) {
        Ok(json) => serde_json::from_str(&json).map_err(|e| format!("{name}.json: {e}"))?,
        Err(_) => serde_json::json!({}),
    };
    let mut settings = settings(config);
    // Files a shortcode reads (`field-map src=...`) live in
    // `tests/golden/<name>/`, the book's root (chapters are in its `src`).
    let files = dir().join(name);
    if files.is_dir() {
        settings.root = Some(files);
    }
    let outputs = expand_book(&mut chapters, &settings).map_err(|errors| errors.join("\n"))?;
    let mut out = Vec::new();
    for ((path, _), text) in parts.iter().zip(outputs) {
        let text = if crlf {
            let lone_lf = text.replace("\r\n", "").contains('\n');
            if lone_lf {
                return Err(format!("{path}: a line ending is not CRLF:\n{text:?}"));
            }
            text.replace("\r\n", "\n")
        } else {
            if text.contains('\r') {
                return Err(format!("{path}: a CR in LF input:\n{text:?}"));
            }
            text
        };
        out.push((path.clone(), text));
    }
    Ok(join(&out, with_separators))
}

/// Expands `tests/golden/<name>.md` and compares the output with
/// `tests/golden/<name>.snap`.
fn check(name: &str) {
    let input = std::fs::read_to_string(dir().join(format!("{name}.md")))
        .unwrap()
        .replace("\r\n", "\n");
    let actual = run(name, &input).unwrap_or_else(|e| panic!("{name}: expansion failed:\n{e}"));
    assert_golden(
        "tests/golden",
        name,
        Some(&format!("tests/golden/{name}.md")),
        &actual,
    );
}

/// One test per golden case: `cargo test --test suite golden::<case>`.
macro_rules! golden_cases {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($name);
            }
        )*

        /// Every case's name, for [`every_golden_input_has_a_test`].
        const CASES: &[&str] = &[$($name),*];
    };
}

golden_cases! {
    api_example => "api-example",
    api_example_spec => "api-example-spec",
    api_example_spec_headers => "api-example-spec-headers",
    api_example_clients => "api-example-clients",
    openapi_3_0_json => "openapi-3-0-json",
    webhook_event_standard => "webhook-event-standard",
    webhook_event_hmac => "webhook-event-hmac",
    auth_flow_api_key => "auth-flow-api-key",
    auth_flow_authorization_code => "auth-flow-authorization-code",
    auth_flow_basic => "auth-flow-basic",
    auth_flow_client_credentials => "auth-flow-client-credentials",
    auth_flow_device_code => "auth-flow-device-code",
    auth_flow_discouraged => "auth-flow-discouraged",
    auth_flow_jwt_bearer => "auth-flow-jwt-bearer",
    auth_flow_mtls => "auth-flow-mtls",
    auth_flow_private_key_jwt => "auth-flow-private-key-jwt",
    auth_flow_refresh_token => "auth-flow-refresh-token",
    environments => "environments",
    environments_crlf => "environments-crlf",
    audience_attributes => "audience-attributes",
    audience_body => "audience-body",
    callouts_admonitions_off => "callouts-admonitions-off",
    callouts_crlf => "callouts-crlf",
    callouts => "callouts",
    config_step_blockquote => "config-step-blockquote",
    config_step_crlf => "config-step-crlf",
    config_step_full => "config-step-full",
    config_step_level_setting => "config-step-level-setting",
    config_step_levels => "config-step-levels",
    config_step_list_item => "config-step-list-item",
    config_step_minimal => "config-step-minimal",
    config_step_options => "config-step-options",
    config_step_title_links => "config-step-title-links",
    data_flow_mermaid => "data-flow-mermaid",
    data_flow_mermaid_nested => "data-flow-mermaid-nested",
    data_flow => "data-flow",
    field_map => "field-map",
    field_map_csv => "field-map-csv",
    field_map_forms => "field-map-forms",
    parameters_spec => "parameters-spec",
    field_map_conditions => "field-map-conditions",
    integration_overview => "integration-overview",
    labels_german => "labels-german",
    last_step_link => "last-step-link",
    last_step_omitted => "last-step-omitted",
    prerequisites_grouped => "prerequisites-grouped",
    prerequisites_headings_in_list => "prerequisites-headings-in-list",
    resources => "resources",
    status_codes => "status-codes",
    step_ref => "step-ref",
    template_labels_german => "template-labels-german",
    troubleshooting_list => "troubleshooting-list",
    troubleshooting_no_definition_lists => "troubleshooting-no-definition-lists",
    troubleshooting_table => "troubleshooting-table",
    workflow_table_rows => "workflow-table-rows",
    workflow_table_steps => "workflow-table-steps",
}

#[test]
fn every_golden_input_has_a_test() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".md"))
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "golden files are missing: {names:?}");
    let mut cases: Vec<&str> = CASES.to_vec();
    cases.sort_unstable();
    assert_eq!(
        names, cases,
        "each tests/golden/<name>.md needs a line in golden_cases! (tests/suite/golden.rs)"
    );
    for name in &names {
        assert!(
            dir().join(format!("{name}.snap")).is_file(),
            "{name}: tests/golden/{name}.snap is missing (run `INSTA_UPDATE=always cargo test --test suite golden::`)"
        );
    }
}

#[test]
fn the_separator_convention() {
    let parts = split("intro\n=== a.md\nA\n=== dir/b.md\nB\n");
    assert_eq!(
        parts,
        vec![
            ("chapter.md".to_string(), "intro\n".to_string()),
            ("a.md".to_string(), "A\n".to_string()),
            ("dir/b.md".to_string(), "B\n".to_string()),
        ]
    );
    assert_eq!(join(&parts[1..], true), "=== a.md\nA\n=== dir/b.md\nB\n");
}
