//! A shortcode invocation checked against its [`Spec`]: [`validate`]
//! turns a parsed tag into a [`Call`] whose attributes have their declared
//! types ([`AttrValue`]), or reports every problem of the tag.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, shorten};
use crate::syntax::{OpenTag, RawArg};

use crate::declaration::{AttrSpec, AttrType, AttrValue, Spec};

/// A shortcode invocation whose arguments passed validation.
#[derive(Debug, Clone)]
pub struct Call {
    /// The shortcode's name, as in its [`Spec::name`].
    pub name: String,
    /// The opening tag.
    pub span: Range<usize>,
    args: Vec<(&'static str, AttrValue, Range<usize>)>,
}

impl Call {
    fn get(&self, name: &str) -> Option<&(&'static str, AttrValue, Range<usize>)> {
        self.args.iter().find(|(n, _, _)| *n == name)
    }

    /// A text, choice or id attribute.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some((_, AttrValue::Text(s), _)) => Some(s),
            _ => None,
        }
    }

    /// A whole-number attribute ([`AttrType::Int`]); `None` when it is
    /// absent (or of another type).
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some((_, AttrValue::Int(n), _)) => Some(*n),
            _ => None,
        }
    }

    /// A boolean attribute ([`AttrType::Bool`]); `None` when it is absent
    /// (so the caller chooses the default).
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some((_, AttrValue::Bool(b), _)) => Some(*b),
            _ => None,
        }
    }

    /// The span of an attribute's value, or of the tag when it is absent:
    /// where to point a diagnostic about it.
    pub fn span_of(&self, name: &str) -> Range<usize> {
        self.get(name)
            .map_or(self.span.clone(), |(_, _, span)| span.clone())
    }
}

/// Checks a tag's arguments against the spec. All problems are reported.
pub fn validate(spec: &Spec, tag: &OpenTag, span: Range<usize>) -> Result<Call, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut args: Vec<(&'static str, AttrValue, Range<usize>)> = Vec::new();
    // Every attribute written, valid or not (an invalid one is not also
    // "missing").
    let mut given: Vec<(&'static str, Range<usize>)> = Vec::new();
    let unquoted = unquoted_spaces(spec, tag, &mut errors, &mut given);
    for (index, raw) in tag.args.iter().enumerate() {
        if unquoted.contains(&index) {
            continue;
        }
        // Which attribute, and the value as written.
        let Some((attr, value, vspan)) = attribute(spec, index, raw, &mut errors) else {
            continue;
        };
        if let Some((_, first)) = given.iter().find(|(name, _)| *name == attr.name) {
            errors.push(
                Diagnostic::error(
                    raw.span.clone(),
                    format!("attribute `{}` is given twice", attr.name),
                )
                .with_hint("keep one of them")
                .with_related(
                    crate::diagnostic::Place::Here,
                    first.clone(),
                    "it is given first here",
                ),
            );
            continue;
        }
        given.push((attr.name, raw.span.clone()));
        match convert(attr, value) {
            Ok(v) => args.push((attr.name, v, vspan)),
            Err(msg) => errors.push(Diagnostic::error(vspan, msg).with_hint(format!(
                "`{}` takes {}",
                attr.name,
                attr.ty.describe()
            ))),
        }
    }
    for attr in spec.attrs.iter().filter(|a| a.required) {
        if !given.iter().any(|(name, _)| *name == attr.name) {
            errors.push(
                Diagnostic::error(
                    span.clone(),
                    format!("`{}` needs the attribute `{}`", spec.name, attr.name),
                )
                .with_hint(format!("add {}=\"...\" ({})", attr.name, attr.doc)),
            );
        }
    }
    if errors.is_empty() {
        Ok(Call {
            name: spec.name.to_string(),
            span,
            args,
        })
    } else {
        Err(errors)
    }
}

/// The declared attribute argument `index` (`raw`) fills, its value as
/// written and the value's span; `None`: no attribute (an unknown one or a
/// positional argument where none is taken: an error in `errors`).
fn attribute<'s, 't>(
    spec: &'s Spec,
    index: usize,
    raw: &'t RawArg,
    errors: &mut Vec<Diagnostic>,
) -> Option<(&'s AttrSpec, Option<&'t str>, Range<usize>)> {
    match (&raw.key, &raw.value) {
        (None, Some((v, vs))) | (Some((v, vs)), None)
            if index == 0 && spec.positional.is_some() =>
        {
            let p = spec.positional.unwrap_or_default();
            match spec.attrs.iter().find(|a| a.name == p) {
                Some(a) => Some((a, Some(v.as_str()), vs.clone())),
                None => None,
            }
        }
        (None, Some(_)) => {
            errors.push(
                Diagnostic::error(
                    raw.span.clone(),
                    format!("`{}` takes no positional argument", spec.name),
                )
                .with_hint(attrs_hint(spec)),
            );
            None
        }
        (Some((k, ks)), v) => match spec.attrs.iter().find(|a| a.name == k) {
            Some(a) => Some((
                a,
                v.as_ref().map(|(v, _)| v.as_str()),
                v.as_ref().map_or(ks.clone(), |(_, vs)| vs.clone()),
            )),
            None => {
                let d = Diagnostic::error(
                    ks.clone(),
                    format!("unknown attribute `{}` for `{}`", shorten(k), spec.name),
                );
                let d = match crate::diagnostic::closest(k, spec.attrs.iter().map(|a| a.name)) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None => d.with_hint(attrs_hint(spec)),
                };
                errors.push(d);
                None
            }
        },
        (None, None) => None,
    }
}

/// `title=Create API client`: a bare value of a text attribute followed by
/// words that are not attributes of the shortcode. One error for the whole value, at the value;
/// returns the arguments it covers (the attribute counts as given).
fn unquoted_spaces(
    spec: &Spec,
    tag: &OpenTag,
    errors: &mut Vec<Diagnostic>,
    given: &mut Vec<(&'static str, Range<usize>)>,
) -> Vec<usize> {
    let mut covered = Vec::new();
    let mut i = 0;
    while i < tag.args.len() {
        let raw = &tag.args[i];
        let (Some((key, _)), Some((value, vspan))) = (&raw.key, &raw.value) else {
            i += 1;
            continue;
        };
        // A bare value ends where the argument ends; a quoted one before.
        let bare = vspan.end == raw.span.end;
        // Only text can have spaces (`depth=2 orderd` is a typo'd flag);
        // a word that is an attribute name is that attribute.
        let text_attr = spec
            .attrs
            .iter()
            .any(|a| a.name == key && matches!(a.ty, AttrType::Text));
        let names = || spec.attrs.iter().map(|a| a.name);
        let words = tag.args[i + 1..]
            .iter()
            .take_while(|w| {
                w.is_word()
                    && w.key
                        .as_ref()
                        .is_some_and(|(k, _)| !names().any(|n| n == k))
            })
            .count();
        if !bare || !text_attr || words == 0 {
            i += 1;
            continue;
        }
        let mut text = value.clone();
        for w in &tag.args[i + 1..=i + words] {
            text.push(' ');
            text.push_str(w.key.as_ref().map(|k| k.0.as_str()).unwrap_or_default());
        }
        let end = tag.args[i + words].span.end;
        errors.push(
            Diagnostic::error(
                vspan.start..end,
                format!(
                    "a value with spaces needs quotes: {key}=\"{}\"",
                    shorten(&text)
                ),
            )
            .with_hint("only a quoted value may contain spaces; '...' quotes work too"),
        );
        if let Some(a) = spec.attrs.iter().find(|a| a.name == key) {
            given.push((a.name, raw.span.clone()));
        }
        covered.extend(i..=i + words);
        i += words + 1;
    }
    covered
}

fn attrs_hint(spec: &Spec) -> String {
    if spec.attrs.is_empty() {
        format!("`{}` takes no attributes", spec.name)
    } else {
        let names: Vec<_> = spec.attrs.iter().map(|a| format!("`{}`", a.name)).collect();
        format!("`{}` takes {}", spec.name, names.join(", "))
    }
}

fn convert(attr: &AttrSpec, value: Option<&str>) -> Result<AttrValue, String> {
    let name = attr.name;
    match (attr.ty, value) {
        (AttrType::Bool, None) => Ok(AttrValue::Bool(true)),
        (AttrType::Bool, Some("true")) => Ok(AttrValue::Bool(true)),
        (AttrType::Bool, Some("false")) => Ok(AttrValue::Bool(false)),
        (AttrType::Bool, Some(v)) => Err(format!(
            "`{name}` must be true or false, not `{}`",
            shorten(v)
        )),
        (_, None) => Err(format!("`{name}` needs a value")),
        (AttrType::Text, Some(v)) => Ok(AttrValue::Text(v.to_string())),
        (AttrType::Int { min, max }, Some(v)) => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(AttrValue::Int(n)),
            Ok(n) => Err(format!("`{name}` is {n}, outside {min}..={max}")),
            Err(_) => Err(format!(
                "`{name}` must be a whole number, not `{}`",
                shorten(v)
            )),
        },
        (AttrType::Choice(options), Some(v)) => {
            if options.contains(&v) {
                Ok(AttrValue::Text(v.to_string()))
            } else {
                let mut msg = format!("`{}` is not a valid value for `{name}`", shorten(v));
                if let Some(best) = crate::diagnostic::closest(v, options.iter().copied()) {
                    msg.push_str(&format!(" (did you mean `{best}`?)"));
                }
                Err(msg)
            }
        }
        (AttrType::Words(words), Some(v)) => {
            let items = super::body::comma_list(v);
            if items.is_empty() {
                return Err(format!(
                    "`{name}` needs at least one of {}",
                    attr.ty.describe()
                ));
            }
            match items.iter().find(|i| !words.contains(i)) {
                None => Ok(AttrValue::Text(v.to_string())),
                Some(bad) => {
                    let mut msg = format!("`{}` is not a valid value for `{name}`", shorten(bad));
                    match crate::diagnostic::closest(bad, words.iter().copied()) {
                        Some(best) => msg.push_str(&format!(" (did you mean `{best}`?)")),
                        None => msg.push_str(&format!(" (it takes {})", attr.ty.describe())),
                    }
                    Err(msg)
                }
            }
        }
        (AttrType::Id, Some(v)) => {
            if !v.is_empty()
                && v.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                Ok(AttrValue::Text(v.to_string()))
            } else {
                Err(format!("`{}` is not a valid id for `{name}`", shorten(v)))
            }
        }
    }
}

#[cfg(test)]
impl Call {
    /// A call as [`validate`] makes it, for unit tests: the opening tag's
    /// span and each attribute's value with its span.
    pub(crate) fn for_test(
        name: &str,
        span: Range<usize>,
        args: Vec<(&'static str, AttrValue, Range<usize>)>,
    ) -> Call {
        Call {
            name: name.to_string(),
            span,
            args,
        }
    }
}
