//! The README documents every registered shortcode, each of its
//! attributes, each label and each book-wide option, all taken from the
//! declarations (`Spec`), so a new shortcode cannot land undocumented.

use mdbook_integration_guide::shortcodes;

fn readme() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// The README section whose `###` heading names `<<#name>>` (up to the
/// next `##`/`###` heading outside fenced code).
fn section<'r>(readme: &'r str, name: &str) -> Option<&'r str> {
    let tag = format!("<<#{name}");
    let mut start = None;
    let mut offset = 0;
    let mut in_code = false;
    for line in readme.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        let heading = !in_code && (line.starts_with("### ") || line.starts_with("## "));
        if let Some(s) = start {
            if heading {
                return Some(&readme[s..offset]);
            }
        } else if line.starts_with("### ") && line.contains(&tag) {
            start = Some(offset);
        }
        offset += line.len();
    }
    start.map(|s| &readme[s..])
}

#[test]
fn readme_documents_every_shortcode_attribute_label_and_option() {
    let readme = readme();
    let mut missing = Vec::new();
    for spec in shortcodes::specs() {
        // A child shortcode (`before`, `next`) is documented in its
        // parent's section.
        let home = spec.parents.first().copied().unwrap_or(spec.name);
        let Some(text) = section(&readme, home) else {
            missing.push(format!("no `### ... <<#{home}>>` section"));
            continue;
        };
        if !text.contains(&format!("<<#{}", spec.name)) {
            missing.push(format!("`<<#{}>>` in the section of `{home}`", spec.name));
        }
        for attr in spec.attrs {
            if !text.contains(&format!("| `{}` |", attr.name)) {
                missing.push(format!(
                    "attribute `{}` of `{}` (a `| `{}` |` row in its section)",
                    attr.name, spec.name, attr.name
                ));
            }
        }
        for label in spec.labels {
            let row = format!("| `{}` | `{}` |", label.key, label.default);
            if !readme.contains(&row) {
                missing.push(format!("label row {row}"));
            }
        }
        if !spec.options.is_empty() {
            let table = format!("[preprocessor.integration-guide.{}]", spec.name);
            match readme.find(&table) {
                None => missing.push(format!("the table {table}")),
                Some(at) => {
                    for option in spec.options {
                        if !readme[at..].contains(&format!("\n{} = ", option.key)) {
                            missing.push(format!("option `{}` under {table}", option.key));
                        }
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "README.md does not document:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn example_book_lists_every_label_with_its_default() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join("book-example/book.toml")).unwrap();
    for label in shortcodes::label_specs() {
        let line = format!("# {} = \"{}\"", label.key, label.default);
        assert!(example.contains(&line), "book-example/book.toml: {line}");
    }
}

/// Every command for writers (`--help` lists them) has its `###` section
/// under "Commands", and each of its options is named there.
#[test]
fn readme_documents_every_command_and_option() {
    let readme = readme();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::support::BIN)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let help = run(&["--help"]);
    let commands: Vec<&str> = help
        .split_once("Commands:\n")
        .map_or("", |(_, rest)| rest.split("\n\n").next().unwrap_or(""))
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        // What mdBook runs, and clap's own.
        .filter(|c| !matches!(*c, "supports" | "help"))
        .collect();
    assert!(commands.len() >= 4, "{help}");
    let mut missing = Vec::new();
    for command in commands {
        let heading = format!("### `{command}");
        let Some(at) = readme.find(&heading) else {
            missing.push(format!("a `{heading} ...` section"));
            continue;
        };
        let section = &readme[at..];
        let end = section[4..].find("\n### ").map_or(section.len(), |i| i + 4);
        let section = &section[..end];
        for line in run(&[command, "--help"]).lines() {
            let Some(option) = line
                .trim_start()
                .split([' ', ','])
                .find(|w| w.starts_with("--") && !matches!(*w, "--help" | "--version"))
            else {
                continue;
            };
            if !section.contains(option) {
                missing.push(format!("`{option}` of `{command}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "README.md does not document:\n  {}",
        missing.join("\n  ")
    );
}

/// The console block of the README that starts with `$ <command>`: the
/// command line and what follows up to the next `$ ` line or the block's
/// end.
fn console(readme: &str, command: &str) -> (String, String) {
    let start = readme
        .find(&format!("$ {command}"))
        .unwrap_or_else(|| panic!("README has no `$ {command}` example"));
    let rest = &readme[start + 2..];
    let (line, rest) = rest.split_once('\n').unwrap();
    let end = [rest.find("\n$ "), rest.find("```")]
        .into_iter()
        .flatten()
        .min()
        .unwrap();
    let shown = rest[..end].trim_end_matches('\n');
    (line.to_string(), format!("{shown}\n"))
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(crate::support::BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The README's `init` and `install` examples are what the commands print
/// (the number of files `init` writes, each file `install` writes and
/// registers: the stylesheet and the script).
#[test]
fn readme_init_and_install_examples_are_what_they_print() {
    let readme = readme();
    let dir = tempfile::tempdir().unwrap();
    let (line, shown) = console(&readme, "mdbook-integration-guide init");
    assert_eq!(
        line,
        "mdbook-integration-guide init acme-globex --title \"Acme CRM to Globex Billing\""
    );
    let printed = run_in(
        dir.path(),
        &[
            "init",
            "acme-globex",
            "--title",
            "Acme CRM to Globex Billing",
        ],
    );
    assert_eq!(shown, printed);

    let book = dir.path().join("existing");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Existing\"\n").unwrap();
    let (_, shown) = console(&readme, "mdbook-integration-guide install\ntheme");
    assert_eq!(shown, run_in(&book, &["install"]));
}

/// Each command's `###` heading in the README spells its arguments as
/// its `--help` usage line does (`[BOOK_DIR]` optional, `<X>` required).
#[test]
fn readme_command_headings_match_the_usage_lines() {
    let readme = readme();
    for command in [
        "install",
        "init",
        "check",
        "write-heading-ids",
        "run",
        "export",
    ] {
        let help = run_in(std::path::Path::new("."), &[command, "--help"]);
        let usage = help
            .lines()
            .find_map(|l| l.strip_prefix("Usage: mdbook-integration-guide "))
            .unwrap();
        // The positional arguments: `[X]`/`<X>` not after an `--option`.
        let words: Vec<&str> = usage.split_whitespace().collect();
        let positional: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                (w.starts_with('[') || w.starts_with('<'))
                    && **w != "[OPTIONS]"
                    && !words[i - 1].starts_with("--")
            })
            .map(|(_, w)| *w)
            .collect();
        let heading = readme
            .lines()
            .find(|l| l.starts_with(&format!("### `{command} ")))
            .unwrap_or_else(|| panic!("no README heading for `{command}`"));
        let spelled = heading.split('`').nth(1).unwrap();
        for p in &positional {
            assert!(spelled.contains(p), "README `{spelled}` vs usage `{usage}`");
        }
        for w in spelled.split_whitespace().skip(1) {
            if w.starts_with('[') || w.starts_with('<') {
                assert!(
                    positional.contains(&w),
                    "README `{spelled}` vs usage `{usage}`"
                );
            }
        }
    }
}
