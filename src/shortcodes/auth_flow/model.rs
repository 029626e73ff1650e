//! The model of an `auth-flow`: the grant's message sequence ([`steps`])
//! and the request it shows ([`exchange`]: the token request, or the API
//! call for `api-key` and `basic`).

use crate::escape::{self, code};
use crate::http::{
    Body, Capture, Credentials, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request,
    SourceRef, Url,
};
use crate::shortcodes::data_flow::{Flow, FlowStep};

use super::grants::Kind;
use super::parse::Auth;

/// The path of a URL (`/oauth/token`), `/` when it has none.
pub(super) fn path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// The labels a flow is written with: the text of a key, as inline
/// Markdown that shows it as written.
pub(super) type Label<'a> = &'a dyn Fn(&str) -> String;

/// The steps of a flow as they are added, between the participants.
struct Steps<'a, 'l> {
    out: Vec<FlowStep>,
    label: Label<'l>,
    auth: &'a Auth<'a>,
    user: usize,
    client: usize,
    server: usize,
    api: usize,
}

impl Steps<'_, '_> {
    fn push(&mut self, from: usize, to: usize, key: &str, protocol: Vec<String>, reply: bool) {
        self.push_text(from, to, (self.label)(key), protocol, reply);
    }

    fn push_text(
        &mut self,
        from: usize,
        to: usize,
        what: String,
        protocol: Vec<String>,
        reply: bool,
    ) {
        self.out.push(FlowStep {
            from,
            to,
            what,
            protocol: (!protocol.is_empty()).then(|| protocol.join(", ")),
            details: None,
            reply,
        });
    }

    fn post(&self, url: Option<&str>) -> String {
        code(&format!("POST {}", path(url.unwrap_or("/"))))
    }

    fn get(&self, url: Option<&str>) -> String {
        code(&format!("GET {}", path(url.unwrap_or("/"))))
    }

    fn grant_type(&self) -> String {
        code(&format!(
            "grant_type={}",
            self.auth.grant.grant_type.unwrap_or("")
        ))
    }

    /// How the client identifies itself in the token request: a public
    /// client (`none`) sends its `client_id`, `private_key_jwt` its signed
    /// assertion (RFC 7523 §2.2).
    fn client_auth(&self) -> Vec<String> {
        match self.auth.client_auth {
            Some("none") => vec![code("client_id")],
            Some("private_key_jwt") => {
                vec![code("client_assertion_type"), code("client_assertion")]
            }
            Some(m) => vec![code(m)],
            None => Vec::new(),
        }
    }

    /// `private_key_jwt`: before its token request the client signs its
    /// assertion with its private key (RFC 7523 §2.2, §3).
    fn client_assertion(&mut self) {
        if self.auth.client_auth == Some("private_key_jwt") {
            let mut p = vec![code("JWS")];
            p.extend(self.auth.token_url.map(|u| code(&format!("aud={u}"))));
            let c = self.client;
            self.push(c, c, "auth-step-client-assertion", p, false);
        }
    }

    /// The token request: `POST`, the grant type, `more`, the client
    /// authentication.
    fn token_request(&self, more: &[&str]) -> Vec<String> {
        let mut p = vec![self.post(self.auth.token_url), self.grant_type()];
        p.extend(more.iter().map(|m| code(m)));
        p.extend(self.client_auth());
        p
    }

    fn token_reply(&mut self, refresh: bool) {
        let mut protocol = vec![code("access_token")];
        if refresh {
            protocol.push(code("refresh_token"));
        }
        if self.auth.lifetime.is_some() {
            protocol.push(code("expires_in"));
        }
        let what = match (refresh, self.auth.lifetime) {
            (true, _) => (self.label)("auth-step-tokens"),
            (false, Some(l)) => {
                (self.label)("auth-step-token-valid").replace("{lifetime}", &escape::text(l))
            }
            (false, None) => (self.label)("auth-step-token"),
        };
        self.push_text(self.server, self.client, what, protocol, true);
    }

    fn api_call(&mut self, key: &str, protocol: String) {
        self.push(self.client, self.api, key, vec![protocol], false);
        self.push(
            self.api,
            self.client,
            "auth-step-api-response",
            vec![],
            true,
        );
    }

    fn bearer_call(&mut self, key: &str) {
        self.api_call(key, code("Authorization: Bearer"));
    }

    fn new_token(&mut self) {
        let p = vec![code("access_token")];
        self.push(self.server, self.client, "auth-step-new-token", p, true);
    }
}

/// The messages of the grant, between its participants: the user (when
/// the grant has one), the client, the server and the API (when it is
/// not the server). Protocol texts are inline code.
pub(super) fn steps(auth: &Auth<'_>, label: Label<'_>) -> Flow {
    use Kind::*;
    let kind = auth.grant.kind;
    let mut participants = Vec::new();
    let user = matches!(kind, AuthorizationCode | DeviceCode | Implicit | Password).then(|| {
        participants.push(auth.user.map_or_else(|| label("auth-user"), str::to_string));
        participants.len() - 1
    });
    participants.push(auth.client.to_string());
    let client = participants.len() - 1;
    participants.push(auth.server.to_string());
    let server = participants.len() - 1;
    let api = match auth.api {
        Some(a) => {
            participants.push(a.to_string());
            participants.len() - 1
        }
        None => server,
    };
    let mut s = Steps {
        out: Vec::new(),
        label,
        auth,
        user: user.unwrap_or(client),
        client,
        server,
        api,
    };
    match kind {
        ClientCredentials | Password | Mtls | RefreshToken | JwtBearer => machine_steps(&mut s),
        DeviceCode => device_steps(&mut s),
        AuthorizationCode | Implicit => browser_steps(&mut s),
        ApiKey => {
            let p = match (auth.header, auth.query) {
                (Some(h), _) => code(&format!("{h}: $API_KEY")),
                (_, Some(q)) => code(&format!("?{q}=$API_KEY")),
                _ => String::new(),
            };
            s.api_call("auth-step-api-key", p);
        }
        Basic => s.api_call("auth-step-basic", code("Authorization: Basic")),
    }
    Flow {
        participants,
        steps: s.out,
    }
}

/// The grants without a browser: client credentials, password, mutual
/// TLS, refresh token, JWT bearer.
fn machine_steps(s: &mut Steps<'_, '_>) {
    let (user, client, server) = (s.user, s.client, s.server);
    match s.auth.grant.kind {
        Kind::Password => {
            s.push(user, client, "auth-step-password", vec![], false);
            s.client_assertion();
            let p = s.token_request(&[]);
            s.push(client, server, "auth-step-token-request", p, false);
            s.token_reply(false);
            s.bearer_call("auth-step-api-call");
        }
        Kind::Mtls => {
            let p = vec![
                s.post(s.auth.token_url),
                s.grant_type(),
                code("tls_client_auth"),
            ];
            s.push(client, server, "auth-step-mtls-request", p, false);
            s.token_reply(false);
            s.bearer_call("auth-step-mtls-call");
        }
        Kind::RefreshToken => {
            s.client_assertion();
            let p = s.token_request(&[]);
            s.push(client, server, "auth-step-refresh", p, false);
            s.new_token();
            s.bearer_call("auth-step-api-call");
        }
        Kind::JwtBearer => {
            let mut p = vec![code("JWS")];
            p.extend(s.auth.audience.map(|a| code(&format!("aud={a}"))));
            s.push(client, client, "auth-step-assertion", p, false);
            let p = vec![s.post(s.auth.token_url), s.grant_type(), code("assertion")];
            s.push(client, server, "auth-step-assertion-request", p, false);
            s.token_reply(false);
            s.bearer_call("auth-step-api-call");
        }
        _ => {
            s.client_assertion();
            let p = s.token_request(&[]);
            s.push(client, server, "auth-step-token-request", p, false);
            s.token_reply(false);
            s.bearer_call("auth-step-api-call");
        }
    }
}

/// The device authorization grant (RFC 8628).
fn device_steps(s: &mut Steps<'_, '_>) {
    let (user, client, server) = (s.user, s.client, s.server);
    let p = vec![s.post(s.auth.device_url), code("client_id")];
    s.push(client, server, "auth-step-device-request", p, false);
    let p = vec![
        code("device_code"),
        code("user_code"),
        code("verification_uri"),
    ];
    s.push(server, client, "auth-step-device-codes", p, true);
    s.push(client, user, "auth-step-show-code", vec![], false);
    let p = vec![code("verification_uri")];
    s.push(user, server, "auth-step-approve", p, false);
    let p = vec![
        s.post(s.auth.token_url),
        s.grant_type(),
        code("device_code"),
    ];
    s.push(client, server, "auth-step-poll", p, false);
    s.token_reply(false);
    s.bearer_call("auth-step-api-call");
}

/// The grants through the user's browser: authorization code (with PKCE
/// and the refresh exchange) and implicit.
fn browser_steps(s: &mut Steps<'_, '_>) {
    let (user, client, server) = (s.user, s.client, s.server);
    let auth = s.auth;
    let implicit = auth.grant.kind == Kind::Implicit;
    if auth.pkce {
        let p = vec![code("code_verifier"), code("code_challenge"), code("S256")];
        s.push(client, client, "auth-step-pkce", p, false);
    }
    s.push(
        client,
        user,
        "auth-step-redirect",
        vec![code("302 Found")],
        false,
    );
    let response_type = if implicit { "token" } else { "code" };
    let mut p = vec![
        s.get(auth.authorize_url),
        code(&format!("response_type={response_type}")),
    ];
    if auth.pkce {
        p.push(code("code_challenge"));
    }
    s.push(user, server, "auth-step-consent", p, false);
    let redirect = code(&format!(
        "302 Found {}",
        path(auth.redirect_uri.unwrap_or("/"))
    ));
    if implicit {
        let p = vec![redirect, code("#access_token")];
        s.push(server, user, "auth-step-implicit-token", p, true);
        let p = vec![code("access_token")];
        s.push(user, client, "auth-step-implicit-deliver", p, false);
        s.bearer_call("auth-step-api-call");
        return;
    }
    s.push(
        server,
        user,
        "auth-step-code",
        vec![redirect, code("code")],
        true,
    );
    let p = vec![s.get(auth.redirect_uri), code("code")];
    s.push(user, client, "auth-step-code-deliver", p, false);
    let more: &[&str] = if auth.pkce {
        &["code", "code_verifier"]
    } else {
        &["code"]
    };
    s.client_assertion();
    let p = s.token_request(more);
    s.push(client, server, "auth-step-exchange", p, false);
    s.token_reply(auth.refresh);
    s.bearer_call("auth-step-api-call");
    if auth.refresh {
        let p = vec![s.post(auth.token_url), code("grant_type=refresh_token")];
        s.push(client, server, "auth-step-refresh", p, false);
        s.new_token();
    }
}

/// A claim of the assertion the token request carries: its name and its
/// value (inline Markdown), or the label key of the text that says what
/// the value is when it is made at signing time.
pub(super) enum ClaimValue {
    Code(String),
    Label(&'static str),
    /// A variable and the label key of the text that says what is signed
    /// when it is unset (`{variable}` in it is the variable, as code).
    Fallback(String, &'static str),
}

/// The claims of the assertion the token request carries (RFC 7523 §3,
/// RFC 7519 §4.1), as `run` signs them ([`crate::run`]'s grants):
/// - `private_key_jwt` (§2.2): `iss` = `sub` = `$CLIENT_ID`, `aud` = the
///   token endpoint;
/// - `jwt-bearer` (§2.1): `iss` = `$JWT_ISSUER` (label
///   `auth-claim-iss-value`: else `$CLIENT_ID`), `sub` = `$JWT_SUBJECT`
///   (label `auth-claim-sub-value`: else the issuer), as `run` signs them,
///   `aud` = `audience`, else the token endpoint (the request model
///   carries the same `audience` for `run` to sign; `$JWT_AUDIENCE`
///   overrides it there);
///
/// then `exp`, `iat`, `jti`. Each claim's meaning is the label
/// `auth-claim-{name}`. Empty when the request carries no assertion.
pub(super) fn claims(auth: &Auth<'_>) -> Vec<(&'static str, ClaimValue)> {
    let var = |v: &str| ClaimValue::Code(v.to_string());
    let token_url = auth.token_url.unwrap_or("/");
    let (iss, sub, aud) = if auth.grant.kind == Kind::JwtBearer {
        (
            ClaimValue::Fallback("$JWT_ISSUER".into(), "auth-claim-iss-value"),
            ClaimValue::Fallback("$JWT_SUBJECT".into(), "auth-claim-sub-value"),
            assertion_audience(auth).unwrap_or(token_url),
        )
    } else if auth.client_auth == Some("private_key_jwt")
        && !matches!(auth.grant.kind, Kind::ApiKey | Kind::Basic | Kind::Implicit)
    {
        (var("$CLIENT_ID"), var("$CLIENT_ID"), token_url)
    } else {
        return Vec::new();
    };
    vec![
        ("iss", iss),
        ("sub", sub),
        ("aud", var(aud)),
        ("exp", ClaimValue::Label("auth-claim-exp-value")),
        ("iat", ClaimValue::Label("auth-claim-iat-value")),
        ("jti", ClaimValue::Label("auth-claim-jti-value")),
    ]
}

/// The `aud` of the assertion when it is not the token endpoint:
/// `jwt-bearer`'s `audience`. One function for the claims table the page
/// shows and the request model `run` signs from, so the two agree.
fn assertion_audience<'a>(auth: &Auth<'a>) -> Option<&'a str> {
    auth.audience.filter(|_| auth.grant.kind == Kind::JwtBearer)
}

fn field(name: &str, value: &str) -> QueryParam {
    QueryParam {
        name: name.into(),
        value: value.into(),
    }
}

/// The request the flow shows: the token request (`POST` to `token-url`,
/// a form body, the client's authentication, the access token captured
/// in `token-var`), or for `api-key` and `basic` an API call to
/// `$API_URL`; `None` for `implicit` (there is no request to show).
/// Secrets are variables (`$CLIENT_ID`, `$CLIENT_SECRET`, ...), never
/// values.
pub(super) fn exchange(auth: &Auth<'_>, span: std::ops::Range<usize>) -> Option<Exchange> {
    use Kind::*;
    let grant = auth.grant.name.to_string();
    let source = SourceRef {
        span,
        ..SourceRef::default()
    };
    let (kind, request, captures, status) = match auth.grant.kind {
        Implicit => return None,
        ApiKey | Basic => (
            ExchangeKind::AuthenticatedCall { grant },
            api_call(auth)?,
            Vec::new(),
            None,
        ),
        _ => (
            ExchangeKind::TokenRequest {
                grant,
                audience: assertion_audience(auth).map(str::to_string),
            },
            token_request(auth)?,
            vec![Capture {
                variable: auth.token_var.to_string(),
                pointer: "/access_token".into(),
            }],
            // RFC 6749 §5.1: a successful token response is 200 OK.
            Some(200),
        ),
    };
    Some(Exchange {
        kind,
        request,
        expect: Expectation {
            status,
            ..Expectation::default()
        },
        captures,
        source,
    })
}

/// `api-key` and `basic`: a `GET` of `$API_URL` with the key or the user.
fn api_call(auth: &Auth<'_>) -> Option<Request> {
    let (url, headers, credentials) = match (auth.grant.kind, auth.header, auth.query) {
        (Kind::ApiKey, Some(h), _) => (
            Url::parse("$API_URL"),
            vec![Header {
                name: h.to_string(),
                value: "$API_KEY".into(),
            }],
            None,
        ),
        (Kind::ApiKey, _, Some(q)) => {
            let mut url = Url::parse("$API_URL");
            url.query.push(field(q, "$API_KEY"));
            (url, Vec::new(), None)
        }
        (Kind::Basic, _, _) => (
            Url::parse("$API_URL"),
            Vec::new(),
            Some(Credentials::Basic {
                user: "$USERNAME".into(),
                password: "$PASSWORD".into(),
            }),
        ),
        _ => return None,
    };
    Some(Request {
        method: "GET".into(),
        url,
        headers,
        body: None,
        credentials,
    })
}

/// The token request: its form fields (RFC 6749 §4 and the grants'
/// RFCs) and the client's authentication at the token endpoint.
fn token_request(auth: &Auth<'_>) -> Option<Request> {
    use Kind::*;
    let url = Url::parse(auth.token_url?);
    let mut fields = Vec::new();
    if let Some(gt) = auth.grant.grant_type {
        fields.push(field("grant_type", gt));
    }
    match auth.grant.kind {
        AuthorizationCode => {
            fields.push(field("code", "$CODE"));
            if let Some(r) = auth.redirect_uri {
                fields.push(field("redirect_uri", r));
            }
            if auth.pkce {
                fields.push(field("code_verifier", "$CODE_VERIFIER"));
            }
        }
        RefreshToken => fields.push(field("refresh_token", "$REFRESH_TOKEN")),
        JwtBearer => fields.push(field("assertion", "$JWT_ASSERTION")),
        DeviceCode => fields.push(field("device_code", "$DEVICE_CODE")),
        Password => {
            fields.push(field("username", "$USERNAME"));
            fields.push(field("password", "$PASSWORD"));
        }
        _ => {}
    }
    let mut credentials = None;
    match auth.client_auth {
        Some("client_secret_basic") => {
            credentials = Some(Credentials::Basic {
                user: "$CLIENT_ID".into(),
                password: "$CLIENT_SECRET".into(),
            });
        }
        Some("client_secret_post") => {
            fields.push(field("client_id", "$CLIENT_ID"));
            fields.push(field("client_secret", "$CLIENT_SECRET"));
        }
        Some("private_key_jwt") => {
            fields.push(field("client_id", "$CLIENT_ID"));
            fields.push(field(
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ));
            fields.push(field("client_assertion", "$CLIENT_ASSERTION"));
        }
        Some("tls_client_auth") => {
            credentials = Some(Credentials::ClientCertificate {
                cert: "$CLIENT_CERT".into(),
                key: "$CLIENT_KEY".into(),
            });
            fields.push(field("client_id", "$CLIENT_ID"));
        }
        Some("none") => fields.push(field("client_id", "$CLIENT_ID")),
        _ => {}
    }
    // `scope` only where the grant's token request defines it: not for an
    // authorization code (RFC 6749 §4.1.3: the scope was asked for in the
    // authorization request) nor a device code (RFC 8628 §3.4: it was
    // asked for in the device authorization request).
    if !auth.scopes.is_empty() && !matches!(auth.grant.kind, AuthorizationCode | DeviceCode) {
        fields.push(field("scope", &auth.scopes.join(" ")));
    }
    // For `jwt-bearer` the audience is the assertion's `aud` claim (RFC
    // 7523 §3), not a parameter of the request.
    if let Some(a) = auth.audience.filter(|_| auth.grant.kind != JwtBearer) {
        fields.push(field("audience", a));
    }
    Some(Request {
        method: "POST".into(),
        url,
        headers: Vec::new(),
        body: Some(Body::form(fields)),
        credentials,
    })
}
