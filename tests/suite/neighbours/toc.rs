//! mdbook-toc 0.15.4 (issue 19 §8). It replaces `<!-- toc -->` with a
//! list of the headings after it in the chapter's Markdown as it receives
//! it, so it must run after us to list the headings our shortcodes
//! generate. With no `before`/`after` of its own it runs in mdBook's first
//! round, before us (which is after `links` and `index`).

use super::{book, build, install, main_html, order_warnings};

const TOML: &str = "[book]\ntitle = \"Toc\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.toc]\ncommand = \"{mdbook-toc}\"\n";

const CHAPTER: &str = r#"# Configuration

<!-- toc -->

<<#config-step id="tenant" title="Prepare the tenant">>
1. Open the tenant.
<</config-step>>

<<#data-flow level=2>>
Acme CRM -> Globex ERP: push the deal
<</data-flow>>

## Written by hand
"#;

/// The list mdbook-toc made: the first `<ul>` of `<main>`.
fn toc_list(main: &str) -> &str {
    let start = main.find("<ul>").expect("a list");
    &main[start..start + main[start..].find("</ul>").unwrap()]
}

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn toc_after_us_lists_the_generated_headings() {
    // mdBook's default order: toc before us, the list has only the
    // heading written by hand; `check` says what to set.
    let dir = book(TOML, &[("configuration.md", CHAPTER)]);
    assert_eq!(
        order_warnings(dir.path()),
        [
            "book.toml:7:1: [preprocessor.toc] (mdbook-toc) runs before [preprocessor.integration-guide] in mdBook's order: its `<!-- toc -->` list has none of the headings the shortcodes generate; add \"toc\" to `before` in [preprocessor.integration-guide] (`mdbook-integration-guide install` does)"
        ]
    );
    let built = build(dir);
    let main = main_html(&built, "configuration.html");
    assert_eq!(
        toc_list(&main),
        "<ul>\n<li><a href=\"#written-by-hand\">Written by hand</a></li>\n",
        "{main}"
    );

    // In install's order, it lists them all, with the ids mdBook gives them.
    let dir = book(TOML, &[("configuration.md", CHAPTER)]);
    let said = install(dir.path());
    assert!(
        said.contains("added \"toc\" to `before` in [preprocessor.integration-guide] (mdbook-toc runs after it)"),
        "{said}"
    );
    assert_eq!(order_warnings(dir.path()), Vec::<String>::new());
    let built = build(dir);
    let main = main_html(&built, "configuration.html");
    let list = toc_list(&main);
    for (id, text) in [
        ("tenant", "1. Prepare the tenant"),
        ("data-flow-diagram", "Data flow diagram"),
        (
            "step-by-step-data-flow-explanation",
            "Step-by-step data flow explanation",
        ),
        ("written-by-hand", "Written by hand"),
    ] {
        assert!(
            list.contains(&format!("<a href=\"#{id}\">{text}</a>")),
            "{id}: {list}"
        );
        assert!(
            main.contains(&format!(" id=\"{id}\"")),
            "no heading {id}: {main}"
        );
    }
}

/// What works inside what: mdbook-toc's list lines carry no `> `, so a
/// `<!-- toc -->` inside a callout (a block quote once expanded) keeps
/// only the list's first line in the callout (the README says so); our
/// `<<#toc>>` inside a callout stays whole.
#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn in_a_callout_use_our_toc() {
    let chapter = "# A\n\n<<#note>>\nOn this page:\n\n<!-- toc -->\n<</note>>\n\n<<#tip>>\nAlso on this page:\n\n<<#toc>>\n<</tip>>\n\n## One\n\n## Two\n";
    let dir = book(TOML, &[("a.md", chapter)]);
    install(dir.path());
    let built = build(dir);
    let main = main_html(&built, "a.html");
    let inside = |kind: &str| {
        main.split(&format!("blockquote-tag-{kind}\">"))
            .nth(1)
            .unwrap()
            .split("</blockquote>")
            .next()
            .unwrap()
            .to_string()
    };
    let note = inside("note");
    assert!(note.contains("<a href=\"#one\">One</a>"), "{note}");
    assert!(!note.contains("<a href=\"#two\">Two</a>"), "{note}");
    let tip = inside("tip");
    assert!(tip.contains("<a href=\"#one\">One</a>"), "{tip}");
    assert!(tip.contains("<a href=\"#two\">Two</a>"), "{tip}");
}
