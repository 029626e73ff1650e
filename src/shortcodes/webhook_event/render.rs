//! The Markdown of a `webhook-event`: each part under its label.

use super::super::prelude::*;
use super::super::schema_fields;
use super::{Event, Signing, phrase};
use crate::webhook::{self, Scheme};

/// The whole expansion.
pub(super) fn emit(event: &Event, cx: &RenderCx<'_>) -> String {
    let title = |key: &str| format!("**{}**", cx.label(key));
    let mut parts: Vec<String> = Vec::new();
    if !event.description.is_empty() {
        parts.push(event.description.join("\n"));
    }
    parts.push(title("webhook-delivery"));
    parts.push(format!(
        "{} {} {}",
        escape::code(&event.method),
        escape::code(&event.url),
        escape::text_inline(&format!("({})", event.content_type)),
    ));
    parts.push(headers(event, cx));
    parts.push(title("webhook-payload"));
    parts.push(write::fenced(&event.payload_lang, &event.payload));
    if let Some((fields, truncated)) = &event.fields
        && !fields.is_empty()
    {
        parts.push(title("webhook-fields"));
        parts.push(schema_fields::table(fields, *truncated, cx));
    }
    if let Some(s) = &event.signing {
        parts.push(title("webhook-signature"));
        parts.push(scheme_in_words(s));
        parts.push(title("webhook-test-vector"));
        parts.push(vector(s, event, cx));
    }
    parts.push(title("webhook-answer"));
    parts.push(answers(event, cx));
    if !event.retries.is_empty() {
        parts.push(title("webhook-retries"));
        parts.push(retries(event, cx));
    }
    parts.join("\n\n")
}

fn cell_code(s: &str) -> String {
    escape::pipes(&escape::code(s))
}

/// The delivery's headers: content type, then the scheme's.
fn headers(event: &Event, cx: &RenderCx<'_>) -> String {
    let mut rows = vec![vec![
        cell_code("Content-Type"),
        cell_code(&event.content_type),
    ]];
    match event.signing.as_ref().map(|s| &s.scheme) {
        Some(Scheme::StandardWebhooks) => {
            let [id, ts, sig] = webhook::STANDARD_HEADERS;
            rows.push(vec![
                cell_code(id),
                "The message's unique id (`msg_...`), the same on every retry of it: process each id once".into(),
            ]);
            rows.push(vec![
                cell_code(ts),
                "When it was sent, in seconds since the Unix epoch".into(),
            ]);
            rows.push(vec![
                cell_code(sig),
                "`v1,` and the base64 signature; several, separated by spaces, while the secret is being rotated".into(),
            ]);
        }
        Some(Scheme::HmacSha256 { header, prefix }) => {
            let what = if prefix.is_empty() {
                "The lowercase hex HMAC-SHA256 of the body".to_string()
            } else {
                format!(
                    "{} and the lowercase hex HMAC-SHA256 of the body",
                    escape::code(prefix)
                )
            };
            rows.push(vec![cell_code(header), escape::pipes(&what)]);
        }
        None => {}
    }
    let header = ["webhook-header", "webhook-value"].map(|k| cx.label(k));
    write::table(&header.each_ref().map(String::as_str), &rows)
}

/// How to verify, in words (Standard Webhooks 1.0 "Verifying webhook
/// authenticity"; GitHub "Validating webhook deliveries").
fn scheme_in_words(s: &Signing) -> String {
    let var = escape::code(&format!("${}", s.secret_var));
    match &s.scheme {
        Scheme::StandardWebhooks => format!(
            "Deliveries are signed as [Standard Webhooks](https://www.standardwebhooks.com/) specifies: HMAC-SHA256, keyed with the base64-decoded part of the secret after `whsec_`, of `webhook-id`, `.`, `webhook-timestamp`, `.` and the body exactly as received (before any JSON parsing). `webhook-signature` holds `v1,` and its base64. The secret is in {var}. Compare signatures in constant time, and refuse a timestamp more than five minutes from now."
        ),
        Scheme::HmacSha256 { header, prefix } => {
            let prefix = if prefix.is_empty() {
                String::new()
            } else {
                format!("{} and ", escape::code(prefix))
            };
            format!(
                "{} holds {prefix}the lowercase hex HMAC-SHA256 of the body exactly as received (before any JSON parsing), keyed with the secret's UTF-8 bytes. The secret is in {var}. Compare signatures in constant time.",
                escape::code(header)
            )
        }
    }
}

/// The test vector: the inputs and the signature a verifier must get.
fn vector(s: &Signing, event: &Event, cx: &RenderCx<'_>) -> String {
    let mut rows = vec![vec![
        "Secret (for testing only)".to_string(),
        cell_code(&s.test_secret),
    ]];
    let bytes = event.payload.len();
    let body = format!("The payload above: {bytes} bytes, without a final line break");
    match &s.scheme {
        Scheme::StandardWebhooks => {
            for (name, value) in &s.headers[..2] {
                rows.push(vec![cell_code(name), cell_code(value)]);
            }
            rows.push(vec!["Body".into(), body]);
        }
        Scheme::HmacSha256 { .. } => rows.push(vec!["Body".into(), body]),
    }
    if let Some((name, value)) = s.headers.last() {
        rows.push(vec![
            format!("**{}**", cell_code(name)),
            format!("**{}**", cell_code(value)),
        ]);
    }
    let header = ["webhook-input", "webhook-value"].map(|k| cx.label(k));
    write::table(&header.each_ref().map(String::as_str), &rows)
}

/// The receiver's answer: the documented responses, or any 2xx.
fn answers(event: &Event, cx: &RenderCx<'_>) -> String {
    if event.answers.is_empty() {
        return "Answer with any 2xx status, quickly (do the work after answering); any other answer, or none, is a failed delivery.".into();
    }
    let options = cx.settings().markdown;
    let rows: Vec<Vec<String>> = event
        .answers
        .iter()
        .map(|(code, meaning)| {
            let shown = match phrase(code) {
                Some(p) => format!("{code} {p}"),
                None => code.clone(),
            };
            vec![cell_code(&shown), escape::cell(meaning, options)]
        })
        .collect();
    let header = ["status-code", "status-meaning"].map(|k| cx.label(k));
    write::table(&header.each_ref().map(String::as_str), &rows)
}

/// The retry schedule: each retry's delay, and the time since the first
/// attempt.
fn retries(event: &Event, cx: &RenderCx<'_>) -> String {
    let mut total = 0u64;
    let rows: Vec<Vec<String>> = event
        .retries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            total = total.saturating_add(r.delay);
            vec![
                (i + 1).to_string(),
                webhook::duration(r.delay),
                webhook::duration(total),
            ]
        })
        .collect();
    let header = ["webhook-retry", "webhook-after", "webhook-since"].map(|k| cx.label(k));
    write::table(&header.each_ref().map(String::as_str), &rows)
}
