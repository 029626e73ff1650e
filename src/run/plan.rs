//! The plan: the guide's exchanges in reading order, the selected
//! environment, and where each variable a step needs comes from (an
//! earlier step's capture, else the process environment, else a signed
//! assertion `run` makes; a webhook delivery's signing secret, `secret-var`,
//! from the process environment only). A variable none of them gives is
//! [`From::Missing`] in the plan (so `--dry-run` still shows every step)
//! and an error before anything is sent, naming the variable at its place
//! in the tag (`$NAME`'s `file:line:col`).

use super::grants;
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
                } else if !v.is_empty()
                    && !v.contains(char::is_whitespace)
                    && !v.contains('/')
                    && (v.contains('.') || v.eq_ignore_ascii_case("localhost"))
                {
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
    /// A JWT `run` signs when the step runs ([`grants`]).
    Assertion,
    /// No source gives it: the run cannot start ([`PlanError`]).
    Missing,
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
fn source_of(
    variable: &str,
    captured: &[(String, usize)],
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<From> {
    if let Some((_, step)) = captured.iter().rev().find(|(v, _)| v == variable) {
        Some(From::Capture(*step))
    } else if env(variable).is_some() {
        Some(From::Environment)
    } else {
        grants::is_assertion(variable).then_some(From::Assertion)
    }
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
/// (`secret-var`), from the process environment only. `Some((variable,
/// message))`: the process environment does not set it (the need is
/// [`From::Missing`]).
fn signing_need(
    exchange: &Exchange,
    env: &dyn Fn(&str) -> Option<String>,
    what: &str,
    needs: &mut Vec<Need>,
) -> Option<(String, String)> {
    let variable = secret_var(exchange)?;
    let set = env(variable).is_some();
    if !needs.iter().any(|n| n.variable == variable) {
        needs.push(Need {
            variable: variable.to_string(),
            from: if set {
                From::Environment
            } else {
                From::Missing
            },
        });
    }
    (!set).then(|| (variable.to_string(), format!(
        "the {what} here needs `${variable}` (the real secret its deliveries are signed with, `secret-var`), which the process environment does not set; set it (export {variable}=...)"
    )))
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
    let mut captured: Vec<(String, usize)> = Vec::new();
    let mut steps = Vec::new();
    let mut client_identity = None;
    for (i, exchange) in exchanges.into_iter().enumerate() {
        let file = format!("{src_prefix}{}", exchange.source.chapter);
        let place = format!("{file}:{}:{}", exchange.source.line, exchange.source.column);
        let place_of_var = |variable: &str| match place_of(&exchange, variable) {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => place.clone(),
        };
        let what = describe(&exchange);
        let mut needs = Vec::new();
        let mut require = |variable: &str, needs: &mut Vec<Need>, why: &str| {
            if needs.iter().any(|n: &Need| n.variable == variable) {
                return;
            }
            let from = source_of(variable, &captured, env);
            if from.is_none() {
                let message = format!(
                    "the {what} here needs `${variable}`{why}, which no earlier step captures and the process environment does not set; set it (export {variable}=...) or capture it in an earlier step (capture=\"{variable}=/pointer\")"
                );
                let place = place_of_var(variable);
                errors.push(PlanError { place, message });
            }
            needs.push(Need {
                variable: variable.to_string(),
                from: from.unwrap_or(From::Missing),
            });
        };
        for variable in variables_of(&exchange) {
            require(&variable, &mut needs, "");
            if grants::is_assertion(&variable) && env(&variable).is_none() {
                for (input, why) in grants::assertion_inputs(&variable, env) {
                    require(&input, &mut needs, &why);
                }
            }
        }
        if grants::is_mtls(&exchange) {
            let (cert, key) = mtls_files(&exchange);
            for variable in [cert, key] {
                require(
                    variable,
                    &mut needs,
                    " (the file of the client certificate or key, for mutual TLS)",
                );
            }
            if let (Some(cert), Some(key)) = (env(cert), env(key)) {
                client_identity = Some((cert, key));
            }
        }
        if let Some((variable, message)) = signing_need(&exchange, env, &what, &mut needs) {
            let place = place_of_var(&variable);
            errors.push(PlanError { place, message });
        }
        for c in &exchange.captures {
            captured.push((c.variable.clone(), i + 1));
        }
        steps.push(Step {
            exchange,
            file,
            what,
            needs,
        });
    }
    let plan = Plan {
        steps,
        target,
        run_id: vars::new_run_id(),
        client_identity,
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
        };
        assert_eq!(
            t.hosts(),
            ["127.0.0.1", "::1", "api.example", "auth.example"]
        );
    }
}
