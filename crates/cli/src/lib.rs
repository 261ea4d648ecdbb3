//! The `xxgk` command line: argument parsing, input discovery and the output
//! formats of each subcommand. Reading, extraction and checking live in
//! `xxgk-read`, `xxgk-extract` and `xxgk-check`; this crate only wires them to
//! files and terminals.

pub mod args;
mod batch;
mod check;
mod diagnostics;
mod extract;
mod inputs;
mod output;
mod rules;

pub use args::{Cli, Command};

use std::fmt::Display;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use xxgk_model::Lang;
use xxgk_read::{ErrorKind, ReadError};

/// Exit status when some input could not be processed (clap also uses 2 for misuse).
pub const EXIT_FAILURE: u8 = 2;

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::from(cli.lang);
    match cli.command {
        Command::Extract(args) => extract::run(&args, lang),
        Command::Check(args) => check::run(&args, lang),
        Command::Rules => rules::list(lang),
        Command::Rule(args) => rules::show(&args.id, lang),
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

/// Runs `work`, turning a panic into an error for the one input being processed,
/// so that a bug triggered by one odd document does not abort a batch of
/// thousands. `zh`/`en` say which step crashed.
pub(crate) fn guarded<T>(
    work: impl FnOnce() -> Result<T, ReadError>,
    zh: &str,
    en: &str,
) -> Result<T, ReadError> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(ReadError::new(
            // There is no "internal" kind; the input is what tripped the program.
            ErrorKind::Corrupt,
            format!("内部错误：{zh}时程序崩溃，请报告此问题"),
            format!("internal error: {en} crashed on this file; please report it"),
        ))
    })
}

/// The exit status after output was written: a closed pipe (`xxgk … | head`) is
/// the reader's choice, not an error; any other write failure is reported.
pub(crate) fn written(result: io::Result<()>, lang: Lang) -> Result<(), ExitCode> {
    match result {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            let (subject, message) = match lang {
                Lang::Zh => ("标准输出", format!("无法写出结果：{err}")),
                Lang::En => ("stdout", format!("cannot write the output: {err}")),
            };
            print_error(lang, &subject, &message);
            Err(ExitCode::from(EXIT_FAILURE))
        }
        _ => Ok(()),
    }
}
