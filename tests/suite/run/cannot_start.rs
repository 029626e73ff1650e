//! `run --output FILE` when the run cannot start (exit 2): the file is a
//! valid report that says why, in every format, never an empty file a CI
//! job uploads as if it were a report.

use serde_json::Value;

use super::user_book;

/// Runs the book (its sandbox without `run`, so refused) with `--format
/// format --output report`; the report's text.
fn refused_report(format: &str, run_key: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    user_book::write(dir.path(), run_key);
    let args = [
        "run", "book", "--env", "sandbox", "--format", format, "--output", "report",
    ];
    let (code, out, err) = user_book::run(dir.path(), &args, &[]);
    assert_eq!(out, "", "the report goes to the file");
    let report = std::fs::read_to_string(dir.path().join("report")).unwrap();
    assert!(!report.is_empty(), "{format}: an empty report");
    (code, report, err)
}

const REFUSED: &str = "the environment `sandbox` does not allow run: set run = \"allow\"";

#[test]
fn junit_records_the_run_that_could_not_start_as_an_error() {
    let (code, xml, err) = refused_report("junit", "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("error: book/book.toml:9:1: {REFUSED}")),
        "{err}"
    );
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1, "{xml}");
    assert_eq!(cases[0].attribute("name"), Some("the run did not start"));
    let error = cases[0]
        .children()
        .find(|c| c.has_tag_name("error"))
        .expect("an error");
    assert!(
        error
            .attribute("message")
            .unwrap()
            .starts_with(&format!("book/book.toml:9:1: {REFUSED}")),
        "{xml}"
    );
    assert!(error.text().unwrap().contains("nothing was sent"), "{xml}");
}

#[test]
fn json_records_each_reason_and_a_summary_that_did_not_start() {
    // A missing variable: located at its `$NAME`.
    let (code, text, _) = refused_report("json", "run = \"allow\"");
    assert_eq!(code, 2);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["code"], "run-cannot-start");
    assert_eq!(lines[0]["file"], "book/src/validation.md");
    let place = user_book::token_place();
    assert_eq!(
        format!("{}:{}", lines[0]["line"], lines[0]["column"]),
        place
    );
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("needs `$MY_TOKEN`"),
        "{text}"
    );
    assert_eq!(lines[1]["summary"]["started"], false);
    assert_eq!(lines[1]["summary"]["errors"], 1);
}

#[test]
fn sarif_is_valid_with_an_error_result_per_reason() {
    let (code, text, _) = refused_report("sarif", "");
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&text).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "run-cannot-start");
    assert_eq!(results[0]["level"], "error");
    let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        "run-cannot-start"
    );
    assert!(
        results[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(REFUSED)
    );
    // Located at the environment's table in book.toml (it has no `run`).
    let place = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "book/book.toml");
    assert_eq!(place["region"]["startLine"], 9);
}

#[test]
fn text_to_a_file_says_why_too() {
    let (code, text, _) = refused_report("text", "");
    assert_eq!(code, 2);
    assert!(
        text.starts_with(&format!("error: book/book.toml:9:1: {REFUSED}")),
        "{text}"
    );
    assert!(
        text.ends_with("the run did not start: nothing was sent (1 problem)\n"),
        "{text}"
    );
}

#[test]
fn a_book_that_cannot_be_read_still_gets_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = user_book::run(
        dir.path(),
        &[
            "run",
            "missing-book",
            "--env",
            "sandbox",
            "--format",
            "junit",
            "--output",
            "r.xml",
        ],
        &[],
    );
    assert_eq!(code, 2, "{out}{err}");
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert!(doc.descendants().any(|n| n.has_tag_name("error")), "{xml}");
}

/// The runner's own refusal to start (a client certificate that is not
/// one) is reported like the plan's.
#[test]
fn a_client_certificate_that_cannot_be_read_is_reported_too() {
    use super::*;
    let mut token = token_request(1, "https://auth.example");
    token.kind = mdbook_integration_guide::http::ExchangeKind::TokenRequest {
        grant: "mtls".into(),
        audience: None,
    };
    token.request.credentials = None;
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, "not a certificate").unwrap();
    let ran = Run::new(
        vec![token],
        target("https://auth.example", RunPolicy::Allow),
    )
    .env("CLIENT_CERT", cert.to_str().unwrap())
    .env("CLIENT_KEY", cert.to_str().unwrap())
    .format(Format::Junit)
    .go();
    assert_eq!(ran.code, 2);
    let doc = roxmltree::Document::parse(&ran.out).expect("well-formed XML");
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an error");
    assert!(
        error
            .attribute("message")
            .unwrap()
            .contains("holds no PEM certificate"),
        "{}",
        ran.out
    );
}
