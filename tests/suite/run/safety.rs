//! Safety: an environment runs only if it says so; requests go only to
//! its hosts; a missing variable stops the run before anything is sent;
//! read-only sends only safe methods; --max-requests; --dry-run.

use serde_json::json;

use super::server::{Reply, Server};
use super::*;

fn ok_server() -> Server {
    Server::start(|_| Reply::json(200, json!({"ok": true})))
}

#[test]
fn an_environment_without_run_is_refused_before_any_connection() {
    let s = ok_server();
    let ran = Run::new(
        vec![exchange(1, "GET", &s.base, "/")],
        target(&s.base, RunPolicy::Deny),
    )
    .go();
    assert_eq!(ran.code, 2);
    assert_eq!(
        ran.err,
        "error: the environment `sandbox` does not allow run: set run = \"allow\" (or \"read-only\": GET, HEAD and OPTIONS only) in [preprocessor.integration-guide.environments.sandbox] of book.toml, for an environment that may receive the guide's requests\n"
    );
    // The JSON report says so too (a report is never empty).
    let lines = ran.lines();
    assert_eq!(lines.len(), 2, "{}", ran.out);
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the environment `sandbox` does not allow run"),
        "{}",
        ran.out
    );
    assert_eq!(lines[1]["summary"]["started"], false);
    assert!(s.requests().is_empty());
}

#[test]
fn a_host_outside_the_environment_fails_without_contact() {
    let s = ok_server();
    let ran = Run::new(
        vec![
            exchange(1, "GET", "https://api.production.example", "/v2/x"),
            exchange(2, "GET", &s.base, "/ok"),
        ],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    let lines = ran.lines();
    assert_eq!(
        lines[0]["checks"][0]["message"],
        "`api.production.example` is not a host of the environment `sandbox` (its hosts: 127.0.0.1); not contacted"
    );
    assert_eq!(lines[0]["status"], serde_json::Value::Null);
    assert_eq!(lines[1]["outcome"], "passed", "the other steps still run");
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn a_missing_variable_is_an_error_before_anything_is_sent() {
    let s = ok_server();
    let mut ex = exchange(34, "GET", &s.base, "/v2/customers");
    header(&mut ex, "Authorization", "Bearer $GLOBEX_TOKEN");
    let ran = Run::new(
        vec![exchange(1, "GET", &s.base, "/ok"), ex],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 2);
    assert!(
        ran.err.starts_with("error: book/src/validation.md:34:1: the api-example here needs `$GLOBEX_TOKEN`, which no earlier step captures and the process environment does not set; set it (export GLOBEX_TOKEN=...) or capture it in an earlier step (capture=\"GLOBEX_TOKEN=/pointer\")\n"),
        "{}",
        ran.err
    );
    assert!(s.requests().is_empty(), "not even the first step was sent");
}

#[test]
fn read_only_sends_safe_methods_only() {
    let s = ok_server();
    let ran = Run::new(
        vec![
            exchange(1, "POST", &s.base, "/a"),
            exchange(2, "GET", &s.base, "/b"),
        ],
        target(&s.base, RunPolicy::ReadOnly),
    )
    .go();
    assert_eq!(ran.code, 0);
    let lines = ran.lines();
    assert_eq!(lines[0]["outcome"], "skipped");
    assert_eq!(
        lines[0]["reason"],
        "the environment `sandbox` is read-only (run = \"read-only\"): POST is not sent"
    );
    let got = s.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "GET");
}

#[test]
fn max_requests_bounds_the_run() {
    let s = ok_server();
    let mut run = Run::new(
        (1..=5).map(|i| exchange(i, "GET", &s.base, "/x")).collect(),
        target(&s.base, RunPolicy::Allow),
    );
    run.options.max_requests = Some(2);
    let ran = run.go();
    assert_eq!(s.requests().len(), 2);
    let lines = ran.lines();
    assert_eq!(lines[2]["reason"], "--max-requests 2 reached");
    assert_eq!(lines[5]["summary"]["skipped"], 3);
}

#[test]
fn dry_run_prints_the_plan_and_sends_nothing() {
    let s = ok_server();
    let mut run = Run::new(
        super::chain::chained(&s.base),
        target(&s.base, RunPolicy::Allow),
    )
    .env("CLIENT_ID", "acme-client")
    .env("CLIENT_SECRET", "s3cret-value")
    .format(Format::Text);
    run.dry_run = true;
    let ran = run.go();
    assert_eq!(ran.code, 0, "{}", ran.err);
    assert!(s.requests().is_empty());
    let base = &s.base;
    assert_eq!(
        ran.out,
        format!(
            "Plan: 3 steps against the environment `sandbox` (run = \"allow\"; hosts: 127.0.0.1)
1. book/src/validation.md:10 auth-flow client-credentials POST {base}/oauth/token
     variables: CLIENT_ID (environment), CLIENT_SECRET (environment)
     captures: ACCESS_TOKEN = /access_token
     expects: status 200
2. book/src/validation.md:20 api-example POST {base}/v2/entries
     variables: ACCESS_TOKEN (captured by step 1)
     captures: ENTRY_ID = /id
     expects: status 201
3. book/src/validation.md:30 api-example GET {base}/v2/entries/$ENTRY_ID
     variables: ENTRY_ID (captured by step 2), ACCESS_TOKEN (captured by step 1)
     expects: status 200
Nothing was sent (--dry-run).
"
        )
    );
}

#[test]
fn a_guide_with_no_steps_does_not_pass() {
    let ran = Run::new(Vec::new(), target("http://127.0.0.1:9", RunPolicy::Allow)).go();
    assert_eq!(ran.code, 2);
    assert!(
        ran.err
            .starts_with("error: nothing to run: the guide has no api-example"),
        "{}",
        ran.err
    );
}

#[test]
fn mtls_needs_its_certificate_files() {
    let mut token = token_request(1, "https://auth.example");
    token.kind = mdbook_integration_guide::http::ExchangeKind::TokenRequest {
        grant: "mtls".into(),
        audience: None,
    };
    token.request.credentials = None;
    let ran = Run::new(
        vec![token.clone()],
        target("https://auth.example", RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 2);
    assert!(
        ran.err.contains(
            "needs `$CLIENT_CERT` (the file of the client certificate or key, for mutual TLS)"
        ),
        "{}",
        ran.err
    );
    assert!(ran.err.contains("needs `$CLIENT_KEY`"), "{}", ran.err);
    // Set, but not a certificate: the run stops before any request.
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, "not a certificate").unwrap();
    let ran = Run::new(
        vec![token],
        target("https://auth.example", RunPolicy::Allow),
    )
    .env("CLIENT_CERT", cert.to_str().unwrap())
    .env("CLIENT_KEY", cert.to_str().unwrap())
    .go();
    assert_eq!(ran.code, 2);
    assert!(ran.err.contains("holds no PEM certificate"), "{}", ran.err);
}
