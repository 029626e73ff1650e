//! The `curl` form: one command for bash and zsh. `--globoff` so that
//! `{}` and `[]` in a URL are sent, not expanded (curl's URL globbing);
//! the body's exact bytes with `--data-raw '...'` (single-quoted: nothing
//! expands, no final line break is added, a leading `@` is not a file);
//! form fields with `--data-urlencode` (curl encodes each value after the
//! shell filled in its variables). `{run:id}` is a fresh value for each
//! execution (`run_id`, see [`super::shell`]).

use super::request::{Credentials, Request};
use super::shell::{command, quote, single_with_run_id, with_run_id};

/// The command (no final line break).
pub fn render(r: &Request) -> String {
    let mut head = String::from("curl --globoff --include");
    let body = r.body.as_ref();
    match r.method.as_str() {
        "GET" if body.is_none() => {}
        "HEAD" if body.is_none() => head.push_str(" --head"),
        m => head.push_str(&format!(" --request {m}")),
    }
    head.push(' ');
    head.push_str(&quote(&r.url.full()));
    let mut args = Vec::new();
    match &r.credentials {
        Some(Credentials::Basic { user, password }) => {
            args.push(format!("--user {}", quote(&format!("{user}:{password}"))));
        }
        Some(Credentials::ClientCertificate { cert, key }) => {
            args.push(format!("--cert {}", quote(cert)));
            args.push(format!("--key {}", quote(key)));
        }
        None => {}
    }
    for h in r.sent_headers() {
        args.push(format!(
            "--header {}",
            quote(&format!("{}: {}", h.name, h.value))
        ));
    }
    if let Some(b) = body {
        if b.form.is_empty() {
            args.push(format!("--data-raw {}", single_with_run_id(&b.text)));
        } else {
            for f in &b.form {
                args.push(format!(
                    "--data-urlencode {}",
                    quote(&format!("{}={}", f.name, f.value))
                ));
            }
        }
    }
    with_run_id(r, command(&head, &args))
}
