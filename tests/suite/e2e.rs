//! End to end: build `book-example` with the real mdBook and our binary,
//! and inspect the rendered HTML.

use crate::support::{build_example, ids_in, links_in_main};

const PAGES: &[&str] = &[
    "index.html",
    "introduction.html",
    "architecture.html",
    "prerequisites.html",
    "configuration/index.html",
    "configuration/acme.html",
    "configuration/globex.html",
    "validation.html",
    "troubleshooting.html",
];

#[test]
fn example_builds_and_every_toc_link_resolves() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    assert_eq!(built.stderr, "", "a clean build prints nothing");
    for page in PAGES {
        let html = built.html(page);
        let outside_code: String = html
            .split("<code")
            .map(|part| part.split_once("</code>").map_or(part, |(_, after)| after))
            .collect();
        assert!(
            !outside_code.contains("&lt;&lt;#"),
            "{page}: an unexpanded shortcode"
        );
        let ids = ids_in(&html);
        let anchors: Vec<String> = links_in_main(&html)
            .into_iter()
            .filter_map(|l| l.strip_prefix('#').map(str::to_string))
            .collect();
        assert!(!anchors.is_empty(), "{page}: the toc produced no links");
        for anchor in anchors {
            assert!(
                ids.contains(&anchor),
                "{page}: #{anchor} is not an id on the page"
            );
        }
    }
    // The toc in included text was expanded too.
    let prereq = built.html("prerequisites.html");
    assert!(prereq.contains("<a href=\"#accounts-and-permissions\">Accounts and permissions</a>"));
}

#[test]
fn a_broken_shortcode_fails_the_build_with_its_location() {
    let built = build_example(|root| {
        let path = root.join("src/validation.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("<<#topics>>", "<<#topics lable=\"In short\">>"),
        )
        .unwrap();
    });
    let err = built.result.expect_err("the build must fail");
    assert!(err.contains("integration-guide"), "{err}");
    assert!(
        built
            .stderr
            .contains("src/validation.md:3:11: error: unknown attribute `lable` for `topics`"),
        "{}",
        built.stderr
    );
    assert!(
        built.stderr.contains("did you mean `label`?"),
        "{}",
        built.stderr
    );
}

#[test]
fn warn_mode_builds_with_a_visible_error_box() {
    let built = build_example(|root| {
        let path = root.join("book.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(
                "after = [\"links\", \"index\"]",
                "after = [\"links\", \"index\"]\non-error = \"warn\"",
            ),
        )
        .unwrap();
        let path = root.join("src/audience.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n<<#tco>>\n")).unwrap();
    });
    assert_eq!(built.result, Ok(()));
    assert!(
        built
            .stderr
            .contains("src/audience.md:14:4: warning: unknown shortcode `tco`"),
        "{}",
        built.stderr
    );
    let html = built.html("audience.html");
    assert!(html.contains("class=\"integration-guide-error\""), "{html}");
    assert!(html.contains("&lt;&lt;#tco&gt;&gt;"));
    assert!(
        html.contains("No programming is needed"),
        "the rest of the chapter is intact"
    );
}

#[test]
fn errors_in_included_text_point_at_the_included_file() {
    let built = build_example(|root| {
        let path = root.join("src/snippets/prerequisites.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("<<#topics>>", "<<#topcs>>")).unwrap();
    });
    assert!(built.result.is_err());
    assert!(
        built
            .stderr
            .contains("src/snippets/prerequisites.md:4:4: error: unknown shortcode `topcs`"),
        "{}",
        built.stderr
    );
}

// ---- Config steps, workflow table and step references (issue 3) ----

/// The part of a page inside `<main>`.
fn main_of(html: &str) -> &str {
    html.split_once("<main>")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or("", |(m, _)| m)
}

/// Text without tags, entities of the example decoded.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
}

/// `(id, text)` of every heading with an id in `<main>`.
fn headings_of(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let main = main_of(html);
    let mut rest = main;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let Some(level) = rest.chars().next().filter(|c| ('1'..='6').contains(c)) else {
            continue;
        };
        let Some(attrs) = rest[1..].strip_prefix(" id=\"") else {
            continue;
        };
        let Some((id, after)) = attrs.split_once('"') else {
            continue;
        };
        let close = format!("</h{level}>");
        let Some((inner, _)) = after.split_once(&close) else {
            continue;
        };
        let inner = inner.trim_start_matches('>');
        out.push((id.to_string(), plain(inner).trim().to_string()));
    }
    out
}

/// `(href, text)` of every link in `<main>`.
pub(crate) fn links_of(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = main_of(html);
    while let Some(i) = rest.find("<a href=\"") {
        rest = &rest[i + 9..];
        let Some((href, after)) = rest.split_once('"') else {
            break;
        };
        let Some((inner, _)) = after.split_once("</a>") else {
            break;
        };
        let text = inner.split_once('>').map_or("", |(_, t)| t);
        out.push((href.to_string(), plain(text)));
    }
    out
}

/// The page and anchor a link from `page` leads to.
pub(crate) fn resolve(page: &str, href: &str) -> (String, Option<String>) {
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_string(), anchor);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), anchor)
}

/// The config step headings `N. Title` of the example, in book order:
/// (number, title, page, id).
fn example_steps(built: &crate::support::BuiltBook) -> Vec<(usize, String, String, String)> {
    let mut steps = Vec::new();
    for page in ["configuration/globex.html", "configuration/acme.html"] {
        for (id, text) in headings_of(&built.html(page)) {
            if let Some((n, title)) = text.split_once(". ")
                && let Ok(n) = n.parse::<usize>()
            {
                steps.push((n, title.to_string(), page.to_string(), id));
            }
        }
    }
    steps
}

/// A step's title without the "(optional)" its heading shows.
fn untagged(title: &str) -> &str {
    title.strip_suffix(" (optional)").unwrap_or(title)
}

/// The heading a link leads to, checking that the target exists.
fn target_heading(built: &crate::support::BuiltBook, from: &str, href: &str) -> String {
    assert!(
        !href.contains(".md"),
        "{from}: {href} was not rewritten to .html"
    );
    let (page, anchor) = resolve(from, href);
    let html = built.html(&page);
    let anchor = anchor.unwrap_or_else(|| panic!("{from}: {href} has no anchor"));
    let headings = headings_of(&html);
    headings
        .into_iter()
        .find(|(id, _)| *id == anchor)
        .map(|(_, text)| text)
        .unwrap_or_else(|| panic!("{from}: {href}: no heading #{anchor} on {page}"))
}

#[test]
fn example_steps_are_numbered_across_chapters() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    assert_eq!(built.stderr, "", "a clean build prints nothing");
    let steps = example_steps(&built);
    let numbers: Vec<usize> = steps.iter().map(|s| s.0).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7], "{steps:#?}");
    let pages: Vec<&str> = steps.iter().map(|s| s.2.as_str()).collect();
    assert_eq!(
        pages,
        vec![
            "configuration/globex.html",
            "configuration/globex.html",
            "configuration/acme.html",
            "configuration/acme.html",
            "configuration/acme.html",
            "configuration/acme.html",
            "configuration/acme.html",
        ],
        "the steps are spread over two chapters"
    );
    // An `optional` step is marked in its heading, its number unchanged.
    assert_eq!(
        (steps[5].0, steps[5].1.as_str()),
        (6, "Tell the sales team (optional)")
    );
    assert_eq!(
        (steps[0].1.as_str(), steps[0].3.as_str()),
        ("Create the API client", "create-api-client")
    );
    // The template's structure.
    let acme = built.html("configuration/acme.html");
    for label in ["Before you begin", "Procedure", "What to do next"] {
        assert!(
            acme.contains(&format!("<p><strong>{label}</strong></p>")),
            "{label}"
        );
    }
}

#[test]
fn example_what_to_do_next_and_step_refs_lead_to_their_targets() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let steps = example_steps(&built);

    // "What to do next" of each step: the paragraph after its label.
    let mut nexts = Vec::new();
    for page in ["configuration/globex.html", "configuration/acme.html"] {
        let html = built.html(page);
        for part in main_of(&html)
            .split("<p><strong>What to do next</strong></p>")
            .skip(1)
        {
            let para = part.split("</p>").next().unwrap_or_default();
            let links = links_of(&format!("<main>{para}</main>"));
            nexts.push((page, links));
        }
    }
    assert_eq!(nexts.len(), steps.len(), "every step has a What to do next");
    for (i, (page, links)) in nexts.iter().enumerate() {
        assert_eq!(links.len(), 1, "step {}: {links:?}", i + 1);
        let (href, text) = &links[0];
        if let Some(next) = steps.get(i + 1) {
            // The next step, in the same chapter or the other one.
            assert_eq!(
                target_heading(&built, page, href),
                format!("{}. {}", next.0, next.1),
                "step {}",
                i + 1
            );
            // A reference names the step by its title, without the
            // heading's "(optional)".
            assert_eq!(text, &format!("Step {}: {}", next.0, untagged(&next.1)));
        } else {
            // The last step points to the Validation chapter.
            assert_eq!(href, "../validation.html");
            assert_eq!(text, "Validation");
            assert_eq!(resolve(page, href).0, "validation.html");
            assert!(
                built
                    .html("validation.html")
                    .contains("<h1 id=\"validation\">")
            );
        }
    }
    // Step 2's `next` override, with a step-ref into the other chapter.
    assert_eq!(nexts[1].1[0].0, "acme.html#connect-globex");
    let globex = built.html("configuration/globex.html");
    assert!(globex.contains("Send the client ID and secret to the Acme CRM admin"));

    // Every `Step N: Title` link of the book leads to heading `N. Title`.
    let mut refs = 0;
    for page in [
        "workflow.html",
        "configuration/globex.html",
        "configuration/acme.html",
    ] {
        for (href, text) in links_of(&built.html(page)) {
            let Some(rest) = text.strip_prefix("Step ") else {
                continue;
            };
            let Some((n, title)) = rest.split_once(": ") else {
                continue;
            };
            assert_eq!(
                untagged(&target_heading(&built, page, &href)),
                format!("{n}. {title}"),
                "{page}: {href}"
            );
            refs += 1;
        }
    }
    // 5 generated "What to do next" (steps 1, 3, 4, 5, 6) + 3 step-refs.
    assert_eq!(refs, 8);
    // The toc lists the generated headings.
    assert!(
        globex.contains("<li><a href=\"#create-api-client\">1. Create the API client</a></li>")
    );
}

#[test]
fn example_workflow_table_rows_match_the_steps() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let steps = example_steps(&built);
    let html = built.html("workflow.html");
    let table = main_of(&html)
        .split_once("<table>")
        .and_then(|(_, t)| t.split_once("</table>"))
        .map(|(t, _)| t)
        .expect("workflow.html has a table");
    let (head, body) = table.split_once("</thead>").expect("a header row");
    assert_eq!(
        plain(head).trim(),
        "StepResponsible PartyTask NameDescription",
        "the template's column headers"
    );
    let rows: Vec<&str> = body.split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), steps.len());
    let parties = [
        "Globex Billing admin",
        "Globex Billing admin",
        "Acme CRM admin",
        "Acme CRM admin",
        "Acme CRM admin",
        "Acme CRM admin",
        "Both",
    ];
    for (row, (step, party)) in rows.iter().zip(steps.iter().zip(parties)) {
        let cells: Vec<String> = row
            .split("<td>")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(cells.len(), 4, "{row}");
        assert_eq!(cells[0], step.0.to_string());
        assert_eq!(cells[1], party);
        let links = links_of(&format!("<main>{}</main>", cells[2]));
        assert_eq!(links.len(), 1, "{row}");
        assert_eq!(
            links[0].1,
            untagged(&step.1),
            "the task is the step's title"
        );
        // An optional step's row says so after the link.
        assert_eq!(
            plain(&cells[2]).ends_with(" (optional)"),
            step.1.ends_with(" (optional)"),
            "{row}"
        );
        assert_eq!(
            target_heading(&built, "workflow.html", &links[0].0),
            format!("{}. {}", step.0, step.1)
        );
        assert!(!plain(&cells[3]).trim().is_empty(), "a description");
    }
}

#[test]
fn example_unknown_party_and_broken_step_ref_fail_with_locations() {
    let built = build_example(|root| {
        let path = root.join("src/configuration/acme.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace("party=\"Both\"", "party=\"Bot\"").replace(
            "<<#step-ref create-api-client>>",
            "<<#step-ref create-api-clinet>>",
        );
        std::fs::write(&path, text).unwrap();
    });
    assert!(built.result.is_err());
    for expected in [
        "src/configuration/acme.md:8:54: error: no config step has the id `create-api-clinet`",
        "did you mean `create-api-client`?",
        "error: unknown party `Bot`",
        "did you mean `Both`?",
        "found 2 errors",
    ] {
        assert!(
            built.stderr.contains(expected),
            "{expected}\n{}",
            built.stderr
        );
    }
}

// ---- Tables of contents and Topics lists (issue 4) ----

/// Every page of a built book that renders a chapter.
pub(crate) fn chapter_pages(root: &std::path::Path) -> Vec<String> {
    fn walk(dir: &std::path::Path, rel: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().to_string();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &path, out);
            } else if name.ends_with(".html")
                && !matches!(path.as_str(), "print.html" | "toc.html" | "404.html")
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("book"), "", &mut out);
    out.sort();
    out
}

pub(crate) fn is_external(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

#[test]
fn example_every_link_resolves_on_its_page_and_in_print_html() {
    // A second "Overview" (introduction.md has one): the print page, which
    // holds every chapter, must give it another id and rewrite the links.
    let built = build_example(|root| {
        let path = root.join("src/architecture.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n## Overview\n\nIn short.\n")).unwrap();
    });
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let pages = chapter_pages(built.root());
    assert!(pages.len() >= 10, "{pages:?}");
    let mut checked = 0;
    for page in &pages {
        for (href, text) in links_of(&built.html(page)) {
            if is_external(&href) {
                continue;
            }
            assert!(!href.contains(".md"), "{page}: {href} was not rewritten");
            let (target, anchor) = resolve(page, &href);
            let path = built.root().join("book").join(&target);
            assert!(path.is_file(), "{page}: [{text}]({href}): no page {target}");
            if let Some(anchor) = anchor {
                assert!(
                    ids_in(&built.html(&target)).contains(&anchor),
                    "{page}: [{text}]({href}): no id `{anchor}` on {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} links");

    // The print page: every chapter link became an anchor on the page.
    let print = built.html("print.html");
    let ids = ids_in(&print);
    let links = links_of(&print);
    for (href, text) in &links {
        if is_external(href) {
            continue;
        }
        let anchor = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("print.html: [{text}]({href}) is not an anchor"));
        assert!(
            ids.contains(anchor),
            "print.html: [{text}]({href}) resolves to nothing"
        );
    }
    // The book-wide table of contents (the first chapter) reaches both
    // "Overview" sections there, under their own ids.
    let overview: Vec<&String> = links
        .iter()
        .filter(|(_, text)| text == "Overview")
        .map(|(href, _)| href)
        .take(2)
        .collect();
    assert_eq!(overview.len(), 2, "{links:?}");
    assert_ne!(overview[0], overview[1]);
    let on_page = links_of(&built.html("index.html"));
    assert!(on_page.contains(&("introduction.html#overview".into(), "Overview".into())));
    assert!(on_page.contains(&("architecture.html#overview".into(), "Overview".into())));
}

#[test]
fn example_opens_with_a_book_toc_and_sections_have_topics() {
    let built = build_example(|_| {});
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let index = built.html("index.html");
    let main = main_of(&index);
    for expected in [
        "<p><strong>The integration</strong></p>\n<ol>\n<li><a href=\"introduction.html\">Introduction</a>",
        "<p><strong>Setting it up</strong></p>\n<ol start=\"5\">",
        "<li><a href=\"configuration/globex.html#create-api-client\">1. Create the API client</a></li>",
        "<ul>\n<li><a href=\"resources.html\">Additional resources</a></li>\n</ul>",
    ] {
        assert!(main.contains(expected), "index.html: {expected}\n{main}");
    }
    // Every top-level chapter of SUMMARY.md with a page, in order.
    let summary = std::fs::read_to_string(built.root().join("src/SUMMARY.md")).unwrap();
    let expected: Vec<&str> = summary
        .lines()
        .filter_map(|l| l.strip_prefix("- [").or_else(|| l.strip_prefix('[')))
        .filter_map(|l| l.split_once("]("))
        .filter(|(_, target)| *target != ")")
        .map(|(name, _)| name)
        .collect();
    let top: Vec<String> = links_of(&index)
        .into_iter()
        // (sub-chapters are in a directory of their own in the example)
        .filter(|(href, _)| {
            !href.contains('#') && (!href.contains('/') || href.ends_with("/index.html"))
        })
        .map(|(_, text)| text)
        .collect();
    assert_eq!(top, expected);

    let topics = |page: &str| -> Vec<(String, String)> {
        let html = built.html(page);
        let main = main_of(&html);
        let (_, after) = main
            .split_once("<p><strong>Topics:</strong></p>\n<ul>")
            .unwrap_or_else(|| panic!("{page}: no Topics list\n{main}"));
        let list = after.split_once("</ul>").map_or("", |(l, _)| l);
        links_of(&format!("<main>{list}</main>"))
    };
    // The chapter's sections (`##`), as rendered.
    let sections = |page: &str| -> Vec<(String, String)> {
        let html = built.html(page);
        headings_of(&html)
            .into_iter()
            .filter(|(id, _)| main_of(&html).contains(&format!("<h2 id=\"{id}\">")))
            .map(|(id, text)| (format!("#{id}"), text))
            .collect()
    };
    for page in [
        "introduction.html",
        "architecture.html",
        "configuration/index.html",
    ] {
        let listed = topics(page);
        assert!(listed.len() >= 2, "{page}: {listed:?}");
        assert_eq!(listed, sections(page), "{page}");
    }
    assert_eq!(
        topics("introduction.html")[0],
        ("#overview".to_string(), "Overview".to_string())
    );
    // Under "The steps", which has no subsections: the sub-chapters.
    let config = built.html("configuration/index.html");
    let main = main_of(&config);
    assert!(
        main.contains("<ul>\n<li><a href=\"globex.html\">In Globex Billing</a></li>\n<li><a href=\"acme.html\">In Acme CRM</a></li>\n</ul>"),
        "{main}"
    );
}

#[test]
fn example_topics_with_nothing_to_list_warns() {
    let built = build_example(|root| {
        let path = root.join("src/audience.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n<<#topics>>\n")).unwrap();
    });
    assert_eq!(built.result, Ok(()), "a warning does not fail the build");
    assert!(
        built.stderr.contains(
            "warning: `topics` has nothing to list: the section \"Target audience\" has no subsections and the chapter no sub-chapters"
        ),
        "{}",
        built.stderr
    );
}
