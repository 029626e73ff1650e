//! Layer 0 (foundations): Webhook signatures as senders compute them and
//! receivers check them, and retry schedules: what `webhook-event` shows
//! as a test vector and what `run` signs a delivery with.
//!
//! Two schemes:
//! - `standard-webhooks` ([Standard Webhooks 1.0], "Signature scheme",
//!   symmetric): the key is the base64 text of the secret after its
//!   `whsec_` prefix; the signed content is `{webhook-id}.{webhook-timestamp}.{body}`;
//!   the header `webhook-signature` holds `v1,` and the base64 (standard
//!   alphabet, padded) of the HMAC-SHA256;
//! - `hmac-sha256` (GitHub's `X-Hub-Signature-256` and its many copies):
//!   the key is the secret's UTF-8 bytes; the signed content is the body;
//!   the header holds a prefix (`sha256=`) and the lowercase hex of the
//!   HMAC-SHA256.
//!
//! [Standard Webhooks 1.0]: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md

mod retries;

pub use retries::{Retry, duration, parse_retries};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The schemes, as `signature=` takes them.
pub const SCHEMES: &[&str] = &["standard-webhooks", "hmac-sha256"];

/// The prefix of a Standard Webhooks secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// The headers of a Standard Webhooks delivery, in the order the
/// specification lists them.
pub const STANDARD_HEADERS: [&str; 3] = ["webhook-id", "webhook-timestamp", "webhook-signature"];

/// How a delivery is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// Standard Webhooks 1.0, symmetric (`v1,<base64>`).
    StandardWebhooks,
    /// A hex HMAC-SHA256 of the body in one header.
    HmacSha256 {
        /// The header (`X-Hub-Signature-256`).
        header: String,
        /// What comes before the hex (`sha256=`; may be empty).
        prefix: String,
    },
}

/// One header of a signed delivery: name and value.
pub type SignedHeader = (String, String);

/// The key of a Standard Webhooks secret: the base64 after `whsec_` (the
/// prefix is optional, as the reference libraries accept it; missing
/// padding is allowed). `Err`: why it is not a secret, in words that show
/// none of its characters (see [`SecretProblem::describe`]).
pub fn standard_webhooks_key(secret: &str) -> Result<Vec<u8>, String> {
    key_of(secret).map_err(|p| p.describe(secret, "the secret", false))
}

/// Why a text is not a Standard Webhooks secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretProblem {
    /// Nothing after `whsec_`.
    Empty,
    /// A character outside base64's alphabet (`=` only at the end): its
    /// byte range in the secret, and its 1-based position in characters
    /// after the prefix.
    NotBase64 {
        /// Byte range of the character in the secret.
        bytes: std::ops::Range<usize>,
        /// 1-based position in characters after `whsec_`.
        position: usize,
    },
    /// A number of base64 characters no encoding has (one more than a
    /// multiple of four).
    Length(usize),
    /// The last character carries bits no encoding sets: the text is cut
    /// short or mistyped. Its byte range and 1-based position as above.
    LastCharacter {
        /// Byte range of the character in the secret.
        bytes: std::ops::Range<usize>,
        /// 1-based position in characters after `whsec_`.
        position: usize,
    },
}

impl SecretProblem {
    /// What is wrong with `secret`, called `name`, in a writer's terms:
    /// "`test-secret` after `whsec_` must be base64; `!` at character 10
    /// is not a base64 character". `show` names the character (for a
    /// secret published in the guide); without it the message shows none
    /// of the secret (for a real one).
    pub fn describe(&self, secret: &str, name: &str, show: bool) -> String {
        let after = if secret.starts_with(SECRET_PREFIX) {
            " after `whsec_`"
        } else {
            ""
        };
        let what = |bytes: &std::ops::Range<usize>, position: usize| match secret.get(bytes.clone())
        {
            Some(" ") if show => format!("the space at character {position}"),
            Some(c) if show => format!("`{c}` at character {position}"),
            _ => format!("character {position}"),
        };
        match self {
            SecretProblem::Empty => format!("{name} is empty{after}"),
            SecretProblem::NotBase64 { bytes, position } => {
                let extra = if secret.get(bytes.clone()) == Some("=") && show {
                    " (`=` may only end it)"
                } else {
                    ""
                };
                format!(
                    "{name}{after} must be base64; {} is not a base64 character{extra}",
                    what(bytes, *position)
                )
            }
            SecretProblem::Length(n) => format!(
                "{name}{after} must be base64, and {n} characters is no base64 length (one is missing or extra)"
            ),
            SecretProblem::LastCharacter { bytes, position } => format!(
                "{name}{after} must be base64, and {} cannot end it: the secret is cut short or mistyped",
                what(bytes, *position)
            ),
        }
    }
}

/// The key of a Standard Webhooks secret, or why it has none.
pub fn key_of(secret: &str) -> Result<Vec<u8>, SecretProblem> {
    let skip = if secret.starts_with(SECRET_PREFIX) {
        SECRET_PREFIX.len()
    } else {
        0
    };
    let text = secret[skip..].trim_end_matches('=');
    if let Some((i, (at, c))) = text
        .char_indices()
        .enumerate()
        .find(|(_, (_, c))| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/')))
    {
        return Err(SecretProblem::NotBase64 {
            bytes: skip + at..skip + at + c.len_utf8(),
            position: i + 1,
        });
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
    );
    // Every character is base64's now (ASCII): offsets are positions.
    match engine.decode(text) {
        Ok(key) if key.is_empty() => Err(SecretProblem::Empty),
        Ok(key) => Ok(key),
        Err(base64::DecodeError::InvalidLastSymbol { offset, .. }) => {
            Err(SecretProblem::LastCharacter {
                bytes: skip + offset..skip + offset + 1,
                position: offset + 1,
            })
        }
        Err(_) => Err(SecretProblem::Length(text.len())),
    }
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// The Standard Webhooks signature of a message: `v1,` and the base64 of
/// HMAC-SHA256(key, `{id}.{timestamp}.{body}`); `timestamp` in seconds
/// since the Unix epoch.
pub fn standard_webhooks_signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let ts = timestamp.to_string();
    let mac = hmac_sha256(key, &[id.as_bytes(), b".", ts.as_bytes(), b".", body]);
    format!("v1,{}", STANDARD.encode(mac))
}

/// The hex HMAC-SHA256 of a body with a secret's UTF-8 bytes, after
/// `prefix`: `sha256=757107ea...` (GitHub's `X-Hub-Signature-256`).
pub fn hmac_sha256_hex(secret: &str, body: &[u8], prefix: &str) -> String {
    let mac = hmac_sha256(secret.as_bytes(), &[body]);
    let mut out = String::with_capacity(prefix.len() + 64);
    out.push_str(prefix);
    for b in mac {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The headers a sender adds to a delivery of `body` signed with
/// `secret`: for Standard Webhooks `webhook-id`, `webhook-timestamp`,
/// `webhook-signature`; for `hmac-sha256` the scheme's one header (`id`
/// and `timestamp` unused). What `run` calls with the real secret and
/// `webhook-event` with the documented test secret. `Err`: the secret is
/// not one the scheme can use.
pub fn sign(
    scheme: &Scheme,
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<Vec<SignedHeader>, String> {
    match scheme {
        Scheme::StandardWebhooks => {
            let key = standard_webhooks_key(secret)?;
            let signature = standard_webhooks_signature(&key, id, timestamp, body);
            Ok(vec![
                (STANDARD_HEADERS[0].into(), id.to_string()),
                (STANDARD_HEADERS[1].into(), timestamp.to_string()),
                (STANDARD_HEADERS[2].into(), signature),
            ])
        }
        Scheme::HmacSha256 { header, prefix } => {
            if secret.is_empty() {
                return Err("the secret is empty".into());
            }
            Ok(vec![(
                header.clone(),
                hmac_sha256_hex(secret, body, prefix),
            )])
        }
    }
}

impl std::fmt::Display for Scheme {
    /// The scheme as [`crate::http::ExchangeKind::WebhookDelivery`]
    /// carries it: `standard-webhooks`, or `hmac-sha256; header=NAME;
    /// prefix=TEXT` (read back by [`Scheme::from_str`](std::str::FromStr)).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scheme::StandardWebhooks => f.write_str(SCHEMES[0]),
            Scheme::HmacSha256 { header, prefix } => {
                write!(f, "{}; header={header}; prefix={prefix}", SCHEMES[1])
            }
        }
    }
}

impl std::str::FromStr for Scheme {
    type Err = String;

    /// Reads what [`Scheme`]'s `Display` writes.
    fn from_str(s: &str) -> Result<Scheme, String> {
        let mut parts = s.split("; ");
        match parts.next() {
            Some("standard-webhooks") => Ok(Scheme::StandardWebhooks),
            Some("hmac-sha256") => {
                let (mut header, mut prefix) = (None, String::new());
                for p in parts {
                    match p.split_once('=') {
                        Some(("header", v)) => header = Some(v.to_string()),
                        Some(("prefix", v)) => prefix = v.to_string(),
                        _ => return Err(format!("`{p}` in the scheme `{s}`")),
                    }
                }
                let header = header.ok_or_else(|| format!("no header in the scheme `{s}`"))?;
                Ok(Scheme::HmacSha256 { header, prefix })
            }
            _ => Err(format!("unknown signature scheme `{s}`")),
        }
    }
}

/// What `run` calls to deliver a `webhook-event`: the headers of a
/// delivery of `body` signed now, with a fresh message id, with the real
/// `secret` (never shown; the caller redacts it). `scheme` is the
/// [`crate::http::ExchangeKind::WebhookDelivery`]'s (see [`Scheme`]'s
/// `Display`). `Err`: an unknown scheme, or a secret it cannot use.
pub fn delivery_headers(
    scheme: &str,
    secret: &str,
    body: &[u8],
) -> Result<Vec<SignedHeader>, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let scheme: Scheme = scheme.parse()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let id = format!(
        "msg_{:x}{:04x}",
        now.as_nanos(),
        COUNTER.fetch_add(1, Ordering::Relaxed) & 0xffff
    );
    sign(&scheme, secret, &id, now.as_secs() as i64, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Standard Webhooks specification's published example (its
    /// reference libraries' tests use the same values).
    #[test]
    fn standard_webhooks_published_vector() {
        let key = standard_webhooks_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            standard_webhooks_signature(
                &key,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        // Without the prefix, and padded: the same key.
        assert_eq!(
            standard_webhooks_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap(),
            key
        );
    }

    /// GitHub's documented example ("Validating webhook deliveries",
    /// "Testing the webhook payload validation").
    #[test]
    fn github_documented_vector() {
        assert_eq!(
            hmac_sha256_hex("It's a Secret to Everybody", b"Hello, World!", "sha256="),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
        let headers = sign(
            &Scheme::HmacSha256 {
                header: "X-Hub-Signature-256".into(),
                prefix: "sha256=".into(),
            },
            "It's a Secret to Everybody",
            "ignored",
            0,
            b"Hello, World!",
        )
        .unwrap();
        assert_eq!(headers[0].0, "X-Hub-Signature-256");
        assert!(headers[0].1.ends_with("8b043e17"));
    }

    #[test]
    fn schemes_round_trip_through_their_text() {
        for scheme in [
            Scheme::StandardWebhooks,
            Scheme::HmacSha256 {
                header: "X-Hub-Signature-256".into(),
                prefix: "sha256=".into(),
            },
            Scheme::HmacSha256 {
                header: "X-Signature".into(),
                prefix: String::new(),
            },
        ] {
            assert_eq!(scheme.to_string().parse::<Scheme>(), Ok(scheme));
        }
        assert!("hmac-sha256".parse::<Scheme>().is_err());
        assert!("md5".parse::<Scheme>().is_err());
        let headers = delivery_headers(
            "standard-webhooks",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            b"{}",
        )
        .unwrap();
        assert!(headers[0].1.starts_with("msg_"));
        let again = delivery_headers(
            "standard-webhooks",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            b"{}",
        )
        .unwrap();
        assert_ne!(headers[0].1, again[0].1, "a fresh id per delivery");
    }

    #[test]
    fn secrets_that_are_not_base64_are_refused() {
        assert!(standard_webhooks_key("whsec_").is_err());
        // A real secret's problem shows none of its characters.
        let e = standard_webhooks_key("whsec_not base64!").unwrap_err();
        assert_eq!(
            e,
            "the secret after `whsec_` must be base64; character 4 is not a base64 character"
        );
        assert!(sign(&Scheme::StandardWebhooks, "whsec_%%", "m", 1, b"").is_err());
    }

    #[test]
    fn a_published_secrets_problem_names_its_character_and_place() {
        let said = |s: &str| key_of(s).unwrap_err().describe(s, "the secret", true);
        assert_eq!(
            said("whsec_MfKQ9r8GK!YqrTwjUPD8ILPZIo2LaLaSw"),
            "the secret after `whsec_` must be base64; `!` at character 10 is not a base64 character"
        );
        assert_eq!(
            key_of("whsec_MfKQ9r8GK!Y").unwrap_err(),
            SecretProblem::NotBase64 {
                bytes: 15..16,
                position: 10
            }
        );
        assert_eq!(
            said("whsec_ab cd"),
            "the secret after `whsec_` must be base64; the space at character 3 is not a base64 character"
        );
        assert_eq!(
            said("whsec_ab=cd"),
            "the secret after `whsec_` must be base64; `=` at character 3 is not a base64 character (`=` may only end it)"
        );
        assert_eq!(
            said("whsec_é"),
            "the secret after `whsec_` must be base64; `é` at character 1 is not a base64 character"
        );
        assert_eq!(
            said("whsec_abcde"),
            "the secret after `whsec_` must be base64, and 5 characters is no base64 length (one is missing or extra)"
        );
        assert_eq!(
            said("whsec_ab"),
            "the secret after `whsec_` must be base64, and `b` at character 2 cannot end it: the secret is cut short or mistyped"
        );
        assert_eq!(said("whsec_"), "the secret is empty after `whsec_`");
        assert_eq!(
            said("ab!"),
            "the secret must be base64; `!` at character 3 is not a base64 character"
        );
    }
}
