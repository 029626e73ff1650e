//! Layer 4 (the registry): Every shortcode by name ([`Registry`], built by
//! [`crate::shortcodes::registry`]) and what they declare, collected once
//! and handed down: [`declared`] gives the settings, the labels and the
//! book.toml schema the options and labels they read, so that nothing
//! below asks the shortcodes.

use std::sync::LazyLock;

use serde_json::Value;

pub use crate::api::Registry;
use crate::settings::{Declared, Settings};

/// Every option table and label the shortcodes declare, in the order of
/// [`crate::shortcodes::all`].
pub fn declared() -> &'static Declared {
    static DECLARED: LazyLock<Declared> = LazyLock::new(|| Declared {
        option_tables: crate::shortcodes::option_tables().collect(),
        labels: crate::shortcodes::label_specs().collect(),
    });
    &DECLARED
}

impl Settings {
    /// Reads the settings from mdBook's configuration with every
    /// shortcode's declared options and labels ([`Settings::read`] with
    /// [`declared`]). Unknown keys are warnings; a wrong value of a known
    /// key is an error.
    pub fn from_config(config: &Value) -> Result<(Settings, Vec<String>), String> {
        Settings::read(config, declared())
    }
}
