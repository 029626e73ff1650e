//! `check --format github`: GitHub Actions workflow commands, one per
//! diagnostic, so that each problem is shown on the pull request's diff.
//!
//! ```text
//! ::error file=docs/src/setup.md,line=24,col=54,endColumn=69,title=shortcode::no config step has the id …
//! ```
//!
//! Errors are `::error`, warnings `::warning`; notes (a severity `check`
//! does not produce today) would be `::notice`. The hint follows the message
//! on a line of its own (`help: …`). `file` is relative to the repository
//! root (see [`super::repo`]); `col` and `endColumn` count characters,
//! `endColumn` being the column of the last character underlined.

use crate::diagnostic::{Located, Severity};

/// Escapes the message of a workflow command (GitHub's `escapeData`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value of a workflow command (GitHub's
/// `escapeProperty`): as [`escape_data`], and `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of one diagnostic (without a line ending).
pub fn command(d: &Located, code: &str) -> String {
    let kind = match d.diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let end_column = d.column + d.width.max(1) - 1;
    let mut message = d.diagnostic.message.clone();
    if let Some(hint) = &d.diagnostic.hint {
        message.push_str("\nhelp: ");
        message.push_str(hint);
    }
    // A pull request annotation has one place: the related ones are named.
    for r in &d.related {
        message.push_str(&format!(
            "\nnote: {} ({}:{}:{})",
            r.message, r.file, r.line, r.column
        ));
    }
    format!(
        "::{kind} file={},line={},col={},endColumn={end_column},title={}::{}",
        escape_property(&d.file),
        d.line,
        d.column,
        escape_property(code),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_property("100% a\r\nb: c, d"),
            "100%25 a%0D%0Ab%3A c%2C d"
        );
        // `%` first, so an escape is never escaped twice.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("::"), "%3A%3A");
    }
}
