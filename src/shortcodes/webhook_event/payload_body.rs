//! The body of a `webhook-event`: prose lines (what the event is) and one
//! fenced code block (the payload, its exact bytes).

use super::super::prelude::*;

/// The body: prose (the event's description) and the payload block.
#[derive(Default)]
pub(super) struct Body {
    /// The prose lines, as written.
    pub prose: Vec<String>,
    pub payload: Option<Block>,
}

/// A fenced code block of the body.
pub(super) struct Block {
    pub lang: String,
    /// Content lines: the body line and the byte its content starts at.
    pub lines: Vec<(usize, usize)>,
    /// The body line of the opening fence.
    pub open: usize,
}

/// The fence at the start of a line: its indentation, character and length.
fn fence(line: &str) -> Option<(usize, u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line.as_bytes()[indent..];
    let c = *rest.first().filter(|c| matches!(c, b'`' | b'~'))?;
    let run = rest.iter().take_while(|&&b| b == c).count();
    (run >= 3).then_some((indent, c, run))
}

/// Reads the body (a parser loop: prose lines and fenced blocks).
pub(super) fn parse_body(lines: &[BodyLine], errors: &mut Vec<Diagnostic>) -> Body {
    let mut body = Body::default();
    let mut i = 0;
    while i < lines.len() {
        let text = &lines[i].text;
        let Some((indent, c, run)) = fence(text) else {
            body.prose.push(text.clone());
            i += 1;
            continue;
        };
        let lang = text[indent + run..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let open = i;
        let mut content = Vec::new();
        i += 1;
        let mut closed = false;
        while i < lines.len() {
            let t = &lines[i].text;
            if let Some((_, c2, run2)) = fence(t)
                && c2 == c
                && run2 >= run
                && t.trim().trim_start_matches(c as char).is_empty()
            {
                closed = true;
                i += 1;
                break;
            }
            let strip = t.len() - t.trim_start_matches(' ').len();
            content.push((i, strip.min(indent)));
            i += 1;
        }
        if !closed {
            errors.push(
                Diagnostic::error(lines[open].whole(), "this code block is not closed").with_hint(
                    format!(
                        "end it with a line `{}` before `<</webhook-event>>`",
                        (c as char).to_string().repeat(run)
                    ),
                ),
            );
        }
        if body.payload.is_some() {
            errors.push(
                Diagnostic::error(lines[open].whole(), "a second payload in `webhook-event`")
                    .with_hint("give one ```json block: the payload of this event"),
            );
            continue;
        }
        body.payload = Some(Block {
            lang,
            lines: content,
            open,
        });
    }
    while body.prose.last().is_some_and(|l| l.trim().is_empty()) {
        body.prose.pop();
    }
    while body.prose.first().is_some_and(|l| l.trim().is_empty()) {
        body.prose.remove(0);
    }
    body
}

impl Block {
    /// The exact payload: the lines joined by `\n`, no final line break.
    pub fn text(&self, lines: &[BodyLine]) -> String {
        let parts: Vec<&str> = self
            .lines
            .iter()
            .map(|&(l, start)| lines[l].text.get(start..).unwrap_or_default())
            .collect();
        parts.join("\n")
    }

    /// A JSON error at its place in the chapter.
    pub fn check_json(&self, lines: &[BodyLine], text: &str) -> Option<Diagnostic> {
        let e = serde_json::from_str::<serde_json::Value>(text).err()?;
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        let span = match self.lines.get(e.line().saturating_sub(1)) {
            Some(&(l, start)) => {
                let line = &lines[l];
                let mut col = (start + e.column().saturating_sub(1)).min(line.text.len());
                while !line.text.is_char_boundary(col) {
                    col -= 1;
                }
                let end = line.text[col..]
                    .chars()
                    .next()
                    .map_or(col, |c| col + c.len_utf8());
                line.span(col..end)
            }
            None => lines[self.lines.last().map_or(self.open, |&(l, _)| l)].whole(),
        };
        Some(
            Diagnostic::error(span, format!("the payload is not valid JSON: {message}"))
                .with_hint("fix the JSON: a webhook payload is the exact bytes the receiver gets"),
        )
    }
}
