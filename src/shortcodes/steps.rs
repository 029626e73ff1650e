//! The config steps of the book, collected in phase one by
//! `<<#config-step>>` and read by `config-step` (its number, the next
//! step), `workflow-table` and `step-ref`.

use super::prelude::*;

use std::collections::HashMap;

use crate::ids;
use crate::labels;

/// One `<<#config-step>>` of the book.
#[derive(Debug, Clone)]
pub struct Step {
    /// Its anchor id (explicit, or from the title); empty when the title
    /// gives none (an error reported when it renders).
    pub id: String,
    /// Inline Markdown.
    pub title: String,
    pub party: Option<String>,
    /// Inline Markdown.
    pub summary: Option<String>,
    /// The chapter it stands in (book order index).
    pub chapter: usize,
    /// The offset of its opening tag in the chapter's original text.
    pub offset: usize,
    /// 1, 2, 3 ... in book order, from 1 in each guide.
    pub number: usize,
    /// The guide it is in (see [`crate::guides`]; `None`: a prefix or
    /// suffix chapter of a book with several guides).
    pub guide: Option<usize>,
    /// Its index in book order among all steps.
    pub index: usize,
    /// `optional`: marked so in its heading and workflow table row.
    pub optional: bool,
}

/// Every config step, in book order.
#[derive(Debug, Default)]
pub struct Steps {
    list: Vec<Step>,
    /// Id to index in `list` (the first step with that id).
    by_id: HashMap<String, usize>,
    /// (chapter, offset of the opening tag) to index in `list`, so that
    /// each step finds itself without a scan of the whole book.
    by_place: HashMap<(usize, usize), usize>,
    /// How many steps each guide has so far.
    per_guide: HashMap<Option<usize>, usize>,
}

impl Steps {
    /// Adds the next step in book order and gives it its number (the next
    /// in its guide). Returns the step that already has its id, if any.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        id: String,
        title: String,
        party: Option<String>,
        summary: Option<String>,
        chapter: usize,
        offset: usize,
        guide: Option<usize>,
    ) -> Option<&Step> {
        let count = self.per_guide.entry(guide).or_insert(0);
        *count += 1;
        let number = *count;
        let index = self.list.len();
        let mut first = None;
        if !id.is_empty() {
            match self.by_id.get(&id) {
                Some(&i) => first = Some(i),
                None => {
                    self.by_id.insert(id.clone(), index);
                }
            }
        }
        self.by_place.entry((chapter, offset)).or_insert(index);
        self.list.push(Step {
            id,
            title,
            party,
            summary,
            chapter,
            offset,
            number,
            guide,
            index,
            optional: false,
        });
        first.and_then(|i| self.list.get(i))
    }

    /// Marks the last step pushed as `optional`.
    pub fn mark_last_optional(&mut self) {
        if let Some(last) = self.list.last_mut() {
            last.optional = true;
        }
    }

    pub fn all(&self) -> &[Step] {
        &self.list
    }

    pub fn by_id(&self, id: &str) -> Option<&Step> {
        self.list.get(*self.by_id.get(id)?)
    }

    /// The step whose opening tag is at `offset` in chapter `chapter`.
    pub fn at(&self, chapter: usize, offset: usize) -> Option<&Step> {
        self.list.get(*self.by_place.get(&(chapter, offset))?)
    }

    /// The step after `step` in its guide.
    pub fn after(&self, step: &Step) -> Option<&Step> {
        self.list[step.index + 1..]
            .iter()
            .find(|s| s.guide == step.guide)
    }

    /// Every id, sorted (for "did you mean" hints).
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.by_id.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }
}

/// The steps of the book as collected (empty when there are none).
pub fn of<'a>(cx: &RenderCx<'a>) -> &'a [Step] {
    cx.facts().get::<Steps>().map_or(&[], Steps::all)
}

/// The "unknown party" error for a party that is not in the `parties`
/// declared in book.toml (`None` when it is one of them).
///
/// `guide`: the guide the step or row is in, in a book with several
/// guides (named in the message: its parties may be its own).
pub fn unknown_party(
    party: &str,
    parties: &[String],
    span: std::ops::Range<usize>,
    guide: Option<&str>,
) -> Option<Diagnostic> {
    if parties.iter().any(|p| p == party) {
        return None;
    }
    let message = match guide {
        Some(title) => format!("unknown party `{party}` in the guide \"{title}\""),
        None => format!("unknown party `{party}`"),
    };
    let d = Diagnostic::error(span, message);
    Some(
        match crate::diagnostic::closest(party, parties.iter().map(String::as_str)) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!(
                "the parties declared in book.toml (`parties`) are: {}",
                parties
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
    )
}

/// The id a step gets from its title (mdBook's heading-id rules); empty
/// when the title has no letters or digits.
pub fn default_id(title: &str) -> String {
    let id = ids::id_from_text(title);
    if id.chars().any(char::is_alphanumeric) {
        id
    } else {
        String::new()
    }
}

/// A link destination as Markdown writes it (in `<...>` when it has
/// spaces or parentheses).
pub fn destination(link: &str) -> String {
    if link.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>')) {
        format!("<{}>", link.replace('<', "%3C").replace('>', "%3E"))
    } else {
        link.to_string()
    }
}

/// `[text](link)`, or the text alone when there is no link (a draft
/// chapter has no page). Links in `text` become their text: a link cannot
/// hold a link.
pub fn link(text: &str, target: Option<String>) -> String {
    match target {
        Some(target) => format!("[{}]({})", escape::link_text(text), destination(&target)),
        None => text.to_string(),
    }
}

/// The text of a reference to a step, from a `step-ref` format.
pub fn ref_text(format: &str, step: &Step) -> String {
    labels::fill(
        format,
        &[("number", &step.number.to_string()), ("title", &step.title)],
    )
}

/// A link from the current chapter to a step, its text from `format`.
pub fn ref_link(cx: &RenderCx<'_>, format: &str, step: &Step) -> String {
    link(
        &ref_text(format, step),
        cx.link_to(step.chapter, Some(&step.id)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_duplicates() {
        let mut steps = Steps::default();
        let t = String::from;
        assert!(
            steps
                .push(t("a"), t("A"), None, None, 0, 5, Some(0))
                .is_none()
        );
        assert!(
            steps
                .push(t(""), t("!"), None, None, 0, 9, Some(0))
                .is_none()
        );
        let first = steps
            .push(t("a"), t("A2"), None, None, 1, 0, Some(0))
            .unwrap();
        assert_eq!((first.chapter, first.offset), (0, 5));
        assert_eq!(steps.by_id("a").unwrap().title, "A");
        assert_eq!(steps.at(1, 0).unwrap().number, 3);
        assert_eq!(steps.after(&steps.all()[0]).unwrap().number, 2);
        assert!(steps.after(&steps.all()[2]).is_none());
        assert_eq!(steps.ids(), vec!["a"]);
    }

    #[test]
    fn numbering_per_guide() {
        let mut steps = Steps::default();
        let t = String::from;
        steps.push(t("a"), t("A"), None, None, 0, 0, Some(0));
        steps.push(t("b"), t("B"), None, None, 1, 0, Some(1));
        steps.push(t("c"), t("C"), None, None, 1, 9, Some(0));
        steps.push(t("d"), t("D"), None, None, 2, 0, Some(1));
        let numbers: Vec<usize> = steps.all().iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 1, 2, 2]);
        assert_eq!(steps.after(&steps.all()[0]).unwrap().id, "c");
        assert_eq!(steps.after(&steps.all()[1]).unwrap().id, "d");
        assert!(steps.after(&steps.all()[2]).is_none());
    }

    #[test]
    fn ids_and_destinations() {
        assert_eq!(default_id("Create an `API` client"), "create-an-api-client");
        assert_eq!(default_id("!!!"), "");
        assert_eq!(default_id(" - "), "");
        assert_eq!(destination("a b.md#x"), "<a b.md#x>");
        assert_eq!(destination("../a.md#x"), "../a.md#x");
    }
}
