//! The schema check: the response body validates against the response
//! schema the operation documents for the status received (OpenAPI §4.8.17
//! Responses Object: the code, else its range `4XX`, else `default`),
//! with the validator the build uses ([`crate::openapi::validate`]).
//!
//! The operation is the exchange's (`operation=`, or a hand-written
//! example matched at build time); else the request's method and URL are
//! matched against each spec, the environment's URLs counting as the
//! spec's servers (a URL starting with one is matched as `$BASE/rest`).

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::result::{Check, CheckKind, Diff};
use crate::http::Exchange;
use crate::openapi::Api;
use crate::openapi::operation::Operation;
use crate::openapi::validate::Direction;

/// The book's specs, read once per run.
#[derive(Default)]
pub struct Specs {
    apis: Vec<(String, Arc<Api>)>,
    /// The environment's URL values, longest first.
    base_urls: Vec<String>,
}

impl Specs {
    /// Reads the specs `(name, path from root)`; `base_urls`: the
    /// environment's values that are URLs. `Err`: a spec that cannot be
    /// read.
    pub fn load(
        root: &Path,
        list: &[(String, String)],
        base_urls: Vec<String>,
    ) -> Result<Specs, String> {
        let mut apis = Vec::new();
        for (name, path) in list {
            apis.push((name.clone(), Arc::new(Api::load(&root.join(path), path)?)));
        }
        Ok(Specs::new(apis, base_urls))
    }

    /// Specs already read.
    pub fn new(apis: Vec<(String, Arc<Api>)>, mut base_urls: Vec<String>) -> Specs {
        base_urls.retain(|u| u.contains("://"));
        base_urls.sort_by_key(|u| std::cmp::Reverse(u.len()));
        Specs { apis, base_urls }
    }

    fn operation(&self, exchange: &Exchange, url: &str) -> Option<(&Api, &Operation)> {
        if let Some((spec, op)) = &exchange.expect.operation {
            let api = &self.apis.iter().find(|(n, _)| n == spec)?.1;
            let found = match op.split_once(' ') {
                Some((method, path)) if method.bytes().all(|b| b.is_ascii_uppercase()) => {
                    api.by_path(method, path).ok()
                }
                _ => api.by_id(op).ok(),
            };
            return found.map(|o| (&**api, o));
        }
        let method = &exchange.request.method;
        let relative = self
            .base_urls
            .iter()
            .find_map(|b| url.strip_prefix(b.trim_end_matches('/')))
            .map(|rest| format!("$BASE{rest}"));
        self.apis.iter().find_map(|(_, api)| {
            api.match_url(method, url)
                .or_else(|| relative.as_deref().and_then(|r| api.match_url(method, r)))
                .map(|o| (&**api, o))
        })
    }

    /// The schema check of a response, when its operation documents a
    /// JSON schema for `status`.
    pub fn check(
        &self,
        exchange: &Exchange,
        url: &str,
        status: u16,
        body: Result<&Value, &str>,
    ) -> Option<Check> {
        let (api, op) = self.operation(exchange, url)?;
        let response = api.response_for(op, status)?;
        let media = api.json_media(response.at)?;
        let compiled = api.media_schema(media, Direction::Response)?;
        let described = format!("{} response {}", op.describe(), response.code);
        let schema = match &*compiled {
            Ok(s) => s,
            Err(e) => {
                return Some(Check::fail(
                    CheckKind::Schema,
                    format!("the schema of {described} cannot be used: {e}"),
                ));
            }
        };
        let value = match body {
            Ok(v) => v,
            Err(why) => {
                return Some(Check::fail(
                    CheckKind::Schema,
                    format!("{described} is JSON, but {why}"),
                ));
            }
        };
        let violations = schema.violations(value);
        if violations.is_empty() {
            return Some(Check::pass(
                CheckKind::Schema,
                format!("the body validates against {described}"),
            ));
        }
        let mut check = Check::fail(
            CheckKind::Schema,
            format!(
                "the body breaks the schema of {described} ({} violation{})",
                violations.len(),
                if violations.len() == 1 { "" } else { "s" }
            ),
        );
        check.diffs = violations
            .into_iter()
            .map(|v| Diff {
                pointer: v
                    .pointer
                    .iter()
                    .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                    .collect(),
                expected: v.message.clone(),
                actual: value
                    .pointer(
                        &v.pointer
                            .iter()
                            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                            .collect::<String>(),
                    )
                    .map_or_else(|| "(missing)".to_string(), Value::to_string),
            })
            .collect();
        Some(check)
    }
}
