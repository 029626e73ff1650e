//! Hostile input, each case with its exact diagnostic or exact output; and
//! a sweep over every registered shortcode with each attribute missing, of
//! the wrong type, or unknown.

use crate::support::{errors, expand};
use mdbook_integration_guide::api::{AttrType, BodyRule, Spec};
use mdbook_integration_guide::shortcodes;

/// A valid value of a type, as written in a tag.
fn valid(ty: AttrType) -> String {
    match ty {
        AttrType::Text => "\"x\"".into(),
        AttrType::Int { min, .. } => min.to_string(),
        AttrType::Bool => "true".into(),
        AttrType::Choice(options) => format!("\"{}\"", options[0]),
        AttrType::Words(words) => format!("\"{}\"", words[0]),
        AttrType::Id => "some-id".into(),
    }
}

/// A value of the wrong type, and the message it must produce.
fn wrong(name: &str, ty: AttrType) -> Option<(String, String)> {
    Some(match ty {
        AttrType::Text => return None,
        AttrType::Int { .. } => (
            "\"x\"".into(),
            format!("`{name}` must be a whole number, not `x`"),
        ),
        AttrType::Bool => (
            "maybe".into(),
            format!("`{name}` must be true or false, not `maybe`"),
        ),
        AttrType::Choice(_) | AttrType::Words(_) => (
            "\"zzz\"".into(),
            format!("`zzz` is not a valid value for `{name}`"),
        ),
        AttrType::Id => (
            "\"a b\"".into(),
            format!("`a b` is not a valid id for `{name}`"),
        ),
    })
}

/// The chapter text of one invocation with the given attributes, wrapped
/// in a parent when the shortcode needs one. Returns the text and the
/// 1-based line of the tag.
fn invocation(spec: &Spec, attrs: &str) -> (String, usize) {
    let open = format!(
        "<<#{}{}{}>>",
        spec.name,
        if attrs.is_empty() { "" } else { " " },
        attrs
    );
    let own = match spec.body {
        BodyRule::None => open,
        BodyRule::Required | BodyRule::Optional => format!("{open}\nbody\n<</{}>>", spec.name),
    };
    if spec.parents.is_empty() {
        (format!("# T\n\n{own}\n"), 3)
    } else {
        (
            format!(
                "# T\n\n<<#{} title=\"P\">>\n1. x\n{own}\n<</{}>>\n",
                spec.parents[0], spec.parents[0]
            ),
            5,
        )
    }
}

/// Required attributes filled with valid values, except `skip`.
fn required_except(spec: &Spec, skip: &str) -> Vec<String> {
    spec.attrs
        .iter()
        .filter(|a| a.required && a.name != skip)
        .map(|a| format!("{}={}", a.name, valid(a.ty)))
        .collect()
}

#[test]
fn every_shortcode_every_attribute_missing_wrong_or_unknown() {
    let mut checked = 0;
    for shortcode in shortcodes::all() {
        let spec = shortcode.spec();
        let col_of = |text: &str, line: usize, needle: &str| {
            let l = text.lines().nth(line - 1).unwrap();
            l[..l.find(needle).unwrap()].chars().count() + 1
        };
        for attr in spec.attrs {
            // Missing.
            if attr.required {
                let (text, line) = invocation(spec, &required_except(spec, attr.name).join(" "));
                let want = format!(
                    "src/chapter.md:{line}:1: error: `{}` needs the attribute `{}`",
                    spec.name, attr.name
                );
                let errs = errors(&text);
                assert!(
                    errs.iter().any(|e| e.starts_with(&want)),
                    "{want}\nin {errs:#?}\nfor {text}"
                );
                checked += 1;
            }
            // Wrong type.
            if let Some((value, message)) = wrong(attr.name, attr.ty) {
                let mut attrs = required_except(spec, attr.name);
                attrs.push(format!("{}={value}", attr.name));
                let (text, line) = invocation(spec, &attrs.join(" "));
                let col = col_of(&text, line, &format!("{}={value}", attr.name))
                    + attr.name.len()
                    + 1
                    + usize::from(value.starts_with('"'));
                let want = format!("src/chapter.md:{line}:{col}: error: {message}");
                let errs = errors(&text);
                assert!(
                    errs.iter().any(|e| e.starts_with(&want)),
                    "{want}\nin {errs:#?}\nfor {text}"
                );
                checked += 1;
            }
        }
        // Unknown.
        let mut attrs = required_except(spec, "");
        attrs.push("zzzz=1".into());
        let (text, line) = invocation(spec, &attrs.join(" "));
        let col = col_of(&text, line, "zzzz=1");
        let want = format!(
            "src/chapter.md:{line}:{col}: error: unknown attribute `zzzz` for `{}`",
            spec.name
        );
        let errs = errors(&text);
        assert!(
            errs.iter().any(|e| e.starts_with(&want)),
            "{want}\nin {errs:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 39, "only {checked} cases");
}

#[test]
fn unclosed_and_mismatched_blocks() {
    assert_eq!(
        errors("<<#note>>\nbody\n"),
        vec![
            "src/chapter.md:1:1: error: block `<<#note>>` is not closed [add `<</note>>` on its own line after the body]"
        ]
    );
    assert_eq!(
        errors("<<#note>>\nbody\n<</tip>>\n"),
        vec![
            "src/chapter.md:1:1: error: block `<<#note>>` is not closed [add `<</note>>` on its own line after the body]",
            "src/chapter.md:3:1: error: closing tag `<</tip>>` has no matching opening tag [did you mean `<</note>>`?] (note: the open block is `<<#note>>` at src/chapter.md:1:1)",
        ]
    );
    assert_eq!(
        errors("<<#note>>\n<<#tip>>\nx\n<</note>>\n<</tip>>\n"),
        vec![
            "src/chapter.md:2:1: error: block `<<#tip>>` is not closed before `<</note>>` [add `<</tip>>` on its own line after the body] (note: `<</note>>` closes the enclosing block here at src/chapter.md:4:1)",
            "src/chapter.md:5:1: error: closing tag `<</tip>>` has no matching opening tag [open the block with `<<#tip>>` on its own line, or remove this tag]",
        ]
    );
}

#[test]
fn ten_thousand_deep_nesting_is_one_error() {
    let text = "<<#note>>\n".repeat(10_000) + "x\n" + &"<</note>>\n".repeat(10_000);
    assert_eq!(
        errors(&text),
        vec![
            "src/chapter.md:33:1: error: shortcodes are nested more than 32 deep [close some blocks before opening new ones]"
        ]
    );
}

#[test]
fn a_five_megabyte_attribute() {
    let big = "9".repeat(5 << 20);
    let errs = errors(&format!("<<#toc depth=\"{big}\">>\n"));
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0],
        format!(
            "src/chapter.md:1:15: error: `depth` must be a whole number, not `{}…` [`depth` takes a whole number from 1 to 6]",
            "9".repeat(60)
        )
    );
    let out = expand(&format!("<<#note>>\n{}\n<</note>>\n", "a".repeat(5 << 20))).unwrap();
    assert_eq!(out.len(), (5 << 20) + "> [!NOTE]\n> \n".len());
}

#[test]
fn tags_split_across_lines_or_cut_off() {
    assert_eq!(
        errors("<<#toc\ndepth=2>>\n"),
        vec![
            "src/chapter.md:1:1: error: shortcode `<<#toc` is not terminated by `>>` on its line [a tag must end with `>>` on the line where it starts; to show `<<#` literally, write `\\<<#`]"
        ]
    );
    // No name after `<<#` / `<</`: text, not a tag (issue 19, fault 1).
    assert_eq!(expand("text\n<<#").unwrap(), "text\n<<#");
    assert_eq!(expand("x <</").unwrap(), "x <</");
}

#[test]
fn nul_control_and_invisible_characters() {
    assert_eq!(
        errors("<<#toc\u{0}>>\n"),
        vec![
            "src/chapter.md:1:7: error: `<<#toc` is followed by `<U+0000>`, which cannot be part of a shortcode name [names use ASCII letters, digits, `-` and `_`; separate arguments with plain spaces]"
        ]
    );
    assert_eq!(
        errors("<<#no\u{200b}te>>\nx\n<</note>>\n")[0],
        "src/chapter.md:1:6: error: `<<#no` is followed by `<U+200B>`, which cannot be part of a shortcode name [names use ASCII letters, digits, `-` and `_`; separate arguments with plain spaces]"
    );
    assert_eq!(
        errors("<<#toc\u{a0}depth=2>>\n"),
        vec![
            "src/chapter.md:1:7: error: `<<#toc` is followed by `<U+00A0>`, which cannot be part of a shortcode name [names use ASCII letters, digits, `-` and `_`; separate arguments with plain spaces]"
        ]
    );
    assert_eq!(
        errors("<<#toc depth=\"\u{7}\">>\n"),
        vec![
            "src/chapter.md:1:15: error: `depth` must be a whole number, not `<U+0007>` [`depth` takes a whole number from 1 to 6]"
        ]
    );
    // NUL bytes in ordinary text pass through.
    assert_eq!(expand("a\u{0}b\n").unwrap(), "a\u{0}b\n");
}

#[test]
fn invalid_escapes() {
    assert_eq!(
        errors("<<#toc depth=\"2\\n\">>\n"),
        vec![
            "src/chapter.md:1:16: error: invalid escape `\\n` in a quoted value [inside \"...\" only `\\\"` and `\\\\` are escapes; write `\\\\` for a backslash]"
        ]
    );
}

#[test]
fn crlf_mixed_line_endings_and_a_bom() {
    assert_eq!(
        expand("\u{feff}a\r\n\r\n<<#note>>\r\nbody\nmore\r\n<</note>>\r\nz\n").unwrap(),
        "\u{feff}a\r\n\r\n> [!NOTE]\r\n> body\r\n> more\r\n\r\nz\n"
    );
}

#[test]
fn right_to_left_and_combining_characters_count_as_characters() {
    // Hebrew with combining points: every code point is one column.
    let text = "שָׁלוֹם <<#tco>>\n";
    let col = text[..text.find("<<").unwrap()].chars().count() + 4;
    assert_eq!(
        errors(text),
        vec![format!(
            "src/chapter.md:1:{col}: error: unknown shortcode `tco` [did you mean `toc`?]"
        )]
    );
    let text = "e\u{301}e\u{301} x <<#tpi>>\n";
    assert_eq!(
        errors(text)[0],
        "src/chapter.md:1:11: error: unknown shortcode `tpi` [did you mean `tip`?]"
    );
}
