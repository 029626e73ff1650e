//! Layer 0 (foundations): Diagrams the shortcodes draw: sequence diagrams as inline SVG
//! ([`sequence`]), used by `data-flow`.

pub(crate) mod sequence;
