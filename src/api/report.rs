//! What a book-wide feature hands the engine after every chapter is
//! rendered ([`Feature`], [`ReportCx`]): findings in files that are not
//! chapters (an OpenAPI spec, book.toml), and its own chapter diagnostics
//! regraded or dropped as book.toml says.

use crate::diagnostic::Diagnostic;
use crate::facts::Facts;
use crate::settings::Settings;

/// A feature with a last word on the whole book, registered with the
/// shortcodes ([`super::Registry::with_feature`]); the engine calls
/// [`Feature::report`] once per build, in registration order, before it
/// locates the diagnostics.
pub trait Feature: Send + Sync {
    /// Adds findings to `cx.findings`, and may regrade or drop the
    /// diagnostics of its own codes in `cx.diagnostics`.
    fn report(&self, cx: &mut ReportCx<'_>);
}

/// What a [`Feature`] sees and gives in the report phase.
pub struct ReportCx<'a> {
    /// The facts of phase one.
    pub facts: &'a Facts,
    /// The book's settings (`book.toml`).
    pub settings: &'a Settings,
    /// Each chapter's diagnostics so far, by chapter index (book order).
    pub diagnostics: &'a mut [Vec<Diagnostic>],
    /// Findings in files that are not chapters, reported before the
    /// chapters' diagnostics.
    pub findings: Vec<Finding>,
}

/// A diagnostic in a file that is not a chapter.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The file, from the book's root (`specs/globex.yaml`, `book.toml`).
    pub file: String,
    /// Its text (to show the line), empty when it cannot be read.
    pub text: String,
    /// The diagnostic, its span a byte range of `text`; its related places
    /// may be in chapters ([`crate::diagnostic::Place::Chapter`]).
    pub diagnostic: Diagnostic,
}
