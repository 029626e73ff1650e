//! `<<#auth-flow>>`: an authentication flow from its grant. The standard
//! grants have standard message sequences, so the writer names the grant
//! and its endpoints, and the shortcode draws the sequence (with
//! `data-flow`'s diagram and step table, [`super::data_flow::emit_flow`]),
//! lists the parameters and shows the token request (one
//! [`crate::http::Exchange`], published for `run` and `export`) in each
//! client's form, with variables (`$CLIENT_ID`, `$CLIENT_SECRET`), never a
//! secret.
//!
//! ```text
//! <<#auth-flow grant="client-credentials" client="Acme CRM" server="Globex Billing" token-url="https://sandbox.globex.example/oauth/token" scopes="invoices:write">>
//! ```
//!
//! Parse ([`parse`]: the attributes against the grant table
//! [`grants`], every problem located) → model ([`model`]: the steps and
//! the exchange) → emit ([`emit`]).

use super::prelude::*;

mod emit;
mod grants;
mod model;
mod parse;

use parse::parse;

pub struct AuthFlow;

macro_rules! labels {
    ($($key:literal => $default:literal, [$($ph:literal),*], $doc:literal;)*) => {
        &[$(LabelSpec {
            key: $key,
            default: $default,
            placeholders: &[$($ph),*],
            may_be_empty: false,
            doc: $doc,
        },)*]
    };
}

static LABELS: &[LabelSpec] = labels! {
    "auth-diagram-heading" => "Authentication flow", [], "`auth-flow`: the diagram's heading (with `level`)";
    "auth-table-heading" => "Step-by-step authentication flow", [], "`auth-flow`: the step table's heading (with `level`)";
    "auth-title" => "Authentication flow: {grant}", ["grant"], "`auth-flow`: the diagram's accessible name when it has no `title`; `{grant}` is the grant's name";
    "auth-parameters" => "Authentication parameters", [], "`auth-flow`: the parameter table's title";
    "auth-token-request" => "Token request", [], "`auth-flow`: the title of the token request (its forms: `curl`, HTTP, ...)";
    "auth-api-request" => "API request", [], "`auth-flow`: the title of the API call (`api-key`, `basic`)";
    "auth-claims" => "Assertion claims", [], "`auth-flow`: the title of the table of the signed assertion's claims (`private_key_jwt`, `jwt-bearer`)";
    "auth-claim" => "Claim", [], "`auth-flow` claim table: the name column";
    "auth-claim-meaning" => "Meaning", [], "`auth-flow` claim table: the column saying what the claim is (RFC 7519 §4.1)";
    "auth-claim-iss" => "the issuer: who signs the assertion", [], "`auth-flow` claim `iss`: its meaning";
    "auth-claim-sub" => "the subject: whom the access token is for", [], "`auth-flow` claim `sub`: its meaning";
    "auth-claim-aud" => "the audience: the token endpoint that accepts the assertion", [], "`auth-flow` claim `aud`: its meaning";
    "auth-claim-exp" => "the expiry time, in seconds since 1970-01-01 UTC", [], "`auth-flow` claim `exp`: its meaning";
    "auth-claim-iat" => "the time of signing, in seconds since 1970-01-01 UTC", [], "`auth-flow` claim `iat`: its meaning";
    "auth-claim-jti" => "the assertion's identifier: the server rejects one it has seen", [], "`auth-flow` claim `jti`: its meaning";
    "auth-claim-iss-value" => "{variable} (else the client id)", ["variable"], "`auth-flow` claim `iss` of `jwt-bearer`: its value, `{variable}` being `$JWT_ISSUER` (run signs `$CLIENT_ID` when it is unset)";
    "auth-claim-sub-value" => "{variable} (else the issuer)", ["variable"], "`auth-flow` claim `sub` of `jwt-bearer`: its value, `{variable}` being `$JWT_SUBJECT` (run signs the issuer when it is unset)";
    "auth-claim-exp-value" => "a few minutes after iat (run signs for 5 minutes)", [], "`auth-flow` claim `exp`: its value";
    "auth-claim-iat-value" => "the time the client signs the assertion", [], "`auth-flow` claim `iat`: its value";
    "auth-claim-jti-value" => "a new unique value for each assertion", [], "`auth-flow` claim `jti`: its value";
    "auth-parameter" => "Parameter", [], "`auth-flow` parameter table: the name column";
    "auth-value" => "Value", [], "`auth-flow` parameter table: the value column";
    "auth-grant-type" => "Grant type", [], "`auth-flow` parameter: the grant";
    "auth-specification" => "Specification", [], "`auth-flow` parameter: the RFC that defines the grant";
    "auth-token-url" => "Token endpoint", [], "`auth-flow` parameter: `token-url`";
    "auth-authorize-url" => "Authorization endpoint", [], "`auth-flow` parameter: `authorize-url`";
    "auth-device-url" => "Device authorization endpoint", [], "`auth-flow` parameter: `device-url`";
    "auth-redirect-uri" => "Redirect URI", [], "`auth-flow` parameter: `redirect-uri`";
    "auth-scopes" => "Scopes", [], "`auth-flow` parameter: `scopes`";
    "auth-client-auth" => "Client authentication", [], "`auth-flow` parameter: `client-auth`";
    "auth-token-lifetime" => "Token lifetime", [], "`auth-flow` parameter: `token-lifetime`";
    "auth-audience" => "Audience", [], "`auth-flow` parameter: `audience`";
    "auth-pkce" => "PKCE code challenge method", [], "`auth-flow` parameter: `pkce`";
    "auth-refresh" => "Refresh grant", [], "`auth-flow` parameter: `refresh`";
    "auth-header" => "Header", [], "`auth-flow` parameter: `header`";
    "auth-query" => "Query parameter", [], "`auth-flow` parameter: `query`";
    "auth-user" => "User", [], "`auth-flow`: the user's participant name when there is no `user`";
    "auth-step-token-request" => "request an access token", [], "`auth-flow` step";
    "auth-step-token" => "the access token", [], "`auth-flow` step";
    "auth-step-token-valid" => "the access token, valid {lifetime}", ["lifetime"], "`auth-flow` step: the token response with `token-lifetime`";
    "auth-step-tokens" => "the access token and a refresh token", [], "`auth-flow` step (with `refresh`)";
    "auth-step-api-call" => "call the API with the access token", [], "`auth-flow` step";
    "auth-step-api-response" => "the response", [], "`auth-flow` step";
    "auth-step-pkce" => "create a code verifier and its challenge", [], "`auth-flow` step (with `pkce`)";
    "auth-step-redirect" => "send the user to the authorization endpoint", [], "`auth-flow` step";
    "auth-step-consent" => "sign in and approve the access", [], "`auth-flow` step";
    "auth-step-code" => "redirect back with an authorization code", [], "`auth-flow` step";
    "auth-step-code-deliver" => "deliver the authorization code", [], "`auth-flow` step";
    "auth-step-exchange" => "exchange the code for an access token", [], "`auth-flow` step";
    "auth-step-refresh" => "refresh the access token", [], "`auth-flow` step (`refresh-token`, `refresh`)";
    "auth-step-new-token" => "a new access token", [], "`auth-flow` step (`refresh-token`, `refresh`)";
    "auth-step-assertion" => "sign a JWT assertion with its private key", [], "`auth-flow` step (`jwt-bearer`)";
    "auth-step-client-assertion" => "sign a client assertion (JWT) with its private key", [], "`auth-flow` step (`client-auth=\"private_key_jwt\"`)";
    "auth-step-assertion-request" => "request an access token with the assertion", [], "`auth-flow` step (`jwt-bearer`)";
    "auth-step-device-request" => "request a device code", [], "`auth-flow` step (`device-code`)";
    "auth-step-device-codes" => "the device code, the user code and the verification URI", [], "`auth-flow` step (`device-code`)";
    "auth-step-show-code" => "show the user code and the verification URI", [], "`auth-flow` step (`device-code`)";
    "auth-step-approve" => "enter the user code and approve", [], "`auth-flow` step (`device-code`)";
    "auth-step-poll" => "poll for the access token", [], "`auth-flow` step (`device-code`)";
    "auth-step-mtls-request" => "request an access token over mutual TLS", [], "`auth-flow` step (`mtls`)";
    "auth-step-mtls-call" => "call the API over mutual TLS with the access token", [], "`auth-flow` step (`mtls`)";
    "auth-step-api-key" => "call the API with the API key", [], "`auth-flow` step (`api-key`)";
    "auth-step-basic" => "call the API with a user name and password", [], "`auth-flow` step (`basic`)";
    "auth-step-password" => "send the user's name and password", [], "`auth-flow` step (`password`)";
    "auth-step-implicit-token" => "redirect back with the access token", [], "`auth-flow` step (`implicit`)";
    "auth-step-implicit-deliver" => "deliver the access token", [], "`auth-flow` step (`implicit`)";
};

const fn text_attr(name: &'static str, doc: &'static str) -> AttrSpec {
    AttrSpec {
        name,
        ty: AttrType::Text,
        required: false,
        doc,
    }
}

static ATTRS: &[AttrSpec] = &[
    text_attr(
        "token-var",
        "the variable `run` keeps the access token in, for later requests' `$NAME` (default `ACCESS_TOKEN`)",
    ),
    AttrSpec {
        name: "clients",
        ty: AttrType::Words(crate::http::client::NAMES),
        required: false,
        doc: "the forms the request is shown in, comma-separated: `curl`, `http`, `python`, `javascript`, `httpie` (default: the book's `[preprocessor.integration-guide.api-example] clients`)",
    },
    AttrSpec {
        name: "grant",
        ty: AttrType::Text,
        required: true,
        doc: "the grant: `client-credentials`, `authorization-code`, `refresh-token`, `jwt-bearer`, `device-code`, `api-key`, `basic`, `mtls` (or its RFC `grant_type`)",
    },
    AttrSpec {
        name: "client",
        ty: AttrType::Text,
        required: true,
        doc: "the client's participant name (e.g. \"Acme CRM\")",
    },
    AttrSpec {
        name: "server",
        ty: AttrType::Text,
        required: true,
        doc: "the authorization server's participant name (e.g. \"Globex Billing\")",
    },
    text_attr(
        "api",
        "the resource server's participant name, when it is not `server`",
    ),
    text_attr(
        "user",
        "the user's participant name (`authorization-code`, `device-code`; default: the `auth-user` label)",
    ),
    text_attr(
        "token-url",
        "the token endpoint, an absolute `https://` URL",
    ),
    text_attr(
        "authorize-url",
        "the authorization endpoint, an absolute `https://` URL (`authorization-code`)",
    ),
    text_attr(
        "device-url",
        "the device authorization endpoint, an absolute `https://` URL (`device-code`)",
    ),
    text_attr(
        "redirect-uri",
        "the client's redirect URI, an absolute `https://` URL (`authorization-code`)",
    ),
    text_attr("scopes", "the scopes requested, space-separated"),
    text_attr(
        "client-auth",
        "how the client authenticates at the token endpoint: `client_secret_basic`, `client_secret_post`, `private_key_jwt`, `tls_client_auth`, `none`",
    ),
    text_attr(
        "token-lifetime",
        "how long an access token is valid (e.g. \"1 hour\")",
    ),
    text_attr(
        "audience",
        "the audience the token is for (`client-credentials`, `jwt-bearer`)",
    ),
    AttrSpec {
        name: "pkce",
        ty: AttrType::Bool,
        required: false,
        doc: "use PKCE (RFC 7636, `S256`) with `authorization-code`",
    },
    AttrSpec {
        name: "refresh",
        ty: AttrType::Bool,
        required: false,
        doc: "show the refresh exchange after `authorization-code`",
    },
    text_attr(
        "header",
        "the API key's header (`api-key`, e.g. `X-API-Key`)",
    ),
    text_attr("query", "the API key's query parameter (`api-key`)"),
    text_attr(
        "title",
        "the diagram's title: its caption and accessible name",
    ),
    AttrSpec {
        name: "format",
        ty: AttrType::Choice(&["svg", "mermaid"]),
        required: false,
        doc: "`svg` (default): a diagram drawn by the preprocessor; `mermaid`: a mermaid diagram as mdbook-mermaid writes one (`<pre class=\"mermaid\">`), for its mermaid.js",
    },
    AttrSpec {
        name: "level",
        ty: AttrType::Int { min: 1, max: 6 },
        required: false,
        doc: "add headings (\"Authentication flow\", \"Step-by-step authentication flow\", ...) at this level",
    },
];

pub(super) static SPEC: Spec = Spec {
    name: "auth-flow",
    positional: None,
    attrs: ATTRS,
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

impl Shortcode for AuthFlow {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let (auth, problems) = parse(call);
        let (errors, warnings): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|d| d.severity == crate::diagnostic::Severity::Error);
        for w in warnings {
            cx.warn(w);
        }
        cx.finish(errors, || match auth {
            Some(auth) => {
                let exchange = model::exchange(&auth, call.span.clone());
                let clients = call
                    .text("clients")
                    .and_then(|c| crate::http::Client::list(c).ok())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| cx.settings().api_example.clients.clone());
                let out = emit::emit(call, cx, &auth, exchange.as_ref(), &clients);
                if let Some(e) = exchange {
                    cx.publish(e);
                }
                Ok(out)
            }
            // `parse` gives no model only with an error, so this is not
            // reached; it stays an error rather than a panic.
            None => Err(Diagnostic::error(
                call.span.clone(),
                "`auth-flow` could not be read",
            )),
        })
    }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::grants::{GRANT_ATTRS, GRANTS, Grant};
    use super::model::{path, steps};
    use super::parse::host;
    use super::*;
    use crate::escape::code;
    use std::ops::Range;

    fn curl(auth: &parse::Auth<'_>) -> Option<String> {
        let e = model::exchange(auth, 0..10)?;
        Some(crate::http::Client::Curl.render(&e.request))
    }

    /// An `auth-flow` whose tag is at 0..10 and attribute `i` at
    /// `1000 * (i + 1)`; `pkce` and `refresh` are flags.
    fn call(attrs: &[(&'static str, &str)]) -> Call {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(name, value))| {
                let at = 1000 * (i + 1);
                let v = if matches!(name, "pkce" | "refresh") {
                    AttrValue::Bool(value == "true")
                } else {
                    AttrValue::Text(value.to_string())
                };
                (name, v, at..at + value.len())
            })
            .collect();
        Call::for_test("auth-flow", 0..10, args)
    }

    fn problems(attrs: &[(&'static str, &str)]) -> Vec<(String, Range<usize>)> {
        let c = call(attrs);
        parse(&c)
            .1
            .into_iter()
            .map(|d| (d.message, d.span))
            .collect()
    }

    fn default_label(key: &str) -> String {
        let spec = LABELS.iter().find(|l| l.key == key).expect(key);
        escape::text(spec.default)
    }

    const CC: &[(&str, &str)] = &[
        ("grant", "client-credentials"),
        ("client", "Acme CRM"),
        ("server", "Globex"),
        ("token-url", "https://globex.example/oauth/token"),
        ("scopes", "a:read b:write"),
    ];

    #[test]
    fn the_grant_table_has_what_the_rfcs_say() {
        let g = |n| Grant::find(n).expect(n);
        assert_eq!(g("client-credentials").requires, &[&["token-url"][..]]);
        assert!(g("authorization-code").uses("pkce"));
        assert!(!g("client-credentials").uses("pkce"));
        assert_eq!(
            g("authorization-code").requires,
            &[&["authorize-url"][..], &["token-url"], &["redirect-uri"]]
        );
        assert_eq!(
            g("device-code").requires,
            &[&["device-url"][..], &["token-url"]]
        );
        assert_eq!(g("api-key").requires, &[&["header", "query"][..]]);
        assert!(g("basic").requires.is_empty() && g("basic").accepts.is_empty());
        assert!(g("jwt-bearer").uses("audience") && !g("jwt-bearer").uses("client-auth"));
        assert!(
            g("refresh-token").uses("client-auth") && !g("refresh-token").uses("token-lifetime")
        );
        // The RFC names are the same grants.
        for (rfc, name) in [
            ("client_credentials", "client-credentials"),
            ("authorization_code", "authorization-code"),
            ("refresh_token", "refresh-token"),
            ("urn:ietf:params:oauth:grant-type:jwt-bearer", "jwt-bearer"),
            (
                "urn:ietf:params:oauth:grant-type:device_code",
                "device-code",
            ),
        ] {
            assert_eq!(g(rfc).name, name);
        }
        assert!(g("password").discouraged.is_some() && g("implicit").discouraged.is_some());
        // Every grant attribute is used by some grant, and only those.
        for a in GRANT_ATTRS {
            assert!(GRANTS.iter().any(|g| g.uses(a)), "{a}");
        }
        for g in GRANTS {
            for a in g
                .accepts
                .iter()
                .chain(g.requires.iter().flat_map(|r| r.iter()))
            {
                assert!(GRANT_ATTRS.contains(a), "{a}");
            }
        }
    }

    #[test]
    fn a_valid_call_has_no_problem() {
        let c = call(CC);
        let (auth, problems) = parse(&c);
        assert!(problems.is_empty());
        let auth = auth.unwrap();
        assert_eq!(auth.scopes, vec!["a:read", "b:write"]);
        assert_eq!(auth.client_auth, Some("client_secret_basic"));
    }

    #[test]
    fn every_problem_is_located() {
        // Unknown grant, with a suggestion.
        assert_eq!(
            problems(&[
                ("grant", "client-credential"),
                ("client", "A"),
                ("server", "B")
            ]),
            vec![("unknown grant `client-credential`".into(), 1000..1017)]
        );
        // Missing required attributes point at the tag; unused ones at
        // their value; unknown client-auth and bad URLs at their value.
        let found = problems(&[
            ("grant", "authorization-code"),
            ("client", "A"),
            ("server", "B"),
            ("token-url", "ftp://x/token"),
            ("audience", "x"),
            ("client-auth", "client_secret_basik"),
            ("authorize-url", "http://auth.example/authorize"),
        ]);
        assert_eq!(
            found,
            vec![
                ("the `authorization-code` grant needs `redirect-uri`".into(), 0..10),
                ("`token-url` must be an absolute `https://` URL".into(), 4000..4013),
                ("the `authorization-code` grant does not use `audience`".into(), 5000..5001),
                ("unknown client authentication `client_secret_basik`".into(), 6000..6019),
                (
                    "`authorize-url` is an `http://` URL: tokens and secrets would travel unencrypted"
                        .into(),
                    7000..7029
                ),
            ]
        );
        // http on the loopback is fine.
        let mut local = CC.to_vec();
        local[3] = ("token-url", "http://localhost:8080/token");
        assert!(problems(&local).is_empty());
        // Discouraged grants warn.
        let c = call(&[
            ("grant", "password"),
            ("client", "A"),
            ("server", "B"),
            ("token-url", "https://b.example/token"),
        ]);
        let (auth, found) = parse(&c);
        assert!(auth.is_some());
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
        assert!(found[0].message.contains("RFC 9700 §2.4"));
    }

    #[test]
    fn unused_attributes_name_the_grants_that_take_them() {
        let mut attrs = CC.to_vec();
        attrs.push(("pkce", "true"));
        let c = call(&attrs);
        let d = parse(&c).1.remove(0);
        assert_eq!(d.span, 6000..6004);
        assert_eq!(
            d.hint.as_deref(),
            Some("`pkce` is for `authorization-code`; remove it or change the grant")
        );
        assert_eq!(d.related[0].span, 1000..1018);
    }

    #[test]
    fn client_credentials_steps_and_curl() {
        let c = call(CC);
        let auth = parse(&c).0.unwrap();
        let flow = steps(&auth, &default_label);
        assert_eq!(flow.participants, vec!["Acme CRM", "Globex"]);
        let what: Vec<(usize, usize, &str, Option<&str>)> = flow
            .steps
            .iter()
            .map(|s| (s.from, s.to, s.what.as_str(), s.protocol.as_deref()))
            .collect();
        assert_eq!(
            what,
            vec![
                (
                    0,
                    1,
                    "request an access token",
                    Some(
                        "`POST /oauth/token`, `grant_type=client_credentials`, `client_secret_basic`"
                    )
                ),
                (1, 0, "the access token", Some("`access_token`")),
                (
                    0,
                    1,
                    "call the API with the access token",
                    Some("`Authorization: Bearer`")
                ),
                (1, 0, "the response", None),
            ]
        );
        assert_eq!(
            curl(&auth).unwrap(),
            "curl --globoff --include --request POST https://globex.example/oauth/token \\\n  --user \"$CLIENT_ID:$CLIENT_SECRET\" \\\n  --header 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode grant_type=client_credentials \\\n  --data-urlencode 'scope=a:read b:write'"
        );
    }

    #[test]
    fn authorization_code_with_pkce_and_refresh() {
        let c = call(&[
            ("grant", "authorization_code"),
            ("client", "App"),
            ("server", "IdP"),
            ("api", "API"),
            ("authorize-url", "https://idp.example/authorize"),
            ("token-url", "https://idp.example/token"),
            ("redirect-uri", "https://app.example/cb"),
            ("pkce", "true"),
            ("refresh", "true"),
        ]);
        let auth = parse(&c).0.unwrap();
        let flow = steps(&auth, &default_label);
        assert_eq!(flow.participants, vec!["User", "App", "IdP", "API"]);
        let what: Vec<&str> = flow.steps.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(
            what,
            vec![
                "create a code verifier and its challenge",
                "send the user to the authorization endpoint",
                "sign in and approve the access",
                "redirect back with an authorization code",
                "deliver the authorization code",
                "exchange the code for an access token",
                "the access token and a refresh token",
                "call the API with the access token",
                "the response",
                "refresh the access token",
                "a new access token",
            ]
        );
        assert_eq!(flow.steps[7].to, 3);
        let curl = curl(&auth).unwrap();
        assert!(curl.contains("code_verifier=$CODE_VERIFIER"), "{curl}");
        assert!(curl.contains("\"client_id=$CLIENT_ID\""), "{curl}");
        assert!(
            !curl.contains("CLIENT_SECRET"),
            "a public client has no secret: {curl}"
        );
    }

    #[test]
    fn private_key_jwt_signs_before_the_token_request_and_lists_the_claims() {
        let c = call(&[
            ("grant", "authorization-code"),
            ("client", "App"),
            ("server", "IdP"),
            ("authorize-url", "https://idp.example/authorize"),
            ("token-url", "https://idp.example/token"),
            ("redirect-uri", "https://app.example/cb"),
            ("client-auth", "private_key_jwt"),
        ]);
        let auth = parse(&c).0.unwrap();
        let flow = steps(&auth, &default_label);
        let i = flow
            .steps
            .iter()
            .position(|s| s.what == "exchange the code for an access token")
            .unwrap();
        let sign = &flow.steps[i - 1];
        assert_eq!(
            (sign.from, sign.to, sign.what.as_str()),
            (1, 1, "sign a client assertion (JWT) with its private key")
        );
        assert_eq!(
            sign.protocol.as_deref(),
            Some("`JWS`, `aud=https://idp.example/token`")
        );
        let request = flow.steps[i].protocol.as_deref().unwrap();
        assert!(
            request.ends_with("`client_assertion_type`, `client_assertion`"),
            "{request}"
        );
        let curl = curl(&auth).unwrap();
        assert!(
            curl.contains(
                "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            ) && curl.contains("\"client_assertion=$CLIENT_ASSERTION\""),
            "{curl}"
        );
        let claims: Vec<(&str, String)> = model::claims(&auth)
            .into_iter()
            .map(|(n, v)| match v {
                model::ClaimValue::Code(v) => (n, v),
                model::ClaimValue::Label(k) => (n, k.to_string()),
                model::ClaimValue::Fallback(v, k) => (n, format!("{v} {k}")),
            })
            .collect();
        let s = |v: &str| v.to_string();
        assert_eq!(
            claims,
            vec![
                ("iss", s("$CLIENT_ID")),
                ("sub", s("$CLIENT_ID")),
                ("aud", s("https://idp.example/token")),
                ("exp", s("auth-claim-exp-value")),
                ("iat", s("auth-claim-iat-value")),
                ("jti", s("auth-claim-jti-value")),
            ]
        );
        // Every claim's meaning is a label.
        for (name, _) in &claims {
            default_label(&format!("auth-claim-{name}"));
        }
        // A client with a secret sends no assertion: no claims, no signing.
        let c = call(CC);
        let auth = parse(&c).0.unwrap();
        assert!(model::claims(&auth).is_empty());
        let flow = steps(&auth, &default_label);
        assert!(flow.steps.iter().all(|s| s.from != s.to));
    }

    #[test]
    fn urls_are_shell_quoted_and_code_spans_hold_backticks() {
        let mut attrs = CC.to_vec();
        attrs[3] = ("token-url", "https://x.example/t?a=1&b='2'");
        let c = call(&attrs);
        let auth = parse(&c).0.unwrap();
        assert!(curl(&auth).unwrap().starts_with(
            "curl --globoff --include --request POST 'https://x.example/t?a=1&b=%272%27'"
        ));
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(path("https://h.example/a/b?c#d"), "/a/b");
        assert_eq!(path("https://h.example"), "/");
        assert_eq!(host("user@[::1]:80/x"), "::1");
    }
}
