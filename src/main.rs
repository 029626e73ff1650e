//! The `mdbook-integration-guide` command.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// An mdBook preprocessor for system-integration guides.
///
/// mdBook runs it: add `[preprocessor.integration-guide]` to book.toml.
/// Without a command it reads mdBook's `[context, book]` JSON on stdin and
/// writes the expanded book to stdout.
#[derive(Parser)]
#[command(name = "mdbook-integration-guide", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tell mdBook whether a renderer is supported (exit 0: yes).
    Supports {
        /// The renderer's name, e.g. `html`.
        renderer: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Supports { renderer }) => {
            if mdbook_integration_guide::supports_renderer(&renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        None => run(),
    }
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
    match mdbook_integration_guide::protocol::run(&input, &mut out, &mut err) {
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
