//! Text with the origin of every byte: a chapter after `{{#include}}`
//! expansion remembers which file (and where in it) each piece came from,
//! so that `check` points every diagnostic at the file a writer edits.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Place};

/// A file `check` read, as it is shown in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in messages (`book/src/setup.md`).
    pub name: String,
    /// The file's whole text, as read (UTF-8).
    pub text: String,
}

/// Where a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where the piece starts in the mapped text.
    start: usize,
    /// The file ([`Source`] index) it came from.
    file: usize,
    /// Where the piece starts in that file.
    offset: usize,
    /// Copied from the file (offsets advance with the text); otherwise
    /// generated (every byte maps to `offset`).
    verbatim: bool,
}

/// Text and the origin of each of its bytes. Segments are sorted by
/// `start`; each runs to the next one's start.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The text; byte `i` comes from the place its segment maps it to.
    pub text: String,
    segments: Vec<Segment>,
}

impl Mapped {
    /// A whole file, verbatim.
    pub fn file(file: usize, text: &str) -> Mapped {
        Mapped {
            text: text.to_string(),
            segments: vec![Segment {
                start: 0,
                file,
                offset: 0,
                verbatim: true,
            }],
        }
    }

    fn push_segment(&mut self, segment: Segment) {
        if let Some(last) = self.segments.last_mut() {
            let len = segment.start - last.start;
            let continues = last.verbatim
                && segment.verbatim
                && last.file == segment.file
                && last.offset + len == segment.offset;
            if continues {
                return;
            }
            if last.start == segment.start {
                *last = segment;
                return;
            }
        }
        self.segments.push(segment);
    }

    /// Appends `range` of `from`, keeping its origins.
    pub fn push_copy(&mut self, from: &Mapped, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let first = from
            .segments
            .partition_point(|s| s.start <= range.start)
            .saturating_sub(1);
        for s in from.segments[first..]
            .iter()
            .take_while(|s| s.start < range.end)
        {
            let at = s.start.max(range.start);
            let offset = if s.verbatim {
                s.offset + (at - s.start)
            } else {
                s.offset
            };
            self.push_segment(Segment {
                start: self.text.len() + (at - range.start),
                offset,
                ..*s
            });
        }
        self.text.push_str(&from.text[range]);
    }

    /// Appends generated text that stands for `offset` in `file`.
    pub fn push_generated(&mut self, text: &str, file: usize, offset: usize) {
        if text.is_empty() {
            return;
        }
        self.push_segment(Segment {
            start: self.text.len(),
            file,
            offset,
            verbatim: false,
        });
        self.text.push_str(text);
    }

    /// The file and offset a byte of the text came from.
    pub fn origin(&self, at: usize) -> (usize, usize) {
        origin(&self.segments, at)
    }

    /// The file and range a span of the text came from (the span is cut
    /// where it leaves its first piece).
    pub fn origin_span(&self, span: Range<usize>) -> (usize, Range<usize>) {
        origin_span(&self.segments, span)
    }

    /// Drops the text, keeping only the map.
    pub fn into_parts(self) -> (String, SourceMap) {
        (
            self.text,
            SourceMap {
                segments: self.segments,
            },
        )
    }
}

/// The map of a [`Mapped`] whose text has moved elsewhere (into a
/// chapter).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// See [`Mapped::origin_span`].
    pub fn origin_span(&self, span: Range<usize>) -> (usize, Range<usize>) {
        origin_span(&self.segments, span)
    }

    /// Whether all of the text is one file, verbatim.
    pub fn single_file(&self) -> Option<usize> {
        match self.segments.as_slice() {
            [s] if s.verbatim && s.offset == 0 => Some(s.file),
            _ => None,
        }
    }
}

/// A diagnostic of chapter `chapter` (offsets in its expanded text), with
/// each place moved to the file its text came from: the file of its span,
/// and its related places as [`Place::File`]. `map_of(i)` is chapter `i`'s
/// map; a related place in a chapter without one stays as it is. `None`
/// when `chapter` has no map. `check` and the preprocessor both locate
/// diagnostics in `{{#include}}`d text with this.
pub fn to_files<'m>(
    chapter: usize,
    mut d: Diagnostic,
    map_of: &dyn Fn(usize) -> Option<&'m SourceMap>,
) -> Option<(usize, Diagnostic)> {
    let map = map_of(chapter)?;
    let (file, span) = map.origin_span(d.span.clone());
    d.span = span;
    for r in &mut d.related {
        let of = match r.place {
            Place::Here => chapter,
            Place::Chapter(j) => j,
            Place::File(_) => continue,
        };
        if let Some(m) = map_of(of) {
            let (f, span) = m.origin_span(r.span.clone());
            r.place = Place::File(f);
            r.span = span;
        }
    }
    Some((file, d))
}

/// The segment `at` is in.
fn segment_at(segments: &[Segment], at: usize) -> usize {
    segments
        .partition_point(|s| s.start <= at)
        .saturating_sub(1)
}

fn origin(segments: &[Segment], at: usize) -> (usize, usize) {
    match segments.get(segment_at(segments, at)) {
        Some(s) if s.verbatim => (s.file, s.offset + at.saturating_sub(s.start)),
        Some(s) => (s.file, s.offset),
        None => (0, 0),
    }
}

fn origin_span(segments: &[Segment], span: Range<usize>) -> (usize, Range<usize>) {
    let (file, start) = origin(segments, span.start);
    if span.end <= span.start {
        return (file, start..start);
    }
    let i = segment_at(segments, span.start);
    let one_piece = segments
        .get(i + 1)
        .is_none_or(|next| next.start >= span.end);
    let verbatim = segments.get(i).is_some_and(|s| s.verbatim);
    if one_piece && verbatim {
        (file, start..start + span.len())
    } else {
        (file, start..start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_generated_text_keep_their_origin() {
        let a = Mapped::file(0, "hello world\n");
        let b = Mapped::file(1, "one\ntwo\n");
        let mut out = Mapped::default();
        out.push_copy(&a, 0..6);
        out.push_copy(&b, 4..7);
        out.push_generated("\n", 1, 7);
        out.push_copy(&a, 6..12);
        assert_eq!(out.text, "hello two\nworld\n");
        assert_eq!(out.origin(0), (0, 0));
        assert_eq!(out.origin(7), (1, 5));
        assert_eq!(out.origin(9), (1, 7));
        assert_eq!(out.origin(10), (0, 6));
        assert_eq!(out.origin_span(6..9), (1, 4..7));
        assert_eq!(out.origin_span(4..8), (0, 4..4));
        // Copying a copy composes.
        let mut again = Mapped::default();
        again.push_copy(&out, 6..12);
        assert_eq!(again.text, "two\nwo");
        assert_eq!(again.origin(0), (1, 4));
        assert_eq!(again.origin(4), (0, 6));
        // Contiguous copies merge.
        let mut whole = Mapped::default();
        whole.push_copy(&a, 0..3);
        whole.push_copy(&a, 3..12);
        assert_eq!(whole.into_parts().1.single_file(), Some(0));
    }
}
