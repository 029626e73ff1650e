//! `<<#prerequisites>>`: lines `category: item`, rendered as a checklist
//! grouped by the template's categories, in the template's order, with an
//! optional WARNING alert.

use super::prelude::*;

use super::callouts::{self, Kind};

pub struct Prerequisites;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "prerequisites-accounts",
        default: "Accounts and permissions",
        placeholders: &[],
        may_be_empty: false,
        doc: "`prerequisites`: the `accounts` category's title",
    },
    LabelSpec {
        key: "prerequisites-credentials",
        default: "Certificates, keys and tokens",
        placeholders: &[],
        may_be_empty: false,
        doc: "`prerequisites`: the `credentials` category's title",
    },
    LabelSpec {
        key: "prerequisites-environment",
        default: "Environment",
        placeholders: &[],
        may_be_empty: false,
        doc: "`prerequisites`: the `environment` category's title",
    },
    LabelSpec {
        key: "prerequisites-platform",
        default: "API versions and platform requirements",
        placeholders: &[],
        may_be_empty: false,
        doc: "`prerequisites`: the `platform` category's title",
    },
    LabelSpec {
        key: "prerequisites-sandbox",
        default: "Sandbox and production",
        placeholders: &[],
        may_be_empty: false,
        doc: "`prerequisites`: the `sandbox` category's title",
    },
];

static SPEC: Spec = Spec {
    name: "prerequisites",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "warning",
            ty: AttrType::Text,
            required: false,
            doc: "a warning shown after the list, for irreversible or security-sensitive steps",
        },
        AttrSpec {
            name: "level",
            ty: AttrType::Int { min: 1, max: 6 },
            required: false,
            doc: "make each category title a heading of this level (default: bold text)",
        },
    ],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

/// The template's categories, in its order.
pub const GROUPS: &[Group] = &[
    Group {
        title: "Accounts and permissions",
        label: "prerequisites-accounts",
        keys: &[
            "accounts",
            "account",
            "permissions",
            "permission",
            "access",
            "roles",
        ],
    },
    Group {
        title: "Certificates, keys and tokens",
        label: "prerequisites-credentials",
        keys: &[
            "credentials",
            "certificates",
            "certificate",
            "keys",
            "key",
            "tokens",
            "token",
            "secrets",
        ],
    },
    Group {
        title: "Environment",
        label: "prerequisites-environment",
        keys: &["environment", "env", "setup", "network"],
    },
    Group {
        title: "API versions and platform requirements",
        label: "prerequisites-platform",
        keys: &[
            "platform",
            "api",
            "api-versions",
            "versions",
            "version",
            "requirements",
        ],
    },
    Group {
        title: "Sandbox and production",
        label: "prerequisites-sandbox",
        keys: &["sandbox", "production", "sandbox-vs-production"],
    },
];

impl Shortcode for Prerequisites {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let options = cx.settings().markdown;
        let lines = cx.body_lines().unwrap_or_default();
        let entries = body::entries(&lines, true);
        let mut errors = Vec::new();
        if entries.is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "`prerequisites` lists nothing").with_hint(
                    "write one prerequisite per line, e.g. `accounts: An admin account`",
                ),
            );
        }
        let groups = body::grouped(&entries, GROUPS, "prerequisites", "category", &mut errors);
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
                        format!(
                            "- [ ] {}",
                            escape::inline(&entry.text()[item.clone()], options)
                        )
                    })
                    .collect();
                parts.push(list.join("\n"));
            }
            if let Some(warning) = call.text("warning").filter(|w| !w.trim().is_empty()) {
                parts.push(callouts::alert(
                    Kind::Warning,
                    &escape::inline(warning, options),
                    options.admonitions,
                ));
            }
            Ok(parts.join("\n\n"))
        })
    }
}
