//! Errors of the template shortcodes (integration-overview, audience,
//! data-flow, prerequisites, api-example, status-codes, troubleshooting,
//! resources, callouts): each names the exact `file:line:col` in the
//! original chapter, also inside list items, block quotes and CRLF
//! chapters, and gives a hint.

use crate::support::{errors, expand};

/// The errors of a chapter, one string each.
fn errs(text: &str) -> Vec<String> {
    errors(text)
}

#[test]
fn prerequisites_unknown_category_with_did_you_mean() {
    assert_eq!(
        errs(
            "# P\n\n<<#prerequisites>>\naccounts: An admin account\nacounts: A second one\n<</prerequisites>>\n"
        ),
        vec![
            "src/chapter.md:5:1: error: unknown category `acounts` in `prerequisites` [did you mean `accounts`? (one of: `accounts`, `credentials`, `environment`, `platform`, `sandbox`)]"
        ]
    );
}

#[test]
fn prerequisites_errors_inside_a_list_item_point_past_the_indentation() {
    let text = "1. Check:\n\n   <<#prerequisites>>\n   - [ ] tokens: a token\n   - no category here\n   sandbox:\n   <</prerequisites>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:5:6: error: a `prerequisites` line is `category: item`; this one has no `:` [start the line with one of: `accounts`, `credentials`, `environment`, `platform`, `sandbox`]",
            "src/chapter.md:6:4: error: nothing after `sandbox:` [write the item after the category, on the same line]",
        ]
    );
}

#[test]
fn prerequisites_errors_in_a_crlf_chapter_inside_a_quote() {
    let text = "> <<#prerequisites>>\r\n> envirnoment: x\r\n> <</prerequisites>>\r\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:2:3: error: unknown category `envirnoment` in `prerequisites` [did you mean `environment`? (one of: `accounts`, `credentials`, `environment`, `platform`, `sandbox`)]"
        ]
    );
}

#[test]
fn an_empty_body_is_an_error() {
    for (name, message) in [
        ("prerequisites", "`prerequisites` lists nothing"),
        ("status-codes", "`status-codes` lists no status code"),
        ("troubleshooting", "`troubleshooting` lists no problem"),
        ("resources", "`resources` lists nothing"),
        ("data-flow", "`data-flow` has no step"),
        ("note", "`<<#note>>` is empty"),
        ("caution", "`<<#caution>>` is empty"),
    ] {
        let e = errs(&format!("text\n\n<<#{name}>>\n\n<</{name}>>\n"));
        assert_eq!(e.len(), 1, "{name}: {e:?}");
        assert!(
            e[0].starts_with(&format!("src/chapter.md:3:1: error: {message}")),
            "{name}: {e:?}"
        );
        assert!(e[0].contains(" ["), "{name} gives a hint: {e:?}");
    }
}

#[test]
fn status_codes_errors() {
    let text = "<<#status-codes>>\n201: Created.\n20x: Typo.\n299: Unknown.\n201: Again.\n404\n302:\n<</status-codes>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:1: error: `20x` is not an HTTP status code [write a three-digit code from 100 to 599, or a class `1xx` ... `5xx`, before the `:`]",
            "src/chapter.md:4:1: error: `299` has no standard reason phrase [write the status text after the code: `299 Status text: ...`]",
            "src/chapter.md:5:1: error: status `201` is listed twice [keep one line per status code] (note: it is listed first here at src/chapter.md:2:1)",
            "src/chapter.md:6:1: error: a `status-codes` line is `code: meaning`; this one has no `:` [e.g. `404: The deal does not exist; check its id.`]",
            "src/chapter.md:7:1: error: nothing after `302:` [say what the status means and what to do about it]",
        ]
    );
}

#[test]
fn troubleshooting_errors() {
    let text = "<<#troubleshooting>>\nonly | two\na | b | c | d\n | cause | fix\nsymptom | cause |\nfine | `a|b` in code | \\| escaped\n<</troubleshooting>>\n";
    let e = errs(text);
    assert_eq!(
        e,
        vec![
            "src/chapter.md:2:1: error: a `troubleshooting` line is `symptom | cause | fix`; this one has 2 parts [separate the symptom, the cause and the fix with `|` (leave the cause empty if it is unknown: `symptom | | fix`)]",
            "src/chapter.md:3:11: error: a fourth part: `troubleshooting` lines are `symptom | cause | fix` [write a `|` inside a part as `\\|`]",
            "src/chapter.md:4:2: error: the symptom is empty [`symptom | cause | fix`: the cause may be empty, the symptom and the fix may not]",
            "src/chapter.md:5:17: error: the fix is empty [`symptom | cause | fix`: the cause may be empty, the symptom and the fix may not]",
        ]
    );
}

#[test]
fn data_flow_errors() {
    let text = "<<#data-flow>>\nA -> B: one\nA calls B\nA -> B the call\nB --> a: reply\n -> B: nobody\nA -> B:\n<</data-flow>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:1: error: a `data-flow` step is `From -> To: what happens`; this line has no `->` [e.g. `Acme CRM -> Globex Billing: send the deal (HTTPS POST /v2/invoices)`]",
            "src/chapter.md:4:5: error: no `:` after the receiver of this step [write `From -> To: what happens`]",
            "src/chapter.md:5:7: error: `a` differs from the participant `A` only in case or spacing [did you mean `A`?]",
            "src/chapter.md:6:2: error: no sender before `->` [write the participant that acts first: `From -> To: what happens`]",
            "src/chapter.md:7:7: error: nothing happens in this step [say what happens after the `:`]",
        ]
    );
}

#[test]
fn data_flow_declared_participants() {
    let text = "<<#data-flow participants=\"Acme CRM, Globex Billing, Acme CRM\">>\nAcme CRM -> Globex Biling: send\n<</data-flow>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:1:54: error: participant `Acme CRM` is listed twice [list each participant once]",
            "src/chapter.md:2:13: error: `Globex Biling` is not one of the `participants` [did you mean `Globex Billing`?]",
        ]
    );
}

#[test]
fn api_example_invalid_json_points_at_the_place_in_the_chapter() {
    let text = "# V\n\n- Send it:\n\n  <<#api-example method=\"POST\" url=\"https://x.example/v2\">>\n  ```json\n  {\n    \"a\": 1,\n    \"b\": ,\n  }\n  ```\n  <</api-example>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:9:10: error: the request payload is not valid JSON: expected value [fix the JSON, or give the block another language (```jsonc, ```text) if it is not meant to parse]"
        ]
    );
}

#[test]
fn api_example_invalid_json_response_and_crlf() {
    let text = "<<#api-example url=\"https://x.example\">>\r\n```json response\r\n{\"a\": tru}\r\n```\r\n<</api-example>>\r\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:10: error: the expected response is not valid JSON: expected ident [fix the JSON, or give the block another language (```jsonc, ```text) if it is not meant to parse]"
        ]
    );
}

#[test]
fn api_example_structure_errors() {
    let text = "<<#api-example method=\"POST\" url=\"https://x.example\" headers=\"no colon; X-Id: 1\">>\nSome prose.\n```json\n{}\n```\n```json\n{}\n```\n```json response\n{}\n```\n<</api-example>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:1:63: error: `no colon` is not a header `Name: value` [write headers as `Name: value`, separated by `; `]",
            "src/chapter.md:2:1: error: only fenced code blocks can stand in `api-example` [put the request payload and the expected response in ```json blocks; write prose outside the shortcode]",
            "src/chapter.md:9:1: error: a second expected response in `api-example` [give one request payload and one expected response; mark them ```json request and ```json response]",
        ]
    );
}

#[test]
fn api_example_attributes_are_checked_by_the_registry() {
    assert_eq!(
        errs("<<#api-example method=\"post\" url=\"u\" status=700>>\n"),
        vec![
            "src/chapter.md:1:24: error: `post` is not a valid value for `method` (did you mean `POST`?) [`method` takes one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`]",
            "src/chapter.md:1:45: error: `status` is 700, outside 100..=599 [`status` takes a whole number from 100 to 599]",
        ]
    );
    let e = errs("<<#api-example status=200>>\n");
    assert_eq!(
        e,
        vec![
            "src/chapter.md:1:1: error: `api-example` needs the attribute `url` [add url=\"...\" (the full URL), or take it from a spec with spec=\"...\" operation=\"...\"]"
        ]
    );
}

#[test]
fn integration_overview_unknown_method_points_into_the_value() {
    assert_eq!(
        errs("<<#integration-overview systems=\"A, B\" method=\"push, pollling\">>\n"),
        vec![
            "src/chapter.md:1:54: error: unknown integration method `pollling` [did you mean `polling`?]"
        ]
    );
    // Issue 23 item 15: a did-you-mean names only a method the README
    // documents (not an alias such as `sftp` for `soap`).
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `method` | list | how data moves"))
        .unwrap();
    let documented: Vec<&str> = row.split('`').skip(3).step_by(2).collect();
    assert!(documented.contains(&"file-transfer"), "{documented:?}");
    for wrong in [
        // `soap` and `sftp` are methods of their own since issue 27.
        "soapp",
        "graphq",
        "sftpp",
        "webhok",
        "filez",
        "qeue",
        "pol",
        "stream-ing",
    ] {
        let found = errs(&format!("<<#integration-overview method=\"{wrong}\">>\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        if let Some(hint) = found[0].split("[did you mean `").nth(1) {
            let proposed = hint.split('`').next().unwrap();
            assert!(
                documented.contains(&proposed),
                "`{wrong}`: proposes `{proposed}`, which the README does not document"
            );
        }
    }
    assert_eq!(
        errs("<<#integration-overview>>\n"),
        vec![
            "src/chapter.md:1:1: error: `integration-overview` has nothing to show [add attributes such as systems=\"A → B\" method=\"push\", or body lines `object: endpoint`]"
        ]
    );
}

#[test]
fn resources_errors() {
    let text = "<<#resources>>\ndocs: [Docs](https://d.example)\napi: The API reference, no link\nfaq: [FAQ](https://f.example)\n<</resources>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:6: error: this resource has no link [write it as a Markdown link, e.g. `[Title](https://...)`, or as `<https://...>`]",
            "src/chapter.md:4:1: error: unknown kind `faq` in `resources` [write one of: `docs`, `api`, `internal`, `guides`, `troubleshooting`]",
        ]
    );
}

#[test]
fn audience_errors() {
    assert_eq!(
        errs("<<#audience knowledge=\"REST\">>\n"),
        vec![
            "src/chapter.md:1:1: error: `audience` names no role [add roles=\"System administrators, Developers\" or body lines `role: ...`]"
        ]
    );
    assert_eq!(
        errs("<<#audience roles=\"Admins\">>\n- tols: curl\n<</audience>>\n"),
        vec![
            "src/chapter.md:2:3: error: unknown list `tols` in `audience` [did you mean `tools`? (one of: `role`, `knowledge`, `tool`)]"
        ]
    );
}

#[test]
fn errors_in_text_that_a_nested_shortcode_produced_point_at_its_tag() {
    // The step-ref's output is content: a `:` or `|` in it is never syntax.
    let text = "<<#config-step id=\"s\" title=\"A: B | C\">>\n1. Do it.\n<</config-step>>\n\n<<#troubleshooting>>\nx | y | see <<#step-ref s>>\n<</troubleshooting>>\n\n<<#prerequisites>>\n<<#step-ref s>>\n<</prerequisites>>\n";
    let e = errs(text);
    assert_eq!(
        e,
        vec![
            "src/chapter.md:10:1: error: a `prerequisites` line is `category: item`; this one has no `:` [start the line with one of: `accounts`, `credentials`, `environment`, `platform`, `sandbox`]"
        ]
    );
}

#[test]
fn every_error_of_a_shortcode_is_reported_and_nothing_expands() {
    let text =
        "<<#status-codes>>\n20x: a\n30x: b\n<</status-codes>>\n\n<<#note>>\nfine\n<</note>>\n";
    assert_eq!(errs(text).len(), 2);
    assert!(expand("<<#note>>\nfine\n<</note>>\n").is_ok());
}

mod properties {
    use crate::support::{chapter, settings};
    use mdbook_integration_guide::{engine, shortcodes};
    use proptest::prelude::*;

    /// Pieces that are syntax somewhere in the template shortcodes' bodies
    /// and attributes, plus multi-byte characters and markup.
    const PIECES: &[&str] = &[
        "a",
        "Acme CRM",
        " ",
        "\t",
        "->",
        "-->",
        "-",
        ":",
        "|",
        "\\|",
        "\\",
        "`",
        "``",
        "(",
        ")",
        "é",
        "日本",
        "<b>",
        "<!--",
        "-->",
        "\"",
        "'",
        "&",
        "&amp;",
        "[x](y)",
        "<https://a.b>",
        "201",
        "499",
        "1. ",
        "- [ ] ",
        "```",
        "~~~",
        "json",
        "{",
        "}",
        "[",
        "]",
        "\"k\": ",
        ",",
        "docs",
        "accounts",
        "role",
        "$TOKEN",
        "${X}",
        ";",
        "#",
        "> ",
        "A -> B: x",
        "B --> A: y (z)",
    ];

    const NAMES: &[(&str, &str)] = &[
        ("integration-overview", "systems=\"{a}\" direction=\"{a}\""),
        ("audience", "roles=\"{a}\" tools=\"{a}\""),
        ("data-flow", "title=\"{a}\""),
        ("data-flow", "format=\"mermaid\" title=\"{a}\""),
        ("prerequisites", "warning=\"{a}\""),
        (
            "api-example",
            "method=\"POST\" url=\"{a}\" headers=\"{a}\" auth=\"{a}\" status=201",
        ),
        ("status-codes", ""),
        ("troubleshooting", ""),
        ("troubleshooting", "layout=\"list\""),
        ("resources", ""),
        ("note", ""),
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|v| v.concat())
    }

    proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// Any body and attribute text expands or is reported, never
            /// panics; a data-flow diagram is always well-formed XML.
            #[test]
            fn never_panics_and_svg_stays_well_formed(
                which in 0..NAMES.len(),
                attr in text(),
                lines in prop::collection::vec(text(), 0..5),
                prefix in prop::sample::select(&["", "   ", "> ", "- "][..]),
                crlf in any::<bool>(),
            ) {
                let (name, attrs) = NAMES[which];
                let attr = attr.replace('\\', "").replace('"', "'").replace(">>", "> >");
                let attrs = attrs.replace("{a}", &attr);
                let cont = if prefix == "- " { "  " } else { prefix };
                let mut text = format!("{prefix}<<#{name} {attrs}>>\n");
                for l in &lines {
                    text.push_str(&format!("{cont}{l}\n"));
                }
                text.push_str(&format!("{cont}<</{name}>>\n"));
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                let mut chapters = vec![chapter("chapter.md", &text)];
                let report = engine::process(
                    &mut chapters,
                    &settings(serde_json::json!({})),
                    &shortcodes::registry(),
                    "html",
                );
                if !report.failed {
                    let out = &chapters[0].content;
                    for part in out.split("<svg").skip(1) {
                        let end = part.find("</svg>").map_or(part.len(), |e| e + 6);
                        let svg = format!("<svg{}", &part[..end]);
                        // The container prefix of each line is not XML.
                        let svg: String = svg
                            .lines()
                            .map(|l| l.trim_start_matches(['>', ' ']))
                            .collect::<Vec<_>>()
                            .join("\n");
                        prop_assert!(roxmltree::Document::parse(&svg).is_ok(), "{svg}");
                    }
                    if crlf {
                        prop_assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
                    }
                }
                for d in &report.diagnostics {
                    prop_assert!(d.line >= 1 && d.column >= 1);
                }
            }

            /// Valid steps with any names and texts always give a diagram that
            /// is well-formed XML and names every participant.
            #[test]
            fn any_valid_flow_draws_well_formed_svg(
                steps in prop::collection::vec((0..4usize, 0..4usize, text(), any::<bool>()), 1..6),
                names in prop::collection::vec(text(), 4),
            ) {
                let clean = |s: &str| {
                    // Not syntax of the line, and nothing that opens a block
                    // (a fence or comment would hide the closing tag).
                    let s = s.replace(['|', ':', '\\', '`', '~', '>'], "").replace("<!--", "");
                    let s = s
                        .trim()
                        .trim_start_matches(|c: char| c.is_whitespace() || "#>-+*0123456789.".contains(c))
                        .to_string();
                    if s.is_empty() { "x".to_string() } else { s }
                };
                let names: Vec<String> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("{}{i}", clean(n)))
                    .collect();
                let mut text = String::from("<<#data-flow>>\n");
                for (from, to, what, reply) in &steps {
                    let arrow = if *reply { "-->" } else { "->" };
                    text.push_str(&format!("{} {arrow} {}: {}\n", names[*from], names[*to], clean(what)));
                }
                text.push_str("<</data-flow>>\n");
                let mut chapters = vec![chapter("chapter.md", &text)];
                let report = engine::process(
                    &mut chapters,
                    &settings(serde_json::json!({})),
                    &shortcodes::registry(),
                    "html",
                );
                if report.failed {
                    // Only names equal but for case or spacing are refused.
                    prop_assert!(
                        report.diagnostics.iter().all(|d| d.diagnostic.message.contains("only in case or spacing")),
                        "{:#?}\n{text}", report.diagnostics
                    );
                    return Ok(());
                }
                let out = &chapters[0].content;
                let start = out.find("<svg").expect("an svg");
                let end = out.find("</svg>").expect("its end") + 6;
                let doc = roxmltree::Document::parse(&out[start..end]);
                prop_assert!(doc.is_ok(), "{}", &out[start..end]);
                let doc = doc.unwrap();
                let texts: Vec<String> = doc
                    .descendants()
                    .filter(|n| n.tag_name().name() == "text")
                    .map(|n| n.descendants().filter_map(|d| d.text()).collect::<Vec<_>>().join(" "))
                    .collect();
                let mut used: Vec<usize> = steps.iter().flat_map(|(f, t, _, _)| [*f, *t]).collect();
                used.sort_unstable();
                used.dedup();
                let actors = doc
                    .descendants()
                    .filter(|n| n.attribute("class") == Some("igf-actor"))
                    .count();
                prop_assert_eq!(actors, 2 * used.len());
                prop_assert!(texts.len() >= steps.len());
            }
    }
}

#[test]
fn status_code_classes_errors() {
    let text = "<<#status-codes>>\n4xx: Client.\n6xx: No such class.\n4XX: Twice.\n5xx:\n<</status-codes>>\n";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:1: error: `6xx` is not an HTTP status code [write a three-digit code from 100 to 599, or a class `1xx` ... `5xx`, before the `:`]",
            "src/chapter.md:4:1: error: status `4xx` is listed twice [keep one line per status code] (note: it is listed first here at src/chapter.md:2:1)",
            "src/chapter.md:5:1: error: nothing after `5xx:` [say what the status means and what to do about it]",
        ]
    );
}

#[test]
fn parameters_errors() {
    let text = "\
<<#parameters>>
role_id (path): string, required | The role.
scope (qurey): string | A typo.
limit (query): integer, requird
 (header): string
role_id (path): string | Twice.
role_id (body): string | Another place: fine.
<</parameters>>

<<#parameters>>
<</parameters>>

<<#parameters level=2>>
a | b
<</parameters>>
";
    assert_eq!(
        errs(text),
        vec![
            "src/chapter.md:3:8: error: `qurey` is not a parameter location [did you mean `query`? (locations: path, query, header, cookie, body, form, claim)]",
            "src/chapter.md:4:25: error: unknown flag `requird` [did you mean `required`? (after the type, the one flag is `required`)]",
            "src/chapter.md:5:2: error: no parameter name [write `NAME (IN): TYPE, required | DESCRIPTION`]",
            "src/chapter.md:6:1: error: the parameter `role_id` is listed twice [keep one row per parameter and place] (note: listed first here at src/chapter.md:2:1)",
            "src/chapter.md:10:1: error: `parameters` lists no parameter [write one a line, e.g. `role_id (path): string, required | The role to assign.`]",
            "src/chapter.md:13:21: error: `level` makes the title a heading, but there is no `title` [add title=\"...\", or remove `level`]",
        ]
    );
}

#[test]
fn integration_overview_methods_of_the_field() {
    let out =
        expand("<<#integration-overview method=\"rest, Soap, graphql, scim, grpc, sftp\">>\n")
            .unwrap();
    assert!(
        out.contains("| Method | REST, SOAP, GraphQL, SCIM, gRPC, SFTP |"),
        "{out}"
    );
    assert_eq!(
        errs("<<#integration-overview method=\"rest, graphq\">>\n"),
        vec![
            "src/chapter.md:1:39: error: unknown integration method `graphq` [did you mean `graphql`?]"
        ]
    );
}
