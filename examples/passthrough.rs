//! The baseline of the process benchmark (scripts/bench-process.py): the
//! least a preprocessor written with serde_json does. It reads all of
//! stdin, parses `[context, book]` from the buffer, and writes the book
//! back through a buffered writer. `passthrough supports <renderer>`
//! exits 0, so mdBook can run it too (scripts/capture-input.sh does).

use std::io::{Read, Write};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return;
    }
    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut input)
        .expect("read stdin");
    let (_context, book): (serde_json::Value, serde_json::Value) =
        serde_json::from_slice(&input).expect("[context, book] JSON");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    serde_json::to_writer(&mut out, &book).expect("write the book");
    out.flush().expect("write the book");
}
