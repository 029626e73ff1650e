//! End to end for the template shortcodes: `book-example` built with the
//! real mdBook and our binary; assertions on the rendered HTML of each
//! structure, the data-flow SVG parsed as XML, an injection test, the
//! Markdown renderer, and the shipped stylesheet.

use crate::support::{BuiltBook, links_in_main, main_of};

/// Builds the example (edited) and checks that neither mdBook nor the
/// preprocessor warned.
fn build_example(edit: impl FnOnce(&std::path::Path)) -> BuiltBook {
    let (built, log) = crate::support::with_mdbook_log(|| crate::support::build_example(edit));
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    assert_eq!(built.stderr, "", "the preprocessor printed something");
    assert_eq!(log, Vec::<String>::new(), "mdBook logged warnings");
    built
}

/// Every `<svg>...</svg>` inside a `<figure class="integration-guide-flow">`.
fn flow_svgs(html: &str) -> Vec<&str> {
    html.split("<figure class=\"integration-guide-flow\">")
        .skip(1)
        .filter_map(|part| {
            let start = part.find("<svg")?;
            let end = part.find("</svg>")? + "</svg>".len();
            Some(&part[start..end])
        })
        .collect()
}

/// The text of every `<text>` of an SVG (tspans joined with spaces), and
/// the SVG's title and description.
struct Svg {
    texts: Vec<String>,
    title: String,
    desc: String,
    steps: usize,
}

fn parse_svg(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let text_of = |n: roxmltree::Node<'_, '_>| -> String {
        n.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let child = |name: &str| {
        root.children()
            .find(|c| c.tag_name().name() == name)
            .map(text_of)
            .unwrap_or_else(|| panic!("no <{name}> in the SVG"))
    };
    // The accessible name and description are referenced by id.
    let labelled = root.attribute("aria-labelledby").unwrap_or_default();
    for id in labelled.split_whitespace() {
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(id)),
            "aria-labelledby names `{id}`, which is not in the SVG"
        );
    }
    assert_eq!(root.attribute("role"), Some("img"));
    Svg {
        texts: doc
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
            .map(text_of)
            .collect(),
        title: child("title"),
        desc: child("desc"),
        steps: doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("igf-step"))
            .count(),
    }
}

/// A book-example chapter's `data-flow` steps: (from, to, what happens).
fn example_steps(root: &std::path::Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(root.join("src/architecture.md")).unwrap();
    let body = text
        .split_once("<<#data-flow")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .and_then(|(_, rest)| rest.split_once("<</data-flow>>"))
        .map(|(body, _)| body)
        .expect("architecture.md has a data-flow");
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let main = l.split(" | ").next().unwrap_or(l);
            let (from, rest) = main.split_once("->").unwrap();
            let (to, what) = rest.split_once(':').unwrap();
            let what = what.trim();
            let what = what.rsplit_once(" (").map_or(what, |(w, _)| w);
            (
                from.trim_end_matches('-').trim().to_string(),
                to.trim().to_string(),
                what.to_string(),
            )
        })
        .collect()
}

#[test]
fn example_renders_every_template_structure() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    assert_eq!(built.stderr, "", "a clean build prints nothing");

    // Overview: the fact table and the supported data.
    let intro = built.html("introduction.html");
    let main = main_of(&intro);
    for expected in [
        "<tr><th>Aspect</th><th>Details</th></tr>",
        "<tr><td>Systems</td><td>Acme CRM → Globex Billing</td></tr>",
        "<tr><td>Method</td><td>Push, Webhooks, REST</td></tr>",
        "<tr><td>Authentication</td><td>OAuth 2.0 client credentials (bearer token)</td></tr>",
        "<tr><td>Trigger</td><td>A deal moves to the <strong>Closed won</strong> stage</td></tr>",
        "<tr><th>Data type or API</th><th>Details</th></tr>",
        "<tr><td>Deal (as a draft invoice)</td><td><code>POST /v2/invoices</code></td></tr>",
    ] {
        assert!(
            main.contains(expected),
            "introduction.html: {expected}\n{main}"
        );
    }

    // Audience: roles, knowledge and tools.
    let audience = built.html("audience.html");
    let main = main_of(&audience);
    for expected in [
        "<p><strong>Who this guide is for</strong></p>\n<ul>\n<li>System administrators of Acme CRM and Globex Billing</li>",
        "<li>Developers who extend the field mapping</li>",
        "<p><strong>Assumed knowledge</strong></p>",
        "<p><strong>Required tools</strong></p>\n<ul>\n<li><code>curl</code> 7.68 or later</li>",
    ] {
        assert!(main.contains(expected), "audience.html: {expected}\n{main}");
    }

    // Data flow: the headings, the SVG with every participant and step,
    // and the table.
    let arch = built.html("architecture.html");
    let main = main_of(&arch);
    assert!(main.contains("<h3 id=\"data-flow-diagram\">"), "{main}");
    assert!(main.contains("<h3 id=\"step-by-step-data-flow-explanation\">"));
    assert!(main.contains("<figcaption>A closed deal becomes a draft invoice</figcaption>"));
    let svgs = flow_svgs(main);
    // The auth-flow of "Authentication", then the data-flow.
    assert_eq!(svgs.len(), 2, "{main}");
    let auth = parse_svg(svgs[0]);
    assert_eq!(auth.title, "Authentication flow: client-credentials");
    assert_eq!(auth.steps, 4);
    for id in [
        "authentication-flow",
        "step-by-step-authentication-flow",
        "authentication-parameters",
        "token-request",
    ] {
        assert!(main.contains(&format!("<h3 id=\"{id}\">")), "{id}\n{main}");
    }
    assert!(
        main.contains("  --user \"$CLIENT_ID:$CLIENT_SECRET\" \\\n"),
        "{main}"
    );
    assert!(main.contains("<tr><td>Grant type</td><td><code>client_credentials</code></td></tr>"));
    let svg = parse_svg(svgs[1]);
    let steps = example_steps(built.root());
    assert_eq!(steps.len(), 4);
    assert_eq!(svg.steps, steps.len());
    assert_eq!(svg.title, "A closed deal becomes a draft invoice");
    let joined = svg.texts.join("\n");
    for (i, (from, to, what)) in steps.iter().enumerate() {
        for participant in [from, to] {
            assert!(
                svg.texts.iter().any(|t| t == participant),
                "participant {participant} is not in the SVG: {:?}",
                svg.texts
            );
        }
        // Labels may wrap onto several lines: compare without line breaks.
        let flat = joined.replace('\n', " ");
        assert!(
            flat.contains(what.as_str()),
            "step {}: `{what}` is not in the SVG",
            i + 1
        );
        assert!(
            svg.texts.contains(&(i + 1).to_string()),
            "step number {} is not in the SVG",
            i + 1
        );
        assert!(
            svg.desc
                .contains(&format!("{}. {from} to {to}: {what}", i + 1)),
            "{}",
            svg.desc
        );
        assert!(
            main.contains(&format!(
                "<tr><td>{}</td><td>{from}</td><td>{to}</td><td>",
                i + 1
            )),
            "step {} is not in the table",
            i + 1
        );
    }
    assert!(main.contains(
        "<tr><th>Step</th><th>From</th><th>To</th><th>What happens</th><th>Protocol</th><th>Details</th></tr>"
    ));

    // Prerequisites: grouped task lists and the warning.
    let prereq = built.html("prerequisites.html");
    let main = main_of(&prereq);
    let order: Vec<usize> = [
        "accounts-and-permissions",
        "certificates-keys-and-tokens",
        "environment",
        "api-versions-and-platform-requirements",
        "sandbox-and-production",
    ]
    .iter()
    .map(|id| {
        main.find(&format!("<h2 id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no heading {id}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "the template's order"
    );
    assert_eq!(
        main.matches("<li><input disabled=\"\" type=\"checkbox\">")
            .count(),
        7
    );
    assert!(main.contains("<blockquote class=\"blockquote-tag blockquote-tag-warning\">"));
    assert!(main.contains("cannot be undone without revoking every token"));

    // Validation: curl, payload, status with its reason phrase, response,
    // and the status-code table.
    let validation = built.html("validation.html");
    let main = main_of(&validation);
    for expected in [
        "<pre><code class=\"language-sh\">curl --globoff --include --request POST https://sandbox.globex.example/v2/invoices \\\n  --header 'Content-Type: application/json' \\\n  --header 'Idempotency-Key: test-deal-{run:id}' \\\n  --header \"Authorization: Bearer $ACCESS_TOKEN\" \\\n  --data-raw '{",
        "<p><strong>Expected status:</strong> <code>201 Created</code></p>",
        "<p><strong>Expected status:</strong> <code>200 OK</code></p>",
        "<p><strong>Expected response</strong></p>",
        "<tr><th>Code</th><th>Status</th><th>Meaning</th></tr>",
        "<tr><td>429</td><td>Too Many Requests</td><td>",
        "<tr><td>403</td><td>Forbidden</td><td>The API client lacks the <code>invoices:write</code> scope: grant it.</td></tr>",
        "<blockquote class=\"blockquote-tag blockquote-tag-tip\">",
        // Status classes, and the parameters of the spec's operation.
        "<tr><td>4xx</td><td>Client error</td><td>",
        "<tr><td>5xx</td><td>Server error</td><td>",
        "<p><strong>Create invoice parameters</strong></p>",
        "<tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr>",
        "<tr><td><code>Idempotency-Key</code></td><td>header</td><td><code>string</code></td><td>Yes</td>",
        "<tr><td><code>currency</code></td><td>body</td><td><code>string</code></td><td>Yes</td><td>EUR, USD or GBP.</td></tr>",
    ] {
        assert!(
            main.contains(expected),
            "validation.html: {expected}\n{main}"
        );
    }

    // The field map's extra column, conditional rows and expression, and
    // a step's alternatives.
    let acme = built.html("configuration/acme.html");
    let main = main_of(&acme);
    for expected in [
        "<th>Notes</th><th>Example</th></tr>",
        "Constant. When the deal has no currency. Most deals are in euros.</td><td>EUR</td></tr>",
        "<td>When the deal has a currency.</td><td>USD</td></tr>",
        "<td><a href=\"#due-date\">Close date + 30 days</a></td>",
        "<p><span id=\"due-date\"><strong>Close date + 30 days</strong></span></p>",
        "<p><strong>Alternative: In the Acme CRM console</strong></p>",
        "<p><strong>Alternative: With the Acme CRM API</strong></p>",
    ] {
        assert!(
            main.contains(expected),
            "configuration/acme.html: {expected}\n{main}"
        );
    }

    // Troubleshooting: a table, and a definition list for long cells.
    let trouble = built.html("troubleshooting.html");
    let main = main_of(&trouble);
    for expected in [
        "<tr><th>Symptom</th><th>Cause</th><th>Fix</th></tr>",
        "<tr><td>No draft invoice appears</td><td>The webhook is still <strong>Paused</strong></td>",
        "<a href=\"configuration/globex.html#grant-invoice-scope\">Step 2: Grant the invoice scope</a>",
        "<dl>\n<dt",
        "<dd><strong>Cause:</strong> Deal line items carry discounts",
        "<br><strong>Fix:</strong> Map <strong>Discount</strong>",
        "<blockquote class=\"blockquote-tag blockquote-tag-caution\">",
    ] {
        assert!(
            main.contains(expected),
            "troubleshooting.html: {expected}\n{main}"
        );
    }

    // Resources: the five kinds in the template's order, links kept.
    let resources = built.html("resources.html");
    let main = main_of(&resources);
    let titles = [
        "Official product documentation",
        "API references",
        "Internal technical resources",
        "Related workflow guides",
        "Troubleshooting articles",
    ];
    let at: Vec<usize> = titles
        .iter()
        .map(|t| {
            main.find(&format!("<p><strong>{t}</strong></p>\n<ul>"))
                .unwrap_or_else(|| panic!("resources.html: no {t}\n{main}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]));
    let links = links_in_main(&resources);
    assert!(
        links.contains(&"troubleshooting.html".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"https://developer.globex.example/v2".to_string()));

    // Callouts: native alerts, also inside a list item.
    let index = built.html("index.html");
    assert!(main_of(&index).contains("<blockquote class=\"blockquote-tag blockquote-tag-note\">"));
    let arch_main = main_of(&arch);
    let tip = arch_main
        .find("<blockquote class=\"blockquote-tag blockquote-tag-tip\">")
        .expect("a tip in architecture.html");
    let item_start = arch_main[..tip]
        .rfind("<li>")
        .expect("the tip is in a list item");
    assert!(
        !arch_main[item_start..tip].contains("</li>"),
        "the tip is inside the list item"
    );

    // The stylesheet is linked on every page.
    assert!(
        index.contains("href=\"theme/integration-guide-"),
        "the stylesheet is not linked"
    );
    // The print page holds the diagram too, still well-formed.
    let print = built.html("print.html");
    let svgs = flow_svgs(&print);
    assert_eq!(svgs.len(), 2);
    assert_eq!(parse_svg(svgs[0]).steps, 4, "auth-flow");
    assert_eq!(parse_svg(svgs[1]).steps, 4, "data-flow");
}

/// Every attribute and body cell of every template shortcode, holding
/// markup and quotes.
const EVIL: &str = "<script>alert(1)</script>\"'&";

fn injection_chapter() -> String {
    let a = EVIL.replace('"', "\\\""); // inside a double-quoted attribute
    let e = EVIL;
    format!(
        r#"# Injection

<<#integration-overview systems="S{a}" method="push" direction="D{a}" auth="A{a}" trigger="T{a}" interval="I{a}" limitations="L{a}">>
O{e}: E{e}
<</integration-overview>>

<<#audience roles="R{a}, R2{a}" knowledge="K{a}" tools="T{a}">>
role: R3{e}
knowledge: K2{e}
tool: T2{e}
<</audience>>

<<#data-flow title="F{a}" participants="P{a}, Q{a}">>
P{e} -> Q{e}: W{e} (X{e}) | Y{e}
Q{e} --> P{e}: V{e}
Q{e} -> Q{e}: Z{e}
<</data-flow>>

<<#data-flow format="mermaid" title="M{a}">>
P{e} -> Q{e}: W{e} (X{e}) | Y{e}
<</data-flow>>

<<#prerequisites warning="W{a}">>
accounts: A{e}
sandbox: S{e}
<</prerequisites>>

<<#api-example method="POST" url="https://x.example/{a}" headers="X-Evil: H{a}" auth="Bearer {a}" status=201>>
```text
P{e}
```

```json
{{"evil": "{json}"}}
```
<</api-example>>

<<#status-codes>>
201: C{e}
499 N{e}: D{e}
<</status-codes>>

<<#troubleshooting>>
S{e} | C{e} | F{e}
<</troubleshooting>>

<<#troubleshooting layout="list">>
S2{e} | C2{e} | F2{e}
<</troubleshooting>>

<<#resources>>
docs: [L{e}](https://x.example/?q=%22%27) D{e}
api: <https://api.example/> A{e}
<</resources>>
"#,
        json = "<script>alert(1)</script>\\\"'&",
    )
}

#[test]
fn markup_and_quotes_in_every_attribute_and_cell_are_escaped() {
    let built = build_example(|root| {
        std::fs::write(root.join("src/injection.md"), injection_chapter()).unwrap();
        let summary = root.join("src/SUMMARY.md");
        let text = std::fs::read_to_string(&summary).unwrap();
        let text = text.replace(
            "- [Validation](validation.md)",
            "- [Validation](validation.md)\n- [Injection](injection.md)",
        );
        assert!(text.contains("injection.md"));
        std::fs::write(&summary, text).unwrap();
    });
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    assert_eq!(built.stderr, "", "no warning");
    for page in ["injection.html", "print.html"] {
        let html = built.html(page);
        let main = main_of(&html);
        assert!(!main.contains("<script"), "{page}: a raw <script>\n{main}");
        // Every `alert(1)` is inside escaped markup.
        let alerts = main.matches("alert(1)").count();
        let escaped = main
            .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count()
            + main
                .matches("#lt;script#gt;alert(1)#lt;/script#gt;")
                .count()
            // Percent-encoded in a URL's path (the `/` ends a segment).
            + main.matches("%3Cscript%3Ealert(1)%3C/script%3E").count();
        assert_eq!(alerts, escaped, "{page}: unescaped markup\n{main}");
        assert!(escaped >= 40, "{page}: only {escaped} escaped texts");
        // Quotes: the SVG (the one place with our own HTML attributes)
        // is still well-formed, and holds the texts exactly.
        let svg = flow_svgs(main)
            .into_iter()
            .map(parse_svg)
            .find(|svg| svg.title == format!("F{EVIL}"))
            .unwrap_or_else(|| panic!("{page}: no diagram titled F{EVIL}"));
        for expected in [format!("P{EVIL}"), format!("Q{EVIL}")] {
            assert!(svg.texts.contains(&expected), "{:?}", svg.texts);
        }
        let joined = svg.texts.join(" ");
        for expected in [format!("W{EVIL}"), format!("X{EVIL}"), format!("Z{EVIL}")] {
            assert!(joined.contains(&expected), "{joined}");
        }
        assert_eq!(svg.steps, 3);
    }
}

#[test]
fn other_renderers_get_markdown_only() {
    let built = build_example(|root| {
        let path = root.join("book.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n[output.markdown]\n")).unwrap();
    });
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let read = |p: &str| {
        let path = built.root().join("book").join(p);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let md = read("markdown/architecture.md");
    assert!(!md.contains("<svg"), "{md}");
    assert!(!md.contains("<figure"), "{md}");
    assert!(!md.contains("### Data flow diagram"), "{md}");
    assert!(md.contains("### Step-by-step data flow explanation\n\n| Step | From | To | What happens | Protocol | Details |"));
    assert!(
        read("markdown/validation.md")
            .contains("**curl**\n\n```sh\ncurl --globoff --include --request POST")
    );
    assert!(read("markdown/prerequisites.md").contains("- [ ] An Acme CRM account"));
    // The HTML book still has the diagram.
    // auth-flow: the tables and the request, no diagram.
    assert!(!md.contains("### Authentication flow\n"), "{md}");
    assert!(md.contains(
        "### Step-by-step authentication flow\n\n| Step | From | To | What happens | Protocol |"
    ));
    assert!(md.contains(
        "### Token request\n\n**curl**\n\n```sh\ncurl --globoff --include --request POST https://sandbox.globex.example/oauth/token"
    ));
    let html = read("html/architecture.html");
    assert_eq!(flow_svgs(main_of(&html)).len(), 2);
}

#[test]
fn mermaid_format_emits_mdbook_mermaids_pre_element() {
    let built = build_example(|root| {
        let path = root.join("src/architecture.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(
                "<<#data-flow title=",
                "<<#data-flow format=\"mermaid\" title=",
            )
            .replace(
                "<<#auth-flow grant=",
                "<<#auth-flow format=\"mermaid\" grant=",
            ),
        )
        .unwrap();
    });
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let html = built.html("architecture.html");
    let main = main_of(&html);
    assert!(flow_svgs(main).is_empty());
    assert!(
        main.contains("<pre class=\"mermaid\">sequenceDiagram\n    title A closed deal becomes a draft invoice\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex Billing\n    p1-&gt;&gt;p1: the deal moves to Closed won#59; the webhook fires\n    p1-&gt;&gt;p2: find or create the customer (POST /v2/customers)\n"),
        "{main}"
    );
    assert!(main.contains("<tr><th>Step</th><th>From</th>"));
    assert!(
        main.contains("<pre class=\"mermaid\">sequenceDiagram\n    autonumber\n    participant p1 as Acme CRM\n    participant p2 as Globex Billing\n    p1-&gt;&gt;p2: request an access token (POST /oauth/token, grant_type=client_credentials, client_secret_basic)\n"),
        "{main}"
    );
}

#[test]
fn the_example_stylesheet_is_the_shipped_one() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let asset = std::fs::read_to_string(root.join("assets/integration-guide.css")).unwrap();
    let copy =
        std::fs::read_to_string(root.join("book-example/theme/integration-guide.css")).unwrap();
    assert_eq!(
        asset, copy,
        "book-example/theme/integration-guide.css must be a copy of assets/integration-guide.css"
    );
    let first = asset.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "/* mdbook-integration-guide v{} */",
            env!("CARGO_PKG_VERSION")
        ),
        "the stylesheet's version marker"
    );
    for class in [
        ".integration-guide-flow",
        ".igf-actor",
        ".igf-arrow",
        ".igf-badge",
        ".integration-guide-error",
    ] {
        assert!(asset.contains(class), "no style for {class}");
    }
    let toml = std::fs::read_to_string(root.join("book-example/book.toml")).unwrap();
    assert!(toml.contains("additional-css = [\"theme/integration-guide.css\"]"));
}
