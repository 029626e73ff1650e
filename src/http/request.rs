//! The request model's types (see [`super`]). Plain data: building one is
//! the shortcodes' job, rendering one the forms', sending one `run`'s.
//!
//! Variables: a value may hold `$NAME` / `${NAME}` (an uppercase-or-digit
//! identifier, as POSIX shells read it) where the guide leaves a value to
//! the reader (`auth="Bearer $TOKEN"`). They stay in the model as written;
//! each form writes them its own way, and `run` resolves them. A body is
//! never scanned for variables: `$HOME` in a JSON payload is text.

/// One documented exchange: the request, what the guide says comes back,
/// what later steps take from the answer, and where the guide says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the exchange is for.
    pub kind: ExchangeKind,
    /// The request to send.
    pub request: Request,
    /// What the guide documents about the answer.
    pub expect: Expectation,
    /// Values later steps read from the answer (`capture="ID=/id"`;
    /// `auth-flow`'s `token-var`).
    pub captures: Vec<Capture>,
    /// The tag that documents it, in the chapter as written.
    pub source: SourceRef,
}

/// What an exchange is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeKind {
    /// An `api-example`.
    ApiExample,
    /// `auth-flow`'s token request; `grant` is the RFC grant's name as the
    /// shortcode takes it (`client-credentials`, `refresh-token`, ...).
    TokenRequest {
        /// The grant.
        grant: String,
        /// The `aud` claim of the assertion the request carries when it is
        /// not the token endpoint: `jwt-bearer`'s `audience` (RFC 7523 §3),
        /// the value the page shows in its claims table and `run` signs
        /// with (`$JWT_AUDIENCE` overrides it). `None`: the token endpoint
        /// (and for every other grant).
        audience: Option<String>,
    },
    /// `auth-flow`'s example API call (`api-key`, `basic`, `mtls`).
    AuthenticatedCall {
        /// The grant.
        grant: String,
    },
    /// A `webhook-event` delivery: System A's signed POST to the receiver.
    WebhookDelivery {
        /// The event type (`entryPosted`).
        event: String,
        /// The signature scheme (`standard-webhooks`, `hmac-sha256`).
        scheme: Option<String>,
        /// The variable holding the real secret (`secret-var`).
        secret_var: Option<String>,
    },
}

/// An HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, upper case (`GET`, `POST`, ...).
    pub method: String,
    /// Where it goes.
    pub url: Url,
    /// Headers in the order written, `Authorization` included (auth is a
    /// header here; the forms may show it their own way).
    pub headers: Vec<Header>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Credentials a form shows its own way rather than as a header: HTTP
    /// Basic from variables (`curl --user`, `requests` `auth=`) or a TLS
    /// client certificate (RFC 8705). `None` for most requests.
    pub credentials: Option<Credentials>,
}

/// Credentials that are not a plain header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// HTTP Basic (RFC 7617): `Authorization: Basic base64(user:password)`,
    /// each part a value with variables (`$CLIENT_ID`, `$CLIENT_SECRET`).
    Basic {
        /// The user name (`$CLIENT_ID`).
        user: String,
        /// The password (`$CLIENT_SECRET`).
        password: String,
    },
    /// A TLS client certificate (mutual TLS, RFC 8705 §2): the files named
    /// by variables (`$CLIENT_CERT`, `$CLIENT_KEY`).
    ClientCertificate {
        /// The certificate file (PEM).
        cert: String,
        /// The private key file (PEM).
        key: String,
    },
}

/// A URL: the parts as the guide gives them, percent-encoded once
/// (RFC 3986) when the model is built, so that every form sends the same
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `https://host[:port]` (variables allowed), no trailing `/`.
    pub origin: String,
    /// The path, percent-encoded (`/customers/ACME%20Corp%2FEU`); a
    /// `{param}` the guide gives no value for stays as `{param}`.
    pub path: String,
    /// The query parameters in order, each name and value decoded (the
    /// forms encode them).
    pub query: Vec<QueryParam>,
}

/// One query parameter, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParam {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// One header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name as written.
    pub name: String,
    /// The value as written (variables allowed).
    pub value: String,
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The exact bytes: the code block's text without the line break that
    /// ends its last line (CRLF kept inside).
    pub text: String,
    /// Its media type (`application/json`,
    /// `application/x-www-form-urlencoded`, ...), sent as `Content-Type`
    /// unless a header sets it.
    pub media_type: Option<String>,
    /// For an `application/x-www-form-urlencoded` body the model builds
    /// from fields (`auth-flow`'s token request): the fields, decoded, in
    /// order; their values may hold variables (`client_id=$CLIENT_ID`),
    /// which each form encodes after resolving. `text` is then
    /// [`super::url::encode_form`] of them, variables as written. Empty
    /// for a body written in a code block (whose `text` is sent as is and
    /// never read for variables).
    pub form: Vec<QueryParam>,
}

/// The grants whose token needs a person: a browser sign-in
/// (`authorization-code`, RFC 6749 §4.1) or a code typed on a device
/// (`device-code`, RFC 8628). No runner performs them unattended.
pub const PERSON_GRANTS: [&str; 2] = ["authorization-code", "device-code"];

impl Exchange {
    /// The variable a token request of a grant that needs a person puts
    /// its token in (its `token-var`, the variable it captures; default
    /// `ACCESS_TOKEN`); `None`: the exchange is no such token request.
    /// `run` and `export` leave such a request out and read the token
    /// from that variable (issue 25, "Grants that run").
    pub fn token_from_a_person(&self) -> Option<&str> {
        match &self.kind {
            ExchangeKind::TokenRequest { grant, .. } if PERSON_GRANTS.contains(&grant.as_str()) => {
                Some(
                    self.captures
                        .first()
                        .map_or("ACCESS_TOKEN", |c| &c.variable),
                )
            }
            _ => None,
        }
    }
}

impl Body {
    /// A body written in a code block: `text` exactly, its media type.
    pub fn exact(text: impl Into<String>, media_type: Option<String>) -> Body {
        Body {
            text: text.into(),
            media_type,
            form: Vec::new(),
        }
    }

    /// A form body from its fields (values may hold variables).
    pub fn form(fields: Vec<QueryParam>) -> Body {
        Body {
            text: super::url::encode_form(&fields),
            media_type: Some(FORM.to_string()),
            form: fields,
        }
    }

    /// The media type of a code block's language (its info string's first
    /// word, case-insensitive): `json` and `jsonc` `application/json`,
    /// `xml` `application/xml`, `yaml`/`yml` `application/yaml`, `form`,
    /// `urlencoded`, `x-www-form-urlencoded`
    /// `application/x-www-form-urlencoded`, `html` `text/html`, `csv`
    /// `text/csv`, anything else `text/plain` (every form sends one, so
    /// no client picks its own default).
    pub fn media_type_of(lang: &str) -> &'static str {
        match lang.to_ascii_lowercase().as_str() {
            "json" | "jsonc" => "application/json",
            "xml" => "application/xml",
            "yaml" | "yml" => "application/yaml",
            "form" | "urlencoded" | "x-www-form-urlencoded" => FORM,
            "html" => "text/html",
            "csv" => "text/csv",
            _ => "text/plain",
        }
    }
}

/// `application/x-www-form-urlencoded`.
pub const FORM: &str = "application/x-www-form-urlencoded";

impl Request {
    /// The header `name` (case-insensitive), if the request has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The headers every form sends, in order: `Content-Type` from the
    /// body's media type first (unless a header sets it), then the
    /// headers as written.
    pub fn sent_headers(&self) -> Vec<Header> {
        let mut out = Vec::with_capacity(self.headers.len() + 1);
        if let Some(media) = self.body.as_ref().and_then(|b| b.media_type.as_ref())
            && self.header("content-type").is_none()
        {
            out.push(Header {
                name: "Content-Type".into(),
                value: media.clone(),
            });
        }
        out.extend(self.headers.iter().cloned());
        out
    }

    /// Every variable the request names (URL, headers, credentials, form
    /// fields), in order, each once; a code block's body is not read.
    pub fn variables(&self) -> Vec<String> {
        let mut texts: Vec<&str> = vec![&self.url.origin, &self.url.path];
        for q in &self.url.query {
            texts.extend([q.name.as_str(), q.value.as_str()]);
        }
        for h in &self.headers {
            texts.push(&h.value);
        }
        match &self.credentials {
            Some(Credentials::Basic { user, password }) => {
                texts.extend([user.as_str(), password.as_str()])
            }
            Some(Credentials::ClientCertificate { cert, key }) => {
                texts.extend([cert.as_str(), key.as_str()])
            }
            None => {}
        }
        if let Some(b) = &self.body {
            for f in &b.form {
                texts.push(&f.value);
            }
        }
        let mut out: Vec<String> = Vec::new();
        for t in texts {
            for n in super::vars::names(t) {
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
        }
        out
    }
}

/// What the guide documents about the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expectation {
    /// The documented status code.
    pub status: Option<u16>,
    /// The documented response body (its JSON is a subset of the real one;
    /// `run`'s rules).
    pub body: Option<Body>,
    /// JSON Pointers (RFC 6901) whose values are not compared (`ignore=`).
    pub ignore: Vec<String>,
    /// The example is of a rejected request (`invalid`): it must get its
    /// documented 4xx.
    pub invalid: bool,
    /// The OpenAPI operation it is checked against, when one is known:
    /// `(spec name in book.toml, operationId or "METHOD /path")`.
    pub operation: Option<(String, String)>,
}

/// A value taken from the answer for later steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The variable it sets (`ENTRY_ID`).
    pub variable: String,
    /// A JSON Pointer (RFC 6901) into the response body (`/id`).
    pub pointer: String,
}

/// Where the guide documents an exchange: for messages, reports and SARIF.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceRef {
    /// The chapter's path relative to the book's `src` (`validation.md`).
    pub chapter: String,
    /// The book-order index of the chapter.
    pub chapter_index: usize,
    /// The tag's byte range in the chapter as written.
    pub span: std::ops::Range<usize>,
    /// 1-based line and column of the tag.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}
