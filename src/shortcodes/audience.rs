//! `<<#audience>>`: who the guide is for, the knowledge it assumes and the
//! tools readers need, from attributes (comma-separated) and/or body lines
//! `role: ...`, `knowledge: ...`, `tool: ...`.

use crate::diagnostic::Diagnostic;
use crate::engine::RenderCx;
use crate::registry::{AttrSpec, AttrType, BodyRule, Call, Placement, Shortcode, Spec, Stage};

use super::common::{self, Group};

pub struct Audience;

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
        let options = cx.settings().markdown;
        let lines = cx.body_lines().unwrap_or_default();
        let entries = common::entries(&lines, false);
        let mut errors = Vec::new();
        let from_body = common::grouped(&entries, GROUPS, "audience", "list", &mut errors);
        let mut lists: Vec<Vec<String>> = Vec::with_capacity(GROUPS.len());
        for (attr, body_items) in ATTRS.iter().zip(&from_body) {
            let mut items: Vec<String> = call
                .text(attr)
                .map(common::comma_list)
                .unwrap_or_default()
                .into_iter()
                .map(|s| common::inline(s, options))
                .collect();
            items.extend(
                body_items
                    .iter()
                    .map(|(e, r)| common::inline(&e.text()[r.clone()], options)),
            );
            lists.push(items);
        }
        if errors.is_empty() && lists[0].is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`audience` names no role").with_hint(
                    "add roles=\"System administrators, Developers\" or body lines `role: ...`",
                ),
            );
        }
        common::finish(cx, errors, || {
            let mut parts = Vec::new();
            for (group, items) in GROUPS.iter().zip(&lists) {
                if items.is_empty() {
                    continue;
                }
                parts.push(common::group_title(
                    &common::label(cx, group.label),
                    call.int("level"),
                ));
                let list: Vec<String> = items.iter().map(|i| format!("- {i}")).collect();
                parts.push(list.join("\n"));
            }
            Ok(parts.join("\n\n"))
        })
    }
}
