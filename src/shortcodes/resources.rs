//! `<<#resources>>`: lines `kind: [link](url) and a description`, rendered
//! as lists of links grouped under the template's kinds of resources, in
//! the template's order.

use super::prelude::*;

pub struct Resources;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "resources-docs",
        default: "Official product documentation",
        placeholders: &[],
        may_be_empty: false,
        doc: "`resources`: the `docs` kind's title",
    },
    LabelSpec {
        key: "resources-api",
        default: "API references",
        placeholders: &[],
        may_be_empty: false,
        doc: "`resources`: the `api` kind's title",
    },
    LabelSpec {
        key: "resources-internal",
        default: "Internal technical resources",
        placeholders: &[],
        may_be_empty: false,
        doc: "`resources`: the `internal` kind's title",
    },
    LabelSpec {
        key: "resources-guides",
        default: "Related workflow guides",
        placeholders: &[],
        may_be_empty: false,
        doc: "`resources`: the `guides` kind's title",
    },
    LabelSpec {
        key: "resources-troubleshooting",
        default: "Troubleshooting articles",
        placeholders: &[],
        may_be_empty: false,
        doc: "`resources`: the `troubleshooting` kind's title",
    },
];

static SPEC: Spec = Spec {
    name: "resources",
    positional: None,
    attrs: &[AttrSpec {
        name: "level",
        ty: AttrType::Int { min: 1, max: 6 },
        required: false,
        doc: "make each kind's title a heading of this level (default: bold text)",
    }],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The template's kinds of resources, in its order.
pub const GROUPS: &[Group] = &[
    Group {
        title: "Official product documentation",
        label: "resources-docs",
        keys: &["docs", "documentation", "official", "product"],
    },
    Group {
        title: "API references",
        label: "resources-api",
        keys: &["api", "reference", "references", "api-reference"],
    },
    Group {
        title: "Internal technical resources",
        label: "resources-internal",
        keys: &["internal", "technical"],
    },
    Group {
        title: "Related workflow guides",
        label: "resources-guides",
        keys: &["guides", "guide", "related", "workflows", "workflow"],
    },
    Group {
        title: "Troubleshooting articles",
        label: "resources-troubleshooting",
        keys: &["troubleshooting", "support", "articles", "kb"],
    },
];

impl Shortcode for Resources {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let lines = cx.body_lines().unwrap_or_default();
        let (groups, errors) = parse(&lines, call.span.clone(), cx.settings().markdown);
        cx.finish(errors, || Ok(emit(&groups, call, cx)))
    }
}

/// The resources of each kind of [`GROUPS`], inline Markdown as written;
/// each must hold a link. `span`: the shortcode's, for an empty body.
fn parse(
    lines: &[BodyLine],
    span: std::ops::Range<usize>,
    options: crate::markdown::ParseOptions,
) -> (Vec<Vec<&str>>, Vec<Diagnostic>) {
    let entries = body::entries(lines, false);
    let mut errors = Vec::new();
    if entries.is_empty() {
        errors.push(
            Diagnostic::error(span, "`resources` lists nothing").with_hint(
                "write one resource per line, e.g. `docs: [mdBook](https://rust-lang.github.io/mdBook/)`",
            ),
        );
    }
    let groups = body::grouped(&entries, GROUPS, "resources", "kind", &mut errors);
    for (entry, item) in groups.iter().flatten() {
        if !escape::has_link(&entry.text()[item.clone()], options) {
            errors.push(
                Diagnostic::error(entry.span(item.clone()), "this resource has no link")
                    .with_hint("write it as a Markdown link, e.g. `[Title](https://...)`, or as `<https://...>`"),
            );
        }
    }
    errors.sort_by_key(|d| d.span.start);
    let groups = groups
        .iter()
        .map(|items| items.iter().map(|(e, r)| e.part(r.clone())).collect())
        .collect();
    (groups, errors)
}

/// A list of links per kind that has items, under its title.
fn emit(groups: &[Vec<&str>], call: &Call, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let items: Vec<Vec<String>> = groups
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
    use crate::markdown::ParseOptions;

    #[test]
    fn links_by_kind_in_the_templates_order() {
        let lines = BodyLine::lines_of(
            "kb: [Sync errors](https://kb.example/1)\ndocs: <https://docs.example>\napi: [API](https://api.example) and more",
        );
        let (groups, errors) = parse(&lines, 0..10, ParseOptions::default());
        assert!(errors.is_empty());
        assert_eq!(
            groups,
            vec![
                vec!["<https://docs.example>"],
                vec!["[API](https://api.example) and more"],
                vec![],
                vec![],
                vec!["[Sync errors](https://kb.example/1)"],
            ]
        );
    }

    #[test]
    fn errors_in_the_order_of_the_text() {
        let text = "docs: no link here\nblog: [x](https://x.example)\napi: `[x](y)`";
        let (_, errors) = parse(&BodyLine::lines_of(text), 0..10, ParseOptions::default());
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|d| (d.message.as_str(), &text[d.span.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![
                ("this resource has no link", "no link here"),
                ("unknown kind `blog` in `resources`", "blog"),
                ("this resource has no link", "`[x](y)`"),
            ]
        );
        let spans: Vec<_> = errors.iter().map(|d| d.span.clone()).collect();
        assert_eq!(spans, vec![6..18, 19..23, 53..61]);
        let (_, errors) = parse(&BodyLine::lines_of(""), 0..10, ParseOptions::default());
        assert_eq!(
            (errors[0].message.as_str(), errors[0].span.clone()),
            ("`resources` lists nothing", 0..10)
        );
    }
}
