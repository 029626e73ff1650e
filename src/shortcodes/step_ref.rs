//! `<<#step-ref id>>`: a link to a config step from anywhere in the book,
//! `Step N: Title` (the `step-ref` label, or the `format` attribute).

use super::prelude::*;

use crate::labels;

use super::steps::{self, Steps};

pub struct StepRef;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "step-ref",
        default: "Step {number}: {title}",
        placeholders: &["number", "title"],
        may_be_empty: false,
        doc: "the text of a link to a step (`step-ref`, generated \"What to do next\")",
    },
    LabelSpec {
        key: "step-ref-other-guide",
        default: "{guide}, step {number}: {title}",
        placeholders: &["guide", "number", "title"],
        may_be_empty: false,
        doc: "the text of a `step-ref` to a step in another guide (`guides` in book.toml); `{guide}` is that guide's title",
    },
];

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
            doc: "the link text, with {number}, {title} and {guide} (default: the `step-ref` label, or `step-ref-other-guide` for a step in another guide)",
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
        // The title of the step's guide, when it is not this chapter's.
        let other_guide = crate::guides::of(cx.facts())
            .filter(|g| g.is_multi())
            .and_then(|g| {
                let theirs = step.guide?;
                (g.of_chapter(cx.chapter_index()) != Some(theirs))
                    .then(|| g.get(theirs).map(|g| g.title.as_str()))
                    .flatten()
            });
        let format = match call.text("format") {
            Some(format) => {
                if let Some(bad) = labels::placeholders(format)
                    .into_iter()
                    .find(|p| !matches!(*p, "number" | "title" | "guide"))
                {
                    return Err(Diagnostic::error(
                        call.span_of("format"),
                        format!("unknown placeholder `{{{bad}}}` in `format`"),
                    )
                    .with_hint("`format` takes {number}, {title} and {guide}"));
                }
                format
            }
            None if other_guide.is_some() => cx.settings().labels.get("step-ref-other-guide"),
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
        let text = labels::fill(
            format,
            &[
                ("number", &step.number.to_string()),
                ("title", &step.title),
                ("guide", &escape::text(other_guide.unwrap_or_default())),
            ],
        );
        Ok(steps::link(&text, target))
    }
}
