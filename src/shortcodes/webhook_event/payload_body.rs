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

/// Reads the body (a parser loop: prose lines and fenced blocks).
pub(super) fn parse_body(lines: &[BodyLine], errors: &mut Vec<Diagnostic>) -> Body {
    let mut body = Body::default();
    let mut i = 0;
    while i < lines.len() {
        let Some((block, next)) = body::fenced_block(lines, i, "webhook-event", errors) else {
            body.prose.push(lines[i].text.clone());
            i += 1;
            continue;
        };
        i = next;
        let open = block.open;
        if body.payload.is_some() {
            errors.push(
                Diagnostic::error(lines[open].whole(), "a second payload in `webhook-event`")
                    .with_hint("give one ```json block: the payload of this event"),
            );
            continue;
        }
        body.payload = Some(Block {
            lang: block
                .info
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
            lines: block.lines,
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
        let (span, message) = body::json_error(lines, &self.lines, self.open, text)?;
        Some(
            Diagnostic::error(span, format!("the payload is not valid JSON: {message}"))
                .with_hint("fix the JSON: a webhook payload is the exact bytes the receiver gets"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_one_payload_block_read_through_the_shared_fence_reader() {
        let text = "\nSent when an entry posts.\n\n ```json payload\n {\"id\": 1}\n ```\n";
        let lines = BodyLine::lines_of(text);
        let mut errors = Vec::new();
        let body = parse_body(&lines, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(body.prose, ["Sent when an entry posts."]);
        let payload = body.payload.expect("a payload");
        assert_eq!((payload.lang.as_str(), payload.open), ("json", 3));
        assert_eq!(payload.text(&lines), "{\"id\": 1}");
    }

    #[test]
    fn a_second_or_unclosed_block_is_an_error_at_its_fence() {
        let text = "```json\n{}\n```\n~~~json\n{}";
        let lines = BodyLine::lines_of(text);
        let mut errors = Vec::new();
        let body = parse_body(&lines, &mut errors);
        assert_eq!(body.payload.map(|p| p.open), Some(0));
        assert_eq!(
            crate::diagnostic::located(&errors, text),
            vec![
                (
                    "this code block is not closed",
                    "~~~json",
                    Some("end it with a line `~~~` before `<</webhook-event>>`"),
                ),
                (
                    "a second payload in `webhook-event`",
                    "~~~json",
                    Some("give one ```json block: the payload of this event"),
                ),
            ]
        );
    }
}
