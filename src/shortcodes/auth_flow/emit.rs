//! The Markdown of an `auth-flow`: the diagram and step table (as
//! `data-flow`), the parameter table, the request in each client's form,
//! the body.

use crate::api::{Call, RenderCx};
use crate::escape::{self, code};
use crate::http::{Client, Exchange};
use crate::markdown::write;
use crate::shortcodes::api_example::emit::forms;
use crate::shortcodes::data_flow::emit_flow;

use super::grants::Kind;
use super::model::{ClaimValue, claims, steps};
use super::parse::Auth;

/// The parameter table's rows: label key and value (inline Markdown).
pub(super) fn parameters(
    auth: &Auth<'_>,
    o: crate::markdown::ParseOptions,
) -> Vec<(&'static str, String)> {
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

/// parameter table, the request's forms, the body.
pub(super) fn emit(
    call: &Call,
    cx: &RenderCx<'_>,
    auth: &Auth<'_>,
    exchange: Option<&Exchange>,
    clients: &[Client],
) -> String {
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
    let claims = claims(auth);
    if !claims.is_empty() {
        let rows: Vec<Vec<String>> = claims
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    ClaimValue::Code(v) => code(&v),
                    ClaimValue::Label(key) => cx.label(key),
                    ClaimValue::Fallback(v, key) => crate::labels::fill(
                        cx.settings().labels.get(key),
                        &[("variable", &code(&v))],
                    ),
                };
                let meaning = cx.label(&format!("auth-claim-{name}"));
                vec![code(name), escape::pipes(&value), escape::pipes(&meaning)]
            })
            .collect();
        out.push_str("\n\n");
        out.push_str(&title("auth-claims"));
        out.push_str("\n\n");
        let header = ["auth-claim", "auth-value", "auth-claim-meaning"].map(|k| cx.label(k));
        out.push_str(&write::table(&[&header[0], &header[1], &header[2]], &rows));
    }
    if let Some(exchange) = exchange {
        let key = if matches!(auth.grant.kind, Kind::ApiKey | Kind::Basic) {
            "auth-api-request"
        } else {
            "auth-token-request"
        };
        out.push_str("\n\n");
        let name = cx.settings().labels.get(key);
        let html = cx.renderer() == "html";
        out.push_str(&forms(&exchange.request, clients, &title(key), name, html));
    }
    if let Some(body) = cx.body().map(str::trim).filter(|b| !b.is_empty()) {
        out.push_str("\n\n");
        out.push_str(body);
    }
    out
}
