//! `check --format sarif`: a SARIF 2.1.0 log, for code-scanning dashboards
//! (GitHub's `upload-sarif`, and others).
//!
//! One run; the tool's rules are the check codes ([`options::RULES`]); each
//! diagnostic is a result with its rule, level, message (and hint, on a
//! `help:` line) and one location: the file relative to the repository
//! root (`uriBaseId` `%SRCROOT%`, see [`super::repo`]), the line, and the
//! columns in Unicode code points (`columnKind`), `endColumn` being the
//! column after the last character underlined, as SARIF defines it.
//! A diagnostic's related places (the first step with the same id, the
//! block a closing tag does not match) are the result's `relatedLocations`,
//! each with its message.

use serde_json::{Value, json};

use super::options::{self, Level};
use crate::diagnostic::{Located, Secondary, Severity};

/// The `$schema` written into the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base that relative `uri`s resolve against: the repository root.
pub const SRCROOT: &str = "%SRCROOT%";

/// The SARIF log of `diagnostics`.
pub fn log(diagnostics: &[Located]) -> Value {
    let rules: Vec<Value> = options::RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "shortDescription": {"text": rule.doc},
                "helpUri": format!("{}#check-book_dir-check-the-whole-guide", env!("CARGO_PKG_REPOSITORY")),
                "defaultConfiguration": {"level": match rule.default {
                    Level::Error => "error",
                    Level::Warning => "warning",
                    Level::Off => "none",
                }},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics.iter().map(result).collect();
    log_of(rules, results)
}

/// A SARIF 2.1.0 log of one run of this tool: its `rules` (the
/// `reportingDescriptor`s results name by `ruleId`) and `results`, columns
/// in Unicode code points. `check` and `run` write their logs with it.
pub fn log_of(rules: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// One diagnostic as a SARIF result.
fn result(d: &Located) -> Value {
    let code = d.diagnostic.code.unwrap_or(super::SHORTCODE);
    let mut text = d.diagnostic.message.clone();
    if let Some(hint) = &d.diagnostic.hint {
        text.push_str("\nhelp: ");
        text.push_str(hint);
    }
    let mut result = json!({
        "ruleId": code,
        "level": match d.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": {"text": text},
        "locations": [location(&d.file, d.line, d.column, d.width)],
    });
    if let Some(index) = options::RULES.iter().position(|r| r.code == code) {
        result["ruleIndex"] = json!(index);
    }
    if !d.related.is_empty() {
        result["relatedLocations"] = d.related.iter().enumerate().map(related).collect();
    }
    result
}

/// A related place as a SARIF location with its message.
fn related((id, place): (usize, &Secondary)) -> Value {
    let width = place
        .end_column
        .map_or(1, |end| end.saturating_sub(place.column));
    let mut location = location(&place.file, place.line, place.column, width);
    location["id"] = json!(id);
    location["message"] = json!({"text": place.message});
    location
}

/// A location: the file (relative: against [`SRCROOT`]) and its region.
pub fn location(file: &str, line: usize, column: usize, width: usize) -> Value {
    let bytes = file.as_bytes();
    let drive = bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/";
    let artifact = if drive {
        // file:///C:/... (the `:` of the drive is kept)
        json!({"uri": format!("file:///{}:{}", &file[..1], uri_path(&file[2..]))})
    } else if file.starts_with('/') {
        json!({"uri": format!("file://{}", uri_path(file))})
    } else {
        json!({"uri": uri_path(file), "uriBaseId": SRCROOT})
    };
    json!({"physicalLocation": {
        "artifactLocation": artifact,
        "region": {
            "startLine": line,
            "startColumn": column,
            "endColumn": column + width.max(1),
        },
    }})
}

/// A path as the path of a URI: `/` kept, every byte but the unreserved
/// characters percent-encoded (`my guide/a.md` is `my%20guide/a.md`).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_paths() {
        assert_eq!(
            uri_path("docs/my guide/src/a.md"),
            "docs/my%20guide/src/a.md"
        );
        assert_eq!(uri_path("src/ünï%.md"), "src/%C3%BCn%C3%AF%25.md");
        let abs = location("/tmp/b/src/a.md", 1, 2, 3);
        assert_eq!(
            abs["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///tmp/b/src/a.md"})
        );
        let windows = location("C:/b/my book/a.md", 1, 2, 3);
        assert_eq!(
            windows["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///C:/b/my%20book/a.md"})
        );
    }
}
