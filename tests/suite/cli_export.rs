//! `mdbook-integration-guide export`: what a writer who runs it wrong is
//! told (the formats themselves: export_runners, export_schemas).

use std::process::{Command, Output};

use crate::support::BIN;

const BOOK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/export/two-guides");

fn export(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("export")
        .arg(BOOK)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_unknown_environment_is_named_with_the_closest() {
    let o = export(&[
        "--env", "sandbx", "--format", "postman", "--guide", "billing",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: unknown environment `sandbx` (book.toml: [preprocessor.integration-guide.environments]); did you mean `sandbox`?\n"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_book_of_several_guides_needs_guide() {
    let o = export(&["--env", "local", "--format", "http"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: the book has 2 guides: choose one with --guide (billing, payroll)\n"
    );
    let o = export(&["--env", "local", "--format", "http", "--guide", "payrol"]);
    assert_eq!(
        stderr(&o),
        "error: no guide `payrol`: did you mean `payroll`?\n"
    );
}

#[test]
fn a_guide_without_requests_says_so() {
    let o = export(&["--env", "local", "--format", "hurl", "--guide", "payroll"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: the guide `payroll` has no requests to export (its `api-example` and `auth-flow` tags)\n"
    );
}

/// `<<#downloads>>` in a guide without requests is an error at the tag
/// saying what it offers (it never shows empty links).
#[test]
fn downloads_without_requests_is_an_error_at_the_tag() {
    let errors = crate::support::errors("# Validation\n\n<<#downloads>>\n");
    assert_eq!(
        errors,
        vec![
            "src/chapter.md:3:1: error: this guide has no requests to download [`downloads` offers the guide's `api-example` and `auth-flow` requests; add one, or remove `<<#downloads>>`]"
        ]
    );
}

fn schema(file: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export")
        .join(file);
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&value).unwrap()
}

/// The example book exported: a valid Postman collection on stdout with
/// its requests in reading order, and an Arazzo document whose source
/// descriptions resolve from the file's folder (the book's spec, the
/// generated description beside it).
#[test]
fn the_example_book_exports_to_valid_files() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/book-example");
    let o = Command::new(BIN)
        .args(["export", example, "--env", "sandbox", "--format", "postman"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let collection: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = schema("postman-collection-v2.1.0-draft-07.json")
        .iter_errors(&collection)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<&str> = collection["item"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["item"].as_array().unwrap())
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "client-credentials token request",
            "GET /v2/customers",
            "POST /v2/invoices",
            "GET /v2/invoices/$INVOICE_NUMBER",
            "POST /v2/invoices"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ci").join("acme.arazzo.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = Command::new(BIN)
        .args([
            "export", example, "--env", "sandbox", "--format", "arazzo", "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let errors: Vec<String> = schema("arazzo-1.0-schema-2024-08-01.json")
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for source in doc["sourceDescriptions"].as_array().unwrap() {
        let url = source["url"].as_str().unwrap();
        assert!(
            out.parent().unwrap().join(url).is_file(),
            "{url} does not resolve from {}",
            out.display()
        );
    }
}

/// A one-guide book's exports are named after its title (`[book] title`,
/// as mdBook makes a heading id), by `export` and by `<<#downloads>>`
/// alike; a book without a title after its folder.
#[test]
fn a_one_guide_export_is_named_after_the_book_title() {
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(BIN)
        .args(["init", "my-folder", "--title", "Acme CRM to Globex"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let book = dir.path().join("my-folder");
    let export = |book: &std::path::Path| {
        let o = Command::new(BIN)
            .arg("export")
            .arg(book)
            .args(["--env", "sandbox", "--format", "postman"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let collection = export(&book);
    assert_eq!(collection["info"]["name"], "Acme CRM to Globex");
    let about = collection["info"]["description"].as_str().unwrap();
    assert!(about.contains("`acme-crm-to-globex`"), "{about}");

    // <<#downloads>> names its files the same way.
    let validation = book.join("src/validation.md");
    let text = std::fs::read_to_string(&validation).unwrap();
    std::fs::write(&validation, format!("{text}\n<<#downloads>>\n")).unwrap();
    let copy = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&book, copy.path());
    let built = crate::support::build_dir(copy);
    assert_eq!(built.result, Ok(()), "{}", built.stderr);
    let html = built.html("validation.html");
    assert!(
        html.contains("download=\"acme-crm-to-globex-sandbox.postman_collection.json\""),
        "{html}"
    );

    // Without a title: the folder's name.
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let untitled: String = toml
        .lines()
        .filter(|l| !l.starts_with("title = \"Acme"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(untitled, toml);
    std::fs::write(book.join("book.toml"), untitled).unwrap();
    let collection = export(&book);
    let about = collection["info"]["description"].as_str().unwrap();
    assert!(about.contains("`my-folder`"), "{about}");
}
