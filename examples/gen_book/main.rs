//! Writes a large, realistic, deterministic book for benchmarks: book.toml,
//! src/SUMMARY.md, src/README.md and the chapters.
//!
//! ```sh
//! cargo run --release --example gen_book -- --out /tmp/book --chapters 1000 \
//!     --density 1.0 --kinds toc,config-step,callout
//! ```
//!
//! See BENCHMARKS.md for the books the published figures were measured on.

mod generator;

use std::path::PathBuf;

use clap::Parser;
use generator::{Kind, Options};

/// Generates a book of technical prose with a chosen density of shortcodes.
#[derive(Parser)]
struct Args {
    /// The book directory to write (created; existing chapters overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Number of chapters.
    #[arg(long, default_value_t = 1000)]
    chapters: usize,
    /// Average chapter size in KiB (each varies by +-40%).
    #[arg(long, default_value_t = 20.5)]
    chapter_kib: f64,
    /// Seed of the generator: the same seed and options give the same book.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Fraction of chapters holding shortcodes, 0.0 to 1.0.
    #[arg(long, default_value_t = 1.0)]
    density: f64,
    /// Shortcodes in a chapter that holds shortcodes, comma-separated:
    /// toc, config-step, workflow-table, data-flow, callout, step-ref,
    /// field-map, field-map-csv (a field-map of a CSV file of
    /// `--csv-rows` rows), api-spec (an api-example from specs/bench.yaml), api-hand
    /// (the same written by hand);
    /// `none` for none.
    #[arg(long, default_value = "toc")]
    kinds: String,
    /// Config steps per chapter (with `config-step`).
    #[arg(long, default_value_t = 3)]
    steps: usize,
    /// Fraction of fenced code blocks that show shortcode-like text.
    #[arg(long, default_value_t = 0.0)]
    code_tags: f64,
    /// Rows of each CSV file (with `field-map-csv`).
    #[arg(long, default_value_t = 30)]
    csv_rows: usize,
    /// Do not write mdbook-toc's `<!-- toc -->` marker next to `<<#toc>>`.
    #[arg(long)]
    no_mdbook_toc_marker: bool,
}

fn main() {
    let args = Args::parse();
    let kinds: Vec<Kind> = if args.kinds == "none" || args.kinds.is_empty() {
        Vec::new()
    } else {
        args.kinds
            .split(',')
            .map(|k| {
                Kind::parse(k.trim()).unwrap_or_else(|| {
                    eprintln!("gen_book: unknown kind `{k}`");
                    std::process::exit(2)
                })
            })
            .collect()
    };
    let opts = Options {
        seed: args.seed,
        chapters: args.chapters,
        chapter_bytes: (args.chapter_kib * 1024.0) as usize,
        density: args.density,
        kinds,
        steps: args.steps,
        code_tags: args.code_tags,
        mdbook_toc_marker: !args.no_mdbook_toc_marker,
    };
    let chapters = generator::generate(&opts);
    let src = args.out.join("src");
    let write = |path: PathBuf, text: &str| {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create directory");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    };
    write(args.out.join("book.toml"), &generator::book_toml(&opts));
    if opts.kinds.contains(&Kind::ApiSpec) || opts.kinds.contains(&Kind::ApiHand) {
        write(
            args.out.join("specs/bench.yaml"),
            &generator::openapi_spec(generator::OPERATIONS),
        );
    }
    write(src.join("SUMMARY.md"), &generator::summary(&chapters));
    write(
        src.join("README.md"),
        "# Introduction\n\nA generated book for benchmarks.\n",
    );
    let mut bytes = 0;
    let csv = opts
        .kinds
        .contains(&Kind::FieldMapCsv)
        .then(|| generator::mapping_csv(args.csv_rows));
    for (i, ch) in chapters.iter().enumerate() {
        bytes += ch.content.len();
        write(src.join(&ch.path), &ch.content);
        let name = generator::csv_name(i);
        if let Some(csv) = &csv
            && ch.content.contains(&name)
        {
            write(src.join(&ch.path).with_file_name(name), csv);
        }
    }
    eprintln!(
        "gen_book: {} chapters, {:.1} MiB of Markdown in {}",
        chapters.len(),
        bytes as f64 / (1024.0 * 1024.0),
        args.out.display()
    );
}
