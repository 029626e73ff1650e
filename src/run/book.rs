//! The plan of a book on disk: the book read as `check` reads it, the
//! preprocessor run with the selected environment's values, and the
//! exchanges the shortcodes publish, in reading order.
