//! `mdbook-integration-guide check` on a book seeded with one instance of
//! every problem class (tests/data/check-book): the exact diagnostics, in
//! both formats (insta snapshots tests/golden/cli/check.{txt,jsonl}.snap), the JSON validated
//! against schema/check-diagnostic.schema.json, the same shortcode errors
//! as a real `mdbook build`, severities from book.toml, exit codes and
//! colours.
//!
//! `INSTA_UPDATE=always cargo test --test suite cli_check::` (or `cargo
//! insta review`) rewrites the snapshots.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use crate::support::BIN;
use crate::support::snapshot::assert_golden;
use serde_json::Value;

use crate::support::{SEEDED, check_in, root, text};

/// Compares `check`'s output with `tests/golden/cli/<name>.snap`.
fn golden(name: &str, actual: &str) {
    assert_golden("tests/golden/cli", name, None, actual);
}

#[test]
fn every_problem_class_exactly() {
    let out = check_in(root(), &[SEEDED]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    let human = text(&out.stdout);
    assert!(!human.contains('\x1b'), "colours when not on a terminal");
    golden("check.txt", &human);
    assert!(
        human.ends_with("found 12 errors and 5 warnings in `tests/data/check-book` (8 chapters)\n")
    );

    let out = check_in(root(), &[SEEDED, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json = text(&out.stdout);
    golden("check.jsonl", &json);

    // One of each problem class, and the same diagnostics in both formats.
    let lines: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    let codes: BTreeSet<&str> = lines.iter().filter_map(|d| d["code"].as_str()).collect();
    let all: BTreeSet<&str> = mdbook_integration_guide::check::options::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(codes, all, "the seeded book misses a problem class");
    for d in &lines {
        let header = format!(
            "{}:{}:{}: {}[{}]: {}\n",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert!(
            human.contains(&header),
            "{header} is not in the human output"
        );
    }
    assert_eq!(
        human.matches("\n\n").count(),
        lines.len(),
        "one block per diagnostic"
    );
}

/// The JSON Schema of a diagnostic, with a validator for the keywords it
/// uses (an unknown keyword fails the test, so the schema cannot drift
/// into something this does not check).
fn validate(schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(schema) = schema.as_object() else {
        return vec![format!("{at}: the schema is not an object")];
    };
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$schema" | "$id" | "title" | "description" => {}
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("{at}: bad `type`"),
                };
                let ok = types.iter().any(|t| match *t {
                    "object" => value.is_object(),
                    "string" => value.is_string(),
                    "integer" => value.is_u64() || value.is_i64(),
                    "array" => value.is_array(),
                    "null" => value.is_null(),
                    other => panic!("{at}: type {other} is not supported here"),
                });
                if !ok {
                    errors.push(format!("{at}: {value} is not of type {rule}"));
                }
            }
            "required" => {
                for key in rule.as_array().unwrap() {
                    let key = key.as_str().unwrap();
                    if value.get(key).is_none() {
                        errors.push(format!("{at}: `{key}` is missing"));
                    }
                }
            }
            "properties" => {
                for (key, sub) in rule.as_object().unwrap() {
                    if let Some(v) = value.get(key) {
                        errors.extend(validate(sub, v, &format!("{at}.{key}")));
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    errors.extend(validate(rule, item, &format!("{at}[{i}]")));
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &Value::Bool(false), "only `false` is supported");
                let known = schema["properties"].as_object().unwrap();
                for key in value.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !known.contains_key(key) {
                        errors.push(format!("{at}: unexpected `{key}`"));
                    }
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(value) {
                    errors.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "minimum" => {
                if value.as_f64().is_some_and(|n| n < rule.as_f64().unwrap()) {
                    errors.push(format!("{at}: {value} < {rule}"));
                }
            }
            "minLength" => {
                if value
                    .as_str()
                    .is_some_and(|s| (s.chars().count() as u64) < rule.as_u64().unwrap())
                {
                    errors.push(format!("{at}: {value} is too short"));
                }
            }
            other => panic!("{at}: the schema uses `{other}`, which this validator does not check"),
        }
    }
    errors
}

#[test]
fn json_output_follows_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/check-diagnostic.schema.json")).unwrap(),
    )
    .unwrap();
    // The schema's codes are exactly the rules'.
    let codes: BTreeSet<&str> = schema["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let rules: BTreeSet<&str> = mdbook_integration_guide::check::options::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(codes, rules);

    let out = check_in(root(), &[SEEDED, "--format", "json"]);
    let json = text(&out.stdout);
    assert!(json.lines().count() >= 12);
    for (i, line) in json.lines().enumerate() {
        let value: Value = serde_json::from_str(line).unwrap();
        let errors = validate(&schema, &value, &format!("line {}", i + 1));
        assert!(errors.is_empty(), "{errors:#?}");
        // Keys in the documented order.
        let order = [
            "file", "line", "column", "severity", "code", "message", "hint", "related",
        ];
        let mut at = 0;
        for key in order {
            let found = line[at..]
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("`{key}` out of order in {line}"));
            at += found;
        }
    }
    // The validator catches what the schema forbids.
    let bad = serde_json::json!({"file": "", "line": 0, "column": 1, "severity": "fatal",
        "code": "x", "message": "m", "hint": 1, "extra": true});
    // Six, and `related` is missing.
    assert_eq!(validate(&schema, &bad, "bad").len(), 7);
    let bad_related = serde_json::json!({"file": "f", "line": 1, "column": 1,
        "severity": "error", "code": "shortcode", "message": "m", "hint": null,
        "related": [{"file": "g", "line": 1, "column": 1, "end_column": 1, "message": ""},
                    {"file": "g", "line": 1, "column": 1, "end_column": null, "message": "m", "x": 1}]});
    assert_eq!(validate(&schema, &bad_related, "bad").len(), 3);
    // The seeded book has related places, and they follow the schema.
    assert!(json.contains("\"related\":[{"), "{json}");
    // A clean book prints nothing.
    let out = check_in(root(), &["book-example", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn shortcode_errors_are_those_of_mdbook_build() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join(SEEDED), dir.path());
    let built = crate::support::build_dir(dir);
    assert!(built.result.is_err(), "the build must fail");
    // `file:line:col: error: message` lines of the preprocessor's errors.
    let from_build: BTreeSet<String> = built
        .stderr
        .lines()
        .filter(|l| l.starts_with("src/") && l.contains(": error: "))
        .map(String::from)
        .collect();
    assert_eq!(from_build.len(), 3, "{}", built.stderr);

    let out = check_in(root(), &[SEEDED, "--format", "json"]);
    let from_check: BTreeSet<String> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| {
            matches!(
                d["code"].as_str(),
                Some("shortcode" | "step-without-procedure" | "openapi-drift")
            )
        })
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(&format!("{SEEDED}/")),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(from_check, from_build);
}

#[test]
fn severities_and_sections_come_from_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join(SEEDED), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    // The seeded book has the table already (undocumented-webhook): the
    // keys go into it.
    let toml = toml.replace(
        "[preprocessor.integration-guide.check]\nundocumented-webhook = \"warning\"\n",
        "",
    );
    std::fs::write(
        dir.path().join("book.toml"),
        format!(
            "{toml}\n[preprocessor.integration-guide.check]\nundocumented-webhook = \"warning\"\nbroken-anchor = \"warning\"\nsection-order = \"off\"\nlink-not-in-summary = \"off\"\ninclude = \"off\"\nstep-without-procedure = \"warning\"\nworkflow-missing-step = \"warning\"\nsections = [\"Introduction\", \"Target audience\", \"Validation\"]\nbroken-anchr = \"x\"\n"
        ),
    )
    .unwrap();
    let out = check_in(dir.path(), &["--format", "json"]);
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<String> = lines
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "warning config",
            "error openapi-spec",
            "warning config",
            "warning missing-chapter",
            "warning broken-anchor",
            "warning broken-anchor",
            "error shortcode",
            "warning step-without-procedure",
            "warning workflow-missing-step",
            "warning unused-value-map",
            "warning env-literal",
            "error openapi-drift",
            "warning undocumented-webhook",
        ]
    );
    assert_eq!(
        lines[2]["message"],
        "[preprocessor.integration-guide.check]: unknown key `broken-anchr` is ignored (did you mean `broken-anchor`?)"
    );
    // The shortcode error remains an error: exit 1.
    assert_eq!(out.status.code(), Some(1));

    // A wrong value stops the check.
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.integration-guide.check]\nbroken-anchor = \"fatal\"\n",
    )
    .unwrap();
    let out = check_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: mdbook-integration-guide check: book.toml: [preprocessor.integration-guide.check]: `broken-anchor` = \"fatal\" is not valid; use \"error\", \"warning\" or \"off\"\n"
    );
}

#[test]
fn exit_codes_and_colours() {
    // Clean: 0, one line.
    let out = check_in(&root().join("book-example"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stdout),
        format!(
            "no problems found in the book ({} chapters)\n",
            std::fs::read_to_string(root().join("book-example/src/SUMMARY.md"))
                .unwrap()
                .matches("](")
                .count()
        )
    );

    // Unreadable: 2, a message on stderr.
    let empty = tempfile::tempdir().unwrap();
    let out = check_in(empty.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "error: mdbook-integration-guide check: cannot read src/SUMMARY.md: it does not exist; is this directory an mdBook book?\n"
    );
    let out = check_in(root(), &["no/such/book"]);
    assert_eq!(out.status.code(), Some(2));

    // Colours only when asked (stdout is not a terminal here).
    let plain = text(&check_in(root(), &[SEEDED]).stdout);
    let never = text(&check_in(root(), &[SEEDED, "--color", "never"]).stdout);
    assert_eq!(plain, never);
    let coloured = text(&check_in(root(), &[SEEDED, "--color", "always"]).stdout);
    assert!(
        coloured.contains("\x1b[1;31merror[shortcode]:\x1b[0m"),
        "{coloured}"
    );
    assert!(coloured.contains("\x1b[1;33mwarning[config]:\x1b[0m"));
    let stripped = strip_ansi(&coloured);
    assert_eq!(stripped, plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_book_that_does_not_run_the_preprocessor_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Intro](intro.md)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/intro.md"), "# Intro\n").unwrap();
    let config = |out: &Output| -> Vec<(u64, String)> {
        config_findings(out)
            .into_iter()
            .map(|(line, _, message)| (line, message))
            .collect()
    };
    // No book.toml at all.
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(
        config(&out),
        [(
            1,
            "[preprocessor.integration-guide] is missing, so `mdbook build` does not run the preprocessor; run `mdbook-integration-guide install`".to_string()
        )]
    );
    // Only the check's table: mdBook runs it, but maybe before `links`.
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"t\"\n\n[preprocessor.integration-guide.check]\nsections = []\n",
    )
    .unwrap();
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        config(&out),
        [(
            4,
            "`after` of [preprocessor.integration-guide] lacks \"links\" and \"index\", so mdBook may run it first: shortcodes in {{#include}}d text stay unexpanded and links to README.md chapters break; set after = [\"links\", \"index\"] (`mdbook-integration-guide install` does)".to_string()
        )]
    );
    // `install` fixes both.
    let installed = Command::new(BIN)
        .arg("install")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(installed.status.code(), Some(0));
    let out = check_in(dir.path(), &[]);
    assert_eq!(
        text(&out.stdout),
        "no problems found in the book (1 chapter)\n"
    );
}

/// Rule `config`: a neighbour preprocessor that mdBook's order (by its
/// rounds, then by name) puts on the wrong side of ours is reported at its
/// table's header, naming the key to set; `install` fixes it. toc and
/// katex with no constraints run in mdBook's first round, before ours
/// (which is after `links` and `index`); tabs after us only when told so.
#[test]
fn neighbours_in_an_order_known_to_break_are_reported_at_their_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Intro](intro.md)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/intro.md"), "# Intro\n").unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"t\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.toc]\ncommand = \"mdbook-toc\"\n\n  [ preprocessor . \"tabs\" ]  # tabs\nafter = [\"integration-guide\"]\n\n[preprocessor.katex]\n\n[preprocessor.mermaid]\n",
    )
    .unwrap();
    let config = config_findings;
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(
        config(&out),
        [
            (
                7,
                1,
                "[preprocessor.toc] (mdbook-toc) runs before [preprocessor.integration-guide] in mdBook's order: its `<!-- toc -->` list has none of the headings the shortcodes generate; add \"toc\" to `before` in [preprocessor.integration-guide] (`mdbook-integration-guide install` does)".to_string()
            ),
            (
                10,
                3,
                "[preprocessor.tabs] (mdbook-tabs) runs after [preprocessor.integration-guide] in mdBook's order: tabs inside a callout or config step break out of it: the callout ends at the tabs and the rest of it is shown as a plain paragraph; add \"tabs\" to `after` in [preprocessor.integration-guide], and remove \"integration-guide\" from `after` in [preprocessor.tabs] (`mdbook-integration-guide install` does)".to_string()
            ),
            (
                13,
                1,
                "[preprocessor.katex] (mdbook-katex) runs before [preprocessor.integration-guide] in mdBook's order: two `$` in shortcode attributes (`auth=\"Bearer $TOKEN\"` ... `$ID`) become math and break the shortcode; add \"katex\" to `before` in [preprocessor.integration-guide] (`mdbook-integration-guide install` does)".to_string()
            ),
        ]
    );
    // A cycle: mdBook refuses to build.
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        toml.replace(
            "after = [\"links\", \"index\"]",
            "after = [\"links\", \"index\", \"tabs\"]",
        ),
    )
    .unwrap();
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(
        config(&out),
        [(
            4,
            1,
            "[preprocessor.integration-guide]: the `before` and `after` of \"integration-guide\", \"tabs\" make a cycle, so mdBook refuses to build (\"Cyclic dependency detected in preprocessors\"); remove the entry that contradicts the others (`mdbook-integration-guide install` removes those that contradict the place of a known neighbour)".to_string()
        )]
    );
    // mdBook refuses the book: an error, and check fails.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout)
            .lines()
            .any(|l| l.contains("make a cycle") && l.contains("\"severity\":\"error\"")),
        "{}",
        text(&out.stdout)
    );
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    // `install` fixes them all.
    let installed = Command::new(BIN)
        .arg("install")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(installed.status.code(), Some(0));
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(config(&out), []);

    // gettext as mdbook-i18n-helpers documents it runs first (by name);
    // `renderers` without xgettext hides the expanded guide from it
    // (reported in book.toml's order).
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let gettext = format!(
        "{}\n[preprocessor.gettext]\nafter = [\"links\"]\n",
        toml.replace(
            "[preprocessor.integration-guide]\n",
            "[preprocessor.integration-guide]\nrenderers = [\"html\"]\n"
        )
    );
    std::fs::write(dir.path().join("book.toml"), &gettext).unwrap();
    let found = config(&check_in(dir.path(), &["--format", "json"]));
    let gettext_line = gettext
        .lines()
        .position(|l| l == "[preprocessor.gettext]")
        .unwrap() as u64
        + 1;
    let ours_line = gettext
        .lines()
        .position(|l| l == "[preprocessor.integration-guide]")
        .unwrap() as u64
        + 1;
    assert_eq!(
        found,
        [
            (
                ours_line,
                1,
                "[preprocessor.integration-guide]: `renderers` leaves out xgettext, so mdbook-xgettext extracts the shortcodes' tags instead of the expanded guide and nothing they generate can be translated; remove `renderers` (or add \"xgettext\" to it)".to_string()
            ),
            (
                gettext_line,
                1,
                "[preprocessor.gettext] (mdbook-gettext) runs before [preprocessor.integration-guide] in mdBook's order: it rewrites every chapter through a Markdown writer before the shortcodes are expanded: a translated build shows them as text (this preprocessor then fails the build), and the messages xgettext extracted from the expanded guide are not found; add \"gettext\" to `before` in [preprocessor.integration-guide] (`mdbook-integration-guide install` does)".to_string()
            ),
        ]
    );
}

/// A typo in a workflow-table row is one shortcode error: the table's steps
/// are not also reported missing ("the guide has no workflow table"), and
/// a broken field map does not make the value map it uses look unused.
#[test]
fn a_broken_table_is_one_error_not_follow_on_findings() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\nparties = [\"A admin\"]\n",
    );
    write(
        "src/SUMMARY.md",
        "# Summary\n\n- [Steps](steps.md)\n- [Workflow](workflow.md)\n",
    );
    write(
        "src/steps.md",
        "# Steps\n\n<<#config-step id=\"s\" title=\"S\" party=\"A admin\">>\n1. Do it.\n<</config-step>>\n\n<<#field-map>>\nA -> B: text, requird, values=vm\n<</field-map>>\n\n<<#value-map id=\"vm\">>\nx -> y\n<</value-map>>\n",
    );
    write(
        "src/workflow.md",
        "# Workflow\n\n<<#workflow-table>>\n- B admin | <<#step-ref s>> | Do it.\n<</workflow-table>>\n",
    );
    let out = check_in(dir.path(), &["--format", "json"]);
    let codes: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["code"].to_string())
        .collect();
    assert!(
        !codes.iter().any(|c| c.contains("workflow-missing-step")),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|c| c.contains("unused-value-map")),
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| c.contains("shortcode")).count(),
        2,
        "{}",
        text(&out.stdout)
    );
}

/// The order `check` and `install` reckon with
/// (`mdbook_integration_guide::neighbours::mdbook_order`) is the order the
/// real mdBook runs preprocessors in, for any tables and `before`/`after`
/// (names that are no preprocessor included), with or without
/// `use-default-preprocessors`; a cycle is refused by both. Each
/// preprocessor of the book is our binary (it passes a book without
/// shortcodes through) behind a `sh` that logs its name when it runs.
mod mdbooks_order {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use mdbook_integration_guide::neighbours::{Table, cycle, mdbook_order};

    /// Names in `before`/`after`: tables, mdBook's own, and one that is
    /// no preprocessor of the book (`zzz` unless drawn as a table).
    const NAMES: [&str; 9] = [
        "abc",
        "gettext",
        "index",
        "integration-guide",
        "katex",
        "links",
        "mermaid",
        "toc",
        "zzz",
    ];

    /// Table names.
    const TABLES: [&str; 7] = [
        "abc",
        "gettext",
        "integration-guide",
        "katex",
        "mermaid",
        "toc",
        "zzz",
    ];

    fn tables() -> impl Strategy<Value = (BTreeMap<String, Table>, bool)> {
        let list = || proptest::sample::subsequence(NAMES.to_vec(), 0..3);
        let table = (list(), list()).prop_map(|(before, after)| Table {
            command: None,
            before: before.into_iter().map(String::from).collect(),
            after: after.into_iter().map(String::from).collect(),
        });
        (
            proptest::collection::btree_map(
                proptest::sample::select(TABLES.to_vec()).prop_map(String::from),
                table,
                1..6,
            ),
            any::<bool>(),
        )
    }

    fn toml_list(items: &[String]) -> String {
        let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
        format!("[{}]", quoted.join(", "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn is_the_real_one((tables, defaults) in tables()) {
            let dir = tempfile::tempdir().unwrap();
            let log = dir.path().join("order.log");
            let mut toml = format!(
                "[book]\ntitle = \"t\"\n\n[build]\nuse-default-preprocessors = {defaults}\n\n[output.markdown]\n"
            );
            for (name, t) in &tables {
                toml.push_str(&format!(
                    "\n[preprocessor.{name}]\ncommand = \"sh -c '[ $# -eq 0 ] && echo {name} >> \\\"{}\\\"; exec \\\"$0\\\" \\\"$@\\\"' {}\"\nbefore = {}\nafter = {}\n",
                    log.display(),
                    crate::support::BIN,
                    toml_list(&t.before),
                    toml_list(&t.after),
                ));
            }
            std::fs::write(dir.path().join("book.toml"), &toml).unwrap();
            std::fs::create_dir_all(dir.path().join("src")).unwrap();
            std::fs::write(dir.path().join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n").unwrap();
            std::fs::write(dir.path().join("src/a.md"), "# A\n").unwrap();
            let built = mdbook_driver::MDBook::load(dir.path()).and_then(|md| md.build());
            match mdbook_order(&tables, defaults) {
                None => {
                    let e = format!("{:#}", built.expect_err("mdBook refuses a cycle too"));
                    prop_assert!(e.contains("Cyclic dependency"), "{}", e);
                    prop_assert!(!cycle(&tables, defaults).is_empty());
                }
                Some(order) => {
                    prop_assert!(built.is_ok(), "{:?}\n{}", built.err(), toml);
                    let ran = std::fs::read_to_string(&log).unwrap_or_default();
                    let ran: Vec<&str> = ran.lines().collect();
                    let ours: Vec<&str> = order
                        .iter()
                        .map(String::as_str)
                        .filter(|n| tables.contains_key(*n))
                        .collect();
                    prop_assert_eq!(ran.len(), tables.len(), "every preprocessor ran once");
                    prop_assert_eq!(ran, ours, "{}", toml);
                }
            }
        }
    }
}

/// The `config` findings of `check --format json`: (line, column, message).
fn config_findings(out: &Output) -> Vec<(u64, u64, String)> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| d["code"] == "config")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
