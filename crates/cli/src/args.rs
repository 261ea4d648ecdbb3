//! Command-line arguments. Every subcommand is one variant of [`Command`], so
//! `check`, `rules` and the rest slot in next to `extract` without touching the
//! global options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use xxgk_model::Lang;

/// 政府信息公开工作年度报告工具 — a toolkit for government information disclosure annual reports.
#[derive(Debug, Parser)]
#[command(name = "xxgk", version, arg_required_else_help = true)]
pub struct Cli {
    /// Language of messages: zh (中文, default) or en.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the tables of reports and print them (提取报告中的表格).
    Extract(ExtractArgs),
}

/// Arguments of `xxgk extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Report files or folders; folders are searched recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: json for a single file, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// The output formats of `xxgk extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One pretty JSON object for one file; JSON Lines for several.
    Json,
    /// JSON Lines: one compact `xxgk/report@1` object per line.
    Jsonl,
    /// Long CSV, one row per cell, UTF-8 with BOM for Excel.
    Csv,
    /// Aligned tables for reading in a terminal.
    Table,
}

/// `--lang`: a clap-facing mirror of [`Lang`], which the model keeps free of clap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn lang_is_global() {
        for argv in [
            ["xxgk", "--lang", "en", "extract", "a"],
            ["xxgk", "extract", "--lang", "en", "a"],
        ] {
            let cli = Cli::try_parse_from(argv).unwrap();
            assert_eq!(cli.lang, LangArg::En);
        }
    }
}
