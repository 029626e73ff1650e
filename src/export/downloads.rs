//! The `<<#downloads>>` block ([`crate::shortcodes`]'s `downloads`): this
//! guide's requests as a Postman collection and an `.http` file, each
//! inside its link as a `data:` URL (RFC 2397) with a `download` attribute
//! (HTML: "Downloading resources"), so the links work offline (`file://`),
//! under `mdbook serve` and in every theme with no file beside the book.

use super::{Format, Guide};
use crate::escape;

/// The block: the intro and the two links (each a `data:` URL holding the
/// exported file, with `download` naming it `<stem>.<extension>`), and the
/// note shown in print. `labels`: intro, Postman, `.http`, print note.
pub fn links_html(guide: &Guide<'_>, stem: &str, labels: &[String; 4]) -> String {
    let link = |format: Format, media: &str, label: &str| {
        let file = format!("{stem}.{}", format.extension());
        let text = super::export(format, guide, stem).text;
        format!(
            "<a class=\"integration-guide-download\" download=\"{}\" href=\"data:{media};charset=utf-8,{}\">{}</a>",
            escape::html(&file),
            super::encode_query(&text),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Guide;
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

    /// A POST whose body needs escaping in HTML and in a URL.
    fn exchange() -> Exchange {
        Exchange {
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
                body: Some(Body::exact(
                    "{\"a\": \"<&'\\\"é>\"}",
                    Some("application/json".into()),
                )),
                credentials: None,
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
        }
    }

    /// A guide `g` titled `T` of the sandbox with these requests.
    fn guide(exchanges: &[Exchange]) -> Guide<'_> {
        Guide {
            id: "g".into(),
            title: "T".into(),
            environment: "sandbox".into(),
            exchanges,
            chapter_titles: vec![],
            specs: vec![],
            operation: &|_| None,
        }
    }

    #[test]
    fn each_link_holds_the_exported_file_and_names_it() {
        let exchanges = vec![exchange()];
        let guide = guide(&exchanges);
        let labels = [
            "Intro <x>".to_string(),
            "P".into(),
            "H".into(),
            "Print".into(),
        ];
        let html = links_html(&guide, "g-sandbox", &labels);
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
            crate::export::export(Format::Postman, &guide, "g-sandbox").text
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

    /// `{run:id}` in a downloaded file is the runner's generator, never
    /// the literal text (every rerun would reuse one key).
    #[test]
    fn the_links_carry_a_fresh_run_id() {
        let mut e = exchange();
        e.request.headers.push(Header {
            name: "Idempotency-Key".into(),
            value: "hd-{run:id}".into(),
        });
        let exchanges = vec![e];
        let guide = guide(&exchanges);
        let labels = ["I".to_string(), "P".into(), "H".into(), "Print".into()];
        let html = percent_decode(&links_html(&guide, "g", &labels));
        assert!(!html.contains("{run:id}"), "{html}");
        assert!(html.contains("hd-{{$guid}}"), "{html}");
        assert!(html.contains("hd-{{$random.uuid}}"), "{html}");
    }
}
