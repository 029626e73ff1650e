//! Several integration guides in one book (issue 16, `guides` in
//! book.toml): the fixture books `tests/data/guides-parts` (two guides in
//! SUMMARY.md parts, a prefix and a suffix chapter) and
//! `tests/data/guides-chapters` (`guides = "chapters"`) built by the real
//! mdBook; `check` on them; the errors, in-process.
//!
//! The expanded Markdown of both books is snapshotted in
//! `tests/golden/guides/` (`INSTA_UPDATE=always cargo test --test suite
//! guides::` rewrites it).

use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_integration_guide::book::Chapter;
use mdbook_integration_guide::settings::Settings;
use serde_json::json;

use crate::support::snapshot::assert_golden;
use crate::support::{
    BIN, BuiltBook, build_dir, chapter, copy_tree, expand_book, main_of, settings,
};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A fixture book copied to a temporary directory and built by mdBook.
fn build(name: &str) -> BuiltBook {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&data(name), dir.path());
    let built = build_dir(dir);
    assert!(built.result.is_ok(), "{:?}\n{}", built.result, built.stderr);
    assert!(!built.stderr.contains("error"), "{}", built.stderr);
    built
}

/// The text of the `<table>` of a page's `<main>`.
fn table(html: &str) -> &str {
    let main = main_of(html);
    let start = main.find("<table").expect("a table");
    let end = main[start..].find("</table>").expect("table end") + start;
    &main[start..end]
}

/// Every `href` in `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split_once('"').map(|(h, _)| h.to_string()))
        .collect()
}

/// Each link of `page` in `hrefs` reaches a page of the built book, and
/// an element with its anchor there.
fn assert_links_resolve(book: &BuiltBook, page: &str, links: &[String]) {
    let dir = Path::new(page).parent().unwrap_or(Path::new(""));
    for link in links {
        let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
        let target = if path.is_empty() {
            page.to_string()
        } else {
            dir.join(path).to_string_lossy().replace('\\', "/")
        };
        let html = book.html(&target);
        if !anchor.is_empty() {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{page}: {link}: no id `{anchor}` in {target}"
            );
        }
    }
}

#[test]
fn two_guides_in_parts_built_by_mdbook() {
    let book = build("guides-parts");

    // Numbering restarts in each guide.
    let sf = book.html("salesforce/configuration.html");
    let hs = book.html("hubspot/configuration.html");
    assert!(
        sf.contains(">1. Create the connected app</a>"),
        "{}",
        main_of(&sf)
    );
    assert!(sf.contains(">2. Connect SAP</a>"));
    assert!(
        hs.contains(">1. Create a private app</a>"),
        "{}",
        main_of(&hs)
    );
    assert!(hs.contains(">2. Subscribe to deal events</a>"));

    // Each workflow table lists its own guide's steps, with working links.
    let sf_table = book.html("salesforce/workflow.html");
    let sf_links = hrefs(table(&sf_table));
    assert_eq!(
        sf_links,
        [
            "configuration.html#sf-create-client",
            "configuration.html#sf-connect-sap"
        ]
    );
    assert_links_resolve(&book, "salesforce/workflow.html", &sf_links);
    let hs_table = book.html("hubspot/workflow.html");
    let hs_links = hrefs(table(&hs_table));
    assert_eq!(
        hs_links,
        [
            "configuration.html#hs-create-app",
            "configuration.html#hs-webhook"
        ]
    );
    assert_links_resolve(&book, "hubspot/workflow.html", &hs_links);

    // "What to do next" chains within the guide; the last step of guide 1
    // links to guide 1's Validation, not into the next guide.
    assert!(sf.contains("Continue with <a href=\"#sf-connect-sap\">Step 2: Connect SAP</a>."));
    assert!(
        sf.contains("Continue with <a href=\"validation.html\">Validation</a>."),
        "{}",
        main_of(&sf)
    );
    assert!(!sf.contains("hs-create-app"));
    // Guide 2 has no Validation: its last step has no "What to do next"
    // (never guide 1's Validation).
    assert!(!hs.contains("salesforce/validation.html"));

    // A step-ref to another guide names it, and resolves.
    let cross = "<a href=\"../salesforce/configuration.html#sf-connect-sap\">Salesforce to SAP, step 2: Connect SAP</a>";
    assert!(hs.contains(cross), "{}", main_of(&hs));
    assert_links_resolve(
        &book,
        "hubspot/configuration.html",
        &["../salesforce/configuration.html#sf-connect-sap".to_string()],
    );

    // toc scope="guide" lists the guide's chapters; scope="book" shows
    // the guides (parts) as groups.
    let guide_toc = hrefs(main_of(&sf_table));
    assert!(guide_toc.contains(&"validation.html".to_string()));
    assert!(!guide_toc.iter().any(|l| l.contains("hubspot")));
    let intro = book.html("intro.html");
    let main = main_of(&intro);
    let (sf_at, hs_at) = (
        main.find("<strong>Salesforce to SAP</strong>")
            .expect("guide 1"),
        main.find("<strong>HubSpot to SAP</strong>")
            .expect("guide 2"),
    );
    assert!(sf_at < main.find("salesforce/workflow.html").unwrap());
    assert!(hs_at < main.find("hubspot/workflow.html").unwrap());
}

#[test]
fn one_guide_per_top_level_chapter_built_by_mdbook() {
    let book = build("guides-chapters");
    for g in ["acme", "globex"] {
        let html = book.html(&format!("{g}/configuration.html"));
        assert!(html.contains(">1. Create the "), "{g}: {}", main_of(&html));
        assert!(html.contains(">2. Connect "), "{g}");
        // Each guide's last step: its own Validation.
        assert!(
            html.contains("Continue with <a href=\"validation.html\">Validation</a>."),
            "{g}: {}",
            main_of(&html)
        );
        let index = book.html(&format!("{g}/index.html"));
        let links = hrefs(table(&index));
        assert_eq!(
            links,
            [
                format!("configuration.html#{g}-client"),
                format!("configuration.html#{g}-connect")
            ]
        );
        assert_links_resolve(&book, &format!("{g}/index.html"), &links);
    }
    // scope="book": each guide's title before its chapters.
    let intro = book.html("intro.html");
    let main = main_of(&intro);
    let acme = main.find("<strong>Acme CRM</strong>").expect("guide 1");
    let globex = main
        .find("<strong>Globex Billing</strong>")
        .expect("guide 2");
    assert!(acme < main.find("acme/index.html").unwrap());
    assert!(globex < main.find("globex/index.html").unwrap() && globex > acme);
}

fn check(book: &str) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .arg("check")
        .arg(format!("tests/data/{book}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_reports_the_missing_section_of_guide_two_only() {
    let (code, out) = check("guides-parts");
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.starts_with("tests/data/guides-parts/src/SUMMARY.md:14:3: error[missing-section]: required section `Validation` is missing in the guide \"HubSpot to SAP\"\n"),
        "{out}"
    );
    assert!(!out.contains("Salesforce to SAP"), "{out}");
    assert!(
        out.ends_with("found 1 error and 0 warnings in `tests/data/guides-parts` (7 chapters)\n"),
        "{out}"
    );
    let (code, out) = check("guides-chapters");
    assert_eq!(code, Some(0), "{out}");
}

/// The chapters of a fixture book in memory, as mdBook would pass them:
/// (path, name, depth, number, part).
/// A chapter's place in SUMMARY.md: (path, name, depth, number, part).
type Entry<'a> = (&'a str, &'a str, usize, Option<u32>, Option<&'a str>);

fn fixture(name: &str, layout: &[Entry<'_>]) -> Vec<Chapter> {
    layout
        .iter()
        .map(|&(path, title, depth, number, part)| Chapter {
            name: title.to_string(),
            depth,
            number: number.map(|n| vec![n]),
            part: part.map(str::to_string),
            ..chapter(
                path,
                &std::fs::read_to_string(data(name).join("src").join(path)).unwrap(),
            )
        })
        .collect()
}

fn parts_book() -> Vec<Chapter> {
    fixture(
        "guides-parts",
        &[
            ("intro.md", "Introduction", 0, None, None),
            (
                "salesforce/workflow.md",
                "Integration workflow",
                0,
                Some(1),
                Some("Salesforce to SAP"),
            ),
            (
                "salesforce/configuration.md",
                "Configuration",
                0,
                Some(2),
                None,
            ),
            ("salesforce/validation.md", "Validation", 0, Some(3), None),
            (
                "hubspot/workflow.md",
                "Integration workflow",
                0,
                Some(4),
                Some("HubSpot to SAP"),
            ),
            (
                "hubspot/configuration.md",
                "Configuration",
                0,
                Some(5),
                None,
            ),
            ("glossary.md", "Glossary", 0, None, None),
        ],
    )
}

fn parts_settings(extra: serde_json::Value) -> Settings {
    let mut table = json!({
        "guides": "parts",
        "parties": ["Salesforce admin", "SAP admin"],
        "guide": {"hubspot-to-sap": {"parties": ["HubSpot admin", "SAP admin"]}}
    });
    if let (Some(t), Some(e)) = (table.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            t.insert(k.clone(), v.clone());
        }
    }
    settings(json!({"preprocessor": {"integration-guide": table}}))
}

fn snapshot(name: &str, chapters: &[Chapter], outputs: &[String]) {
    let text: String = chapters
        .iter()
        .zip(outputs)
        .map(|(c, out)| format!("=== {}\n{out}", c.path.as_deref().unwrap_or("")))
        .collect();
    assert_golden("tests/golden/guides", name, None, &text);
}

#[test]
fn expanded_markdown_of_both_books() {
    let mut chapters = parts_book();
    let out = expand_book(&mut chapters, &parts_settings(json!({}))).unwrap();
    snapshot("parts", &chapters, &out);

    let mut chapters = fixture(
        "guides-chapters",
        &[
            ("intro.md", "Introduction", 0, None, None),
            ("acme/index.md", "Acme CRM", 0, Some(1), None),
            ("acme/configuration.md", "Configuration", 1, Some(1), None),
            ("acme/validation.md", "Validation", 1, Some(2), None),
            ("globex/index.md", "Globex Billing", 0, Some(2), None),
            ("globex/configuration.md", "Configuration", 1, Some(1), None),
            ("globex/validation.md", "Validation", 1, Some(2), None),
        ],
    );
    let settings = settings(json!({"preprocessor": {"integration-guide": {"guides": "chapters"}}}));
    let out = expand_book(&mut chapters, &settings).unwrap();
    snapshot("chapters", &chapters, &out);
}

#[test]
fn the_default_is_one_guide_for_the_whole_book() {
    // The same book without `guides`: steps numbered 1 to 4 across parts,
    // one table of every step, and the HubSpot parties unknown.
    let mut chapters = parts_book();
    let settings = settings(json!({"preprocessor": {"integration-guide": {
        "parties": ["Salesforce admin", "SAP admin", "HubSpot admin"]
    }}}));
    let out = expand_book(&mut chapters, &settings).unwrap();
    assert!(out[5].contains("## 3. Create a private app {#hs-create-app}"));
    assert!(out[5].contains("## 4. Subscribe to deal events"));
    assert!(out[4].contains("hs-webhook") && out[4].contains("sf-create-client"));
    assert!(out[2].contains("Continue with [Step 3: Create a private app]"));
}

#[test]
fn a_config_step_outside_every_guide_is_an_error() {
    let mut chapters = parts_book();
    chapters[6]
        .content
        .push_str("\n<<#config-step title=\"Stray\">>\n1. Do it.\n<</config-step>>\n");
    let errors = expand_book(&mut chapters, &parts_settings(json!({}))).unwrap_err();
    assert_eq!(
        errors,
        [
            "src/glossary.md:5:1: error: config steps must be inside a guide [this chapter belongs to no guide (a prefix or suffix chapter); move the step into a chapter of a SUMMARY.md part (after a `# Title` line)]"
        ]
    );
}

#[test]
fn per_guide_options_and_their_errors() {
    // A per-guide last-step-link and parties.
    let mut chapters = parts_book();
    let settings = parts_settings(json!({"guide": {
        "hubspot-to-sap": {"last-step-link": "glossary.md", "parties": ["HubSpot admin", "SAP admin"]}
    }}));
    let out = expand_book(&mut chapters, &settings).unwrap();
    assert!(
        out[5].contains("Continue with [Glossary](../glossary.md)."),
        "{}",
        out[5]
    );
    assert!(out[2].contains("Continue with [Validation](validation.md)."));

    // Without the guide's own parties, `HubSpot admin` is unknown there.
    let mut chapters = parts_book();
    let settings = parts_settings(json!({"guide": {}}));
    let errors = expand_book(&mut chapters, &settings).unwrap_err();
    assert!(
        errors[0].starts_with("src/hubspot/configuration.md:3:")
            && errors[0].contains("unknown party `HubSpot admin` in the guide \"HubSpot to SAP\""),
        "{errors:?}"
    );

    // A per-guide table that names no guide.
    let mut chapters = parts_book();
    let settings = parts_settings(json!({"guide": {
        "hubspot-to-sap": {"parties": ["HubSpot admin", "SAP admin"]},
        "salesforce-sap": {"last-step-link": "glossary.md"}
    }}));
    let errors = expand_book(&mut chapters, &settings).unwrap_err();
    assert_eq!(
        errors,
        [
            "src/salesforce/workflow.md:1:1: error: book.toml: [preprocessor.integration-guide.guide.salesforce-sap] names no guide [did you mean `salesforce-to-sap`? (a guide's id is its title's slug)]"
        ]
    );

    // An unknown `guides` value.
    let err = Settings::from_config(
        &json!({"preprocessor": {"integration-guide": {"guides": "chapter"}}}),
    )
    .unwrap_err();
    assert!(
        err.contains("guides = \"chapter\" is not valid; did you mean \"chapters\"?"),
        "{err}"
    );
}

#[test]
fn two_guides_with_one_id_are_shown_at_both_places() {
    let mut chapters = parts_book();
    chapters[4].part = Some("Salesforce to SAP!".into());
    let errors = expand_book(&mut chapters, &parts_settings(json!({"guide": {}}))).unwrap_err();
    assert!(
        errors.contains(&"src/hubspot/workflow.md:1:1: error: two guides have the id `salesforce-to-sap`: \"Salesforce to SAP\" and \"Salesforce to SAP!\" [a guide's id is its title's slug: give one of the two guides another title (step ids, tables and book.toml's per-guide tables need one guide per id)] (note: the first guide with this id at src/salesforce/workflow.md:1:1)".to_string()),
        "{errors:#?}"
    );

    // `check` shows them at the part titles in SUMMARY.md.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&data("guides-parts"), dir.path());
    let summary = dir.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary)
        .unwrap()
        .replace("# HubSpot to SAP", "# Salesforce to SAP!");
    std::fs::write(&summary, text).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        std::fs::read_to_string(dir.path().join("book.toml"))
            .unwrap()
            .replace("guide.hubspot-to-sap", "guide.salesforce-to-sap"),
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .arg(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    let expected = "src/SUMMARY.md:11:1: error[shortcode]: two guides have the id `salesforce-to-sap`: \"Salesforce to SAP\" and \"Salesforce to SAP!\"";
    assert!(out.contains(expected), "{out}");
    assert!(out.contains("src/SUMMARY.md:5:1"), "{out}");
    assert_eq!(out.matches("two guides have the id").count(), 1, "{out}");
}

#[test]
fn check_holds_each_workflow_table_to_its_own_guide() {
    // HubSpot's table written by hand with Salesforce's steps: both of
    // HubSpot's steps are missing from it, and Salesforce's are not
    // counted as missing.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&data("guides-parts"), dir.path());
    std::fs::write(
        dir.path().join("src/hubspot/workflow.md"),
        "# Integration workflow\n\n<<#workflow-table>>\n- SAP admin | <<#step-ref sf-create-client>> | Wrong guide.\n- SAP admin | <<#step-ref sf-connect-sap>> | Wrong guide.\n<</workflow-table>>\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .arg(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("error[workflow-missing-step]"))
        .collect();
    assert_eq!(missing.len(), 2, "{out}");
    assert!(missing[0].ends_with(
        "src/hubspot/configuration.md:3:1: error[workflow-missing-step]: config step 1 `Create a private app` in the guide \"HubSpot to SAP\" is not in the workflow table"
    ), "{out}");
    assert!(
        missing[1]
            .contains("config step 2 `Subscribe to deal events` in the guide \"HubSpot to SAP\"")
    );
}

#[test]
fn toc_of_a_guide() {
    // Outside every guide it is an error.
    let mut chapters = parts_book();
    chapters[0].content.push_str("\n<<#toc scope=\"guide\">>\n");
    let errors = expand_book(&mut chapters, &parts_settings(json!({}))).unwrap_err();
    assert_eq!(
        errors,
        [
            "src/intro.md:7:15: error: `toc scope=\"guide\"` stands in a chapter that belongs to no guide [move it into a guide's chapters, or use scope=\"book\"]"
        ]
    );
    // In a book that is one guide, the guide is the book.
    let mut chapters = parts_book();
    let settings = settings(json!({"preprocessor": {"integration-guide": {
        "parties": ["Salesforce admin", "SAP admin", "HubSpot admin"]
    }}}));
    let book_wide = expand_book(&mut chapters.clone(), &settings).unwrap();
    chapters[0].content = chapters[0]
        .content
        .replace("scope=\"book\"", "scope=\"guide\"");
    let guide_wide = expand_book(&mut chapters, &settings).unwrap();
    assert_eq!(book_wide[0], guide_wide[0]);
}

#[test]
fn check_shows_a_table_that_names_no_guide_in_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&data("guides-parts"), dir.path());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("guide.hubspot-to-sap]", "guide.hubspot-sap]");
    std::fs::write(&toml, text).unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .arg(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains("book.toml:13:1: error[config]: [preprocessor.integration-guide.guide.hubspot-sap] names no guide\n"),
        "{out}"
    );
    assert!(
        out.contains("= help: did you mean `hubspot-to-sap`?"),
        "{out}"
    );
    assert_eq!(out.matches("names no guide").count(), 1, "{out}");
}
