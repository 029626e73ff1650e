//! Every failure class of issue 25, each against the in-process server:
//! what the step reports, and that the other steps still run.

use std::time::Duration;

use serde_json::{Value, json};

use super::server::{Reply, Server};
use super::*;

/// The step lines of a run (`--format json`), without the summary.
fn steps(ran: &Ran) -> Vec<Value> {
    ran.lines()
        .into_iter()
        .filter(|l| l.get("step").is_some())
        .collect()
}

fn failed_check<'v>(step: &'v Value, name: &str) -> &'v Value {
    step["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name && c["outcome"] == "failed")
        .unwrap_or_else(|| panic!("no failed `{name}` check in {step}"))
}

fn server() -> Server {
    Server::start(|g| match g.url.as_str() {
        "/status" => Reply::json(400, json!({"error": "bad"})),
        "/value" => Reply::json(200, json!({"id": "inv_1", "status": "open", "total": 12})),
        "/no-id" => Reply::json(201, json!({"status": "draft"})),
        "/crash" => Reply::text(500, "<h1>Internal Server Error</h1>"),
        "/slow" => Reply {
            delay: Some(Duration::from_millis(2500)),
            ..Reply::json(200, json!({}))
        },
        "/moved" => Reply {
            headers: vec![("Location", "https://elsewhere.example/v3/x".into())],
            ..Reply::text(302, "")
        },
        "/html" => Reply::text(200, "<!doctype html><p>maintenance</p>"),
        "/huge" => Reply {
            status: 200,
            headers: vec![("Content-Type", "application/json".into())],
            body: vec![b' '; 20 * 1024 * 1024],
            delay: None,
        },
        "/invoice" => Reply::json(201, json!({"number": 42, "status": "draft"})),
        _ => Reply::json(200, json!({"ok": true})),
    })
}

fn get(line: usize, base: &str, path: &str, status: u16) -> Exchange {
    let mut ex = exchange(line, "GET", base, path);
    ex.expect.status = Some(status);
    ex
}

#[test]
fn wrong_status_and_a_500_fail_their_status_check() {
    let s = server();
    let ran = Run::new(
        vec![
            get(1, &s.base, "/status", 200),
            get(2, &s.base, "/crash", 200),
            get(3, &s.base, "/ok", 200),
        ],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    let st = steps(&ran);
    assert_eq!(
        failed_check(&st[0], "status")["message"],
        // The answer's OAuth-style `error` is shown: what to fix.
        "expected status 200, got 400; the server says: bad"
    );
    assert_eq!(
        failed_check(&st[1], "status")["message"],
        "expected status 200, got 500"
    );
    assert_eq!(st[2]["outcome"], "passed");
    assert_eq!(st[0]["file"], "book/src/validation.md");
    assert_eq!(st[0]["line"], 1);
}

#[test]
fn a_documented_value_that_differs_is_named_by_its_pointer() {
    let s = server();
    let mut ex = get(7, &s.base, "/value", 200);
    ex.expect.body =
        json_body(r#"{"id": "inv_9", "status": "draft", "total": 12.0, "currency": "EUR"}"#);
    ex.expect.ignore = vec!["/id".into()];
    let ran = Run::new(vec![ex], target(&s.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 1);
    let st = steps(&ran);
    let diffs = &failed_check(&st[0], "body")["diffs"];
    assert_eq!(
        diffs,
        &json!([
            {"pointer": "/currency", "expected": "\"EUR\"", "actual": "(missing)"},
            {"pointer": "/status", "expected": "\"draft\"", "actual": "\"open\""},
        ])
    );
    // And in the text report: the pointer, expected, actual.
    let mut ex = get(7, &s.base, "/value", 200);
    ex.expect.body = json_body(r#"{"status": "draft"}"#);
    let text = Run::new(vec![ex], target(&s.base, RunPolicy::Allow))
        .format(Format::Text)
        .go();
    assert!(
        text.out.contains("✗ book/src/validation.md:7 GET "),
        "{}",
        text.out
    );
    assert!(text.out.contains("    body: 1 documented value differs\n      /status: expected \"draft\", got \"open\"\n"), "{}", text.out);
    assert!(
        text.out.ends_with(" skipped (1 request, 0.00 s)\n")
            || text.out.contains("1 step: 0 passed, 1 failed, 0 skipped"),
        "{}",
        text.out
    );
}

#[test]
fn a_missing_capture_skips_the_step_that_needs_it() {
    let s = server();
    let mut create = exchange(1, "POST", &s.base, "/no-id");
    create.expect.status = Some(201);
    capture(&mut create, "INVOICE_ID", "/id");
    let read = get(2, &s.base, "/invoices/$INVOICE_ID", 200);
    let other = get(3, &s.base, "/ok", 200);
    let ran = Run::new(vec![create, read, other], target(&s.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 1);
    let st = steps(&ran);
    assert_eq!(
        failed_check(&st[0], "capture")["message"],
        "cannot capture INVOICE_ID: the response has no value at /id"
    );
    assert_eq!(st[1]["outcome"], "skipped");
    assert_eq!(
        st[1]["reason"],
        "`$INVOICE_ID` was not captured and the process environment does not set it: step 1 (book/src/validation.md:1) did not capture it"
    );
    assert_eq!(st[2]["outcome"], "passed");
    assert_eq!(s.requests().len(), 2, "the skipped step sent nothing");
}

#[test]
fn strict_makes_a_skip_a_failure() {
    let s = server();
    let ex = get(2, &s.base, "/invoices/{number}", 200);
    let ran = Run::new(vec![ex.clone()], target(&s.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 0);
    assert_eq!(
        steps(&ran)[0]["reason"],
        "the URL keeps `{number}`: the guide gives it no value"
    );
    let mut strict = Run::new(vec![ex.clone()], target(&s.base, RunPolicy::Allow));
    strict.options.strict = true;
    let ran = strict.go();
    assert_eq!(ran.code, 1);
    assert_eq!(steps(&ran)[0]["outcome"], "failed");
    assert!(s.requests().is_empty());
    // The text report says "skipped" once, then the reason and why it fails.
    let mut strict = Run::new(vec![ex], target(&s.base, RunPolicy::Allow)).format(Format::Text);
    strict.options.strict = true;
    let ran = strict.go();
    assert!(
        ran.out.contains("    skipped: the URL keeps `{number}`: the guide gives it no value (--strict fails a skipped step)\n"),
        "{}",
        ran.out
    );
    assert!(!ran.out.contains("skipped: skipped"), "{}", ran.out);
}

#[test]
fn a_timeout_fails_within_the_timeout() {
    let s = server();
    let mut run = Run::new(
        vec![get(1, &s.base, "/slow", 200)],
        target(&s.base, RunPolicy::Allow),
    );
    run.options.timeout = Duration::from_secs(1);
    let start = std::time::Instant::now();
    let ran = run.go();
    assert!(
        start.elapsed() < Duration::from_millis(2400),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(ran.code, 1);
    let st = steps(&ran);
    let c = failed_check(&st[0], "transport");
    assert_eq!(c["message"], "no complete response within 1 s (--timeout)");
}

#[test]
fn a_refused_connection_fails_and_the_run_goes_on() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = format!("http://127.0.0.1:{port}");
    let s = server();
    let mut t = target(&s.base, RunPolicy::Allow);
    t.values.push(("other".into(), dead.clone()));
    let ran = Run::new(
        vec![get(1, &dead, "/x", 200), get(2, &s.base, "/ok", 200)],
        t,
    )
    .go();
    assert_eq!(ran.code, 1);
    let st = steps(&ran);
    let message = failed_check(&st[0], "transport")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("refused") || message.contains("connection failed"),
        "{message}"
    );
    assert_eq!(st[1]["outcome"], "passed");
}

#[test]
fn a_redirect_is_not_followed() {
    let s = server();
    let ran = Run::new(
        vec![get(1, &s.base, "/moved", 200)],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    assert_eq!(
        failed_check(&steps(&ran)[0], "status")["message"],
        "expected status 200, got 302: a redirect to https://elsewhere.example/v3/x; run does not follow redirects, document the URL it redirects to"
    );
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn a_non_json_body_where_json_is_documented() {
    let s = server();
    let mut ex = get(1, &s.base, "/html", 200);
    ex.expect.body = json_body(r#"{"ok": true}"#);
    let ran = Run::new(vec![ex], target(&s.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 1);
    let m = failed_check(&steps(&ran)[0], "body")["message"]
        .as_str()
        .unwrap()
        .to_string();
    // In a reader's words, not serde's ("expected ident at line 1 column 2").
    assert_eq!(
        m,
        "the body is not JSON (Content-Type text/html): <!doctype html><p>maintenance</p>"
    );
}

#[test]
fn a_long_text_body_shows_its_first_80_characters() {
    let s = Server::start(|_| Reply::text(200, &format!("not json\n{}", "x".repeat(200))));
    let mut ex = get(1, &s.base, "/text", 200);
    capture(&mut ex, "ID", "/id");
    let ran = Run::new(vec![ex], target(&s.base, RunPolicy::Allow)).go();
    let m = failed_check(&steps(&ran)[0], "capture")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        m,
        format!(
            "cannot capture ID: the body is not JSON (Content-Type text/html): not json {}...",
            "x".repeat(71)
        )
    );
}

#[test]
fn a_20_megabyte_body_is_read_up_to_10_mib() {
    let s = server();
    let ran = Run::new(
        vec![get(1, &s.base, "/huge", 200)],
        target(&s.base, RunPolicy::Allow),
    )
    .go();
    assert_eq!(ran.code, 1);
    assert_eq!(
        failed_check(&steps(&ran)[0], "transport")["message"],
        "the response body is larger than 10 MiB, the most run reads"
    );
}

#[test]
fn an_invalid_example_must_get_its_4xx() {
    let s = server();
    let mut rejected = get(1, &s.base, "/status", 400);
    rejected.expect.invalid = true;
    let mut accepted = get(2, &s.base, "/ok", 400);
    accepted.expect.invalid = true;
    let ran = Run::new(vec![rejected, accepted], target(&s.base, RunPolicy::Allow)).go();
    let st = steps(&ran);
    assert_eq!(st[0]["outcome"], "passed");
    assert_eq!(
        failed_check(&st[1], "status")["message"],
        "expected status 400, got 200"
    );
}

const SPEC: &str = r#"openapi: 3.1.0
info: {title: Billing, version: "1"}
servers: [{url: "https://billing.example/v2"}]
paths:
  /invoice:
    post:
      operationId: createInvoice
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [number, status]
                properties:
                  number: {type: string}
                  status: {enum: [draft, sent]}
"#;

#[test]
fn a_schema_violation_names_the_value() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("billing.yaml"), SPEC).unwrap();
    let specs = run::schema::Specs::load(
        dir.path(),
        &[("billing".into(), "billing.yaml".into())],
        vec![s.base.clone()],
    )
    .unwrap();
    // By operationId, and matched by URL (the environment's base URL
    // counts as one of the spec's servers).
    let mut by_id = exchange(1, "POST", &s.base, "/invoice");
    by_id.expect.status = Some(201);
    by_id.expect.operation = Some(("billing".into(), "createInvoice".into()));
    let mut by_url = by_id.clone();
    by_url.expect.operation = None;
    for ex in [by_id, by_url] {
        let mut run = Run::new(vec![ex], target(&s.base, RunPolicy::Allow));
        run.specs = specs_clone(&specs, dir.path(), &s.base);
        let ran = run.go();
        assert_eq!(ran.code, 1, "{}", ran.out);
        let st = steps(&ran);
        let c = failed_check(&st[0], "schema");
        assert_eq!(
            c["message"],
            "the body breaks the schema of `createInvoice` (POST /invoice) response 201 (1 violation)"
        );
        assert_eq!(c["diffs"][0]["pointer"], "/number");
        assert_eq!(c["diffs"][0]["actual"], "42");
    }
    drop(specs);
}

fn specs_clone(_: &run::schema::Specs, dir: &std::path::Path, base: &str) -> run::schema::Specs {
    run::schema::Specs::load(
        dir,
        &[("billing".into(), "billing.yaml".into())],
        vec![base.to_string()],
    )
    .unwrap()
}
