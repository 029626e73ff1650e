//! The integration tests: one test binary, one module per feature area.
//! `tests/README.md` says how to run them and where each shortcode's tests
//! are.
//!
//! Run them all with `cargo test --test suite`, one area with
//! `cargo test --test suite golden::`, one test by its path, e.g.
//! `cargo test --test suite golden::config_step_minimal`.

mod support;

// The layout rules: one-way dependencies (issue 29).
mod layers;

// The engine through its public API.
mod adversarial;
mod blocks;
mod do_no_harm;
mod engine;

// The shortcodes: golden files, errors, the heading ids they link to.
mod auth_flow;
mod config_steps;
mod golden;
mod heading_ids;
mod mappings;
mod template_errors;
mod toc_topics;

// Several integration guides in one book (`guides`), built by the real
// mdBook and checked.
mod guides;
// Environment values (issue 15).
mod environments;
// OpenAPI specs as the source of API facts, JSON examples checked (issue 17).
mod openapi;
// Webhooks and payload references, signatures checked against the
// `standardwebhooks` package (issue 28).
mod webhooks;
// One request model for every form a reader copies, run and export (issue 24).
mod request_forms;
mod request_model;

// Escaping in every inline context, in real mdBook HTML; the README
// documents every declared shortcode, attribute, label and option.
mod escaping;
mod readme;

// Faults found on real books and next to real neighbours (issue 19).
mod faults;
mod real_books;
// Translated books (mdbook-i18n-helpers' gettext): pinned heading ids, the
// error when gettext runs first.
mod translations;
// The real neighbour preprocessors (ignored by default: .ci/run installs
// them and runs `cargo test --test suite neighbours:: -- --ignored`).
mod neighbours;

// The real mdBook: the example book built end to end, the rendered HTML.
mod e2e;
mod e2e_environments;
mod e2e_template;
mod injection;

// `export` (issue 26): each format run by its real runner, on loopback.
mod export_runners;
mod export_schemas;
// `run`: the guide executed against a server on loopback (issue 25).
mod run;

// The binary: the preprocessor protocol and the commands.
mod cli_check;
mod cli_export;
mod cli_init;
mod cli_install;
mod protocol;

// Diagnostics: related places, identical from `mdbook build` and `check`;
// `check`'s GitHub and SARIF formats.
mod check_formats;
mod related_diagnostics;

// Releases, the book.toml schema, Vale.
mod book_toml_schema;
mod release;
mod vale;
