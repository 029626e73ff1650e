//! `<<#audience>>`: who the guide is for, the knowledge it assumes and the
//! tools readers need, from attributes (comma-separated) and/or body lines
//! `role: ...`, `knowledge: ...`, `tool: ...`.

use super::prelude::*;

pub struct Audience;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "audience-roles",
        default: "Who this guide is for",
        placeholders: &[],
        may_be_empty: false,
        doc: "`audience`: the roles list's title",
    },
    LabelSpec {
        key: "audience-knowledge",
        default: "Assumed knowledge",
        placeholders: &[],
        may_be_empty: false,
        doc: "`audience`: the knowledge list's title",
    },
    LabelSpec {
        key: "audience-tools",
        default: "Required tools",
        placeholders: &[],
        may_be_empty: false,
        doc: "`audience`: the tools list's title",
    },
];

static SPEC: Spec = Spec {
    name: "audience",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "roles",
            ty: AttrType::Text,
            required: false,
            doc: "who the guide is for, comma-separated (e.g. \"System administrators, Developers\")",
        },
        AttrSpec {
            name: "knowledge",
            ty: AttrType::Text,
            required: false,
            doc: "the technical knowledge readers need, comma-separated",
        },
        AttrSpec {
            name: "tools",
            ty: AttrType::Text,
            required: false,
            doc: "the tools readers should be familiar with, comma-separated",
        },
        AttrSpec {
            name: "level",
            ty: AttrType::Int { min: 1, max: 6 },
            required: false,
            doc: "make each list's title a heading of this level (default: bold text)",
        },
    ],
    body: BodyRule::Optional,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The lists, in order, with the attribute that fills each.
const GROUPS: &[Group] = &[
    Group {
        title: "Who this guide is for",
        label: "audience-roles",
        keys: &["role", "roles", "audience", "reader", "readers"],
    },
    Group {
        title: "Assumed knowledge",
        label: "audience-knowledge",
        keys: &["knowledge", "skills", "skill", "background"],
    },
    Group {
        title: "Required tools",
        label: "audience-tools",
        keys: &["tool", "tools"],
    },
];
const ATTRS: [&str; 3] = ["roles", "knowledge", "tools"];

impl Shortcode for Audience {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let (lists, errors) = parse(call, &lines);
        cx.finish(errors, || Ok(emit(&lists, call, cx)))
    }
}

/// The items of each list of [`GROUPS`], inline Markdown as written:
/// the attribute's, then the body's.
fn parse<'a>(call: &'a Call, lines: &'a [BodyLine]) -> (Vec<Vec<&'a str>>, Vec<Diagnostic>) {
    let entries = body::entries(lines, false);
    let mut errors = Vec::new();
    let from_body = body::grouped(&entries, GROUPS, "audience", "list", &mut errors);
    let mut lists: Vec<Vec<&str>> = Vec::with_capacity(GROUPS.len());
    for (attr, body_items) in ATTRS.iter().zip(&from_body) {
        let mut items: Vec<&str> = call.text(attr).map(body::comma_list).unwrap_or_default();
        items.extend(body_items.iter().map(|(e, r)| e.part(r.clone())));
        lists.push(items);
    }
    if errors.is_empty() && lists[0].is_empty() {
        errors.push(
            Diagnostic::error(call.span.clone(), "`audience` names no role").with_hint(
                "add roles=\"System administrators, Developers\" or body lines `role: ...`",
            ),
        );
    }
    (lists, errors)
}

/// Each list that has items, under its title.
fn emit(lists: &[Vec<&str>], call: &Call, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let items: Vec<Vec<String>> = lists
        .iter()
        .map(|list| list.iter().map(|i| escape::inline(i, options)).collect())
        .collect();
    let titles = GROUPS.iter().map(|g| cx.label(g.label));
    let parts = write::grouped_lists(titles, &items, call.int("level"), "- ");
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_then_body_lines() {
        let call = Call::for_test(
            "audience",
            0..10,
            vec![
                (
                    "roles",
                    AttrValue::Text("Admins, ,Developers".into()),
                    20..39,
                ),
                ("tools", AttrValue::Text("curl".into()), 50..54),
            ],
        );
        let lines = BodyLine::lines_of("tool: jq\nskills: REST\nreaders: Support");
        let (lists, errors) = parse(&call, &lines);
        assert!(errors.is_empty());
        assert_eq!(
            lists,
            vec![
                vec!["Admins", "Developers", "Support"],
                vec!["REST"],
                vec!["curl", "jq"],
            ]
        );
    }

    #[test]
    fn a_role_is_required() {
        let call = Call::for_test("audience", 0..10, vec![]);
        let lines = BodyLine::lines_of("tools: jq");
        let (_, errors) = parse(&call, &lines);
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(found, vec![("`audience` names no role", 0..10)]);
        // A broken line is reported instead.
        let lines = BodyLine::lines_of("tools: jq\npets: cat");
        let (lists, errors) = parse(&call, &lines);
        assert_eq!(lists[2], vec!["jq"]);
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(found, vec![("unknown list `pets` in `audience`", 10..14)]);
    }
}
