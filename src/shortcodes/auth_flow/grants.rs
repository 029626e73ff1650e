//! The grant table: what each OAuth grant (and API key, Basic, mutual
//! TLS) requires and accepts, from its RFC.

/// The grants, by the sequence of messages they draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ClientCredentials,
    AuthorizationCode,
    RefreshToken,
    JwtBearer,
    DeviceCode,
    ApiKey,
    Basic,
    Mtls,
    Password,
    Implicit,
}

/// One row of the grant table.
#[derive(Debug)]
pub(super) struct Grant {
    pub(super) kind: Kind,
    /// The value of `grant`.
    pub(super) name: &'static str,
    /// The `grant_type` of the token request (RFC 6749 §4 and the RFCs
    /// that register more), also accepted as the value of `grant`.
    pub(super) grant_type: Option<&'static str>,
    pub(super) source: &'static str,
    /// Each entry: one of these attributes is required.
    pub(super) requires: &'static [&'static [&'static str]],
    /// Optional attributes the grant uses.
    pub(super) accepts: &'static [&'static str],
    /// Not to be used: how strongly RFC 9700 (the OAuth 2.0 Security Best
    /// Current Practice) says so (`must not`, `should not`), and where.
    /// `authorization-code` with `pkce` replaces both grants it rules out.
    pub(super) discouraged: Option<(&'static str, &'static str)>,
}

/// The grant table. Sources:
/// - `client-credentials`: RFC 6749 §4.4 (`grant_type=client_credentials`);
/// - `authorization-code`: RFC 6749 §4.1 (`grant_type=authorization_code`),
///   with PKCE from RFC 7636 (`code_challenge`, `code_verifier`, `S256`);
/// - `refresh-token`: RFC 6749 §6 (`grant_type=refresh_token`);
/// - `jwt-bearer`: RFC 7523 §2.1
///   (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `assertion`);
/// - `device-code`: RFC 8628 §3.1 and §3.4
///   (`grant_type=urn:ietf:params:oauth:grant-type:device_code`);
/// - `api-key`: no standard; a key in a header or the query;
/// - `basic`: RFC 7617 (`Authorization: Basic`);
/// - `mtls`: RFC 8705 §2 (`tls_client_auth`, certificate-bound tokens),
///   with the client credentials grant;
/// - `password`: RFC 6749 §4.3, which RFC 9700 §2.4 says must not be used;
/// - `implicit`: RFC 6749 §4.2, which RFC 9700 §2.1.2 says should not be
///   used.
pub(super) static GRANTS: &[Grant] = &[
    Grant {
        kind: Kind::ClientCredentials,
        name: "client-credentials",
        grant_type: Some("client_credentials"),
        source: "RFC 6749 §4.4",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth", "token-lifetime", "audience"],
        discouraged: None,
    },
    Grant {
        kind: Kind::AuthorizationCode,
        name: "authorization-code",
        grant_type: Some("authorization_code"),
        source: "RFC 6749 §4.1, RFC 7636",
        requires: &[&["authorize-url"], &["token-url"], &["redirect-uri"]],
        accepts: &[
            "pkce",
            "scopes",
            "client-auth",
            "token-lifetime",
            "refresh",
            "user",
        ],
        discouraged: None,
    },
    Grant {
        kind: Kind::RefreshToken,
        name: "refresh-token",
        grant_type: Some("refresh_token"),
        source: "RFC 6749 §6",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth"],
        discouraged: None,
    },
    Grant {
        kind: Kind::JwtBearer,
        name: "jwt-bearer",
        grant_type: Some("urn:ietf:params:oauth:grant-type:jwt-bearer"),
        source: "RFC 7523",
        requires: &[&["token-url"]],
        accepts: &["scopes", "audience", "token-lifetime"],
        discouraged: None,
    },
    Grant {
        kind: Kind::DeviceCode,
        name: "device-code",
        grant_type: Some("urn:ietf:params:oauth:grant-type:device_code"),
        source: "RFC 8628",
        requires: &[&["device-url"], &["token-url"]],
        accepts: &["scopes", "user"],
        discouraged: None,
    },
    Grant {
        kind: Kind::ApiKey,
        name: "api-key",
        grant_type: None,
        source: "",
        requires: &[&["header", "query"]],
        accepts: &[],
        discouraged: None,
    },
    Grant {
        kind: Kind::Basic,
        name: "basic",
        grant_type: None,
        source: "RFC 7617",
        requires: &[],
        accepts: &[],
        discouraged: None,
    },
    Grant {
        kind: Kind::Mtls,
        name: "mtls",
        grant_type: Some("client_credentials"),
        source: "RFC 8705",
        requires: &[&["token-url"]],
        accepts: &["scopes"],
        discouraged: None,
    },
    Grant {
        kind: Kind::Password,
        name: "password",
        grant_type: Some("password"),
        source: "RFC 6749 §4.3",
        requires: &[&["token-url"]],
        accepts: &["scopes", "client-auth", "user"],
        discouraged: Some(("must not", "RFC 9700 §2.4")),
    },
    Grant {
        kind: Kind::Implicit,
        name: "implicit",
        grant_type: None,
        source: "RFC 6749 §4.2",
        requires: &[&["authorize-url"], &["redirect-uri"]],
        accepts: &["scopes", "user"],
        discouraged: Some(("should not", "RFC 9700 §2.1.2")),
    },
];

/// The attributes whose use depends on the grant.
pub(super) const GRANT_ATTRS: &[&str] = &[
    "user",
    "token-url",
    "authorize-url",
    "device-url",
    "redirect-uri",
    "scopes",
    "client-auth",
    "token-lifetime",
    "audience",
    "pkce",
    "refresh",
    "header",
    "query",
];

/// The URL attributes: absolute `https://` URLs.
pub(super) const URL_ATTRS: &[&str] = &["token-url", "authorize-url", "device-url", "redirect-uri"];

/// Client authentication methods at the token endpoint (RFC 7591 §2,
/// `token_endpoint_auth_method`; RFC 7523 §2.2 for `private_key_jwt`,
/// RFC 8705 §2.1 for `tls_client_auth`).
pub(super) const CLIENT_AUTHS: &[&str] = &[
    "client_secret_basic",
    "client_secret_post",
    "private_key_jwt",
    "tls_client_auth",
    "none",
];

impl Grant {
    pub(super) fn uses(&self, attr: &str) -> bool {
        self.accepts.contains(&attr) || self.requires.iter().any(|r| r.contains(&attr))
    }

    /// The grant named `name`, by its name or its RFC `grant_type`.
    pub(super) fn find(name: &str) -> Option<&'static Grant> {
        GRANTS.iter().find(|g| g.name == name).or_else(|| {
            GRANTS
                .iter()
                .find(|g| g.grant_type == Some(name) && g.kind != Kind::Mtls)
        })
    }
}
