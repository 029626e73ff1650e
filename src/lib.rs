//! mdbook-integration-guide: an mdBook 0.5 preprocessor that expands
//! shortcodes such as `<<#toc>>` into the standard structures of a
//! system-integration guide.
//!
//! Where things are:
//! - [`protocol`]: mdBook's JSON in and out, version checks;
//! - [`engine`]: the whole-book pass (`engine/context.rs`: what a
//!   shortcode sees; `engine/expand.rs`: splicing and layout);
//! - `syntax`: where shortcodes are parsed; `tree`: blocks and nesting;
//! - `registry`: shortcode declarations and attribute validation;
//! - `shortcodes`: one module per shortcode;
//! - `ids`: the heading ids mdBook generates;
//! - `layout`: line endings and list/quote prefixes of expansions;
//! - `diagnostic`: located errors with hints.
//!
//! The commands besides the preprocessor: [`install`] (book.toml and the
//! stylesheet), [`init`] (a new guide from the template), [`check`] (the
//! whole analysis without rendering).

pub mod book;
mod bookjson;
pub mod check;
pub mod diagnostic;
pub mod engine;
pub mod ids;
mod incremental;
pub mod init;
pub mod install;
pub mod labels;
mod layout;
pub mod markdown;
mod origin;
pub mod paths;
pub mod protocol;
pub mod registry;
pub mod settings;
pub mod shortcodes;
pub mod syntax;
mod tree;

/// Whether we support a renderer: every renderer gets the expanded
/// Markdown (shortcodes that emit HTML degrade for non-HTML renderers).
pub fn supports_renderer(_renderer: &str) -> bool {
    true
}
