//! Reading a spec (or a standalone JSON Schema) and every local file its
//! `$ref`s name, once: each file parsed into a [`Node`] tree with places,
//! every `$ref` checked to resolve. A remote `$ref` (`http:`, `https:`,
//! `//host`, or any other scheme) is an error naming it: builds never touch
//! the network. A `$ref`'s fragment is a JSON Pointer (RFC 6901) or, in a
//! schema, an `$anchor`'s name (JSON Schema Core 2020-12 §8.2.2); `$ref`s
//! in data (`example`, `default`, ...) are data (see [`super::keywords`]).

use std::path::{Path, PathBuf};

use super::keywords;
use super::yaml::{self, Mark, Node};

/// The most files one spec may pull in through `$ref`s.
const MAX_FILES: usize = 256;

/// One file of a [`Docs`] set.
#[derive(Debug)]
pub struct Doc {
    /// The file as messages show it (from the book's root, `/`-separated).
    pub shown: String,
    /// Its place on disk (canonical), to resolve relative `$ref`s.
    pub path: PathBuf,
    /// Its content.
    pub root: Node,
    /// Its `$anchor`s, indexed on the first `$ref` to one.
    anchors: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>>,
}

/// A file and the local files its `$ref`s name; `docs[0]` is the one
/// asked for.
#[derive(Debug)]
pub struct Docs {
    /// The files, the first the one asked for.
    pub docs: Vec<Doc>,
}

/// A place in a [`Docs`] set: a file (index) and a node in it.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    /// Index in [`Docs::docs`].
    pub doc: usize,
    /// The node.
    pub node: &'a Node,
}

/// `file:line:col` of a mark in a file.
pub fn place(shown: &str, at: Mark) -> String {
    format!("{shown}:{}:{}", at.line, at.col)
}

/// What a `$ref`'s fragment names.
#[derive(Debug, PartialEq, Eq)]
enum Fragment {
    /// A JSON Pointer's segments, unescaped (none: the whole file).
    Pointer(Vec<String>),
    /// An `$anchor`'s name.
    Anchor(String),
}

/// Splits a `$ref` into its file part and its fragment; `None` when the
/// fragment is neither a JSON Pointer nor an anchor's name
/// (`[A-Za-z_][-A-Za-z0-9._]*`, JSON Schema Core 2020-12 §8.2.2).
fn split_ref(r: &str) -> Option<(&str, Fragment)> {
    let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
    if fragment.is_empty() {
        return Some((file, Fragment::Pointer(Vec::new())));
    }
    let Some(pointer) = fragment.strip_prefix('/') else {
        let mut chars = fragment.chars();
        let first = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        let rest = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        return (first && rest).then(|| (file, Fragment::Anchor(fragment.to_string())));
    };
    let segments = pointer
        .split('/')
        .map(|s| percent_decode(&s.replace("~1", "/").replace("~0", "~")))
        .collect();
    Some((file, Fragment::Pointer(segments)))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a `$ref` points off this machine: a network path (`//host`)
/// or a URI with a scheme (`https:`, `ftp:`, `urn:`; RFC 3986 §3.1), but
/// not a Windows drive (`C:`).
fn is_remote(r: &str) -> bool {
    if r.starts_with("//") {
        return true;
    }
    let path = r.split(['#', '/', '?']).next().unwrap_or("");
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Reads a file into its tree; errors are `file:line:col: message`.
fn read(path: &Path, shown: &str) -> Result<Node, String> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{shown}: no such file"),
        _ => format!("{shown}: cannot be read: {e}"),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    yaml::parse(text).map_err(|e| {
        format!(
            "{}: not valid YAML or JSON: {}",
            place(shown, e.at),
            e.message
        )
    })
}

impl Docs {
    /// Reads `path` (shown as `shown` in messages) and every local file its
    /// `$ref`s name, and checks that every `$ref` resolves.
    pub fn load(path: &Path, shown: &str) -> Result<Docs, String> {
        let root = read(path, shown)?;
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let mut docs = Docs {
            docs: vec![Doc {
                shown: shown.to_string(),
                path: canonical,
                root,
                anchors: std::sync::OnceLock::new(),
            }],
        };
        let all_refs = docs.read_referenced()?;
        docs.check_resolved(all_refs)?;
        Ok(docs)
    }

    /// Reads, file after file, the local files the `$ref`s name (each
    /// once); each file's `$ref`s, in its order.
    fn read_referenced(&mut self) -> Result<Vec<Vec<(String, Mark)>>, String> {
        let mut next = 0;
        let mut all_refs: Vec<Vec<(String, Mark)>> = Vec::new();
        while next < self.docs.len() {
            let mut refs = Vec::new();
            collect_refs(&self.docs[next].root, &mut refs);
            let mut files_seen: std::collections::HashSet<String> =
                std::collections::HashSet::new();
            for (r, at) in &refs {
                let file = self.file_of(next, r, *at)?;
                if file.is_empty() || !files_seen.insert(file.to_string()) {
                    continue;
                }
                if self.find(next, file).is_some() {
                    continue;
                }
                self.add(next, file, r, *at)?;
            }
            all_refs.push(refs);
            next += 1;
        }
        Ok(all_refs)
    }

    /// The file part of `$ref` `r` (at `at` in file `from`); an error for a
    /// remote one or a fragment that names nothing.
    fn file_of<'r>(&self, from: usize, r: &'r str, at: Mark) -> Result<&'r str, String> {
        let here = || place(&self.docs[from].shown, at);
        if is_remote(r) {
            return Err(format!(
                "{}: the remote `$ref` \"{r}\" is not fetched: builds never touch the network; save the file next to the spec and refer to it by a relative path",
                here()
            ));
        }
        let Some((file, _)) = split_ref(r) else {
            return Err(format!(
                "{}: `$ref` \"{r}\" has a fragment that is neither a JSON Pointer (`#/components/schemas/Name`) nor an `$anchor`'s name (`#name`)",
                here()
            ));
        };
        Ok(file)
    }

    /// Reads `file`, named by `$ref` `r` at `at` in file `from`, into the
    /// set: a file that is not there is reported at the `$ref`; one that
    /// does not parse, at its own place.
    fn add(&mut self, from: usize, file: &str, r: &str, at: Mark) -> Result<(), String> {
        let here = || place(&self.docs[from].shown, at);
        let doc = &self.docs[from];
        let target = doc.path.parent().unwrap_or(Path::new("")).join(file);
        let shown_target = shown_join(&doc.shown, file);
        if self.docs.len() >= MAX_FILES {
            return Err(format!(
                "{}: more than {MAX_FILES} files through `$ref`s; refused",
                here()
            ));
        }
        let root = read(&target, &shown_target).map_err(|e| {
            if e.starts_with(&format!("{shown_target}: ")) {
                format!("{}: the `$ref` \"{r}\" cannot be followed: {e}", here())
            } else {
                e
            }
        })?;
        let canonical = target.canonicalize().unwrap_or(target);
        self.docs.push(Doc {
            shown: shown_target,
            path: canonical,
            root,
            anchors: std::sync::OnceLock::new(),
        });
        Ok(())
    }

    /// Every `$ref` resolves (each distinct one of a file looked up once).
    fn check_resolved(&self, all_refs: Vec<Vec<(String, Mark)>>) -> Result<(), String> {
        for (i, refs) in all_refs.into_iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            for (r, at) in refs {
                if seen.contains(&r) {
                    continue;
                }
                if self.resolve(i, &r).is_none() {
                    return Err(format!(
                        "{}: `$ref` \"{r}\" points at nothing",
                        place(&self.docs[i].shown, at)
                    ));
                }
                seen.insert(r);
            }
        }
        Ok(())
    }

    /// The file a relative reference from file `from` names.
    fn find(&self, from: usize, file: &str) -> Option<usize> {
        let base = self.docs[from].path.parent()?;
        let target = base.join(file);
        let target = target.canonicalize().unwrap_or(target);
        self.docs.iter().position(|d| d.path == target)
    }

    /// What a `$ref` written in file `from` points at.
    pub fn resolve(&self, from: usize, r: &str) -> Option<At<'_>> {
        let (file, fragment) = split_ref(r)?;
        let doc = if file.is_empty() {
            from
        } else {
            self.find(from, file)?
        };
        let d = &self.docs[doc];
        let node = match fragment {
            Fragment::Pointer(segments) => d.root.at_path(segments.iter().map(String::as_str))?,
            Fragment::Anchor(name) => {
                let anchors = d.anchors.get_or_init(|| keywords::anchors(&d.root));
                d.root.at_positions(anchors.get(&name)?)?
            }
        };
        Some(At { doc, node })
    }

    /// A node with its `$ref`s followed (a `$ref` object is replaced by
    /// what it points at, up to 32 times).
    pub fn deref<'a>(&'a self, mut at: At<'a>) -> At<'a> {
        for _ in 0..32 {
            match at.node.get("$ref").and_then(Node::as_str) {
                Some(r) => match self.resolve(at.doc, r) {
                    Some(next) => at = next,
                    None => break,
                },
                None => break,
            }
        }
        at
    }

    /// The root of the file asked for.
    pub fn root(&self) -> At<'_> {
        At {
            doc: 0,
            node: &self.docs[0].root,
        }
    }

    /// `file:line:col` of a node of file `doc`.
    pub fn place(&self, at: At<'_>) -> String {
        place(&self.docs[at.doc].shown, at.node.at)
    }
}

/// The shown path of `file` relative to the shown file `from`.
fn shown_join(from: &str, file: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in file.split('/') {
        match seg {
            "." | "" => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Every `$ref` of a tree's objects of keywords (not those in data),
/// with its place, in the document's order.
fn collect_refs(node: &Node, out: &mut Vec<(String, Mark)>) {
    keywords::each_object(node, false, |n, _| {
        if let Some(v) = n.get("$ref")
            && let Some(s) = v.as_str()
        {
            out.push((s.to_string(), v.at));
        }
    });
    out.sort_by_key(|(_, at)| (at.line, at.col));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_split_into_file_and_pointer() {
        let pointer = |s: &[&str]| Fragment::Pointer(s.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            split_ref("#/components/schemas/a~1b"),
            Some(("", pointer(&["components", "schemas", "a/b"])))
        );
        assert_eq!(split_ref("other.yaml"), Some(("other.yaml", pointer(&[]))));
        assert_eq!(
            split_ref("other.yaml#/X"),
            Some(("other.yaml", pointer(&["X"])))
        );
        assert_eq!(
            split_ref("x.yaml#an-chor.1"),
            Some(("x.yaml", Fragment::Anchor("an-chor.1".into())))
        );
        assert_eq!(split_ref("x.yaml#1anchor"), None);
        assert_eq!(split_ref("#a b"), None);
        assert_eq!(
            shown_join("specs/a.yaml", "../schemas/b.json"),
            "schemas/b.json"
        );
        assert_eq!(shown_join("a.yaml", "./b.yaml"), "b.yaml");
        assert!(is_remote("https://x/y.json"));
        assert!(is_remote("ftp://x/y.json"));
        assert!(is_remote("urn:example:s"));
        assert!(is_remote("//x/y.json"));
        assert!(!is_remote("x.json"));
        assert!(!is_remote("C:/specs/x.json"));
        assert!(!is_remote("dir/a:b.json"));
        assert!(!is_remote("#/a:b"));
    }

    #[test]
    fn local_files_are_read_and_remote_refs_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(
            p.join("a.yaml"),
            "x:\n  $ref: 'b.yaml#/Y'\nz:\n  $ref: '#/x'\n",
        )
        .unwrap();
        std::fs::write(p.join("b.yaml"), "Y: {type: string}\n").unwrap();
        let docs = Docs::load(&p.join("a.yaml"), "a.yaml").unwrap();
        assert_eq!(docs.docs.len(), 2);
        let z = docs.deref(At {
            doc: 0,
            node: docs.docs[0].root.get("z").unwrap(),
        });
        assert_eq!(z.doc, 1);
        assert_eq!(docs.place(z), "b.yaml:1:4");

        std::fs::write(
            p.join("c.yaml"),
            "a:\n  b: {$ref: 'https://x.example/s.json'}\n",
        )
        .unwrap();
        let e = Docs::load(&p.join("c.yaml"), "c.yaml").unwrap_err();
        assert!(
            e.starts_with("c.yaml:2:13: the remote `$ref` \"https://x.example/s.json\""),
            "{e}"
        );
        std::fs::write(p.join("d.yaml"), "a: {$ref: '#/nope'}\n").unwrap();
        let e = Docs::load(&p.join("d.yaml"), "d.yaml").unwrap_err();
        assert_eq!(e, "d.yaml:1:11: `$ref` \"#/nope\" points at nothing");
        std::fs::write(p.join("e.yaml"), "a: {$ref: 'missing.yaml'}\n").unwrap();
        let e = Docs::load(&p.join("e.yaml"), "e.yaml").unwrap_err();
        assert_eq!(
            e,
            "e.yaml:1:11: the `$ref` \"missing.yaml\" cannot be followed: missing.yaml: no such file"
        );
    }
}
