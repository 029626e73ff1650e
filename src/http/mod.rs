//! Layer: foundations-adjacent data. The request model: one HTTP exchange
//! as a guide documents it, independent of how it is shown or run.
//!
//! `api-example` and `auth-flow` build an [`Exchange`]; every form a
//! reader copies (curl, raw HTTP, Python, JavaScript, HTTPie), every
//! export (Postman, `.http`, Hurl, Arazzo) and `run` read the same value,
//! so no renderer re-derives a content type, an encoding or a quoting rule.
//! (Hurl's `http/request_spec.rs` is the shape this follows: the request is
//! data, each rendering is a small function beside the others.)

pub mod request;

pub use request::{
    Body, Capture, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request, SourceRef, Url,
};
