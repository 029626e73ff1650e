//! The engine through its public API: splicing, containers, escapes,
//! structure errors with exact positions.

use crate::support::{chapter, errors, expand, expand_book, settings};
use serde_json::json;

#[test]
fn text_without_shortcodes_is_untouched() {
    let text = "\u{feff}# Title\r\n\r\nTabs\tand  spaces  \r\n<< not a tag >>\n";
    assert_eq!(expand(text).unwrap(), text);
}

#[test]
fn toc_lists_levels_two_and_three() {
    let text = "# T\n\n<<#toc>>\n\n## A b\n### C `d`\n#### deep\n## A b\n";
    let out = expand(text).unwrap();
    assert_eq!(
        out,
        "# T\n\n- [A b](#a-b)\n  - [C d](#c-d)\n- [A b](#a-b-1)\n\n## A b\n### C `d`\n#### deep\n## A b\n"
    );
}

#[test]
fn toc_depth_from_and_ordered() {
    let text = "<<#toc from=1 depth=1 ordered>>\n\n# One\n## skip\n# Two\n";
    assert_eq!(
        expand(text).unwrap(),
        "1. [One](#one)\n1. [Two](#two)\n\n# One\n## skip\n# Two\n"
    );
}

#[test]
fn crlf_is_kept_outside_and_used_inside() {
    let text = "Intro\r\n<<#toc>>\r\n## A\r\n### B\r\n";
    assert_eq!(
        expand(text).unwrap(),
        "Intro\r\n\r\n- [A](#a)\r\n  - [B](#b)\r\n## A\r\n### B\r\n"
    );
}

#[test]
fn block_expansion_keeps_list_and_quote_prefixes() {
    let text = "## A\n\n- item\n\n  <<#toc>>\n\n> <<#toc>>\n";
    assert_eq!(
        expand(text).unwrap(),
        "## A\n\n- item\n\n  - [A](#a)\n\n> - [A](#a)\n"
    );
}

#[test]
fn escapes_show_the_shortcode_literally() {
    let text = "Write \\<<#toc>> or \\<</note>>; `\\<<#toc>>` stays.\n";
    assert_eq!(
        expand(text).unwrap(),
        "Write <<#toc>> or <</note>>; `\\<<#toc>>` stays.\n"
    );
}

#[test]
fn nothing_in_code_or_comments_is_expanded() {
    let text = "`<<#toc>>`\n\n```md\n<<#toc>>\n```\n\n    <<#toc>>\n\n<!--\n<<#nope>>\n-->\n";
    assert_eq!(expand(text).unwrap(), text);
}

#[test]
fn unknown_shortcode_with_suggestion() {
    assert_eq!(
        errors("Text\n\n<<#tco>>\n"),
        vec!["src/chapter.md:3:4: error: unknown shortcode `tco` [did you mean `toc`?]"]
    );
}

#[test]
fn attribute_errors() {
    assert_eq!(
        errors("<<#toc depht=2>>\n"),
        vec![
            "src/chapter.md:1:8: error: unknown attribute `depht` for `toc` [did you mean `depth`?]"
        ]
    );
    assert_eq!(
        errors("<<#toc depth=x>>\n"),
        vec![
            "src/chapter.md:1:14: error: `depth` must be a whole number, not `x` [`depth` takes a whole number from 1 to 6]"
        ]
    );
    assert_eq!(
        errors("<<#toc depth=9>>\n"),
        vec![
            "src/chapter.md:1:14: error: `depth` is 9, outside 1..=6 [`depth` takes a whole number from 1 to 6]"
        ]
    );
    assert_eq!(
        errors("<<#toc depth=2 depth=3>>\n"),
        vec![
            "src/chapter.md:1:16: error: attribute `depth` is given twice [keep one of them] (note: it is given first here at src/chapter.md:1:8)"
        ]
    );
    assert_eq!(
        errors("<<#toc \"x\">>\n"),
        vec![
            "src/chapter.md:1:8: error: `toc` takes no positional argument [`toc` takes `depth`, `from`, `ordered`, `scope`, `drafts`]"
        ]
    );
}

#[test]
fn block_structure_errors() {
    // The hint lists every known shortcode (sorted); the list grows.
    let unknown = errors("<<#unknownblock>>\nbody\n");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].starts_with(
            "src/chapter.md:1:4: error: unknown shortcode `unknownblock` [known shortcodes: "
        ) && unknown[0].contains("toc"),
        "{unknown:?}"
    );
    assert_eq!(
        errors("a\n\n<</toc>>\n"),
        vec![
            "src/chapter.md:3:1: error: closing tag `<</toc>>` has no matching opening tag [`toc` takes no body; remove this tag]"
        ]
    );
    assert_eq!(
        errors("Some <<#toc>> inline\n"),
        vec![
            "src/chapter.md:1:6: error: the block-level shortcode `<<#toc>>` must stand alone on its line [put it on a line of its own, with a blank line before and after]"
        ]
    );
}

#[test]
fn all_errors_in_all_chapters_are_reported() {
    let mut chapters = vec![
        chapter("a.md", "<<#tocc>>\n\n<<#toc deep=1>>\n"),
        chapter("dir/b.md", "ok\n\n<<#toc ordered=maybe>>\n"),
    ];
    let errs = expand_book(&mut chapters, &settings(json!({}))).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs[0].starts_with("src/a.md:1:4: error: unknown shortcode `tocc`"));
    assert!(errs[1].starts_with("src/a.md:3:8: error: unknown attribute `deep`"));
    assert!(errs[2].starts_with("src/dir/b.md:3:16: error: `ordered` must be true or false"));
    // Nothing was changed.
    assert_eq!(chapters[1].content, "ok\n\n<<#toc ordered=maybe>>\n");
}

#[test]
fn warn_mode_renders_an_error_box_and_keeps_the_rest() {
    let mut chapters = vec![chapter(
        "a.md",
        "## A\n\n<<#toc>>\n\n<<#tco x=\"<b>\">>\n\ntail\n",
    )];
    let s = settings(json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}}));
    let out = expand_book(&mut chapters, &s).unwrap().remove(0);
    assert_eq!(
        out,
        "## A\n\n- [A](#a)\n\n<pre class=\"integration-guide-error\" role=\"alert\"><strong>integration-guide: broken shortcode at src/a.md:5:1: unknown shortcode `tco` (did you mean `toc`?)</strong>\n&lt;&lt;#tco x=&quot;&lt;b&gt;&quot;&gt;&gt;</pre>\n\ntail\n"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(
        errors("## Ünïcödé\n\nçà <<#toc>>\n"),
        vec![
            "src/chapter.md:3:4: error: the block-level shortcode `<<#toc>>` must stand alone on its line [put it on a line of its own, with a blank line before and after]"
        ]
    );
}

#[test]
fn a_bom_before_a_block_shortcode_on_line_one() {
    assert_eq!(
        expand("\u{feff}<<#toc>>\n\n## A\n").unwrap(),
        "\u{feff}- [A](#a)\n\n## A\n"
    );
}
