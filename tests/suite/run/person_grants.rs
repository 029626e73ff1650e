//! `authorization-code` and `device-code` need a person (issue 25, "Grants
//! that run"): their `auth-flow` is not a step; the token comes from the
//! variable the guide names, read from the process environment.

use std::path::Path;

use serde_json::json;

use super::server::{Reply, Server};

/// A book whose chapter has an `auth-flow` of `grant` (token endpoint on
/// `base`) and an `api-example` sending its token (`token_var`).
pub(super) fn write_book(dir: &Path, base: &str, grant: &str, token_var: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"Trips\"\n\n[preprocessor.integration-guide]\n\n[preprocessor.integration-guide.environments]\ndefault = \"sandbox\"\n\n[preprocessor.integration-guide.environments.sandbox]\ntitle = \"Sandbox\"\nbase-url = \"{base}\"\nrun = \"allow\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n- [Auth](auth.md)\n",
    )
    .unwrap();
    let extra = match grant {
        "authorization-code" => {
            " authorize-url=\"{env:base-url}/authorize\" redirect-uri=\"https://app.example/cb\""
        }
        _ => " device-url=\"{env:base-url}/device\"",
    };
    std::fs::write(
        book.join("src/auth.md"),
        format!(
            "# Auth\n\n<<#auth-flow grant=\"{grant}\" client=\"App\" server=\"Trips\" token-url=\"{{env:base-url}}/oauth/token\"{extra} token-var=\"{token_var}\">>\n\nThe trips:\n\n<<#api-example method=\"GET\" url=\"{{env:base-url}}/v1/trips\" status=200 auth=\"Bearer ${token_var}\">>\n<</api-example>>\n"
        ),
    )
    .unwrap();
}

pub(super) fn trips() -> Server {
    Server::start(|g| match (g.method.as_str(), g.url.as_str()) {
        ("GET", "/v1/trips") => Reply::json(200, json!({"trips": []})),
        _ => Reply::json(404, json!({"error": "not found"})),
    })
}

#[test]
fn an_authorization_code_flow_is_not_a_step_its_token_comes_from_the_environment() {
    let server = trips();
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        &server.base,
        "authorization-code",
        "ACCESS_TOKEN",
    );
    let (code, out, err) = super::user_book::run(
        dir.path(),
        &["run", "book", "--env", "sandbox", "--format", "json"],
        &[("ACCESS_TOKEN", "tok-from-a-person-42")],
    );
    assert_eq!(code, 0, "{out}{err}");
    let got = server.requests();
    assert_eq!(got.len(), 1, "only the api-example is sent: {got:?}");
    assert_eq!(got[0].url, "/v1/trips");
    assert_eq!(
        got[0].header("Authorization"),
        Some("Bearer tok-from-a-person-42")
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["outcome"], "passed");
    assert_eq!(lines[1]["summary"]["passed"], 1);
    assert!(!out.contains("tok-from-a-person-42"), "{out}");
}

#[test]
fn a_device_code_flow_without_its_token_stops_the_run_naming_the_grant() {
    let server = trips();
    let dir = tempfile::tempdir().unwrap();
    write_book(dir.path(), &server.base, "device-code", "TRIPS_TOKEN");
    let (code, out, err) =
        super::user_book::run(dir.path(), &["run", "book", "--env", "sandbox"], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(server.requests().is_empty());
    assert!(
        err.contains("needs `$TRIPS_TOKEN`, the token of the auth-flow device-code at book/src/auth.md:3, a grant that needs a person (run does not perform it); sign in as the guide shows and set it (export TRIPS_TOKEN=...)"),
        "{err}"
    );
    assert!(!err.contains("DEVICE_CODE"), "{err}");
}

#[test]
fn the_plan_says_where_a_person_grants_token_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        "http://127.0.0.1:9",
        "authorization-code",
        "ACCESS_TOKEN",
    );
    let (code, out, err) = super::user_book::run(
        dir.path(),
        &["run", "book", "--env", "sandbox", "--dry-run"],
        &[("ACCESS_TOKEN", "tok-from-a-person-42")],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Plan: 1 step against"), "{out}");
    assert!(
        out.contains("-. book/src/auth.md:3 auth-flow authorization-code (not a step: the grant needs a person; its token comes from `$ACCESS_TOKEN` in the process environment)\n"),
        "{out}"
    );
    assert!(
        out.contains("variables: ACCESS_TOKEN (environment)"),
        "{out}"
    );
    let (code, out, _) = super::user_book::run(
        dir.path(),
        &[
            "run",
            "book",
            "--env",
            "sandbox",
            "--dry-run",
            "--format",
            "json",
        ],
        &[("ACCESS_TOKEN", "tok-from-a-person-42")],
    );
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    let summary: serde_json::Value = serde_json::from_str(lines[lines.len() - 1]).unwrap();
    assert_eq!(summary["summary"]["dry_run"], true);
    let last: serde_json::Value = serde_json::from_str(lines[lines.len() - 2]).unwrap();
    assert_eq!(last["what"], "auth-flow authorization-code");
    assert_eq!(last["step"], serde_json::Value::Null);
    assert_eq!(
        last["variables"],
        json!([{"variable": "ACCESS_TOKEN", "from": "environment"}])
    );
}

/// `export` treats them as `run` does: the token request is left out (no
/// runner can sign a person in) and the token is an input read from the
/// variable, like `CLIENT_ID`.
#[test]
fn export_leaves_a_person_grants_token_request_out_and_reads_its_token_as_an_input() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        "http://127.0.0.1:9",
        "authorization-code",
        "ACCESS_TOKEN",
    );
    let export = |format: &str| {
        let out = dir.path().join(format!("guide.{format}"));
        let (code, stdout, err) = super::user_book::run(
            dir.path(),
            &[
                "export",
                "book",
                "--env",
                "sandbox",
                "--format",
                format,
                "--output",
                out.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, 0, "{format}: {stdout}{err}");
        std::fs::read_to_string(out).unwrap()
    };
    for format in ["postman", "http", "hurl", "arazzo"] {
        let text = export(format);
        for absent in [
            "authorization_code",
            "oauth/token",
            "CODE}",
            "CLIENT_SECRET",
        ] {
            assert!(!text.contains(absent), "{format} has {absent}:\n{text}");
        }
    }
    let http = export("http");
    assert!(
        http.contains("# From the process environment: ACCESS_TOKEN\n")
            && http.contains("Authorization: Bearer {{$processEnv ACCESS_TOKEN}}\n"),
        "{http}"
    );
    let hurl = export("hurl");
    assert!(
        hurl.contains("Run: hurl --test --variable ACCESS_TOKEN=... THIS_FILE"),
        "{hurl}"
    );
    let postman: serde_json::Value = serde_json::from_str(&export("postman")).unwrap();
    assert_eq!(postman["variable"][0]["key"], "ACCESS_TOKEN");
    let arazzo: serde_json::Value = serde_json::from_str(&export("arazzo")).unwrap();
    assert_eq!(
        arazzo["workflows"][0]["inputs"]["required"],
        json!(["ACCESS_TOKEN"])
    );
}
