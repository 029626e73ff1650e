//! Each export run by the runner a reader uses, against a loopback server
//! (support::api_server): newman for Postman, httpyac for `.http`, Redocly
//! CLI `respect` for Arazzo (from npm, pinned in tests/peers, installed by
//! `.ci/run` with `npm ci --prefix tests/peers`); Hurl when the `hurl`
//! binary is on PATH, else its golden file only. Each passes against the
//! good server (the token and the captured invoice id chained through the
//! later requests, which the server checks) and fails against one that has
//! drifted from the guide.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use mdbook_integration_guide::export::{self, Format};

use crate::support::api_server::{ApiServer, Behaviour};
use crate::support::export_plan;
use crate::support::snapshot::assert_golden;

/// A runner from tests/peers/node_modules/.bin, or `None` (then the test
/// is skipped with a message; under CI=true, a failure: .ci/run installs
/// them).
fn peer(name: &str) -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers/node_modules/.bin")
        .join(name);
    if bin.exists() {
        return Some(bin);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is missing: run `npm ci --prefix tests/peers` (.ci/run does)"
    );
    eprintln!("skipped: {name} is not installed (npm ci --prefix tests/peers)");
    None
}

/// Runs a command with a time bound (60 s) and returns its output.
fn run(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn runner");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("runner did not finish in 60 s: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn text(o: &Output) -> String {
    format!(
        "exit: {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Exports the plan against `server` in `format` into `dir`; the path of
/// the main file.
fn write_export(dir: &Path, server: &ApiServer, format: Format) -> PathBuf {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/export/globex.yaml"),
        dir.join("globex.yaml"),
    )
    .unwrap();
    let exchanges = export_plan::exchanges(&server.origin);
    let guide = export_plan::guide(&exchanges, "./globex.yaml");
    let out = export::export(format, &guide, "guide");
    let path = dir.join(format!("guide.{}", format.extension()));
    std::fs::write(&path, &out.text).unwrap();
    for (name, text) in &out.companions {
        std::fs::write(dir.join(name), text).unwrap();
    }
    path
}

/// A version-4-shaped UUID from the clock and the process id.
fn fresh_uuid() -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let h = format!(
        "{n:016x}{:016x}",
        u64::from(std::process::id()) ^ n.rotate_left(29)
    );
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// Runs `format`'s runner against a server behaving as `behaviour`.
fn run_against(format: Format, behaviour: Behaviour) -> Option<(Output, Vec<String>)> {
    let server = ApiServer::start(behaviour);
    let dir = tempfile::tempdir().unwrap();
    let file = write_export(dir.path(), &server, format);
    let mut cmd = match format {
        Format::Postman => {
            let mut c = Command::new(peer("newman")?);
            c.arg("run").arg(&file);
            c.args(["--env-var", "CLIENT_ID=client-id"]);
            c.args(["--env-var", "CLIENT_SECRET=client-secret"]);
            c.args(["--reporters", "cli", "--timeout-request", "10000"]);
            c
        }
        Format::Http => {
            let mut c = Command::new(peer("httpyac")?);
            c.arg("send").arg(&file).arg("--all");
            c.env("CLIENT_ID", "client-id")
                .env("CLIENT_SECRET", "client-secret");
            c
        }
        Format::Arazzo => {
            let mut c = Command::new(peer("redocly")?);
            c.arg("respect").arg(&file);
            // JSON: `--input NAME=value` drops a value's trailing `=`
            // (respect 2.77), which base64 values end with.
            // `run_id`: the guide's `{run:id}`, which Arazzo has no
            // generator for: a fresh UUID from the caller.
            c.arg("--input").arg(format!(
                r#"{{"CLIENT_ID": "client-id", "CLIENT_SECRET": "client-secret", "run_id": "{}"}}"#,
                fresh_uuid()
            ));
            c.arg("--server")
                .arg(format!("globex={}/v2", server.origin));
            c.arg("--server")
                .arg(format!("guide-requests={}", server.origin));
            c.env("REDOCLY_TELEMETRY", "off")
                .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
            c
        }
        Format::Hurl => {
            let hurl = which("hurl")?;
            let mut c = Command::new(hurl);
            c.arg("--test");
            c.args(["--variable", "CLIENT_ID=client-id"]);
            c.args(["--variable", "CLIENT_SECRET=client-secret"]);
            c.arg(&file);
            c
        }
    };
    cmd.current_dir(dir.path()).env("NO_COLOR", "1");
    let out = run(cmd);
    Some((out, server.log()))
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// The good server: the runner exits 0, and the server saw the four
/// requests in order, the third at the captured invoice id (it answers 404
/// to any other, and 401 without the captured token).
fn passes(format: Format) {
    let Some((out, log)) = run_against(format, Behaviour::Good) else {
        return;
    };
    assert!(
        out.status.success(),
        "{format:?} failed against the good server:\n{}",
        text(&out)
    );
    assert_eq!(log.len(), 4, "{log:?}\n{}", text(&out));
    assert_eq!(log[0], "POST /oauth/token");
    assert_eq!(log[1], "POST /v2/invoices");
    assert!(
        log[2].starts_with("GET /v2/invoices/inv_") && log[2].ends_with("?expand=lines"),
        "{log:?}"
    );
    assert_eq!(log[3], "POST /v2/invoices");
}

/// The drifting server (the one difference: the invoice read back says
/// `"status": "open"`): the requests up to the drifting one are sent (all
/// of them but by Respect, which stops a workflow at its first failed
/// step), and the runner exits non-zero naming the documented value.
fn fails_on_drift(format: Format) {
    let Some((out, log)) = run_against(format, Behaviour::Drift) else {
        return;
    };
    assert!(
        !out.status.success(),
        "{format:?} passed against a drifting server:\n{}",
        text(&out)
    );
    assert!(log.len() >= 3, "{log:?}\n{}", text(&out));
    let shown = text(&out);
    assert!(
        shown.contains("draft") && shown.contains("status"),
        "{shown}"
    );
}

#[test]
fn newman_runs_the_postman_collection() {
    passes(Format::Postman);
}

#[test]
fn newman_fails_when_the_server_drifts() {
    fails_on_drift(Format::Postman);
}

#[test]
fn httpyac_runs_the_http_file() {
    passes(Format::Http);
}

#[test]
fn httpyac_fails_when_the_server_drifts() {
    fails_on_drift(Format::Http);
}

#[test]
fn respect_runs_the_arazzo_workflow() {
    passes(Format::Arazzo);
}

#[test]
fn respect_fails_when_the_server_drifts() {
    fails_on_drift(Format::Arazzo);
}

#[test]
fn hurl_runs_the_hurl_file_when_installed() {
    if which("hurl").is_none() {
        eprintln!("skipped: no hurl binary on PATH (its golden file is export_golden_hurl)");
        return;
    }
    passes(Format::Hurl);
    fails_on_drift(Format::Hurl);
}

/// The golden files of every format, for a fixed origin.
#[test]
fn golden_files_of_every_format() {
    let exchanges = export_plan::exchanges("https://sandbox.globex.example");
    let guide = export_plan::guide(&exchanges, "../specs/globex.yaml");
    for format in [Format::Postman, Format::Http, Format::Hurl, Format::Arazzo] {
        let out = export::export(format, &guide, "guide");
        let name = format!("export-{}", format.extension().replace('.', "-"));
        assert_golden("tests/golden/export", &name, None, &out.text);
        for (file, text) in &out.companions {
            assert_golden(
                "tests/golden/export",
                &format!("export-{}", file.replace('.', "-")),
                None,
                text,
            );
        }
    }
}
