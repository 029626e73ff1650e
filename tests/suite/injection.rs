//! No attribute or body text of the engine's own structures (config steps,
//! workflow table, step references, tables of contents, Topics lists,
//! error boxes) can inject markup into the rendered page. The template
//! shortcodes have their own sweep in `e2e_template`. Free Markdown
//! bodies (a step's procedure, `before`, `next`, callouts) are the
//! chapter's own Markdown and pass through as written, like any chapter.

use crate::support::build_example;

const EVIL: &str = "<script>alert(1)</script>\"'&";

fn chapter() -> String {
    let a = EVIL.replace('"', "\\\"");
    let e = EVIL;
    format!(
        r#"# Injection

<<#topics label="T{a}">>

## Heading \<script>alert(1)\</script>"'&amp;

<<#toc>>

<<#config-step id="evil-step" title="S{a}" party="Both" summary="M{a}">>
<<#before>>
- B
<</before>>
1. D
<<#next>>
N <<#step-ref evil-step format="F{a} {{title}}">>
<</next>>
<</config-step>>

<<#workflow-table>>
Both | <<#step-ref evil-step>> | R{e} \| x
<</workflow-table>>

<<#tco x="X{a}">>

Inline <<#step-ref nope{e}>> too.
"#
    )
}

#[test]
fn markup_in_engine_structures_and_error_boxes_is_escaped() {
    let built = build_example(|root| {
        std::fs::write(root.join("src/injection.md"), chapter()).unwrap();
        let summary = root.join("src/SUMMARY.md");
        let text = std::fs::read_to_string(&summary).unwrap().replace(
            "- [Validation](validation.md)",
            "- [Validation](validation.md)\n- [Injection](injection.md)",
        );
        std::fs::write(&summary, text).unwrap();
        let toml = root.join("book.toml");
        let text = std::fs::read_to_string(&toml).unwrap().replace(
            "after = [\"links\", \"index\"]",
            "after = [\"links\", \"index\"]\non-error = \"warn\"",
        );
        std::fs::write(&toml, text).unwrap();
    });
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    // The broken ones were reported, as warnings.
    assert!(
        built.stderr.contains("unknown shortcode `tco`"),
        "{}",
        built.stderr
    );
    for page in ["injection.html", "print.html", "workflow.html"] {
        let html = built.html(page);
        let main = crate::support::main_of(&html);
        assert!(!main.contains("<script"), "{page}: a raw <script>\n{main}");
        let alerts = main.matches("alert(1)").count();
        let escaped = main
            .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count();
        assert_eq!(alerts, escaped, "{page}: unescaped markup\n{main}");
        if page != "workflow.html" {
            assert!(
                escaped >= 10,
                "{page}: only {escaped} escaped texts\n{main}"
            );
        }
    }
    // The error boxes are there, with the source escaped.
    let html = built.html("injection.html");
    assert_eq!(
        html.matches("class=\"integration-guide-error\"").count(),
        2,
        "{html}"
    );
}
