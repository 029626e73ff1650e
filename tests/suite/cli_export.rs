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
