//! OpenAPI specs as the source of API facts (issue 17): every error class
//! of `api-example` and `status-codes` with `spec=` at its exact place,
//! violations of JSON examples at the offending value (in the chapter, or
//! in the spec), `openapi-drift` (hand-written examples matched by method
//! and URL), hostile and broken spec files, `{env:...}` in the
//! attributes; and a drifting example failing the real mdBook's build and
//! `check` at its exact place.

use std::path::{Path, PathBuf};

use crate::support::{self, chapter, settings};

/// The golden case's book root: `specs/globex-billing.yaml` (3.1, with
/// `$ref`s into `specs/schemas/invoice.yaml`) and `schemas/note.json`.
fn globex_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/api-example-spec")
}

/// Expands one chapter with the spec `globex` (and `extra` specs) declared
/// and the book root at `root`; the diagnostics, errors and warnings, as
/// `file:line:col: severity: message [hint]`, and whether it failed.
fn run_in(root: &Path, extra: serde_json::Value, text: &str) -> (bool, Vec<String>) {
    let mut config = serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"globex": "specs/globex-billing.yaml"},
        "environments": {"default": "sandbox", "sandbox": {"title": "Sandbox", "base-url": "https://sandbox.globex.example/v2"}},
    }}});
    if let serde_json::Value::Object(more) = extra {
        for (k, v) in more {
            config["preprocessor"]["integration-guide"]["openapi"][k] = v;
        }
    }
    let mut settings = settings(config);
    settings.root = Some(root.to_path_buf());
    let mut chapters = vec![chapter("chapter.md", text)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    let lines = report
        .diagnostics
        .iter()
        .map(crate::support::full_line)
        .collect();
    (report.failed, lines)
}

fn run(text: &str) -> (bool, Vec<String>) {
    run_in(&globex_root(), serde_json::json!({}), text)
}

#[test]
fn every_lookup_error_is_located_with_did_you_mean() {
    let text = "\
<<#api-example spec=\"globx\" operation=\"createInvoice\">>
<<#api-example spec=\"globex\" operation=\"createInvoce\">>
<<#api-example spec=\"globex\" method=GET path=\"/invoice/{number}\">>
<<#api-example spec=\"globex\" method=DELETE path=\"/customers\">>
<<#api-example spec=\"globex\" operation=\"createInvoice\" example=\"twolines\">>
<<#api-example spec=\"globex\" operation=\"createInvoice\" status=404>>
<<#api-example spec=\"globex\" operation=\"getInvoice\" server=3>>
<<#api-example operation=\"getInvoice\">>
<<#api-example spec=\"globex\">>
<<#status-codes spec=\"globex\" operation=\"listCustomer\">>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:22: error: unknown spec `globx` [did you mean `globex`?]",
            "src/chapter.md:2:41: error: spec `globex` has no operation `createInvoce` [did you mean `createInvoice`?]",
            "src/chapter.md:3:47: error: spec `globex` has no path `/invoice/{number}` [did you mean `/invoices/{number}`?]",
            "src/chapter.md:4:37: error: spec `globex` has no DELETE `/customers` [its methods for this path: GET]",
            "src/chapter.md:5:65: error: `createInvoice` (POST /invoices) of spec `globex` has no request example `twolines` [did you mean `two-lines`?]",
            "src/chapter.md:6:63: error: `createInvoice` (POST /invoices) of spec `globex` documents no status 404 [the operation documents 201, 400, 401, 409]",
            "src/chapter.md:7:60: error: `getInvoice` (GET /invoices/{number}) of spec `globex` has 2 servers, so there is no server 3 [use server=1 to 2]",
            "src/chapter.md:8:27: error: `operation=` needs `spec=NAME` (declared specs: `globex`) [name the spec it is in, e.g. spec=\"globex\"]",
            "src/chapter.md:9:22: error: `spec` needs `operation` or `path` to name an operation of `globex` [add operation=\"operationId\", or method=... path=\"/...\"]",
            "src/chapter.md:10:42: error: spec `globex` has no operation `listCustomer` [did you mean `listCustomers`?]",
        ]
    );
}

#[test]
fn violations_are_located_at_the_value_with_path_and_expectation() {
    // A request whose amount is a string and whose field is renamed; a
    // response that breaks the pattern; a flagged `invalid` payload that
    // passes.
    let text = "\
# Validation

<<#api-example spec=\"globex\" operation=\"createInvoice\">>
```json
{
  \"customer\": {\"external_id\": \"acme-0042\"},
  \"currency\": \"EUR\",
  \"lines\": [
    {\"description\": \"Workshop\", \"quantity\": 1, \"unit_price\": \"12.00\"}
  ],
  \"referense\": \"x\"
}
```

```json response
{\"number\": \"2024-1\", \"status\": \"draft\"}
```
<</api-example>>

<<#api-example spec=\"globex\" operation=\"createInvoice\" example=\"two-lines\" invalid>>
<<#api-example method=POST url=\"https://sandbox.globex.example/v2/x\" schema=\"schemas/note.json\" response-schema=\"schemas/note.json\" status=201>>
```json
{\"text\": 5}
```
```json
{}
```
<</api-example>>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:9:62: error[openapi-drift]: the request payload does not match `createInvoice` (POST /invoices) of spec `globex`: $.lines[0].unit_price: \"12.00\" is not of type \"number\" [fix the example, or the spec if the API changed]",
            "src/chapter.md:11:4: error[openapi-drift]: the request payload does not match `createInvoice` (POST /invoices) of spec `globex`: $.referense: property \"referense\" is not allowed (did you mean \"reference\"?) [fix the example, or the spec if the API changed]",
            "src/chapter.md:16:12: error[openapi-drift]: the expected response does not match status 201 of `createInvoice` (POST /invoices) of spec `globex`: $.number: \"2024-1\" does not match \"^INV-\\d{4}-\\d{4}$\" [fix the example, or the spec if the API changed]",
            "src/chapter.md:20:76: error: the request payload is flagged `invalid`, but it matches `createInvoice` (POST /invoices) of spec `globex` [make it break the rule the example is about, or remove `invalid`]",
            "src/chapter.md:23:10: error: the request payload does not match `schemas/note.json`: $.text: 5 is not of type \"string\" [fix the example, or the schema file if it is wrong]",
            "src/chapter.md:26:1: error: the expected response does not match `schemas/note.json`: $: required property \"text\" is missing [fix the example, or the schema file if it is wrong]",
        ]
    );
}

/// Writes a book root with `specs/s.yaml` = `spec`.
fn root_with(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    std::fs::write(dir.path().join("specs/s.yaml"), spec).unwrap();
    dir
}

fn with_spec(spec: &str, text: &str) -> Vec<String> {
    let dir = root_with(spec);
    run_in(dir.path(), serde_json::json!({"s": "specs/s.yaml"}), text).1
}

#[test]
fn an_example_from_the_spec_that_breaks_its_schema_is_reported_in_the_spec() {
    let spec = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string}
                due: {type: string, nullable: true}
            example:
              text: 7
              due: null
      responses:
        '201': {description: Created.}
";
    // Once, at the value in the spec, however many shortcodes show it.
    let dir = root_with(spec);
    let two = "<<#api-example spec=\"s\" operation=\"addNote\">>\n\n<<#api-example spec=\"s\" operation=\"addNote\">>\n";
    assert_eq!(
        run_in(dir.path(), serde_json::json!({"s": "specs/s.yaml"}), two).1,
        vec![
            "specs/s.yaml:16:21: error[openapi-drift]: this request example does not match `addNote` (POST /notes) of spec `s`: $.text: 7 is not of type \"string\" [fix the example or the schema in the spec (or write a correct payload in the api-example's body)]",
        ]
    );
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![chapter("chapter.md", two)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    let related: Vec<String> = report.diagnostics[0]
        .related
        .iter()
        .map(|r| format!("{}:{}:{}: {}", r.file, r.line, r.column, r.message))
        .collect();
    assert_eq!(
        related,
        [
            "src/chapter.md:1:36: an `api-example` shows this example",
            "src/chapter.md:3:36: an `api-example` shows this example"
        ]
    );
}

#[test]
fn broken_and_hostile_specs_are_refused_at_their_place() {
    let use_it = "<<#api-example spec=\"s\" operation=\"x\">>\n";
    let first = |spec: &str| with_spec(spec, use_it).remove(0);
    assert_eq!(
        first("openapi: 3.1.0\npaths:\n  /a: {get: {operationId: x}\n"),
        "specs/s.yaml:4:1: error[openapi-spec]: not valid YAML or JSON: while parsing a flow mapping, did not find expected ',' or '}' [fix the spec `s`: until it can be read, no shortcode can use it and no hand-written `api-example` is checked against it]"
    );
    assert_eq!(
        first("swagger: '2.0'\npaths: {}\n"),
        "specs/s.yaml:1:10: error[openapi-spec]: this is a Swagger 2.0 document, which is not supported; convert it to OpenAPI 3 (e.g. `npx swagger2openapi specs/s.yaml -o spec.yaml`, or the Swagger Editor's \"Convert to OpenAPI 3\") [fix the spec `s`: until it can be read, no shortcode can use it and no hand-written `api-example` is checked against it]"
    );
    assert!(
        first("openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: 'https://schemas.example/a.json'}\n")
            .starts_with("specs/s.yaml:4:15: error[openapi-spec]: the remote `$ref` \"https://schemas.example/a.json\" is not fetched: builds never touch the network")
    );
    // Issue 23 item 16: any scheme is remote, not a file `specs/ftp:/...`.
    assert!(
        first("openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: 'ftp://files.example/a.json'}\n")
            .starts_with("specs/s.yaml:4:15: error[openapi-spec]: the remote `$ref` \"ftp://files.example/a.json\" is not fetched: builds never touch the network")
    );
    // A billion laughs: refused at the alias that crosses the budget.
    let mut bomb =
        String::from("openapi: 3.1.0\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10u8 {
        let (prev, name) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let e = first(&bomb);
    assert!(e.starts_with("specs/s.yaml:7:"), "{e}");
    assert!(e.contains("a YAML alias bomb"), "{e}");
    let deep = format!("openapi: 3.1.0\nx: {}\n", "[".repeat(10_000));
    let e = first(&deep);
    assert!(e.starts_with("specs/s.yaml:2:"), "{e}");
    assert!(e.contains("nested deeper than 128 levels"), "{e}");
}

#[test]
fn hand_written_examples_drift_from_the_spec() {
    // Matched by method and URL (the server's base path `/v2`, the template
    // `/invoices/{number}`), with `{env:base-url}` substituted first.
    let text = "\
<<#api-example method=POST url=\"{env:base-url}/invoices\" status=202>>
```json
{\"customer\": {\"external_id\": \"a\"}, \"currency\": \"EUR\", \"lines\": [{\"description\": \"A\", \"quantity\": 1, \"price\": 5}]}
```
<</api-example>>
<<#api-example url=\"https://sandbox.globex.example/v2/invoices?status=draft\" status=200>>
<<#api-example url=\"$GLOBEX/invoices/INV-2024-0001\" status=200>>
```json
{\"number\": \"INV-2024-0001\", \"state\": \"draft\"}
```
<</api-example>>
<<#status-codes spec=\"globex\" operation=\"getInvoice\">>
418 I'm a teapot: never.
<</status-codes>>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:65: error[openapi-drift]: status 202 is not documented for `createInvoice` (POST /invoices) of spec `globex` [the spec documents 201, 400, 401, 409; fix the status, or the spec if the API changed]",
            "src/chapter.md:3:65: error[openapi-drift]: the request payload does not match `createInvoice` (POST /invoices) of spec `globex`: $.lines[0]: required property \"unit_price\" is missing [fix the example, or the spec if the API changed]",
            "src/chapter.md:6:21: warning[openapi-drift]: `listInvoices` (GET /invoices) of spec `globex` is deprecated [use the operation that replaces it (see the spec)]",
            "src/chapter.md:9:1: error[openapi-drift]: the expected response does not match status 200 of `getInvoice` (GET /invoices/{number}) of spec `globex`: $: required property \"status\" is missing [fix the example, or the spec if the API changed]",
            "src/chapter.md:13:1: warning[openapi-drift]: `getInvoice` (GET /invoices/{number}) of spec `globex` documents no status 418 [add the response to the spec, or remove the line if the API never sends it]",
        ]
    );
}

#[test]
fn the_build_honours_the_openapi_drift_level_of_the_check_table() {
    // A hand-written example with a status the spec lacks, and a spec
    // example that breaks its schema: both `openapi-drift`.
    let spec = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {text: {type: string}}}
            example: {text: 7}
      responses:
        '201': {description: Created.}
";
    let dir = root_with(spec);
    let text = "<<#api-example method=POST url=\"https://x.example/notes\" status=202>>\n<<#api-example spec=\"s\" operation=\"addNote\">>\n";
    let run = |level: Option<&str>| {
        let mut config = serde_json::json!({"preprocessor": {"integration-guide": {
            "openapi": {"s": "specs/s.yaml"}}}});
        if let Some(level) = level {
            config["preprocessor"]["integration-guide"]["check"] =
                serde_json::json!({"openapi-drift": level});
        }
        let mut settings = settings(config);
        settings.root = Some(dir.path().to_path_buf());
        let mut chapters = vec![chapter("chapter.md", text)];
        let registry = mdbook_integration_guide::shortcodes::registry();
        let report =
            mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
        let found: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}: {}",
                    d.file, d.line, d.column, d.diagnostic.severity
                )
            })
            .collect();
        (report.failed, found)
    };
    let both = |severity: &str| {
        vec![
            format!("specs/s.yaml:11:29: {severity}"),
            format!("src/chapter.md:1:65: {severity}"),
        ]
    };
    assert_eq!(run(None), (true, both("error")));
    assert_eq!(run(Some("error")), (true, both("error")));
    assert_eq!(run(Some("warning")), (false, both("warning")));
    assert_eq!(run(Some("off")), (false, vec![]));
}

#[test]
fn a_schema_that_does_not_compile_is_reported_once_at_its_keyword() {
    let dir = root_with("openapi: 3.1.0\npaths: {}\n");
    std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("schemas/bad.json"),
        "{\n  \"type\": \"object\",\n  \"properties\": {\"n\": {\"type\": \"strin\"}}\n}\n",
    )
    .unwrap();
    let tag = "<<#api-example method=POST url=\"https://x.example/a\" schema=\"schemas/bad.json\">>\n```json\n{\"n\": 1}\n```\n<</api-example>>\n";
    let (failed, found) = run_in(
        dir.path(),
        serde_json::json!({"s": "specs/s.yaml"}),
        &format!("{tag}\n{tag}"),
    );
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "schemas/bad.json:3:25: error[openapi-spec]: `type` is \"strin\", which is not a JSON Schema type (array, boolean, integer, null, number, object, string) [fix the schema in the schema file: no example is checked against it until it compiles]"
        ]
    );
}

#[test]
fn a_method_the_path_lacks_and_a_response_without_status_are_drift() {
    let text = "\
<<#api-example method=PATCH url=\"https://sandbox.globex.example/v2/invoices/INV-2024-0001\">>
<<#api-example url=\"$GLOBEX/invoices/INV-2024-0001\">>
```json
{\"number\": \"INV-2024-0001\", \"state\": \"draft\"}
```
<</api-example>>
";
    let (failed, found) = run(text);
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "src/chapter.md:1:23: error[openapi-drift]: the spec `globex` has no PATCH for /invoices/{number}; its methods: GET [fix the method, or the spec if the API changed]",
            "src/chapter.md:4:1: error[openapi-drift]: the expected response does not match status 200 of `getInvoice` (GET /invoices/{number}) of spec `globex`: $: required property \"status\" is missing [fix the example, or the spec if the API changed]",
        ]
    );
}

#[test]
fn path_parameters_take_a_3_1_schemas_examples_or_warn_when_unfilled() {
    let spec = "\
openapi: 3.1.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.example'}]
paths:
  /parcels/{id}:
    get:
      operationId: getParcel
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, examples: [P-1]}}
      responses: {'200': {description: OK}}
  /boxes/{box}:
    get:
      operationId: getBox
      parameters:
        - {name: box, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
";
    let dir = root_with(spec);
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![chapter(
        "chapter.md",
        "<<#api-example spec=\"s\" operation=\"getParcel\">>\n\n<<#api-example spec=\"s\" operation=\"getBox\">>\n",
    )];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(!report.failed);
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("src/chapter.md:3:36: warning: the URL keeps {box}: `getBox` (GET /boxes/{box}) of spec `s` gives no example for this path parameter\n"),
        "{}",
        found[0]
    );
    assert!(
        chapters[0]
            .content
            .contains("https://api.example/parcels/P-1")
    );
    assert!(
        chapters[0]
            .content
            .contains("https://api.example/boxes/{box}")
    );
}

#[test]
fn a_named_example_without_its_response_shows_the_first_located_in_the_spec() {
    let spec = "\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        content:
          application/json:
            schema: {type: object}
            examples:
              short: {value: {text: a}}
              long: {value: {text: abc}}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {type: object, required: [id]}
              examples:
                short: {value: {idd: 1}}
";
    let dir = root_with(spec);
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "on-error": "warn", "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![chapter(
        "chapter.md",
        "<<#api-example spec=\"s\" operation=\"addNote\" example=\"long\">>\n",
    )];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    // The request example `long`, the response's first example.
    assert!(
        chapters[0].content.contains("\"abc\""),
        "{}",
        chapters[0].content
    );
    assert!(
        chapters[0].content.contains("\"idd\": 1"),
        "{}",
        chapters[0].content
    );
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let r = &d.related[0];
            format!(
                "{}:{}:{}: {} (related {}:{}:{})",
                d.file, d.line, d.column, d.diagnostic.message, r.file, r.line, r.column
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            "specs/s.yaml:21:32: this response example does not match status 201 of `addNote` (POST /notes) of spec `s`: $: required property \"id\" is missing (related src/chapter.md:1:36)"
        ]
    );
}

#[test]
fn an_example_of_a_deprecated_operation_says_so_in_the_page() {
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"globex": "specs/globex-billing.yaml"}}}}));
    settings.root = Some(globex_root());
    let mut chapters = vec![chapter(
        "chapter.md",
        "<<#api-example url=\"https://sandbox.globex.example/v2/invoices?status=draft\" status=200>>\n",
    )];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(!report.failed);
    assert!(
        chapters[0].content.starts_with("> [!WARNING]\n> **Deprecated operation**: `listInvoices` (GET /invoices) of spec `globex` is deprecated in the spec.\n\n**Request**"),
        "{}",
        chapters[0].content
    );
}

#[test]
fn a_spec_is_read_only_when_used() {
    // A declared spec that does not exist is no error while nothing uses it.
    let dir = tempfile::tempdir().unwrap();
    let (failed, found) = run_in(
        dir.path(),
        serde_json::json!({}),
        "<<#status-codes>>\n200: OK.\n<</status-codes>>\n",
    );
    assert!(!failed, "{found:?}");
    let (failed, found) = run_in(
        dir.path(),
        serde_json::json!({}),
        "<<#api-example spec=\"globex\" operation=\"x\">>\n",
    );
    assert!(failed);
    assert_eq!(
        found,
        vec![
            "book.toml:1:1: error[openapi-spec]: the spec `globex` = \"specs/globex-billing.yaml\" does not exist [fix the path in [preprocessor.integration-guide.openapi]: it is from the book's root (where book.toml is)]"
        ]
    );
}

/// A book with two declared specs, one that does not parse and one whose
/// file is missing, and only hand-written api-examples (no `spec=`).
fn book_with_broken_specs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("src")).unwrap();
    std::fs::create_dir_all(p.join("specs")).unwrap();
    std::fs::write(
        p.join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n\n[preprocessor.integration-guide.openapi]\nparcel = \"specs/parcel.yaml\"\n  billing = \"specs/billing.yaml\"\n",
    )
    .unwrap();
    std::fs::write(
        p.join("specs/parcel.yaml"),
        "openapi: 3.1.0\ninfo: {title: Parcels, version: '1'}\npaths:\n  /parcels/{id}:\n    get: {operationId: getParcel, responses: {'200': {description: OK}}\n",
    )
    .unwrap();
    std::fs::write(p.join("src/SUMMARY.md"), "# Summary\n\n- [Send](send.md)\n").unwrap();
    std::fs::write(
        p.join("src/send.md"),
        "# Send\n\n<<#api-example url=\"https://api.example/parcels/7\" status=200>>\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_needed_spec_that_cannot_be_read_is_an_error_once_at_its_place() {
    // In the engine: a hand-written example needs every declared spec.
    let dir = book_with_broken_specs();
    let mut config = serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"parcel": "specs/parcel.yaml", "billing": "specs/billing.yaml"},
    }}});
    config["book"] = serde_json::json!({"src": "src"});
    let mut settings = settings(config);
    settings.root = Some(dir.path().to_path_buf());
    let two = "<<#api-example spec=\"parcel\" operation=\"getParcel\">>\n<<#api-example spec=\"parcel\" operation=\"getParcel\">>\n";
    let mut chapters = vec![chapter("chapter.md", two)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(report.failed);
    // Once, in the spec, with the two tags that use it as related places.
    let shown: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(report.diagnostics.len(), 1, "{shown:#?}");
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("specs/parcel.yaml", 6, 1)
    );
    let related: Vec<String> = d
        .related
        .iter()
        .map(|r| format!("{}:{}:{}: {}", r.file, r.line, r.column, r.message))
        .collect();
    // Issue 23 item 16: one note, with the count, however many use it.
    assert_eq!(
        related,
        ["src/chapter.md:1:22: this shortcode and 1 more use it"]
    );
    let many = two.repeat(100);
    let mut chapters = vec![chapter("chapter.md", &many)];
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    let related: Vec<String> = report.diagnostics[0]
        .related
        .iter()
        .map(|r| format!("{}:{}:{}: {}", r.file, r.line, r.column, r.message))
        .collect();
    assert_eq!(
        related,
        ["src/chapter.md:1:22: this shortcode and 199 more use it"]
    );

    // `mdbook build` with only a hand-written example: both specs are
    // errors, the missing one at its key in book.toml.
    let built = support::build_dir(dir);
    assert!(built.result.is_err(), "the build must fail");
    let parse = "specs/parcel.yaml:6:1: error: not valid YAML or JSON: while parsing a flow mapping, did not find expected ',' or '}'";
    let missing =
        "book.toml:9:3: error: the spec `billing` = \"specs/billing.yaml\" does not exist";
    assert!(built.stderr.contains(parse), "{}", built.stderr);
    assert!(built.stderr.contains(missing), "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains("fix the path in [preprocessor.integration-guide.openapi]"),
        "{}",
        built.stderr
    );

    // `check`, in every format: the spec's file and book.toml.
    let root = built.root();
    let out = support::check_in(root, &[]);
    let human = support::text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{human}");
    assert!(
        human.contains("book.toml:9:3: error[openapi-spec]: the spec `billing` = \"specs/billing.yaml\" does not exist\n"),
        "{human}"
    );
    assert!(
        human.contains("specs/parcel.yaml:6:1: error[openapi-spec]: not valid YAML or JSON"),
        "{human}"
    );
    let out = support::check_in(root, &["--format", "json"]);
    let json: Vec<serde_json::Value> = support::text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let places: Vec<(String, u64, u64, String)> = json
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        places.contains(&("book.toml".into(), 9, 3, "openapi-spec".into())),
        "{places:?}"
    );
    assert!(
        places.contains(&("specs/parcel.yaml".into(), 6, 1, "openapi-spec".into())),
        "{places:?}"
    );
    let github = support::text(&support::check_in(root, &["--format", "github"]).stdout);
    assert!(
        github.contains("file=specs/parcel.yaml,line=6,col=1"),
        "{github}"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&support::check_in(root, &["--format", "sarif"]).stdout).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"specs/parcel.yaml"), "{uris:?}");
    assert!(uris.contains(&"book.toml"), "{uris:?}");
}

/// The example book with one hand-written example that drifted from its
/// spec: a renamed field and a status the spec lacks.
const DRIFT: &str = "\n\n## Drift\n\n<<#api-example method=\"POST\" url=\"{env:base-url}/v2/invoices\" status=202>>\n```json\n{\"customer\": {\"external_id\": \"a\"}, \"currency\": \"EUR\", \"lines\": [{\"description\": \"A\", \"quantity\": 1, \"unit_price\": 1}], \"ref\": \"x\"}\n```\n<</api-example>>\n";

#[test]
fn a_drifting_example_fails_mdbook_build_and_check_at_its_place() {
    let add = |root: &Path| {
        let page = root.join("src/validation.md");
        let mut text = std::fs::read_to_string(&page).unwrap();
        text.push_str(DRIFT);
        std::fs::write(page, text).unwrap();
    };
    let lines = |root: &Path| {
        let text = std::fs::read_to_string(root.join("src/validation.md")).unwrap();
        let tag = text.lines().position(|l| l.contains("status=202")).unwrap() + 1;
        (tag, tag + 2)
    };
    let built = support::build_example(add);
    assert!(built.result.is_err(), "the build must fail");
    let (tag, payload) = lines(built.root());
    let status_col = DRIFT
        .lines()
        .find(|l| l.contains("status=202"))
        .unwrap()
        .find("202")
        .unwrap()
        + 1;
    let ref_col = DRIFT
        .lines()
        .find(|l| l.contains("\"ref\""))
        .unwrap()
        .find("\"ref\"")
        .unwrap()
        + 2;
    let at_status = format!("src/validation.md:{tag}:{status_col}");
    let at_ref = format!("src/validation.md:{payload}:{ref_col}");
    assert!(
        built.stderr.contains(&format!(
            "{at_status}: error: status 202 is not documented for `createInvoice`"
        )),
        "{}",
        built.stderr
    );
    assert!(built.stderr.contains(&at_ref), "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains("$.ref: property \"ref\" is not allowed (did you mean \"reference\"?)"),
        "{}",
        built.stderr
    );

    let out = support::check_in(built.root(), &[]);
    let stdout = support::text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("{at_status}: error[openapi-drift]: status 202 is not documented for `createInvoice` (POST /v2/invoices) of spec `globex`\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{at_ref}: error[openapi-drift]: the request payload does not match `createInvoice` (POST /v2/invoices) of spec `globex`: $.ref: property \"ref\" is not allowed (did you mean \"reference\"?)\n")),
        "{stdout}"
    );
}

/// Expands `text` with `specs/s.yaml` = `spec` (and `files`, paths from the
/// book's root) declared as spec `s`: the chapter and its diagnostics.
fn expand_with_spec(spec: &str, files: &[(&str, &str)], text: &str) -> (String, Vec<String>) {
    let dir = root_with(spec);
    for (path, content) in files {
        std::fs::write(dir.path().join(path), content).unwrap();
    }
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![chapter("chapter.md", text)];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    let found = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file, d.line, d.column, d.diagnostic.message
            )
        })
        .collect();
    (chapters.remove(0).content, found)
}

#[test]
fn properties_named_like_keywords_are_properties() {
    // Issue 23 item 10: a property named `default`, `example`, `examples`,
    // `enum` or `const` is a property whose value is a schema, not the
    // keyword's data.
    let spec = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                default: {type: string, nullable: true}
                example: {$ref: '#/components/schemas/Ex'}
                examples: {type: array, items: {type: integer}}
                enum: {type: string, enum: [a, b]}
                const: {type: integer, default: 0}
            example:
              default: null
              example: {n: 1}
              examples: [1, 2]
              enum: a
              const: 3
      responses:
        '201': {description: Created.}
components:
  schemas:
    Ex:
      type: object
      properties:
        n: {type: integer}
";
    let from_spec = "<<#api-example spec=\"s\" operation=\"addNote\">>\n";
    let (page, found) = expand_with_spec(spec, &[], from_spec);
    assert_eq!(found, Vec::<String>::new());
    assert!(page.contains("\"default\": null"), "{page}");
    // The properties' own schemas apply, at the values.
    let by_hand = "\
<<#api-example spec=\"s\" operation=\"addNote\">>
```json
{\"default\": 5, \"example\": {\"n\": \"x\"}, \"examples\": [\"y\"], \"enum\": \"c\", \"const\": 1.5}
```
<</api-example>>
";
    let (_, found) = expand_with_spec(spec, &[], by_hand);
    let paths: Vec<&str> = found
        .iter()
        .map(|l| {
            let tail = l.split("`s`: ").nth(1).unwrap_or(l);
            tail.split(':').next().unwrap()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "$.default",
            "$.example.n",
            "$.examples[0]",
            "$.enum",
            "$.const"
        ],
        "{found:#?}"
    );
}

#[test]
fn a_ref_inside_example_data_is_data() {
    // Issue 23 item 11: `$ref` keys in `example`, `examples` (a schema's
    // list and an Example Object's `value`), `default`, `enum` and `const`
    // are data: not followed, not checked, shown as written.
    let spec = "\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /links:
    post:
      operationId: addLink
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                target:
                  type: object
                  properties: {$ref: {type: string}}
                  default: {$ref: 'elsewhere.yaml'}
                  examples: [{$ref: '#/missing'}]
                  enum: [{$ref: 'https://remote.example/x'}, {$ref: '#/nowhere'}, {$ref: other.yaml#/x}]
                fixed: {const: {$ref: '#/nowhere'}}
            example:
              target: {$ref: '#/nowhere'}
            examples:
              other: {value: {target: {$ref: 'other.yaml#/x'}}}
      responses:
        '201': {description: Created.}
";
    let (page, found) = expand_with_spec(
        spec,
        &[],
        "<<#api-example spec=\"s\" operation=\"addLink\">>\n\n<<#api-example spec=\"s\" operation=\"addLink\" example=\"other\">>\n",
    );
    assert_eq!(found, Vec::<String>::new());
    assert!(page.contains("\"$ref\": \"#/nowhere\""), "{page}");
    assert!(page.contains("\"$ref\": \"other.yaml#/x\""), "{page}");
    // A hand-written payload is checked against the data as written.
    let (_, found) = expand_with_spec(
        spec,
        &[],
        "<<#api-example spec=\"s\" operation=\"addLink\">>\n```json\n{\"target\": {\"$ref\": \"#/else\"}, \"fixed\": {\"$ref\": \"#/else\"}}\n```\n<</api-example>>\n",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("$.target: {\"$ref\":\"#/else\"} is not one of {\"$ref\":\"https://remote.example/x\"}, {\"$ref\":\"#/nowhere\"}, {\"$ref\":\"other.yaml#/x\"}"),
        "{found:#?}"
    );
    assert!(
        found[1].contains("$.fixed: {\"$ref\":\"#/nowhere\"} was expected"),
        "{found:#?}"
    );
}

#[test]
fn a_3_1_ref_to_an_anchor_is_followed() {
    // Issue 23 item 12: `$ref: '#item'` names the schema with
    // `$anchor: item` (JSON Schema 2020-12 §8.2.2), in this file or another.
    let spec = "\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /orders:
    post:
      operationId: addOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
            example: {items: [{sku: 1}], ship: {city: 2}}
      responses:
        '201': {description: Created.}
components:
  schemas:
    Item:
      $anchor: item
      type: object
      properties: {sku: {type: string}}
    Order:
      type: object
      properties:
        items: {type: array, items: {$ref: '#item'}}
        ship: {$ref: 'address.yaml#address'}
";
    let address =
        "Address:\n  $anchor: address\n  type: object\n  properties: {city: {type: string}}\n";
    let use_it = "<<#api-example spec=\"s\" operation=\"addOrder\">>\n";
    let (_, found) = expand_with_spec(spec, &[("specs/address.yaml", address)], use_it);
    assert_eq!(
        found,
        [
            "specs/s.yaml:11:37: this request example does not match `addOrder` (POST /orders) of spec `s`: $.items[0].sku: 1 is not of type \"string\"",
            "specs/s.yaml:11:55: this request example does not match `addOrder` (POST /orders) of spec `s`: $.ship.city: 2 is not of type \"string\"",
        ]
    );
    // An anchor that is not there points at nothing; a fragment that is
    // neither a pointer nor an anchor's name is refused.
    let (_, found) = expand_with_spec(
        &spec.replace("'#item'", "'#itme'"),
        &[("specs/address.yaml", address)],
        use_it,
    );
    assert_eq!(
        found,
        ["specs/s.yaml:23:44: `$ref` \"#itme\" points at nothing"]
    );
    let (_, found) = expand_with_spec(
        &spec.replace("'#item'", "'#it em'"),
        &[("specs/address.yaml", address)],
        use_it,
    );
    assert_eq!(
        found,
        [
            "specs/s.yaml:23:44: `$ref` \"#it em\" has a fragment that is neither a JSON Pointer (`#/components/schemas/Name`) nor an `$anchor`'s name (`#name`)"
        ]
    );
}

mod never_panics {
    use mdbook_integration_guide::openapi::yaml;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "a: ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "\n",
        "  ",
        "&x ",
        "*x",
        "'s'",
        "\"d\\u00e9\"",
        "1.50",
        "~",
        "? ",
        "|\n  t\n",
        "!!str ",
        "#c",
        "---\n",
        "...\n",
        "\t",
        "é",
        "$ref: '#/a'",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any text is a tree or a located error, never a panic.
        #[test]
        fn yaml_parse(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
            let text = pieces.concat();
            match yaml::parse(&text) {
                Ok(node) => { let _ = node.to_pretty_json(); }
                Err(e) => prop_assert!(e.at.line >= 1),
            }
        }
    }
}

/// A spec with required header parameters (issue: a new user's
/// `Idempotency-Key`): `createInvoice` has one with an example, one without,
/// an optional one and an `Accept` the spec must ignore.
const HEADERS_SPEC: &str = "\
openapi: 3.1.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.example'}]
paths:
  /invoices:
    post:
      operationId: createInvoice
      parameters:
        - {name: Idempotency-Key, in: header, required: true, schema: {type: string}, example: inv-7f3a}
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}, example: t-1}
        - {name: Accept, in: header, required: true, schema: {type: string}, example: text/plain}
      responses: {'201': {description: Created}}
  /refunds:
    post:
      operationId: createRefund
      parameters:
        - {$ref: '#/components/parameters/IdempotencyKey'}
      responses: {'201': {description: Created}}
components:
  parameters:
    IdempotencyKey: {name: Idempotency-Key, in: header, required: true, schema: {type: string}}
";

#[test]
fn required_header_parameters_are_sent_or_their_missing_value_is_a_warning() {
    let dir = root_with(HEADERS_SPEC);
    let mut settings = settings(serde_json::json!({"preprocessor": {"integration-guide": {
        "openapi": {"s": "specs/s.yaml"}}}}));
    settings.root = Some(dir.path().to_path_buf());
    let mut chapters = vec![chapter(
        "chapter.md",
        "<<#api-example spec=\"s\" operation=\"createInvoice\" headers=\"X-Tenant: acme\">>\n\n<<#api-example spec=\"s\" operation=\"createInvoice\">>\n\n<<#api-example spec=\"s\" operation=\"createRefund\" headers=\"idempotency-key: r-{run:id}\">>\n\n<<#api-example spec=\"s\" operation=\"createRefund\">>\n",
    )];
    let registry = mdbook_integration_guide::shortcodes::registry();
    let report =
        mdbook_integration_guide::engine::process(&mut chapters, &settings, &registry, "html");
    assert!(!report.failed);
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("src/chapter.md:3:36: warning: the request is sent without the required header X-Tenant: `createInvoice` (POST /invoices) of spec `s` gives no example for it\n"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("write the header with headers=\"X-Tenant: ...\""),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("src/chapter.md:7:36: warning: the request is sent without the required header Idempotency-Key: `createRefund` (POST /refunds) of spec `s` gives no example for it\n"),
        "{}",
        found[1]
    );
    assert!(
        found[1].contains(
            "headers=\"Idempotency-Key: {run:id}\" (`run` sends a value unique to the run)"
        ),
        "{}",
        found[1]
    );
    let content = &chapters[0].content;
    // The written header first, then the spec's required one with its
    // example; not the optional one, nor `Accept` (OpenAPI 3.1 §4.8.12.1).
    assert!(
        content.contains("  --header 'X-Tenant: acme' \\\n  --header 'Idempotency-Key: inv-7f3a'"),
        "{content}"
    );
    assert_eq!(
        content.matches("Idempotency-Key: inv-7f3a").count(),
        2,
        "{content}"
    );
    assert!(!content.contains("X-Trace"), "{content}");
    assert!(!content.contains("text/plain"), "{content}");
    // A header the tag writes is not sent twice.
    // (`{run:id}` as the shell's fresh `run_id`.)
    assert!(
        content.contains("idempotency-key: r-${run_id}"),
        "{content}"
    );
    assert_eq!(
        content
            .to_ascii_lowercase()
            .matches("idempotency-key")
            .count(),
        3,
        "{content}"
    );
    // The published request carries it, for `run` and `export`.
    let exchanges = report.exchanges();
    let headers: Vec<Vec<(String, String)>> = exchanges
        .iter()
        .map(|e| {
            e.request
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect()
        })
        .collect();
    assert_eq!(
        headers[0],
        vec![
            ("X-Tenant".to_string(), "acme".to_string()),
            ("Idempotency-Key".to_string(), "inv-7f3a".to_string())
        ]
    );
    assert_eq!(
        headers[1],
        vec![("Idempotency-Key".to_string(), "inv-7f3a".to_string())]
    );
}
