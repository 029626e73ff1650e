//! Layer 0 (foundations): The other preprocessors books run beside this one, and where each must
//! run relative to it (issue 19): one table, [`NEIGHBOURS`], used by
//! `install` (which sets our `before`/`after` for those a book has) and by
//! `check` (which warns, rule `config`, when mdBook would run one on the
//! wrong side of us).
//!
//! mdBook's order is [`mdbook_order`]: mdBook 0.5.4's own rule
//! (`mdbook-driver-0.5.4/src/mdbook.rs`, `determine_preprocessors`),
//! reproduced so that `check` can tell the order of a book without
//! building it.

use std::collections::{BTreeMap, BTreeSet};

/// Our name in `[preprocessor.<name>]`.
pub const OURS: &str = "integration-guide";

/// mdBook's built-in preprocessors, run unless
/// `build.use-default-preprocessors = false` (mdbook-driver 0.5.4,
/// `DEFAULT_PREPROCESSORS`).
pub const DEFAULT_PREPROCESSORS: [&str; 2] = ["links", "index"];

/// Which side of us a neighbour must run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Before us: its name goes in our `after`.
    Before,
    /// After us: its name goes in our `before`.
    After,
    /// Either: it changes no chapter text.
    Any,
}

/// A preprocessor that books combine with ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbour {
    /// The name its documentation gives its table (`[preprocessor.toc]`).
    pub name: &'static str,
    /// Its binary (what `command` names, and what mdBook runs when
    /// `command` is absent and the table is named as documented).
    pub binary: &'static str,
    /// Its crate and the version whose source the rule was read from.
    pub source: &'static str,
    /// Where it runs, relative to us.
    pub side: Side,
    /// What breaks in the other order (for `check`'s warning).
    pub otherwise: &'static str,
    /// Whether it may add ids to a page (then `check` does not report
    /// anchors it cannot find in the Markdown).
    pub adds_ids: bool,
}

/// The neighbours and their places.
pub const NEIGHBOURS: &[Neighbour] = &[
    Neighbour {
        name: "gettext",
        binary: "mdbook-gettext",
        source: "mdbook-i18n-helpers 0.4.0 (src/preprocessors/gettext.rs: it writes each translated chapter back through pulldown-cmark-to-cmark; `mdbook-xgettext` extracts the messages from the book as the preprocessors that run for it, ours included, left it)",
        side: Side::After,
        otherwise: "it rewrites every chapter through a Markdown writer before the shortcodes are expanded: a translated build shows them as text (this preprocessor then fails the build), and the messages xgettext extracted from the expanded guide are not found",
        adds_ids: true,
    },
    Neighbour {
        name: "mermaid",
        binary: "mdbook-mermaid",
        source: "mdbook-mermaid 0.17.1 (src/lib.rs `add_mermaid`: it replaces a ```mermaid block's span with `<pre class=\"mermaid\">` lines that carry no `> ` prefix)",
        side: Side::Before,
        otherwise: "a ```mermaid block inside a callout (a block quote once expanded) breaks out of it and is not drawn",
        adds_ids: false,
    },
    Neighbour {
        name: "tabs",
        binary: "mdbook-tabs",
        source: "mdbook-tabs 1.0.5 (src/tabs.rs: `{{#tabs}}` becomes multi-line `<div>`s with blank lines, without the block quote's `> ` prefix)",
        side: Side::Before,
        otherwise: "tabs inside a callout or config step break out of it: the callout ends at the tabs and the rest of it is shown as a plain paragraph",
        adds_ids: false,
    },
    Neighbour {
        name: "admonish",
        binary: "mdbook-admonish",
        source: "mdbook-admonish 1.20.0 (src/markdown.rs `preprocess`: a ```admonish block's span becomes multi-line HTML without the block quote's `> ` prefix; built on mdBook 0.4, it fails on mdBook 0.5's input, so this is from its source, not a build)",
        side: Side::Before,
        otherwise: "an admonition inside a callout breaks out of it",
        adds_ids: true,
    },
    Neighbour {
        name: "toc",
        binary: "mdbook-toc",
        source: "mdbook-toc 0.15.4 (src/lib.rs `add_toc`: it lists the headings of the chapter's Markdown as it receives it)",
        side: Side::After,
        otherwise: "its `<!-- toc -->` list has none of the headings the shortcodes generate",
        adds_ids: false,
    },
    Neighbour {
        name: "katex",
        binary: "mdbook-katex",
        source: "mdbook-katex 0.10.0 (src/scan.rs: any two `$` outside backticks, even across lines and inside `<<#...>>` tags, delimit math)",
        side: Side::After,
        otherwise: "two `$` in shortcode attributes (`auth=\"Bearer $TOKEN\"` ... `$ID`) become math and break the shortcode",
        adds_ids: false,
    },
    Neighbour {
        name: "pagetoc",
        binary: "mdbook-pagetoc",
        source: "mdbook-pagetoc (src/lib.rs: it returns the book unchanged; its JavaScript lists the rendered page's headings)",
        side: Side::Any,
        otherwise: "",
        adds_ids: false,
    },
];

/// A preprocessor table of book.toml, as far as the order goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// `command`, if set.
    pub command: Option<String>,
    /// `before`.
    pub before: Vec<String>,
    /// `after`.
    pub after: Vec<String>,
}

/// The preprocessor tables of a book.toml (as JSON, the form `check` and
/// mdBook's context have), by name.
pub fn tables(config: &serde_json::Value) -> BTreeMap<String, Table> {
    let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
        v.and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    config
        .get("preprocessor")
        .and_then(serde_json::Value::as_object)
        .map(|t| {
            t.iter()
                .map(|(name, table)| {
                    (
                        name.clone(),
                        Table {
                            command: table
                                .get("command")
                                .and_then(serde_json::Value::as_str)
                                .map(str::to_string),
                            before: strings(table.get("before")),
                            after: strings(table.get("after")),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Which neighbour a table is: by the program its `command` runs (its file
/// name, without directories, `.exe` or arguments), or without a
/// `command` by its name (mdBook then runs `mdbook-<name>`).
pub fn identify(name: &str, table: &Table) -> Option<&'static Neighbour> {
    if name == OURS {
        return None;
    }
    if let Some(command) = &table.command {
        let file = program(command);
        // A command of its own (a script, another tool) under a known
        // name is not that neighbour.
        return NEIGHBOURS.iter().find(|n| n.binary == file);
    }
    NEIGHBOURS.iter().find(|n| n.name == name)
}

/// The program a `command` of book.toml runs: its first word's file name,
/// without directories or `.exe` (`"./bin/mdbook-toc.exe --x"` gives
/// `mdbook-toc`).
pub fn program(command: &str) -> &str {
    let first = command.split_whitespace().next().unwrap_or_default();
    let file = first.rsplit(['/', '\\']).next().unwrap_or(first);
    file.strip_suffix(".exe").unwrap_or(file)
}

/// The neighbours of a book: (table name, neighbour), in [`NEIGHBOURS`]'
/// order.
pub fn found(tables: &BTreeMap<String, Table>) -> Vec<(String, &'static Neighbour)> {
    let mut out: Vec<(String, &'static Neighbour)> = tables
        .iter()
        .filter_map(|(name, t)| Some((name.clone(), identify(name, t)?)))
        .collect();
    out.sort_by_key(|(name, n)| {
        (
            NEIGHBOURS.iter().position(|m| m.name == n.name),
            name.clone(),
        )
    });
    out
}

/// The order mdBook 0.5.4 runs the preprocessors in, or `None` when their
/// `before`/`after` make a cycle (mdBook refuses to build). Its rule
/// (`determine_preprocessors`): `links` and `index` (unless
/// `use_defaults` is false) and every table are nodes; `before`/`after`
/// entries that name no node are ignored (with a warning); then, round by
/// round, every preprocessor nothing else must precede runs, those of one
/// round sorted by name (byte order). So a preprocessor with no
/// constraints runs in the first round, before ours (which is after
/// `links` and `index`).
pub fn mdbook_order(tables: &BTreeMap<String, Table>, use_defaults: bool) -> Option<Vec<String>> {
    rounds(tables, use_defaults).ok()
}

/// The preprocessors on a cycle of `before`/`after`, by name; empty when
/// mdBook can order them ([`mdbook_order`]).
pub fn cycle(tables: &BTreeMap<String, Table>, use_defaults: bool) -> Vec<String> {
    rounds(tables, use_defaults).err().unwrap_or_default()
}

/// [`mdbook_order`]'s rounds: the order, or the preprocessors on a cycle
/// when no round can start.
fn rounds(
    tables: &BTreeMap<String, Table>,
    use_defaults: bool,
) -> Result<Vec<String>, Vec<String>> {
    let mut nodes: BTreeSet<String> = tables.keys().cloned().collect();
    if use_defaults {
        nodes.extend(DEFAULT_PREPROCESSORS.iter().map(|s| s.to_string()));
    }
    // (first, then)
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (name, t) in tables {
        for b in t.before.iter().filter(|b| nodes.contains(*b)) {
            edges.insert((name.clone(), b.clone()));
        }
        for a in t.after.iter().filter(|a| nodes.contains(*a)) {
            edges.insert((a.clone(), name.clone()));
        }
    }
    let mut order = Vec::new();
    while !nodes.is_empty() {
        let round: Vec<String> = nodes
            .iter()
            .filter(|n| !edges.iter().any(|(f, t)| t == *n && nodes.contains(f)))
            .cloned()
            .collect();
        if round.is_empty() {
            // Those only waiting for the cycle are not on it: drop, again
            // and again, those that precede none of the rest.
            loop {
                let last: Vec<String> = nodes
                    .iter()
                    .filter(|n| !edges.iter().any(|(f, t)| f == *n && nodes.contains(t)))
                    .cloned()
                    .collect();
                if last.is_empty() {
                    return Err(nodes.into_iter().collect());
                }
                for n in last {
                    nodes.remove(&n);
                }
            }
        }
        for n in round {
            nodes.remove(&n);
            order.push(n);
        }
    }
    Ok(order)
}

/// `use_default_preprocessors` of a book.toml as JSON (default true).
pub fn uses_defaults(config: &serde_json::Value) -> bool {
    config
        .pointer("/build/use-default-preprocessors")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(true)
}

/// A neighbour mdBook runs on the wrong side of us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misplaced {
    /// Its table's name.
    pub name: String,
    /// The neighbour.
    pub neighbour: &'static Neighbour,
}

impl Misplaced {
    /// The warning: what happens and the fix (which key to set to what),
    /// starting with the neighbour's table so `check` can place it there.
    pub fn message(&self, tables: &BTreeMap<String, Table>) -> String {
        let name = &self.name;
        let (runs, key, other) = match self.neighbour.side {
            Side::After => ("before", "before", "after"),
            _ => ("after", "after", "before"),
        };
        let mut fix = format!("add \"{name}\" to `{key}` in [preprocessor.{OURS}]");
        let ours = tables.get(OURS).cloned().unwrap_or_default();
        let in_other = if other == "before" {
            &ours.before
        } else {
            &ours.after
        };
        if in_other.contains(name) {
            fix.push_str(&format!(" and remove it from `{other}` there"));
        }
        if let Some(theirs) = tables.get(name) {
            let contrary = if key == "before" {
                &theirs.before
            } else {
                &theirs.after
            };
            if contrary.iter().any(|n| n == OURS) {
                fix.push_str(&format!(
                    ", and remove \"{OURS}\" from `{key}` in [preprocessor.{name}]"
                ));
            }
        }
        format!(
            "[preprocessor.{name}] ({}) runs {runs} [preprocessor.{OURS}] in mdBook's order: {}; {fix} (`mdbook-integration-guide install` does)",
            self.neighbour.binary, self.neighbour.otherwise
        )
    }
}

/// The neighbours mdBook would run on the wrong side of us (none if the
/// book has no table of ours, or the order is a cycle: see
/// [`mdbook_order`]).
pub fn misplaced(tables: &BTreeMap<String, Table>, use_defaults: bool) -> Vec<Misplaced> {
    if !tables.contains_key(OURS) {
        return Vec::new();
    }
    let Some(order) = mdbook_order(tables, use_defaults) else {
        return Vec::new();
    };
    let at = |n: &str| order.iter().position(|o| o == n);
    let Some(ours) = at(OURS) else {
        return Vec::new();
    };
    found(tables)
        .into_iter()
        .filter(|(name, n)| {
            let Some(theirs) = at(name) else { return false };
            match n.side {
                Side::Before => theirs > ours,
                Side::After => theirs < ours,
                Side::Any => false,
            }
        })
        .map(|(name, neighbour)| Misplaced { name, neighbour })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(toml: &str) -> BTreeMap<String, Table> {
        let value: toml::Value = toml::from_str(toml).unwrap();
        tables(&serde_json::to_value(value).unwrap())
    }

    #[test]
    fn mdbooks_order_is_by_rounds_then_by_name() {
        // No constraints: one round, by name.
        let t = book("[preprocessor.toc]\n[preprocessor.integration-guide]\n[preprocessor.abc]\n");
        assert_eq!(
            mdbook_order(&t, true).unwrap(),
            ["abc", "index", "integration-guide", "links", "toc"]
        );
        // Ours after links and index: every unconstrained neighbour first.
        let t = book(
            "[preprocessor.toc]\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n[preprocessor.katex]\nafter = [\"links\"]\n",
        );
        assert_eq!(
            mdbook_order(&t, true).unwrap(),
            ["index", "links", "toc", "integration-guide", "katex"]
        );
        // Names that are no preprocessor are ignored, as mdBook does.
        let t = book("[preprocessor.integration-guide]\nbefore = [\"nope\"]\n");
        assert_eq!(mdbook_order(&t, false).unwrap(), ["integration-guide"]);
        // A cycle.
        let t = book(
            "[preprocessor.integration-guide]\nafter = [\"mermaid\"]\n[preprocessor.mermaid]\nafter = [\"integration-guide\"]\n[preprocessor.toc]\nafter = [\"mermaid\"]\n",
        );
        assert_eq!(mdbook_order(&t, true), None);
        assert_eq!(cycle(&t, true), ["integration-guide", "mermaid"]);
    }

    #[test]
    fn neighbours_by_command_or_name() {
        let t = book(
            "[preprocessor.diagrams]\ncommand = \"/opt/bin/mdbook-mermaid.exe\"\n[preprocessor.toc]\ncommand = \"mdbook-toc\"\n[preprocessor.tabs]\ncommand = \"mdbook-my-tabs\"\n[preprocessor.mermaid]\ncommand = \"python3 mermaid.py\"\n[preprocessor.katex]\n",
        );
        let found = found(&t);
        let names: Vec<(&str, &str)> = found.iter().map(|(k, n)| (k.as_str(), n.name)).collect();
        assert_eq!(
            names,
            [("diagrams", "mermaid"), ("toc", "toc"), ("katex", "katex")]
        );
    }

    #[test]
    fn misplaced_names_the_fix() {
        let t = book(
            "[preprocessor.integration-guide]\nafter = [\"links\", \"index\", \"toc\"]\n[preprocessor.toc]\nbefore = [\"integration-guide\"]\n[preprocessor.tabs]\n[preprocessor.mermaid]\n",
        );
        let m = misplaced(&t, true);
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].message(&t),
            "[preprocessor.toc] (mdbook-toc) runs before [preprocessor.integration-guide] in mdBook's order: its `<!-- toc -->` list has none of the headings the shortcodes generate; add \"toc\" to `before` in [preprocessor.integration-guide] and remove it from `after` there, and remove \"integration-guide\" from `before` in [preprocessor.toc] (`mdbook-integration-guide install` does)"
        );
        // katex's documented `after = ["links"]` puts it in our round,
        // after us by name: no warning.
        let t = book(
            "[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n[preprocessor.katex]\nafter = [\"links\"]\n",
        );
        assert!(misplaced(&t, true).is_empty());
        // Without it, katex runs in the first round, before us.
        let t = book(
            "[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n[preprocessor.katex]\n",
        );
        assert_eq!(misplaced(&t, true)[0].name, "katex");
    }
}
