//! `<<#integration-overview>>`: the fact table of an integration (the
//! template's Overview): systems, method, direction, authentication,
//! trigger, interval, limitations; and, from optional body lines
//! `object: endpoint or details`, the table of supported data types or
//! APIs.

use super::prelude::*;

pub struct Overview;

const fn text(name: &'static str, required: bool, doc: &'static str) -> AttrSpec {
    AttrSpec {
        name,
        ty: AttrType::Text,
        required,
        doc,
    }
}

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "overview-aspect",
        default: "Aspect",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the first column's header",
    },
    LabelSpec {
        key: "overview-details",
        default: "Details",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the second column's header",
    },
    LabelSpec {
        key: "overview-systems",
        default: "Systems",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `systems` row",
    },
    LabelSpec {
        key: "overview-method",
        default: "Method",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `method` row",
    },
    LabelSpec {
        key: "overview-direction",
        default: "Direction",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `direction` row",
    },
    LabelSpec {
        key: "overview-auth",
        default: "Authentication",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `auth` row",
    },
    LabelSpec {
        key: "overview-trigger",
        default: "Trigger",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `trigger` row",
    },
    LabelSpec {
        key: "overview-interval",
        default: "Interval",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `interval` row",
    },
    LabelSpec {
        key: "overview-limitations",
        default: "Limitations",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the `limitations` row",
    },
    LabelSpec {
        key: "overview-data",
        default: "Data type or API",
        placeholders: &[],
        may_be_empty: false,
        doc: "`integration-overview`: the supported data table's first header",
    },
];

static SPEC: Spec = Spec {
    name: "integration-overview",
    positional: None,
    attrs: &[
        text(
            "systems",
            false,
            "the systems the integration connects, e.g. \"Acme CRM → Globex Billing\"",
        ),
        text(
            "method",
            false,
            "how data moves, comma-separated: push, pull, polling, webhooks, api, batch, file-transfer, message-queue, streaming",
        ),
        text(
            "direction",
            false,
            "which way data flows, e.g. \"One-way, Acme CRM to Globex Billing\"",
        ),
        text("auth", false, "the authentication mechanism"),
        text("trigger", false, "what starts a transfer"),
        text("interval", false, "how often or how fast transfers happen"),
        text("limitations", false, "what the integration does not do"),
    ],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The rows of the fact table: attribute and the key of its label, in
/// order.
const ROWS: &[(&str, &str)] = &[
    ("systems", "overview-systems"),
    ("method", "overview-method"),
    ("direction", "overview-direction"),
    ("auth", "overview-auth"),
    ("trigger", "overview-trigger"),
    ("interval", "overview-interval"),
    ("limitations", "overview-limitations"),
];

/// The integration methods `method` accepts (with aliases) and how they
/// are shown.
const METHODS: &[(&[&str], &str)] = &[
    (&["push"], "Push"),
    (&["pull"], "Pull"),
    (&["polling", "poll"], "Polling"),
    (&["webhooks", "webhook"], "Webhooks"),
    (&["api", "apis"], "API"),
    (&["batch"], "Batch"),
    (&["file-transfer", "file", "files", "sftp"], "File transfer"),
    (
        &["message-queue", "queue", "messaging", "events"],
        "Message queue",
    ),
    (&["streaming", "stream"], "Streaming"),
];

/// The display names of a `method` value, or an error at the first
/// unknown one.
fn methods(call: &Call, value: &str) -> Result<Vec<&'static str>, Diagnostic> {
    let mut out = Vec::new();
    for (range, item) in body::comma_items(value) {
        let key = item.to_lowercase().replace([' ', '_'], "-");
        match METHODS
            .iter()
            .find(|(keys, _)| keys.contains(&key.as_str()))
        {
            Some((_, name)) => {
                if !out.contains(name) {
                    out.push(*name);
                }
            }
            None => {
                let names = METHODS.iter().map(|(k, _)| k[0]);
                let listed: Vec<String> = names.clone().map(|n| format!("`{n}`")).collect();
                let d = Diagnostic::error(
                    body::attr_span(call, "method", value, range.start, range.len()),
                    format!("unknown integration method `{item}`"),
                );
                let all = METHODS.iter().flat_map(|(k, _)| k.iter().copied());
                return Err(match crate::diagnostic::closest(&key, all) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None => {
                        d.with_hint(format!("methods (comma-separated): {}", listed.join(", ")))
                    }
                });
            }
        }
    }
    Ok(out)
}

impl Shortcode for Overview {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let options = cx.settings().markdown;
        let mut errors = Vec::new();
        let mut facts: Vec<Vec<String>> = Vec::new();
        for (attr, label) in ROWS {
            let Some(value) = call.text(attr).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let shown = if *attr == "method" {
                match methods(call, value) {
                    Ok(names) => names.join(", "),
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                }
            } else {
                escape::cell(value, options)
            };
            facts.push(vec![cx.label(label), shown]);
        }
        let lines = cx.body_lines().unwrap_or_default();
        let mut supported: Vec<Vec<String>> = Vec::new();
        for entry in body::entries(&lines, false) {
            let (name, details) = match body::split_key(&entry) {
                Some((k, v)) => (&entry.text()[k], &entry.text()[v]),
                None => (entry.text(), ""),
            };
            if name.is_empty() {
                errors.push(
                    Diagnostic::error(entry.whole(), "no data type or API before the `:`")
                        .with_hint(
                            "write `object: endpoint or details`, e.g. `Deal: POST /v2/invoices`",
                        ),
                );
                continue;
            }
            supported.push(vec![
                escape::cell(name, options),
                escape::cell(details, options),
            ]);
        }
        if errors.is_empty() && facts.is_empty() && supported.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`integration-overview` has nothing to show")
                    .with_hint("add attributes such as systems=\"A → B\" method=\"push\", or body lines `object: endpoint`"),
            );
        }
        cx.finish(errors, || {
            let mut tables = Vec::new();
            let details = cx.label("overview-details");
            if !facts.is_empty() {
                let aspect = cx.label("overview-aspect");
                tables.push(write::table(&[&aspect, &details], &facts));
            }
            if !supported.is_empty() {
                let data = cx.label("overview-data");
                tables.push(write::table(&[&data, &details], &supported));
            }
            Ok(tables.join("\n\n"))
        })
    }
}
