//! `<<#downloads>>`: links that download this guide's requests as a
//! Postman collection and an `.http` file, for the environment of this
//! build (issue 26, "For readers").
//!
//! The files are the `export` formats ([`crate::export`]) of the exchanges
//! `api-example` and `auth-flow` record in phase one
//! ([`crate::export::Plan`]), limited to this guide's chapters. Each link
//! is a `data:` URL with a `download` attribute: the file is inside the
//! page, so the link works offline (`file://`), under `mdbook serve` and
//! in every theme, with no file written beside the book. Printed (and in
//! print.html when printed), the links are hidden and a note says where
//! the files come from.

use super::prelude::*;

use crate::export::{self, Format, Guide, Plan};

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
    stage: Stage::Main,
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
            .get::<Plan>()
            .map(|p| p.in_chapters(&scope))
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
        Ok(links(&guide, &stem, &labels))
    }
}

/// The block: the intro and the two links (each a `data:` URL holding the
/// exported file, with `download` naming it `<stem>.<extension>`), and the
/// note shown in print. `labels`: intro, Postman, `.http`, print note.
fn links(guide: &Guide<'_>, stem: &str, labels: &[String; 4]) -> String {
    let link = |format: Format, media: &str, label: &str| {
        let file = format!("{stem}.{}", format.extension());
        let text = export::export(format, guide, stem).text;
        format!(
            "<a class=\"integration-guide-download\" download=\"{}\" href=\"data:{media};charset=utf-8,{}\">{}</a>",
            escape::html(&file),
            export::encode_query(&text),
            escape::html(label),
        )
    };
    format!(
        "<div class=\"integration-guide-downloads\">\n<p class=\"integration-guide-downloads-links\">{} {} · {}</p>\n<p class=\"integration-guide-downloads-print\">{}</p>\n</div>\n",
        escape::html(&labels[0]),
        link(Format::Postman, "application/json", &labels[1]),
        link(Format::Http, "text/plain", &labels[2]),
        escape::html(&labels[3]),
    )
}

/// The guide's id and title (the book's when it is one guide).
fn guide_names(cx: &RenderCx<'_>) -> (String, String) {
    let guide = crate::guides::of(cx.facts())
        .and_then(|g| g.of_chapter(cx.chapter_index()).and_then(|i| g.get(i)));
    match guide {
        Some(g) if !g.id.is_empty() => (g.id.clone(), g.title.clone()),
        // One guide: named after the book's root folder when known.
        _ => {
            let id = cx
                .settings()
                .root
                .as_deref()
                .and_then(|r| r.file_name())
                .map(|n| crate::ids::id_from_text(&n.to_string_lossy()))
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| "guide".to_string());
            (id, "Integration guide".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Body, Exchange, ExchangeKind, Expectation, Header, Request, SourceRef, Url};

    fn percent_decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_link_holds_the_exported_file_and_names_it() {
        let exchanges = vec![Exchange {
            kind: ExchangeKind::ApiExample,
            request: Request {
                method: "POST".into(),
                url: Url {
                    origin: "https://sandbox.example".into(),
                    path: "/v2/invoices".into(),
                    query: vec![],
                },
                headers: vec![Header {
                    name: "Authorization".into(),
                    value: "Bearer $TOKEN".into(),
                }],
                body: Some(Body {
                    text: "{\"a\": \"<&'\\\"é>\"}".into(),
                    media_type: Some("application/json".into()),
                }),
            },
            expect: Expectation {
                status: Some(201),
                ..Default::default()
            },
            captures: vec![],
            source: SourceRef {
                chapter: "validation.md".into(),
                line: 3,
                ..Default::default()
            },
        }];
        let guide = Guide {
            id: "g".into(),
            title: "T".into(),
            environment: "sandbox".into(),
            exchanges: &exchanges,
            chapter_titles: vec![],
            specs: vec![],
            operation: &|_| None,
        };
        let labels = [
            "Intro <x>".to_string(),
            "P".into(),
            "H".into(),
            "Print".into(),
        ];
        let html = links(&guide, "g-sandbox", &labels);
        assert!(html.contains("Intro &lt;x&gt;"), "{html}");
        let hrefs: Vec<(&str, &str)> = html
            .split("download=\"")
            .skip(1)
            .map(|rest| {
                let name = rest.split('"').next().unwrap();
                let href = rest
                    .split("href=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                (name, href)
            })
            .collect();
        assert_eq!(hrefs.len(), 2);
        assert_eq!(hrefs[0].0, "g-sandbox.postman_collection.json");
        let json = percent_decode(
            hrefs[0]
                .1
                .strip_prefix("data:application/json;charset=utf-8,")
                .unwrap(),
        );
        assert_eq!(
            json,
            export::export(Format::Postman, &guide, "g-sandbox").text
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v["item"][0]["item"][0]["request"]["body"]["raw"],
            "{\"a\": \"<&'\\\"é>\"}"
        );
        assert_eq!(hrefs[1].0, "g-sandbox.http");
        let http = percent_decode(
            hrefs[1]
                .1
                .strip_prefix("data:text/plain;charset=utf-8,")
                .unwrap(),
        );
        assert!(http.contains("POST https://sandbox.example/v2/invoices\nAuthorization: Bearer {{$processEnv TOKEN}}\n"), "{http}");
    }
}
