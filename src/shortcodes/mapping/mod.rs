//! Layer 3 (the shortcodes): the data-mapping model that `<<#field-map>>`
//! and `<<#value-map>>` share. A row is `SOURCE ARROW TARGET ...`, read
//! from the block's body (one row a line, [`row`], [`traits`]) or from a
//! CSV file (`src=`, [`read_csv`], read once in phase one, [`src_files`]);
//! the value maps of the book are collected in phase one so that
//! `values=ID` links to one in any chapter, and `check` finds the ones no
//! field map uses ([`value_maps`]).

mod duplicates;
mod errors;
mod read_csv;
mod row;
mod src_files;
mod traits;
mod value_maps;

pub use duplicates::{csv_lines, name_key};
pub use errors::{body_error, csv_error_at};
pub use read_csv::CsvRow;
pub use row::{Direction, Field, RowError, parse_source, split_arrow, split_notes};
pub use src_files::{CsvFiles, collect_csv, csv_rows};
pub use traits::{Traits, parse_flags, parse_traits, type_colon};
pub use value_maps::{ValueMapEntry, ValueMaps};
