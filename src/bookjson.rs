//! Layer 0 (foundations): mdBook's `[context, book]` JSON, read and written without building a
//! `serde_json::Value` tree of the book.
//!
//! The book is mostly chapter text. Reading it into a `Value` tree and
//! serialising the tree again costs more than everything else we do on a
//! book without shortcodes, so instead:
//!
//! - one serde pass over the input validates it and finds, for every
//!   chapter, the few fields we use and the byte range of its `content`
//!   string; everything else is skipped;
//! - the contents are unescaped (in parallel for large books);
//! - the book's JSON text minus the contents is kept as a *skeleton*; the
//!   input buffer can then be freed;
//! - the output is the skeleton with each chapter's (possibly expanded)
//!   content escaped back into its hole. Every key and value we do not use,
//!   known or added by a future mdBook, passes through byte for byte, in
//!   its original order.

use std::fmt;
use std::io::Write;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::book::Chapter;

/// Why the input could not be read; the caller words the message.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON (the parser's message).
    Json(String),
    NotArray,
    /// An array of this many elements, not 2.
    Len(usize),
}

/// The input, read.
#[derive(Debug)]
pub struct Input {
    /// The first element (`context`), as JSON.
    pub context: Value,
    /// The book has a `sections` key (mdBook 0.4's shape).
    pub has_sections: bool,
    /// The book has an `items` key.
    pub has_items: bool,
    /// The book's `items` is a list: the book's chapters, in book order.
    pub chapters: Option<Vec<Chapter>>,
    /// The book's JSON without the chapters' contents.
    skeleton: Skeleton,
}

/// The book's JSON text with holes where the chapters' contents were.
#[derive(Debug, Default)]
struct Skeleton {
    text: Vec<u8>,
    /// Sorted by position: (offset in `text`, chapter index).
    holes: Vec<(usize, usize)>,
}

/// Reads mdBook's `[context, book]`.
// Over 80 lines: a parser: mdBook's JSON read in one pass (DEVELOPERS.md; tests/suite/layers.rs).
pub fn read(input: &[u8]) -> Result<Input, ReadError> {
    let text = std::str::from_utf8(input)
        .map_err(|e| ReadError::Json(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let top: Top<'_> = serde_json::from_str(text).map_err(|e| ReadError::Json(e.to_string()))?;
    let Top::Array { len, context, book } = top else {
        return Err(ReadError::NotArray);
    };
    let (Some(context), Some(book), 2) = (context, book, len) else {
        return Err(ReadError::Len(len));
    };

    // The book's JSON text: after the context and its comma, up to the
    // array's closing bracket (the input is valid JSON of two elements).
    let context_end = offset_in(text, context.get()) + context.get().len();
    let after = &text[context_end..];
    let book_start = context_end
        + after
            .find(|c: char| c != ',' && !c.is_ascii_whitespace())
            .unwrap_or(after.len());
    let book_end = text.trim_end().len().saturating_sub(1).max(book_start);
    let book_range = book_start..text[..book_end].trim_end().len().max(book_start);

    let mut input = Input {
        context: serde_json::from_str(context.get()).map_err(|e| ReadError::Json(e.to_string()))?,
        has_sections: book.has_sections,
        has_items: book.items.is_some(),
        chapters: None,
        skeleton: Skeleton::default(),
    };
    let Some(Some(items)) = book.items else {
        return Ok(input);
    };

    // The chapters in book order, and where each content string is.
    let mut chapters = Vec::new();
    let mut raws: Vec<Option<&str>> = Vec::new();
    walk(items, 0, &mut None, &mut chapters, &mut raws);

    // Unescape the contents (chapters are independent: in parallel).
    let weights: Vec<usize> = raws.iter().map(|r| r.map_or(0, str::len)).collect();
    let mut errors: Vec<Option<String>> = vec![None; chapters.len()];
    let mut jobs: Vec<(&mut Chapter, &mut Option<String>)> =
        chapters.iter_mut().zip(errors.iter_mut()).collect();
    crate::parallel::par_for_each(&mut jobs, &weights, |i, (chapter, error)| {
        if let Some(raw) = raws[i] {
            match unescape(raw) {
                Ok(s) => chapter.content = s,
                Err(e) => **error = Some(e),
            }
        }
    });
    if let Some(e) = errors.into_iter().flatten().next() {
        return Err(ReadError::Json(e));
    }

    // The skeleton: the book's text without the content strings.
    let mut holes: Vec<(Range<usize>, usize)> = raws
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (offset_in(text, r)..offset_in(text, r) + r.len(), i)))
        .collect();
    holes.sort_by_key(|(r, _)| r.start);
    let mut skeleton = Skeleton {
        text: Vec::with_capacity(
            book_range.len() - weights.iter().sum::<usize>().min(book_range.len()) + 16,
        ),
        holes: Vec::with_capacity(holes.len()),
    };
    let mut last = book_range.start;
    for (r, i) in holes {
        skeleton
            .text
            .extend_from_slice(&text.as_bytes()[last..r.start]);
        skeleton.holes.push((skeleton.text.len(), i));
        last = r.end;
    }
    skeleton
        .text
        .extend_from_slice(&text.as_bytes()[last..book_range.end]);
    input.chapters = Some(chapters);
    input.skeleton = skeleton;
    Ok(input)
}

impl Input {
    /// Writes the book with each chapter's content taken from `chapters`
    /// (as [`read`] returned them, possibly changed), freeing each content
    /// once it is written. Contents are escaped in parallel a few MiB at a
    /// time, so that the escaped copy never holds the whole book.
    pub fn write_book(&self, chapters: Vec<Chapter>, out: &mut dyn Write) -> std::io::Result<()> {
        const BATCH: usize = 4 << 20;
        let mut contents: Vec<String> = chapters.into_iter().map(|c| c.content).collect();
        let text = &self.skeleton.text;
        let holes = &self.skeleton.holes;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut last = 0;
        let mut next = 0;
        while next < holes.len() {
            let mut end = next;
            let mut bytes = 0;
            while end < holes.len() && (end == next || bytes < BATCH) {
                bytes += contents[holes[end].1].len();
                end += 1;
            }
            let mut batch: Vec<(String, Vec<u8>)> = holes[next..end]
                .iter()
                .map(|&(_, i)| (std::mem::take(&mut contents[i]), Vec::new()))
                .collect();
            let weights: Vec<usize> = batch.iter().map(|(c, _)| c.len()).collect();
            crate::parallel::par_for_each(&mut batch, &weights, |_, (content, json)| {
                escape_into(content, json);
                *content = String::new();
            });
            for (&(at, _), (_, json)) in holes[next..end].iter().zip(&batch) {
                out.write_all(&text[last..at])?;
                out.write_all(json)?;
                last = at;
            }
            next = end;
        }
        out.write_all(&text[last..])?;
        out.flush()
    }
}

/// Byte offset of `part` (a slice of `text`) in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .wrapping_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// Depth-first, as mdBook numbers chapters: each chapter, then its
/// sub-items. A part title is kept on the chapter right after it.
fn walk<'a>(
    items: Vec<Item<'a>>,
    depth: usize,
    part: &mut Option<String>,
    chapters: &mut Vec<Chapter>,
    raws: &mut Vec<Option<&'a str>>,
) {
    for item in items {
        if let Some(title) = item.part_title {
            *part = Some(title);
        }
        let Some(ch) = item.chapter else {
            continue;
        };
        let ch = *ch;
        fn text(v: &Option<Value>) -> Option<&str> {
            v.as_ref().and_then(Value::as_str)
        }
        let path = |v: &Option<Value>| text(v).map(|p| p.replace('\\', "/"));
        chapters.push(Chapter {
            name: text(&ch.name).unwrap_or_default().to_string(),
            path: path(&ch.path),
            source_path: path(&ch.source_path),
            content: String::new(),
            depth,
            number: ch.number.as_ref().and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_u64)
                    .map(|n| n as u32)
                    .collect()
            }),
            part: part.take(),
        });
        // Only a JSON string is a content we expand and write back; any
        // other value passes through as it is.
        raws.push(ch.content.map(RawValue::get).filter(|r| r.starts_with('"')));
        walk(ch.sub_items, depth + 1, part, chapters, raws);
    }
}

/// A JSON string (with its quotes) as text.
fn unescape(raw: &str) -> Result<String, String> {
    let inner = &raw[1..raw.len() - 1];
    let bytes = inner.as_bytes();
    if memchr::memmem::find(bytes, b"\\u").is_some() {
        // Rare: let serde_json handle \uXXXX and surrogate pairs.
        return serde_json::from_str::<String>(raw).map_err(|e| e.to_string());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while let Some(j) = memchr::memchr(b'\\', &bytes[pos..]) {
        let i = pos + j;
        out.extend_from_slice(&bytes[pos..i]);
        out.push(match bytes.get(i + 1) {
            Some(b'n') => b'\n',
            Some(b't') => b'\t',
            Some(b'r') => b'\r',
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            _ => return serde_json::from_str::<String>(raw).map_err(|e| e.to_string()),
        });
        pos = i + 2;
    }
    out.extend_from_slice(&bytes[pos..]);
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// What each byte becomes in a JSON string: 0 itself, `u` a `\u00XX`
/// escape, else a backslash and that byte.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\t' as usize] = b't';
    t[0x08] = b'b';
    t[0x0c] = b'f';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the 8 bytes of `w` needs escaping in a JSON string: a
/// control character, `"` or `\\`.
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
    below_space || has_zero(w ^ (ONES * b'"' as u64)) || has_zero(w ^ (ONES * b'\\' as u64))
}

/// Appends `s` as a JSON string, escaped as serde_json escapes.
pub fn escape_into(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + bytes.len() / 32 + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping.
        while let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            if needs_escape(w) {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let e = ESCAPE[b as usize];
            if e != 0 {
                out.extend_from_slice(&bytes[start..i]);
                if e == b'u' {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[(b >> 4) as usize],
                        HEX[(b & 0xf) as usize],
                    ]);
                } else {
                    out.extend_from_slice(&[b'\\', e]);
                }
                start = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

// ---- The serde side: lenient visitors that skip what we do not use. ----

/// The top-level value.
enum Top<'a> {
    Array {
        len: usize,
        context: Option<&'a RawValue>,
        book: Option<BookIn<'a>>,
    },
    Other,
}

/// The book: only `items` is read; `sections` is noticed.
#[derive(Default)]
struct BookIn<'a> {
    has_sections: bool,
    /// `Some(None)`: an `items` key that is not a list.
    items: Option<Option<Vec<Item<'a>>>>,
}

#[derive(Default)]
struct Item<'a> {
    chapter: Option<Box<ChapterIn<'a>>>,
    part_title: Option<String>,
}

#[derive(Default)]
struct ChapterIn<'a> {
    name: Option<Value>,
    path: Option<Value>,
    source_path: Option<Value>,
    number: Option<Value>,
    content: Option<&'a RawValue>,
    sub_items: Vec<Item<'a>>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ChapterKey {
    Name,
    Path,
    SourcePath,
    Number,
    Content,
    SubItems,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier)]
enum ItemKey {
    Chapter,
    PartTitle,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum BookKey {
    Items,
    Sections,
    #[serde(other)]
    Other,
}

/// Implements the visits of values a lenient visitor does not want: they
/// are skipped and give `$other`.
macro_rules! otherwise {
    ($other:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }
    };
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("[context, book]")
            }
            otherwise!(Top::Other);
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                skip_map(map)?;
                Ok(Top::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let context: Option<&'de RawValue> = seq.next_element()?;
                let mut len = usize::from(context.is_some());
                let book = match context {
                    Some(_) => seq.next_element()?,
                    None => None,
                };
                len += usize::from(book.is_some());
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    len += 1;
                }
                Ok(Top::Array { len, context, book })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for BookIn<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BookIn<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a book")
            }
            otherwise!(BookIn::default());
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq)?;
                Ok(BookIn::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut book = BookIn::default();
                while let Some(key) = map.next_key::<BookKey>()? {
                    match key {
                        BookKey::Items => book.items = Some(map.next_value::<Items>()?.0),
                        BookKey::Sections => {
                            book.has_sections = true;
                            map.next_value::<IgnoredAny>()?;
                        }
                        BookKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(book)
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of items; `None` when the value is not a list.
struct Items<'a>(Option<Vec<Item<'a>>>);

impl<'de> Deserialize<'de> for Items<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Items<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of items")
            }
            otherwise!(Items(None));
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                skip_map(map)?;
                Ok(Items(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<Item>()? {
                    items.push(item);
                }
                Ok(Items(Some(items)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Item<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a book item")
            }
            otherwise!(Item::default());
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq)?;
                Ok(Item::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut item = Item::default();
                while let Some(key) = map.next_key::<ItemKey>()? {
                    match key {
                        ItemKey::Chapter => {
                            item.chapter = map.next_value::<Lenient<ChapterIn>>()?.0
                        }
                        ItemKey::PartTitle => {
                            item.part_title = match map.next_value::<Value>()? {
                                Value::String(s) => Some(s),
                                _ => None,
                            }
                        }
                        ItemKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(item)
            }
        }
        d.deserialize_any(V)
    }
}

/// A chapter object; `None` when the value is not an object.
struct Lenient<T>(Option<Box<T>>);

impl<'de> Deserialize<'de> for Lenient<ChapterIn<'de>> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient<ChapterIn<'de>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chapter")
            }
            otherwise!(Lenient(None));
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq)?;
                Ok(Lenient(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut ch = ChapterIn::default();
                while let Some(key) = map.next_key::<ChapterKey>()? {
                    match key {
                        ChapterKey::Name => ch.name = Some(map.next_value()?),
                        ChapterKey::Path => ch.path = Some(map.next_value()?),
                        ChapterKey::SourcePath => ch.source_path = Some(map.next_value()?),
                        ChapterKey::Number => ch.number = Some(map.next_value()?),
                        ChapterKey::Content => ch.content = Some(map.next_value()?),
                        ChapterKey::SubItems => {
                            ch.sub_items = map.next_value::<Items>()?.0.unwrap_or_default()
                        }
                        ChapterKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Lenient(Some(Box::new(ch))))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn roundtrip(input: &Value) -> Value {
        let bytes = serde_json::to_vec(input).unwrap();
        let got = read(&bytes).unwrap();
        let chapters = got.chapters.clone().unwrap();
        let mut out = Vec::new();
        got.write_book(chapters, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn the_book_passes_through() {
        let input = json!([
            {"root": "/b", "config": {}, "renderer": "html", "mdbook_version": "0.5.4"},
            {"items": [
                {"PartTitle": "P"},
                {"Chapter": {"name": "A", "content": "# A\n\"q\" \\ \t\u{1}é\u{10348}", "number": [1],
                  "sub_items": [{"Chapter": {"name": "B", "content": "b", "sub_items": [], "extra": [1, {"x": null}]}}],
                  "path": "a.md", "source_path": "a.md", "parent_names": []}},
                "Separator",
                {"Chapter": {"name": "C", "content": null}},
                {"Chapter": "not an object"},
                {"Unknown": {"content": "x"}}
            ], "__non_exhaustive": null, "future": {"k": [1.5, true]}}
        ]);
        assert_eq!(roundtrip(&input), input[1]);
        let bytes = serde_json::to_vec(&input).unwrap();
        let got = read(&bytes).unwrap();
        let chapters = got.chapters.unwrap();
        let names: Vec<_> = chapters
            .iter()
            .map(|c| (c.name.as_str(), c.depth, c.part.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![("A", 0, Some("P")), ("B", 1, None), ("C", 0, None)]
        );
        assert_eq!(chapters[0].content, "# A\n\"q\" \\ \t\u{1}é\u{10348}");
        assert_eq!(chapters[0].number, Some(vec![1]));
    }

    #[test]
    fn changed_contents_are_written_back() {
        let input = json!([{}, {"items": [{"Chapter": {"content": "x", "sub_items": [
            {"Chapter": {"sub_items": [], "content": "y"}}]}}]}]);
        let bytes = serde_json::to_vec(&input).unwrap();
        let got = read(&bytes).unwrap();
        let mut chapters = got.chapters.clone().unwrap();
        chapters[0].content = "X\n".into();
        chapters[1].content = "Y\"".into();
        let mut out = Vec::new();
        got.write_book(chapters, &mut out).unwrap();
        let out: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            out,
            json!({"items": [{"Chapter": {"content": "X\n", "sub_items": [
                {"Chapter": {"sub_items": [], "content": "Y\""}}]}}]})
        );
    }

    #[test]
    fn escapes_in_the_input() {
        let raw =
            br#"[ {} , {"items":[{"Chapter":{"content":"a\/b\u00e9\ud83d\ude00\n\"\\"}}]} ] "#;
        let got = read(raw).unwrap();
        assert_eq!(got.chapters.as_ref().unwrap()[0].content, "a/bé😀\n\"\\");
        assert!(read(br#"[{}, {"items":[{"Chapter":{"content":"\ud83d"}}]}]"#).is_err());
        assert!(matches!(read(b"{}"), Err(ReadError::NotArray)));
        assert!(matches!(read(b"[1,2,3]"), Err(ReadError::Len(3))));
        assert!(matches!(read(b"[]"), Err(ReadError::Len(0))));
        assert!(matches!(read(b"[1, {"), Err(ReadError::Json(_))));
        let r = read(br#"[{}, {"sections": []}]"#).unwrap();
        assert!(r.has_sections && !r.has_items && r.chapters.is_none());
    }

    #[test]
    fn escaping_at_every_offset() {
        for len in 0..40 {
            for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', ' ', 'é', '😀'] {
                for at in 0..=len {
                    let s: String = (0..len)
                        .map(|i| if i == at { special } else { 'a' })
                        .collect();
                    let mut out = Vec::new();
                    escape_into(&s, &mut out);
                    assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn escaping_matches_serde_json() {
        let s: String = (0u8..128).map(char::from).chain("é—😀".chars()).collect();
        let mut out = Vec::new();
        escape_into(&s, &mut out);
        assert_eq!(out, serde_json::to_vec(&s).unwrap());
    }
}
