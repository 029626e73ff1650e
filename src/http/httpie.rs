//! The HTTPie 3 form (`http`): `--ignore-stdin` (so it runs in scripts,
//! where stdin is not a terminal), the method always written, headers as
//! `Name:value` items, the body's exact bytes with `--raw '...'`, form
//! fields with `--form` and `name=value` items. `{run:id}` is a fresh
//! value for each execution (`run_id`, see [`super::shell`]).

use super::request::{Credentials, Request};
use super::shell::{command, quote, single_with_run_id, with_run_id};

/// The command (no final line break).
pub fn render(r: &Request) -> String {
    let mut head = String::from("http --ignore-stdin");
    let body = r.body.as_ref();
    let form = body.is_some_and(|b| !b.form.is_empty());
    if form {
        head.push_str(" --form");
    }
    // Options before METHOD and URL: HTTPie reads the request items
    // that follow the URL as one list, which an option would break.
    match &r.credentials {
        Some(Credentials::Basic { user, password }) => {
            head.push_str(&format!(" --auth {}", quote(&format!("{user}:{password}"))));
        }
        Some(Credentials::ClientCertificate { cert, key }) => {
            head.push_str(&format!(
                " --cert {} --cert-key {}",
                quote(cert),
                quote(key)
            ));
        }
        None => {}
    }
    head.push_str(&format!(" {} {}", r.method, quote(&r.url.full())));
    let mut args = Vec::new();
    for h in r.sent_headers() {
        // `Name;` sends an empty header (`Name:` would remove it).
        let item = if h.value.is_empty() {
            format!("{};", h.name)
        } else {
            format!("{}:{}", h.name, h.value)
        };
        args.push(quote(&item));
    }
    if let Some(b) = body {
        if form {
            for f in &b.form {
                args.push(quote(&format!("{}={}", f.name, f.value)));
            }
        } else {
            args.push(format!("--raw {}", single_with_run_id(&b.text)));
        }
    }
    with_run_id(r, command(&head, &args))
}
