//! mdbook-integration-guide: an mdBook 0.5 preprocessor that expands
//! shortcodes such as `<<#toc>>` into the standard structures of a
//! system-integration guide.
//!
//! The layers, lowest first; a module uses its own layer and those below,
//! never one above (`tests/suite/layers.rs` reads every `crate::` path and
//! fails on a cycle or an edge that points up):
//!
//! ```text
//! 7 command line   main.rs
//! 6 commands       protocol (mdBook's JSON), check, write_heading_ids,
//!                  install, init, origin, export_command (run)
//! 5 engine         the whole-book pass in phases: parse, collect, expand,
//!                  late, report
//! 4 registry       every shortcode by name; their declarations handed down
//! 3 shortcodes     one module per shortcode, and their prelude
//! 2 author API     api (Spec, Call, CollectCx, RenderCx, Feature), openapi,
//!                  export (the request model written for each runner)
//! 1 settings       settings (book.toml, its rules and schema), labels:
//!                  plain data, filled from the declarations they are given
//! 0 foundations    syntax, ids, escape, markdown, lines, diagnostic, paths,
//!                  http_status, http, book, bookjson, book_toml, facts,
//!                  declaration, guides, diagram, parallel, i18n, neighbours,
//!                  webhook (signatures and retry schedules)
//! ```
//!
//! Declared once: a shortcode's [`declaration::Spec`] (attributes, body,
//! placement, labels, options) is the only place its options and labels
//! exist; [`registry::declared`] gives them to [`settings`], [`labels`]
//! and the book.toml schema. A feature that has findings of its own (the
//! OpenAPI specs' problems) hands them to the engine's report phase as an
//! [`api::Feature`], registered with the shortcodes.
//!
//! Where things are: [`protocol`] (mdBook's JSON in and out, version
//! checks); `syntax` (where shortcodes are parsed); [`engine`]
//! (`engine/tree.rs`: blocks and nesting; `engine/expand.rs`: splicing;
//! `engine/late_headings.rs`: the headings of an expanded chapter); `lines`
//! (line endings and list/quote prefixes); [`ids`] (the heading ids mdBook
//! generates); [`guides`] (several integration guides in one book);
//! `escape` (every escaping rule); [`markdown`] (mdBook's parser setup and
//! the structures we write); `diagram` (sequence diagrams as inline SVG);
//! [`diagnostic`] (located errors with hints and related places); `origin`
//! (diagnostics pointed at the files a writer edits, through `check`'s
//! `{{#include}}` expansion); [`i18n`] (books translated by
//! mdbook-gettext).
//!
//! The commands besides the preprocessor: [`install`] (book.toml and the
//! stylesheet), [`init`] (a new guide from the template), [`check`] (the
//! whole analysis without rendering), [`write_heading_ids`] (every
//! heading's id written into the files), [`run`] (the guide executed
//! against an environment: plan, executor, checks, secrets, reports).

#![warn(missing_docs)]

pub mod api;
pub mod book;
pub mod book_toml;
mod bookjson;
pub mod check;
pub mod declaration;
pub mod diagnostic;
mod diagram;
pub mod engine;
mod escape;
pub mod export;
pub mod export_command;
pub mod facts;
pub mod guides;
pub mod http;
mod http_status;
pub mod i18n;
pub mod ids;
pub mod init;
pub mod install;
pub mod labels;
mod lines;
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
pub mod webhook;
pub mod write_heading_ids;

/// Whether we support a renderer: every renderer gets the expanded
/// Markdown (shortcodes that emit HTML degrade for non-HTML renderers).
pub fn supports_renderer(_renderer: &str) -> bool {
    true
}
