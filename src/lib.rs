//! mdbook-integration-guide: an mdBook 0.5 preprocessor that expands
//! shortcodes such as `<<#toc>>` into the standard structures of a
//! system-integration guide.
//!
//! Where things are:
//! - [`protocol`]: mdBook's JSON in and out, version checks;
//! - `syntax`: where shortcodes are parsed;
//! - [`api`]: the shortcode author's API: what a shortcode declares
//!   ([`api::Spec`]: attributes, body, placement, labels, options), what it
//!   is called with and sees ([`api::Call`], [`api::RenderCx`]);
//! - [`registry`]: the shortcodes by name;
//! - [`shortcodes`]: one module per shortcode, and their `prelude`;
//! - [`engine`]: the whole-book pass in phases (`engine/tree.rs`: blocks
//!   and nesting; `engine/expand.rs`: splicing; `engine/lines.rs`: line
//!   endings and list/quote prefixes; `engine/late_headings.rs`: the
//!   headings of an expanded chapter);
//! - [`ids`]: the heading ids mdBook generates;
//! - [`guides`]: several integration guides in one book (`guides`);
//! - `escape`: every escaping rule (HTML, Markdown text, table cells, line
//!   starts);
//! - [`markdown`]: mdBook's parser setup and the structures we write;
//! - `diagram`: sequence diagrams as inline SVG;
//! - [`labels`], [`settings`]: `book.toml`, collected from the declarations;
//! - [`diagnostic`]: located errors with hints and related places (rustc's
//!   secondary notes);
//! - `origin`: the preprocessor's diagnostics pointed at the files a writer
//!   edits, through `check`'s `{{#include}}` expansion.
//!
//! - [`run`]: `run`, the guide executed against an environment (plan,
//!   executor, checks, secrets, reports);
//! - [`i18n`]: books translated by mdbook-gettext (heading ids pinned in
//!   the build it translates, the error when it runs first).
//!
//! The commands besides the preprocessor: [`install`] (book.toml and the
//! stylesheet), [`init`] (a new guide from the template), [`check`] (the
//! whole analysis without rendering), [`write_heading_ids`] (every
//! heading's id written into the files).

#![warn(missing_docs)]

pub mod api;
pub mod book;
mod bookjson;
pub mod check;
pub mod diagnostic;
mod diagram;
pub mod engine;
mod escape;
pub mod guides;
pub mod http;
mod http_status;
pub mod i18n;
pub mod ids;
pub mod init;
pub mod install;
pub mod labels;
pub mod markdown;
pub mod neighbours;
pub mod openapi;
mod origin;
mod parallel;
pub mod paths;
pub mod protocol;
pub mod registry;
pub mod run;
pub mod settings;
pub mod shortcodes;
pub mod syntax;
pub mod write_heading_ids;

/// Whether we support a renderer: every renderer gets the expanded
/// Markdown (shortcodes that emit HTML degrade for non-HTML renderers).
pub fn supports_renderer(_renderer: &str) -> bool {
    true
}
