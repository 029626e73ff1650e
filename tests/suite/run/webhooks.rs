//! `run` delivers `webhook-event`s (issue 28, "With `run`"): the payload
//! POSTed to the receiver, signed with the real secret from the process
//! environment (`secret-var`), the receiver's answer checked; the secret
//! never shown. The receiver here verifies signatures independently of
//! `src/webhook` (HMAC-SHA256 recomputed with the `hmac` crate).

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::server::{Got, Reply, Server};
use super::*;

const HMAC_SECRET: &str = "It's a Secret to Everybody";
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PAYLOAD: &str = r#"{"type":"invoice.paid","invoice":"INV-1"}"#;

fn mac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

/// GitHub's check: `X-Hub-Signature-256: sha256=<hex>` of the body.
fn github_valid(got: &Got) -> bool {
    let hex: String = mac(HMAC_SECRET.as_bytes(), &[got.body.as_bytes()])
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    got.header("X-Hub-Signature-256") == Some(&format!("sha256={hex}"))
}

/// Standard Webhooks 1.0: `v1,<base64 HMAC(key, id.timestamp.body)>`.
fn standard_valid(got: &Got) -> bool {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64.decode(&STANDARD_SECRET["whsec_".len()..]).unwrap();
    let (Some(id), Some(ts), Some(sig)) = (
        got.header("webhook-id"),
        got.header("webhook-timestamp"),
        got.header("webhook-signature"),
    ) else {
        return false;
    };
    let expected = b64.encode(mac(
        &key,
        &[
            id.as_bytes(),
            b".",
            ts.as_bytes(),
            b".",
            got.body.as_bytes(),
        ],
    ));
    sig.split(' ').any(|s| s == format!("v1,{expected}"))
}

/// A receiver that answers 204 to a valid signature, 401 otherwise.
fn receiver(valid: fn(&Got) -> bool) -> Server {
    Server::start(move |got| {
        if valid(got) {
            Reply::text(204, "")
        } else {
            Reply::text(401, "bad signature")
        }
    })
}

fn delivery(base: &str, scheme: &str, secret_var: &str) -> Exchange {
    let mut ex = exchange(12, "POST", base, "/hooks/billing");
    ex.kind = ExchangeKind::WebhookDelivery {
        event: "invoicePaid".to_string(),
        scheme: Some(scheme.to_string()),
        secret_var: Some(secret_var.to_string()),
    };
    ex.request.body = json_body(PAYLOAD);
    ex.expect.status = Some(204);
    ex
}

const GITHUB: &str = "hmac-sha256; header=X-Hub-Signature-256; prefix=sha256=";

fn assert_no_secret(ran: &Ran, secret: &str) {
    assert!(!ran.out.contains(secret), "{}", ran.out);
    assert!(!ran.err.contains(secret), "{}", ran.err);
}

#[test]
fn an_hmac_signed_delivery_passes_with_the_right_secret() {
    let s = receiver(github_valid);
    for format in [Format::Json, Format::Text] {
        let ran = Run::new(
            vec![delivery(&s.base, GITHUB, "HOOK_SECRET")],
            target(&s.base, RunPolicy::Allow),
        )
        .env("HOOK_SECRET", HMAC_SECRET)
        .format(format)
        .go();
        assert_eq!(ran.code, 0, "{}{}", ran.out, ran.err);
        assert_no_secret(&ran, HMAC_SECRET);
    }
    let got = s.requests();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].method, "POST");
    assert_eq!(got[0].url, "/hooks/billing");
    assert_eq!(got[0].body, PAYLOAD, "the payload as documented");
    assert_eq!(got[0].header("content-type"), Some("application/json"));
}

#[test]
fn a_delivery_signed_with_a_wrong_secret_is_refused_and_reported() {
    let s = receiver(github_valid);
    let ran = Run::new(
        vec![delivery(&s.base, GITHUB, "HOOK_SECRET")],
        target(&s.base, RunPolicy::Allow),
    )
    .env("HOOK_SECRET", "not the receiver's secret")
    .go();
    assert_eq!(ran.code, 1);
    let line = &ran.lines()[0];
    assert_eq!(line["outcome"], "failed");
    assert_eq!(line["status"], 401);
    assert_eq!(line["checks"][0]["message"], "expected status 204, got 401");
    assert_no_secret(&ran, "not the receiver's secret");
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn a_standard_webhooks_delivery_passes_with_the_right_secret_only() {
    let s = receiver(standard_valid);
    let right = Run::new(
        vec![delivery(
            &s.base,
            "standard-webhooks",
            "GLOBEX_WEBHOOK_SECRET",
        )],
        target(&s.base, RunPolicy::Allow),
    )
    .env("GLOBEX_WEBHOOK_SECRET", STANDARD_SECRET)
    .go();
    assert_eq!(right.code, 0, "{}{}", right.out, right.err);
    assert_eq!(right.lines()[0]["outcome"], "passed");
    assert_no_secret(&right, STANDARD_SECRET);
    assert_no_secret(&right, &STANDARD_SECRET["whsec_".len()..]);
    let wrong = "whsec_c2VjcmV0IG9mIGFub3RoZXIgcmVjZWl2ZXI=";
    let ran = Run::new(
        vec![delivery(
            &s.base,
            "standard-webhooks",
            "GLOBEX_WEBHOOK_SECRET",
        )],
        target(&s.base, RunPolicy::Allow),
    )
    .env("GLOBEX_WEBHOOK_SECRET", wrong)
    .go();
    assert_eq!(ran.code, 1);
    assert_eq!(ran.lines()[0]["status"], 401);
    assert_no_secret(&ran, wrong);
    let got = s.requests();
    assert_eq!(got.len(), 2);
    assert_ne!(
        got[0].header("webhook-id"),
        got[1].header("webhook-id"),
        "a fresh message id per delivery"
    );
}

/// A delivery tests System B's receiver, a party other than the API the
/// reader holds credentials for: without its secret it is skipped (with
/// the reason), the other steps still run; `--strict` fails the skip.
#[test]
fn a_missing_secret_skips_the_delivery_and_strict_fails_the_skip() {
    let s = Server::start(|got| match got.url.as_str() {
        "/ok" => Reply::text(204, ""),
        _ => Reply::text(401, "bad signature"),
    });
    let steps = || {
        vec![
            exchange(1, "GET", &s.base, "/ok"),
            delivery(&s.base, GITHUB, "CRM_WEBHOOK_SECRET"),
        ]
    };
    let reason = "CRM_WEBHOOK_SECRET is not set in the process environment: the event is not delivered; set it to test the receiver";
    let ran = Run::new(steps(), target(&s.base, RunPolicy::Allow)).go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    let lines = ran.lines();
    assert_eq!(lines[1]["outcome"], "skipped");
    assert_eq!(lines[1]["reason"], reason);
    assert_eq!(lines[2]["summary"]["skipped"], 1);
    let got = s.requests();
    assert_eq!(got.len(), 1, "only the GET: {got:?}");
    assert_eq!(got[0].url, "/ok");

    let mut strict = Run::new(steps(), target(&s.base, RunPolicy::Allow));
    strict.options.strict = true;
    let ran = strict.go();
    assert_eq!(ran.code, 1, "{}\n{}", ran.out, ran.err);
    assert_eq!(ran.lines()[1]["outcome"], "failed");

    let mut plan = Run::new(steps(), target(&s.base, RunPolicy::Allow)).format(Format::Text);
    plan.dry_run = true;
    let ran = plan.go();
    assert_eq!(ran.code, 0, "{}\n{}", ran.out, ran.err);
    assert!(
        ran.out.contains(&format!("2. book/src/validation.md:12 webhook-event invoicePaid POST {}/hooks/billing\n     expects: status 204\n     skipped: {reason}\n", s.base)),
        "{}",
        ran.out
    );
}

#[test]
fn a_receiver_outside_the_environment_is_not_contacted() {
    let s = receiver(github_valid);
    let ran = Run::new(
        vec![delivery("https://erp.example", GITHUB, "HOOK_SECRET")],
        target(&s.base, RunPolicy::Allow),
    )
    .env("HOOK_SECRET", HMAC_SECRET)
    .go();
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.lines()[0]["checks"][0]["message"],
        format!(
            "`erp.example` is not a host of the environment `sandbox` (its origins: {}); not contacted",
            s.base
        )
    );
    assert_no_secret(&ran, HMAC_SECRET);
    assert!(s.requests().is_empty());
}

#[test]
fn a_secret_the_scheme_cannot_use_fails_the_step_unsent() {
    let s = receiver(standard_valid);
    let ran = Run::new(
        vec![delivery(&s.base, "standard-webhooks", "HOOK_SECRET")],
        target(&s.base, RunPolicy::Allow),
    )
    .env("HOOK_SECRET", "whsec_not base64!")
    .go();
    assert_eq!(ran.code, 1);
    let message = ran.lines()[0]["checks"][0]["message"].to_string();
    assert!(
        message.contains(
            "not sent: the delivery cannot be signed with `$HOOK_SECRET` (standard-webhooks)"
        ),
        "{message}"
    );
    // What is wrong, without a character of the secret (not the base64
    // crate's "Invalid symbol 32, offset 3").
    assert!(
        message.contains(
            "the secret after `whsec_` must be base64; character 4 is not a base64 character"
        ),
        "{message}"
    );
    assert_no_secret(&ran, "whsec_not base64!");
    assert!(s.requests().is_empty());
}

#[test]
fn the_secret_is_masked_even_where_a_receiver_echoes_it() {
    // A receiver that echoes the secret in its refusal: the JUnit report
    // shows a failed step's response body, and must show `***` instead.
    let s = Server::start(|_| Reply::text(500, &format!("secret was {HMAC_SECRET}")));
    let ran = Run::new(
        vec![delivery(&s.base, GITHUB, "HOOK_SECRET")],
        target(&s.base, RunPolicy::Allow),
    )
    .env("HOOK_SECRET", HMAC_SECRET)
    .format(Format::Junit)
    .go();
    assert_eq!(ran.code, 1);
    assert!(ran.out.contains("secret was ***"), "{}", ran.out);
    assert_no_secret(&ran, HMAC_SECRET);
    assert_no_secret(&ran, &HMAC_SECRET.replace('\'', "&apos;"));
}
