//! Reading an `auth-flow`: its attributes checked against the grant
//! table ([`super::grants`]), every problem located.

use std::ops::Range;

use crate::api::Call;
use crate::diagnostic::{Diagnostic, Place};

use super::SPEC;
use super::grants::{CLIENT_AUTHS, GRANT_ATTRS, GRANTS, Grant, Kind, URL_ATTRS};

/// What an `auth-flow` says, its attributes checked against its grant.
#[derive(Debug)]
pub(super) struct Auth<'c> {
    pub(super) grant: &'static Grant,
    pub(super) client: &'c str,
    pub(super) server: &'c str,
    pub(super) api: Option<&'c str>,
    pub(super) user: Option<&'c str>,
    pub(super) token_url: Option<&'c str>,
    pub(super) authorize_url: Option<&'c str>,
    pub(super) device_url: Option<&'c str>,
    pub(super) redirect_uri: Option<&'c str>,
    pub(super) scopes: Vec<&'c str>,
    /// One of [`CLIENT_AUTHS`], or the grant's default.
    pub(super) client_auth: Option<&'static str>,
    pub(super) lifetime: Option<&'c str>,
    pub(super) audience: Option<&'c str>,
    pub(super) pkce: bool,
    pub(super) refresh: bool,
    pub(super) header: Option<&'c str>,
    pub(super) query: Option<&'c str>,
    /// `token-var`: the variable the access token is captured in.
    pub(super) token_var: &'c str,
}
/// Whether an attribute was written at all.
pub(super) fn given(call: &Call, name: &str) -> bool {
    call.text(name).is_some() || call.flag(name).is_some() || call.int(name).is_some()
}

pub(super) fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The host of an `http://` or `https://` URL (after the scheme, before
/// any path, query, port or user info).
pub(super) fn host(rest: &str) -> &str {
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
pub(super) fn parse(call: &Call) -> (Option<Auth<'_>>, Vec<Diagnostic>) {
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
        grant_problems(call, g, &mut problems);
    }
    other_problems(call, &mut problems);
    problems.sort_by_key(|d| d.span.start);
    let failed = problems
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let (Some(grant), false) = (grant, failed) else {
        return (None, problems);
    };
    (Some(model(call, grant)), problems)
}

/// What the grant says of the attributes: discouraged, required ones
/// missing, ones it does not use, an API key in two places.
fn grant_problems(call: &Call, g: &'static Grant, problems: &mut Vec<Diagnostic>) {
    let grant_span = call.span_of("grant");
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
            .with_related(Place::Here, grant_span.clone(), "the grant is chosen here"),
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
            .with_related(Place::Here, call.span_of("header"), "the header is here"),
        );
    }
}

/// `client-auth`, the URLs and `token-var`, whatever the grant.
fn other_problems(call: &Call, problems: &mut Vec<Diagnostic>) {
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
    // RFC 9110 §5.1: a field name is a token.
    if let Some(h) = call.text("header").map(str::trim)
        && (h.is_empty()
            || !h
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+.^_`|~-".contains(&c)))
    {
        problems.push(
            Diagnostic::error(
                call.span_of("header"),
                format!("`{h}` is not a header name"),
            )
            .with_hint(
                "a header name is letters, digits and `-` (RFC 9110 §5.1), e.g. `X-API-Key`",
            ),
        );
    }
    if let Some(v) = call.text("token-var") {
        let v = v.trim();
        let is_name =
            crate::http::vars::variable_at(&format!("${v}")).is_some_and(|(n, _)| n == v.len() + 1);
        if !is_name {
            problems.push(
                Diagnostic::error(call.span_of("token-var"), format!("`{v}` is not a variable name"))
                    .with_hint("a variable name is upper case letters, digits and `_`, not starting with a digit (`ACCESS_TOKEN`)"),
            );
        }
    }
}

/// The model of a call whose attributes have no error.
fn model<'c>(call: &'c Call, grant: &'static Grant) -> Auth<'c> {
    let client_auth = call.text("client-auth").map(str::trim);
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
    Auth {
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
        token_var: text("token-var").unwrap_or("ACCESS_TOKEN"),
    }
}
