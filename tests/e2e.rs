//! End to end: build `book-example` with the real mdBook and our binary,
//! and inspect the rendered HTML.

mod common;
use common::{build_example, ids_in, links_in_main};

const PAGES: &[&str] = &[
    "index.html",
    "introduction.html",
    "architecture.html",
    "prerequisites.html",
    "configuration/index.html",
    "configuration/acme.html",
    "configuration/globex.html",
    "validation.html",
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
        std::fs::write(&path, text.replace("<<#toc>>", "<<#toc dpth=2>>")).unwrap();
    });
    let err = built.result.expect_err("the build must fail");
    assert!(err.contains("integration-guide"), "{err}");
    assert!(
        built
            .stderr
            .contains("src/validation.md:3:8: error: unknown attribute `dpth` for `toc`"),
        "{}",
        built.stderr
    );
    assert!(
        built.stderr.contains("did you mean `depth`?"),
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
            .contains("src/audience.md:12:4: warning: unknown shortcode `tco`"),
        "{}",
        built.stderr
    );
    let html = built.html("audience.html");
    assert!(html.contains("class=\"integration-guide-error\""), "{html}");
    assert!(html.contains("&lt;&lt;#tco&gt;&gt;"));
    assert!(
        html.contains("You should know how OAuth 2.0"),
        "the rest of the chapter is intact"
    );
}

#[test]
fn errors_in_included_text_point_at_the_included_file() {
    let built = build_example(|root| {
        let path = root.join("src/snippets/prerequisites.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("<<#toc>>", "<<#toc depth=7>>")).unwrap();
    });
    assert!(built.result.is_err());
    assert!(
        built
            .stderr
            .contains("src/snippets/prerequisites.md:4:14: error: `depth` is 7, outside 1..=6"),
        "{}",
        built.stderr
    );
}
