//! Helpers shared by the suite's modules, by role:
//! - [`engine`]: chapters and settings, expanded in-process by the engine;
//! - [`mdbook`]: books built by the real mdBook (mdbook-driver) with our
//!   binary as the preprocessor, and mdBook's own log;
//! - [`html`]: scraping the rendered pages;
//! - [`snapshot`]: golden files, compared with insta;
//! - [`neighbours`]: the real neighbour preprocessors (mermaid, toc, tabs,
//!   gettext, katex) that `.ci/run` installs.
#![allow(dead_code)]

pub mod echo;
pub mod engine;
pub mod html;
pub mod mdbook;
pub mod neighbours;
pub mod snapshot;

pub use engine::*;
pub use html::*;
pub use mdbook::*;
