//! Environment values (`[preprocessor.integration-guide.environments]`):
//! errors of every form with exact `file:line:col`, all in one run; the
//! configuration's own errors. (The renderings are the golden file
//! `tests/golden/environments.md`; the real mdBook builds per environment
//! are in `e2e_environments`.)

use crate::support::{chapter, expand_book, settings};
use serde_json::{Value, json};

pub fn config() -> Value {
    json!({"preprocessor": {"integration-guide": {"environments": {
        "default": "sandbox",
        "sandbox": {"title": "Sandbox", "base-url": "https://sandbox.globex.example", "token-url": "https://sandbox.globex.example/oauth/token"},
        "production": {"title": "Production", "base-url": "https://api.globex.example", "token-url": "https://api.globex.example/oauth/token"}
    }}}})
}

fn errors_with(text: &str, config: Value) -> Vec<String> {
    let mut chapters = vec![chapter("chapter.md", text)];
    match expand_book(&mut chapters, &settings(config)) {
        Ok(out) => panic!("expected errors, got:\n{}", out.join("\n")),
        Err(e) => e,
    }
}

#[test]
fn unknown_keys_and_environments_in_every_form_in_one_run() {
    let text = "\
# At <<#env base-ur>>

See <<#env token-url env=prod>> and [x](<<#env tokenurl>>).

<<#api-example url=\"{env:base-url}/v2 and {env:bse-url}\" status=20>>
<</api-example>>

```sh,env
curl {env:token-ur}
```

<<#environments keys=\"base-url, nope\">>
";
    assert_eq!(
        errors_with(text, config()),
        vec![
            "src/chapter.md:1:13: error: unknown environment key `base-ur` [did you mean `base-url`?]",
            "src/chapter.md:3:26: error: unknown environment `prod` [did you mean `production`?]",
            "src/chapter.md:3:48: error: unknown environment key `tokenurl` [did you mean `token-url`?]",
            "src/chapter.md:5:48: error: unknown environment key `bse-url` [did you mean `base-url`?]",
            "src/chapter.md:5:65: error: `status` is 20, outside 100..=599 [`status` takes a whole number from 100 to 599]",
            "src/chapter.md:9:11: error: unknown environment key `token-ur` [did you mean `token-url`?]",
            "src/chapter.md:12:33: error: unknown environment key `nope` [the keys are: `base-url`, `token-url`]",
        ]
    );
}

#[test]
fn env_without_environments_says_how_to_define_them() {
    assert_eq!(
        errors_with("<<#env base-url>>\n\n<<#environments>>\n", json!({})),
        vec![
            "src/chapter.md:1:8: error: unknown environment key `base-url` [the book defines no environments; add [preprocessor.integration-guide.environments] to book.toml]",
            "src/chapter.md:3:1: error: the book defines no environments [add [preprocessor.integration-guide.environments] to book.toml]",
        ]
    );
}

#[test]
fn an_unterminated_env_reference_in_an_attribute() {
    assert_eq!(
        errors_with("<<#step-ref x format=\"{env:base-url\">>\n", config()),
        vec![
            "src/chapter.md:1:23: error: `{env:` without a closing `}` [write {env:key}, or \\{env: for the text itself]"
        ]
    );
}

#[test]
fn code_blocks_without_env_and_chapters_without_values_are_untouched() {
    let text = "```sh\ncurl {env:base-url}\n```\n\n```sh,envy\n{env:x}\n```\n\n~~~ sh env\n{env:base-url}\n~~~\n";
    let mut chapters = vec![chapter("chapter.md", text)];
    let out = expand_book(&mut chapters, &settings(config())).unwrap();
    assert_eq!(
        out[0],
        text.replace(
            "~~~ sh env\n{env:base-url}",
            "~~~ sh env\nhttps://sandbox.globex.example"
        )
    );
}

#[test]
fn without_environments_a_code_block_with_env_is_not_ours() {
    let text = "```sh,env\ncurl {env:base-url}\n```\n";
    let mut chapters = vec![chapter("chapter.md", text)];
    let out = expand_book(&mut chapters, &settings(json!({}))).unwrap();
    assert_eq!(out[0], text);
}

#[test]
fn the_configurations_errors_are_reported_together() {
    let cfg = json!({"preprocessor": {"integration-guide": {"environments": {
        "default": "staging",
        "sandbox": {"title": "Sandbox", "base-url": "https://s", "token-url": "https://s/t"},
        "production": {"title": "Production", "base-url": "https://p"},
        "local": "http://localhost"
    }}}});
    let err = integration_guide_settings_error(cfg);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        vec![
            "book.toml: [preprocessor.integration-guide.environments]: `local` = \"http://localhost\" is not valid; an environment is a table ([preprocessor.integration-guide.environments.local]) with a `title` and its values",
            "book.toml: [preprocessor.integration-guide.environments]: the environment `production` has no `token-url`, which `sandbox` defines; every environment must define the same keys",
            "book.toml: [preprocessor.integration-guide.environments]: default = \"staging\" names no environment; the environments are `production`, `sandbox`",
        ]
    );
}

fn integration_guide_settings_error(cfg: Value) -> String {
    mdbook_integration_guide::settings::Settings::from_config(&cfg).unwrap_err()
}

/// `check` reads mdBook's `MDBOOK_*` overrides as `mdbook build` does (the
/// variable is set on the child process only).
#[test]
fn check_takes_the_environment_from_mdbooks_variable() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book-example");
    let run = |environment: &str| {
        std::process::Command::new(crate::support::BIN)
            .arg("check")
            .arg(&example)
            .env(
                "MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__ENVIRONMENTS__DEFAULT",
                environment,
            )
            .output()
            .unwrap()
    };
    let out = run("production");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run("prod");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("default = \"prod\" names no environment (did you mean `production`?)"),
        "{stderr}"
    );
}

/// Issue 23, fault 8: `<<#env key code>>` shows the value as inline code,
/// in text, in a table cell and in a line-based body (prerequisites); a
/// code span around the tag still shows the tag itself.
#[test]
fn env_code_shows_the_value_as_inline_code() {
    let cfg = json!({"preprocessor": {"integration-guide": {"environments": {
        "default": "sandbox",
        "sandbox": {"title": "Sandbox", "tenant-url": "https://acme.sandbox.example/t/1", "odd": "a`b|c"},
    }}}});
    let text = "\
Open <<#env tenant-url code>>, or `<<#env tenant-url>>` as written.

| Setting | Value |
| --- | --- |
| Tenant | <<#env odd code>> |

<<#prerequisites>>
accounts: an account at <<#env tenant-url code>>
<</prerequisites>>
";
    let mut chapters = vec![chapter("chapter.md", text)];
    let out = expand_book(&mut chapters, &settings(cfg))
        .unwrap()
        .remove(0);
    assert!(
        out.starts_with(
            "Open `https://acme.sandbox.example/t/1`, or `<<#env tenant-url>>` as written.\n"
        ),
        "{out}"
    );
    assert!(out.contains("| Tenant | `` a`b\\|c `` |"), "{out}");
    assert!(
        out.contains("- [ ] an account at `https://acme.sandbox.example/t/1`"),
        "{out}"
    );
    // `code` is a flag: `code=false` is the plain value.
    let cfg = config();
    let mut chapters = vec![chapter("chapter.md", "At <<#env base-url code=false>>.\n")];
    assert_eq!(
        expand_book(&mut chapters, &settings(cfg)).unwrap()[0],
        "At https://sandbox.globex.example.\n"
    );
}

/// Issue 23, fault 8: `check`'s env-literal hint suggests `code` when the
/// value stood in backticks.
#[test]
fn the_env_literal_hint_suggests_code_for_a_value_in_backticks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.environments]\ndefault = \"sandbox\"\n\n[preprocessor.integration-guide.environments.sandbox]\ntitle = \"Sandbox\"\ntenant-url = \"https://acme.sandbox.example\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [A](a.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/a.md"),
        "# A\n\nLike `https://acme.sandbox.example`.\n\nOr https://acme.sandbox.example.\n",
    )
    .unwrap();
    let out = std::process::Command::new(crate::support::BIN)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let hints: Vec<(u64, String)> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| d["code"] == "env-literal")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["hint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(hints.len(), 2, "{stdout}");
    assert_eq!(hints[0].0, 3);
    assert!(
        hints[0]
            .1
            .starts_with("write `<<#env tenant-url code>>` in place of the code span"),
        "{}",
        hints[0].1
    );
    assert_eq!(hints[1].0, 5);
    assert!(
        hints[1]
            .1
            .starts_with("write `<<#env tenant-url>>` instead"),
        "{}",
        hints[1].1
    );
}
