//! Errors and warnings of `config-step`, `before`/`next`, `workflow-table`
//! and `step-ref`, with exact `file:line:col` positions. (The renderings
//! are golden files: tests/suite/golden.rs.)

use crate::support::{chapter, errors, expand_book, settings};
use serde_json::json;

fn book_errors(chapters: &[(&str, &str)], config: serde_json::Value) -> Vec<String> {
    let mut chapters: Vec<_> = chapters.iter().map(|(p, c)| chapter(p, c)).collect();
    match expand_book(&mut chapters, &settings(config)) {
        Ok(out) => panic!("expected errors, got:\n{}", out.join("\n=====\n")),
        Err(e) => e,
    }
}

/// The warnings of a book that expands.
fn warnings(chapters: &[(&str, &str)]) -> Vec<String> {
    let mut chapters: Vec<_> = chapters.iter().map(|(p, c)| chapter(p, c)).collect();
    crate::support::diagnostics(&mut chapters)
}

const STEP: &str = "<<#config-step title=\"T\">>\n1. a\n<</config-step>>\n";

#[test]
fn duplicate_ids_name_both_places() {
    let errs = book_errors(
        &[
            (
                "a.md",
                "# A\n\n<<#config-step id=\"setup\" title=\"Set up\">>\n1. a\n<</config-step>>\n",
            ),
            (
                "dir/b.md",
                "# B\n\n<<#config-step title=\"Other\" id=\"setup\">>\n1. b\n<</config-step>>\n\n<<#config-step title=\"Setup\">>\n1. c\n<</config-step>>\n",
            ),
        ],
        json!({}),
    );
    assert_eq!(
        errs,
        vec![
            "src/dir/b.md:3:34: error: duplicate config step id `setup` [give one of them another id=\"...\"] (note: the first step with this id at src/a.md:3:1)",
            "src/dir/b.md:7:1: error: duplicate config step id `setup` (made from the title) [give this step its own id=\"...\"] (note: the first step with this id at src/a.md:3:1)",
        ]
    );
}

#[test]
fn unknown_step_ref_with_suggestion() {
    let text = "<<#config-step id=\"create-client\" title=\"C\">>\n1. a\n<</config-step>>\n\nSee <<#step-ref create-clinet>> and <<#step-ref id=zzz>>.\n";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:5:17: error: no config step has the id `create-clinet` [did you mean `create-client`?]",
            "src/chapter.md:5:52: error: no config step has the id `zzz` [the step ids are: `create-client`]",
        ]
    );
    assert_eq!(
        errors("See <<#step-ref x>>.\n"),
        vec![
            "src/chapter.md:1:17: error: no config step has the id `x` [the book has no `<<#config-step>>` with an id; give the step id=\"...\" or use the id made from its title]"
        ]
    );
}

#[test]
fn step_ref_needs_a_valid_id_and_format() {
    assert_eq!(
        errors("<<#step-ref>>\n"),
        vec![
            "src/chapter.md:1:1: error: `step-ref` needs the attribute `id` [add id=\"...\" (the id of the config step to link to)]"
        ]
    );
    assert_eq!(
        errors("a <<#step-ref \"not an id\">>\n"),
        vec![
            "src/chapter.md:1:16: error: `not an id` is not a valid id for `id` [`id` takes an id of letters, digits, `-` and `_`]"
        ]
    );
    let text = format!("{STEP}\n<<#step-ref t format=\"{{num}}\">>\n");
    assert_eq!(
        errors(&text),
        vec![
            "src/chapter.md:5:23: error: unknown placeholder `{num}` in `format` [`format` takes {number}, {title} and {guide}]"
        ]
    );
}

#[test]
fn a_step_without_a_procedure() {
    assert_eq!(
        errors(
            "# A\n\n<<#config-step title=\"Empty\">>\n<<#before>>\nx\n<</before>>\n\n<<#next>>\ny\n<</next>>\n<</config-step>>\n"
        ),
        vec![
            "src/chapter.md:3:1: error: config step has no procedure [write the procedure (e.g. a numbered list) in the step's body, outside `<<#before>>` and `<<#next>>`]"
        ]
    );
    assert_eq!(
        errors("<<#config-step title=\"Empty\">>\n\n<</config-step>>\n").len(),
        1
    );
}

#[test]
fn slots_outside_a_step() {
    assert_eq!(
        errors("# A\n\n<<#before>>\nx\n<</before>>\n\n- <<#next>>\n  y\n  <</next>>\n"),
        vec![
            "src/chapter.md:3:1: error: `<<#before>>` can only be used inside `config-step` [move it into the body of a `<<#config-step>>` block]",
            "src/chapter.md:7:3: error: `<<#next>>` can only be used inside `config-step` [move it into the body of a `<<#config-step>>` block]",
        ]
    );
    // Directly inside: not inside another block that is inside a step.
    assert_eq!(
        errors(
            "<<#config-step title=\"T\">>\n1. a\n<<#next>>\n<<#before>>\nx\n<</before>>\n<</next>>\n<</config-step>>\n"
        ),
        vec![
            "src/chapter.md:4:1: error: `<<#before>>` can only be used inside `config-step` [move it into the body of a `<<#config-step>>` block]"
        ]
    );
}

#[test]
fn two_slots_of_a_kind_and_nested_steps() {
    assert_eq!(
        errors(
            "<<#config-step title=\"T\">>\n<<#before>>\na\n<</before>>\n<<#before>>\nb\n<</before>>\n1. a\n<<#config-step title=\"U\">>\n1. b\n<</config-step>>\n<</config-step>>\n"
        ),
        vec![
            "src/chapter.md:5:1: error: a config step has one `<<#before>>` block, this is the second [merge the two blocks into one] (note: the first one at src/chapter.md:2:1)",
            "src/chapter.md:9:1: error: a config step cannot contain another config step [close the first step with `<</config-step>>` before this one] (note: the step it is in at src/chapter.md:1:1)",
        ]
    );
}

#[test]
fn title_errors() {
    assert_eq!(
        errors("<<#config-step id=\"x\">>\n1. a\n<</config-step>>\n"),
        vec![
            "src/chapter.md:1:1: error: `config-step` needs the attribute `title` [add title=\"...\" (the step's title, inline Markdown)]"
        ]
    );
    assert_eq!(
        errors("<<#config-step title=\"?!\">>\n1. a\n<</config-step>>\n"),
        vec![
            "src/chapter.md:1:23: error: no id can be made from the title `?!` [add id=\"...\" (letters, digits, `-` and `_`)]"
        ]
    );
    assert_eq!(
        errors("<<#config-step title=\" \" id=x>>\n1. a\n<</config-step>>\n"),
        vec![
            "src/chapter.md:1:23: error: the config step's `title` is empty [give the step a title, e.g. title=\"Create an API client\"]"
        ]
    );
    assert_eq!(
        errors("<<#config-step title=T id=\"a b\" level=7>>\n1. a\n<</config-step>>\n"),
        vec![
            "src/chapter.md:1:28: error: `a b` is not a valid id for `id` [`id` takes an id of letters, digits, `-` and `_`]",
            "src/chapter.md:1:39: error: `level` is 7, outside 1..=6 [`level` takes a whole number from 1 to 6]",
        ]
    );
}

#[test]
fn parties_are_checked_when_declared() {
    let config = json!({"preprocessor": {"integration-guide": {
        "parties": ["System A admin", "System B admin", "Both"]
    }}});
    let errs = book_errors(
        &[(
            "a.md",
            "<<#config-step title=\"T\" party=\"System A admn\">>\n1. a\n<</config-step>>\n\n<<#config-step title=\"U\" party=\"Finance\">>\n1. a\n<</config-step>>\n\n<<#workflow-table>>\nBoht | t | d\nBoth | t | d\n<</workflow-table>>\n",
        )],
        config.clone(),
    );
    assert_eq!(
        errs,
        vec![
            "src/a.md:1:33: error: unknown party `System A admn` [did you mean `System A admin`?]",
            "src/a.md:5:33: error: unknown party `Finance` [the parties declared in book.toml (`parties`) are: `System A admin`, `System B admin`, `Both`]",
            "src/a.md:10:1: error: unknown party `Boht` [did you mean `Both`?]",
        ]
    );
    // Without a declared list any party is fine.
    let mut chapters = vec![chapter(
        "a.md",
        "<<#config-step title=\"T\" party=\"Anyone\">>\n1. a\n<</config-step>>\n",
    )];
    assert!(expand_book(&mut chapters, &settings(json!({}))).is_ok());
}

#[test]
fn workflow_rows_with_the_wrong_number_of_fields() {
    let text = "# W\n\n> <<#workflow-table>>\n> A | b\n>\n> - A | b | c | d\n> A | b \\| c\n> A | <<#step-ref x>> | ok\n> <</workflow-table>>\n";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:4:3: error: this workflow row has 2 fields; a row needs 3: `party | task | description` [write one row per line: `party | task | description` (write `\\|` for a `|` inside a field)]",
            "src/chapter.md:6:3: error: this workflow row has 4 fields; a row needs 3: `party | task | description` [write one row per line: `party | task | description` (write `\\|` for a `|` inside a field)]",
            "src/chapter.md:7:3: error: this workflow row has 2 fields; a row needs 3: `party | task | description` [write one row per line: `party | task | description` (write `\\|` for a `|` inside a field)]",
            "src/chapter.md:8:19: error: no config step has the id `x` [the book has no `<<#config-step>>` with an id; give the step id=\"...\" or use the id made from its title]",
        ]
    );
}

#[test]
fn workflow_block_errors() {
    assert_eq!(
        errors("<<#workflow-table>>\n\n<</workflow-table>>\n"),
        vec![
            "src/chapter.md:1:1: error: this `workflow-table` block has no rows [write one row per line: `party | task | description` (write `\\|` for a `|` inside a field); or write `<<#workflow-table>>` alone for one row per config step]"
        ]
    );
    let text =
        format!("{STEP}\n<<#workflow-table>>\n<<#step-ref t>>\nA | b | c\n<</workflow-table>>\n");
    assert_eq!(
        errors(&text),
        vec![
            "src/chapter.md:6:1: error: `<<#step-ref>>` cannot stand on its own line in a workflow table [write one row per line: `party | task | description` (write `\\|` for a `|` inside a field); inline shortcodes such as `<<#step-ref id>>` may stand in a field]"
        ]
    );
}

#[test]
fn every_error_of_the_book_in_one_run() {
    let errs = book_errors(
        &[
            (
                "a.md",
                "<<#config-step id=\"a\" title=\"A\">>\n<</config-step>>\n\n<<#next>>\nx\n<</next>>\n",
            ),
            (
                "b.md",
                "<<#config-step id=\"a\" title=\"B\">>\n1. b\n<</config-step>>\n\n<<#step-ref nope>>\n\n<<#workflow-table>>\nx\n<</workflow-table>>\n",
            ),
        ],
        json!({}),
    );
    let located: Vec<&str> = errs
        .iter()
        .map(|e| e.split(": error").next().unwrap_or_default())
        .collect();
    assert_eq!(
        located,
        vec![
            "src/a.md:1:1",
            "src/a.md:4:1",
            "src/b.md:1:20",
            "src/b.md:5:13",
            "src/b.md:8:1"
        ],
        "{errs:#?}"
    );
}

#[test]
fn a_heading_with_the_same_id_is_a_warning() {
    assert_eq!(
        warnings(&[(
            "a.md",
            "# Set up\n\n<<#config-step title=\"Set up\">>\n1. a\n<</config-step>>\n"
        )]),
        vec![
            "src/a.md:3:1: warning: the heading `Set up` on this page has the same id `set-up` as this config step"
        ]
    );
    assert_eq!(
        warnings(&[("w.md", "<<#workflow-table>>\n")]),
        vec![
            "src/w.md:1:1: warning: `workflow-table` has no rows: the book has no `<<#config-step>>`"
        ]
    );
}

#[test]
fn last_step_link_must_name_a_chapter_and_heading() {
    let with = |link: &str| json!({"preprocessor": {"integration-guide": {"config-step": {"last-step-link": link}}}});
    let book = [
        ("setup.md", STEP),
        ("checks.md", "# Checks\n\n## Smoke test\n"),
    ];
    assert_eq!(
        book_errors(&book, with("check.md")),
        vec![
            "src/setup.md:1:1: error: `last-step-link = \"check.md\"` in book.toml names `check.md`, which is not a chapter of this book [did you mean `checks.md`?]"
        ]
    );
    assert_eq!(
        book_errors(&book, with("checks.md#smoke")),
        vec![
            "src/setup.md:1:1: error: `last-step-link = \"checks.md#smoke\"` in book.toml: `checks.md` has no heading with the id `smoke` [did you mean `#smoke-test`?]"
        ]
    );
}

#[test]
fn warn_mode_keeps_numbering_and_shows_the_broken_step() {
    let mut chapters = vec![chapter(
        "a.md",
        "<<#config-step title=\"A\">>\n<</config-step>>\n\n<<#config-step title=\"B\">>\n1. b\n<</config-step>>\n",
    )];
    let s = settings(json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}}));
    let out = expand_book(&mut chapters, &s).unwrap().remove(0);
    assert!(
        out.starts_with("<pre class=\"integration-guide-error\""),
        "{out}"
    );
    assert!(out.contains("## 2. B {#b}"), "{out}");
}

#[test]
fn readme_shows_the_book_wide_keys() {
    // Every shortcode, attribute, label and option, and the example's
    // label list: `readme.rs`.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for key in ["parties", "level", "last-step-link"] {
        assert!(readme.contains(&format!("\n{key} = ")), "README: {key}");
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const FRAGMENTS: &[&str] = &[
        "<<#config-step title=\"A | b\" party=\"P\" summary=\"S `|`\">>",
        "<<#config-step id=\"x\" title=\"X#\" level=6>>",
        "<<#config-step title=\"!!\">>",
        "<</config-step>>",
        "<<#before>>",
        "<</before>>",
        "<<#next>>",
        "<</next>>",
        "<<#workflow-table>>",
        "<</workflow-table>>",
        "<<#step-ref x>>",
        "a | <<#step-ref x>> | c",
        "- a \\| b | c | d |",
        "1. step",
        "",
        "text ü",
        "# Validation",
        "## Section",
        "| h | <<#step-ref x>> |",
        "|---|---|",
        "```",
    ];

    fn chapter_text() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(
                (
                    0..FRAGMENTS.len(),
                    prop::sample::select(vec!["", "> ", "- ", "  ", "> - "]),
                ),
                0..24,
            ),
            any::<bool>(),
        )
            .prop_map(|(lines, crlf)| {
                let eol = if crlf { "\r\n" } else { "\n" };
                lines
                    .into_iter()
                    .map(|(i, prefix)| format!("{prefix}{}{eol}", FRAGMENTS[i]))
                    .collect()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(384))]

        #[test]
        fn any_mix_expands_or_reports(a in chapter_text(), b in chapter_text(), warn in any::<bool>()) {
            let mut chapters = vec![chapter("a.md", &a), chapter("dir/b.md", &b)];
            let config = if warn {
                json!({"preprocessor": {"integration-guide": {"on-error": "warn", "parties": ["P"]}}})
            } else {
                json!({})
            };
            match expand_book(&mut chapters, &settings(config)) {
                Ok(out) => {
                    // CRLF input stays CRLF.
                    for (input, output) in [(&a, &out[0]), (&b, &out[1])] {
                        if input.contains("\r\n") {
                            prop_assert!(!output.replace("\r\n", "").contains('\n'), "{output:?}");
                        }
                    }
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}

#[test]
fn alternatives_one_alone_empty_or_outside_a_step() {
    let text = "\
# Steps

<<#config-step title=\"A\">>
Do it:
<<#alternative title=\"The only way\">>
1. x
<</alternative>>
<</config-step>>

<<#config-step title=\"B\">>
<<#alternative title=\" \">>
1. x
<</alternative>>
<<#alternative title=\"Two\">>
<</alternative>>
<</config-step>>

<<#alternative title=\"Outside\">>
1. x
<</alternative>>
";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:5:1: error: a config step with one alternative [an alternative is one of two or more ways to do the step: add another `<<#alternative>>`, or write this one as the procedure]",
            "src/chapter.md:11:23: error: the alternative's `title` is empty [say what this way is, e.g. title=\"Generate the key with the API\"]",
            "src/chapter.md:14:1: error: the alternative has no body [write what to do this way between `<<#alternative>>` and `<</alternative>>`]",
            "src/chapter.md:18:1: error: `<<#alternative>>` can only be used inside `config-step` [move it into the body of a `<<#config-step>>` block]",
        ]
    );
}

#[test]
fn a_heading_inside_a_step_changes_no_later_level_and_is_reported() {
    let text = "\
# Configuration

<<#config-step id=\"one\" title=\"One\">>
1. a

# Details

#### Fine: deeper than the step

<</config-step>>

<<#config-step id=\"two\" title=\"Two\">>
1. b
<</config-step>>
";
    let out = crate::support::expand(text).unwrap();
    assert!(out.contains("## 1. One {#one}\n"), "{out}");
    assert!(out.contains("## 2. Two {#two}\n"), "{out}");
    assert_eq!(
        warnings(&[("chapter.md", text)]),
        vec![
            "src/chapter.md:6:1: warning: the heading `Details` inside this config step is at level 1, not below the step's heading (level 2)",
        ]
    );
}

#[test]
fn optional_takes_a_flag() {
    assert_eq!(
        errors("<<#config-step title=\"A\" optional=maybe>>\n1. a\n<</config-step>>\n"),
        vec![
            "src/chapter.md:1:35: error: `optional` must be true or false, not `maybe` [`optional` takes `true` or `false`]",
        ]
    );
}

/// `check` reports a heading inside a step at the step's level, at its
/// place (the same warning `mdbook build` prints).
#[test]
fn check_notices_a_heading_inside_a_step() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Steps\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n",
    );
    write("src/SUMMARY.md", "# Summary\n\n- [Steps](steps.md)\n");
    write(
        "src/steps.md",
        "# Steps\n\n<<#config-step id=\"one\" title=\"One\">>\n1. a\n\n## Details\n<</config-step>>\n\n<<#config-step id=\"two\" title=\"Two\">>\n1. b\n<</config-step>>\n",
    );
    let out = std::process::Command::new(crate::support::BIN)
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let prefix = format!("{}/", dir.path().display());
    let found: Vec<String> = stdout
        .lines()
        .filter(|l| l.contains("warning[shortcode]"))
        .map(|l| l.replace(&prefix, ""))
        .collect();
    assert_eq!(
        found,
        vec![
            "src/steps.md:6:1: warning[shortcode]: the heading `Details` inside this config step is at level 2, not below the step's heading (level 2)"
        ],
        "{stdout}"
    );
}
