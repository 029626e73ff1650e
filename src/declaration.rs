//! Layer 0 (foundations): What a shortcode declares: its name, attributes, body, placement and
//! stage ([`Spec`]). Validation, its error messages and the README's
//! tables all come from this declaration, so a shortcode module only
//! renders.

/// The type of an attribute value.
#[derive(Debug, Clone, Copy)]
pub enum AttrType {
    /// Any text.
    Text,
    /// A whole number in `min..=max`.
    Int {
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed.
        max: i64,
    },
    /// `flag`, `flag=true` or `flag=false`.
    Bool,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// An anchor id: letters, digits, `-` and `_`.
    Id,
    /// Some of the listed words: comma-separated in an attribute
    /// (`clients="curl, python"`), an array of strings in `book.toml`.
    Words(&'static [&'static str]),
}

impl AttrType {
    pub(crate) fn describe(&self) -> String {
        match self {
            AttrType::Text => "text".into(),
            AttrType::Int { min, max } => format!("a whole number from {min} to {max}"),
            AttrType::Bool => "`true` or `false`".into(),
            AttrType::Choice(options) => format!(
                "one of {}",
                options
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            AttrType::Id => "an id of letters, digits, `-` and `_`".into(),
            AttrType::Words(words) => format!(
                "a list of {}",
                words
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// One declared attribute.
#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    /// The attribute's name, as written in the tag (`key=value`).
    pub name: &'static str,
    /// What values it takes; validation converts them to an [`AttrValue`].
    pub ty: AttrType,
    /// Whether a tag without it is an error.
    pub required: bool,
    /// One line for the documentation and for "missing attribute" hints.
    pub doc: &'static str,
}

/// Whether a shortcode has a body (`<<#x>> ... <</x>>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRule {
    /// Always self-closing.
    None,
    /// Always a block with a closing tag.
    Required,
    /// Either: it is a block when the next tag of the same name closes it.
    Optional,
}

/// Where a shortcode may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Alone on its line (after any list or quote prefix); expands to blocks.
    Block,
    /// Anywhere in running text; expands to inline Markdown on one line.
    Inline,
}

/// When a shortcode is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// With the other shortcodes of its chapter.
    Main,
    /// After every chapter's other shortcodes are expanded, so it can see the
    /// headings of the book as it will be rendered (tables of contents).
    Late,
}

/// A shortcode's declaration.
#[derive(Debug)]
pub struct Spec {
    /// The name written in tags (`toc` in `<<#toc>>`), kebab-case.
    pub name: &'static str,
    /// The attribute a leading positional argument fills, if any.
    pub positional: Option<&'static str>,
    /// The attributes it accepts; any other is an error.
    pub attrs: &'static [AttrSpec],
    /// Whether it has a body.
    pub body: BodyRule,
    /// Where it may stand, and so whether it expands to blocks or inline text.
    pub placement: Placement,
    /// If not empty, the shortcode may only stand directly in the body of
    /// one of these shortcodes.
    pub parents: &'static [&'static str],
    /// When it is rendered.
    pub stage: Stage,
    /// The fixed words this shortcode writes, each a key of
    /// `[preprocessor.integration-guide.labels]` with its English default.
    pub labels: &'static [LabelSpec],
    /// The book-wide options of this shortcode: the keys of
    /// `[preprocessor.integration-guide.<name>]`.
    pub options: &'static [OptionSpec],
}

/// One label (`[preprocessor.integration-guide.labels]`): its key in `book.toml`, its English default, the
/// placeholders it may use, whether it may be empty, and what it is for.
#[derive(Debug, Clone, Copy)]
pub struct LabelSpec {
    /// Its key in `[preprocessor.integration-guide.labels]`, kebab-case.
    pub key: &'static str,
    /// The English text used when `book.toml` does not set it.
    pub default: &'static str,
    /// The `{name}` placeholders the text may use; any other is an error.
    pub placeholders: &'static [&'static str],
    /// An empty value is allowed (and means "leave it out").
    pub may_be_empty: bool,
    /// One line for the README's table of labels.
    pub doc: &'static str,
}

/// One book-wide option of a shortcode: a key of the table
/// `[preprocessor.integration-guide.<shortcode>]`, its type (the same
/// types as attributes), its default as written in `book.toml`, and what
/// a wrong value is told (`"it must be ..."`).
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    /// The key in the shortcode's table, kebab-case.
    pub key: &'static str,
    /// What values it takes, checked as an attribute of this type would be.
    pub ty: AttrType,
    /// The default, as TOML (`2`, `false`, `"text"`); empty: none.
    pub default: &'static str,
    /// What is expected, for "is not valid; ..." messages.
    pub expect: &'static str,
    /// For text: a regular expression the trimmed value must match (empty:
    /// any); the book.toml schema carries it too.
    pub pattern: &'static str,
    /// One line for the documentation.
    pub doc: &'static str,
}

/// A validated attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrValue {
    /// A text, choice or id value, as written (without the quotes).
    Text(String),
    /// A whole number, already checked against the declared range.
    Int(i64),
    /// A flag: `true` for a bare `flag` or `flag=true`.
    Bool(bool),
}
