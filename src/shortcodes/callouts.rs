//! `<<#note>>`, `<<#tip>>`, `<<#important>>`, `<<#warning>>` and
//! `<<#caution>>`: the body as a GitHub-style alert (`> [!NOTE]`), which
//! mdBook 0.5 renders natively (HTML, print, search). The body is ordinary
//! Markdown, nested shortcodes included, kept as it is.

use super::prelude::*;

/// One alert kind; five registrations share this code.
pub struct Callout(pub Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

const fn spec(name: &'static str) -> Spec {
    Spec {
        name,
        positional: None,
        attrs: &[],
        body: BodyRule::Required,
        placement: Placement::Block,
        parents: &[],
        stage: Stage::Main,
        labels: &[],
        options: &[],
    }
}

static NOTE: Spec = spec("note");
static TIP: Spec = spec("tip");
static IMPORTANT: Spec = spec("important");
static WARNING: Spec = spec("warning");
static CAUTION: Spec = spec("caution");

impl Kind {
    fn spec(self) -> &'static Spec {
        match self {
            Kind::Note => &NOTE,
            Kind::Tip => &TIP,
            Kind::Important => &IMPORTANT,
            Kind::Warning => &WARNING,
            Kind::Caution => &CAUTION,
        }
    }

    /// The alert marker word.
    fn marker(self) -> &'static str {
        match self {
            Kind::Note => "NOTE",
            Kind::Tip => "TIP",
            Kind::Important => "IMPORTANT",
            Kind::Warning => "WARNING",
            Kind::Caution => "CAUTION",
        }
    }

    /// The title mdBook shows, used when alerts are turned off.
    fn title(self) -> &'static str {
        match self {
            Kind::Note => "Note",
            Kind::Tip => "Tip",
            Kind::Important => "Important",
            Kind::Warning => "Warning",
            Kind::Caution => "Caution",
        }
    }
}

/// Markdown as an alert of `kind`: every line quoted. With
/// `admonitions = false` in `[output.html]` (mdBook would show the marker
/// as text) the title is a bold first line instead.
pub fn alert(kind: Kind, body: &str, admonitions: bool) -> String {
    let mut out = if admonitions {
        format!("> [!{}]", kind.marker())
    } else {
        format!("> **{}**\n>", kind.title())
    };
    for line in trim_blank_lines(body).lines() {
        out.push('\n');
        if line.trim().is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

/// The text without leading and trailing blank lines.
fn trim_blank_lines(s: &str) -> &str {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    let rest = &s[start..];
    let mut end = rest.len();
    for line in rest.split_inclusive('\n').rev() {
        if !line.trim().is_empty() {
            break;
        }
        end -= line.len();
    }
    let kept = &rest[..end];
    kept.strip_suffix('\n').unwrap_or(kept)
}

impl Shortcode for Callout {
    fn spec(&self) -> &'static Spec {
        self.0.spec()
    }

    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic> {
        let body = cx.body().unwrap_or_default();
        if body.trim().is_empty() {
            let name = self.0.spec().name;
            return Err(
                Diagnostic::error(call.span.clone(), format!("`<<#{name}>>` is empty")).with_hint(
                    format!(
                        "write the text of the {} between `<<#{name}>>` and `<</{name}>>`",
                        name
                    ),
                ),
            );
        }
        Ok(alert(self.0, body, cx.settings().alerts()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lines() {
        assert_eq!(
            alert(Kind::Tip, "\n  a\n\n- b\n\n", true),
            "> [!TIP]\n>   a\n>\n> - b"
        );
        assert_eq!(alert(Kind::Note, "x", false), "> **Note**\n>\n> x");
    }
}
