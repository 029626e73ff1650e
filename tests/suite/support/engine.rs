//! Engine helpers: chapters, settings, and expanding them with the
//! preprocessor's engine in-process (no mdBook involved).

use mdbook_integration_guide::book::Chapter;
use mdbook_integration_guide::engine;
use mdbook_integration_guide::settings::Settings;
use mdbook_integration_guide::shortcodes;

/// A diagnostic as `file:line:col: severity[code]: message [hint]`.
pub fn full_line(d: &mdbook_integration_guide::diagnostic::Located) -> String {
    format!(
        "{}:{}:{}: {}{}: {}{}",
        d.file,
        d.line,
        d.column,
        d.diagnostic.severity,
        d.diagnostic
            .code
            .map(|c| format!("[{c}]"))
            .unwrap_or_default(),
        d.diagnostic.message,
        d.diagnostic
            .hint
            .as_ref()
            .map(|h| format!(" [{h}]"))
            .unwrap_or_default(),
    )
}

/// A chapter at `path` with `content`.
pub fn chapter(path: &str, content: &str) -> Chapter {
    Chapter {
        name: path.trim_end_matches(".md").to_string(),
        path: Some(path.to_string()),
        source_path: Some(path.to_string()),
        content: content.to_string(),
        depth: 0,
        number: None,
        part: None,
    }
}

/// Settings from a JSON copy of book.toml.
pub fn settings(config: serde_json::Value) -> Settings {
    Settings::from_config(&config).expect("valid settings").0
}

/// Expands a book; Ok(contents) or Err(rendered diagnostics).
pub fn expand_book(
    chapters: &mut [Chapter],
    settings: &Settings,
) -> Result<Vec<String>, Vec<String>> {
    let registry = shortcodes::registry();
    let report = engine::process(chapters, settings, &registry, "html");
    if report.failed {
        Err(report
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}: {}: {}{}{}",
                    d.file,
                    d.line,
                    d.column,
                    d.diagnostic.severity,
                    d.diagnostic.message,
                    d.diagnostic
                        .hint
                        .as_ref()
                        .map(|h| format!(" [{h}]"))
                        .unwrap_or_default(),
                    d.related
                        .iter()
                        .map(|r| format!(
                            " (note: {} at {}:{}:{})",
                            r.message, r.file, r.line, r.column
                        ))
                        .collect::<String>()
                )
            })
            .collect())
    } else {
        Ok(chapters.iter().map(|c| c.content.clone()).collect())
    }
}

/// Expands one chapter with default settings.
pub fn expand(text: &str) -> Result<String, Vec<String>> {
    let mut chapters = vec![chapter("chapter.md", text)];
    expand_book(&mut chapters, &settings(serde_json::json!({}))).map(|mut v| v.remove(0))
}

/// The error lines of a chapter that must fail.
pub fn errors(text: &str) -> Vec<String> {
    match expand(text) {
        Ok(out) => panic!("expected errors, got output:\n{out}"),
        Err(e) => e,
    }
}

/// The diagnostics (warnings) of a book that must expand, as
/// `file:line:col: severity: message`.
pub fn diagnostics(chapters: &mut [Chapter]) -> Vec<String> {
    let report = engine::process(
        chapters,
        &settings(serde_json::json!({})),
        &shortcodes::registry(),
        "html",
    );
    assert!(!report.failed, "{:#?}", report.diagnostics);
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d.file, d.line, d.column, d.diagnostic.severity, d.diagnostic.message
            )
        })
        .collect()
}
