//! A loopback HTTP/1.1 server standing in for the system a guide
//! integrates with (Globex Billing's token endpoint and invoices), for the
//! export tests' real runners. It checks what a runner sends: the token
//! request's Basic credentials (an input from the process environment),
//! the Bearer token it issued (a capture chained into later requests) and
//! the invoice id it returned (another capture, in a later path).
//!
//! [`Behaviour::Drift`] answers as a system that has drifted from the
//! guide: the invoice it reads back has another status.
//!
//! Std only, one thread per connection, `Connection: close`; every socket
//! has a 10 s timeout so a stuck runner cannot hang the suite.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// As the guide documents.
    Good,
    /// A documented value differs (`GET /v2/invoices/{id}` says
    /// `"status": "open"`, the guide says `"draft"`).
    Drift,
}

/// The Basic credentials the token request must carry: base64 of
/// `client-id:client-secret` (the inputs `CLIENT_ID`, `CLIENT_SECRET`).
pub const CLIENT: &str = "Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";

#[derive(Default)]
struct State {
    tokens: HashSet<String>,
    invoices: HashSet<String>,
    /// The `Idempotency-Key`s used so far: one used again is a conflict.
    keys: HashSet<String>,
    next: u32,
    /// Every request line received, for the tests to read.
    log: Vec<String>,
}

/// A running server.
pub struct ApiServer {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    state: Arc<Mutex<State>>,
}

impl ApiServer {
    /// Starts a server on a free loopback port.
    pub fn start(behaviour: Behaviour) -> ApiServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state, behaviour);
                });
            }
        });
        ApiServer { origin, state }
    }

    /// The request lines received so far (`POST /oauth/token`).
    pub fn log(&self) -> Vec<String> {
        self.state.lock().unwrap().log.clone()
    }
}

struct Incoming {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Incoming> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim_end().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 20);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Incoming {
        method,
        path,
        headers,
        body,
    })
}

fn serve(stream: TcpStream, state: &Mutex<State>, behaviour: Behaviour) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let req = read_request(&stream)?;
    let (status, body) = answer(&req, state, behaviour);
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        _ => "Not Found",
    };
    let mut out = &stream;
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    out.flush()
}

/// Whether `key` ends in a UUID (8-4-4-4-12 hexadecimal digits).
fn fresh_key(key: &str) -> bool {
    let Some(tail) = key.len().checked_sub(36).and_then(|at| key.get(at..)) else {
        return false;
    };
    tail.bytes().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => c == b'-',
        _ => c.is_ascii_hexdigit(),
    })
}

fn answer(req: &Incoming, state: &Mutex<State>, behaviour: Behaviour) -> (u16, String) {
    let mut s = state.lock().unwrap();
    s.log.push(format!("{} {}", req.method, req.path));
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    if req.method == "POST" && path == "/oauth/token" {
        let form = String::from_utf8_lossy(&req.body);
        if req.header("authorization") != Some(&format!("Basic {CLIENT}"))
            || !form.contains("grant_type=client_credentials")
        {
            return (401, r#"{"error": "invalid_client"}"#.into());
        }
        s.next += 1;
        let token = format!("tok-{}-{}", s.next, std::process::id());
        s.tokens.insert(token.clone());
        return (
            200,
            format!(r#"{{"access_token": "{token}", "token_type": "Bearer", "expires_in": 3600}}"#),
        );
    }
    let authorized = req
        .header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| s.tokens.contains(t));
    if !authorized {
        return (401, r#"{"error": "invalid_token"}"#.into());
    }
    if req.method == "POST" && path == "/v2/invoices" {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let key = req.header("idempotency-key").unwrap_or_default();
        // The guide's `{run:id}`: a fresh UUID at the key's end on every
        // send (an export that sent it literally, or the same value twice,
        // would make every rerun collide).
        if !fresh_key(key) || !s.keys.insert(key.to_string()) {
            return (
                409,
                format!(r#"{{"error": "idempotency_key_reused", "key": "{key}"}}"#),
            );
        }
        if body["currency"] != "EUR" {
            return (
                400,
                r#"{"error": "invalid_request", "field": "currency"}"#.into(),
            );
        }
        s.next += 1;
        let id = format!("inv_{}", s.next);
        s.invoices.insert(id.clone());
        return (
            201,
            format!(
                r#"{{"id": "{id}", "status": "draft", "currency": "EUR", "customer": {{"external_id": "acme-0042"}}, "created_at": "2026-12-06T12:00:00Z"}}"#
            ),
        );
    }
    if let Some(id) = path.strip_prefix("/v2/invoices/")
        && req.method == "GET"
    {
        if !s.invoices.contains(id) || query != "expand=lines" {
            return (404, r#"{"error": "not_found"}"#.into());
        }
        let status = match behaviour {
            Behaviour::Good => "draft",
            Behaviour::Drift => "open",
        };
        return (
            200,
            format!(
                r#"{{"id": "{id}", "status": "{status}", "lines": [{{"amount": 100, "text": "Plan A"}}]}}"#
            ),
        );
    }
    (404, r#"{"error": "not_found"}"#.into())
}
