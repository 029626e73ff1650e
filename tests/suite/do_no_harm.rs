//! "Do no harm": text outside shortcodes reaches mdBook byte for byte,
//! checked over every CommonMark 0.31.2 spec example and by property tests.

use crate::support::{chapter, expand, expand_book, settings};
use proptest::prelude::*;
use serde_json::{Value, json};

fn spec_examples() -> Vec<(u64, String)> {
    let data: Value =
        serde_json::from_str(include_str!("../data/commonmark-spec-0.31.2.json")).unwrap();
    data["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["number"].as_u64().unwrap(),
                e["markdown"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_commonmark_spec_example_passes_through_unchanged() {
    let examples = spec_examples();
    assert_eq!(examples.len(), 652);
    for (number, markdown) in &examples {
        assert_eq!(
            &expand(markdown).unwrap(),
            markdown,
            "spec example {number}"
        );
    }
}

#[test]
fn spec_examples_after_a_shortcode_are_unchanged() {
    for (number, markdown) in spec_examples() {
        let input = format!("<<#toc>>\n\n{markdown}");
        let out = expand(&input).unwrap_or_else(|e| panic!("example {number}: {e:?}"));
        assert!(
            !out.starts_with("<<#toc>>"),
            "example {number}: not expanded"
        );
        assert!(
            out.ends_with(&format!("\n\n{markdown}")),
            "example {number}: {out:?}"
        );
    }
}

/// Text that never contains `<<`: arbitrary Markdown-ish bytes.
fn plain_markdown() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("```".to_string()),
        Just("`".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("<".to_string()),
        Just("#".to_string()),
        Just("/".to_string()),
        Just("\\".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{00a0}".to_string()),
        "[a-zé漢🙂 *_\\[\\]()!{}:.=\"']{1,8}",
    ];
    prop::collection::vec(pieces, 0..40)
        .prop_map(|v| v.concat())
        .prop_filter("no `<<`", |s| !s.contains("<<"))
}

/// [`plain_markdown`] with environment references around: `{env:key}`
/// and `\{env:` outside code blocks that opt in, and code blocks with
/// other info strings, which the engine must leave as they are.
fn markdown_with_env_references() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        plain_markdown(),
        Just("{env:base-url}".to_string()),
        Just("{env:nope}".to_string()),
        Just("\\{env:base-url}".to_string()),
        Just("{env:".to_string()),
        Just("```sh\n".to_string()),
        Just("```sh,envy\n".to_string()),
        Just("~~~\n".to_string()),
        Just("`{env:token-url}`".to_string()),
    ];
    prop::collection::vec(pieces, 0..12)
        .prop_map(|v| v.concat())
        .prop_filter("no `<<`, no fence that opts in", |s| {
            !s.contains("<<")
                && !s
                    .lines()
                    .any(|l| (l.contains("```") || l.contains("~~~")) && l.contains(" env"))
                && !s.contains(",env\n")
                && !s.contains(",env\r")
                && !s.contains(",env,")
        })
}

/// Text full of shortcode-like fragments.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<<#toc>>".to_string()),
        Just("<<#toc depth=2 ordered>>".to_string()),
        Just("<</toc>>".to_string()),
        Just("<<#".to_string()),
        Just("<</".to_string()),
        Just(">>".to_string()),
        Just("<<#x a=\"b\\\"c\" 'd' e=f g>>".to_string()),
        Just("<</x>>".to_string()),
        Just("\\<<#toc>>".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("```\n".to_string()),
        Just("`".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("    ".to_string()),
        Just("## Heading\n".to_string()),
        Just("| <<#toc>> |\n|---|\n".to_string()),
        "[a-zé漢🙂\u{0}\u{200b} ]{1,6}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn markdown_without_shortcodes_is_byte_identical(text in plain_markdown()) {
        prop_assert_eq!(expand(&text).unwrap(), text);
    }

    #[test]
    fn untouched_text_is_byte_identical_with_environments_configured(
        text in markdown_with_env_references()
    ) {
        let s = settings(crate::environments::config());
        let mut chapters = vec![chapter("c.md", &text)];
        let out = expand_book(&mut chapters, &s).unwrap();
        prop_assert_eq!(&out[0], &text);
    }

    #[test]
    fn any_input_never_panics_and_is_deterministic(text in hostile_markdown()) {
        let first = expand(&text);
        let second = expand(&text);
        prop_assert_eq!(&first, &second);
        if let Ok(out) = first {
            // Whatever expanded, the text before the first tag is untouched.
            let cut = text.find("<<").unwrap_or(text.len());
            let cut = text[..cut].rfind('\n').map_or(0, |i| i + 1);
            prop_assert!(out.starts_with(&text[..cut]));
        }
    }

    #[test]
    fn warn_mode_never_fails_and_keeps_text_around_tags(text in hostile_markdown()) {
        let s = settings(json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}}));
        let mut chapters = vec![chapter("c.md", &text)];
        let out = expand_book(&mut chapters, &s);
        prop_assert!(out.is_ok());
    }
}
