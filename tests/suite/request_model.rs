//! The request model (issue 24): the exchanges a book publishes, in
//! reading order; what `api-example` and `auth-flow` put in them; the
//! errors of `capture`, `ignore`, `clients` and ```` ```json,env ````.

use crate::support::{chapter, errors, settings};
use mdbook_integration_guide::engine;
use mdbook_integration_guide::http::{
    self, Body, Capture, Credentials, Exchange, ExchangeKind, Header, QueryParam, Url,
};
use mdbook_integration_guide::shortcodes;
use serde_json::json;

fn exchanges_of(
    chapters: &mut [mdbook_integration_guide::book::Chapter],
    config: serde_json::Value,
) -> Vec<Exchange> {
    let report = engine::process(chapters, &settings(config), &shortcodes::registry(), "html");
    assert!(!report.failed, "{:#?}", report.diagnostics);
    report.exchanges()
}

const SETUP: &str = "# Setup\n\nText.\n\n<<#auth-flow grant=\"client-credentials\" client=\"A\" server=\"B\" token-url=\"https://auth.example/oauth/token\" scopes=\"a:read b:write\" token-var=\"B_TOKEN\">>\n";

const VALIDATION: &str = "# Validation\r\n\r\n<<#api-example url=\"${BASE}/v1/customers/ACME Corp%2FEU?city=new york%26x%3D1\" status=200 auth=\"Bearer $B_TOKEN\">>\r\n\r\n<<#api-example method=\"POST\" url=\"https://api.example/v1/entries\" status=201 headers=\"Idempotency-Key: k-1\" capture=\"ENTRY_ID=/id, ENTRY_STATE=/state\" ignore=\"/id,/created_at\">>\r\n```json\r\n{\"text\": \"$HOME\"}\r\n```\r\n\r\n```json\r\n{\"id\": \"e-1\", \"state\": \"new\"}\r\n```\r\n<</api-example>>\r\n";

#[test]
fn a_two_chapter_book_publishes_its_exchanges_in_reading_order() {
    let mut chapters = vec![
        chapter("setup.md", SETUP),
        chapter("guide/validation.md", VALIDATION),
    ];
    let found = exchanges_of(&mut chapters, json!({}));
    let summary: Vec<(String, usize, usize, usize, String, String)> = found
        .iter()
        .map(|e| {
            (
                e.source.chapter.clone(),
                e.source.chapter_index,
                e.source.line,
                e.source.column,
                e.request.method.clone(),
                e.request.url.full(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "setup.md".into(),
                0,
                5,
                1,
                "POST".into(),
                "https://auth.example/oauth/token".into()
            ),
            (
                "guide/validation.md".into(),
                1,
                3,
                1,
                "GET".into(),
                "${BASE}/v1/customers/ACME%20Corp%2FEU?city=new%20york%26x%3D1".into()
            ),
            (
                "guide/validation.md".into(),
                1,
                5,
                1,
                "POST".into(),
                "https://api.example/v1/entries".into()
            ),
        ]
    );
    // Each span is its tag in the chapter as written.
    assert!(VALIDATION[found[2].source.span.clone()].starts_with("<<#api-example method=\"POST\""));

    // The token request: a form, Basic credentials from variables, the
    // token captured in token-var.
    let token = &found[0];
    assert_eq!(
        token.kind,
        ExchangeKind::TokenRequest {
            grant: "client-credentials".into(),
            audience: None,
        }
    );
    let field = |n: &str, v: &str| QueryParam {
        name: n.into(),
        value: v.into(),
    };
    assert_eq!(
        token.request.body,
        Some(Body {
            text: "grant_type=client_credentials&scope=a%3Aread%20b%3Awrite".into(),
            media_type: Some("application/x-www-form-urlencoded".into()),
            form: vec![
                field("grant_type", "client_credentials"),
                field("scope", "a:read b:write")
            ],
        })
    );
    assert_eq!(
        token.request.credentials,
        Some(Credentials::Basic {
            user: "$CLIENT_ID".into(),
            password: "$CLIENT_SECRET".into()
        })
    );
    assert_eq!(
        token.captures,
        vec![Capture {
            variable: "B_TOKEN".into(),
            pointer: "/access_token".into()
        }]
    );
    assert_eq!(token.expect.status, Some(200));
    assert_eq!(
        token.request.variables(),
        vec!["CLIENT_ID", "CLIENT_SECRET"]
    );

    // The GET: encoded once, the query decoded in the model.
    let get = &found[1];
    assert_eq!(
        get.request.url,
        Url {
            origin: "${BASE}".into(),
            path: "/v1/customers/ACME%20Corp%2FEU".into(),
            query: vec![field("city", "new york&x=1")],
        }
    );
    assert_eq!(get.request.url.decoded_path(), "/v1/customers/ACME Corp/EU");
    assert_eq!(
        get.request.headers,
        vec![Header {
            name: "Authorization".into(),
            value: "Bearer $B_TOKEN".into()
        }]
    );
    assert_eq!(get.request.variables(), vec!["BASE", "B_TOKEN"]);

    // The POST: the body's bytes (no final line break; CRLF chapter, LF
    // block), JSON, the captures and ignored pointers.
    let post = &found[2];
    assert_eq!(post.kind, ExchangeKind::ApiExample);
    let body = post.request.body.as_ref().unwrap();
    assert_eq!(body.text, "{\"text\": \"$HOME\"}");
    assert_eq!(body.media_type.as_deref(), Some("application/json"));
    assert_eq!(
        post.expect.body.as_ref().map(|b| b.text.as_str()),
        Some("{\"id\": \"e-1\", \"state\": \"new\"}")
    );
    assert_eq!(post.expect.status, Some(201));
    assert_eq!(post.expect.ignore, vec!["/id", "/created_at"]);
    assert_eq!(
        post.captures
            .iter()
            .map(|c| (c.variable.as_str(), c.pointer.as_str()))
            .collect::<Vec<_>>(),
        vec![("ENTRY_ID", "/id"), ("ENTRY_STATE", "/state")]
    );
    assert_eq!(post.request.variables(), Vec::<String>::new());
}

#[test]
fn a_book_without_requests_has_no_exchanges() {
    let mut chapters = vec![chapter("a.md", "# A\n\n<<#toc>>\n")];
    assert!(exchanges_of(&mut chapters, json!({})).is_empty());
}

#[test]
fn a_broken_example_publishes_nothing() {
    let mut chapters = vec![chapter(
        "a.md",
        "<<#api-example method=\"POST\" url=\"https://a.example/x\">>\n```json\n{\"a\": 1,}\n```\n<</api-example>>\n\n<<#api-example url=\"https://a.example/y\">>\n",
    )];
    let config = json!({"preprocessor": {"integration-guide": {"on-error": "warn"}}});
    let report = engine::process(
        &mut chapters,
        &settings(config),
        &shortcodes::registry(),
        "html",
    );
    let urls: Vec<String> = report
        .exchanges()
        .iter()
        .map(|e| e.request.url.full())
        .collect();
    assert_eq!(urls, vec!["https://a.example/y"]);
}

#[test]
fn a_json_env_payload_is_checked_as_json_and_stays_json() {
    let config = json!({"preprocessor": {"integration-guide": {"environments": {
        "default": "sandbox", "sandbox": {"tenant": "t-1"}
    }}}});
    let text = "<<#api-example method=\"POST\" url=\"https://a.example/x\">>\n```json,env\n{\"tenant\": \"{env:tenant}\",}\n```\n<</api-example>>\n";
    let mut chapters = vec![chapter("a.md", text)];
    let report = engine::process(
        &mut chapters,
        &settings(config.clone()),
        &shortcodes::registry(),
        "html",
    );
    let messages: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.diagnostic.message))
        .collect();
    assert_eq!(
        messages,
        vec!["3:27: the request payload is not valid JSON: trailing comma"]
    );
    let good = text.replace(",}", "}");
    let mut chapters = vec![chapter("a.md", &good)];
    let found = exchanges_of(&mut chapters, config);
    let body = found[0].request.body.as_ref().unwrap();
    assert_eq!(body.text, "{\"tenant\": \"t-1\"}");
    assert_eq!(body.media_type.as_deref(), Some("application/json"));
    assert!(
        chapters[0]
            .content
            .contains("--header 'Content-Type: application/json'")
    );
}

#[test]
fn an_unknown_client_is_an_error_with_a_did_you_mean() {
    assert_eq!(
        errors("<<#api-example url=\"https://a.example/x\" clients=\"curl, pyhton\">>\n"),
        vec![
            "src/chapter.md:1:51: error: `pyhton` is not a valid value for `clients` (did you mean `python`?) [`clients` takes a list of `curl`, `http`, `python`, `javascript`, `httpie`]"
        ]
    );
    let config = json!({"preprocessor": {"integration-guide": {"api-example": {"clients": ["curl", "javscript"]}}}});
    let err = mdbook_integration_guide::settings::Settings::from_config(&config).unwrap_err();
    assert_eq!(
        err,
        "book.toml: [preprocessor.integration-guide.api-example]: `clients` has an unknown value \"javscript\" (did you mean \"javascript\"?); it must be a list of \"curl\", \"http\", \"python\", \"javascript\", \"httpie\""
    );
    let config = json!({"preprocessor": {"integration-guide": {"api-example": {"clients": ["python", "http"]}}}});
    let s = settings(config);
    assert_eq!(
        s.api_example.clients,
        vec![http::Client::Python, http::Client::Http]
    );
}

#[test]
fn capture_ignore_and_token_var_errors_are_located() {
    let found = errors(
        "<<#api-example url=\"https://a.example/x\" capture=\"ID=id\" ignore=\"x\">>\n\n<<#auth-flow grant=\"client-credentials\" client=\"A\" server=\"B\" token-url=\"https://a.example/t\" token-var=\"token\">>\n",
    );
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:51: error: `id` is not a JSON Pointer into the response [a JSON Pointer (RFC 6901) starts with `/`: `ID=/id`]",
            "src/chapter.md:1:66: error: `x` is not a JSON Pointer [a JSON Pointer (RFC 6901) starts with `/`: `/x`; `~` is written `~0`, `/` in a key `~1`]",
            "src/chapter.md:3:106: error: `token` is not a variable name [a variable name is upper case letters, digits and `_`, not starting with a digit (`ACCESS_TOKEN`)]",
        ]
    );
}

#[test]
fn an_api_key_header_must_be_a_header_name() {
    assert_eq!(
        errors(
            "<<#auth-flow grant=\"api-key\" client=\"A\" server=\"B\" header=\"X-Key $(rm)\">>\n"
        ),
        vec![
            "src/chapter.md:1:60: error: `X-Key $(rm)` is not a header name [a header name is letters, digits and `-` (RFC 9110 §5.1), e.g. `X-API-Key`]"
        ]
    );
}
