//! "Done when" (issue 19), with the neighbours: a book with no shortcodes
//! but the neighbours' own constructs (a mermaid block, a toc marker,
//! tabs, math) builds to byte-identical HTML with and without our
//! preprocessor, ours in the order `install` sets, and `check` reports
//! nothing on it.

use super::{book, install};

const CHAPTERS: &[(&str, &str)] = &[
    (
        "intro.md",
        r#"# Introduction

<!-- toc -->

## Architecture

```mermaid
sequenceDiagram
    A->>B: hello <there> & "you"
```

> A quote with a diagram:
>
> ```mermaid
> graph TD
> A --> B
> ```

## Setup

{{#tabs }}
{{#tab name="Linux" }}
Run `apt install acme`.
{{#endtab }}
{{#tab name="macOS" }}
Run `brew install acme` and pay $5 and $6.
{{#endtab }}
{{#endtabs }}

### Math

The fee is $f = 0.02 \cdot a$; shift with `a << 2` and <span>x</span><</span>.

- A list item with a footnote[^1].

[^1]: The footnote.
"#,
    ),
    (
        "more.md",
        "# More\n\n<!-- toc -->\n\n## One\n\n$$\n\\sum_i x_i\n$$\n\n## Two\n",
    ),
];

fn byte_identical(neighbours: &str) {
    let toml = format!("[book]\ntitle = \"Neighbours\"\n\n{neighbours}");
    let plain = book(&toml, CHAPTERS);
    mdbook_driver::MDBook::load(plain.path())
        .and_then(|md| md.build())
        .unwrap();

    let with = book(&toml, CHAPTERS);
    install(with.path());
    // The order install sets, without its stylesheet and script (which
    // change every page's <head>).
    let path = with.path().join("book.toml");
    let mut doc: toml_edit::DocumentMut = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    doc["output"]["html"]
        .as_table_like_mut()
        .unwrap()
        .remove("additional-css");
    doc["output"]["html"]
        .as_table_like_mut()
        .unwrap()
        .remove("additional-js");
    std::fs::write(&path, doc.to_string()).unwrap();
    // `check` reports nothing on it.
    let report = crate::support::text(&crate::support::check_in(with.path(), &[]).stdout);
    assert!(report.contains("no problems found in the book"), "{report}");
    let built = crate::support::build_dir(with);
    assert_eq!(built.result, Ok(()), "{}", built.stderr);

    let without = crate::support::files_under(&plain.path().join("book"));
    let with = crate::support::files_under(&built.root().join("book"));
    assert_eq!(
        without.keys().collect::<Vec<_>>(),
        with.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &without {
        assert!(
            with[path] == *bytes,
            "{path} differs with the preprocessor:\n{}",
            String::from_utf8_lossy(&with[path])
        );
    }
    // The neighbours did run.
    let intro = String::from_utf8_lossy(&without["intro.html"]).into_owned();
    assert!(
        intro.contains("<pre class=\"mermaid\">sequenceDiagram"),
        "{intro}"
    );
    assert!(
        intro.contains("<a href=\"#architecture\">Architecture</a>"),
        "{intro}"
    );
    assert!(intro.contains("mdbook-tabs-container"), "{intro}");
    assert_eq!(
        intro.contains("<span class=\"katex\">"),
        neighbours.contains("mdbook-katex"),
        "{intro}"
    );
}

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn a_book_without_shortcodes_is_byte_identical_with_mermaid_toc_and_tabs() {
    byte_identical(
        "[preprocessor.mermaid]\ncommand = \"{mdbook-mermaid}\"\n\n[preprocessor.toc]\ncommand = \"{mdbook-toc}\"\n\n[preprocessor.tabs]\ncommand = \"{mdbook-tabs}\"\n",
    );
}

#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn a_book_without_shortcodes_is_byte_identical_with_katex_too() {
    byte_identical(
        "[preprocessor.mermaid]\ncommand = \"{mdbook-mermaid}\"\n\n[preprocessor.toc]\ncommand = \"{mdbook-toc}\"\n\n[preprocessor.tabs]\ncommand = \"{mdbook-tabs}\"\n\n[preprocessor.katex]\ncommand = \"{mdbook-katex}\"\nafter = [\"links\"]\n",
    );
}
