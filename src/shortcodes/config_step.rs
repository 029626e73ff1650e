//! `<<#config-step>>`: one numbered configuration step of the template
//! (a heading `N. Title`, **Before you begin**, **Procedure**, **What to do
//! next**), with its `<<#before>>` and `<<#next>>` slots.

use super::prelude::*;

use crate::ids;
use crate::labels::fill;
use crate::markdown::ParseOptions;

use super::steps::{self, Step, Steps};

pub struct ConfigStep;
pub struct Before;
pub struct Next;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "before-you-begin",
        default: "Before you begin",
        placeholders: &[],
        may_be_empty: false,
        doc: "the title of a config step's prerequisites",
    },
    LabelSpec {
        key: "procedure",
        default: "Procedure",
        placeholders: &[],
        may_be_empty: false,
        doc: "the title of a config step's procedure",
    },
    LabelSpec {
        key: "what-to-do-next",
        default: "What to do next",
        placeholders: &[],
        may_be_empty: false,
        doc: "the title of a config step's pointer to what follows",
    },
    LabelSpec {
        key: "next-step",
        default: "Continue with {step}.",
        placeholders: &["step"],
        may_be_empty: true,
        doc: "the generated \"What to do next\" of a step that has a next step; `{step}` is the link; empty: none",
    },
    LabelSpec {
        key: "last-step",
        default: "Continue with {section}.",
        placeholders: &["section"],
        may_be_empty: true,
        doc: "the generated \"What to do next\" of the last step; `{section}` is the link to the validation section; empty: none",
    },
    LabelSpec {
        key: "optional-step",
        default: "(optional)",
        placeholders: &[],
        may_be_empty: false,
        doc: "after the title of an `optional` config step, in its heading and its workflow table row",
    },
    LabelSpec {
        key: "validation-heading",
        default: "Validation",
        placeholders: &[],
        may_be_empty: false,
        doc: "the heading the last step points to (the first heading of the book with this text, ignoring case)",
    },
];

static OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        key: "level",
        ty: AttrType::Int { min: 1, max: 6 },
        default: "",
        expect: "it must be a heading level from 1 to 6",
        pattern: "",
        doc: "the heading level of every step (default: one below the section the step stands in)",
    },
    OptionSpec {
        key: "last-step-link",
        ty: AttrType::Text,
        default: "",
        expect: "it must be a chapter path relative to the book's src directory, optionally with an #anchor, e.g. \"validation.md#send-a-test-deal\"",
        pattern: "^[^\\s#]",
        doc: "where the last step's \"What to do next\" points (default: the Validation section)",
    },
];

static SPEC: Spec = Spec {
    name: "config-step",
    positional: None,
    attrs: &[
        AttrSpec {
            name: "title",
            ty: AttrType::Text,
            required: true,
            doc: "the step's title, inline Markdown",
        },
        AttrSpec {
            name: "id",
            ty: AttrType::Id,
            required: false,
            doc: "the step's anchor id, for `step-ref` (default: from the title)",
        },
        AttrSpec {
            name: "party",
            ty: AttrType::Text,
            required: false,
            doc: "who does the step, for the workflow table",
        },
        AttrSpec {
            name: "summary",
            ty: AttrType::Text,
            required: false,
            doc: "one sentence for the workflow table, inline Markdown",
        },
        AttrSpec {
            name: "level",
            ty: AttrType::Int { min: 1, max: 6 },
            required: false,
            doc: "the heading level (default: one below the section the step stands in)",
        },
        AttrSpec {
            name: "optional",
            ty: AttrType::Bool,
            required: false,
            doc: "the step may be skipped: \"(optional)\" after its title in the heading and the workflow table; numbering unchanged",
        },
    ],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &[],
    stage: Stage::Main,
    labels: LABELS,
    options: OPTIONS,
};

static BEFORE: Spec = Spec {
    name: "before",
    positional: None,
    attrs: &[],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &["config-step"],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};

static NEXT: Spec = Spec {
    name: "next",
    positional: None,
    attrs: &[],
    body: BodyRule::Required,
    placement: Placement::Block,
    parents: &["config-step"],
    stage: Stage::Main,
    labels: &[],
    options: &[],
};

impl Shortcode for ConfigStep {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn collect(&self, call: &Call, cx: &mut CollectCx<'_>) {
        let title = call.text("title").unwrap_or_default().trim().to_string();
        let explicit = call.text("id");
        let id = explicit.map_or_else(|| steps::default_id(&title), str::to_string);
        let nonempty = |name: &str| {
            call.text(name)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        // The title and summary are inline Markdown that lands in headings,
        // table cells and links: raw HTML in them is shown as text.
        let safe = |s: &str| escape::inline(s, ParseOptions::default());
        let guides = crate::guides::of(cx.facts);
        let guide = guides.and_then(|g| g.of_chapter(cx.chapter_index));
        if guide.is_none() && guides.is_some_and(|g| g.is_multi()) {
            let what = match cx.settings().guides {
                crate::guides::GuideMode::Chapters => {
                    "a numbered top-level chapter of SUMMARY.md or one of its sub-chapters"
                }
                _ => "a chapter of a SUMMARY.md part (after a `# Title` line)",
            };
            cx.report(
                Diagnostic::error(
                    call.span.start..call.span.start + "<<#config-step".len(),
                    "config steps must be inside a guide",
                )
                .with_hint(format!(
                    "this chapter belongs to no guide (a prefix or suffix chapter); move the step into {what}"
                )),
            );
        }
        let first = cx
            .facts
            .entry::<Steps>()
            .push(
                id.clone(),
                safe(&title),
                nonempty("party"),
                nonempty("summary").map(|s| safe(&s)),
                cx.chapter_index,
                call.span.start,
                guide,
            )
            .map(|s| (s.chapter, s.offset));
        if call.flag("optional") == Some(true) {
            cx.facts.entry::<Steps>().mark_last_optional();
        }
        if let Some((offset, len)) = cx.raw_body().map(|(o, b)| (o, b.len())) {
            cx.facts
                .entry::<StepBodies>()
                .by_chapter
                .entry(cx.chapter_index)
                .or_default()
                .push(offset..offset + len);
        }
        if first.is_none() {
            super::page_ids::record(cx, &id, call.span_of("id"), "config step");
        }
        if let Some((chapter, offset)) = first {
            let (message, fix) = if explicit.is_some() {
                (
                    format!("duplicate config step id `{id}`"),
                    "give one of them another id=\"...\"",
                )
            } else {
                (
                    format!("duplicate config step id `{id}` (made from the title)"),
                    "give this step its own id=\"...\"",
                )
            };
            let open = offset..offset + "<<#config-step".len();
            cx.report(
                Diagnostic::error(call.span_of("id"), message)
                    .with_hint(fix)
                    .with_related(Place::Chapter(chapter), open, "the first step with this id"),
            );
        }
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let settings = cx.settings();
        let all = cx.facts().get::<Steps>();
        let Some(step) = all.and_then(|s| s.at(cx.chapter_index(), call.span.start)) else {
            return Err(Diagnostic::error(
                call.span.clone(),
                "internal error: this config step was not collected; please report it",
            ));
        };

        let mut errors = Vec::new();
        if step.title.is_empty() {
            errors.push(
                Diagnostic::error(call.span_of("title"), "the config step's `title` is empty")
                    .with_hint("give the step a title, e.g. title=\"Create an API client\""),
            );
        } else if step.id.is_empty() {
            errors.push(
                Diagnostic::error(
                    call.span_of("title"),
                    format!("no id can be made from the title `{}`", step.title),
                )
                .with_hint("add id=\"...\" (letters, digits, `-` and `_`)"),
            );
        }
        if let (Some(parties), Some(party)) = (settings.parties_of(guide_id(cx, step)), &step.party)
            && let Some(d) =
                steps::unknown_party(party, parties, call.span_of("party"), guide_title(cx, step))
        {
            errors.push(d);
        }

        // Another shortcode's element with this id (a heading with it is
        // the warning below).
        errors.extend(super::page_ids::clash(cx, &call.span_of("id"), false));
        let procedure = cx.body_without(&["before", "next"]).unwrap_or_default();
        let body = parse_body(cx.children(), &procedure, call.span.clone(), &mut errors);
        super::alternative::check_count(cx.children(), &mut errors);
        if !errors.is_empty() {
            let first = errors.remove(0);
            for e in errors {
                cx.report(e);
            }
            return Err(first);
        }

        if let Some(h) = cx.source_headings().iter().find(|h| h.id == step.id) {
            cx.warn(
                Diagnostic::warning(
                    call.span_of("id"),
                    format!(
                        "the heading `{}` on this page has the same id `{}` as this config step",
                        h.text, step.id
                    ),
                )
                .with_hint("give the step another id=\"...\" (links would reach only one of them)")
                .with_related(
                    Place::Here,
                    h.range.clone(),
                    "the heading with this id",
                ),
            );
        }

        let level = level_of(cx, call);
        headings_in_body(cx, call, level);
        emit(cx, call, step, &body, level)
    }
}

/// The ranges of the config steps' bodies in each chapter's original
/// text (phase one), in order: a heading inside one is not the section a
/// later step stands in.
#[derive(Debug, Default)]
pub struct StepBodies {
    pub by_chapter: std::collections::HashMap<usize, Vec<std::ops::Range<usize>>>,
}

impl StepBodies {
    fn of<'a>(cx: &RenderCx<'a>) -> &'a [std::ops::Range<usize>] {
        cx.facts()
            .get::<StepBodies>()
            .and_then(|b| b.by_chapter.get(&cx.chapter_index()))
            .map_or(&[], Vec::as_slice)
    }
}

/// The step's heading level: `level`, the book-wide `level`, else one
/// below the last heading before the step that is not inside a step's
/// body (a heading in step 3 does not change step 4), 2 without one.
fn level_of(cx: &RenderCx<'_>, call: &Call) -> u8 {
    let bodies = StepBodies::of(cx);
    call.int("level")
        .map(|n| n.clamp(1, 6) as u8)
        .or(cx.settings().config_step.level)
        .unwrap_or_else(|| {
            let section = cx
                .source_headings()
                .iter()
                .rev()
                .filter(|h| h.range.start < call.span.start)
                .find(|h| !bodies.iter().any(|b| b.contains(&h.range.start)))
                .map_or(1, |h| h.level);
            (section + 1).min(6)
        })
}

/// A heading in the step's body at the step's level or above ends the
/// step's section in the sidebar and the `topics` list: a warning at it
/// (so `check` reports it too).
fn headings_in_body(cx: &RenderCx<'_>, call: &Call, level: u8) {
    let Some(body) = StepBodies::of(cx).iter().find(|b| b.start >= call.span.end) else {
        return;
    };
    for h in cx.source_headings() {
        if body.contains(&h.range.start) && h.level <= level {
            cx.warn(
                Diagnostic::warning(
                    h.range.clone(),
                    format!(
                        "the heading `{}` inside this config step is at level {}, not below the step's heading (level {level})",
                        h.text, h.level
                    ),
                )
                .with_hint(format!(
                    "make it `{}` or deeper, so that it is part of the step; later steps keep their level either way",
                    "#".repeat(usize::from(level) + 1)
                ))
                .with_related(
                    Place::Here,
                    call.span.start..call.span.start + "<<#config-step".len(),
                    "the step it is in",
                ),
            );
        }
    }
}

/// A config step's body: its `<<#before>>` and `<<#next>>` slots and the
/// procedure around them, each without leading blank lines and trailing
/// whitespace.
#[derive(Debug, PartialEq, Eq)]
struct ConfigStepBody<'a> {
    before: Option<&'a str>,
    procedure: &'a str,
    /// `Some("")`: written empty (no "What to do next"); `None`: not
    /// written (generated).
    next: Option<&'a str>,
}

/// Sorts the step's children into its slots. `procedure`: the body
/// without the slots; `span`: the step's, for a missing procedure.
fn parse_body<'a>(
    children: impl IntoIterator<Item = Child<'a>>,
    procedure: &'a str,
    span: std::ops::Range<usize>,
    errors: &mut Vec<Diagnostic>,
) -> ConfigStepBody<'a> {
    let mut before: Option<&str> = None;
    let mut next: Option<&str> = None;
    // Where each of them is first given.
    let (mut before_at, mut next_at): (
        Option<std::ops::Range<usize>>,
        Option<std::ops::Range<usize>>,
    ) = (None, None);
    for child in children {
        let (slot, first) = match child.call.name.as_str() {
            "before" => (&mut before, &mut before_at),
            "next" => (&mut next, &mut next_at),
            "config-step" => {
                errors.push(
                    Diagnostic::error(
                        child.call.span.clone(),
                        "a config step cannot contain another config step",
                    )
                    .with_hint("close the first step with `<</config-step>>` before this one")
                    .with_related(
                        Place::Here,
                        span.start..span.start + "<<#config-step".len(),
                        "the step it is in",
                    ),
                );
                continue;
            }
            _ => continue,
        };
        if let Some(first) = first {
            errors.push(
                Diagnostic::error(
                    child.call.span.clone(),
                    format!(
                        "a config step has one `<<#{}>>` block, this is the second",
                        child.call.name
                    ),
                )
                .with_hint("merge the two blocks into one")
                .with_related(Place::Here, first.clone(), "the first one"),
            );
        } else {
            *first = Some(child.call.span.clone());
        }
        *slot = Some(child.body.unwrap_or_default());
    }
    let procedure = trim_block(procedure);
    if procedure.is_empty() {
        errors.push(
            Diagnostic::error(span, "config step has no procedure")
                .with_code("step-without-procedure")
                .with_hint("write the procedure (e.g. a numbered list) in the step's body, outside `<<#before>>` and `<<#next>>`"),
        );
    }
    ConfigStepBody {
        before: before.map(trim_block),
        procedure,
        next: next.map(trim_block),
    }
}

/// The Markdown: the numbered heading, then **Before you begin**,
/// **Procedure** and **What to do next**.
fn emit(
    cx: &RenderCx<'_>,
    call: &Call,
    step: &Step,
    body: &ConfigStepBody<'_>,
    level: u8,
) -> Result<String, Diagnostic> {
    let settings = cx.settings();
    let labels = &settings.labels;
    // mdBook makes every heading a link to itself: a link in the title
    // would nest in it.
    let mut title = format!("{}. {}", step.number, escape::link_text(&step.title));
    if step.optional {
        title.push(' ');
        title.push_str(&cx.label("optional-step"));
    }
    let mut out = write::heading(i64::from(level), &title, Some(&step.id));
    out.push('\n');
    if let Some(before) = body.before.filter(|b| !b.is_empty()) {
        section(&mut out, &labels.before_you_begin, before);
    }
    section(&mut out, &labels.procedure, body.procedure);
    let next = match body.next {
        Some(given) => Some(given.to_string()),
        None => generated_next(cx, call, step)?,
    };
    if let Some(next) = next.filter(|n| !n.is_empty()) {
        section(&mut out, &labels.what_to_do_next, &next);
    }
    Ok(out.trim_end().to_string())
}

/// `**Label**`, a blank line and the body, after a blank line.
fn section(out: &mut String, label: &str, body: &str) {
    out.push_str("\n**");
    out.push_str(&escape::text(label));
    out.push_str("**\n\n");
    out.push_str(body);
    out.push('\n');
}

/// A body without its leading blank lines and trailing whitespace (the
/// indentation of its first line is kept: it may be code).
fn trim_block(s: &str) -> &str {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if line.trim().is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    s[start..].trim_end()
}

/// "What to do next" when the step has no `<<#next>>`: the next step, or
/// for the last step the validation section.
fn generated_next(
    cx: &RenderCx<'_>,
    call: &Call,
    step: &Step,
) -> Result<Option<String>, Diagnostic> {
    let settings = cx.settings();
    let labels = &settings.labels;
    let all = cx.facts().get::<Steps>();
    if let Some(next) = all.and_then(|s| s.after(step)) {
        if labels.next_step.is_empty() {
            return Ok(None);
        }
        let link = steps::ref_link(cx, &labels.step_ref, next);
        return Ok(Some(fill(&labels.next_step, &[("step", &link)])));
    }
    if labels.last_step.is_empty() {
        return Ok(None);
    }
    let target = match settings.last_step_link_of(guide_id(cx, step)) {
        Some(configured) => Some(configured_target(cx, call, configured)?),
        None => validation_section(cx),
    };
    Ok(target.map(|section| fill(&labels.last_step, &[("section", &section)])))
}

/// The link `[text](target)` for `last-step-link = "chapter.md#anchor"`.
fn configured_target(cx: &RenderCx<'_>, call: &Call, value: &str) -> Result<String, Diagnostic> {
    let (path, anchor) = match value.split_once('#') {
        Some((p, a)) => (p, Some(a).filter(|a| !a.is_empty())),
        None => (value, None),
    };
    let chapters = cx.chapters();
    let found = chapters
        .iter()
        .position(|ch| ch.path.as_deref() == Some(path) || ch.source_path.as_deref() == Some(path));
    let Some(index) = found else {
        let paths = chapters.iter().filter_map(|ch| ch.path.as_deref());
        let d = Diagnostic::error(
            call.span.clone(),
            format!(
                "`last-step-link = \"{value}\"` in book.toml names `{path}`, which is not a chapter of this book"
            ),
        );
        return Err(match crate::diagnostic::closest(path, paths) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(
                "use a chapter's path relative to the book's src directory, as in SUMMARY.md",
            ),
        });
    };
    let chapter = &chapters[index];
    let Some(anchor) = anchor else {
        return Ok(steps::link(
            &escape::text(&chapter.name),
            cx.link_to(index, None),
        ));
    };
    if let Some(step) = cx
        .facts()
        .get::<Steps>()
        .and_then(|s| s.by_id(anchor))
        .filter(|s| s.chapter == index)
    {
        return Ok(steps::ref_link(cx, &cx.settings().labels.step_ref, step));
    }
    let headings = ids::headings(&chapter.content, cx.settings().markdown);
    match headings.iter().find(|h| h.id == anchor) {
        Some(h) => Ok(steps::link(
            &escape::text(&h.text),
            cx.link_to(index, Some(anchor)),
        )),
        None => Err(Diagnostic::error(
            call.span.clone(),
            format!(
                "`last-step-link = \"{value}\"` in book.toml: `{path}` has no heading with the id `{anchor}`"
            ),
        )
        .with_hint(
            match crate::diagnostic::closest(anchor, headings.iter().map(|h| h.id.as_str())) {
                Some(best) => format!("did you mean `#{best}`?"),
                None => "link to one of the chapter's headings, or leave out the #anchor".into(),
            },
        )),
    }
}

/// The id of the guide a step is in, in a book with several guides.
fn guide_id<'a>(cx: &RenderCx<'a>, step: &Step) -> Option<&'a str> {
    let guides = crate::guides::of(cx.facts()).filter(|g| g.is_multi())?;
    Some(guides.get(step.guide?)?.id.as_str())
}

/// The title of the guide a step is in, in a book with several guides.
fn guide_title<'a>(cx: &RenderCx<'a>, step: &Step) -> Option<&'a str> {
    let guides = crate::guides::of(cx.facts()).filter(|g| g.is_multi())?;
    Some(guides.get(step.guide?)?.title.as_str())
}

/// The link to the first heading of the guide (the book, with one guide)
/// whose text is the `validation-heading` label (to the chapter itself
/// when it is the chapter's title).
fn validation_section(cx: &RenderCx<'_>) -> Option<String> {
    let wanted = cx.settings().labels.validation_heading.to_lowercase();
    let chapters = cx.chapters();
    let scope = match crate::guides::of(cx.facts()).filter(|g| g.is_multi()) {
        Some(g) => g.scope_of(cx.chapter_index(), chapters.len()),
        None => 0..chapters.len(),
    };
    for (index, chapter) in chapters
        .iter()
        .enumerate()
        .take(scope.end)
        .skip(scope.start)
    {
        if chapter.is_draft() || !chapter.content.to_lowercase().contains(&wanted) {
            continue;
        }
        let headings = ids::headings(&chapter.content, cx.settings().markdown);
        let Some(pos) = headings
            .iter()
            .position(|h| h.text.trim().to_lowercase() == wanted)
        else {
            continue;
        };
        let h = &headings[pos];
        let anchor = (pos > 0 || h.level > 1).then_some(h.id.as_str());
        return Some(steps::link(
            &escape::text(&h.text),
            cx.link_to(index, anchor),
        ));
    }
    None
}

/// The slots render their body; the enclosing step places them.
fn slot_body(cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
    Ok(cx.body().map(trim_block).unwrap_or_default().to_string())
}

impl Shortcode for Before {
    fn spec(&self) -> &'static Spec {
        &BEFORE
    }

    fn render(&self, _call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        slot_body(cx)
    }
}

impl Shortcode for Next {
    fn spec(&self) -> &'static Spec {
        &NEXT
    }

    fn render(&self, _call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        slot_body(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(name: &str, span: std::ops::Range<usize>) -> Call {
        Call::for_test(name, span, vec![])
    }

    #[test]
    fn slots_and_procedure_are_trimmed() {
        let (before, next) = (slot("before", 10..20), slot("next", 50..58));
        let children = [
            Child {
                call: &before,
                body: Some("\n  \n- An account\n\n"),
            },
            Child {
                call: &next,
                body: Some("Go on. "),
            },
        ];
        let mut errors = Vec::new();
        let body = parse_body(children, "\n1. Do it\n   2. Then\n\n", 0..5, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(
            body,
            ConfigStepBody {
                before: Some("- An account"),
                procedure: "1. Do it\n   2. Then",
                next: Some("Go on."),
            }
        );
        // No slots: `next` is generated; an empty one stays empty.
        let empty = slot("next", 5..9);
        let body = parse_body(
            [Child {
                call: &empty,
                body: None,
            }],
            "x",
            0..5,
            &mut errors,
        );
        assert_eq!((body.before, body.next), (None, Some("")));
        assert!(errors.is_empty());
    }

    #[test]
    fn a_second_slot_a_nested_step_and_no_procedure_are_located() {
        let first = slot("before", 10..20);
        let second = slot("before", 30..40);
        let nested = slot("config-step", 50..70);
        let other = slot("note", 80..86);
        let children = [&first, &second, &nested, &other].map(|call| Child {
            call,
            body: Some(if call.span.start == 10 { "one" } else { "two" }),
        });
        let mut errors = Vec::new();
        let body = parse_body(children, " \n \n", 0..5, &mut errors);
        // The second slot is the one used.
        assert_eq!(body.before, Some("two"));
        assert_eq!(body.procedure, "");
        let found: Vec<(&str, std::ops::Range<usize>)> = errors
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "a config step has one `<<#before>>` block, this is the second",
                    30..40
                ),
                ("a config step cannot contain another config step", 50..70),
                ("config step has no procedure", 0..5),
            ]
        );
        assert_eq!(errors[2].code, Some("step-without-procedure"));
    }

    #[test]
    fn trimming_keeps_first_line_indentation() {
        assert_eq!(trim_block("\n  \n    code\nx  \n\n"), "    code\nx");
        assert_eq!(trim_block("\n\n"), "");
    }
}
