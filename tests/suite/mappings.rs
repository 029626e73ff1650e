//! `field-map` and `value-map`: every error class with its exact place,
//! CSV files in real books, links to value maps across chapters in the
//! real mdBook's pages and print.html, `check`'s `unused-value-map`, and
//! a property test over any body.

use std::process::Command;

use crate::support::{self, errors, expand};

#[test]
fn every_error_class_is_located() {
    let text = "\
# Mappings

<<#field-map id=\"m\">>
Deal name Invoice reference
 -> Total
Amount ->
A -> B: text, requird
C -> D: values=stage-statu
= \"EUR -> Currency
= \"X\" <- Back
E -> Memo: text
F -> memo
<</field-map>>

<<#value-map id=\"stage-status\">>
Won -> Open
won -> Void
<</value-map>>

<<#value-map id=\"stage-status\">>
A -> B
<</value-map>>

<<#field-map level=2>>
A -> B
<</field-map>>
";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:4:1: error: a mapping row has no arrow [write `source -> target` (or `<-`, `<->` for data that flows back or both ways)]",
            "src/chapter.md:5:2: error: no source field before the arrow [write `source -> target`; a constant is `= \"value\" -> target`]",
            "src/chapter.md:6:8: error: no target field after the arrow [write `source -> target`]",
            "src/chapter.md:7:15: error: unknown flag `requird` [did you mean `required`? (flags: required, key, read-only, values=, when=)]",
            "src/chapter.md:8:16: error: no value map has the id `stage-statu` [did you mean `stage-status`?]",
            "src/chapter.md:9:3: error: unterminated constant: no closing `\"` [close the constant's quotes: = \"literal\"]",
            "src/chapter.md:10:7: error: a constant cannot be written back [a constant's row is `= \"value\" -> target`]",
            "src/chapter.md:12:6: error: the target field `memo` is written twice in the same direction [keep one row per field and direction] (note: first written here at src/chapter.md:11:6)",
            "src/chapter.md:17:1: error: the source value `won` is translated twice [keep one row per value] (note: first translated here at src/chapter.md:16:1)",
            "src/chapter.md:20:18: error: two value maps have the id `stage-status` [give each value map its own id] (note: the first value map with this id at src/chapter.md:15:18)",
            "src/chapter.md:24:20: error: `level` makes the title a heading, but there is no `title` [add title=\"...\", or remove `level`]",
        ]
    );
}

/// Writes a book: `files` are (path under the book root, text).
fn book(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const BOOK_TOML: &str = "[book]\ntitle = \"Mappings\"\n\n[preprocessor.integration-guide]\nafter = [\"links\", \"index\"]\n";

const SUMMARY: &str =
    "# Summary\n\n- [Intro](intro.md)\n- [Fields](mapping/fields.md)\n- [Values](values.md)\n";

const FIELDS: &str = "\
# Fields

<<#field-map id=\"from-csv\" title=\"From a spreadsheet\" source=\"Acme CRM\" target=\"Globex Billing\" src=\"deal-invoice.csv\">>

<<#field-map title=\"Stage\">>
Stage -> Status: picklist, values=stage-status
<</field-map>>
";

const CSV: &str = "\
source,direction,target,type,flags,notes
Deal name,->,Invoice reference,text,required,Cut to 64 characters.
\"Amount, in cents\",,Total,decimal,required;key,Divided by 100.
= \"EUR\",->,Currency,text,,
Paid on,<-,Payment date,date,read-only,
";

const VALUES: &str = "\
# Values

<<#value-map id=\"stage-status\" title=\"Stage to status\" source=\"Deal stage\" target=\"Invoice status\" src=\"values/stage.csv\">>

<<#value-map id=\"unused-map\">>
A -> B
<</value-map>>
";

const STAGE_CSV: &str = "source,target,notes\nClosed won,Open,\n*,Draft,Any other stage.\n";

fn good_book() -> tempfile::TempDir {
    book(&[
        ("book.toml", BOOK_TOML),
        ("src/SUMMARY.md", SUMMARY),
        (
            "src/intro.md",
            "# Intro\n\nSee [the stage map](values.md#stage-status).\n",
        ),
        ("src/mapping/fields.md", FIELDS),
        ("src/mapping/deal-invoice.csv", CSV),
        ("src/values.md", VALUES),
        ("src/values/stage.csv", STAGE_CSV),
    ])
}

#[test]
fn csv_files_and_value_map_links_in_the_real_mdbook() {
    let built = support::build_dir(good_book());
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let fields = built.html("mapping/fields.html");
    let main = support::main_of(&fields);
    // The CSV rows, in order, with their flags and notes.
    for row in [
        "<td>Deal name</td><td>→</td><td>Invoice reference</td><td><code>text</code></td><td>Yes</td><td>Cut to 64 characters.</td>",
        "<td>Amount, in cents</td><td>→</td><td>Total</td><td><code>decimal</code></td><td>Yes</td><td>Key: records are matched on this field. Divided by 100.</td>",
        "<td><code>EUR</code></td><td>→</td><td>Currency</td><td><code>text</code></td><td></td><td>Constant.</td>",
        "<td>Paid on</td><td>←</td><td>Payment date</td><td><code>date</code></td><td></td><td>Read-only.</td>",
    ] {
        assert!(main.contains(row), "{row}\n{main}");
    }
    assert!(
        main.contains("<span id=\"from-csv\"><strong>From a spreadsheet</strong></span>"),
        "{main}"
    );
    // The value map's link, across chapters, resolves in the page and in
    // print.html.
    assert!(
        main.contains("Values: <a href=\"../values.html#stage-status\">Stage to status</a>."),
        "{main}"
    );
    let values = built.html("values.html");
    assert!(support::ids_in(&values).contains("stage-status"));
    assert!(
        values.contains("<td><em>any other value</em></td><td>Draft</td><td>Any other stage.</td>"),
        "{values}"
    );
    let print = built.html("print.html");
    assert!(
        print.contains("href=\"#stage-status\""),
        "print.html links to the value map"
    );
    assert!(support::ids_in(&print).contains("stage-status"));
}

#[test]
fn check_warns_about_an_unused_value_map_and_nothing_else() {
    let dir = good_book();
    let out = Command::new(support::BIN)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .env_remove("MDBOOK_BOOK")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|d: &serde_json::Value| d["code"] != "missing-section")
        .collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0]["code"], "unused-value-map");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["line"], 5);
    assert_eq!(lines[0]["column"], 18);
    assert!(
        lines[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("src/values.md")
    );
    assert_eq!(
        lines[0]["message"],
        "no field map uses the value map `unused-map`"
    );
}

#[test]
fn csv_errors_name_the_file_and_line() {
    let bad = |csv: &str| {
        let dir = book(&[
            ("book.toml", BOOK_TOML),
            (
                "src/SUMMARY.md",
                "# Summary\n\n- [Fields](mapping/fields.md)\n",
            ),
            (
                "src/mapping/fields.md",
                "# Fields\n\n<<#field-map src=\"deal-invoice.csv\">>\n",
            ),
            ("src/mapping/deal-invoice.csv", csv),
            ("src/mapping/deal-invoce.txt", ""),
        ]);
        let built = support::build_dir(dir);
        assert!(built.result.is_err());
        built.stderr
    };
    let stderr = bad("source,traget\nA,B\n");
    assert!(
        stderr.contains("src/mapping/fields.md:3:19: error: src/mapping/deal-invoice.csv:1: unknown column `traget`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `target`?"), "{stderr}");
    let stderr = bad("source,target,flags\nA,B,required\nC,D,requird\nE,F\n");
    assert!(
        stderr.contains("error: src/mapping/deal-invoice.csv:4: 2 cells where the header has 3"),
        "{stderr}"
    );
    let stderr = bad("source,target,flags\nA,B,required\nC,D,requird\n");
    assert!(
        stderr.contains(
            "error: src/mapping/deal-invoice.csv:3: column `flags`: unknown flag `requird`"
        ),
        "{stderr}"
    );
    // A missing file: did you mean, among the files beside it.
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Fields](mapping/fields.md)\n",
        ),
        (
            "src/mapping/fields.md",
            "# Fields\n\n<<#field-map src=\"deal-invoces.csv\">>\n",
        ),
        ("src/mapping/deal-invoice.csv", "source,target\nA,B\n"),
    ]);
    let built = support::build_dir(dir);
    assert!(
        built.stderr.contains(
            "src/mapping/fields.md:3:19: error: src/mapping/deal-invoces.csv: no such file"
        ),
        "{}",
        built.stderr
    );
    assert!(
        built.stderr.contains("did you mean `deal-invoice.csv`?"),
        "{}",
        built.stderr
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const PARTS: &[&str] = &[
        "Deal name",
        "= \"EUR\"",
        "= \"x",
        "*",
        "`a->b`",
        "a\\|b",
        "",
        " ",
        "Lookup(A, B)",
        // Non-ASCII before and after the arrow (issue 23, fault 1: a panic
        // slicing inside a character).
        "Prénom",
        "Café crème",
        "Größe `ü->x`",
        "= \"€\"",
        "日本語",
        "שם פרטי",
        "é",
    ];
    const ARROWS: &[&str] = &["->", "<-", "<->", "", "=>", "-->", "→", "é->"];
    const TAILS: &[&str] = &[
        "",
        ": text",
        ": text, required",
        ": , key",
        ": x, values=vm",
        ": y, bogus",
        " | note",
        " | a | b",
        ": decimal(18,2), read-only | n",
    ];

    fn row() -> impl Strategy<Value = String> {
        (
            prop::sample::select(PARTS),
            prop::sample::select(ARROWS),
            prop::sample::select(PARTS),
            prop::sample::select(TAILS),
            prop::sample::select(vec!["", "- ", "* "]),
        )
            .prop_map(|(a, arrow, b, tail, marker)| format!("{marker}{a} {arrow} {b}{tail}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any body: an expansion or errors, never a panic; when it
        /// expands, every row is in the table exactly once.
        #[test]
        fn any_body_expands_or_reports(rows in prop::collection::vec(row(), 1..8)) {
            let body = rows.join("\n");
            // The same rows as a value map: an expansion or errors, never a
            // panic.
            let _ = expand(&format!("<<#value-map id=\"v2\">>\n{body}\n<</value-map>>\n"));
            let text = format!(
                "<<#value-map id=\"vm\">>\nA -> B\n<</value-map>>\n\n<<#field-map>>\n{body}\n<</field-map>>\n"
            );
            if let Ok(out) = expand(&text) {
                let table = out.split("<</field-map>>").next().unwrap_or(&out);
                let field_table = &out[out.rfind("| Source field").unwrap()..];
                let _ = table;
                let body_rows = field_table.lines().skip(2).filter(|l| l.starts_with('|')).count();
                let written = rows.iter().filter(|r| !r.trim().is_empty() && r.trim() != "-" && r.trim() != "*").count();
                prop_assert_eq!(body_rows, written, "{}", out);
            }
        }
    }
}

/// Issue 23, fault 1: non-ASCII text before the arrow panicked (a slice
/// inside a character) in `mdbook build` and `check`.
#[test]
fn non_ascii_before_the_arrow_is_a_row() {
    let out = expand(
        "<<#field-map>>\nPrénom -> First name\nCafé -> Coffee: text\n= \"Ünïcödé\" -> Note\n<</field-map>>\n\n<<#value-map id=\"drinks\">>\nCafé -> Coffee\nThé <- Tea\n<</value-map>>\n",
    )
    .unwrap();
    assert!(out.contains("| Prénom | → | First name |"), "{out}");
    assert!(out.contains("| Café | → | Coffee | `text` |"), "{out}");
    assert!(out.contains("| `Ünïcödé` | → | Note |"), "{out}");
    assert!(out.contains("| Café | → | Coffee |"), "{out}");
    assert!(out.contains("| Thé | ← | Tea |"), "{out}");
    // An error after non-ASCII text is located in characters.
    assert_eq!(
        errors("<<#field-map>>\nPrénom Nom\n<</field-map>>\n"),
        [
            "src/chapter.md:2:1: error: a mapping row has no arrow [write `source -> target` (or `<-`, `<->` for data that flows back or both ways)]"
        ]
    );
}

/// Issue 23, fault 6: `\|` in a constant shows `|`, as in a field name.
#[test]
fn an_escaped_pipe_in_a_constant_shows_a_pipe() {
    let out = expand("<<#field-map>>\n= \"a \\| b\" -> X\nc \\| d -> Y\n<</field-map>>\n").unwrap();
    assert!(out.contains("| `a \\| b` | → | X |"), "{out}");
    assert!(out.contains("| c \\| d | → | Y |"), "{out}");
    // The real mdBook shows `a | b` in the code span, no backslash.
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        ("src/SUMMARY.md", "# Summary\n\n- [Fields](fields.md)\n"),
        (
            "src/fields.md",
            "# Fields\n\n<<#field-map>>\n= \"a \\| b\" -> X\nc \\| d -> Y\n<</field-map>>\n",
        ),
    ]);
    let built = support::build_dir(dir);
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let page = built.html("fields.html");
    let main = support::main_of(&page);
    assert!(main.contains("<td><code>a | b</code></td>"), "{main}");
    assert!(main.contains("<td>c | d</td>"), "{main}");
}

/// Issue 23, fault 3: a CSV cell holding line breaks stays one cell (a
/// `<br>` between its lines), never extra rows with shifted columns.
#[test]
fn a_csv_cell_with_line_breaks_stays_in_its_cell() {
    let csv = "source,target,notes\n\"First line\nsecond line\",Target,\"Note one\r\nnote two\"\nNext,Other,\n";
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Fields](fields.md)\n- [Values](values.md)\n",
        ),
        (
            "src/fields.md",
            "# Fields\n\n<<#field-map src=\"m.csv\">>\n",
        ),
        ("src/m.csv", csv),
        (
            "src/values.md",
            "# Values\n\n<<#value-map id=\"v\" src=\"v.csv\">>\n",
        ),
        ("src/v.csv", "source,target,notes\n\"a\nb\",c,\"d\ne\"\n"),
    ]);
    let built = support::build_dir(dir);
    assert_eq!(built.result, Ok(()), "stderr:\n{}", built.stderr);
    let page = built.html("fields.html");
    let main = support::main_of(&page);
    assert_eq!(main.matches("<tr>").count(), 3, "{main}");
    assert!(
        main.contains("<td>First line<br>second line</td><td>→</td><td>Target</td><td>Note one<br>note two</td>"),
        "{main}"
    );
    assert!(
        main.contains("<td>Next</td><td>→</td><td>Other</td><td></td>"),
        "{main}"
    );
    let page = built.html("values.html");
    let main = support::main_of(&page);
    assert_eq!(main.matches("<tr>").count(), 2, "{main}");
    assert!(
        main.contains("<td>a<br>b</td><td>c</td><td>d<br>e</td>"),
        "{main}"
    );
}

/// Issue 23, fault 7: a value translated twice in a value map's CSV file
/// names the file and both lines, as field-map's does.
#[test]
fn a_value_map_csv_duplicate_names_the_file_and_both_lines() {
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        ("src/SUMMARY.md", "# Summary\n\n- [Values](values.md)\n"),
        (
            "src/values.md",
            "# Values\n\n<<#value-map id=\"v\" src=\"v.csv\">>\n",
        ),
        (
            "src/v.csv",
            "source,target\nWon,Open\nLost,Void\nwon,Paid\n",
        ),
        ("src/f.csv", "source,target\nA,Total\nB,total\n"),
        (
            "src/fields.md",
            "# Fields\n\n<<#field-map src=\"f.csv\">>\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Values](values.md)\n- [Fields](fields.md)\n",
    )
    .unwrap();
    let built = support::build_dir(dir);
    assert!(built.result.is_err());
    assert!(
        built.stderr.contains(
            "src/values.md:3:26: error: the source value `won` is translated twice (lines 2 and 4 of src/v.csv)"
        ),
        "{}",
        built.stderr
    );
    assert!(
        built.stderr.contains(
            "src/fields.md:3:19: error: the target field `total` is written twice in the same direction (lines 2 and 3 of src/f.csv)"
        ),
        "{}",
        built.stderr
    );
}

#[test]
fn columns_conditions_values_and_expressions_errors_are_located() {
    let text = "\
# Mappings

<<#value-map id=\"isd\">>
US -> +1
<</value-map>>

<<#field-map columns=\"Expected, Notes, expected\">>
A -> B | n | e | f | g
<</field-map>>

<<#field-map columns=\"Expected value\">>
= \"Mobile\" -> Device: text, when=mobile | | Mobile | too many
= \"Landline\" -> Device: text, when=Mobile
= \"Other\" -> Device: text, when=
C -> D: values=isd, values=isb
expression=country-cod -> Country
expression=country <- Back
expression=a b -> X
expression=country -> Country code
<<#expression id=\"country\">>
Switch([usageLocation], \"\", \"US\", \"USA\")
<</expression>>
<<#expression id=\"unused\" title=\"Never used\">>
x
<</expression>>
<<#expression id=\"country\">>
<</expression>>
<</field-map>>
";
    assert_eq!(
        errors(text),
        vec![
            "src/chapter.md:7:33: error: `Notes` is a column the field map already has [give the extra column another name]",
            "src/chapter.md:7:40: error: the column `expected` is declared twice [name each extra column once]",
            "src/chapter.md:12:54: error: this row has 2 cells after its notes; `columns` declares 1 [write `\\|` for a `|` inside a cell, or declare the column in `columns`]",
            "src/chapter.md:13:17: error: the target field `Device` is written twice in the same direction under the same condition [give each row of this field its own `when=` condition] (note: first written here at src/chapter.md:12:15)",
            "src/chapter.md:14:28: error: `when=` without a condition [write when=CONDITION, e.g. `when=the number is a mobile number`]",
            "src/chapter.md:15:28: error: no value map has the id `isb` [did you mean `isd`?]",
            "src/chapter.md:16:12: error: no expression of this field map has the id `country-cod` [did you mean `country`?]",
            "src/chapter.md:17:20: error: an expression cannot be written back [an expression's row is `expression=ID -> target`]",
            "src/chapter.md:18:12: error: `a b` is not an expression id [write expression=ID with the `id` of an `<<#expression>>` block in this field map]",
            "src/chapter.md:23:19: error: no row uses the expression `unused` [write a row `expression=unused -> TARGET`, or remove the expression]",
            "src/chapter.md:26:19: error: two expressions have the id `country` [give each expression its own id] (note: the first expression with this id at src/chapter.md:20:19)",
        ]
    );
}

#[test]
fn csv_extra_columns_are_declared_in_columns() {
    let dir = book(&[
        ("book.toml", BOOK_TOML),
        ("src/SUMMARY.md", "# Summary\n\n- [Fields](fields.md)\n"),
        (
            "src/fields.md",
            "# Fields\n\n<<#field-map src=\"m.csv\" columns=\"Expected value\">>\n<</field-map>>\n\n<<#field-map src=\"m.csv\">>\n<</field-map>>\n\n<<#field-map src=\"m.csv\" columns=\"Expected valu\">>\n<</field-map>>\n",
        ),
        (
            "src/m.csv",
            "source,target,flags,expected value\nmobilePhone,Phone,values=a;when=the number is mobile; or unknown,+44 20\n",
        ),
    ]);
    let out = Command::new(support::BIN)
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let prefix = format!("{}/", dir.path().display());
    let lines: Vec<String> = stdout
        .lines()
        .filter(|l| l.contains("error[shortcode]") || l.contains("= help"))
        .map(|l| l.replace(&prefix, ""))
        .collect();
    assert_eq!(
        lines,
        vec![
            "src/fields.md:3:19: error[shortcode]: no value map has the id `a`",
            "  = help: write a `<<#value-map id=\"...\">>` with this id, or fix the id",
            "src/fields.md:6:19: error[shortcode]: src/m.csv:1: unknown column `expected value`",
            "  = help: the columns are source, direction, target, type, flags, notes; or declare an extra column in the field map: columns=\"expected value\"",
            "src/fields.md:9:19: error[shortcode]: src/m.csv:1: unknown column `expected value`",
            "  = help: the field map's `columns` declares `expected valu`: write the same name in both",
        ],
        "{stdout}"
    );
}
