//! The release channels agree: `[package.metadata.binstall]` in Cargo.toml
//! names, for every target, the archive that .github/workflows/release.yml
//! builds and attaches (so `cargo binstall` finds it), and the CI workflow
//! runs what the README promises.

use std::path::Path;

use toml::Value;

fn read(rel: &str) -> String {
    // Line endings as in the repository, whatever git's autocrlf did.
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .replace("\r\n", "\n")
}

/// The value of `key:` on a line of the workflow (first match, after
/// `from`), without quotes.
fn yaml_values<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            let rest = line.strip_prefix(key)?.strip_prefix(':')?;
            Some(rest.trim().trim_matches('"'))
        })
        .collect()
}

/// What taiki-e/upload-rust-binary-action uploads for `target`: the
/// archive's file names (`archive` with `$bin`, `$tag`, `$target`, plus
/// `.tar.gz` where `tar` applies, `.zip` where `zip` applies).
fn workflow_archives(workflow: &str, target: &str, tag: &str) -> Vec<String> {
    let one = |key: &str| {
        let values = yaml_values(workflow, key);
        assert_eq!(values.len(), 1, "one `{key}:` in release.yml");
        values[0]
    };
    let bin = one("bin");
    let archive = one("archive")
        .replace("$bin", bin)
        .replace("$tag", tag)
        .replace("$target", target);
    let windows = target.contains("windows");
    let applies = |setting: &str| match setting {
        "all" => true,
        "unix" => !windows,
        "windows" => windows,
        "none" => false,
        other => panic!("unknown tar/zip setting {other}"),
    };
    let mut names = Vec::new();
    if applies(one("tar")) {
        names.push(format!("{archive}.tar.gz"));
    }
    if applies(one("zip")) {
        names.push(format!("{archive}.zip"));
    }
    names
}

/// The URL `cargo binstall` fetches for `target`.
fn binstall_url(manifest: &Value, target: &str) -> String {
    let package = &manifest["package"];
    let meta = &package["metadata"]["binstall"];
    let setting = |key: &str| {
        meta.get("overrides")
            .and_then(|o| o.get(target))
            .and_then(|o| o.get(key))
            .or_else(|| meta.get(key))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("binstall `{key}`"))
            .to_string()
    };
    let suffix = match setting("pkg-fmt").as_str() {
        "tgz" => ".tar.gz",
        "zip" => ".zip",
        other => panic!("pkg-fmt {other} is not what the release workflow makes"),
    };
    let mut url = setting("pkg-url");
    for (var, value) in [
        ("repo", package["repository"].as_str().unwrap()),
        ("version", package["version"].as_str().unwrap()),
        ("name", package["name"].as_str().unwrap()),
        ("target", target),
        ("archive-suffix", suffix),
    ] {
        url = url.replace(&format!("{{ {var} }}"), value);
    }
    assert!(!url.contains('{'), "a variable left in {url}");
    url
}

#[test]
fn binstall_and_the_release_workflow_name_the_same_archives() {
    let manifest = Value::Table(toml::from_str(&read("Cargo.toml")).unwrap());
    let workflow = read(".github/workflows/release.yml");
    let version = manifest["package"]["version"].as_str().unwrap();
    let repo = manifest["package"]["repository"].as_str().unwrap();
    let tag = format!("v{version}");

    let targets = yaml_values(&workflow, "target");
    let targets: Vec<&str> = targets
        .into_iter()
        .filter(|t| !t.starts_with("${{"))
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    for target in &targets {
        let archives = workflow_archives(&workflow, target, &tag);
        assert_eq!(archives.len(), 1, "{target}: {archives:?}");
        let url = binstall_url(&manifest, target);
        assert_eq!(
            url,
            format!("{repo}/releases/download/{tag}/{}", archives[0]),
            "{target}"
        );
    }
    // Every override is for a target that is built.
    if let Some(overrides) = manifest["package"]["metadata"]["binstall"].get("overrides") {
        for target in overrides.as_table().unwrap().keys() {
            assert!(targets.contains(&target.as_str()), "override for {target}");
        }
    }
    // The binary is at the archive's root, where `bin-dir` looks.
    assert_eq!(
        manifest["package"]["metadata"]["binstall"]["bin-dir"].as_str(),
        Some("{ bin }{ binary-ext }")
    );
    assert!(yaml_values(&workflow, "leading-dir").is_empty());
    assert_eq!(yaml_values(&workflow, "checksum"), ["sha256"]);
    // The tag pattern accepts the tag binstall expects.
    assert!(workflow.contains("\"v[0-9]+.*\""));
    assert!(
        workflow.contains("uses: taiki-e/upload-rust-binary-action@v1"),
        "a maintained action builds the archives"
    );
}

#[test]
fn ci_runs_the_whole_ci_on_linux_and_the_tests_elsewhere() {
    let ci = read(".github/workflows/ci.yml");
    assert!(ci.contains("run: bash .ci/run"));
    assert!(ci.contains("os: [macos-latest, windows-latest]"));
    assert!(ci.contains("run: cargo test --locked"));
    let run = read(".ci/run");
    for step in [
        "cargo package --locked",
        "cargo test --all-targets --locked",
        "actionlint .github/workflows/*.yml",
    ] {
        assert!(run.contains(step), ".ci/run lacks {step}");
    }
}

#[test]
fn the_pre_commit_hooks_run_check_on_the_whole_book() {
    let hooks = read(".pre-commit-hooks.yaml");
    let entries = yaml_values(&hooks, "entry");
    assert_eq!(entries.len(), 2);
    for entry in entries {
        assert_eq!(entry, format!("{} check", env!("CARGO_PKG_NAME")));
    }
    assert_eq!(yaml_values(&hooks, "language"), ["rust", "system"]);
    // The book is checked as a whole, not file by file.
    assert_eq!(yaml_values(&hooks, "pass_filenames"), ["false", "false"]);
    let files = regex::Regex::new(yaml_values(&hooks, "files")[0]).unwrap();
    for (path, runs) in [
        ("docs/src/setup.md", true),
        ("book.toml", true),
        ("docs/book.toml", true),
        ("src/main.rs", false),
        ("Cargo.toml", false),
        ("notebook.toml", false),
    ] {
        assert_eq!(files.is_match(path), runs, "{path}");
    }
    // The installed hook's command line is the one the CLI accepts.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn the_readme_shows_the_run_guide_workflow_as_committed() {
    let readme = read("README.md");
    let workflow = read("examples/ci/run-guide.yml");
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```")),
        "README's scheduled-run workflow differs from examples/ci/run-guide.yml"
    );
}

#[test]
fn the_readme_shows_the_docs_ci_workflow_as_committed() {
    let readme = read("README.md");
    let workflow = read("examples/ci/docs.yml");
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```")),
        "README's docs-CI workflow differs from examples/ci/docs.yml"
    );
    // Install leads with what works today (a checkout; issue 23, fault 18),
    // then the three ways that need a release, marked as such, in order.
    let install =
        &readme[readme.find("\n## Install\n").unwrap()..readme.find("\n## Configure\n").unwrap()];
    let at = |what: &str| {
        install
            .find(what)
            .unwrap_or_else(|| panic!("Install lacks {what}"))
    };
    assert!(at("What works today") < at("cargo install --path . --locked"));
    assert!(at("cargo install --path . --locked") < at("Available from the first release"));
    assert!(at("Available from the first release") < at("cargo binstall mdbook-integration-guide"));
    assert!(
        at("cargo binstall mdbook-integration-guide")
            < at("cargo install mdbook-integration-guide --locked")
    );
    assert!(at("cargo install mdbook-integration-guide --locked") < at("A release archive"));
}
