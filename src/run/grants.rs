//! The grants `run` performs without a person: what each needs from the
//! process environment, and what `run` computes.
//!
//! | grant (`auth-flow`) | what `run` reads | what `run` computes |
//! |---|---|---|
//! | `client-credentials`, `client_secret_basic` | `CLIENT_ID`, `CLIENT_SECRET` | `Authorization: Basic base64(id:secret)` (RFC 7617 §2) |
//! | `client-credentials`, `client_secret_post` | `CLIENT_ID`, `CLIENT_SECRET` | — |
//! | `client-credentials`, `private_key_jwt` | `CLIENT_ID`, `CLIENT_ASSERTION_KEY_FILE` (PEM), optional `CLIENT_ASSERTION_KEY_ID`, `CLIENT_ASSERTION_AUDIENCE` | `$CLIENT_ASSERTION`: a JWT signed with the key (RFC 7523 §2.2, §3); `aud`: `$CLIENT_ASSERTION_AUDIENCE` if set (a server that wants its issuer), else the token URL |
//! | `refresh-token` | `REFRESH_TOKEN` (and the client's credentials) | — |
//! | `jwt-bearer` | `JWT_ASSERTION_KEY_FILE`, `JWT_ISSUER` (else `CLIENT_ID`), optional `JWT_SUBJECT` (else the issuer), `JWT_AUDIENCE`, `JWT_ASSERTION_KEY_ID` | `$JWT_ASSERTION` (RFC 7523 §2.1, §3); `aud`: `$JWT_AUDIENCE` if set, else `auth-flow`'s `audience` (what the page shows), else the token URL |
//! | `api-key` | `API_KEY` | — |
//! | `basic` | `USERNAME`, `PASSWORD` | `Authorization: Basic ...` |
//! | `mtls` | `CLIENT_CERT`, `CLIENT_KEY` (PEM files; the key must be the certificate's), `CLIENT_ID` | the client certificate, presented on every request (RFC 8705 §2) |
//! | any, over `https://` | optional `CA_CERT` (a PEM file of CA certificates) | the servers' certificates must chain to these instead of the webpki roots (a sandbox with a private CA; [`super::tls`]) |
//!
//! `$CLIENT_ASSERTION` or `$JWT_ASSERTION` set in the environment is sent
//! as it is. `authorization-code` and `device-code` need a person: their
//! token comes from the variable the guide names (`$ACCESS_TOKEN`).
//!
//! JWTs are signed with `ring` (RS256 for an RSA key, ES256 for a P-256
//! key, EdDSA for an Ed25519 key; PKCS#8 or PKCS#1 PEM), the library the
//! TLS stack already uses.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::http::{Exchange, ExchangeKind};

/// The variables naming the client certificate and key files of `mtls`.
pub const MTLS_FILES: [&str; 2] = ["CLIENT_CERT", "CLIENT_KEY"];

/// A signed assertion `run` makes: the variable, its key file variable,
/// its key id variable.
struct Assertion {
    variable: &'static str,
    key_file: &'static str,
    key_id: &'static str,
    /// The variable that overrides the `aud` claim.
    audience: &'static str,
    rule: &'static str,
}

const ASSERTIONS: &[Assertion] = &[
    Assertion {
        variable: "CLIENT_ASSERTION",
        key_file: "CLIENT_ASSERTION_KEY_FILE",
        key_id: "CLIENT_ASSERTION_KEY_ID",
        audience: "CLIENT_ASSERTION_AUDIENCE",
        rule: "private_key_jwt, RFC 7523 §2.2",
    },
    Assertion {
        variable: "JWT_ASSERTION",
        key_file: "JWT_ASSERTION_KEY_FILE",
        key_id: "JWT_ASSERTION_KEY_ID",
        audience: "JWT_AUDIENCE",
        rule: "jwt-bearer, RFC 7523 §2.1",
    },
];

/// What a variable a grant reads is, in words, for the message when the
/// process environment does not set it (`None`: no conventional meaning).
pub fn what_variable_is(variable: &str) -> Option<&'static str> {
    Some(match variable {
        "CLIENT_ID" => "the client id the authorization server issued",
        "CLIENT_SECRET" => "the client secret the authorization server issued",
        "REFRESH_TOKEN" => "the refresh token an earlier sign-in returned",
        "USERNAME" => "the resource owner's user name",
        "PASSWORD" => "the resource owner's password",
        _ => return None,
    })
}

/// Whether `variable` is one a grant reads rather than one written in a
/// request: a token request's credentials and form fields (RFC 6749
/// §2.3.1, §4.4.2), given by whoever holds the client's registration,
/// never captured from a response.
pub fn reads(exchange: &Exchange, variable: &str) -> bool {
    if !matches!(exchange.kind, ExchangeKind::TokenRequest { .. }) {
        return false;
    }
    let r = &exchange.request;
    let mut texts: Vec<&str> = Vec::new();
    if let Some(crate::http::Credentials::Basic { user, password }) = &r.credentials {
        texts.extend([user.as_str(), password.as_str()]);
    }
    if let Some(b) = &r.body {
        texts.extend(b.form.iter().map(|f| f.value.as_str()));
    }
    texts
        .iter()
        .any(|t| crate::http::vars::names(t).contains(&variable))
}

/// Whether `run` can sign the variable's value itself.
pub fn is_assertion(variable: &str) -> bool {
    ASSERTIONS.iter().any(|a| a.variable == variable)
}

/// Whether an exchange is (or follows) an `mtls` grant.
pub fn is_mtls(exchange: &Exchange) -> bool {
    matches!(
        exchange.request.credentials,
        Some(crate::http::Credentials::ClientCertificate { .. })
    ) || matches!(&exchange.kind,
        ExchangeKind::TokenRequest { grant, .. } | ExchangeKind::AuthenticatedCall { grant }
        if grant == "mtls")
}

/// The variables an assertion is made from, each with why (for the
/// message when one is missing).
pub fn assertion_inputs(
    variable: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    let Some(a) = ASSERTIONS.iter().find(|a| a.variable == variable) else {
        return Vec::new();
    };
    let mut out = vec![(
        a.key_file.to_string(),
        format!(
            " (the PEM file of the private key that signs ${} for {})",
            a.variable, a.rule
        ),
    )];
    let issuer = if a.variable == "JWT_ASSERTION" && env("JWT_ISSUER").is_some() {
        "JWT_ISSUER"
    } else {
        "CLIENT_ID"
    };
    out.push((
        issuer.to_string(),
        format!(" (the issuer of ${})", a.variable),
    ));
    out
}

/// Signs the assertion `variable` for a token request to `token_url`,
/// valid five minutes. Its `aud` (RFC 7523 §3): `$JWT_AUDIENCE` (for
/// `$JWT_ASSERTION`) or `$CLIENT_ASSERTION_AUDIENCE` (for
/// `$CLIENT_ASSERTION`) if set, else `audience` (the one the page shows:
/// `jwt-bearer`'s `audience`, carried in [`ExchangeKind::TokenRequest`]),
/// else `token_url`. `Err`: why it cannot be made.
pub fn assertion(
    variable: &str,
    token_url: &str,
    audience: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let a = ASSERTIONS
        .iter()
        .find(|a| a.variable == variable)
        .ok_or_else(|| format!("`{variable}` is not an assertion run can sign"))?;
    let key_file = env(a.key_file).ok_or_else(|| format!("`{}` is not set", a.key_file))?;
    let pem = std::fs::read(&key_file).map_err(|e| {
        format!(
            "cannot read the key file `{key_file}` (${}): {e}",
            a.key_file
        )
    })?;
    let issuer = if a.variable == "JWT_ASSERTION" {
        env("JWT_ISSUER").or_else(|| env("CLIENT_ID"))
    } else {
        env("CLIENT_ID")
    }
    .ok_or_else(|| format!("the issuer of ${variable} is not set"))?;
    let subject = if a.variable == "JWT_ASSERTION" {
        env("JWT_SUBJECT").unwrap_or_else(|| issuer.clone())
    } else {
        issuer.clone()
    };
    let audience = env(a.audience)
        .or_else(|| audience.map(str::to_string))
        .unwrap_or_else(|| token_url.to_string());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = json!({
        "iss": issuer,
        "sub": subject,
        "aud": audience,
        "iat": now,
        "exp": now + 300,
        "jti": random_id()?,
    });
    sign_jwt(&pem, env(a.key_id).as_deref(), &claims)
}

fn random_id() -> Result<String, String> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "no random numbers for the JWT's jti".to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Why a PEM file gives no private key, and what to do: an encrypted
/// key (PKCS#8 `ENCRYPTED PRIVATE KEY`, RFC 5958 §3) needs its passphrase,
/// which `run` never asks for.
pub fn no_private_key(pem: &[u8]) -> String {
    if pem
        .windows(b"ENCRYPTED PRIVATE KEY".len())
        .any(|w| w == b"ENCRYPTED PRIVATE KEY")
        || pem
            .windows(b"Proc-Type: 4,ENCRYPTED".len())
            .any(|w| w == b"Proc-Type: 4,ENCRYPTED")
    {
        "the key is encrypted with a passphrase, which run does not ask for; write it out unencrypted (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.plain.pem`), keep that file as secret as the passphrase, and name it instead".to_string()
    } else {
        "the key file holds no PEM private key (-----BEGIN PRIVATE KEY-----)".to_string()
    }
}

/// A JWS compact serialization (RFC 7515 §7.1) of `claims`, signed with
/// the PEM private key: RS256 (RSA, PKCS#8 or PKCS#1), ES256 (P-256,
/// PKCS#8) or EdDSA (Ed25519, PKCS#8) (RFC 7518 §3.1, RFC 8037 §3.1).
pub fn sign_jwt(pem: &[u8], kid: Option<&str>, claims: &Value) -> Result<String, String> {
    use ring::signature;
    use rustls_pki_types::PrivateKeyDer;
    use rustls_pki_types::pem::PemObject;
    let key = PrivateKeyDer::from_pem_slice(pem).map_err(|_| no_private_key(pem))?;
    let rng = ring::rand::SystemRandom::new();
    enum Signer {
        Rsa(signature::RsaKeyPair),
        Ec(signature::EcdsaKeyPair),
        Ed(signature::Ed25519KeyPair),
    }
    let signer = match &key {
        PrivateKeyDer::Pkcs1(k) => signature::RsaKeyPair::from_der(k.secret_pkcs1_der())
            .map(Signer::Rsa)
            .ok(),
        PrivateKeyDer::Pkcs8(k) => signature::RsaKeyPair::from_pkcs8(k.secret_pkcs8_der())
            .map(Signer::Rsa)
            .ok()
            .or_else(|| {
                signature::EcdsaKeyPair::from_pkcs8(
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    k.secret_pkcs8_der(),
                    &rng,
                )
                .map(Signer::Ec)
                .ok()
            })
            .or_else(|| {
                signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(k.secret_pkcs8_der())
                    .map(Signer::Ed)
                    .ok()
            }),
        _ => None,
    }
    .ok_or(
        "the key is not an RSA, P-256 or Ed25519 private key in PKCS#8 or PKCS#1 PEM; convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem`",
    )?;
    let alg = match &signer {
        Signer::Rsa(_) => "RS256",
        Signer::Ec(_) => "ES256",
        Signer::Ed(_) => "EdDSA",
    };
    let mut header = json!({"alg": alg, "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = match signer {
        Signer::Rsa(k) => {
            let mut sig = vec![0; k.public().modulus_len()];
            k.sign(
                &signature::RSA_PKCS1_SHA256,
                &rng,
                input.as_bytes(),
                &mut sig,
            )
            .map_err(|_| "the RSA key could not sign")?;
            sig
        }
        Signer::Ec(k) => k
            .sign(&rng, input.as_bytes())
            .map_err(|_| "the P-256 key could not sign")?
            .as_ref()
            .to_vec(),
        Signer::Ed(k) => k.sign(input.as_bytes()).as_ref().to_vec(),
    };
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

/// A Basic credential written with its parts (`Basic $USERNAME:$PASSWORD`
/// once filled in) in the form RFC 7617 §2 sends: `Basic
/// base64(user:pass)`. A value already encoded (no `:`) is kept.
pub fn basic_credentials(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, creds)) if scheme.eq_ignore_ascii_case("basic") && creds.contains(':') => {
            format!("{scheme} {}", STANDARD.encode(creds.trim()))
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_encoded_once() {
        assert_eq!(basic_credentials("Basic id:s3cret"), "Basic aWQ6czNjcmV0");
        assert_eq!(
            basic_credentials("Basic aWQ6czNjcmV0"),
            "Basic aWQ6czNjcmV0"
        );
        assert_eq!(basic_credentials("Bearer a:b"), "Bearer a:b");
    }

    #[test]
    fn signs_an_ed25519_assertion_that_verifies() {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        );
        let jwt = sign_jwt(pem.as_bytes(), Some("k1"), &json!({"iss": "me"})).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header, json!({"alg": "EdDSA", "typ": "JWT", "kid": "k1"}));
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        use ring::signature::KeyPair;
        let public = ring::signature::UnparsedPublicKey::new(
            &ring::signature::ED25519,
            pair.public_key().as_ref(),
        );
        let signed = format!("{}.{}", parts[0], parts[1]);
        public
            .verify(
                signed.as_bytes(),
                &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
            )
            .expect("the signature verifies with the public key");
        assert!(sign_jwt(b"no key", None, &json!({})).is_err());
        let encrypted = b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(
            sign_jwt(encrypted, None, &json!({}))
                .unwrap_err()
                .starts_with("the key is encrypted with a passphrase, which run does not ask for;")
        );
    }
}
