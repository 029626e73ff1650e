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
        format!(
            "`api.production.example` is not a host of the environment `sandbox` (its origins: {}); not contacted",
            s.base
        )
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
        "POST is not sent in a read-only environment (`sandbox` has run = \"read-only\")"
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

/// A step whose variable an earlier step would capture, when that step
/// is skipped by `--max-requests`, says `--max-requests` (the real cause),
/// not that the capture failed.
#[test]
fn max_requests_is_named_on_a_step_that_needs_a_capture() {
    let s = Server::start(|_| Reply::json(200, json!({"id": "S-1"})));
    let mut third = exchange(3, "POST", &s.base, "/shipments");
    capture(&mut third, "SHIPMENT_ID", "/id");
    let steps = vec![
        exchange(1, "GET", &s.base, "/a"),
        exchange(2, "GET", &s.base, "/b"),
        third,
        exchange(4, "GET", &s.base, "/shipments/$SHIPMENT_ID"),
    ];
    let mut run = Run::new(steps, target(&s.base, RunPolicy::Allow));
    run.options.max_requests = Some(2);
    let ran = run.go();
    let lines = ran.lines();
    assert_eq!(lines[2]["reason"], "--max-requests 2 reached");
    assert_eq!(lines[3]["reason"], "--max-requests 2 reached");
    assert_eq!(s.requests().len(), 2);
}

/// Read-only: the token POST is skipped, so the GET takes `$ACCESS_TOKEN`
/// from the process environment (issue 25: a capture, else the process
/// environment); without it, the GET is skipped naming the real cause.
#[test]
fn read_only_takes_a_skipped_steps_variable_from_the_environment() {
    let s = ok_server();
    let steps = || {
        let mut get = exchange(2, "GET", &s.base, "/v2/orders");
        header(&mut get, "Authorization", "Bearer $ACCESS_TOKEN");
        vec![super::token_request(1, &s.base), get]
    };
    let ran = Run::new(steps(), target(&s.base, RunPolicy::ReadOnly))
        .env("CLIENT_ID", "id")
        .env("CLIENT_SECRET", "secret-value")
        .env("ACCESS_TOKEN", "tok-from-env-123")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let lines = ran.lines();
    assert_eq!(lines[0]["outcome"], "skipped");
    assert_eq!(lines[1]["outcome"], "passed");
    let got = s.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "GET");
    assert_eq!(
        got[0].header("authorization"),
        Some("Bearer tok-from-env-123")
    );
    assert!(
        !ran.out.contains("tok-from-env-123"),
        "the token is redacted"
    );

    // Without ACCESS_TOKEN: not an error that stops the run; the GET is
    // skipped, naming the skipped POST and the variable to set.
    let ran = Run::new(steps(), target(&s.base, RunPolicy::ReadOnly))
        .env("CLIENT_ID", "id")
        .env("CLIENT_SECRET", "secret-value")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert_eq!(
        ran.lines()[1]["reason"],
        "`$ACCESS_TOKEN` is not set in the process environment and step 1 (book/src/validation.md:1), which captures it, is skipped (POST is not sent in a read-only environment (`sandbox` has run = \"read-only\")); set it (export ACCESS_TOKEN=...) to run this step"
    );
    assert_eq!(s.requests().len(), 1, "nothing more was sent");

    // The dry-run shows the skip and where the variable comes from.
    let mut plan = Run::new(steps(), target(&s.base, RunPolicy::ReadOnly))
        .env("CLIENT_ID", "id")
        .env("CLIENT_SECRET", "secret-value")
        .env("ACCESS_TOKEN", "tok-from-env-123")
        .format(Format::Text);
    plan.dry_run = true;
    let ran = plan.go();
    assert!(
        ran.out.contains("     skipped: POST is not sent in a read-only environment (`sandbox` has run = \"read-only\")\n"),
        "{}",
        ran.out
    );
    assert!(
        ran.out.contains(
            "     variables: ACCESS_TOKEN (environment, as step 1, which captures it, is skipped)\n"
        ),
        "{}",
        ran.out
    );
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
            "Plan: 3 steps against the environment `sandbox` (run = \"allow\"; origins: {base})
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

/// The allow-list is of origins (RFC 6454): another port or another
/// scheme of an allowed host is refused without contact, naming what
/// differs.
#[test]
fn another_port_or_scheme_of_an_allowed_host_is_refused() {
    let allowed = ok_server();
    let other = ok_server();
    let https = allowed.base.replace("http://", "https://");
    let ran = Run::new(
        vec![
            exchange(1, "GET", &other.base, "/x"),
            exchange(2, "GET", &https, "/y"),
            exchange(3, "GET", &allowed.base, "/ok"),
        ],
        target(&allowed.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    let lines = ran.lines();
    assert_eq!(
        lines[0]["checks"][0]["message"],
        format!(
            "`{}` is not an origin of the environment `sandbox`: its URLs use {} (the port differs); not contacted",
            other.base, allowed.base
        )
    );
    assert_eq!(
        lines[1]["checks"][0]["message"],
        format!(
            "`{https}` is not an origin of the environment `sandbox`: its URLs use {} (the scheme differs); not contacted",
            allowed.base
        )
    );
    assert_eq!(lines[2]["outcome"], "passed");
    assert!(other.requests().is_empty(), "the other port was contacted");
    assert_eq!(
        allowed.requests().len(),
        1,
        "https was tried on the http port"
    );
}

/// A bare host value allows that host on the origins the environment's
/// URLs use for it, else https on 443 only.
#[test]
fn a_bare_host_allows_https_on_443_only() {
    let s = ok_server();
    let mut t = target("https://sandbox.example", RunPolicy::Allow);
    t.values = vec![("host".to_string(), "127.0.0.1".to_string())];
    let ran = Run::new(vec![exchange(1, "GET", &s.base, "/x")], t).go();
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.lines()[0]["checks"][0]["message"],
        format!(
            "`{}` is not an origin of the environment `sandbox`: its URLs use https://127.0.0.1 (the scheme and port differ); not contacted",
            s.base
        )
    );
    assert!(s.requests().is_empty());
}

/// `--dry-run`'s `refused:` line follows the same origin rule.
#[test]
fn dry_run_refuses_another_port() {
    let allowed = ok_server();
    let other = ok_server();
    let mut run = Run::new(
        vec![exchange(1, "GET", &other.base, "/x")],
        target(&allowed.base, RunPolicy::Allow),
    )
    .format(Format::Text);
    run.dry_run = true;
    let ran = run.go();
    assert!(
        ran.out.contains(&format!(
            "     refused: `{}` is not an origin of the environment `sandbox`: its URLs use {} (the port differs): the run will fail this step without contacting it\n",
            other.base, allowed.base
        )),
        "{}",
        ran.out
    );
}

/// TLS to a plain-http server says what likely happened, not rustls's
/// "received corrupt message of type InvalidContentType".
#[test]
fn tls_to_a_plain_http_port_names_the_likely_cause() {
    // A plain-http server that answers whatever it reads (the ClientHello)
    // with a 400, as most HTTP servers do.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let answer = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = [0u8; 512];
        let _ = conn.read(&mut buf);
        let _ = conn.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    let https = format!("https://127.0.0.1:{port}");
    let ran = Run::new(
        vec![exchange(1, "GET", &https, "/x")],
        target(&https, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    let message = ran.lines()[0]["checks"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with("the TLS handshake failed: the server does not speak TLS on that port (is the URL's scheme right?"),
        "{message}"
    );
    answer.join().unwrap();
}

/// A step the plan knows is skipped (here a token POST in a `read-only`
/// environment) needs none of its variables: with only `ACCESS_TOKEN`
/// exported (as the README promises), the run starts, and the dry-run
/// shows the client credentials as not needed.
#[test]
fn read_only_needs_no_variables_of_a_skipped_step() {
    let s = ok_server();
    let steps = || {
        let mut get = exchange(2, "GET", &s.base, "/v2/orders");
        header(&mut get, "Authorization", "Bearer $ACCESS_TOKEN");
        vec![super::token_request(1, &s.base), get]
    };
    let ran = Run::new(steps(), target(&s.base, RunPolicy::ReadOnly))
        .env("ACCESS_TOKEN", "tok-from-env-123")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(!ran.err.contains("CLIENT_ID"), "{}", ran.err);
    let lines = ran.lines();
    assert_eq!(lines[0]["outcome"], "skipped");
    assert_eq!(lines[1]["outcome"], "passed");
    assert_eq!(s.requests().len(), 1);

    let mut plan = Run::new(steps(), target(&s.base, RunPolicy::ReadOnly))
        .env("ACCESS_TOKEN", "tok-from-env-123")
        .format(Format::Text);
    plan.dry_run = true;
    let ran = plan.go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(
        ran.out.contains(
            "     variables: CLIENT_ID (not needed: the step is skipped), CLIENT_SECRET (not needed: the step is skipped)\n"
        ),
        "{}",
        ran.out
    );
    assert!(!ran.out.contains("missing:"), "{}", ran.out);
}

/// A variable a grant reads (the client credentials of a token request)
/// is given by exporting it, never captured from a response: the advice
/// says what it is and only to export it.
#[test]
fn a_missing_grant_variable_is_only_exported() {
    let s = ok_server();
    let ran = Run::new(
        vec![super::token_request(9, &s.base)],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 2, "{}", ran.err);
    assert!(
        ran.err.contains("the auth-flow client-credentials here needs `$CLIENT_ID` (the client id the authorization server issued), which the process environment does not set; set it (export CLIENT_ID=...)\n"),
        "{}",
        ran.err
    );
    assert!(
        ran.err.contains("needs `$CLIENT_SECRET` (the client secret the authorization server issued), which the process environment does not set; set it (export CLIENT_SECRET=...)\n"),
        "{}",
        ran.err
    );
    assert!(!ran.err.contains("capture="), "{}", ran.err);
    assert!(s.requests().is_empty());
}

/// A run in which every step is skipped sends nothing: it still exits 0
/// (skips pass unless `--strict`) but warns on stderr, so a scheduled job
/// that tests nothing is seen; a run that sent a request does not warn.
#[test]
fn a_run_that_skips_every_step_warns_that_nothing_was_sent() {
    let s = ok_server();
    let posts = || {
        vec![
            exchange(1, "POST", &s.base, "/v2/orders"),
            exchange(2, "DELETE", &s.base, "/v2/orders/1"),
        ]
    };
    let ran = Run::new(posts(), target(&s.base, RunPolicy::ReadOnly)).go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(
        ran.err.contains(
            "warning: nothing was sent: all 2 steps were skipped; --strict makes skips fail\n"
        ),
        "{}",
        ran.err
    );
    assert!(s.requests().is_empty());

    let mut both = posts();
    both.push(exchange(3, "GET", &s.base, "/ok"));
    let ran = Run::new(both, target(&s.base, RunPolicy::ReadOnly)).go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(!ran.err.contains("nothing was sent"), "{}", ran.err);
}

/// The dry-run marks an `invalid` example (a rejected request) in its
/// step line, so the 4xx it expects is not read as a mistake; the JSON
/// line says `"invalid": true`.
#[test]
fn dry_run_marks_an_invalid_example() {
    let s = ok_server();
    let steps = || {
        let mut rejected = exchange(7, "POST", &s.base, "/v2/invoices");
        rejected.expect.status = Some(400);
        rejected.expect.invalid = true;
        vec![rejected, exchange(9, "GET", &s.base, "/ok")]
    };
    let mut plan = Run::new(steps(), target(&s.base, RunPolicy::Allow)).format(Format::Text);
    plan.dry_run = true;
    let ran = plan.go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let base = &s.base;
    assert!(
        ran.out.contains(&format!(
            "1. book/src/validation.md:7 api-example (invalid: expects 400) POST {base}/v2/invoices\n"
        )),
        "{}",
        ran.out
    );
    assert!(
        ran.out.contains(&format!(
            "2. book/src/validation.md:9 api-example GET {base}/ok\n"
        )),
        "{}",
        ran.out
    );
    let mut plan = Run::new(steps(), target(&s.base, RunPolicy::Allow));
    plan.dry_run = true;
    let lines = plan.go().lines();
    assert_eq!(lines[0]["invalid"], true);
    assert_eq!(lines[0]["what"], "api-example");
    assert_eq!(lines[1]["invalid"], false);
    assert!(s.requests().is_empty());
}
