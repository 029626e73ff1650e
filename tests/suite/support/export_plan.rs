//! A guide's plan built by hand (the exchanges `api-example` and
//! `auth-flow` build), for the export tests: a client-credentials token
//! request, an invoice created with that token (its id captured), the
//! invoice read back by that id, and a rejected request. Every form of
//! variable, capture, check and `ignore` appears once.

use mdbook_integration_guide::export::{Guide, OperationRef, SpecRef};
use mdbook_integration_guide::http::{
    Body, Capture, Credentials, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request,
    SourceRef, Url,
};

fn source(chapter: &str, index: usize, line: usize) -> SourceRef {
    SourceRef {
        chapter: chapter.into(),
        chapter_index: index,
        span: 0..0,
        line,
        column: 1,
    }
}

fn header(name: &str, value: &str) -> Header {
    Header {
        name: name.into(),
        value: value.into(),
    }
}

fn json(text: &str) -> Option<Body> {
    Some(Body::exact(text, Some("application/json".into())))
}

fn field(name: &str, value: &str) -> QueryParam {
    QueryParam {
        name: name.into(),
        value: value.into(),
    }
}

/// The four exchanges, against `origin` (`http://127.0.0.1:PORT`).
pub fn exchanges(origin: &str) -> Vec<Exchange> {
    let url = |path: &str, query: Vec<QueryParam>| Url {
        origin: origin.into(),
        path: path.into(),
        query,
    };
    vec![
        Exchange {
            kind: ExchangeKind::TokenRequest {
                grant: "client-credentials".into(),
                audience: None,
            },
            request: Request {
                method: "POST".into(),
                url: url("/oauth/token", vec![]),
                headers: vec![],
                body: Some(Body::form(vec![
                    field("grant_type", "client_credentials"),
                    field("scope", "invoices:write"),
                ])),
                credentials: Some(Credentials::Basic {
                    user: "$CLIENT_ID".into(),
                    password: "$CLIENT_SECRET".into(),
                }),
            },
            expect: Expectation {
                status: Some(200),
                body: json(
                    r#"{"access_token": "tok-...", "token_type": "Bearer", "expires_in": 3600}"#,
                ),
                ..Default::default()
            },
            captures: vec![Capture {
                variable: "ACCESS_TOKEN".into(),
                pointer: "/access_token".into(),
            }],
            source: source("authentication.md", 1, 12),
        },
        Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "POST".into(),
                url: url("/v2/invoices", vec![]),
                headers: vec![
                    header("Authorization", "Bearer $ACCESS_TOKEN"),
                    header("Idempotency-Key", "test-deal-0001"),
                ],
                body: json(
                    "{\n  \"customer\": {\"external_id\": \"acme-0042\"},\n  \"currency\": \"EUR\",\n  \"note\": \"$HOME is not a variable\"\n}",
                ),
                credentials: None,
            },
            expect: Expectation {
                status: Some(201),
                body: json(
                    r#"{"id": "inv_1", "status": "draft", "customer": {"external_id": "acme-0042"}, "created_at": "2026-..."}"#,
                ),
                ignore: vec!["/id".into()],
                operation: Some(("globex".into(), "createInvoice".into())),
                ..Default::default()
            },
            captures: vec![Capture {
                variable: "INVOICE_ID".into(),
                pointer: "/id".into(),
            }],
            source: source("validation.md", 2, 20),
        },
        Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "GET".into(),
                url: url(
                    "/v2/invoices/$INVOICE_ID",
                    vec![QueryParam {
                        name: "expand".into(),
                        value: "lines".into(),
                    }],
                ),
                headers: vec![header("Authorization", "Bearer ${ACCESS_TOKEN}")],
                body: None,
                credentials: None,
            },
            expect: Expectation {
                status: Some(200),
                body: json(
                    r#"{"id": "inv_1", "status": "draft", "lines": [{"amount": 100, "text": "Plan A"}]}"#,
                ),
                ignore: vec!["/id".into()],
                operation: Some(("globex".into(), "GET /invoices/{number}".into())),
                ..Default::default()
            },
            captures: vec![],
            source: source("validation.md", 2, 40),
        },
        Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "POST".into(),
                url: url("/v2/invoices", vec![]),
                headers: vec![
                    header("Authorization", "Bearer $ACCESS_TOKEN"),
                    header("Idempotency-Key", "test-deal-0002"),
                ],
                body: json(
                    r#"{"customer": {"external_id": "acme-0042"}, "currency": "CHF", "lines": []}"#,
                ),
                credentials: None,
            },
            expect: Expectation {
                status: Some(400),
                body: json(r#"{"error": "invalid_request"}"#),
                invalid: true,
                operation: Some(("globex".into(), "createInvoice".into())),
                ..Default::default()
            },
            captures: vec![],
            source: source("validation.md", 2, 60),
        },
    ]
}

/// The operations of `tests/data/export/globex.yaml` (servers `.../v2`).
pub fn operation(e: &Exchange) -> Option<OperationRef> {
    let (spec, op) = e.expect.operation.clone()?;
    let (id, method, path) = match op.as_str() {
        "createInvoice" => (Some(op.clone()), "POST", "/invoices"),
        "GET /invoices/{number}" => (None, "GET", "/invoices/{number}"),
        _ => return None,
    };
    Some(OperationRef {
        spec,
        id,
        method: method.into(),
        path: path.into(),
        base_path: "/v2".into(),
    })
}

/// The guide over `exchanges`, the spec at `spec_url` (relative to the
/// exported file).
pub fn guide<'a>(exchanges: &'a [Exchange], spec_url: &str) -> Guide<'a> {
    Guide {
        id: "acme-to-globex".into(),
        title: "Acme CRM to Globex Billing".into(),
        environment: "local".into(),
        exchanges,
        chapter_titles: vec![
            ("authentication.md".into(), "Authentication".into()),
            ("validation.md".into(), "Validation".into()),
        ],
        specs: vec![SpecRef {
            name: "globex".into(),
            url: spec_url.into(),
        }],
        operation: &operation,
    }
}
