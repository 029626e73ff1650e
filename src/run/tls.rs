//! The TLS side of a run: the client certificate `mtls` presents (RFC 8705
//! §2), the CAs a server's certificate must chain to, and TLS failures in
//! words a reader can act on.
//!
//! Trust: the webpki roots (Mozilla's CA list, bundled: the same on every
//! machine, no OpenSSL). `$CA_CERT` naming a PEM file replaces them with
//! the certificates in it, for every request of the run, as
//! `curl --cacert` does: a sandbox whose certificate a private CA issued.
//! To trust both, put both in the file (`cat
//! /etc/ssl/certs/ca-certificates.crt sandbox-ca.pem > bundle.pem`).

use rustls::{AlertDescription, CertificateError, Error};
use ureq::tls::{Certificate, ClientCert, PemItem};

use super::client::Tls;
use super::grants::MTLS_FILES;

/// The variable naming the PEM file of the CA certificates `run` trusts
/// instead of the webpki roots.
pub const CA_FILE: &str = "CA_CERT";

/// The TLS side of a run: the client certificate (`cert`, `key`: files),
/// and the CAs of `$CA_CERT` (`env` reads the process environment).
/// `Err`: a file that cannot be read or holds the wrong thing, a key that
/// is not the certificate's; nothing has been sent.
pub fn config(
    identity: Option<(&str, &str)>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Tls, String> {
    let identity = match identity {
        Some((cert, key)) => Some(client_identity(cert, key)?),
        None => None,
    };
    let roots = match env(CA_FILE) {
        Some(file) => Some(certificates(&file, CA_FILE)?),
        None => None,
    };
    Ok(Tls { identity, roots })
}

fn read(path: &str, var: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read `{path}` (${var}): {e}"))
}

/// The PEM certificates in a file (at least one).
fn certificates(path: &str, var: &str) -> Result<Vec<Certificate<'static>>, String> {
    let pem = read(path, var)?;
    let certs: Vec<_> = ureq::tls::parse_pem(&pem)
        .filter_map(Result::ok)
        .filter_map(|item| match item {
            PemItem::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(format!(
            "`{path}` (${var}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        ));
    }
    Ok(certs)
}

/// The client certificate (chain) and key of `mtls`, from PEM files; the
/// key must be the certificate's (its public key is the certificate's
/// subject public key).
pub fn client_identity(cert_file: &str, key_file: &str) -> Result<ClientCert, String> {
    let certs = certificates(cert_file, MTLS_FILES[0])?;
    let key_pem = read(key_file, MTLS_FILES[1])?;
    let key = ureq::tls::parse_pem(&key_pem)
        .filter_map(Result::ok)
        .find_map(|item| match item {
            PemItem::PrivateKey(k) => Some(k),
            _ => None,
        })
        .ok_or_else(|| {
            format!(
                "`{key_file}` (${}): {}",
                MTLS_FILES[1],
                super::grants::no_private_key(&key_pem)
            )
        })?;
    check_pair(&certs[0], &key_pem).map_err(|why| {
        format!(
            "the client certificate `{cert_file}` (${}) and the key `{key_file}` (${}) cannot be used together: {why}",
            MTLS_FILES[0], MTLS_FILES[1]
        )
    })?;
    Ok(ClientCert::new_with_certs(&certs, key))
}

/// Whether the PEM key can sign for `cert`: what rustls checks when the
/// client is configured, checked before the first request (a wrong pair
/// would otherwise stop the run mid-way).
fn check_pair(cert: &Certificate<'_>, key_pem: &[u8]) -> Result<(), String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|_| super::grants::no_private_key(key_pem))?;
    let Ok(key) = rustls::crypto::ring::sign::any_supported_type(&key) else {
        return Err(
            "the key is not an RSA, ECDSA (P-256, P-384) or Ed25519 private key run can use"
                .to_string(),
        );
    };
    let cert = CertificateDer::from(cert.der()).into_owned();
    match rustls::sign::CertifiedKey::new(vec![cert], key).keys_match() {
        Ok(()) | Err(Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => Ok(()),
        Err(Error::InconsistentKeys(_)) => {
            Err("the key is not the certificate's (their public keys differ)".to_string())
        }
        Err(_) => Err("the certificate cannot be read".to_string()),
    }
}

/// Why a server rejects a client certificate, and what to set.
fn rejected_why() -> String {
    format!(
        "it was not issued by a CA the server trusts, or it has expired; set {} and {} to a certificate and key the server accepts",
        MTLS_FILES[0], MTLS_FILES[1]
    )
}

/// A TLS connection closed without an answer: what a server requiring
/// mutual TLS does when it rejects the certificate (or misses one) while
/// the request is being written, its alert unread. `presented`: the run
/// presents a client certificate.
pub fn closed_after_handshake(presented: bool) -> String {
    if !presented {
        return format!(
            "TLS: the server closed the connection without an answer; if it requires a client certificate (mutual TLS), set {} and {} to the PEM files of the certificate and its key (an auth-flow grant=\"mtls\" step reads them)",
            MTLS_FILES[0], MTLS_FILES[1]
        );
    }
    format!(
        "TLS: the server closed the connection without an answer, as a server that requires mutual TLS does when it rejects the client certificate (${}); if so, {}",
        MTLS_FILES[0],
        rejected_why()
    )
}

/// A TLS failure in words: what went wrong and what to set.
/// `presented`: the run presents a client certificate; `private_roots`:
/// `$CA_CERT` replaced the webpki roots.
pub fn describe(e: &Error, presented: bool, private_roots: bool) -> String {
    let trust = if private_roots {
        format!("the CA certificates in ${CA_FILE}")
    } else {
        format!(
            "the webpki roots (for a sandbox with a private CA, set {CA_FILE} to the PEM file of its CA certificate)"
        )
    };
    let rejected = |alert: &AlertDescription| {
        format!(
            "the server rejected the client certificate (${}, alert {alert:?}): {}",
            MTLS_FILES[0],
            rejected_why()
        )
    };
    match e {
        Error::InvalidCertificate(c) => {
            let what = match c {
                CertificateError::UnknownIssuer => {
                    format!("was not issued by a CA run trusts; run trusts {trust}")
                }
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => {
                    "is not valid for the host name of the URL (its names do not include it)"
                        .to_string()
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    "has expired".to_string()
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    "is not valid yet (is this machine's clock right?)".to_string()
                }
                CertificateError::Revoked => "has been revoked".to_string(),
                other => format!("cannot be trusted ({other:?}); run trusts {trust}"),
            };
            format!("TLS: the server's certificate {what}; nothing was sent")
        }
        Error::AlertReceived(AlertDescription::CertificateRequired) if !presented => format!(
            "TLS: the server requires a client certificate (mutual TLS) and run presented none; set {} and {} to the PEM files of the certificate and its key (an auth-flow grant=\"mtls\" step reads them)",
            MTLS_FILES[0], MTLS_FILES[1]
        ),
        Error::AlertReceived(AlertDescription::HandshakeFailure) if !presented => format!(
            "TLS: the handshake failed (the server may require a client certificate: set {} and {}, or a TLS version or cipher run does not offer)",
            MTLS_FILES[0], MTLS_FILES[1]
        ),
        Error::AlertReceived(
            alert @ (AlertDescription::CertificateRequired
            | AlertDescription::BadCertificate
            | AlertDescription::UnknownCA
            | AlertDescription::CertificateUnknown
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateRevoked
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::AccessDenied
            | AlertDescription::HandshakeFailure),
        ) if presented => format!("TLS: {}", rejected(alert)),
        Error::AlertReceived(alert) => {
            format!("TLS: the server ended the handshake (alert {alert:?})")
        }
        other => format!("TLS: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tls_failure_says_what_to_do() {
        let d = |e: Error, presented| describe(&e, presented, false);
        assert_eq!(
            d(
                Error::InvalidCertificate(CertificateError::NotValidForName),
                false
            ),
            "TLS: the server's certificate is not valid for the host name of the URL (its names do not include it); nothing was sent"
        );
        assert_eq!(
            d(Error::InvalidCertificate(CertificateError::Expired), true),
            "TLS: the server's certificate has expired; nothing was sent"
        );
        assert!(
            d(Error::AlertReceived(AlertDescription::UnknownCA), true)
                .starts_with("TLS: the server rejected the client certificate ($CLIENT_CERT, alert UnknownCA): it was not issued by a CA the server trusts")
        );
        assert!(
            d(Error::AlertReceived(AlertDescription::HandshakeFailure), false)
                .starts_with("TLS: the handshake failed (the server may require a client certificate: set CLIENT_CERT and CLIENT_KEY")
        );
        assert_eq!(
            describe(
                &Error::InvalidCertificate(CertificateError::UnknownIssuer),
                false,
                true
            ),
            "TLS: the server's certificate was not issued by a CA run trusts; run trusts the CA certificates in $CA_CERT; nothing was sent"
        );
    }
}
