//! `cargo bench --bench engine`: the engine's hot paths on generated
//! chapters (examples/gen_book). BENCHMARKS.md has the figures and the
//! whole-process benchmark.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) criterion runs
//! each benchmark once; the inputs are then small, so that this stays quick
//! in a debug build.

#[path = "../examples/gen_book/generator.rs"]
mod generator;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use generator::{Kind, Options};
use mdbook_integration_guide::book::Chapter;
use mdbook_integration_guide::markdown::{ParseOptions, Regions};
use mdbook_integration_guide::settings::Settings;
use mdbook_integration_guide::{engine, ids, shortcodes, syntax};

/// Whether criterion measures (`cargo bench`) rather than checks that each
/// benchmark runs (`cargo test`).
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn book(chapters: usize, kinds: &[Kind], code_tags: f64) -> Vec<Chapter> {
    let opts = Options {
        seed: 7,
        chapters,
        chapter_bytes: 21_000,
        density: 1.0,
        kinds: kinds.to_vec(),
        steps: 3,
        code_tags,
        mdbook_toc_marker: false,
    };
    generator::generate(&opts)
        .into_iter()
        .map(|c| Chapter {
            name: c.title,
            path: Some(c.path.clone()),
            source_path: Some(c.path),
            content: c.content,
            ..Default::default()
        })
        .collect()
}

fn bytes(chapters: &[Chapter]) -> u64 {
    chapters.iter().map(|c| c.content.len() as u64).sum()
}

/// Finding shortcodes: the fast path for chapters without `<<#`, and the
/// lexer over a chapter whose regions are known.
fn finding(c: &mut Criterion) {
    let plain = book(1, &[], 0.0).remove(0).content;
    let with_toc = book(1, &[Kind::Toc], 0.0).remove(0).content;
    let mut g = c.benchmark_group("find");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("may_contain_tags/none", |b| {
        b.iter(|| syntax::may_contain_tags(black_box(&plain)))
    });
    let regions = Regions::of(&with_toc, ParseOptions::default());
    g.throughput(Throughput::Bytes(with_toc.len() as u64));
    g.bench_function("scan/chapter_with_toc", |b| {
        b.iter(|| {
            let mut diags = Vec::new();
            syntax::scan(black_box(&with_toc), &regions, &|_| true, &mut diags)
        })
    });
    g.finish();
}

/// Parsing a chapter: the code, comment and table-cell regions (one
/// pulldown-cmark pass), and the heading ids (another pass).
fn parsing(c: &mut Criterion) {
    let text = book(1, &[Kind::Toc], 0.0).remove(0).content;
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("regions", |b| {
        b.iter(|| Regions::of(black_box(&text), ParseOptions::default()))
    });
    g.bench_function("heading_ids", |b| {
        b.iter(|| ids::headings(black_box(&text), ParseOptions::default()))
    });
    g.finish();
}

/// The whole-book pass (parse, collect, expand and splice, late tables of
/// contents) on books of generated chapters; `none` is the fast path for
/// chapters without shortcodes, `escapes` is scanning and splicing alone
/// (every chapter holds a hundred escaped tags and no shortcode).
fn process(c: &mut Criterion) {
    let chapters = if measuring() { 64 } else { 2 };
    let (settings, _) = Settings::from_config(&serde_json::json!({})).expect("default settings");
    let registry = shortcodes::registry();
    let mut escapes = book(chapters, &[], 0.0);
    for ch in &mut escapes {
        let mut text = String::with_capacity(ch.content.len() + 2000);
        for (i, para) in ch.content.split("\n\n").enumerate() {
            if i > 0 {
                text.push_str("\n\n");
            }
            text.push_str(para);
            if i % 2 == 1 && !para.starts_with("```") && !para.starts_with('|') {
                text.push_str(" \\<<#toc>>");
            }
        }
        ch.content = text;
    }
    let books = [
        ("none", book(chapters, &[], 0.0)),
        ("toc", book(chapters, &[Kind::Toc], 0.0)),
        ("escapes", escapes),
        ("code_tags", book(chapters, &[], 1.0)),
    ];
    // The same books with environment values configured and not used
    // (`+environments`): that must cost nothing measurable.
    let (with_envs, _) = Settings::from_config(&serde_json::json!({
        "preprocessor": {"integration-guide": {"environments": {
            "default": "sandbox",
            "sandbox": {"title": "Sandbox", "base-url": "https://sandbox.example", "token-url": "https://sandbox.example/token"},
            "production": {"title": "Production", "base-url": "https://api.example", "token-url": "https://api.example/token"}
        }}}
    }))
    .expect("settings with environments");
    let runs = books
        .iter()
        .map(|(name, chapters)| (name.to_string(), chapters, &settings))
        .chain(
            books
                .iter()
                .filter(|(name, _)| matches!(*name, "none" | "toc"))
                .map(|(name, chapters)| (format!("{name}+environments"), chapters, &with_envs)),
        );
    let mut g = c.benchmark_group("process");
    g.sample_size(10);
    for (name, chapters, settings) in runs {
        g.throughput(Throughput::Bytes(bytes(chapters)));
        g.bench_with_input(
            BenchmarkId::from_parameter(name),
            chapters,
            |b, chapters| {
                b.iter_batched_ref(
                    || chapters.clone(),
                    |chapters| {
                        let report = engine::process(chapters, settings, &registry, "html");
                        assert!(!report.failed, "{:?}", report.diagnostics.first());
                    },
                    criterion::BatchSize::LargeInput,
                )
            },
        );
    }
    g.finish();
}

/// Reading an OpenAPI spec: a 10 MB YAML document (about 10,000
/// operations with `$ref`s and examples) parsed into the located tree, every
/// `$ref` checked, the operations indexed; and refusing a YAML alias bomb.
fn openapi(c: &mut Criterion) {
    use mdbook_integration_guide::openapi::{Api, yaml};
    let target = if measuring() {
        10 * 1024 * 1024
    } else {
        64 * 1024
    };
    let mut operations = 16;
    let mut spec = generator::openapi_spec(operations);
    while spec.len() < target {
        operations = operations * target / spec.len() + 1;
        spec = generator::openapi_spec(operations);
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, &spec).expect("write the spec");
    let mut g = c.benchmark_group("openapi");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(spec.len() as u64));
    g.bench_function(format!("load/{}_bytes", spec.len()), |b| {
        b.iter(|| {
            let api = Api::load(black_box(&path), "spec.yaml").expect("the spec loads");
            assert_eq!(api.operations.len(), operations);
        })
    });
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10u8 {
        let (prev, name) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    g.throughput(Throughput::Bytes(bomb.len() as u64));
    g.bench_function("refuse/alias_bomb", |b| {
        b.iter(|| assert!(yaml::parse(black_box(&bomb)).is_err()))
    });
    g.finish();
}

criterion_group!(benches, finding, parsing, process, openapi);
criterion_main!(benches);
