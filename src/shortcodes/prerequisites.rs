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
        let lines = cx.body_lines().unwrap_or_default();
        let (groups, errors) = parse(&lines, call.span.clone());
        cx.finish(errors, || Ok(emit(&groups, call, cx)))
    }
}

/// The items of each category of [`GROUPS`], inline Markdown as written
/// (task markers removed). `span`: the shortcode's, for an empty body.
fn parse(lines: &[BodyLine], span: std::ops::Range<usize>) -> (Vec<Vec<&str>>, Vec<Diagnostic>) {
    let entries = body::entries(lines, true);
    let mut errors = Vec::new();
    if entries.is_empty() {
        errors.push(
            Diagnostic::error(span, "`prerequisites` lists nothing")
                .with_hint("write one prerequisite per line, e.g. `accounts: An admin account`"),
        );
    }
    let groups = body::grouped(&entries, GROUPS, "prerequisites", "category", &mut errors);
    let groups = groups
        .iter()
        .map(|items| items.iter().map(|(e, r)| e.part(r.clone())).collect())
        .collect();
    (groups, errors)
}

/// A checklist per category that has items, under its title, then the
/// `warning`.
fn emit(groups: &[Vec<&str>], call: &Call, cx: &RenderCx<'_>) -> String {
    let options = cx.settings().markdown;
    let items: Vec<Vec<String>> = groups
        .iter()
        .map(|list| list.iter().map(|i| escape::inline(i, options)).collect())
        .collect();
    let titles = GROUPS.iter().map(|g| cx.label(g.label));
    let mut parts = write::grouped_lists(titles, &items, call.int("level"), "- [ ] ");
    if let Some(warning) = call.text("warning").filter(|w| !w.trim().is_empty()) {
        parts.push(callouts::alert(
            Kind::Warning,
            &escape::inline(warning, options),
            cx.settings().alerts(),
        ));
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_by_category_without_task_markers() {
        let lines = BodyLine::lines_of(
            "- [ ] token: An API token\n- [x] accounts: An admin account\nenv: VPN",
        );
        let (groups, errors) = parse(&lines, 0..10);
        assert!(errors.is_empty());
        assert_eq!(
            groups,
            vec![
                vec!["An admin account"],
                vec!["An API token"],
                vec!["VPN"],
                vec![],
                vec![],
            ]
        );
    }

    #[test]
    fn an_empty_body_and_unknown_categories_are_located() {
        let (_, errors) = parse(&BodyLine::lines_of("<!-- later -->"), 0..10);
        assert_eq!(
            (errors[0].message.as_str(), errors[0].span.clone()),
            ("`prerequisites` lists nothing", 0..10)
        );
        let (_, errors) = parse(&BodyLine::lines_of("- [ ] acount: x"), 0..10);
        assert_eq!(
            (errors[0].message.as_str(), errors[0].span.clone()),
            ("unknown category `acount` in `prerequisites`", 6..12)
        );
        assert_eq!(
            errors[0]
                .hint
                .as_deref()
                .map(|h| h.starts_with("did you mean `account`?")),
            Some(true)
        );
    }
}
