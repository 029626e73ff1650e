//! `<<#auth-flow>>`: every class of error and warning with its exact
//! `file:line:col`, all in one run; the diagram of every grant is
//! well-formed SVG; no placeholder ever looks like a real secret.

use std::path::Path;

use crate::support::{chapter, diagnostics, errors, expand};

#[test]
fn every_error_class_is_located_in_one_run() {
    let text = "# Auth\n\n<<#auth-flow grant=\"authorization-code\" client=\"A\" server=\"B\" token-url=\"ftp://b.example/token\" audience=\"x\" client-auth=\"client_secret_basik\" authorize-url=\"/authorize\">>\n\n<<#auth-flow grant=\"client-credential\" client=\"A\" server=\"B\">>\n\n- <<#auth-flow grant=\"client-credentials\" client=\"A\" server=\"B\" token-url=\"https://b.example/t\" pkce>>\n";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:3:1: error: the `authorization-code` grant needs `redirect-uri` [add `redirect-uri=\"...\"`: the client's redirect URI, an absolute `https://` URL (`authorization-code`)] (note: the grant is chosen here at src/chapter.md:3:21)",
            "src/chapter.md:3:74: error: `token-url` must be an absolute `https://` URL [write an absolute URL such as `https://auth.example.com/oauth/token`]",
            "src/chapter.md:3:107: error: the `authorization-code` grant does not use `audience` [`audience` is for `client-credentials`, `jwt-bearer`; remove it or change the grant] (note: the grant is chosen here at src/chapter.md:3:21)",
            "src/chapter.md:3:123: error: unknown client authentication `client_secret_basik` [did you mean `client_secret_basic`?]",
            "src/chapter.md:3:159: error: `authorize-url` must be an absolute `https://` URL [write an absolute URL such as `https://auth.example.com/oauth/token`]",
            "src/chapter.md:5:21: error: unknown grant `client-credential` [did you mean `client-credentials`?]",
            "src/chapter.md:7:97: error: the `client-credentials` grant does not use `pkce` [`pkce` is for `authorization-code`; remove it or change the grant] (note: the grant is chosen here at src/chapter.md:7:23)",
        ]
    );
}

#[test]
fn warnings_for_http_and_discouraged_grants() {
    let mut chapters = vec![chapter(
        "chapter.md",
        "<<#auth-flow grant=\"password\" client=\"A\" server=\"B\" token-url=\"http://b.example/token\">>\n\n<<#auth-flow grant=\"implicit\" client=\"A\" server=\"B\" authorize-url=\"https://b.example/a\" redirect-uri=\"http://localhost:8080/cb\">>\n",
    )];
    assert_eq!(
        diagnostics(&mut chapters),
        vec![
            "src/chapter.md:1:21: warning: the `password` grant must not be used (OAuth 2.0 Security Best Current Practice, RFC 9700 §2.4): use `authorization-code` with `pkce` instead",
            "src/chapter.md:1:64: warning: `token-url` is an `http://` URL: tokens and secrets would travel unencrypted",
            // `http://localhost` is fine (a native app's loopback redirect).
            "src/chapter.md:3:21: warning: the `implicit` grant should not be used (OAuth 2.0 Security Best Current Practice, RFC 9700 §2.1.2): use `authorization-code` with `pkce` instead",
        ]
    );
}

/// Every golden input's diagrams parse as XML, and the `curl` commands
/// hold placeholders, not secrets.
#[test]
fn every_grant_draws_well_formed_svg() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("auth-flow-") && name.ends_with(".md")) {
            continue;
        }
        let out = expand(&std::fs::read_to_string(&path).unwrap()).expect(&name);
        let mut rest = out.as_str();
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..].find("</svg>").expect("its end") + start + 6;
            let doc = roxmltree::Document::parse(&rest[start..end]);
            assert!(doc.is_ok(), "{name}: {:?}", doc.err());
            let doc = doc.unwrap();
            assert_eq!(doc.root_element().attribute("role"), Some("img"));
            assert!(doc.descendants().any(|n| n.tag_name().name() == "title"));
            seen += 1;
            rest = &rest[end..];
        }
        for secret in ["client_secret=", "--user ", "password="] {
            for (at, _) in out.match_indices(secret) {
                let value = out[at + secret.len()..].trim_start_matches(['"', '\'']);
                assert!(value.starts_with('$'), "{name}: {}", &out[at..]);
            }
        }
    }
    assert!(seen >= 8, "{seen} diagrams");
}
