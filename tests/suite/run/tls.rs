//! `auth-flow grant="mtls"` (RFC 8705 §2) over a real TLS handshake: an
//! in-process rustls server on 127.0.0.1 that requires a client
//! certificate issued by its CA (`WebPkiClientVerifier`), certificates
//! made at test time (rcgen). The server's CA is private: `run` trusts it
//! through `$CA_CERT`. Each connection is bounded by a 5 s timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};

use super::*;

/// A CA that issues server and client certificates.
struct Ca {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
    pem: String,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Ca {
            der: cert.der().clone(),
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A certificate for `names` (subject alternative names; an IP
    /// address is an IP SAN) with the common name `cn`: its PEM and its
    /// key's PEM (PKCS#8).
    fn issue(&self, cn: &str, names: &[&str], usage: ExtendedKeyUsagePurpose) -> (String, KeyPair) {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, cn);
        params.extended_key_usages = vec![usage];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key)
    }
}

/// What the server saw on one connection.
#[derive(Debug, Clone)]
struct Seen {
    /// The client certificate's subject (`CN=...`), when one was presented.
    subject: Option<String>,
    /// `POST /oauth/token`; empty when the handshake failed.
    request_line: String,
    authorization: Option<String>,
    /// Why the handshake or the request failed.
    error: Option<String>,
}

/// A TLS server on 127.0.0.1 that requires a client certificate issued by
/// `client_ca`; it answers the token request with a token and
/// `GET /v2/whoami` (with that token) with the client certificate's
/// subject, closing each connection after one answer.
struct TlsServer {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    port: u16,
}

const TOKEN: &str = "tok-mtls-7f3a9c";

impl TlsServer {
    fn start(server_ca: &Ca, client_ca: &Ca) -> TlsServer {
        let (cert_pem, key) = server_ca.issue(
            "127.0.0.1",
            &["127.0.0.1"],
            ExtendedKeyUsagePurpose::ServerAuth,
        );
        let cert = CertificateDer::from(pem_der(&cert_pem).expect("the server certificate's PEM"));
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let mut roots = rustls::RootCertStore::empty();
        roots.add(client_ca.der.clone()).unwrap();
        let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots))
            .build()
            .unwrap();
        let config = Arc::new(
            rustls::ServerConfig::builder()
                .with_client_cert_verifier(verifier)
                .with_single_cert(vec![cert], key)
                .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (Arc::clone(&seen), Arc::clone(&stop));
            std::thread::spawn(move || {
                for tcp in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(tcp) = tcp else { continue };
                    let s = serve(Arc::clone(&config), tcp);
                    seen.lock().unwrap().push(s);
                }
            })
        };
        TlsServer {
            base: format!("https://127.0.0.1:{port}"),
            seen,
            stop,
            thread: Some(thread),
            port,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn pem_der(pem: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

/// One connection: the handshake, one request, one answer.
fn serve(config: Arc<rustls::ServerConfig>, tcp: std::net::TcpStream) -> Seen {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = tcp.set_write_timeout(Some(Duration::from_secs(5)));
    let mut seen = Seen {
        subject: None,
        request_line: String::new(),
        authorization: None,
        error: None,
    };
    let conn = rustls::ServerConnection::new(config).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    let mut line = String::new();
    if let Err(e) = reader.read_line(&mut line) {
        seen.error = Some(e.to_string());
        return seen;
    }
    seen.request_line = line.trim_end().to_string();
    let mut length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = h.trim_end().split_once(':') {
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "authorization" => seen.authorization = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    drop(reader);
    seen.subject = tls
        .conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|der| {
            let (_, cert) = x509_parser::parse_x509_certificate(der).expect("an X.509 certificate");
            cert.subject().to_string()
        });
    let (status, answer) = match seen.request_line.split(' ').take(2).collect::<Vec<_>>()[..] {
        ["POST", "/oauth/token"] => (
            "200 OK",
            json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}),
        ),
        ["GET", "/v2/whoami"]
            if seen.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")) =>
        {
            ("200 OK", json!({"subject": seen.subject}))
        }
        _ => ("401 Unauthorized", json!({"error": "invalid_token"})),
    };
    let answer = answer.to_string();
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
    let _ = tls.write_all(response.as_bytes());
    tls.conn.send_close_notify();
    let _ = tls.flush();
    seen
}

/// The guide: an `mtls` auth-flow, then an API call with its token whose
/// documented answer is the client certificate's subject.
const GUIDE: &str = r#"# Guide

<<#auth-flow grant="mtls" client="Acme CRM" server="Globex Auth" api="Globex Billing" token-url="{env:token-url}">>
<</auth-flow>>

<<#api-example method="GET" url="{env:base-url}/v2/whoami" status=200 auth="Bearer $ACCESS_TOKEN">>
```json
{"subject": "CN=acme-crm-client"}
```
<</api-example>>
"#;

/// Files a test writes: the CA's certificate and a client certificate and
/// key issued by `ca`.
struct Files {
    ca_cert: PathBuf,
    client_cert: PathBuf,
    client_key: PathBuf,
}

fn files(dir: &Path, server_ca: &Ca, client_ca: &Ca) -> Files {
    let (cert, key) = client_ca.issue("acme-crm-client", &[], ExtendedKeyUsagePurpose::ClientAuth);
    let f = Files {
        ca_cert: dir.join("ca.pem"),
        client_cert: dir.join("client.pem"),
        client_key: dir.join("client.key"),
    };
    std::fs::write(&f.ca_cert, &server_ca.pem).unwrap();
    std::fs::write(&f.client_cert, cert).unwrap();
    std::fs::write(&f.client_key, key.serialize_pem()).unwrap();
    f
}

fn book_run<'a>(dir: &Path, server: &TlsServer) -> Run<'a> {
    let token_url = format!("{}/oauth/token", server.base);
    Run::book(
        &dir.join("book"),
        &[("base-url", &server.base), ("token-url", &token_url)],
        GUIDE,
    )
    .env("CLIENT_ID", "acme-crm")
}

fn transport_failure(line: &Value) -> String {
    line["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["check"] == "transport")
        .and_then(|c| c["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn mtls_presents_the_client_certificate_in_a_real_handshake() {
    let ca = Ca::new("Globex Sandbox CA");
    let server = TlsServer::start(&ca, &ca);
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), &ca, &ca);
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", f.client_key.to_str().unwrap())
        .env("CA_CERT", f.ca_cert.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].request_line, "POST /oauth/token HTTP/1.1");
    assert_eq!(seen[1].request_line, "GET /v2/whoami HTTP/1.1");
    // The certificate was presented on both connections, the token too.
    for s in &seen {
        assert_eq!(s.subject.as_deref(), Some("CN=acme-crm-client"), "{s:?}");
    }
    assert_eq!(seen[1].authorization, Some(format!("Bearer {TOKEN}")));
    let lines = ran.lines();
    assert_eq!(lines[0]["what"], "auth-flow mtls");
    assert_eq!(lines[1]["outcome"], "passed", "{}", ran.out);
}

#[test]
fn without_a_client_certificate_the_step_says_what_to_set() {
    let ca = Ca::new("Globex Sandbox CA");
    let server = TlsServer::start(&ca, &ca);
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), &ca, &ca);
    // The guide without the mtls step: nothing makes run present one.
    let guide = GUIDE.replace(
        "<<#auth-flow grant=\"mtls\" client=\"Acme CRM\" server=\"Globex Auth\" api=\"Globex Billing\" token-url=\"{env:token-url}\">>\n<</auth-flow>>\n",
        "",
    );
    let token_url = format!("{}/oauth/token", server.base);
    let ran = Run::book(
        &dir.path().join("book"),
        &[("base-url", &server.base), ("token-url", &token_url)],
        &guide,
    )
    .env("ACCESS_TOKEN", TOKEN)
    .env("CA_CERT", f.ca_cert.to_str().unwrap())
    .go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    let lines = ran.lines();
    // The server's alert (or, should it close while the request is being
    // written, the closed connection) in words, with what to set.
    let message = transport_failure(&lines[0]);
    assert!(
        [
            "TLS: the server requires a client certificate (mutual TLS) and run presented none; ",
            "TLS: the server closed the connection without an answer; if it requires a client certificate (mutual TLS), ",
        ]
        .iter()
        .any(|p| message.starts_with(p)),
        "{message}"
    );
    assert!(
        message.ends_with("set CLIENT_CERT and CLIENT_KEY to the PEM files of the certificate and its key (an auth-flow grant=\"mtls\" step reads them)"),
        "{message}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "", "no request got through: {seen:?}");
}

#[test]
fn a_client_certificate_from_another_ca_is_rejected_in_words() {
    let ca = Ca::new("Globex Sandbox CA");
    let other = Ca::new("Somebody Else's CA");
    let server = TlsServer::start(&ca, &ca);
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), &ca, &other);
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", f.client_key.to_str().unwrap())
        .env("CA_CERT", f.ca_cert.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    let lines = ran.lines();
    let message = transport_failure(&lines[0]);
    // The server's alert, or (when it closes while the request is being
    // written) the closed connection: both name the certificate.
    assert!(
        message.starts_with("TLS: the server rejected the client certificate ($CLIENT_CERT, alert ")
            || message.starts_with("TLS: the server closed the connection without an answer, as a server that requires mutual TLS does when it rejects the client certificate ($CLIENT_CERT); if so, "),
        "{message}"
    );
    assert!(
        message.ends_with("it was not issued by a CA the server trusts, or it has expired; set CLIENT_CERT and CLIENT_KEY to a certificate and key the server accepts"),
        "{message}"
    );
    // The API call needs the token the failed step did not capture.
    assert_eq!(lines[1]["outcome"], "skipped");
    assert!(server.seen().iter().all(|s| s.request_line.is_empty()));
}

#[test]
fn a_server_from_a_private_ca_needs_ca_cert() {
    let ca = Ca::new("Globex Sandbox CA");
    let server = TlsServer::start(&ca, &ca);
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), &ca, &ca);
    // The default trust is the webpki roots: the private CA is unknown.
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", f.client_key.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    assert_eq!(
        transport_failure(&ran.lines()[0]),
        "TLS: the server's certificate was not issued by a CA run trusts; run trusts the webpki roots (for a sandbox with a private CA, set CA_CERT to the PEM file of its CA certificate); nothing was sent"
    );
    // CA_CERT naming another CA: said so, naming the variable.
    let other = Ca::new("Somebody Else's CA");
    let other_pem = dir.path().join("other-ca.pem");
    std::fs::write(&other_pem, &other.pem).unwrap();
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", f.client_key.to_str().unwrap())
        .env("CA_CERT", other_pem.to_str().unwrap())
        .go();
    assert_eq!(
        transport_failure(&ran.lines()[0]),
        "TLS: the server's certificate was not issued by a CA run trusts; run trusts the CA certificates in $CA_CERT; nothing was sent"
    );
    assert!(server.seen().iter().all(|s| s.request_line.is_empty()));
}

#[test]
fn a_key_that_is_not_the_certificates_stops_the_run_before_sending() {
    let ca = Ca::new("Globex Sandbox CA");
    let server = TlsServer::start(&ca, &ca);
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), &ca, &ca);
    let stray = dir.path().join("stray.key");
    std::fs::write(&stray, KeyPair::generate().unwrap().serialize_pem()).unwrap();
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", stray.to_str().unwrap())
        .env("CA_CERT", f.ca_cert.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 2, "{}\n{}", ran.out, ran.err);
    assert_eq!(
        ran.err,
        format!(
            "error: the client certificate `{}` ($CLIENT_CERT) and the key `{}` ($CLIENT_KEY) cannot be used together: the key is not the certificate's (their public keys differ)\n",
            f.client_cert.display(),
            stray.display()
        )
    );
    // --dry-run finds it too (it reads the files, sends nothing).
    let mut dry = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", stray.to_str().unwrap());
    dry.dry_run = true;
    let ran = dry.go();
    assert_eq!(ran.code, 2, "{}\n{}", ran.out, ran.err);
    assert!(
        ran.err.contains("the key is not the certificate's"),
        "{}",
        ran.err
    );
    // An encrypted key: run asks for no passphrase, and says how to go on.
    let encrypted = dir.path().join("encrypted.key");
    std::fs::write(
        &encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n",
    )
    .unwrap();
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", encrypted.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 2);
    assert!(
        ran.err.contains("($CLIENT_KEY): the key is encrypted with a passphrase, which run does not ask for; write it out unencrypted (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.plain.pem`)"),
        "{}",
        ran.err
    );
    // A CA_CERT file without a certificate is named too.
    let ran = book_run(dir.path(), &server)
        .env("CLIENT_CERT", f.client_cert.to_str().unwrap())
        .env("CLIENT_KEY", f.client_key.to_str().unwrap())
        .env("CA_CERT", stray.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 2);
    assert!(
        ran.err.contains("($CA_CERT) holds no PEM certificate"),
        "{}",
        ran.err
    );
    assert!(server.seen().is_empty());
}
