//! The `xxgk` command line: argument parsing, input discovery and the output
//! formats of each subcommand. Reading and extraction live in `xxgk-read` and
//! `xxgk-extract`; this crate only wires them to files and terminals.

pub mod args;
mod batch;
mod extract;
mod inputs;
mod output;

pub use args::{Cli, Command};

use std::fmt::Display;
use std::process::ExitCode;
use xxgk_model::Lang;

/// Exit status when some input could not be processed (clap also uses 2 for misuse).
pub const EXIT_FAILURE: u8 = 2;

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::from(cli.lang);
    match cli.command {
        Command::Extract(args) => extract::run(&args, lang),
    }
}

/// Prints `xxgk: 错误: <subject>: <message>` (or `error` in English) to stderr:
/// one line per problem, prefixed like other Unix tools so it can be grepped.
pub(crate) fn print_error(lang: Lang, subject: &dyn Display, message: &str) {
    let label = match lang {
        Lang::Zh => "错误",
        Lang::En => "error",
    };
    eprintln!("xxgk: {label}: {subject}: {message}");
}
