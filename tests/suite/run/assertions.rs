//! The assertions `run` signs, end to end from a book: `auth-flow
//! grant="jwt-bearer"` (RFC 7523 §2.1) and `client-auth="private_key_jwt"`
//! (§2.2). A loopback token endpoint verifies each assertion as an
//! authorization server does (the signature with the public key, `ring`;
//! `iss`, `sub`, `aud`, `exp`, `iat`, `jti`: RFC 7523 §3) and only then
//! answers with a token, which a later `api-example` must send.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::signature::KeyPair;
use serde_json::{Value, json};

use super::server::{Got, Reply, Server};
use super::*;

const TOKEN: &str = "tok-assertion-5d41402a";

/// A P-256 key: its PKCS#8 PEM file and its public key.
fn key(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let rng = ring::rand::SystemRandom::new();
    let alg = &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pkcs8 = ring::signature::EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
    let pair = ring::signature::EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng).unwrap();
    let file = dir.join("signing-key.pem");
    std::fs::write(
        &file,
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        ),
    )
    .unwrap();
    (file, pair.public_key().as_ref().to_vec())
}

/// A form body's fields, decoded.
fn form(body: &str) -> HashMap<String, String> {
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect()
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// What the token endpoint expects of an assertion.
struct Expected {
    iss: &'static str,
    sub: &'static str,
    aud: String,
}

/// Verifies a compact JWS with the P-256 public key and its claims
/// (RFC 7523 §3): `Err` says what is wrong, as the token endpoint's
/// `error_description`.
fn verify(
    jwt: &str,
    public: &[u8],
    want: &Expected,
    jtis: &Mutex<Vec<String>>,
) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(format!("not a compact JWS: {jwt}"));
    };
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if header["alg"] != "ES256" {
        return Err(format!("alg {}", header["alg"]));
    }
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, public)
        .verify(
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &URL_SAFE_NO_PAD
                .decode(signature)
                .map_err(|e| e.to_string())?,
        )
        .map_err(|_| "the signature does not verify".to_string())?;
    let c: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (Some(iat), Some(exp)) = (c["iat"].as_u64(), c["exp"].as_u64()) else {
        return Err(format!("iat or exp missing: {c}"));
    };
    let jti = c["jti"].as_str().unwrap_or_default().to_string();
    let checks = [
        (c["iss"] == want.iss, "iss"),
        (c["sub"] == want.sub, "sub"),
        (c["aud"] == want.aud.as_str(), "aud"),
        (iat <= now + 5 && iat + 60 >= now, "iat (now)"),
        (
            exp > now && exp <= iat + 3600,
            "exp (after now, within an hour of iat)",
        ),
        (jti.len() >= 16, "jti (unique id)"),
    ];
    if let Some((_, claim)) = checks.iter().find(|(ok, _)| !ok) {
        return Err(format!("claim {claim} is wrong: {c}"));
    }
    let mut seen = jtis.lock().unwrap();
    if seen.contains(&jti) {
        return Err(format!("jti {jti} replayed"));
    }
    seen.push(jti);
    Ok(())
}

/// A token endpoint at `/oauth/token` that answers 200 with [`TOKEN`] to
/// a request whose assertion (`field`) verifies, 400 `invalid_grant`
/// otherwise; `GET /v2/ledger` answers 200 to that token.
fn token_endpoint(
    public: Vec<u8>,
    field: &'static str,
    grant_type: &'static str,
    want: Arc<Mutex<Option<Expected>>>,
) -> Server {
    let jtis = Mutex::new(Vec::new());
    Server::start(move |g: &Got| match (g.method.as_str(), g.url.as_str()) {
        ("POST", "/oauth/token") => {
            let f = form(&g.body);
            let want = want.lock().unwrap();
            let checked = match (f.get("grant_type"), f.get(field), want.as_ref()) {
                (Some(gt), Some(jwt), Some(w)) if gt == grant_type => {
                    verify(jwt, &public, w, &jtis)
                }
                _ => Err(format!(
                    "no {field} with grant_type {grant_type}: {}",
                    g.body
                )),
            };
            match checked {
                Ok(()) => Reply::json(
                    200,
                    json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 300}),
                ),
                Err(why) => Reply::json(
                    400,
                    json!({"error": "invalid_grant", "error_description": why}),
                ),
            }
        }
        ("GET", "/v2/ledger") if g.header("Authorization") == Some(&format!("Bearer {TOKEN}")) => {
            Reply::json(200, json!({"entries": [], "owner": "acme-batch"}))
        }
        _ => Reply::json(401, json!({"error": "invalid_token"})),
    })
}

const LEDGER: &str = r#"
<<#api-example method="GET" url="{env:base-url}/v2/ledger" status=200 auth="Bearer $ACCESS_TOKEN">>
```json
{"owner": "acme-batch"}
```
<</api-example>>
"#;

fn values(server: &Server) -> [(&'static str, String); 2] {
    [
        ("base-url", server.base.clone()),
        ("token-url", format!("{}/oauth/token", server.base)),
    ]
}

fn book_run<'a>(dir: &std::path::Path, server: &Server, chapter: &str) -> Run<'a> {
    let v = values(server);
    let pairs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Run::book(&dir.join("book"), &pairs, chapter)
}

fn jwt_bearer_guide(audience: &str) -> String {
    format!(
        "# Guide\n\n<<#auth-flow grant=\"jwt-bearer\" client=\"Acme Batch\" server=\"Globex Auth\" api=\"Globex Billing\" token-url=\"{{env:token-url}}\" audience=\"{audience}\" scopes=\"ledger:read\">>\n<</auth-flow>>\n{LEDGER}"
    )
}

const AUDIENCE: &str = "https://auth.globex.example";

#[test]
fn jwt_bearer_signs_an_assertion_the_token_endpoint_verifies_and_sends_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, public) = key(dir.path());
    let want = Arc::new(Mutex::new(None));
    let server = token_endpoint(
        public,
        "assertion",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        Arc::clone(&want),
    );
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-batch",
        sub: "batch-user@acme.example",
        aud: AUDIENCE.to_string(),
    });
    let ran = book_run(dir.path(), &server, &jwt_bearer_guide(AUDIENCE))
        .env("JWT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("JWT_ISSUER", "acme-batch")
        .env("JWT_SUBJECT", "batch-user@acme.example")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let got = server.requests();
    assert_eq!(got.len(), 2);
    let f = form(&got[0].body);
    assert_eq!(f["scope"], "ledger:read");
    // RFC 7523 §3: the audience is a claim, not a parameter.
    assert!(!f.contains_key("audience"), "{}", got[0].body);
    assert_eq!(
        got[1].header("Authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    let lines = ran.lines();
    assert_eq!(lines[0]["what"], "auth-flow jwt-bearer");
    assert_eq!(lines[1]["outcome"], "passed");
    // The assertion and the token are secrets: never shown.
    assert!(!ran.out.contains(TOKEN), "{}", ran.out);
    assert!(!ran.out.contains(&f["assertion"]), "{}", ran.out);
}

/// The audience the page shows is the one run signs (it signed the token
/// URL before), and `$JWT_AUDIENCE` overrides both.
#[test]
fn jwt_bearer_signs_the_audience_the_page_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, public) = key(dir.path());
    let want = Arc::new(Mutex::new(None));
    let server = token_endpoint(
        public,
        "assertion",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        Arc::clone(&want),
    );
    let audience = "https://ledger.globex.example/api";
    let guide = jwt_bearer_guide(audience);
    // The page's claims table shows this audience.
    let page = crate::support::engine::expand(
        &guide
            .replace(LEDGER, "")
            .replace("{env:token-url}", "https://auth.globex.example/token"),
    )
    .expect("the guide expands");
    let aud_row = page
        .lines()
        .find(|l| l.contains("`aud`"))
        .unwrap_or_else(|| panic!("a row for aud: {page}"));
    assert!(aud_row.contains(&format!("`{audience}`")), "{aud_row}");
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-batch",
        sub: "acme-batch",
        aud: audience.to_string(),
    });
    let ran = book_run(dir.path(), &server, &guide)
        .env("JWT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("CLIENT_ID", "acme-batch")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    // $JWT_AUDIENCE, when set, is what is signed.
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-batch",
        sub: "acme-batch",
        aud: "https://other.example/token".to_string(),
    });
    let ran = book_run(dir.path(), &server, &guide)
        .env("JWT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("CLIENT_ID", "acme-batch")
        .env("JWT_AUDIENCE", "https://other.example/token")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
}

#[test]
fn private_key_jwt_client_assertion_is_verified_and_its_token_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, public) = key(dir.path());
    let want = Arc::new(Mutex::new(None));
    let server = token_endpoint(
        public,
        "client_assertion",
        "client_credentials",
        Arc::clone(&want),
    );
    let token_url = format!("{}/oauth/token", server.base);
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-crm",
        sub: "acme-crm",
        aud: token_url,
    });
    let guide = format!(
        "# Guide\n\n<<#auth-flow grant=\"client-credentials\" client=\"Acme CRM\" server=\"Globex Auth\" token-url=\"{{env:token-url}}\" scopes=\"ledger:read\" client-auth=\"private_key_jwt\">>\n<</auth-flow>>\n{LEDGER}"
    );
    let ran = book_run(dir.path(), &server, &guide)
        .env("CLIENT_ID", "acme-crm")
        .env("CLIENT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("CLIENT_ASSERTION_KEY_ID", "acme-key-1")
        .go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let got = server.requests();
    let f = form(&got[0].body);
    assert_eq!(
        f["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(f["client_id"], "acme-crm");
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(f["client_assertion"].split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header,
        json!({"alg": "ES256", "typ": "JWT", "kid": "acme-key-1"})
    );
    assert_eq!(
        got[1].header("Authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    // A second run signs a new assertion (a fresh jti): the endpoint,
    // which refuses a replayed jti, accepts it.
    let again = book_run(dir.path(), &server, &guide)
        .env("CLIENT_ID", "acme-crm")
        .env("CLIENT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .go();
    assert_eq!(again.code, 0, "{}\n{}", again.out, again.err);
    // A server that wants its issuer as the audience:
    // $CLIENT_ASSERTION_AUDIENCE.
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-crm",
        sub: "acme-crm",
        aud: "https://auth.globex.example/".to_string(),
    });
    let issuer = book_run(dir.path(), &server, &guide)
        .env("CLIENT_ID", "acme-crm")
        .env("CLIENT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("CLIENT_ASSERTION_AUDIENCE", "https://auth.globex.example/")
        .go();
    assert_eq!(issuer.code, 0, "{}\n{}", issuer.out, issuer.err);
}

/// A refused token request says why, as the token endpoint does (RFC 6749
/// §5.2 `error`, `error_description`): the reader learns which claim to fix.
#[test]
fn a_refused_assertion_shows_the_token_endpoints_error() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, public) = key(dir.path());
    let want = Arc::new(Mutex::new(None));
    let server = token_endpoint(
        public,
        "assertion",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        Arc::clone(&want),
    );
    *want.lock().unwrap() = Some(Expected {
        iss: "acme-batch",
        sub: "acme-batch",
        aud: "https://the-one-it-wants.example".to_string(),
    });
    let ran = book_run(dir.path(), &server, &jwt_bearer_guide(AUDIENCE))
        .env("JWT_ASSERTION_KEY_FILE", key_file.to_str().unwrap())
        .env("CLIENT_ID", "acme-batch")
        .go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    let lines = ran.lines();
    let status = lines[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "status")
        .unwrap();
    let message = status["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "expected status 200, got 400; the server says: invalid_grant (claim aud is wrong: {"
        ),
        "{message}"
    );
    // The API call that needed the token is skipped, saying why.
    assert_eq!(lines[1]["outcome"], "skipped");
}
