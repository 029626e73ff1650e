//! Every form of every golden example, run by the real client against a
//! loopback echo server (`support::echo`): `curl`, `python3` with
//! `requests`, `node`'s `fetch`, HTTPie, and the raw message over a
//! socket. Each must deliver what the model (so the source) says: the
//! method, the decoded path, the query pairs, the body bytes, the
//! `Content-Type`, `Authorization` and the custom headers. A property
//! test sends random payloads, paths and query values through every form.
//!
//! `{run:id}` is compared as "a fresh value of the form's shape": 16
//! lower-case hexadecimal digits (the shell forms), a version-4 UUID
//! (Python, JavaScript, and the raw message's placeholder as a reader
//! fills it); the same value everywhere in one execution, a different one
//! in a second execution.
//!
//! The clients: `curl` and `node` from PATH; Python and HTTPie from
//! `target/ci-tools` (the venv `.ci/run` makes: `requests`, `httpie`), else
//! `python3` / `http` from PATH. Without one, its form is skipped with a
//! note, except under CI (`CI` set), where that is a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::echo::{Echo, Received};
use crate::support::{chapter, settings};
use mdbook_integration_guide::engine;
use mdbook_integration_guide::http::{self, Client, Credentials, Exchange, Request, url, vars};
use mdbook_integration_guide::shortcodes;
use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The program that runs a client's form, if the machine has it.
fn tool(client: Client) -> Option<Vec<String>> {
    let venv = root().join("target/ci-tools/bin");
    let on_path = |name: &str| {
        Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let found = match client {
        Client::Http => Some(vec![]),
        Client::Curl => on_path("curl").then(|| vec!["bash".to_string()]),
        Client::JavaScript => on_path("node").then(|| vec!["node".to_string()]),
        Client::Python => {
            let venv_python = venv.join("python");
            let python = if venv_python.is_file() {
                venv_python.display().to_string()
            } else {
                "python3".to_string()
            };
            let has_requests = Command::new(&python)
                .args(["-c", "import requests"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            has_requests.then(|| vec![python])
        }
        Client::Httpie => {
            let ok = venv.join("http").is_file() || on_path("http");
            ok.then(|| vec!["bash".to_string()])
        }
    };
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is not installed (.ci/run installs it)",
            client.name()
        );
        eprintln!(
            "note: no {} on this machine: its form is not run",
            client.name()
        );
    }
    found
}

fn tools() -> Vec<(Client, Vec<String>)> {
    http::client::ALL
        .iter()
        .filter_map(|&c| tool(c).map(|t| (c, t)))
        .collect()
}

/// Runs a command with a 30 s bound; its stderr on failure.
fn run_bounded(mut cmd: Command, dir: &Path) -> Result<(), String> {
    let out = dir.join("out.txt");
    let err = dir.join("err.txt");
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{status}: {}{}",
                    std::fs::read_to_string(&err).unwrap_or_default(),
                    std::fs::read_to_string(&out).unwrap_or_default()
                ))
            };
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            return Err("timed out".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What a request must arrive as, from the model with `vars` filled in.
#[derive(Debug, PartialEq, Eq)]
struct Arrived {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    /// Exact bytes; for a form built from fields, its decoded pairs.
    body: Body,
    content_type: Option<String>,
    authorization: Option<String>,
    headers: BTreeMap<String, String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Body {
    None,
    Bytes(Vec<u8>),
    Form(Vec<(String, String)>),
}

fn pairs(q: &str) -> Vec<(String, String)> {
    url::parse_query(q)
        .into_iter()
        .map(|p| (p.name, p.value))
        .collect()
}

fn expected(r: &Request, vars: &BTreeMap<String, String>) -> Arrived {
    let fill = |s: &str| vars::substitute(s, &|n| vars.get(n).cloned());
    let mut path = url::decode(&fill(&r.url.path), false);
    if path.is_empty() {
        path = "/".into();
    }
    let body = match &r.body {
        None => Body::None,
        Some(b) if b.form.is_empty() => Body::Bytes(b.text.as_bytes().to_vec()),
        Some(b) => Body::Form(
            b.form
                .iter()
                .map(|f| (fill(&f.name), fill(&f.value)))
                .collect(),
        ),
    };
    let authorization = match &r.credentials {
        Some(Credentials::Basic { user, password }) => Some(format!(
            "Basic {}",
            base64(format!("{}:{}", fill(user), fill(password)).as_bytes())
        )),
        _ => r.header("authorization").map(fill),
    };
    let headers = r
        .headers
        .iter()
        .filter(|h| !h.name.eq_ignore_ascii_case("authorization"))
        .map(|h| (h.name.to_ascii_lowercase(), fill(&h.value)))
        .collect();
    Arrived {
        method: r.method.clone(),
        path,
        query: r
            .url
            .query
            .iter()
            .map(|q| (fill(&q.name), fill(&q.value)))
            .collect(),
        body,
        content_type: r
            .sent_headers()
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| fill(&h.value)),
        authorization,
        headers,
    }
}

fn arrived(got: &Received, like: &Arrived) -> Arrived {
    let pq = got.path_and_query();
    let (path, query) = pq.split_once('?').unwrap_or((pq, ""));
    let body = match &like.body {
        Body::None if got.body.is_empty() => Body::None,
        Body::Form(_) => Body::Form(pairs(&String::from_utf8_lossy(&got.body))),
        _ => Body::Bytes(got.body.clone()),
    };
    // `http://host?q` (the absolute form of an empty path) is `/`.
    let path = if path.is_empty() { "/" } else { path };
    Arrived {
        method: got.method.clone(),
        path: url::decode(path, false),
        query: pairs(query),
        body,
        content_type: got.header("content-type").map(str::to_string),
        authorization: got.header("authorization").map(str::to_string),
        headers: like
            .headers
            .keys()
            .filter_map(|k| got.header(k).map(|v| (k.clone(), v.to_string())))
            .collect(),
    }
}

/// The raw message with variables filled in, CRLF in its head, sent over a
/// socket.
fn send_raw(r: &Request, vars: &BTreeMap<String, String>, port: u16) -> Result<(), String> {
    use std::io::{Read, Write};
    let text = Client::Http
        .render(r)
        .replace(http::RAW_RUN_ID, &fresh_uuid());
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h.to_string(), b.to_string()),
        None => (text.clone(), String::new()),
    };
    let fill = |s: &str| vars::substitute(s, &|n| vars.get(n).cloned());
    let mut lines: Vec<String> = Vec::new();
    for line in head.lines() {
        let line = fill(line);
        // `Basic base64(user:password)`: the reader encodes it.
        let line = match line.split_once("Basic base64(") {
            Some((before, rest)) => {
                format!(
                    "{before}Basic {}",
                    base64(rest.trim_end_matches(')').as_bytes())
                )
            }
            None => line,
        };
        lines.push(line);
    }
    // A form whose fields hold variables: filled in, and its length.
    let body = match &r.body {
        Some(b) if !b.form.is_empty() && !r.variables().is_empty() => {
            let filled = fill(&body);
            lines.retain(|l| !l.starts_with("Content-Length:"));
            lines.push(format!("Content-Length: {}", filled.len()));
            filled
        }
        _ => body,
    };
    // A body with `{run:id}` has no `Content-Length` (its length is the
    // reader's): the reader adds it.
    if r.uses_run_id() && r.body.is_some() {
        lines.retain(|l| !l.starts_with("Content-Length:"));
        lines.push(format!("Content-Length: {}", body.len()));
    }
    let message = format!("{}\r\n\r\n{body}", lines.join("\r\n"));
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    s.write_all(message.as_bytes()).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    Ok(())
}

/// Runs `client`'s form of `r` and returns what the server received.
fn deliver(
    client: Client,
    program: &[String],
    r: &Request,
    vars: &BTreeMap<String, String>,
    echo: &Echo,
    dir: &Path,
) -> Result<Received, String> {
    echo.drain();
    if client == Client::Http {
        send_raw(r, vars, echo.port())?;
        return echo.next().ok_or_else(|| "nothing received".to_string());
    }
    let code = client.render(r);
    let file = dir.join(match client {
        Client::Python => "form.py",
        Client::JavaScript => "form.mjs",
        _ => "form.sh",
    });
    std::fs::write(&file, code).unwrap();
    let mut cmd = Command::new(&program[0]);
    cmd.args(&program[1..]).arg(&file).current_dir(dir);
    cmd.env_clear();
    let path = format!(
        "{}:{}",
        root().join("target/ci-tools/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.env("PATH", path)
        .env("HOME", dir)
        .env("HTTPIE_CONFIG_DIR", dir.join("httpie"))
        .env("NO_PROXY", "*")
        .env("no_proxy", "*");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    run_bounded(cmd, dir)?;
    echo.next().ok_or_else(|| "nothing received".to_string())
}

/// `r` aimed at the echo server: a written origin becomes the server's; a
/// variable origin is set to it. Also the values of the other variables.
fn aimed(r: &Request, echo: &Echo) -> (Request, BTreeMap<String, String>) {
    let mut r = r.clone();
    let mut vars = BTreeMap::new();
    let origin_vars = vars::names(&r.url.origin)
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    if origin_vars.is_empty() {
        r.url.origin = echo.origin();
    } else {
        r.url.origin = format!("${{{}}}", origin_vars[0]);
        vars.insert(origin_vars[0].clone(), echo.origin());
    }
    // TLS client certificates need TLS: not part of a plain loopback run.
    if matches!(r.credentials, Some(Credentials::ClientCertificate { .. })) {
        r.credentials = None;
    }
    for name in r.variables() {
        vars.entry(name.clone())
            .or_insert_with(|| format!("val-{}", name.to_ascii_lowercase()));
    }
    (r, vars)
}

/// A version-4 UUID as a reader makes one for the raw message (from the
/// clock and a counter: unique within the test).
fn fresh_uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        ^ COUNT.fetch_add(1, Ordering::Relaxed).rotate_left(32);
    let h = format!("{n:016x}{:016x}", n.rotate_left(17) ^ 0x5bd1_e995);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// The length of the `{run:id}` value at the start of `s` in `client`'s
/// form, if one of the right shape is there.
fn run_id_shape(client: Client, s: &str) -> Option<usize> {
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let b = s.as_bytes();
    match client {
        Client::Curl | Client::Httpie => {
            (b.len() >= 16 && b[..16].iter().all(|&c| hex(c))).then_some(16)
        }
        _ => {
            let ok = b.len() >= 36
                && b[..36].iter().enumerate().all(|(i, &c)| match i {
                    8 | 13 | 18 | 23 => c == b'-',
                    14 => c == b'4',
                    19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
                    _ => hex(c.to_ascii_lowercase()),
                });
            ok.then_some(36)
        }
    }
}

/// `got` as `want` when they differ only in `{run:id}` values of the
/// form's shape (which go to `ids`); else `got` as it is.
fn unify(want: &str, got: &str, client: Client, ids: &mut Vec<String>) -> String {
    if !want.contains(vars::RUN_ID) {
        return got.to_string();
    }
    let parts: Vec<&str> = want.split(vars::RUN_ID).collect();
    let mut pos = 0;
    let mut found = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if !got[pos..].starts_with(part) {
            return got.to_string();
        }
        pos += part.len();
        if i + 1 < parts.len() {
            let Some(n) = run_id_shape(client, &got[pos..]) else {
                return got.to_string();
            };
            found.push(got[pos..pos + n].to_string());
            pos += n;
        }
    }
    if pos != got.len() {
        return got.to_string();
    }
    ids.extend(found);
    want.to_string()
}

/// `got` with its `{run:id}` values (see [`unify`]) written as in `want`.
fn unify_arrived(got: Arrived, want: &Arrived, client: Client, ids: &mut Vec<String>) -> Arrived {
    let mut u = |w: &str, g: &str| unify(w, g, client, ids);
    let pairs = |u: &mut dyn FnMut(&str, &str) -> String,
                 w: &[(String, String)],
                 g: Vec<(String, String)>| {
        if w.len() != g.len() {
            return g;
        }
        w.iter()
            .zip(g)
            .map(|((wn, wv), (gn, gv))| (u(wn, &gn), u(wv, &gv)))
            .collect()
    };
    let body = match (&want.body, got.body) {
        (Body::Bytes(w), Body::Bytes(g)) => match (std::str::from_utf8(w), String::from_utf8(g)) {
            (Ok(w), Ok(g)) => Body::Bytes(u(w, &g).into_bytes()),
            (_, Ok(g)) => Body::Bytes(g.into_bytes()),
            (_, Err(e)) => Body::Bytes(e.into_bytes()),
        },
        (Body::Form(w), Body::Form(g)) => Body::Form(pairs(&mut u, w, g)),
        (_, g) => g,
    };
    let opt =
        |u: &mut dyn FnMut(&str, &str) -> String, w: &Option<String>, g: Option<String>| match (
            w, g,
        ) {
            (Some(w), Some(g)) => Some(u(w, &g)),
            (_, g) => g,
        };
    Arrived {
        method: got.method,
        path: u(&want.path, &got.path),
        query: pairs(&mut u, &want.query, got.query),
        body,
        content_type: opt(&mut u, &want.content_type, got.content_type),
        authorization: opt(&mut u, &want.authorization, got.authorization),
        headers: got
            .headers
            .into_iter()
            .map(|(k, v)| {
                let w = want.headers.get(&k).cloned().unwrap_or_default();
                let v = u(&w, &v);
                (k, v)
            })
            .collect(),
    }
}

/// Every form of `r` delivers what the model says (`client`'s own echo
/// server and folder); `{run:id}` a fresh value of the form's shape, one
/// in each execution (a request with one is sent twice).
fn check_form(
    r: &Request,
    client: Client,
    program: &[String],
    echo: &Echo,
    dir: &Path,
) -> Option<String> {
    let (r, vars) = aimed(r, echo);
    let want = expected(&r, &vars);
    let runs = if r.uses_run_id() { 2 } else { 1 };
    let mut seen: Vec<Vec<String>> = Vec::new();
    for _ in 0..runs {
        let mut ids = Vec::new();
        match deliver(client, program, &r, &vars, echo, dir) {
            Ok(got) => {
                let got = unify_arrived(arrived(&got, &want), &want, client, &mut ids);
                if got != want {
                    return Some(format!(
                        "{}: {} {}:\n  want {want:?}\n  got  {got:?}\n{}",
                        client.name(),
                        r.method,
                        r.url.full(),
                        client.render(&r)
                    ));
                }
            }
            Err(e) => return Some(format!("{}: {e}\n{}", client.name(), client.render(&r))),
        }
        if ids.windows(2).any(|w| w[0] != w[1]) {
            return Some(format!(
                "{}: {{run:id}} took different values in one execution: {ids:?}",
                client.name()
            ));
        }
        seen.push(ids);
    }
    if runs == 2 && (seen[0].is_empty() || seen[0].first() == seen[1].first()) {
        return Some(format!(
            "{}: {{run:id}} not fresh in a second execution: {seen:?}\n{}",
            client.name(),
            client.render(&r)
        ));
    }
    None
}

/// Runs every request in every client's form, the clients in parallel
/// (each with its own server): the problems, each with its `label`.
fn check_all(requests: &[(String, Request)]) -> Vec<String> {
    let tools = tools();
    std::thread::scope(|scope| {
        let handles: Vec<_> = tools
            .iter()
            .map(|(client, program)| {
                scope.spawn(move || {
                    let echo = Echo::start();
                    let dir = tempfile::tempdir().unwrap();
                    requests
                        .iter()
                        .filter_map(|(label, r)| {
                            check_form(r, *client, program, &echo, dir.path())
                                .map(|p| format!("{label}: {p}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// The exchanges of a golden input (its `.json` book.toml and files).
fn golden_exchanges(name: &str) -> Vec<Exchange> {
    let dir = root().join("tests/golden");
    let text = std::fs::read_to_string(dir.join(format!("{name}.md"))).unwrap();
    let config = std::fs::read_to_string(dir.join(format!("{name}.json")))
        .map(|j| serde_json::from_str(&j).unwrap())
        .unwrap_or(serde_json::json!({}));
    let mut s = settings(config);
    if dir.join(name).is_dir() {
        s.root = Some(dir.join(name));
    }
    let mut chapters = vec![chapter("chapter.md", &text)];
    let report = engine::process(&mut chapters, &s, &shortcodes::registry(), "html");
    assert!(!report.failed, "{name}: {:#?}", report.diagnostics);
    report.exchanges()
}

#[test]
fn every_form_of_every_golden_example_sends_the_same_request() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/golden"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".md")?;
            (stem.starts_with("api-example")
                || stem.starts_with("auth-flow")
                || stem == "openapi-3-0-json")
                .then(|| stem.to_string())
        })
        .collect();
    names.sort();
    let mut requests = Vec::new();
    for name in &names {
        for e in golden_exchanges(name) {
            // A path parameter the spec gives no value for: not a request
            // anyone can send (run skips it too).
            if e.request.url.path.contains('{') {
                continue;
            }
            requests.push((format!("{name}.md:{}", e.source.line), e.request));
        }
    }
    assert!(
        requests.len() >= 25,
        "only {} requests in the goldens",
        requests.len()
    );
    let problems = check_all(&requests);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

fn payload() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("$HOME".to_string()),
        Just("${PATH}".to_string()),
        Just("`date`".to_string()),
        Just("\nEOF\n".to_string()),
        Just("\nJSON\n".to_string()),
        Just("\r\n".to_string()),
        Just("\\".to_string()),
        Just("é日本".to_string()),
        Just("@file".to_string()),
        Just("%s %%".to_string()),
        Just("\n".to_string()),
        "[a-z {}:,\\[\\]]{0,6}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn segment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 /&?#%+=$é'\"\\[\\]{}]{1,10}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn random_payloads_paths_and_queries_arrive_byte_identical(
        body in payload(),
        seg in segment(),
        value in segment(),
        media in prop_oneof![Just("json"), Just("text"), Just("xml")],
        method in prop_oneof![Just("POST"), Just("PUT"), Just("PATCH")],
    ) {
        let url = http::Url::from_template(
            "https://api.example/v1",
            "/items/{id}",
            &[("id".into(), seg.clone())],
            vec![http::QueryParam { name: "q".into(), value: value.clone() }],
        );
        let r = Request {
            method: method.into(),
            url,
            headers: vec![http::Header { name: "Authorization".into(), value: "Bearer $TOKEN".into() }],
            body: Some(http::Body::exact(body.clone(), Some(http::Body::media_type_of(media).to_string()))),
            credentials: None,
        };
        let vars = BTreeMap::from([("TOKEN".to_string(), "t".to_string())]);
        let want = expected(&r, &vars);
        prop_assert_eq!(&want.path, &format!("/v1/items/{seg}"));
        prop_assert_eq!(&want.query, &vec![("q".to_string(), value.clone())]);
        let problems = check_all(&[("random".to_string(), r)]);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    }
}

/// `{run:id}` in a header, a query value, a path segment, a form field and
/// a body: every form sends a fresh value of its shape each time it runs.
#[test]
fn run_id_is_a_fresh_value_in_every_form() {
    let header = http::Header {
        name: "Idempotency-Key".into(),
        value: "hd-{run:id}".into(),
    };
    let url = |path: &str| {
        http::Url::from_template(
            "https://api.example",
            path,
            &[],
            vec![http::QueryParam {
                name: "ref".into(),
                value: "r {run:id}".into(),
            }],
        )
    };
    let json = Request {
        method: "POST".into(),
        url: url("/v1/deals/{run:id}"),
        headers: vec![header.clone()],
        body: Some(http::Body::exact(
            "{\"ref\": \"deal-{run:id}\", \"note\": \"it's\"}",
            Some("application/json".into()),
        )),
        credentials: None,
    };
    let mut form = json.clone();
    form.url = url("/v1/deals");
    form.body = Some(http::Body::form(vec![http::QueryParam {
        name: "ref".into(),
        value: "deal-{run:id}".into(),
    }]));
    for r in [&json, &form] {
        assert!(r.uses_run_id());
        for c in http::client::ALL {
            let text = c.render(r);
            assert!(!text.contains("{run:id}"), "{}:\n{text}", c.name());
        }
    }
    // Its length depends on the value the reader puts in: not given.
    let raw = Client::Http.render(&json);
    assert!(
        raw.contains("<fresh-uuid>") && !raw.contains("Content-Length"),
        "{raw}"
    );
    let problems = check_all(&[("json".into(), json), ("form".into(), form)]);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_tools_are_found_under_ci() {
    // Under CI every client must run; locally this lists what is missing.
    let found: Vec<&str> = tools().iter().map(|(c, _)| c.name()).collect();
    assert!(found.contains(&"http"), "{found:?}");
    if std::env::var_os("CI").is_some() {
        assert_eq!(found.len(), 5, "{found:?}");
    }
    let _ = PathBuf::new();
}
