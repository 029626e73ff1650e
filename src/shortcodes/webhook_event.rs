//! `<<#webhook-event spec="ledger" name="entryPosted" url="..."
//! signature="standard-webhooks" secret-var="..." test-secret="whsec_...">>`:
//! one event a system pushes, as the best webhook references document it
//! (GitHub, Stripe, Standard Webhooks 1.0): what it is, the delivery
//! (method, receiver URL, headers, content type), the payload checked
//! against the event's schema, its field reference, how to verify the
//! signature with a test vector computed at build time, the answer the
//! receiver gives and the retry schedule.
//!
//! From a spec's webhook (OpenAPI 3.1 `webhooks`, 3.0 `x-webhooks`), or
//! hand-written: prose and a ```` ```json ```` block in the body, `name=`
//! the event type. The signing itself is [`crate::webhook`].

use super::prelude::*;

use crate::http::{Body as HttpBody, Exchange, ExchangeKind, Expectation, Request, SourceRef, Url};
use crate::http_status;
use crate::openapi::load::At;
use crate::openapi::operation::Operation;
use crate::openapi::validate::Direction;
use crate::openapi::yaml::Node;
use crate::openapi::{Api, Specs};
use crate::webhook::{self, Scheme};

use super::schema_fields;
use super::spec_facts::{self, Written};

mod labels;
mod payload_body;
mod render;

use payload_body::{Block, Body, parse_body};

pub struct WebhookEvent;

/// The Standard Webhooks specification's example message id and
/// timestamp: the test vector's defaults.
const TEST_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TEST_TIMESTAMP: i64 = 1_614_265_330;

static SPEC: Spec = Spec {
    name: "webhook-event",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "name",
            ty: AttrType::Text,
            required: true,
            doc: "the event: a webhook of `spec` (a key of its `webhooks`, 3.0: `x-webhooks`), or the event type of a hand-written one",
        },
        AttrSpec {
            name: "spec",
            ty: AttrType::Text,
            required: false,
            doc: "an OpenAPI spec of `[preprocessor.integration-guide.openapi]` that declares the webhook: its description, method, payload example and schema, and answers",
        },
        AttrSpec {
            name: "url",
            ty: AttrType::Text,
            required: true,
            doc: "the receiver's URL, where the event is delivered (`{env:key}` for one per environment)",
        },
        AttrSpec {
            name: "signature",
            ty: AttrType::Choice(webhook::SCHEMES),
            required: false,
            doc: "how deliveries are signed: `standard-webhooks` (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`, `whsec_` secrets) or `hmac-sha256` (the hex HMAC of the body in `header`, after `prefix`)",
        },
        AttrSpec {
            name: "secret-var",
            ty: AttrType::Text,
            required: false,
            doc: "with `signature`: the environment variable that holds the real secret (shown as its name; `run` signs with its value)",
        },
        AttrSpec {
            name: "test-secret",
            ty: AttrType::Text,
            required: false,
            doc: "with `signature`: a secret for testing only, published in the guide: the test vector is computed with it",
        },
        AttrSpec {
            name: "header",
            ty: AttrType::Text,
            required: false,
            doc: "with `signature=\"hmac-sha256\"`: the header that carries the signature (`X-Hub-Signature-256`)",
        },
        AttrSpec {
            name: "prefix",
            ty: AttrType::Text,
            required: false,
            doc: "with `signature=\"hmac-sha256\"`: what comes before the hex (`sha256=`; default none)",
        },
        AttrSpec {
            name: "test-id",
            ty: AttrType::Text,
            required: false,
            doc: "with `signature=\"standard-webhooks\"`: the test vector's message id (default the specification's example, `msg_p5jXN8AQM9LWM0D4loKWxJek`)",
        },
        AttrSpec {
            name: "test-timestamp",
            ty: AttrType::Int {
                min: 0,
                max: 99_999_999_999,
            },
            required: false,
            doc: "with `signature=\"standard-webhooks\"`: the test vector's Unix timestamp in seconds (default the specification's example, 1614265330)",
        },
        AttrSpec {
            name: "status",
            ty: AttrType::Int { min: 100, max: 599 },
            required: false,
            doc: "the status the receiver answers with (default: the spec's documented responses; without a spec, any 2xx)",
        },
        AttrSpec {
            name: "retries",
            ty: AttrType::Text,
            required: false,
            doc: "the retry schedule after a failed delivery, delays after the previous attempt: `\"5s, 5m, 30m, 2h\"` (default: `retries` of `[preprocessor.integration-guide.webhook-event]`)",
        },
        AttrSpec {
            name: "schema",
            ty: AttrType::Text,
            required: false,
            doc: "without `spec`: a JSON Schema file (path from the book's root) the hand-written payload must match; its fields are listed",
        },
    ],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: labels::LABELS,
    options: &[OptionSpec {
        key: "retries",
        ty: AttrType::Text,
        default: "",
        expect: "it must be delays separated by commas, each a whole number and s, m, h or d (\"5s, 5m, 30m, 2h\")",
        pattern: r"^\d+ ?(s|m|min|h|d)( *, *\d+ ?(s|m|min|h|d))*$",
        doc: "the retry schedule every `webhook-event` shows unless it sets `retries`",
    }],
};

/// The webhooks the chapters document (phase one): `(spec, name)`, for
/// `check`'s `undocumented-webhook`.
#[derive(Debug, Default)]
pub struct Documented {
    /// Spec name and webhook name, in book order.
    pub events: Vec<(String, String)>,
}

/// Everything the page shows, worked out.
pub(super) struct Event {
    pub description: Vec<String>,
    pub method: String,
    pub url: String,
    pub content_type: String,
    pub payload: String,
    pub payload_lang: String,
    pub fields: Option<(Vec<schema_fields::Field>, bool)>,
    pub signing: Option<Signing>,
    /// `(code, meaning)` rows of the expected answer.
    pub answers: Vec<(String, String)>,
    pub retries: Vec<webhook::Retry>,
}

/// The signature scheme and its test vector.
pub(super) struct Signing {
    pub scheme: Scheme,
    pub secret_var: String,
    pub test_secret: String,
    pub id: String,
    pub timestamp: i64,
    /// The headers the test vector gives.
    pub headers: Vec<webhook::SignedHeader>,
}

impl Shortcode for WebhookEvent {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        spec_facts::collect(call, cx, false);
        if let (Some(spec), Some(name)) = (call.text("spec"), call.text("name")) {
            cx.facts
                .entry::<Documented>()
                .events
                .push((spec.trim().to_string(), name.trim().to_string()));
        }
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let mut errors = Vec::new();
        let body = parse_body(&lines, &mut errors);
        let found = match spec_facts::spec_of(call, cx) {
            Ok(Some((spec, api))) => {
                let name = call.text("name").unwrap_or_default().trim();
                match api.webhook(name) {
                    Ok(op) => Some((spec, api, op)),
                    Err(best) => {
                        errors.push(schema_fields::unknown_webhook(
                            call.span_of("name"),
                            spec,
                            api,
                            name,
                            best,
                        ));
                        None
                    }
                }
            }
            Ok(None) => None,
            Err(d) => {
                errors.push(d);
                None
            }
        };
        if found.is_some() && call.text("schema").is_some() {
            errors.push(
                Diagnostic::error(call.span_of("schema"), "`schema` and `spec` both give the payload's schema")
                    .with_hint("keep `spec` (its webhook has the schema), or remove it to check against the file"),
            );
        }
        let signing = signing(call, &mut errors);
        let retries = retries(call, cx, &mut errors);
        let event = payload(call, cx, &lines, &body, found, &mut errors);
        errors.sort_by_key(|d| d.span.start);
        let Some(mut event) = event else {
            return cx.finish(errors, || unreachable_payload(call));
        };
        if let Some(mut s) = signing
            && errors.is_empty()
        {
            match webhook::sign(&s.scheme, &s.test_secret, &s.id, s.timestamp, event.payload.as_bytes()) {
                Ok(headers) => {
                    s.headers = headers;
                    event.signing = Some(s);
                }
                Err(e) => errors.push(
                    Diagnostic::error(call.span_of("test-secret"), format!("`test-secret` cannot be used: {e}"))
                        .with_hint("a Standard Webhooks secret is `whsec_` and the base64 of 24 to 64 random bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                ),
            }
        }
        event.retries = retries;
        cx.finish(errors, || {
            let out = render::emit(&event, cx);
            cx.publish(exchange(call, &event));
            Ok(out)
        })
    }
}

fn unreachable_payload(call: &Call) -> Result<String, Diagnostic> {
    Err(
        Diagnostic::error(call.span.clone(), "`webhook-event` has no payload")
            .with_hint("give the payload in a ```json block in the body"),
    )
}

/// The delivery as an [`Exchange`] of kind `WebhookDelivery`, for `run`:
/// System A's POST of the payload to the receiver. The signature headers
/// are not in it: `run` adds them with the real secret
/// ([`webhook::delivery_headers`] with the kind's `scheme`); the answer
/// expected is the first documented 2xx code (none for `2XX` or any 2xx).
fn exchange(call: &Call, event: &Event) -> Exchange {
    let status = event
        .answers
        .iter()
        .filter_map(|(code, _)| code.parse::<u16>().ok())
        .find(|c| (200..300).contains(c));
    Exchange {
        kind: ExchangeKind::WebhookDelivery {
            event: call.text("name").unwrap_or_default().trim().to_string(),
            scheme: event.signing.as_ref().map(|s| s.scheme.to_string()),
            secret_var: event.signing.as_ref().map(|s| s.secret_var.clone()),
        },
        request: Request {
            method: event.method.clone(),
            url: Url::parse(&event.url),
            headers: Vec::new(),
            body: Some(HttpBody::exact(
                event.payload.clone(),
                Some(event.content_type.clone()),
            )),
            credentials: None,
        },
        expect: Expectation {
            status,
            ..Expectation::default()
        },
        captures: Vec::new(),
        source: SourceRef {
            span: call.span.clone(),
            ..SourceRef::default()
        },
    }
}

/// The scheme, its attributes and their errors; `None` without `signature`.
fn signing(call: &Call, errors: &mut Vec<Diagnostic>) -> Option<Signing> {
    let Some(scheme) = call.text("signature") else {
        for attr in [
            "secret-var",
            "test-secret",
            "header",
            "prefix",
            "test-id",
            "test-timestamp",
        ] {
            if call.text(attr).is_some() || call.int(attr).is_some() {
                errors.push(
                    Diagnostic::error(call.span_of(attr), format!("`{attr}` without `signature`"))
                        .with_hint("say how deliveries are signed: signature=\"standard-webhooks\" or signature=\"hmac-sha256\""),
                );
            }
        }
        return None;
    };
    let secret_var = needed(
        call,
        scheme,
        "secret-var",
        "name the environment variable that holds the real secret, e.g. secret-var=\"LEDGER_WEBHOOK_SECRET\"",
        errors,
    );
    let test_secret = needed(
        call,
        scheme,
        "test-secret",
        "give a secret for testing only, e.g. test-secret=\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\": the test vector is computed with it",
        errors,
    );
    let scheme = scheme_of(call, scheme, errors);
    if let (Scheme::StandardWebhooks, Some(secret)) = (&scheme, &test_secret)
        && let Err(problem) = webhook::key_of(secret)
    {
        errors.push(test_secret_error(call, secret, &problem));
    }
    if let Some(var) = &secret_var
        && !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        errors.push(
            Diagnostic::error(
                call.span_of("secret-var"),
                format!("`{var}` is not an environment variable name"),
            )
            .with_hint("use letters, digits and `_`, e.g. LEDGER_WEBHOOK_SECRET"),
        );
    }
    Some(Signing {
        scheme,
        secret_var: secret_var?,
        test_secret: test_secret?,
        id: call.text("test-id").map_or(TEST_ID, str::trim).to_string(),
        timestamp: call.int("test-timestamp").unwrap_or(TEST_TIMESTAMP),
        headers: Vec::new(),
    })
}

/// A `test-secret` that is no Standard Webhooks secret (`secret`: its
/// trimmed value): at the character that is wrong, in the writer's terms.
fn test_secret_error(call: &Call, secret: &str, problem: &webhook::SecretProblem) -> Diagnostic {
    use webhook::SecretProblem::{LastCharacter, NotBase64};
    let raw = call.text("test-secret").unwrap_or_default();
    let lead = raw.len() - raw.trim_start().len();
    let span = match problem {
        NotBase64 { bytes, .. } | LastCharacter { bytes, .. } => {
            body::attr_span(call, "test-secret", raw, lead + bytes.start, bytes.len())
        }
        _ => call.span_of("test-secret"),
    };
    Diagnostic::error(span, problem.describe(secret, "`test-secret`", true)).with_hint(
        "base64 is A-Z, a-z, 0-9, `+` and `/` (`=` only at the end): a Standard Webhooks secret is `whsec_` and the base64 of 24 to 64 random bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    )
}

/// An attribute the scheme needs: its trimmed value, or an error at
/// `signature`.
fn needed(
    call: &Call,
    scheme: &str,
    attr: &str,
    why: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let given = call.text(attr).map(str::trim).filter(|v| !v.is_empty());
    if given.is_none() {
        errors.push(
            Diagnostic::error(
                call.span_of("signature"),
                format!("signature=\"{scheme}\" needs `{attr}`"),
            )
            .with_hint(why.to_string()),
        );
    }
    given.map(String::from)
}

/// The scheme of `signature=`, with the attributes of the other scheme
/// refused.
fn scheme_of(call: &Call, scheme: &str, errors: &mut Vec<Diagnostic>) -> Scheme {
    let (others, owner, why) = if scheme == "standard-webhooks" {
        (
            ["header", "prefix"],
            "hmac-sha256",
            "Standard Webhooks always uses `webhook-signature`; remove it",
        )
    } else {
        (
            ["test-id", "test-timestamp"],
            "standard-webhooks",
            "an `hmac-sha256` signature covers the body only; remove it",
        )
    };
    for attr in others {
        if call.text(attr).is_some() || call.int(attr).is_some() {
            errors.push(
                Diagnostic::error(
                    call.span_of(attr),
                    format!("`{attr}` is for signature=\"{owner}\""),
                )
                .with_hint(why),
            );
        }
    }
    if scheme == "standard-webhooks" {
        return Scheme::StandardWebhooks;
    }
    let header = needed(
        call,
        scheme,
        "header",
        "name the header that carries the signature, e.g. header=\"X-Hub-Signature-256\"",
        errors,
    );
    Scheme::HmacSha256 {
        header: header.unwrap_or_default(),
        prefix: call.text("prefix").unwrap_or_default().trim().to_string(),
    }
}

/// The retry schedule: the tag's, else the book's.
fn retries(call: &Call, cx: &RenderCx<'_>, errors: &mut Vec<Diagnostic>) -> Vec<webhook::Retry> {
    if let Some(value) = call.text("retries") {
        // `retries=""`: none, whatever the book says.
        if value.trim().is_empty() {
            return Vec::new();
        }
        return match webhook::parse_retries(value) {
            Ok(r) => r,
            Err((r, message)) => {
                errors.push(
                    Diagnostic::error(
                        body::attr_span(call, "retries", value, r.start, r.len().max(1)),
                        message,
                    )
                    .with_hint("e.g. retries=\"5s, 5m, 30m, 2h, 5h\""),
                );
                Vec::new()
            }
        };
    }
    match cx
        .settings()
        .webhook_retries
        .as_deref()
        .map(webhook::parse_retries)
    {
        Some(Ok(r)) => r,
        Some(Err((_, message))) => {
            errors.push(
                Diagnostic::error(call.span.clone(), format!("book.toml: [preprocessor.integration-guide.webhook-event] `retries`: {message}"))
                    .with_hint("fix the schedule in book.toml, e.g. retries = \"5s, 5m, 30m, 2h\""),
            );
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// The event's facts: from the spec's webhook and the body; the payload
/// checked against its schema (findings reported, not errors).
fn payload(
    call: &Call,
    cx: &RenderCx<'_>,
    lines: &[BodyLine],
    body: &Body,
    found: Option<(&str, &Api, &Operation)>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let mut event = Event {
        description: body.prose.clone(),
        method: "POST".into(),
        url: call.text("url").unwrap_or_default().trim().to_string(),
        content_type: "application/json".into(),
        payload: String::new(),
        payload_lang: "json".into(),
        fields: None,
        signing: None,
        answers: Vec::new(),
        retries: Vec::new(),
    };
    if let Some(b) = &body.payload {
        written_payload(b, lines, &mut event, errors);
    }
    let Some(found) = found else {
        // With `spec=`, its error is there already; this one would mislead.
        if body.payload.is_none() && call.text("spec").is_none() {
            errors.push(
                Diagnostic::error(call.span.clone(), "a hand-written `webhook-event` needs its payload")
                    .with_hint("give it in a ```json block in the body (or take the event from a spec with spec=\"...\")"),
            );
        }
        hand_written(call, cx, lines, body, &mut event);
        return Some(event);
    };
    from_spec(call, cx, lines, body, found, &mut event, errors)?;
    Some(event)
}

/// The body's payload block: its exact text, language and content type;
/// a `json` block that does not parse is an error at the place.
fn written_payload(b: &Block, lines: &[BodyLine], event: &mut Event, errors: &mut Vec<Diagnostic>) {
    let text = b.text(lines);
    event.payload_lang = if b.lang.is_empty() {
        "json".into()
    } else {
        b.lang.clone()
    };
    event.content_type = match event.payload_lang.to_ascii_lowercase().as_str() {
        "json" | "jsonc" => "application/json",
        "xml" => "application/xml",
        "yaml" | "yml" => "application/yaml",
        _ => "text/plain",
    }
    .into();
    if (b.lang.eq_ignore_ascii_case("json") || b.lang.is_empty())
        && let Some(d) = b.check_json(lines, &text)
    {
        errors.push(d);
    }
    event.payload = text;
}

/// What the spec's webhook gives: description, method, content type,
/// payload example, answers, fields; the payload checked against its
/// schema. `None`: no payload at all (an error).
fn from_spec(
    call: &Call,
    cx: &RenderCx<'_>,
    lines: &[BodyLine],
    body: &Body,
    (spec, api, op): (&str, &Api, &Operation),
    event: &mut Event,
    errors: &mut Vec<Diagnostic>,
) -> Option<()> {
    let name = call.text("name").unwrap_or_default().trim();
    if event.description.is_empty() {
        event.description = spec_description(api, op, cx);
    }
    event.method = op.method.clone();
    let media = api.request_media(op);
    if let Some(media) = media
        && let Some(key) = media_type(api, op, media)
    {
        event.content_type = key;
    }
    let example = media.and_then(|m| api.media_example(m, None));
    let written = body.payload.is_some();
    if !written {
        let Some(e) = example else {
            errors.push(
                Diagnostic::error(call.span_of("name"), format!("the webhook `{name}` of spec `{spec}` has no payload example"))
                    .with_hint("give its request body an `example` in the spec, or write the payload in a ```json block in the body"),
            );
            return None;
        };
        event.payload = e.value.node.to_pretty_json();
    }
    event.answers = spec_answers(
        call,
        cx,
        api,
        op,
        &format!("the webhook `{name}` of spec `{spec}`"),
    );
    if let Some(media) = media
        && let Some(schema) = media.node.get("schema")
    {
        let at = At {
            doc: media.doc,
            node: schema,
        };
        event.fields = Some(schema_fields::fields(
            &api.docs,
            at,
            Some(Direction::Response),
        ));
        let from_spec = example.map(|e| e.value).filter(|_| !written);
        let against = format!("the webhook `{name}` of spec `{spec}`");
        check_payload(
            call, cx, lines, body, api, media, from_spec, &against, errors,
        );
    }
    Some(())
}

/// The webhook's `summary` and `description`, a paragraph each.
fn spec_description(api: &Api, op: &Operation, cx: &RenderCx<'_>) -> Vec<String> {
    let node = api.node(op);
    let mut out: Vec<String> = Vec::new();
    for key in ["summary", "description"] {
        let Some(t) = node.node.get(key).and_then(Node::as_str) else {
            continue;
        };
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(escape::inline(&t, cx.settings().markdown));
    }
    out
}

/// The documented answers, or `status=` (drift when the spec lacks it).
fn spec_answers(
    call: &Call,
    cx: &RenderCx<'_>,
    api: &Api,
    op: &Operation,
    what: &str,
) -> Vec<(String, String)> {
    let answers: Vec<(String, String)> = api
        .responses(op)
        .iter()
        .map(|r| {
            let meaning = r.description.split_whitespace().collect::<Vec<_>>();
            (r.code.to_string(), meaning.join(" "))
        })
        .collect();
    let Some(s) = call.int("status") else {
        return answers;
    };
    let status = u16::try_from(s).unwrap_or(0);
    if api.response_for(op, status).is_none() && !answers.is_empty() {
        let codes: Vec<&str> = answers.iter().map(|(c, _)| c.as_str()).collect();
        cx.report(
            Diagnostic::error(
                call.span_of("status"),
                format!("{what} documents no answer {s}"),
            )
            .with_code(spec_facts::DRIFT)
            .with_hint(format!(
                "the spec documents {}; fix the status, or the spec",
                codes.join(", ")
            )),
        );
    }
    vec![(s.to_string(), String::new())]
}

/// The media type's key as the spec writes it (`application/json`).
fn media_type(api: &Api, op: &Operation, media: At<'_>) -> Option<String> {
    let node = api.node(op);
    let body = api.docs.deref(At {
        doc: node.doc,
        node: node.node.get("requestBody")?,
    });
    body.node
        .get("content")?
        .entries()
        .iter()
        .find(|(_, m)| std::ptr::eq(m, media.node))
        .map(|(k, _)| k.clone())
}

/// A hand-written event: its answer and, with `schema=`, its check and
/// fields.
fn hand_written(
    call: &Call,
    cx: &RenderCx<'_>,
    lines: &[BodyLine],
    body: &Body,
    event: &mut Event,
) {
    if let Some(s) = call.int("status") {
        event.answers = vec![(s.to_string(), String::new())];
    }
    let Some(path) = call.text("schema").map(str::trim) else {
        return;
    };
    let Some(Some(Ok(file))) = cx.facts().get::<Specs>().map(|s| s.file(path)) else {
        if let Some(Err(d)) = spec_facts::schema_file(call, "schema", cx) {
            cx.report(d);
        }
        return;
    };
    event.fields = Some(schema_fields::fields(&file.docs, file.docs.root(), None));
    if let Some(b) = &body.payload
        && let Ok(found) = spec_facts::violations(
            &file.schema,
            &event.payload,
            &Written::Chapter {
                lines,
                block: &b.lines,
                open: lines[b.open].whole(),
            },
            "payload",
            &format!("`{}`", file.docs.docs[0].shown),
            cx,
        )
    {
        spec_facts::report(found, cx, None);
    }
}

/// Checks the payload (the body's, or the spec's example `from_spec`)
/// against the webhook's schema: findings are `openapi-drift`, at the
/// value.
#[allow(clippy::too_many_arguments)]
fn check_payload(
    call: &Call,
    cx: &RenderCx<'_>,
    lines: &[BodyLine],
    body: &Body,
    api: &Api,
    media: At<'_>,
    from_spec: Option<At<'_>>,
    against: &str,
    errors: &mut Vec<Diagnostic>,
) {
    // Checked whatever else is wrong with the tag, so that every problem
    // is reported in one run (a payload that is not JSON is not checked:
    // `violations` cannot read it).
    let Some(compiled) = api.media_schema(media, Direction::Response) else {
        return;
    };
    let schema = match &*compiled {
        Ok(s) => s,
        Err(e) => {
            errors.push(spec_facts::broken_schema(e, call, cx, "spec"));
            return;
        }
    };
    let written = match (from_spec, &body.payload) {
        (Some(at), _) => Written::Spec {
            docs: &api.docs,
            at,
            span: call.span_of("name"),
            which: "this webhook example".into(),
        },
        (None, Some(b)) => Written::Chapter {
            lines,
            block: &b.lines,
            open: lines[b.open].whole(),
        },
        (None, None) => return,
    };
    let text = match &body.payload {
        Some(b) if from_spec.is_none() => b.text(lines),
        _ => String::new(),
    };
    if let Ok(found) = spec_facts::violations(schema, &text, &written, "payload", against, cx) {
        spec_facts::report(in_our_words(found), cx, Some(spec_facts::DRIFT));
    }
}

/// Violations in a spec's example, told as this shortcode's.
fn in_our_words(found: Vec<spec_facts::Violated>) -> Vec<spec_facts::Violated> {
    found
        .into_iter()
        .map(|v| match v {
            spec_facts::Violated::Spec(mut s) => {
                s.related = "a `webhook-event` shows this example".into();
                s.diagnostic = s.diagnostic.with_hint(
                    "fix the example or the schema in the spec (or write a correct payload in the webhook-event's body)",
                );
                spec_facts::Violated::Spec(s)
            }
            other => other,
        })
        .collect()
}

/// The reason phrase of a documented code (`2XX`: none).
pub(super) fn phrase(code: &str) -> Option<&'static str> {
    code.parse::<u16>().ok().and_then(http_status::reason)
}
