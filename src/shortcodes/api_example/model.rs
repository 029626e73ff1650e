//! The model of an `api-example`: what the spec's operation fills in
//! ([`fill`]), and the [`Exchange`] the example publishes and shows.

use crate::api::Call;
use crate::diagnostic::Diagnostic;
use crate::http::{
    Body, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request, SourceRef, Url,
};
use crate::openapi::Api;
use crate::openapi::load::At;
use crate::openapi::operation::Operation;
use crate::openapi::yaml::Node;

use super::parse::{ApiCall, Payload};
use crate::shortcodes::spec_facts::{self, Found};

/// The spec's example values the payloads were taken from.
#[derive(Default)]
pub(super) struct FromSpec<'a> {
    pub(super) request: Option<At<'a>>,
    pub(super) response: Option<At<'a>>,
    /// The response example is the one `example=` names (not the first,
    /// for want of one of that name).
    pub(super) response_named: bool,
}

/// Fills what the tag and body do not give from the operation.
pub(super) fn fill<'a>(
    call: &Call,
    found: &Found<'a>,
    example: &mut ApiCall<'_>,
    from_spec: &mut FromSpec<'a>,
    errors: &mut Vec<Diagnostic>,
    found_warnings: &mut Vec<Diagnostic>,
) {
    example.method = found.op.method.clone();
    if !fill_url(call, found, example, errors, found_warnings) {
        return;
    }
    fill_status(call, found, example, errors);
    fill_headers(call, found, example, found_warnings);
    fill_payloads(call, found, example, from_spec, errors);
}

/// The headers a parameter may not define (OpenAPI 3.1.0 §4.8.12.1,
/// `in`: "If `in` is `header` and the `name` field is `Accept`,
/// `Content-Type` or `Authorization`, the parameter definition SHALL be
/// ignored").
const IGNORED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];

/// The operation's required header parameters the tag's `headers` does
/// not write, added after them (`Name: value`) with the parameter's
/// example (as [`Api::parameter_example`] finds it); one without an
/// example is a warning at the tag, as an unfilled path parameter is.
fn fill_headers(
    call: &Call,
    found: &Found<'_>,
    example: &mut ApiCall<'_>,
    found_warnings: &mut Vec<Diagnostic>,
) {
    let (api, op) = (found.api, found.op);
    let mut missing: Vec<&str> = Vec::new();
    for p in api.parameters(op) {
        let required = matches!(
            p.node.get("required").map(|r| &r.value),
            Some(crate::openapi::yaml::Value::Bool(true))
        );
        let Some(name) = p.node.get("name").and_then(Node::as_str) else {
            continue;
        };
        if !required
            || p.node.get("in").and_then(Node::as_str) != Some("header")
            || IGNORED_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
            || example.headers.iter().any(|h| {
                h.split_once(':')
                    .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            })
        {
            continue;
        }
        match api.parameter_example(p) {
            Some(v) => {
                let value = v
                    .node
                    .as_str()
                    .map_or_else(|| v.node.to_json().to_string(), String::from);
                example.headers.push(format!("{name}: {value}"));
            }
            None => missing.push(name),
        }
    }
    if missing.is_empty() {
        return;
    }
    let spec_span = ["operation", "path", "spec"]
        .into_iter()
        .find(|a| call.text(a).is_some())
        .map_or(call.span.clone(), |a| call.span_of(a));
    let first = missing[0];
    // An idempotency key must differ from run to run.
    let value = if first.to_ascii_lowercase().contains("idempotency") {
        "{run:id}\" (`run` sends a value unique to the run)"
    } else {
        "...\""
    };
    found_warnings.push(
        Diagnostic::warning(
            spec_span,
            format!(
                "the request is sent without the required header{} {}: {} gives no example for {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                found.describe(),
                if missing.len() == 1 { "it" } else { "them" }
            ),
        )
        .with_hint(format!(
            "give the parameter an `example` (or its schema an `example`, `examples` or `default`) in the spec, or write the header with headers=\"{first}: {value}"
        )),
    );
}

/// The URL from the operation's server and path (unless `url=` gives
/// it); `false` when there is no such server.
fn fill_url(
    call: &Call,
    found: &Found<'_>,
    example: &mut ApiCall<'_>,
    errors: &mut Vec<Diagnostic>,
    found_warnings: &mut Vec<Diagnostic>,
) -> bool {
    let (api, op) = (found.api, found.op);
    if call.text("url").is_some() {
        if call.int("server").is_some() {
            errors.push(
                Diagnostic::error(
                    call.span_of("server"),
                    "`url` and `server` both set the URL",
                )
                .with_hint("keep one of them"),
            );
        }
    } else {
        let servers = api.servers(op);
        let n = call.int("server").unwrap_or(1);
        let base = match usize::try_from(n - 1).ok().and_then(|i| servers.get(i)) {
            Some(s) => s.trim_end_matches('/').to_string(),
            None if servers.is_empty() && call.int("server").is_none() => String::new(),
            None => {
                errors.push(
                    Diagnostic::error(
                        call.span_of("server"),
                        format!(
                            "{} has {} server{}, so there is no server {n}",
                            found.describe(),
                            servers.len(),
                            if servers.len() == 1 { "" } else { "s" }
                        ),
                    )
                    .with_hint(if servers.is_empty() {
                        "write the URL with url=\"...\"".to_string()
                    } else {
                        format!("use server=1 to {}", servers.len())
                    }),
                );
                return false;
            }
        };
        let (values, query) = request_parameters(api, op);
        let url = Url::from_template(&base, &op.path, &values, query);
        let unfilled: Vec<&str> = url
            .path
            .split('/')
            .filter(|s| s.len() > 2 && s.starts_with('{') && s.ends_with('}'))
            .collect();
        if !unfilled.is_empty() {
            let spec_span = ["operation", "path", "spec"]
                .into_iter()
                .find(|a| call.text(a).is_some())
                .map_or(call.span.clone(), |a| call.span_of(a));
            found_warnings.push(
                Diagnostic::warning(
                    spec_span,
                    format!(
                        "the URL keeps {}: {} gives no example for {}",
                        unfilled.join(", "),
                        found.describe(),
                        if unfilled.len() == 1 {
                            "this path parameter"
                        } else {
                            "these path parameters"
                        }
                    ),
                )
                .with_hint("give the parameter an `example` (or its schema an `example`, `examples` or `default`) in the spec, or write the URL with url=\"...\""),
            );
        }
        example.url = url.full();
        example.url_model = Some(url);
    }
    true
}

/// The status: as written (documented), else the first 2xx.
fn fill_status(
    call: &Call,
    found: &Found<'_>,
    example: &mut ApiCall<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let (api, op) = (found.api, found.op);
    let responses = api.responses(op);
    match call.int("status") {
        Some(s) => {
            if u16::try_from(s)
                .ok()
                .and_then(|s| api.response_for(op, s))
                .is_none()
            {
                // Status codes are not typos of each other: no "did you
                // mean", the documented ones.
                let codes: Vec<&str> = responses.iter().map(|r| r.code).collect();
                errors.push(
                    Diagnostic::error(
                        call.span_of("status"),
                        format!("{} documents no status {s}", found.describe()),
                    )
                    .with_hint(format!("the operation documents {}", codes.join(", "))),
                );
            }
        }
        None => {
            let numeric = || responses.iter().filter_map(|r| r.code.parse::<i64>().ok());
            example.status = numeric()
                .find(|c| (200..300).contains(c))
                .or_else(|| numeric().next());
        }
    }
}

/// The request payload and the expected response from the operation's
/// examples, unless the body gives them.
fn fill_payloads<'a>(
    call: &Call,
    found: &Found<'a>,
    example: &mut ApiCall<'_>,
    from_spec: &mut FromSpec<'a>,
    errors: &mut Vec<Diagnostic>,
) {
    let (api, op) = (found.api, found.op);
    let wanted = call.text("example").map(str::trim);
    let media = api.request_media(op);
    if let Some(name) = wanted {
        let names: Vec<&str> = media
            .map(|m| api.examples(m).iter().filter_map(|e| e.name).collect())
            .unwrap_or_default();
        if !names.contains(&name) {
            let d = Diagnostic::error(
                call.span_of("example"),
                format!("{} has no request example `{name}`", found.describe()),
            );
            errors.push(
                match crate::diagnostic::closest(name, names.iter().copied()) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None if names.is_empty() => {
                        d.with_hint("its request body has no named examples (`examples`)")
                    }
                    None => d.with_hint(format!(
                        "its examples: {}",
                        spec_facts::quoted(names.into_iter())
                    )),
                },
            );
            return;
        }
    }
    if example.request.is_none()
        && let Some(media) = media
        && let Some(e) = api.media_example(media, wanted)
    {
        example.request = Some(Payload {
            lang: "json".into(),
            content: format!("{}\n", e.value.node.to_pretty_json()),
        });
        from_spec.request = Some(e.value);
    }
    // The expected response.
    if example.response.is_none()
        && let Some(status) = example.status.and_then(|s| u16::try_from(s).ok())
        && let Some(r) = api.response_for(op, status)
        && let Some(media) = api.json_media(r.at)
        && let Some((e, named)) = api
            .media_example(media, wanted)
            .map(|e| (e, wanted.is_some()))
            .or_else(|| api.media_example(media, None).map(|e| (e, false)))
    {
        from_spec.response_named = named;
        example.response = Some(Payload {
            lang: "json".into(),
            content: format!("{}\n", e.value.node.to_pretty_json()),
        });
        from_spec.response = Some(e.value);
    }
}

/// The operation's path parameters that have examples (name, value) and
/// its query parameters that have examples, decoded.
fn request_parameters(api: &Api, op: &Operation) -> (Vec<(String, String)>, Vec<QueryParam>) {
    let mut path = Vec::new();
    let mut query = Vec::new();
    for p in api.parameters(op) {
        let (Some(name), Some(place)) = (
            p.node.get("name").and_then(Node::as_str),
            p.node.get("in").and_then(Node::as_str),
        ) else {
            continue;
        };
        let Some(value) = api.parameter_example(p) else {
            continue;
        };
        let value = value
            .node
            .as_str()
            .map_or_else(|| value.node.to_json().to_string(), String::from);
        match place {
            "path" => path.push((name.to_string(), value)),
            "query" => query.push(QueryParam {
                name: name.to_string(),
                value,
            }),
            _ => {}
        }
    }
    (path, query)
}

/// `(spec name, operationId or "METHOD /path")` of an operation.
pub(super) fn operation_ref(f: &Found<'_>) -> (String, String) {
    let id =
        f.op.id
            .clone()
            .unwrap_or_else(|| format!("{} {}", f.op.method, f.op.path));
    (f.name.to_string(), id)
}

/// The exchange an example documents: the URL encoded once, the headers
/// as written and `Authorization` from `auth`, the payload's exact bytes
/// and media type, the expected status and response, the captures.
pub(super) fn exchange(
    call: &Call,
    ex: &ApiCall<'_>,
    operation: Option<(String, String)>,
) -> Exchange {
    let url = ex.url_model.clone().unwrap_or_else(|| Url::parse(&ex.url));
    let mut headers: Vec<Header> = ex
        .headers
        .iter()
        .map(|h| {
            let (name, value) = h.split_once(':').unwrap_or((h, ""));
            Header {
                name: name.trim().to_string(),
                value: value.trim().to_string(),
            }
        })
        .collect();
    if let Some(auth) = ex.auth {
        headers.push(Header {
            name: "Authorization".into(),
            value: auth.to_string(),
        });
    }
    let body = |p: &Payload| Body::exact(p.text(), Some(Body::media_type_of(&p.lang).to_string()));
    Exchange {
        kind: ExchangeKind::ApiExample,
        request: Request {
            method: ex.method.clone(),
            url,
            headers,
            body: ex.request.as_ref().map(body),
            credentials: None,
        },
        expect: Expectation {
            status: ex.status.and_then(|s| u16::try_from(s).ok()),
            body: ex.response.as_ref().map(body),
            ignore: ex.ignore.clone(),
            invalid: call.flag("invalid").unwrap_or(false),
            operation,
        },
        captures: ex.captures.clone(),
        source: SourceRef {
            span: call.span.clone(),
            ..SourceRef::default()
        },
    }
}
