//! Property: any attribute or body-cell text, rendered into each inline
//! context a shortcode emits (heading, link text, table cell, list item,
//! paragraph, SVG text), shows the same visible text in mdBook's HTML and
//! never creates an element, a link, a table column or a heading attribute
//! (generated headings: a config step's, a field map's title, an
//! environment value in a writer's heading). Texts are drawn from
//! an alphabet of what HTML and Markdown read as syntax at the start of a
//! line, in a table or in a heading (`< > & " ' | # - + = . ) { } :`),
//! without Markdown's inline formatting characters (`* _ ` [ ] \ ~`),
//! whose rendering is the writer's intent, not a leak. Each case is a real
//! `mdbook build` (mdbook-driver with our binary).

use std::collections::BTreeSet;

use proptest::prelude::*;

/// The attribute form of a text: `"` and `\` escaped.
fn attr(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The body-cell form of a text: `|` separates cells, so it is `\|`; a
/// leading list marker is the body's own syntax (a line may be written as
/// a list item), so a text that starts with one escapes it.
fn cell(text: &str) -> String {
    // A body line's leading white space is not part of its cell.
    let text = text.trim_start().replace('|', "\\|");
    let bullet = regex::Regex::new(r"^[-+*]( |$)").unwrap();
    let ordered = regex::Regex::new(r"^([0-9]{1,9})([.)]( |$))").unwrap();
    if bullet.is_match(&text) {
        format!("\\{text}")
    } else {
        ordered.replace(&text, "$1\\$2").into_owned()
    }
}

/// What a reader sees of an HTML fragment: tags removed, the character
/// references HTML writers use decoded, white space collapsed.
fn visible(html: &str) -> String {
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let text = tags
        .replace_all(html, " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    normalize(&text)
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element names of a page's main content.
fn elements(html: &str) -> BTreeSet<String> {
    let open = regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9]*)").unwrap();
    open.captures_iter(html)
        .map(|c| c[1].to_lowercase())
        .collect()
}

fn capture<'h>(html: &'h str, pattern: &str) -> &'h str {
    let re = regex::Regex::new(pattern).unwrap();
    re.captures(html).and_then(|c| c.get(1)).map_or_else(
        || panic!("no match for {pattern} in\n{html}"),
        |m| m.as_str(),
    )
}

fn chapter(i: usize, text: &str) -> String {
    let (a, c) = (attr(text), cell(text));
    format!(
        "# Case {i}\n\n\
<<#config-step id=\"s{i}\" title=\"{a}\" party=\"{a}\" summary=\"{a}\">>\n1. Do it.\n<</config-step>>\n\n\
REF <<#step-ref s{i}>> END\n\n\
<<#prerequisites>>\naccounts: {c}\n<</prerequisites>>\n\n\
<<#troubleshooting layout=\"list\">>\n{c} | {c} | Fix\n<</troubleshooting>>\n\n\
<<#data-flow>>\nAlpha -> Beta: {c}\n<</data-flow>>\n\n\
<<#field-map title=\"{a}\" level=3>>\nA -> B\n<</field-map>>\n\n\
### Host <<#env h{i}>>\n"
    )
}

/// A text as a TOML basic string's content.
fn toml_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The attributes and the inner HTML of every `<h3>` of a page.
fn h3s(main: &str) -> Vec<(String, String)> {
    regex::Regex::new(r"(?s)<h3([^>]*)>(.*?)</h3>")
        .unwrap()
        .captures_iter(main)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// Builds a book of one chapter per text (the first a benign text, the
/// reference for which elements a page has) and checks every context.
fn check(texts: &[String]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    let mut all = vec!["Plain words".to_string()];
    all.extend(texts.iter().cloned());
    // Each text is also an environment value, shown in a heading.
    let values: String = all
        .iter()
        .enumerate()
        .map(|(i, t)| format!("h{i} = \"{}\"\n", toml_string(t)))
        .collect();
    std::fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = \"Escaping\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.environments]\ndefault = \"e\"\n\n[preprocessor.integration-guide.environments.e]\ntitle = \"E\"\n{values}\n[output.html]\nsmart-punctuation = false\ndefinition-lists = true\n"),
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n- [Workflow](wf.md)\n");
    for (i, text) in all.iter().enumerate() {
        std::fs::write(root.join(format!("src/c{i}.md")), chapter(i, text)).unwrap();
        summary.push_str(&format!("- [Case {i}](c{i}.md)\n"));
    }
    std::fs::write(root.join("src/SUMMARY.md"), summary).unwrap();
    std::fs::write(
        root.join("src/wf.md"),
        "# Workflow\n\n<<#workflow-table>>\n",
    )
    .unwrap();
    let built = crate::support::build_dir(dir);
    prop_assert_eq!(&built.result, &Ok(()), "stderr:\n{}", built.stderr);

    let reference = elements(crate::support::main_of(&built.html("c0.html")));
    let only_id = regex::Regex::new(r#"^ id="[^"]*"$"#).unwrap();
    let workflow = built.html("wf.html");
    let workflow = crate::support::main_of(&workflow);
    for (i, text) in all.iter().enumerate() {
        let want = normalize(text);
        let html = built.html(&format!("c{i}.html"));
        let main = crate::support::main_of(&html);
        let number = i + 1;
        // No element the benign page does not have.
        let extra: Vec<_> = elements(main).difference(&reference).cloned().collect();
        prop_assert!(
            extra.is_empty(),
            "{:?}: new elements {:?}\n{}",
            text,
            extra,
            main
        );

        // Heading: `N. Title`, one link (the heading's own anchor).
        let heading = capture(main, &format!(r#"(?s)<h2 id="s{i}"[^>]*>(.*?)</h2>"#));
        prop_assert_eq!(
            visible(heading),
            format!("{number}. {want}"),
            "heading of {:?}",
            text
        );
        prop_assert_eq!(heading.matches("<a ").count(), 1, "heading {}", heading);
        prop_assert!(
            main.contains(&format!("<h2 id=\"s{i}\">")),
            "heading attributes of {:?}: {}",
            text,
            main
        );

        // Generated headings: the field map's title, and the environment
        // value in the writer's heading: the text as written, an id and
        // nothing else (no attribute block read from the text, no closing
        // `#` dropped).
        let headings = h3s(main);
        prop_assert_eq!(headings.len(), 2, "h3s of {:?}: {}", text, main);
        for ((attrs, inner), want) in headings.iter().zip([want.clone(), format!("Host {want}")]) {
            prop_assert!(
                only_id.is_match(attrs),
                "attributes {:?} of {:?}",
                attrs,
                text
            );
            prop_assert_eq!(visible(inner), want, "heading of {:?}", text);
        }

        // Link text: one link, to the step.
        let link = capture(main, r"(?s)REF (.*?) END");
        prop_assert_eq!(
            visible(link),
            format!("Step {number}: {want}"),
            "link of {:?}",
            text
        );
        prop_assert_eq!(link.matches("<a ").count(), 1, "link {}", link);
        prop_assert!(link.contains(&format!("href=\"#s{i}\"")), "link {}", link);

        // List item: one item, the text after the checkbox.
        let list = capture(
            main,
            r"(?s)Accounts and permissions</strong></p>\s*(<ul.*?</ul>)",
        );
        prop_assert_eq!(list.matches("<li").count(), 1, "list {}", list);
        prop_assert_eq!(visible(list), want.clone(), "list item of {:?}", text);

        // A line's start: the symptom is a definition term; paragraph: the
        // cause in its definition.
        let term = capture(main, r"(?s)<dl>\s*<dt[^>]*>(.*?)</dt>");
        prop_assert_eq!(visible(term), want.clone(), "definition term of {:?}", text);
        let para = capture(main, r"(?s)<dl>\s*<dt[^>]*>.*?</dt>\s*<dd>(.*?)</dd>");
        prop_assert_eq!(
            visible(para),
            format!("Cause: {want} Fix: Fix"),
            "paragraph of {:?}",
            text
        );

        // SVG text: the step's text, whatever the wrapping.
        let svg = capture(main, r"(?s)(<svg.*?</svg>)");
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        prop_assert!(
            squeeze(&visible(svg)).contains(&squeeze(&want)),
            "svg of {:?}: {}",
            text,
            visible(svg)
        );

        // Table cells: the step's row has its four columns; party and
        // description show the text.
        let href = format!("href=\"c{i}.html#s{i}\"");
        let row = workflow
            .split("<tr>")
            .find(|r| r.contains(&href))
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row for step {number} in\n{workflow}"));
        let cells: Vec<&str> = row.split("<td").skip(1).collect();
        prop_assert_eq!(cells.len(), 4, "row {}", row);
        prop_assert_eq!(
            visible(&format!("<td{}", cells[1])),
            want.clone(),
            "party cell of {:?}",
            text
        );
        prop_assert_eq!(
            visible(&format!("<td{}", cells[2])),
            want.clone(),
            "task cell of {:?}",
            text
        );
        prop_assert_eq!(cells[2].matches("<a ").count(), 1, "task cell {}", cells[2]);
        prop_assert_eq!(
            visible(&format!("<td{}", cells[3])),
            want.clone(),
            "description of {:?}",
            text
        );
    }
    Ok(())
}

/// [`hostile`] texts, and texts shaped as what a heading reads at its end:
/// an attribute block `{...}` (id, class, key=value) and a closing `#`
/// sequence.
fn heading_shaped() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => hostile(),
        1 => (hostile(), "[#.]?[a-z]{1,6}(=[a-z():]{1,8})?( [#.]?[a-z]{1,6})?")
            .prop_map(|(t, a)| format!("{t} {{{a}}}")),
        1 => (hostile(), "[ ]?#{1,3}").prop_map(|(t, h)| format!("{t}{h}")),
    ]
}

/// Texts from what HTML and Markdown read as syntax, starting with a
/// letter-or-syntax character and not blank.
fn hostile() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9<>&\"'|#+=.):/{}%$,?@! -]{0,20}[a-zA-Z0-9<>&\"'|#+=.):/{}%$,?@!-]"
        .prop_filter("not blank", |s| !s.trim().is_empty())
        // `<scheme:...>` is an autolink: Markdown link syntax, kept as
        // written (see CORPUS).
        .prop_filter("no autolink", |s| {
            !regex::Regex::new(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>")
                .unwrap()
                .is_match(s)
        })
}

/// Hand-picked texts that once broke, or could: block starts, closing
/// heading sequences, table pipes, raw HTML, entities without `;`.
/// (An autolink `<https://...>` is Markdown link syntax, kept as the
/// writer wrote it, like `[text](url)`.)
const CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "- item",
    "+ item",
    "1. one",
    "12) twelve",
    "# heading",
    "ends with #",
    "## ##",
    "> quote",
    "a | b | c",
    "|",
    "---",
    "===",
    "--",
    "<div>x</div>",
    "<!-- c -->",
    "a & b &amp c",
    "{#custom}",
    "x {.class}",
    "Deal to invoice {onmouseover=alert(1) style=color:red}",
    "Totals {v2}",
    "Totals {#x}",
    "h {onclick=alert(1) .x}",
    "Totals #",
    "Totals {#x} ##",
    "{",
    "}",
    "'single' \"double\"",
    "http://example.com/a?b=c",
];

#[test]
fn corpus_shows_as_written_in_every_context() {
    let texts: Vec<String> = CORPUS.iter().map(|s| s.to_string()).collect();
    check(&texts).unwrap();
}

proptest! {
    // Each case is a book build of 24 chapters.
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn any_text_shows_as_written_in_every_context(texts in prop::collection::vec(heading_shaped(), 24)) {
        check(&texts)?;
    }
}
