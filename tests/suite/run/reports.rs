//! The reports: text, JSON Lines, JUnit (parsed back), SARIF (validated
//! against the SARIF 2.1.0 schema); secrets redacted in every format, and
//! shown with --no-redact.

use serde_json::{Value, json};

use super::server::{Reply, Server};
use super::*;

/// A run with one passing token request, one failure that echoes the
/// secrets back (in a header and the body), one skip.
fn mixed(format: Format, redact: bool) -> Ran {
    let s = Server::start(|g| match g.url.as_str() {
        "/oauth/token" => Reply::json(
            200,
            json!({"access_token": "tok-abcdef123456", "refresh_token": "rt-zyxwvu987"}),
        ),
        _ => Reply {
            headers: vec![
                ("Content-Type", "application/json".into()),
                ("Set-Cookie", "session=cookie-val-777; Path=/".into()),
            ],
            ..Reply::json(
                403,
                json!({"echo": g.header("Authorization"), "key": "the-api-key-42", "token": "tok-abcdef123456"}),
            )
        },
    });
    let mut call = exchange(20, "GET", &s.base, "/v2/report");
    header(&mut call, "Authorization", "Bearer $ACCESS_TOKEN");
    header(&mut call, "X-Api-Key", "$API_KEY");
    call.request.url.query.push(field("key", "$API_KEY"));
    call.expect.status = Some(200);
    call.expect.body = json_body(r#"{"token": "nope"}"#);
    let skipped = exchange(30, "GET", &s.base, "/v2/{id}");
    let mut run = Run::new(
        vec![token_request(10, &s.base), call, skipped],
        target(&s.base, RunPolicy::Allow),
    )
    .env("CLIENT_ID", "client-one")
    .env("CLIENT_SECRET", "secret-two-2")
    .env("API_KEY", "the-api-key-42")
    .format(format);
    run.options.redact = redact;
    let ran = run.go();
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    ran
}

const SECRETS: &[&str] = &[
    "tok-abcdef123456",
    "rt-zyxwvu987",
    "secret-two-2",
    "the-api-key-42",
    "cookie-val-777",
    // base64("client-one:secret-two-2"): the Basic credentials sent.
    "Y2xpZW50LW9uZTpzZWNyZXQtdHdvLTI=",
];

#[test]
fn secrets_are_redacted_in_every_format() {
    for format in [Format::Text, Format::Json, Format::Junit, Format::Sarif] {
        let ran = mixed(format, true);
        for secret in SECRETS {
            assert!(
                !ran.out.contains(secret),
                "{format:?} shows {secret}:\n{}",
                ran.out
            );
        }
        assert!(ran.out.contains("***"), "{format:?}:\n{}", ran.out);
    }
    let json = mixed(Format::Json, true);
    let step = &json.lines()[1];
    assert_eq!(
        step["url"].as_str().unwrap().rsplit('?').next(),
        Some("key=***")
    );
    assert_eq!(step["request_headers"][1], json!(["X-Api-Key", "***"]));
}

#[test]
fn no_redact_shows_them() {
    let ran = mixed(Format::Json, false);
    assert!(ran.out.contains("the-api-key-42"));
    assert!(ran.out.contains("Bearer tok-abcdef123456"));
}

#[test]
fn text_report_lines_and_summary() {
    let ran = mixed(Format::Text, true);
    let lines: Vec<&str> = ran.out.lines().collect();
    assert!(
        lines[0].starts_with("✓ book/src/validation.md:10 POST http://127.0.0.1:"),
        "{}",
        ran.out
    );
    assert!(lines[0].contains("/oauth/token 200 "), "{}", ran.out);
    assert!(lines[1].starts_with("✗ book/src/validation.md:20 GET http://127.0.0.1:"));
    assert!(lines[1].contains("/v2/report?key=*** 403 "), "{}", ran.out);
    assert_eq!(lines[2], "    status: expected status 200, got 403");
    assert_eq!(lines[3], "    body: 1 documented value differs");
    assert_eq!(lines[4], "      /token: expected \"nope\", got \"***\"");
    // The failed step's response body, redacted like the rest.
    assert_eq!(lines[5], "    response body:");
    assert_eq!(
        lines[6],
        "      {\"echo\":\"Bearer ***\",\"key\":\"***\",\"token\":\"***\"}"
    );
    assert!(lines[7].starts_with("- skipped book/src/validation.md:30 GET "));
    assert!(lines[7].ends_with(": the URL keeps `{id}`: the guide gives it no value"));
    assert!(lines[8].starts_with("3 steps: 1 passed, 1 failed, 1 skipped (2 requests, "));
}

#[test]
fn text_report_shows_the_first_2_kib_of_a_failed_body() {
    let body = format!("{}\n{}", "x".repeat(2000), "y".repeat(3000));
    let served = body.clone();
    let s = Server::start(move |_| Reply::text(500, &served));
    let ran = Run::new(
        vec![exchange(7, "GET", &s.base, "/broken")],
        target(&s.base, RunPolicy::Allow),
    )
    .format(Format::Text)
    .go();
    assert_eq!(ran.code, 1, "{}", ran.err);
    let lines: Vec<&str> = ran.out.lines().collect();
    assert_eq!(
        lines[1], "    status: expected status a 2xx, got 500",
        "{}",
        ran.out
    );
    assert_eq!(lines[2], "    response body:");
    assert_eq!(lines[3], format!("      {}", "x".repeat(2000)));
    assert_eq!(lines[4], format!("      {}", "y".repeat(2048 - 2001)));
    assert_eq!(
        lines[5],
        format!("      ... ({} bytes more)", body.len() - 2048)
    );
    assert!(
        lines[6].starts_with("1 step: 0 passed, 1 failed"),
        "{}",
        ran.out
    );
}

#[test]
fn junit_has_a_testcase_per_step() {
    let ran = mixed(Format::Junit, true);
    let doc = roxmltree::Document::parse(&ran.out).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    assert_eq!(
        cases[0].attribute("classname"),
        Some("book/src/validation.md:10")
    );
    assert!(cases[0].children().all(|c| !c.is_element()));
    let failure = cases[1]
        .children()
        .find(|c| c.has_tag_name("failure"))
        .expect("a failure");
    assert_eq!(
        failure.attribute("message"),
        Some("expected status 200, got 403")
    );
    assert!(
        failure
            .text()
            .unwrap_or("")
            .contains("/token: expected \"nope\", got \"***\"")
    );
    let skipped = cases[2]
        .children()
        .find(|c| c.has_tag_name("skipped"))
        .expect("skipped");
    assert_eq!(
        skipped.attribute("message"),
        Some("the URL keeps `{id}`: the guide gives it no value")
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some("book/src/validation.md"));
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
}

#[test]
fn sarif_is_valid_and_locates_each_failure_at_its_tag() {
    let ran = mixed(Format::Sarif, true);
    let log: Value = serde_json::from_str(&ran.out).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["run-status", "run-body"]);
    for r in results {
        assert_eq!(r["level"], "error");
        let region = &r["locations"][0]["physicalLocation"];
        assert_eq!(region["artifactLocation"]["uri"], "book/src/validation.md");
        assert_eq!(region["region"]["startLine"], 20);
    }
}

/// The values of the request's `Cookie` and `Proxy-Authorization` headers,
/// written literally in the guide (no variable), are masked in every
/// format, also where the server echoes them back; `Cookie: ***` and
/// `Proxy-Authorization: Basic ***` show that the headers were sent.
#[test]
fn request_cookie_and_proxy_authorization_are_redacted_in_every_format() {
    for format in [Format::Text, Format::Json, Format::Junit, Format::Sarif] {
        let s = Server::start(|g| {
            Reply::json(
                403,
                json!({"cookie": g.header("Cookie"), "proxy": g.header("Proxy-Authorization")}),
            )
        });
        let mut call = exchange(20, "GET", &s.base, "/v2/report");
        header(&mut call, "Cookie", "session=lit-cookie-9876");
        header(
            &mut call,
            "Proxy-Authorization",
            "Basic cHJveHk6cHJveHktcHc=",
        );
        call.expect.status = Some(200);
        let ran = Run::new(vec![call], target(&s.base, RunPolicy::Allow))
            .format(format)
            .go();
        assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
        let got = s.requests();
        assert_eq!(got[0].header("Cookie"), Some("session=lit-cookie-9876"));
        for secret in ["lit-cookie-9876", "cHJveHk6cHJveHktcHc="] {
            assert!(
                !ran.out.contains(secret),
                "{format:?} shows {secret}:\n{}",
                ran.out
            );
        }
        if format == Format::Json {
            let headers = &ran.lines()[0]["request_headers"];
            assert_eq!(
                headers,
                &json!([["Cookie", "***"], ["Proxy-Authorization", "Basic ***"]])
            );
        }
    }
}
