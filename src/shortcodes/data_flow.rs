//! `<<#data-flow>>`: the template's "Data flow diagram" and "Step-by-step
//! data flow explanation" from one list of steps, one per line:
//!
//! ```text
//! From -> To: what happens (protocol or details) | longer explanation
//! To --> From: a reply (drawn dashed)
//! ```
//!
//! For the html renderer: a sequence diagram as inline SVG (or, with
//! `format="mermaid"`, the `<pre class="mermaid">` block mdbook-mermaid
//! makes of a `mermaid` code block), then the step table. For
//! other renderers: the table alone.

use super::prelude::*;

use crate::markdown::ParseOptions;

use crate::diagram::sequence as svg;

pub struct DataFlow;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "flow-diagram-heading",
        default: "Data flow diagram",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow`: the diagram's heading (with `level`)",
    },
    LabelSpec {
        key: "flow-table-heading",
        default: "Step-by-step data flow explanation",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow`: the table's heading (with `level`)",
    },
    LabelSpec {
        key: "flow-title",
        default: "Data flow between {participants}",
        placeholders: &["participants"],
        may_be_empty: false,
        doc: "`data-flow`: the diagram's accessible name when it has no `title`; `{participants}` is their names, comma-separated",
    },
    LabelSpec {
        key: "flow-step",
        default: "Step",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the step number column",
    },
    LabelSpec {
        key: "flow-from",
        default: "From",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the sender column",
    },
    LabelSpec {
        key: "flow-to",
        default: "To",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the receiver column",
    },
    LabelSpec {
        key: "flow-what",
        default: "What happens",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the step's text column",
    },
    LabelSpec {
        key: "flow-protocol",
        default: "Protocol",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the protocol column",
    },
    LabelSpec {
        key: "flow-details",
        default: "Details",
        placeholders: &[],
        may_be_empty: false,
        doc: "`data-flow` table: the longer explanation column",
    },
];

static SPEC: Spec = Spec {
    name: "data-flow",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "title",
            ty: AttrType::Text,
            required: false,
            doc: "the diagram's title: its caption and accessible name",
        },
        AttrSpec {
            name: "format",
            ty: AttrType::Choice(&["svg", "mermaid"]),
            required: false,
            doc: "`svg` (default): a diagram drawn by the preprocessor; `mermaid`: a mermaid diagram as mdbook-mermaid writes one (`<pre class=\"mermaid\">`), for its mermaid.js",
        },
        AttrSpec {
            name: "participants",
            ty: AttrType::Text,
            required: false,
            doc: "the participants in column order, comma-separated; steps may then only name these",
        },
        AttrSpec {
            name: "level",
            ty: AttrType::Int { min: 1, max: 6 },
            required: false,
            doc: "add the template's headings (\"Data flow diagram\", \"Step-by-step data flow explanation\") at this level",
        },
    ],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// What a `data-flow` says: who takes part, and the messages between them.
/// `auth-flow` builds one too, and draws it with [`emit_flow`].
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Flow {
    /// The participants' names as written, in column order.
    pub(super) participants: Vec<String>,
    pub(super) steps: Vec<FlowStep>,
}

/// One message of the flow; texts are inline Markdown as written.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct FlowStep {
    /// Indexes in [`Flow::participants`].
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) what: String,
    pub(super) protocol: Option<String>,
    pub(super) details: Option<String>,
    pub(super) reply: bool,
}

/// The participants: names as written, in column order.
struct Participants {
    names: Vec<String>,
    /// Declared with `participants`: no others allowed.
    fixed: bool,
}

impl Participants {
    /// The index of a name, adding it when allowed, or an error.
    fn index(&mut self, name: &str, span: std::ops::Range<usize>) -> Result<usize, Diagnostic> {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return Ok(i);
        }
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        if let Some(same) = self.names.iter().find(|n| norm(n) == norm(name)) {
            return Err(Diagnostic::error(
                span,
                format!("`{name}` differs from the participant `{same}` only in case or spacing"),
            )
            .with_hint(format!("did you mean `{same}`?")));
        }
        if self.fixed {
            let d = Diagnostic::error(span, format!("`{name}` is not one of the `participants`"));
            return Err(
                match crate::diagnostic::closest(name, self.names.iter().map(String::as_str)) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None => d.with_hint("add it to `participants`"),
                },
            );
        }
        self.names.push(name.to_string());
        Ok(self.names.len() - 1)
    }
}

/// Splits `what happens (protocol)` into the text and the protocol.
fn split_protocol(what: &str) -> (&str, Option<&str>) {
    let Some(inner_end) = what.strip_suffix(')').map(str::len) else {
        return (what, None);
    };
    let mut depth = 0usize;
    for (i, c) in what[..inner_end].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth > 0 => depth -= 1,
            '(' => {
                let text = what[..i].trim_end();
                let protocol = what[i + 1..inner_end].trim();
                if text.is_empty() || protocol.is_empty() {
                    return (what, None);
                }
                return (text, Some(protocol));
            }
            _ => {}
        }
    }
    (what, None)
}

/// Parses the `participants` attribute and the body's lines; a broken
/// line is reported and left out.
fn parse(call: &Call, lines: &[BodyLine]) -> (Flow, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut people = Participants {
        names: Vec::new(),
        fixed: false,
    };
    if let Some(list) = call.text("participants") {
        for (range, name) in body::comma_items(list) {
            if people.names.iter().any(|n| n == name) {
                errors.push(
                    Diagnostic::error(
                        body::attr_span(call, "participants", list, range.start, range.len()),
                        format!("participant `{name}` is listed twice"),
                    )
                    .with_hint("list each participant once"),
                );
            } else {
                people.names.push(name.to_string());
            }
        }
        people.fixed = !people.names.is_empty();
    }
    let entries = body::entries(lines, false);
    if entries.is_empty() {
        errors.push(
            Diagnostic::error(call.span.clone(), "`data-flow` has no step")
                .with_hint("write one step per line: `From -> To: what happens (protocol)`"),
        );
    }
    let steps: Vec<FlowStep> = entries
        .iter()
        .filter_map(|e| parse_step(e, &mut people, &mut errors))
        .collect();
    let flow = Flow {
        participants: people.names,
        steps,
    };
    (flow, errors)
}

/// Parses one line; errors are pushed.
// Over 80 lines: a parser: one line of the flow (DEVELOPERS.md; tests/suite/layers.rs).
fn parse_step(
    entry: &BodyEntry<'_>,
    people: &mut Participants,
    errors: &mut Vec<Diagnostic>,
) -> Option<FlowStep> {
    let text = entry.text();
    let (_, seps) = body::split_cells(entry);
    let main_end = seps.first().copied().unwrap_or(text.len());
    let details = seps
        .first()
        .map(|&s| text[s + 1..].trim())
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    let main = &text[..main_end];
    let not_generated = |i: usize| !entry.line.generated(entry.content.start + i);
    let Some(arrow) = main
        .match_indices("->")
        .map(|(i, _)| i)
        .find(|&i| not_generated(i))
    else {
        errors.push(
            Diagnostic::error(
                entry.whole(),
                "a `data-flow` step is `From -> To: what happens`; this line has no `->`",
            )
            .with_hint(
                "e.g. `Acme CRM -> Globex Billing: send the deal (HTTPS POST /v2/invoices)`",
            ),
        );
        return None;
    };
    let reply = arrow > 0 && main.as_bytes()[arrow - 1] == b'-';
    let from_end = if reply { arrow - 1 } else { arrow };
    let arrow_span = entry.span(from_end..arrow + 2);
    let after = arrow + 2;
    let Some(colon) = main[after..]
        .char_indices()
        .find(|&(i, c)| c == ':' && not_generated(after + i))
        .map(|(i, _)| after + i)
    else {
        errors.push(
            Diagnostic::error(
                entry.span(after..main_end),
                "no `:` after the receiver of this step",
            )
            .with_hint("write `From -> To: what happens`"),
        );
        return None;
    };
    let from_r = body::trimmed(text, 0..from_end);
    let to_r = body::trimmed(text, after..colon);
    let what_r = body::trimmed(text, colon + 1..main_end);
    let mut ok = true;
    if from_r.is_empty() {
        errors.push(
            Diagnostic::error(arrow_span.clone(), "no sender before `->`")
                .with_hint("write the participant that acts first: `From -> To: what happens`"),
        );
        ok = false;
    }
    if to_r.is_empty() {
        errors.push(
            Diagnostic::error(arrow_span, "no receiver after `->`")
                .with_hint("write the participant that receives: `From -> To: what happens`"),
        );
        ok = false;
    }
    if what_r.is_empty() {
        errors.push(
            Diagnostic::error(entry.span(colon..colon + 1), "nothing happens in this step")
                .with_hint("say what happens after the `:`"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let from = people.index(&text[from_r.clone()], entry.span(from_r));
    let to = people.index(&text[to_r.clone()], entry.span(to_r));
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => (f, t),
        (f, t) => {
            errors.extend(f.err());
            errors.extend(t.err());
            return None;
        }
    };
    let (what, protocol) = split_protocol(&text[what_r]);
    Some(FlowStep {
        from,
        to,
        what: what.to_string(),
        protocol: protocol.map(str::to_string),
        details,
        reply,
    })
}

/// Text for a mermaid label: plain, with what mermaid would read as
/// syntax or markup written as its entity codes.
fn mermaid_text(s: &str, options: ParseOptions) -> String {
    let mut out = String::new();
    for c in escape::plain(s, options).chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '"' => out.push_str("#quot;"),
            '%' => out.push_str("#37;"),
            '`' => out.push_str("#96;"),
            // mdbook-katex, which runs after us, reads `$` as math.
            '$' => out.push_str("#36;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid(title: Option<&str>, flow: &Flow, o: ParseOptions) -> String {
    let mut out = String::from("sequenceDiagram\n");
    if let Some(t) = title {
        out.push_str(&format!("    title {}\n", mermaid_text(t, o)));
    }
    out.push_str("    autonumber\n");
    for (i, p) in flow.participants.iter().enumerate() {
        out.push_str(&format!(
            "    participant p{} as {}\n",
            i + 1,
            mermaid_text(p, o)
        ));
    }
    for s in &flow.steps {
        let arrow = if s.reply { "-->>" } else { "->>" };
        let mut text = mermaid_text(&s.what, o);
        if let Some(p) = &s.protocol {
            text.push_str(&format!(" ({})", mermaid_text(p, o)));
        }
        out.push_str(&format!(
            "    p{}{arrow}p{}: {text}\n",
            s.from + 1,
            s.to + 1
        ));
    }
    write::mermaid(&out)
}

/// "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn diagram(cx: &RenderCx<'_>, call: &Call, title: &str, flow: &Flow) -> String {
    let o = cx.settings().markdown;
    let steps = &flow.steps;
    let names: Vec<String> = flow
        .participants
        .iter()
        .map(|p| escape::plain(p, o))
        .collect();
    let mut desc = format!(
        "Sequence diagram: {} step{} between {}.",
        steps.len(),
        if steps.len() == 1 { "" } else { "s" },
        and_list(&names)
    );
    let arrows: Vec<svg::Arrow> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = escape::plain(&s.what, o);
            let protocol = s.protocol.as_deref().map(|p| escape::plain(p, o));
            desc.push_str(&format!(
                " {}. {} to {}: {}{}.",
                i + 1,
                names[s.from],
                names[s.to],
                label,
                protocol
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            ));
            svg::Arrow {
                from: s.from,
                to: s.to,
                label,
                protocol,
                reply: s.reply,
            }
        })
        .collect();
    let d = svg::Diagram {
        id: format!("igf-{}-{}", cx.chapter_index(), call.span.start),
        title: escape::plain(title, o),
        desc,
        participants: names
            .into_iter()
            .map(|name| svg::Participant { name })
            .collect(),
        arrows,
    };
    let mut out = String::from("<figure class=\"integration-guide-flow\">\n");
    out.push_str(&svg::render(&d));
    if call.text("title").is_some() {
        out.push_str(&format!(
            "\n<figcaption>{}</figcaption>",
            escape::html(&d.title)
        ));
    }
    out.push_str("\n</figure>");
    out
}

fn table(cx: &RenderCx<'_>, flow: &Flow) -> String {
    let o = cx.settings().markdown;
    let (steps, names) = (&flow.steps, &flow.participants);
    let with_details = steps.iter().any(|s| s.details.is_some());
    let mut keys = vec![
        "flow-step",
        "flow-from",
        "flow-to",
        "flow-what",
        "flow-protocol",
    ];
    if with_details {
        keys.push("flow-details");
    }
    let header: Vec<String> = keys.iter().map(|k| cx.label(k)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![
                (i + 1).to_string(),
                escape::cell(&names[s.from], o),
                escape::cell(&names[s.to], o),
                escape::cell(&s.what, o),
                s.protocol
                    .as_deref()
                    .map(|p| escape::cell(p, o))
                    .unwrap_or_default(),
            ];
            if with_details {
                row.push(
                    s.details
                        .as_deref()
                        .map(|d| escape::cell(d, o))
                        .unwrap_or_default(),
                );
            }
            row
        })
        .collect();
    write::table(&header, &rows)
}

impl Shortcode for DataFlow {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let (flow, errors) = parse(call, &lines);
        cx.finish(errors, || Ok(emit(call, cx, &flow)))
    }
}

/// The Markdown: for html the diagram (SVG or mermaid), then the table;
/// each under a template heading with `level`.
fn emit(call: &Call, cx: &RenderCx<'_>, flow: &Flow) -> String {
    let title = cx
        .settings()
        .labels
        .get("flow-title")
        .replace("{participants}", &flow.participants.join(", "));
    emit_flow(
        call,
        cx,
        flow,
        &title,
        ["flow-diagram-heading", "flow-table-heading"],
    )
}

/// A flow as `data-flow` shows it, for any shortcode with `title`,
/// `format` and `level` attributes (`data-flow`, `auth-flow`): for html
/// the sequence diagram (SVG, or with `format="mermaid"` mdbook-mermaid's `<pre class="mermaid">`),
/// then the step table; with `level`, each under a heading whose text is
/// the label `headings[0]` / `headings[1]`. Other renderers get the table
/// alone. `default_title`: the diagram's accessible name when the call
/// has no `title`.
pub(super) fn emit_flow(
    call: &Call,
    cx: &RenderCx<'_>,
    flow: &Flow,
    default_title: &str,
    headings: [&str; 2],
) -> String {
    let o = cx.settings().markdown;
    let level = call.int("level");
    let heading =
        |key: &str| level.map(|l| format!("{}\n\n", write::heading(l, &cx.label(key), None)));
    let mut out = String::new();
    if cx.renderer() == "html" {
        out.extend(heading(headings[0]));
        let title = call
            .text("title")
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(default_title);
        if call.text("format") == Some("mermaid") {
            out.push_str(&mermaid(call.text("title"), flow, o));
        } else {
            out.push_str(&diagram(cx, call, title, flow));
        }
        out.push_str("\n\n");
    }
    out.extend(heading(headings[1]));
    out.push_str(&table(cx, flow));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Errors = Vec<(String, std::ops::Range<usize>)>;

    /// A `data-flow` whose tag is at 0..10, its `participants` (if any)
    /// written at 1000.
    fn parsed(participants: Option<&str>, text: &str) -> (Flow, Errors) {
        let args = participants
            .map(|p| {
                (
                    "participants",
                    AttrValue::Text(p.to_string()),
                    1000..1000 + p.len(),
                )
            })
            .into_iter()
            .collect();
        let call = Call::for_test("data-flow", 0..10, args);
        let (flow, errors) = parse(&call, &BodyLine::lines_of(text));
        let errors = errors.into_iter().map(|d| (d.message, d.span)).collect();
        (flow, errors)
    }

    fn step(from: usize, to: usize, what: &str, protocol: Option<&str>) -> FlowStep {
        FlowStep {
            from,
            to,
            what: what.into(),
            protocol: protocol.map(str::to_string),
            details: None,
            reply: false,
        }
    }

    #[test]
    fn lines_become_steps_between_participants() {
        let (flow, errors) = parsed(
            None,
            "- Acme CRM -> Globex: send the deal (HTTPS POST /v2)\n\nGlobex --> Acme CRM: `201` | the id comes back\nGlobex -> Globex: file it",
        );
        assert_eq!(errors, vec![]);
        assert_eq!(flow.participants, vec!["Acme CRM", "Globex"]);
        assert_eq!(
            flow.steps,
            vec![
                step(0, 1, "send the deal", Some("HTTPS POST /v2")),
                FlowStep {
                    details: Some("the id comes back".into()),
                    reply: true,
                    ..step(1, 0, "`201`", None)
                },
                step(1, 1, "file it", None),
            ]
        );
    }

    #[test]
    fn declared_participants_fix_the_columns() {
        let (flow, errors) = parsed(Some("B, A, B"), "A -> B: x\nA -> C: y");
        assert_eq!(flow.participants, vec!["B", "A"]);
        assert_eq!(flow.steps, vec![step(1, 0, "x", None)]);
        assert_eq!(
            errors,
            vec![
                // The second `B` of the attribute.
                ("participant `B` is listed twice".to_string(), 1006..1007),
                ("`C` is not one of the `participants`".to_string(), 15..16),
            ]
        );
    }

    #[test]
    fn an_empty_body_points_at_the_shortcode() {
        let (flow, errors) = parsed(None, "");
        assert!(flow.steps.is_empty());
        assert_eq!(errors, vec![("`data-flow` has no step".to_string(), 0..10)]);
    }

    #[test]
    fn broken_lines_are_located_and_left_out() {
        let text = "A sends to B\nA -> B sends\n -> B: x\nA -> : x\nA -> B:\nA -> B: ok\na -> B: y";
        let (flow, errors) = parsed(None, text);
        assert_eq!(flow.participants, vec!["A", "B"]);
        assert_eq!(flow.steps, vec![step(0, 1, "ok", None)]);
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|(m, span)| (m.as_str(), &text[span.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "a `data-flow` step is `From -> To: what happens`; this line has no `->`",
                    "A sends to B"
                ),
                ("no `:` after the receiver of this step", " B sends"),
                ("no sender before `->`", "->"),
                ("no receiver after `->`", "->"),
                ("nothing happens in this step", ":"),
                (
                    "`a` differs from the participant `A` only in case or spacing",
                    "a"
                ),
            ]
        );
        let spans: Vec<_> = errors.into_iter().map(|(_, span)| span).collect();
        assert_eq!(spans, vec![0..12, 17..25, 27..29, 37..39, 50..51, 63..64]);
    }

    #[test]
    fn protocols() {
        assert_eq!(split_protocol("send (HTTPS)"), ("send", Some("HTTPS")));
        assert_eq!(split_protocol("send (a (b) c)"), ("send", Some("a (b) c")));
        assert_eq!(split_protocol("(only)"), ("(only)", None));
        assert_eq!(split_protocol("no protocol"), ("no protocol", None));
        assert_eq!(split_protocol("odd b)"), ("odd b)", None));
    }

    #[test]
    fn mermaid_escapes() {
        let o = ParseOptions::default();
        assert_eq!(
            mermaid_text("a;b #c <d> & \"e\"", o),
            "a#59;b #35;c #lt;d#gt; #amp; #quot;e#quot;"
        );
    }
}
