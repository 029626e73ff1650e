//! `book-example` built with the real mdBook once per environment: the
//! default (`sandbox`, from book.toml) and `production` through mdBook's
//! own override, the environment variable
//! `MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__ENVIRONMENTS__DEFAULT=production`.
//!
//! How the variable reaches us: mdBook 0.5.4's `Config::update_from_env`
//! (mdbook-core, `parse_env`) strips `MDBOOK_`, lowercases, turns `__` into
//! `.` and `_` into `-`, so the variable sets
//! `preprocessor.integration-guide.environments.default`, and mdBook passes
//! the updated configuration to the preprocessor. `MDBook::load` (what the
//! `mdbook` binary calls) applies it. Environment variables belong to the
//! whole process and the tests run in parallel threads of one process, so
//! the production build runs in a child process: this test binary again,
//! running only the ignored test [`child_build`] with the variables set,
//! which builds the book with `mdbook_driver::MDBook::load`, exactly the
//! `mdbook build` code path (also the preprocessor's command comes from a
//! variable, `MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__COMMAND`).

use crate::e2e::{chapter_pages, is_external, links_of, resolve};
use crate::support::{BIN, BuiltBook, build_example, copy_tree, ids_in};

const SANDBOX_HOST: &str = "sandbox.globex.example";
const PRODUCTION_HOST: &str = "api.globex.example";
const CHILD_BOOK: &str = "INTEGRATION_GUIDE_TEST_CHILD_BOOK";

/// Builds a copy of `book-example` in a child process with mdBook's
/// override of the environment.
fn build_example_for(environment: &str) -> BuiltBook {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book-example");
    copy_tree(&example, dir.path());
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "e2e_environments::child_build",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_BOOK, dir.path())
        .env(
            "MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__ENVIRONMENTS__DEFAULT",
            environment,
        )
        .env("MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__COMMAND", BIN)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let result = if out.status.success() && stdout.contains("1 passed") {
        Ok(())
    } else {
        Err(format!("{stdout}\n{stderr}"))
    };
    BuiltBook {
        dir,
        stderr,
        result,
    }
}

/// The child process of [`build_example_for`]: `mdbook build` of the book
/// its variable names, the environment from `MDBOOK_*` variables. Does
/// nothing when run on its own.
#[test]
#[ignore = "run by e2e_environments::example_builds_per_environment in a child process"]
fn child_build() {
    let Some(dir) = std::env::var_os(CHILD_BOOK) else {
        return;
    };
    mdbook_driver::MDBook::load(&dir)
        .and_then(|book| book.build())
        .unwrap_or_else(|e| panic!("mdbook build: {e:#}"));
}

/// A page without the `<<#environments>>` table (the one place where every
/// environment's values belong).
fn without_environments_table(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<table>") {
        let end = rest[start..]
            .find("</table>")
            .map_or(rest.len(), |e| start + e + 8);
        let table = &rest[start..end];
        out.push_str(&rest[..start]);
        if !table.contains("(this build)") {
            out.push_str(table);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every page names only its build's host (outside the environments
/// table), and every link on it resolves.
fn check_build(built: &BuiltBook, own: &str, other: &str) -> usize {
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let mut pages = chapter_pages(built.root());
    pages.push("print.html".into());
    let mut tables = 0;
    for page in &pages {
        let html = built.html(page);
        if html.contains("(this build)") {
            tables += 1;
        }
        let text = without_environments_table(&html);
        assert!(
            !text.contains(other),
            "{page} of the {own} build names {other}"
        );
        if page == "print.html" {
            continue;
        }
        for (href, label) in links_of(&html) {
            if is_external(&href) {
                continue;
            }
            let (target, anchor) = resolve(page, &href);
            let path = built.root().join("book").join(&target);
            assert!(
                path.is_file(),
                "{page}: [{label}]({href}): no page {target}"
            );
            if let Some(anchor) = anchor {
                assert!(
                    ids_in(&built.html(&target)).contains(&anchor),
                    "{page}: [{label}]({href}): no id `{anchor}` on {target}"
                );
            }
        }
    }
    // The Prerequisites page and the print page.
    assert_eq!(tables, 2, "the environments table");
    pages.len()
}

#[test]
fn example_builds_per_environment() {
    let production = std::thread::spawn(|| build_example_for("production"));
    let sandbox = build_example(|_| {});
    let production = production.join().unwrap();
    check_build(&sandbox, SANDBOX_HOST, PRODUCTION_HOST);
    check_build(&production, PRODUCTION_HOST, SANDBOX_HOST);
    for (built, url) in [
        (&sandbox, "https://sandbox.globex.example"),
        (&production, "https://api.globex.example"),
    ] {
        // `[token URL](<<#env token-url>>)`: a working external link.
        let acme = built.html("configuration/acme.html");
        assert!(
            links_of(&acme).contains(&(format!("{url}/oauth/token"), "token URL".into())),
            "{:?}",
            links_of(&acme)
        );
        // `{env:base-url}` in an attribute and in a ```sh,env block.
        let validation = built.html("validation.html");
        assert!(validation.contains(&format!("{url}/v2/invoices")));
        assert!(validation.contains(&format!("{url}/v2/customers?limit=1")));
        // The build's environment is the marked column.
        let prerequisites = built.html("prerequisites.html");
        let marked = if url.contains("sandbox") {
            "Sandbox (this build)"
        } else {
            "Production (this build)"
        };
        assert!(prerequisites.contains(marked), "{marked}");
    }
}
