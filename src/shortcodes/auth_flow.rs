//! `<<#auth-flow>>`: an authentication flow from its grant. The standard
//! grants have standard message sequences, so the writer names the grant
//! and its endpoints, and the shortcode draws the sequence (with
//! `data-flow`'s diagram and step table, [`super::data_flow::emit_flow`]),
//! lists the parameters and shows the token request as a `curl` command
//! with placeholders (`$CLIENT_ID`, `$CLIENT_SECRET`), never a secret.
//!
//! ```text
//! <<#auth-flow grant="client-credentials" client="Acme CRM" server="Globex Billing" token-url="https://sandbox.globex.example/oauth/token" scopes="invoices:write">>
//! ```
//!
//! Parse ([`parse`]: the attributes against the grant table [`GRANTS`],
//! every problem located) → model ([`Auth`], its [`steps`] and [`curl`])
//! → emit ([`emit`]).

use std::ops::Range;

use super::api_example::shell_quote;
use super::data_flow::{Flow, FlowStep, emit_flow};
use super::prelude::*;
use crate::escape::code;

pub struct AuthFlow;

macro_rules! labels {
    ($($key:literal => $default:literal, [$($ph:literal),*], $doc:literal;)*) => {
        &[$(LabelSpec {
            key: $key,
            default: $default,
            placeholders: &[$($ph),*],
            may_be_empty: false,
            doc: $doc,
        },)*]
    };
}

static LABELS: &[LabelSpec] = labels! {
    "auth-diagram-heading" => "Authentication flow", [], "`auth-flow`: the diagram's heading (with `level`)";
    "auth-table-heading" => "Step-by-step authentication flow", [], "`auth-flow`: the step table's heading (with `level`)";
    "auth-title" => "Authentication flow: {grant}", ["grant"], "`auth-flow`: the diagram's accessible name when it has no `title`; `{grant}` is the grant's name";
    "auth-parameters" => "Authentication parameters", [], "`auth-flow`: the parameter table's title";
    "auth-token-request" => "Token request", [], "`auth-flow`: the title of the `curl` token request";
    "auth-api-request" => "API request", [], "`auth-flow`: the title of the `curl` API call (`api-key`, `basic`)";
    "auth-parameter" => "Parameter", [], "`auth-flow` parameter table: the name column";
    "auth-value" => "Value", [], "`auth-flow` parameter table: the value column";
    "auth-grant-type" => "Grant type", [], "`auth-flow` parameter: the grant";
    "auth-specification" => "Specification", [], "`auth-flow` parameter: the RFC that defines the grant";
    "auth-token-url" => "Token endpoint", [], "`auth-flow` parameter: `token-url`";
    "auth-authorize-url" => "Authorization endpoint", [], "`auth-flow` parameter: `authorize-url`";
    "auth-device-url" => "Device authorization endpoint", [], "`auth-flow` parameter: `device-url`";
    "auth-redirect-uri" => "Redirect URI", [], "`auth-flow` parameter: `redirect-uri`";
    "auth-scopes" => "Scopes", [], "`auth-flow` parameter: `scopes`";
    "auth-client-auth" => "Client authentication", [], "`auth-flow` parameter: `client-auth`";
    "auth-token-lifetime" => "Token lifetime", [], "`auth-flow` parameter: `token-lifetime`";
    "auth-audience" => "Audience", [], "`auth-flow` parameter: `audience`";
    "auth-pkce" => "PKCE code challenge method", [], "`auth-flow` parameter: `pkce`";
    "auth-refresh" => "Refresh grant", [], "`auth-flow` parameter: `refresh`";
    "auth-header" => "Header", [], "`auth-flow` parameter: `header`";
    "auth-query" => "Query parameter", [], "`auth-flow` parameter: `query`";
    "auth-user" => "User", [], "`auth-flow`: the user's participant name when there is no `user`";
    "auth-step-token-request" => "request an access token", [], "`auth-flow` step";
    "auth-step-token" => "the access token", [], "`auth-flow` step";
    "auth-step-token-valid" => "the access token, valid {lifetime}", ["lifetime"], "`auth-flow` step: the token response with `token-lifetime`";
    "auth-step-tokens" => "the access token and a refresh token", [], "`auth-flow` step (with `refresh`)";
    "auth-step-api-call" => "call the API with the access token", [], "`auth-flow` step";
    "auth-step-api-response" => "the response", [], "`auth-flow` step";
    "auth-step-pkce" => "create a code verifier and its challenge", [], "`auth-flow` step (with `pkce`)";
    "auth-step-redirect" => "send the user to the authorization endpoint", [], "`auth-flow` step";
    "auth-step-consent" => "sign in and approve the access", [], "`auth-flow` step";
    "auth-step-code" => "redirect back with an authorization code", [], "`auth-flow` step";
    "auth-step-code-deliver" => "deliver the authorization code", [], "`auth-flow` step";
    "auth-step-exchange" => "exchange the code for an access token", [], "`auth-flow` step";
    "auth-step-refresh" => "refresh the access token", [], "`auth-flow` step (`refresh-token`, `refresh`)";
    "auth-step-new-token" => "a new access token", [], "`auth-flow` step (`refresh-token`, `refresh`)";
    "auth-step-assertion" => "sign a JWT assertion", [], "`auth-flow` step (`jwt-bearer`)";
    "auth-step-assertion-request" => "request an access token with the assertion", [], "`auth-flow` step (`jwt-bearer`)";
    "auth-step-device-request" => "request a device code", [], "`auth-flow` step (`device-code`)";
    "auth-step-device-codes" => "the device code, the user code and the verification URI", [], "`auth-flow` step (`device-code`)";
    "auth-step-show-code" => "show the user code and the verification URI", [], "`auth-flow` step (`device-code`)";
    "auth-step-approve" => "enter the user code and approve", [], "`auth-flow` step (`device-code`)";
    "auth-step-poll" => "poll for the access token", [], "`auth-flow` step (`device-code`)";
    "auth-step-mtls-request" => "request an access token over mutual TLS", [], "`auth-flow` step (`mtls`)";
    "auth-step-mtls-call" => "call the API over mutual TLS with the access token", [], "`auth-flow` step (`mtls`)";
    "auth-step-api-key" => "call the API with the API key", [], "`auth-flow` step (`api-key`)";
    "auth-step-basic" => "call the API with a user name and password", [], "`auth-flow` step (`basic`)";
    "auth-step-password" => "send the user's name and password", [], "`auth-flow` step (`password`)";
    "auth-step-implicit-token" => "redirect back with the access token", [], "`auth-flow` step (`implicit`)";
    "auth-step-implicit-deliver" => "deliver the access token", [], "`auth-flow` step (`implicit`)";
};

const fn text_attr(name: &'static str, doc: &'static str) -> AttrSpec {
    AttrSpec {
        name,
        ty: AttrType::Text,
        required: false,
        doc,
    }
}

static ATTRS: &[AttrSpec] = &[
    AttrSpec {
        name: "grant",
        ty: AttrType::Text,
        required: true,
        doc: "the grant: `client-credentials`, `authorization-code`, `refresh-token`, `jwt-bearer`, `device-code`, `api-key`, `basic`, `mtls` (or its RFC `grant_type`)",
    },
    AttrSpec {
        name: "client",
        ty: AttrType::Text,
        required: true,
        doc: "the client's participant name (e.g. \"Acme CRM\")",
    },
    AttrSpec {
        name: "server",
        ty: AttrType::Text,
        required: true,
        doc: "the authorization server's participant name (e.g. \"Globex Billing\")",
    },
    text_attr(
        "api",
        "the resource server's participant name, when it is not `server`",
    ),
    text_attr(
        "user",
        "the user's participant name (`authorization-code`, `device-code`; default: the `auth-user` label)",
    ),
    text_attr(
        "token-url",
        "the token endpoint, an absolute `https://` URL",
    ),
    text_attr(
        "authorize-url",
        "the authorization endpoint, an absolute `https://` URL (`authorization-code`)",
    ),
    text_attr(
        "device-url",
        "the device authorization endpoint, an absolute `https://` URL (`device-code`)",
    ),
    text_attr(
        "redirect-uri",
        "the client's redirect URI, an absolute `https://` URL (`authorization-code`)",
    ),
    text_attr("scopes", "the scopes requested, space-separated"),
    text_attr(
        "client-auth",
        "how the client authenticates at the token endpoint: `client_secret_basic`, `client_secret_post`, `private_key_jwt`, `tls_client_auth`, `none`",
    ),
    text_attr(
        "token-lifetime",
        "how long an access token is valid (e.g. \"1 hour\")",
    ),
    text_attr(
        "audience",
        "the audience the token is for (`client-credentials`, `jwt-bearer`)",
    ),
    AttrSpec {
        name: "pkce",
        ty: AttrType::Bool,
        required: false,
        doc: "use PKCE (RFC 7636, `S256`) with `authorization-code`",
    },
    AttrSpec {
        name: "refresh",
        ty: AttrType::Bool,
        required: false,
        doc: "show the refresh exchange after `authorization-code`",
    },
    text_attr(
        "header",
        "the API key's header (`api-key`, e.g. `X-API-Key`)",
    ),
    text_attr("query", "the API key's query parameter (`api-key`)"),
    text_attr(
        "title",
        "the diagram's title: its caption and accessible name",
    ),
    AttrSpec {
        name: "format",
        ty: AttrType::Choice(&["svg", "mermaid"]),
        required: false,
        doc: "`svg` (default): a diagram drawn by the preprocessor; `mermaid`: a mermaid diagram as mdbook-mermaid writes one (`<pre class=\"mermaid\">`), for its mermaid.js",
    },
    AttrSpec {
        name: "level",
        ty: AttrType::Int { min: 1, max: 6 },
        required: false,
        doc: "add headings (\"Authentication flow\", \"Step-by-step authentication flow\", ...) at this level",
    },
];

static SPEC: Spec = Spec {
    name: "auth-flow",
    positional: None,
    attrs: ATTRS,
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The grants, by the sequence of messages they draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ClientCredentials,
    AuthorizationCode,
    RefreshToken,
    JwtBearer,
    DeviceCode,
    ApiKey,
    Basic,
    Mtls,
    Password,
    Implicit,
}

/// One row of the grant table.
#[derive(Debug)]
struct Grant {
    kind: Kind,
    /// The value of `grant`.
    name: &'static str,
    /// The `grant_type` of the token request (RFC 6749 §4 and the RFCs
    /// that register more), also accepted as the value of `grant`.
    grant_type: Option<&'static str>,
    source: &'static str,
    /// Each entry: one of these attributes is required.
    requires: &'static [&'static [&'static str]],
    /// Optional attributes the grant uses.
    accepts: &'static [&'static str],
    /// Not to be used: how strongly RFC 9700 (the OAuth 2.0 Security Best
    /// Current Practice) says so (`must not`, `should not`), and where.
    /// `authorization-code` with `pkce` replaces both grants it rules out.
    discouraged: Option<(&'static str, &'static str)>,
}

/// The grant table. Sources:
/// - `client-credentials`: RFC 6749 §4.4 (`grant_type=client_credentials`);
/// - `authorization-code`: RFC 6749 §4.1 (`grant_type=authorization_code`),
///   with PKCE from RFC 7636 (`code_challenge`, `code_verifier`, `S256`);
/// - `refresh-token`: RFC 6749 §6 (`grant_type=refresh_token`);
/// - `jwt-bearer`: RFC 7523 §2.1
///   (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `assertion`);
/// - `device-code`: RFC 8628 §3.1 and §3.4
///   (`grant_type=urn:ietf:params:oauth:grant-type:device_code`);
/// - `api-key`: no standard; a key in a header or the query;
/// - `basic`: RFC 7617 (`Authorization: Basic`);
/// - `mtls`: RFC 8705 §2 (`tls_client_auth`, certificate-bound tokens),
///   with the client credentials grant;
/// - `password`: RFC 6749 §4.3, which RFC 9700 §2.4 says must not be used;
/// - `implicit`: RFC 6749 §4.2, which RFC 9700 §2.1.2 says should not be
///   used.
static GRANTS: &[Grant] = &[
    Grant {
        kind: Kind::ClientCredentials,
        name: "client-credentials",
        grant_type: Some("client_credentials"),
        source: "RFC 6749 §4.4",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth", "token-lifetime", "audience"],
        discouraged: None,
    },
    Grant {
        kind: Kind::AuthorizationCode,
        name: "authorization-code",
        grant_type: Some("authorization_code"),
        source: "RFC 6749 §4.1, RFC 7636",
        requires: &[&["authorize-url"], &["token-url"], &["redirect-uri"]],
        accepts: &[
            "pkce",
            "scopes",
            "client-auth",
            "token-lifetime",
            "refresh",
            "user",
        ],
        discouraged: None,
    },
    Grant {
        kind: Kind::RefreshToken,
        name: "refresh-token",
        grant_type: Some("refresh_token"),
        source: "RFC 6749 §6",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth"],
        discouraged: None,
    },
    Grant {
        kind: Kind::JwtBearer,
        name: "jwt-bearer",
        grant_type: Some("urn:ietf:params:oauth:grant-type:jwt-bearer"),
        source: "RFC 7523",
        requires: &[&["token-url"]],
        accepts: &["scopes", "audience", "token-lifetime"],
        discouraged: None,
    },
    Grant {
        kind: Kind::DeviceCode,
        name: "device-code",
        grant_type: Some("urn:ietf:params:oauth:grant-type:device_code"),
        source: "RFC 8628",
        requires: &[&["device-url"], &["token-url"]],
        accepts: &["scopes", "user"],
        discouraged: None,
    },
    Grant {
        kind: Kind::ApiKey,
        name: "api-key",
        grant_type: None,
        source: "",
        requires: &[&["header", "query"]],
        accepts: &[],
        discouraged: None,
    },
    Grant {
        kind: Kind::Basic,
        name: "basic",
        grant_type: None,
        source: "RFC 7617",
        requires: &[],
        accepts: &[],
        discouraged: None,
    },
    Grant {
        kind: Kind::Mtls,
        name: "mtls",
        grant_type: Some("client_credentials"),
        source: "RFC 8705",
        requires: &[&["token-url"]],
        accepts: &["scopes"],
        discouraged: None,
    },
    Grant {
        kind: Kind::Password,
        name: "password",
        grant_type: Some("password"),
        source: "RFC 6749 §4.3",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth", "user"],
        discouraged: Some(("must not", "RFC 9700 §2.4")),
    },
    Grant {
        kind: Kind::Implicit,
        name: "implicit",
        grant_type: None,
        source: "RFC 6749 §4.2",
        requires: &[&["authorize-url"], &["redirect-uri"]],
        accepts: &["scopes", "user"],
        discouraged: Some(("should not", "RFC 9700 §2.1.2")),
    },
];

/// The attributes whose use depends on the grant.
const GRANT_ATTRS: &[&str] = &[
    "user",
    "token-url",
    "authorize-url",
    "device-url",
    "redirect-uri",
    "scopes",
    "client-auth",
    "token-lifetime",
    "audience",
    "pkce",
    "refresh",
    "header",
    "query",
];

/// The URL attributes: absolute `https://` URLs.
const URL_ATTRS: &[&str] = &["token-url", "authorize-url", "device-url", "redirect-uri"];

/// Client authentication methods at the token endpoint (RFC 7591 §2,
/// `token_endpoint_auth_method`; RFC 7523 §2.2 for `private_key_jwt`,
/// RFC 8705 §2.1 for `tls_client_auth`).
const CLIENT_AUTHS: &[&str] = &[
    "client_secret_basic",
    "client_secret_post",
    "private_key_jwt",
    "tls_client_auth",
    "none",
];

impl Grant {
    fn uses(&self, attr: &str) -> bool {
        self.accepts.contains(&attr) || self.requires.iter().any(|r| r.contains(&attr))
    }

    /// The grant named `name`, by its name or its RFC `grant_type`.
    fn find(name: &str) -> Option<&'static Grant> {
        GRANTS.iter().find(|g| g.name == name).or_else(|| {
            GRANTS
                .iter()
                .find(|g| g.grant_type == Some(name) && g.kind != Kind::Mtls)
        })
    }
}

/// What an `auth-flow` says, its attributes checked against its grant.
#[derive(Debug)]
struct Auth<'c> {
    grant: &'static Grant,
    client: &'c str,
    server: &'c str,
    api: Option<&'c str>,
    user: Option<&'c str>,
    token_url: Option<&'c str>,
    authorize_url: Option<&'c str>,
    device_url: Option<&'c str>,
    redirect_uri: Option<&'c str>,
    scopes: Vec<&'c str>,
    /// One of [`CLIENT_AUTHS`], or the grant's default.
    client_auth: Option<&'static str>,
    lifetime: Option<&'c str>,
    audience: Option<&'c str>,
    pkce: bool,
    refresh: bool,
    header: Option<&'c str>,
    query: Option<&'c str>,
}

/// Whether an attribute was written at all.
fn given(call: &Call, name: &str) -> bool {
    call.text(name).is_some() || call.flag(name).is_some() || call.int(name).is_some()
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The host of an `http://` or `https://` URL (after the scheme, before
/// any path, query, port or user info).
fn host(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

/// Checks a URL attribute: an absolute `https://` URL; `http://` is a
/// warning unless its host is the loopback (`localhost`, `127.0.0.1`,
/// `::1`).
fn check_url(value: &str, name: &str, span: Range<usize>) -> Option<Diagnostic> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let hint = "write an absolute URL such as `https://auth.example.com/oauth/token`";
    if v.chars().any(char::is_whitespace) {
        return Some(
            Diagnostic::error(span, format!("`{name}` must be a URL without spaces"))
                .with_hint(hint),
        );
    }
    if let Some(rest) = lower.strip_prefix("https://") {
        if host(rest).is_empty() {
            return Some(Diagnostic::error(span, format!("`{name}` has no host")).with_hint(hint));
        }
        return None;
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let h = host(rest);
        if h.is_empty() {
            return Some(Diagnostic::error(span, format!("`{name}` has no host")).with_hint(hint));
        }
        if matches!(h, "localhost" | "127.0.0.1" | "::1") {
            return None;
        }
        return Some(
            Diagnostic::warning(
                span,
                format!(
                    "`{name}` is an `http://` URL: tokens and secrets would travel unencrypted"
                ),
            )
            .with_hint("use `https://` (plain `http://` is only for `localhost`)"),
        );
    }
    Some(
        Diagnostic::error(span, format!("`{name}` must be an absolute `https://` URL"))
            .with_hint(hint),
    )
}

/// Reads the attributes and checks them against the grant: every problem
/// is returned (errors and warnings), the model when there is no error.
fn parse(call: &Call) -> (Option<Auth<'_>>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let grant_span = call.span_of("grant");
    let written = call.text("grant").unwrap_or_default().trim();
    let grant = Grant::find(written);
    if grant.is_none() {
        let names = GRANTS.iter().map(|g| g.name);
        let d = Diagnostic::error(grant_span.clone(), format!("unknown grant `{written}`"));
        problems.push(match crate::diagnostic::closest(written, names) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!(
                "the grants are {}",
                list(&GRANTS.iter().map(|g| g.name).collect::<Vec<_>>())
            )),
        });
    }
    if let Some(g) = grant {
        if let Some((how, section)) = g.discouraged {
            problems.push(
                Diagnostic::warning(
                    grant_span.clone(),
                    format!(
                        "the `{}` grant {how} be used (OAuth 2.0 Security Best Current Practice, {section}): use `authorization-code` with `pkce` instead",
                        g.name
                    ),
                )
                .with_hint("a device without a browser uses `device-code`; a service without a user, `client-credentials`"),
            );
        }
        for alternatives in g.requires {
            if !alternatives.iter().any(|a| given(call, a)) {
                let what = match alternatives {
                    [one] => format!("`{one}`"),
                    many => format!("one of {}", list(many)),
                };
                let doc = SPEC
                    .attrs
                    .iter()
                    .find(|a| a.name == alternatives[0])
                    .map_or("", |a| a.doc);
                problems.push(
                    Diagnostic::error(
                        call.span.clone(),
                        format!("the `{}` grant needs {what}", g.name),
                    )
                    .with_hint(format!("add `{}=\"...\"`: {doc}", alternatives[0]))
                    .with_related(
                        Place::Here,
                        grant_span.clone(),
                        "the grant is chosen here",
                    ),
                );
            }
        }
        for attr in GRANT_ATTRS.iter().filter(|a| given(call, a) && !g.uses(a)) {
            let takers: Vec<&str> = GRANTS
                .iter()
                .filter(|o| o.uses(attr))
                .map(|o| o.name)
                .collect();
            problems.push(
                Diagnostic::error(
                    call.span_of(attr),
                    format!("the `{}` grant does not use `{attr}`", g.name),
                )
                .with_hint(format!(
                    "`{attr}` is for {}; remove it or change the grant",
                    list(&takers)
                ))
                .with_related(
                    Place::Here,
                    grant_span.clone(),
                    "the grant is chosen here",
                ),
            );
        }
        if let [header, query] = ["header", "query"].map(|a| given(call, a))
            && header
            && query
        {
            problems.push(
                Diagnostic::error(
                    call.span_of("query"),
                    "an API key goes in a `header` or in the `query`, not both",
                )
                .with_hint("remove one of them")
                .with_related(
                    Place::Here,
                    call.span_of("header"),
                    "the header is here",
                ),
            );
        }
    }
    let client_auth = call.text("client-auth").map(str::trim);
    if let Some(written) = client_auth
        && !CLIENT_AUTHS.contains(&written)
    {
        let d = Diagnostic::error(
            call.span_of("client-auth"),
            format!("unknown client authentication `{written}`"),
        );
        problems.push(
            match crate::diagnostic::closest(written, CLIENT_AUTHS.iter().copied()) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => d.with_hint(format!("write one of {}", list(CLIENT_AUTHS))),
            },
        );
    }
    for name in URL_ATTRS {
        if let Some(v) = call.text(name) {
            problems.extend(check_url(v, name, call.span_of(name)));
        }
    }
    problems.sort_by_key(|d| d.span.start);
    let failed = problems
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let (Some(grant), false) = (grant, failed) else {
        return (None, problems);
    };
    let text = |name| call.text(name).map(str::trim).filter(|t| !t.is_empty());
    let default_auth = match grant.kind {
        Kind::ClientCredentials | Kind::RefreshToken | Kind::Password => {
            Some("client_secret_basic")
        }
        Kind::AuthorizationCode if call.flag("pkce") == Some(true) => Some("none"),
        Kind::AuthorizationCode => Some("client_secret_basic"),
        Kind::DeviceCode => Some("none"),
        Kind::Mtls => Some("tls_client_auth"),
        Kind::JwtBearer | Kind::ApiKey | Kind::Basic | Kind::Implicit => None,
    };
    let auth = Auth {
        grant,
        client: call.text("client").unwrap_or_default().trim(),
        server: call.text("server").unwrap_or_default().trim(),
        api: text("api").filter(|a| Some(*a) != text("server")),
        user: text("user"),
        token_url: text("token-url"),
        authorize_url: text("authorize-url"),
        device_url: text("device-url"),
        redirect_uri: text("redirect-uri"),
        scopes: text("scopes")
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default(),
        client_auth: client_auth
            .and_then(|c| CLIENT_AUTHS.iter().copied().find(|k| *k == c))
            .or(default_auth),
        lifetime: text("token-lifetime"),
        audience: text("audience"),
        pkce: call.flag("pkce") == Some(true),
        refresh: call.flag("refresh") == Some(true),
        header: text("header"),
        query: text("query"),
    };
    (Some(auth), problems)
}

/// The path of a URL (`/oauth/token`), `/` when it has none.
fn path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// The labels a flow is written with: the text of a key, as inline
/// Markdown that shows it as written.
type Label<'a> = &'a dyn Fn(&str) -> String;

/// The steps of a flow as they are added.
struct Steps<'l> {
    out: Vec<FlowStep>,
    label: Label<'l>,
}

impl Steps<'_> {
    fn push(&mut self, from: usize, to: usize, key: &str, protocol: Vec<String>, reply: bool) {
        self.push_text(from, to, (self.label)(key), protocol, reply);
    }

    fn push_text(
        &mut self,
        from: usize,
        to: usize,
        what: String,
        protocol: Vec<String>,
        reply: bool,
    ) {
        self.out.push(FlowStep {
            from,
            to,
            what,
            protocol: (!protocol.is_empty()).then(|| protocol.join(", ")),
            details: None,
            reply,
        });
    }
}

/// The messages of the grant, between its participants: the user (when
/// the grant has one), the client, the server and the API (when it is
/// not the server). Protocol texts are inline code.
fn steps(auth: &Auth<'_>, label: Label<'_>) -> Flow {
    use Kind::*;
    let kind = auth.grant.kind;
    let mut participants = Vec::new();
    let user = matches!(kind, AuthorizationCode | DeviceCode | Implicit | Password).then(|| {
        participants.push(auth.user.map_or_else(|| label("auth-user"), str::to_string));
        participants.len() - 1
    });
    participants.push(auth.client.to_string());
    let client = participants.len() - 1;
    participants.push(auth.server.to_string());
    let server = participants.len() - 1;
    let api = match auth.api {
        Some(a) => {
            participants.push(a.to_string());
            participants.len() - 1
        }
        None => server,
    };
    let user = user.unwrap_or(client);
    let mut s = Steps {
        out: Vec::new(),
        label,
    };
    let token = auth.token_url;
    let post = |url: Option<&str>| code(&format!("POST {}", path(url.unwrap_or("/"))));
    let get = |url: Option<&str>| code(&format!("GET {}", path(url.unwrap_or("/"))));
    let grant_type = code(&format!(
        "grant_type={}",
        auth.grant.grant_type.unwrap_or("")
    ));
    // How the client identifies itself in the token request: a public
    // client (`none`) sends its `client_id`.
    let client_auth: Vec<String> = auth
        .client_auth
        .map(|m| code(if m == "none" { "client_id" } else { m }))
        .into_iter()
        .collect();
    let bearer = code("Authorization: Bearer");
    let token_reply = |s: &mut Steps<'_>, refresh: bool| {
        let mut protocol = vec![code("access_token")];
        if refresh {
            protocol.push(code("refresh_token"));
        }
        if auth.lifetime.is_some() {
            protocol.push(code("expires_in"));
        }
        let what = match (refresh, auth.lifetime) {
            (true, _) => label("auth-step-tokens"),
            (false, Some(l)) => {
                label("auth-step-token-valid").replace("{lifetime}", &escape::text(l))
            }
            (false, None) => label("auth-step-token"),
        };
        s.push_text(server, client, what, protocol, true);
    };
    let api_call = |s: &mut Steps<'_>, key: &str, protocol: String| {
        s.push(client, api, key, vec![protocol], false);
        s.push(api, client, "auth-step-api-response", vec![], true);
    };
    match kind {
        ClientCredentials | Password => {
            let key = if kind == Password {
                "auth-step-password"
            } else {
                "auth-step-token-request"
            };
            let mut p = vec![post(token), grant_type.clone()];
            p.extend(client_auth.clone());
            if kind == Password {
                s.push(user, client, key, vec![], false);
                s.push(client, server, "auth-step-token-request", p, false);
            } else {
                s.push(client, server, key, p, false);
            }
            token_reply(&mut s, false);
            api_call(&mut s, "auth-step-api-call", bearer);
        }
        Mtls => {
            let p = vec![post(token), grant_type.clone(), code("tls_client_auth")];
            s.push(client, server, "auth-step-mtls-request", p, false);
            token_reply(&mut s, false);
            api_call(&mut s, "auth-step-mtls-call", bearer);
        }
        RefreshToken => {
            let mut p = vec![post(token), grant_type.clone()];
            p.extend(client_auth.clone());
            s.push(client, server, "auth-step-refresh", p, false);
            s.push(
                server,
                client,
                "auth-step-new-token",
                vec![code("access_token")],
                true,
            );
            api_call(&mut s, "auth-step-api-call", bearer);
        }
        JwtBearer => {
            let mut p = vec![code("JWS")];
            p.extend(auth.audience.map(|a| code(&format!("aud={a}"))));
            s.push(client, client, "auth-step-assertion", p, false);
            let p = vec![post(token), grant_type.clone(), code("assertion")];
            s.push(client, server, "auth-step-assertion-request", p, false);
            token_reply(&mut s, false);
            api_call(&mut s, "auth-step-api-call", bearer);
        }
        DeviceCode => {
            let p = vec![post(auth.device_url), code("client_id")];
            s.push(client, server, "auth-step-device-request", p, false);
            let p = vec![
                code("device_code"),
                code("user_code"),
                code("verification_uri"),
            ];
            s.push(server, client, "auth-step-device-codes", p, true);
            s.push(client, user, "auth-step-show-code", vec![], false);
            s.push(
                user,
                server,
                "auth-step-approve",
                vec![code("verification_uri")],
                false,
            );
            let p = vec![post(token), grant_type.clone(), code("device_code")];
            s.push(client, server, "auth-step-poll", p, false);
            token_reply(&mut s, false);
            api_call(&mut s, "auth-step-api-call", bearer);
        }
        AuthorizationCode | Implicit => {
            if auth.pkce {
                let p = vec![code("code_verifier"), code("code_challenge"), code("S256")];
                s.push(client, client, "auth-step-pkce", p, false);
            }
            s.push(
                client,
                user,
                "auth-step-redirect",
                vec![code("302 Found")],
                false,
            );
            let response_type = if kind == Implicit { "token" } else { "code" };
            let mut p = vec![
                get(auth.authorize_url),
                code(&format!("response_type={response_type}")),
            ];
            if auth.pkce {
                p.push(code("code_challenge"));
            }
            s.push(user, server, "auth-step-consent", p, false);
            let redirect = code(&format!(
                "302 Found {}",
                path(auth.redirect_uri.unwrap_or("/"))
            ));
            if kind == Implicit {
                let p = vec![redirect, code("#access_token")];
                s.push(server, user, "auth-step-implicit-token", p, true);
                let p = vec![code("access_token")];
                s.push(user, client, "auth-step-implicit-deliver", p, false);
                api_call(&mut s, "auth-step-api-call", bearer);
            } else {
                s.push(
                    server,
                    user,
                    "auth-step-code",
                    vec![redirect, code("code")],
                    true,
                );
                let p = vec![get(auth.redirect_uri), code("code")];
                s.push(user, client, "auth-step-code-deliver", p, false);
                let mut p = vec![post(token), grant_type.clone(), code("code")];
                if auth.pkce {
                    p.push(code("code_verifier"));
                }
                p.extend(client_auth.clone());
                s.push(client, server, "auth-step-exchange", p, false);
                token_reply(&mut s, auth.refresh);
                api_call(&mut s, "auth-step-api-call", bearer);
                if auth.refresh {
                    let p = vec![post(token), code("grant_type=refresh_token")];
                    s.push(client, server, "auth-step-refresh", p, false);
                    s.push(
                        server,
                        client,
                        "auth-step-new-token",
                        vec![code("access_token")],
                        true,
                    );
                }
            }
        }
        ApiKey => {
            let p = match (auth.header, auth.query) {
                (Some(h), _) => code(&format!("{h}: $API_KEY")),
                (_, Some(q)) => code(&format!("?{q}=$API_KEY")),
                _ => String::new(),
            };
            api_call(&mut s, "auth-step-api-key", p);
        }
        Basic => api_call(&mut s, "auth-step-basic", code("Authorization: Basic")),
    }
    Flow {
        participants,
        steps: s.out,
    }
}

/// The `curl` command: the token request, or for `api-key` and `basic`
/// an API call; `None` for `implicit` (there is no request to show).
/// Secrets are placeholders (`$CLIENT_ID`, `$CLIENT_SECRET`, ...) the
/// shell fills in.
fn curl(auth: &Auth<'_>) -> Option<String> {
    use Kind::*;
    let mut args: Vec<String> = Vec::new();
    let data = |args: &mut Vec<String>, s: &str| {
        args.push(format!("--data-urlencode {}", shell_quote(s)));
    };
    let url = match auth.grant.kind {
        Implicit => return None,
        ApiKey => {
            return Some(match (auth.header, auth.query) {
                (Some(h), _) => format!(
                    "curl {} \\\n  --header {}",
                    shell_quote("$API_URL"),
                    shell_quote(&format!("{h}: $API_KEY"))
                ),
                (_, Some(q)) => format!("curl {}", shell_quote(&format!("$API_URL?{q}=$API_KEY"))),
                _ => return None,
            });
        }
        Basic => {
            return Some(format!(
                "curl {} \\\n  --user {}",
                shell_quote("$API_URL"),
                shell_quote("$USERNAME:$PASSWORD")
            ));
        }
        _ => auth.token_url?,
    };
    match auth.client_auth {
        Some("client_secret_basic") => {
            args.push(format!(
                "--user {}",
                shell_quote("$CLIENT_ID:$CLIENT_SECRET")
            ));
        }
        Some("tls_client_auth") => {
            args.push(format!("--cert {}", shell_quote("$CLIENT_CERT")));
            args.push(format!("--key {}", shell_quote("$CLIENT_KEY")));
        }
        _ => {}
    }
    if let Some(gt) = auth.grant.grant_type {
        data(&mut args, &format!("grant_type={gt}"));
    }
    match auth.grant.kind {
        AuthorizationCode => {
            data(&mut args, "code=$CODE");
            if let Some(r) = auth.redirect_uri {
                data(&mut args, &format!("redirect_uri={r}"));
            }
            if auth.pkce {
                data(&mut args, "code_verifier=$CODE_VERIFIER");
            }
        }
        RefreshToken => data(&mut args, "refresh_token=$REFRESH_TOKEN"),
        JwtBearer => data(&mut args, "assertion=$JWT_ASSERTION"),
        DeviceCode => data(&mut args, "device_code=$DEVICE_CODE"),
        Password => {
            data(&mut args, "username=$USERNAME");
            data(&mut args, "password=$PASSWORD");
        }
        _ => {}
    }
    match auth.client_auth {
        Some("client_secret_post") => {
            data(&mut args, "client_id=$CLIENT_ID");
            data(&mut args, "client_secret=$CLIENT_SECRET");
        }
        Some("private_key_jwt") => {
            data(&mut args, "client_id=$CLIENT_ID");
            data(
                &mut args,
                "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            );
            data(&mut args, "client_assertion=$CLIENT_ASSERTION");
        }
        Some("tls_client_auth") | Some("none") => data(&mut args, "client_id=$CLIENT_ID"),
        _ => {}
    }
    if !auth.scopes.is_empty() {
        data(&mut args, &format!("scope={}", auth.scopes.join(" ")));
    }
    // For `jwt-bearer` the audience is the assertion's `aud` claim (RFC
    // 7523 §3), not a parameter of the request.
    if let Some(a) = auth.audience.filter(|_| auth.grant.kind != JwtBearer) {
        data(&mut args, &format!("audience={a}"));
    }
    let mut command = format!("curl --request POST {}", shell_quote(url));
    for a in &args {
        command.push_str(" \\\n  ");
        command.push_str(a);
    }
    Some(command)
}

/// The parameter table's rows: label key and value (inline Markdown).
fn parameters(auth: &Auth<'_>, o: crate::markdown::ParseOptions) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let g = auth.grant;
    rows.push((
        "auth-grant-type",
        code(
            g.grant_type
                .filter(|_| g.kind != Kind::Mtls)
                .unwrap_or(g.name),
        ),
    ));
    if g.kind == Kind::Mtls {
        rows[0].1 = format!(
            "{}, {}",
            code("client_credentials"),
            code("tls_client_auth")
        );
    }
    if !g.source.is_empty() {
        rows.push(("auth-specification", escape::text(g.source)));
    }
    for (key, value) in [
        ("auth-authorize-url", auth.authorize_url),
        ("auth-device-url", auth.device_url),
        ("auth-token-url", auth.token_url),
        ("auth-redirect-uri", auth.redirect_uri),
    ] {
        if let Some(v) = value {
            rows.push((key, code(v)));
        }
    }
    if !auth.scopes.is_empty() {
        let scopes: Vec<String> = auth.scopes.iter().map(|s| code(s)).collect();
        rows.push(("auth-scopes", scopes.join(" ")));
    }
    if let Some(c) = auth.client_auth {
        rows.push(("auth-client-auth", code(c)));
    }
    if let Some(l) = auth.lifetime {
        rows.push(("auth-token-lifetime", escape::cell(l, o)));
    }
    if let Some(a) = auth.audience {
        rows.push(("auth-audience", code(a)));
    }
    if auth.pkce {
        rows.push(("auth-pkce", code("S256")));
    }
    if auth.refresh {
        rows.push(("auth-refresh", code("refresh_token")));
    }
    if let Some(h) = auth.header {
        rows.push(("auth-header", code(h)));
    }
    if let Some(q) = auth.query {
        rows.push(("auth-query", code(q)));
    }
    rows
}

impl Shortcode for AuthFlow {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let (auth, problems) = parse(call);
        let (errors, warnings): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|d| d.severity == crate::diagnostic::Severity::Error);
        for w in warnings {
            cx.warn(w);
        }
        cx.finish(errors, || match auth {
            Some(auth) => Ok(emit(call, cx, &auth)),
            // `parse` gives no model only with an error, so this is not
            // reached; it stays an error rather than a panic.
            None => Err(Diagnostic::error(
                call.span.clone(),
                "`auth-flow` could not be read",
            )),
        })
    }
}

/// The Markdown: the diagram and the step table (as `data-flow`), the
/// parameter table, the `curl` request, the body.
fn emit(call: &Call, cx: &RenderCx<'_>, auth: &Auth<'_>) -> String {
    let o = cx.settings().markdown;
    let label = |key: &str| cx.label(key);
    let flow = steps(auth, &label);
    let title = cx
        .settings()
        .labels
        .get("auth-title")
        .replace("{grant}", auth.grant.name);
    let mut out = emit_flow(
        call,
        cx,
        &flow,
        &title,
        ["auth-diagram-heading", "auth-table-heading"],
    );
    let level = call.int("level");
    let title = |key: &str| write::group_title(&cx.label(key), level);
    let header = [cx.label("auth-parameter"), cx.label("auth-value")];
    let rows: Vec<Vec<String>> = parameters(auth, o)
        .into_iter()
        .map(|(key, value)| vec![escape::pipes(&cx.label(key)), escape::pipes(&value)])
        .collect();
    out.push_str("\n\n");
    out.push_str(&title("auth-parameters"));
    out.push_str("\n\n");
    out.push_str(&write::table(&[&header[0], &header[1]], &rows));
    if let Some(command) = curl(auth) {
        let key = if matches!(auth.grant.kind, Kind::ApiKey | Kind::Basic) {
            "auth-api-request"
        } else {
            "auth-token-request"
        };
        out.push_str("\n\n");
        out.push_str(&title(key));
        out.push_str("\n\n");
        out.push_str(&write::fenced("sh", &command));
    }
    if let Some(body) = cx.body().map(str::trim).filter(|b| !b.is_empty()) {
        out.push_str("\n\n");
        out.push_str(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `auth-flow` whose tag is at 0..10 and attribute `i` at
    /// `1000 * (i + 1)`; `pkce` and `refresh` are flags.
    fn call(attrs: &[(&'static str, &str)]) -> Call {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(name, value))| {
                let at = 1000 * (i + 1);
                let v = if matches!(name, "pkce" | "refresh") {
                    AttrValue::Bool(value == "true")
                } else {
                    AttrValue::Text(value.to_string())
                };
                (name, v, at..at + value.len())
            })
            .collect();
        Call::for_test("auth-flow", 0..10, args)
    }

    fn problems(attrs: &[(&'static str, &str)]) -> Vec<(String, Range<usize>)> {
        let c = call(attrs);
        parse(&c)
            .1
            .into_iter()
            .map(|d| (d.message, d.span))
            .collect()
    }

    fn default_label(key: &str) -> String {
        let spec = LABELS.iter().find(|l| l.key == key).expect(key);
        escape::text(spec.default)
    }

    const CC: &[(&str, &str)] = &[
        ("grant", "client-credentials"),
        ("client", "Acme CRM"),
        ("server", "Globex"),
        ("token-url", "https://globex.example/oauth/token"),
        ("scopes", "a:read b:write"),
    ];

    #[test]
    fn the_grant_table_has_what_the_rfcs_say() {
        let g = |n| Grant::find(n).expect(n);
        assert_eq!(g("client-credentials").requires, &[&["token-url"][..]]);
        assert!(g("authorization-code").uses("pkce"));
        assert!(!g("client-credentials").uses("pkce"));
        assert_eq!(
            g("authorization-code").requires,
            &[&["authorize-url"][..], &["token-url"], &["redirect-uri"]]
        );
        assert_eq!(
            g("device-code").requires,
            &[&["device-url"][..], &["token-url"]]
        );
        assert_eq!(g("api-key").requires, &[&["header", "query"][..]]);
        assert!(g("basic").requires.is_empty() && g("basic").accepts.is_empty());
        assert!(g("jwt-bearer").uses("audience") && !g("jwt-bearer").uses("client-auth"));
        assert!(
            g("refresh-token").uses("client-auth") && !g("refresh-token").uses("token-lifetime")
        );
        // The RFC names are the same grants.
        for (rfc, name) in [
            ("client_credentials", "client-credentials"),
            ("authorization_code", "authorization-code"),
            ("refresh_token", "refresh-token"),
            ("urn:ietf:params:oauth:grant-type:jwt-bearer", "jwt-bearer"),
            (
                "urn:ietf:params:oauth:grant-type:device_code",
                "device-code",
            ),
        ] {
            assert_eq!(g(rfc).name, name);
        }
        assert!(g("password").discouraged.is_some() && g("implicit").discouraged.is_some());
        // Every grant attribute is used by some grant, and only those.
        for a in GRANT_ATTRS {
            assert!(GRANTS.iter().any(|g| g.uses(a)), "{a}");
        }
        for g in GRANTS {
            for a in g
                .accepts
                .iter()
                .chain(g.requires.iter().flat_map(|r| r.iter()))
            {
                assert!(GRANT_ATTRS.contains(a), "{a}");
            }
        }
    }

    #[test]
    fn a_valid_call_has_no_problem() {
        let c = call(CC);
        let (auth, problems) = parse(&c);
        assert!(problems.is_empty());
        let auth = auth.unwrap();
        assert_eq!(auth.scopes, vec!["a:read", "b:write"]);
        assert_eq!(auth.client_auth, Some("client_secret_basic"));
    }

    #[test]
    fn every_problem_is_located() {
        // Unknown grant, with a suggestion.
        assert_eq!(
            problems(&[
                ("grant", "client-credential"),
                ("client", "A"),
                ("server", "B")
            ]),
            vec![("unknown grant `client-credential`".into(), 1000..1017)]
        );
        // Missing required attributes point at the tag; unused ones at
        // their value; unknown client-auth and bad URLs at their value.
        let found = problems(&[
            ("grant", "authorization-code"),
            ("client", "A"),
            ("server", "B"),
            ("token-url", "ftp://x/token"),
            ("audience", "x"),
            ("client-auth", "client_secret_basik"),
            ("authorize-url", "http://auth.example/authorize"),
        ]);
        assert_eq!(
            found,
            vec![
                ("the `authorization-code` grant needs `redirect-uri`".into(), 0..10),
                ("`token-url` must be an absolute `https://` URL".into(), 4000..4013),
                ("the `authorization-code` grant does not use `audience`".into(), 5000..5001),
                ("unknown client authentication `client_secret_basik`".into(), 6000..6019),
                (
                    "`authorize-url` is an `http://` URL: tokens and secrets would travel unencrypted"
                        .into(),
                    7000..7029
                ),
            ]
        );
        // http on the loopback is fine.
        let mut local = CC.to_vec();
        local[3] = ("token-url", "http://localhost:8080/token");
        assert!(problems(&local).is_empty());
        // Discouraged grants warn.
        let c = call(&[
            ("grant", "password"),
            ("client", "A"),
            ("server", "B"),
            ("token-url", "https://b.example/token"),
        ]);
        let (auth, found) = parse(&c);
        assert!(auth.is_some());
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
        assert!(found[0].message.contains("RFC 9700 §2.4"));
    }

    #[test]
    fn unused_attributes_name_the_grants_that_take_them() {
        let mut attrs = CC.to_vec();
        attrs.push(("pkce", "true"));
        let c = call(&attrs);
        let d = parse(&c).1.remove(0);
        assert_eq!(d.span, 6000..6004);
        assert_eq!(
            d.hint.as_deref(),
            Some("`pkce` is for `authorization-code`; remove it or change the grant")
        );
        assert_eq!(d.related[0].span, 1000..1018);
    }

    #[test]
    fn client_credentials_steps_and_curl() {
        let c = call(CC);
        let auth = parse(&c).0.unwrap();
        let flow = steps(&auth, &default_label);
        assert_eq!(flow.participants, vec!["Acme CRM", "Globex"]);
        let what: Vec<(usize, usize, &str, Option<&str>)> = flow
            .steps
            .iter()
            .map(|s| (s.from, s.to, s.what.as_str(), s.protocol.as_deref()))
            .collect();
        assert_eq!(
            what,
            vec![
                (
                    0,
                    1,
                    "request an access token",
                    Some(
                        "`POST /oauth/token`, `grant_type=client_credentials`, `client_secret_basic`"
                    )
                ),
                (1, 0, "the access token", Some("`access_token`")),
                (
                    0,
                    1,
                    "call the API with the access token",
                    Some("`Authorization: Bearer`")
                ),
                (1, 0, "the response", None),
            ]
        );
        assert_eq!(
            curl(&auth).unwrap(),
            "curl --request POST https://globex.example/oauth/token \\\n  --user \"$CLIENT_ID:$CLIENT_SECRET\" \\\n  --data-urlencode grant_type=client_credentials \\\n  --data-urlencode 'scope=a:read b:write'"
        );
    }

    #[test]
    fn authorization_code_with_pkce_and_refresh() {
        let c = call(&[
            ("grant", "authorization_code"),
            ("client", "App"),
            ("server", "IdP"),
            ("api", "API"),
            ("authorize-url", "https://idp.example/authorize"),
            ("token-url", "https://idp.example/token"),
            ("redirect-uri", "https://app.example/cb"),
            ("pkce", "true"),
            ("refresh", "true"),
        ]);
        let auth = parse(&c).0.unwrap();
        let flow = steps(&auth, &default_label);
        assert_eq!(flow.participants, vec!["User", "App", "IdP", "API"]);
        let what: Vec<&str> = flow.steps.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(
            what,
            vec![
                "create a code verifier and its challenge",
                "send the user to the authorization endpoint",
                "sign in and approve the access",
                "redirect back with an authorization code",
                "deliver the authorization code",
                "exchange the code for an access token",
                "the access token and a refresh token",
                "call the API with the access token",
                "the response",
                "refresh the access token",
                "a new access token",
            ]
        );
        assert_eq!(flow.steps[7].to, 3);
        let curl = curl(&auth).unwrap();
        assert!(curl.contains("code_verifier=$CODE_VERIFIER"), "{curl}");
        assert!(curl.contains("\"client_id=$CLIENT_ID\""), "{curl}");
        assert!(
            !curl.contains("CLIENT_SECRET"),
            "a public client has no secret: {curl}"
        );
    }

    #[test]
    fn urls_are_shell_quoted_and_code_spans_hold_backticks() {
        let mut attrs = CC.to_vec();
        attrs[3] = ("token-url", "https://x.example/t?a=1&b='2'");
        let c = call(&attrs);
        let auth = parse(&c).0.unwrap();
        assert!(
            curl(&auth)
                .unwrap()
                .starts_with("curl --request POST 'https://x.example/t?a=1&b='\\''2'\\'''")
        );
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(path("https://h.example/a/b?c#d"), "/a/b");
        assert_eq!(path("https://h.example"), "/");
        assert_eq!(host("user@[::1]:80/x"), "::1");
    }
}
