//! Secrets, and the one place where they are taken out of what `run`
//! writes.
//!
//! A secret is a value `run` knows should not be shown: the value of every
//! variable read from the process environment, every captured token (an
//! `auth-flow`'s token, a capture whose variable's name ends in `TOKEN`,
//! `SECRET`, `PASSWORD` or `KEY`), every signed assertion, and the whole
//! value of the `Authorization`, `Cookie`, `Set-Cookie` and
//! `Proxy-Authorization` headers (sent or received). Each is shown as
//! `***`, as Hurl does; a value also appears percent-encoded in URLs and
//! form bodies, so that form is a secret too.
//!
//! Every output (the plan of `--dry-run`, each report format, the progress
//! line) is made from a [`Redacted`] value, which only [`Secrets::redact`]
//! makes: a report cannot write a step that did not go through here.
//! `--no-redact` turns redaction off (for debugging, never in CI logs).

use std::ops::Deref;

use super::vars::percent_encode;

/// What a secret is shown as.
pub const MASK: &str = "***";

/// The headers whose values are secret whatever they hold (RFC 9110 §11.6.2
/// `Authorization`, §11.7.2 `Proxy-Authorization`; RFC 6265 `Cookie`,
/// `Set-Cookie`).
pub const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Values shorter than this are not redacted: they cannot be a secret
/// (`CLIENT_ID=x` in a test), and replacing every `x` would make the
/// output unreadable.
pub const MIN_SECRET_LEN: usize = 4;

/// Whether a header's value is secret by its name.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether a captured variable holds a secret by its name.
pub fn is_secret_name(name: &str) -> bool {
    ["TOKEN", "SECRET", "PASSWORD", "KEY", "ASSERTION"]
        .iter()
        .any(|s| name.ends_with(s))
}

/// The secrets known so far.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// Longest first, so that a secret containing another is masked whole.
    values: Vec<String>,
    enabled: bool,
}

impl Secrets {
    /// No secrets yet; `enabled: false` for `--no-redact`.
    pub fn new(enabled: bool) -> Secrets {
        Secrets {
            values: Vec::new(),
            enabled,
        }
    }

    /// Whether redaction is on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Adds a secret, and each percent-encoded form a request may carry
    /// it in: every byte but `unreserved` encoded (a form field), and as
    /// a query value or a path segment is encoded (which keep `/`, `:`,
    /// ... : [`crate::http::url`]).
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() < MIN_SECRET_LEN {
            return;
        }
        for v in [
            value.to_string(),
            percent_encode(value),
            crate::http::url::encode_query_part(value),
            crate::http::url::encode_segment(value),
        ] {
            if !self.values.contains(&v) {
                self.values.push(v);
            }
        }
        self.values
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    /// Adds the secret parts of a header sent or received, when its name
    /// makes it secret ([`SECRET_HEADERS`]): an `Authorization` or
    /// `Proxy-Authorization` value's credentials (after the scheme, else
    /// the whole value); each cookie value of a `Cookie` or `Set-Cookie`
    /// (`a=1; b=2`, RFC 6265 §4.2.1, §4.1.1; its attributes too, which
    /// are short or harmless). So that a server echoing them back in a
    /// body does not show them either.
    pub fn add_header(&mut self, name: &str, value: &str) {
        if !is_secret_header(name) {
            return;
        }
        if name.to_ascii_lowercase().ends_with("authorization") {
            let credentials = value.trim().split_once(' ').map_or(value, |(_, c)| c);
            self.add(credentials);
            return;
        }
        for part in value.split(';') {
            self.add(part.split_once('=').map_or(part, |(_, v)| v));
        }
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        if !self.enabled {
            return text.to_string();
        }
        let mut out = text.to_string();
        for v in &self.values {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), MASK);
            }
        }
        out
    }

    /// A header's value as shown: [`MASK`] for a secret header (the scheme
    /// kept: `Bearer ***`), else the value with secrets masked.
    pub fn header(&self, name: &str, value: &str) -> String {
        if !self.enabled || !is_secret_header(name) {
            return self.mask(value);
        }
        match value.split_once(' ') {
            Some((scheme, _)) if name.to_ascii_lowercase().ends_with("authorization") => {
                format!("{scheme} {MASK}")
            }
            _ => MASK.to_string(),
        }
    }

    /// `value` with every string in it passed through [`Secrets::mask`]
    /// (headers through [`Secrets::header`]): what every output is made of.
    pub fn redact<T: Redact>(&self, mut value: T) -> Redacted<T> {
        value.redact(self);
        Redacted(value)
    }
}

/// A value whose strings can be redacted.
pub trait Redact {
    /// Masks the secrets in every string of `self`.
    fn redact(&mut self, secrets: &Secrets);
}

impl Redact for String {
    fn redact(&mut self, secrets: &Secrets) {
        *self = secrets.mask(self);
    }
}

impl<T: Redact> Redact for Option<T> {
    fn redact(&mut self, secrets: &Secrets) {
        if let Some(v) = self {
            v.redact(secrets);
        }
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(&mut self, secrets: &Secrets) {
        for v in self {
            v.redact(secrets);
        }
    }
}

/// A value that went through [`Secrets::redact`]: the only input of the
/// reports.
#[derive(Debug, Clone)]
pub struct Redacted<T>(T);

impl<T> Deref for Redacted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_longest_first_and_encoded_forms() {
        let mut s = Secrets::new(true);
        s.add("s3cr3t");
        s.add("s3cr3t and more");
        s.add("a b/c");
        s.add("x");
        assert_eq!(s.mask("s3cr3t and more, s3cr3t, x"), "***, ***, x");
        assert_eq!(s.mask("?q=a%20b%2Fc"), "?q=***");
        assert_eq!(s.header("Authorization", "Bearer abc.def"), "Bearer ***");
        assert_eq!(s.header("Set-Cookie", "sid=1; Path=/"), "***");
        assert_eq!(s.header("X-Trace", "s3cr3t"), "***");
        let off = Secrets::new(false);
        assert_eq!(off.header("Authorization", "Bearer abc"), "Bearer abc");
    }
}
