//! The book's value maps (layer 3, the shortcodes' shared data-mapping
//! model): collected in phase one so that `values=ID` links to one in any
//! chapter, and `check` finds the ones no field map uses.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A value map of the book, as collected in phase one.
#[derive(Debug, Clone)]
pub struct ValueMapEntry {
    /// Inline Markdown; empty when it has none.
    pub title: String,
    pub chapter: usize,
    /// Its `id` attribute's value in the chapter's original text.
    pub id_span: Range<usize>,
}

/// The book's value maps and what uses them (phase one).
#[derive(Debug, Default)]
pub struct ValueMaps {
    pub by_id: HashMap<String, ValueMapEntry>,
    /// Value map ids that some field map names in `values=`.
    pub used: HashSet<String>,
}

impl ValueMaps {
    /// The value maps no field map uses: (id, chapter, span of the id), in
    /// book order (`check`'s rule `unused-value-map`).
    pub fn unused(&self) -> Vec<(&str, usize, Range<usize>)> {
        let mut out: Vec<_> = self
            .by_id
            .iter()
            .filter(|(id, _)| !self.used.contains(*id))
            .map(|(id, e)| (id.as_str(), e.chapter, e.id_span.clone()))
            .collect();
        out.sort_by_key(|(_, c, span)| (*c, span.start));
        out
    }
}
