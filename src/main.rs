//! The `mdbook-integration-guide` command.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// An mdBook preprocessor for system-integration guides.
///
/// mdBook runs it: add `[preprocessor.integration-guide]` to book.toml
/// (`mdbook-integration-guide install` does it). Without a command it reads
/// mdBook's `[context, book]` JSON on stdin and writes the expanded book to
/// stdout.
#[derive(Parser)]
#[command(
    name = "mdbook-integration-guide",
    version,
    about,
    long_about,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Set up a book to use the preprocessor: book.toml and the CSS.
    ///
    /// Adds `[preprocessor.integration-guide]` (run after mdBook's `links`
    /// and `index`) to book.toml, copies the stylesheet to
    /// `theme/integration-guide.css` and lists it in
    /// `output.html.additional-css`. Comments and formatting of book.toml are
    /// kept; running it again changes nothing, and a newer version of this
    /// tool refreshes an outdated stylesheet.
    Install {
        /// The book's directory (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Replace a `theme/integration-guide.css` that this tool did not
        /// write.
        #[arg(long)]
        force: bool,
    },
    /// Create a new integration guide that follows the template.
    ///
    /// Writes book.toml (configured), the stylesheet, SUMMARY.md with the
    /// template's sections as chapters, and each chapter with the shortcodes,
    /// placeholder content and comments saying what to fill in. `mdbook
    /// build` works on it right away.
    Init {
        /// Where to create the book (created if needed).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The book's title.
        #[arg(long, default_value = "System A to System B: integration guide")]
        title: String,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Check a whole guide without rendering it.
    ///
    /// Reports every shortcode error `mdbook build` would report, the
    /// template's structure (required sections in order, a procedure in every
    /// config step, every step in the workflow table) and broken internal
    /// links and anchors. Exit status: 0 no errors, 1 errors found, 2 the book
    /// could not be read.
    Check {
        /// The book's directory (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// `human`: rustc-like messages; `json`: one JSON object per line;
        /// `github`: GitHub Actions annotations; `sarif`: a SARIF 2.1.0 log.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Colours in `human` output (`auto`: on a terminal, unless NO_COLOR
        /// is set).
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Write each heading's id into the chapter files: `## Overview {#overview}`.
    ///
    /// Every Markdown heading without an explicit id, in the chapters and
    /// the files they include, gets the id mdBook gives it now, written
    /// after its text; nothing else in the files changes (byte for byte,
    /// CRLF included), and running it again changes nothing. The ids then
    /// stay when a heading's text is edited or translated. Nothing is
    /// written if any id on any page would change.
    WriteHeadingIds {
        /// The book's directory (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Write nothing: list the headings without an explicit id, and exit
        /// with 1 if there are any (for CI).
        #[arg(long)]
        check: bool,
    },
    /// Run the guide against an environment: every `api-example`, every
    /// `auth-flow` whose grant runs unattended, and every `webhook-event`
    /// (a delivery), in reading order.
    ///
    /// Each request goes to the environment (which must say `run =
    /// "allow"` or `"read-only"` in book.toml) and its answer is checked:
    /// the status, the schema of the operation in the OpenAPI spec, the
    /// documented response as a subset of the real one. A webhook delivery
    /// is a step too: `run` plays the sender and POSTs the documented event
    /// to its `url`, signed with the secret its `secret-var` names in the
    /// process environment (skipped, with the reason, when that is not
    /// set); the receiver's answer must be the documented status. Variables
    /// (`$NAME`) come from earlier captures, else from the process
    /// environment; `{run:id}` is a value unique to the run.
    /// Secrets are never shown. Exit status: 0 every step passed, 1 a check
    /// failed, 2 the run could not start.
    Run {
        /// The book's directory (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// The environment to run against (a table of
        /// [preprocessor.integration-guide.environments]).
        #[arg(long, value_name = "NAME")]
        env: String,
        /// With several guides in the book: the id of the one to run.
        #[arg(long, value_name = "ID")]
        guide: Option<String>,
        /// Print the plan (order, method, URL, captures, where each
        /// variable comes from) and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// `text`: a line per step; `json`: JSON Lines; `junit`: JUnit XML;
        /// `sarif`: SARIF 2.1.0.
        #[arg(long, value_enum, default_value_t = RunFormat::Text)]
        format: RunFormat,
        /// Write the report to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The most seconds one request may take.
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
        timeout: f64,
        /// Send at most this many requests (the rest are skipped).
        #[arg(long, value_name = "N")]
        max_requests: Option<usize>,
        /// A skipped step is a failure.
        #[arg(long)]
        strict: bool,
        /// Show secrets (tokens, environment variables, Authorization
        /// headers) in the output: for debugging, never in CI logs.
        #[arg(long)]
        no_redact: bool,
    },
    /// Export the guide's requests for the runner a reader uses.
    ///
    /// The requests of `api-example` and `auth-flow`, in reading order,
    /// with the values of the environment NAME, their checks (status and
    /// documented values) and captures: a Postman Collection v2.1 (newman),
    /// a `.http` file (httpyac, JetBrains HTTP Client), a Hurl file, or an
    /// Arazzo 1.0.1 workflow (Redocly respect). Variables read from the
    /// process environment are never written with a value. Exit status: 0
    /// written, 2 the book could not be read or exported.
    Export {
        /// The book's directory (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// The environment whose values the requests use
        /// (`[preprocessor.integration-guide.environments.NAME]`).
        #[arg(long = "env", value_name = "NAME")]
        env: String,
        /// The format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The guide to export, in a book of several (`guides`).
        #[arg(long, value_name = "ID")]
        guide: Option<String>,
        /// Write to FILE (and, for Arazzo, the generated OpenAPI
        /// description beside it) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of book.toml's options
    /// (schema/book-toml.schema.json), generated from the declarations that
    /// validate them.
    #[command(hide = true)]
    BookTomlSchema,
    /// Tell mdBook whether a renderer is supported (exit 0: yes).
    Supports {
        /// The renderer's name, e.g. `html`.
        renderer: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum RunFormat {
    Text,
    Json,
    Junit,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Postman,
    Http,
    Hurl,
    Arazzo,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match cli.command {
        Some(Command::Supports { renderer }) => {
            if mdbook_integration_guide::supports_renderer(&renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some(Command::Install { book_dir, force }) => {
            ExitCode::from(mdbook_integration_guide::install::run(
                &book_dir,
                force,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(Command::Init { dir, title, force }) => {
            ExitCode::from(mdbook_integration_guide::init::run(
                &dir,
                &title,
                force,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(Command::Check {
            book_dir,
            format,
            color,
        }) => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    stdout.is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let format = match format {
                Format::Human => mdbook_integration_guide::check::Format::Human,
                Format::Json => mdbook_integration_guide::check::Format::Json,
                Format::Github => mdbook_integration_guide::check::Format::Github,
                Format::Sarif => mdbook_integration_guide::check::Format::Sarif,
            };
            ExitCode::from(mdbook_integration_guide::check::run(
                &book_dir,
                format,
                color,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(Command::WriteHeadingIds { book_dir, check }) => {
            ExitCode::from(mdbook_integration_guide::write_heading_ids::run(
                &book_dir,
                check,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(command @ Command::Run { .. }) => run_command(command),
        Some(export @ Command::Export { .. }) => run_export(export),
        Some(Command::BookTomlSchema) => {
            let text = mdbook_integration_guide::settings::schema::book_toml_schema_text(
                mdbook_integration_guide::registry::declared(),
            );
            match stdout.lock().write_all(text.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            }
        }
        None => run(),
    }
}

/// `run`: the guide against an environment.
fn run_command(command: Command) -> ExitCode {
    use mdbook_integration_guide::run;
    let Command::Run {
        book_dir,
        env,
        guide,
        dry_run,
        format,
        output,
        timeout,
        max_requests,
        strict,
        no_redact,
    } = command
    else {
        return ExitCode::from(2);
    };
    let format = match format {
        RunFormat::Text => run::report::Format::Text,
        RunFormat::Json => run::report::Format::Json,
        RunFormat::Junit => run::report::Format::Junit,
        RunFormat::Sarif => run::report::Format::Sarif,
    };
    if !(timeout.is_finite() && timeout > 0.0) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "error: --timeout {timeout} is not valid; give a number of seconds above 0"
        );
        return ExitCode::from(2);
    }
    let command = run::book::Command {
        book_dir,
        env,
        guide,
        dry_run,
        format,
        output,
        options: run::runner::Options {
            timeout: std::time::Duration::from_secs_f64(timeout),
            max_requests,
            strict,
            redact: !no_redact,
        },
    };
    ExitCode::from(run::book::run(
        &command,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

/// `export`: the options as the library takes them.
fn run_export(command: Command) -> ExitCode {
    let Command::Export {
        book_dir,
        env,
        format,
        guide,
        output,
    } = command
    else {
        return ExitCode::from(2);
    };
    use mdbook_integration_guide::export::Format as F;
    use mdbook_integration_guide::export_command as command;
    let format = match format {
        ExportFormat::Postman => F::Postman,
        ExportFormat::Http => F::Http,
        ExportFormat::Hurl => F::Hurl,
        ExportFormat::Arazzo => F::Arazzo,
    };
    let options = command::Options {
        book_dir: &book_dir,
        env: &env,
        format,
        guide: guide.as_deref(),
        output: output.as_deref(),
    };
    ExitCode::from(command::run(
        &options,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

fn run() -> ExitCode {
    let mut input = Vec::new();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut input) {
        let _ = writeln!(
            err,
            "error: mdbook-integration-guide could not read stdin: {e}"
        );
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match mdbook_integration_guide::protocol::run_owned(input, &mut out, &mut err) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            use mdbook_integration_guide::protocol::Failure;
            match &failure {
                Failure::Input(msg) | Failure::Output(msg) => {
                    let _ = writeln!(err, "error: mdbook-integration-guide: {msg}");
                }
                Failure::Guide => {}
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}
