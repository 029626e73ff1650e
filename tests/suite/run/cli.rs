//! The command: `mdbook-integration-guide run BOOK_DIR --env NAME` on a
//! real book (the example book), the binary as users run it.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .arg("run")
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_environment_without_the_run_key_is_refused_naming_the_key() {
    let (code, out, err) = run(&["book-example", "--env", "production"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err,
        "error: book-example/book.toml:50:1: the environment `production` does not allow run: set run = \"allow\" (or \"read-only\": GET, HEAD and OPTIONS only) in [preprocessor.integration-guide.environments.production] of book.toml, for an environment that may receive the guide's requests\nerror: the run did not start: nothing was sent (1 problem)\n"
    );
    assert!(out.is_empty());
}

/// SARIF `run-cannot-start` results have a location: the book.toml key
/// (here the environment's table, which has no `run`), else book.toml at
/// line 1 (an unknown environment), so code scanning can show them.
#[test]
fn sarif_cannot_start_results_are_located_in_book_toml() {
    let location = |env: &str| {
        let (code, out, err) = run(&["book-example", "--env", env, "--format", "sarif"]);
        assert_eq!(code, 2, "{err}");
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "run-cannot-start");
        let place = &result["locations"][0]["physicalLocation"];
        (
            place["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string(),
            place["region"]["startLine"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        location("production"),
        ("book-example/book.toml".to_string(), 50)
    );
    assert_eq!(
        location("sandbx"),
        ("book-example/book.toml".to_string(), 1)
    );
}

#[test]
fn an_unknown_environment_or_guide_is_named() {
    let (code, _, err) = run(&["book-example", "--env", "sandbx"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: mdbook-integration-guide run: unknown environment `sandbx`; did you mean `sandbox`?\n"
    );
    let (code, _, err) = run(&["book-example", "--env", "sandbox", "--guide", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--guide x: the book is one guide"), "{err}");
    let (code, _, err) = run(&[
        "tests/data/guides-parts",
        "--env",
        "sandbox",
        "--guide",
        "nope",
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_bad_timeout_is_refused() {
    let (code, _, err) = run(&["book-example", "--env", "sandbox", "--timeout", "0"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --timeout 0 is not valid; give a number of seconds above 0\n"
    );
}

/// The example book reruns against a real sandbox: no fixed
/// `Idempotency-Key` (a rerun would get 409 where 201 is documented), and
/// every variable it captures is read by a later step.
#[test]
fn the_example_book_reruns_and_uses_every_capture() {
    let validation = std::fs::read_to_string("book-example/src/validation.md").unwrap();
    let keys: Vec<&str> = validation
        .match_indices("Idempotency-Key: ")
        .map(|(i, _)| validation[i..].split('"').next().unwrap())
        .collect();
    assert!(!keys.is_empty());
    for key in keys {
        assert!(key.contains("{run:id}"), "a fixed key: {key}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .args([
            "run",
            "book-example",
            "--env",
            "mock",
            "--dry-run",
            "--format",
            "json",
        ])
        .env("CLIENT_ID", "x")
        .env("CLIENT_SECRET", "y")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let steps: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|l: &serde_json::Value| l.get("summary").is_none())
        .collect();
    for (i, step) in steps.iter().enumerate() {
        for capture in step["captures"].as_array().unwrap() {
            let variable = &capture["variable"];
            let used = steps[i + 1..].iter().any(|later| {
                later["variables"].as_array().unwrap().iter().any(|v| {
                    &v["variable"] == variable && v["from"] == format!("captured by step {}", i + 1)
                })
            });
            assert!(
                used,
                "{variable} is captured by step {} and never read",
                i + 1
            );
        }
    }
}

/// `--dry-run` with `--format junit|sarif` is refused before anything is
/// written: the plan is text or JSON, and a CI job would upload a text
/// plan as its JUnit or SARIF results.
#[test]
fn dry_run_refuses_junit_and_sarif_and_writes_no_file() {
    let dir = std::env::temp_dir().join(format!("dry-run-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["junit", "sarif"] {
        let file = dir.join(format!("plan.{format}"));
        let (code, out, err) = run(&[
            "book-example",
            "--env",
            "sandbox",
            "--dry-run",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{out}{err}");
        assert_eq!(
            err,
            format!(
                "error: mdbook-integration-guide run: --dry-run prints the plan as text or json, not {format}: use --dry-run --format text (or json), or leave --dry-run out for a {format} report of a real run; nothing was written or sent\n"
            )
        );
        assert!(!file.exists(), "no file is written");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
