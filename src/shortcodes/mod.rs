//! The shortcodes. Adding one means a module here and a line in [`all`].

mod api_example;
mod audience;
mod callouts;
mod common;
mod config_step;
mod data_flow;
mod http_status;
mod link_text;
mod overview;
mod prerequisites;
mod resources;
mod status_codes;
mod step_ref;
pub(crate) mod steps;
mod svg;
mod toc;
mod topics;
mod troubleshooting;
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
        Box::new(overview::Overview),
        Box::new(audience::Audience),
        Box::new(data_flow::DataFlow),
        Box::new(prerequisites::Prerequisites),
        Box::new(api_example::ApiExample),
        Box::new(status_codes::StatusCodes),
        Box::new(troubleshooting::Troubleshooting),
        Box::new(resources::Resources),
        Box::new(callouts::Callout(callouts::Kind::Note)),
        Box::new(callouts::Callout(callouts::Kind::Tip)),
        Box::new(callouts::Callout(callouts::Kind::Important)),
        Box::new(callouts::Callout(callouts::Kind::Warning)),
        Box::new(callouts::Callout(callouts::Kind::Caution)),
    ]
}

/// The registry of every shortcode.
pub fn registry() -> Registry {
    Registry::new(all())
}
