//! `run`'s options on a real book, the binary as users run it:
//! `--guide` in a book of several guides, `--output FILE`, the
//! `--dry-run --format json` plan, the progress bar (a terminal only).

use std::path::Path;

use serde_json::json;

use super::server::{Reply, Server};

/// A book of two guides (`guides = "parts"`), each one chapter with one
/// request to `base`: `GET /alpha` (capturing `ORDER_ID`, then reading
/// it) in the first, `GET /beta` in the second.
fn parts_book(dir: &Path, base: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"Two\"\n\n[preprocessor.integration-guide]\nguides = \"parts\"\n\n[preprocessor.integration-guide.environments]\ndefault = \"sandbox\"\n\n[preprocessor.integration-guide.environments.sandbox]\ntitle = \"Sandbox\"\nbase-url = \"{base}\"\nrun = \"allow\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n# Alpha to Omega\n\n- [Alpha](alpha.md)\n\n# Beta to Omega\n\n- [Beta](beta.md)\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/alpha.md"),
        "# Alpha\n\n<<#api-example method=\"GET\" url=\"{env:base-url}/alpha\" status=200 capture=\"ORDER_ID=/id\">>\n<</api-example>>\n\n<<#api-example method=\"GET\" url=\"{env:base-url}/alpha/$ORDER_ID\" status=200>>\n<</api-example>>\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/beta.md"),
        "# Beta\n\n<<#api-example method=\"GET\" url=\"{env:base-url}/beta\" status=200>>\n<</api-example>>\n",
    )
    .unwrap();
}

fn server() -> Server {
    Server::start(|_| Reply::json(200, json!({"id": "ord-1"})))
}

#[test]
fn guide_runs_the_one_guide_it_names() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    parts_book(dir.path(), &server.base);
    let (code, out, err) = super::user_book::run(
        dir.path(),
        &[
            "run",
            "book",
            "--env",
            "sandbox",
            "--guide",
            "beta-to-omega",
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    let urls: Vec<String> = server.requests().into_iter().map(|g| g.url).collect();
    assert_eq!(urls, ["/beta"]);
    assert!(
        out.contains("\n1 step: 1 passed, 0 failed, 0 skipped (1 request, "),
        "{out}"
    );
}

#[test]
fn output_writes_the_report_of_a_run_that_passed_to_the_file() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    parts_book(dir.path(), &server.base);
    let args = [
        "run",
        "book",
        "--env",
        "sandbox",
        "--guide",
        "alpha-to-omega",
        "--format",
        "junit",
        "--output",
        "reports/run.xml",
    ];
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    let (code, out, err) = super::user_book::run(dir.path(), &args, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!((out.as_str(), err.as_str()), ("", ""));
    let xml = std::fs::read_to_string(dir.path().join("reports/run.xml")).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 2, "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
    let urls: Vec<String> = server.requests().into_iter().map(|g| g.url).collect();
    assert_eq!(urls, ["/alpha", "/alpha/ord-1"]);
}

#[test]
fn dry_run_json_is_a_line_per_step_of_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    parts_book(dir.path(), "http://127.0.0.1:9");
    let (code, out, err) = super::user_book::run(
        dir.path(),
        &[
            "run",
            "book",
            "--env",
            "sandbox",
            "--guide",
            "alpha-to-omega",
            "--dry-run",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            json!({"file": "book/src/alpha.md", "line": 3, "column": 1, "step": 1,
                "what": "api-example", "method": "GET", "url": "http://127.0.0.1:9/alpha",
                "variables": [], "captures": [{"variable": "ORDER_ID", "pointer": "/id"}],
                "status": 200, "refused": null, "skipped": null, "invalid": false}),
            json!({"file": "book/src/alpha.md", "line": 6, "column": 1, "step": 2,
                "what": "api-example", "method": "GET", "url": "http://127.0.0.1:9/alpha/$ORDER_ID",
                "variables": [{"variable": "ORDER_ID", "from": "captured by step 1"}],
                "captures": [], "status": 200, "refused": null, "skipped": null,
                "invalid": false}),
            json!({"summary": {"dry_run": true, "started": false, "steps": 2,
                "refused": 0, "skipped": 0, "missing": 0, "requests": 0}}),
        ]
    );
}

/// The progress bar is drawn on a terminal only: under `script` (a
/// pseudo-terminal) with `--format json` it is on stderr, redrawn per
/// step; with stderr a pipe there is none.
#[test]
fn the_progress_bar_appears_on_a_terminal_only() {
    let script = std::path::Path::new("/usr/bin/script");
    if !script.exists() {
        eprintln!("skipped: no /usr/bin/script (util-linux) to give the run a terminal");
        return;
    }
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    parts_book(dir.path(), &server.base);
    let bin = env!("CARGO_BIN_EXE_mdbook-integration-guide");
    let command = format!("'{bin}' run book --env sandbox --guide alpha-to-omega --format json");
    let out = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{tty}");
    assert!(
        tty.contains("\r\x1b[2K[###############               ] 1/2 book/src/alpha.md:3"),
        "{tty:?}"
    );
    assert!(tty.contains("] 2/2 book/src/alpha.md:6"), "{tty:?}");
    assert!(
        tty.contains("\r\x1b[2K{\"summary\""),
        "the bar is cleared before the summary: {tty:?}"
    );
    let (code, _, err) = super::user_book::run(
        dir.path(),
        &[
            "run",
            "book",
            "--env",
            "sandbox",
            "--guide",
            "alpha-to-omega",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(err, "");
}

/// `run --format json | head -1`: stdout closed after requests were sent
/// (EPIPE) is not exit 2 ("nothing was sent") and no error: the run stops
/// writing quietly and exits with its results' status.
#[test]
fn a_closed_stdout_keeps_the_results_exit_status() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    parts_book(dir.path(), &server.base);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .args([
            "run",
            "book",
            "--env",
            "sandbox",
            "--guide",
            "alpha-to-omega",
        ])
        .args(["--format", "json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end before the first line is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err, "", "quiet");
    assert_eq!(server.requests().len(), 2, "every step ran");
}
