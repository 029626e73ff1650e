//! A small book on disk for the tests that run the binary as a user
//! does: `run BOOK --env sandbox` from the directory that holds it.

use std::path::Path;
use std::process::Command;

/// The book's validation chapter: a request to a host the environment
/// does not name, then one that needs `$MY_TOKEN`.
pub const VALIDATION: &str = "# Validation\n\n<<#api-example method=\"GET\" url=\"https://elsewhere.example/v1/ping\" status=200>>\n<</api-example>>\n\nThe records:\n\n<<#api-example method=\"GET\" url=\"{env:base-url}/v1/records\" status=200 auth=\"Bearer $MY_TOKEN\">>\n<</api-example>>\n";

/// Writes the book to `dir/book`; `run_key` is the sandbox's `run`
/// line (`run = "allow"`, or empty for none).
pub fn write(dir: &Path, run_key: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"Trips\"\n\n[preprocessor.integration-guide]\n\n[preprocessor.integration-guide.environments]\ndefault = \"sandbox\"\n\n[preprocessor.integration-guide.environments.sandbox]\ntitle = \"Sandbox\"\nbase-url = \"https://sandbox.example\"\n{run_key}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n- [Validation](validation.md)\n",
    )
    .unwrap();
    std::fs::write(book.join("src/validation.md"), VALIDATION).unwrap();
}

/// `$MY_TOKEN`'s `line:column` in [`VALIDATION`].
pub fn token_place() -> String {
    let (i, line) = VALIDATION
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("$MY_TOKEN"))
        .unwrap();
    format!("{}:{}", i + 1, line.find("$MY_TOKEN").unwrap() + 1)
}

/// Runs the binary in `dir` with `env` as the only variables the guide
/// may read set: `(exit status, stdout, stderr)`.
pub fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mdbook-integration-guide"));
    command.args(args).current_dir(dir);
    for name in [
        "MY_TOKEN",
        "CLIENT_ID",
        "CLIENT_SECRET",
        "ACCESS_TOKEN",
        "TOKEN",
        "TRIPS_TOKEN",
    ] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
