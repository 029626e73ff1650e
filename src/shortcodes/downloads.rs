//! `<<#downloads>>`: links that download this guide's requests as a
//! Postman collection and an `.http` file, for the environment of this
//! build (issue 26, "For readers").
//!
//! The files are the `export` formats ([`crate::export`]) of the exchanges
//! `api-example` and `auth-flow` publish ([`crate::http::Exchanges`]), limited to this guide's chapters. Each link
//! is a `data:` URL with a `download` attribute: the file is inside the
//! page, so the link works offline (`file://`), under `mdbook serve` and
//! in every theme, with no file written beside the book. Printed (and in
//! print.html when printed), the links are hidden and a note says where
//! the files come from.

use super::prelude::*;

use crate::export::{self, Guide};
use crate::http::Exchanges;

pub struct Downloads;

static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "downloads-intro",
        default: "Download this guide's requests for the {environment} environment:",
        placeholders: &["environment"],
        may_be_empty: false,
        doc: "`downloads`: the sentence before the links",
    },
    LabelSpec {
        key: "downloads-postman",
        default: "Postman collection",
        placeholders: &[],
        may_be_empty: false,
        doc: "`downloads`: the Postman collection's link text",
    },
    LabelSpec {
        key: "downloads-http",
        default: ".http file (httpyac, JetBrains HTTP Client)",
        placeholders: &[],
        may_be_empty: false,
        doc: "`downloads`: the `.http` file's link text",
    },
    LabelSpec {
        key: "downloads-print",
        default: "The requests of this guide can be downloaded as a Postman collection and an .http file from the online version of this page.",
        placeholders: &[],
        may_be_empty: false,
        doc: "`downloads`: the note shown instead of the links when the page is printed",
    },
];

static SPEC: Spec = Spec {
    name: "downloads",
    positional: None,
    attrs: &[],
    body: BodyRule::None,
    placement: Placement::Block,
    parents: &[],
    // Late: the exchanges are published when every chapter is expanded.
    stage: Stage::Late,
    labels: LABELS,
    options: &[],
};

impl Shortcode for Downloads {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let scope = match crate::guides::of(cx.facts()) {
            Some(g) => g.scope_of(cx.chapter_index(), cx.chapters().len()),
            None => 0..cx.chapters().len(),
        };
        let exchanges: Vec<_> = cx
            .facts()
            .get::<Exchanges>()
            .map(|all| {
                all.0
                    .iter()
                    .filter(|e| scope.contains(&e.source.chapter_index))
                    .filter(|e| crate::export::exportable(e))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        if exchanges.is_empty() {
            return Err(Diagnostic::error(
                call.span.clone(),
                "this guide has no requests to download",
            )
            .with_hint("`downloads` offers the guide's `api-example` and `auth-flow` requests; add one, or remove `<<#downloads>>`"));
        }
        let (id, title) = guide_names(cx);
        let environment = cx.settings().environments.active.clone();
        let guide = Guide {
            id: id.clone(),
            title,
            environment: environment.clone(),
            exchanges: &exchanges,
            chapter_titles: cx
                .chapters()
                .iter()
                .filter_map(|c| Some((c.path.clone()?, c.name.clone())))
                .collect(),
            specs: Vec::new(),
            operation: &|_| None,
        };
        let stem = if environment.is_empty() {
            id
        } else {
            format!("{id}-{environment}")
        };
        let labels = [
            cx.label("downloads-intro").replace(
                "{environment}",
                if environment.is_empty() {
                    "default"
                } else {
                    &environment
                },
            ),
            cx.label("downloads-postman"),
            cx.label("downloads-http"),
            cx.label("downloads-print"),
        ];
        Ok(export::downloads::links_html(&guide, &stem, &labels))
    }
}

/// The guide's id and title (the book's when it is one guide).
fn guide_names(cx: &RenderCx<'_>) -> (String, String) {
    let guide = crate::guides::of(cx.facts())
        .and_then(|g| g.of_chapter(cx.chapter_index()).and_then(|i| g.get(i)));
    match guide {
        Some(g) if !g.id.is_empty() => (g.id.clone(), g.title.clone()),
        // One guide: named after the book's title, else its root folder.
        _ => export::one_guide_names(cx.settings()),
    }
}
