//! Webhooks (`webhook-event`, `schema-fields`, src/webhook): every error
//! located with its did-you-mean; payload drift at the value; our
//! signatures against an independent implementation (the `standardwebhooks`
//! package from PyPI, Python's hmac) over random inputs; signed deliveries
//! to a receiver that verifies them with that package.
//!
//! The Python peer: `.ci/run` installs `standardwebhooks` into
//! `target/ci-tools` (or set `STANDARDWEBHOOKS_PYTHON` to a Python that
//! has it). Without it these tests fail under CI (`CI=true`) and are
//! skipped, saying so, elsewhere.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use mdbook_integration_guide::webhook::{self, Scheme};
use proptest::prelude::*;

use crate::support::{chapter, settings};

/// Expands `text` with the specs `ledger` (3.1 `webhooks`) and `billing`
/// (3.0 `x-webhooks`); the diagnostics as `file:line:col: severity[code]:
/// message [hint]`, and whether the build failed.
fn run(text: &str) -> (bool, Vec<String>) {
    let config = serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"ledger": "webhook-event-standard/specs/ledger.yaml", "billing": "webhook-event-hmac/specs/billing.yaml"},
    }}});
    let mut settings = settings(config);
    settings.root = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden"));
    let mut chapters = vec![chapter("chapter.md", text)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    let lines = report
        .diagnostics
        .iter()
        .map(crate::support::full_line)
        .collect();
    (report.failed, lines)
}

#[test]
fn every_error_is_located_with_did_you_mean() {
    let text = "\
<<#webhook-event spec=\"ledger\" name=\"entryPostd\" url=\"https://r.example/h\">>
<<#webhook-event spec=\"ledgr\" name=\"entryPosted\" url=\"https://r.example/h\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhook\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhooks\" test-secret=\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhooks\" secret-var=\"S\" test-secret=\"whsec_not base64!\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"hmac-sha256\" secret-var=\"S\" test-secret=\"t\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" secret-var=\"S\">>
<<#webhook-event spec=\"ledger\" name=\"entryReversed\" url=\"https://r.example/h\">>
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" retries=\"5s, 5 minutes\">>
<<#webhook-event name=\"hand\" url=\"https://r.example/h\">>
<<#webhook-event name=\"hand\" url=\"https://r.example/h\">>
```json
{\"a\": 1,}
```
<</webhook-event>>
<<#schema-fields spec=\"ledger\" schema=\"Entri\">>
<<#schema-fields spec=\"ledger\" webhook=\"entryPosted\" schema=\"Entry\">>
<<#schema-fields spec=\"billing\" webhook=\"invoicePayd\">>
<<#schema-fields spec=\"ledger\" schema=\"#/components/schemas/Nope\">>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:38: error: spec `ledger` has no webhook `entryPostd` [did you mean `entryPosted`?]",
            "src/chapter.md:2:24: error: unknown spec `ledgr` [did you mean `ledger`?]",
            "src/chapter.md:3:88: error: `standard-webhook` is not a valid value for `signature` (did you mean `standard-webhooks`?) [`signature` takes one of `standard-webhooks`, `hmac-sha256`]",
            "src/chapter.md:4:88: error: signature=\"standard-webhooks\" needs `secret-var` [name the environment variable that holds the real secret, e.g. secret-var=\"LEDGER_WEBHOOK_SECRET\"]",
            "src/chapter.md:5:144: error: `test-secret` after `whsec_` must be base64; the space at character 4 is not a base64 character [base64 is A-Z, a-z, 0-9, `+` and `/` (`=` only at the end): a Standard Webhooks secret is `whsec_` and the base64 of 24 to 64 random bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]",
            "src/chapter.md:6:88: error: signature=\"hmac-sha256\" needs `header` [name the header that carries the signature, e.g. header=\"X-Hub-Signature-256\"]",
            "src/chapter.md:7:89: error: `secret-var` without `signature` [say how deliveries are signed: signature=\"standard-webhooks\" or signature=\"hmac-sha256\"]",
            "src/chapter.md:8:38: error: the webhook `entryReversed` of spec `ledger` has no payload example [give its request body an `example` in the spec, or write the payload in a ```json block in the body]",
            "src/chapter.md:9:90: error: `5 minutes` is not a delay: write a whole number and a unit, s, m, h or d (`30s`, `5m`, `2h`) [e.g. retries=\"5s, 5m, 30m, 2h, 5h\"]",
            "src/chapter.md:10:1: error: a hand-written `webhook-event` needs its payload [give it in a ```json block in the body (or take the event from a spec with spec=\"...\")]",
            "src/chapter.md:13:9: error: the payload is not valid JSON: trailing comma [fix the JSON: a webhook payload is the exact bytes the receiver gets]",
            "src/chapter.md:16:40: error: spec `ledger` has no schema `Entri` [did you mean `Entry`?]",
            "src/chapter.md:17:41: error: `schema` and `webhook` both name the schema [give one of schema=\"Name\", operation=\"operationId\" request (or response), webhook=\"name\"]",
            "src/chapter.md:18:42: error: spec `billing` has no webhook `invoicePayd` [did you mean `invoicePaid`?]",
            "src/chapter.md:19:40: error: spec `ledger` has nothing at `#/components/schemas/Nope` [write a JSON Pointer to a schema, e.g. \"#/components/schemas/Invoice\", or a component's name]",
        ]
    );
}

#[test]
fn a_payload_that_breaks_the_schema_is_drift_at_the_value() {
    let text = "\
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\">>
```json
{
  \"type\": \"entry.posted\",
  \"timestamp\": \"2026-03-01T10:00:00Z\",
  \"data\": {\"entry\": {\"id\": \"je_1\", \"lines\": [
    {\"account\": \"1200\", \"amount\": -5, \"side\": \"debit\"},
    {\"account\": \"4000\", \"amount\": 5, \"side\": \"credt\"}
  ]}}
}
```
<</webhook-event>>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:7:35: error[openapi-drift]: the payload does not match the webhook `entryPosted` of spec `ledger`: $.data.entry.lines[0].amount: -5 is less than or equal to the minimum of 0 [fix the example, or the spec if the API changed]",
            "src/chapter.md:8:46: error[openapi-drift]: the payload does not match the webhook `entryPosted` of spec `ledger`: $.data.entry.lines[1].side: \"credt\" is not one of \"debit\", \"credit\" [fix the example, or the spec if the API changed]",
        ]
    );
}

#[test]
fn a_test_secret_that_is_not_base64_is_told_in_the_writers_terms_at_its_character() {
    let text = "<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhooks\" secret-var=\"S\" test-secret=\"whsec_MfKQ9r8GK!YqrTwjUPD8ILPZIo2LaLaSw\">>\n";
    let (failed, found) = run(text);
    assert!(failed);
    let col = text.find('!').unwrap() + 1;
    assert_eq!(
        found,
        vec![format!(
            "src/chapter.md:1:{col}: error: `test-secret` after `whsec_` must be base64; `!` at character 10 is not a base64 character [base64 is A-Z, a-z, 0-9, `+` and `/` (`=` only at the end): a Standard Webhooks secret is `whsec_` and the base64 of 24 to 64 random bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]"
        )]
    );
    // Cut short: the last character is named, at its place.
    let text = "<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhooks\" secret-var=\"S\" test-secret=\" whsec_ab\">>\n";
    let (_, found) = run(text);
    let col = text.find("b\"").unwrap() + 1;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&format!("src/chapter.md:1:{col}: error: `test-secret` after `whsec_` must be base64, and `b` at character 2 cannot end it: the secret is cut short or mistyped [")),
        "{}",
        found[0]
    );
}

#[test]
fn every_problem_of_one_webhook_event_is_reported_in_one_run() {
    // A bad test secret, a bad retry schedule and a payload that breaks
    // the schema: all three at once, not one per build.
    let text = "\
<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\" signature=\"standard-webhooks\" secret-var=\"S\" test-secret=\"whsec_ab!\" retries=\"5s, 5 minutes\">>
```json
{
  \"type\": \"entry.posted\",
  \"timestamp\": \"2026-03-01T10:00:00Z\",
  \"data\": {\"entry\": {\"id\": \"je_1\", \"lines\": [
    {\"account\": \"1200\", \"amount\": -5, \"side\": \"debit\"},
    {\"account\": \"4000\", \"amount\": 5, \"side\": \"credit\"}
  ]}}
}
```
<</webhook-event>>
<<#webhook-event name=\"hand\" url=\"https://r.example/h\" signature=\"hmac-sha256\" header=\"X-Sig\" secret-var=\"bad-name\" test-secret=\"t\">>
";
    let (failed, found) = run(text);
    assert!(failed);
    let messages: Vec<&str> = found
        .iter()
        .map(|l| l.rsplit_once(" [").map_or(l.as_str(), |(m, _)| m))
        .collect();
    assert_eq!(
        messages,
        vec![
            "src/chapter.md:1:143: error: `test-secret` after `whsec_` must be base64; `!` at character 3 is not a base64 character",
            "src/chapter.md:1:159: error: `5 minutes` is not a delay: write a whole number and a unit, s, m, h or d (`30s`, `5m`, `2h`)",
            "src/chapter.md:7:35: error[openapi-drift]: the payload does not match the webhook `entryPosted` of spec `ledger`: $.data.entry.lines[0].amount: -5 is less than or equal to the minimum of 0",
            "src/chapter.md:13:1: error: a hand-written `webhook-event` needs its payload",
            "src/chapter.md:13:107: error: `bad-name` is not an environment variable name",
        ]
    );
}

#[test]
fn schema_fields_of_a_webhook_refuse_the_flags_of_an_operations_body() {
    let text = "\
<<#schema-fields spec=\"ledger\" webhook=\"entryPosted\" request>>
<<#schema-fields spec=\"ledger\" schema=\"Entry\" response status=200>>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:54: error: `request` does not go with `webhook`: a webhook's table is the fields of its payload, the request the sender POSTs [remove `request`; `request`, `response` and `status` choose an operation's body: operation=\"operationId\" request, operation=\"operationId\" response status=201, or webhook=\"...\" alone]",
            "src/chapter.md:2:47: error: `response` does not go with `schema`: a named schema has no request or response [remove `response`; `request`, `response` and `status` choose an operation's body: operation=\"operationId\" request, operation=\"operationId\" response status=201, or schema=\"...\" alone]",
        ]
    );
}

// ---------------------------------------------------------------------
// The independent implementation: the `standardwebhooks` package.

/// A Python that has `standardwebhooks`; `None` (outside CI) when there is
/// none, so the tests that need it say they are skipped.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STANDARDWEBHOOKS_PYTHON").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/bin/python3")),
    ];
    for p in candidates.into_iter().flatten() {
        let ok = Command::new(&p)
            .args(["-c", "import standardwebhooks"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(p);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no Python with the `standardwebhooks` package: .ci/run installs it into target/ci-tools"
    );
    eprintln!(
        "skipped: no Python with `standardwebhooks` (target/ci-tools; .ci/run installs it, or set STANDARDWEBHOOKS_PYTHON)"
    );
    None
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/webhooks")
        .join(name)
}

/// `tests/data/webhooks/sign.py`, running for the whole test binary.
struct Signer {
    _child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Signer {
    fn ask(&mut self, case: &serde_json::Value) -> serde_json::Value {
        writeln!(self.input, "{case}").unwrap();
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }
}

static SIGNER: Mutex<Option<Signer>> = Mutex::new(None);

fn ask(case: serde_json::Value) -> Option<serde_json::Value> {
    let mut guard = SIGNER.lock().unwrap_or_else(|e| e.into_inner());
    if guard.is_none() {
        let python = python()?;
        let mut child = Command::new(python)
            .arg(data("sign.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        *guard = Some(Signer {
            _child: child,
            input,
            output,
        });
    }
    guard.as_mut().map(|s| s.ask(&case))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// Any key, message id, timestamp and body: our `webhook-signature`
    /// is the package's, and the package's `verify` accepts our headers.
    #[test]
    fn standard_webhooks_signatures_are_the_packages(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        id in "msg_[A-Za-z0-9]{1,30}",
        timestamp in 0i64..4_000_000_000,
        body in any::<String>(),
        recent in any::<bool>(),
    ) {
        let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(&key));
        let timestamp = if recent { now() } else { timestamp };
        let headers = webhook::sign(&Scheme::StandardWebhooks, &secret, &id, timestamp, body.as_bytes()).unwrap();
        let mut case = serde_json::json!({
            "scheme": "standard-webhooks", "secret": secret, "id": id, "timestamp": timestamp, "body": body,
        });
        if recent {
            let map: serde_json::Map<String, serde_json::Value> = headers
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            case["headers"] = serde_json::Value::Object(map);
        }
        let Some(answer) = ask(case) else { return Ok(()) };
        prop_assert_eq!(answer["signature"].as_str(), Some(headers[2].1.as_str()));
        if recent {
            prop_assert_eq!(&answer["verified"], &serde_json::json!(true), "{}", answer);
        }
    }

    /// Any secret, body and prefix: our hex HMAC is Python's.
    #[test]
    fn hmac_sha256_signatures_are_pythons(
        secret in "\\PC{1,40}",
        body in any::<String>(),
        prefix in "(sha256=)?",
    ) {
        let ours = webhook::hmac_sha256_hex(&secret, body.as_bytes(), &prefix);
        let case = serde_json::json!({"scheme": "hmac-sha256", "secret": secret, "body": body, "prefix": prefix});
        let Some(answer) = ask(case) else { return Ok(()) };
        prop_assert_eq!(answer["signature"].as_str(), Some(ours.as_str()));
    }
}

/// One HTTP/1.1 POST to 127.0.0.1:`port` (bounded in time): the status.
fn post(port: u16, headers: &[(String, String)], body: &str) -> u16 {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!(
        "POST /hooks/ledger HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

/// System B's receiver verifies with the package: a delivery signed with
/// the right secret is accepted, one signed with a wrong secret or with a
/// changed body refused.
#[test]
fn a_receiver_verifying_with_the_package_accepts_the_right_secret_only() {
    let Some(python) = python() else { return };
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mut receiver = Command::new(python)
        .arg(data("receiver.py"))
        .args([secret, "3"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(receiver.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let port: u16 = port.trim().parse().unwrap();
    let body = r#"{"type": "entry.posted", "data": {"entry": {"id": "je_1042"}}}"#;
    let sign = |secret: &str| {
        webhook::sign(
            &Scheme::StandardWebhooks,
            secret,
            "msg_2tNd8b1Zz",
            now(),
            body.as_bytes(),
        )
        .unwrap()
    };
    let right = sign(secret);
    let wrong = sign("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=");
    let statuses = [
        post(port, &right, body),
        post(port, &wrong, body),
        post(port, &right, &body.replace("1042", "1043")),
    ];
    let _ = receiver.wait();
    assert_eq!(statuses, [204, 401, 401]);
}

/// A book with the `ledger` spec (two webhooks) and one chapter that
/// documents `entryPosted`; `check` set up by `check_table`.
fn webhook_book(check_table: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/webhook-event-standard/specs/ledger.yaml"),
        root.join("specs/ledger.yaml"),
    )
    .unwrap();
    let toml = format!(
        "[book]\ntitle = \"t\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.openapi]\nledger = \"specs/ledger.yaml\"\n\n[preprocessor.integration-guide.check]\nsections = []\n{check_table}"
    );
    std::fs::write(root.join("book.toml"), toml).unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Events](events.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/events.md"),
        "# Events\n\n<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"https://r.example/h\">>\n",
    )
    .unwrap();
    dir
}

#[test]
fn check_reports_an_undocumented_webhook_only_when_the_rule_is_on() {
    let book = webhook_book("undocumented-webhook = \"warning\"\n");
    let outcome = mdbook_integration_guide::check::check(book.path(), "").unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}]: {}",
                d.file,
                d.line,
                d.column,
                d.diagnostic.severity,
                d.diagnostic.code.unwrap_or_default(),
                d.diagnostic.message
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            "specs/ledger.yaml:37:3: warning[undocumented-webhook]: no chapter documents the webhook `entryReversed` of spec `ledger`"
        ]
    );
    let text = std::fs::read_to_string(book.path().join("specs/ledger.yaml")).unwrap();
    assert_eq!(text.lines().nth(36), Some("  entryReversed:"));

    // Off by default: the same book without the setting has no finding.
    let book = webhook_book("");
    let outcome = mdbook_integration_guide::check::check(book.path(), "").unwrap();
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
}

/// The text of the first `<code>` after `after` in `html`, entities
/// decoded.
fn code_after(html: &str, after: &str) -> String {
    let at = html.find(after).unwrap_or_else(|| panic!("no {after:?}"));
    let rest = &html[at + after.len()..];
    let start = rest.find("<code").unwrap();
    let start = start + rest[start..].find('>').unwrap() + 1;
    let end = start + rest[start..].find("</code>").unwrap();
    rest[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The example book as the real mdBook builds it: the test vector on the
/// page is the package's signature of the payload shown there, and the
/// fields and retries are listed.
#[test]
fn the_example_books_test_vector_signs_the_payload_it_shows() {
    let built = crate::support::build_example(|_| {});
    built.result.as_ref().expect("the example builds");
    let page = built.html("validation.html");
    let main = crate::support::main_of(&page);
    let section = &main[main.find("id=\"receive-the-payment-event\"").unwrap()..];
    let payload = code_after(section, "<strong>Payload</strong>");
    let payload = payload.strip_suffix('\n').unwrap_or(&payload).to_string();
    assert!(payload.contains("\"paid_at\": \"2026-03-02\""), "{payload}");
    let vector = &section[section.find("<strong>Test vector</strong>").unwrap()..];
    let secret = code_after(vector, "Secret (for testing only)");
    let id = code_after(vector, "<td><code>webhook-id</code></td>");
    let timestamp: i64 = code_after(vector, "<td><code>webhook-timestamp</code></td>")
        .parse()
        .unwrap();
    let shown = code_after(vector, "<strong><code>webhook-signature</code></strong>");
    assert_eq!(
        (secret.as_str(), id.as_str(), timestamp),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330
        )
    );
    assert!(section.contains(&format!("{} bytes", payload.len())));
    let ours = webhook::sign(
        &Scheme::StandardWebhooks,
        &secret,
        &id,
        timestamp,
        payload.as_bytes(),
    )
    .unwrap();
    assert_eq!(shown, ours[2].1);
    if let Some(answer) = ask(serde_json::json!({
        "scheme": "standard-webhooks", "secret": secret, "id": id, "timestamp": timestamp, "body": payload,
    })) {
        assert_eq!(answer["signature"].as_str(), Some(shown.as_str()));
    }
    assert!(
        section.contains("<td><code>data.paid_at</code></td><td>string (date)</td><td>yes</td>")
    );
    assert!(section.contains("<tr><td>5</td><td>5 hours</td><td>7 h 35 min 5 s</td></tr>"));
    assert!(section.contains("<code>https://sandbox.acme.example/hooks/globex-payments</code>"));
}

/// `run` delivers a `webhook-event`: the exchange the book publishes (kind
/// `WebhookDelivery`), its payload signed with the secret in `secret-var`
/// and posted to a receiver that verifies with the package: accepted with
/// the real secret, refused with another, and `run` reports each.
#[test]
fn the_published_delivery_signed_for_run_is_verified_by_the_receiver() {
    let Some(python) = python() else { return };
    let secret = "whsec_c2VjcmV0LW9mLXRoZS1yZWFsLXJlY2VpdmVyLTAx";
    let mut receiver = Command::new(python)
        .arg(data("receiver.py"))
        .args([secret, "2"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(receiver.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let port: u16 = port.trim().parse().unwrap();
    let text = format!(
        "<<#webhook-event spec=\"ledger\" name=\"entryPosted\" url=\"http://127.0.0.1:{port}/hooks/ledger\" signature=\"standard-webhooks\" secret-var=\"LEDGER_WEBHOOK_SECRET\" test-secret=\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\">>\n"
    );
    let config = serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"ledger": "webhook-event-standard/specs/ledger.yaml"},
    }}});
    let mut settings = settings(config);
    settings.root = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden"));
    let mut chapters = vec![chapter("events.md", &text)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(!report.failed, "{:?}", report.diagnostics);
    let exchanges = report.exchanges();
    assert_eq!(exchanges.len(), 1);
    let e = &exchanges[0];
    let mdbook_integration_guide::http::ExchangeKind::WebhookDelivery {
        event,
        scheme,
        secret_var,
    } = &e.kind
    else {
        panic!("{:?}", e.kind)
    };
    assert_eq!(
        (event.as_str(), scheme.as_deref(), secret_var.as_deref()),
        (
            "entryPosted",
            Some("standard-webhooks"),
            Some("LEDGER_WEBHOOK_SECRET")
        )
    );
    assert_eq!(e.request.method, "POST");
    assert_eq!((e.source.line, e.source.column), (1, 1));
    let body = e.request.body.as_ref().unwrap();
    assert_eq!(body.media_type.as_deref(), Some("application/json"));
    assert!(body.text.starts_with("{\n  \"type\": \"entry.posted\""));
    // `run` delivers it: signed with the secret in `secret-var`, checked
    // against the receiver's answer (the package verifies).
    let base = format!("http://127.0.0.1:{port}");
    let deliver = |secret: &str| {
        crate::run::Run::new(
            exchanges.clone(),
            crate::run::target(&base, mdbook_integration_guide::settings::RunPolicy::Allow),
        )
        .env("LEDGER_WEBHOOK_SECRET", secret)
        .go()
    };
    let right = deliver(secret);
    let wrong = deliver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    let _ = receiver.wait();
    assert_eq!(
        (right.code, wrong.code),
        (0, 1),
        "{}{}",
        right.out,
        wrong.out
    );
    assert_eq!(right.lines()[0]["outcome"], "passed");
    assert_eq!(
        wrong.lines()[0]["checks"][0]["message"],
        "expected status a 2xx, got 401"
    );
    for (ran, secret) in [
        (&right, secret),
        (&wrong, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    ] {
        assert!(!ran.out.contains(secret), "{}", ran.out);
    }
}
