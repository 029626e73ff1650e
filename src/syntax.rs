//! Layer 0 (foundations): Where shortcodes are parsed: finding `<<#name ...>>`, `<</name>>` and
//! `\<<#` escapes in a chapter, and the grammar of a tag's arguments.
//!
//! ```text
//! open    = "<<#" name { ws arg } [ws] ">>"          (on one line)
//! close   = "<</" name [ws] ">>"
//! arg     = quoted                                    positional (first only)
//!         | key "=" (quoted | bare)                   key/value
//!         | bare                                      positional or flag
//! quoted  = '"' { char | '\"' | '\\' } '"'  |  "'" { char | "\'" | "\\" } "'"
//! bare    = one or more characters other than whitespace, quotes and ">>"
//! name    = letter { letter | digit | "-" | "_" }
//! ```
//!
//! What is a tag at all (README, "Shortcode syntax"): `<<#` or `<</` followed
//! by the name of a shortcode is always a tag, and anything wrong with it is
//! an error. Followed by another name, it is a tag (an "unknown shortcode"
//! error, with a did-you-mean) only when the whole tag is well formed and
//! ends with `>>` on its line; otherwise, like `<<#`/`<</` followed by no
//! name at all, it is text and left alone (`<</span>` in raw HTML, `a <<# b`
//! in prose). The exceptions are slips: `<<# toc>>`, a space before a
//! shortcode's name, and a name with an invisible character in it
//! (`<<#no\u{200b}te>>`) are errors.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, shorten};
use crate::markdown::Regions;

/// One argument as written in a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArg {
    /// The key and its span, for `key=value` and bare words.
    pub key: Option<(String, Range<usize>)>,
    /// The value and its span (inside the quotes), if any.
    pub value: Option<(String, Range<usize>)>,
    /// The whole argument as written.
    pub span: Range<usize>,
}

impl RawArg {
    /// A bare word: either the positional argument or a boolean flag.
    pub fn is_word(&self) -> bool {
        self.key.is_some() && self.value.is_none()
    }
}

/// An opening tag `<<#name args>>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTag {
    /// The shortcode's name as written (`toc`).
    pub name: String,
    /// Byte range of the name in the text.
    pub name_span: Range<usize>,
    /// The arguments, in the order written.
    pub args: Vec<RawArg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// What [`scan`] found at a [`Token`]'s place.
pub enum TokenKind {
    /// An opening tag, `<<#name args>>` (self-closing or opening a block).
    Open(OpenTag),
    /// A closing tag, `<</name>>`.
    Close {
        /// The name it closes, as written.
        name: String,
    },
    /// A backslash that escapes a following `<<#` or `<</`; it is removed.
    Escape,
    /// Text that looks like a tag but is not one; already reported.
    Broken,
    /// Text the engine replaces: `{env:key}` in a fenced code block that
    /// opts in to environment values.
    Replace(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// One tag or escape found in a chapter, in text order.
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte range in the scanned text: the whole tag (or the backslash).
    pub span: Range<usize>,
}

/// Whether a chapter can contain shortcodes at all: the fast path for the
/// chapters that have none.
pub fn may_contain_tags(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"<<").any(|i| matches!(bytes.get(i + 2), Some(b'#' | b'/')))
}

/// Finds every tag and escape outside protected regions, in order.
/// `known` tells the names of shortcodes (see the module doc for what that
/// changes).
pub fn scan(
    text: &str,
    regions: &Regions,
    known: &dyn Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Token> {
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"<<");
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(found) = finder.find(&bytes[pos..]) {
        let at = pos + found;
        pos = at + 1;
        let kind = bytes.get(at + 2).copied();
        if !matches!(kind, Some(b'#' | b'/')) {
            continue;
        }
        if let Some(end) = regions.protected_end(at) {
            pos = end;
            continue;
        }
        let backslashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            tokens.push(Token {
                kind: TokenKind::Escape,
                span: at - 1..at,
            });
            pos = at + 3;
            continue;
        }
        let Some(token) = lex_tag(text, at, kind == Some(b'#'), known, diags) else {
            continue;
        };
        pos = token.span.end.max(at + 3);
        tokens.push(token);
    }
    tokens
}

/// The tag at `at`, or None when the text there cannot be one of our tags
/// (the rule in the module doc).
fn lex_tag(
    text: &str,
    at: usize,
    open: bool,
    known: &dyn Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Token> {
    let lex = if open { lex_open } else { lex_close };
    let start = at + 3;
    let eol = line_end(text, at);
    let n = name_len(&text[start..eol]);
    if n == 0 {
        // `<<# toc>>`: a slip, not prose.
        let after = text[start..eol].trim_start_matches([' ', '\t']);
        let m = name_len(after);
        if after.len() < eol - start && m > 0 && known(&after[..m]) {
            return Some(lex(text, at, diags));
        }
        return None;
    }
    // A shortcode's name, or a name with an invisible character pasted into
    // it (`<<#no\u{200b}te>>`), which no HTML name has.
    let invisible = text[start + n..].chars().next().is_some_and(|c| {
        matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
    });
    if known(&text[start..start + n]) || invisible {
        return Some(lex(text, at, diags));
    }
    let mut own = Vec::new();
    let token = lex(text, at, &mut own);
    if token.kind == TokenKind::Broken {
        return None;
    }
    diags.extend(own);
    Some(token)
}

const ESCAPE_HINT: &str = "to show `<<#` literally, write `\\<<#`";

/// End of the line holding `at` (the offset of its `\n`, `\r\n`, or EOF).
fn line_end(text: &str, at: usize) -> usize {
    let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn name_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return 0,
    }
    chars
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map_or(s.len(), |(i, _)| i)
}

/// Reports a malformed tag and returns a `Broken` token covering it, so that
/// scanning resumes after it and nothing is silently dropped.
fn broken(span: Range<usize>, diag: Diagnostic, diags: &mut Vec<Diagnostic>) -> Token {
    diags.push(diag);
    Token {
        kind: TokenKind::Broken,
        span,
    }
}

fn lex_close(text: &str, at: usize, diags: &mut Vec<Diagnostic>) -> Token {
    let eol = line_end(text, at);
    let start = at + 3;
    let n = name_len(&text[start..eol]);
    if n == 0 {
        let end = text[at..eol].find(">>").map_or(at + 3, |i| at + i + 2);
        return broken(
            at..end,
            Diagnostic::error(at..end, "expected a shortcode name after `<</`")
                .with_hint("a closing tag looks like `<</name>>`; ".to_string() + ESCAPE_HINT),
            diags,
        );
    }
    let name = &text[start..start + n];
    let rest = &text[start + n..eol];
    let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if rest[ws..].starts_with(">>") {
        return Token {
            kind: TokenKind::Close {
                name: name.to_string(),
            },
            span: at..start + n + ws + 2,
        };
    }
    broken(
        at..start + n,
        Diagnostic::error(
            at..start + n,
            format!(
                "closing tag `<</{}` is not terminated by `>>`",
                shorten(name)
            ),
        )
        .with_hint(format!("write `<</{name}>>`")),
        diags,
    )
}

// Over 80 lines: a lexer: one opening tag and its arguments (DEVELOPERS.md; tests/suite/layers.rs).
fn lex_open(text: &str, at: usize, diags: &mut Vec<Diagnostic>) -> Token {
    let eol = line_end(text, at);
    let start = at + 3;
    let n = name_len(&text[start..eol]);
    if n == 0 {
        let end = text[at..eol].find(">>").map_or(at + 3, |i| at + i + 2);
        let what = match text[start..].chars().next() {
            Some(c) if c != ' ' && c != '>' && c != '\n' => {
                format!("`{}`", shorten(&c.to_string()))
            }
            _ => "nothing".to_string(),
        };
        return broken(
            at..end,
            Diagnostic::error(
                at..end,
                format!("expected a shortcode name after `<<#`, found {what}"),
            )
            .with_hint(format!(
                "names start with a letter, e.g. `<<#toc>>`; {ESCAPE_HINT}"
            )),
            diags,
        );
    }
    let name = text[start..start + n].to_string();
    let name_span = start..start + n;
    let mut args = Vec::new();
    let mut i = start + n;
    let bytes = text.as_bytes();
    loop {
        let ws_start = i;
        while i < eol && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if text[i..eol].starts_with(">>") {
            return Token {
                kind: TokenKind::Open(OpenTag {
                    name,
                    name_span,
                    args,
                }),
                span: at..i + 2,
            };
        }
        if i >= eol {
            let more = if eol < text.len() {
                " on its line"
            } else {
                " before the end of the chapter"
            };
            return broken(
                at..eol,
                Diagnostic::error(
                    at..eol,
                    format!(
                        "shortcode `<<#{}` is not terminated by `>>`{more}",
                        shorten(&name)
                    ),
                )
                .with_hint(format!(
                    "a tag must end with `>>` on the line where it starts; {ESCAPE_HINT}"
                )),
                diags,
            );
        }
        if i == ws_start {
            // Something glued to the name or to the previous argument:
            // `a="x"b`, `<<#to\u{200b}c>>`, a no-break space.
            let c = text[i..].chars().next().unwrap_or(' ');
            let end = text[i..eol].find(">>").map_or(eol, |j| i + j + 2);
            let (message, hint) = if args.is_empty() {
                (
                    format!(
                        "`<<#{}` is followed by `{}`, which cannot be part of a shortcode name",
                        shorten(&name),
                        shorten(&c.to_string())
                    ),
                    "names use ASCII letters, digits, `-` and `_`; separate arguments with plain spaces",
                )
            } else {
                (
                    format!(
                        "expected a space between arguments, found `{}`",
                        shorten(&c.to_string())
                    ),
                    "separate arguments with plain spaces: `a=\"x\" b=\"y\"`",
                )
            };
            return broken(
                at..end,
                Diagnostic::error(i..i + c.len_utf8(), message).with_hint(hint),
                diags,
            );
        }
        match lex_arg(text, i, eol, args.is_empty()) {
            Ok(arg) => {
                i = arg.span.end;
                args.push(arg);
            }
            Err(diag) => {
                let end = text[i..eol].find(">>").map_or(eol, |j| i + j + 2);
                return broken(at..end, diag, diags);
            }
        }
    }
}

fn lex_arg(text: &str, at: usize, eol: usize, first: bool) -> Result<RawArg, Diagnostic> {
    let bytes = text.as_bytes();
    if let Some(d) = curly_quoted(text, at, eol, None) {
        return Err(d);
    }
    if matches!(bytes[at], b'"' | b'\'') {
        let (value, end) = lex_quoted(text, at, eol)?;
        if !first {
            return Err(Diagnostic::error(
                at..end,
                "a quoted value without a key can only be the first argument",
            )
            .with_hint("name it, as in `key=\"value\"`; only one positional argument is allowed, and it comes first"));
        }
        return Ok(RawArg {
            key: None,
            value: Some((value, at + 1..end - 1)),
            span: at..end,
        });
    }
    let word_end = bare_end(text, at, eol);
    let key = &text[at..word_end];
    if text[word_end..eol].starts_with('=') {
        if !is_key(key) {
            return Err(invalid_key(key, at..word_end));
        }
        let v = word_end + 1;
        if let Some(d) = curly_quoted(text, v, eol, Some(key)) {
            return Err(d);
        }
        if v < eol && matches!(bytes[v], b'"' | b'\'') {
            let (value, end) = lex_quoted(text, v, eol)?;
            return Ok(RawArg {
                key: Some((key.to_string(), at..word_end)),
                value: Some((value, v + 1..end - 1)),
                span: at..end,
            });
        }
        let end = bare_end(text, v, eol);
        if end == v {
            return Err(
                Diagnostic::error(at..v, format!("missing value after `{key}=`")).with_hint(
                    format!("write `{key}=\"value\"`, or just `{key}` for a flag"),
                ),
            );
        }
        return Ok(RawArg {
            key: Some((key.to_string(), at..word_end)),
            value: Some((text[v..end].to_string(), v..end)),
            span: at..end,
        });
    }
    if word_end == at {
        let c = text[at..].chars().next().unwrap_or(' ');
        return Err(Diagnostic::error(
            at..at + c.len_utf8(),
            format!(
                "unexpected `{}` in a shortcode tag",
                shorten(&c.to_string())
            ),
        ));
    }
    Ok(RawArg {
        key: Some((key.to_string(), at..word_end)),
        value: None,
        span: at..word_end,
    })
}

/// Typographic quotes a word processor puts in: “…”, ‘…’, „…“, ‚…‘, «…».
const CURLY: &[char] = &['“', '”', '‘', '’', '„', '‚', '«', '»'];

/// A value (or positional word) at `at` that starts with a curly quote: one
/// error covering it up to its closing curly quote (or the end of the word),
/// with the value written as it should be.
fn curly_quoted(text: &str, at: usize, eol: usize, key: Option<&str>) -> Option<Diagnostic> {
    let open = text[at..eol].chars().next().filter(|c| CURLY.contains(c))?;
    let inner = at + open.len_utf8();
    let rest = &text[inner..eol];
    let stop = rest.find(">>").unwrap_or(rest.len());
    let (value, end) = match rest[..stop].find(CURLY) {
        Some(i) => {
            let close = rest[i..].chars().next().map_or(1, char::len_utf8);
            (&rest[..i], inner + i + close)
        }
        None => {
            let word = rest[..stop].find([' ', '\t']).unwrap_or(stop);
            (&rest[..word], inner + word)
        }
    };
    let value = value.replace('\\', "\\\\").replace('"', "\\\"");
    let fixed = match key {
        Some(k) => format!("{k}=\"{value}\""),
        None => format!("\"{value}\""),
    };
    Some(
        Diagnostic::error(
            at..end,
            "curly quotes are not quote marks here: use \"...\"",
        )
        .with_hint(format!("write `{}`", shorten(&fixed))),
    )
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn invalid_key(key: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(
        span,
        format!("`{}` is not a valid attribute name", shorten(key)),
    )
    .with_hint("attribute names use letters, digits, `-` and `_`")
}

/// End of a bare word: up to whitespace, `=`, a quote or `>>`.
fn bare_end(text: &str, at: usize, eol: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < eol {
        match bytes[i] {
            b' ' | b'\t' | b'=' | b'"' | b'\'' => break,
            b'>' if bytes.get(i + 1) == Some(&b'>') => break,
            _ => i += 1,
        }
    }
    i
}

/// A quoted value starting at the quote at `at`; returns it unescaped and
/// the offset after the closing quote.
fn lex_quoted(text: &str, at: usize, eol: usize) -> Result<(String, usize), Diagnostic> {
    let quote = text.as_bytes()[at] as char;
    let mut value = String::new();
    let mut chars = text[at + 1..eol].char_indices();
    while let Some((i, c)) = chars.next() {
        let pos = at + 1 + i;
        if c == quote {
            return Ok((value, pos + 1));
        }
        if c == '\\' {
            match chars.next() {
                Some((_, e)) if e == quote || e == '\\' => value.push(e),
                // `\{env:` (a literal `{env:`), kept for the engine's
                // substitution of environment values, which removes it.
                Some((_, '{')) => value.push_str("\\{"),
                Some((_, e)) => {
                    return Err(Diagnostic::error(
                        pos..pos + 1 + e.len_utf8(),
                        format!("invalid escape `\\{}` in a quoted value", shorten(&e.to_string())),
                    )
                    .with_hint(format!(
                        "inside {quote}...{quote} only `\\{quote}` and `\\\\` are escapes; write `\\\\` for a backslash"
                    )));
                }
                None => break,
            }
        } else {
            value.push(c);
        }
    }
    Err(Diagnostic::error(
        at..eol,
        format!("the quoted value is not closed: `{quote}` missing"),
    )
    .with_hint(format!(
        "close the value with `{quote}` before the end of the line"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;
    use crate::markdown::ParseOptions;

    /// Names the unit tests treat as shortcodes.
    const KNOWN: &[&str] = &["toc", "note", "n", "name", "x", "a", "b", "c", "to"];

    fn lex(text: &str) -> (Vec<Token>, Vec<String>) {
        let mut diags = Vec::new();
        let regions = Regions::of(text, ParseOptions::default());
        let known = |name: &str| KNOWN.contains(&name);
        let tokens = scan(text, &regions, &known, &mut diags);
        let idx = LineIndex::new(text);
        let msgs = diags
            .iter()
            .map(|d| {
                let (l, c) = idx.line_col(d.span.start);
                format!("{l}:{c}: {}", d.message)
            })
            .collect();
        (tokens, msgs)
    }

    fn open(text: &str) -> OpenTag {
        let (tokens, msgs) = lex(text);
        assert!(msgs.is_empty(), "{msgs:?}");
        match &tokens[0].kind {
            TokenKind::Open(tag) => tag.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn args(text: &str) -> Vec<(Option<String>, Option<String>)> {
        open(text)
            .args
            .into_iter()
            .map(|a| (a.key.map(|k| k.0), a.value.map(|v| v.0)))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn self_closing_without_args() {
        let (tokens, _) = lex("a <<#toc>> b");
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].span, 2..10);
        assert_eq!(open("<<#toc>>").name, "toc");
    }

    #[test]
    fn all_argument_forms() {
        assert_eq!(
            args(r#"<<#name pos key="v a" key2='v b' key3=bare flag>>"#),
            vec![
                (s("pos"), None),
                (s("key"), s("v a")),
                (s("key2"), s("v b")),
                (s("key3"), s("bare")),
                (s("flag"), None),
            ]
        );
        assert_eq!(
            args(r#"<<#n "first positional" k=1>>"#),
            vec![(None, s("first positional")), (s("k"), s("1"))]
        );
    }

    #[test]
    fn quoted_escapes() {
        assert_eq!(
            args(r#"<<#n a="say \"hi\" \\o/" b='it\'s'>>"#),
            vec![(s("a"), s(r#"say "hi" \o/"#)), (s("b"), s("it's"))]
        );
        // `>>` inside quotes does not end the tag.
        assert_eq!(args(r#"<<#n a=">>">>"#), vec![(s("a"), s(">>"))]);
        assert_eq!(args("<<#n   a=x\t>>"), vec![(s("a"), s("x"))]);
    }

    #[test]
    fn value_spans_point_inside_quotes() {
        let text = r#"<<#n key="value">>"#;
        let tag = open(text);
        let (v, span) = tag.args[0].value.clone().unwrap();
        assert_eq!(&text[span], v);
    }

    #[test]
    fn close_tags_and_escapes() {
        let (tokens, msgs) = lex("\\<<#toc>> <</note >> \\\\<<#x>>");
        assert!(msgs.is_empty());
        assert_eq!(tokens[0].kind, TokenKind::Escape);
        assert_eq!(tokens[0].span, 0..1);
        assert_eq!(
            tokens[1].kind,
            TokenKind::Close {
                name: "note".into()
            }
        );
        // An escaped backslash does not escape the tag.
        assert!(matches!(tokens[2].kind, TokenKind::Open(_)));
    }

    #[test]
    fn triple_angle_still_finds_tag() {
        let (tokens, _) = lex("<<<#toc>>");
        assert_eq!(tokens[0].span, 1..9);
    }

    #[test]
    fn code_and_comments_are_skipped() {
        let (tokens, msgs) = lex("`<<#a>>` <!-- <<#b>> -->\n\n```\n<<#c\n```\n");
        assert!(tokens.is_empty());
        assert!(msgs.is_empty());
    }

    #[test]
    fn errors_are_located() {
        let cases: &[(&str, &str)] = &[
            (
                "x\n  <<#toc",
                "2:3: shortcode `<<#toc` is not terminated by `>>` before the end of the chapter",
            ),
            (
                "<<#toc depth=2\n>>",
                "1:1: shortcode `<<#toc` is not terminated by `>>` on its line",
            ),
            (
                "<<# toc>>",
                "1:1: expected a shortcode name after `<<#`, found nothing",
            ),
            (
                "<<#n a=\"x\\q\">>",
                "1:10: invalid escape `\\q` in a quoted value",
            ),
            (
                "<<#n a=\"open>>",
                "1:8: the quoted value is not closed: `\"` missing",
            ),
            ("<<#n a= b>>", "1:6: missing value after `a=`"),
            (
                "<<#n k=1 \"late\">>",
                "1:10: a quoted value without a key can only be the first argument",
            ),
            (
                "<<#n a=\"x\"b>>",
                "1:11: expected a space between arguments, found `b`",
            ),
            (
                "<<#to\u{200b}c>>",
                "1:6: `<<#to` is followed by `<U+200B>`, which cannot be part of a shortcode name",
            ),
            (
                "<<#toc\u{a0}depth=2>>",
                "1:7: `<<#toc` is followed by `<U+00A0>`, which cannot be part of a shortcode name",
            ),
            ("<<#n a.b=1>>", "1:6: `a.b` is not a valid attribute name"),
            (
                "<</note",
                "1:1: closing tag `<</note` is not terminated by `>>`",
            ),
            (
                "ok\r\n<<#x\r\n",
                "2:1: shortcode `<<#x` is not terminated by `>>` on its line",
            ),
        ];
        for (text, want) in cases {
            let (tokens, msgs) = lex(text);
            assert_eq!(msgs, vec![want.to_string()], "input {text:?}");
            assert!(tokens.iter().all(|t| t.kind == TokenKind::Broken));
        }
    }

    #[test]
    fn what_cannot_be_a_tag_is_text() {
        for text in [
            "<span class=\"grammar-literal\"><</span>",
            "<<#div>",
            "<<#div class=\"x\">",
            "a <<# y",
            "x <<#y > 2",
            "<<#9a>>",
            "<</>>",
            "çé <<#",
            "<</span> and <span>>></span>",
            "<<#unknown a.b=1>>",
            "<<#unknown title=“x”>>",
            "<<#unknown",
        ] {
            let (tokens, msgs) = lex(text);
            assert!(
                tokens.is_empty() && msgs.is_empty(),
                "{text:?}: {tokens:?} {msgs:?}"
            );
        }
        // A well-formed tag with another name is a tag (the engine reports
        // it as unknown); a shortcode's name is a tag however it is broken.
        let (tokens, msgs) = lex("<<#workflow-tabel>> <</span >>");
        assert!(msgs.is_empty());
        assert!(matches!(tokens[0].kind, TokenKind::Open(_)));
        assert!(matches!(tokens[1].kind, TokenKind::Close { .. }));
        let (_, msgs) = lex("<<#toc>");
        assert_eq!(
            msgs,
            ["1:7: `<<#toc` is followed by `>`, which cannot be part of a shortcode name"]
        );
    }

    #[test]
    fn curly_quotes_are_one_error_at_the_value() {
        for (text, want, hint) in [
            (
                "<<#n title=“Create the token”>>",
                "1:12",
                "write `title=\"Create the token\"`",
            ),
            (
                "<<#n title=‘Create the token’>>",
                "1:12",
                "write `title=\"Create the token\"`",
            ),
            (
                "<<#n a=1 title=„Create the token“>>",
                "1:16",
                "write `title=\"Create the token\"`",
            ),
            ("<<#n “s 1”>>", "1:6", "write `\"s 1\"`"),
            ("<<#n title=“Create>>", "1:12", "write `title=\"Create\"`"),
        ] {
            let mut diags = Vec::new();
            let regions = Regions::of(text, ParseOptions::default());
            let known = |name: &str| KNOWN.contains(&name);
            scan(text, &regions, &known, &mut diags);
            assert_eq!(diags.len(), 1, "{text}");
            let (l, c) = LineIndex::new(text).line_col(diags[0].span.start);
            assert_eq!(format!("{l}:{c}"), want, "{text}");
            assert_eq!(
                diags[0].message,
                "curly quotes are not quote marks here: use \"...\""
            );
            assert_eq!(diags[0].hint.as_deref(), Some(hint), "{text}");
        }
    }

    #[test]
    fn fast_path() {
        assert!(!may_contain_tags("plain << text <#"));
        assert!(may_contain_tags("a <</x>>"));
        assert!(may_contain_tags("a <<#x>>"));
    }
}
