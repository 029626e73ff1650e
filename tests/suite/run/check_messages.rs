//! What `check` says about a book's run settings and captures, before any
//! run: at the key or attribute's own `file:line:col`, with a did-you-mean.

use std::path::Path;

/// A book whose `staging` environment has `run_line` (its 11th line).
fn book(dir: &Path, run_line: &str, chapter: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.environments]\ndefault = \"staging\"\n\n[preprocessor.integration-guide.environments.staging]\n{run_line}\nbase-url = \"https://staging.example\"\n\n[preprocessor.integration-guide.check]\nsections = []\n"
        ),
    )
    .unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n").unwrap();
    std::fs::write(book.join("src/a.md"), chapter).unwrap();
}

fn check(dir: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .args(["check", "book", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `run = "readonly"` is reported at the `run` key (book.toml:11:3), not
/// at the `[...environments]` header, with the allowed values and a
/// did-you-mean.
#[test]
fn an_invalid_run_value_is_reported_at_its_key_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "  run = \"readonly\"", "# A\n\ntext\n");
    let (code, out) = check(dir.path());
    assert_eq!(code, 2, "{out}");
    let line: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["severity"] == "error")
        .expect("an error");
    assert_eq!(line["file"], "book/book.toml");
    assert_eq!(
        (line["line"].as_u64(), line["column"].as_u64()),
        (Some(11), Some(3))
    );
    assert_eq!(
        line["message"],
        "[preprocessor.integration-guide.environments.staging]: `run` = \"readonly\" is not valid; it must be \"allow\", \"read-only\" or \"deny\" (did you mean \"read-only\"?)"
    );
}

/// A documented JSON response and a capture written into it: the
/// chapter (line 3 holds the tag).
fn shipment(capture: &str, response: &str) -> String {
    format!(
        "# A\n\n<<#api-example method=\"POST\" url=\"{{env:base-url}}/v1/shipments\" status=201 capture=\"{capture}\">>\n```json\n{{\"weight\": 2}}\n```\n\n```{response}\n```\n<</api-example>>\n"
    )
}

fn warnings(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["severity"] == "warning" && l["file"] == "book/src/a.md")
        .collect()
}

/// `check` warns at a capture whose pointer the documented response body
/// does not have (`run` would fail it), with a did-you-mean over the
/// documented pointers; a pointer that is there, or a response that is
/// not JSON, says nothing.
#[test]
fn a_capture_not_in_the_documented_response_is_a_warning_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let response = "json\n{\"shipment_id\": \"S-1\", \"status\": \"new\"}\n";
    book(
        dir.path(),
        "run = \"allow\"",
        &shipment("SHIPMENT_ID=/shipmentId", response),
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 0, "a warning, not an error: {out}");
    let found = warnings(&out);
    assert_eq!(found.len(), 1, "{out}");
    let column =
        "<<#api-example method=\"POST\" url=\"{env:base-url}/v1/shipments\" status=201 capture=\""
            .len()
            + 1;
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(3), Some(column as u64))
    );
    assert_eq!(
        found[0]["message"],
        "`/shipmentId` is not in the documented response body: `run` will fail to capture SHIPMENT_ID"
    );
    assert_eq!(
        found[0]["hint"],
        "did you mean `SHIPMENT_ID=/shipment_id`? The documented response has /shipment_id"
    );

    book(
        dir.path(),
        "run = \"allow\"",
        &shipment("SHIPMENT_ID=/shipment_id", response),
    );
    assert!(warnings(&check(dir.path()).1).is_empty());
    book(
        dir.path(),
        "run = \"allow\"",
        &shipment("SHIPMENT_ID=/shipmentId", "text\ncreated\n"),
    );
    assert!(warnings(&check(dir.path()).1).is_empty());
}
