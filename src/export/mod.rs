//! Layer 2 (the author API and the features): `export`: a guide's
//! requests, in reading order, written for the runner a reader already uses, each with the
//! guide's checks and captures (issue 26).
//!
//! One module per format, each a function from a [`Guide`] to text:
//! [`postman`] (Postman Collection v2.1), [`http`] (the JetBrains HTTP
//! Client / httpyac `.http` dialect), [`hurl`] (a Hurl file), [`arazzo`]
//! (an Arazzo 1.0.1 workflow, with a generated OpenAPI description for the
//! requests no spec of the book documents). [`expect`] derives the checks
//! once, by `run`'s rules; [`vars`] tells captured variables from inputs.
//!
//! Below the shortcodes, so that `<<#downloads>>` writes the same files;
//! the command is `crate::export_command` (layer 6).
//!
//! Secrets: an input (a variable no earlier request captures, read from the
//! process environment when the reader runs the file) is never written with
//! a value; export does not read the process environment at all.

pub mod arazzo;
pub mod downloads;
pub mod expect;
pub mod http;
pub mod hurl;
pub mod postman;
pub mod vars;

use crate::http::{Credentials, Exchange, ExchangeKind, QueryParam, Request};

/// An export format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Postman Collection v2.1 (JSON).
    Postman,
    /// A `.http` file (JetBrains HTTP Client / httpyac).
    Http,
    /// A Hurl file.
    Hurl,
    /// An Arazzo 1.0.1 document (YAML-compatible JSON).
    Arazzo,
}

impl Format {
    /// The usual file extension: `postman_collection.json`, `http`, `hurl`,
    /// `arazzo.json`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Postman => "postman_collection.json",
            Format::Http => "http",
            Format::Hurl => "hurl",
            Format::Arazzo => "arazzo.json",
        }
    }
}

/// An OpenAPI spec of the book, as an Arazzo source description names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecRef {
    /// Its name in book.toml (`globex`).
    pub name: String,
    /// Its path relative to the folder of the exported file
    /// (`../specs/globex-billing.yaml`), `/`-separated.
    pub url: String,
}

/// An operation of a spec, as Arazzo's `operationId`/`operationPath` need
/// it: what [`Guide::operation`] finds for an exchange's
/// [`crate::http::Expectation::operation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRef {
    /// The spec's name in book.toml.
    pub spec: String,
    /// Its `operationId`, if the spec gives one.
    pub id: Option<String>,
    /// Upper case: `POST`.
    pub method: String,
    /// The path template as the spec writes it (`/invoices/{number}`),
    /// relative to the spec's server.
    pub path: String,
    /// The server's base path the request's path starts with (`/v2`), or
    /// `""`.
    pub base_path: String,
}

/// Finds the spec operation of an exchange (see [`OperationRef`]).
pub type OperationLookup<'a> = dyn Fn(&Exchange) -> Option<OperationRef> + 'a;

/// What is exported: one guide's requests for one environment.
pub struct Guide<'a> {
    /// The guide's id (`--guide`; the book's own title slug for a book of
    /// one guide): the Arazzo `workflowId` and the default file name.
    pub id: String,
    /// The title shown in the runner (the collection's name).
    pub title: String,
    /// The environment the values come from (`sandbox`).
    pub environment: String,
    /// The requests in reading order, built for that environment.
    pub exchanges: &'a [Exchange],
    /// Each chapter's title by its path (`validation.md`): the Postman
    /// folder names. A chapter missing here is named by its path.
    pub chapter_titles: Vec<(String, String)>,
    /// The book's specs (for Arazzo).
    pub specs: Vec<SpecRef>,
    /// The spec operation of an exchange (for Arazzo).
    pub operation: &'a OperationLookup<'a>,
}

impl Guide<'_> {
    /// A chapter's title (its path when unknown).
    pub fn chapter_title<'s>(&'s self, chapter: &'s str) -> &'s str {
        self.chapter_titles
            .iter()
            .find(|(p, _)| p == chapter)
            .map_or(chapter, |(_, t)| t.as_str())
    }

    /// The process-environment variables the requests read (never written
    /// with a value), in order of first use.
    pub fn inputs(&self) -> Vec<String> {
        vars::inputs(self.exchanges)
    }
}

/// The exported file(s): the main text, and for Arazzo the generated OpenAPI
/// description it names (file name relative to the main file, text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file in the chosen format.
    pub text: String,
    /// Companion files: (file name beside the main file, text).
    pub companions: Vec<(String, String)>,
}

/// Whether an exchange is one a runner can send: every one but a webhook
/// delivery, System A's signed push, which no runner can sign, and the
/// token request of a grant that needs a person (`authorization-code`,
/// `device-code`: [`Exchange::token_from_a_person`]), whose token the
/// later requests then read from their variable (`ACCESS_TOKEN`), an
/// input like `CLIENT_ID`.
pub fn exportable(e: &Exchange) -> bool {
    !matches!(e.kind, crate::http::ExchangeKind::WebhookDelivery { .. })
        && e.token_from_a_person().is_none()
}

/// Exports `guide` in `format`. `stem` names companion files
/// (`<stem>.openapi.json`).
pub fn export(format: Format, guide: &Guide<'_>, stem: &str) -> Exported {
    let alone = |text| Exported {
        text,
        companions: Vec::new(),
    };
    match format {
        Format::Postman => alone(postman::collection_text(guide)),
        Format::Http => alone(http::file(guide)),
        Format::Hurl => alone(hurl::file(guide)),
        Format::Arazzo => arazzo::document(guide, stem),
    }
}

/// A request's name in a runner: `POST /v2/invoices`, or
/// `client-credentials token request`.
pub fn request_name(e: &Exchange) -> String {
    let r = &e.request;
    match &e.kind {
        ExchangeKind::TokenRequest { grant, .. } => format!("{grant} token request"),
        _ => format!("{} {}", r.method, r.url.path),
    }
}

/// A name unique in the plan, usable as an identifier in every format
/// (`[A-Za-z0-9_-]`): `s02_post_v2_invoices`.
pub fn step_id(index: usize, e: &Exchange) -> String {
    let mut id = format!(
        "s{:02}_{}",
        index + 1,
        e.request.method.to_ascii_lowercase()
    );
    let mut last_us = false;
    for c in e.request.url.path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
            last_us = false;
        } else if !last_us {
            id.push('_');
            last_us = true;
        }
    }
    id.trim_end_matches('_').to_string()
}

/// Whether the request sets `name` itself (case-insensitive).
pub fn has_header(r: &Request, name: &str) -> bool {
    r.headers.iter().any(|h| h.name.eq_ignore_ascii_case(name))
}

/// The headers to send: as written, then `Content-Type` from the body's
/// media type unless a header sets it.
pub fn headers(r: &Request) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = r
        .headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();
    if let Some(media) = r.body.as_ref().and_then(|b| b.media_type.as_ref())
        && !has_header(r, "Content-Type")
    {
        out.push(("Content-Type".into(), media.clone()));
    }
    out
}

/// Percent-encodes a decoded query name or value (RFC 3986: everything but
/// unreserved characters), leaving `$NAME` variables for the format to
/// write.
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The request's URL with its query, each variable written by `var` and
/// the rest as it is sent (query names and values percent-encoded).
pub fn url_with(r: &Request, var: &dyn Fn(&str) -> String) -> String {
    let keep = |t: &str| t.to_string();
    let mut out = vars::render(&r.url.origin, keep, var);
    out.push_str(&vars::render(&r.url.path, keep, var));
    for (i, q) in r.url.query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&vars::render(&q.name, encode_query, var));
        out.push('=');
        out.push_str(&vars::render(&q.value, encode_query, var));
    }
    out
}

/// The fields of a form body the model built from fields (values may hold
/// variables); `None` for a body written in a code block.
pub fn form_fields(r: &Request) -> Option<&[QueryParam]> {
    r.body
        .as_ref()
        .map(|b| b.form.as_slice())
        .filter(|f| !f.is_empty())
}

/// A form body's text with each variable written by `var` (names and the
/// literal parts percent-encoded).
pub fn form_text(fields: &[QueryParam], var: &dyn Fn(&str) -> String) -> String {
    fields
        .iter()
        .map(|f| {
            format!(
                "{}={}",
                vars::render(&f.name, encode_query, var),
                vars::render(&f.value, encode_query, var)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// HTTP Basic credentials (user, password) as written, variables and all.
pub fn basic(r: &Request) -> Option<(&str, &str)> {
    match &r.credentials {
        Some(Credentials::Basic { user, password }) => Some((user, password)),
        _ => None,
    }
}

/// `[book] title` of mdBook's configuration (as JSON), when it is not
/// blank: for [`one_guide_names`] (`Settings::book_title`).
pub fn book_title(config: &serde_json::Value) -> Option<String> {
    let title = config.pointer("/book/title")?.as_str()?;
    (!title.trim().is_empty()).then(|| title.to_string())
}

/// The id and title of a book that is one guide, as its exports name it
/// (the file stem of `export`'s and `<<#downloads>>`' files, the guide's
/// id and title inside them): its title (`[book] title`) and that title
/// as mdBook makes a heading id (`Acme CRM to Globex` gives
/// `acme-crm-to-globex`); without a title, its root folder's name the same
/// way (else `guide`) and "Integration guide".
pub fn one_guide_names(settings: &crate::settings::Settings) -> (String, String) {
    let slug = |text: &str| Some(crate::ids::id_from_text(text)).filter(|id| !id.is_empty());
    let folder = || {
        let name = settings.root.as_deref()?.file_name()?;
        slug(&name.to_string_lossy())
    };
    let id = settings
        .book_title
        .as_deref()
        .and_then(slug)
        .or_else(folder);
    (
        id.unwrap_or_else(|| "guide".to_string()),
        settings
            .book_title
            .clone()
            .unwrap_or_else(|| "Integration guide".to_string()),
    )
}
