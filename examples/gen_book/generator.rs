//! A deterministic generator of large, realistic integration-guide books,
//! for benchmarks. Shared by `examples/gen_book` (which writes a book
//! directory) and `benches/engine.rs` (which needs chapters in memory).
//!
//! Chapters are technical prose: headings h1-h4 (with duplicates and
//! punctuation), paragraphs with inline code, links and emphasis, nested
//! lists, tables, block quotes and fenced code, some of which contains
//! shortcode-like text. The shortcodes a chapter gets are chosen by
//! [`Options::density`] and [`Options::kinds`].

#![allow(dead_code)]

use std::fmt::Write;

/// A shortcode kind the generator can emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<<#toc>>` after the chapter title (and mdbook-toc's `<!-- toc -->`
    /// marker next to it when [`Options::mdbook_toc_marker`] is set).
    Toc,
    /// `<<#config-step ...>> body <</config-step>>` blocks (see
    /// [`Options::steps`]).
    ConfigStep,
    /// `<<#workflow-table>>` at the end of the first chapter that holds
    /// shortcodes (it lists every step of the book, so one per book).
    WorkflowTable,
    /// `<<#data-flow>> ... <</data-flow>>` with a few hops.
    DataFlow,
    /// A callout: `<<#note>> ... <</note>>` (or tip, important, warning,
    /// caution).
    Callout,
    /// `<<#step-ref id>>` inline references to earlier config steps.
    StepRef,
    /// A 30-row `<<#field-map>> ... <</field-map>>` (types, flags, notes,
    /// a constant, every direction).
    FieldMap,
    /// `<<#field-map src="chapter-NNNN.csv">>`: the rows in a CSV file next
    /// to the chapter (see [`mapping_csv`]; `gen_book --csv-rows`).
    FieldMapCsv,
    /// `<<#api-example spec="bench" operation="opN">>`: everything from the
    /// generated spec (`specs/bench.yaml`, see [`openapi_spec`]).
    ApiSpec,
    /// The same example written by hand (method, URL, status, payload and
    /// response in the body), matched to the spec's operation and checked.
    ApiHand,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Toc,
        Kind::ConfigStep,
        Kind::WorkflowTable,
        Kind::DataFlow,
        Kind::Callout,
        Kind::StepRef,
        Kind::FieldMap,
        Kind::FieldMapCsv,
        Kind::ApiSpec,
        Kind::ApiHand,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Toc => "toc",
            Kind::ConfigStep => "config-step",
            Kind::WorkflowTable => "workflow-table",
            Kind::DataFlow => "data-flow",
            Kind::Callout => "callout",
            Kind::StepRef => "step-ref",
            Kind::FieldMap => "field-map",
            Kind::FieldMapCsv => "field-map-csv",
            Kind::ApiSpec => "api-spec",
            Kind::ApiHand => "api-hand",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub chapters: usize,
    /// Approximate size of one chapter in bytes (they vary by +-40%).
    pub chapter_bytes: usize,
    /// The fraction of chapters that hold shortcodes, 0.0 to 1.0.
    pub density: f64,
    /// The shortcodes a chapter holding shortcodes gets.
    pub kinds: Vec<Kind>,
    /// Config steps per chapter (with [`Kind::ConfigStep`]).
    pub steps: usize,
    /// The fraction of fenced code blocks that show shortcode-like text
    /// (`<<#toc>>` in a code sample). Such text is not a shortcode, but a
    /// chapter holding it cannot take the "no `<<#` at all" fast path.
    pub code_tags: f64,
    /// Also write mdbook-toc's `<!-- toc -->` marker next to `<<#toc>>`,
    /// so that mdbook-toc has the same work to do on the same book.
    pub mdbook_toc_marker: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            chapters: 1000,
            chapter_bytes: 21_000,
            density: 1.0,
            kinds: vec![Kind::Toc],
            steps: 3,
            code_tags: 0.0,
            mdbook_toc_marker: true,
        }
    }
}

/// One generated chapter.
#[derive(Debug, Clone)]
pub struct GenChapter {
    /// Path relative to `src/`, `/`-separated.
    pub path: String,
    pub title: String,
    /// Nesting depth in SUMMARY.md (0 = top level).
    pub depth: usize,
    /// The part title to write before this chapter, if a part starts here.
    pub part: Option<String>,
    pub content: String,
}

/// xorshift64*: small, fast, deterministic across platforms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// lo..=hi
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "a",
    "and",
    "and",
    "of",
    "to",
    "to",
    "in",
    "is",
    "for",
    "with",
    "on",
    "that",
    "by",
    "from",
    "each",
    "when",
    "before",
    "after",
    "every",
    "which",
    "system",
    "client",
    "server",
    "token",
    "request",
    "response",
    "endpoint",
    "webhook",
    "payload",
    "record",
    "customer",
    "invoice",
    "account",
    "queue",
    "message",
    "retry",
    "timeout",
    "schema",
    "field",
    "mapping",
    "tenant",
    "credential",
    "secret",
    "certificate",
    "scope",
    "consent",
    "batch",
    "export",
    "import",
    "sync",
    "delta",
    "cursor",
    "page",
    "limit",
    "header",
    "signature",
    "callback",
    "integration",
    "connector",
    "administrator",
    "operator",
    "configuration",
    "environment",
    "sandbox",
    "production",
    "validation",
    "error",
    "status",
    "log",
    "audit",
    "trace",
    "latency",
    "throughput",
    "idempotent",
    "upstream",
    "downstream",
    "handshake",
    "rotates",
    "expires",
    "refreshes",
    "sends",
    "receives",
    "stores",
    "validates",
    "maps",
    "transforms",
    "publishes",
    "subscribes",
    "acknowledges",
    "rejects",
    "retries",
    "creates",
    "updates",
    "deletes",
    "reads",
    "writes",
    "checks",
    "grants",
    "revokes",
    "must",
    "should",
    "can",
    "may",
    "only",
    "also",
    "then",
    "once",
    "already",
    "usually",
    "never",
    "always",
];

const CODE_WORDS: &[&str] = &[
    "client_id",
    "client_secret",
    "POST /oauth/token",
    "GET /v2/invoices?page=2",
    "X-Signature",
    "Retry-After",
    "sync.batch_size",
    "tenant-id",
    "curl -sS",
    "429",
    "application/json",
    "webhook_url",
    "<<not a tag>>",
    "a << b",
    "ISO-8601",
];

const LINKS: &[&str] = &[
    "https://example.com/docs/api",
    "https://example.org/oauth2#flows",
    "../reference/errors.md",
    "./appendix.md#glossary",
    "https://example.net/status?region=eu",
];

/// Section titles; the repeats give duplicate heading ids in a chapter.
const SECTIONS: &[&str] = &[
    "Overview",
    "Overview",
    "Example",
    "Example",
    "Notes",
    "Prerequisites",
    "Authentication",
    "Data flow",
    "Step-by-step data flow explanation",
    "Configure the `webhook_url`",
    "Step 3: create the API client",
    "What's next?",
    "Errors & retries",
    "Rate limits (429)",
    "Field mapping: CRM → Billing",
    "Validation",
    "Troubleshooting",
    "Roll back — safely",
    "FAQ",
    "Über-tenant setup",
];

const PARTIES: &[&str] = &["System A admin", "System B admin", "Both"];

const LANGS: &[&str] = &["sh", "json", "toml", "yaml", "text", "rust", "python", "md"];

const CALLOUTS: &[&str] = &["note", "tip", "important", "warning", "caution"];

struct Writer<'a> {
    rng: &'a mut Rng,
    out: String,
    opts: &'a Options,
    /// The chapter's global step counter base, for unique step ids.
    chapter: usize,
    steps_written: usize,
    /// Ids of steps written in earlier chapters (for step-ref).
    earlier_step: Option<String>,
    workflow_written: bool,
}

impl Writer<'_> {
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.rng.pick::<&str>(WORDS));
        }
        s
    }

    fn sentence(&mut self) -> String {
        let n = self.rng.range(6, 18);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let roll = self.rng.below(40);
            match roll {
                0 => {
                    let _ = write!(s, "`{}`", self.rng.pick(CODE_WORDS));
                }
                1 => {
                    let text = self.words(2);
                    let _ = write!(s, "[{text}]({})", self.rng.pick(LINKS));
                }
                2 => {
                    let _ = write!(s, "*{}*", self.rng.pick(WORDS));
                }
                3 => {
                    let _ = write!(s, "**{}**", self.rng.pick(WORDS));
                }
                4 => s.push_str("(see below)"),
                5 => {
                    let _ = write!(s, "{}%", self.rng.range(1, 99));
                }
                _ => s.push_str(self.rng.pick::<&str>(WORDS)),
            }
        }
        let mut chars = s.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        let mut out: String = first.into_iter().chain(chars).collect();
        out.push(*self.rng.pick(&['.', '.', '.', ';', ':', '!', '?']));
        out
    }

    fn paragraph(&mut self) {
        let n = self.rng.range(2, 6);
        let mut line_len = 0;
        for i in 0..n {
            let s = self.sentence();
            if i > 0 {
                // Wrap like a writer does: soft line breaks inside a paragraph.
                if line_len > 60 {
                    self.out.push('\n');
                    line_len = 0;
                } else {
                    self.out.push(' ');
                }
            }
            line_len += s.len();
            self.out.push_str(&s);
        }
        self.out.push_str("\n\n");
    }

    fn heading(&mut self, level: usize) {
        let title = *self.rng.pick(SECTIONS);
        let hashes = "#".repeat(level);
        let _ = writeln!(self.out, "{hashes} {title}\n");
    }

    fn list(&mut self) {
        let ordered = self.rng.chance(0.3);
        let n = self.rng.range(2, 7);
        for i in 0..n {
            let marker = if ordered {
                format!("{}.", i + 1)
            } else {
                "-".to_string()
            };
            let s = self.sentence();
            let _ = writeln!(self.out, "{marker} {s}");
            if self.rng.chance(0.25) {
                let indent = " ".repeat(marker.len() + 1);
                for _ in 0..self.rng.range(1, 3) {
                    let s = self.sentence();
                    let _ = writeln!(self.out, "{indent}- {s}");
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self) {
        let cols = self.rng.range(3, 5);
        let rows = self.rng.range(3, 8);
        let header: Vec<String> = (0..cols)
            .map(|_| {
                let w = self.words(2);
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase())
                    .into_iter()
                    .chain(c)
                    .collect()
            })
            .collect();
        let _ = writeln!(self.out, "| {} |", header.join(" | "));
        let _ = writeln!(self.out, "|{}", "---|".repeat(cols));
        for r in 0..rows {
            let cells: Vec<String> = (0..cols)
                .map(|c| match c {
                    0 => format!("{}", r + 1),
                    1 => self.rng.pick(PARTIES).to_string(),
                    _ if self.rng.chance(0.2) => format!("`{}`", self.rng.pick(CODE_WORDS)),
                    _ => {
                        let n = self.rng.range(2, 8);
                        self.words(n)
                    }
                })
                .collect();
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
        self.out.push('\n');
    }

    fn quote(&mut self) {
        let n = self.rng.range(1, 3);
        for i in 0..n {
            if i > 0 {
                self.out.push_str(">\n");
            }
            let s = self.sentence();
            let _ = writeln!(self.out, "> {s}");
        }
        self.out.push('\n');
    }

    fn code(&mut self) {
        let lang = *self.rng.pick(LANGS);
        let _ = writeln!(self.out, "```{lang}");
        let lines = self.rng.range(3, 14);
        let tag_line = if self.rng.chance(self.opts.code_tags) {
            Some(self.rng.below(lines))
        } else {
            None
        };
        for i in 0..lines {
            if tag_line == Some(i) {
                // Shortcode-like text in a code sample: never expanded.
                let _ = writeln!(self.out, "<<#toc depth=3>>");
                continue;
            }
            let indent = "    ".repeat(self.rng.below(3));
            let a = self.rng.pick(CODE_WORDS);
            let b = self.rng.pick(WORDS);
            let _ = writeln!(
                self.out,
                "{indent}{b} = \"{a}\"  # {}",
                self.rng.range(0, 9999)
            );
        }
        self.out.push_str("```\n\n");
    }

    fn has(&self, kind: Kind) -> bool {
        self.opts.kinds.contains(&kind)
    }

    fn config_step(&mut self) {
        self.steps_written += 1;
        let id = format!("ch{}-step-{}", self.chapter + 1, self.steps_written);
        let party = *self.rng.pick(PARTIES);
        let title = format!(
            "{} the {}",
            self.rng.pick(&["Create", "Configure", "Verify", "Rotate"]),
            self.words(2)
        );
        let summary = self.sentence();
        let _ = writeln!(
            self.out,
            "<<#config-step id={id} title=\"{title}\" party=\"{party}\" summary=\"{}\">>",
            summary.replace(['"', '\\'], "")
        );
        if self.rng.chance(0.5) {
            self.out.push_str("<<#before>>\n");
            self.list();
            self.out.push_str("<</before>>\n");
        }
        self.paragraph();
        self.list();
        let _ = writeln!(self.out, "<</config-step>>\n");
    }

    fn callout(&mut self) {
        let kind = *self.rng.pick(CALLOUTS);
        let _ = writeln!(self.out, "<<#{kind}>>");
        self.paragraph();
        let _ = writeln!(self.out, "<</{kind}>>\n");
    }

    fn data_flow(&mut self) {
        let _ = writeln!(self.out, "<<#data-flow>>");
        let hops = self.rng.range(2, 5);
        for i in 0..hops {
            let what = self.words(2);
            let detail = self.sentence();
            let _ = writeln!(
                self.out,
                "System {} -> System {}: {what} (HTTPS) | {}",
                (b'A' + i as u8) as char,
                (b'B' + i as u8) as char,
                detail.replace('|', "")
            );
        }
        let _ = writeln!(self.out, "<</data-flow>>\n");
    }

    fn field_map(&mut self) {
        let _ = writeln!(
            self.out,
            "<<#field-map title=\"Field mapping\" source=\"System A\" target=\"System B\">>"
        );
        for i in 0..30 {
            let arrow = ["->", "->", "<-", "<->"][i % 4];
            let source = if i == 7 {
                "= \"EUR\"".to_string()
            } else {
                format!("{} {i}", self.words(2))
            };
            let flags = ["required", "key", "read-only", ""][i % 4];
            let flags = if flags.is_empty() || (i == 7 && arrow != "->") {
                String::new()
            } else {
                format!(", {flags}")
            };
            let arrow = if i == 7 { "->" } else { arrow };
            let notes = self.sentence().replace('|', "");
            let target = self.words(2);
            let _ = writeln!(
                self.out,
                "{source} {arrow} {target} {i}: text{flags} | {notes}"
            );
        }
        let _ = writeln!(self.out, "<</field-map>>\n");
    }

    /// One `api-example` of operation `op{n}` of [`openapi_spec`].
    fn api_example(&mut self) {
        let n = self.chapter % OPERATIONS + 1;
        if self.has(Kind::ApiSpec) {
            let _ = writeln!(
                self.out,
                "<<#api-example spec=\"bench\" operation=\"op{n}\">>\n<</api-example>>\n"
            );
        } else {
            let _ = writeln!(
                self.out,
                "<<#api-example method=\"POST\" url=\"https://bench.example/v1/r{n}/items\" status=201>>\n```json\n{}\n```\n\n```json\n{}\n```\n<</api-example>>\n",
                request_json(n),
                response_json(n)
            );
        }
    }

    fn chapter(&mut self, title: &str, shortcodes: bool) {
        let _ = writeln!(self.out, "# {title}\n");
        self.paragraph();
        if shortcodes && self.has(Kind::Toc) {
            if self.opts.mdbook_toc_marker {
                self.out.push_str("<!-- toc -->\n\n");
            }
            self.out.push_str("<<#toc>>\n\n");
        }
        let target = self.opts.chapter_bytes * self.rng.range(60, 140) / 100;
        let steps = if shortcodes && self.has(Kind::ConfigStep) {
            self.opts.steps
        } else {
            0
        };
        let mut placed_callout = false;
        let mut placed_flow = false;
        let mut placed_map = false;
        let mut placed_api = false;
        let mut steps_left = steps;
        while self.out.len() < target || steps_left > 0 {
            let level = *self.rng.pick(&[2, 2, 2, 3, 3, 4]);
            self.heading(level);
            self.paragraph();
            let progress = self.out.len() * 4 / target.max(1);
            if shortcodes && !placed_flow && self.has(Kind::DataFlow) && progress >= 1 {
                self.data_flow();
                placed_flow = true;
            }
            if shortcodes && !placed_map && self.has(Kind::FieldMap) && progress >= 1 {
                self.field_map();
                placed_map = true;
            }
            if shortcodes && !placed_map && self.has(Kind::FieldMapCsv) && progress >= 1 {
                let _ = writeln!(
                    self.out,
                    "<<#field-map title=\"Field mapping\" source=\"System A\" target=\"System B\" src=\"{}\">>\n",
                    csv_name(self.chapter)
                );
                placed_map = true;
            }
            if shortcodes
                && !placed_api
                && (self.has(Kind::ApiSpec) || self.has(Kind::ApiHand))
                && progress >= 1
            {
                self.api_example();
                placed_api = true;
            }
            if shortcodes && !placed_callout && self.has(Kind::Callout) && progress >= 2 {
                self.callout();
                placed_callout = true;
            }
            if steps_left > 0 && (progress >= 1 || self.out.len() >= target) {
                self.config_step();
                steps_left -= 1;
                if shortcodes && self.has(Kind::StepRef) {
                    let _ = writeln!(
                        self.out,
                        "Continue with <<#step-ref ch{}-step-{}>>.\n",
                        self.chapter + 1,
                        self.steps_written
                    );
                }
                continue;
            }
            for _ in 0..self.rng.range(1, 4) {
                match self.rng.below(10) {
                    0..=3 => self.paragraph(),
                    4 | 5 => self.list(),
                    6 => self.table(),
                    7 => self.quote(),
                    _ => self.code(),
                }
            }
        }
        if shortcodes
            && self.has(Kind::StepRef)
            && let Some(earlier) = self.earlier_step.clone()
        {
            let _ = writeln!(self.out, "See also <<#step-ref {earlier}>>.\n");
        }
        // One table for the whole book (it lists every step of the book).
        if shortcodes && self.has(Kind::WorkflowTable) && !self.workflow_written {
            self.out.push_str("## Workflow\n\n<<#workflow-table>>\n\n");
            self.workflow_written = true;
        }
    }
}

/// Generates the chapters of a book, in SUMMARY order.
pub fn generate(opts: &Options) -> Vec<GenChapter> {
    let mut rng = Rng::new(opts.seed);
    let mut chapters = Vec::with_capacity(opts.chapters);
    let mut depth = 0usize;
    let mut last_step: Option<String> = None;
    let mut workflow_written = false;
    for i in 0..opts.chapters {
        let part = if i % 50 == 0 {
            Some(format!(
                "Part {}: {}",
                i / 50 + 1,
                rng.pick(SECTIONS).replace('`', "")
            ))
        } else {
            None
        };
        // Nesting: a part starts at the top; then wander between 0 and 2.
        depth = if part.is_some() || i == 0 {
            0
        } else {
            match rng.below(4) {
                0 => depth.saturating_sub(1),
                1 if depth < 2 => depth + 1,
                _ => depth,
            }
        };
        let shortcodes = rng.chance(opts.density);
        let title = format!("{} {}", rng.pick(SECTIONS).replace('`', ""), i + 1);
        let mut w = Writer {
            rng: &mut rng,
            out: String::with_capacity(opts.chapter_bytes * 3 / 2),
            opts,
            chapter: i,
            steps_written: 0,
            earlier_step: last_step.clone(),
            workflow_written,
        };
        w.chapter(&title, shortcodes);
        workflow_written = w.workflow_written;
        if w.steps_written > 0 {
            last_step = Some(format!("ch{}-step-{}", i + 1, w.steps_written));
        }
        let content = w.out;
        chapters.push(GenChapter {
            path: format!("part-{:02}/chapter-{:04}.md", i / 50 + 1, i + 1),
            title,
            depth,
            part,
            content,
        });
    }
    chapters
}

/// The CSV file a [`Kind::FieldMapCsv`] chapter (0-based) names, next to
/// it.
pub fn csv_name(chapter: usize) -> String {
    format!("chapter-{:04}.csv", chapter + 1)
}

/// A field-map CSV of `rows` rows: every column, every direction, quoted
/// cells with commas and quotes, a blank line every 100 rows.
pub fn mapping_csv(rows: usize) -> String {
    let mut s = String::from("source,direction,target,type,flags,notes\n");
    for i in 0..rows {
        let direction = ["->", "<-", "<->", ""][i % 4];
        let flags = ["required", "key", "required;key", ""][i % 4];
        let _ = writeln!(
            s,
            "Source field {i},{direction},Target field {i},text(80),{flags},\"Copied as is, trimmed; see \"\"rule {i}\"\".\""
        );
        if i % 100 == 99 {
            s.push('\n');
        }
    }
    s
}

/// SUMMARY.md for the chapters.
pub fn summary(chapters: &[GenChapter]) -> String {
    let mut s = String::from("# Summary\n\n[Introduction](README.md)\n\n");
    for ch in chapters {
        if let Some(part) = &ch.part {
            let _ = writeln!(s, "\n# {part}\n");
        }
        let _ = writeln!(s, "{}- [{}]({})", "  ".repeat(ch.depth), ch.title, ch.path);
    }
    s
}

/// How many operations [`openapi_spec`] has in a book.
pub const OPERATIONS: usize = 50;

/// The request example of operation `op{n}`, as pretty JSON.
pub fn request_json(n: usize) -> String {
    format!(
        "{{\n  \"name\": \"item {n}\",\n  \"quantity\": {n},\n  \"unit_price\": {n}.50,\n  \"tags\": [\n    \"bench\",\n    \"r{n}\"\n  ],\n  \"customer\": {{\n    \"external_id\": \"c-{n}\"\n  }}\n}}"
    )
}

/// The response example of operation `op{n}`, as pretty JSON.
pub fn response_json(n: usize) -> String {
    format!("{{\n  \"id\": \"r-{n}\",\n  \"status\": \"created\"\n}}")
}

/// An OpenAPI 3.1 spec with `operations` operations `op1`... (`POST
/// /r{n}/items`, a request body and a 201 response with schemas by `$ref`
/// and examples): the spec of the `api-spec` and `api-hand` books, and, made
/// large, of the spec-reading benchmark.
pub fn openapi_spec(operations: usize) -> String {
    let mut s = String::from(
        "openapi: 3.1.0\ninfo:\n  title: Bench API\n  version: '1'\nservers:\n  - url: https://bench.example/v1\npaths:\n",
    );
    for n in 1..=operations {
        let _ = write!(
            s,
            "  /r{n}/items:\n    post:\n      operationId: op{n}\n      summary: Create an item of kind {n}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Item{m}'\n            example: {req}\n      responses:\n        '201':\n          description: The item was created.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Created'\n              example: {res}\n        '400':\n          description: The payload is invalid.\n",
            m = n % 20,
            req = request_json(n).replace('\n', " "),
            res = response_json(n).replace('\n', " "),
        );
    }
    s.push_str("components:\n  schemas:\n    Created:\n      type: object\n      required: [id, status]\n      properties:\n        id: {type: string}\n        status: {type: string, enum: [created, queued]}\n");
    for m in 0..20 {
        let _ = write!(
            s,
            "    Item{m}:\n      type: object\n      additionalProperties: false\n      required: [name, quantity, unit_price]\n      properties:\n        name: {{type: string, maxLength: 80}}\n        quantity: {{type: integer, minimum: 1}}\n        unit_price: {{type: number}}\n        tags: {{type: array, items: {{type: string}}}}\n        customer:\n          type: object\n          required: [external_id]\n          properties:\n            external_id: {{type: string}}\n"
        );
    }
    s
}

/// book.toml for a generated book.
pub fn book_toml(opts: &Options) -> String {
    let specs = if opts.kinds.contains(&Kind::ApiSpec) || opts.kinds.contains(&Kind::ApiHand) {
        "\n[preprocessor.integration-guide.openapi]\nbench = \"specs/bench.yaml\"\n"
    } else {
        ""
    };
    format!(
        "# Generated by `cargo run --release --example gen_book`; seed {seed}.\n\
         [book]\n\
         title = \"Generated integration guide ({chapters} chapters)\"\n\
         language = \"en\"\n\
         src = \"src\"\n\
         \n\
         [preprocessor.integration-guide]\n\
         after = [\"links\", \"index\"]\n\
         {specs}\n\
         [output.html]\n",
        seed = opts.seed,
        chapters = opts.chapters
    )
}
