//! `run --format json` follows schema/run-result.schema.json (JSON Lines,
//! the `check` schema family): every line of real runs, one with passed,
//! failed (with diffs, a refused host, a refused connection) and skipped
//! steps, and runs that could not start (a reason at a tag, one about the
//! run as a whole), through the engine and through the binary.

use serde_json::{Value, json};

use super::server::{Reply, Server};
use super::*;

fn validator() -> jsonschema::Validator {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/run-result.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// Every line of `out` is valid; the lines, parsed.
fn assert_valid(out: &str) -> Vec<Value> {
    let validator = validator();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let errors: Vec<String> = validator.iter_errors(line).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{line}:\n{}", errors.join("\n"));
    }
    lines
}

#[test]
fn every_line_of_a_run_follows_the_schema() {
    let server = Server::start(|g| match g.url.as_str() {
        "/value" => Reply::json(200, json!({"id": "inv_1", "status": "open"})),
        "/no-id" => Reply::json(201, json!({"status": "draft"})),
        _ => Reply::json(200, json!({"ok": true})),
    });
    let base = &server.base;
    let mut token = exchange(1, "GET", base, "/ok");
    header(&mut token, "Authorization", "Bearer $ACCESS_TOKEN");
    header(&mut token, "Cookie", "session=abcdef123456");
    let mut value = exchange(2, "GET", base, "/value");
    value.expect.body = json_body(r#"{"status": "paid"}"#);
    let mut no_id = exchange(3, "POST", base, "/no-id");
    capture(&mut no_id, "ID", "/id");
    let needs_id = exchange(4, "GET", base, "/items/$ID");
    let elsewhere = exchange(5, "GET", "https://elsewhere.example", "/x");
    let refused = exchange(6, "GET", "http://127.0.0.1:9", "/closed");
    let mut t = target(base, RunPolicy::Allow);
    t.values
        .push(("closed".into(), "http://127.0.0.1:9".into()));
    let ran = Run::new(vec![token, value, no_id, needs_id, elsewhere, refused], t)
        .env("ACCESS_TOKEN", "tok-abcdef-123")
        .go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    let lines = assert_valid(&ran.out);
    let outcomes: Vec<&str> = lines[..6]
        .iter()
        .map(|l| l["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["passed", "failed", "failed", "skipped", "failed", "failed"]
    );
    assert_eq!(lines[1]["checks"][1]["diffs"][0]["pointer"], "/status");
    assert_eq!(lines[6]["summary"]["skipped"], 1);
    // Every summary says whether the run started, also one that did.
    assert_eq!(lines[6]["summary"]["started"], true);
}

/// `--dry-run --format json`: a line per planned step, then a summary
/// line (`dry_run`, `started: false`, the counts), all in the schema.
#[test]
fn the_dry_run_plan_and_its_summary_follow_the_schema() {
    let base = "http://127.0.0.1:9";
    let mut create = exchange(1, "POST", base, "/orders");
    capture(&mut create, "ORDER_ID", "/id");
    let read = exchange(2, "GET", base, "/orders/$ORDER_ID");
    let elsewhere = exchange(3, "GET", "https://elsewhere.example", "/x");
    let mut missing = exchange(4, "GET", base, "/y");
    header(&mut missing, "Authorization", "Bearer $NOT_SET_TOKEN");
    let mut run = Run::new(
        vec![create, read, elsewhere, missing],
        target(base, RunPolicy::ReadOnly),
    );
    run.dry_run = true;
    let ran = run.go();
    assert_eq!(ran.code, 2, "a missing variable: {}", ran.err);
    let lines = assert_valid(&ran.out);
    assert_eq!(lines.len(), 5, "{}", ran.out);
    assert_eq!(
        lines[4],
        json!({"summary": {"dry_run": true, "started": false, "steps": 4, "refused": 1, "skipped": 2, "missing": 1, "requests": 0}})
    );
}

#[test]
fn every_line_of_a_run_that_cannot_start_follows_the_schema() {
    let s = "http://127.0.0.1:9";
    let mut needs = exchange(12, "GET", s, "/x");
    header(&mut needs, "Authorization", "Bearer $NOT_SET_ANYWHERE");
    let ran = Run::new(vec![needs.clone()], target(s, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 2);
    let lines = assert_valid(&ran.out);
    assert_eq!(lines[0]["line"], 12);
    assert_eq!(lines[1]["summary"]["started"], false);
    let ran = Run::new(vec![needs], target(s, RunPolicy::Deny)).go();
    assert_eq!(ran.code, 2);
    let lines = assert_valid(&ran.out);
    assert_eq!(lines[0].get("file"), None);
}

#[test]
fn the_binarys_json_lines_follow_the_schema() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"));
        c.arg("run").args(args).args(["--format", "json"]);
        for (n, v) in env {
            c.env(n, v);
        }
        let out = c.output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = run(&["book-example", "--env", "production"], &[]);
    assert_eq!(code, Some(2));
    assert_valid(&out);
    // A real book on disk against the loopback server: an authorization-code
    // auth-flow (not a step) and the api-example that reads its token.
    let server = super::person_grants::trips();
    let dir = tempfile::tempdir().unwrap();
    super::person_grants::write_book(
        dir.path(),
        &server.base,
        "authorization-code",
        "ACCESS_TOKEN",
    );
    let (code, out, _) = super::user_book::run(
        dir.path(),
        &["run", "book", "--env", "sandbox", "--format", "json"],
        &[("ACCESS_TOKEN", "tok-abcdef-123")],
    );
    assert_eq!(code, 0, "{out}");
    let lines = assert_valid(&out);
    assert_eq!(lines.last().unwrap()["summary"]["passed"], 1);
}

/// The schema is not vacuous: a key it does not know, a wrong outcome or
/// a summary without its counts is refused.
#[test]
fn the_schema_refuses_what_run_does_not_write() {
    let v = validator();
    let step = json!({"file": "a.md", "line": 1, "column": 1, "step": 1, "what": "api-example",
        "outcome": "passed", "method": "GET", "url": "http://x", "status": 200, "ms": 1,
        "reason": null, "request_headers": [["Accept", "*/*"]], "checks": []});
    assert!(v.is_valid(&step));
    let mut extra = step.clone();
    extra["extra"] = json!(1);
    assert!(!v.is_valid(&extra));
    let mut outcome = step.clone();
    outcome["outcome"] = json!("ok");
    assert!(!v.is_valid(&outcome));
    let mut skipped_without_reason = step;
    skipped_without_reason["outcome"] = json!("skipped");
    assert!(!v.is_valid(&skipped_without_reason));
    assert!(!v.is_valid(&json!({"summary": {"steps": 1}})));
}
