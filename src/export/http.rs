//! `--format http`: one `.http` file in the JetBrains HTTP Client dialect,
//! which httpyac runs too (`httpyac send FILE --all`).
//!
//! `###` between requests, `# @name` naming each; a response handler
//! script (`> {% ... %}`) asserts the status and every documented value
//! with `client.test`/`client.assert` ([`super::expect`], `run`'s rules)
//! and stores each capture with `client.global.set`, which later requests
//! read as `{{NAME}}`. Inputs are read from the process environment where
//! they are used: `{{$processEnv NAME}}`.

use super::expect::{self, js_string};
use super::postman::js_pointer;
use super::{Guide, basic, form_fields, form_text, headers, request_name, step_id, url_with, vars};
use crate::http::Exchange;

/// What `{run:id}` is in the file: the dynamic variable JetBrains
/// documents for a fresh UUID v4, which httpyac accepts too (its IntelliJ
/// compatibility reads `$uuid` and `$random.uuid`).
pub const HTTP_RUN_ID: &str = "{{$random.uuid}}";

/// The `.http` file.
pub fn file(guide: &Guide<'_>) -> String {
    let inputs = guide.inputs();
    let mut out = format!(
        "# {}: the requests of the integration guide `{}` for the environment `{}`, in reading order.\n# Exported by mdbook-integration-guide. Run: httpyac send THIS_FILE --all\n",
        guide.title.replace('\n', " "),
        guide.id,
        guide.environment
    );
    if !inputs.is_empty() {
        out.push_str(&format!(
            "# From the process environment: {}\n",
            inputs.join(", ")
        ));
    }
    for (i, e) in guide.exchanges.iter().enumerate() {
        out.push('\n');
        request(&mut out, i, e, guide);
    }
    out
}

fn request(out: &mut String, index: usize, e: &Exchange, guide: &Guide<'_>) {
    let var = |name: &str| {
        if name == vars::RUN_ID {
            HTTP_RUN_ID.to_string()
        } else if vars::captured_by(guide.exchanges, index, name).is_some() {
            format!("{{{{{name}}}}}")
        } else {
            format!("{{{{$processEnv {name}}}}}")
        }
    };
    out.push_str("###\n");
    out.push_str(&format!(
        "# {} ({}:{})\n",
        request_name(e),
        e.source.chapter,
        e.source.line
    ));
    out.push_str(&format!("# @name {}\n", step_id(index, e)));
    out.push_str(&format!(
        "{} {}\n",
        e.request.method,
        url_with(&e.request, &var)
    ));
    for (k, v) in headers(&e.request) {
        out.push_str(&format!("{k}: {}\n", vars::render(&v, str::to_string, var)));
    }
    if let Some((user, password)) = basic(&e.request) {
        // `Basic user password`: both clients encode it (RFC 7617).
        out.push_str(&format!(
            "Authorization: Basic {} {}\n",
            vars::render(user, str::to_string, var),
            vars::render(password, str::to_string, var)
        ));
    }
    if let Some(fields) = form_fields(&e.request) {
        out.push('\n');
        out.push_str(&form_text(fields, &var));
        out.push('\n');
    } else if let Some(body) = &e.request.body {
        out.push('\n');
        out.push_str(&body.text.replace(vars::RUN_ID, HTTP_RUN_ID));
        out.push('\n');
    }
    out.push('\n');
    handler(out, e);
}

/// The response handler: `client.test` per check, `client.global.set` per
/// capture.
fn handler(out: &mut String, e: &Exchange) {
    out.push_str("> {%\n");
    out.push_str(&format!("  {}\n", expect::JS_AT));
    out.push_str("  const body = typeof response.body === \"string\" ? (function () { try { return JSON.parse(response.body); } catch (e) { return undefined; } })() : response.body;\n");
    for check in expect::checks(e) {
        let name = expect::describe(&check);
        out.push_str(&format!(
            "  client.test({n}, function () {{ client.assert({c}, {n}); }});\n",
            n = js_string(&name),
            c = expect::js_condition(&check, "response.status", "body"),
        ));
    }
    for c in &e.captures {
        out.push_str(&format!(
            "  client.test({n}, function () {{ const v = at(body, {p}); client.assert(v !== undefined, {n}); client.global.set({var}, typeof v === \"string\" ? v : JSON.stringify(v)); }});\n",
            n = js_string(&format!("captures {} from {}", c.variable, c.pointer)),
            p = js_pointer(&c.pointer),
            var = js_string(&c.variable),
        ));
    }
    out.push_str("%}\n");
}
