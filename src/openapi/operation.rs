//! Operations of a spec: found by `operationId`, by method and path
//! template, or by a request's method and URL (its servers' base paths and
//! the path templates considered); their servers, parameters, request
//! bodies, responses and examples (OpenAPI 3.0.3/3.1.0 §4.8.8 Paths,
//! §4.8.10 Operation, §4.8.12 Parameter, §4.8.13 Request Body, §4.8.14
//! Media Type, §4.8.17 Response, §4.8.19 Example).

use super::Api;
use super::load::At;
use super::yaml::Node;

/// The HTTP methods of a Path Item, as keys there (lowercase).
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation: `method path`, its `operationId`, and where it is.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Uppercase: `POST`.
    pub method: String,
    /// The path template: `/invoices/{invoiceId}`.
    pub path: String,
    /// `operationId`, if the spec gives one.
    pub id: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The Path Item's file and the positions of the nodes leading to it
    /// (after `$ref`s), see [`Node::at_positions`].
    item: (usize, Vec<usize>),
    /// Its servers' URLs, variables filled in (see [`Api::servers`]).
    servers: Vec<String>,
}

/// An example value: its name (for `examples`), where it is.
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    /// The key in `examples`; `None` for `example`.
    pub name: Option<&'a str>,
    /// The value.
    pub value: At<'a>,
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct Response<'a> {
    /// As written: `201`, `4XX`, `default`.
    pub code: &'a str,
    /// Its `description` (required by the spec; empty when missing).
    pub description: &'a str,
    /// The Response Object.
    pub at: At<'a>,
}

impl Operation {
    /// `POST /invoices` or `createInvoice (POST /invoices)`.
    pub fn describe(&self) -> String {
        match &self.id {
            Some(id) => format!("`{id}` ({} {})", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// Every operation of the spec, in the document's order.
pub(super) fn index(api_docs: &super::load::Docs) -> Vec<Operation> {
    index_of(api_docs, "paths")
}

/// Every webhook of the spec, in the document's order: OpenAPI 3.1's
/// top-level `webhooks` (§4.8.1), else 3.0's extension `x-webhooks` (the
/// same map: name to Path Item). An operation's `path` is then the
/// webhook's name (`invoicePaid`).
pub(super) fn webhooks(api_docs: &super::load::Docs) -> Vec<Operation> {
    let root = api_docs.root();
    match ["webhooks", "x-webhooks"]
        .into_iter()
        .find(|k| root.node.get(k).is_some())
    {
        Some(key) => index_of(api_docs, key),
        None => Vec::new(),
    }
}

/// The operations of the Path Items of the top-level map `key`.
fn index_of(api_docs: &super::load::Docs, key: &str) -> Vec<Operation> {
    let mut out = Vec::new();
    let root = api_docs.root();
    let Some(paths_at) = root.node.entries().iter().position(|(k, _)| k == key) else {
        return out;
    };
    let paths = &root.node.entries()[paths_at].1;
    let top_servers = root.node.get("servers");
    for (i, (path, item)) in paths.entries().iter().enumerate() {
        let item_at = api_docs.deref(At { doc: 0, node: item });
        let positions = if std::ptr::eq(item_at.node, item) {
            vec![paths_at, i]
        } else {
            match find_positions(&api_docs.docs[item_at.doc].root, item_at.node) {
                Some(s) => s,
                None => continue,
            }
        };
        for (key, op) in item_at.node.entries() {
            if !METHODS.contains(&key.as_str()) {
                continue;
            }
            out.push(Operation {
                method: key.to_ascii_uppercase(),
                path: path.clone(),
                id: op
                    .get("operationId")
                    .and_then(Node::as_str)
                    .map(String::from),
                deprecated: matches!(
                    op.get("deprecated").map(|n| &n.value),
                    Some(super::yaml::Value::Bool(true))
                ),
                item: (item_at.doc, positions.clone()),
                servers: servers_of([op.get("servers"), item_at.node.get("servers"), top_servers]),
            });
        }
    }
    out
}

/// The positions from `root` to `target` (by identity).
fn find_positions(root: &Node, target: &Node) -> Option<Vec<usize>> {
    if std::ptr::eq(root, target) {
        return Some(Vec::new());
    }
    let children: Vec<&Node> = match &root.value {
        super::yaml::Value::Map(e) => e.iter().map(|(_, v)| v).collect(),
        super::yaml::Value::Seq(items) => items.iter().collect(),
        _ => return None,
    };
    for (i, v) in children.into_iter().enumerate() {
        if let Some(mut rest) = find_positions(v, target) {
            rest.insert(0, i);
            return Some(rest);
        }
    }
    None
}

/// The first non-empty `servers` list of an operation, its Path Item and
/// the document, each URL with its variables' defaults filled in (OpenAPI
/// §4.8.5 Server Object).
fn servers_of(lists: [Option<&Node>; 3]) -> Vec<String> {
    let Some(list) = lists.into_iter().flatten().find(|l| !l.items().is_empty()) else {
        return Vec::new();
    };
    list.items()
        .iter()
        .filter_map(|s| {
            let mut url = s.get("url")?.as_str()?.to_string();
            for (name, var) in s.get("variables").map(Node::entries).unwrap_or_default() {
                if let Some(d) = var.get("default") {
                    let d = d
                        .as_str()
                        .map_or_else(|| d.to_json().to_string(), String::from);
                    url = url.replace(&format!("{{{name}}}"), &d);
                }
            }
            Some(url)
        })
        .collect()
}

impl Api {
    /// The Path Item of an operation.
    pub fn item(&self, op: &Operation) -> At<'_> {
        let (doc, segments) = &op.item;
        let node = self.docs.docs[*doc]
            .root
            .at_positions(segments)
            .unwrap_or(&self.docs.docs[*doc].root);
        At { doc: *doc, node }
    }

    /// The Operation Object.
    pub fn node(&self, op: &Operation) -> At<'_> {
        let item = self.item(op);
        let node = item
            .node
            .get(&op.method.to_ascii_lowercase())
            .unwrap_or(item.node);
        At {
            doc: item.doc,
            node,
        }
    }

    /// The operation with this `operationId`; `Err`: the closest one.
    pub fn by_id(&self, id: &str) -> Result<&Operation, Option<&str>> {
        self.operations
            .iter()
            .find(|o| o.id.as_deref() == Some(id))
            .ok_or_else(|| {
                crate::diagnostic::closest(
                    id,
                    self.operations.iter().filter_map(|o| o.id.as_deref()),
                )
            })
    }

    /// The operation at `method path` (the path as in the spec); `Err`:
    /// the closest path (for an unknown path) or `None` (a known path
    /// without that method).
    pub fn by_path(&self, method: &str, path: &str) -> Result<&Operation, Option<&str>> {
        self.operations
            .iter()
            .find(|o| o.method == method && o.path == path)
            .ok_or_else(|| {
                if self.operations.iter().any(|o| o.path == path) {
                    None
                } else {
                    crate::diagnostic::closest(
                        path,
                        self.operations.iter().map(|o| o.path.as_str()),
                    )
                }
            })
    }

    /// The webhook named `name` (a key of `webhooks` / `x-webhooks`);
    /// `Err`: the closest name.
    pub fn webhook(&self, name: &str) -> Result<&Operation, Option<&str>> {
        self.webhooks
            .iter()
            .find(|o| o.path == name)
            .ok_or_else(|| {
                crate::diagnostic::closest(name, self.webhooks.iter().map(|o| o.path.as_str()))
            })
    }

    /// The methods the spec has for a path.
    pub fn methods_of(&self, path: &str) -> Vec<&str> {
        self.operations
            .iter()
            .filter(|o| o.path == path)
            .map(|o| o.method.as_str())
            .collect()
    }

    /// The servers of an operation (its own, its Path Item's, else the
    /// document's), each URL with its variables' defaults filled in
    /// (OpenAPI §4.8.5 Server Object), worked out when the spec is read.
    pub fn servers<'a>(&self, op: &'a Operation) -> &'a [String] {
        &op.servers
    }

    /// The parameters of an operation (the Path Item's, overridden by the
    /// operation's of the same name and location), in order.
    pub fn parameters(&self, op: &Operation) -> Vec<At<'_>> {
        let mut out: Vec<At<'_>> = Vec::new();
        let key = |a: &At<'_>| {
            (
                a.node.get("name").and_then(Node::as_str).map(String::from),
                a.node.get("in").and_then(Node::as_str).map(String::from),
            )
        };
        for holder in [self.item(op), self.node(op)] {
            if let Some(list) = holder.node.get("parameters") {
                for p in list.items() {
                    let p = self.docs.deref(At {
                        doc: holder.doc,
                        node: p,
                    });
                    let k = key(&p);
                    out.retain(|q| key(q) != k);
                    out.push(p);
                }
            }
        }
        out
    }

    /// A parameter's example value: `example`, the first of `examples`,
    /// else its schema's `example`, `default` or first `enum` value.
    pub fn parameter_example<'a>(&'a self, p: At<'a>) -> Option<At<'a>> {
        if let Some(e) = self.examples(p).first() {
            return Some(e.value);
        }
        let schema = self.docs.deref(At {
            doc: p.doc,
            node: p.node.get("schema")?,
        });
        let n = schema
            .node
            .get("example")
            .or_else(|| schema.node.get("examples").and_then(|e| e.items().first()))
            .or_else(|| schema.node.get("default"))
            .or_else(|| schema.node.get("enum").and_then(|e| e.items().first()))?;
        Some(At {
            doc: schema.doc,
            node: n,
        })
    }

    /// The JSON media type of a Request Body or Response: the
    /// `application/json` entry of `content`, else the first whose type
    /// ends in `json` (`application/problem+json`).
    pub fn json_media<'a>(&'a self, holder: At<'a>) -> Option<At<'a>> {
        let holder = self.docs.deref(holder);
        let content = holder.node.get("content")?;
        let (_, media) = content
            .entries()
            .iter()
            .find(|(k, _)| {
                k.split(';')
                    .next()
                    .is_some_and(|t| t.trim() == "application/json")
            })
            .or_else(|| {
                content.entries().iter().find(|(k, _)| {
                    k.split(';')
                        .next()
                        .is_some_and(|t| t.trim().ends_with("json"))
                })
            })?;
        Some(At {
            doc: holder.doc,
            node: media,
        })
    }

    /// The request body's JSON media type.
    pub fn request_media(&self, op: &Operation) -> Option<At<'_>> {
        let node = self.node(op);
        let body = node.node.get("requestBody")?;
        self.json_media(At {
            doc: node.doc,
            node: body,
        })
    }

    /// The documented responses, in the document's order.
    pub fn responses(&self, op: &Operation) -> Vec<Response<'_>> {
        let node = self.node(op);
        let Some(responses) = node.node.get("responses") else {
            return Vec::new();
        };
        responses
            .entries()
            .iter()
            .map(|(code, r)| {
                let at = self.docs.deref(At {
                    doc: node.doc,
                    node: r,
                });
                Response {
                    code,
                    description: at
                        .node
                        .get("description")
                        .and_then(Node::as_str)
                        .unwrap_or(""),
                    at,
                }
            })
            .collect()
    }

    /// The response documented for a status: its own code, else its range
    /// (`4XX`), else `default`.
    pub fn response_for(&self, op: &Operation, status: u16) -> Option<Response<'_>> {
        let all = self.responses(op);
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let exact = all.iter().position(|r| r.code == code);
        let ranged = all.iter().position(|r| r.code.eq_ignore_ascii_case(&range));
        let default = all.iter().position(|r| r.code == "default");
        let i = exact.or(ranged).or(default)?;
        all.into_iter().nth(i)
    }

    /// The examples of a Media Type or Parameter Object: `example`, then
    /// `examples` (each Example Object's `value`, `$ref`s followed).
    pub fn examples<'a>(&'a self, holder: At<'a>) -> Vec<Example<'a>> {
        let mut out = Vec::new();
        if let Some(e) = holder.node.get("example") {
            out.push(Example {
                name: None,
                value: At {
                    doc: holder.doc,
                    node: e,
                },
            });
        }
        if let Some(map) = holder.node.get("examples") {
            for (name, ex) in map.entries() {
                let ex = self.docs.deref(At {
                    doc: holder.doc,
                    node: ex,
                });
                if let Some(value) = ex.node.get("value") {
                    out.push(Example {
                        name: Some(name),
                        value: At {
                            doc: ex.doc,
                            node: value,
                        },
                    });
                }
            }
        }
        out
    }

    /// A media type's example: the one named `name`, else the first, else
    /// its schema's `example`.
    pub fn media_example<'a>(&'a self, media: At<'a>, name: Option<&str>) -> Option<Example<'a>> {
        let all = self.examples(media);
        if let Some(name) = name {
            return all.into_iter().find(|e| e.name == Some(name));
        }
        if let Some(first) = all.first() {
            return Some(*first);
        }
        let schema = self.docs.deref(At {
            doc: media.doc,
            node: media.node.get("schema")?,
        });
        Some(Example {
            name: None,
            value: At {
                doc: schema.doc,
                node: schema.node.get("example")?,
            },
        })
    }

    /// The operation a request to `url` with `method` is for: the URL's
    /// path, after one of the operation's servers' base path, matches its
    /// path template (`{name}` matches one segment). Literal segments win
    /// over templated ones; a matching host wins over another.
    pub fn match_url(&self, method: &str, url: &str) -> Option<&Operation> {
        self.best_match(url, |o| o.method == method)
    }

    /// The operation whose path a request to `url` is for, whatever its
    /// method (see [`Api::match_url`]): to say which methods the path has.
    pub fn match_path(&self, url: &str) -> Option<&Operation> {
        self.best_match(url, |_| true)
    }

    fn best_match(&self, url: &str, keep: impl Fn(&Operation) -> bool) -> Option<&Operation> {
        let (host, path) = split_url(url);
        let path = path.trim_end_matches('/');
        // `$BASE/invoices`: the variable holds the server's URL.
        let variable = url.trim_start().starts_with('$');
        let mut best: Option<(usize, &Operation)> = None;
        let root = ["/".to_string()];
        for op in self.operations.iter().filter(|o| keep(o)) {
            let servers = if op.servers.is_empty() {
                &root[..]
            } else {
                &op.servers[..]
            };
            for server in servers {
                let (shost, base) = split_url(server);
                let base = base.trim_end_matches('/');
                let Some(rest) = path.strip_prefix(base).or_else(|| variable.then_some(path))
                else {
                    continue;
                };
                if !(rest.is_empty() || rest.starts_with('/')) {
                    continue;
                }
                let matched = template_match(&op.path, rest).or_else(|| {
                    if variable && rest.len() < path.len() {
                        template_match(&op.path, path)
                    } else {
                        None
                    }
                });
                let Some(literal) = matched else {
                    continue;
                };
                let score = literal * 2 + usize::from(host.is_some() && host == shost);
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, op));
                }
            }
        }
        best.map(|(_, op)| op)
    }
}

/// A URL's host (when it has a literal one) and path (without query and
/// fragment). A leading shell variable (`$BASE`, `${BASE}`) stands for
/// the scheme, host and base path.
pub fn split_url(url: &str) -> (Option<&str>, &str) {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if let Some((_, rest)) = url.split_once("://") {
        let slash = rest.find('/').unwrap_or(rest.len());
        return (Some(&rest[..slash]), &rest[slash..]);
    }
    if let Some(rest) = url.strip_prefix('$') {
        let end = if rest.starts_with('{') {
            rest.find('}').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
        };
        return (None, &rest[end..]);
    }
    (None, url)
}

/// Whether `path` fits the template; the number of literal segments.
fn template_match(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    for (ts, ps) in t.iter().zip(&p) {
        if ts.starts_with('{') && ts.ends_with('}') {
            if ps.is_empty() {
                return None;
            }
        } else if ts.contains('{') {
            // `{id}.json`: the literal parts in order.
            let prefix = &ts[..ts.find('{').unwrap_or(0)];
            let suffix = &ts[ts.rfind('}').map_or(ts.len(), |i| i + 1)..];
            if !(ps.starts_with(prefix) && ps.ends_with(suffix)) {
                return None;
            }
        } else if ts == ps {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_templates() {
        assert_eq!(
            split_url("https://api.x.example/v2/items/7?a=1"),
            (Some("api.x.example"), "/v2/items/7")
        );
        assert_eq!(split_url("${BASE}/items"), (None, "/items"));
        assert_eq!(split_url("$BASE/items"), (None, "/items"));
        assert_eq!(template_match("/items/{id}", "/items/7"), Some(2));
        assert_eq!(template_match("/items/latest", "/items/latest"), Some(3));
        assert_eq!(template_match("/items/{id}", "/items"), None);
        assert_eq!(template_match("/files/{id}.json", "/files/3.json"), Some(2));
        assert_eq!(template_match("/", ""), Some(1));
    }
}
