//! `<<#step-ref id>>`: a link to a config step from anywhere in the book,
//! `Step N: Title` (the `step-ref` label, or the `format` attribute).

use super::prelude::*;

use crate::labels;

use super::steps::{self, Steps};

pub struct StepRef;

static LABELS: &[LabelSpec] = &[LabelSpec {
    key: "step-ref",
    default: "Step {number}: {title}",
    placeholders: &["number", "title"],
    may_be_empty: false,
    doc: "the text of a link to a step (`step-ref`, generated \"What to do next\")",
}];

static SPEC: Spec = Spec {
    name: "step-ref",
    positional: Some("id"),
    attrs: &[
        AttrSpec {
            name: "id",
            ty: AttrType::Id,
            required: true,
            doc: "the id of the config step to link to",
        },
        AttrSpec {
            name: "format",
            ty: AttrType::Text,
            required: false,
            doc: "the link text, with {number} and {title} (default: the `step-ref` label)",
        },
    ],
    body: BodyRule::None,
    placement: Placement::Inline,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: &[],
};

impl Shortcode for StepRef {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let id = call.text("id").unwrap_or_default();
        let all = cx.facts().get::<Steps>();
        let Some(step) = all.and_then(|s| s.by_id(id)) else {
            let d = Diagnostic::error(
                call.span_of("id"),
                format!("no config step has the id `{id}`"),
            );
            let ids = all.map(Steps::ids).unwrap_or_default();
            return Err(match crate::diagnostic::closest(id, ids.iter().copied()) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None if ids.is_empty() => d.with_hint(
                    "the book has no `<<#config-step>>` with an id; give the step id=\"...\" or use the id made from its title",
                ),
                None => d.with_hint(format!(
                    "the step ids are: {}",
                    ids.iter()
                        .map(|i| format!("`{i}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
        };
        let format = match call.text("format") {
            Some(format) => {
                if let Some(bad) = labels::placeholders(format)
                    .into_iter()
                    .find(|p| !matches!(*p, "number" | "title"))
                {
                    return Err(Diagnostic::error(
                        call.span_of("format"),
                        format!("unknown placeholder `{{{bad}}}` in `format`"),
                    )
                    .with_hint("`format` takes {number} and {title}"));
                }
                format
            }
            None => cx.settings().labels.step_ref.as_str(),
        };
        let target = cx.link_to(step.chapter, Some(&step.id));
        if target.is_none() {
            cx.warn(
                Diagnostic::warning(
                    call.span_of("id"),
                    format!("the config step `{id}` is in a draft chapter, which has no page"),
                )
                .with_hint("the reference is shown without a link"),
            );
        }
        Ok(steps::link(&steps::ref_text(format, step), target))
    }
}
