//! Layer 2 (the author API): The shortcode author's API, in one place: what a shortcode declares
//! ([`Spec`] and its parts), what it is called with ([`Call`],
//! [`AttrValue`]), what it sees ([`CollectCx`], [`RenderCx`]), the
//! [`Shortcode`] trait it implements, and helpers to read a line-based
//! body ([`body`]). A shortcode module imports it all with
//! `use crate::shortcodes::prelude::*;`.
//!
//! Adding a shortcode is its file under `src/shortcodes/` plus one line in
//! `shortcodes::all`.

pub mod body;
mod call;
mod context;
mod registry;
mod report;

pub use crate::declaration::{
    AttrSpec, AttrType, AttrValue, BodyRule, LabelSpec, OptionSpec, Placement, Spec, Stage,
};
pub use call::{Call, validate};
pub(crate) use context::{Assembly, BookView, Part, locate};
pub use context::{BodyLine, Child, CollectCx, Facts, RenderCx};
pub use registry::Registry;
pub use report::{Feature, Finding, ReportCx};

use crate::diagnostic::Diagnostic;

/// A shortcode implementation.
pub trait Shortcode: Send + Sync {
    /// The declaration: name, attributes, body, placement, stage.
    fn spec(&self) -> &'static Spec;

    /// Phase one: record facts other chapters need (called in book order).
    fn collect(&self, _call: &Call, _cx: &mut CollectCx<'_>) {}

    /// Phase two: the Markdown this invocation expands to. `Err`: the
    /// shortcode is broken; the diagnostic says where and why.
    fn render(&self, call: &Call, cx: &RenderCx<'_>) -> Result<String, Diagnostic>;
}
