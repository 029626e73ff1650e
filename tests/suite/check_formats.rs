//! `check --format github` and `check --format sarif` on the seeded book
//! (tests/data/check-book): golden files under tests/golden/cli/, the same
//! diagnostics as `--format json`, paths from the repository root (or the
//! current directory outside git), the workflow-command escaping, and the
//! SARIF log validated against the official SARIF 2.1.0 JSON schema
//! (tests/data/sarif-schema-2.1.0.json).
//!
//! The golden files are insta snapshots: `INSTA_UPDATE=always cargo test
//! --test suite check_formats::` (or `cargo insta review`) rewrites them.

use std::path::Path;
use std::process::Command;

use crate::support::BIN;
use serde_json::Value;

use crate::support::{SEEDED, check_in, root, text};

/// Compares with an insta snapshot in tests/golden/cli; the version is
/// written `{VERSION}` there.
fn golden(name: &str, actual: &str) {
    let actual = actual.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"{VERSION}\"",
    );
    crate::support::snapshot::assert_golden("tests/golden/cli", name, None, &actual);
}

fn json_lines(dir: &Path, book: &str) -> Vec<Value> {
    let out = check_in(dir, &[book, "--format", "json"]);
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The key=value properties and the message of a workflow command.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("`::` before the message");
    let (kind, props) = head.split_once(' ').expect("properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    (kind.to_string(), props, message.to_string())
}

fn unescape(s: &str) -> String {
    s.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_annotations_of_every_problem_class() {
    let out = check_in(root(), &[SEEDED, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    let github = text(&out.stdout);
    golden("check.github.txt", &github);

    // The same diagnostics as --format json, in the same order.
    let json = json_lines(root(), SEEDED);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), json.len());
    for (line, d) in lines.iter().zip(&json) {
        let (kind, props, message) = parse_command(line);
        assert_eq!(kind, d["severity"].as_str().unwrap());
        let get = |k: &str| props.iter().find(|(p, _)| p == k).unwrap().1.clone();
        assert_eq!(unescape(&get("file")), d["file"].as_str().unwrap());
        assert_eq!(get("line"), d["line"].to_string());
        assert_eq!(get("col"), d["column"].to_string());
        assert!(get("endColumn").parse::<u64>().unwrap() >= d["column"].as_u64().unwrap());
        assert_eq!(unescape(&get("title")), d["code"].as_str().unwrap());
        let mut expected = d["message"].as_str().unwrap().to_string();
        if let Some(hint) = d["hint"].as_str() {
            expected.push_str("\nhelp: ");
            expected.push_str(hint);
        }
        for r in d["related"].as_array().unwrap() {
            expected.push_str(&format!(
                "\nnote: {} ({}:{}:{})",
                r["message"].as_str().unwrap(),
                r["file"].as_str().unwrap(),
                r["line"],
                r["column"]
            ));
        }
        assert_eq!(unescape(&message), expected);
        assert!(!message.contains('\n') && !message.contains('\r'));
    }
}

#[test]
fn github_paths_start_at_the_repository_root() {
    // From a subdirectory of the repository: still from its root.
    let sub = root().join("tests");
    let out = check_in(&sub, &["data/check-book", "--format", "github"]);
    let from_root = check_in(root(), &[SEEDED, "--format", "github"]);
    assert_eq!(text(&out.stdout), text(&from_root.stdout));

    // Outside git: from the current directory; a path with a space, a comma
    // and a colon (not on Windows, where a file name cannot have one) is
    // escaped in the `file` property.
    let tmp = tempfile::tempdir().unwrap();
    let (name, escaped) = if cfg!(windows) {
        ("my guide, v2", "my guide%2C v2")
    } else {
        ("my guide, v2: draft", "my guide%2C v2%3A draft")
    };
    let book = tmp.path().join(name);
    copy_dir(&root().join(SEEDED), &book);
    let out = check_in(tmp.path(), &[name, "--format", "github"]);
    let first = text(&out.stdout).lines().next().unwrap().to_string();
    assert!(
        first.starts_with(&format!(
            "::warning file={escaped}/book.toml,line=10,col=1,"
        )),
        "{first}"
    );
    let inside = check_in(&book, &[".", "--format", "github"]);
    let first = text(&inside.stdout).lines().next().unwrap().to_string();
    assert!(
        first.starts_with("::warning file=book.toml,line=10,"),
        "{first}"
    );

    // A git repository around the book: from its top level.
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let inside = check_in(&book, &[".", "--format", "github"]);
    let first = text(&inside.stdout).lines().next().unwrap().to_string();
    assert!(
        first.starts_with(&format!("::warning file={escaped}/book.toml,line=10,")),
        "{first}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_log_is_valid_and_has_every_diagnostic() {
    let out = check_in(root(), &[SEEDED, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    let sarif = text(&out.stdout);
    golden("check.sarif.json", &sarif);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let validator = sarif_validator();
    assert_valid(&validator, &log);
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mdbook-integration-guide");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rule_ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let codes: Vec<&str> = mdbook_integration_guide::check::options::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(rule_ids, codes);

    let json = json_lines(root(), SEEDED);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), json.len());
    for (r, d) in results.iter().zip(&json) {
        assert_eq!(r["ruleId"], d["code"]);
        assert_eq!(
            rule_ids[r["ruleIndex"].as_u64().unwrap() as usize],
            d["code"]
        );
        assert_eq!(r["level"], d["severity"]);
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(d["message"].as_str().unwrap())
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], d["file"]);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], d["line"]);
        assert_eq!(loc["region"]["startColumn"], d["column"]);
        assert!(loc["region"]["endColumn"].as_u64() > d["column"].as_u64());
    }
    // A related place of the diagnostic is a related location, with its
    // message.
    let order = results
        .iter()
        .find(|r| r["ruleId"] == "section-order")
        .unwrap();
    let related = &order["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        "tests/data/check-book/src/SUMMARY.md"
    );
    assert_eq!(related["region"]["startLine"], 5);
    assert_eq!(
        order["relatedLocations"][0]["message"]["text"],
        "the entry of `Target audience`"
    );
}

#[test]
fn sarif_of_a_clean_book_and_of_paths_with_spaces() {
    let validator = sarif_validator();
    // A clean guide: a valid log without results, exit 0.
    let tmp = tempfile::tempdir().unwrap();
    let init = Command::new(BIN)
        .args(["init", "clean guide"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", text(&init.stderr));
    let out = check_in(tmp.path(), &["clean guide", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let log: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_valid(&validator, &log);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
    let out = check_in(tmp.path(), &["clean guide", "--format", "github"]);
    assert_eq!(
        (out.status.code(), text(&out.stdout)),
        (Some(0), String::new())
    );

    // A path with a space is percent-encoded in the URI.
    let book = tmp.path().join("my guide");
    copy_dir(&root().join(SEEDED), &book);
    let out = check_in(tmp.path(), &["my guide", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_valid(&validator, &log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20guide/book.toml"
    );
}

#[test]
fn json_output_is_unchanged_by_the_new_formats() {
    // --format json keeps its paths relative to the current directory.
    let sub = root().join("tests");
    let json = json_lines(&sub, "data/check-book");
    assert_eq!(json[0]["file"], "data/check-book/book.toml");
}
