//! The Markdown of an `api-example`: the request in each client's form
//! (tabs for more than one), the expected status and response.

use crate::api::RenderCx;
use crate::escape;
use crate::http::{Client, Exchange, Request};
use crate::http_status;
use crate::markdown::write;

use super::parse::ApiCall;

/// The request's forms: one labelled code block, or for several clients
/// a tab set: one `<div class="ig-form">` per client, each with its
/// label and code block, inside `<div class="ig-forms">`. Without
/// JavaScript (and in print) every form shows under its label;
/// `integration-guide.js` makes them WAI-ARIA tabs, synced across the
/// page and remembered (see `assets/`).
/// `title` is shown (Markdown), `name` (plain text) names the tab list.
/// For another renderer than `html`, the forms are plain Markdown: each
/// code block after its client's name in bold.
pub(crate) fn forms(
    request: &Request,
    clients: &[Client],
    title: &str,
    name: &str,
    html: bool,
) -> String {
    let clients = if clients.is_empty() {
        &[Client::Curl][..]
    } else {
        clients
    };
    if let [one] = clients {
        return format!(
            "{title}\n\n{}",
            write::fenced(one.lang(), &one.render(request))
        );
    }
    if !html {
        let forms: Vec<String> = clients
            .iter()
            .map(|c| {
                format!(
                    "**{}**\n\n{}",
                    c.label(),
                    write::fenced(c.lang(), &c.render(request))
                )
            })
            .collect();
        return format!("{title}\n\n{}", forms.join("\n\n"));
    }
    let mut out = format!(
        "{title}\n\n<div class=\"ig-forms\" data-ig-label=\"{}\">\n\n",
        escape::html(name)
    );
    for c in clients {
        out.push_str(&format!(
            "<div class=\"ig-form\" data-ig-client=\"{}\">\n<p class=\"ig-form-label\">{}</p>\n\n",
            c.name(),
            escape::html(c.label())
        ));
        out.push_str(&write::fenced(c.lang(), &c.render(request)));
        out.push_str("\n\n</div>\n\n");
    }
    out.push_str("</div>");
    out
}

/// The Markdown: the deprecation callout, the request's forms, the
/// expected status and response, each under its label.
pub(super) fn emit(
    ex: &ApiCall<'_>,
    exchange: &Exchange,
    clients: &[Client],
    deprecated: Option<&str>,
    cx: &RenderCx<'_>,
) -> String {
    let title = |key: &str| format!("**{}**", cx.label(key));
    let mut parts = Vec::new();
    // A deprecated operation: said in the page, not only in the build log.
    if let Some(op) = deprecated {
        parts.push(crate::shortcodes::callouts::alert(
            crate::shortcodes::callouts::Kind::Warning,
            &format!(
                "**{}**: {} is deprecated in the spec.",
                cx.label("api-deprecated"),
                op
            ),
            cx.settings().markdown.admonitions,
        ));
    }
    parts.push(forms(
        &exchange.request,
        clients,
        &title("api-request"),
        cx.settings().labels.get("api-request"),
        cx.renderer() == "html",
    ));
    if let Some(code) = ex.status {
        let shown = match u16::try_from(code).ok().and_then(http_status::reason) {
            Some(reason) => format!("{code} {reason}"),
            None => code.to_string(),
        };
        parts.push(format!("{} `{shown}`", title("api-status")));
    }
    if let Some(payload) = &ex.response {
        parts.push(title("api-response"));
        parts.push(write::fenced(&payload.lang, &payload.content));
    }
    parts.join("\n\n")
}
