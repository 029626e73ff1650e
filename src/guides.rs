//! Layer 0 (foundations): Several integration guides in one book (`guides = "parts"` or
//! `"chapters"` in `[preprocessor.integration-guide]`): which chapters
//! make up each guide, its title and id. With `guides = "book"` (the
//! default) the whole book is one guide.
//!
//! The engine computes [`Guides`] before phase one and keeps it in the
//! [`Facts`](crate::facts::Facts), where every shortcode can read it.

use std::ops::Range;

use crate::book::Chapter;
use crate::ids;

/// What makes a guide (`guides` in `[preprocessor.integration-guide]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GuideMode {
    /// The whole book is one guide.
    #[default]
    Book,
    /// Each SUMMARY.md part (a `# Title` line) is one guide.
    Parts,
    /// Each numbered top-level chapter with its sub-chapters is one guide.
    Chapters,
}

impl GuideMode {
    /// The values `guides` takes, as written in book.toml.
    pub const NAMES: &'static [&'static str] = &["book", "parts", "chapters"];

    pub(crate) fn from_name(name: &str) -> Option<GuideMode> {
        Some(match name {
            "book" => GuideMode::Book,
            "parts" => GuideMode::Parts,
            "chapters" => GuideMode::Chapters,
            _ => return None,
        })
    }
}

/// One guide: a run of chapters in book order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// Its part title or top-level chapter title (empty for the whole
    /// book with `guides = "book"`).
    pub title: String,
    /// The title's slug by mdBook's heading-id rules.
    pub id: String,
    /// Its chapters (book order indices).
    pub chapters: Range<usize>,
}

/// The guides of a book.
#[derive(Debug, Clone, Default)]
pub struct Guides {
    pub(crate) mode: GuideMode,
    pub(crate) list: Vec<Guide>,
    /// For each chapter, the guide it belongs to (`None`: a prefix or
    /// suffix chapter).
    of: Vec<Option<usize>>,
}

impl Guides {
    /// The guides of `chapters` (part titles are on the chapter that
    /// follows them; prefix and suffix chapters are top-level chapters
    /// without a number).
    pub fn new(chapters: &[Chapter], mode: GuideMode) -> Guides {
        let mut list: Vec<Guide> = Vec::new();
        let mut of = Vec::with_capacity(chapters.len());
        let mut current: Option<usize> = None;
        let open = |list: &mut Vec<Guide>, title: &str, i: usize| {
            list.push(Guide {
                title: title.to_string(),
                id: ids::id_from_text(title),
                chapters: i..i,
            });
            Some(list.len() - 1)
        };
        for (i, ch) in chapters.iter().enumerate() {
            let unnumbered_top = ch.depth == 0 && ch.number.is_none();
            current = match mode {
                GuideMode::Book => {
                    if list.is_empty() {
                        open(&mut list, "", i)
                    } else {
                        current
                    }
                }
                GuideMode::Parts => match &ch.part {
                    Some(title) => open(&mut list, title, i),
                    None if unnumbered_top => None,
                    None => current,
                },
                GuideMode::Chapters => {
                    if unnumbered_top {
                        None
                    } else if ch.depth == 0 {
                        open(&mut list, &ch.name, i)
                    } else {
                        current
                    }
                }
            };
            if let Some(g) = current {
                list[g].chapters.end = i + 1;
            }
            of.push(current);
        }
        Guides { mode, list, of }
    }

    /// Whether the book has several guides (`guides` is not "book").
    pub fn is_multi(&self) -> bool {
        self.mode != GuideMode::Book
    }

    /// The guide chapter `i` belongs to.
    pub fn of_chapter(&self, i: usize) -> Option<usize> {
        self.of.get(i).copied().flatten()
    }

    pub(crate) fn get(&self, guide: usize) -> Option<&Guide> {
        self.list.get(guide)
    }

    /// The guide with this id (the first one, when two share it).
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.list.iter().position(|g| g.id == id)
    }

    /// Each guide whose id an earlier guide already has, with that
    /// earlier guide: (first, second).
    pub fn duplicates(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (j, g) in self.list.iter().enumerate() {
            if let Some(i) = self.list[..j].iter().position(|f| f.id == g.id) {
                out.push((i, j));
            }
        }
        out
    }

    /// The chapters a search for "the guide's ..." looks in: the guide's
    /// for a chapter in a guide, else the whole book.
    pub fn scope_of(&self, chapter: usize, total: usize) -> Range<usize> {
        match self.of_chapter(chapter).and_then(|g| self.get(g)) {
            Some(g) => g.chapters.clone(),
            None => 0..total,
        }
    }
}

/// The guides as the engine computed them (the whole book as one guide
/// when there are none, e.g. in unit tests).
pub fn of(facts: &crate::facts::Facts) -> Option<&Guides> {
    facts.get::<Guides>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(name: &str, depth: usize, number: Option<u32>, part: Option<&str>) -> Chapter {
        Chapter {
            name: name.into(),
            path: Some(format!("{}.md", name.to_lowercase())),
            depth,
            number: number.map(|n| vec![n]),
            part: part.map(str::to_string),
            ..Chapter::default()
        }
    }

    #[test]
    fn parts_chapters_and_book() {
        let book = [
            ch("Intro", 0, None, None),
            ch("A", 0, Some(1), Some("Salesforce to SAP")),
            ch("A1", 1, Some(1), None),
            ch("B", 0, Some(2), Some("HubSpot to SAP")),
            ch("C", 0, Some(3), None),
            ch("Glossary", 0, None, None),
        ];
        let g = Guides::new(&book, GuideMode::Parts);
        assert_eq!(g.list.len(), 2);
        assert_eq!(g.list[0].id, "salesforce-to-sap");
        assert_eq!(g.list[0].chapters, 1..3);
        assert_eq!(g.list[1].chapters, 3..5);
        assert_eq!(
            (0..6).map(|i| g.of_chapter(i)).collect::<Vec<_>>(),
            [None, Some(0), Some(0), Some(1), Some(1), None]
        );
        let g = Guides::new(&book, GuideMode::Chapters);
        assert_eq!(
            g.list.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(g.list[0].chapters, 1..3);
        assert_eq!(g.of_chapter(5), None);
        let g = Guides::new(&book, GuideMode::Book);
        assert_eq!(g.list.len(), 1);
        assert_eq!(g.list[0].chapters, 0..6);
        assert!(!g.is_multi());
    }

    #[test]
    fn duplicate_ids() {
        let book = [
            ch("A", 0, Some(1), Some("Sync")),
            ch("B", 0, Some(2), Some("sync!")),
        ];
        let g = Guides::new(&book, GuideMode::Parts);
        assert_eq!(g.duplicates(), vec![(0, 1)]);
        assert_eq!(g.by_id("sync"), Some(0));
    }
}
