//! The heading-id corpus: `tests/data/heading-ids` is a small book of tricky
//! headings and definition terms. The ids the real mdBook (0.5.4, through
//! mdbook-driver) gives them are recorded in the insta snapshots
//! `expected-smart.snap` and `expected-plain.snap` (smart punctuation on and
//! off), one `chapter<TAB>tag<TAB>id` line per element in page order.
//! `src/ids.rs` must compute exactly those ids; the recording is rebuilt on
//! every run to keep it honest. Regenerate with `INSTA_UPDATE=always cargo
//! test --test suite heading_ids::` (or `cargo insta review`).

use std::path::{Path, PathBuf};

use crate::support::snapshot::{assert_golden, snapshot_body};

use mdbook_integration_guide::ids::{self, Place};
use mdbook_integration_guide::markdown::ParseOptions;

const CHAPTERS: &[&str] = &["headings.md", "notes.md", "containers.md"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/heading-ids")
}

const CORPUS: &str = "tests/data/heading-ids";

/// The name of the recording's snapshot, `<CORPUS>/<name>.snap`.
fn recorded_name(smart: bool) -> &'static str {
    if smart {
        "expected-smart"
    } else {
        "expected-plain"
    }
}

fn mode(smart: bool) -> &'static str {
    if smart {
        "smart punctuation on"
    } else {
        "smart punctuation off"
    }
}

/// Our ids, in the order the elements appear on the rendered page.
fn ours(smart: bool) -> Vec<String> {
    let options = ParseOptions {
        smart_punctuation: smart,
        ..ParseOptions::default()
    };
    let mut lines = Vec::new();
    for chapter in CHAPTERS {
        let text = std::fs::read_to_string(corpus().join("src").join(chapter)).unwrap();
        let elements = ids::elements(&text, options);
        let body = elements.iter().filter(|e| e.place == Place::Body);
        let mut notes: Vec<_> = elements
            .iter()
            .filter_map(|e| match e.place {
                Place::Footnote(n) => Some((n, e)),
                _ => None,
            })
            .collect();
        notes.sort_by_key(|(n, _)| *n);
        for e in body.chain(notes.into_iter().map(|(_, e)| e)) {
            lines.push(format!("{chapter}\t{}\t{}", e.tag(), e.id));
        }
    }
    lines
}

/// Builds the corpus with the real mdBook and reads the ids of every
/// Markdown heading and definition term (those mdBook gives a header link;
/// raw HTML ones get none) from the HTML, in page order.
fn mdbooks(smart: bool) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&corpus(), dir.path());
    let mut config = mdbook_driver::config::Config::from_disk(dir.path().join("book.toml"))
        .expect("book.toml loads");
    config.set("output.html.smart-punctuation", smart).unwrap();
    mdbook_driver::MDBook::load_with_config(dir.path(), config)
        .and_then(|md| md.build())
        .expect("the corpus builds");
    let mut lines = Vec::new();
    for chapter in CHAPTERS {
        let page = dir
            .path()
            .join("book")
            .join(chapter.replace(".md", ".html"));
        let html = std::fs::read_to_string(page).unwrap();
        for (tag, id) in header_ids(&html) {
            lines.push(format!("{chapter}\t{tag}\t{id}"));
        }
    }
    lines
}

/// `(tag, id)` of every `<hN>`/`<dt>` in `<main>` that holds a header link.
fn header_ids(html: &str) -> Vec<(String, String)> {
    let main = html
        .split_once("<main>")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or("", |(m, _)| m);
    let mut out = Vec::new();
    let mut rest = main;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name_end = rest.find([' ', '>']).unwrap_or(rest.len());
        let name = &rest[..name_end];
        let is_element = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt");
        let Some(gt) = rest.find('>') else { break };
        let start_tag = &rest[..gt];
        if is_element && rest[gt + 1..].starts_with("<a class=\"header\"") {
            let id = start_tag
                .split_once(" id=\"")
                .and_then(|(_, v)| v.split_once('"'))
                .map_or(String::from("(none)"), |(v, _)| unescape(v));
            out.push((name.to_string(), id));
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#92;", "\\")
        .replace("&amp;", "&")
}

fn recorded(smart: bool) -> Vec<String> {
    snapshot_body(CORPUS, recorded_name(smart))
        .lines()
        .map(str::to_string)
        .collect()
}

/// The lines that differ, for a readable failure.
fn differences(expected: &[String], got: &[String]) -> String {
    let mut out = String::new();
    for i in 0..expected.len().max(got.len()) {
        let e = expected.get(i).map_or("(none)", String::as_str);
        let g = got.get(i).map_or("(none)", String::as_str);
        if e != g {
            out.push_str(&format!("  line {}: expected {e:?}, got {g:?}\n", i + 1));
        }
    }
    out
}

#[test]
fn the_corpus_is_large_enough() {
    for smart in [true, false] {
        let lines = recorded(smart);
        assert!(lines.len() >= 80, "{} recorded ids", lines.len());
        assert!(lines.iter().any(|l| l.contains("\tdt\t")));
    }
}

#[test]
fn our_ids_match_mdbooks_recorded_ids() {
    for smart in [true, false] {
        let expected = recorded(smart);
        let got = ours(smart);
        assert!(
            expected == got,
            "{}: our ids differ from mdBook's:\n{}",
            mode(smart),
            differences(&expected, &got)
        );
    }
}

/// mdBook's ids, from a fresh build, are the recording (an insta snapshot:
/// a change shows as a diff; check it and accept it with `cargo insta
/// review` or `INSTA_UPDATE=always`).
fn the_recording_is_what_mdbook_generates(smart: bool) {
    let mut built = mdbooks(smart).join("\n");
    built.push('\n');
    assert_golden(CORPUS, recorded_name(smart), None, &built);
    // Smart punctuation does change some ids.
    assert_ne!(recorded(true), recorded(false));
}

#[test]
fn the_recording_is_what_mdbook_generates_smart() {
    the_recording_is_what_mdbook_generates(true);
}

#[test]
fn the_recording_is_what_mdbook_generates_plain() {
    the_recording_is_what_mdbook_generates(false);
}

/// A chapter of pseudo-random headings and terms built from tricky pieces
/// (a fixed seed, so a failure is reproducible).
fn random_chapter(seed: u64, count: usize) -> String {
    const PIECES: &[&str] = &[
        "Setup",
        "setup",
        "A",
        "b-1",
        "snake_case",
        "x",
        "1.",
        "2)",
        "-",
        "_",
        "--",
        "---",
        "...",
        "\"q\"",
        "'s",
        "it's",
        "C++",
        "&amp;",
        "&copy;",
        "&nbsp;",
        "\\*",
        "\\#",
        "!",
        "?",
        ":",
        "/",
        "(p)",
        "[b]",
        "Über",
        "ß",
        "ΣΑΣ",
        "İ",
        "ℹ\u{fe0f}",
        "🚀",
        "\u{a0}",
        "½",
        "日本",
        "`code`",
        "`a b`",
        "*em*",
        "**strong**",
        "~~del~~",
        "_u_",
        "[link](x.md)",
        "<https://e.x>",
        "![alt](i.png)",
        "![](j.png)",
        "<b>",
        "</b>",
        "<span title=\"t\">",
        "</span>",
        "<br>",
        "<i>i</i>",
        "<!-- c -->",
        "</x>",
        "[^1]",
        "[^n]",
        "[^1][^n]",
        "[^zz]",
        "{#not-at-end}",
    ];
    let mut state = seed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut out = String::from("# Random\n\n");
    for i in 0..count {
        let words: Vec<&str> = (0..1 + next(5))
            .map(|_| PIECES[next(PIECES.len())])
            .collect();
        let mut text = String::new();
        for w in words {
            if !text.is_empty() && next(4) > 0 {
                text.push(' ');
            }
            text.push_str(w);
        }
        match next(12) {
            0 => out.push_str(&format!("{text}\n: A definition.\n\n")),
            1 => out.push_str(&format!("{text}\n---\n\n")),
            2 => out.push_str(&format!("## {text} {{#custom-{}}}\n\n", i % 7)),
            3 => out.push_str(&format!("> ### {text}\n\n")),
            4 => out.push_str(&format!("- #### {text}\n\n")),
            _ => out.push_str(&format!("## {text}\n\n")),
        }
    }
    out.push_str("[^1]: One.\n[^n]: N.\n[^zz]: Z.\n");
    out
}

#[test]
fn random_headings_get_mdbooks_ids() {
    let chapters = [random_chapter(1, 250), random_chapter(2024, 250)];
    for smart in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            format!("[book]\ntitle = \"r\"\n[output.html]\nsmart-punctuation = {smart}\n"),
        )
        .unwrap();
        let mut summary = String::from("# Summary\n\n");
        for (i, text) in chapters.iter().enumerate() {
            std::fs::write(src.join(format!("r{i}.md")), text).unwrap();
            summary.push_str(&format!("- [R{i}](r{i}.md)\n"));
        }
        std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
        mdbook_driver::MDBook::load(dir.path())
            .and_then(|md| md.build())
            .expect("the random book builds");
        let options = ParseOptions {
            smart_punctuation: smart,
            ..ParseOptions::default()
        };
        for (i, text) in chapters.iter().enumerate() {
            let html = std::fs::read_to_string(dir.path().join(format!("book/r{i}.html"))).unwrap();
            let expected: Vec<String> = header_ids(&html)
                .into_iter()
                .map(|(tag, id)| format!("{tag}\t{id}"))
                .collect();
            let got: Vec<String> = ids::elements(text, options)
                .iter()
                .map(|e| format!("{}\t{}", e.tag(), e.id))
                .collect();
            assert!(expected.len() > 200);
            assert!(
                expected == got,
                "{}, chapter r{i}:\n{}",
                mode(smart),
                differences(&expected, &got)
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text: no panic, and every generated id is unique on the page.
    #[test]
    fn any_text_gets_ids_without_panicking(
        text in "([#>:\\-=*_`~\\[\\]()!^{}<>/ \\\\|&;a-c1\n]|Ü|ΣΑ|🚀|<b>|</b>|<br>|<!--|-->|\\[\\^1\\]|\\[\\^1\\]: |\\{#x\\}|    ){0,80}"
    ) {
        for smart in [true, false] {
            let options = ParseOptions { smart_punctuation: smart, ..ParseOptions::default() };
            let elements = ids::elements(&text, options);
            let headings = ids::headings(&text, options);
            proptest::prop_assert!(headings.len() <= elements.len());
            for h in &headings {
                proptest::prop_assert!((1..=6).contains(&h.level));
                proptest::prop_assert!(h.range.end <= text.len());
            }
        }
    }
}
