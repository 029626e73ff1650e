//! `run` (issue 25): the guide's exchanges executed against an in-process
//! server on 127.0.0.1 ([`server`]). Most tests build exchanges by hand
//! ([`exchange`], [`token_request`]) to reach each failure class exactly;
//! `grants` and `chain` take them from real tags expanded by the engine;
//! `assertions` (jwt-bearer, private_key_jwt against a verifying token
//! endpoint) and `tls` (mTLS against a loopback rustls server) from real
//! books on disk ([`Run::book`]);
//! `cli`, `user_book`, `person_grants`, `book_options`, `dry_run` and
//! `json_schema` run the binary on real books on disk.

mod assertions;
mod book_options;
mod cannot_start;
mod chain;
mod check_messages;
mod cli;
mod dry_run;
mod failures;
mod grants;
mod json_schema;
mod person_grants;
mod reports;
mod safety;
pub mod server;
mod tls;
mod user_book;
mod webhooks;

use std::collections::HashMap;
use std::time::Duration;

use mdbook_integration_guide::http::{
    Body, Capture, Credentials, Exchange, ExchangeKind, Expectation, Header, QueryParam, Request,
    SourceRef, Url,
};
use mdbook_integration_guide::run::{self, Output, plan::Target, report::Format, runner::Options};
use mdbook_integration_guide::settings::RunPolicy;

/// An exchange at `chapter:line`: `METHOD base+path`.
pub fn exchange(line: usize, method: &str, origin: &str, path: &str) -> Exchange {
    Exchange {
        kind: ExchangeKind::ApiExample,
        request: Request {
            method: method.to_string(),
            url: Url {
                origin: origin.to_string(),
                path: path.to_string(),
                query: Vec::new(),
            },
            headers: Vec::new(),
            body: None,
            credentials: None,
        },
        expect: Expectation::default(),
        captures: Vec::new(),
        source: SourceRef {
            chapter: "validation.md".to_string(),
            chapter_index: 0,
            span: 0..1,
            line,
            column: 1,
        },
    }
}

pub fn header(ex: &mut Exchange, name: &str, value: &str) {
    ex.request.headers.push(Header {
        name: name.to_string(),
        value: value.to_string(),
    });
}

pub fn json_body(text: &str) -> Option<Body> {
    Some(Body::exact(text, Some("application/json".to_string())))
}

pub fn field(name: &str, value: &str) -> QueryParam {
    QueryParam {
        name: name.to_string(),
        value: value.to_string(),
    }
}

pub fn capture(ex: &mut Exchange, variable: &str, pointer: &str) {
    ex.captures.push(Capture {
        variable: variable.to_string(),
        pointer: pointer.to_string(),
    });
}

/// The token request of `auth-flow grant="client-credentials"
/// client-auth="client_secret_basic"` as the request model holds it.
pub fn token_request(line: usize, origin: &str) -> Exchange {
    let mut ex = exchange(line, "POST", origin, "/oauth/token");
    ex.kind = ExchangeKind::TokenRequest {
        grant: "client-credentials".to_string(),
        audience: None,
    };
    ex.request.credentials = Some(Credentials::Basic {
        user: "$CLIENT_ID".to_string(),
        password: "$CLIENT_SECRET".to_string(),
    });
    ex.request.body = Some(Body::form(vec![
        field("grant_type", "client_credentials"),
        field("scope", "ledger:write"),
    ]));
    ex.expect.status = Some(200);
    capture(&mut ex, "ACCESS_TOKEN", "/access_token");
    ex
}

pub fn target(base: &str, policy: RunPolicy) -> Target {
    Target {
        name: "sandbox".to_string(),
        policy,
        values: vec![
            ("base-url".to_string(), base.to_string()),
            ("token-url".to_string(), format!("{base}/oauth/token")),
        ],
        place: None,
    }
}

/// What a run wrote and its exit status.
pub struct Ran {
    pub code: u8,
    pub out: String,
    pub err: String,
}

impl Ran {
    /// The JSON Lines (of `--format json`), parsed.
    pub fn lines(&self) -> Vec<serde_json::Value> {
        self.out
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }
}

pub struct Run<'a> {
    pub exchanges: Vec<Exchange>,
    pub target: Target,
    pub env: HashMap<&'a str, String>,
    pub options: Options,
    pub format: Format,
    pub dry_run: bool,
    pub specs: run::schema::Specs,
}

impl<'a> Run<'a> {
    pub fn new(exchanges: Vec<Exchange>, target: Target) -> Run<'a> {
        Run {
            exchanges,
            target,
            env: HashMap::new(),
            options: Options {
                timeout: Duration::from_secs(5),
                ..Options::default()
            },
            format: Format::Json,
            dry_run: false,
            specs: run::schema::Specs::default(),
        }
    }

    /// The run of a book written to `dir`: `book.toml` with one
    /// environment `sandbox` (`run = "allow"`) whose values are `values`,
    /// and one chapter holding `chapter`; the exchanges its shortcodes
    /// publish, as `run BOOK --env sandbox` reads them.
    pub fn book(dir: &std::path::Path, values: &[(&str, &str)], chapter: &str) -> Run<'a> {
        let mut toml = String::from(
            "[book]\ntitle = \"Run\"\n\n[preprocessor.integration-guide.environments]\ndefault = \"sandbox\"\n\n[preprocessor.integration-guide.environments.sandbox]\nrun = \"allow\"\n",
        );
        for (k, v) in values {
            toml.push_str(&format!("{k} = \"{v}\"\n"));
        }
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("book.toml"), toml).unwrap();
        std::fs::write(
            dir.join("src/SUMMARY.md"),
            "# Summary\n\n- [Guide](guide.md)\n",
        )
        .unwrap();
        std::fs::write(dir.join("src/guide.md"), chapter).unwrap();
        let command = run::book::Command {
            book_dir: dir.to_path_buf(),
            env: "sandbox".to_string(),
            guide: None,
            dry_run: false,
            format: Format::Json,
            output: None,
            options: Options::default(),
        };
        let loaded = match run::book::load(&command, "") {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        let mut r = Run::new(loaded.exchanges, loaded.target);
        r.specs = loaded.specs;
        r
    }

    pub fn env(mut self, name: &'a str, value: &str) -> Self {
        self.env.insert(name, value.to_string());
        self
    }

    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    pub fn go(self) -> Ran {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let env = |n: &str| self.env.get(n).cloned();
        let code = run::run_exchanges(
            self.exchanges,
            self.target,
            &self.specs,
            "book/src/",
            &self.options,
            &env,
            &|_, _| None,
            Output {
                format: self.format,
                dry_run: self.dry_run,
                out: &mut out,
                err: &mut err,
                progress: false,
                artifact: None,
                color: false,
                to_file: false,
            },
        );
        Ran {
            code,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }
}
