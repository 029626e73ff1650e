//! The grants `run` performs unattended, each from a real `auth-flow` tag
//! expanded by the engine and run against the loopback server: what the
//! server received (issue 25, "Grants that run"; the README's "What each
//! grant needs").

use serde_json::json;

use super::server::{Got, Reply, Server};
use super::*;

/// The exchanges a chapter of `text` publishes (no diagnostics).
fn exchanges_of(text: &str) -> Vec<Exchange> {
    let settings = crate::support::settings(json!({"preprocessor": {"integration-guide": {}}}));
    let mut chapters = vec![crate::support::chapter("auth.md", text)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(
        !report.failed && report.diagnostics.is_empty(),
        "{:?}",
        report.diagnostics
    );
    report.exchanges()
}

/// A server that answers a token request with a token and anything else
/// with `{"ok": true}`.
fn server() -> Server {
    Server::start(|g: &Got| {
        if g.url == "/oauth/token" {
            Reply::json(
                200,
                json!({"access_token": "tok-issued-77", "token_type": "Bearer"}),
            )
        } else {
            Reply::json(200, json!({"ok": true}))
        }
    })
}

/// The one request the server got, after a run that passed.
fn the_request(ran: &Ran, server: &Server) -> Got {
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let got = server.requests();
    assert_eq!(got.len(), 1, "{got:?}");
    got.into_iter().next().unwrap()
}

#[test]
fn client_secret_post_sends_the_client_in_the_form() {
    let server = server();
    let tag = format!(
        "<<#auth-flow grant=\"client-credentials\" client=\"A\" server=\"B\" token-url=\"{}/oauth/token\" scopes=\"ledger:write\" client-auth=\"client_secret_post\">>\n",
        server.base
    );
    let ran = Run::new(exchanges_of(&tag), target(&server.base, RunPolicy::Allow))
        .env("CLIENT_ID", "acme-client")
        .env("CLIENT_SECRET", "s3cret-value")
        .go();
    let got = the_request(&ran, &server);
    assert_eq!(
        (got.method.as_str(), got.url.as_str()),
        ("POST", "/oauth/token")
    );
    assert_eq!(
        got.body,
        "grant_type=client_credentials&client_id=acme-client&client_secret=s3cret-value&scope=ledger%3Awrite"
    );
    assert_eq!(
        got.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.header("Authorization"), None);
    assert!(!ran.out.contains("s3cret-value"), "{}", ran.out);
}

#[test]
fn refresh_token_sends_the_refresh_token_and_the_clients_credentials() {
    let server = server();
    let tag = format!(
        "<<#auth-flow grant=\"refresh-token\" client=\"A\" server=\"B\" token-url=\"{}/oauth/token\" client-auth=\"client_secret_basic\">>\n",
        server.base
    );
    let ran = Run::new(exchanges_of(&tag), target(&server.base, RunPolicy::Allow))
        .env("CLIENT_ID", "acme-client")
        .env("CLIENT_SECRET", "s3cret-value")
        .env("REFRESH_TOKEN", "rt-0a1b2c3d")
        .go();
    let got = the_request(&ran, &server);
    assert_eq!(got.url, "/oauth/token");
    assert_eq!(
        got.body,
        "grant_type=refresh_token&refresh_token=rt-0a1b2c3d"
    );
    // base64("acme-client:s3cret-value")
    assert_eq!(
        got.header("Authorization"),
        Some("Basic YWNtZS1jbGllbnQ6czNjcmV0LXZhbHVl")
    );
    assert!(!ran.out.contains("rt-0a1b2c3d"), "{}", ran.out);
}

#[test]
fn api_key_in_a_header_sends_the_key_in_that_header() {
    let server = server();
    let tag = "<<#auth-flow grant=\"api-key\" client=\"A\" server=\"B\" header=\"X-Api-Key\">>\n";
    let ran = Run::new(exchanges_of(tag), target(&server.base, RunPolicy::Allow))
        .env("API_URL", &format!("{}/v1/me", server.base))
        .env("API_KEY", "key-5e6f7a8b")
        .go();
    let got = the_request(&ran, &server);
    assert_eq!((got.method.as_str(), got.url.as_str()), ("GET", "/v1/me"));
    assert_eq!(got.header("X-Api-Key"), Some("key-5e6f7a8b"));
    assert_eq!(got.header("Authorization"), None);
    assert!(!ran.out.contains("key-5e6f7a8b"), "{}", ran.out);
}

#[test]
fn api_key_in_the_query_sends_the_key_as_that_parameter() {
    let server = server();
    let tag = "<<#auth-flow grant=\"api-key\" client=\"A\" server=\"B\" query=\"api_key\">>\n";
    let ran = Run::new(exchanges_of(tag), target(&server.base, RunPolicy::Allow))
        .env("API_URL", &format!("{}/v1/me", server.base))
        .env("API_KEY", "key+5e6f/7a8b")
        .go();
    let got = the_request(&ran, &server);
    // `+` percent-encoded (a query's `+` reads as a space); `/` may stay
    // (RFC 3986 §3.4).
    assert_eq!(got.url, "/v1/me?api_key=key%2B5e6f/7a8b");
    assert_eq!(got.header("X-Api-Key"), None);
    // The key is masked in the URL the report shows, in either spelling.
    assert!(!ran.out.contains("5e6f"), "{}", ran.out);
    assert!(ran.out.contains("api_key=***"), "{}", ran.out);
}

#[test]
fn basic_sends_the_user_and_password_encoded() {
    let server = server();
    let tag = "<<#auth-flow grant=\"basic\" client=\"A\" server=\"B\">>\n";
    let ran = Run::new(exchanges_of(tag), target(&server.base, RunPolicy::Allow))
        .env("API_URL", &format!("{}/v1/me", server.base))
        .env("USERNAME", "ada")
        .env("PASSWORD", "pa55-w0rd")
        .go();
    let got = the_request(&ran, &server);
    assert_eq!((got.method.as_str(), got.url.as_str()), ("GET", "/v1/me"));
    // base64("ada:pa55-w0rd")
    assert_eq!(
        got.header("Authorization"),
        Some("Basic YWRhOnBhNTUtdzByZA==")
    );
    assert!(!ran.out.contains("pa55-w0rd"), "{}", ran.out);
    assert!(!ran.out.contains("YWRhOnBhNTUtdzByZA=="), "{}", ran.out);
}
