//! `<<#alternative title="...">>`: one of two or more ways to do (part
//! of) a config step's procedure, shown as a labelled section of the step
//! ("Alternative: Generate the key with the API"). Alternatives are not
//! steps: they are not numbered, not in the workflow table, and change no
//! heading level. `config-step` checks that a step has two or more.

use super::prelude::*;

use crate::labels::fill;

pub struct Alternative;

static LABELS: &[LabelSpec] = &[LabelSpec {
    key: "alternative",
    default: "Alternative: {title}",
    placeholders: &["title"],
    may_be_empty: false,
    doc: "`alternative`: the label of one way to do a step; `{title}` is its `title`",
}];

static SPEC: Spec = Spec {
    name: "alternative",
    positional: None,
    attrs: &[AttrSpec {
        name: "title",
        ty: AttrType::Text,
        required: true,
        doc: "what this way is, inline Markdown, e.g. \"Generate the key with the API\"",
    }],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &["config-step"],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

impl Shortcode for Alternative {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let title = call.text("title").unwrap_or_default().trim();
        let mut errors = Vec::new();
        if title.is_empty() {
            errors.push(
                Diagnostic::error(call.span_of("title"), "the alternative's `title` is empty")
                    .with_hint(
                        "say what this way is, e.g. title=\"Generate the key with the API\"",
                    ),
            );
        }
        let body = cx.body().unwrap_or_default().trim_matches('\n').trim_end();
        if body.trim().is_empty() {
            errors.push(
                Diagnostic::error(call.span.clone(), "the alternative has no body").with_hint(
                    "write what to do this way between `<<#alternative>>` and `<</alternative>>`",
                ),
            );
        }
        cx.finish(errors, || {
            let title = escape::inline(title, cx.settings().markdown);
            let label = fill(
                cx.settings().labels.get("alternative"),
                &[("title", &title)],
            );
            Ok(format!("**{label}**\n\n{body}"))
        })
    }
}

/// A step's `<<#alternative>>` children that stand alone: a step with
/// one alternative is an error at it (an alternative is one of two or
/// more ways).
pub fn check_count<'a>(
    children: impl IntoIterator<Item = Child<'a>>,
    errors: &mut Vec<Diagnostic>,
) {
    let spans: Vec<std::ops::Range<usize>> = children
        .into_iter()
        .filter(|c| c.call.name == "alternative")
        .map(|c| c.call.span.clone())
        .collect();
    if let [only] = spans.as_slice() {
        errors.push(
            Diagnostic::error(only.clone(), "a config step with one alternative")
                .with_hint("an alternative is one of two or more ways to do the step: add another `<<#alternative>>`, or write this one as the procedure"),
        );
    }
}
