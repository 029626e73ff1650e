//! Break opportunities in long identifiers, so that a table of six or
//! more columns with names such as `WorkphoneLandlineCountryCodeNumber`
//! fits the content column (issue 27's wide tables): `<wbr>` after `_`
//! and `.` and between the words of camelCase. `<wbr>` is not text:
//! copying a name copies it unbroken, and mdBook's search index has it
//! whole.

/// A plain cell's long identifiers (`WorkphoneLandlineCountryCodeNumber`,
/// `deal.billing_address`) with `<wbr>` break opportunities after `_` and
/// `.` and before a capital that follows a small letter, so that a wide
/// table fits the page (HTML only). Cells with Markdown or HTML syntax
/// (code, links, emphasis, escapes, entities) are left as they are.
pub fn breakable(cell: &str) -> String {
    const LONG: usize = 16;
    if cell.contains(['`', '<', '[', '*', '\\', '&', '!']) {
        return cell.to_string();
    }
    let mut out = String::with_capacity(cell.len());
    for (i, word) in cell.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let identifier = word.chars().count() >= LONG
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !identifier {
            out.push_str(word);
            continue;
        }
        let mut prev: Option<char> = None;
        for c in word.chars() {
            if prev.is_some_and(|p| p.is_lowercase() && c.is_uppercase()) {
                out.push_str("<wbr>");
            }
            if c == '_' {
                out.push_str("\\_");
            } else {
                out.push(c);
            }
            if matches!(c, '_' | '.') {
                out.push_str("<wbr>");
            }
            prev = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::breakable;

    #[test]
    fn long_identifiers_get_break_opportunities() {
        assert_eq!(
            breakable("WorkphoneLandlineCountryCodeNumber"),
            "Workphone<wbr>Landline<wbr>Country<wbr>Code<wbr>Number"
        );
        assert_eq!(
            breakable("employee.work_address.postal_code"),
            "employee.<wbr>work\\_<wbr>address.<wbr>postal\\_<wbr>code"
        );
        assert_eq!(
            breakable("Country_ISO_Code (the ISO name)"),
            "Country\\_<wbr>ISO\\_<wbr>Code (the ISO name)"
        );
        // Short words, prose and cells with Markdown syntax stay as written.
        assert_eq!(breakable("Postal_Code"), "Postal_Code");
        assert_eq!(breakable("Invoice reference"), "Invoice reference");
        for cell in [
            "`WorkphoneLandlineCountryCodeNumber`",
            "[WorkphoneLandlineCountryCode](#x)",
            "WorkphoneLandlineCountry\\_CodeNumber",
            "*WorkphoneLandlineCountryCodeNumber*",
            "WorkphoneLandlineCountryCode&amp;",
        ] {
            assert_eq!(breakable(cell), cell);
        }
    }
}
