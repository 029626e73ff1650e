//! Arbitrary bytes, and arbitrary chapter text and attributes inside a real
//! mdBook input, through the stdin/stdout protocol: never a panic, and any
//! output is valid JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FIXTURE: &str = include_str!("../../tests/data/mdbook-0.5.4-input.json");

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let mut err = Vec::new();
    // Raw bytes as the whole input.
    if mdbook_integration_guide::protocol::run(data, &mut out, &mut err).is_ok() {
        assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok());
    }
    // The bytes as attributes of a shortcode in a real book.
    let Ok(attrs) = std::str::from_utf8(data) else {
        return;
    };
    let mut input: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    input[1]["items"][0]["Chapter"]["content"] = serde_json::Value::String(format!(
        "# T\n\n## A\n\n<<#toc {attrs}>>\n\ntext <<#x {attrs}>>\n"
    ));
    let bytes = serde_json::to_vec(&input).unwrap();
    out.clear();
    err.clear();
    if mdbook_integration_guide::protocol::run(&bytes, &mut out, &mut err).is_ok() {
        assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok());
    }
});
