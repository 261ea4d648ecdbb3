//! The `xxgk` command. All behaviour lives in the library so that it can be
//! tested without spawning processes; this only parses and dispatches.

use std::process::ExitCode;

fn main() -> ExitCode {
    xxgk_cli::run(xxgk_cli::help::parse())
}
