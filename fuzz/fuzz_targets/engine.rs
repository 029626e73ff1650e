//! Arbitrary chapter text through the whole engine. Invariants checked:
//! no panic; the same input expands the same way twice; text before the
//! first and after the last inserted shortcode is preserved byte for byte;
//! without `<<` the chapter is unchanged; every diagnostic renders. The
//! text is also the body of a `field-map` and of a `value-map` (mapping
//! rows: arrows, constants, flags, notes, non-ASCII names; issue 23 found a
//! panic there that whole-chapter fuzzing had not reached).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_integration_guide::book::Chapter;
use mdbook_integration_guide::engine;
use mdbook_integration_guide::settings::Settings;
use mdbook_integration_guide::shortcodes;

fn run(text: &str, warn: bool) -> (bool, Vec<String>, Vec<String>) {
    let config = if warn {
        serde_json::json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}})
    } else {
        serde_json::json!({})
    };
    let settings = Settings::from_config(&config).unwrap().0;
    let mut chapters = vec![
        Chapter {
            name: "A".into(),
            path: Some("a.md".into()),
            source_path: Some("a.md".into()),
            content: text.to_string(),
            ..Default::default()
        },
        Chapter {
            name: "B".into(),
            path: Some("dir/b.md".into()),
            source_path: Some("dir/b.md".into()),
            content: format!("# B\n\n{text}"),
            depth: 1,
            ..Default::default()
        },
    ];
    let registry = shortcodes::registry();
    let report = engine::process(&mut chapters, &settings, &registry, "html");
    let shown = report.diagnostics.iter().map(|d| d.to_string()).collect();
    (
        report.failed,
        chapters.into_iter().map(|c| c.content).collect(),
        shown,
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let warn = mode & 1 == 1;

    // Arbitrary text: no panic, deterministic.
    let first = run(text, warn);
    assert_eq!(first, run(text, warn), "not deterministic");
    if first.0 {
        // A failed build changes nothing.
        assert_eq!(first.1[0], text);
    }
    if !text.contains("<<") {
        assert_eq!(first.1[0], text, "a chapter without `<<` changed");
    }
    if warn {
        assert!(!first.0, "warn mode never fails");
    }

    // The text as mapping rows: no panic, deterministic, and a failed
    // build changes nothing.
    if !text.contains("<</") {
        for (open, close) in [
            ("<<#field-map>>", "<</field-map>>"),
            ("<<#value-map id=\"vm\">>", "<</value-map>>"),
        ] {
            let chapter = format!("{open}\n{text}\n{close}\n");
            let rows = run(&chapter, warn);
            assert_eq!(rows, run(&chapter, warn), "not deterministic");
            if rows.0 {
                assert_eq!(rows.1[0], chapter);
            }
        }
    }

    // Plain text (no `<<`) with a shortcode inserted at a line start: the
    // text before and after it is kept byte for byte.
    if !text.contains("<<") && !text.contains('\r') {
        let cut = if text.is_empty() {
            0
        } else {
            (mode as usize * 7) % (text.len() + 1)
        };
        let cut = text[..text.floor_char_boundary(cut)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let (before, after) = text.split_at(cut);
        let chapter = format!("{before}\n<<#toc>>\n\n{after}");
        let (failed, out, _) = run(&chapter, false);
        if !failed {
            assert!(
                out[0].starts_with(before),
                "text before the shortcode changed"
            );
            assert!(out[0].ends_with(after), "text after the shortcode changed");
        }
    }
});
