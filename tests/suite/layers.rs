//! The layout rules of DEVELOPERS.md, kept true by reading `src/`:
//! dependencies between `src/`'s top-level modules point one way (issue
//! 29), in the layers `src/lib.rs` draws; no function over 80 lines and no
//! file over 900 lines beyond the listed exceptions.
//!
//! A dependency is a `crate::` path (`crate::a::b`, `crate::{a, b::c}`)
//! outside comments, strings and `#[cfg(test)]` items, collapsed to its
//! top-level module (`src/a.rs` or `src/a/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may use its own layer and those
/// below. A new top-level module gets its place here (and in `src/lib.rs`'s
/// drawing): [`every_top_level_module_has_a_layer`].
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundations",
        &[
            "book",
            "book_toml",
            "bookjson",
            "declaration",
            "diagnostic",
            "diagram",
            "escape",
            "facts",
            "guides",
            "http",
            "http_status",
            "i18n",
            "ids",
            "lines",
            "markdown",
            "neighbours",
            "parallel",
            "paths",
            "syntax",
            "webhook",
        ],
    ),
    ("settings and labels", &["labels", "settings"]),
    (
        "the author API and the features",
        &["api", "export", "openapi"],
    ),
    ("the shortcodes", &["shortcodes"]),
    ("the registry", &["registry"]),
    ("the engine", &["engine"]),
    (
        "the commands",
        &[
            "check",
            "export_command",
            "init",
            "install",
            "origin",
            "protocol",
            "run",
            "write_heading_ids",
        ],
    ),
];

/// The edges `from -> to` between top-level modules, each with the files
/// that make it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` with comments, string and character literals blanked out
/// (lengths and line breaks kept). A lexer loop.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |i: usize| i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            let end = memchr(b'\n', b, i);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if b[i] == b'r' && !ident(i) && matches!(b.get(i + 1), Some(b'"' | b'#')) {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let end = b[start..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |p| start + p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end + 1);
                    i = end + 1;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 boundaries")
}

fn memchr(needle: u8, b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == needle)
        .map_or(b.len(), |p| from + p)
}

/// `code` without its `#[cfg(test)]` items (a `mod tests { ... }`, a
/// function, a `use ...;`).
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(end) = after.find([';', '{']) else {
            return out;
        };
        if after.as_bytes()[end] == b';' {
            rest = &after[end + 1..];
            continue;
        }
        let mut depth = 0;
        let mut close = after.len();
        for (i, c) in after[end..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = end + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules named by the `crate::` paths of `code`: the
/// first segment, or each first segment of a `crate::{...}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let b = code.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (is_ident(b[at - 1]) || b[at - 1] == b'$') {
            continue;
        }
        let mut i = at + "crate::".len();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'{') {
            // The first identifier after `{` or `,` at depth one.
            let mut depth = 0;
            let mut expect = false;
            while i < b.len() {
                match b[i] {
                    b'{' => {
                        depth += 1;
                        expect = depth == 1;
                    }
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => expect = true,
                    c if expect && is_ident(c) => {
                        let end = (i..b.len()).find(|&j| !is_ident(b[j])).unwrap_or(b.len());
                        found.push(code[i..end].to_string());
                        expect = false;
                        i = end;
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let end = (i..b.len()).find(|&j| !is_ident(b[j])).unwrap_or(b.len());
            found.push(code[i..end].to_string());
        }
    }
    found
}

/// The module graph of `src/` (see the module docs).
fn graph() -> Graph {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let rel = file.strip_prefix(&root).expect("under src/");
        let first = rel.components().next().expect("a path");
        let from = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if from == "lib" || from == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for to in crate_paths(&without_tests(&code_only(&text))) {
            if to != from && to != "self" {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    graph
}

/// A cycle through `start`, as the list of its modules, if there is one.
fn cycle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    // Depth-first search for a path from `start`'s successors back to it.
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flat_map(|e| e.keys()) {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn describe(graph: &Graph, from: &str, to: &str) -> String {
    let files: Vec<&str> = graph[from][to].iter().map(String::as_str).collect();
    format!("`{from}` -> `{to}` (crate::{to} in {})", files.join(", "))
}

#[test]
fn the_reader_finds_crate_paths_outside_comments_strings_and_tests() {
    let code = r#"
        use crate::a::x;
        use crate::{b::{y, z}, c};
        // crate::comment
        let s = "crate::string"; let ch = '"'; let l: &'static str = r"crate::raw";
        /* crate::block /* nested */ */
        crate::d::f(); $crate::macro_arg; my_crate::e;
        #[cfg(test)]
        mod tests { use crate::t; }
        #[cfg(test)]
        use crate::u;
        crate::
            g::h();
    "#;
    let found = crate_paths(&without_tests(&code_only(code)));
    assert_eq!(found, ["a", "b", "c", "d", "g"]);
}

#[test]
fn no_cycle_among_the_top_level_modules() {
    let graph = graph();
    assert!(
        graph.contains_key("engine") && graph.contains_key("shortcodes"),
        "the reader found no dependencies: {graph:?}"
    );
    for start in graph.keys() {
        if let Some(cycle) = cycle_through(&graph, start) {
            let edges: Vec<String> = cycle
                .iter()
                .zip(cycle.iter().skip(1).chain(std::iter::once(&cycle[0])))
                .map(|(a, b)| describe(&graph, a, b))
                .collect();
            panic!(
                "a cycle among src/'s top-level modules:\n  {}\nbreak one of these edges (move the shared part down, or give it from above)",
                edges.join("\n  ")
            );
        }
    }
}

#[test]
fn dependencies_point_down_the_layers() {
    let graph = graph();
    let layer = |m: &str| LAYERS.iter().position(|(_, ms)| ms.contains(&m));
    let mut wrong = Vec::new();
    for (from, edges) in &graph {
        for to in edges.keys() {
            if let (Some(a), Some(b)) = (layer(from), layer(to))
                && b > a
            {
                wrong.push(format!(
                    "{} asks up from {} to {}",
                    describe(&graph, from, to),
                    LAYERS[a].0,
                    LAYERS[b].0
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    let unplaced: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            let (vis, name) = l.trim().split_once("mod ")?;
            (vis.is_empty() || vis.starts_with("pub")).then(|| name.trim().trim_end_matches(';'))
        })
        .filter(|m| !LAYERS.iter().any(|(_, ms)| ms.contains(m)))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer in tests/suite/layers.rs (and src/lib.rs's drawing): {unplaced:?}"
    );
}

/// Functions over 80 lines that stay, for now, each with its reason. The
/// test fails on a long function not listed here, and on an entry that is
/// no longer long (remove it: the rule tightens as they are fixed).
const LONG_FUNCTIONS: &[(&str, &str, &str)] = &[
    // Parser and lexer loops, named as such in a comment (DEVELOPERS.md).
    ("ids.rs", "event", "parser loop"),
    ("check/includes.rs", "expand_at", "lexer loop"),
    ("syntax.rs", "lex_open", "lexer"),
    ("shortcodes/data_flow.rs", "parse_step", "parser"),
    ("escape.rs", "one_pass", "parser loop"),
    ("bookjson.rs", "read", "parser"),
];

/// Source files over 900 lines that stay, for now (same rule as above).
const LONG_FILES: &[&str] = &[];

/// Every function of `src/` as (file, name, lines from `fn` to its
/// closing brace).
fn functions() -> Vec<(String, String, usize)> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut out = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        let code = code_only(&std::fs::read_to_string(&file).expect("a readable source file"));
        let b = code.as_bytes();
        let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        for (at, _) in code.match_indices("fn ") {
            if at > 0 && is_ident(b[at - 1]) {
                continue;
            }
            let name_start = at + 3;
            let name_end = (name_start..b.len())
                .find(|&j| !is_ident(b[j]))
                .unwrap_or(b.len());
            if name_end == name_start {
                continue; // `fn(...)`, a pointer type
            }
            // The body: the first `{` before any `;` (a declaration has none).
            let Some(open) = code[name_end..].find(['{', ';']).map(|p| name_end + p) else {
                continue;
            };
            if b[open] == b';' {
                continue;
            }
            let mut depth = 0;
            let mut close = open;
            for (k, &c) in b[open..].iter().enumerate() {
                match c {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let lines = code[at..close].matches('\n').count() + 1;
            out.push((rel.clone(), code[name_start..name_end].to_string(), lines));
        }
    }
    out
}

#[test]
fn no_function_over_80_lines_and_no_file_over_900_beyond_the_listed() {
    let mut problems = Vec::new();
    let long: Vec<(String, String, usize)> = functions()
        .into_iter()
        .filter(|(_, _, n)| *n > 80)
        .collect();
    for (file, name, n) in &long {
        if !LONG_FUNCTIONS
            .iter()
            .any(|(f, m, _)| f == file && m == name)
        {
            problems.push(format!(
                "src/{file}: `{name}` has {n} lines (at most 80; split it into its steps)"
            ));
        }
    }
    for (file, name, why) in LONG_FUNCTIONS {
        if !long.iter().any(|(f, m, _)| f == file && m == name) {
            problems.push(format!(
                "src/{file}: `{name}` ({why}) is no longer over 80 lines: remove it from LONG_FUNCTIONS"
            ));
        }
    }
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        let rel = file
            .strip_prefix(src())
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        let lines = std::fs::read_to_string(&file)
            .expect("readable")
            .lines()
            .count();
        let listed = LONG_FILES.contains(&rel.as_str());
        if lines > 900 && !listed {
            problems.push(format!("src/{rel} has {lines} lines (at most 900)"));
        } else if lines <= 900 && listed {
            problems.push(format!(
                "src/{rel} is no longer over 900 lines: remove it from LONG_FILES"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_function_counter_measures_from_fn_to_its_closing_brace() {
    let long = functions()
        .into_iter()
        .find(|(f, m, _)| f == "syntax.rs" && m == "lex_open")
        .expect("syntax.rs has lex_open");
    assert!(long.2 > 80, "{long:?}");
    let short = functions()
        .into_iter()
        .find(|(f, m, _)| f == "lib.rs" && m == "supports_renderer")
        .expect("lib.rs has supports_renderer");
    assert_eq!(short.2, 3, "{short:?}");
}
