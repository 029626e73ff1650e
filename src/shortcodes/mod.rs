//! Layer 3 (the shortcodes): The shortcodes. Adding one means a module here and a line in [`all`].

pub mod prelude;

mod alternative;
mod api_example;
mod audience;
mod auth_flow;
mod callouts;
mod config_step;
mod data_flow;
mod env;
mod expression;
mod field_map;
mod identifiers;
pub(crate) mod mapping;
mod overview;
mod page_ids;
mod parameters;
mod prerequisites;
mod resources;
pub(crate) mod spec_facts;
mod spec_report;
mod status_codes;
mod step_ref;
pub(crate) mod steps;
mod toc;
mod topics;
mod troubleshooting;
mod value_map;
mod workflow_table;

use std::sync::LazyLock;

use crate::api::Registry;
use crate::api::{LabelSpec, OptionSpec, Shortcode, Spec};

/// Every shortcode this preprocessor knows.
pub fn all() -> Vec<Box<dyn Shortcode>> {
    vec![
        Box::new(toc::Toc),
        Box::new(topics::Topics),
        Box::new(config_step::ConfigStep),
        Box::new(config_step::Before),
        Box::new(config_step::Next),
        Box::new(alternative::Alternative),
        Box::new(workflow_table::WorkflowTable),
        Box::new(step_ref::StepRef),
        Box::new(overview::Overview),
        Box::new(audience::Audience),
        Box::new(data_flow::DataFlow),
        Box::new(auth_flow::AuthFlow),
        Box::new(field_map::FieldMap),
        Box::new(expression::Expression),
        Box::new(value_map::ValueMap),
        Box::new(prerequisites::Prerequisites),
        Box::new(api_example::ApiExample),
        Box::new(parameters::Parameters),
        Box::new(status_codes::StatusCodes),
        Box::new(troubleshooting::Troubleshooting),
        Box::new(resources::Resources),
        Box::new(env::Env),
        Box::new(env::EnvironmentsTable),
        Box::new(callouts::Callout(callouts::Kind::Note)),
        Box::new(callouts::Callout(callouts::Kind::Tip)),
        Box::new(callouts::Callout(callouts::Kind::Important)),
        Box::new(callouts::Callout(callouts::Kind::Warning)),
        Box::new(callouts::Callout(callouts::Kind::Caution)),
    ]
}

/// The registry of every shortcode, with the book-wide features: the
/// OpenAPI specs' own problems (`spec_report.rs`).
pub fn registry() -> Registry {
    Registry::new(all()).with_feature(Box::new(spec_report::SpecReport))
}

/// Every shortcode's declaration, in the order of [`all`].
pub fn specs() -> &'static [&'static Spec] {
    static SPECS: LazyLock<Vec<&'static Spec>> =
        LazyLock::new(|| all().iter().map(|s| s.spec()).collect());
    &SPECS
}

/// Every label a shortcode declares, in the order of [`all`].
pub fn label_specs() -> impl Iterator<Item = &'static LabelSpec> {
    specs().iter().flat_map(|s| s.labels)
}

/// The shortcodes with book-wide options, and their options: each is the
/// table `[preprocessor.integration-guide.<name>]`.
pub fn option_tables() -> impl Iterator<Item = (&'static str, &'static [OptionSpec])> {
    specs()
        .iter()
        .filter(|s| !s.options.is_empty())
        .map(|s| (s.name, s.options))
}
