//! The `run` benchmark of BENCHMARKS.md: 1000 requests to a local server
//! that answers at once, through the runner as `run` uses it (plan,
//! client with connection reuse, status and body checks, redaction, the
//! JSON Lines report).
//!
//! ```sh
//! cargo build --release --example bench_run
//! /usr/bin/time -v target/release/examples/bench_run 1000
//! ```
//!
//! Prints the wall time of the run, the requests per second and how many
//! TCP connections the server saw (1: the connection was reused).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mdbook_integration_guide::http::{
    Body, Exchange, ExchangeKind, Expectation, Header, Request, SourceRef, Url,
};
use mdbook_integration_guide::run::{self, Output, plan::Target, report::Format, runner::Options};
use mdbook_integration_guide::settings::RunPolicy;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
    let port = server.server_addr().to_ip().expect("ip").port();
    let peers = Arc::new(Mutex::new(HashSet::new()));
    for _ in 0..2 {
        let server = Arc::clone(&server);
        let peers = Arc::clone(&peers);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                if let Some(addr) = request.remote_addr() {
                    peers.lock().unwrap().insert(*addr);
                }
                let response =
                    tiny_http::Response::from_string(r#"{"id":"r1","status":"ok","total":12.5}"#)
                        .with_header(
                            tiny_http::Header::from_bytes("Content-Type", "application/json")
                                .unwrap(),
                        );
                let _ = request.respond(response);
            }
        });
    }
    let base = format!("http://127.0.0.1:{port}");
    let exchanges: Vec<Exchange> = (0..n)
        .map(|i| Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "GET".into(),
                url: Url {
                    origin: base.clone(),
                    path: format!("/v1/records/{i}"),
                    query: Vec::new(),
                },
                headers: vec![Header {
                    name: "Authorization".into(),
                    value: "Bearer $BENCH_TOKEN".into(),
                }],
                body: None,
                credentials: None,
            },
            expect: Expectation {
                status: Some(200),
                body: Some(Body::exact(
                    r#"{"status": "ok", "id": "r..."}"#,
                    Some("application/json".into()),
                )),
                ..Expectation::default()
            },
            captures: Vec::new(),
            source: SourceRef {
                chapter: "bench.md".into(),
                chapter_index: 0,
                span: 0..1,
                line: i + 1,
                column: 1,
            },
        })
        .collect();
    let target = Target {
        name: "local".into(),
        policy: RunPolicy::Allow,
        values: vec![("base-url".into(), base)],
        place: None,
    };
    let env = |name: &str| (name == "BENCH_TOKEN").then(|| "bench-token-value".to_string());
    let mut out = std::io::sink();
    let mut err = std::io::stderr();
    let start = Instant::now();
    let code = run::run_exchanges(
        exchanges,
        target,
        &run::schema::Specs::default(),
        "",
        &Options {
            timeout: Duration::from_secs(30),
            ..Options::default()
        },
        &env,
        &|_, _| None,
        Output {
            format: Format::Json,
            dry_run: false,
            out: &mut out,
            err: &mut err,
            progress: false,
            color: false,
            to_file: false,
            artifact: None,
        },
    );
    let elapsed = start.elapsed();
    println!(
        "{n} requests in {:.3} s ({:.0} requests/s), exit {code}, {} TCP connection(s)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        peers.lock().unwrap().len()
    );
}
