//! Issue 19, faults 1 and 6: what is (not) a shortcode, and the typing slips
//! that get one error at the value.

mod common;

use common::{errors, expand};
use proptest::prelude::*;

/// Fault 1: text that cannot be one of our tags is left alone, byte for byte.
#[test]
fn text_that_cannot_be_a_tag_is_left_alone() {
    for text in [
        // A grammar token rendered as raw HTML by a book's own preprocessor.
        "Lexer: <span class=\"grammar-literal\"><</span> and <span class=\"grammar-literal\"><<=</span>\n",
        "<span class=\"grammar-literal\"><</span>\n\nmore <code><</code>\n",
        // HTML names after `<<#` / `<</`, closed by `>` rather than `>>`.
        "<<#div>\n",
        "a <<#section id=\"x\"> b\n",
        "<</div>\n",
        "<</span> then <span>>></span>\n",
        // `<<` operators and other prose.
        "`x << 2` and x <<#y, or a <<# b, or a <</ b.\n",
        "shift: 1 <</2 and 3 <<#4\n",
        "<<#9lives>> <</>> <<#>>\n",
        // An unknown name in a tag that is not well formed.
        "<<#workflow-tabel title=\"open\n",
        "<<#custom a.b=1>>\n",
    ] {
        assert_eq!(expand(text).as_deref(), Ok(text), "{text:?}");
    }
}

/// Fault 1: a well-formed tag with an unknown name stays an error with a did
/// you mean; a shortcode's own name is a tag however it is broken.
#[test]
fn a_well_formed_unknown_tag_is_still_an_error() {
    assert_eq!(
        errors("<<#workflow-tabel>>\n"),
        [
            "src/chapter.md:1:4: error: unknown shortcode `workflow-tabel` [did you mean `workflow-table`?]"
        ]
    );
    assert_eq!(
        errors("x <<# toc>>\n").len(),
        1,
        "a space before a shortcode's name is a slip"
    );
    let e = errors("<<#toc depth=2\n");
    assert!(
        e[0].starts_with("src/chapter.md:1:1: error: shortcode `<<#toc` is not terminated"),
        "{e:?}"
    );
    let e = errors("<</note\n");
    assert!(
        e[0].contains("closing tag `<</note` is not terminated by `>>`"),
        "{e:?}"
    );
}

/// HTML element names (and `<<`-prefixed words) followed by `>`: never tags.
fn html_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["<<#", "<</"]),
        "[a-z][a-z0-9-]{0,8}",
        prop::sample::select(vec![">", " class=\"x\">", "", " ", "=1", ">x<", "\n"]),
        "[a-z <>=\"]{0,10}",
    )
        .prop_filter("not one of our names", |(_, name, _, _)| {
            !mdbook_integration_guide::shortcodes::registry()
                .names()
                .any(|n| n == name)
        })
        .prop_map(|(lead, name, tail, rest)| format!("{lead}{name}{tail}{rest}"))
        .prop_filter("no `>>` on the line", |s| !s.contains(">>"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn html_like_text_is_never_a_tag(body in html_like(), before in "[a-z ]{0,5}") {
        let text = format!("{before}{body}\n");
        prop_assert_eq!(expand(&text), Ok(text.clone()));
    }
}

/// Fault 6: curly quotes, one error per tag, located at the value.
#[test]
fn curly_quotes_get_one_error_at_the_value() {
    let cases = [
        (
            "<<#config-step id=\"s1\" title=“Create the token”>>\nBody.\n<</config-step>>\n",
            "src/chapter.md:1:30: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "Intro.\n\n<<#config-step id=\"s1\" title=‘Create the token’>>\nBody.\n<</config-step>>\n",
            "src/chapter.md:3:30: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "<<#config-step title=„Create the token“ id=\"s1\">>\nBody.\n<</config-step>>\n",
            "src/chapter.md:1:22: error: curly quotes are not quote marks here: use \"...\" [write `title=\"Create the token\"`]",
        ),
        (
            "See <<#step-ref “s1”>>.\n",
            "src/chapter.md:1:17: error: curly quotes are not quote marks here: use \"...\" [write `\"s1\"`]",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(errors(text), [want], "{text:?}");
    }
}

/// Fault 6: an unquoted value with spaces, one error at the value.
#[test]
fn an_unquoted_value_with_spaces_gets_one_error() {
    let hint = "[only a quoted value may contain spaces; '...' quotes work too]";
    assert_eq!(
        errors("<<#config-step id=\"s1\" title=Create API client>>\nBody.\n<</config-step>>\n"),
        [format!(
            "src/chapter.md:1:30: error: a value with spaces needs quotes: title=\"Create API client\" {hint}"
        )]
    );
    assert_eq!(
        errors(
            "# Guide\n\n<<#config-step party=API team id=s2 title=\"T\">>\nB.\n<</config-step>>\n"
        ),
        [format!(
            "src/chapter.md:3:22: error: a value with spaces needs quotes: party=\"API team\" {hint}"
        )]
    );
    // A known flag after a bare value is the flag, not part of the value.
    assert!(expand("# G\n\n## A\n\n<<#toc depth=2 ordered>>\n").is_ok());
}
