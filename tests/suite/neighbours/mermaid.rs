//! mdbook-mermaid 0.17.1 (issue 19 §7). It turns a ```` ```mermaid ````
//! code block into `<pre class="mermaid">` (HTML-escaped text) and leaves
//! everything else alone; it does not handle code blocks inside block
//! quotes. Our `format="mermaid"` diagrams are written in its own form, so
//! mermaid keeps its default place, before us: then a mermaid block a
//! writer puts inside our callout is converted before the callout becomes
//! a block quote.

use super::{book, build, install, main_html, order_warnings};

const TOML: &str = "[book]\ntitle = \"Mermaid\"\n\n[preprocessor.integration-guide]\n\n[preprocessor.mermaid]\ncommand = \"{mdbook-mermaid}\"\n";

const CHAPTER: &str = r#"# Architecture

<<#data-flow format="mermaid" title="Deal <sync>">>
Acme CRM -> Globex ERP: push the deal (HTTPS)
Globex ERP --> Acme CRM: 201 Created
<</data-flow>>

<<#note>>
The same flow, drawn by hand:

```mermaid
graph TD
A --> B
```
<</note>>

- In a list:

  <<#tip>>
  ```mermaid
  graph LR
  C --> D
  ```
  <</tip>>
"#;

/// The `pre.mermaid` elements of a page's `<main>`, their text as written.
pub(super) fn mermaid_pres(main: &str) -> Vec<String> {
    main.split("<pre class=\"mermaid\">")
        .skip(1)
        .map(|rest| rest.split("</pre>").next().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn both_orders_draw_our_diagrams_and_before_us_the_writers_blocks_in_callouts() {
    let dir = book(TOML, &[("architecture.md", CHAPTER)]);
    let said = install(dir.path());
    assert!(
        said.contains("added \"mermaid\" to `after` in [preprocessor.integration-guide] (mdbook-mermaid runs before it)"),
        "{said}"
    );
    assert_eq!(order_warnings(dir.path()), Vec::<String>::new());
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let built = build(dir);
    let main = main_html(&built, "architecture.html");
    assert!(!main.contains("language-mermaid"), "{main}");
    assert_eq!(
        mermaid_pres(&main),
        [
            "sequenceDiagram\n    title Deal #lt;sync#gt;\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex ERP\n    p1-&gt;&gt;p2: push the deal (HTTPS)\n    p2--&gt;&gt;p1: 201 Created\n",
            "graph TD\nA --&gt; B\n",
            "graph LR\nC --&gt; D\n",
        ],
        "{main}"
    );
    // The writer's diagrams are inside their callouts.
    for (kind, diagram) in [("note", "graph TD"), ("tip", "graph LR")] {
        let callout = main
            .split(&format!(
                "<blockquote class=\"blockquote-tag blockquote-tag-{kind}\">"
            ))
            .nth(1)
            .unwrap_or_else(|| panic!("no {kind} callout in {main}"));
        let inside = callout.split("</blockquote>").next().unwrap();
        assert!(inside.contains(diagram), "{kind}: {inside}");
    }

    // Mermaid after us: our diagram still works (mermaid leaves HTML
    // alone), but the writer's block in the callout does not, and `check`
    // says how to fix it.
    let after = toml.replace(
        "after = [\"links\", \"index\", \"mermaid\"]",
        "after = [\"links\", \"index\"]\nbefore = [\"mermaid\"]",
    );
    assert_ne!(after, toml);
    let dir = book(&after, &[("architecture.md", CHAPTER)]);
    let warnings = order_warnings(dir.path());
    assert_eq!(
        warnings,
        [
            "book.toml:9:1: [preprocessor.mermaid] (mdbook-mermaid) runs after [preprocessor.integration-guide] in mdBook's order: a ```mermaid block inside a callout (a block quote once expanded) breaks out of it and is not drawn; add \"mermaid\" to `after` in [preprocessor.integration-guide] and remove it from `before` there (`mdbook-integration-guide install` does)"
        ],
    );
    let built = build(dir);
    let main = main_html(&built, "architecture.html");
    // mdbook-mermaid's span of a block in a block quote takes the `> `
    // of its lines into the diagram and puts the `<pre>` after the quote.
    assert_eq!(
        mermaid_pres(&main),
        [
            "sequenceDiagram\n    title Deal #lt;sync#gt;\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex ERP\n    p1-&gt;&gt;p2: push the deal (HTTPS)\n    p2--&gt;&gt;p1: 201 Created\n",
            "graph TD\n&gt; A --&gt; B\n",
            "graph LR\n  &gt; C --&gt; D\n",
        ],
        "{main}"
    );
    let note = main.split("blockquote-tag-note").nth(1).unwrap();
    assert!(
        !note
            .split("</blockquote>")
            .next()
            .unwrap()
            .contains("graph TD")
    );
}

/// Our diagrams inside a callout and a list item (the golden input
/// `data-flow-mermaid-nested.md`) are drawn in both orders: one HTML block
/// each, inside its container.
#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn our_diagrams_in_callouts_and_lists_work_in_both_orders() {
    let chapter = std::fs::read_to_string(
        crate::support::root().join("tests/golden/data-flow-mermaid-nested.md"),
    )
    .unwrap();
    for ours in [
        "after = [\"links\", \"index\", \"mermaid\"]",
        "after = [\"links\", \"index\"]\nbefore = [\"mermaid\"]",
    ] {
        let toml = TOML.replace(
            "[preprocessor.integration-guide]\n",
            &format!("[preprocessor.integration-guide]\n{ours}\n"),
        );
        let dir = book(&toml, &[("nested.md", &chapter)]);
        let built = build(dir);
        let main = main_html(&built, "nested.html");
        assert_eq!(
            mermaid_pres(&main),
            [
                "sequenceDiagram\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex Billing\n    p1-&gt;&gt;p2: send #36;5 and #36;6\n",
                "sequenceDiagram\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex Billing\n    p1-&gt;&gt;p2: send #quot;deal#quot;\n    p2--&gt;&gt;p1: 201 Created\n",
            ],
            "{ours}: {main}"
        );
        let note = main
            .split("blockquote-tag-note\">")
            .nth(1)
            .unwrap()
            .split("</blockquote>")
            .next()
            .unwrap();
        assert!(note.contains("<pre class=\"mermaid\">"), "{ours}: {note}");
        assert!(note.contains("<table>"), "{ours}: {note}");
        let item = main
            .split("<li>")
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap();
        assert!(item.contains("<pre class=\"mermaid\">"), "{ours}: {item}");
        assert!(!main.contains("language-mermaid"), "{ours}: {main}");
    }
}
