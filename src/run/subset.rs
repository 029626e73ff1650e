//! "The documented response is a subset of the real one": every
//! documented key is present with an equal value, extra keys are allowed;
//! a documented array's items are compared with the real array's first
//! items (the real one may have more); a documented string ending in
//! `...` matches any string starting with the part before it; the values
//! at the `ignore` pointers (RFC 6901) are not compared, though their keys
//! must be there. Numbers compare by value (`1` equals `1.0`).

use serde_json::Value;

use super::result::Diff;

/// The elision mark at the end of a documented string.
pub const ELISION: &str = "...";

/// Every difference between `documented` and `actual`, in document order.
pub fn differences(documented: &Value, actual: &Value, ignore: &[String]) -> Vec<Diff> {
    let mut out = Vec::new();
    walk(documented, actual, &mut String::new(), ignore, &mut out);
    out
}

fn walk(doc: &Value, act: &Value, pointer: &mut String, ignore: &[String], out: &mut Vec<Diff>) {
    if ignore.iter().any(|p| p == pointer) {
        return;
    }
    let len = pointer.len();
    match (doc, act) {
        (Value::Object(d), Value::Object(a)) => {
            for (key, dv) in d {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match a.get(key) {
                    Some(av) => walk(dv, av, pointer, ignore, out),
                    None if ignore.iter().any(|p| p == pointer) => out.push(Diff {
                        pointer: pointer.clone(),
                        expected: String::new(),
                        actual: "missing (its value is ignored, but the key must be present)"
                            .to_string(),
                    }),
                    None => out.push(Diff {
                        pointer: pointer.clone(),
                        expected: dv.to_string(),
                        actual: "(missing)".to_string(),
                    }),
                }
                pointer.truncate(len);
            }
        }
        (Value::Array(d), Value::Array(a)) => {
            for (i, dv) in d.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                match a.get(i) {
                    Some(av) => walk(dv, av, pointer, ignore, out),
                    None => out.push(Diff {
                        pointer: pointer.clone(),
                        expected: dv.to_string(),
                        actual: format!("(missing: the array has {} items)", a.len()),
                    }),
                }
                pointer.truncate(len);
            }
        }
        (Value::String(d), Value::String(a)) if d.ends_with(ELISION) => {
            let prefix = &d[..d.len() - ELISION.len()];
            if !a.starts_with(prefix) {
                let mut d = diff(pointer, doc, act);
                d.expected = format!("a string starting with {}", Value::from(prefix));
                out.push(d);
            }
        }
        (Value::Number(d), Value::Number(a)) => {
            if d != a && d.as_f64() != a.as_f64() {
                out.push(diff(pointer, doc, act));
            }
        }
        _ if doc == act => {}
        _ => out.push(diff(pointer, doc, act)),
    }
}

fn diff(pointer: &str, doc: &Value, act: &Value) -> Diff {
    let mut actual = act.to_string();
    if actual.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|&i| actual.is_char_boundary(i))
            .unwrap_or(0);
        actual.truncate(cut);
        actual.push('…');
    }
    Diff {
        pointer: pointer.to_string(),
        expected: doc.to_string(),
        actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_ignore_and_elision() {
        let doc = json!({"id": "inv_1", "status": "draft", "token": "eyJhb...", "n": 1,
                         "lines": [{"a/b": 2}], "gone": true, "created": "2024"});
        let act = json!({"id": "inv_9", "status": "open", "token": "eyJhbGciOi", "n": 1.0,
                         "lines": [{"a/b": 3}, {"a/b": 4}], "extra": 1, "created": "2026"});
        let diffs = differences(&doc, &act, &["/id".into(), "/created".into()]);
        let got: Vec<(&str, &str, &str)> = diffs
            .iter()
            .map(|d| (d.pointer.as_str(), d.expected.as_str(), d.actual.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/gone", "true", "(missing)"),
                ("/lines/0/a~1b", "2", "3"),
                ("/status", "\"draft\"", "\"open\""),
            ]
        );
        assert!(differences(&json!({"t": "ab..."}), &json!({"t": "ab"}), &[]).is_empty());
        assert_eq!(
            differences(&json!({"t": "ab..."}), &json!({"t": "a"}), &[]).len(),
            1
        );
    }

    /// An ignored key that is absent, and a failed `...` prefix match, are
    /// said in words a reader acts on (not `expected "...", got (missing)`).
    #[test]
    fn ignored_missing_key_and_failed_prefix_in_words() {
        let doc = json!({"eta": "2026-01-02", "note": "Held at warehouse..."});
        let act = json!({"note": "Queued for warehouse 7"});
        let words: Vec<String> = differences(&doc, &act, &["/eta".into()])
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.words()))
            .collect();
        assert_eq!(
            words,
            [
                "/eta: missing (its value is ignored, but the key must be present)",
                "/note: expected a string starting with \"Held at warehouse\", got \"Queued for warehouse 7\"",
            ]
        );
    }
}
