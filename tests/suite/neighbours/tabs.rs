//! mdbook-tabs 1.0.5 (issue 19 §8). It replaces `{{#tabs}}` ...
//! `{{#endtabs}}` with multi-line HTML (`<div>`s, blank lines) whose lines
//! carry no block-quote prefix, so it must run before us: then our callout
//! takes its HTML whole into the block quote. In the other order the tabs
//! break out of the callout.

use super::{book, build, install, main_html, order_warnings};

const TOML: &str = "[book]\ntitle = \"Tabs\"\n\n[preprocessor.tabs]\ncommand = \"{mdbook-tabs}\"\n";

const CHAPTER: &str = r#"# Setup

<<#note>>
Pick your system:

{{#tabs }}
{{#tab name="Linux" }}
Run `apt install acme`.
{{#endtab }}
{{#tab name="macOS" }}
Run `brew install acme`.
{{#endtab }}
{{#endtabs }}

After the tabs, still in the note.
<</note>>

{{#tabs }}
{{#tab name="Cloud" }}
<<#config-step id="cloud" title="Connect the cloud tenant">>
1. Open the tenant.
<</config-step>>
{{#endtab }}
{{#endtabs }}
"#;

/// The inside of the page's first `<blockquote>` of a callout kind.
fn callout<'a>(main: &'a str, kind: &str) -> &'a str {
    main.split(&format!(
        "<blockquote class=\"blockquote-tag blockquote-tag-{kind}\">"
    ))
    .nth(1)
    .unwrap_or_else(|| panic!("no {kind} callout in {main}"))
    .split("</blockquote>")
    .next()
    .unwrap()
}

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn tabs_before_us_stay_inside_callouts_and_hold_shortcodes() {
    let dir = book(TOML, &[("setup.md", CHAPTER)]);
    let said = install(dir.path());
    assert!(
        said.contains("added \"tabs\" to `after` in [preprocessor.integration-guide] (mdbook-tabs runs before it)"),
        "{said}"
    );
    assert_eq!(order_warnings(dir.path()), Vec::<String>::new());
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let built = build(dir);
    let main = main_html(&built, "setup.html");
    let note = callout(&main, "note");
    assert!(
        note.contains("<div class=\"mdbook-tabs-container\">"),
        "{note}"
    );
    assert!(
        note.contains("<button class=\"mdbook-tab active\" data-tabname=\"Linux\">Linux</button>"),
        "{note}"
    );
    assert!(
        note.contains("<p>Run <code>apt install acme</code>.</p>"),
        "{note}"
    );
    assert!(
        note.contains("<p>Run <code>brew install acme</code>.</p>"),
        "{note}"
    );
    assert!(
        note.contains("<p>After the tabs, still in the note.</p>"),
        "{note}"
    );
    assert!(!main.contains("{{#tab"), "{main}");
    // A config step inside a tab is expanded there.
    let cloud = main.split("data-tabname=\"Cloud\">").nth(2).unwrap();
    assert!(
        cloud.contains("<h2 id=\"cloud\"><a class=\"header\" href=\"#cloud\">1. Connect the cloud tenant</a></h2>"),
        "{cloud}"
    );

    // Tabs after us: they break out of the callout, and `check` says so.
    let after = toml.replace(
        "after = [\"links\", \"index\", \"tabs\"]",
        "after = [\"links\", \"index\"]\nbefore = [\"tabs\"]",
    );
    assert_ne!(after, toml);
    let dir = book(&after, &[("setup.md", CHAPTER)]);
    assert_eq!(
        order_warnings(dir.path()),
        [
            "book.toml:5:1: [preprocessor.tabs] (mdbook-tabs) runs after [preprocessor.integration-guide] in mdBook's order: tabs inside a callout or config step break out of it: the callout ends at the tabs and the rest of it is shown as a plain paragraph; add \"tabs\" to `after` in [preprocessor.integration-guide] and remove it from `before` there (`mdbook-integration-guide install` does)"
        ]
    );
    let built = build(dir);
    let main = main_html(&built, "setup.html");
    let note = callout(&main, "note");
    assert!(
        !note.contains("After the tabs, still in the note."),
        "{note}"
    );
    // The callout ends inside the tabs; its rest is shown with its `>`s.
    assert!(
        note.contains("<div class=\"mdbook-tabs-container\">\n</div>"),
        "{note}"
    );
    assert!(
        main.contains("&gt; After the tabs, still in the note."),
        "{main}"
    );
}
