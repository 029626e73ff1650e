//! Layer: foundations-adjacent data. The request model: one HTTP exchange
//! as a guide documents it, independent of how it is shown or run.
//!
//! `api-example` and `auth-flow` build an [`Exchange`]; every form a
//! reader copies (curl, raw HTTP, Python, JavaScript, HTTPie), every
//! export (Postman, `.http`, Hurl, Arazzo) and `run` read the same value,
//! so no renderer re-derives a content type, an encoding or a quoting rule.
//! (Hurl's `http/request_spec.rs` is the shape this follows: the request is
//! data, each rendering is a small function beside the others.)
//!
//! - [`request`]: the types;
//! - [`url`]: percent-encoding (RFC 3986), done once when a model is built
//!   ([`Url::parse`], [`Url::from_template`]);
//! - [`vars`]: `$NAME` / `${NAME}` variables in values;
//! - [`Client`]: the forms a reader copies, one small module each
//!   (`curl.rs`, `raw.rs`, `python.rs`, `javascript.rs`, `httpie.rs`),
//!   [`Client::render`] the one entry point.
//!
//! # Getting a book's exchanges
//!
//! Every exchange the book documents is published while it is expanded:
//! `engine::Report::exchanges` gives them
//! in reading order (SUMMARY order, then each chapter top to bottom), each
//! with its [`SourceRef`] (chapter, `line:col` of its tag). Only
//! shortcodes that expanded without error publish one.
//!
//! ```no_run
//! # fn f(report: &mdbook_integration_guide::engine::Report) {
//! for e in report.exchanges() {
//!     println!("{}:{} {} {}", e.source.chapter, e.source.line, e.request.method, e.request.url.full());
//! }
//! # }
//! ```

pub mod client;
mod curl;
mod httpie;
pub mod javascript;
pub mod python;
mod raw;
pub mod request;
pub mod shell;
pub mod url;
pub mod vars;

pub use client::Client;
pub use raw::RAW_RUN_ID;

pub use request::{
    Body, Capture, Credentials, Exchange, ExchangeKind, Expectation, FORM, Header, QueryParam,
    Request, SourceRef, Url,
};

/// The exchanges of a book in reading order: the fact the engine records
/// after expanding every chapter (`engine::Report::exchanges` reads it).
#[derive(Debug, Default, Clone)]
pub struct Exchanges(pub Vec<Exchange>);
