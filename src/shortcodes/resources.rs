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
        let options = cx.settings().markdown;
        let lines = cx.body_lines().unwrap_or_default();
        let entries = body::entries(&lines, false);
        let mut errors = Vec::new();
        if entries.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`resources` lists nothing").with_hint(
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
        cx.finish(errors, || {
            let mut parts: Vec<String> = Vec::new();
            for (group, items) in GROUPS.iter().zip(&groups) {
                if items.is_empty() {
                    continue;
                }
                parts.push(write::group_title(
                    &cx.label(group.label),
                    call.int("level"),
                ));
                let list: Vec<String> = items
                    .iter()
                    .map(|(entry, item)| {
                        format!("- {}", escape::inline(&entry.text()[item.clone()], options))
                    })
                    .collect();
                parts.push(list.join("\n"));
            }
            Ok(parts.join("\n\n"))
        })
    }
}
