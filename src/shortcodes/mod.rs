//! The shortcodes. Adding one means a module here and a line in [`all`].

mod toc;

use crate::registry::{Registry, Shortcode};

/// Every shortcode this preprocessor knows.
pub fn all() -> Vec<Box<dyn Shortcode>> {
    vec![Box::new(toc::Toc)]
}

/// The registry of every shortcode.
pub fn registry() -> Registry {
    Registry::new(all())
}
