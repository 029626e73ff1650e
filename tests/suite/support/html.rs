//! HTML scraping: ids, links and the `<main>` element of rendered pages.

/// Every `id="..."` in an HTML page.
pub fn ids_in(html: &str) -> std::collections::HashSet<String> {
    let mut ids = std::collections::HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// Every `href="..."` inside the page's `<main>` element.
pub fn links_in_main(html: &str) -> Vec<String> {
    let main = html
        .split_once("<main>")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or("", |(m, _)| m);
    let mut out = Vec::new();
    let mut rest = main;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    html.split_once("<main>")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or("", |(m, _)| m)
}
