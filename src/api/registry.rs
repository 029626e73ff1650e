//! The registry's container: every known shortcode by name, the book-wide
//! features, and the "unknown shortcode" error with its did-you-mean.

use std::collections::HashMap;
use std::ops::Range;

use super::{Feature, Shortcode, Spec};
use crate::diagnostic::{Diagnostic, shorten};

/// All known shortcodes, by name.
pub struct Registry {
    by_name: HashMap<&'static str, Box<dyn Shortcode>>,
    features: Vec<Box<dyn Feature>>,
}

impl Registry {
    /// A registry of the given shortcodes, keyed by [`Spec::name`]; a later
    /// one replaces an earlier one of the same name.
    pub fn new(shortcodes: Vec<Box<dyn Shortcode>>) -> Self {
        let by_name = shortcodes.into_iter().map(|s| (s.spec().name, s)).collect();
        Registry {
            by_name,
            features: Vec::new(),
        }
    }

    /// The registry with a book-wide feature added (see [`Feature`]).
    pub fn with_feature(mut self, feature: Box<dyn Feature>) -> Self {
        self.features.push(feature);
        self
    }

    /// The book-wide features, in registration order.
    pub fn features(&self) -> impl Iterator<Item = &dyn Feature> {
        self.features.iter().map(|f| &**f)
    }

    /// The shortcode with this name, if known.
    pub fn get(&self, name: &str) -> Option<&dyn Shortcode> {
        self.by_name.get(name).map(|b| &**b)
    }

    /// Every known name, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.by_name.keys().copied()
    }

    /// The "unknown shortcode" error, with the closest known name.
    pub fn unknown(&self, name: &str, span: Range<usize>) -> Diagnostic {
        let mut names: Vec<_> = self.names().collect();
        names.sort_unstable();
        let d = Diagnostic::error(span, format!("unknown shortcode `{}`", shorten(name)));
        match crate::diagnostic::closest(name, names.iter().copied()) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!("known shortcodes: {}", names.join(", "))),
        }
    }

    /// The declaration of a shortcode, by name: what the block tree needs
    /// to know of a tag.
    pub fn spec(&self, name: &str) -> Option<&'static Spec> {
        self.get(name).map(|s| s.spec())
    }
}
