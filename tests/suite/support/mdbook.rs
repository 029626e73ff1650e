//! Real-mdBook helpers: our compiled binary, books built with mdbook-driver
//! (the same code path as the `mdbook` binary) and mdBook's own log.

/// The compiled preprocessor binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_mdbook-integration-guide");

/// A book copied to a temporary directory and built there with the real
/// mdBook (mdbook-driver, the same code path as the `mdbook` binary), using
/// our compiled binary as the preprocessor.
pub struct BuiltBook {
    pub dir: tempfile::TempDir,
    /// Everything our binary wrote to stderr during the build.
    pub stderr: String,
    /// The build's result (an error when a preprocessor failed).
    pub result: Result<(), String>,
}

impl BuiltBook {
    /// The rendered HTML of a page, e.g. `configuration/acme.html`.
    pub fn html(&self, page: &str) -> String {
        let path = self.dir.path().join("book").join(page);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn root(&self) -> &std::path::Path {
        self.dir.path()
    }
}

/// Copies a directory tree.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() == "book" {
                continue;
            }
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies `book-example`, lets `edit` change the copy, and builds it.
pub fn build_example(edit: impl FnOnce(&std::path::Path)) -> BuiltBook {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book-example");
    copy_tree(&example, dir.path());
    edit(dir.path());
    build_dir(dir)
}

/// Builds the book in `dir` with our binary as the preprocessor command,
/// capturing its stderr.
pub fn build_dir(dir: tempfile::TempDir) -> BuiltBook {
    let log = dir.path().join("preprocessor-stderr.log");
    let command = format!(
        "sh -c 'exec \"$0\" \"$@\" 2>>\"{}\"' {}",
        log.display(),
        BIN
    );
    let mut config = mdbook_driver::config::Config::from_disk(dir.path().join("book.toml"))
        .expect("book.toml loads");
    config
        .set("preprocessor.integration-guide.command", command)
        .unwrap();
    let result = mdbook_driver::MDBook::load_with_config(dir.path(), config)
        .and_then(|md| md.build())
        .map_err(|e| format!("{e:#}"));
    let stderr = std::fs::read_to_string(&log).unwrap_or_default();
    BuiltBook {
        dir,
        stderr,
        result,
    }
}

/// Every warning and error mdBook itself logs (through `tracing`) while
/// `f` runs, e.g. a build.
///
/// The capture is this thread's default subscriber, so it sees only what
/// `f` logs on the calling thread: the suite's tests run in parallel threads
/// of one process, and a build in another test never shows up here.
pub fn with_mdbook_log<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<String>>>);

    struct Message(String);

    impl tracing::field::Visit for Message {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }

    impl tracing::Subscriber for Capture {
        fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
            *metadata.level() <= tracing::Level::WARN
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut message = Message(String::new());
            event.record(&mut message);
            if let Ok(mut log) = self.0.lock() {
                log.push(format!("{}{}", event.metadata().level(), message.0));
            }
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    let capture = Capture::default();
    let result = tracing::subscriber::with_default(capture.clone(), f);
    let log = capture.0.lock().map(|l| l.clone()).unwrap_or_default();
    (result, log)
}

/// The book seeded with one instance of every `check` problem class.
pub const SEEDED: &str = "tests/data/check-book";

/// The crate's root directory.
pub fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `mdbook-integration-guide check ARGS` in `dir`, colours and
/// `MDBOOK_BOOK` overrides off the environment.
pub fn check_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("MDBOOK_BOOK")
        .output()
        .expect("the binary runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` (a built book, say), by path relative to it with
/// `/` separators: two builds compare byte for byte.
pub fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// What the binary did: its exit code (-1 when killed), stdout and stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs our binary with `args`, `stdin` as its input; it must not panic.
pub fn run(args: &[&str], stdin: &[u8]) -> Run {
    use std::io::Write;
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "{}", run.stderr);
    run
}

/// Runs our binary as mdBook does, `input` (`[context, book]`) on stdin.
pub fn run_json(input: &serde_json::Value) -> Run {
    run(&[], &serde_json::to_vec(input).unwrap())
}
