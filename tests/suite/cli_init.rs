//! `mdbook-integration-guide init`: the scaffold builds with the real
//! mdBook with no warning at all, passes `check`, needs no `install`, and
//! existing files are kept unless `--force`. Also: `--help` and
//! `--version` on every command.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::BIN;

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_builds_with_no_warnings_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("guide");
    let out = run(
        &["init", "guide", "--title", "Acme CRM to \"Globex\""],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "Created the integration guide \"Acme CRM to \"Globex\"\" in guide (15 files)."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("mdbook serve guide --open"), "{stdout}");
    for (path, _) in mdbook_integration_guide::init::FILES {
        assert!(book.join(path).is_file(), "{path} was not written");
    }
    assert_eq!(
        std::fs::read_to_string(book.join("theme/integration-guide.css")).unwrap(),
        mdbook_integration_guide::install::CSS
    );
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(
        toml.contains("title = 'Acme CRM to \"Globex\"'")
            || toml.contains("title = \"Acme CRM to \\\"Globex\\\"\""),
        "{toml}"
    );

    // The whole guide passes `check`, and `install` has nothing to do.
    let check = run(&["check", "guide"], dir.path());
    assert_eq!(
        text(&check.stdout),
        "no problems found in `guide` (9 chapters)\n"
    );
    assert_eq!(check.status.code(), Some(0));
    let install = run(&["install", "guide"], dir.path());
    assert_eq!(install.status.code(), Some(0));
    assert!(
        text(&install.stdout).contains("already installed in guide: nothing to change"),
        "{}",
        text(&install.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(book.join("book.toml")).unwrap(),
        toml
    );

    // The real mdBook builds it: no error, no warning from mdBook or from
    // the preprocessor.
    let copy = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&book, copy.path());
    let (built, log) = crate::support::with_mdbook_log(|| crate::support::build_dir(copy));
    assert_eq!(built.result, Ok(()));
    assert_eq!(built.stderr, "", "the preprocessor printed something");
    assert_eq!(log, Vec::<String>::new(), "mdBook logged warnings");
    // Every chapter is there, expanded, with the stylesheet.
    for page in [
        "index.html",
        "introduction.html",
        "audience.html",
        "architecture.html",
        "prerequisites.html",
        "workflow.html",
        "configuration.html",
        "validation.html",
        "resources.html",
    ] {
        let html = built.html(page);
        assert!(!html.contains("&lt;&lt;#"), "{page}: a shortcode is left");
        assert!(
            html.contains("theme/integration-guide"),
            "{page}: no stylesheet"
        );
    }
    let workflow = built.html("workflow.html");
    assert!(
        workflow.contains("href=\"configuration.html#create-api-client\""),
        "{workflow}"
    );
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/SUMMARY.md"), "# Mine\n").unwrap();
    std::fs::write(dir.path().join("book.toml"), "# mine\n").unwrap();
    let out = run(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: files already exist: book.toml, src/SUMMARY.md; nothing was written (use --force to overwrite them)\n"
    );
    assert_eq!(text(&out.stdout), "");
    assert!(!dir.path().join("src/introduction.md").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        "# mine\n"
    );

    let out = run(&["init", "--force"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("in this directory (15 files, 2 overwritten)"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        std::fs::read_to_string(dir.path().join("src/SUMMARY.md"))
            .unwrap()
            .contains("[Configuration steps](configuration.md)")
    );
}

#[test]
fn every_command_has_help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let version_tail = format!(" {}\n", env!("CARGO_PKG_VERSION"));
    for command in [
        vec![],
        vec!["install"],
        vec!["init"],
        vec!["check"],
        vec!["write-heading-ids"],
        vec!["supports"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("Usage: mdbook-integration-guide"), "{help}");
        let mut args = command.clone();
        args.push("--version");
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        // clap names a subcommand `mdbook-integration-guide-check`.
        let shown = text(&out.stdout);
        assert!(
            shown.starts_with("mdbook-integration-guide") && shown.ends_with(&version_tail),
            "{args:?}: {shown}"
        );
    }
    // `run --help` says what a step is, webhook deliveries included.
    let run_help = text(&run(&["run", "--help"], dir.path()).stdout);
    for step in ["api-example", "auth-flow", "webhook-event", "secret-var"] {
        assert!(
            run_help.contains(step),
            "run --help names {step}:\n{run_help}"
        );
    }
    let help = text(&run(&["--help"], dir.path()).stdout);
    for command in ["install", "init", "check", "write-heading-ids", "supports"] {
        assert!(help.contains(&format!("  {command} ")), "{help}");
    }
    // What mdBook runs still works.
    assert_eq!(
        run(&["supports", "html"], dir.path()).status.code(),
        Some(0)
    );
}

/// `cargo package` ships what `install` and `init` write (they are
/// embedded with `include_str!`, so the published crate must contain them).
#[test]
fn the_package_contains_the_stylesheet_and_templates() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    let listed: Vec<&str> = listed.lines().collect();
    let mut needed = vec![
        "assets/integration-guide.css".to_string(),
        "README.md".to_string(),
        "CHANGELOG.md".to_string(),
        "LICENSE-MIT".to_string(),
        "LICENSE-APACHE".to_string(),
        "schema/check-diagnostic.schema.json".to_string(),
        "schema/run-result.schema.json".to_string(),
    ];
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/init");
    let mut stack = vec![templates.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                needed.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    assert!(needed.len() > 10);
    for file in &needed {
        assert!(listed.contains(&file.as_str()), "{file} is not packaged");
    }
    // Nothing of the tests or the example book.
    assert!(
        !listed
            .iter()
            .any(|f| f.starts_with("tests/") || f.starts_with("book-example/"))
    );
}

/// The guide `init` writes runs as it is: its `auth-flow` takes the token
/// URL from the environment and captures the token into the variable its
/// `api-example` sends, the sandbox allows `run`, so `run --dry-run` with
/// only the variables the README names for the grant (CLIENT_ID,
/// CLIENT_SECRET) shows every step, no variable missing, no host refused.
#[test]
fn the_new_guide_runs_with_only_the_documented_variables() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["init", "guide"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = run(&["check", "guide"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let dry = Command::new(BIN)
        .args(["run", "guide", "--env", "sandbox", "--dry-run"])
        .current_dir(dir.path())
        .env_remove("ACCESS_TOKEN")
        .env_remove("TOKEN")
        .env("CLIENT_ID", "client-a")
        .env("CLIENT_SECRET", "secret-of-a")
        .output()
        .unwrap();
    let plan = text(&dry.stdout);
    assert_eq!(dry.status.code(), Some(0), "{plan}{}", text(&dry.stderr));
    assert_eq!(text(&dry.stderr), "");
    assert_eq!(
        plan,
        "Plan: 2 steps against the environment `sandbox` (run = \"allow\"; origins: https://sandbox.system-b.example)
1. guide/src/architecture.md:24 auth-flow client-credentials POST https://sandbox.system-b.example/oauth/token
     variables: CLIENT_ID (environment), CLIENT_SECRET (environment)
     captures: ACCESS_TOKEN = /access_token
     expects: status 200
2. guide/src/validation.md:23 api-example POST https://sandbox.system-b.example/v1/records
     variables: ACCESS_TOKEN (captured by step 1)
     expects: status 201
Nothing was sent (--dry-run).
"
    );
    // Production is never run by accident.
    let prod = run(
        &["run", "guide", "--env", "production", "--dry-run"],
        dir.path(),
    );
    assert_eq!(prod.status.code(), Some(2));
}
