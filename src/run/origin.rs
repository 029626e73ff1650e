//! Origins (RFC 6454 §4): the scheme, host and port of an absolute URL,
//! the port defaulting to the scheme's (`http` 80, `https` 443). `run`'s
//! allow-list is a set of origins (issue 25, Safety): a request goes out
//! only when its origin equals one of the environment's, so a bearer
//! token meant for `https://sandbox.example` never travels over plain
//! `http` nor to another port of the same host.

use std::fmt;

/// An origin: `https://sandbox.example` is `("https", "sandbox.example", 443)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// Lower case (`https`).
    pub scheme: String,
    /// Lower case, without brackets for IPv6 (`::1`).
    pub host: String,
    /// The explicit port, else the scheme's default.
    pub port: u16,
}

/// The default port of a scheme (RFC 6454 §4: the URI scheme's default),
/// `None` for a scheme `run` does not know.
pub fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

impl Origin {
    /// The origin of an absolute URL (`None`: no `scheme://`, an empty
    /// host, a port that is not a number, or no port for a scheme without
    /// a known default).
    pub fn of(url: &str) -> Option<Origin> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = split_port(authority);
        if host.is_empty() {
            return None;
        }
        let port = match port {
            Some(p) => p.parse().ok()?,
            None => default_port(&scheme)?,
        };
        Some(Origin {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// The origin a bare host value (`sandbox.example`, `sandbox.example:8443`)
    /// stands for when no URL of the environment names that host: `https`
    /// on the given port, else 443.
    pub fn of_bare_host(value: &str) -> Option<Origin> {
        let (host, port) = split_port(value.trim());
        Some(Origin {
            scheme: "https".to_string(),
            host: host.to_ascii_lowercase(),
            port: port.map_or(Some(443), |p| p.parse().ok())?,
        })
    }
}

/// `host[:port]` (`[v6]:port`) split; the host without brackets.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').unwrap_or((rest, ""));
        return (host, after.strip_prefix(':').filter(|p| !p.is_empty()));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, Some(port).filter(|p| !p.is_empty()))
        }
        _ => (authority, None),
    }
}

impl fmt::Display for Origin {
    /// `scheme://host[:port]`, the port shown only when it is not the
    /// scheme's default (the RFC 6454 §6.2 ASCII serialization).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(f, "{}://{host}", self.scheme)?;
        if default_port(&self.scheme) != Some(self.port) {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// Why a request to `url` is refused by an allow-list of `allowed`
/// origins of the environment `env` (`None`: its origin is one of them).
/// Names what differs: the host, else the scheme or the port.
pub fn refusal(url: &str, allowed: &[Origin], env: &str) -> Option<String> {
    let Some(origin) = Origin::of(url) else {
        let shown = url.split(['/', '?', '#']).next().unwrap_or(url);
        return Some(format!(
            "`{shown}` is not an absolute http(s) URL: run sends only to the origins of the environment `{env}` ({})",
            list(allowed)
        ));
    };
    if allowed.contains(&origin) {
        return None;
    }
    let same_host: Vec<Origin> = allowed
        .iter()
        .filter(|o| o.host == origin.host)
        .cloned()
        .collect();
    if same_host.is_empty() {
        return Some(format!(
            "`{}` is not a host of the environment `{env}` (its origins: {})",
            origin.host,
            list(allowed)
        ));
    }
    let differs = if same_host.iter().any(|o| o.scheme == origin.scheme) {
        "the port differs"
    } else if same_host.iter().any(|o| o.port == origin.port) {
        "the scheme differs"
    } else {
        "the scheme and port differ"
    };
    Some(format!(
        "`{origin}` is not an origin of the environment `{env}`: its URLs use {} ({differs})",
        list(&same_host)
    ))
}

fn list(origins: &[Origin]) -> String {
    origins
        .iter()
        .map(Origin::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_and_display() {
        let o = Origin::of("HTTPS://Sandbox.Example/v2?x#y").unwrap();
        assert_eq!(
            (o.scheme.as_str(), o.host.as_str(), o.port),
            ("https", "sandbox.example", 443)
        );
        assert_eq!(o.to_string(), "https://sandbox.example");
        assert_eq!(Origin::of("https://sandbox.example:443/").unwrap(), o);
        let v6 = Origin::of("http://user@[::1]:8080/").unwrap();
        assert_eq!(v6.to_string(), "http://[::1]:8080");
        assert_eq!(Origin::of("ftp://x.example"), None);
        assert_eq!(Origin::of("sandbox.example"), None);
    }

    #[test]
    fn refusal_names_what_differs() {
        let allowed = [Origin::of("http://127.0.0.1:18777").unwrap()];
        assert_eq!(refusal("http://127.0.0.1:18777/x", &allowed, "s"), None);
        assert_eq!(
            refusal("http://127.0.0.1:18778/x", &allowed, "s").unwrap(),
            "`http://127.0.0.1:18778` is not an origin of the environment `s`: its URLs use http://127.0.0.1:18777 (the port differs)"
        );
        assert_eq!(
            refusal("https://127.0.0.1:18777/x", &allowed, "s").unwrap(),
            "`https://127.0.0.1:18777` is not an origin of the environment `s`: its URLs use http://127.0.0.1:18777 (the scheme differs)"
        );
    }
}
