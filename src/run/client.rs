//! The executor's HTTP client: one `ureq` agent per run (rustls, no
//! OpenSSL), so connections are reused; a per-request timeout; redirects
//! not followed (a redirect may lead to a host the environment does not
//! name; it is reported as the status it is); response bodies read up to
//! a bound. TLS: the webpki roots (Mozilla's CA list, bundled), or only
//! the CA certificates of `$CA_CERT` when it names a PEM file (a sandbox
//! with a private CA); a TLS failure is said in words, with what to set.

use std::time::{Duration, Instant};

/// How much of a response body is read: 10 MiB.
pub const BODY_LIMIT: u64 = 10 * 1024 * 1024;

/// A request, resolved: what goes on the wire.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Upper case.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body's bytes.
    pub body: Option<Vec<u8>>,
}

/// A response.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The status code.
    pub status: u16,
    /// The headers (names lower case).
    pub headers: Vec<(String, String)>,
    /// The body's bytes (at most [`BODY_LIMIT`]).
    pub body: Vec<u8>,
    /// Milliseconds from sending to the end of the body.
    pub ms: u64,
}

impl Incoming {
    /// A header's value (the first).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no (whole) response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// In words: `no response within 2 s (--timeout)`.
    pub message: String,
    /// Milliseconds until it failed.
    pub ms: u64,
}

/// The TLS side of a run: the client certificate `mtls` presents, the
/// CAs the servers' certificates must chain to.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// The client certificate and key (`$CLIENT_CERT`, `$CLIENT_KEY`).
    pub identity: Option<ureq::tls::ClientCert>,
    /// The CA certificates of `$CA_CERT`, trusted instead of the webpki
    /// roots; `None`: the webpki roots.
    pub roots: Option<Vec<ureq::tls::Certificate<'static>>>,
}

/// The client of one run.
pub struct Client {
    agent: ureq::Agent,
    limit: u64,
    /// Whether a client certificate is presented (for the messages).
    presents_certificate: bool,
    /// Whether `$CA_CERT` replaced the webpki roots (for the messages).
    private_roots: bool,
}

impl Client {
    /// A client with a per-request `timeout` and its TLS side.
    pub fn new(timeout: Duration, tls: Tls) -> Client {
        let presents_certificate = tls.identity.is_some();
        let private_roots = tls.roots.is_some();
        let mut builder = ureq::tls::TlsConfig::builder().client_cert(tls.identity);
        if let Some(roots) = tls.roots {
            builder = builder.root_certs(ureq::tls::RootCerts::new_with_certs(&roots));
        }
        let tls = builder.build();
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .allow_non_standard_methods(true)
            .user_agent(concat!(
                "mdbook-integration-guide/",
                env!("CARGO_PKG_VERSION")
            ))
            .tls_config(tls)
            .build();
        Client {
            agent: config.into(),
            limit: BODY_LIMIT,
            presents_certificate,
            private_roots,
        }
    }

    /// Sends a request and reads its response.
    pub fn send(&self, out: &Outgoing) -> Result<Incoming, TransportError> {
        let start = Instant::now();
        let elapsed = || start.elapsed().as_millis() as u64;
        let fail = |message: String| TransportError {
            message,
            ms: elapsed(),
        };
        let https = out
            .url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        let mut builder = ureq::http::Request::builder()
            .method(out.method.as_str())
            .uri(out.url.as_str());
        for (name, value) in &out.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder
            .body(out.body.clone().unwrap_or_default())
            .map_err(|e| fail(format!("the request cannot be made: {e}")))?;
        let mut response = self
            .agent
            .run(request)
            .map_err(|e| fail(self.describe(&e, https)))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.limit)
            .read_to_vec()
            .map_err(|e| fail(self.describe(&e, https)))?;
        Ok(Incoming {
            status,
            headers,
            body,
            ms: elapsed(),
        })
    }
}

impl Client {
    /// A transport error in words; `https`: on a TLS connection.
    fn describe(&self, e: &ureq::Error, https: bool) -> String {
        use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
        if let Some(rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)) =
            tls_error(e)
        {
            // The handshake was answered by bytes that are not TLS records:
            // most often a plain-http server on that port.
            return "the TLS handshake failed: the server does not speak TLS on that port (is the URL's scheme right? http:// rather than https://?); nothing was sent".to_string();
        }
        if let Some(tls) = tls_error(e) {
            return super::tls::describe(tls, self.presents_certificate, self.private_roots);
        }
        match e {
            ureq::Error::Io(io)
                if https
                    && matches!(
                        io.kind(),
                        BrokenPipe | ConnectionReset | ConnectionAborted | UnexpectedEof
                    ) =>
            {
                super::tls::closed_after_handshake(self.presents_certificate)
            }
            _ => describe(e, &self.agent),
        }
    }
}

/// The rustls error under a transport error: ureq returns it as is during
/// the handshake, or inside an I/O error when the server's alert comes
/// with the first read (TLS 1.3 checks the client certificate after the
/// client's handshake is done).
fn tls_error(e: &ureq::Error) -> Option<&rustls::Error> {
    match e {
        ureq::Error::Rustls(tls) => Some(tls),
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>(),
        _ => None,
    }
}

/// A transport error in words.
fn describe(e: &ureq::Error, agent: &ureq::Agent) -> String {
    use ureq::Error;
    match e {
        Error::Timeout(_) => {
            let secs = agent
                .config()
                .timeouts()
                .global
                .map_or(0.0, |d| d.as_secs_f64());
            format!("no complete response within {secs} s (--timeout)")
        }
        Error::BodyExceedsLimit(limit) => format!(
            "the response body is larger than {} MiB, the most run reads",
            limit / (1024 * 1024)
        ),
        Error::HostNotFound => "the host name does not resolve".to_string(),
        Error::ConnectionFailed => "the connection failed".to_string(),
        Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection was refused (is the server running?)".to_string()
        }
        Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            "no complete response in time (--timeout)".to_string()
        }
        other => other.to_string(),
    }
}
