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
            "how data moves, comma-separated: push, pull, polling, webhooks, api, batch, file-transfer, message-queue, streaming, rest, soap, graphql, scim, grpc, sftp",
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

/// The integration methods `method` accepts and how they are shown: the
/// first name of each is the documented one (README), the others are
/// aliases that are read but never proposed.
const METHODS: &[(&[&str], &str)] = &[
    (&["push"], "Push"),
    (&["pull"], "Pull"),
    (&["polling", "poll"], "Polling"),
    (&["webhooks", "webhook"], "Webhooks"),
    (&["api", "apis"], "API"),
    (&["batch"], "Batch"),
    (&["file-transfer", "file", "files"], "File transfer"),
    (
        &["message-queue", "queue", "messaging", "events"],
        "Message queue",
    ),
    (&["streaming", "stream"], "Streaming"),
    (&["rest"], "REST"),
    (&["soap"], "SOAP"),
    (&["graphql"], "GraphQL"),
    (&["scim"], "SCIM"),
    (&["grpc"], "gRPC"),
    (&["sftp"], "SFTP"),
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
                // Only the documented names (the first of each list) are
                // proposed: an alias is accepted, never suggested.
                return Err(match crate::diagnostic::closest(&key, names) {
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

/// What an `integration-overview` says, inline Markdown as written.
#[derive(Debug, PartialEq, Eq)]
struct IntegrationOverview<'a> {
    /// The facts given, in the table's order: the key of the row's label
    /// and the value.
    facts: Vec<(&'static str, OverviewFact<'a>)>,
    /// The body's lines: a data type or API, and its details.
    supported: Vec<(&'a str, &'a str)>,
}

/// The value of a fact.
#[derive(Debug, PartialEq, Eq)]
enum OverviewFact<'a> {
    Text(&'a str),
    /// `method`: the display names.
    Methods(Vec<&'static str>),
}

impl Shortcode for Overview {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let (overview, errors) = parse(call, &lines);
        cx.finish(errors, || Ok(emit(&overview, cx)))
    }
}

/// Reads the attributes and the body's `object: details` lines.
fn parse<'a>(call: &'a Call, lines: &'a [BodyLine]) -> (IntegrationOverview<'a>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut facts = Vec::new();
    for (attr, label) in ROWS {
        let Some(value) = call.text(attr).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let fact = if *attr == "method" {
            match methods(call, value) {
                Ok(names) => OverviewFact::Methods(names),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            }
        } else {
            OverviewFact::Text(value)
        };
        facts.push((*label, fact));
    }
    let mut supported = Vec::new();
    for entry in body::entries(lines, false) {
        let (name, details) = match body::split_key(&entry) {
            Some((k, v)) => (
                &entry.line.text[entry.abs(k)],
                &entry.line.text[entry.abs(v)],
            ),
            None => (&entry.line.text[entry.content.clone()], ""),
        };
        if name.is_empty() {
            errors.push(
                Diagnostic::error(entry.whole(), "no data type or API before the `:`").with_hint(
                    "write `object: endpoint or details`, e.g. `Deal: POST /v2/invoices`",
                ),
            );
            continue;
        }
        supported.push((name, details));
    }
    if errors.is_empty() && facts.is_empty() && supported.is_empty() {
        errors.push(
            Diagnostic::error(call.span.clone(), "`integration-overview` has nothing to show")
                .with_hint("add attributes such as systems=\"A → B\" method=\"push\", or body lines `object: endpoint`"),
        );
    }
    (IntegrationOverview { facts, supported }, errors)
}

/// The fact table and the table of supported data.
fn emit(overview: &IntegrationOverview<'_>, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let facts: Vec<Vec<String>> = overview
        .facts
        .iter()
        .map(|(label, fact)| {
            let shown = match fact {
                OverviewFact::Methods(names) => names.join(", "),
                OverviewFact::Text(value) => escape::cell(value, options),
            };
            vec![cx.label(label), shown]
        })
        .collect();
    let supported: Vec<Vec<String>> = overview
        .supported
        .iter()
        .map(|(name, details)| vec![escape::cell(name, options), escape::cell(details, options)])
        .collect();
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
    tables.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An overview whose tag is at 0..10, attribute `i` written at
    /// `1000 * (i + 1)`.
    fn call(attrs: &[(&'static str, &str)]) -> Call {
        let args = attrs
            .iter()
            .enumerate()
            .map(|(i, &(name, value))| {
                let at = 1000 * (i + 1);
                (name, AttrValue::Text(value.into()), at..at + value.len())
            })
            .collect();
        Call::for_test("integration-overview", 0..10, args)
    }

    #[test]
    fn facts_in_table_order_and_supported_data() {
        let call = call(&[
            ("direction", "A → B"),
            ("method", "Webhook, poll, webhooks"),
            ("systems", "Acme, Globex"),
            ("auth", " "),
        ]);
        let lines = BodyLine::lines_of("- Deal: POST /v2/invoices\nContact");
        let (overview, errors) = parse(&call, &lines);
        assert!(errors.is_empty());
        assert_eq!(
            overview,
            IntegrationOverview {
                facts: vec![
                    ("overview-systems", OverviewFact::Text("Acme, Globex")),
                    (
                        "overview-method",
                        OverviewFact::Methods(vec!["Webhooks", "Polling"])
                    ),
                    ("overview-direction", OverviewFact::Text("A → B")),
                ],
                supported: vec![("Deal", "POST /v2/invoices"), ("Contact", "")],
            }
        );
    }

    #[test]
    fn errors_are_located() {
        let call = call(&[("method", "push, carrier pigeon, sftp, pul")]);
        let text = "Deal: x\n : no name";
        let lines = BodyLine::lines_of(text);
        let (overview, errors) = parse(&call, &lines);
        assert!(overview.facts.is_empty());
        assert_eq!(overview.supported, vec![("Deal", "x")]);
        let found: Vec<(&str, std::ops::Range<usize>)> = errors
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                // Only the first unknown method.
                ("unknown integration method `carrier pigeon`", 1006..1020),
                ("no data type or API before the `:`", 9..18),
            ]
        );
        assert_eq!(&text[9..18], ": no name");
    }

    #[test]
    fn a_suggestion_for_a_misspelt_method() {
        let call = call(&[("method", "pul")]);
        let d = methods(&call, "pul").unwrap_err();
        assert_eq!(
            (d.span, d.hint.as_deref()),
            (1000..1003, Some("did you mean `pull`?"))
        );
    }

    #[test]
    fn nothing_to_show_points_at_the_shortcode() {
        let call = call(&[("systems", "  ")]);
        let (_, errors) = parse(&call, &[]);
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(
            found,
            vec![("`integration-overview` has nothing to show", 0..10)]
        );
    }
}
