//! The token `auth-flow` obtains and an id captured from one response are
//! what later requests send.

use serde_json::json;

use super::server::{Reply, Server};
use super::*;

fn ledger() -> Server {
    Server::start(|g| match (g.method.as_str(), g.url.as_str()) {
        ("POST", "/oauth/token") => {
            // client_secret_basic: base64("acme-client:s3cret-value")
            if g.header("Authorization") != Some("Basic YWNtZS1jbGllbnQ6czNjcmV0LXZhbHVl") {
                return Reply::json(401, json!({"error": "invalid_client"}));
            }
            Reply::json(
                200,
                json!({"access_token": "tok-9f8e7d6c5b4a", "token_type": "Bearer", "expires_in": 3600}),
            )
        }
        ("POST", "/v2/entries") if g.header("Authorization") == Some("Bearer tok-9f8e7d6c5b4a") => {
            Reply::json(
                201,
                json!({"id": "ent 42/x", "state": "draft", "amount": 12.5}),
            )
        }
        ("GET", "/v2/entries/ent%2042%2Fx") => {
            Reply::json(200, json!({"id": "ent 42/x", "state": "posted"}))
        }
        _ => Reply::json(404, json!({"error": "not found", "url": g.url})),
    })
}

pub fn chained(base: &str) -> Vec<Exchange> {
    let mut create = exchange(20, "POST", base, "/v2/entries");
    header(&mut create, "Authorization", "Bearer $ACCESS_TOKEN");
    header(&mut create, "Idempotency-Key", "entry-{run:id}");
    create.request.body = json_body(r#"{"amount": 12.5, "note": "$HOME stays text"}"#);
    create.expect.status = Some(201);
    create.expect.body = json_body(r#"{"id": "ent...", "state": "draft"}"#);
    capture(&mut create, "ENTRY_ID", "/id");
    let mut read = exchange(30, "GET", base, "/v2/entries/$ENTRY_ID");
    header(&mut read, "Authorization", "Bearer $ACCESS_TOKEN");
    read.expect.status = Some(200);
    read.expect.body = json_body(r#"{"state": "posted"}"#);
    vec![token_request(10, base), create, read]
}

#[test]
fn the_token_and_a_captured_id_are_what_later_requests_send() {
    let server = ledger();
    let ran = Run::new(
        chained(&server.base),
        target(&server.base, RunPolicy::Allow),
    )
    .env("CLIENT_ID", "acme-client")
    .env("CLIENT_SECRET", "s3cret-value")
    .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let got = server.requests();
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[0].body,
        "grant_type=client_credentials&scope=ledger%3Awrite"
    );
    assert_eq!(
        got[0].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        got[1].header("Authorization"),
        Some("Bearer tok-9f8e7d6c5b4a")
    );
    assert_eq!(
        got[1].body,
        r#"{"amount": 12.5, "note": "$HOME stays text"}"#
    );
    let key = got[1].header("Idempotency-Key").unwrap();
    assert!(
        key.starts_with("entry-") && !key.contains("{run:id}"),
        "{key}"
    );
    // The captured id, percent-encoded into the path.
    assert_eq!(got[2].url, "/v2/entries/ent%2042%2Fx");
    assert_eq!(
        got[2].header("Authorization"),
        Some("Bearer tok-9f8e7d6c5b4a")
    );
    let lines = ran.lines();
    let outcomes: Vec<&str> = lines[..3]
        .iter()
        .map(|l| l["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["passed", "passed", "passed"]);
    assert_eq!(lines[3]["summary"]["requests"], 3);
    // The token never appears; the headers that carried it say so.
    assert!(!ran.out.contains("tok-9f8e7d6c5b4a"), "{}", ran.out);
    assert!(!ran.out.contains("s3cret-value"), "{}", ran.out);
    assert_eq!(
        lines[1]["request_headers"][1],
        json!(["Authorization", "Bearer ***"])
    );
}

#[test]
fn a_run_id_differs_between_runs() {
    let server = ledger();
    for _ in 0..2 {
        let code = Run::new(
            chained(&server.base),
            target(&server.base, RunPolicy::Allow),
        )
        .env("CLIENT_ID", "acme-client")
        .env("CLIENT_SECRET", "s3cret-value")
        .go()
        .code;
        assert_eq!(code, 0);
    }
    let keys: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|g| g.header("Idempotency-Key").map(String::from))
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1]);
}

#[test]
fn private_key_jwt_sends_an_assertion_signed_with_the_key_file() {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = ring::signature::EcdsaKeyPair::generate_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &rng,
    )
    .unwrap();
    let pair = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8.as_ref(),
        &rng,
    )
    .unwrap();
    use ring::signature::KeyPair;
    let public = pair.public_key().as_ref().to_vec();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("client.pem");
    std::fs::write(
        &key_file,
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        ),
    )
    .unwrap();
    let server = Server::start(move |g| {
        let form: std::collections::HashMap<String, String> = g
            .body
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.replace("%2E", ".").replace("%3A", ":")))
            .collect();
        let jwt = form.get("client_assertion").cloned().unwrap_or_default();
        let parts: Vec<&str> = jwt.split('.').collect();
        let verified = parts.len() == 3
            && ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                &public,
            )
            .verify(
                format!("{}.{}", parts[0], parts[1]).as_bytes(),
                &URL_SAFE_NO_PAD.decode(parts[2]).unwrap_or_default(),
            )
            .is_ok();
        let claims: serde_json::Value = parts
            .get(1)
            .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        if verified
            && claims["iss"] == "acme-client"
            && claims["sub"] == "acme-client"
            && claims["aud"]
                .as_str()
                .is_some_and(|a| a.ends_with("/oauth/token"))
        {
            Reply::json(200, json!({"access_token": "tok-from-jwt-123"}))
        } else {
            Reply::json(401, json!({"error": "invalid_client", "claims": claims}))
        }
    });
    let mut token = token_request(10, &server.base);
    token.request.credentials = None;
    token.request.body = Some(Body::form(vec![
        field("grant_type", "client_credentials"),
        field("client_id", "$CLIENT_ID"),
        field(
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        field("client_assertion", "$CLIENT_ASSERTION"),
    ]));
    let ran = Run::new(vec![token], target(&server.base, RunPolicy::Allow))
        .env("CLIENT_ID", "acme-client")
        .env("CLIENT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(server.requests()[0].body.contains("client_id=acme-client&"));
    assert!(!ran.out.contains("tok-from-jwt-123"));
}

/// A spec-driven `api-example` (no `headers=`) sends the operation's
/// required header parameter with the spec's example: built by the engine
/// from a chapter, run against the server.
#[test]
fn a_spec_driven_example_sends_the_operations_required_headers() {
    let server = Server::start(|g| match g.header("Idempotency-Key") {
        Some("inv-7f3a") => Reply::json(201, json!({"number": "INV-1"})),
        _ => Reply::json(400, json!({"error": "Idempotency-Key is required"})),
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\nservers: [{{url: '{}/v2'}}]\npaths:\n  /invoices:\n    post:\n      operationId: createInvoice\n      parameters:\n        - {{name: Idempotency-Key, in: header, required: true, schema: {{type: string, example: inv-7f3a}}}}\n      responses: {{'201': {{description: Created}}}}\n",
        server.base
    );
    std::fs::write(dir.path().join("specs/s.yaml"), spec).unwrap();
    let mut settings = crate::support::settings(json!({"preprocessor": {"integration-guide": {
        "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![crate::support::chapter(
        "chapter.md",
        "<<#api-example spec=\"s\" operation=\"createInvoice\" status=201>>\n",
    )];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(!report.failed && report.diagnostics.is_empty());
    let ran = Run::new(report.exchanges(), target(&server.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let got = server.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].url, "/v2/invoices");
    assert_eq!(got[0].header("Idempotency-Key"), Some("inv-7f3a"));
}

/// A JUnit case keeps the path as the guide writes it: the id captured
/// by an earlier step and a `{run:id}` change from run to run, the name a
/// CI server tracks a test's history by must not.
#[test]
fn junit_names_keep_the_guides_path_not_the_captured_id() {
    let server = ledger();
    let mut exchanges = chained(&server.base);
    exchanges.push(exchange(40, "GET", &server.base, "/v2/batches/b-{run:id}"));
    let ran = Run::new(exchanges, target(&server.base, RunPolicy::Allow))
        .env("CLIENT_ID", "acme-client")
        .env("CLIENT_SECRET", "s3cret-value")
        .format(Format::Junit)
        .go();
    assert_eq!(server.requests()[2].url, "/v2/entries/ent%2042%2Fx");
    assert!(server.requests()[3].url.starts_with("/v2/batches/b-"));
    assert!(!server.requests()[3].url.contains("{run:id}"));
    let doc = roxmltree::Document::parse(&ran.out).expect("well-formed XML");
    let names: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "validation.md:10 POST /oauth/token",
            "validation.md:20 POST /v2/entries",
            "validation.md:30 GET /v2/entries/$ENTRY_ID",
            "validation.md:40 GET /v2/batches/b-{run:id}"
        ]
    );
}
