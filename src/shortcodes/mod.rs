//! The shortcodes. Adding one means a module here and a line in [`all`].

mod config_step;
mod step_ref;
mod steps;
mod toc;
mod topics;
mod workflow_table;

use crate::registry::{Registry, Shortcode};

/// Every shortcode this preprocessor knows.
pub fn all() -> Vec<Box<dyn Shortcode>> {
    vec![
        Box::new(toc::Toc),
        Box::new(topics::Topics),
        Box::new(config_step::ConfigStep),
        Box::new(config_step::Before),
        Box::new(config_step::Next),
        Box::new(workflow_table::WorkflowTable),
        Box::new(step_ref::StepRef),
    ]
}

/// The registry of every shortcode.
pub fn registry() -> Registry {
    Registry::new(all())
}
