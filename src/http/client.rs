//! The forms a reader copies a request in, and how a book chooses them
//! (`[preprocessor.integration-guide.api-example] clients`, `clients=`).

use super::request::Request;

/// A client a request is shown for: one form each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    /// `curl` with `--globoff`, the body's exact bytes (bash, zsh).
    Curl,
    /// The raw HTTP/1.1 request message.
    Http,
    /// Python `requests`.
    Python,
    /// JavaScript `fetch`, an ES module with top-level `await`.
    JavaScript,
    /// HTTPie 3 (`http`).
    Httpie,
}

/// The clients' names as `clients` takes them, in the tabs' order.
pub const NAMES: &[&str] = &["curl", "http", "python", "javascript", "httpie"];

/// Every client, in the tabs' order.
pub const ALL: &[Client] = &[
    Client::Curl,
    Client::Http,
    Client::Python,
    Client::JavaScript,
    Client::Httpie,
];

impl Client {
    /// The client by its name in `clients` (`curl`, `http`, `python`,
    /// `javascript`, `httpie`).
    pub fn from_name(name: &str) -> Option<Client> {
        NAMES.iter().position(|n| *n == name).map(|i| ALL[i])
    }

    /// Its name in `clients`.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The name shown on its tab: curl, HTTP, Python, JavaScript, HTTPie.
    pub fn label(self) -> &'static str {
        match self {
            Client::Curl => "curl",
            Client::Http => "HTTP",
            Client::Python => "Python",
            Client::JavaScript => "JavaScript",
            Client::Httpie => "HTTPie",
        }
    }

    /// The code block's language.
    pub fn lang(self) -> &'static str {
        match self {
            Client::Curl | Client::Httpie => "sh",
            Client::Http => "http",
            Client::Python => "python",
            Client::JavaScript => "javascript",
        }
    }

    /// The request in this client's form (no final line break).
    pub fn render(self, request: &Request) -> String {
        match self {
            Client::Curl => super::curl::render(request),
            Client::Http => super::raw::render(request),
            Client::Python => super::python::render(request),
            Client::JavaScript => super::javascript::render(request),
            Client::Httpie => super::httpie::render(request),
        }
    }

    /// The clients of a comma-separated list (`curl, python`), in the order
    /// given, each once; `Err` names the first unknown one.
    pub fn list(value: &str) -> Result<Vec<Client>, String> {
        let mut out = Vec::new();
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let c = Client::from_name(name).ok_or_else(|| name.to_string())?;
            if !out.contains(&c) {
                out.push(c);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lists() {
        for c in ALL {
            assert_eq!(Client::from_name(c.name()), Some(*c));
        }
        assert_eq!(
            Client::list("python, curl,python"),
            Ok(vec![Client::Python, Client::Curl])
        );
        assert_eq!(Client::list("curl,pyhton"), Err("pyhton".into()));
    }
}
