//! The executor: runs the plan's steps in order, one request each, and
//! hands each step's result (redacted) to the report as it finishes.
//!
//! A step is skipped, with its reason, when a variable it needs was to
//! come from a capture that failed and the process environment does not
//! set it either, when its URL keeps an unfilled
//! `{param}`, when the environment is `read-only` and the method is not
//! safe, when it is a signed webhook delivery whose secret (`secret-var`)
//! the process environment does not set, or when `--max-requests` is
//! reached. `--strict` makes a skip a
//! failure. A request to an origin (scheme, host, port: RFC 6454) that is not
//! one of the environment's fails without any connection. A `webhook-event` delivery is a POST of its
//! payload signed with the real secret (`secret-var`, from the process
//! environment; redacted like every variable read from there), its answer
//! checked like any step's (the documented 2xx, else any 2xx).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::checks;
use super::client::{Client, Incoming, Outgoing};
use super::grants;
use super::origin::{Origin, refusal};
use super::plan::{From, Plan, Step};
use super::result::{Check, CheckKind, Outcome, StepResult, Summary};
use super::schema::Specs;
use super::secrets::{Redacted, Secrets, is_secret_name};
use super::vars::{self, verbatim};
use crate::http::{Exchange, ExchangeKind};

/// How a run goes.
#[derive(Debug, Clone)]
pub struct Options {
    /// Per request (`--timeout`, default 30 s).
    pub timeout: Duration,
    /// At most this many requests (`--max-requests`).
    pub max_requests: Option<usize>,
    /// A skipped step fails the run (`--strict`).
    pub strict: bool,
    /// Secrets are masked (off with `--no-redact`).
    pub redact: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(30),
            max_requests: None,
            strict: false,
            redact: true,
        }
    }
}

/// Where each finished step goes (a report; a progress bar).
pub trait Sink {
    /// A step finished: its result, and how many of `total` are done.
    fn step(&mut self, step: &Redacted<StepResult>, done: usize, total: usize);
}

/// What a run did.
pub struct Ran {
    /// Each step's result, redacted.
    pub steps: Vec<Redacted<StepResult>>,
    /// The counts.
    pub summary: Summary,
}

/// The state of a run between steps.
struct State<'a> {
    plan: &'a Plan,
    env: &'a dyn Fn(&str) -> Option<String>,
    captured: HashMap<String, String>,
    secrets: Secrets,
    origins: Vec<Origin>,
    requests: usize,
    /// Why each skipped step (by number) was skipped.
    skipped: HashMap<usize, String>,
}

/// Runs `plan`. `env` reads the process environment; `Err`: the client
/// cannot be made (an `mtls` certificate or key that cannot be read or
/// do not match, a `$CA_CERT` file without a certificate).
pub fn execute(
    plan: &Plan,
    specs: &Specs,
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    sink: &mut dyn Sink,
) -> Result<Ran, String> {
    let start = Instant::now();
    let identity = plan
        .client_identity
        .as_ref()
        .map(|(cert, key)| (cert.as_str(), key.as_str()));
    let client = Client::new(options.timeout, super::tls::config(identity, env)?);
    let mut state = State {
        plan,
        env,
        captured: HashMap::new(),
        secrets: initial_secrets(plan, env, options.redact),
        origins: plan.target.origins(),
        requests: 0,
        skipped: HashMap::new(),
    };
    let mut steps = Vec::new();
    let mut summary = Summary::default();
    for (i, step) in plan.steps.iter().enumerate() {
        let mut result = run_step(&mut state, &client, specs, options, i + 1, step);
        if let (Outcome::Skipped, Some(reason)) = (&result.outcome, &result.reason) {
            state.skipped.insert(i + 1, reason.clone());
        }
        if options.strict && result.outcome == Outcome::Skipped {
            result.outcome = Outcome::Failed;
            let reason = result.reason.clone().unwrap_or_default();
            result.checks.push(Check::fail(
                CheckKind::Skip,
                format!("{reason} (--strict fails a skipped step)"),
            ));
        }
        summary.add(&result);
        let redacted = state.secrets.redact(result);
        sink.step(&redacted, i + 1, plan.steps.len());
        steps.push(redacted);
    }
    summary.requests = state.requests;
    summary.ms = start.elapsed().as_millis() as u64;
    Ok(Ran { steps, summary })
}

/// The secrets known before the first request: every variable any step
/// reads, as the process environment sets it (also one a capture gives:
/// a step falls back to the process environment when the capture fails).
fn initial_secrets(plan: &Plan, env: &dyn Fn(&str) -> Option<String>, on: bool) -> Secrets {
    let mut secrets = Secrets::new(on);
    for step in &plan.steps {
        for need in &step.needs {
            if let Some(v) = env(&need.variable) {
                secrets.add(&v);
            }
        }
    }
    secrets
}

fn blank(number: usize, step: &Step) -> StepResult {
    let r = &step.exchange.request;
    StepResult {
        number,
        file: step.file.clone(),
        source: step.exchange.source.clone(),
        what: step.what.clone(),
        method: r.method.clone(),
        url: format!("{}{}", r.url.origin, r.url.path),
        path: r.url.path.clone(),
        request_headers: Vec::new(),
        status: None,
        response_headers: Vec::new(),
        response_excerpt: None,
        ms: None,
        outcome: Outcome::Skipped,
        reason: None,
        checks: Vec::new(),
    }
}

fn skip(mut result: StepResult, reason: String) -> StepResult {
    result.outcome = Outcome::Skipped;
    result.reason = Some(reason);
    result
}

fn run_step(
    state: &mut State<'_>,
    client: &Client,
    specs: &Specs,
    options: &Options,
    number: usize,
    step: &Step,
) -> StepResult {
    let mut result = blank(number, step);
    if let Some(reason) = skip_reason(state, options, step) {
        return skip(result, reason);
    }
    let mut outgoing = match resolve(state, &step.exchange) {
        Ok(o) => o,
        Err(reason) => return skip(result, reason),
    };
    if let Err(why) = sign_delivery(state, &step.exchange, &mut outgoing) {
        result.outcome = Outcome::Failed;
        result.checks.push(Check::fail(CheckKind::Transport, why));
        return result;
    }
    result.url = outgoing.url.clone();
    result.request_headers = outgoing.headers.clone();
    if let Some(unfilled) = unfilled_param(&outgoing.url) {
        return skip(
            result,
            format!("the URL keeps `{unfilled}`: the guide gives it no value"),
        );
    }
    if let Some(why) = refusal(&outgoing.url, &state.origins, &state.plan.target.name) {
        result.outcome = Outcome::Failed;
        result.checks.push(Check::fail(
            CheckKind::Host,
            format!("{why}; not contacted"),
        ));
        return result;
    }
    state.requests += 1;
    match client.send(&outgoing) {
        Ok(got) => {
            check_response(state, specs, step, &mut result, &got);
        }
        Err(e) => {
            result.ms = Some(e.ms);
            result.outcome = Outcome::Failed;
            result
                .checks
                .push(Check::fail(CheckKind::Transport, e.message));
        }
    }
    result
}

/// A webhook delivery's signature headers ([`crate::webhook::delivery_headers`]:
/// a fresh message id, now, the real secret from the process environment
/// variable `secret-var`) added to `out`, signing the exact bytes sent.
/// An unsigned delivery or another step is left as it is. `Err`: the
/// delivery cannot be signed (a secret the scheme cannot use); not sent.
fn sign_delivery(state: &State<'_>, exchange: &Exchange, out: &mut Outgoing) -> Result<(), String> {
    let ExchangeKind::WebhookDelivery {
        scheme: Some(scheme),
        ..
    } = &exchange.kind
    else {
        return Ok(());
    };
    let Some(variable) = super::plan::secret_var(exchange) else {
        return Ok(());
    };
    let secret = (state.env)(variable).unwrap_or_default();
    let body = out.body.as_deref().unwrap_or_default();
    let headers = crate::webhook::delivery_headers(scheme, &secret, body).map_err(|e| {
        format!("not sent: the delivery cannot be signed with `${variable}` ({scheme}): {e}")
    })?;
    out.headers
        .retain(|(n, _)| !headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n)));
    out.headers.extend(headers);
    Ok(())
}

fn skip_reason(state: &State<'_>, options: &Options, step: &Step) -> Option<String> {
    if let Some(reason) = &step.skip {
        return Some(reason.clone());
    }
    if let Some(max) = options.max_requests.filter(|max| state.requests >= *max) {
        return Some(format!("--max-requests {max} reached"));
    }
    for need in &step.needs {
        if let From::Capture(n) = need.from
            && !state.captured.contains_key(&need.variable)
            && (state.env)(&need.variable).is_none()
        {
            let producer = &state.plan.steps[n - 1];
            let why = match state.skipped.get(&n) {
                Some(reason) => format!("was skipped ({reason})"),
                None => "did not capture it".to_string(),
            };
            return Some(format!(
                "`${}` was not captured and the process environment does not set it: step {n} ({}:{}) {why}",
                need.variable, producer.file, producer.exchange.source.line
            ));
        }
    }
    None
}

/// The first `{name}` left in a URL's path.
fn unfilled_param(url: &str) -> Option<&str> {
    let start = url.find('{')?;
    let end = start + url[start..].find('}')?;
    Some(&url[start..=end])
}

/// The request as sent: variables filled in (each value encoded as the
/// request model encodes it: [`crate::http::url`]), `{run:id}` replaced,
/// Basic credentials encoded (RFC 7617), the body's media type as
/// `Content-Type`, form fields resolved then encoded.
fn resolve(state: &mut State<'_>, exchange: &Exchange) -> Result<Outgoing, String> {
    use crate::http::url::{encode_form, encode_query, encode_segment};
    use crate::http::{Credentials, QueryParam};
    let r = &exchange.request;
    let token_url = format!(
        "{}{}",
        fill(state, exchange, &r.url.origin, &verbatim, "")?,
        fill(state, exchange, &r.url.path, &encode_segment, "")?
    );
    let mut url = token_url.clone();
    let mut query = Vec::new();
    for q in &r.url.query {
        query.push(QueryParam {
            name: fill(state, exchange, &q.name, &verbatim, &token_url)?,
            value: fill(state, exchange, &q.value, &verbatim, &token_url)?,
        });
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&encode_query(&query));
    }
    let mut headers = Vec::new();
    for h in r.sent_headers() {
        let mut value = fill(state, exchange, &h.value, &verbatim, &token_url)?;
        if h.name.eq_ignore_ascii_case("authorization") {
            value = grants::basic_credentials(&value);
        }
        state.secrets.add_header(&h.name, &value);
        headers.push((h.name.clone(), value));
    }
    if let Some(Credentials::Basic { user, password }) = &r.credentials {
        let user = fill(state, exchange, user, &verbatim, &token_url)?;
        let password = fill(state, exchange, password, &verbatim, &token_url)?;
        let value = grants::basic_credentials(&format!("Basic {user}:{password}"));
        if let Some((_, encoded)) = value.split_once(' ') {
            state.secrets.add(encoded);
        }
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
        headers.push(("Authorization".to_string(), value));
    }
    let body = match &r.body {
        Some(b) if !b.form.is_empty() => {
            let mut fields = Vec::new();
            for f in &b.form {
                fields.push(QueryParam {
                    name: f.name.clone(),
                    value: fill(state, exchange, &f.value, &verbatim, &token_url)?,
                });
            }
            Some(encode_form(&fields).into_bytes())
        }
        Some(b) => Some(
            b.text
                .replace(vars::RUN_ID, &state.plan.run_id)
                .into_bytes(),
        ),
        None => None,
    };
    Ok(Outgoing {
        method: r.method.clone(),
        url,
        headers,
        body,
    })
}

/// `text` with its variables filled in: from a capture, the process
/// environment, or a signed assertion (for a request to `token_url`).
fn fill(
    state: &mut State<'_>,
    exchange: &Exchange,
    text: &str,
    encode: &dyn Fn(&str) -> String,
    token_url: &str,
) -> Result<String, String> {
    let mut problem = None;
    let mut made = Vec::new();
    let out = {
        let captured = &state.captured;
        let env = state.env;
        let mut lookup = |name: &str| -> Option<String> {
            if let Some(v) = captured.get(name) {
                return Some(v.clone());
            }
            if let Some(v) = env(name) {
                return Some(v);
            }
            if grants::is_assertion(name) {
                let url = token_url.split('?').next().unwrap_or(token_url);
                let audience = match &exchange.kind {
                    ExchangeKind::TokenRequest { audience, .. } => audience.as_deref(),
                    _ => None,
                };
                return match grants::assertion(name, url, audience, env) {
                    Ok(jwt) => {
                        made.push(jwt.clone());
                        Some(jwt)
                    }
                    Err(e) => {
                        problem = Some(format!("cannot sign `${name}`: {e}"));
                        None
                    }
                };
            }
            None
        };
        vars::substitute(text, &state.plan.run_id, &mut lookup, encode)
    };
    for jwt in made {
        state.secrets.add(&jwt);
    }
    out.map_err(|name| {
        problem.unwrap_or_else(|| {
            format!(
                "`${name}` has no value (step at {}:{})",
                exchange.source.chapter, exchange.source.line
            )
        })
    })
}

fn check_response(
    state: &mut State<'_>,
    specs: &Specs,
    step: &Step,
    result: &mut StepResult,
    got: &Incoming,
) {
    let exchange = &step.exchange;
    result.status = Some(got.status);
    result.ms = Some(got.ms);
    result.response_headers = got.headers.clone();
    for (name, value) in &got.headers {
        state.secrets.add_header(name, value);
    }
    let json = checks::parse(got);
    let mut status = checks::status(&exchange.expect, got);
    if status.outcome == Outcome::Failed
        && let Some(said) = checks::server_says(&json)
    {
        status
            .message
            .push_str(&format!("; the server says: {said}"));
    }
    result.checks.push(status);
    if let Some(c) = specs.check(
        exchange,
        &result.url,
        got.status,
        json.as_ref().map_err(String::as_str),
    ) {
        result.checks.push(c);
    }
    if let Some(c) = checks::body(&exchange.expect, got, &json) {
        result.checks.push(c);
    }
    let (capture_checks, values) = checks::captures(exchange, &json);
    result.checks.extend(capture_checks);
    let token = matches!(exchange.kind, ExchangeKind::TokenRequest { .. });
    if let (true, Ok(serde_json::Value::Object(map))) = (token, &json) {
        // access_token, refresh_token, id_token: secret whether captured or not.
        for (key, value) in map {
            if key.contains("token")
                && let Some(v) = value.as_str()
            {
                state.secrets.add(v);
            }
        }
    }
    for (variable, value) in values {
        if token || is_secret_name(&variable) {
            state.secrets.add(&value);
        }
        state.captured.insert(variable, value);
    }
    result.outcome = if result.failures().next().is_some() {
        // Masked whole before it is cut, so that no secret shows in part.
        let body = state.secrets.mask(&String::from_utf8_lossy(&got.body));
        result.response_excerpt = Some(super::result::excerpt(&body));
        Outcome::Failed
    } else {
        Outcome::Passed
    };
}
