//! The `xxgk` command line: argument parsing, input discovery and the output
//! formats of each subcommand. Reading, extraction and checking live in
//! `xxgk-read`, `xxgk-extract` and `xxgk-check`; this crate only wires them to
//! files and terminals.

pub mod args;
mod author;
mod cache;
mod check;
pub mod config;
mod corpus;
mod eval;
mod export;
mod extract;
mod generate;
pub mod help;
pub(crate) mod memory;
pub(crate) mod output;
mod printable;
mod progress;
mod register;
mod rules;
mod serve;
mod spill;
mod target;

pub use args::{Cli, Command};

use std::fmt::Display;
use std::io;
use std::process::ExitCode;
pub(crate) use xxgk_inputs::guarded;
use xxgk_model::Lang;

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
        Command::Ingest(args) => corpus::ingest(&args, lang),
        Command::Reindex(args) => corpus::reindex(&args, lang),
        Command::Stats(args) => corpus::stats(&args, lang),
        Command::Coverage(args) => corpus::coverage(&args, lang),
        Command::Compare(args) => corpus::compare(&args, lang),
        Command::Export(args) => export::run(&args, lang),
        Command::New(args) => author::new(&args, lang),
        Command::Render(args) => author::render(&args, lang),
        Command::Eval(args) => eval::run(&args, lang),
        Command::Deadline(args) => register::deadline(&args, lang),
        Command::Register(args) => register::run(&args.command, lang),
        Command::Clean(args) => cache::run_clean(&args, lang),
        Command::Generate(args) => generate::run(&args, lang),
        Command::Serve(args) => serve::serve(&args, lang),
        Command::User(args) => serve::user(&args, lang),
    }
}

/// Prints `xxgk: 错误: <subject>: <message>` (or `error` in English) to stderr:
/// one line per problem, prefixed like other Unix tools so it can be grepped.
pub(crate) fn print_error(lang: Lang, subject: &dyn Display, message: &str) {
    print_line(xxgk_model::Severity::Error, lang, subject, message);
}

/// Prints `xxgk: 警告: <subject>: <message>` (or `warning`) to stderr: a
/// problem the command goes on after, with the same results.
pub(crate) fn print_warning(lang: Lang, subject: &dyn Display, message: &str) {
    print_line(xxgk_model::Severity::Warning, lang, subject, message);
}

fn print_line(severity: xxgk_model::Severity, lang: Lang, subject: &dyn Display, message: &str) {
    let label = severity.word(lang);
    // The subject is often a file name and the message may quote a document.
    let subject = subject.to_string();
    eprintln!(
        "xxgk: {label}: {}: {}",
        xxgk_diagnostics::printable(&subject),
        xxgk_diagnostics::printable(message)
    );
}

/// The exit status after output was written: a closed pipe (`xxgk … | head`) is
/// the reader's choice, not an error; any other write failure is reported.
pub(crate) fn written(result: io::Result<()>, lang: Lang) -> Result<(), ExitCode> {
    match result {
        Err(err) => stdout_failed(&err, lang),
        Ok(()) => Ok(()),
    }
}

/// Says that standard output could not be written, unless its reader just
/// stopped reading (a closed pipe, as `| head` does: not an error).
pub(crate) fn stdout_failed(err: &io::Error, lang: Lang) -> Result<(), ExitCode> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        return Ok(());
    }
    let (subject, message) = match lang {
        Lang::Zh => ("标准输出", format!("无法写出结果：{err}")),
        Lang::En => ("stdout", format!("cannot write the output: {err}")),
    };
    print_error(lang, &subject, &message);
    Err(ExitCode::from(EXIT_FAILURE))
}
