//! Layer 0 (foundations): Located diagnostics: what is wrong, where (in the original chapter's
//! coordinates), and how to fix it.

use std::fmt;
use std::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// Fails the build (unless `on-error = "warn"`).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A problem found in a chapter, located by byte offsets into the chapter's
/// original text. Line and column are computed when it is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it fails the build.
    pub severity: Severity,
    /// Byte range in the chapter's original content.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, e.g. "did you mean `toc`?".
    pub hint: Option<String>,
    /// A stable kebab-case name of the rule that found it, when it is
    /// more specific than "a broken shortcode" (`check` prints it and lets
    /// book.toml change its severity), e.g. `step-without-procedure`.
    pub code: Option<&'static str>,
    /// Other places the problem involves, each with what it is (the first
    /// step with the same id, the block a closing tag does not match):
    /// codespan-reporting's secondary labels.
    pub related: Vec<Related>,
}

/// Which text a [`Related`] span is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The text the diagnostic itself is in.
    Here,
    /// A chapter's original text (book order index), in the engine.
    Chapter(usize),
    /// A file `check` read (its `Source` index).
    File(usize),
}

/// A second place a [`Diagnostic`] points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    /// Which text `span` is in.
    pub place: Place,
    /// Byte range in that text.
    pub span: Range<usize>,
    /// What is there, e.g. "the first step with this id".
    pub message: String,
}

impl Diagnostic {
    /// An error at a byte range of the chapter's original text, without hint,
    /// code or related places.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: None,
            code: None,
            related: Vec::new(),
        }
    }

    /// A warning at a byte range of the chapter's original text, without hint,
    /// code or related places.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// Sets how to fix it (see [`Diagnostic::hint`]).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a second place (see [`Diagnostic::related`]).
    pub fn with_related(
        mut self,
        place: Place,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            place,
            span,
            message: message.into(),
        });
        self
    }

    /// Names the rule that found it (see [`Diagnostic::code`]).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
}

/// The candidate closest to `wrong`, if it is close enough to be a plausible
/// typo (or differs only by case, `_` vs `-`).
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace('_', "-");
    let wrong_n = norm(wrong);
    let mut best: Option<(f64, &str)> = None;
    for cand in candidates {
        let score = if norm(cand) == wrong_n {
            1.0
        } else {
            strsim::normalized_damerau_levenshtein(&wrong_n, &norm(cand))
        };
        let prefix = !wrong_n.is_empty() && norm(cand).starts_with(&wrong_n);
        let score = if prefix { score.max(0.75) } else { score };
        if score >= 0.5 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Maps byte offsets of one text to 1-based line and column numbers, where
/// columns count characters (not bytes).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, line_starts }
    }

    /// 1-based (line, column) of a byte offset. A byte offset inside a
    /// multi-byte character counts as that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of the 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// The widest source line shown under a diagnostic, in characters.
const MAX_SHOWN: usize = 120;

/// A piece of user text for a message: at most 60 characters, with
/// invisible characters spelled out (`U+200B`).
pub fn shorten(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() || c.is_whitespace() && c != ' ' || is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Zero-width and formatting characters that would be invisible in a
/// terminal.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
}

/// A diagnostic with its chapter file and resolved position, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The chapter's file as shown in messages (`src/setup.md`).
    pub file: String,
    /// The 1-based line of the span's start.
    pub line: usize,
    /// The 1-based column of the span's start, in characters (not bytes).
    pub column: usize,
    /// The diagnostic itself, with its spans in the chapter's original text.
    pub diagnostic: Diagnostic,
    /// The offending source line, for the caret display.
    pub source_line: String,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
    /// The index (book order) of the chapter it is in, when known.
    pub chapter: Option<usize>,
    /// The diagnostic's [`Related`] places, resolved (those whose text
    /// was at hand).
    pub related: Vec<Secondary>,
}

/// A [`Related`] place resolved to a file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secondary {
    /// The file it is in, as shown in messages.
    pub file: String,
    /// The 1-based line of the span's start.
    pub line: usize,
    /// The 1-based column of the span's start, in characters (not bytes).
    pub column: usize,
    /// The 1-based column just after the span, when it ends on its line.
    pub end_column: Option<usize>,
    /// What is there ([`Related::message`]).
    pub message: String,
    /// The line, for the display.
    pub source_line: String,
}

impl Secondary {
    pub(crate) fn new(file: &str, index: &LineIndex<'_>, related: &Related) -> Self {
        let (line, column) = index.line_col(related.span.start);
        // A span that runs to the next line's start (a heading's line
        // ending) ends on its line.
        let mut end = related.span.end.clamp(related.span.start, index.text.len());
        while end > related.span.start && matches!(index.text.as_bytes()[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let (end_line, end) = index.line_col(end);
        Secondary {
            file: file.to_string(),
            line,
            column,
            end_column: (end_line == line && end > column).then_some(end),
            message: related.message.clone(),
            source_line: index.line_text(line).to_string(),
        }
    }
}

impl Located {
    /// Locates `diagnostic` in `file`, whose text `index` maps, with its
    /// [`Place::Here`] related places (see [`Located::with_places`]).
    pub fn new(file: &str, index: &LineIndex<'_>, diagnostic: Diagnostic) -> Self {
        Located::with_places(file, index, diagnostic, &mut |_| None)
    }

    fn primary(file: &str, index: &LineIndex<'_>, diagnostic: Diagnostic) -> Self {
        let (line, column) = index.line_col(diagnostic.span.start);
        let source_line = index.line_text(line).to_string();
        let (end_line, end_col) = index.line_col(diagnostic.span.end.max(diagnostic.span.start));
        let width = if end_line == line {
            end_col.saturating_sub(column).max(1)
        } else {
            source_line
                .chars()
                .count()
                .saturating_sub(column - 1)
                .max(1)
        };
        Located {
            file: file.to_string(),
            line,
            column,
            diagnostic,
            source_line,
            width,
            chapter: None,
            related: Vec::new(),
        }
    }

    /// [`Located::new`], resolving the related places that are not
    /// [`Place::Here`] with `other` (those it gives `None` for are left
    /// out).
    pub fn with_places(
        file: &str,
        index: &LineIndex<'_>,
        diagnostic: Diagnostic,
        other: &mut dyn FnMut(&Related) -> Option<Secondary>,
    ) -> Self {
        let related = diagnostic
            .related
            .iter()
            .filter_map(|r| match r.place {
                Place::Here => Some(Secondary::new(file, index, r)),
                _ => other(r),
            })
            .collect();
        Located {
            related,
            ..Located::primary(file, index, diagnostic)
        }
    }
}

/// How [`Located::styled`] shows a diagnostic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (for a terminal).
    pub color: bool,
    /// The rule's code after the severity: `error[broken-anchor]`.
    /// `default_code` is shown for a diagnostic without one.
    pub code: bool,
    pub(crate) default_code: Option<&'static str>,
}

/// A [`Located`] shown with a [`Style`].
pub struct Styled<'a> {
    located: &'a Located,
    style: Style,
}

impl Located {
    /// The diagnostic as [`Display`](fmt::Display) shows it, with colours
    /// and/or its code.
    pub fn styled(&self, style: Style) -> Styled<'_> {
        Styled {
            located: self,
            style,
        }
    }
}

/// ANSI SGR sequences, empty without colour.
struct Paint {
    on: bool,
}

impl Paint {
    fn sgr(&self, code: &'static str) -> &'static str {
        if self.on { code } else { "" }
    }
    fn reset(&self) -> &'static str {
        self.sgr("\x1b[0m")
    }
    fn bold(&self) -> &'static str {
        self.sgr("\x1b[1m")
    }
    fn gutter(&self) -> &'static str {
        self.sgr("\x1b[1;34m")
    }
    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.sgr("\x1b[1;31m"),
            Severity::Warning => self.sgr("\x1b[1;33m"),
        }
    }
}

impl fmt::Display for Located {
    /// rustc-like: `file:line:col: error: message`, the line, a caret, and
    /// `= help: hint`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.styled(Style::default()).fmt(f)
    }
}

impl fmt::Display for Styled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let this = self.located;
        let paint = Paint {
            on: self.style.color,
        };
        let d = &this.diagnostic;
        let code = match d.code.or(self.style.default_code) {
            Some(code) if self.style.code => format!("[{code}]"),
            _ => String::new(),
        };
        writeln!(
            f,
            "{bold}{}:{}:{}:{reset} {sev}{}{code}:{reset} {bold}{}{reset}",
            this.file,
            this.line,
            this.column,
            d.severity,
            d.message,
            bold = paint.bold(),
            reset = paint.reset(),
            sev = paint.severity(d.severity),
        )?;
        let gutter = this.line.to_string().len();
        let col = this.column - 1;
        let (shown, caret_at, room) = window(&this.source_line, col);
        let width = this.width.min(room.max(1));
        let (g, r) = (paint.gutter(), paint.reset());
        writeln!(f, "{g}{:gutter$} |{r}", "")?;
        writeln!(f, "{g}{} |{r} {}", this.line, shown)?;
        write!(
            f,
            "{g}{:gutter$} |{r} {}{}{}{r}",
            "",
            " ".repeat(caret_at),
            paint.severity(d.severity),
            "^".repeat(width)
        )?;
        if let Some(hint) = &d.hint {
            write!(
                f,
                "\n{g}{:gutter$} ={r} {}help:{r} {}",
                "",
                paint.bold(),
                hint
            )?;
        }
        for s in &this.related {
            // rustc's secondary note: `note: message`, ` --> file:line:col`,
            // the line, and `-` under the span.
            let gutter = s.line.to_string().len();
            let (shown, at, room) = window(&s.source_line, s.column - 1);
            let width = s.end_column.map_or(1, |e| e - s.column).min(room.max(1));
            write!(
                f,
                "\n{}note:{r} {}\n{g}{:gutter$}-->{r} {}:{}:{}\n{g}{:gutter$} |{r}\n{g}{} |{r} {}\n{g}{:gutter$} |{r} {}{g}{}{r}",
                paint.bold(),
                s.message,
                "",
                s.file,
                s.line,
                s.column,
                "",
                s.line,
                shown,
                "",
                " ".repeat(at),
                "-".repeat(width),
            )?;
        }
        Ok(())
    }
}

/// A source line as shown (control characters as spaces; a long line as a
/// window around 0-based column `col`, with `…` where it is cut) and where
/// `col` is in it, and how many characters of the line are shown from
/// there.
fn window(line: &str, col: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let start = if chars.len() > MAX_SHOWN {
        col.saturating_sub(MAX_SHOWN / 3)
            .min(chars.len().saturating_sub(MAX_SHOWN))
    } else {
        0
    };
    let end = (start + MAX_SHOWN).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut at = col.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        at += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at, end.saturating_sub(col))
}

/// For unit tests of body readers: each diagnostic as its message, the
/// text its span covers in `text` (a chapter that starts at offset 0), and
/// its hint.
#[cfg(test)]
pub(crate) fn located<'a>(
    errors: &'a [Diagnostic],
    text: &'a str,
) -> Vec<(&'a str, &'a str, Option<&'a str>)> {
    errors
        .iter()
        .map(|d| (d.message.as_str(), &text[d.span.clone()], d.hint.as_deref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\nçé<<#x>>\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        let at = text.find("<<").unwrap();
        assert_eq!(idx.line_col(at), (2, 3));
        assert_eq!(idx.line_text(2), "çé<<#x>>");
        assert_eq!(idx.line_col(text.len()), (3, 5));
    }

    #[test]
    fn long_lines_are_windowed() {
        let text = format!("{}<<#x>>{}", "a".repeat(500), "b".repeat(500));
        let idx = LineIndex::new(&text);
        let loc = Located::new("f.md", &idx, Diagnostic::error(500..507, "m"));
        let shown = loc.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[2].chars().count() < 140, "{}", lines[2]);
        let caret = lines[3].find('^').unwrap();
        let under: String = lines[2].chars().skip(caret).take(7).collect();
        assert_eq!(under, "<<#x>>b");
    }

    #[test]
    fn invisible_characters_are_spelled_out() {
        assert_eq!(shorten("a\u{200b}b\u{a0}\0"), "a<U+200B>b<U+00A0><U+0000>");
        assert_eq!(shorten(&"x".repeat(100)).chars().count(), 61);
    }

    #[test]
    fn styles_add_codes_and_colours_only() {
        let text = "a\n<<#tco>>\n";
        let d = Diagnostic::error(5..8, "unknown shortcode `tco`").with_hint("did you mean `toc`?");
        let loc = Located::new("src/a.md", &LineIndex::new(text), d);
        let plain = "src/a.md:2:4: error: unknown shortcode `tco`\n  |\n2 | <<#tco>>\n  |    ^^^\n  = help: did you mean `toc`?";
        assert_eq!(loc.to_string(), plain);
        let coded = Style {
            code: true,
            default_code: Some("shortcode"),
            ..Style::default()
        };
        assert_eq!(
            loc.styled(coded).to_string(),
            plain.replace("error:", "error[shortcode]:")
        );
        let mut with_code = loc.clone();
        with_code.diagnostic.code = Some("x-y");
        assert!(with_code.styled(coded).to_string().contains("error[x-y]:"));
        let coloured = loc
            .styled(Style {
                color: true,
                ..coded
            })
            .to_string();
        assert!(coloured.contains("\x1b[1;31merror[shortcode]:\x1b[0m"));
        let mut stripped = String::new();
        let mut in_escape = false;
        for c in coloured.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (false, c) => stripped.push(c),
                _ => {}
            }
        }
        assert_eq!(stripped, loc.styled(coded).to_string());
    }

    #[test]
    fn related_places_are_notes() {
        let text = "<<#note>>\nbody\n<</tip>>\n";
        let d = Diagnostic::error(15..23, "closing tag `<</tip>>` has no matching opening tag")
            .with_hint("did you mean `<</note>>`?")
            .with_related(Place::Here, 0..9, "the open block is `<<#note>>`")
            .with_related(Place::Chapter(3), 0..1, "elsewhere");
        let index = LineIndex::new(text);
        let loc = Located::new("src/a.md", &index, d.clone());
        // Only the places at hand are resolved.
        assert_eq!(loc.related.len(), 1);
        assert_eq!(
            loc.to_string(),
            "src/a.md:3:1: error: closing tag `<</tip>>` has no matching opening tag\n  |\n3 | <</tip>>\n  | ^^^^^^^^\n  = help: did you mean `<</note>>`?\nnote: the open block is `<<#note>>`\n --> src/a.md:1:1\n  |\n1 | <<#note>>\n  | ---------"
        );
        let other = "x\n\n\n\n\n\n\n\n\nçé\n";
        let loc = Located::with_places("src/a.md", &index, d, &mut |r| {
            (r.place == Place::Chapter(3)).then(|| {
                Secondary::new(
                    "src/b.md",
                    &LineIndex::new(other),
                    &Related {
                        span: 12..14,
                        ..r.clone()
                    },
                )
            })
        });
        let b = &loc.related[1];
        assert_eq!(
            (b.file.as_str(), b.line, b.column, b.end_column),
            ("src/b.md", 10, 2, Some(3))
        );
        assert!(
            loc.to_string()
                .ends_with("note: elsewhere\n  --> src/b.md:10:2\n   |\n10 | çé\n   |  -")
        );
    }

    #[test]
    fn suggestions() {
        let names = ["toc", "config-step", "workflow-table"];
        assert_eq!(closest("tco", names), Some("toc"));
        assert_eq!(closest("config_step", names), Some("config-step"));
        assert_eq!(closest("workflow", names), Some("workflow-table"));
        assert_eq!(closest("zzzzzz", names), None);
    }
}
