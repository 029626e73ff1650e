//! The `.vale.ini` that `init` writes (templates/init/vale.ini): its
//! `TokenIgnores` match every shortcode tag form and nothing else, and its
//! `BlockIgnores` skip the bodies of the data blocks but not prose blocks.
//! Vale uses Go's RE2 regexes; the `regex` crate has the same syntax (no
//! look-around, no back-references), so compiling here also checks that
//! Vale can read them.

use std::path::Path;

use regex::Regex;

const VALE_INI: &str = include_str!("../../templates/init/vale.ini");

/// The regexes of a `Key = a, b` line (Vale splits the list on commas).
fn list(key: &str) -> Vec<Regex> {
    let line = VALE_INI
        .lines()
        .find_map(|l| l.strip_prefix(key)?.trim_start().strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key} in vale.ini"));
    line.split(',')
        .map(|r| Regex::new(r.trim()).unwrap_or_else(|e| panic!("{key}: {r}: {e}")))
        .collect()
}

/// `text` with every match of `regexes` removed.
fn strip(text: &str, regexes: &[Regex]) -> String {
    regexes
        .iter()
        .fold(text.to_string(), |t, r| r.replace_all(&t, "").into_owned())
}

#[test]
fn init_writes_the_stanza() {
    let written = mdbook_integration_guide::init::FILES
        .iter()
        .find(|(path, _)| *path == ".vale.ini")
        .expect("init writes .vale.ini");
    assert_eq!(written.1, VALE_INI);
    assert!(VALE_INI.lines().any(|l| l.trim() == "[*.md]"));
}

#[test]
fn token_ignores_match_every_tag_form() {
    let tokens = list("TokenIgnores");
    for tag in [
        "<<#toc>>",
        "<<#toc depth=3 ordered>>",
        "<<#step-ref create-client>>",
        "<<#name \"a quoted positional\">>",
        "<<#api-example method=\"POST\" url=\"https://x.example/v2?a=1&b=2\" headers=\"Accept: a>b\">>",
        "<<#x title='it''s > that'>>",
        "\\<<#toc>>",
        "<</config-step>>",
        "<</data-flow>>",
    ] {
        let line = format!("Before {tag} after.");
        assert_eq!(strip(&line, &tokens), "Before  after.", "{tag}");
    }
    // Two tags on a line are two matches, the text between them kept.
    assert_eq!(strip("<<#a x=1>> middle <<#b>>", &tokens), " middle ");
    for not_a_tag in [
        "<<not a tag>>",
        "<< #toc>>",
        "<<#toc\nordered>>",
        "a >> b",
        "<<#>>",
    ] {
        assert_eq!(strip(not_a_tag, &tokens), not_a_tag, "{not_a_tag}");
    }
}

fn chapters(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            chapters(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_tag_of_the_template_and_the_example_is_ignored() {
    let tokens = list("TokenIgnores");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    chapters(&root.join("templates/init/src"), &mut files);
    chapters(&root.join("book-example/src"), &mut files);
    let mut tags = 0;
    for (path, text) in &files {
        tags += text.matches("<<#").count() + text.matches("<</").count();
        let left = strip(text, &tokens);
        for (n, line) in left.lines().enumerate() {
            assert!(
                !line.contains("<<#") && !line.contains("<</"),
                "{path}:{}: a tag Vale would check: {line}",
                n + 1
            );
        }
    }
    assert!(tags > 50, "only {tags} tags found");
}

#[test]
fn block_ignores_skip_data_bodies_and_keep_prose() {
    let blocks = list("BlockIgnores");
    let chapter = "# Architecture\n\nProse before.\n\n<<#data-flow title=\"A to B\" level=3>>\nSystem A -> System B: request a token (HTTPS)\nSystem B --> System A: the token\n<</data-flow>>\n\nProse between.\n\n> <<#status-codes>>\n> 201: Created it.\n> <</status-codes>>\n\n<<#config-step title=\"Create the client\" id=create-client>>\nProse of a procedure, checked.\n<</config-step>>\n\n<<#warning>>\nA warning, checked.\n<</warning>>\n";
    for text in [chapter.to_string(), chapter.replace('\n', "\r\n")] {
        let left = strip(&text, &blocks);
        for skipped in ["System A -> System B", "the token", "201: Created it."] {
            assert!(
                !left.contains(skipped),
                "{skipped} is still checked:\n{left}"
            );
        }
        for kept in [
            "Prose before.",
            "Prose between.",
            "Prose of a procedure, checked.",
            "A warning, checked.",
        ] {
            assert!(left.contains(kept), "{kept} is skipped:\n{left}");
        }
    }
    // The template's data-flow body is skipped.
    let template = include_str!("../../templates/init/src/architecture.md").replace("\r\n", "\n");
    assert!(template.contains("System A -> System B"));
    assert!(!strip(&template, &blocks).contains("System A -> System B"));
    // And its field and value map bodies.
    for row in ["Record ID -> External ID", "Active -> Enabled"] {
        assert!(template.contains(row));
        assert!(!strip(&template, &blocks).contains(row), "{row}");
    }
}
