//! schema/book-toml.schema.json: the committed file is what
//! `settings::book_toml_schema(registry::declared())` generates from the declarations that
//! validate book.toml, it is a valid draft-07 schema, the example book's and
//! `init`'s book.toml follow it, and it accepts and refuses what the
//! preprocessor and `check` accept and refuse.
//!
//! The generated schema is an insta snapshot like every golden
//! (`tests/golden/cli/book-toml.schema.json.snap`; `INSTA_UPDATE=always
//! cargo test --test suite book_toml_schema::` or `cargo insta review`
//! accepts a change); the committed file is then written with
//! `cargo run -- book-toml-schema > schema/book-toml.schema.json`.

use std::path::Path;

use mdbook_integration_guide::check::options::Options;
use mdbook_integration_guide::registry;
use mdbook_integration_guide::settings::{self, Settings};
use serde_json::{Value, json};

const COMMITTED: &str = "schema/book-toml.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&settings::book_toml_schema(registry::declared()))
        .expect("the schema compiles")
}

fn toml_to_json(text: &str) -> Value {
    toml::from_str(text).expect("valid TOML")
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = settings::schema::book_toml_schema_text(registry::declared());
    // A change of the options shows as an insta diff, accepted as any
    // golden's.
    crate::support::snapshot::assert_golden(
        "tests/golden/cli",
        "book-toml.schema.json",
        None,
        &generated,
    );
    // The file editors fetch (at its raw URL) is the accepted schema.
    let committed = std::fs::read_to_string(root().join(COMMITTED))
        .unwrap()
        .replace("\r\n", "\n");
    assert!(
        committed == generated,
        "{COMMITTED} differs from settings::book_toml_schema(registry::declared()): run `cargo run -- book-toml-schema > {COMMITTED}`"
    );
    // The hidden command prints the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .arg("book-toml-schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), generated);
}

#[test]
fn the_schema_is_a_valid_draft_07_schema_at_its_url() {
    let schema = settings::book_toml_schema(registry::declared());
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(schema["$id"], settings::schema::URL);
    // The URL is the file in this repository (Cargo.toml's `repository`).
    let repo = env!("CARGO_PKG_REPOSITORY").replace("https://github.com/", "");
    assert_eq!(
        settings::schema::URL,
        format!("https://raw.githubusercontent.com/{repo}/main/{COMMITTED}")
    );
}

#[test]
fn the_example_and_the_init_book_toml_follow_the_schema() {
    let validator = validator();
    let example = std::fs::read_to_string(root().join("book-example/book.toml")).unwrap();
    let example = toml_to_json(&example);
    assert!(example.pointer("/preprocessor/integration-guide").is_some());
    assert_eq!(errors(&validator, &example), Vec::<String>::new());

    let init = mdbook_integration_guide::init::text_of(
        "book.toml",
        include_str!("../../templates/init/book.toml"),
        "A guide",
    );
    assert!(init.starts_with(settings::schema::DIRECTIVE));
    assert_eq!(
        errors(&validator, &toml_to_json(&init)),
        Vec::<String>::new()
    );
}

/// How the preprocessor and `check` take a [preprocessor.integration-guide]
/// table: accepted without a warning, or not.
fn accepted(table: &Value) -> bool {
    let config = json!({"preprocessor": {"integration-guide": table}});
    match Settings::from_config(&config) {
        Ok((settings, warnings)) => {
            warnings.is_empty()
                && matches!(Options::from_table(settings.section("check")), Ok((_, w)) if w.is_empty())
        }
        Err(_) => false,
    }
}

#[test]
fn the_schema_agrees_with_the_settings_parser() {
    let validator = validator();
    let cases = [
        json!({}),
        json!({"after": ["links", "index"], "command": "x", "optional": true, "renderers": ["html"], "before": []}),
        json!({"on-error": "warn"}),
        json!({"on-error": "explode"}),
        json!({"on-eror": "warn"}),
        json!({"parties": ["A admin", "Both"]}),
        json!({"parties": "A"}),
        json!({"parties": [""]}),
        json!({"parties": ["A", 1]}),
        json!({"toc": {"depth": 3, "from": 1, "ordered": true, "drafts": "skip"}}),
        json!({"toc": {"depth": 0}}),
        json!({"toc": {"depth": 7}}),
        json!({"toc": {"from": "2"}}),
        json!({"toc": {"ordered": 1}}),
        json!({"toc": {"drafts": "hide"}}),
        json!({"toc": {"dpeth": 2}}),
        json!({"toc": true}),
        json!({"topics": {"label": "Themen:"}}),
        json!({"topics": {"label": ""}}),
        json!({"topics": {"label": 1}}),
        json!({"config-step": {"level": 3, "last-step-link": "checks.md#smoke"}}),
        json!({"config-step": {"level": 7}}),
        json!({"config-step": {"last-step-link": "#x"}}),
        json!({"config-step": {"lvl": 2}}),
        json!({"config-step": 1}),
        json!({"labels": {"procedure": "Vorgehen", "next-step": ""}}),
        json!({"labels": {"procedure": ""}}),
        json!({"labels": {"procedure": false}}),
        json!({"labels": {"procedure": "a\nb"}}),
        json!({"labels": {"procedur": "x"}}),
        json!({"environments": {"default": "sandbox", "sandbox": {"title": "Sandbox", "base-url": "https://s"}, "production": {"title": "Production", "base-url": "https://p"}}}),
        json!({"environments": {"default": "sandbox", "sandbox": {"title": "Sandbox", "base-url": 1}}}),
        json!({"environments": {"default": "sandbox", "sandbox": {"title": " "}}}),
        json!({"environments": {"default": "sandbox", "sandbox": {"title": "S", "a b": "x"}}}),
        json!({"environments": {"default": "sandbox", "sandbox": "https://s"}}),
        json!({"environments": 1}),
        json!({"check": {"sections": ["Introduction"], "broken-anchor": "warning", "section-order": "off"}}),
        json!({"check": {"sections": []}}),
        json!({"check": {"sections": "A"}}),
        json!({"check": {"sections": [1]}}),
        json!({"check": {"broken-anchor": "fatal"}}),
        json!({"check": {"shortcode": "warning"}}),
        json!({"check": {"brokn-anchor": "off"}}),
        json!({"check": 1}),
    ];
    for table in cases {
        let book = json!({"preprocessor": {"integration-guide": table}});
        let valid = validator.is_valid(&book);
        assert_eq!(
            valid,
            accepted(&table),
            "the schema {} {table}, the preprocessor does not agree",
            if valid { "accepts" } else { "refuses" }
        );
    }
}
