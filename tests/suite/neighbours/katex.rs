//! mdbook-katex 0.10.0 (issue 19 §8). It reads any two `$` outside
//! backtick code, even across lines and inside our `<<#...>>` tags, as
//! math, so it must run after us: then our shortcodes see their attributes
//! as written and write `$` in prose as `\$`, which it skips. Its
//! documented `after = ["links"]` puts it in our round of mdBook's order,
//! after us only by name; without it, it runs before us.

use super::{book, build, install, main_html, order_warnings};

const TOML: &str = "[book]\ntitle = \"Katex\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.katex]\ncommand = \"{mdbook-katex}\"\n";

const CHAPTER: &str = r#"# Validation

The fee is $f = 0.02 \cdot a$ of the amount.

<<#note>>
In a callout, math too: $a^2$.
<</note>>

<<#api-example method="GET" url="https://api.globex.example/v2/invoices/$ID" status=200 auth="Bearer $TOKEN">>
```json
{"number": "INV-1"}
```
<</api-example>>
"#;

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn katex_after_us_leaves_dollars_in_attributes_alone() {
    // Before us (no constraints: mdBook's first round): the tag's `$`s
    // become math; `check` says what to set.
    let dir = book(TOML, &[("validation.md", CHAPTER)]);
    assert_eq!(
        order_warnings(dir.path()),
        [
            "book.toml:7:1: [preprocessor.katex] (mdbook-katex) runs before [preprocessor.integration-guide] in mdBook's order: two `$` in shortcode attributes (`auth=\"Bearer $TOKEN\"` ... `$ID`) become math and break the shortcode; add \"katex\" to `before` in [preprocessor.integration-guide] (`mdbook-integration-guide install` does)"
        ]
    );
    let built = crate::support::build_dir(dir);
    // The tag we receive has katex's HTML where `$ID" status=200 auth="Bearer $`
    // was (line 11: its rendering of the math before has made lines): the
    // build fails, at the tag.
    assert!(built.result.is_err());
    assert!(
        built.stderr.contains("src/validation.md:11:")
            && built.stderr.contains("/v2/invoices/<span class=\"katex\">"),
        "{}",
        built.stderr
    );

    // In install's order: the request as written, and the prose math.
    let dir = book(TOML, &[("validation.md", CHAPTER)]);
    let said = install(dir.path());
    assert!(
        said.contains("added \"katex\" to `before` in [preprocessor.integration-guide] (mdbook-katex runs after it)"),
        "{said}"
    );
    assert_eq!(order_warnings(dir.path()), Vec::<String>::new());
    let built = build(dir);
    let main = main_html(&built, "validation.html");
    assert!(
        main.contains("<p>The fee is <span class=\"katex\">"),
        "no math: {main}"
    );
    assert!(
        main.contains("<pre><code class=\"language-sh\">curl --globoff --include \"https://api.globex.example/v2/invoices/$ID\" \\\n  --header \"Authorization: Bearer $TOKEN\""),
        "{main}"
    );
    assert!(!main.contains("&lt;&lt;#api-example"), "{main}");
    let note = main
        .split("blockquote-tag-note\">")
        .nth(1)
        .unwrap()
        .split("</blockquote>")
        .next()
        .unwrap();
    assert!(
        note.contains("<p>In a callout, math too: <span class=\"katex\">"),
        "{note}"
    );
}
