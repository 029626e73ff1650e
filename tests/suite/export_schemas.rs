//! Any plan exports to a Postman collection and an Arazzo document that
//! validate against their published JSON Schemas (tests/data/export, see
//! SOURCE.md there): random exchanges with variables in every place,
//! captures, documented bodies of any JSON shape, `ignore`d pointers,
//! requests with and without a spec operation.

use std::sync::LazyLock;

use mdbook_integration_guide::export::{self, Format, Guide, OperationRef, SpecRef};
use mdbook_integration_guide::http::{
    Body, Capture, Credentials, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request,
    SourceRef, Url,
};
use proptest::prelude::*;
use serde_json::Value;

fn schema(file: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export")
        .join(file);
    let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&value).expect("the published schema compiles")
}

static POSTMAN: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| schema("postman-collection-v2.1.0-draft-07.json"));
static ARAZZO: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| schema("arazzo-1.0-schema-2024-08-01.json"));

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A value with text and variables: `x$NAME/y`, `${NAME}`, odd text.
fn templated() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ._~:/?#&=+'\"\\\\{}-]{0,8}",
            "[A-Z][A-Z0-9_]{0,5}".prop_map(|n| format!("${n}")),
            "[A-Z][A-Z0-9_]{0,5}".prop_map(|n| format!("${{{n}}}")),
        ],
        0..4,
    )
    .prop_map(|p| p.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        "[ -~é\"\\\\]{0,8}".prop_map(Value::from),
        "[a-z]{0,4}".prop_map(|s| Value::from(format!("{s}..."))),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-z/~ ]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

prop_compose! {
    fn exchange()(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
        origin in prop_oneof![Just("https://api.example".to_string()), Just("$BASE".to_string())],
        segs in prop::collection::vec(templated(), 0..3),
        query in prop::collection::vec(("[a-z]{1,4}", templated()), 0..2),
        headers in prop::collection::vec(("[A-Za-z-]{1,8}", templated()), 0..3),
        body in prop::option::of(prop_oneof![
            json_value().prop_map(|v| (v.to_string(), "application/json")),
            "[ -~\n]{0,20}".prop_map(|t| (t, "application/x-www-form-urlencoded")),
        ]),
        status in prop::option::of(100u16..600),
        documented in prop::option::of(json_value()),
        ignore in prop::collection::vec("(/[a-z]{1,3}){1,2}", 0..2),
        captures in prop::collection::vec(("[A-Z]{1,4}", "(/[a-z0-9]{1,3}){1,2}"), 0..2),
        operation in prop::option::of(prop::sample::select(vec!["createThing", "GET /things/{id}"])),
        token in any::<bool>(),
        credentials in prop::option::of((templated(), templated()).prop_map(|(user, password)| Credentials::Basic { user, password })),
        form in prop::collection::vec(("[a-z_]{1,6}", templated()), 0..3),
        line in 1usize..500,
        chapter in prop::sample::select(vec!["a.md", "b/c.md"]),
    ) -> Exchange {
        Exchange {
            kind: if token {
                ExchangeKind::TokenRequest { grant: "client-credentials".into(), audience: None }
            } else {
                ExchangeKind::ApiExample
            },
            request: Request {
                method: method.into(),
                url: Url {
                    origin,
                    path: segs.iter().map(|s| format!("/{s}")).collect(),
                    query: query.into_iter().map(|(name, value)| QueryParam { name, value }).collect(),
                },
                headers: headers.into_iter().map(|(name, value)| Header { name, value }).collect(),
                body: if form.is_empty() {
                    body.map(|(text, m)| Body::exact(text, Some(m.into())))
                } else {
                    Some(Body::form(form.into_iter().map(|(name, value)| QueryParam { name, value }).collect()))
                },
                credentials,
            },
            expect: Expectation {
                status,
                body: documented.map(|v| Body::exact(v.to_string(), Some("application/json".into()))),
                ignore,
                invalid: false,
                operation: operation.map(|o| ("things".to_string(), o.to_string())),
            },
            captures: captures.into_iter().map(|(variable, pointer)| Capture { variable, pointer }).collect(),
            source: SourceRef { chapter: chapter.into(), line, column: 1, ..Default::default() },
        }
    }
}

fn operation(e: &Exchange) -> Option<OperationRef> {
    let (spec, op) = e.expect.operation.clone()?;
    Some(match op.as_str() {
        "createThing" => OperationRef {
            spec,
            id: Some(op),
            method: "POST".into(),
            path: "/things".into(),
            base_path: String::new(),
        },
        _ => OperationRef {
            spec,
            id: None,
            method: "GET".into(),
            path: "/things/{id}".into(),
            base_path: String::new(),
        },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_exports_to_a_valid_collection_and_arazzo_document(
        exchanges in prop::collection::vec(exchange(), 1..6),
        title in "[ -~é]{1,20}",
        id in "[a-z0-9 -]{0,10}",
    ) {
        let guide = Guide {
            id,
            title,
            environment: "sandbox".into(),
            exchanges: &exchanges,
            chapter_titles: vec![("a.md".into(), "Chapter A".into())],
            specs: vec![SpecRef { name: "things".into(), url: "../specs/things.yaml".into() }],
            operation: &operation,
        };
        let postman: Value = serde_json::from_str(&export::export(Format::Postman, &guide, "g").text).unwrap();
        let found = errors(&POSTMAN, &postman);
        prop_assert!(found.is_empty(), "{found:#?}\n{postman:#}");
        let arazzo = export::export(Format::Arazzo, &guide, "g");
        let doc: Value = serde_json::from_str(&arazzo.text).unwrap();
        let found = errors(&ARAZZO, &doc);
        prop_assert!(found.is_empty(), "{found:#?}\n{doc:#}");
        for (_, text) in &arazzo.companions {
            let generated: Value = serde_json::from_str(text).unwrap();
            prop_assert_eq!(&generated["openapi"], "3.1.0");
        }
    }
}

/// The schemas are not vacuous: a collection without `info` and an Arazzo
/// document without steps are rejected.
#[test]
fn the_schemas_reject_broken_documents() {
    assert!(!errors(&POSTMAN, &serde_json::json!({"item": []})).is_empty());
    let arazzo = serde_json::json!({
        "arazzo": "1.0.1",
        "info": {"title": "t", "version": "1"},
        "sourceDescriptions": [{"name": "a", "url": "a.yaml"}],
        "workflows": [{"workflowId": "w", "steps": []}],
    });
    assert!(!errors(&ARAZZO, &arazzo).is_empty());
}
