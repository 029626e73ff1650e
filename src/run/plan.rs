//! The plan: the guide's exchanges in reading order, the selected
//! environment, and where each variable a step needs comes from (an
//! earlier step's capture, else the process environment, else a signed
//! assertion `run` makes; a webhook delivery's signing secret, `secret-var`,
//! from the process environment only, the delivery skipped when it is not
//! set). A variable none of them gives is
//! [`From::Missing`] in the plan (so `--dry-run` still shows every step)
//! and an error before anything is sent, naming the variable at its place
//! in the tag (`$NAME`'s `file:line:col`).

use super::grants;
use super::origin::Origin;
use super::vars;
use crate::http::{Credentials, Exchange, ExchangeKind};
use crate::settings::RunPolicy;

/// The environment a run goes to.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its name (`sandbox`).
    pub name: String,
    /// Its `run` key.
    pub policy: RunPolicy,
    /// Its values (`base-url`, ...), by key.
    pub values: Vec<(String, String)>,
    /// Where book.toml sets its `run` key (else its table):
    /// `book.toml:line:col` as shown; `None` when not read from a book.
    pub place: Option<String>,
}

impl Target {
    /// The hosts a run may contact: the host of every value that is a URL
    /// (`https://sandbox.example:8443/v2` gives `sandbox.example`) and
    /// every value that is a host name itself, lower case.
    pub fn hosts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .values
            .iter()
            .filter_map(|(_, v)| {
                let v = v.trim();
                if v.contains("://") {
                    host_of(v)
                } else if is_bare_host(v) {
                    Some(strip_port(v).to_ascii_lowercase())
                } else {
                    None
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The origins a run may contact (RFC 6454; issue 25, Safety): the
    /// origin of every value that is a URL; for a value that is a bare
    /// host (`sandbox.example`), the origins the URLs use for that host,
    /// else `https` on 443 (on its port, when it gives one).
    pub fn origins(&self) -> Vec<Origin> {
        let mut out: Vec<Origin> = self
            .values
            .iter()
            .filter(|(_, v)| v.contains("://"))
            .filter_map(|(_, v)| Origin::of(v))
            .collect();
        for (_, v) in &self.values {
            let v = v.trim();
            if v.contains("://") || !is_bare_host(v) {
                continue;
            }
            let host = strip_port(v).to_ascii_lowercase();
            if !out.iter().any(|o| o.host == host) {
                out.extend(Origin::of_bare_host(v));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// A value that names a host itself (`sandbox.example`, `localhost:8080`).
fn is_bare_host(v: &str) -> bool {
    !v.is_empty()
        && !v.contains(char::is_whitespace)
        && !v.contains('/')
        && (v.contains('.') || strip_port(v).eq_ignore_ascii_case("localhost"))
}

/// The host of an absolute URL, lower case, without user info or port
/// (`None`: no `scheme://`).
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    Some(strip_port(authority).to_ascii_lowercase())
}

fn strip_port(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

/// Where a variable's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    /// An earlier step's capture (its 1-based number).
    Capture(usize),
    /// The process environment.
    Environment,
    /// The process environment, because the step that captures it (its
    /// 1-based number) is skipped whatever happens (issue 25: "`$NAME`
    /// resolves from an earlier capture, else from the process
    /// environment").
    EnvironmentForSkipped(usize),
    /// Neither: the step that captures it (its number) is skipped and the
    /// process environment does not set it, so this step is skipped too
    /// ([`Step::skip`] names the cause).
    SkippedCapture(usize),
    /// A JWT `run` signs when the step runs ([`grants`]).
    Assertion,
    /// No source gives it: the run cannot start ([`PlanError`]).
    Missing,
    /// No source gives it, but the step is skipped before the run
    /// ([`Step::skip`]): a step that is never sent needs none of its
    /// variables, so this is not an error.
    NotNeeded,
}

/// A variable a step needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The variable's name.
    pub variable: String,
    /// Where it comes from.
    pub from: From,
}

/// One step of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    /// The exchange the guide documents.
    pub exchange: Exchange,
    /// The chapter file as shown in messages.
    pub file: String,
    /// What the step is, in words (`api-example`, `auth-flow client-credentials`).
    pub what: String,
    /// The variables it needs, in order of first use.
    pub needs: Vec<Need>,
    /// Why the step is skipped, when that is known before the run: a
    /// signed webhook delivery whose `secret-var` the process environment
    /// does not set ([`signing_need`]), an unsafe method in a `read-only`
    /// environment, a variable only a skipped step would capture.
    pub skip: Option<String>,
}

/// A run's plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The steps in reading order.
    pub steps: Vec<Step>,
    /// The environment.
    pub target: Target,
    /// The run's unique id (`{run:id}`).
    pub run_id: String,
    /// The client certificate files of an `mtls` grant (`CLIENT_CERT`,
    /// `CLIENT_KEY`), presented on every request of the run.
    pub client_identity: Option<(String, String)>,
    /// The `auth-flow`s that need a person (`authorization-code`,
    /// `device-code`): not steps; their token comes from the process
    /// environment (issue 25, "Grants that run").
    pub by_a_person: Vec<PersonToken>,
}

/// An `auth-flow` whose grant needs a person (a browser sign-in, a code
/// typed on a device): `run` leaves it out and reads its token, the
/// `token-var`, from the process environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonToken {
    /// The chapter file as shown in messages.
    pub file: String,
    /// 1-based line of the tag.
    pub line: usize,
    /// 1-based column of the tag.
    pub column: usize,
    /// `auth-flow authorization-code`.
    pub what: String,
    /// The variable its token is read from (`ACCESS_TOKEN`).
    pub token_var: String,
}

/// Why a run cannot start: at a tag (`file:line:col: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// `file:line:col`, or empty for the run as a whole.
    pub place: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl PlanError {
    /// A reason about the run as a whole (no place).
    pub fn whole(message: String) -> PlanError {
        PlanError {
            place: String::new(),
            message,
        }
    }

    /// The place as `(file, line, column)`, when it is one.
    pub fn location(&self) -> Option<(&str, usize, usize)> {
        let mut parts = self.place.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((parts.next()?, line, column))
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

/// The variables of a request, in order of first use (URL, headers,
/// credentials, form fields; a code block's body is never read:
/// [`crate::http::Request::variables`]).
pub fn variables_of(exchange: &Exchange) -> Vec<String> {
    exchange.request.variables()
}

/// Where a variable comes from: an earlier capture (the last step that
/// captures it), else the process environment, else a signed assertion.
/// A step skipped before the run does not count as a capture: the
/// variable then comes from the process environment
/// ([`From::EnvironmentForSkipped`]), else the step is skipped
/// ([`From::SkippedCapture`]).
fn source_of(
    variable: &str,
    captured: &[Captured],
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<From> {
    let producer = captured.iter().rev().find(|c| c.variable == variable);
    match producer {
        Some(c) if !c.skipped => Some(From::Capture(c.step)),
        Some(c) if env(variable).is_some() => Some(From::EnvironmentForSkipped(c.step)),
        Some(c) => Some(From::SkippedCapture(c.step)),
        None if env(variable).is_some() => Some(From::Environment),
        None => grants::is_assertion(variable).then_some(From::Assertion),
    }
}

/// A variable an earlier step captures: the step's number, and whether
/// it is skipped before the run.
struct Captured {
    variable: String,
    step: usize,
    skipped: bool,
}

/// Why a step is skipped in a `read-only` environment (an unsafe method:
/// not GET, HEAD or OPTIONS, RFC 9110 §9.2.1).
pub fn read_only_skip(target: &Target, method: &str) -> Option<String> {
    (target.policy == RunPolicy::ReadOnly && !matches!(method, "GET" | "HEAD" | "OPTIONS")).then(
        || {
            format!(
                "{method} is not sent in a read-only environment (`{}` has run = \"read-only\")",
                target.name
            )
        },
    )
}

/// The variables naming an `mtls` exchange's certificate and key files.
fn mtls_files(exchange: &Exchange) -> (&str, &str) {
    match &exchange.request.credentials {
        Some(Credentials::ClientCertificate { cert, key }) => (
            single_variable(cert).unwrap_or(grants::MTLS_FILES[0]),
            single_variable(key).unwrap_or(grants::MTLS_FILES[1]),
        ),
        _ => (grants::MTLS_FILES[0], grants::MTLS_FILES[1]),
    }
}

/// The variable a value is made of alone (`$CLIENT_CERT`).
fn single_variable(value: &str) -> Option<&str> {
    match crate::http::vars::pieces(value).as_slice() {
        [crate::http::vars::Piece::Var { name, .. }] => Some(name),
        _ => None,
    }
}

/// The variable holding a signed webhook delivery's real secret
/// (`secret-var`): read from the process environment only, never from a
/// capture (a receiver's answer must not choose the key it is tested with).
pub fn secret_var(exchange: &Exchange) -> Option<&str> {
    match &exchange.kind {
        ExchangeKind::WebhookDelivery {
            scheme: Some(_),
            secret_var: Some(variable),
            ..
        } => Some(variable),
        _ => None,
    }
}

/// Adds to `needs` a signed webhook delivery's need for its secret
/// (`secret-var`), from the process environment only. `Some(reason)`: the
/// process environment does not set it, and the delivery is skipped with
/// that reason rather than stopping the run: a delivery tests System B's
/// receiver, a party other than the API whose credentials the reader
/// holds, so a run with only those credentials still tests the API (and
/// `--strict` fails the skip, as every skip).
fn signing_need(
    exchange: &Exchange,
    env: &dyn Fn(&str) -> Option<String>,
    needs: &mut Vec<Need>,
) -> Option<String> {
    let variable = secret_var(exchange)?;
    if env(variable).is_none() {
        return Some(format!(
            "{variable} is not set in the process environment: the event is not delivered; set it to test the receiver"
        ));
    }
    if !needs.iter().any(|n| n.variable == variable) {
        needs.push(Need {
            variable: variable.to_string(),
            from: From::Environment,
        });
    }
    None
}

/// The variables a step reads, each with what it is for (empty: the
/// request names it), in order: the request's, the inputs of an
/// assertion `run` signs ([`grants::assertion_inputs`]), an `mtls`
/// grant's certificate and key files.
fn inputs_of(exchange: &Exchange, env: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for variable in variables_of(exchange) {
        let signed = grants::is_assertion(&variable) && env(&variable).is_none();
        let inputs = if signed {
            grants::assertion_inputs(&variable, env)
        } else {
            Vec::new()
        };
        out.push((variable, String::new()));
        out.extend(inputs);
    }
    if grants::is_mtls(exchange) {
        let (cert, key) = mtls_files(exchange);
        for variable in [cert, key] {
            out.push((
                variable.to_string(),
                " (the file of the client certificate or key, for mutual TLS)".to_string(),
            ));
        }
    }
    out
}

/// An `auth-flow` of a grant that needs a person, at `file`, as the plan
/// lists it (`None`: the exchange is a step).
fn person_token(exchange: &Exchange, file: &str) -> Option<PersonToken> {
    Some(PersonToken {
        file: file.to_string(),
        line: exchange.source.line,
        column: exchange.source.column,
        what: describe(exchange),
        token_var: exchange.token_from_a_person()?.to_string(),
    })
}

/// Why the `what` step cannot start without `variable` (`why`: what it
/// is for, empty for a `$NAME` written in the request), and how to give
/// it: the token of a grant that needs a person ([`PersonToken`]) is set
/// by hand, a variable a grant reads (`grant_reads`, or one with a `why`)
/// exported, a `$NAME` written in a request set or captured.
fn missing(
    what: &str,
    variable: &str,
    why: &str,
    grant_reads: bool,
    by_a_person: &[PersonToken],
) -> String {
    let described = grants::what_variable_is(variable).filter(|_| why.is_empty() && grant_reads);
    match by_a_person.iter().find(|p| p.token_var == variable) {
        Some(p) => format!(
            "the {what} here needs `${variable}`{why}, the token of the {} at {}:{}, a grant that needs a person (run does not perform it); sign in as the guide shows and set it (export {variable}=...)",
            p.what, p.file, p.line
        ),
        None if grant_reads || !why.is_empty() => {
            let why = described.map_or_else(|| why.to_string(), |d| format!(" ({d})"));
            format!(
                "the {what} here needs `${variable}`{why}, which the process environment does not set; set it (export {variable}=...)"
            )
        }
        None => format!(
            "the {what} here needs `${variable}`{why}, which no earlier step captures and the process environment does not set; set it (export {variable}=...) or capture it in an earlier step (capture=\"{variable}=/pointer\")"
        ),
    }
}

/// Why a step is skipped because a variable it needs comes only from a
/// step skipped before the run ([`From::SkippedCapture`]); `skips`: each
/// earlier step's reason.
fn skipped_producer(needs: &[Need], steps: &[Step], skips: &[Option<String>]) -> Option<String> {
    needs.iter().find_map(|n| match n.from {
        From::SkippedCapture(k) => Some(skipped_capture(
            &n.variable,
            k,
            &steps[k - 1],
            skips[k - 1].as_deref().unwrap_or_default(),
        )),
        _ => None,
    })
}

/// Why a step is skipped when `variable` only comes from step `k`
/// (`producer`), which is skipped for `why`.
fn skipped_capture(variable: &str, k: usize, producer: &Step, why: &str) -> String {
    format!(
        "`${variable}` is not set in the process environment and step {k} ({}:{}), which captures it, is skipped ({why}); set it (export {variable}=...) to run this step",
        producer.file, producer.exchange.source.line
    )
}

/// What a step is, in words.
pub fn describe(exchange: &Exchange) -> String {
    match &exchange.kind {
        ExchangeKind::ApiExample => "api-example".to_string(),
        ExchangeKind::TokenRequest { grant, .. } | ExchangeKind::AuthenticatedCall { grant } => {
            format!("auth-flow {grant}")
        }
        ExchangeKind::WebhookDelivery { event, .. } => format!("webhook-event {event}"),
    }
}

/// Where a variable is written in a tag: `(line, column)`, 1-based, in
/// the file a writer edits; `None`: at the tag (a variable the grant reads
/// that the tag does not spell out).
pub type PlaceOf<'a> = &'a dyn Fn(&Exchange, &str) -> Option<(usize, usize)>;

/// The plan of `exchanges` against `target`; `env` reads the process
/// environment; `src_prefix` is put before each chapter's path in
/// messages (`book/src/`); `place_of` locates a variable in its tag. The
/// plan is whole even when a variable is missing (its need
/// [`From::Missing`]); the errors list every variable no source gives, at
/// its `$NAME` in the tag (else at the tag). The run starts only when
/// they are none.
pub fn build(
    exchanges: Vec<Exchange>,
    target: Target,
    env: &dyn Fn(&str) -> Option<String>,
    src_prefix: &str,
    place_of: PlaceOf<'_>,
) -> (Plan, Vec<PlanError>) {
    let mut errors = Vec::new();
    let mut captured: Vec<Captured> = Vec::new();
    let mut skips: Vec<Option<String>> = Vec::new();
    let mut steps = Vec::new();
    let mut client_identity = None;
    let mut by_a_person: Vec<PersonToken> = Vec::new();
    for exchange in exchanges {
        let file = format!("{src_prefix}{}", exchange.source.chapter);
        if let Some(person) = person_token(&exchange, &file) {
            by_a_person.push(person);
            continue;
        }
        let i = steps.len();
        let place = format!("{file}:{}:{}", exchange.source.line, exchange.source.column);
        let place_of_var = |variable: &str| match place_of(&exchange, variable) {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => place.clone(),
        };
        let what = describe(&exchange);
        let mut needs: Vec<Need> = Vec::new();
        let mut whys: Vec<String> = Vec::new();
        for (variable, why) in inputs_of(&exchange, env) {
            if needs.iter().any(|n| n.variable == variable) {
                continue;
            }
            let from = source_of(&variable, &captured, env).unwrap_or(From::Missing);
            needs.push(Need { variable, from });
            whys.push(why);
        }
        if grants::is_mtls(&exchange) {
            let (cert, key) = mtls_files(&exchange);
            client_identity = env(cert).zip(env(key)).or(client_identity);
        }
        let skip = signing_need(&exchange, env, &mut needs)
            .or_else(|| read_only_skip(&target, &exchange.request.method))
            .or_else(|| skipped_producer(&needs, &steps, &skips));
        for (n, why) in needs.iter_mut().zip(&whys) {
            if n.from != From::Missing {
                continue;
            }
            if skip.is_some() {
                // A step that is never sent needs none of its variables.
                n.from = From::NotNeeded;
            } else {
                let reads = grants::reads(&exchange, &n.variable);
                let message = missing(&what, &n.variable, why, reads, &by_a_person);
                let place = place_of_var(&n.variable);
                errors.push(PlanError { place, message });
            }
        }
        captured.extend(exchange.captures.iter().map(|c| Captured {
            variable: c.variable.clone(),
            step: i + 1,
            skipped: skip.is_some(),
        }));
        skips.push(skip.clone());
        steps.push(Step {
            exchange,
            file,
            what,
            needs,
            skip,
        });
    }
    let plan = Plan {
        steps,
        target,
        run_id: vars::new_run_id(),
        client_identity,
        by_a_person,
    };
    (plan, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_the_environment() {
        let t = Target {
            name: "sandbox".into(),
            policy: RunPolicy::Allow,
            values: vec![
                ("base-url".into(), "https://API.example:8443/v2".into()),
                ("host".into(), "auth.example".into()),
                ("tenant".into(), "acme corp".into()),
                ("mock".into(), "http://user@127.0.0.1:4010".into()),
                ("v6".into(), "http://[::1]:8080/".into()),
            ],
            place: None,
        };
        assert_eq!(
            t.hosts(),
            ["127.0.0.1", "::1", "api.example", "auth.example"]
        );
    }
}
