//! `run --dry-run` as a user runs it: the whole plan even when a
//! variable is missing (marked, then exit 2 naming it at its `$NAME`),
//! and the steps the real run will refuse for their host marked.

use super::user_book::{self, token_place};

#[test]
fn a_missing_variable_still_shows_the_whole_plan_then_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    user_book::write(dir.path(), "run = \"allow\"");
    let args = ["run", "book", "--env", "sandbox", "--dry-run"];
    let (code, out, err) = user_book::run(dir.path(), &args, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.starts_with("Plan: 2 steps against"), "{out}");
    assert!(
        out.contains("2. book/src/validation.md:8 api-example GET https://sandbox.example/v1/records\n     variables: MY_TOKEN (missing: not in the process environment, not captured by an earlier step)\n"),
        "{out}"
    );
    assert!(out.ends_with("Nothing was sent (--dry-run).\n"), "{out}");
    // Located at `$MY_TOKEN` in the tag, not at the tag's start; "the
    // process environment", not one of the book's environments.
    let expected = format!(
        "error: book/src/validation.md:{}: the api-example here needs `$MY_TOKEN`, which no earlier step captures and the process environment does not set; set it (export MY_TOKEN=...) or capture it in an earlier step (capture=\"MY_TOKEN=/pointer\")\nerror: the run did not start: nothing was sent (1 problem)\n",
        token_place()
    );
    assert_eq!(err, expected);
    // The real run stops with the same message and exit status.
    let (code, out, err) = user_book::run(dir.path(), &args[..4], &[]);
    assert_eq!((code, out.as_str(), err), (2, "", expected));
}

#[test]
fn the_plan_marks_a_step_whose_host_the_run_refuses() {
    let dir = tempfile::tempdir().unwrap();
    user_book::write(dir.path(), "run = \"allow\"");
    let env = [("MY_TOKEN", "tok-1234567")];
    let (code, out, err) = user_book::run(
        dir.path(),
        &["run", "book", "--env", "sandbox", "--dry-run"],
        &env,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "Plan: 2 steps against the environment `sandbox` (run = \"allow\"; origins: https://sandbox.example)
1. book/src/validation.md:3 api-example GET https://elsewhere.example/v1/ping
     expects: status 200
     refused: `elsewhere.example` is not a host of the environment `sandbox` (its origins: https://sandbox.example): the run will fail this step without contacting it
2. book/src/validation.md:8 api-example GET https://sandbox.example/v1/records
     variables: MY_TOKEN (environment)
     expects: status 200
Nothing was sent (--dry-run).
"
    );
    let (code, out, _) = user_book::run(
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
        &env,
    );
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines[0]["refused"]
            .as_str()
            .unwrap()
            .starts_with("`elsewhere.example` is not a host"),
        "{out}"
    );
    assert_eq!(lines[1]["refused"], serde_json::Value::Null);
}
